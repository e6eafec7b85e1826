import { useState } from "react";
import { ActionIcon, Badge, Button, Group, Menu, Pagination, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { IconDots, IconPlus, IconSearch } from "@tabler/icons-react";
import { $api, type Schemas } from "@/api";
import { useMe } from "@/auth";
import { ConfirmModal } from "@/components/ConfirmModal";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { formatDateTime } from "@/lib/format";
import { ROLE_LABELS, ROLES, hasRole, toRole, type Role } from "@/lib/roles";
import { PasswordResetModal, UserCreateModal, UserEditModal } from "./usuarios/UserFormModals";

type User = Schemas["UserOut"];
const USERS = "/api/v1/users";
const PAGE_SIZE = 25;

export default function UsuariosPage() {
  const queryClient = useQueryClient();
  const { role: myRole, user: me } = useMe();
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [roleFilter, setRoleFilter] = useState<Role | null>(null);
  const [page, setPage] = useState(1);
  const users = $api.useQuery("get", USERS, {
    params: {
      query: {
        page,
        pageSize: PAGE_SIZE,
        ...(debouncedSearch ? { search: debouncedSearch } : {}),
        ...(roleFilter ? { role: roleFilter } : {}),
      },
    },
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [deleting, setDeleting] = useState<User | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["get", USERS] });
  const remove = $api.useMutation("delete", "/api/v1/users/{user_id}", {
    meta: { notifyError: false },
    onSuccess: () => {
      setDeleting(null);
      notifications.show({ color: "green", message: "Usuário excluído." });
      void refresh();
    },
  });
  // Só mexe em quem tem papel igual ou menor (o servidor confere de novo).
  const canManage = (user: User) => hasRole(myRole, toRole(user.role));

  return (
    <PageLayout
      title="Usuários"
      description="Pessoas que entram no painel deste tenant e o que cada uma pode fazer."
      actions={
        <Button leftSection={<IconPlus aria-hidden size={16} />} onClick={() => setCreating(true)}>
          Novo usuário
        </Button>
      }
    >
      <Stack>
        <Group wrap="wrap" align="flex-end">
          <TextInput
            label="Buscar"
            placeholder="Nome ou e-mail"
            leftSection={<IconSearch aria-hidden size={16} />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
              setPage(1);
            }}
          />
          <Select
            label="Papel"
            placeholder="Todos"
            clearable
            data={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
            value={roleFilter}
            onChange={(value) => {
              setRoleFilter(value as Role | null);
              setPage(1);
            }}
          />
        </Group>
        <QueryState query={users} isEmpty={(data) => data.items.length === 0} emptyTitle="Nenhum usuário encontrado">
          {(data) => (
            <Stack>
              <Table.ScrollContainer minWidth={680}>
                <Table striped aria-label="Usuários">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Nome</Table.Th>
                      <Table.Th>E-mail</Table.Th>
                      <Table.Th>Papel</Table.Th>
                      <Table.Th>Situação</Table.Th>
                      <Table.Th>Último acesso</Table.Th>
                      <Table.Th>Ações</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.items.map((user) => (
                      <Table.Tr key={user.id}>
                        <Table.Td>
                          {user.name}
                          {user.id === me?.id && (
                            <Text span size="xs" c="dimmed">
                              {" "}
                              (você)
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>{user.email}</Table.Td>
                        <Table.Td>{ROLE_LABELS[toRole(user.role)]}</Table.Td>
                        <Table.Td>
                          <Badge color={user.isActive ? "green" : "gray"} variant="light" styles={{ label: { overflow: "visible" } }}>
                            {user.isActive ? "Ativo" : "Inativo"}
                          </Badge>
                        </Table.Td>
                        <Table.Td>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Nunca entrou"}</Table.Td>
                        <Table.Td>
                          {canManage(user) && (
                            <Menu position="bottom-end">
                              <Menu.Target>
                                <ActionIcon variant="subtle" aria-label={`Ações de ${user.name}`}>
                                  <IconDots aria-hidden size={16} />
                                </ActionIcon>
                              </Menu.Target>
                              <Menu.Dropdown>
                                <Menu.Item onClick={() => setEditing(user)}>Editar papel e situação</Menu.Item>
                                <Menu.Item onClick={() => setResetting(user)}>Redefinir senha</Menu.Item>
                                <Menu.Item color="red" onClick={() => {
                                    remove.reset();
                                    setDeleting(user);
                                  }}>
                                  Excluir
                                </Menu.Item>
                              </Menu.Dropdown>
                            </Menu>
                          )}
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
      <UserCreateModal
        opened={creating}
        myRole={myRole}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          notifications.show({ color: "green", message: "Usuário criado." });
          void refresh();
        }}
      />
      <UserEditModal
        user={editing}
        myRole={myRole}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          void refresh();
        }}
      />
      <PasswordResetModal user={resetting} onClose={() => setResetting(null)} />
      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title="Excluir usuário"
        confirmLabel="Excluir"
        onConfirm={() => deleting && remove.mutate({ params: { path: { user_id: deleting.id } } })}
        pending={remove.isPending}
        error={remove.error}
        errorTitle="Não foi possível excluir"
      >
        <Text size="sm">
          Excluir <b>{deleting?.name}</b> ({deleting?.email})? A pessoa perde o acesso na hora. Para só suspender o
          acesso, desative-a em “Editar papel e situação”.
        </Text>
      </ConfirmModal>
    </PageLayout>
  );
}
