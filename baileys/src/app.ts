import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { AuthFiles } from './authStore.js';
import type { Config } from './config.js';
import { deriveAuthKey } from './crypto.js';
import { fakeSocketFactory } from './fakeSocket.js';
import { createHandler } from './http.js';
import { fakeDownloader, realDownloader } from './media.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { Pace } from './outgoing.js';
import { Outbox } from './outbox.js';
import { realSocketFactory } from './realSocket.js';
import { SessionManager } from './sessions.js';
import type { SocketFactory } from './socket.js';

export interface ServiceOptions {
  config: Config;
  logger?: Logger;
  factory?: SocketFactory;
  /** Ajustes de tempo (os testes encurtam as esperas). */
  outboxBaseDelayMs?: number;
  outboxMaxDelayMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  fakeStepMs?: number;
  /** Diretório simulado de quem tem WhatsApp (só testes). */
  fakeDirectory?: (digits: string) => string | null;
  pace?: Pace;
  paceMaxWaitMs?: number;
}

export interface Service {
  server: Server;
  manager: SessionManager;
  outbox: Outbox;
  metrics: Metrics;
  url: string;
  close(flushMs?: number): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const metrics = createMetrics();
  let factory = options.factory;
  if (!factory) {
    if (config.fake) {
      logger.warn('######## MODO SIMULADO (BAILEYS_FAKE=true): nenhuma conexão real com o WhatsApp ########');
      factory = fakeSocketFactory({
        scanMs: config.fakeScanSeconds * 1000, stepMs: options.fakeStepMs ?? config.fakeStepMs,
        directory: options.fakeDirectory,
      });
    } else {
      factory = realSocketFactory(config.waWebSocketUrl);
    }
  }
  const outbox = new Outbox({
    dir: join(config.dataDir, 'outbox'),
    callbackUrl: config.callbackUrl,
    secret: config.callbackSecret,
    logger,
    baseDelayMs: options.outboxBaseDelayMs,
    maxDelayMs: options.outboxMaxDelayMs,
    onDelivered: (path, count) => metrics.callbacksDelivered.inc({ path }, count),
    onFailure: (path) => metrics.callbackFailures.inc({ path }),
    onDead: (path) => metrics.callbacksDead.inc({ path }),
  });
  const manager = new SessionManager({
    factory,
    auth: new AuthFiles(config.dataDir, deriveAuthKey(config.token)),
    outbox,
    logger,
    backoffBaseMs: options.backoffBaseMs,
    backoffMaxMs: options.backoffMaxMs,
    onInbound: (kind) => metrics.eventsReceived.inc({ kind }),
    onSent: (type) => metrics.messagesSent.inc({ type }),
    pace: options.pace ?? config.pace,
    paceMaxWaitMs: options.paceMaxWaitMs ?? config.paceMaxWaitMs,
    downloader: config.fake ? fakeDownloader : realDownloader,
  });
  metrics.bind(manager, outbox);
  await outbox.start();

  const server = createServer(createHandler({ token: config.token, manager, metrics, logger }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${config.host}:${address.port}`;
  logger.info({ url }, 'Serviço Baileys no ar');

  const resumed = await manager.resumeStored();
  if (resumed.length) logger.info({ sessions: resumed.length }, 'Sessões retomadas das credenciais em disco');

  let closing: Promise<void> | undefined;
  const close = (flushMs = 3000) =>
    (closing ??= (async () => {
      // Para de aceitar pedidos, fecha os sockets sem logout e entrega o que der antes de sair.
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await manager.shutdown();
      const left = await outbox.flush(flushMs);
      await outbox.stop();
      await stopped;
      if (left) logger.warn({ pending: left }, 'Eventos ficaram na fila em disco; serão entregues no próximo start');
    })());

  return { server, manager, outbox, metrics, url, close };
}
