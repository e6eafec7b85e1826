import { join } from 'node:path';
import { context, propagation, ROOT_CONTEXT, SpanKind, trace, type Link } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { wacsSignature } from './crypto.js';
import { listDir, readOptional, unlinkOptional, writeFileDurable } from './files.js';
import { contextOf, markError, spanContextOf, tracer } from './telemetry.js';

export type CallbackPath = 'incoming-message' | 'status-update' | 'session-update';

export interface OutboxEvent {
  kind: 'message' | 'status' | 'session';
  sessionId: string;
  [field: string]: unknown;
}

interface Entry {
  seq: number;
  file: string;
  path: CallbackPath;
  event: OutboxEvent;
  /** Trace de onde o evento veio (ex.: o envio de que este recibo é o status); gravado junto no disco. */
  traceparent?: string;
}

export interface OutboxOptions {
  dir: string;
  callbackUrl: string;
  secret: string;
  logger: Logger;
  baseDelayMs?: number;
  maxDelayMs?: number;
  batchSize?: number;
  requestTimeoutMs?: number;
  onDelivered?: (path: CallbackPath, count: number) => void;
  onFailure?: (path: CallbackPath) => void;
  onDead?: (path: CallbackPath) => void;
}

type Outcome = 'delivered' | 'retry' | 'rejected';

// A API recusa o conteúdo (fora do contrato, grande demais): repetir o mesmo pedido nunca vai dar certo. Os demais
// erros (fora do ar, 5xx, assinatura recusada por um segredo trocado, rota ausente numa API em atualização) podem
// passar: esses são repetidos para sempre, sem perder nada.
const REJECTED = new Set([400, 413, 422]);

// Um arquivo por gravação em grupo: uma linha JSON por evento.
const FILE_RE = /^(\d{16})\.jsonl$/;
// Eventos por gravação em grupo (um arquivo, um fsync).
const MAX_GROUP = 500;

interface PendingWrite {
  path: CallbackPath;
  event: OutboxEvent;
  traceparent?: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Fila durável dos callbacks: o evento vai para o disco (com fsync) antes de qualquer tentativa, e só sai de lá
 * depois de um 2xx da API. Cada sessão tem a sua fila, entregue em ordem: um evento com falha segura os seguintes
 * da mesma sessão (um "lido" nunca chega antes do "entregue").
 *
 * Gravação em grupo: os eventos que chegam enquanto a gravação anterior vai ao disco saem juntos num arquivo (um
 * fsync para todos — um fsync por evento limitava a fila a ~400 eventos/s). O arquivo some quando o último evento
 * dele é entregue; depois de uma queda, os já entregues de um arquivo parcial vão de novo, e a API os reconhece
 * como duplicatas (ids do provedor, do recibo e do aviso de sessão).
 */
export class Outbox {
  private readonly queues = new Map<string, Entry[]>();
  private readonly workers = new Map<string, Promise<void>>();
  private readonly wakers = new Set<() => void>();
  // Arquivo → eventos dele ainda não entregues.
  private readonly remaining = new Map<string, number>();
  private seq = 0;
  private writes: PendingWrite[] = [];
  private writing: Promise<void> | null = null;
  // Eventos do grupo que está indo ao disco agora (ainda não estão nas filas de entrega).
  private inFlight = 0;
  private stopped = false;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly batchSize: number;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: OutboxOptions) {
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.batchSize = options.batchSize ?? 100;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  }

  /** Recarrega o que ficou pendente de uma execução anterior e volta a entregar. */
  async start(): Promise<void> {
    const files = (await listDir(this.options.dir)).filter((f) => FILE_RE.test(f)).sort();
    for (const file of files) {
      const raw = await readOptional(join(this.options.dir, file));
      if (!raw) continue;
      let count = 0;
      for (const line of raw.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        let parsed: { seq: number; path: CallbackPath; event: OutboxEvent; traceparent?: unknown };
        try {
          parsed = JSON.parse(line);
        } catch {
          // Só a última linha de um arquivo pode estar incompleta (queda no meio da gravação, antes do fsync): o
          // evento dela não tinha sido confirmado a ninguém.
          this.options.logger.error({ file }, 'Linha ilegível na fila de callbacks; ignorada');
          continue;
        }
        this.seq = Math.max(this.seq, parsed.seq);
        // Itens gravados antes do rastreamento não têm traceparent: entregues do mesmo jeito, sem trace de origem.
        const traceparent = typeof parsed.traceparent === 'string' ? parsed.traceparent : undefined;
        this.enqueue({ seq: parsed.seq, file, path: parsed.path, event: parsed.event, ...(traceparent ? { traceparent } : {}) });
        count += 1;
      }
      if (count) this.remaining.set(file, count);
      else await unlinkOptional(join(this.options.dir, file));
    }
    if (files.length) this.options.logger.info({ pending: this.pending() }, 'Fila de callbacks recarregada do disco');
    for (const sessionId of this.queues.keys()) this.kick(sessionId);
  }

  /** Na fila ou ainda sendo gravados no disco. */
  pending(): number {
    let total = this.writes.length + (this.writing ? this.inFlight : 0);
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  /** Grava no disco (em grupo com os que chegarem junto) e só então põe na fila de entrega. */
  append(path: CallbackPath, event: OutboxEvent, traceparent?: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.writes.push({ path, event, ...(traceparent ? { traceparent } : {}), resolve, reject });
      // Fora do trace de quem chamou: a gravação e a entrega servem a muitos eventos, de traces diferentes.
      if (!this.writing) this.writing = context.with(ROOT_CONTEXT, () => this.writeGroups());
    });
  }

  /** Grava os pendentes, grupo a grupo, na ordem em que chegaram (a ordem no disco é a dos acontecimentos). */
  private async writeGroups(): Promise<void> {
    try {
      while (this.writes.length) {
        const group = this.writes.splice(0, MAX_GROUP);
        this.inFlight = group.length;
        const entries = group.map((w) => ({
          seq: ++this.seq, path: w.path, event: w.event, ...(w.traceparent ? { traceparent: w.traceparent } : {}),
        }));
        const file = `${String(entries[0]!.seq).padStart(16, '0')}.jsonl`;
        try {
          await writeFileDurable(join(this.options.dir, file), entries.map((e) => JSON.stringify(e)).join('\n') + '\n');
        } catch (err) {
          this.inFlight = 0;
          for (const w of group) w.reject(err);
          continue;
        }
        this.remaining.set(file, entries.length);
        for (const entry of entries) this.enqueue({ ...entry, file });
        this.inFlight = 0;
        for (const w of group) w.resolve();
        for (const sessionId of new Set(entries.map((e) => e.event.sessionId))) this.kick(sessionId);
      }
    } finally {
      this.writing = null;
    }
  }

  /** Um evento saiu da fila (entregue ou guardado em dead/): o arquivo some com o último dele. */
  private async release(entry: Entry): Promise<void> {
    const left = (this.remaining.get(entry.file) ?? 1) - 1;
    if (left > 0) {
      this.remaining.set(entry.file, left);
      return;
    }
    this.remaining.delete(entry.file);
    await unlinkOptional(join(this.options.dir, entry.file));
  }

  private enqueue(entry: Entry): void {
    const queue = this.queues.get(entry.event.sessionId) ?? [];
    queue.push(entry);
    this.queues.set(entry.event.sessionId, queue);
  }

  private kick(sessionId: string): void {
    if (this.stopped || this.workers.has(sessionId)) return;
    const worker = context.with(ROOT_CONTEXT, () => this.work(sessionId)).finally(() => {
      this.workers.delete(sessionId);
      // Algo pode ter chegado entre a última volta e o fim do worker.
      if (this.queues.get(sessionId)?.length) this.kick(sessionId);
    });
    this.workers.set(sessionId, worker);
  }

  private async work(sessionId: string): Promise<void> {
    let attempt = 0;
    // Depois de um lote recusado, um evento por pedido até passar do recusado: isola o evento que a API não aceita.
    let isolate = 0;
    for (;;) {
      if (this.stopped) return;
      const queue = this.queues.get(sessionId);
      if (!queue?.length) {
        this.queues.delete(sessionId);
        return;
      }
      const head = queue[0]!;
      const batch: Entry[] = [];
      const limit = isolate > 0 ? 1 : this.batchSize;
      for (const entry of queue) {
        if (entry.path !== head.path || batch.length >= limit) break;
        batch.push(entry);
      }
      const outcome = await this.post(head.path, batch, attempt);
      if (outcome === 'delivered') {
        attempt = 0;
        isolate = Math.max(0, isolate - 1);
        // Os arquivos somem antes de os eventos saírem da conta de pendentes: "nada pendente" = disco limpo.
        for (const entry of batch) await this.release(entry);
        queue.splice(0, batch.length);
        this.options.onDelivered?.(head.path, batch.length);
      } else if (outcome === 'rejected' && batch.length > 1) {
        isolate = batch.length;
      } else if (outcome === 'rejected') {
        // Um evento sozinho recusado: sai da fila para `dead/` (guardado para análise), sem segurar os seguintes.
        isolate = Math.max(0, isolate - 1);
        await this.bury(head);
        queue.shift();
        this.options.onDead?.(head.path);
      } else {
        attempt += 1;
        this.options.onFailure?.(head.path);
        const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
        await this.sleep(cap / 2 + Math.random() * (cap / 2));
      }
    }
  }

  private async bury(entry: Entry): Promise<void> {
    const dead = join(this.options.dir, 'dead', `${String(entry.seq).padStart(16, '0')}.json`);
    await writeFileDurable(dead, JSON.stringify({ path: entry.path, event: entry.event, traceparent: entry.traceparent }));
    await this.release(entry);
    this.options.logger.error(
      { path: entry.path, file: dead },
      'A API recusou o evento de vez (fora do contrato); guardado em dead/ e fora da fila',
    );
  }

  /**
   * Um pedido de callback = um span CLIENT. Pai: o trace do primeiro evento do lote que tem um (o status de um envio
   * cai no trace daquele envio); os traces dos demais eventos viram links do span. O `traceparent` enviado à API é o
   * deste span, então o processamento do lote na API fica no trace do primeiro e alcançável pelos links dos outros.
   * Eventos sem trace de origem (mensagens recebidas) não têm pai: o span começa um trace novo.
   */
  private async post(path: CallbackPath, batch: Entry[], attempt = 0): Promise<Outcome> {
    const body = JSON.stringify({ events: batch.map((e) => e.event) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const url = `${this.options.callbackUrl}/api/v1/webhooks/${path}`;
    const origins = [...new Set(batch.map((e) => e.traceparent).filter((t): t is string => Boolean(t)))];
    const parent = contextOf(origins[0]);
    const links: Link[] = [];
    for (const origin of origins.slice(1)) {
      const linked = spanContextOf(origin);
      if (linked) links.push({ context: linked });
    }
    let target: URL | undefined;
    try {
      target = new URL(url);
    } catch {
      /* URL inválida: o fetch abaixo falha e conta como nova tentativa */
    }
    const span = tracer().startSpan(`POST /api/v1/webhooks/${path}`, {
      kind: SpanKind.CLIENT,
      links,
      attributes: {
        'http.request.method': 'POST',
        ...(target ? {
          'server.address': target.hostname,
          'server.port': Number(target.port || (target.protocol === 'https:' ? 443 : 80)),
          'url.path': target.pathname,
        } : {}),
        'wacs.callback.path': path,
        'wacs.callback.events': batch.length,
        ...(attempt > 0 ? { 'http.request.resend_count': attempt } : {}),
      },
    }, parent);
    const ctx = trace.setSpan(parent, span);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-wacs-timestamp': timestamp,
      'x-wacs-signature': wacsSignature(this.options.secret, timestamp, body),
    };
    // traceparent/tracestate do span do lote (no-op com o rastreamento desligado). Fora da assinatura, que cobre só
    // timestamp e corpo.
    propagation.inject(ctx, headers);
    return context.with(ctx, async (): Promise<Outcome> => {
      try {
        const response = await fetch(url, {
          method: 'POST', headers, body, signal: AbortSignal.timeout(this.requestTimeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        span.setAttribute('http.response.status_code', response.status);
        if (response.ok) return 'delivered';
        markError(span, String(response.status));
        if (REJECTED.has(response.status)) return 'rejected';
        this.options.logger.warn(
          { url, status: response.status, events: batch.length },
          'A API recusou o callback; nova tentativa depois',
        );
      } catch (err) {
        markError(span, (err as Error)?.name || 'Error');
        this.options.logger.warn({ url, err: String(err) }, 'Callback não entregue (API fora do ar?); nova tentativa depois');
      } finally {
        span.end();
      }
      return 'retry';
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** Espera a fila esvaziar (até `timeoutMs`); devolve quantos ficaram pendentes. */
  async flush(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    await this.writing;
    // Quem está esperando backoff tenta de novo agora: no desligamento vale a última chance.
    for (const wake of [...this.wakers]) wake();
    while (this.pending() > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.pending();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.wakers]) wake();
    await Promise.allSettled([...this.workers.values()]);
  }
}
