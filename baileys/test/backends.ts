import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * PostgreSQL e Redis de verdade para os testes dos armazenamentos compartilhados. Cada execução usa um banco e um
 * prefixo de chaves próprios (execuções em paralelo não se cruzam) e os apaga no fim. Fora do ar: com CI=true o
 * teste falha (o CI sobe os dois); sem CI, os testes são pulados com o motivo.
 */
// As mesmas variáveis e o mesmo banco 15 do Redis que os testes da API (server/tests/databases.py).
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_DSN || 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379/15';
const CI = process.env.CI === 'true';

export interface Backend {
  up: boolean;
  /** Motivo para pular (só fora do CI); `false` quando o backend está no ar ou quando estamos no CI. */
  skip: string | false;
  /** Lança se o backend não estiver no ar (no CI, isso falha o teste). */
  require(): void;
}

function backend(name: string, error: string | undefined): Backend {
  const reason = error && `${name} fora do ar (${error}); testes pulados. Com CI=true eles falham.`;
  return {
    up: !error,
    skip: reason && !CI ? reason : false,
    require() {
      if (error) throw new Error(`${name} inacessível: ${error}. O CI precisa dele no ar (.ci/run sobe o serviço).`);
    },
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message || err.constructor.name : String(err);
}

/** Um teste que falha de forma explícita no CI quando um backend está fora do ar (e é pulado fora do CI). */
export function requireAll(...backends: Backend[]): { skip: string | false; check: () => void } {
  const skipped = backends.find((b) => b.skip);
  return {
    skip: skipped ? skipped.skip : false,
    check: () => backends.forEach((b) => b.require()),
  };
}

export async function probePostgres(): Promise<Backend> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return backend(`PostgreSQL em ${PG_ADMIN_URL}`, undefined);
  } catch (err) {
    return backend(`PostgreSQL em ${PG_ADMIN_URL}`, message(err));
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function probeRedis(): Promise<Backend> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null, connectTimeout: 3000, maxRetriesPerRequest: 0 });
  let cause: unknown;
  redis.on('error', (err) => {
    cause = err;
  });
  try {
    await redis.connect();
    await redis.ping();
    return backend(`Redis em ${REDIS_URL}`, undefined);
  } catch (err) {
    // O erro do connect() é genérico ("Connection is closed"); o do evento diz o motivo.
    return backend(`Redis em ${REDIS_URL}`, message(cause ?? err));
  } finally {
    redis.disconnect();
  }
}

export interface TempDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Banco novo, só desta execução. */
export async function createDatabase(): Promise<TempDatabase> {
  const name = `baileys_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = '/' + name;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Prefixo de chaves só desta execução. */
export function redisPrefix(): string {
  return `wacs:test:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Apaga tudo sob o prefixo (SCAN, não KEYS: o Redis pode ser dividido com outros testes). */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
