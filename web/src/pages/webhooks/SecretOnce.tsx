import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy, IconAlertTriangle } from "@tabler/icons-react";

export interface SecretOnceProps {
  /** O que é o segredo ("segredo de assinatura", "chave de API"). */
  label: string;
  /** O artigo do nome ("o" segredo, "a" chave), para as frases em pt-BR. */
  article: "o" | "a";
  value: string;
  onDismiss: () => void;
}

/** Um segredo que a API mostra uma única vez: valor, botão de copiar e o aviso de que não aparece de novo. */
export function SecretOnce({ label, article, value, onDismiss }: SecretOnceProps) {
  const named = `${article} ${label}`;
  return (
    <Alert
      color="yellow"
      variant="light"
      title={`Copie ${named} agora`}
      icon={<IconAlertTriangle aria-hidden />}
      withCloseButton
      onClose={onDismiss}
      data-testid="segredo-unico"
    >
      <Stack gap="xs">
        <Text size="sm">
          Este é o único momento em que {named} aparece. Guarde-{article} num lugar seguro: depois de fechar este aviso,
          não será possível vê-l{article} de novo.
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Code style={{ wordBreak: "break-all", flex: 1 }} data-testid="segredo-valor">
            {value}
          </Code>
          <CopyButton value={value}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? "Copiado" : "Copiar"} withArrow>
                <ActionIcon variant="light" onClick={copy} aria-label={copied ? "Copiado" : `Copiar ${named}`}>
                  {copied ? <IconCheck aria-hidden size={16} /> : <IconCopy aria-hidden size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Alert>
  );
}
