import { useState } from "react";
import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Switch, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { IconDots, IconPlus } from "@tabler/icons-react";
import { $api, type Schemas } from "@/api";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { formatDateTime } from "@/lib/format";
import { DeliveriesPanel } from "./webhooks/DeliveriesPanel";
import { EndpointFormModal } from "./webhooks/EndpointFormModal";
import { SecretOnce } from "./webhooks/SecretOnce";

type Endpoint = Schemas["WebhookEndpointOut"];

const ENDPOINTS = "/api/v1/webhooks/endpoints";

export default function WebhooksPage() {
  const queryClient = useQueryClient();
  const endpoints = $api.useQuery("get", ENDPOINTS, { params: { query: { page: 1, pageSize: 100 } } });
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [secret, setSecret] = useState<{ url: string; value: string } | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [logFor, setLogFor] = useState<Endpoint | null>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["get", ENDPOINTS] });
  const toggle = $api.useMutation("patch", "/api/v1/webhooks/endpoints/{endpoint_id}", { onSuccess: refresh });
  const rotate = $api.useMutation("post", "/api/v1/webhooks/endpoints/{endpoint_id}/rotate-secret", {
    onSuccess: (result) => {
      setSecret({ url: result.url, value: result.secret });
      void refresh();
    },
  });
  const test = $api.useMutation("post", "/api/v1/webhooks/endpoints/{endpoint_id}/test", {
    onSuccess: () => {
      notifications.show({ color: "green", message: "Evento de teste enviado. Acompanhe no registro de entregas." });
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries"] });
    },
  });
  const remove = $api.useMutation("delete", "/api/v1/webhooks/endpoints/{endpoint_id}", {
    meta: { notifyError: false },
    onSuccess: () => {
      setDeleting(null);
      void refresh();
    },
  });

  const openCreate = () => {
    setEditing(null);
    setFormOpen(true);
  };
  const path = (endpoint: Endpoint) => ({ params: { path: { endpoint_id: endpoint.id } } });

  return (
    <PageLayout
      title="Webhooks"
      description="Endereços que recebem os eventos do seu tenant."
      actions={
        <Button leftSection={<IconPlus aria-hidden size={16} />} onClick={openCreate}>
          Novo endpoint
        </Button>
      }
    >
      <Stack>
        {secret && (
          <SecretOnce label="segredo de assinatura" article="o" value={secret.value} onDismiss={() => setSecret(null)} />
        )}
        <QueryState
          query={endpoints}
          isEmpty={(page) => page.items.length === 0}
          emptyTitle="Nenhum endpoint cadastrado"
          emptyDescription="Cadastre uma URL para receber mensagens, status e outros eventos."
          emptyAction={<Button onClick={openCreate}>Novo endpoint</Button>}
        >
          {(page) => (
            <Table.ScrollContainer minWidth={640}>
              <Table striped aria-label="Endpoints de webhook">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>URL</Table.Th>
                    <Table.Th>Eventos</Table.Th>
                    <Table.Th>Ativo</Table.Th>
                    <Table.Th>Criado em</Table.Th>
                    <Table.Th>Ações</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((endpoint) => (
                    <Table.Tr key={endpoint.id}>
                      <Table.Td>
                        <Text size="sm" style={{ wordBreak: "break-all" }}>
                          {endpoint.url}
                        </Text>
                        {endpoint.description && (
                          <Text size="xs" c="dimmed">
                            {endpoint.description}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {endpoint.events.includes("*") ? (
                          <Badge variant="light" styles={{ label: { overflow: "visible" } }}>
                            Todos
                          </Badge>
                        ) : (
                          <Group gap={4}>
                            {endpoint.events.map((event) => (
                              <Badge key={event} variant="outline" tt="none" styles={{ label: { overflow: "visible" } }}>
                                {event}
                              </Badge>
                            ))}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Switch
                          checked={endpoint.isActive}
                          aria-label={`Endpoint ${endpoint.url} ativo`}
                          disabled={toggle.isPending}
                          onChange={(event) =>
                            toggle.mutate({ ...path(endpoint), body: { isActive: event.currentTarget.checked } })
                          }
                        />
                      </Table.Td>
                      <Table.Td>{formatDateTime(endpoint.createdAt)}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button size="xs" variant="light" onClick={() => setLogFor(endpoint)}>
                            Entregas
                          </Button>
                          <Button
                            size="xs"
                            variant="default"
                            loading={test.isPending && test.variables?.params.path.endpoint_id === endpoint.id}
                            onClick={() => test.mutate(path(endpoint))}
                          >
                            Enviar teste
                          </Button>
                          <Menu position="bottom-end" withinPortal>
                            <Menu.Target>
                              <ActionIcon variant="subtle" aria-label={`Mais ações de ${endpoint.url}`}>
                                <IconDots aria-hidden size={16} />
                              </ActionIcon>
                            </Menu.Target>
                            <Menu.Dropdown>
                              <Menu.Item
                                onClick={() => {
                                  setEditing(endpoint);
                                  setFormOpen(true);
                                }}
                              >
                                Editar
                              </Menu.Item>
                              <Menu.Item onClick={() => rotate.mutate(path(endpoint))}>Gerar novo segredo</Menu.Item>
                              <Menu.Item color="red" onClick={() => setDeleting(endpoint)}>
                                Excluir
                              </Menu.Item>
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        {logFor && (
          <Card withBorder>
            <Stack>
              <Group justify="space-between" wrap="wrap">
                <div>
                  <Text fw={600} component="h2">
                    Registro de entregas
                  </Text>
                  <Text size="sm" c="dimmed" style={{ wordBreak: "break-all" }}>
                    {logFor.url}
                  </Text>
                </div>
                <Button variant="subtle" onClick={() => setLogFor(null)}>
                  Fechar registro
                </Button>
              </Group>
              <DeliveriesPanel key={logFor.id} endpointId={logFor.id} />
            </Stack>
          </Card>
        )}
      </Stack>

      <EndpointFormModal
        opened={formOpen}
        endpoint={editing}
        onClose={() => setFormOpen(false)}
        onSaved={(created) => {
          setFormOpen(false);
          if (created) {
            setSecret({ url: created.url, value: created.secret });
            setLogFor(created);
          }
          void refresh();
        }}
      />
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Excluir endpoint"
        confirmLabel="Excluir"
        onConfirm={() => deleting && remove.mutate(path(deleting))}
        pending={remove.isPending}
        error={remove.error}
      >
        <Text size="sm">
          Excluir <b style={{ wordBreak: "break-all" }}>{deleting?.url}</b>? As entregas pendentes deixam de ser
          feitas e o registro de entregas some junto.
        </Text>
      </ConfirmModal>
    </PageLayout>
  );
}
