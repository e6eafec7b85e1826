// Formatos e funções puras da tela de conversas: leitura do `content` das mensagens e atualização do cache.
import type { InfiniteData, Query, QueryClient } from "@tanstack/react-query";
import type { Schemas } from "@/api";

export type Conversation = Schemas["ConversationOut"];
export type Message = Schemas["MessageOut"];
export type ConversationPage = Schemas["Page_ConversationOut_"];
export type MessagePage = Schemas["MessagePage"];

export const CONVERSATIONS_PATH = "/api/v1/conversations";
export const MESSAGES_PATH = "/api/v1/conversations/{conversation_id}/messages";
export const CONVERSATION_PAGE_SIZE = 100;
export const MESSAGE_PAGE_SIZE = 50;

/** A ordem dos status: um status só avança (um evento atrasado não faz o tique voltar). */
const STATUS_RANK: Record<string, number> = { pending: 0, queued: 0, sent: 1, delivered: 2, read: 3, played: 4 };

export function statusAdvances(current: string | null | undefined, next: string | null | undefined): boolean {
  if (!next) return false;
  if (next === "failed") return current !== "failed";
  if (current === "failed") return false;
  return (STATUS_RANK[next] ?? -1) > (STATUS_RANK[current ?? ""] ?? -1);
}

type Content = Record<string, unknown>;

function record(value: unknown): Content | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Content) : null;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** O texto (ou a legenda) da mensagem. */
export function messageText(message: Pick<Message, "content">): string | null {
  const content = record(message.content);
  if (!content) return null;
  return str(content.text) ?? str(content.body) ?? str(record(content.media)?.caption) ?? str(content.caption);
}

export interface MediaInfo {
  mediaId: string | null;
  url: string | null;
  mimeType: string | null;
  filename: string | null;
  error: string | null;
  downloading: boolean;
}

/** A mídia da mensagem: enviada (`content.mediaId`) ou recebida (`content.media.mediaId`, baixada depois). */
export function messageMedia(message: Pick<Message, "content">): MediaInfo | null {
  const content = record(message.content);
  if (!content) return null;
  const media = record(content.media) ?? content;
  const mediaId = str(media.mediaId);
  const url = str(media.url);
  const error = str(media.error);
  const downloading = media.status === "downloading";
  if (!mediaId && !url && !error && !downloading) return null;
  return { mediaId, url, mimeType: str(media.mimeType), filename: str(media.filename), error, downloading };
}

export interface LocationInfo {
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
}

export function messageLocation(message: Pick<Message, "content">): LocationInfo | null {
  const content = record(message.content);
  const location = record(content?.location) ?? content;
  if (!location || typeof location.latitude !== "number" || typeof location.longitude !== "number") return null;
  return {
    latitude: location.latitude,
    longitude: location.longitude,
    name: str(location.name),
    address: str(location.address),
  };
}

/** Link do OpenStreetMap (sem carregar mapa de terceiros na página). */
export function mapUrl({ latitude, longitude }: { latitude: number; longitude: number }): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

export interface ContactInfo {
  name: string;
  phones: string[];
}

export function messageContacts(message: Pick<Message, "content">): ContactInfo[] {
  const list = record(message.content)?.contacts;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const contact = record(item);
    if (!contact) return [];
    const phones = Array.isArray(contact.phones)
      ? contact.phones.flatMap((phone) => {
          const value = typeof phone === "string" ? phone : str(record(phone)?.phone);
          return value ? [value] : [];
        })
      : [];
    const name = str(contact.name) ?? str(record(contact.name)?.formatted_name) ?? "Contato";
    return [{ name, phones }];
  });
}

export interface ReplyInfo {
  messageId: string | null;
  fromMe: boolean | null;
  text: string | null;
}

export function messageReply(message: Pick<Message, "content">): ReplyInfo | null {
  const reply = record(record(message.content)?.replyTo);
  if (!reply) return null;
  return {
    messageId: str(reply.messageId),
    fromMe: typeof reply.fromMe === "boolean" ? reply.fromMe : null,
    text: str(reply.text),
  };
}

/** Uma reação: a mensagem alvo (nosso id) e o emoji ("" remove). */
export function messageReaction(message: Pick<Message, "content" | "type">): { target: string; emoji: string } | null {
  const content = record(message.content);
  if (!content) return null;
  const reaction = record(content.reaction) ?? (message.type === "reaction" ? content : null);
  const target = str(reaction?.messageId);
  if (!reaction || !target) return null;
  return { target, emoji: typeof reaction.emoji === "string" ? reaction.emoji : "" };
}

/** Reações por mensagem alvo (a última de cada lado vale; emoji vazio tira). */
export function collectReactions(messages: readonly Message[]): Map<string, string[]> {
  const byTarget = new Map<string, Map<string, string>>();
  // `messages` vem do mais antigo para o mais novo: a reação mais nova de cada lado prevalece.
  for (const message of messages) {
    const reaction = messageReaction(message);
    if (!reaction) continue;
    const sides = byTarget.get(reaction.target) ?? new Map<string, string>();
    sides.set(message.direction, reaction.emoji);
    byTarget.set(reaction.target, sides);
  }
  const result = new Map<string, string[]>();
  for (const [target, sides] of byTarget) {
    const emojis = [...sides.values()].filter((emoji) => emoji !== "");
    if (emojis.length > 0) result.set(target, emojis);
  }
  return result;
}

/** Conversa de número da Meta fora da janela de 24 h: só template. */
export function outsideServiceWindow(conversation: Pick<Conversation, "lastInboundAt">, now = Date.now()): boolean {
  if (!conversation.lastInboundAt) return true;
  return now - new Date(conversation.lastInboundAt).getTime() > 24 * 60 * 60 * 1000;
}

// --- cache do TanStack Query ---

/**
 * Uma recarga já em andamento (de um evento anterior) traria dados de antes deste evento e desfaria a atualização ao
 * vivo (a bolha sumiria até a próxima recarga). Ela é cancelada — volta ao estado com a atualização — e a invalidação
 * deste evento faz outra logo depois. Só consultas que já têm dados: a primeira carga nunca é interrompida.
 */
function setLive<T>(
  queryClient: QueryClient,
  predicate: (query: Query) => boolean,
  updater: (data: T | undefined) => T | undefined,
): void {
  void queryClient.cancelQueries({
    predicate: (query) => predicate(query) && query.state.data !== undefined && query.state.fetchStatus === "fetching",
  });
  queryClient.setQueriesData<T>({ predicate }, updater);
}

type MessagesData = InfiniteData<MessagePage, unknown>;
type ConversationsData = InfiniteData<ConversationPage, unknown>;

function isMessagesKey(key: readonly unknown[], conversationId?: string): boolean {
  if (key[0] !== "get" || key[1] !== MESSAGES_PATH) return false;
  if (!conversationId) return true;
  const init = record(key[2]);
  return record(record(init?.params)?.path)?.conversation_id === conversationId;
}

/** Uma mensagem nova (ou atualizada) no topo da primeira página do fio (as páginas vêm das mais recentes). */
export function upsertMessage(queryClient: QueryClient, message: Partial<Message> & { messageId: string }): void {
  const conversationId = message.conversationId ?? undefined;
  setLive<MessagesData>(
    queryClient,
    (query) => isMessagesKey(query.queryKey, conversationId),
    (data) => {
      if (!data) return data;
      let found = false;
      const pages = data.pages.map((page) => {
        const index = page.items.findIndex((item) => item.messageId === message.messageId);
        if (index < 0) return page;
        found = true;
        const current = page.items[index]!;
        const merged: Message = { ...current, ...definedOnly(message) };
        // O status só avança: um message.created atrasado não desfaz um "read" já visto.
        if (!statusAdvances(current.status, message.status)) merged.status = current.status;
        const items = page.items.slice();
        items[index] = merged;
        return { ...page, items };
      });
      if (found) return { ...data, pages };
      if (!conversationId || !message.direction) return data;
      const full = completeMessage(message);
      const [first, ...rest] = data.pages;
      if (!first) return data;
      return { ...data, pages: [{ ...first, items: [full, ...first.items] }, ...rest] };
    },
  );
}

/** Novo status (tiques) de uma mensagem, onde quer que ela esteja no cache. */
export function patchMessageStatus(
  queryClient: QueryClient,
  change: { messageId: string; status?: string | null; error?: string | null },
): void {
  setLive<MessagesData>(queryClient, (query) => isMessagesKey(query.queryKey), (data) => {
    if (!data) return data;
    let changed = false;
    const pages = data.pages.map((page) => {
      const index = page.items.findIndex((item) => item.messageId === change.messageId);
      if (index < 0) return page;
      const current = page.items[index]!;
      if (!statusAdvances(current.status, change.status)) return page;
      changed = true;
      const items = page.items.slice();
      items[index] = { ...current, status: change.status ?? current.status, error: change.error ?? current.error };
      return { ...page, items };
    });
    return changed ? { ...data, pages } : data;
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function completeMessage(message: Partial<Message> & { messageId: string } & { timestamp?: string }): Message {
  const at = message.createdAt ?? message.timestamp ?? new Date().toISOString();
  return {
    providerMessageId: null,
    sessionId: null,
    conversationId: null,
    direction: "outbound",
    from: null,
    to: null,
    type: "text",
    content: null,
    status: null,
    provider: null,
    error: null,
    bulkId: null,
    updatedAt: at,
    ...definedOnly(message),
    createdAt: at,
  } as Message;
}

/** Mexe numa conversa onde ela estiver nas listas (busca incluída); `toTop` a leva para o início (ordem ao vivo). */
export function patchConversation(
  queryClient: QueryClient,
  conversationId: string,
  patch: (conversation: Conversation) => Conversation,
  toTop = false,
): void {
  setLive<ConversationsData>(
    queryClient,
    (query) => query.queryKey[0] === "get" && query.queryKey[1] === CONVERSATIONS_PATH,
    (data) => {
      if (!data || !Array.isArray(data.pages)) return data;
      let target: Conversation | null = null;
      const pages = data.pages.map((page) => {
        const index = page.items.findIndex((item) => item.id === conversationId);
        if (index < 0) return page;
        target = patch(page.items[index]!);
        const items = page.items.slice();
        if (toTop) items.splice(index, 1);
        else items[index] = target;
        return { ...page, items };
      });
      if (!target) return data;
      if (!toTop) return { ...data, pages };
      const [first, ...rest] = pages;
      return { ...data, pages: [{ ...first!, items: [target, ...first!.items] }, ...rest] };
    },
  );
  setLive<Conversation>(
    queryClient,
    (query) => query.queryKey[0] === "get" && query.queryKey[1] === "/api/v1/conversations/{conversation_id}",
    (data) => (data && data.id === conversationId ? patch(data) : data),
  );
}
