import { randomUUID } from 'node:crypto';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { AuthStore, SessionMeta } from './authStore.js';
import { waMessageId } from './crypto.js';
import { decodeMediaRef, normalizeContent, type WaContent } from './inbound.js';
import { MediaGone, MediaTooLarge, type MediaDownloader } from './media.js';
import {
  buildContent, candidateNumbers, JidCache, PaceExceeded, Pacer, quotedMessage, type Pace, type SendInput, type SendResult,
} from './outgoing.js';
import type { Outbox, OutboxEvent } from './outbox.js';
import type { LeaseKeeper, LeaseStore } from './lease.js';
import type { DisconnectError, SocketFactory, WaSocket } from './socket.js';
import { detached, markError, TraceMemo, traceparentOf, tracer } from './telemetry.js';

export type SessionState = 'connecting' | 'qr' | 'connected' | 'disconnected' | 'logged_out' | 'failed';

export interface SessionView {
  sessionId: string;
  state: SessionState;
  qr: string | null;
  pairingCode: string | null;
  phoneNumber: string | null;
  profileName: string | null;
  detail: string | null;
}

export interface StartOptions {
  phoneNumber?: string | null;
  usePairingCode?: boolean;
  receiveGroups?: boolean;
  /** Receber também status (stories) dos contatos e publicações de canais (newsletters). */
  receiveStatus?: boolean;
  receiveNewsletters?: boolean;
  /** Ritmo de envio desta sessão (o padrão do serviço vale para o que faltar). */
  pace?: Partial<Pace> | null;
}

interface Session extends SessionView {
  options: StartOptions;
  sock: WaSocket | null;
  /** Muda a cada socket novo: eventos de um socket antigo são ignorados. */
  generation: number;
  reconnectTimer: NodeJS.Timeout | null;
  attempts: number;
  pairingRequested: boolean;
  connectingNow: boolean;
  jids: JidCache;
  pacer: Pacer;
  /** Mensagens recebidas tratadas em ordem (a resolução de LID espera a rede; a ordem da conversa não pode virar). */
  inbound: Promise<void>;
  /**
   * Span da tentativa de conexão em curso (do connect até open/close): QR e código de pareamento viram eventos dele,
   * e os callbacks de estado dessa tentativa vão no trace dele (o do pedido de start, quando veio de um).
   */
  connectSpan: Span | null;
}

export class SessionError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    /** Campos a mais no problema (ex.: `owner`, a instância dona da sessão). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail);
  }
}

/** Quem roda cada sessão quando há várias instâncias (lease no armazenamento compartilhado). */
export interface LeaseBinding {
  keeper: LeaseKeeper;
  store: LeaseStore;
  instanceId: string;
}

export interface ManagerOptions {
  factory: SocketFactory;
  auth: AuthStore;
  outbox: Outbox;
  logger: Logger;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  onInbound?: (kind: 'message' | 'status') => void;
  onSent?: (type: string) => void;
  /** Ritmo padrão dos envios de cada sessão. */
  pace?: Pace;
  /** Quanto um envio pode esperar a vez no ritmo da sessão antes de ser recusado com 429 (ms). */
  paceMaxWaitMs?: number;
  downloader?: MediaDownloader;
  mediaMaxBytes?: number;
}

const RESTART_REQUIRED = 515;
const LOGGED_OUT = 401;
const FORBIDDEN = 403;
const CONNECTION_REPLACED = 440;
const TIMED_OUT = 408;

const STATUS_NAMES: Record<number, string> = { 2: 'sent', 3: 'delivered', 4: 'read', 5: 'played' };

/** Só os dígitos do número: tira `@s.whatsapp.net` e o sufixo de aparelho `:N`. */
export function jidDigits(jid: string): string {
  return jid.split('@')[0]!.split(':')[0]!.replace(/\D/g, '');
}

function statusCodeOf(error: unknown): number | undefined {
  return (error as DisconnectError | undefined)?.output?.statusCode;
}

/**
 * As sessões WhatsApp Web: um socket por sessão (nunca dois: o WhatsApp derruba ambos com 440), a política de
 * reconexão por código de desconexão e a tradução dos eventos do Baileys para os callbacks do núcleo.
 */
export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private closing = false;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;

  private readonly defaultPace: Pace;
  private lease: LeaseBinding | null = null;
  private scanTimer: NodeJS.Timeout | null = null;
  /** sessão:id da mensagem no WhatsApp → traceparent do envio (os recibos chegam depois, sem contexto). */
  private readonly sendTraces = new TraceMemo();

  constructor(private readonly opts: ManagerOptions) {
    this.backoffBaseMs = opts.backoffBaseMs ?? 1000;
    this.backoffMaxMs = opts.backoffMaxMs ?? 60_000;
    this.defaultPace = opts.pace ?? { minIntervalMs: 0, jitterMs: 0 };
  }

  get(sessionId: string): SessionView | undefined {
    const s = this.sessions.get(sessionId);
    return s ? this.view(s) : undefined;
  }

  countByState(): Record<SessionState, number> {
    const counts: Record<SessionState, number> = {
      connecting: 0, qr: 0, connected: 0, disconnected: 0, logged_out: 0, failed: 0,
    };
    for (const s of this.sessions.values()) counts[s.state] += 1;
    return counts;
  }

  private view(s: Session): SessionView {
    const { sessionId, state, qr, pairingCode, phoneNumber, profileName, detail } = s;
    return { sessionId, state, qr, pairingCode, phoneNumber, profileName, detail };
  }

  /**
   * Liga o lease: cada sessão só roda na instância que segura o lease dela. De tempos em tempos, sessões com
   * credenciais guardadas e sem dono (a instância delas morreu ou desligou) são assumidas por esta, sem novo QR.
   */
  useLeases(binding: LeaseBinding, scanEveryMs: number): void {
    this.lease = binding;
    if (scanEveryMs <= 0) return;
    this.scanTimer = setInterval(() => {
      this.adoptOrphans().catch((err) => this.opts.logger.warn({ err: String(err) }, 'Falha ao procurar sessões sem dono'));
    }, scanEveryMs);
    this.scanTimer.unref();
  }

  /** O lease desta sessão foi perdido: o socket para na hora (sem logout); quem assumiu reporta o estado. */
  leaseLost(sessionId: string, reason: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.log(session).warn({ reason }, 'Lease da sessão perdido; socket parado aqui (outra instância assume)');
    this.detach(session)?.end();
    this.sessions.delete(sessionId);
  }

  /** Assume as sessões guardadas que ninguém roda (instância morta ou desligada). */
  async adoptOrphans(): Promise<string[]> {
    if (!this.lease || this.closing) return [];
    const adopted: string[] = [];
    for (const id of await this.opts.auth.storedSessions()) {
      if (this.closing) break;
      if (this.sessions.has(id) || (await this.lease.store.owner(id))) continue;
      if (await this.resume(id)) adopted.push(id);
    }
    if (adopted.length) this.opts.logger.info({ sessions: adopted.length }, 'Sessões assumidas de outra instância');
    return adopted;
  }

  private async resume(sessionId: string): Promise<boolean> {
    const meta = (await this.opts.auth.readMeta(sessionId)) ?? {};
    try {
      await this.start(sessionId, { ...meta, usePairingCode: false });
      return true;
    } catch (err) {
      // Outra instância pegou antes: é dela.
      if (err instanceof SessionError && err.status === 421) return false;
      throw err;
    }
  }

  /** Retoma, no start do serviço, as sessões com credenciais guardadas (as que outra instância não roda). */
  async resumeStored(): Promise<string[]> {
    const ids: string[] = [];
    for (const id of await this.opts.auth.storedSessions()) {
      if (await this.resume(id)) ids.push(id);
    }
    return ids;
  }

  /**
   * Sessão que não roda aqui: 421 com o endereço da instância dona (a API repete o pedido lá) ou 404 se ninguém a
   * roda.
   */
  async locate(sessionId: string): Promise<never> {
    const owner = this.lease ? await this.ownerOf(sessionId) : null;
    if (owner && owner.instanceId !== this.lease?.instanceId) throw elsewhere(owner.url);
    throw notFound();
  }

  private async ownerOf(sessionId: string) {
    try {
      return await this.lease!.store.owner(sessionId);
    } catch (err) {
      this.opts.logger.error({ err: String(err) }, 'Armazenamento dos leases fora do ar');
      throw storeDown();
    }
  }


  async start(sessionId: string, options: StartOptions = {}): Promise<SessionView> {
    if (this.closing) {
      throw new SessionError(503, 'servico_encerrando', 'Serviço encerrando', 'O serviço está sendo desligado.');
    }
    const existing = this.sessions.get(sessionId);
    // Sessão viva (socket aberto, abrindo ou esperando reconexão): o segundo start só devolve o estado.
    if (existing && (existing.sock || existing.reconnectTimer || existing.connectingNow)) return this.view(existing);
    const session: Session = existing ?? {
      sessionId, state: 'disconnected', qr: null, pairingCode: null, phoneNumber: null, profileName: null, detail: null,
      options: {}, sock: null, generation: 0, reconnectTimer: null, attempts: 0, pairingRequested: false,
      connectingNow: false, jids: new JidCache(), pacer: new Pacer(this.defaultPace, this.opts.paceMaxWaitMs ?? 10_000),
      inbound: Promise.resolve(), connectSpan: null,
    };
    session.options = { ...options };
    session.pacer.pace = { ...this.defaultPace, ...(options.pace ?? {}) };
    session.attempts = 0;
    // Marca já (antes de qualquer await): um segundo start simultâneo não abre outro socket.
    session.connectingNow = true;
    this.sessions.set(sessionId, session);
    if (this.lease) {
      // Nunca dois sockets numa sessão: só abre quem segura o lease.
      let result;
      try {
        result = await this.lease.keeper.acquire(sessionId);
      } catch (err) {
        session.connectingNow = false;
        if (!existing) this.sessions.delete(sessionId);
        this.opts.logger.error({ err: String(err) }, 'Armazenamento dos leases fora do ar');
        throw storeDown();
      }
      if (!result.held) {
        session.connectingNow = false;
        if (!existing) this.sessions.delete(sessionId);
        throw elsewhere(result.owner?.url ?? null);
      }
    }
    const meta: SessionMeta = {
      phoneNumber: options.phoneNumber ?? null,
      usePairingCode: Boolean(options.usePairingCode),
      receiveGroups: Boolean(options.receiveGroups),
      receiveStatus: Boolean(options.receiveStatus),
      receiveNewsletters: Boolean(options.receiveNewsletters),
      pace: options.pace ?? null,
    };
    try {
      await this.opts.auth.writeMeta(sessionId, meta);
    } catch (err) {
      session.connectingNow = false;
      throw err;
    }
    await this.connect(session);
    return this.view(session);
  }

  private async connect(session: Session): Promise<void> {
    session.connectingNow = true;
    const generation = ++session.generation;
    session.pairingRequested = false;
    // Filho do span ativo: o pedido de start, o fechamento que pediu a reconexão, ou nada (retomada no start).
    this.endConnectSpan(session, 'session.superseded');
    const span = tracer().startSpan('baileys.session.connect', {
      kind: SpanKind.INTERNAL,
      attributes: { 'wacs.session.id': session.sessionId, 'wacs.session.attempt': session.attempts },
    });
    session.connectSpan = span;
    const spanCtx = trace.setSpan(context.active(), span);
    try {
      const auth = await this.opts.auth.load(session.sessionId);
      context.with(spanCtx, () => this.update(session, { state: 'connecting', qr: null, pairingCode: null, detail: null }));
      // O socket nasce fora de qualquer trace: senão tudo o que ele fizesse por dias herdaria o trace deste pedido.
      const sock = await context.with(ROOT_CONTEXT, () => this.opts.factory({
        sessionId: session.sessionId,
        auth,
        logger: this.opts.logger.child({ sessionId: session.sessionId }),
        phoneNumber: session.options.phoneNumber ?? null,
      }));
      if (generation !== session.generation || this.closing) {
        sock.end();
        return;
      }
      session.sock = sock;
      const current = () => generation === session.generation;
      // Os eventos do socket também: cada um decide o seu trace (recibo → o do envio; conexão → o da tentativa).
      sock.ev.on('creds.update', detached(() => {
        if (current()) auth.saveCreds().catch((err) => this.log(session).error({ err }, 'Falha ao gravar as credenciais'));
      }));
      sock.ev.on('connection.update', detached((update: ConnectionUpdate) => {
        if (current()) void this.onConnection(session, sock, update, auth.state.creds.registered);
      }));
      sock.ev.on('messages.upsert', detached((upsert: MessagesUpsert) => {
        if (!current()) return;
        session.inbound = session.inbound
          .then(() => this.onUpsert(session, sock, upsert))
          .catch((err) => this.log(session).error({ err: String(err) }, 'Falha ao tratar mensagem recebida'));
      }));
      sock.ev.on('messages.update', detached((updates: MessageUpdate[]) => {
        // Pela mesma fila das mensagens: os eventos saem na ordem em que o WhatsApp os mandou.
        if (!current()) return;
        session.inbound = session.inbound
          .then(() => this.onReceipts(session, updates))
          .catch((err) => this.log(session).error({ err: String(err) }, 'Falha ao tratar recibos'));
      }));
    } catch (err) {
      await context.with(spanCtx, async () => {
        this.log(session).error({ err: String(err) }, 'Falha ao abrir o socket da sessão');
        markError(span, (err as Error)?.name || 'Error');
        this.endConnectSpan(session, 'session.open_failed');
        this.scheduleReconnect(session, 'Falha ao abrir a conexão com o WhatsApp; nova tentativa em instantes.');
      });
    } finally {
      session.connectingNow = false;
    }
  }

  /** Fecha o span da tentativa de conexão (se houver) com um último evento. */
  private endConnectSpan(session: Session, event: string): Span | null {
    const span = session.connectSpan;
    if (!span) return null;
    session.connectSpan = null;
    span.addEvent(event);
    span.end();
    return span;
  }

  private log(session: Session): Logger {
    return this.opts.logger.child({ sessionId: session.sessionId });
  }

  private async onConnection(session: Session, sock: WaSocket, update: ConnectionUpdate, registered: boolean) {
    // No trace da tentativa de conexão: logs e callbacks de estado (QR, conectada) ficam ligados a ela.
    const span = session.connectSpan;
    const ctx = span ? trace.setSpan(ROOT_CONTEXT, span) : context.active();
    return context.with(ctx, () => this.handleConnection(session, sock, update, registered));
  }

  private async handleConnection(session: Session, sock: WaSocket, update: ConnectionUpdate, registered: boolean) {
    const span = session.connectSpan;
    if (update.qr) {
      const phone = session.options.phoneNumber;
      if (session.options.usePairingCode && phone && !registered) {
        if (session.pairingRequested) return;
        session.pairingRequested = true;
        // Nunca o código nem o número no span: só que aconteceu.
        span?.addEvent('session.pairing_code');
        try {
          const code = await sock.requestPairingCode(phone);
          this.update(session, { state: 'qr', qr: null, pairingCode: code, detail: null });
        } catch (err) {
          this.log(session).error({ err: String(err) }, 'Falha ao pedir o código de pareamento');
          this.update(session, { state: 'qr', qr: update.qr, pairingCode: null, detail: 'Não foi possível gerar o código de pareamento; use o QR.' });
        }
      } else {
        span?.addEvent('session.qr');
        this.update(session, { state: 'qr', qr: update.qr, pairingCode: null, detail: null });
      }
    }
    if (update.connection === 'open') {
      session.attempts = 0;
      span?.setStatus({ code: SpanStatusCode.OK });
      const user = sock.user;
      this.update(session, {
        state: 'connected', qr: null, pairingCode: null, detail: null,
        phoneNumber: user?.id ? jidDigits(user.id) : session.phoneNumber,
        profileName: user?.name ?? session.profileName,
      });
      this.log(session).info('Sessão conectada');
      this.endConnectSpan(session, 'session.open');
    } else if (update.connection === 'close') {
      await this.onClose(session, sock, update.lastDisconnect?.error);
    }
  }

  private async onClose(session: Session, sock: WaSocket, error: unknown): Promise<void> {
    // Este socket acabou: eventos atrasados dele não contam mais.
    session.generation += 1;
    session.sock = null;
    sock.end();
    const code = statusCodeOf(error);
    // Fechou durante a tentativa de conexão: o evento vai no span dela; conexão que já estava aberta: span próprio.
    // A reconexão (e os callbacks de estado) nasce dentro deste contexto, filha deste span.
    const span = session.connectSpan ?? tracer().startSpan('baileys.session.close', {
      kind: SpanKind.INTERNAL, attributes: { 'wacs.session.id': session.sessionId },
    }, ROOT_CONTEXT);
    session.connectSpan = null;
    span.addEvent('session.close', code === undefined ? {} : { 'wacs.disconnect.code': code });
    if (code !== undefined) span.setAttribute('wacs.disconnect.code', code);
    if (code !== RESTART_REQUIRED) markError(span, code === undefined ? 'connection_closed' : `disconnect_${code}`);
    try {
      await context.with(trace.setSpan(ROOT_CONTEXT, span), () => this.closed(session, code, error));
    } finally {
      span.end();
    }
  }

  private async closed(session: Session, code: number | undefined, error: unknown): Promise<void> {
    const message = (error as DisconnectError | undefined)?.message ?? '';
    this.log(session).info({ code, message }, 'Conexão fechada');
    if (this.closing) return;
    if (code === RESTART_REQUIRED) {
      // Normal logo depois do pareamento: o WhatsApp pede um socket novo.
      await this.connect(session);
    } else if (code === LOGGED_OUT || code === FORBIDDEN) {
      await this.opts.auth.wipeCreds(session.sessionId);
      this.update(session, {
        state: 'logged_out', qr: null, pairingCode: null,
        detail: code === FORBIDDEN
          ? 'O WhatsApp bloqueou o acesso desta conta; conecte de novo quando resolvido.'
          : 'A sessão foi desconectada no celular; leia um novo QR para conectar de novo.',
      });
    } else if (code === CONNECTION_REPLACED) {
      this.update(session, {
        state: 'failed', qr: null, pairingCode: null,
        detail: 'Outra conexão assumiu esta sessão (WhatsApp Web aberto em outro lugar); a sessão foi parada.',
      });
    } else if (code === TIMED_OUT && (session.state === 'qr' || /QR refs attempts ended/i.test(message))) {
      this.update(session, {
        state: 'disconnected', qr: null, pairingCode: null,
        detail: 'O QR expirou sem ser lido; peça um novo para conectar.',
      });
    } else {
      this.scheduleReconnect(session, `A conexão caiu (código ${code ?? 'desconhecido'}); reconectando.`);
    }
  }

  private scheduleReconnect(session: Session, detail: string): void {
    if (this.closing || session.reconnectTimer) return;
    session.attempts += 1;
    const cap = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** (session.attempts - 1));
    const delay = cap / 2 + Math.random() * (cap / 2);
    this.update(session, { state: 'disconnected', qr: null, pairingCode: null, detail });
    session.reconnectTimer = setTimeout(() => {
      session.reconnectTimer = null;
      if (!this.closing && this.sessions.get(session.sessionId) === session) void this.connect(session);
    }, delay);
  }

  private update(session: Session, changes: Partial<SessionView>): void {
    const before = JSON.stringify(this.view(session));
    Object.assign(session, changes);
    const after = this.view(session);
    if (JSON.stringify(after) === before) return;
    // O callback de estado vai no trace de quem mudou o estado (pedido de start/logout, tentativa de conexão).
    this.emit('session-update', {
      kind: 'session', ...after, timestamp: new Date().toISOString(), eventId: randomUUID().replace(/-/g, ''),
    }, traceparentOf());
  }

  private emit(
    path: 'incoming-message' | 'status-update' | 'session-update', event: Record<string, unknown>, traceparent?: string,
  ) {
    this.opts.outbox.append(path, event as OutboxEvent, traceparent).catch((err) => {
      this.opts.logger.error({ err: String(err), path }, 'Falha ao gravar o evento na fila de callbacks');
    });
  }

  /** O número de quem mandou: no v7 a conversa pode vir pelo LID, com o número em `*Alt` ou no mapa LID → número. */
  private async senderOf(session: Session, sock: WaSocket, key: WaKey): Promise<string | null> {
    const jid = key.remoteJid ?? '';
    const viaParticipant = jid.endsWith('@g.us') || jid === 'status@broadcast';
    let sender = viaParticipant ? (key.participantAlt ?? key.participant ?? '') : (jid.endsWith('@lid') ? (key.remoteJidAlt ?? jid) : jid);
    if (jid.endsWith('@newsletter')) sender = jid;
    if (sender.endsWith('@lid')) {
      const phone = await sock.signalRepository?.lidMapping?.getPNForLID(sender).catch(() => null);
      if (phone) sender = phone;
      else this.log(session).warn({ lid: sender }, 'LID sem número conhecido: a mensagem vai com o LID no lugar do número');
    }
    return jidDigits(sender) || null;
  }

  private async onUpsert(session: Session, sock: WaSocket, upsert: MessagesUpsert): Promise<void> {
    if (upsert.type !== 'notify') return;
    for (const msg of upsert.messages ?? []) {
      const jid = msg.key?.remoteJid ?? '';
      if (!msg.key?.id || msg.key.fromMe) continue;
      const { receiveGroups, receiveStatus, receiveNewsletters } = session.options;
      if (jid === 'status@broadcast' ? !receiveStatus : jid.endsWith('@newsletter') ? !receiveNewsletters
        : jid.endsWith('@broadcast') || (jid.endsWith('@g.us') && !receiveGroups)) continue;
      const from = await this.senderOf(session, sock, msg.key);
      if (!from) continue;
      const body = normalizeContent(msg.message);
      if (!body) continue;
      // Vem como número ou Long (protobuf): a forma em texto serve aos dois.
      const seconds = Number(String(msg.messageTimestamp ?? 0));
      this.opts.onInbound?.('message');
      this.emit('incoming-message', {
        kind: 'message', sessionId: session.sessionId, messageId: msg.key.id, from, pushName: msg.pushName ?? null,
        // Grupo, status ou canal de onde veio (o `from` é o participante): os agentes de IA não respondem em grupo.
        ...(jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid') ? {} : { chat: jid }),
        ...body,
        timestamp: new Date(seconds > 0 ? seconds * 1000 : Date.now()).toISOString(),
      });
    }
  }

  private async onReceipts(session: Session, updates: MessageUpdate[]): Promise<void> {
    for (const u of updates ?? []) {
      const status = u.update?.status;
      const name = typeof status === 'number' ? STATUS_NAMES[status] : undefined;
      if (!name || !u.key?.id || u.key.fromMe === false) continue;
      this.opts.onInbound?.('status');
      // O recibo chega pelo socket, sem contexto: o trace vem do que foi lembrado no envio desta mensagem.
      this.emit('status-update', {
        kind: 'status', sessionId: session.sessionId, messageId: u.key.id, status: name,
        timestamp: new Date().toISOString(),
      }, this.sendTraces.get(`${session.sessionId}:${u.key.id}`));
    }
  }

  private async connected(sessionId: string): Promise<Session & { sock: WaSocket }> {
    const session = this.sessions.get(sessionId);
    if (!session) return this.locate(sessionId);
    if (session.state !== 'connected' || !session.sock) {
      throw new SessionError(409, 'sessao_desconectada', 'Sessão desconectada',
        'A sessão não está conectada ao WhatsApp; conecte-a antes de enviar.');
    }
    return session as Session & { sock: WaSocket };
  }

  /**
   * O JID do número no WhatsApp, perguntado uma vez e guardado (o nono dígito brasileiro pode faltar ou sobrar no
   * cadastro do contato). Número sem WhatsApp: 422, e a mensagem falha de vez em vez de ser tentada de novo.
   */
  private async resolveJid(session: Session & { sock: WaSocket }, digits: string): Promise<string> {
    const cached = session.jids.get(digits);
    if (cached) {
      if (cached.jid) return cached.jid;
      throw noWhatsApp(digits);
    }
    let found: Array<{ jid: string; exists: unknown }> | undefined;
    try {
      found = await session.sock.onWhatsApp(...candidateNumbers(digits).map((n) => `${n}@s.whatsapp.net`));
    } catch (err) {
      this.log(session).warn({ err: String(err) }, 'Falha ao conferir o número no WhatsApp');
      throw new SessionError(503, 'consulta_numero_falhou', 'Consulta do número falhou',
        'Não foi possível conferir agora se o número tem WhatsApp; tente de novo.');
    }
    const jid = found?.find((r) => r.exists)?.jid ?? null;
    session.jids.set(digits, jid);
    if (!jid) throw noWhatsApp(digits);
    return jid;
  }

  /**
   * Span `baileys.send`: sessão, tipo e o messageId da API — nunca o número nem o texto. O traceparent dele fica
   * lembrado pelo id da mensagem no WhatsApp: os callbacks de status dela entram neste trace.
   */
  async send(sessionId: string, input: SendInput): Promise<SendResult> {
    return tracer().startActiveSpan('baileys.send', {
      kind: SpanKind.PRODUCER,
      attributes: {
        'wacs.session.id': sessionId,
        'wacs.message.type': input.type,
        'wacs.message.id': input.messageId,
        'messaging.system': 'whatsapp',
        'messaging.operation.type': 'send',
      },
    }, async (span) => {
      try {
        const result = await this.sendNow(sessionId, input, span);
        span.setAttribute('messaging.message.id', result.providerMessageId);
        return result;
      } catch (err) {
        markError(span, err instanceof SessionError ? err.code : (err as Error)?.name || 'Error');
        throw err;
      } finally {
        span.end();
      }
    });
  }

  private async sendNow(sessionId: string, input: SendInput, span: Span): Promise<SendResult> {
    let session = await this.connected(sessionId);
    const jid = await this.resolveJid(session, input.to);
    let wait: number;
    try {
      wait = session.pacer.reserve();
    } catch (err) {
      if (!(err instanceof PaceExceeded)) throw err;
      throw new SessionError(429, 'ritmo_excedido', 'Ritmo de envio excedido',
        `Há envios demais na fila desta sessão; tente de novo em ${Math.ceil(err.retryAfterMs / 1000)} s.`);
    }
    if (wait > 0) {
      span.setAttribute('wacs.pace.wait_ms', wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
      session = await this.connected(sessionId);
    }
    const { content, voice } = buildContent(input, jid);
    const id = waMessageId(input.messageId);
    const options = { messageId: id, ...(input.replyTo ? { quoted: quotedMessage(input.replyTo, jid) } : {}) };
    // Lembrado antes do envio: o recibo "enviado" pode chegar antes de o sendMessage devolver.
    const traceparent = traceparentOf();
    this.sendTraces.set(`${sessionId}:${id}`, traceparent);
    const result = await session.sock.sendMessage(jid, content, options);
    if (result?.key?.id && result.key.id !== id) this.sendTraces.set(`${sessionId}:${result.key.id}`, traceparent);
    this.opts.onSent?.(input.type);
    return { providerMessageId: result?.key?.id ?? id, jid, ...(voice === undefined ? {} : { voice }) };
  }

  /** Os dois tiques azuis nas mensagens recebidas do contato. */
  async markRead(sessionId: string, to: string, messageIds: string[]): Promise<void> {
    const session = await this.connected(sessionId);
    const jid = await this.resolveJid(session, to);
    await session.sock.readMessages(messageIds.map((id) => ({ remoteJid: jid, id, fromMe: false })));
  }

  /** Baixa a mídia de uma mensagem recebida pela referência entregue no callback (não precisa do socket). */
  async downloadMedia(ref: string): Promise<{ data: Buffer; mimeType: string }> {
    const descriptor = decodeMediaRef(ref);
    if (!descriptor) {
      throw new SessionError(422, 'referencia_invalida', 'Referência de mídia inválida',
        'A referência não é de uma mídia recebida por este serviço.');
    }
    const downloader = this.opts.downloader;
    if (!downloader) throw new SessionError(501, 'download_indisponivel', 'Download indisponível', 'Este serviço não baixa mídia.');
    try {
      const data = await downloader(descriptor, this.opts.mediaMaxBytes ?? 100 * 1024 * 1024);
      return { data, mimeType: descriptor.mimeType || 'application/octet-stream' };
    } catch (err) {
      if (err instanceof MediaGone) {
        throw new SessionError(410, 'midia_expirada', 'Mídia expirada',
          'O WhatsApp não tem mais esta mídia (expirou ou foi apagada); peça ao contato para enviar de novo.');
      }
      if (err instanceof MediaTooLarge) {
        throw new SessionError(413, 'midia_grande_demais', 'Mídia grande demais', 'A mídia passa do limite de download do serviço.');
      }
      this.opts.logger.warn({ err: String(err) }, 'Falha ao baixar mídia do WhatsApp');
      throw new SessionError(503, 'download_falhou', 'Download falhou',
        'Não foi possível baixar a mídia do WhatsApp agora; tente de novo.');
    }
  }

  async logout(sessionId: string): Promise<SessionView> {
    const session = this.sessions.get(sessionId);
    if (!session) return this.locate(sessionId);
    const sock = this.detach(session);
    if (sock) {
      try {
        await sock.logout();
      } catch (err) {
        this.log(session).warn({ err: String(err) }, 'Logout no WhatsApp falhou; credenciais apagadas mesmo assim');
      }
      sock.end();
    }
    await this.opts.auth.wipeCreds(sessionId);
    this.update(session, {
      state: 'logged_out', qr: null, pairingCode: null, detail: 'Sessão desconectada a pedido; leia um novo QR para conectar.',
    });
    return this.view(session);
  }

  async remove(sessionId: string): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session && this.lease) {
      // Rodando em outra instância: o pedido vai para ela (apagar daqui deixaria o socket de lá vivo).
      const owner = await this.ownerOf(sessionId);
      if (owner && owner.instanceId !== this.lease.instanceId) throw elsewhere(owner.url);
    }
    if (session) {
      this.detach(session)?.end();
      this.sessions.delete(sessionId);
    }
    await this.opts.auth.remove(sessionId);
    await this.lease?.keeper.release(sessionId).catch((err) => {
      this.opts.logger.warn({ err: String(err) }, 'Não consegui soltar o lease; ele vence sozinho');
    });
    return Boolean(session);
  }

  /** Solta o socket da sessão: depois disso nenhum evento dele é tratado. */
  private detach(session: Session): WaSocket | null {
    session.generation += 1;
    this.endConnectSpan(session, 'session.detached');
    if (session.reconnectTimer) clearTimeout(session.reconnectTimer);
    session.reconnectTimer = null;
    const sock = session.sock;
    session.sock = null;
    return sock;
  }

  /** Desligamento: fecha os sockets sem logout (as credenciais continuam valendo no próximo start). */
  async shutdown(): Promise<void> {
    this.closing = true;
    if (this.scanTimer) clearInterval(this.scanTimer);
    for (const session of this.sessions.values()) this.detach(session)?.end();
    await this.opts.auth.flush();
    if (this.lease) {
      // Solta os leases já: outra instância assume as sessões na próxima varredura, sem esperar o TTL.
      await this.lease.keeper.releaseAll();
      this.lease.keeper.stop();
    }
  }

  /** Só testes: para como uma instância que morreu (sem soltar os leases nem gravar nada). */
  abandon(): void {
    this.closing = true;
    if (this.scanTimer) clearInterval(this.scanTimer);
    this.lease?.keeper.stop();
    for (const session of this.sessions.values()) this.detach(session)?.end();
  }
}

function noWhatsApp(digits: string): SessionError {
  return new SessionError(422, 'numero_sem_whatsapp', 'Número sem WhatsApp', `O número ${digits} não tem conta no WhatsApp.`);
}

function elsewhere(url: string | null): SessionError {
  return new SessionError(421, 'sessao_em_outra_instancia', 'Sessão em outra instância',
    'Esta sessão roda em outra instância do serviço; repita o pedido no endereço em owner.', { owner: url });
}

function storeDown(): SessionError {
  return new SessionError(503, 'armazenamento_indisponivel', 'Armazenamento indisponível',
    'O armazenamento compartilhado das sessões não respondeu; tente de novo.');
}

function notFound(): SessionError {
  return new SessionError(404, 'sessao_nao_encontrada', 'Sessão não encontrada', 'Esta sessão não existe neste serviço.');
}

interface ConnectionUpdate {
  connection?: 'open' | 'connecting' | 'close';
  qr?: string;
  lastDisconnect?: { error?: unknown };
}

interface WaKey {
  id?: string | null;
  remoteJid?: string | null;
  remoteJidAlt?: string | null;
  participant?: string | null;
  participantAlt?: string | null;
  fromMe?: boolean | null;
}

interface MessagesUpsert {
  type: string;
  messages?: Array<{
    key?: WaKey;
    pushName?: string | null;
    messageTimestamp?: number | { toString(): string } | null;
    message?: WaContent | null;
  }>;
}

interface MessageUpdate {
  key?: WaKey;
  update?: { status?: number | null };
}
