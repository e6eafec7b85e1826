import { Checkbox, Group, Loader, Modal, Stack, Text, TextInput } from "@mantine/core";
import { $api, type Schemas } from "@/api";
import { useFormMutation } from "@/api/useFormMutation";
import { ErrorAlert } from "@/components/ErrorAlert";
import { MutationForm } from "@/components/MutationForm";

type Scope = Schemas["ApiKeyCreate"]["scopes"][number];

export interface ApiKeyCreateModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (created: Schemas["ApiKeyCreated"]) => void;
}

export function ApiKeyCreateModal({ opened, onClose, onCreated }: ApiKeyCreateModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Nova chave de API" size="lg">
      {opened && <ApiKeyForm onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function ApiKeyForm({ onClose, onCreated }: Omit<ApiKeyCreateModalProps, "opened">) {
  const scopes = $api.useQuery("get", "/api/v1/api-keys/scopes");
  const state = useFormMutation("post", "/api/v1/api-keys", {
    form: {
      initialValues: { name: "", scopes: [] as string[], expiresAt: "" },
      validate: {
        name: (value) => (value.trim() ? null : "Dê um nome à chave (ex.: integração do CRM)."),
        scopes: (value) => (value.length > 0 ? null : "Escolha ao menos uma permissão."),
      },
    },
    toRequest: (values) => ({
      body: {
        name: values.name.trim(),
        scopes: values.scopes as Scope[],
        expiresAt: values.expiresAt ? new Date(`${values.expiresAt}T23:59:59`).toISOString() : null,
      },
    }),
    onSuccess: onCreated,
  });
  const { form } = state;
  return (
    <MutationForm state={state} submitLabel="Criar chave" onCancel={onClose}>
      <TextInput label="Nome" required data-autofocus {...form.getInputProps("name")} />
      {scopes.isPending ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Carregando permissões…</Text>
        </Group>
      ) : scopes.error ? (
        <ErrorAlert error={scopes.error} title="Não foi possível carregar as permissões" onRetry={() => void scopes.refetch()} />
      ) : (
        <Checkbox.Group label="Permissões" withAsterisk {...form.getInputProps("scopes")}>
          <Stack gap="xs" mt="xs">
            {(scopes.data ?? []).map((item) => (
              <Checkbox key={item.scope} value={item.scope} label={item.scope} description={item.description} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      <TextInput
        type="date"
        label="Vence em"
        description="Opcional; sem data, a chave vale até ser revogada."
        {...form.getInputProps("expiresAt")}
      />
    </MutationForm>
  );
}
