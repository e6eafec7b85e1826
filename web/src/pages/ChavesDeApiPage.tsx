import { useState } from "react";
import { Badge, Button, Checkbox, Group, Stack, Table, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { IconPlus } from "@tabler/icons-react";
import { $api, type Schemas } from "@/api";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { formatDateTime } from "@/lib/format";
import { ApiKeyCreateModal } from "./chaves-de-api/ApiKeyCreateModal";
import { SecretOnce } from "./webhooks/SecretOnce";

type ApiKey = Schemas["ApiKeyOut"];
const KEYS = "/api/v1/api-keys";

function keyStatus(key: ApiKey): { label: string; color: string } {
  if (key.revokedAt) return { label: "Revogada", color: "gray" };
  if (key.expiresAt && new Date(key.expiresAt).getTime() < Date.now()) return { label: "Vencida", color: "orange" };
  return { label: "Ativa", color: "green" };
}

export default function ChavesDeApiPage() {
  const queryClient = useQueryClient();
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const keys = $api.useQuery("get", KEYS, { params: { query: { includeRevoked, page: 1, pageSize: 100 } } });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Schemas["ApiKeyCreated"] | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const revoke = $api.useMutation("delete", "/api/v1/api-keys/{key_id}", {
    meta: { notifyError: false },
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: ["get", KEYS] });
    },
  });
  const newButton = (
    <Button leftSection={<IconPlus aria-hidden size={16} />} onClick={() => setCreating(true)}>
      Nova chave
    </Button>
  );
  return (
    <PageLayout
      title="Chaves de API"
      description="Chaves para sistemas integrarem com o wacs, cada uma com as permissões necessárias."
      actions={newButton}
    >
      <Stack>
        {created && (
          <SecretOnce label="chave de API" article="a" value={created.key} onDismiss={() => setCreated(null)} />
        )}
        <Checkbox
          label="Mostrar revogadas"
          checked={includeRevoked}
          onChange={(event) => setIncludeRevoked(event.currentTarget.checked)}
        />
        <QueryState
          query={keys}
          isEmpty={(page) => page.items.length === 0}
          emptyTitle="Nenhuma chave de API"
          emptyDescription="Crie uma chave para que outro sistema use a API em nome deste tenant."
        >
          {(page) => (
            <Table.ScrollContainer minWidth={720}>
              <Table striped aria-label="Chaves de API">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Nome</Table.Th>
                    <Table.Th>Prefixo</Table.Th>
                    <Table.Th>Permissões</Table.Th>
                    <Table.Th>Situação</Table.Th>
                    <Table.Th>Criada em</Table.Th>
                    <Table.Th>Último uso</Table.Th>
                    <Table.Th>Vence em</Table.Th>
                    <Table.Th>Ações</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((key) => {
                    const status = keyStatus(key);
                    return (
                      <Table.Tr key={key.id}>
                        <Table.Td>{key.name}</Table.Td>
                        <Table.Td>
                          <Text ff="monospace" size="sm">
                            {key.prefix}…
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {key.scopes.map((scope) => (
                              <Badge key={scope} variant="outline" tt="none" styles={{ label: { overflow: "visible" } }}>
                                {scope}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={status.color} variant="light" styles={{ label: { overflow: "visible" } }}>
                            {status.label}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{formatDateTime(key.createdAt)}</Table.Td>
                        <Table.Td>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Nunca"}</Table.Td>
                        <Table.Td>{key.expiresAt ? formatDateTime(key.expiresAt) : "Não vence"}</Table.Td>
                        <Table.Td>
                          {!key.revokedAt && (
                            <Button size="xs" color="red" variant="light" onClick={() => setRevoking(key)} aria-label={`Revogar ${key.name}`}>
                              Revogar
                            </Button>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
      </Stack>
      <ApiKeyCreateModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(result) => {
          setCreating(false);
          setCreated(result);
          void queryClient.invalidateQueries({ queryKey: ["get", KEYS] });
        }}
      />
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revogar chave"
        confirmLabel="Revogar"
        onConfirm={() => revoking && revoke.mutate({ params: { path: { key_id: revoking.id } } })}
        pending={revoke.isPending}
        error={revoke.error}
      >
        <Text size="sm">
          Revogar a chave <b>{revoking?.name}</b>? Os sistemas que a usam passam a receber erro na hora. Não dá para
          desfazer.
        </Text>
      </ConfirmModal>
    </PageLayout>
  );
}
