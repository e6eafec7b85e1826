import { useState } from "react";
import { Badge, Button, Code, Group, Modal, Pagination, ScrollArea, Select, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { IconRefresh } from "@tabler/icons-react";
import { $api, type Schemas } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";
import { QueryState } from "@/components/QueryState";
import { formatDateTime, formatNumber } from "@/lib/format";

type Delivery = Schemas["WebhookDeliveryOut"];
type DeliveryStatus = Delivery["status"];

export const DELIVERY_STATUS: Record<DeliveryStatus, { label: string; color: string }> = {
  pending: { label: "Pendente", color: "yellow" },
  delivered: { label: "Entregue", color: "green" },
  failed: { label: "Falhou (vai tentar de novo)", color: "orange" },
  dead: { label: "Desistiu", color: "red" },
};

const PAGE_SIZE = 20;

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const info = DELIVERY_STATUS[status];
  return (
    <Badge color={info.color} variant="light" styles={{ label: { overflow: "visible" } }}>
      {info.label}
    </Badge>
  );
}

/** O registro de entregas de um endpoint: status, tentativas, último código/erro, detalhes e reenvio. */
export function DeliveriesPanel({ endpointId }: { endpointId: string }) {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const deliveries = $api.useQuery(
    "get",
    "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries",
    { params: { path: { endpoint_id: endpointId }, query: { page, pageSize: PAGE_SIZE, ...(status ? { status } : {}) } } },
    // Entregas pendentes mudam no servidor sem evento de tempo real: confere de novo enquanto houver alguma.
    { refetchInterval: (query) => (query.state.data?.items.some((d) => d.status === "pending" || d.status === "failed") ? 3000 : false) },
  );
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Select
          label="Status"
          placeholder="Todos"
          clearable
          w={220}
          data={Object.entries(DELIVERY_STATUS).map(([value, info]) => ({ value, label: info.label }))}
          value={status}
          onChange={(value) => {
            setStatus(value as DeliveryStatus | null);
            setPage(1);
          }}
        />
        <Button
          variant="default"
          leftSection={<IconRefresh aria-hidden size={16} />}
          onClick={() => void deliveries.refetch()}
          loading={deliveries.isFetching}
        >
          Atualizar
        </Button>
      </Group>
      <QueryState
        query={deliveries}
        isEmpty={(data) => data.items.length === 0}
        emptyTitle="Nenhuma entrega ainda"
        emptyDescription="Use “Enviar teste” ou espere um evento para ver as entregas aqui."
      >
        {(data) => (
          <Stack>
            <Table.ScrollContainer minWidth={720}>
              <Table striped aria-label="Entregas">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Evento</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Tentativas</Table.Th>
                    <Table.Th>Última resposta</Table.Th>
                    <Table.Th>Criada em</Table.Th>
                    <Table.Th>Entregue em / próxima tentativa</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>Ações</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((delivery) => (
                    <Table.Tr key={delivery.id} data-testid="entrega">
                      <Table.Td>
                        <Code>{delivery.eventType}</Code>
                      </Table.Td>
                      <Table.Td>
                        <DeliveryStatusBadge status={delivery.status} />
                      </Table.Td>
                      <Table.Td>{formatNumber(delivery.attempts)}</Table.Td>
                      <Table.Td>
                        {delivery.lastStatusCode !== null ? `HTTP ${delivery.lastStatusCode}` : "—"}
                        {delivery.lastError && (
                          <Text size="xs" c="red" lineClamp={2}>
                            {delivery.lastError}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDateTime(delivery.createdAt)}</Table.Td>
                      <Table.Td>
                        {delivery.deliveredAt
                          ? formatDateTime(delivery.deliveredAt)
                          : delivery.nextAttemptAt
                            ? `próxima: ${formatDateTime(delivery.nextAttemptAt)}`
                            : "—"}
                      </Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="light" onClick={() => setOpenId(delivery.id)} aria-label={`Detalhes da entrega ${delivery.eventType} de ${formatDateTime(delivery.createdAt)}`}>
                          Detalhes
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {data.total > PAGE_SIZE && (
              <Pagination
                total={Math.ceil(data.total / PAGE_SIZE)}
                value={page}
                onChange={setPage}
                getControlProps={(control) => ({ "aria-label": control === "next" ? "Próxima página" : control === "previous" ? "Página anterior" : undefined })}
              />
            )}
          </Stack>
        )}
      </QueryState>
      <Modal opened={openId !== null} onClose={() => setOpenId(null)} title="Detalhes da entrega" size="xl">
        {openId && <DeliveryDetail deliveryId={openId} />}
      </Modal>
    </Stack>
  );
}

function DeliveryDetail({ deliveryId }: { deliveryId: string }) {
  const queryClient = useQueryClient();
  const detail = $api.useQuery("get", "/api/v1/webhooks/deliveries/{delivery_id}", {
    params: { path: { delivery_id: deliveryId } },
  });
  const replay = $api.useMutation("post", "/api/v1/webhooks/deliveries/{delivery_id}/replay", {
    meta: { notifyError: false },
    onSuccess: () => {
      notifications.show({ color: "green", message: "Entrega reenviada: uma nova tentativa foi agendada." });
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries"] });
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/webhooks/deliveries/{delivery_id}"] });
    },
  });
  return (
    <QueryState query={detail}>
      {(delivery) => (
        <Stack>
          <Group gap="xs" wrap="wrap">
            <Code>{delivery.eventType}</Code>
            <DeliveryStatusBadge status={delivery.status} />
            <Text size="sm">
              {formatNumber(delivery.attempts)} {delivery.attempts === 1 ? "tentativa" : "tentativas"}
            </Text>
          </Group>
          <Text size="sm">
            Última resposta: {delivery.lastStatusCode !== null ? `HTTP ${delivery.lastStatusCode}` : "nenhuma"}
            {delivery.lastError ? ` — ${delivery.lastError}` : ""}
          </Text>
          <Text size="sm">
            Criada em {formatDateTime(delivery.createdAt)}
            {delivery.deliveredAt ? `; entregue em ${formatDateTime(delivery.deliveredAt)}` : ""}
            {delivery.nextAttemptAt ? `; próxima tentativa em ${formatDateTime(delivery.nextAttemptAt)}` : ""}
          </Text>
          <Text size="sm" fw={600}>
            Conteúdo enviado
          </Text>
          <ScrollArea.Autosize mah={320}>
            <Code block aria-label="Conteúdo enviado">
              {JSON.stringify(delivery.payload, null, 2)}
            </Code>
          </ScrollArea.Autosize>
          {replay.error && <ErrorAlert error={replay.error} title="Não foi possível reenviar" />}
          <Group justify="flex-end">
            <Button
              leftSection={<IconRefresh aria-hidden size={16} />}
              loading={replay.isPending}
              onClick={() => replay.mutate({ params: { path: { delivery_id: delivery.id } } })}
            >
              Reenviar
            </Button>
          </Group>
        </Stack>
      )}
    </QueryState>
  );
}
