import { useState } from "react";
import { Badge, Button, Group, Pagination, Select, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { $api, type Schemas } from "@/api";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { formatDateTime, formatNumber } from "@/lib/format";
import { AuditDetailModal, actorTypeLabel } from "./auditoria/AuditDetailModal";

const PAGE_SIZE = 50;

/** "2026-12-01" (campo de data, no fuso do navegador) → instante ISO do começo (ou do fim) do dia. */
function dayBoundary(value: string, end: boolean): string | undefined {
  if (!value) return undefined;
  const date = new Date(`${value}T${end ? "23:59:59.999" : "00:00:00"}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export default function AuditoriaPage() {
  const [action, setAction] = useState("");
  const [resourceType, setResourceType] = useState("");
  const [actorId, setActorId] = useState<string | null>(null);
  const [since, setSince] = useState("");
  const [until, setUntil] = useState("");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<Schemas["AuditLogOut"] | null>(null);
  const [debounced] = useDebouncedValue({ action: action.trim(), resourceType: resourceType.trim() }, 300);
  const users = $api.useQuery("get", "/api/v1/users", { params: { query: { page: 1, pageSize: 100 } } });
  const sinceIso = dayBoundary(since, false);
  const untilIso = dayBoundary(until, true);
  const logs = $api.useQuery("get", "/api/v1/audit-logs", {
    params: {
      query: {
        page,
        pageSize: PAGE_SIZE,
        ...(debounced.action ? { action: debounced.action } : {}),
        ...(debounced.resourceType ? { resourceType: debounced.resourceType } : {}),
        ...(actorId ? { actorId } : {}),
        ...(sinceIso ? { since: sinceIso } : {}),
        ...(untilIso ? { until: untilIso } : {}),
      },
    },
  });
  const filtered = Boolean(action || resourceType || actorId || since || until);
  const onFilter =
    <T,>(setter: (value: T) => void) =>
    (value: T) => {
      setter(value);
      setPage(1);
    };
  return (
    <PageLayout title="Auditoria" description="Quem fez o quê, quando e de onde neste tenant.">
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }}>
          <TextInput label="Ação" placeholder="ex.: create_user" value={action} onChange={(e) => onFilter(setAction)(e.currentTarget.value)} />
          <Select
            label="Quem"
            placeholder="Todos"
            clearable
            searchable
            data={(users.data?.items ?? []).map((user) => ({ value: user.id, label: `${user.name} (${user.email})` }))}
            value={actorId}
            onChange={onFilter(setActorId)}
            nothingFoundMessage="Ninguém encontrado"
          />
          <TextInput
            label="Tipo de recurso"
            placeholder="ex.: user, webhook_endpoint"
            value={resourceType}
            onChange={(e) => onFilter(setResourceType)(e.currentTarget.value)}
          />
          <TextInput type="date" label="De" value={since} onChange={(e) => onFilter(setSince)(e.currentTarget.value)} />
          <TextInput type="date" label="Até" value={until} onChange={(e) => onFilter(setUntil)(e.currentTarget.value)} />
        </SimpleGrid>
        {filtered && (
          <Group>
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                setAction("");
                setResourceType("");
                setActorId(null);
                setSince("");
                setUntil("");
                setPage(1);
              }}
            >
              Limpar filtros
            </Button>
          </Group>
        )}
        <QueryState
          query={logs}
          isEmpty={(data) => data.items.length === 0}
          emptyTitle={filtered ? "Nenhum registro com esses filtros" : "Nenhum registro ainda"}
        >
          {(data) => (
            <Stack>
              <Text size="sm" c="dimmed">
                {formatNumber(data.total)} {data.total === 1 ? "registro" : "registros"}
              </Text>
              <Table.ScrollContainer minWidth={760}>
                <Table striped aria-label="Registros de auditoria">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Quando</Table.Th>
                      <Table.Th>Quem</Table.Th>
                      <Table.Th>Ação</Table.Th>
                      <Table.Th>Recurso</Table.Th>
                      <Table.Th>Status</Table.Th>
                      <Table.Th>Ações</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((entry) => (
                      <Table.Tr key={entry.id}>
                        <Table.Td>{formatDateTime(entry.createdAt)}</Table.Td>
                        <Table.Td>
                          {entry.actorLabel ?? "—"}
                          <Text size="xs" c="dimmed">
                            {actorTypeLabel(entry.actorType)}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text ff="monospace" size="sm">
                            {entry.action}
                          </Text>
                        </Table.Td>
                        <Table.Td>{entry.resourceType ?? "—"}</Table.Td>
                        <Table.Td>
                          {entry.statusCode !== null && (
                            <Badge color={entry.statusCode < 400 ? "green" : "red"} variant="light">
                              {entry.statusCode}
                            </Badge>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Button size="xs" variant="light" onClick={() => setOpen(entry)} aria-label={`Detalhes de ${entry.action} em ${formatDateTime(entry.createdAt)}`}>
                            Detalhes
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {data.total > PAGE_SIZE && (
                <Pagination total={Math.ceil(data.total / PAGE_SIZE)} value={page} onChange={setPage} />
              )}
            </Stack>
          )}
        </QueryState>
      </Stack>
      <AuditDetailModal entry={open} onClose={() => setOpen(null)} />
    </PageLayout>
  );
}
