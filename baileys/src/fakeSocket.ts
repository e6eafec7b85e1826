import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { FAKE_MEDIA_PREFIX } from './media.js';
import type { SocketFactory, SocketOptions, WaSocket } from './socket.js';

export interface FakeOptions {
  /** Quando o QR simulado "é lido" (ms). */
  scanMs: number;
  /** Intervalo entre os passos simulados: entregue, lido, resposta (ms). */
  stepMs?: number;
  /** Número da conta quando o start não informa um. */
  defaultPhone?: string;
  /**
   * Quem tem WhatsApp: recebe o número perguntado (só dígitos) e diz o número registrado, ou null. Padrão: todo
   * número existe como foi escrito. Os testes usam para o nono dígito e para "número sem WhatsApp".
   */
  directory?: (digits: string) => string | null;
  /** Mapa LID → número que o WhatsApp já revelou (só testes). */
  lids?: Record<string, string>;
}

const MEDIA_FIELDS = ['image', 'video', 'audio', 'document'] as const;

function boom(statusCode: number, message: string): Error & { output: { statusCode: number } } {
  return Object.assign(new Error(message), { output: { statusCode } });
}

/** Simula o WhatsApp Web: QR ou código de pareamento, conexão, recibos e um contato que responde. */
export class FakeSocket implements WaSocket {
  readonly ev = new EventEmitter();
  user: { id: string; name?: string } | undefined;
  ended = false;
  private timers = new Set<NodeJS.Timeout>();
  private readonly stepMs: number;
  private readonly phone: string;

  constructor(
    private readonly options: SocketOptions,
    private readonly fake: FakeOptions,
  ) {
    this.stepMs = fake.stepMs ?? 1000;
    const me = options.auth.state.creds.me?.id;
    this.phone = me ? me.split(/[:@]/)[0]! : options.phoneNumber || fake.defaultPhone || '5511900000000';
    this.later(0, () => {
      this.emit('connection.update', { connection: 'connecting' });
      if (options.auth.state.creds.registered) {
        // Credenciais guardadas: conecta direto, sem QR.
        this.later(0, () => this.open());
      } else {
        this.emit('connection.update', { qr: `FAKE-QR-${randomBytes(16).toString('hex')}` });
        this.later(this.fake.scanMs, () => this.pair());
      }
    });
  }

  private later(ms: number, fn: () => void): void {
    if (this.ended) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.ended) fn();
    }, ms);
    this.timers.add(timer);
  }

  private emit(event: string, payload: unknown): void {
    if (!this.ended) this.ev.emit(event, payload);
  }

  private pair(): void {
    const creds = this.options.auth.state.creds;
    creds.me = { id: `${this.phone}:1@s.whatsapp.net`, name: 'Conta Simulada' };
    creds.registered = true;
    this.emit('creds.update', { me: creds.me, registered: true });
    this.open();
  }

  private open(): void {
    const me = this.options.auth.state.creds.me;
    this.user = { id: me?.id ?? `${this.phone}:1@s.whatsapp.net`, name: me?.name ?? 'Conta Simulada' };
    this.emit('connection.update', { connection: 'open', isNewLogin: false });
  }

  /** Só para testes: fecha com um código de desconexão do WhatsApp. */
  closeWith(statusCode: number, message = 'Simulated close'): void {
    const error = boom(statusCode, message);
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
    this.stop();
  }

  /** Só para testes: um contato manda uma mensagem. */
  receive(message: unknown): void {
    this.emit('messages.upsert', { type: 'notify', messages: [message] });
  }

  /** Só para testes: recibos arbitrários. */
  receipt(update: unknown): void {
    this.emit('messages.update', [update]);
  }

  async requestPairingCode(phoneNumber: string): Promise<string> {
    if (this.ended) throw boom(428, 'Connection Closed');
    const code = randomBytes(4).toString('hex').toUpperCase();
    // O usuário "digita" o código no celular: conecta como se o QR tivesse sido lido.
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.later(this.fake.scanMs, () => this.pair());
    void phoneNumber;
    return code;
  }

  /** Tudo o que foi enviado por este socket, na ordem (os testes conferem o conteúdo e as opções). */
  readonly sent: Array<{ jid: string; content: Record<string, unknown>; options: { messageId: string; quoted?: unknown } }> = [];
  readonly reads: Array<{ remoteJid: string; id: string; fromMe: boolean }> = [];
  readonly lookups: string[][] = [];
  readonly signalRepository = {
    lidMapping: { getPNForLID: async (lid: string) => this.fake.lids?.[lid] ?? null },
  };

  async onWhatsApp(...jids: string[]) {
    if (this.ended || !this.user) throw boom(428, 'Connection Closed');
    this.lookups.push(jids);
    const directory = this.fake.directory ?? ((digits: string) => digits);
    const out: Array<{ jid: string; exists: boolean }> = [];
    for (const jid of jids) {
      const registered = directory(jid.split('@')[0]!);
      if (registered && !out.some((r) => r.jid === `${registered}@s.whatsapp.net`)) {
        out.push({ jid: `${registered}@s.whatsapp.net`, exists: true });
      }
    }
    return out;
  }

  async readMessages(keys: Array<{ remoteJid: string; id: string; fromMe: boolean }>) {
    if (this.ended || !this.user) throw boom(428, 'Connection Closed');
    this.reads.push(...keys);
  }

  async sendMessage(jid: string, content: Record<string, unknown>, options: { messageId: string; quoted?: unknown }) {
    if (this.ended || !this.user) throw boom(428, 'Connection Closed');
    this.sent.push({ jid, content, options });
    const id = options.messageId;
    const key = { id, remoteJid: jid, fromMe: true };
    // Reação não tem recibos nem resposta.
    if (content.react) return { key };
    this.later(this.stepMs, () => {
      this.emit('messages.update', [{ key, update: { status: 3 } }]);
      this.later(this.stepMs, () => {
        this.emit('messages.update', [{ key, update: { status: 4 } }]);
        this.later(this.stepMs, () =>
          this.receive({
            key: { id: '3EB0' + randomBytes(9).toString('hex').toUpperCase(), remoteJid: jid, fromMe: false },
            pushName: 'Contato Simulado',
            messageTimestamp: Math.floor(Date.now() / 1000),
            message: this.answer(content, id),
          }),
        );
      });
    });
    return { key };
  }

  /** O contato simulado responde o texto com "Recebido: <texto>" e devolve a mídia que recebeu (com legenda). */
  private answer(content: Record<string, unknown>, id: string): Record<string, unknown> {
    const contextInfo = { stanzaId: id };
    for (const field of MEDIA_FIELDS) {
      const data = content[field];
      if (!Buffer.isBuffer(data)) continue;
      const caption = typeof content.caption === 'string' ? content.caption : field;
      return {
        [`${field}Message`]: {
          url: FAKE_MEDIA_PREFIX + data.toString('base64'),
          mediaKey: randomBytes(32).toString('base64'),
          mimetype: content.mimetype,
          fileLength: data.length,
          ...(field === 'audio' ? { ptt: Boolean(content.ptt) } : { caption: `Recebido: ${caption}` }),
          ...(field === 'document' ? { fileName: content.fileName } : {}),
          contextInfo,
        },
      };
    }
    const text = typeof content.text === 'string' ? content.text : content.location ? 'localização' : 'mensagem';
    return { extendedTextMessage: { text: `Recebido: ${text}`, contextInfo } };
  }

  async logout(): Promise<void> {
    this.closeWith(401, 'Intentional Logout');
  }

  end(): void {
    this.stop();
  }

  private stop(): void {
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

export interface FakeFactory extends SocketFactory {
  sockets: FakeSocket[];
}

export function fakeSocketFactory(fake: FakeOptions): FakeFactory {
  const sockets: FakeSocket[] = [];
  return Object.assign(
    async (options: SocketOptions) => {
      const sock = new FakeSocket(options, fake);
      sockets.push(sock);
      return sock;
    },
    { sockets },
  );
}
