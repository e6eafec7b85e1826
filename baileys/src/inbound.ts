/**
 * Mensagens recebidas: o `WAMessage` do Baileys vira o `InboundMessage` do núcleo
 * (server/wacs/providers/contract.py). Mídia vai por referência e é baixada só quando a API pede.
 */

const MEDIA_REF_PREFIX = 'wa1:';
// O núcleo aceita referências de até 2000 caracteres.
const MEDIA_REF_MAX = 2000;

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** O que basta para baixar e decifrar a mídia do servidor do WhatsApp, sem depender da mensagem guardada. */
export interface MediaDescriptor {
  kind: MediaKind;
  url?: string | null;
  directPath?: string | null;
  mediaKey: string; // base64
  mimeType?: string | null;
}

type Bytes = Uint8Array | string | null | undefined;

interface WaMedia {
  url?: string | null;
  directPath?: string | null;
  mediaKey?: Bytes;
  mimetype?: string | null;
  caption?: string | null;
  fileName?: string | null;
  fileSha256?: Bytes;
  fileLength?: number | { toString(): string } | null;
  ptt?: boolean | null;
  contextInfo?: ContextInfo | null;
}

interface ContextInfo {
  stanzaId?: string | null;
}

export interface WaContent {
  conversation?: string | null;
  extendedTextMessage?: { text?: string | null; contextInfo?: ContextInfo | null } | null;
  imageMessage?: WaMedia | null;
  videoMessage?: WaMedia | null;
  audioMessage?: WaMedia | null;
  documentMessage?: WaMedia | null;
  stickerMessage?: WaMedia | null;
  locationMessage?: WaLocation | null;
  liveLocationMessage?: WaLocation | null;
  contactMessage?: { displayName?: string | null; vcard?: string | null; contextInfo?: ContextInfo | null } | null;
  contactsArrayMessage?: {
    contacts?: Array<{ displayName?: string | null; vcard?: string | null }> | null;
    contextInfo?: ContextInfo | null;
  } | null;
  reactionMessage?: { key?: { id?: string | null } | null; text?: string | null } | null;
  // Envelopes: a mensagem de verdade vem dentro.
  ephemeralMessage?: { message?: WaContent | null } | null;
  viewOnceMessage?: { message?: WaContent | null } | null;
  viewOnceMessageV2?: { message?: WaContent | null } | null;
  documentWithCaptionMessage?: { message?: WaContent | null } | null;
  editedMessage?: { message?: WaContent | null } | null;
  protocolMessage?: unknown;
  senderKeyDistributionMessage?: unknown;
}

interface WaLocation {
  degreesLatitude?: number | null;
  degreesLongitude?: number | null;
  name?: string | null;
  address?: string | null;
  contextInfo?: ContextInfo | null;
}

function b64(value: Bytes): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : Buffer.from(value).toString('base64');
}

function unwrap(content: WaContent | null | undefined): WaContent {
  let current = content ?? {};
  for (let i = 0; i < 5; i += 1) {
    const inner = current.ephemeralMessage?.message ?? current.viewOnceMessage?.message
      ?? current.viewOnceMessageV2?.message ?? current.documentWithCaptionMessage?.message;
    if (!inner) break;
    current = inner;
  }
  return current;
}

export function encodeMediaRef(d: MediaDescriptor): string {
  const encode = (x: MediaDescriptor) => MEDIA_REF_PREFIX + Buffer.from(JSON.stringify(x)).toString('base64url');
  const full = encode(d);
  // O endereço pode ser longo; o caminho direto sozinho também baixa.
  return full.length <= MEDIA_REF_MAX || !d.directPath ? full : encode({ ...d, url: null });
}

export function decodeMediaRef(ref: string): MediaDescriptor | null {
  if (!ref.startsWith(MEDIA_REF_PREFIX)) return null;
  try {
    const d = JSON.parse(Buffer.from(ref.slice(MEDIA_REF_PREFIX.length), 'base64url').toString('utf8')) as MediaDescriptor;
    const kinds: MediaKind[] = ['image', 'video', 'audio', 'document', 'sticker'];
    if (!kinds.includes(d.kind) || typeof d.mediaKey !== 'string' || !(d.url || d.directPath)) return null;
    return d;
  } catch {
    return null;
  }
}

/** Nome e telefones de um vCard (o WhatsApp põe o número em `waid=`). */
function parseVcard(displayName: string | null | undefined, vcard: string | null | undefined) {
  const phones: string[] = [];
  for (const line of (vcard ?? '').split(/\r?\n/)) {
    if (!/^(item\d+\.)?TEL/i.test(line)) continue;
    const waid = /waid=(\d+)/i.exec(line)?.[1];
    const value = line.slice(line.lastIndexOf(':') + 1).trim();
    const phone = waid ?? value.replace(/[^\d+]/g, '');
    if (phone) phones.push(phone.slice(0, 40));
  }
  const fn = /^FN:(.*)$/im.exec(vcard ?? '')?.[1]?.trim();
  return { name: (displayName || fn || 'Contato').slice(0, 255), phones: phones.slice(0, 20) };
}

/** Campos de `InboundMessage` que dependem do conteúdo (tipo, texto, mídia, localização, contatos, reação, citação). */
export interface InboundBody {
  type: 'text' | MediaKind | 'location' | 'contacts' | 'reaction' | 'unsupported';
  text: string | null;
  replyTo: string | null;
  media?: {
    ref: string; mimeType: string | null; filename: string | null; caption: string | null; sha256: string | null;
    size: number | null; voice: boolean;
  };
  location?: { latitude: number; longitude: number; name: string | null; address: string | null };
  contacts?: Array<{ name: string; phones: string[] }>;
  reaction?: { messageId: string; emoji: string };
}

/** Normaliza o conteúdo; `null` para o que não é mensagem de conversa (protocolo, distribuição de chaves). */
export function normalizeContent(raw: WaContent | null | undefined): InboundBody | null {
  const m = unwrap(raw);
  const ctx = (c: { contextInfo?: ContextInfo | null } | null | undefined) => c?.contextInfo?.stanzaId ?? null;
  if (m.conversation != null) return { type: 'text', text: m.conversation, replyTo: null };
  if (m.extendedTextMessage) {
    return { type: 'text', text: m.extendedTextMessage.text ?? '', replyTo: ctx(m.extendedTextMessage) };
  }
  const kinds: Array<[MediaKind, WaMedia | null | undefined]> = [
    ['image', m.imageMessage], ['video', m.videoMessage], ['audio', m.audioMessage],
    ['document', m.documentMessage], ['sticker', m.stickerMessage],
  ];
  for (const [kind, media] of kinds) {
    if (!media) continue;
    const mediaKey = b64(media.mediaKey);
    const caption = media.caption ?? null;
    if (!mediaKey || !(media.url || media.directPath)) {
      return { type: 'unsupported', text: caption, replyTo: ctx(media) };
    }
    const size = Number(String(media.fileLength ?? ''));
    return {
      type: kind,
      text: caption,
      replyTo: ctx(media),
      media: {
        ref: encodeMediaRef({ kind, url: media.url ?? null, directPath: media.directPath ?? null, mediaKey, mimeType: media.mimetype ?? null }),
        mimeType: media.mimetype?.slice(0, 100) ?? null,
        filename: media.fileName?.slice(0, 255) ?? null,
        caption: caption?.slice(0, 4096) ?? null,
        sha256: b64(media.fileSha256),
        size: Number.isFinite(size) && size >= 0 ? size : null,
        voice: kind === 'audio' && Boolean(media.ptt),
      },
    };
  }
  const loc = m.locationMessage ?? m.liveLocationMessage;
  if (loc && typeof loc.degreesLatitude === 'number' && typeof loc.degreesLongitude === 'number') {
    return {
      type: 'location', text: null, replyTo: ctx(loc),
      location: {
        latitude: loc.degreesLatitude, longitude: loc.degreesLongitude,
        name: loc.name?.slice(0, 1000) ?? null, address: loc.address?.slice(0, 1000) ?? null,
      },
    };
  }
  if (m.contactMessage) {
    return {
      type: 'contacts', text: null, replyTo: ctx(m.contactMessage),
      contacts: [parseVcard(m.contactMessage.displayName, m.contactMessage.vcard)],
    };
  }
  if (m.contactsArrayMessage) {
    const list = (m.contactsArrayMessage.contacts ?? []).slice(0, 50).map((c) => parseVcard(c.displayName, c.vcard));
    return { type: 'contacts', text: null, replyTo: ctx(m.contactsArrayMessage), contacts: list };
  }
  if (m.reactionMessage) {
    const target = m.reactionMessage.key?.id;
    if (!target) return null;
    return { type: 'reaction', text: null, replyTo: null, reaction: { messageId: target, emoji: m.reactionMessage.text ?? '' } };
  }
  if (m.protocolMessage || m.senderKeyDistributionMessage || m.editedMessage) return null;
  return { type: 'unsupported', text: null, replyTo: null };
}
