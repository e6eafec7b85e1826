import { memo } from "react";
import { ActionIcon, Anchor, Badge, Box, Group, Menu, Paper, Stack, Text, Tooltip } from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconCheck,
  IconChecks,
  IconClock,
  IconDotsVertical,
  IconMapPin,
  IconUser,
} from "@tabler/icons-react";
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

/** As reações oferecidas no menu da bolha (o nome vai no rótulo para quem usa leitor de tela). */
export const QUICK_REACTIONS = [
  { emoji: "👍", name: "joinha" },
  { emoji: "❤️", name: "coração" },
  { emoji: "😂", name: "risada" },
  { emoji: "😮", name: "surpresa" },
  { emoji: "😢", name: "choro" },
  { emoji: "🙏", name: "mãos juntas" },
] as const;

const ACCEPTED_BY_PROVIDER = new Set(["sent", "delivered", "read", "played"]);

/**
 * Só dá para citar ou reagir a uma mensagem que o provedor já tem (o servidor recusa as outras). A enviada daqui
 * entra no fio sem o `providerMessageId` (a resposta do envio não o traz); o status "enviada" já garante que existe.
 */
export function canQuote(message: Pick<Message, "providerMessageId" | "direction" | "status" | "type">): boolean {
  if (message.type === "reaction") return false;
  if (message.providerMessageId) return true;
  return message.direction === "outbound" && ACCEPTED_BY_PROVIDER.has(message.status ?? "");
}

function BubbleActions({
  message,
  outbound,
  onReply,
  onReact,
}: {
  message: Message;
  outbound: boolean;
  onReply: (message: Message) => void;
  onReact: (message: Message, emoji: string) => void;
}) {
  return (
    <Menu position={outbound ? "bottom-end" : "bottom-start"} shadow="md" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label="Ações da mensagem">
          <IconDotsVertical size={14} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => onReply(message)}>
          Responder
        </Menu.Item>
        <Menu.Label>Reagir</Menu.Label>
        <Group gap={0} wrap="nowrap" px={4}>
          {QUICK_REACTIONS.map(({ emoji, name }) => (
            <Menu.Item
              key={emoji}
              aria-label={`Reagir com ${emoji} (${name})`}
              onClick={() => onReact(message, emoji)}
              w="auto"
              px={6}
              fz="lg"
            >
              {emoji}
            </Menu.Item>
          ))}
        </Group>
      </Menu.Dropdown>
    </Menu>
  );
}

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
  onReply,
  onReact,
}: {
  message: Message;
  reactions?: string[];
  /** Sem os dois, a bolha não tem menu de ações. */
  onReply?: (message: Message) => void;
  onReact?: (message: Message, emoji: string) => void;
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
          {onReply && onReact && canQuote(message) && (
            <BubbleActions message={message} outbound={outbound} onReply={onReply} onReact={onReact} />
          )}
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
