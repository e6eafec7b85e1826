/**
 * Envio: o pedido da API (já validado em http.ts) vira o conteúdo do Baileys; o número vira um JID conferido no
 * WhatsApp (`onWhatsApp`, com o nono dígito brasileiro) e guardado em cache; o ritmo por sessão espaça os envios.
 */

export type SendType = 'text' | 'image' | 'video' | 'document' | 'audio' | 'location' | 'reaction';
export const SEND_TYPES: readonly SendType[] = ['text', 'image', 'video', 'document', 'audio', 'location', 'reaction'];

/** Mensagem citada ou alvo de uma reação: o id no WhatsApp e se fomos nós que a enviamos. */
export interface MessageRef {
  providerMessageId: string;
  fromMe: boolean;
  text?: string | null;
}

export interface SendInput {
  messageId: string;
  to: string;
  type: SendType;
  text?: string;
  media?: { data: Buffer; mimeType?: string | null; filename?: string | null; caption?: string | null };
  ptt?: boolean;
  location?: { latitude: number; longitude: number; name?: string | null; address?: string | null };
  reaction?: MessageRef & { emoji: string };
  replyTo?: MessageRef | null;
}

export interface SendResult {
  providerMessageId: string;
  jid: string;
  /** Áudio pedido como nota de voz que foi como arquivo (só OGG/Opus vira nota de voz). */
  voice?: boolean;
}

const DEFAULT_MIME: Record<string, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  document: 'application/octet-stream',
  audio: 'audio/mpeg',
};

/** A nota de voz do WhatsApp é OGG/Opus; outro formato como nota de voz não toca em todos os celulares. */
export function isOggOpus(mimeType: string | null | undefined): boolean {
  return /^audio\/(ogg|opus)\b/i.test(mimeType ?? '');
}

/** O conteúdo no formato do `sendMessage` do Baileys. */
export function buildContent(input: SendInput, jid: string): { content: Record<string, unknown>; voice?: boolean } {
  const media = input.media;
  const mimetype = media?.mimeType || DEFAULT_MIME[input.type];
  switch (input.type) {
    case 'text':
      return { content: { text: input.text ?? '' } };
    case 'image':
    case 'video':
      return { content: { [input.type]: media!.data, mimetype, ...(media!.caption ? { caption: media!.caption } : {}) } };
    case 'document':
      return {
        content: {
          document: media!.data,
          mimetype,
          fileName: media!.filename || 'arquivo',
          ...(media!.caption ? { caption: media!.caption } : {}),
        },
      };
    case 'audio': {
      const voice = Boolean(input.ptt) && isOggOpus(media!.mimeType);
      return {
        content: { audio: media!.data, mimetype: voice ? 'audio/ogg; codecs=opus' : mimetype, ptt: voice },
        voice,
      };
    }
    case 'location': {
      const loc = input.location!;
      return {
        content: {
          location: {
            degreesLatitude: loc.latitude,
            degreesLongitude: loc.longitude,
            ...(loc.name ? { name: loc.name } : {}),
            ...(loc.address ? { address: loc.address } : {}),
          },
        },
      };
    }
    case 'reaction': {
      const r = input.reaction!;
      return { content: { react: { text: r.emoji, key: { remoteJid: jid, id: r.providerMessageId, fromMe: r.fromMe } } } };
    }
  }
}

/** A mensagem citada no formato que o Baileys usa para montar o contexto da resposta. */
export function quotedMessage(ref: MessageRef, jid: string) {
  return { key: { remoteJid: jid, id: ref.providerMessageId, fromMe: ref.fromMe }, message: { conversation: ref.text ?? '' } };
}

/**
 * As formas do número a perguntar ao WhatsApp. No Brasil, celulares ganharam o nono dígito, mas contas antigas
 * ainda estão registradas sem ele (e o contrário): pergunta pelas duas formas e usa a que existe.
 */
export function candidateNumbers(digits: string): string[] {
  const out = [digits];
  if (digits.startsWith('55')) {
    const ddd = digits.slice(2, 4);
    const local = digits.slice(4);
    if (local.length === 9 && local.startsWith('9')) out.push(`55${ddd}${local.slice(1)}`);
    else if (local.length === 8 && /^[6-9]/.test(local)) out.push(`55${ddd}9${local}`);
  }
  return out;
}

interface CacheEntry {
  jid: string | null;
  expiresAt: number;
}

/** Cache número → JID (ou "sem WhatsApp") de uma sessão, com validade e teto de tamanho (o mais velho sai). */
export class JidCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly ttlMs = 24 * 3600_000,
    private readonly missingTtlMs = 3600_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(digits: string, now = Date.now()): CacheEntry | undefined {
    const entry = this.entries.get(digits);
    if (entry && entry.expiresAt <= now) {
      this.entries.delete(digits);
      return undefined;
    }
    return entry;
  }

  set(digits: string, jid: string | null, now = Date.now()): void {
    this.entries.delete(digits);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(digits, { jid, expiresAt: now + (jid ? this.ttlMs : this.missingTtlMs) });
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface Pace {
  /** Intervalo mínimo entre dois envios da sessão (ms). */
  minIntervalMs: number;
  /** Atraso aleatório extra, de 0 até este valor (ms): envios em ritmo exato parecem robô. */
  jitterMs: number;
}

export class PaceExceeded extends Error {
  constructor(readonly retryAfterMs: number) {
    super('ritmo excedido');
  }
}

/**
 * Ritmo de uma sessão: os envios saem um de cada vez, espaçados por `minIntervalMs` + jitter. Um envio que teria de
 * esperar mais que `maxWaitMs` na fila é recusado na hora (a API tenta de novo depois) em vez de segurar a conexão.
 */
export class Pacer {
  private nextAt = 0;

  constructor(
    public pace: Pace,
    private readonly maxWaitMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** Reserva a vez do próximo envio; devolve quanto esperar (ms). */
  reserve(now = Date.now()): number {
    const at = Math.max(now, this.nextAt);
    const wait = at - now;
    if (wait > this.maxWaitMs) throw new PaceExceeded(wait);
    const gap = this.pace.minIntervalMs + this.random() * this.pace.jitterMs;
    this.nextAt = at + gap;
    return wait;
  }
}
