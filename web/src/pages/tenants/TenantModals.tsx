import { Checkbox, Code, Modal, PasswordInput, ScrollArea, Stack, Text, TextInput } from "@mantine/core";
import { $api } from "@/api";
import { useFormMutation } from "@/api/useFormMutation";
import { MutationForm } from "@/components/MutationForm";
import { QueryState } from "@/components/QueryState";

const CLIENT_ID = /^[a-z0-9][a-z0-9_-]{1,98}[a-z0-9]$/;

export function TenantCreateModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Novo tenant">
      {opened && <TenantCreateForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function TenantCreateForm({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const state = useFormMutation("post", "/api/v1/tenants", {
    form: {
      initialValues: { clientId: "", name: "", withAdmin: true, admin: { name: "", email: "", password: "" } },
      validate: {
        clientId: (value) => (CLIENT_ID.test(value) ? null : "Use de 3 a 100 letras minúsculas, números, '-' ou '_'."),
        name: (value) => (value.trim() ? null : "Informe o nome da empresa."),
        admin: {
          name: (value, values) => (!values.withAdmin || value.trim() ? null : "Informe o nome."),
          email: (value, values) => (!values.withAdmin || /^\S+@\S+$/.test(value.trim()) ? null : "Informe um e-mail válido."),
          password: (value, values) =>
            !values.withAdmin || value.trim().length >= 8 ? null : "A senha precisa ter ao menos 8 caracteres.",
        },
      },
    },
    toRequest: (values) => ({
      body: {
        clientId: values.clientId,
        name: values.name.trim(),
        admin: values.withAdmin
          ? { name: values.admin.name.trim(), email: values.admin.email.trim(), password: values.admin.password }
          : null,
      },
    }),
    onSuccess: onCreated,
  });
  const { form } = state;
  return (
    <MutationForm
      state={state}
      alertTitle="Não foi possível criar o tenant"
      submitLabel="Criar tenant"
      onCancel={onClose}
    >
      <TextInput
        label="ID do tenant"
        description="Vai no login e no cabeçalho X-Client-Id; não muda depois."
        placeholder="loja-exemplo"
        required
        data-autofocus
        {...form.getInputProps("clientId")}
      />
      <TextInput label="Nome" required {...form.getInputProps("name")} />
      <Checkbox label="Criar o primeiro administrador" {...form.getInputProps("withAdmin", { type: "checkbox" })} />
      {form.values.withAdmin && (
        <Stack gap="xs">
          <TextInput label="Nome do administrador" required {...form.getInputProps("admin.name")} />
          <TextInput label="E-mail do administrador" type="email" required {...form.getInputProps("admin.email")} />
          <PasswordInput label="Senha inicial do administrador" required {...form.getInputProps("admin.password")} />
        </Stack>
      )}
    </MutationForm>
  );
}

export function TenantEditModal({
  clientId,
  onClose,
  onSaved,
}: {
  clientId: string | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  return (
    <Modal opened={clientId !== null} onClose={onClose} title="Tenant" size="lg">
      {clientId && <TenantEditForm key={clientId} clientId={clientId} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function TenantEditForm({ clientId, onClose, onSaved }: { clientId: string; onClose: () => void; onSaved: () => void }) {
  const detail = $api.useQuery("get", "/api/v1/tenants/{client_id}", { params: { path: { client_id: clientId } } });
  return (
    <QueryState query={detail}>
      {(tenant) => <TenantNameForm clientId={clientId} name={tenant.name} settings={tenant.settings} onClose={onClose} onSaved={onSaved} />}
    </QueryState>
  );
}

function TenantNameForm({
  clientId,
  name,
  settings,
  onClose,
  onSaved,
}: {
  clientId: string;
  name: string;
  settings: unknown;
  onClose: () => void;
  onSaved: () => void;
}) {
  const state = useFormMutation("patch", "/api/v1/tenants/{client_id}", {
    form: { initialValues: { name }, validate: { name: (v) => (v.trim() ? null : "Informe o nome.") } },
    toRequest: (values) => ({ params: { path: { client_id: clientId } }, body: { name: values.name.trim() } }),
    onSuccess: onSaved,
  });
  const { form } = state;
  return (
    <MutationForm state={state} submitLabel="Salvar" onCancel={onClose}>
      <TextInput label="ID do tenant" value={clientId} readOnly disabled />
      <TextInput label="Nome" required data-autofocus {...form.getInputProps("name")} />
      <Text size="sm" fw={600}>
        Configurações do tenant
      </Text>
      <Text size="xs" c="dimmed">
        Só leitura aqui: quem administra o tenant as altera na tela Configurações, entrando nele.
      </Text>
      <ScrollArea.Autosize mah={240}>
        <Code block aria-label="Configurações do tenant">
          {JSON.stringify(settings, null, 2)}
        </Code>
      </ScrollArea.Autosize>
    </MutationForm>
  );
}
