import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { SessionAuth } from './authStore.js';

/** O subconjunto do socket do Baileys que o gerenciador usa; o simulador implementa o mesmo. */
export interface WaSocket {
  ev: Pick<EventEmitter, 'on'>;
  user?: { id: string; name?: string } | undefined;
  sendMessage(
    jid: string,
    content: Record<string, unknown>,
    options: { messageId: string; quoted?: unknown },
  ): Promise<{ key: { id?: string | null; remoteJid?: string | null } } | undefined>;
  /** Quais números têm WhatsApp (só os que existem voltam), com o JID de cada um. */
  onWhatsApp(...phoneNumbers: string[]): Promise<Array<{ jid: string; exists: unknown }> | undefined>;
  readMessages(keys: Array<{ remoteJid: string; id: string; fromMe: boolean }>): Promise<void>;
  /** Mapa LID → número do Baileys v7 (o simulador não tem). */
  signalRepository?: { lidMapping?: { getPNForLID(lid: string): Promise<string | null> } };
  requestPairingCode(phoneNumber: string): Promise<string>;
  logout(): Promise<void>;
  end(error?: Error): void;
}

export interface SocketOptions {
  sessionId: string;
  auth: SessionAuth;
  logger: Logger;
  /** Número pedido no start (o simulador usa como conta conectada). */
  phoneNumber?: string | null;
}

export type SocketFactory = (options: SocketOptions) => Promise<WaSocket>;

/** Erro com o código de desconexão no formato do Boom que o Baileys usa. */
export interface DisconnectError {
  message?: string;
  output?: { statusCode?: number };
}
