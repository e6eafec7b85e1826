import { useState } from "react";
import { Button, Group, Modal, PasswordInput, Select, Stack, Switch, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { $api, applyFieldErrors, type FieldError, type Schemas } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ROLE_LABELS, ROLES, hasRole, type Role } from "@/lib/roles";

type User = Schemas["UserOut"];
type ApiRole = NonNullable<Schemas["UserCreate"]["role"]>;

/** Papéis que quem está logado pode conceder: nunca acima do próprio. */
export function grantableRoles(myRole: Role | null) {
  return ROLES.filter((role) => hasRole(myRole, role)).map((role) => ({ value: role, label: ROLE_LABELS[role] }));
}

function validatePassword(value: string) {
  return value.trim().length >= 8 ? null : "A senha precisa ter ao menos 8 caracteres.";
}

export function UserCreateModal({
  opened,
  myRole,
  onClose,
  onCreated,
}: {
  opened: boolean;
  myRole: Role | null;
  onClose: () => void;
  onCreated: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Novo usuário">
      {opened && <UserCreateForm myRole={myRole} onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function UserCreateForm({ myRole, onClose, onCreated }: { myRole: Role | null; onClose: () => void; onCreated: () => void }) {
  const form = useForm({
    initialValues: { name: "", email: "", password: "", role: "user" as string },
    validate: {
      name: (value) => (value.trim() ? null : "Informe o nome."),
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : "Informe um e-mail válido."),
      password: validatePassword,
    },
  });
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const create = $api.useMutation("post", "/api/v1/users", {
    meta: { notifyError: false },
    onError: (error) => setLeftover(applyFieldErrors(form, error)),
    onSuccess: onCreated,
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        create.mutate({
          body: { name: values.name.trim(), email: values.email.trim(), password: values.password, role: values.role as ApiRole },
        }),
      )}
    >
      <Stack>
        <TextInput label="Nome" required data-autofocus {...form.getInputProps("name")} />
        <TextInput label="E-mail" type="email" required {...form.getInputProps("email")} />
        <PasswordInput
          label="Senha inicial"
          description="Ao menos 8 caracteres. Combine com a pessoa como ela vai recebê-la."
          required
          {...form.getInputProps("password")}
        />
        <Select label="Papel" data={grantableRoles(myRole)} allowDeselect={false} {...form.getInputProps("role")} />
        {create.error && <ErrorAlert error={create.error} fieldErrors={leftover} title="Não foi possível criar o usuário" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button type="submit" loading={create.isPending}>
            Criar usuário
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function UserEditModal({
  user,
  myRole,
  onClose,
  onSaved,
}: {
  user: User | null;
  myRole: Role | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  return (
    <Modal opened={user !== null} onClose={onClose} title="Editar usuário">
      {user && <UserEditForm key={user.id} user={user} myRole={myRole} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function UserEditForm({ user, myRole, onClose, onSaved }: { user: User; myRole: Role | null; onClose: () => void; onSaved: () => void }) {
  const form = useForm({
    initialValues: { name: user.name, role: user.role, isActive: user.isActive },
    validate: { name: (value) => (value.trim() ? null : "Informe o nome.") },
  });
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const update = $api.useMutation("patch", "/api/v1/users/{user_id}", {
    meta: { notifyError: false },
    onError: (error) => setLeftover(applyFieldErrors(form, error)),
    onSuccess: onSaved,
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        update.mutate({
          params: { path: { user_id: user.id } },
          body: { name: values.name.trim(), role: values.role as ApiRole, isActive: values.isActive },
        }),
      )}
    >
      <Stack>
        <TextInput label="Nome" required data-autofocus {...form.getInputProps("name")} />
        <TextInput label="E-mail" value={user.email} readOnly disabled />
        <Select label="Papel" data={grantableRoles(myRole)} allowDeselect={false} {...form.getInputProps("role")} />
        <Switch label="Ativo (pode entrar)" {...form.getInputProps("isActive", { type: "checkbox" })} />
        {update.error && <ErrorAlert error={update.error} fieldErrors={leftover} title="Não foi possível salvar" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button type="submit" loading={update.isPending}>
            Salvar
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function PasswordResetModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  return (
    <Modal opened={user !== null} onClose={onClose} title="Redefinir senha">
      {user && <PasswordResetForm key={user.id} user={user} onClose={onClose} />}
    </Modal>
  );
}

function PasswordResetForm({ user, onClose }: { user: User; onClose: () => void }) {
  const form = useForm({ initialValues: { newPassword: "" }, validate: { newPassword: validatePassword } });
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const reset = $api.useMutation("put", "/api/v1/users/{user_id}/password", {
    meta: { notifyError: false },
    onError: (error) => setLeftover(applyFieldErrors(form, error)),
    onSuccess: onClose,
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => reset.mutate({ params: { path: { user_id: user.id } }, body: values }))}
    >
      <Stack>
        <PasswordInput
          label={`Nova senha de ${user.name}`}
          description="As sessões abertas dessa pessoa são encerradas na hora."
          required
          data-autofocus
          {...form.getInputProps("newPassword")}
        />
        {reset.error && <ErrorAlert error={reset.error} fieldErrors={leftover} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button type="submit" loading={reset.isPending}>
            Redefinir senha
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
