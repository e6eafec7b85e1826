import { Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { BarChart, LineChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { $api } from "@/api";
import { QueryState } from "@/components/QueryState";
import { formatDuration, formatNumber } from "@/lib/format";
import { PeriodSelector, formatDay, usePeriod } from "../painel/period";
import { modeLabel } from "./labels";

export function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

/** Métricas de um agente (ou do tenant inteiro, sem `agentId`). */
export function AgentMetrics({ agentId }: { agentId?: string }) {
  const { days, setDays, from } = usePeriod(7);
  const metrics = $api.useQuery("get", "/api/v1/agents/metrics", {
    params: { query: { from, ...(agentId ? { agentId } : {}) } },
  });
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h4">
          Métricas do agente
        </Title>
        <PeriodSelector days={days} onChange={setDays} label="Período das métricas" />
      </Group>
      <QueryState query={metrics} loadingLabel="Carregando métricas…">
        {(data) => {
          const perDay = data.perDay.map((day) => ({
            day: formatDay(day.day),
            Respostas: day.replies,
            "Passagens para humano": day.handoffs,
            "Tempo médio (ms)": day.avgResponseMs ?? 0,
          }));
          return (
            <Stack>
              <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="metricas-agente">
                <Stat label="Respostas" value={formatNumber(data.replies)} />
                <Stat label="Passagens para humano" value={formatNumber(data.handoffs)} />
                <Stat label="Respostas de reserva" value={formatNumber(data.fallbacks)} hint="o modelo falhou" />
                <Stat label="Descartadas" value={formatNumber(data.discarded)} />
                <Stat label="Tempo de resposta (p50)" value={formatDuration(data.p50ResponseMs)} />
                <Stat label="Tempo de resposta (p95)" value={formatDuration(data.p95ResponseMs)} />
                <Stat
                  label="Tokens"
                  value={formatNumber(data.promptTokens + data.completionTokens)}
                  hint={`${formatNumber(data.promptTokens)} de entrada · ${formatNumber(data.completionTokens)} de saída`}
                />
                <Stat label="Ferramentas chamadas" value={formatNumber(data.toolCalls)} />
              </SimpleGrid>
              {Object.keys(data.byMode).length > 0 && (
                <Text size="sm">
                  Por modo:{" "}
                  {Object.entries(data.byMode)
                    .map(([mode, count]) => `${modeLabel(mode).short}: ${formatNumber(Number(count))}`)
                    .join(" · ")}
                </Text>
              )}
              {perDay.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nenhuma resposta no período.
                </Text>
              ) : (
                <SimpleGrid cols={{ base: 1, md: 2 }}>
                  <Card withBorder>
                    <Text fw={600} size="sm" mb="xs" id="grafico-agente-respostas">
                      Respostas e passagens por dia
                    </Text>
                    <BarChart
                      h={220}
                      data={perDay}
                      dataKey="day"
                      aria-labelledby="grafico-agente-respostas"
                      valueFormatter={(value) => formatNumber(value)}
                      yAxisProps={{ allowDecimals: false }}
                      withLegend
                      series={[
                        { name: "Respostas", color: "whatsapp.6" },
                        { name: "Passagens para humano", color: "orange.6" },
                      ]}
                    />
                  </Card>
                  <Card withBorder>
                    <Text fw={600} size="sm" mb="xs" id="grafico-agente-tempo">
                      Tempo médio de resposta por dia
                    </Text>
                    <LineChart
                      h={220}
                      data={perDay}
                      dataKey="day"
                      aria-labelledby="grafico-agente-tempo"
                      valueFormatter={(value) => formatDuration(value)}
                      series={[{ name: "Tempo médio (ms)", label: "Tempo médio", color: "violet.6" }]}
                    />
                  </Card>
                </SimpleGrid>
              )}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
