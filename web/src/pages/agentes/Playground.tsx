import { useState } from "react";
import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { IconAlertTriangle, IconSend } from "@tabler/icons-react";
import { $api, type Schemas } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";
import { formatDuration, formatNumber } from "@/lib/format";
import { TOOL_LABELS, modeLabel, type Agent } from "./labels";

type Turn = Schemas["TestTurn"];
type TestResult = Schemas["AgentTestOut"];

interface Exchange {
  message: string;
  result: TestResult;
}

/** Conversa de teste: o mesmo caminho das conversas de verdade, sem enviar nada pelo WhatsApp. */
export function Playground({ agent }: { agent: Agent }) {
  const [message, setMessage] = useState("");
  const [exchanges, setExchanges] = useState<Exchange[]>([]);
  const test = $api.useMutation("post", "/api/v1/agents/{agent_id}/test", { meta: { notifyError: false } });

  const history: Turn[] = exchanges.flatMap(({ message: sent, result }) => [
    { role: "user" as const, content: sent },
    { role: "assistant" as const, content: result.reply },
  ]);

  function send() {
    const text = message.trim();
    if (!text || test.isPending) return;
    test.mutate(
      { params: { path: { agent_id: agent.id } }, body: { message: text, history } },
      {
        onSuccess: (result) => {
          setExchanges((previous) => [...previous, { message: text, result }]);
          setMessage("");
        },
      },
    );
  }

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Converse com o agente como um cliente. Nada é enviado pelo WhatsApp; buscas e agendamentos usam os dados reais do
        tenant.
      </Text>
      <ScrollArea.Autosize mah={480} type="auto">
        <Stack gap="sm" aria-live="polite" data-testid="playground-conversa">
          {exchanges.length === 0 && (
            <Text size="sm" c="dimmed" ta="center" py="md">
              Nenhuma mensagem ainda. Escreva abaixo para começar.
            </Text>
          )}
          {exchanges.map((exchange, index) => (
            <ExchangeView key={index} exchange={exchange} />
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {test.error && <ErrorAlert error={test.error} title="O teste não respondeu" />}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <Stack gap="xs">
          <Textarea
            label="Mensagem do cliente"
            placeholder="Ex.: Quero ver apartamentos de 2 quartos"
            autosize
            minRows={2}
            value={message}
            onChange={(event) => setMessage(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && !event.shiftKey) {
                event.preventDefault();
                send();
              }
            }}
          />
          <Group justify="space-between">
            <Button variant="default" onClick={() => setExchanges([])} disabled={exchanges.length === 0}>
              Limpar conversa
            </Button>
            <Button type="submit" leftSection={<IconSend size={16} aria-hidden />} loading={test.isPending} disabled={!message.trim()}>
              Enviar teste
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function ExchangeView({ exchange }: { exchange: Exchange }) {
  const { result } = exchange;
  const mode = modeLabel(result.mode);
  return (
    <Stack gap={6}>
      <Paper p="sm" radius="md" bg="var(--mantine-color-gray-1)" ml="auto" maw="85%">
        <Text size="xs" c="dimmed">
          Cliente
        </Text>
        <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
          {exchange.message}
        </Text>
      </Paper>
      <Stack gap={4} maw="85%" data-testid="playground-resposta">
        {result.parts.map((part, index) => (
          <Paper key={index} p="sm" radius="md" withBorder bg="var(--mantine-color-green-0)">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
              {part}
            </Text>
          </Paper>
        ))}
        {result.parts.length === 0 && (
          <Text size="sm" c="dimmed">
            (sem resposta)
          </Text>
        )}
        <Group gap={6} wrap="wrap">
          <Badge variant="light" color={mode.color} tt="none" data-testid="playground-modo">
            {mode.label}
          </Badge>
          {result.handoff && (
            <Badge variant="light" color="orange">
              Passou para humano ({result.handoff})
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {formatDuration(result.latencyMs)} · {formatNumber(result.promptTokens)} tokens de entrada ·{" "}
            {formatNumber(result.completionTokens)} tokens de saída
          </Text>
        </Group>
        {result.toolCalls.length > 0 && (
          <Stack gap={4} data-testid="playground-ferramentas">
            <Text size="xs" fw={600}>
              Ferramentas chamadas
            </Text>
            {result.toolCalls.map((call, index) => (
              <details key={index}>
                <summary>
                  <Text span size="xs">
                    {TOOL_LABELS[call.name] ?? call.name} (<Code>{call.name}</Code>)
                  </Text>
                </summary>
                <Code block fz="xs" mt={4}>
                  {JSON.stringify(call.arguments, null, 2)}
                </Code>
                <Text size="xs" mt={4} style={{ whiteSpace: "pre-wrap" }}>
                  {call.result}
                </Text>
              </details>
            ))}
          </Stack>
        )}
        {result.error && (
          <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="O modelo falhou; saiu a resposta de reserva">
            <Text size="sm">{result.error}</Text>
          </Alert>
        )}
      </Stack>
    </Stack>
  );
}
