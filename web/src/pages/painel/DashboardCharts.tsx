import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { BarChart, DonutChart, LineChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import type { ReactNode } from "react";
import type { Schemas } from "@/api";
import { formatDuration, formatNumber, formatPercent } from "@/lib/format";
import { Stat } from "../agentes/AgentMetrics";
import { MESSAGE_STATUS, PROVIDERS, SESSION_STATUS, lookup } from "./labels";
import { formatDay } from "./period";

type Summary = Schemas["DashboardOut"];

function ChartCard({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h5" id={id}>
        {title}
      </Title>
      {description && (
        <Text size="xs" c="dimmed" mb="xs">
          {description}
        </Text>
      )}
      {children}
    </Card>
  );
}

function keysOf(rows: Record<string, number>[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys].sort();
}

const count = (value: number) => formatNumber(value);

export function DashboardCharts({ summary }: { summary: Summary }) {
  const statuses = keysOf(summary.messagesPerDay.map((day) => day.byStatus ?? {}));
  const providers = keysOf([summary.messagesByProvider, ...summary.messagesPerDay.map((day) => day.byProvider ?? {})]);
  const statusSeries = statuses.map((status, index) => ({ key: status, ...lookup(MESSAGE_STATUS, status, index) }));
  const providerSeries = providers.map((provider, index) => ({ key: provider, ...lookup(PROVIDERS, provider, index) }));

  // As séries do gráfico usam o rótulo pt-BR como nome (é o que a legenda e a dica mostram).
  const byStatus = summary.messagesPerDay.map((day) => {
    const row: Record<string, string | number> = { day: formatDay(day.day), Recebidas: day.received ?? 0 };
    for (const series of statusSeries) row[series.label] = day.byStatus?.[series.key] ?? 0;
    return row;
  });
  const byProvider = summary.messagesPerDay.map((day) => {
    const row: Record<string, string | number> = { day: formatDay(day.day) };
    for (const series of providerSeries) row[series.label] = day.byProvider?.[series.key] ?? 0;
    return row;
  });
  const ai = summary.aiPerDay.map((day) => ({
    day: formatDay(day.day),
    Respostas: day.replies,
    "Passagens para humano": day.handoffs,
    "Tempo médio": day.avgResponseMs,
    "p95": day.p95ResponseMs ?? 0,
  }));

  const sessionProviders = [...new Set(summary.sessions.map((s) => s.provider))].sort();
  const sessionStatuses = [...new Set(summary.sessions.map((s) => s.status))].sort();
  const sessionSeries = sessionStatuses.map((status, index) => ({ key: status, ...lookup(SESSION_STATUS, status, index) }));
  const sessions = sessionProviders.map((provider) => {
    const row: Record<string, string | number> = { provider: lookup(PROVIDERS, provider).label };
    for (const series of sessionSeries) {
      row[series.label] = summary.sessions.find((s) => s.provider === provider && s.status === series.key)?.count ?? 0;
    }
    return row;
  });

  const totalReceived = summary.messagesPerDay.reduce((sum, day) => sum + (day.received ?? 0), 0);
  const totalSent = summary.messagesPerDay.reduce((sum, day) => sum + (day.sentTotal ?? 0), 0);
  const { delivered, failed, rate } = summary.delivery;
  const noMessages = totalReceived + totalSent === 0;

  return (
    <Stack>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} data-testid="painel-resumo">
        <Stat label="Recebidas" value={formatNumber(totalReceived)} />
        <Stat label="Enviadas" value={formatNumber(totalSent)} />
        <Stat label="Taxa de entrega" value={formatPercent(rate)} hint={`${formatNumber(delivered)} entregues · ${formatNumber(failed)} com falha`} />
        <Stat label="Respostas da IA" value={formatNumber(summary.aiReplies)} hint={`${formatNumber(summary.aiHandoffs)} passagens para humano`} />
        <Stat label="Tempo de resposta da IA" value={formatDuration(summary.aiAvgResponseMs)} hint={`p95 ${formatDuration(summary.aiP95ResponseMs)}`} />
        <Stat label="Sessões conectadas" value={formatNumber(summary.connectedSessions)} />
      </SimpleGrid>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartCard id="grafico-status" title="Mensagens por dia e status" description="Enviadas empilhadas pelo status atual, ao lado das recebidas.">
          {noMessages ? (
            <EmptyChart />
          ) : (
            <BarChart
              h={260}
              data={byStatus}
              dataKey="day"
              type="stacked"
              withLegend
              legendProps={{ verticalAlign: "bottom" }}
              valueFormatter={count}
              yAxisProps={{ allowDecimals: false }}
              series={[...statusSeries.map((s) => ({ name: s.label, color: s.color, stackId: "enviadas" })), { name: "Recebidas", color: "indigo.3", stackId: "recebidas" }]}
            />
          )}
        </ChartCard>
        <ChartCard id="grafico-provedor" title="Mensagens enviadas por provedor" description={providerSeries.map((s) => `${s.label}: ${formatNumber(summary.messagesByProvider[s.key] ?? 0)}`).join(" · ") || undefined}>
          {providerSeries.length === 0 ? (
            <EmptyChart />
          ) : (
            <BarChart
              h={260}
              data={byProvider}
              dataKey="day"
              type="stacked"
              withLegend
              legendProps={{ verticalAlign: "bottom" }}
              valueFormatter={count}
              yAxisProps={{ allowDecimals: false }}
              series={providerSeries.map((s) => ({ name: s.label, color: s.color }))}
            />
          )}
        </ChartCard>
        <ChartCard id="grafico-entrega" title="Taxa de entrega" description="Enviadas que chegaram (enviada, entregue, lida ou ouvida) contra as que falharam.">
          {delivered + failed === 0 ? (
            <EmptyChart />
          ) : (
            <Group justify="center" gap="xl" wrap="wrap">
              <DonutChart
                size={180}
                thickness={26}
                chartLabel={formatPercent(rate)}
                valueFormatter={count}
                withTooltip
                data={[
                  { name: "Chegaram", value: delivered, color: "whatsapp.6" },
                  { name: "Falharam", value: failed, color: "red.6" },
                ]}
                aria-label={`Taxa de entrega ${formatPercent(rate)}`}
              />
              <Stack gap={4}>
                <Text size="sm">Chegaram: {formatNumber(delivered)}</Text>
                <Text size="sm">Falharam: {formatNumber(failed)}</Text>
              </Stack>
            </Group>
          )}
        </ChartCard>
        <ChartCard id="grafico-ia-tempo" title="Tempo de resposta da IA por dia" description="Média e p95 do tempo entre a mensagem do cliente e a resposta.">
          {ai.length === 0 ? (
            <EmptyChart />
          ) : (
            <LineChart
              h={260}
              data={ai}
              dataKey="day"
              withLegend
              legendProps={{ verticalAlign: "bottom" }}
              valueFormatter={(value) => formatDuration(value)}
              series={[
                { name: "Tempo médio", color: "violet.6" },
                { name: "p95", color: "orange.6" },
              ]}
            />
          )}
        </ChartCard>
        <ChartCard id="grafico-ia-passagens" title="Respostas da IA e passagens para humano por dia">
          {ai.length === 0 ? (
            <EmptyChart />
          ) : (
            <BarChart
              h={260}
              data={ai}
              dataKey="day"
              withLegend
              legendProps={{ verticalAlign: "bottom" }}
              valueFormatter={count}
              yAxisProps={{ allowDecimals: false }}
              series={[
                { name: "Respostas", color: "whatsapp.6" },
                { name: "Passagens para humano", color: "orange.6" },
              ]}
            />
          )}
        </ChartCard>
        <ChartCard id="grafico-sessoes" title="Sessões por provedor e status">
          {sessions.length === 0 ? (
            <EmptyChart text="Nenhum número conectado ainda." />
          ) : (
            <>
              <BarChart
                h={200}
                data={sessions}
                dataKey="provider"
                type="stacked"
                withLegend
                legendProps={{ verticalAlign: "bottom" }}
                valueFormatter={count}
              yAxisProps={{ allowDecimals: false }}
                series={sessionSeries.map((s) => ({ name: s.label, color: s.color }))}
              />
              <Table mt="sm" aria-label="Sessões por provedor e status" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Provedor</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th ta="right">Sessões</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {summary.sessions.map((s) => (
                    <Table.Tr key={`${s.provider}-${s.status}`}>
                      <Table.Td>{lookup(PROVIDERS, s.provider).label}</Table.Td>
                      <Table.Td>{lookup(SESSION_STATUS, s.status).label}</Table.Td>
                      <Table.Td ta="right">{formatNumber(s.count)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
        </ChartCard>
      </SimpleGrid>
    </Stack>
  );
}

function EmptyChart({ text = "Sem dados no período." }: { text?: string }) {
  return (
    <Text size="sm" c="dimmed" ta="center" py="xl">
      {text}
    </Text>
  );
}
