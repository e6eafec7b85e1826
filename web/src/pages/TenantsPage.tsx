import { useState } from "react";
import { Badge, Button, Group, Pagination, Stack, Switch, Table, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import { $api } from "@/api";
import { useMe } from "@/auth";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { formatDateTime } from "@/lib/format";
import { TenantCreateModal, TenantEditModal } from "./tenants/TenantModals";

const TENANTS = "/api/v1/tenants";
const PAGE_SIZE = 25;

export default function TenantsPage() {
  const queryClient = useQueryClient();
  const { tenant: myTenant } = useMe();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [page, setPage] = useState(1);
  const tenants = $api.useQuery("get", TENANTS, {
    params: { query: { page, pageSize: PAGE_SIZE, ...(debounced ? { search: debounced } : {}) } },
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["get", TENANTS] });
  const toggle = $api.useMutation("patch", "/api/v1/tenants/{client_id}", {
    onSuccess: (tenant) => {
      notifications.show({ color: "green", message: tenant.isActive ? "Tenant reativado." : "Tenant desativado." });
      void refresh();
    },
  });
  return (
    <PageLayout
      title="Tenants"
      description="As empresas da plataforma. Desativar bloqueia o acesso e preserva os dados."
      actions={
        <Button leftSection={<IconPlus aria-hidden size={16} />} onClick={() => setCreating(true)}>
          Novo tenant
        </Button>
      }
    >
      <Stack>
        <TextInput
          label="Buscar"
          placeholder="ID ou nome"
          maw={360}
          leftSection={<IconSearch aria-hidden size={16} />}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            setPage(1);
          }}
        />
        <QueryState query={tenants} isEmpty={(data) => data.items.length === 0} emptyTitle="Nenhum tenant encontrado">
          {(data) => (
            <Stack>
              <Table.ScrollContainer minWidth={600}>
                <Table striped aria-label="Tenants">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>ID</Table.Th>
                      <Table.Th>Nome</Table.Th>
                      <Table.Th>Ativo</Table.Th>
                      <Table.Th>Criado em</Table.Th>
                      <Table.Th>Ações</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((tenant) => {
                      const isMine = tenant.clientId === myTenant?.clientId;
                      return (
                        <Table.Tr key={tenant.id}>
                          <Table.Td>
                            {tenant.clientId}
                            {isMine && (
                              <Badge ml="xs" size="sm" variant="light">
                                o seu
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>{tenant.name}</Table.Td>
                          <Table.Td>
                            <Switch
                              checked={tenant.isActive}
                              disabled={toggle.isPending || isMine}
                              aria-label={`Tenant ${tenant.clientId} ativo`}
                              onChange={(event) =>
                                toggle.mutate({
                                  params: { path: { client_id: tenant.clientId } },
                                  body: { isActive: event.currentTarget.checked },
                                })
                              }
                            />
                          </Table.Td>
                          <Table.Td>{formatDateTime(tenant.createdAt)}</Table.Td>
                          <Table.Td>
                            <Group gap="xs">
                              <Button size="xs" variant="light" onClick={() => setEditing(tenant.clientId)} aria-label={`Editar ${tenant.clientId}`}>
                                Editar
                              </Button>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
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
      <TenantCreateModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          notifications.show({ color: "green", message: "Tenant criado." });
          void refresh();
        }}
      />
      <TenantEditModal
        clientId={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void refresh();
        }}
      />
    </PageLayout>
  );
}
