import type { Logger } from 'pino';
import { AuthFiles, type AuthStore } from '../authStore.js';
import { ConfigError, type Config } from '../config.js';
import { MemoryLeaseStore, PgLeaseStore, RedisLeaseStore, type LeaseStore } from '../lease.js';
import { PgAuthStore } from './postgres.js';
import { RedisAuthStore, redactUrl } from './redis.js';

export { PgAuthStore } from './postgres.js';
export { RedisAuthStore } from './redis.js';

export interface Stores {
  auth: AuthStore;
  leases: LeaseStore;
}

/**
 * Armazenamento das sessões conforme BAILEYS_STORE: arquivos e leases na memória (uma instância), ou Redis /
 * PostgreSQL para credenciais e leases (várias instâncias dividindo as sessões). Cada um abre a própria conexão
 * (ou pool) e a fecha no seu `close()`. Nada aqui espera a conexão: um armazenamento fora do ar aparece no
 * primeiro uso (e no log), não aqui.
 */
export function createStores(config: Config, key: Buffer, logger: Logger): Stores {
  const store = config.store ?? 'files';
  if (store === 'redis') {
    const url = config.redisUrl;
    if (!url) throw new ConfigError('BAILEYS_STORE=redis precisa de BAILEYS_REDIS_URL (ou REDIS_URL).');
    logger.info({ store, url: redactUrl(url) }, 'Credenciais e leases das sessões no Redis');
    return {
      auth: new RedisAuthStore(url, key, { logger }),
      leases: new RedisLeaseStore(url, { logger }),
    };
  }
  if (store === 'postgres') {
    const url = config.databaseUrl;
    if (!url) throw new ConfigError('BAILEYS_STORE=postgres precisa de BAILEYS_DATABASE_URL (ou DATABASE_URL).');
    logger.info({ store, url: redactUrl(url) }, 'Credenciais e leases das sessões no PostgreSQL');
    return {
      auth: new PgAuthStore(url, key, { logger }),
      leases: new PgLeaseStore(url, { logger }),
    };
  }
  return { auth: new AuthFiles(config.dataDir, key), leases: new MemoryLeaseStore() };
}
