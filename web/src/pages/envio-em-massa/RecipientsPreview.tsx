// Como a mensagem chega aos primeiros destinatários (variáveis já trocadas).
import { Card, Stack, Text } from "@mantine/core";
import { formatPhone } from "@/lib/phone";
import { renderTemplate, type CsvRecipient } from "./csv";

export const PREVIEW_COUNT = 3;

export function RecipientsPreview({ template, recipients }: { template: string; recipients: CsvRecipient[] }) {
  if (recipients.length === 0 || !template.trim()) {
    return (
      <Text size="sm" c="dimmed">
        Escolha o arquivo e escreva a mensagem para ver como ela chega.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="previa">
      {recipients.slice(0, PREVIEW_COUNT).map((recipient) => (
        <Card key={recipient.line} withBorder padding="sm" component="article" aria-label={`Prévia para ${formatPhone(recipient.to)}`}>
          <Text size="xs" c="dimmed">
            Para {formatPhone(recipient.to)}
          </Text>
          <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {renderTemplate(template, recipient.variables)}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}
