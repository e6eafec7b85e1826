// Direitos do titular (LGPD) no cabeçalho da conversa aberta: baixar o zip com os dados do contato e apagá-los (com
// confirmação digitando o número; depois, as contagens por tabela). Só administradores veem o menu.
import { useState } from "react";
import { ActionIcon, Button, Group, Menu, Modal, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconDownload, IconShieldLock, IconTrash } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { $api, api, type Schemas } from "@/api";
import { useMe } from "@/auth";
import { ErrorAlert } from "@/components/ErrorAlert";
import { formatNumber } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import { hasRole } from "@/lib/roles";
import type { Conversation } from "./model";

type Counts = Schemas["ErasureCounts"];

const COUNT_LABELS: Record<keyof Counts, string> = {
  messages: "Mensagens",
  conversations: "Conversas",
  media: "Mídias (arquivos)",
  aiConversations: "Contexto de IA",
  appointments: "Agendamentos",
  inboundEvents: "Eventos recebidos dos provedores",
  webhookDeliveries: "Entregas de webhook",
  jobs: "Tarefas pendentes",
  sandboxOutbox: "Registros do sandbox",
  realtimeEventsRedacted: "Eventos de tempo real (conteúdo removido)",
  bulkSendsRedacted: "Envios em massa (número retirado)",
  auditLogsMasked: "Auditoria (mascarada)",
};

const digits = (value: string) => value.replace(/\D/g, "");

/** O número digitado confere com o do contato: completo (com o 55) ou só DDD + número. */
export function typedNumberMatches(typed: string, contactNumber: string): boolean {
  const given = digits(typed);
  const expected = digits(contactNumber);
  return given.length >= 10 && (given === expected || `55${given}` === expected);
}

function filenameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "");
  return match?.[1] ?? fallback;
}

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Depois do clique: o navegador já começou o download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function EraseModal({ conversation, opened, onClose }: { conversation: Conversation; opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [typed, setTyped] = useState("");
  const erase = $api.useMutation("delete", "/api/v1/contacts/{phone}", { meta: { notifyError: false } });
  const confirmed = typedNumberMatches(typed, conversation.contactNumber);
  const result = erase.data;

  const close = () => {
    const erased = erase.isSuccess;
    setTyped("");
    erase.reset();
    onClose();
    // A conversa não existe mais: a lista se recarrega e o fio fecha.
    if (erased) navigate("/conversas");
  };
  const submit = () =>
    erase.mutate(
      { params: { path: { phone: conversation.contactNumber } } },
      { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/conversations"] }) },
    );

  return (
    <Modal opened={opened} onClose={close} title="Apagar dados do contato">
      {result ? (
        <Stack>
          <Text>
            Dados do contato {result.phone} apagados ({formatNumber(result.total)} registros).
          </Text>
          <Table data-testid="erase-counts">
            <Table.Tbody>
              {(Object.keys(COUNT_LABELS) as (keyof Counts)[]).map((key) => (
                <Table.Tr key={key}>
                  <Table.Td>{COUNT_LABELS[key]}</Table.Td>
                  <Table.Td ta="right">{formatNumber(result.counts[key])}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="flex-end">
            <Button onClick={close}>Concluir</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Text>
            Apaga, sem volta, as mensagens, conversas, mídias, contexto de IA e agendamentos de{" "}
            <strong>{formatPhone(conversation.contactNumber)}</strong> em todos os números da empresa. A auditoria guarda
            só que a eliminação aconteceu, com o número mascarado.
          </Text>
          <TextInput
            label="Digite o número do contato para confirmar"
            placeholder={formatPhone(conversation.contactNumber)}
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          {erase.error ? <ErrorAlert error={erase.error} title="Não foi possível apagar os dados" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancelar
            </Button>
            <Button color="red" disabled={!confirmed} loading={erase.isPending} onClick={submit}>
              Apagar dados
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

export function ContactDataMenu({ conversation }: { conversation: Conversation }) {
  const { role } = useMe();
  const [erasing, setErasing] = useState(false);
  const phone = conversation.contactNumber;
  const exportData = useMutation({
    mutationFn: async () => {
      const { data, error, response } = await api.GET("/api/v1/contacts/{phone}/export", {
        params: { path: { phone } },
        parseAs: "blob",
      });
      if (error) throw error;
      saveBlob(data as unknown as Blob, filenameOf(response, "dados-do-contato.zip"));
    },
  });
  if (!hasRole(role, "admin")) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label="Dados do contato (LGPD)" loading={exportData.isPending}>
            <IconShieldLock size={18} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconDownload size={16} aria-hidden />} onClick={() => exportData.mutate()}>
            Exportar dados do contato (LGPD)
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setErasing(true)}>
            Apagar dados do contato
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <EraseModal conversation={conversation} opened={erasing} onClose={() => setErasing(false)} />
    </>
  );
}
