import { memo } from "react";
import { Anchor, Badge, Box, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconChecks, IconClock, IconMapPin, IconUser } from "@tabler/icons-react";
import { formatTime } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import { MediaPreview } from "./MediaPreview";
import {
  mapUrl,
  messageContacts,
  messageLocation,
  messageMedia,
  messageReply,
  messageText,
  type Message,
} from "./model";

const STATUS_LABEL: Record<string, string> = {
  pending: "Na fila",
  queued: "Na fila",
  sent: "Enviada",
  delivered: "Entregue",
  read: "Lida",
  played: "Ouvida",
  failed: "Falhou",
};

/** Os tiques do WhatsApp: ⏱ na fila, ✓ enviada, ✓✓ entregue, ✓✓ azul lida, ⚠ falhou (com o motivo). */
export function StatusTicks({ status, error }: { status: string | null; error: string | null }) {
  const label = STATUS_LABEL[status ?? ""] ?? "Na fila";
  const common = { size: 16, "aria-hidden": true } as const;
  let icon;
  if (status === "failed") icon = <IconAlertTriangle {...common} color="var(--mantine-color-red-6)" />;
  else if (status === "read" || status === "played") icon = <IconChecks {...common} color="var(--mantine-color-blue-6)" />;
  else if (status === "delivered") icon = <IconChecks {...common} />;
  else if (status === "sent") icon = <IconCheck {...common} />;
  else icon = <IconClock {...common} />;
  const title = status === "failed" && error ? `${label}: ${error}` : label;
  return (
    <Tooltip label={title} withinPortal>
      <Box component="span" role="img" aria-label={title} data-status={status ?? "pending"} style={{ display: "inline-flex" }}>
        {icon}
      </Box>
    </Tooltip>
  );
}

function Body({ message }: { message: Message }) {
  const text = messageText(message);
  const media = messageMedia(message);
  const location = messageLocation(message);
  const contacts = messageContacts(message);
  const template = message.type === "template" && message.content ? String(message.content.name ?? "") : null;
  return (
    <Stack gap={4}>
      {media && <MediaPreview media={media} type={message.type} />}
      {location && (
        <Group gap={6} wrap="nowrap" align="flex-start">
          <IconMapPin size={18} aria-hidden />
          <Stack gap={0}>
            {location.name && <Text size="sm" fw={600}>{location.name}</Text>}
            {location.address && <Text size="sm">{location.address}</Text>}
            <Anchor href={mapUrl(location)} target="_blank" rel="noopener noreferrer" size="sm">
              Ver no mapa (OpenStreetMap)
            </Anchor>
          </Stack>
        </Group>
      )}
      {contacts.map((contact, index) => (
        <Group key={index} gap={6} wrap="nowrap" align="flex-start">
          <IconUser size={18} aria-hidden />
          <Stack gap={0}>
            <Text size="sm" fw={600}>{contact.name}</Text>
            {contact.phones.map((phone) => (
              <Text size="sm" key={phone}>{formatPhone(phone)}</Text>
            ))}
          </Stack>
        </Group>
      ))}
      {template !== null && <Text size="sm">📝 Template: {template}</Text>}
      {text && (
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {text}
        </Text>
      )}
      {!text && !media && !location && contacts.length === 0 && template === null && (
        <Text size="sm" c="dimmed" fs="italic">
          Mensagem do tipo {message.type ?? "desconhecido"}
        </Text>
      )}
    </Stack>
  );
}

export const MessageBubble = memo(function MessageBubble({
  message,
  reactions,
}: {
  message: Message;
  reactions?: string[];
}) {
  const outbound = message.direction === "outbound";
  const reply = messageReply(message);
  return (
    <Group justify={outbound ? "flex-end" : "flex-start"} wrap="nowrap" data-testid="bubble" data-message-id={message.messageId}>
      <Paper
        component="article"
        aria-label={outbound ? "Mensagem enviada" : "Mensagem recebida"}
        px="sm"
        py={6}
        radius="md"
        maw="80%"
        withBorder
        bg={outbound ? "var(--mantine-color-green-light)" : "var(--mantine-color-body)"}
      >
        {reply && (
          <Box
            mb={4}
            pl="xs"
            style={{ borderLeft: "3px solid var(--mantine-color-green-6)" }}
            aria-label="Mensagem citada"
          >
            <Text size="xs" fw={600}>
              {reply.fromMe === true ? "Você" : reply.fromMe === false ? "Cliente" : "Mensagem citada"}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {reply.text ?? "Mensagem anterior"}
            </Text>
          </Box>
        )}
        <Body message={message} />
        <Group gap={4} justify="flex-end" mt={2}>
          <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
            {formatTime(message.createdAt)}
          </Text>
          {outbound && <StatusTicks status={message.status} error={message.error} />}
        </Group>
        {outbound && message.status === "failed" && message.error && (
          <Text size="xs" c="red" mt={2}>
            {message.error}
          </Text>
        )}
        {reactions && reactions.length > 0 && (
          <Group gap={2} mt={2}>
            {reactions.map((emoji, index) => (
              <Badge key={index} variant="default" size="sm" aria-label={`Reação ${emoji}`}>
                {emoji}
              </Badge>
            ))}
          </Group>
        )}
      </Paper>
    </Group>
  );
});
