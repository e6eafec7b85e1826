import { useState } from "react";
import { Button, Checkbox, Group, Modal, Radio, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQueryClient } from "@tanstack/react-query";
import { $api, applyFieldErrors, type FieldError, type Schemas } from "@/api";
import { ErrorAlert } from "@/components/ErrorAlert";
import { QueryState } from "@/components/QueryState";

type Template = NonNullable<Schemas["AgentCreate"]["template"]>;

export function CreateAgentModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (agent: Schemas["AgentOut"]) => void;
}) {
  const queryClient = useQueryClient();
  const templates = $api.useQuery("get", "/api/v1/agents/templates", {}, { enabled: opened });
  const form = useForm({
    initialValues: { name: "", template: "real_estate" as string, makeDefault: false },
    validate: {
      name: (value) => (value.trim() ? null : "Dê um nome ao agente."),
    },
  });
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const create = $api.useMutation("post", "/api/v1/agents/create", {
    meta: { notifyError: false },
    onError: (error) => setLeftover(applyFieldErrors(form, error)),
    onSuccess: (agent) => {
      void queryClient.invalidateQueries({ queryKey: ["get", "/api/v1/agents/list"] });
      form.reset();
      onCreated(agent);
    },
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Novo agente" size="lg">
      <form
        onSubmit={form.onSubmit((values) =>
          create.mutate({
            body: {
              name: values.name.trim(),
              template: values.template ? (values.template as Template) : null,
              makeDefault: values.makeDefault,
            },
          }),
        )}
      >
        <Stack>
          <TextInput label="Nome do agente" required data-autofocus {...form.getInputProps("name")} />
          <QueryState query={templates} loadingLabel="Carregando modelos…">
            {(items) => (
              <Radio.Group label="Modelo" description="O agente começa com o prompt e as capacidades do modelo." {...form.getInputProps("template")}>
                <Stack gap="xs" mt="xs">
                  {items.map((template) => (
                    <Radio
                      key={template.name}
                      value={template.name}
                      label={template.title}
                      description={template.description}
                    />
                  ))}
                  <Radio value="" label="Em branco" description="Sem prompt nem capacidades; configure tudo depois." />
                </Stack>
              </Radio.Group>
            )}
          </QueryState>
          <Checkbox
            label="Agente padrão do tenant (responde as conversas sem agente atribuído)"
            {...form.getInputProps("makeDefault", { type: "checkbox" })}
          />
          {create.error && <ErrorAlert error={create.error} fieldErrors={leftover} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancelar
            </Button>
            <Button type="submit" loading={create.isPending}>
              Criar agente
            </Button>
          </Group>
          <Text size="xs" c="dimmed">
            Depois de criar você pode editar o prompt, as capacidades e o modelo de linguagem.
          </Text>
        </Stack>
      </form>
    </Modal>
  );
}
