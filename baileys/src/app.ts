import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { deriveAuthKey } from './crypto.js';
import { fakeSocketFactory } from './fakeSocket.js';
import { createHandler } from './http.js';
import { LeaseKeeper } from './lease.js';
import { fakeDownloader, realDownloader } from './media.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { Pace } from './outgoing.js';
import { Outbox } from './outbox.js';
import { realSocketFactory } from './realSocket.js';
import { SessionManager } from './sessions.js';
import type { SocketFactory } from './socket.js';
import { createStores, type Stores } from './stores/index.js';
import { createLogger } from './telemetry.js';

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
  /** Armazenamento das credenciais e leases (padrão: o de BAILEYS_STORE). */
  stores?: Stores;
  /** TTL do lease das sessões (padrão 30 s; os testes encurtam). */
  leaseTtlMs?: number;
}

export interface Service {
  server: Server;
  manager: SessionManager;
  outbox: Outbox;
  metrics: Metrics;
  url: string;
  /** Endereço gravado no lease (o que as outras instâncias e a API usam para chegar a esta). */
  advertiseUrl: string;
  close(flushMs?: number): Promise<void>;
  /** Só testes: para como uma instância que morreu (não solta os leases). */
  abandon(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const { config } = options;
  const logger = options.logger ?? createLogger();
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
  const stores = options.stores ?? createStores(config, deriveAuthKey(config.token), logger);
  const manager = new SessionManager({
    factory,
    auth: stores.auth,
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
  // Porta 0 (testes): o endereço padrão não vale, só o que o sistema deu.
  const advertiseUrl = config.advertiseUrl && config.port !== 0 ? config.advertiseUrl : url;
  const instanceId = config.instanceId ?? `baileys-${process.pid}`;
  const keeper = new LeaseKeeper({
    store: stores.leases, instanceId, url: advertiseUrl, ttlMs: options.leaseTtlMs, logger,
    onLost: (sessionId, reason) => manager.leaseLost(sessionId, reason),
  });
  // Com arquivos há uma instância só: não há sessão de outra para assumir.
  const shared = (config.store ?? 'files') !== 'files' || options.stores !== undefined;
  manager.useLeases({ keeper, store: stores.leases, instanceId }, shared ? keeper.renewEveryMs : 0);
  logger.info({ url, instanceId, advertiseUrl, store: config.store ?? 'files' }, 'Serviço Baileys no ar');

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
      await closeStores(stores);
      if (left) logger.warn({ pending: left }, 'Eventos ficaram na fila em disco; serão entregues no próximo start');
    })());

  const abandon = async () => {
    manager.abandon();
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await outbox.stop();
    await closeStores(stores);
  };

  return { server, manager, outbox, metrics, url, advertiseUrl, close, abandon };
}

async function closeStores(stores: Stores): Promise<void> {
  await Promise.allSettled([stores.auth.close?.(), stores.leases.close?.()]);
}
