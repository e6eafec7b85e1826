import { useState } from "react";
import { Button, Checkbox, Group, Modal, MultiSelect, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { $api, applyFieldErrors, toApiError, type FieldError, type Schemas } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";

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
      {opened && <EndpointForm endpoint={endpoint} onClose={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function EndpointForm({ endpoint, onClose, onSaved }: Omit<EndpointFormModalProps, "opened">) {
  const eventTypes = $api.useQuery("get", "/api/v1/webhooks/event-types");
  const allInitially = endpoint ? endpoint.events.includes("*") : false;
  const form = useForm({
    initialValues: {
      url: endpoint?.url ?? "",
      description: endpoint?.description ?? "",
      allEvents: allInitially,
      events: (endpoint && !allInitially ? endpoint.events : []) as string[],
    },
    validate: {
      url: (value) => (/^https?:\/\/\S+$/i.test(value.trim()) ? null : "Informe uma URL começando com http:// ou https://."),
      events: (value, values) => (values.allEvents || value.length > 0 ? null : "Escolha ao menos um evento ou marque todos."),
    },
  });
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const handleError = (error: unknown) => {
    const apiError = toApiError(error);
    // A recusa da URL (endereço interno, host que não resolve) vem sem campo: vai para o campo da URL.
    if (URL_CODES.has(apiError.code)) {
      form.setFieldError("url", apiError.detail);
      setLeftover([]);
      return;
    }
    setLeftover(applyFieldErrors(form, error));
  };
  const create = $api.useMutation("post", "/api/v1/webhooks/endpoints", { onError: handleError, meta: { notifyError: false } });
  const update = $api.useMutation("patch", "/api/v1/webhooks/endpoints/{endpoint_id}", {
    onError: handleError,
    meta: { notifyError: false },
  });
  const mutation = endpoint ? update : create;
  const urlErrorShown = mutation.error && URL_CODES.has(toApiError(mutation.error).code);

  const submit = form.onSubmit((values) => {
    const body = {
      url: values.url.trim(),
      description: values.description.trim() || null,
      events: (values.allEvents ? ["*"] : values.events) as EventName[],
    };
    if (endpoint) {
      update.mutate(
        { params: { path: { endpoint_id: endpoint.id } }, body },
        { onSuccess: () => onSaved(null) },
      );
    } else {
      create.mutate({ body: { ...body, isActive: true } }, { onSuccess: (created) => onSaved(created) });
    }
  });

  const options = (eventTypes.data ?? []).map((item) => ({ value: item.type, label: item.type }));
  const descriptions = new Map((eventTypes.data ?? []).map((item) => [item.type, item.description]));

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
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
        {mutation.error && !urlErrorShown && <ErrorAlert error={mutation.error} fieldErrors={leftover} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancelar
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {endpoint ? "Salvar" : "Criar endpoint"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
