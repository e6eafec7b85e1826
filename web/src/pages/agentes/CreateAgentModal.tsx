import { Checkbox, Modal, Radio, Stack, Text, TextInput } from "@mantine/core";
import { $api, type Schemas } from "@/api";
import { useFormMutation } from "@/api/useFormMutation";
import { FormActions } from "@/components/MutationForm";
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
  const templates = $api.useQuery("get", "/api/v1/agents/templates", {}, { enabled: opened });
  const { form, mutation, submit, alert } = useFormMutation("post", "/api/v1/agents/create", {
    form: {
      initialValues: { name: "", template: "real_estate" as string, makeDefault: false },
      validate: {
        name: (value) => (value.trim() ? null : "Dê um nome ao agente."),
      },
    },
    toRequest: (values) => ({
      body: {
        name: values.name.trim(),
        template: values.template ? (values.template as Template) : null,
        makeDefault: values.makeDefault,
      },
    }),
    invalidates: ["/api/v1/agents/list"],
    onSuccess: (agent, { form }) => {
      form.reset();
      onCreated(agent);
    },
  });

  return (
    <Modal opened={opened} onClose={onClose} title="Novo agente" size="lg">
      <form onSubmit={submit}>
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
          <FormActions alert={alert} submitLabel="Criar agente" pending={mutation.isPending} onCancel={onClose} />
          <Text size="xs" c="dimmed">
            Depois de criar você pode editar o prompt, as capacidades e o modelo de linguagem.
          </Text>
        </Stack>
      </form>
    </Modal>
  );
}
