import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { createPool, PgSchema } from './stores/postgres.js';
import { closeRedis, connectRedis, DEFAULT_REDIS_PREFIX } from './stores/redis.js';

/**
 * Lease de sessão: com várias instâncias, só quem segura o lease de uma sessão roda o socket dela (dois sockets na
 * mesma conta brigam — código 440 — e as chaves Signal gravadas por um estragam as do outro).
 */
export interface LeaseOwner {
  instanceId: string;
  /** Endereço da instância dona, para encaminhar pedidos a ela. */
  url: string;
  /** Fim do lease em ms Unix (relógio do armazenamento). */
  expiresAt: number;
}

export interface LeaseStore {
  /** Takes the lease if free, expired, or already ours (then renews). Returns whether we hold it now and the current owner. */
  acquire(sessionId: string, instanceId: string, url: string, ttlMs: number): Promise<{ held: boolean; owner: LeaseOwner | null }>;
  /** Renews the leases we hold; returns the session ids we no longer hold (taken over / expired and stolen). One round trip for many ids where possible. */
  renew(sessionIds: string[], instanceId: string, url: string, ttlMs: number): Promise<string[]>;
  /** Releases only if we hold it. */
  release(sessionId: string, instanceId: string): Promise<void>;
  owner(sessionId: string): Promise<LeaseOwner | null>;
  close?(): Promise<void>;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;

/**
 * Leases na memória do processo: uma instância só (armazenamento em arquivos). Como só há uma instância, ela sempre
 * recebe o lease; a semântica (expiração, dono) é a mesma dos outros, o que serve aos testes.
 */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, LeaseOwner>();

  private live(sessionId: string, now: number): LeaseOwner | null {
    const lease = this.leases.get(sessionId);
    if (!lease) return null;
    if (lease.expiresAt <= now) {
      this.leases.delete(sessionId);
      return null;
    }
    return lease;
  }

  async acquire(sessionId: string, instanceId: string, url: string, ttlMs: number) {
    const now = Date.now();
    const current = this.live(sessionId, now);
    if (current && current.instanceId !== instanceId) return { held: false, owner: { ...current } };
    const owner = { instanceId, url, expiresAt: now + ttlMs };
    this.leases.set(sessionId, owner);
    return { held: true, owner: { ...owner } };
  }

  async renew(sessionIds: string[], instanceId: string, url: string, ttlMs: number): Promise<string[]> {
    const lost: string[] = [];
    for (const id of sessionIds) {
      if (!(await this.acquire(id, instanceId, url, ttlMs)).held) lost.push(id);
    }
    return lost;
  }

  async release(sessionId: string, instanceId: string): Promise<void> {
    if (this.live(sessionId, Date.now())?.instanceId === instanceId) this.leases.delete(sessionId);
  }

  async owner(sessionId: string): Promise<LeaseOwner | null> {
    const lease = this.live(sessionId, Date.now());
    return lease ? { ...lease } : null;
  }
}

// Scripts Lua: ler o dono e trocar/renovar numa operação só (dois GET/SET soltos deixariam duas instâncias
// pegarem o mesmo lease). O valor é {"instanceId","url"} em JSON; a expiração é a do próprio Redis (PX).
const ACQUIRE_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur and cjson.decode(cur).instanceId ~= ARGV[1] then
  return {0, cur, redis.call('PTTL', KEYS[1])}
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return {1, ARGV[2], tonumber(ARGV[3])}`;

const RENEW_LUA = `
local lost = {}
for i, key in ipairs(KEYS) do
  local cur = redis.call('GET', key)
  if cur and cjson.decode(cur).instanceId ~= ARGV[1] then
    lost[#lost + 1] = i
  else
    redis.call('SET', key, ARGV[2], 'PX', ARGV[3])
  end
end
return lost`;

const RELEASE_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur and cjson.decode(cur).instanceId == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

const OWNER_LUA = `return {redis.call('GET', KEYS[1]), redis.call('PTTL', KEYS[1])}`;

/** Ids por chamada do script de renovação (um script longo demais seguraria o Redis). */
const RENEW_BATCH = 500;

export interface RedisLeaseStoreOptions {
  /** Prefixo das chaves (padrão `wacs:baileys:`); o lease fica em `<prefixo>lease:<sessão>`. */
  prefix?: string;
  /** Tempo máximo de um comando (padrão 5 s): o LeaseKeeper precisa saber logo que o Redis sumiu. */
  commandTimeoutMs?: number;
  logger?: Logger;
}

export class RedisLeaseStore implements LeaseStore {
  readonly redis: Redis;
  private readonly prefix: string;

  constructor(url: string, options: RedisLeaseStoreOptions = {}) {
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.redis = connectRedis(url, options.logger, {
      commandTimeout: options.commandTimeoutMs ?? 5_000,
      maxRetriesPerRequest: 1,
    });
  }

  private key(sessionId: string): string {
    return `${this.prefix}lease:${sessionId}`;
  }

  private static parse(value: string | null, pttl: number): LeaseOwner | null {
    if (!value || pttl === -2) return null;
    const { instanceId, url } = JSON.parse(value) as { instanceId: string; url: string };
    return { instanceId, url, expiresAt: Date.now() + Math.max(0, pttl) };
  }

  async acquire(sessionId: string, instanceId: string, url: string, ttlMs: number) {
    const value = JSON.stringify({ instanceId, url });
    const [held, cur, pttl] = (await this.redis.eval(
      ACQUIRE_LUA, 1, this.key(sessionId), instanceId, value, String(Math.ceil(ttlMs)),
    )) as [number, string, number];
    return { held: held === 1, owner: RedisLeaseStore.parse(cur, pttl) };
  }

  async renew(sessionIds: string[], instanceId: string, url: string, ttlMs: number): Promise<string[]> {
    const value = JSON.stringify({ instanceId, url });
    const lost: string[] = [];
    for (let start = 0; start < sessionIds.length; start += RENEW_BATCH) {
      const batch = sessionIds.slice(start, start + RENEW_BATCH);
      const indexes = (await this.redis.eval(
        RENEW_LUA, batch.length, ...batch.map((id) => this.key(id)), instanceId, value, String(Math.ceil(ttlMs)),
      )) as number[];
      for (const i of indexes) lost.push(batch[i - 1]!);
    }
    return lost;
  }

  async release(sessionId: string, instanceId: string): Promise<void> {
    await this.redis.eval(RELEASE_LUA, 1, this.key(sessionId), instanceId);
  }

  async owner(sessionId: string): Promise<LeaseOwner | null> {
    const [value, pttl] = (await this.redis.eval(OWNER_LUA, 1, this.key(sessionId))) as [string | null, number];
    return RedisLeaseStore.parse(value, pttl);
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}

const LEASE_DDL = `
CREATE TABLE IF NOT EXISTS baileys_leases (
  session_id text PRIMARY KEY,
  instance_id text NOT NULL,
  url text NOT NULL,
  expires_at timestamptz NOT NULL
);`;

// Relógio do banco (now()), não o da instância: relógios de máquinas diferentes não batem.
const TTL = `now() + $4::double precision * interval '1 millisecond'`;
const TAKE_IF_FREE = `
ON CONFLICT (session_id) DO UPDATE
SET instance_id = EXCLUDED.instance_id, url = EXCLUDED.url, expires_at = EXCLUDED.expires_at
WHERE baileys_leases.expires_at < now() OR baileys_leases.instance_id = EXCLUDED.instance_id`;

export interface PgLeaseStoreOptions {
  /** Conexões no máximo (padrão 2: a renovação é um comando para todas as sessões). */
  max?: number;
  /** Tempo máximo de um comando (padrão 5 s): o LeaseKeeper precisa saber logo que o banco sumiu. */
  queryTimeoutMs?: number;
  logger?: Logger;
}

interface LeaseRow {
  instance_id: string;
  url: string;
  expires_at: Date;
}

function ownerOf(row: LeaseRow | undefined): LeaseOwner | null {
  return row ? { instanceId: row.instance_id, url: row.url, expiresAt: row.expires_at.getTime() } : null;
}

export class PgLeaseStore implements LeaseStore {
  readonly pool: Pool;
  private readonly schema: PgSchema;

  constructor(url: string, options: PgLeaseStoreOptions = {}) {
    this.pool = createPool(url, {
      max: options.max ?? 2,
      queryTimeoutMs: options.queryTimeoutMs ?? 5_000,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.schema = new PgSchema(this.pool, LEASE_DDL);
  }

  private async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    await this.schema.ensure();
    return (await this.pool.query<R>(sql, params)).rows;
  }

  async acquire(sessionId: string, instanceId: string, url: string, ttlMs: number) {
    // Recusado, o dono atual sai na mesma consulta (o SELECT enxerga a linha como estava antes do INSERT).
    const rows = await this.query<LeaseRow & { held: boolean }>(
      `WITH taken AS (
         INSERT INTO baileys_leases (session_id, instance_id, url, expires_at) VALUES ($1, $2, $3, ${TTL})
         ${TAKE_IF_FREE}
         RETURNING instance_id, url, expires_at
       )
       SELECT true AS held, instance_id, url, expires_at FROM taken
       UNION ALL
       SELECT false, instance_id, url, expires_at FROM baileys_leases
       WHERE session_id = $1 AND NOT EXISTS (SELECT 1 FROM taken)`,
      [sessionId, instanceId, url, ttlMs],
    );
    const row = rows[0];
    // Sem linha: outra instância inseriu o lease depois do início do comando; ela é a dona.
    if (!row) return { held: false, owner: await this.owner(sessionId) };
    return { held: row.held, owner: ownerOf(row) };
  }

  async renew(sessionIds: string[], instanceId: string, url: string, ttlMs: number): Promise<string[]> {
    if (sessionIds.length === 0) return [];
    // Em ordem de id: duas renovações simultâneas travam as linhas na mesma ordem (sem deadlock).
    const rows = await this.query<{ session_id: string }>(
      `INSERT INTO baileys_leases (session_id, instance_id, url, expires_at)
       SELECT id, $2, $3, ${TTL} FROM unnest($1::text[]) AS id ORDER BY id
       ${TAKE_IF_FREE}
       RETURNING session_id`,
      [[...new Set(sessionIds)], instanceId, url, ttlMs],
    );
    const held = new Set(rows.map((r) => r.session_id));
    return sessionIds.filter((id) => !held.has(id));
  }

  async release(sessionId: string, instanceId: string): Promise<void> {
    await this.query('DELETE FROM baileys_leases WHERE session_id = $1 AND instance_id = $2', [sessionId, instanceId]);
  }

  async owner(sessionId: string): Promise<LeaseOwner | null> {
    const rows = await this.query<LeaseRow>(
      'SELECT instance_id, url, expires_at FROM baileys_leases WHERE session_id = $1 AND expires_at >= now()',
      [sessionId],
    );
    return ownerOf(rows[0]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export type LeaseLossReason = 'taken' | 'expired';

export interface LeaseKeeperOptions {
  store: LeaseStore;
  instanceId: string;
  /** Endereço desta instância, gravado no lease para as outras encaminharem pedidos. */
  url: string;
  /** Padrão 30 s. */
  ttlMs?: number;
  /** Padrão ttl/3 (10 s): duas renovações podem falhar antes de o lease vencer. */
  renewEveryMs?: number;
  /**
   * Folga antes do prazo local: o socket para um pouco antes de o lease vencer no armazenamento, cobrindo o
   * atraso do timer e o tempo de fechar o socket. Padrão ttl/10, no máximo 1 s.
   */
  safetyMs?: number;
  /** Chamado uma vez por lease perdido: tomado por outra instância ('taken') ou sem renovação até o prazo ('expired'). */
  onLost: (sessionId: string, reason: LeaseLossReason) => void;
  logger?: Logger;
}

interface Held {
  /** Prazo local (ms Unix): início da última renovação bem-sucedida + ttl − folga. */
  deadline: number;
  /** Muda a cada aquisição: o resultado de uma renovação antiga não vale para um lease novo. */
  generation: number;
}

/**
 * Segura os leases das sessões que esta instância roda: renova todos num timer (um comando para todos) e avisa
 * `onLost` quando um se perde. Se o armazenamento não responde, as sessões NÃO caem na hora (uma falha breve não
 * derruba os sockets), mas caem ao passar o prazo local — contado do INÍCIO da última renovação que deu certo,
 * portanto nunca depois do vencimento no armazenamento: uma instância isolada para seus sockets antes que outra
 * possa assumir.
 */
export class LeaseKeeper {
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  private readonly safetyMs: number;
  private readonly store: LeaseStore;
  private readonly instanceId: string;
  private readonly url: string;
  private readonly onLost: LeaseKeeperOptions['onLost'];
  private readonly logger: Logger | undefined;
  private readonly held = new Map<string, Held>();
  /** Operações de uma sessão em ordem: soltar e pegar de novo nunca se invertem. */
  private readonly ops = new Map<string, Promise<unknown>>();
  private generation = 0;
  private renewTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | undefined;
  private failing = false;
  private stopped = false;

  constructor(options: LeaseKeeperOptions) {
    this.store = options.store;
    this.instanceId = options.instanceId;
    this.url = options.url;
    this.onLost = options.onLost;
    this.logger = options.logger;
    this.ttlMs = options.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.renewEveryMs = options.renewEveryMs ?? Math.floor(this.ttlMs / 3);
    this.safetyMs = options.safetyMs ?? Math.min(1_000, Math.floor(this.ttlMs / 10));
    if (!(this.renewEveryMs > 0 && this.renewEveryMs < this.ttlMs)) {
      throw new Error(`Renovação do lease (${this.renewEveryMs} ms) precisa ser menor que o TTL (${this.ttlMs} ms)`);
    }
    this.renewTimer = setInterval(() => void this.renewNow(), this.renewEveryMs);
    this.renewTimer.unref();
  }

  /** Sessões cujo lease esta instância segura. */
  sessions(): string[] {
    return [...this.held.keys()];
  }

  holds(sessionId: string): boolean {
    return this.held.has(sessionId);
  }

  private serial<T>(sessionId: string, job: () => Promise<T>): Promise<T> {
    const next = (this.ops.get(sessionId) ?? Promise.resolve()).then(job, job);
    const settled = next.catch(() => undefined);
    this.ops.set(sessionId, settled);
    void settled.then(() => {
      if (this.ops.get(sessionId) === settled) this.ops.delete(sessionId);
    });
    return next;
  }

  /** Pega (ou renova) o lease; se conseguir, passa a renová-lo. Erros do armazenamento sobem para quem chamou. */
  acquire(sessionId: string): Promise<{ held: boolean; owner: LeaseOwner | null }> {
    return this.serial(sessionId, async () => {
      const started = Date.now();
      const result = await this.store.acquire(sessionId, this.instanceId, this.url, this.ttlMs);
      if (result.held && !this.stopped) {
        this.held.set(sessionId, { deadline: started + this.ttlMs - this.safetyMs, generation: ++this.generation });
      } else {
        this.held.delete(sessionId);
      }
      this.scheduleDeadline();
      return result;
    });
  }

  /** Para de renovar e solta o lease (só se ainda for nosso). */
  release(sessionId: string): Promise<void> {
    return this.serial(sessionId, async () => {
      this.held.delete(sessionId);
      this.scheduleDeadline();
      // Uma renovação em voo que chegasse depois do DELETE recriaria o lease.
      await this.inflight;
      await this.store.release(sessionId, this.instanceId);
    });
  }

  /** Desligamento: solta tudo de uma vez, para outra instância assumir já (sem esperar o TTL). */
  async releaseAll(): Promise<void> {
    const ids = this.sessions();
    const results = await Promise.allSettled(ids.map((id) => this.release(id)));
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed) {
      this.logger?.warn({ failed, total: ids.length }, 'Não consegui soltar alguns leases; eles vencem sozinhos pelo TTL');
    }
  }

  /** Para os timers; nenhum onLost depois disso. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.renewTimer);
    clearTimeout(this.deadlineTimer);
    this.renewTimer = undefined;
    this.deadlineTimer = undefined;
  }

  /** Renova agora todos os leases (o timer chama isto; uma renovação por vez). */
  renewNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.inflight) {
      this.inflight = this.renewOnce().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async renewOnce(): Promise<void> {
    const snapshot = [...this.held].map(([id, h]) => [id, h.generation] as const);
    if (snapshot.length === 0) return;
    const started = Date.now();
    let lost: Set<string>;
    try {
      lost = new Set(
        await withTimeout(
          this.store.renew(snapshot.map(([id]) => id), this.instanceId, this.url, this.ttlMs),
          this.renewEveryMs,
        ),
      );
    } catch (err) {
      if (!this.failing) {
        this.logger?.warn(
          { err: err instanceof Error ? err.message : String(err), sessions: snapshot.length },
          'Não consegui renovar os leases; as sessões param se o prazo passar sem renovação',
        );
      }
      this.failing = true;
      return;
    }
    if (this.failing) this.logger?.info('Renovação dos leases de volta');
    this.failing = false;
    for (const [id, generation] of snapshot) {
      const h = this.held.get(id);
      if (!h || h.generation !== generation) continue;
      if (lost.has(id)) {
        this.held.delete(id);
        this.lose(id, 'taken');
      } else {
        h.deadline = Math.max(h.deadline, started + this.ttlMs - this.safetyMs);
      }
    }
    this.scheduleDeadline();
  }

  /** Um timer no prazo mais próximo (o da renovação poderia chegar tarde demais). */
  private scheduleDeadline(): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    if (this.stopped || this.held.size === 0) return;
    let next = Infinity;
    for (const h of this.held.values()) next = Math.min(next, h.deadline);
    this.deadlineTimer = setTimeout(() => this.checkDeadlines(), Math.max(0, next - Date.now()));
    this.deadlineTimer.unref();
  }

  private checkDeadlines(): void {
    const now = Date.now();
    for (const [id, h] of [...this.held]) {
      if (h.deadline <= now) {
        this.held.delete(id);
        this.lose(id, 'expired');
      }
    }
    this.scheduleDeadline();
  }

  private lose(sessionId: string, reason: LeaseLossReason): void {
    if (this.stopped) return;
    this.logger?.warn(
      { sessionId, reason },
      reason === 'taken'
        ? 'Lease da sessão tomado por outra instância; parando o socket'
        : 'Lease da sessão sem renovação até o prazo; parando o socket antes que outra instância assuma',
    );
    try {
      this.onLost(sessionId, reason);
    } catch (err) {
      this.logger?.error({ err, sessionId }, 'Erro no tratamento do lease perdido');
    }
  }
}

/** Uma renovação pendurada (armazenamento sumido sem recusar a conexão) conta como falha. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`sem resposta em ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
