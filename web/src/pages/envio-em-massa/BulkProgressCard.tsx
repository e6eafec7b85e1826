// Progresso de um envio em massa: barra e contagens (enviadas, entregues, lidas, falharam, pendentes). Só mostra: quem
// busca e mantém o progresso ao vivo é a lista de envios (useBulkSends).
import { Badge, Card, Group, Progress, SimpleGrid, Stack, Text } from "@mantine/core";
import type { Schemas } from "@/api";
import { formatDateTime, formatNumber, formatPercent } from "@/lib/format";

export type BulkProgress = Schemas["BulkProgress"];

const STATUS: Record<string, { label: string; color: string }> = {
  queued: { label: "Na fila", color: "gray" },
  dispatching: { label: "Enviando", color: "blue" },
  completed: { label: "Concluído", color: "green" },
};

function Stat({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} c={color} data-testid={`massa-${label.toLowerCase()}`}>
        {formatNumber(value)}
      </Text>
    </Stack>
  );
}

export function BulkProgressCard({ progress: data, title }: { progress: BulkProgress; title: string }) {
  const sent = data.sent + data.delivered + data.read;
  const done = sent + data.failed;
  const pending = Math.max(data.total - done, 0);
  const fraction = data.total > 0 ? done / data.total : 1;
  const status = STATUS[data.status] ?? { label: data.status, color: "gray" };
  return (
    <Card withBorder padding="md" aria-label={title} component="section" data-testid="progresso-massa">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>{title}</Text>
          <Badge color={status.color} variant="light" data-testid="massa-status">
            {status.label}
          </Badge>
        </Group>
        <Progress.Root size="lg" aria-hidden>
          <Progress.Section value={(sent / Math.max(data.total, 1)) * 100} color="green" />
          <Progress.Section value={(data.failed / Math.max(data.total, 1)) * 100} color="red" />
        </Progress.Root>
        <Text size="sm" role="status" aria-live="polite">
          {formatNumber(done)} de {formatNumber(data.total)} processadas ({formatPercent(fraction, 0)})
        </Text>
        <SimpleGrid cols={{ base: 2, xs: 5 }} spacing="xs">
          <Stat label="Enviadas" value={sent} color="green" />
          <Stat label="Entregues" value={data.delivered + data.read} />
          <Stat label="Lidas" value={data.read} />
          <Stat label="Falharam" value={data.failed} color={data.failed > 0 ? "red" : undefined} />
          <Stat label="Pendentes" value={pending} />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          Iniciado em {formatDateTime(data.createdAt)}
          {data.completedAt ? ` · concluído em ${formatDateTime(data.completedAt)}` : ""}
        </Text>
      </Stack>
    </Card>
  );
}
