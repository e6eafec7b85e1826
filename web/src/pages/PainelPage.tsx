import { Badge, Group, Stack, Text } from "@mantine/core";
import { $api } from "@/api";
import { useMe } from "@/auth";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { formatDateTime } from "@/lib/format";
import { ROLE_LABELS } from "@/lib/roles";
import { useRealtime, type RealtimeState } from "@/realtime";
import { DashboardCharts } from "./painel/DashboardCharts";
import { PeriodSelector, usePeriod } from "./painel/period";

const REALTIME_LABELS: Record<RealtimeState, { label: string; color: string }> = {
  connecting: { label: "Conectando…", color: "gray" },
  open: { label: "Conectada", color: "whatsapp" },
  reconnecting: { label: "Reconectando…", color: "yellow" },
  unauthorized: { label: "Sessão encerrada", color: "red" },
  failed: { label: "Indisponível", color: "red" },
  closed: { label: "Desligada", color: "gray" },
};

/** Quem está logado, a empresa e o tempo real: discreto, no canto. */
function WhoAmI() {
  const me = useMe();
  const { state } = useRealtime();
  const realtime = REALTIME_LABELS[state];
  const data = me.data;
  return (
    <Group gap={6} wrap="wrap" justify="flex-end" aria-label="Sua sessão">
      <Text size="xs" c="dimmed" data-testid="painel-nome">
        {data ? (data.user?.name ?? data.apiKeyName ?? "—") : "…"}
      </Text>
      {me.role && (
        <Badge size="xs" variant="light">
          {ROLE_LABELS[me.role]}
        </Badge>
      )}
      <Text size="xs" c="dimmed" data-testid="painel-tenant">
        {data?.tenant.name}
      </Text>
      <Badge size="xs" variant="dot" color={realtime.color} data-testid="painel-tempo-real" aria-label={`Atualização ao vivo: ${realtime.label}`}>
        {realtime.label}
      </Badge>
    </Group>
  );
}

export default function PainelPage() {
  const { days, setDays, from } = usePeriod(7);
  const dashboard = $api.useQuery("get", "/api/v1/dashboard", { params: { query: { from } } });
  return (
    <PageLayout title="Painel" description="Visão geral do seu atendimento." actions={<WhoAmI />}>
      <Stack>
        <Group justify="space-between" wrap="wrap">
          <PeriodSelector days={days} onChange={setDays} label="Período do painel" />
          {dashboard.data && (
            <Text size="xs" c="dimmed">
              {formatDateTime(dashboard.data.since, { dateOnly: true, timeZone: dashboard.data.timezone })} a{" "}
              {formatDateTime(dashboard.data.until, { dateOnly: true, timeZone: dashboard.data.timezone })} (fuso{" "}
              {dashboard.data.timezone})
            </Text>
          )}
        </Group>
        <QueryState query={dashboard} loadingLabel="Carregando o painel…">
          {(summary) => <DashboardCharts summary={summary} />}
        </QueryState>
      </Stack>
    </PageLayout>
  );
}
