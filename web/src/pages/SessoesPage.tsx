import { useState } from "react";
import { Badge, Button, Group, Modal, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { IconPlugConnected, IconPlus, IconRefresh } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { $api, type Schemas } from "@/api";
import { useMe } from "@/auth";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { formatRelative, formatDateTime } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import { hasRole } from "@/lib/roles";
import { ConnectSessionModal } from "./sessoes/ConnectSessionModal";
import { DisconnectModal } from "./sessoes/DisconnectModal";
import { MetaWebhookInfo } from "./sessoes/MetaWebhookInfo";
import { providerLabel, qualityColor, qualityLabel, statusColor, statusLabel } from "./sessoes/labels";
import { SessionConnection } from "./sessoes/SessionConnection";
import { SimulateIncomingModal } from "./sessoes/SimulateIncomingModal";

type SessionOut = Schemas["SessionOut"];

const PAGE_SIZE = 100;

export default function SessoesPage() {
  const { role } = useMe();
  const isAdmin = hasRole(role, "admin");
  // A lista é recarregada sozinha a cada `session.status` (regra em src/realtime/invalidation.ts).
  const sessions = $api.useQuery("get", "/api/v1/sessions", { params: { query: { page: 1, pageSize: PAGE_SIZE } } });
  const [connectOpen, setConnectOpen] = useState(false);
  const [watching, setWatching] = useState<SessionOut | null>(null);
  const [simulating, setSimulating] = useState<SessionOut | null>(null);
  const [disconnecting, setDisconnecting] = useState<SessionOut | null>(null);

  const connectButton = isAdmin && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setConnectOpen(true)}>
      Conectar número
    </Button>
  );

  return (
    <PageLayout
      title="Sessões"
      description="Números de WhatsApp conectados (sandbox, Baileys e Meta)."
      actions={connectButton}
    >
      <QueryState
        query={sessions}
        isEmpty={(page) => page.items.length === 0}
        emptyTitle="Nenhum número conectado"
        emptyDescription={isAdmin ? "Conecte um número para enviar e receber mensagens." : "Peça a um administrador para conectar um número."}
        emptyAction={connectButton}
        loadingLabel="Carregando sessões…"
      >
        {(page) => (
          <Stack gap="xs">
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" striped highlightOnHover aria-label="Números conectados">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Nome</Table.Th>
                    <Table.Th>Telefone</Table.Th>
                    <Table.Th>Provedor</Table.Th>
                    <Table.Th>Situação</Table.Th>
                    <Table.Th>Qualidade</Table.Th>
                    <Table.Th>Atualizada</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Ações</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((session) => (
                    <SessionRow
                      key={session.id}
                      session={session}
                      isAdmin={isAdmin}
                      onWatch={setWatching}
                      onSimulate={setSimulating}
                      onDisconnect={setDisconnecting}
                      onReconnected={(result) => {
                        // Baileys sem credenciais válidas volta ao QR: a janela da conexão abre sozinha.
                        if (result.status === "qr" || result.status === "connecting") setWatching(result);
                      }}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {page.total > page.items.length && (
              <Text size="xs" c="dimmed">
                Mostrando {page.items.length} de {page.total} números.
              </Text>
            )}
          </Stack>
        )}
      </QueryState>
      <ConnectSessionModal opened={connectOpen} onClose={() => setConnectOpen(false)} />
      <Modal opened={watching !== null} onClose={() => setWatching(null)} title="Conexão do número" size="lg">
        {watching && (
          <Stack gap="md">
            <Text size="sm">
              {providerLabel(watching.provider)} · {watching.name ?? formatPhone(watching.phoneNumber)}
            </Text>
            <SessionConnection session={watching} />
            {watching.provider === "meta_api" && <MetaWebhookInfo verifyToken={null} />}
          </Stack>
        )}
      </Modal>
      <SimulateIncomingModal session={simulating} onClose={() => setSimulating(null)} />
      <DisconnectModal session={disconnecting} onClose={() => setDisconnecting(null)} />
    </PageLayout>
  );
}

interface SessionRowProps {
  session: SessionOut;
  isAdmin: boolean;
  onWatch: (session: SessionOut) => void;
  onSimulate: (session: SessionOut) => void;
  onDisconnect: (session: SessionOut) => void;
  onReconnected: (session: SessionOut) => void;
}

const RECONNECTABLE = new Set(["disconnected", "logged_out", "failed"]);

function SessionRow({ session, isAdmin, onWatch, onSimulate, onDisconnect, onReconnected }: SessionRowProps) {
  const label = session.name ?? formatPhone(session.phoneNumber);
  const updatedAt = session.statusChangedAt ?? session.updatedAt;
  const canDisconnect = isAdmin && session.status !== "disconnected" && session.status !== "logged_out";
  const queryClient = useQueryClient();
  // Conecta de novo com a configuração guardada (credenciais não são pedidas outra vez); erro vira aviso pt-BR.
  const reconnect = $api.useMutation("post", "/api/v1/sessions/{session_id}/reconnect", {
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/sessions"] });
      onReconnected(result);
    },
  });
  return (
    <Table.Tr data-testid={`sessao-${session.phoneNumber}`}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {session.name ?? "—"}
        </Text>
        {session.profileName && (
          <Text size="xs" c="dimmed">
            {session.profileName}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatPhone(session.phoneNumber)}</Table.Td>
      <Table.Td>{providerLabel(session.provider)}</Table.Td>
      <Table.Td>
        <Badge color={statusColor(session.status)} variant="light">
          {statusLabel(session.status)}
        </Badge>
        {session.lastError && (
          <Text size="xs" c="dimmed" lineClamp={2} maw={240} mt={4} title={session.lastError}>
            {session.lastError}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {session.qualityRating ? (
          <Badge color={qualityColor(session.qualityRating)} variant="dot">
            {qualityLabel(session.qualityRating)}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" title={formatDateTime(updatedAt)}>
          {formatRelative(updatedAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          {(session.status === "qr" || session.status === "connecting" || session.provider === "meta_api") && (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconPlugConnected size={14} aria-hidden />}
              onClick={() => onWatch(session)}
              aria-label={`Ver conexão de ${label}`}
            >
              Ver conexão
            </Button>
          )}
          {session.provider === "sandbox" && session.status === "connected" && (
            <Button size="compact-sm" variant="light" onClick={() => onSimulate(session)} aria-label={`Simular mensagem do cliente para ${label}`}>
              Simular mensagem do cliente
            </Button>
          )}
          {isAdmin && RECONNECTABLE.has(session.status) && (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconRefresh size={14} aria-hidden />}
              loading={reconnect.isPending}
              onClick={() => reconnect.mutate({ params: { path: { session_id: session.id } } })}
              aria-label={`Reconectar ${label}`}
            >
              Reconectar
            </Button>
          )}
          {canDisconnect && (
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => onDisconnect(session)} aria-label={`Desconectar ${label}`}>
              Desconectar
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
