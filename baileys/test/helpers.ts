import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { startService, type Service } from '../src/app.js';
import type { Config } from '../src/config.js';
import { wacsSignature } from '../src/crypto.js';
import { fakeSocketFactory, type FakeFactory } from '../src/fakeSocket.js';
import type { Stores } from '../src/stores/index.js';

export const TOKEN = 'token-de-teste';
export const SECRET = 'segredo-de-teste';
export const SESSION = '0b6c2f0e-8d8f-4c43-9a53-0c1f3f1a2b3c';

export interface Received {
  path: string;
  events: Array<Record<string, unknown>>;
  signatureOk: boolean;
  /** Cabeçalhos do pedido (os testes de rastreamento olham o traceparent). */
  headers: IncomingHttpHeaders;
}

/** API falsa: grava os callbacks, confere a assinatura e pode ficar "fora do ar" (503). */
export class FakeApi {
  readonly received: Received[] = [];
  down = false;
  /** Eventos que a API recusa de vez (422), como um evento fora do contrato. */
  rejects: (event: Record<string, unknown>) => boolean = () => false;
  private server: Server | undefined;
  url = '';

  async listen(port = 0): Promise<void> {
    this.server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (this.down) {
        res.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks);
      const ts = String(req.headers['x-wacs-timestamp'] ?? '');
      const signatureOk = req.headers['x-wacs-signature'] === wacsSignature(SECRET, ts, body);
      const events = JSON.parse(body.toString('utf8')).events;
      if (events.some(this.rejects)) {
        res.writeHead(422, { 'content-type': 'application/problem+json' }).end('{"code":"callback_invalido"}');
        return;
      }
      this.received.push({ path: req.url ?? '', events, signatureOk, headers: req.headers });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: events.length, duplicates: 0, ignored: 0 }));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', () => resolve()));
    const port_ = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${port_}`;
  }

  events(kind?: string): Array<Record<string, unknown>> {
    const all = this.received.flatMap((r) => r.events);
    return kind ? all.filter((e) => e.kind === kind) : all;
  }

  sessionStates(): string[] {
    return this.events('session').map((e) => e.state as string);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export async function waitFor<T>(
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 5000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`Tempo esgotado esperando: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export interface Harness {
  api: FakeApi;
  service: Service;
  factory: FakeFactory;
  dataDir: string;
  call(
    method: string, path: string, body?: unknown, token?: string | null, headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; type: string }>;
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function harness(
  options: {
    scanMs?: number; dataDir?: string; api?: FakeApi; directory?: (digits: string) => string | null;
    lids?: Record<string, string>;
    pace?: { minIntervalMs: number; jitterMs: number }; paceMaxWaitMs?: number;
    /** Armazenamento compartilhado (várias instâncias); um novo a cada boot. */
    stores?: () => Stores; leaseTtlMs?: number; instanceId?: string;
    /** Logger do serviço (padrão: silencioso). */
    logger?: Logger;
  } = {},
): Promise<Harness> {
  const api = options.api ?? new FakeApi();
  if (!api.url) await api.listen();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'baileys-test-')));
  const config: Config = {
    host: '127.0.0.1', port: 0, dataDir, token: TOKEN, callbackUrl: api.url, callbackSecret: SECRET,
    fake: true, fakeScanSeconds: 0,
    pace: options.pace ?? { minIntervalMs: 0, jitterMs: 0 }, paceMaxWaitMs: options.paceMaxWaitMs ?? 10_000,
    ...(options.instanceId ? { instanceId: options.instanceId } : {}),
  };
  const boot = async () => {
    const factory = fakeSocketFactory({ scanMs: options.scanMs ?? 50, stepMs: 10, directory: options.directory, lids: options.lids });
    const service = await startService({
      config, factory, logger: options.logger ?? pino({ level: 'silent' }),
      outboxBaseDelayMs: 20, outboxMaxDelayMs: 100, backoffBaseMs: 20, backoffMaxMs: 100,
      stores: options.stores?.(), leaseTtlMs: options.leaseTtlMs,
    });
    return { factory, service };
  };
  const h = { api, dataDir, ...(await boot()) } as Harness;
  h.call = async (method, path, body, token = TOKEN, extra = {}) => {
    const headers: Record<string, string> = { ...extra };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(h.service.url + path, {
      method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* texto puro (métricas) */
    }
    return { status: res.status, body: parsed, type: res.headers.get('content-type') ?? '' };
  };
  h.restart = async () => {
    await h.service.close(200);
    Object.assign(h, await boot());
  };
  h.cleanup = async () => {
    await h.service.close(200);
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return h;
}
