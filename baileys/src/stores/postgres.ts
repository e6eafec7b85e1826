import { Pool, type PoolConfig } from 'pg';
import type { Logger } from 'pino';
import { normalizeDatabaseUrl } from '../config.js';
import { EncryptedAuthStore, type KeyWrite } from './common.js';

export interface PgPoolOptions {
  /** Conexões no máximo (padrão 5). */
  max?: number;
  /** Tempo máximo de um comando; sem isso, um banco que some no meio deixa a chamada pendurada. */
  queryTimeoutMs?: number;
  logger?: Logger;
}

/** Pool pequeno, com o erro de conexões ociosas só no log (sem ouvinte, ele derrubaria o processo). */
export function createPool(url: string, options: PgPoolOptions = {}): Pool {
  const config: PoolConfig = {
    connectionString: normalizeDatabaseUrl(url),
    max: options.max ?? 5,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
    application_name: 'wacs-baileys',
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
  };
  const pool = new Pool(config);
  pool.on('error', (err) => {
    options.logger?.warn({ err: err.message }, 'Conexão ociosa com o PostgreSQL caiu; o pool abre outra');
  });
  return pool;
}

/**
 * Cria as tabelas no primeiro uso. O advisory lock evita a corrida de duas instâncias subindo juntas
 * (CREATE TABLE IF NOT EXISTS simultâneos podem falhar com chave duplicada no catálogo).
 * Uma falha (banco fora do ar) não fica guardada: a próxima chamada tenta de novo.
 */
export class PgSchema {
  private ready: Promise<void> | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly ddl: string,
  ) {}

  ensure(): Promise<void> {
    if (!this.ready) {
      this.ready = this.create().catch((err: unknown) => {
        this.ready = undefined;
        throw err;
      });
    }
    return this.ready;
  }

  private async create(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('wacs-baileys-schema'))");
      await client.query(this.ddl);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

const AUTH_DDL = `
CREATE TABLE IF NOT EXISTS baileys_sessions (
  session_id text PRIMARY KEY,
  creds bytea,
  registered boolean NOT NULL DEFAULT false,
  meta bytea,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS baileys_auth (
  session_id text NOT NULL,
  kind text NOT NULL,
  key_id text NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (session_id, kind, key_id)
);`;

/** Grava e apaga um lote de chaves num comando só (apagar e gravar da mesma chave nunca vêm no mesmo lote). */
const WRITE_KEYS = `
WITH input AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::bytea[]) AS t(kind, key_id, data)
), removed AS (
  DELETE FROM baileys_auth a USING input i
  WHERE a.session_id = $1 AND a.kind = i.kind AND a.key_id = i.key_id AND i.data IS NULL
)
INSERT INTO baileys_auth (session_id, kind, key_id, data)
SELECT $1, kind, key_id, data FROM input WHERE data IS NOT NULL
ON CONFLICT (session_id, kind, key_id) DO UPDATE SET data = EXCLUDED.data`;

export interface PgAuthStoreOptions {
  /** Conexões no máximo (padrão 5). */
  max?: number;
  logger?: Logger;
}

/**
 * Credenciais e chaves Signal no PostgreSQL, cifradas com AES-256-GCM. Tabelas criadas pelo próprio serviço:
 * `baileys_sessions` (uma linha por sessão: credenciais, se registradas, e opções) e `baileys_auth` (chaves Signal,
 * `kind` = tipo da chave). Um `keys.set` de N chaves é um comando; um `keys.get` de N ids, uma consulta.
 */
export class PgAuthStore extends EncryptedAuthStore {
  readonly pool: Pool;
  private readonly schema: PgSchema;

  constructor(url: string, key: Buffer, options: PgAuthStoreOptions = {}) {
    super(key);
    this.pool = createPool(url, { max: options.max ?? 5, ...(options.logger ? { logger: options.logger } : {}) });
    this.schema = new PgSchema(this.pool, AUTH_DDL);
  }

  private async query<R extends object = Record<string, unknown>>(sql: string, params: unknown[]): Promise<R[]> {
    await this.schema.ensure();
    return (await this.pool.query<R>(sql, params)).rows;
  }

  protected async readCreds(sessionId: string): Promise<Buffer | undefined> {
    const rows = await this.query<{ creds: Buffer | null }>(
      'SELECT creds FROM baileys_sessions WHERE session_id = $1',
      [sessionId],
    );
    return rows[0]?.creds ?? undefined;
  }

  protected async writeCreds(sessionId: string, data: Buffer, registered: boolean): Promise<void> {
    await this.query(
      `INSERT INTO baileys_sessions (session_id, creds, registered) VALUES ($1, $2, $3)
       ON CONFLICT (session_id) DO UPDATE
       SET creds = EXCLUDED.creds, registered = EXCLUDED.registered, updated_at = now()`,
      [sessionId, data, registered],
    );
  }

  protected async isRegistered(sessionId: string): Promise<boolean> {
    const rows = await this.query<{ registered: boolean }>(
      'SELECT registered FROM baileys_sessions WHERE session_id = $1',
      [sessionId],
    );
    return rows[0]?.registered ?? false;
  }

  protected async listRegistered(): Promise<string[]> {
    const rows = await this.query<{ session_id: string }>(
      'SELECT session_id FROM baileys_sessions WHERE registered',
      [],
    );
    return rows.map((r) => r.session_id);
  }

  protected async readMetaRaw(sessionId: string): Promise<Buffer | undefined> {
    const rows = await this.query<{ meta: Buffer | null }>(
      'SELECT meta FROM baileys_sessions WHERE session_id = $1',
      [sessionId],
    );
    return rows[0]?.meta ?? undefined;
  }

  protected async writeMetaRaw(sessionId: string, data: Buffer): Promise<void> {
    await this.query(
      `INSERT INTO baileys_sessions (session_id, meta) VALUES ($1, $2)
       ON CONFLICT (session_id) DO UPDATE SET meta = EXCLUDED.meta, updated_at = now()`,
      [sessionId, data],
    );
  }

  protected async readKeys(sessionId: string, type: string, ids: string[]): Promise<Array<Buffer | undefined>> {
    const rows = await this.query<{ key_id: string; data: Buffer }>(
      'SELECT key_id, data FROM baileys_auth WHERE session_id = $1 AND kind = $2 AND key_id = ANY($3::text[])',
      [sessionId, type, ids],
    );
    const byId = new Map(rows.map((r) => [r.key_id, r.data]));
    return ids.map((id) => byId.get(id));
  }

  protected async writeKeys(sessionId: string, writes: KeyWrite[]): Promise<void> {
    await this.query(WRITE_KEYS, [
      sessionId,
      writes.map((w) => w.type),
      writes.map((w) => w.id),
      writes.map((w) => w.data),
    ]);
  }

  protected async deleteCreds(sessionId: string): Promise<void> {
    await this.query(
      `WITH removed AS (DELETE FROM baileys_auth WHERE session_id = $1)
       UPDATE baileys_sessions SET creds = NULL, registered = false, updated_at = now() WHERE session_id = $1`,
      [sessionId],
    );
  }

  protected async deleteSession(sessionId: string): Promise<void> {
    await this.query(
      `WITH removed AS (DELETE FROM baileys_auth WHERE session_id = $1)
       DELETE FROM baileys_sessions WHERE session_id = $1`,
      [sessionId],
    );
  }

  async close(): Promise<void> {
    await this.flush();
    await this.pool.end();
  }
}
