// Tempo real da tela: bolhas novas, tiques e a ordem da lista mudam na hora, sem esperar a recarga das consultas.
import { useQueryClient } from "@tanstack/react-query";
import { useRealtimeEvent } from "@/realtime";
import { messageText, patchConversation, patchMessageStatus, upsertMessage, type Conversation, type Message } from "./model";

type MessageEvent = Partial<Message> & { messageId: string; timestamp?: string };
type ConversationEvent = Partial<Conversation> & { id: string };
type BotEvent = { conversationId: string; agentId?: string | null };

function preview(message: MessageEvent): string | null {
  return messageText(message as Message) ?? (message.type ? `[${message.type}]` : null);
}

export function useConversationEvents(openConversationId: string | undefined) {
  const queryClient = useQueryClient();
  useRealtimeEvent<MessageEvent>("message.created", ({ data }) => {
    const at = data.createdAt ?? data.timestamp;
    upsertMessage(queryClient, { ...data, createdAt: at, updatedAt: at });
    if (!data.conversationId) return;
    const inbound = data.direction === "inbound";
    patchConversation(
      queryClient,
      data.conversationId,
      (c) => ({
        ...c,
        lastMessageAt: at ?? c.lastMessageAt,
        lastMessagePreview: preview(data) ?? c.lastMessagePreview,
        lastMessageDirection: data.direction ?? c.lastMessageDirection,
        lastInboundAt: inbound ? (at ?? c.lastInboundAt) : c.lastInboundAt,
        unreadCount: inbound && data.conversationId !== openConversationId ? c.unreadCount + 1 : c.unreadCount,
      }),
      true,
    );
  });
  useRealtimeEvent<MessageEvent>("message.updated", ({ data }) => {
    const { timestamp: _ignored, ...rest } = data;
    upsertMessage(queryClient, rest);
  });
  useRealtimeEvent<{ messageId: string; status?: string; error?: string | null }>("message.status", ({ data }) =>
    patchMessageStatus(queryClient, data),
  );
  useRealtimeEvent<ConversationEvent>("conversation.updated", ({ data }) => {
    const { id, ...fields } = data;
    patchConversation(queryClient, id, (c) => ({ ...c, ...fields }));
  });
  useRealtimeEvent<BotEvent>("ai.handoff", ({ data }) =>
    patchConversation(queryClient, data.conversationId, (c) => ({ ...c, botState: "handoff" })),
  );
  useRealtimeEvent<BotEvent>("ai.resumed", ({ data }) =>
    patchConversation(queryClient, data.conversationId, (c) => ({
      ...c,
      botState: "active",
      assignedAgentId: data.agentId ?? c.assignedAgentId,
    })),
  );
}
