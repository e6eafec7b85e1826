import { Checkbox, Modal, MultiSelect, Text, TextInput } from "@mantine/core";
import type { UseFormInput, UseFormReturnType } from "@mantine/form";
import { $api, type ApiError, type Schemas } from "@/api";
import { useFormMutation, type FormMutation } from "@/api/useFormMutation";
import { ErrorAlert } from "@/components/ErrorAlert";
import { MutationForm } from "@/components/MutationForm";

type Endpoint = Schemas["WebhookEndpointOut"];
type EventName = Schemas["WebhookEndpointCreate"]["events"][number];

export interface EndpointFormModalProps {
  opened: boolean;
  /** Ausente: criar; presente: editar. */
  endpoint: Endpoint | null;
  onClose: () => void;
  /** Depois de salvar; na criação vem o segredo (mostrado uma única vez). */
  onSaved: (created: Schemas["WebhookEndpointWithSecret"] | null) => void;
}

const URL_CODES = new Set(["url_nao_permitida", "url_nao_resolvida"]);

export function EndpointFormModal({ opened, endpoint, onClose, onSaved }: EndpointFormModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={endpoint ? "Editar endpoint" : "Novo endpoint"} size="lg">
      {opened &&
        (endpoint ? (
          <EditEndpointForm endpoint={endpoint} onClose={onClose} onSaved={onSaved} />
        ) : (
          <CreateEndpointForm onClose={onClose} onSaved={onSaved} />
        ))}
    </Modal>
  );
}

interface EndpointValues {
  url: string;
  description: string;
  allEvents: boolean;
  events: string[];
}

function endpointForm(endpoint: Endpoint | null): UseFormInput<EndpointValues> {
  const allInitially = endpoint ? endpoint.events.includes("*") : false;
  return {
    initialValues: {
      url: endpoint?.url ?? "",
      description: endpoint?.description ?? "",
      allEvents: allInitially,
      events: endpoint && !allInitially ? endpoint.events : [],
    },
    validate: {
      url: (value) => (/^https?:\/\/\S+$/i.test(value.trim()) ? null : "Informe uma URL começando com http:// ou https://."),
      events: (value, values) => (values.allEvents || value.length > 0 ? null : "Escolha ao menos um evento ou marque todos."),
    },
  };
}

function endpointBody(values: EndpointValues) {
  return {
    url: values.url.trim(),
    description: values.description.trim() || null,
    events: (values.allEvents ? ["*"] : values.events) as EventName[],
  };
}

// A recusa da URL (endereço interno, host que não resolve) vem sem campo: vai para o campo da URL, sem alerta.
function urlError(error: ApiError, form: UseFormReturnType<EndpointValues>): boolean {
  if (!URL_CODES.has(error.code)) return false;
  form.setFieldError("url", error.detail);
  return true;
}

function CreateEndpointForm({ onClose, onSaved }: Omit<EndpointFormModalProps, "opened" | "endpoint">) {
  const state = useFormMutation("post", "/api/v1/webhooks/endpoints", {
    form: endpointForm(null),
    toRequest: (values) => ({ body: { ...endpointBody(values), isActive: true } }),
    onError: urlError,
    onSuccess: (created) => onSaved(created),
  });
  return <EndpointFields state={state} submitLabel="Criar endpoint" onClose={onClose} />;
}

function EditEndpointForm({ endpoint, onClose, onSaved }: Omit<EndpointFormModalProps, "opened"> & { endpoint: Endpoint }) {
  const state = useFormMutation("patch", "/api/v1/webhooks/endpoints/{endpoint_id}", {
    form: endpointForm(endpoint),
    toRequest: (values) => ({ params: { path: { endpoint_id: endpoint.id } }, body: endpointBody(values) }),
    onError: urlError,
    onSuccess: () => onSaved(null),
  });
  return <EndpointFields state={state} submitLabel="Salvar" onClose={onClose} />;
}

function EndpointFields({
  state,
  submitLabel,
  onClose,
}: {
  state: FormMutation<EndpointValues, { isPending: boolean }>;
  submitLabel: string;
  onClose: () => void;
}) {
  const { form } = state;
  const eventTypes = $api.useQuery("get", "/api/v1/webhooks/event-types");
  const options = (eventTypes.data ?? []).map((item) => ({ value: item.type, label: item.type }));
  const descriptions = new Map((eventTypes.data ?? []).map((item) => [item.type, item.description]));

  return (
    <MutationForm state={state} submitLabel={submitLabel} onCancel={onClose}>
      <TextInput
        label="URL"
        description="Endereço HTTPS que vai receber os eventos (POST com JSON assinado)."
        placeholder="https://exemplo.com.br/wacs/webhook"
        required
        data-autofocus
        {...form.getInputProps("url")}
      />
      <TextInput label="Descrição" placeholder="Opcional" {...form.getInputProps("description")} />
      <Checkbox
        label="Todos os eventos (inclusive os que vierem a existir)"
        {...form.getInputProps("allEvents", { type: "checkbox" })}
      />
      {!form.values.allEvents && (
        <MultiSelect
          label="Eventos"
          placeholder={eventTypes.isPending ? "Carregando…" : "Escolha os eventos"}
          data={options}
          searchable
          clearable
          nothingFoundMessage="Nenhum evento encontrado"
          renderOption={({ option }) => (
            <div>
              <Text size="sm">{option.value}</Text>
              <Text size="xs" c="dimmed">
                {descriptions.get(option.value)}
              </Text>
            </div>
          )}
          {...form.getInputProps("events")}
        />
      )}
      {eventTypes.error && <ErrorAlert error={eventTypes.error} title="Não foi possível carregar os tipos de evento" />}
    </MutationForm>
  );
}
