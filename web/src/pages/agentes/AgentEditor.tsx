import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Fieldset,
  Group,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import type { Schemas } from "@/api";
import { useFormMutation } from "@/api/useFormMutation";
import { ErrorAlert } from "@/components/ErrorAlert";
import { BUSINESS_HOURS_LABELS, CAPABILITIES, CAPABILITY_LABELS, type Agent, type Capability } from "./labels";

// `responseSettings`, `triggers` e `handoff` vêm como objetos livres na resposta: lidos com valor padrão.
function field(source: Record<string, unknown>, key: string): unknown {
  return source[key];
}
function num(source: Record<string, unknown>, key: string, fallback: number): number {
  const value = field(source, key);
  return typeof value === "number" ? value : fallback;
}
function str(source: Record<string, unknown>, key: string, fallback = ""): string {
  const value = field(source, key);
  return typeof value === "string" ? value : fallback;
}
function strList(source: Record<string, unknown>, key: string): string[] {
  const value = field(source, key);
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

type BusinessHours = NonNullable<Schemas["AgentConfigure"]["businessHours"]>;
type TriggerMode = NonNullable<Schemas["Triggers"]["mode"]>;

function initialValues(agent: Agent) {
  return {
    name: agent.name,
    isActive: agent.isActive,
    makeDefault: agent.isDefault,
    systemPrompt: agent.systemPrompt,
    capabilities: agent.capabilities,
    responseSettings: {
      maxTokens: num(agent.responseSettings, "maxTokens", 500),
      temperature: num(agent.responseSettings, "temperature", 0.7),
      // Só pt-BR por enquanto (a API aceita um valor).
      language: "pt-BR" as const,
      maxReplyChars: num(agent.responseSettings, "maxReplyChars", 1000),
    },
    triggers: {
      mode: str(agent.triggers, "mode", "all"),
      keywords: strList(agent.triggers, "keywords"),
    },
    handoff: {
      keywords: strList(agent.handoff, "keywords"),
      message: str(agent.handoff, "message"),
      resumeAfterMinutes: num(agent.handoff, "resumeAfterMinutes", 0) || ("" as number | ""),
    },
    debounceSeconds: agent.debounceSeconds,
    businessHours: agent.businessHours,
    outOfHoursMessage: agent.outOfHoursMessage ?? "",
    ignoreGroups: agent.ignoreGroups,
    contextTtlHours: agent.contextTtlHours,
    llm: {
      baseUrl: agent.llm.baseUrl ?? "",
      model: agent.llm.model ?? "",
      azureApiVersion: agent.llm.azureApiVersion ?? "",
      embeddingsModel: agent.llm.embeddingsModel ?? "",
      apiKey: "",
    },
    clearApiKey: false,
  };
}

type Values = ReturnType<typeof initialValues>;

function toBody(values: Values): Schemas["AgentConfigure"] {
  const emptyToNull = (value: string) => (value.trim() ? value.trim() : null);
  const llm: Schemas["LLMOverride"] = {
    baseUrl: emptyToNull(values.llm.baseUrl),
    model: emptyToNull(values.llm.model),
    azureApiVersion: emptyToNull(values.llm.azureApiVersion),
    embeddingsModel: emptyToNull(values.llm.embeddingsModel),
  };
  // Chave só de escrita: vazia mantém a guardada; "" explícito apaga.
  if (values.llm.apiKey) llm.apiKey = values.llm.apiKey;
  else if (values.clearApiKey) llm.apiKey = "";
  return {
    name: values.name.trim(),
    isActive: values.isActive,
    makeDefault: values.makeDefault,
    systemPrompt: values.systemPrompt,
    capabilities: values.capabilities as Capability[],
    responseSettings: values.responseSettings,
    triggers: { mode: values.triggers.mode as TriggerMode, keywords: values.triggers.keywords },
    handoff: {
      keywords: values.handoff.keywords,
      message: values.handoff.message,
      resumeAfterMinutes: values.handoff.resumeAfterMinutes === "" ? null : values.handoff.resumeAfterMinutes,
    },
    debounceSeconds: values.debounceSeconds,
    businessHours: values.businessHours as BusinessHours,
    outOfHoursMessage: emptyToNull(values.outOfHoursMessage),
    ignoreGroups: values.ignoreGroups,
    contextTtlHours: values.contextTtlHours,
    llm,
  };
}

export function AgentEditor({ agent, canEdit }: { agent: Agent; canEdit: boolean }) {
  const { form, mutation: save, submit, alert } = useFormMutation("put", "/api/v1/agents/{agent_id}/configure", {
    form: {
      initialValues: initialValues(agent),
      validate: { name: (value) => (value.trim() ? null : "Dê um nome ao agente.") },
    },
    toRequest: (values) => ({ params: { path: { agent_id: agent.id } }, body: toBody(values) }),
    invalidates: ["/api/v1/agents/list", "/api/v1/agents/{agent_id}"],
    onSuccess: (saved, { form }) => {
      form.setValues(initialValues(saved));
      form.resetDirty(initialValues(saved));
      notifications.show({ color: "whatsapp", message: `Agente "${saved.name}" salvo.` });
    },
  });

  return (
    <form
      aria-label={`Configuração do agente ${agent.name}`}
      onSubmit={submit}
    >
      <fieldset disabled={!canEdit} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Nome" required {...form.getInputProps("name")} />
            <Stack gap="xs" justify="flex-end">
              <Switch label="Ativo (responde conversas)" {...form.getInputProps("isActive", { type: "checkbox" })} />
              <Switch
                label="Agente padrão do tenant"
                {...form.getInputProps("makeDefault", { type: "checkbox" })}
              />
            </Stack>
          </SimpleGrid>
          <Textarea
            label="Prompt do sistema"
            description="Instruções ao modelo de linguagem (até 8.000 caracteres). O atendente offline não usa o prompt."
            autosize
            minRows={4}
            maxRows={14}
            {...form.getInputProps("systemPrompt")}
          />
          <Checkbox.Group label="Capacidades" description="Pedir um atendente humano está sempre disponível." {...form.getInputProps("capabilities")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              {CAPABILITIES.map((capability) => (
                <Checkbox key={capability} value={capability} label={CAPABILITY_LABELS[capability]} />
              ))}
            </SimpleGrid>
          </Checkbox.Group>

          <Fieldset legend="Respostas">
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput label="Máximo de tokens da resposta" min={1} {...form.getInputProps("responseSettings.maxTokens")} />
              <NumberInput
                label="Temperatura"
                min={0}
                max={2}
                step={0.1}
                decimalScale={2}
                decimalSeparator=","
                {...form.getInputProps("responseSettings.temperature")}
              />
              <TextInput label="Idioma" readOnly value="Português (Brasil)" description="Por enquanto só pt-BR." />
              <NumberInput
                label="Caracteres por mensagem"
                description="Respostas maiores saem em várias mensagens."
                min={1}
                thousandSeparator="."
                decimalSeparator=","
                {...form.getInputProps("responseSettings.maxReplyChars")}
              />
              <NumberInput
                label="Espera por mais mensagens (segundos)"
                min={0}
                max={60}
                decimalSeparator=","
                {...form.getInputProps("debounceSeconds")}
              />
              <NumberInput label="Memória da conversa (horas)" min={1} {...form.getInputProps("contextTtlHours")} />
            </SimpleGrid>
            <Switch mt="md" label="Ignorar mensagens de grupos" {...form.getInputProps("ignoreGroups", { type: "checkbox" })} />
          </Fieldset>

          <Fieldset legend="Quando assumir conversas novas">
            <Stack>
              <Select
                label="Gatilho"
                data={[
                  { value: "all", label: "Toda mensagem" },
                  { value: "keywords", label: "Só mensagens com palavras-chave" },
                ]}
                allowDeselect={false}
                {...form.getInputProps("triggers.mode")}
              />
              {form.values.triggers.mode === "keywords" && (
                <TagsInput label="Palavras-chave do gatilho" description="Enter separa." {...form.getInputProps("triggers.keywords")} />
              )}
              <Select
                label="Horário de atendimento"
                data={Object.entries(BUSINESS_HOURS_LABELS).map(([value, label]) => ({ value, label }))}
                allowDeselect={false}
                {...form.getInputProps("businessHours")}
              />
              <Textarea
                label="Mensagem fora do horário"
                description="Vazia: usa a do tenant."
                autosize
                minRows={2}
                {...form.getInputProps("outOfHoursMessage")}
              />
            </Stack>
          </Fieldset>

          <Fieldset legend="Passagem para humano">
            <Stack>
              <TagsInput label="Palavras que chamam um atendente" description="Enter separa." {...form.getInputProps("handoff.keywords")} />
              <Textarea label="Mensagem da passagem" autosize minRows={2} {...form.getInputProps("handoff.message")} />
              <NumberInput
                label="Voltar a responder depois de (minutos)"
                description="Vazio: só volta quando alguém reativar."
                min={1}
                {...form.getInputProps("handoff.resumeAfterMinutes")}
              />
            </Stack>
          </Fieldset>

          <Fieldset legend="Modelo de linguagem próprio (opcional)">
            <Stack>
              <Text size="sm" c="dimmed">
                Vazio: usa o modelo configurado no servidor. Sem modelo nenhum, o agente é um atendente offline por regras.
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label="URL da API (compatível com a OpenAI)" placeholder="https://…" {...form.getInputProps("llm.baseUrl")} />
                <TextInput label="Modelo" {...form.getInputProps("llm.model")} />
                <TextInput label="Versão da API do Azure" {...form.getInputProps("llm.azureApiVersion")} />
                <TextInput label="Modelo de embeddings" {...form.getInputProps("llm.embeddingsModel")} />
              </SimpleGrid>
              <PasswordInput
                label="Chave da API"
                description={
                  agent.llm.hasApiKey
                    ? "Já existe uma chave guardada; deixe vazio para mantê-la."
                    : "Guardada cifrada e nunca exibida de volta."
                }
                autoComplete="new-password"
                {...form.getInputProps("llm.apiKey")}
              />
              {agent.llm.hasApiKey && (
                <Group gap="xs">
                  <Badge color="whatsapp" variant="light" data-testid="chave-configurada">
                    chave configurada
                  </Badge>
                  <Checkbox label="Apagar a chave guardada" {...form.getInputProps("clearApiKey", { type: "checkbox" })} />
                </Group>
              )}
            </Stack>
          </Fieldset>

          <Divider />
          {alert && <ErrorAlert {...alert} title="Não foi possível salvar" />}
          {canEdit && (
            <Group justify="flex-end">
              <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                Desfazer alterações
              </Button>
              <Button type="submit" loading={save.isPending}>
                Salvar agente
              </Button>
            </Group>
          )}
        </Stack>
      </fieldset>
    </form>
  );
}
