// Dados falsos dos testes da tela de conversas (no formato exato da API).
import type { Schemas } from "@/api";
import type { Conversation, Message } from "./model";

export const SESSION_ID = "5e550000-0000-4000-8000-000000000001";
export const META_SESSION_ID = "5e550000-0000-4000-8000-000000000002";
export const AGENT_ID = "a9e70000-0000-4000-8000-000000000001";

export function conversation(index: number, extra: Partial<Conversation> = {}): Conversation {
  const id = `c0000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
  return {
    id,
    sessionId: SESSION_ID,
    contactNumber: `55119${String(80000000 + index).padStart(8, "0")}`,
    contactName: `Cliente ${index}`,
    lastMessageAt: new Date(Date.UTC(2026, 11, 1, 12, 0, 0) - index * 60_000).toISOString(),
    lastMessagePreview: `Mensagem ${index}`,
    lastMessageDirection: "inbound",
    lastInboundAt: new Date().toISOString(),
    unreadCount: 0,
    assignedAgentId: null,
    botState: null,
    createdAt: "2026-11-30T10:00:00Z",
    updatedAt: "2026-12-01T12:00:00Z",
    ...extra,
  };
}

export function message(index: number, extra: Partial<Message> = {}): Message {
  const at = new Date(Date.UTC(2026, 11, 1, 12, 0, 0) + index * 60_000).toISOString();
  return {
    messageId: `m0000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    providerMessageId: `wamid.${index}`,
    sessionId: SESSION_ID,
    conversationId: conversation(1).id,
    direction: "inbound",
    from: conversation(1).contactNumber,
    to: "5511999990000",
    type: "text",
    content: { text: `Texto ${index}` },
    status: "received",
    provider: "sandbox",
    error: null,
    bulkId: null,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

export function page<T>(items: T[], total = items.length, pageNumber = 1, pageSize = 100) {
  return { items, total, page: pageNumber, pageSize };
}

export const SESSIONS: Schemas["Page_SessionOut_"] = page([
  {
    id: SESSION_ID,
    phoneNumber: "5511999990000",
    provider: "sandbox",
    name: "Vendas",
    status: "connected",
    qrCode: null,
    pairingCode: null,
    accountNumber: null,
    profileName: null,
    qualityRating: null,
    lastError: null,
    isActive: true,
    connectedAt: null,
    statusChangedAt: null,
    config: {},
    createdAt: "2026-11-30T10:00:00Z",
    updatedAt: "2026-11-30T10:00:00Z",
  },
  {
    id: META_SESSION_ID,
    phoneNumber: "5511999991111",
    provider: "meta_api",
    name: "Meta",
    status: "connected",
    qrCode: null,
    pairingCode: null,
    accountNumber: null,
    profileName: null,
    qualityRating: null,
    lastError: null,
    isActive: true,
    connectedAt: null,
    statusChangedAt: null,
    config: {},
    createdAt: "2026-11-30T10:00:00Z",
    updatedAt: "2026-11-30T10:00:00Z",
  },
]);

export function agentsPage() {
  return page([{ id: AGENT_ID, name: "Atendente Virtual" }]);
}
