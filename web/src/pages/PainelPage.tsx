import { Badge, Card, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { useMe } from "@/auth";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { ROLE_LABELS } from "@/lib/roles";
import { useRealtime, type RealtimeState } from "@/realtime";

const REALTIME_LABELS: Record<RealtimeState, { label: string; color: string }> = {
  connecting: { label: "Conectando…", color: "gray" },
  open: { label: "Conectada", color: "whatsapp" },
  reconnecting: { label: "Reconectando…", color: "yellow" },
  unauthorized: { label: "Sessão encerrada", color: "red" },
  failed: { label: "Indisponível", color: "red" },
  closed: { label: "Desligada", color: "gray" },
};

// Provisório: mostra quem está logado. Os gráficos do painel (mensagens por dia, entregas, IA) vêm depois.
export default function PainelPage() {
  const me = useMe();
  const { state } = useRealtime();
  const realtime = REALTIME_LABELS[state];
  return (
    <PageLayout title="Painel" description="Visão geral do seu atendimento.">
      <QueryState query={me} loadingLabel="Carregando seus dados…">
        {(data) => (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Card withBorder padding="lg" aria-labelledby="painel-voce">
              <Stack gap={4}>
                <Text id="painel-voce" size="sm" c="dimmed">
                  Você
                </Text>
                <Text fw={600} size="lg" data-testid="painel-nome">
                  {data.user?.name ?? data.apiKeyName ?? "—"}
                </Text>
                <Text size="sm">{data.user?.email}</Text>
                {me.role && (
                  <Group gap="xs">
                    <Badge variant="light">{ROLE_LABELS[me.role]}</Badge>
                  </Group>
                )}
              </Stack>
            </Card>
            <Card withBorder padding="lg" aria-labelledby="painel-empresa">
              <Stack gap={4}>
                <Text id="painel-empresa" size="sm" c="dimmed">
                  Empresa
                </Text>
                <Text fw={600} size="lg" data-testid="painel-tenant">
                  {data.tenant.name}
                </Text>
                <Text size="sm">ID: {data.tenant.clientId}</Text>
                <Group gap="xs">
                  <Text size="sm">Atualização ao vivo:</Text>
                  <Badge variant="light" color={realtime.color} data-testid="painel-tempo-real">
                    {realtime.label}
                  </Badge>
                </Group>
              </Stack>
            </Card>
          </SimpleGrid>
        )}
      </QueryState>
    </PageLayout>
  );
}
