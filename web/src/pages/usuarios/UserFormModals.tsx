import { Modal, PasswordInput, Select, Switch, TextInput } from "@mantine/core";
import type { Schemas } from "@/api";
import { useFormMutation } from "@/api/useFormMutation";
import { MutationForm } from "@/components/MutationForm";
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
  const state = useFormMutation("post", "/api/v1/users", {
    form: {
      initialValues: { name: "", email: "", password: "", role: "user" as string },
      validate: {
        name: (value) => (value.trim() ? null : "Informe o nome."),
        email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : "Informe um e-mail válido."),
        password: validatePassword,
      },
    },
    toRequest: (values) => ({
      body: { name: values.name.trim(), email: values.email.trim(), password: values.password, role: values.role as ApiRole },
    }),
    onSuccess: onCreated,
  });
  const { form } = state;
  return (
    <MutationForm
      state={state}
      alertTitle="Não foi possível criar o usuário"
      submitLabel="Criar usuário"
      onCancel={onClose}
    >
      <TextInput label="Nome" required data-autofocus {...form.getInputProps("name")} />
      <TextInput label="E-mail" type="email" required {...form.getInputProps("email")} />
      <PasswordInput
        label="Senha inicial"
        description="Ao menos 8 caracteres. Combine com a pessoa como ela vai recebê-la."
        required
        {...form.getInputProps("password")}
      />
      <Select label="Papel" data={grantableRoles(myRole)} allowDeselect={false} {...form.getInputProps("role")} />
    </MutationForm>
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
  const state = useFormMutation("patch", "/api/v1/users/{user_id}", {
    form: {
      initialValues: { name: user.name, role: user.role, isActive: user.isActive },
      validate: { name: (value) => (value.trim() ? null : "Informe o nome.") },
    },
    toRequest: (values) => ({
      params: { path: { user_id: user.id } },
      body: { name: values.name.trim(), role: values.role as ApiRole, isActive: values.isActive },
    }),
    onSuccess: onSaved,
  });
  const { form } = state;
  return (
    <MutationForm state={state} alertTitle="Não foi possível salvar" submitLabel="Salvar" onCancel={onClose}>
      <TextInput label="Nome" required data-autofocus {...form.getInputProps("name")} />
      <TextInput label="E-mail" value={user.email} readOnly disabled />
      <Select label="Papel" data={grantableRoles(myRole)} allowDeselect={false} {...form.getInputProps("role")} />
      <Switch label="Ativo (pode entrar)" {...form.getInputProps("isActive", { type: "checkbox" })} />
    </MutationForm>
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
  const state = useFormMutation("put", "/api/v1/users/{user_id}/password", {
    form: { initialValues: { newPassword: "" }, validate: { newPassword: validatePassword } },
    toRequest: (values) => ({ params: { path: { user_id: user.id } }, body: values }),
    onSuccess: onClose,
  });
  const { form } = state;
  return (
    <MutationForm state={state} submitLabel="Redefinir senha" onCancel={onClose}>
      <PasswordInput
        label={`Nova senha de ${user.name}`}
        description="As sessões abertas dessa pessoa são encerradas na hora."
        required
        data-autofocus
        {...form.getInputProps("newPassword")}
      />
    </MutationForm>
  );
}
