// "Conectar número": escolhe o provedor (só os instalados), preenche o formulário dele e acompanha a conexão.
import { useState } from "react";
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  PasswordInput,
  Radio,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { $api, type Schemas } from "@/api";
import { useFormMutation } from "@/api/useFormMutation";
import { ErrorAlert } from "@/components/ErrorAlert";
import { MutationForm } from "@/components/MutationForm";
import { isKnownProvider, providerLabel, type ProviderType } from "./labels";
import { MetaWebhookInfo } from "./MetaWebhookInfo";
import { SessionConnection } from "./SessionConnection";

const PROVIDER_HINTS: Record<ProviderType, string> = {
  sandbox: "Número simulado, conecta na hora. Para experimentar sem celular.",
  baileys: "Seu WhatsApp pelo QR code ou código de pareamento, como no WhatsApp Web.",
  meta_api: "API oficial da Meta (WhatsApp Business Platform), com as credenciais do seu app.",
};

const DIGITS = /^\d{5,30}$/;

interface FormValues {
  provider: ProviderType | "";
  phoneNumber: string;
  name: string;
  config: {
    usePairingCode: boolean;
    phoneNumberId: string;
    wabaId: string;
    accessToken: string;
    appSecret: string;
    verifyToken: string;
  };
}

export function buildInitializeBody(values: FormValues & { provider: ProviderType }): Schemas["SessionInitialize"] {
  const base = { phoneNumber: values.phoneNumber.trim(), provider: values.provider, name: values.name.trim() || null };
  if (values.provider === "baileys") return { ...base, config: { usePairingCode: values.config.usePairingCode } };
  if (values.provider === "meta_api") {
    const { phoneNumberId, wabaId, accessToken, appSecret, verifyToken } = values.config;
    return {
      ...base,
      config: {
        phoneNumberId: phoneNumberId.trim(),
        ...(wabaId.trim() ? { wabaId: wabaId.trim() } : {}),
        accessToken: accessToken.trim(),
        appSecret,
        verifyToken,
      },
    };
  }
  return { ...base, config: {} };
}

const INITIAL_VALUES: FormValues = {
  provider: "",
  phoneNumber: "",
  name: "",
  config: { usePairingCode: false, phoneNumberId: "", wabaId: "", accessToken: "", appSecret: "", verifyToken: "" },
};

function metaOnly(values: FormValues, check: () => string | null): string | null {
  return values.provider === "meta_api" ? check() : null;
}

export function ConnectSessionForm({ onCreated }: { onCreated: (session: Schemas["SessionOut"], verifyToken: string | null) => void }) {
  const providers = $api.useQuery("get", "/api/v1/sessions/providers");
  const available = (providers.data ?? []).filter((p) => p.available && isKnownProvider(p.type));
  const state = useFormMutation("post", "/api/v1/sessions/initialize", {
    form: {
      initialValues: INITIAL_VALUES,
      validate: {
        provider: (value) => (value ? null : "Escolha o provedor"),
        phoneNumber: (value) =>
          value.replace(/\D/g, "").length >= 10 ? null : "Informe o número com DDD (ex.: 11 99999-1234)",
        name: (value) => (value.length > 100 ? "Use no máximo 100 caracteres" : null),
        config: {
          phoneNumberId: (value, values) =>
            metaOnly(values, () => (DIGITS.test(value.trim()) ? null : "O id do número tem só dígitos (5 a 30)")),
          wabaId: (value, values) =>
            metaOnly(values, () => (!value.trim() || DIGITS.test(value.trim()) ? null : "O id da conta tem só dígitos")),
          accessToken: (value, values) =>
            metaOnly(values, () =>
              value.trim().length < 20 || /\s/.test(value.trim()) ? "Cole o token de acesso completo (sem espaços)" : null,
            ),
          appSecret: (value, values) =>
            metaOnly(values, () => (value.trim().length < 16 ? "A chave secreta tem pelo menos 16 caracteres" : null)),
          verifyToken: (value, values) =>
            metaOnly(values, () =>
              value.trim().length < 8 || value.length > 200 ? "Invente um texto de 8 a 200 caracteres" : null,
            ),
        },
      },
    },
    // A validação garante um provedor escolhido.
    toRequest: (values) => ({ body: buildInitializeBody({ ...values, provider: values.provider as ProviderType }) }),
    invalidates: ["/api/v1/sessions"],
    onSuccess: (session, { values }) =>
      onCreated(session, values.provider === "meta_api" ? values.config.verifyToken : null),
  });
  const { form } = state;

  const provider = form.values.provider;
  return (
    <MutationForm
      state={state}
      alertTitle="Não foi possível conectar"
      submitLabel="Conectar"
      submitDisabled={available.length === 0}
    >
      {providers.isPending ? (
        <Skeleton h={80} aria-label="Carregando provedores…" />
      ) : providers.error ? (
        <ErrorAlert error={providers.error} onRetry={() => void providers.refetch()} />
      ) : available.length === 0 ? (
        <Alert color="yellow">Nenhum provedor está disponível nesta instalação.</Alert>
      ) : (
        <Radio.Group label="Provedor" withAsterisk {...form.getInputProps("provider")}>
          <Stack gap="xs" mt="xs">
            {available.map((item) => (
              <Radio
                key={item.type}
                value={item.type}
                label={providerLabel(item.type)}
                description={isKnownProvider(item.type) ? PROVIDER_HINTS[item.type] : undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Número do WhatsApp"
          description="Com DDD; de outro país, com + e o código"
          placeholder="11 99999-1234"
          inputMode="tel"
          autoComplete="tel"
          withAsterisk
          {...form.getInputProps("phoneNumber")}
        />
        <TextInput label="Nome" description="Apelido, ex.: Vendas" placeholder="Vendas" {...form.getInputProps("name")} />
      </SimpleGrid>
      {provider === "baileys" && (
        <Checkbox
          label="Conectar por código de pareamento"
          description="Em vez do QR code, digite um código no celular (útil quando a câmera não alcança a tela)."
          {...form.getInputProps("config.usePairingCode", { type: "checkbox" })}
        />
      )}
      {provider === "meta_api" && (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            No painel da Meta (developers.facebook.com → seu app → WhatsApp → Configuração da API) e em Configurações
            do app → Básico.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Id do número (phone number ID)"
              description="Não é o telefone"
              inputMode="numeric"
              withAsterisk
              {...form.getInputProps("config.phoneNumberId")}
            />
            <TextInput
              label="Id da conta do WhatsApp Business (WABA ID)"
              description="Opcional; para listar os templates"
              inputMode="numeric"
              {...form.getInputProps("config.wabaId")}
            />
          </SimpleGrid>
          <PasswordInput
            label="Token de acesso"
            description="De preferência de um usuário do sistema (permanente)"
            withAsterisk
            autoComplete="off"
            {...form.getInputProps("config.accessToken")}
          />
          <PasswordInput
            label="Chave secreta do app (app secret)"
            withAsterisk
            autoComplete="off"
            {...form.getInputProps("config.appSecret")}
          />
          <TextInput
            label="Token de verificação do webhook"
            description="Invente um texto (8 a 200 caracteres); você vai colá-lo no painel da Meta"
            withAsterisk
            autoComplete="off"
            {...form.getInputProps("config.verifyToken")}
          />
        </Stack>
      )}
    </MutationForm>
  );
}

export function ConnectSessionModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<{ session: Schemas["SessionOut"]; verifyToken: string | null } | null>(null);
  // No celular o formulário da Meta é longo: a janela ocupa a tela inteira.
  const isPhone = useMediaQuery("(max-width: 36em)") ?? false;
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Conectar número" size="lg" fullScreen={isPhone}>
      {created ? (
        <Stack gap="md">
          <Text size="sm">
            {providerLabel(created.session.provider)} · {created.session.name ?? created.session.phoneNumber}
          </Text>
          <SessionConnection session={created.session} />
          {created.session.provider === "meta_api" && <MetaWebhookInfo verifyToken={created.verifyToken} />}
          <Group justify="flex-end">
            <Button onClick={close}>Concluir</Button>
          </Group>
        </Stack>
      ) : (
        <ConnectSessionForm onCreated={(session, verifyToken) => setCreated({ session, verifyToken })} />
      )}
    </Modal>
  );
}
