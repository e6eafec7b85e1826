import { useEffect, useState } from "react";
import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { $api, type Schemas } from "@/api";
import { useFormMutation } from "@/api/useFormMutation";
import { ErrorAlert } from "@/components/ErrorAlert";
import { FormActions } from "@/components/MutationForm";
import { PageLayout } from "@/components/PageLayout";
import { QueryState } from "@/components/QueryState";
import { BusinessHoursEditor } from "./configuracoes/BusinessHoursEditor";
import { ALL_PROVIDERS, PROVIDER_LABELS, ProviderOrder, type Provider } from "./configuracoes/ProviderOrder";
import { toFormValues, toSettings } from "./configuracoes/settingsForm";

const SETTINGS = "/api/v1/tenant/settings";

export default function ConfiguracoesPage() {
  const settings = $api.useQuery("get", SETTINGS);
  return (
    <PageLayout title="Configurações" description="Provedores, limites e horário de atendimento deste tenant.">
      <QueryState query={settings}>{(data) => <SettingsForm settings={data} />}</QueryState>
    </PageLayout>
  );
}

function retentionDays(value: number | string) {
  return value === "" || (Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 3650)
    ? null
    : "Use um número inteiro de 1 a 3.650 dias, ou deixe vazio para guardar para sempre.";
}

function SettingsForm({ settings }: { settings: Schemas["TenantSettings"] }) {
  const queryClient = useQueryClient();
  const agents = $api.useQuery("get", "/api/v1/agents/list", { params: { query: { page: 1, pageSize: 100 } } });
  const { form, mutation: save, submit, alert } = useFormMutation("put", SETTINGS, {
    form: {
      initialValues: toFormValues(settings),
      validate: {
        requestsPerMinute: (value) =>
          value === "" || (Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 100_000)
            ? null
            : "Use um número inteiro de 1 a 100.000, ou deixe vazio para o padrão da plataforma.",
        retention: { messagesDays: retentionDays, mediaDays: retentionDays },
      },
    },
    toRequest: (values) => ({ body: toSettings(values) }),
    invalidates: [SETTINGS],
    onSuccess: (saved, { form }) => {
      form.resetDirty(toFormValues(saved));
      notifications.show({ color: "green", message: "Configurações salvas." });
    },
  });
  // Provedores que a API não listou na ordem (ex.: ordem antiga) continuam disponíveis no fim.
  useEffect(() => {
    const missing = ALL_PROVIDERS.filter((p) => !form.values.providerPreference.includes(p));
    if (missing.length) form.setFieldValue("providerPreference", [...form.values.providerPreference, ...missing]);
  }, []);
  const active = settings.providerPreference?.[0];
  const [switchTo, setSwitchTo] = useState<Provider | null>(null);
  const providerSwitch = $api.useMutation("post", "/api/v1/tenant/provider-switch", {
    onSuccess: (saved) => {
      setSwitchTo(null);
      const order = [...(saved.providerPreference ?? [])];
      form.setFieldValue("providerPreference", [...order, ...ALL_PROVIDERS.filter((p) => !order.includes(p))]);
      void queryClient.invalidateQueries({ queryKey: ["get", SETTINGS] });
      notifications.show({ color: "green", message: `Provedor ativo: ${order[0] ? PROVIDER_LABELS[order[0]] : "—"}.` });
    },
  });
  const agentOptions = (agents.data?.items ?? []).map((agent) => ({
    value: agent.id,
    label: agent.isActive ? agent.name : `${agent.name} (inativo)`,
  }));

  return (
    <form noValidate onSubmit={submit}>
      <Stack>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Stack>
              <Title order={2} size="h4">
                Provedores
              </Title>
              <Text size="sm">
                Provedor ativo agora: <b>{active ? PROVIDER_LABELS[active] : "—"}</b>
              </Text>
              <Group align="flex-end" wrap="wrap" gap="xs">
                <Select
                  label="Trocar o provedor ativo na hora"
                  description="Põe o escolhido no topo e salva só isso; os demais ficam como fallback."
                  data={ALL_PROVIDERS.filter((p) => p !== active).map((p) => ({ value: p, label: PROVIDER_LABELS[p] }))}
                  value={switchTo}
                  onChange={(value) => setSwitchTo(value as Provider | null)}
                  placeholder="Escolha"
                  style={{ flex: 1, minWidth: 200 }}
                />
                <Button
                  variant="light"
                  disabled={!switchTo}
                  loading={providerSwitch.isPending}
                  onClick={() => switchTo && providerSwitch.mutate({ body: { provider: switchTo } })}
                >
                  Trocar agora
                </Button>
              </Group>
              <ProviderOrder
                value={form.values.providerPreference}
                onChange={(next) => form.setFieldValue("providerPreference", next)}
                error={form.errors.providerPreference}
              />
              <Switch
                label="Fallback automático"
                description="Em falha passageira, tenta o próximo provedor da lista."
                {...form.getInputProps("automaticFallback", { type: "checkbox" })}
              />
            </Stack>
          </Card>
          <Card withBorder>
            <Stack>
              <Title order={2} size="h4">
                Limites e atendimento automático
              </Title>
              <NumberInput
                label="Requisições por minuto"
                description="Limite da API para este tenant; vazio usa o padrão da plataforma."
                min={1}
                max={100_000}
                allowDecimal={false}
                thousandSeparator="."
                decimalSeparator=","
                {...form.getInputProps("requestsPerMinute")}
              />
              <Select
                label="Agente de IA padrão"
                description="Responde as conversas que não têm agente escolhido."
                placeholder={agents.isPending ? "Carregando…" : "Nenhum"}
                data={agentOptions}
                clearable
                nothingFoundMessage="Nenhum agente"
                {...form.getInputProps("defaultAgentId")}
              />
              {agents.error && <ErrorAlert error={agents.error} title="Não foi possível carregar os agentes" />}
            </Stack>
          </Card>
          <Card withBorder>
            <Stack>
              <Title order={2} size="h4">
                Retenção de dados (LGPD)
              </Title>
              <Text size="sm" c="dimmed">
                O que passar do prazo é apagado pelo worker, em lotes. Vazio guarda para sempre.
              </Text>
              <NumberInput
                label="Mensagens (dias)"
                description="Mensagens mais antigas são apagadas; conversas sem mensagens também."
                min={1}
                max={3650}
                allowDecimal={false}
                {...form.getInputProps("retention.messagesDays")}
              />
              <NumberInput
                label="Mídia (dias)"
                description="Arquivos mais antigos são apagados; a mensagem fica, com o aviso de mídia expirada."
                min={1}
                max={3650}
                allowDecimal={false}
                {...form.getInputProps("retention.mediaDays")}
              />
            </Stack>
          </Card>
        </SimpleGrid>
        <Card withBorder>
          <Stack>
            <Title order={2} size="h4">
              Horário comercial
            </Title>
            <BusinessHoursEditor form={form} />
          </Stack>
        </Card>
        <FormActions
          alert={alert}
          alertTitle="Não foi possível salvar"
          submitLabel="Salvar configurações"
          pending={save.isPending}
          onCancel={() => form.reset()}
          cancelLabel="Desfazer alterações"
          cancelDisabled={!form.isDirty()}
        />
      </Stack>
    </form>
  );
}
