import { useRef, useState, type FormEvent } from "react";
import { Alert, Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { $api, toApiError, type FieldError } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { formatDateTime, formatNumber } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import { BulkProgressCard } from "./envio-em-massa/BulkProgressCard";
import { useBulkSends } from "./envio-em-massa/useBulkSends";
import { templateVariables, type ParsedRecipients } from "./envio-em-massa/csv";
import { RecipientsFile } from "./envio-em-massa/RecipientsFile";
import { RecipientsPreview } from "./envio-em-massa/RecipientsPreview";

const MAX_TEXT = 4096;
const AUTO = "auto";

/** Chave de idempotência nova (randomUUID só existe em contexto seguro: HTTPS ou localhost). */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

const TYPE_LABEL: Record<string, string> = { text: "texto", template: "template", image: "imagem", document: "documento" };

export default function EnvioEmMassaPage() {
  const [parsed, setParsed] = useState<ParsedRecipients | null>(null);
  const [content, setContent] = useState("");
  const [sessionId, setSessionId] = useState<string>(AUTO);
  const [contentError, setContentError] = useState<string | null>(null);
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  // Uma chave por rascunho: clicar duas vezes (ou repetir depois de uma falha de rede) não envia duas vezes.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  // Números repetidos que o aceite tirou, por envio desta visita (a listagem não guarda isso).
  const [duplicates, setDuplicates] = useState<Record<string, number>>({});
  const queryClient = useQueryClient();
  const bulks = useBulkSends();
  const textarea = useRef<HTMLTextAreaElement>(null);

  const sessions = $api.useQuery("get", "/api/v1/sessions", {
    params: { query: { status: "connected", page: 1, pageSize: 100 } },
  });
  const send = $api.useMutation("post", "/api/v1/messages/send-bulk", {
    meta: { notifyError: false },
    onError: (error) => {
      // "recipients.12" → a linha do CSV daquele destinatário; "content" → junto da mensagem.
      const rest: FieldError[] = [];
      for (const item of toApiError(error).fieldErrors) {
        const match = /^recipients\.(\d+)/.exec(item.field);
        const recipient = match ? parsed?.recipients[Number(match[1])] : undefined;
        if (item.field === "content") setContentError(item.message);
        else if (recipient) rest.push({ ...item, field: `Linha ${recipient.line} (${recipient.to})` });
        else rest.push(item);
      }
      setLeftover(rest);
    },
  });

  const changeDraft = () => {
    setIdempotencyKey(newIdempotencyKey());
    send.reset();
    setLeftover([]);
  };

  const variables = parsed?.variables ?? [];
  const used = templateVariables(content);
  const unknown = parsed ? used.filter((name) => !variables.includes(name)) : [];
  const recipients = parsed?.recipients ?? [];

  const insertVariable = (name: string) => {
    const element = textarea.current;
    const token = `{{${name}}}`;
    const start = element?.selectionStart ?? content.length;
    const end = element?.selectionEnd ?? content.length;
    const next = content.slice(0, start) + token + content.slice(end);
    setContent(next);
    setContentError(null);
    changeDraft();
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!content.trim()) {
      setContentError("Escreva a mensagem");
      return;
    }
    if (content.length > MAX_TEXT) {
      setContentError(`A mensagem passa de ${formatNumber(MAX_TEXT)} caracteres`);
      return;
    }
    if (recipients.length === 0) return;
    setLeftover([]);
    send.mutate(
      {
        params: { header: { "Idempotency-Key": idempotencyKey } },
        body: {
          type: "text",
          content,
          provider: "auto",
          sessionId: sessionId === AUTO ? null : sessionId,
          recipients: recipients.map((r) => ({ to: r.to, variables: r.variables })),
        },
      },
      {
        onSuccess: (accepted) => {
          setDuplicates((previous) => ({ ...previous, [accepted.bulkId]: accepted.duplicatesRemoved }));
          void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/messages/bulk"] });
          setIdempotencyKey(newIdempotencyKey());
        },
      },
    );
  };

  const sessionOptions = [
    { value: AUTO, label: "Automático (ordem de preferência dos provedores)" },
    ...(sessions.data?.items ?? []).map((s) => ({
      value: s.id,
      label: `${s.name ?? formatPhone(s.phoneNumber)} · ${formatPhone(s.phoneNumber)}`,
    })),
  ];

  return (
    <PageLayout title="Envio em massa" description="Envios para muitos destinatários a partir de um CSV.">
      <form onSubmit={submit} noValidate aria-label="Novo envio em massa">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="lg">
            <Card withBorder padding="md" component="section" aria-labelledby="massa-destinatarios">
              <Title order={2} size="h4" id="massa-destinatarios" mb="sm">
                1. Destinatários
              </Title>
              <RecipientsFile
                onParsed={(value) => {
                  setParsed(value);
                  changeDraft();
                }}
              />
            </Card>
            <Card withBorder padding="md" component="section" aria-labelledby="massa-mensagem">
              <Title order={2} size="h4" id="massa-mensagem" mb="sm">
                2. Mensagem
              </Title>
              <Stack gap="sm">
                {variables.length > 0 && (
                  <Stack gap={4}>
                    <Text size="sm" id="massa-variaveis">
                      Variáveis do arquivo (clique para inserir):
                    </Text>
                    <Group gap={6} role="group" aria-labelledby="massa-variaveis">
                      {variables.map((name) => (
                        <Button
                          key={name}
                          size="compact-sm"
                          variant="light"
                          onClick={() => insertVariable(name)}
                          aria-label={`Inserir variável ${name}`}
                        >
                          {`{{${name}}}`}
                        </Button>
                      ))}
                    </Group>
                  </Stack>
                )}
                <Textarea
                  ref={textarea}
                  label="Mensagem"
                  description="Use {{variavel}} para trocar por um valor do destinatário."
                  placeholder="Olá {{nome}}, seu pedido {{pedido}} saiu para entrega."
                  minRows={5}
                  withAsterisk
                  value={content}
                  onChange={(event) => {
                    setContent(event.currentTarget.value);
                    setContentError(null);
                    changeDraft();
                  }}
                  error={contentError}
                />
                <Text size="xs" c={content.length > MAX_TEXT ? "red" : "dimmed"} ta="right">
                  {formatNumber(content.length)} / {formatNumber(MAX_TEXT)}
                </Text>
                {unknown.length > 0 && (
                  <Alert color="yellow" variant="light" title="Variáveis que o arquivo não tem">
                    {unknown.map((name) => `{{${name}}}`).join(", ")} vão chegar como estão escritas. As do arquivo são:{" "}
                    {variables.length > 0 ? variables.map((name) => `{{${name}}}`).join(", ") : "nenhuma"}.
                  </Alert>
                )}
                <Select
                  label="Número de envio"
                  data={sessionOptions}
                  value={sessionId}
                  onChange={(value) => {
                    setSessionId(value ?? AUTO);
                    changeDraft();
                  }}
                  allowDeselect={false}
                  description={
                    sessions.data && sessions.data.items.length === 0
                      ? "Nenhum número conectado: conecte um em Sessões."
                      : "Automático usa os números conectados na ordem de preferência do tenant."
                  }
                />
              </Stack>
            </Card>
          </Stack>
          <Stack gap="lg">
            <Card withBorder padding="md" component="section" aria-labelledby="massa-previa">
              <Title order={2} size="h4" id="massa-previa" mb="sm">
                Prévia
              </Title>
              <RecipientsPreview template={content} recipients={recipients} />
            </Card>
            {send.error && <ErrorAlert error={send.error} title="O envio não foi aceito" fieldErrors={leftover} />}
            <Group justify="flex-end">
              <Button
                type="submit"
                size="md"
                leftSection={<IconSend size={18} aria-hidden />}
                loading={send.isPending}
                disabled={recipients.length === 0}
              >
                {recipients.length > 0
                  ? `Enviar para ${formatNumber(recipients.length)} ${recipients.length === 1 ? "destinatário" : "destinatários"}`
                  : "Enviar"}
              </Button>
            </Group>
          </Stack>
        </SimpleGrid>
      </form>
      <Stack gap="sm" component="section" aria-labelledby="massa-envios">
        <Group gap="xs">
          <Title order={2} size="h4" id="massa-envios">
            Envios recentes
          </Title>
          {bulks.data && bulks.data.total > 0 && <Badge variant="light">{formatNumber(bulks.data.total)}</Badge>}
        </Group>
        <QueryState
          query={bulks}
          loadingLabel="Carregando os envios…"
          isEmpty={(page) => page.items.length === 0}
          emptyTitle="Nenhum envio em massa ainda"
          emptyDescription="Os que você fizer aparecem aqui, com o progresso ao vivo."
        >
          {(page) =>
            page.items.map((item) => (
              <Stack key={item.bulkId} gap={4}>
                <BulkProgressCard
                  progress={item}
                  title={`${formatDateTime(item.createdAt)} · ${TYPE_LABEL[item.type] ?? item.type} · ${formatNumber(item.total)} ${item.total === 1 ? "destinatário" : "destinatários"}`}
                />
                {(duplicates[item.bulkId] ?? 0) > 0 && (
                  <Text size="xs" c="dimmed">
                    {formatNumber(duplicates[item.bulkId]!)} números repetidos recebem uma vez só.
                  </Text>
                )}
              </Stack>
            ))
          }
        </QueryState>
      </Stack>
    </PageLayout>
  );
}
