import { useState } from "react";
import { ActionIcon, Badge, Group, Paper, Stack, Text, VisuallyHidden } from "@mantine/core";
import { IconArrowDown, IconArrowUp } from "@tabler/icons-react";
import type { Schemas } from "@/api";

export type Provider = NonNullable<Schemas["TenantSettings"]["providerPreference"]>[number];

export const PROVIDER_LABELS: Record<Provider, string> = {
  baileys: "WhatsApp Web (Baileys)",
  meta_api: "API oficial da Meta",
  sandbox: "Sandbox (testes)",
};

export const ALL_PROVIDERS = Object.keys(PROVIDER_LABELS) as Provider[];

/** Ordem de preferência com botões subir/descer (alcançáveis por Tab, com rótulo) e anúncio da nova posição. */
export function ProviderOrder({
  value,
  onChange,
  error,
}: {
  value: Provider[];
  onChange: (next: Provider[]) => void;
  error?: React.ReactNode;
}) {
  // Anúncio para leitores de tela: o botão continua com o foco, mas a posição do item mudou.
  const [announcement, setAnnouncement] = useState("");
  const move = (index: number, delta: number) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    next.splice(index + delta, 0, item!);
    onChange(next);
    setAnnouncement(`${PROVIDER_LABELS[item!]} agora está na posição ${index + delta + 1} de ${next.length}.`);
  };
  return (
    <Stack gap={6} role="group" aria-labelledby="ordem-provedores">
      <Text id="ordem-provedores" size="sm" fw={500}>
        Ordem dos provedores
      </Text>
      <Text size="xs" c="dimmed">
        Nos envios em modo automático, o primeiro da lista é usado; os seguintes entram no fallback.
      </Text>
      <Stack gap={4} component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="ordem-provedores">
        {value.map((provider, index) => (
          <Paper key={provider} withBorder p="xs" component="li">
            <Group justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} w={20}>
                  {index + 1}.
                </Text>
                <Text size="sm">{PROVIDER_LABELS[provider]}</Text>
                {index === 0 && (
                  <Badge size="sm" variant="light">
                    ativo
                  </Badge>
                )}
              </Group>
              <Group gap={4} wrap="nowrap">
                <ActionIcon
                  variant="default"
                  aria-label={`Subir ${PROVIDER_LABELS[provider]}`}
                  disabled={index === 0}
                  onClick={() => move(index, -1)}
                >
                  <IconArrowUp aria-hidden size={16} />
                </ActionIcon>
                <ActionIcon
                  variant="default"
                  aria-label={`Descer ${PROVIDER_LABELS[provider]}`}
                  disabled={index === value.length - 1}
                  onClick={() => move(index, 1)}
                >
                  <IconArrowDown aria-hidden size={16} />
                </ActionIcon>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <VisuallyHidden aria-live="polite">{announcement}</VisuallyHidden>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
