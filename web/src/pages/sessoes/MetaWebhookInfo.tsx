// O que colar no painel da Meta (WhatsApp → Configuração → Webhook) depois de conectar um número da Meta.
import { ActionIcon, Alert, CopyButton, Group, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { metaWebhookUrl } from "./labels";

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      data-testid={testId}
      onFocus={(event) => event.currentTarget.select()}
      rightSection={
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? "Copiado" : "Copiar"} withArrow>
              <ActionIcon
                variant="subtle"
                color={copied ? "teal" : "gray"}
                onClick={copy}
                aria-label={copied ? `${label} copiado` : `Copiar ${label.toLowerCase()}`}
              >
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

export function MetaWebhookInfo({ verifyToken }: { verifyToken: string | null }) {
  return (
    <Alert color="blue" variant="light" title="Configure o webhook no painel da Meta">
      <Stack gap="sm">
        <Text size="sm">
          Em developers.facebook.com → seu app → WhatsApp → Configuração → Webhook, cole a URL de retorno e o token de
          verificação abaixo e assine o campo <strong>messages</strong>. A URL precisa ser HTTPS pública.
        </Text>
        <CopyField label="URL de retorno" value={metaWebhookUrl()} testId="meta-webhook-url" />
        {verifyToken ? (
          <CopyField label="Token de verificação" value={verifyToken} testId="meta-verify-token" />
        ) : (
          <Group>
            <Text size="sm" c="dimmed">
              Token de verificação: o que você informou ao conectar (não é mostrado de novo).
            </Text>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
