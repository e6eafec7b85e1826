import { join } from 'node:path';
import type { Logger } from 'pino';
import { wacsSignature } from './crypto.js';
import { listDir, readOptional, unlinkOptional, writeFileDurable } from './files.js';

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

const FILE_RE = /^(\d{16})\.json$/;

/**
 * Fila durável dos callbacks: o evento vai para o disco (com fsync) antes de qualquer tentativa, e só sai de lá
 * depois de um 2xx da API. Cada sessão tem a sua fila, entregue em ordem: um evento com falha segura os seguintes
 * da mesma sessão (um "lido" nunca chega antes do "entregue").
 */
export class Outbox {
  private readonly queues = new Map<string, Entry[]>();
  private readonly workers = new Map<string, Promise<void>>();
  private readonly wakers = new Set<() => void>();
  private seq = 0;
  private appendChain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private appending = 0;
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
      let parsed: { path: CallbackPath; event: OutboxEvent };
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch {
        this.options.logger.error({ file }, 'Evento ilegível na fila de callbacks; arquivo ignorado');
        continue;
      }
      const seq = Number(FILE_RE.exec(file)![1]);
      this.seq = Math.max(this.seq, seq);
      this.enqueue({ seq, file, path: parsed.path, event: parsed.event });
    }
    if (files.length) this.options.logger.info({ pending: this.pending() }, 'Fila de callbacks recarregada do disco');
    for (const sessionId of this.queues.keys()) this.kick(sessionId);
  }

  /** Na fila ou ainda sendo gravados no disco. */
  pending(): number {
    let total = this.appending;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  /** Grava no disco e só então põe na fila de entrega. */
  append(path: CallbackPath, event: OutboxEvent): Promise<void> {
    this.appending += 1;
    const job = async () => {
      try {
        const seq = ++this.seq;
        const file = `${String(seq).padStart(16, '0')}.json`;
        await writeFileDurable(join(this.options.dir, file), JSON.stringify({ path, event }));
        this.enqueue({ seq, file, path, event });
      } finally {
        this.appending -= 1;
      }
      this.kick(event.sessionId);
    };
    // Em fila: a ordem no disco é a ordem em que os eventos aconteceram.
    const next = this.appendChain.then(job, job);
    this.appendChain = next.catch(() => undefined);
    return next;
  }

  private enqueue(entry: Entry): void {
    const queue = this.queues.get(entry.event.sessionId) ?? [];
    queue.push(entry);
    this.queues.set(entry.event.sessionId, queue);
  }

  private kick(sessionId: string): void {
    if (this.stopped || this.workers.has(sessionId)) return;
    const worker = this.work(sessionId).finally(() => {
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
      const outcome = await this.post(head.path, batch);
      if (outcome === 'delivered') {
        attempt = 0;
        isolate = Math.max(0, isolate - 1);
        queue.splice(0, batch.length);
        await Promise.all(batch.map((e) => unlinkOptional(join(this.options.dir, e.file))));
        this.options.onDelivered?.(head.path, batch.length);
      } else if (outcome === 'rejected' && batch.length > 1) {
        isolate = batch.length;
      } else if (outcome === 'rejected') {
        // Um evento sozinho recusado: sai da fila para `dead/` (guardado para análise), sem segurar os seguintes.
        isolate = Math.max(0, isolate - 1);
        queue.shift();
        await this.bury(head);
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
    const dead = join(this.options.dir, 'dead');
    await writeFileDurable(join(dead, entry.file), JSON.stringify({ path: entry.path, event: entry.event }));
    await unlinkOptional(join(this.options.dir, entry.file));
    this.options.logger.error(
      { path: entry.path, file: join(dead, entry.file) },
      'A API recusou o evento de vez (fora do contrato); guardado em dead/ e fora da fila',
    );
  }

  private async post(path: CallbackPath, batch: Entry[]): Promise<Outcome> {
    const body = JSON.stringify({ events: batch.map((e) => e.event) });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const url = `${this.options.callbackUrl}/api/v1/webhooks/${path}`;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-wacs-timestamp': timestamp,
          'x-wacs-signature': wacsSignature(this.options.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return 'delivered';
      if (REJECTED.has(response.status)) return 'rejected';
      this.options.logger.warn(
        { url, status: response.status, events: batch.length },
        'A API recusou o callback; nova tentativa depois',
      );
    } catch (err) {
      this.options.logger.warn({ url, err: String(err) }, 'Callback não entregue (API fora do ar?); nova tentativa depois');
    }
    return 'retry';
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
    await this.appendChain;
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
