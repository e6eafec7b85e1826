import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { EncryptedAuthStore, type KeyWrite } from './common.js';

export const DEFAULT_REDIS_PREFIX = 'wacs:baileys:';

/** Tira a senha da URL antes de ir para o log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(URL inválida)';
  }
}

/**
 * Conexão Redis que avisa no log uma vez por queda (o ioredis reconecta sozinho e, sem um ouvinte de 'error',
 * escreveria cada tentativa no stderr).
 */
export function connectRedis(url: string, logger?: Logger, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, { connectionName: 'wacs-baileys', ...options });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ err: err.message, url: redactUrl(url) }, 'Redis inacessível; tentando reconectar');
  });
  redis.on('ready', () => {
    if (down) logger?.info({ url: redactUrl(url) }, 'Redis de volta');
    down = false;
  });
  return redis;
}

/** Fecha sem esperar um Redis fora do ar (o QUIT ficaria na fila até a reconexão). */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/** Executa um MULTI e lança o primeiro erro (o ioredis devolve os erros de cada comando no resultado). */
async function execOrThrow(multi: ReturnType<Redis['multi']>): Promise<void> {
  const results = await multi.exec();
  if (!results) throw new Error('Transação Redis abortada');
  for (const [err] of results) if (err) throw err;
}

export interface RedisAuthStoreOptions {
  /** Prefixo de todas as chaves (padrão `wacs:baileys:`). */
  prefix?: string;
  logger?: Logger;
}

/**
 * Credenciais e chaves Signal no Redis, cifradas com AES-256-GCM, sob o prefixo:
 * `creds:<sessão>` e `meta:<sessão>` (strings), `keys:<sessão>` (hash `<tipo>:<id>` → valor, para que um
 * `keys.get` de muitos ids seja um HMGET só) e `sessions` (conjunto das sessões com credenciais registradas,
 * para listar sem KEYS).
 */
export class RedisAuthStore extends EncryptedAuthStore {
  readonly redis: Redis;
  private readonly prefix: string;

  constructor(url: string, key: Buffer, options: RedisAuthStoreOptions = {}) {
    super(key);
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.redis = connectRedis(url, options.logger);
  }

  private credsKey(sessionId: string): string {
    return `${this.prefix}creds:${sessionId}`;
  }

  private metaKey(sessionId: string): string {
    return `${this.prefix}meta:${sessionId}`;
  }

  private keysKey(sessionId: string): string {
    return `${this.prefix}keys:${sessionId}`;
  }

  private get sessionsKey(): string {
    return `${this.prefix}sessions`;
  }

  protected async readCreds(sessionId: string): Promise<Buffer | undefined> {
    return (await this.redis.getBuffer(this.credsKey(sessionId))) ?? undefined;
  }

  protected async writeCreds(sessionId: string, data: Buffer, registered: boolean): Promise<void> {
    const multi = this.redis.multi().set(this.credsKey(sessionId), data);
    if (registered) multi.sadd(this.sessionsKey, sessionId);
    else multi.srem(this.sessionsKey, sessionId);
    await execOrThrow(multi);
  }

  protected async isRegistered(sessionId: string): Promise<boolean> {
    return (await this.redis.sismember(this.sessionsKey, sessionId)) === 1;
  }

  protected async listRegistered(): Promise<string[]> {
    return this.redis.smembers(this.sessionsKey);
  }

  protected async readMetaRaw(sessionId: string): Promise<Buffer | undefined> {
    return (await this.redis.getBuffer(this.metaKey(sessionId))) ?? undefined;
  }

  protected async writeMetaRaw(sessionId: string, data: Buffer): Promise<void> {
    await this.redis.set(this.metaKey(sessionId), data);
  }

  protected async readKeys(sessionId: string, type: string, ids: string[]): Promise<Array<Buffer | undefined>> {
    const values = await this.redis.hmgetBuffer(this.keysKey(sessionId), ...ids.map((id) => `${type}:${id}`));
    return values.map((v) => v ?? undefined);
  }

  protected async writeKeys(sessionId: string, writes: KeyWrite[]): Promise<void> {
    const key = this.keysKey(sessionId);
    const sets: Array<string | Buffer> = [];
    const dels: string[] = [];
    for (const w of writes) {
      if (w.data) sets.push(`${w.type}:${w.id}`, w.data);
      else dels.push(`${w.type}:${w.id}`);
    }
    // Um MULTI: o lote entra inteiro ou não entra.
    const multi = this.redis.multi();
    if (sets.length) multi.hset(key, ...sets);
    if (dels.length) multi.hdel(key, ...dels);
    await execOrThrow(multi);
  }

  protected async deleteCreds(sessionId: string): Promise<void> {
    await execOrThrow(
      this.redis.multi().del(this.credsKey(sessionId), this.keysKey(sessionId)).srem(this.sessionsKey, sessionId),
    );
  }

  protected async deleteSession(sessionId: string): Promise<void> {
    await execOrThrow(
      this.redis
        .multi()
        .del(this.credsKey(sessionId), this.metaKey(sessionId), this.keysKey(sessionId))
        .srem(this.sessionsKey, sessionId),
    );
  }

  async close(): Promise<void> {
    await this.flush();
    await closeRedis(this.redis);
  }
}
