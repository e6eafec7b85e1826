import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import {
  LeaseKeeper,
  MemoryLeaseStore,
  PgLeaseStore,
  RedisLeaseStore,
  type LeaseLossReason,
  type LeaseStore,
} from '../src/lease.js';
import {
  createDatabase,
  deletePrefix,
  probePostgres,
  probeRedis,
  requireAll,
  REDIS_URL,
  redisPrefix,
  sleep,
  type TempDatabase,
} from './backends.js';

const TTL = 300;
const A = { id: 'instancia-a', url: 'http://10.0.0.1:3001' };
const B = { id: 'instancia-b', url: 'http://10.0.0.2:3001' };
const silent = pino({ level: 'silent' });

/** A mesma semântica para os três armazenamentos de lease. */
function leaseStoreSuite(store: () => LeaseStore): void {
  test('A pega; B é recusado enquanto vale e vê A como dono; A renova pegando de novo', async () => {
    const s = store();
    const id = randomUUID();
    const first = await s.acquire(id, A.id, A.url, TTL);
    assert.equal(first.held, true);
    assert.equal(first.owner?.instanceId, A.id);
    assert.equal(first.owner?.url, A.url);
    const refused = await s.acquire(id, B.id, B.url, TTL);
    assert.equal(refused.held, false);
    assert.equal(refused.owner?.instanceId, A.id);
    assert.equal(refused.owner?.url, A.url);
    assert.ok(refused.owner!.expiresAt > Date.now() - 1000 && refused.owner!.expiresAt < Date.now() + TTL + 1000);
    assert.equal((await s.acquire(id, A.id, A.url, TTL)).held, true);
    assert.equal((await s.owner(id))?.instanceId, A.id);
  });

  test('vencido, o lease vai para B; a renovação de A devolve a sessão como perdida', async () => {
    const s = store();
    const id = randomUUID();
    const keep = randomUUID();
    assert.equal((await s.acquire(id, A.id, A.url, TTL)).held, true);
    assert.equal((await s.acquire(keep, A.id, A.url, TTL)).held, true);
    await sleep(TTL + 150);
    assert.equal(await s.owner(id), null);
    const taken = await s.acquire(id, B.id, B.url, TTL);
    assert.equal(taken.held, true);
    assert.equal(taken.owner?.instanceId, B.id);
    // Uma chamada para várias sessões: `keep` venceu mas ninguém pegou (A a retoma); `id` foi tomada.
    assert.deepEqual(await s.renew([id, keep], A.id, A.url, TTL), [id]);
    assert.equal((await s.owner(keep))?.instanceId, A.id);
    assert.deepEqual(await s.renew([id], B.id, B.url, TTL), []);
    assert.equal((await s.owner(id))?.instanceId, B.id);
    assert.deepEqual(await s.renew([], A.id, A.url, TTL), []);
  });

  test('renovar mantém o lease além do TTL', async () => {
    const s = store();
    const id = randomUUID();
    await s.acquire(id, A.id, A.url, TTL);
    for (let i = 0; i < 4; i++) {
      await sleep(TTL / 3);
      assert.deepEqual(await s.renew([id], A.id, A.url, TTL), []);
    }
    assert.equal((await s.acquire(id, B.id, B.url, TTL)).held, false);
  });

  test('só o dono solta', async () => {
    const s = store();
    const id = randomUUID();
    await s.acquire(id, A.id, A.url, TTL);
    await s.release(id, B.id);
    assert.equal((await s.owner(id))?.instanceId, A.id);
    await s.release(id, A.id);
    assert.equal(await s.owner(id), null);
    assert.equal((await s.acquire(id, B.id, B.url, TTL)).held, true);
    await s.release(randomUUID(), A.id);
  });

  test('muitas sessões numa renovação', async () => {
    const s = store();
    const ids = Array.from({ length: 600 }, () => randomUUID());
    for (const id of ids) await s.acquire(id, A.id, A.url, 5_000);
    await s.release(ids[10]!, A.id);
    await s.acquire(ids[10]!, B.id, B.url, 5_000);
    assert.deepEqual(await s.renew(ids, A.id, A.url, 5_000), [ids[10]]);
  });
}

/** Com um armazenamento de verdade: outra instância toma o lease e o LeaseKeeper avisa. */
async function keeperTakeover(store: LeaseStore): Promise<void> {
  const lost: Array<[string, LeaseLossReason]> = [];
  const k = new LeaseKeeper({
    store, instanceId: A.id, url: A.url, ttlMs: TTL, renewEveryMs: 100, logger: silent,
    onLost: (id, reason) => lost.push([id, reason]),
  });
  try {
    const id = randomUUID();
    const keep = randomUUID();
    await k.acquire(id);
    await k.acquire(keep);
    await store.release(id, A.id);
    assert.equal((await store.acquire(id, B.id, B.url, 5_000)).held, true);
    await waitLost(lost);
    assert.deepEqual(lost, [[id, 'taken']]);
    await sleep(TTL);
    assert.deepEqual(k.sessions(), [keep]);
    assert.equal((await store.owner(keep))?.instanceId, A.id);
  } finally {
    k.stop();
  }
}

const postgres = await probePostgres();
const redis = await probeRedis();
const backends = requireAll(postgres, redis);

test('PostgreSQL e Redis no ar', { skip: backends.skip }, backends.check);

describe('MemoryLeaseStore', () => {
  const s = new MemoryLeaseStore();
  leaseStoreSuite(() => s);
});

describe('RedisLeaseStore (Redis de verdade)', { skip: redis.skip }, () => {
  const prefix = redisPrefix();
  let s: RedisLeaseStore;
  before(() => {
    redis.require();
    s = new RedisLeaseStore(REDIS_URL, { prefix, logger: silent });
  });
  after(async () => {
    await s?.close();
    if (redis.up) await deletePrefix(prefix).catch(() => undefined);
  });
  leaseStoreSuite(() => s);

  test('LeaseKeeper: tomada por outra instância chega ao onLost', () => keeperTakeover(s));

  test('o lease é uma chave com expiração (PX) sob o prefixo', async () => {
    const id = randomUUID();
    await s.acquire(id, A.id, A.url, TTL);
    const pttl = await s.redis.pttl(`${prefix}lease:${id}`);
    assert.ok(pttl > 0 && pttl <= TTL, `PTTL ${pttl}`);
  });
});

describe('PgLeaseStore (PostgreSQL de verdade)', { skip: postgres.skip }, () => {
  let db: TempDatabase;
  let s: PgLeaseStore;
  let other: PgLeaseStore;
  before(async () => {
    postgres.require();
    db = await createDatabase();
    s = new PgLeaseStore(db.url, { logger: silent });
    other = new PgLeaseStore(db.url, { logger: silent });
  });
  after(async () => {
    await s?.close();
    await other?.close();
    if (db) await db.drop();
  });
  leaseStoreSuite(() => s);

  test('duas instâncias disputando ao mesmo tempo: só uma fica com o lease', async () => {
    for (let round = 0; round < 20; round++) {
      const id = randomUUID();
      const [x, y] = await Promise.all([s.acquire(id, A.id, A.url, TTL), other.acquire(id, B.id, B.url, TTL)]);
      assert.equal(Number(x.held) + Number(y.held), 1, `rodada ${round}`);
      const winner = x.held ? A.id : B.id;
      assert.equal(x.owner?.instanceId ?? winner, winner);
      assert.equal(y.owner?.instanceId ?? winner, winner);
    }
  });

  test('LeaseKeeper: tomada por outra instância chega ao onLost', () => keeperTakeover(s));

  test('o vencimento usa o relógio do banco', async () => {
    const id = randomUUID();
    await s.acquire(id, A.id, A.url, 60_000);
    const rows = await s.pool.query<{ left_ms: number }>(
      `SELECT extract(epoch FROM expires_at - now()) * 1000 AS left_ms FROM baileys_leases WHERE session_id = $1`,
      [id],
    );
    const left = Number(rows.rows[0]!.left_ms);
    assert.ok(left > 55_000 && left <= 60_000, `restam ${left} ms`);
  });
});

/** Armazenamento que pode "cair": lança (conexão recusada) ou nunca responde (rede partida). */
class FlakyStore implements LeaseStore {
  mode: 'up' | 'throw' | 'hang' = 'up';
  constructor(readonly inner: LeaseStore) {}
  private gate<T>(call: () => Promise<T>): Promise<T> {
    if (this.mode === 'throw') return Promise.reject(new Error('ECONNREFUSED'));
    if (this.mode === 'hang') return new Promise<T>(() => undefined);
    return call();
  }
  acquire(id: string, instanceId: string, url: string, ttl: number) {
    return this.gate(() => this.inner.acquire(id, instanceId, url, ttl));
  }
  renew(ids: string[], instanceId: string, url: string, ttl: number) {
    return this.gate(() => this.inner.renew(ids, instanceId, url, ttl));
  }
  release(id: string, instanceId: string) {
    return this.gate(() => this.inner.release(id, instanceId));
  }
  owner(id: string) {
    return this.gate(() => this.inner.owner(id));
  }
}

describe('LeaseKeeper', () => {
  function keeper(store: LeaseStore, opts: { ttlMs?: number; renewEveryMs?: number; safetyMs?: number } = {}) {
    const lost: Array<{ id: string; reason: LeaseLossReason; at: number }> = [];
    const k = new LeaseKeeper({
      store, instanceId: A.id, url: A.url, ttlMs: TTL, renewEveryMs: 100, logger: silent, ...opts,
      onLost: (id, reason) => lost.push({ id, reason, at: Date.now() }),
    });
    return { k, lost };
  }

  test('padrões: TTL 30 s, renovação a cada 10 s', () => {
    const k = new LeaseKeeper({ store: new MemoryLeaseStore(), instanceId: 'x', url: 'http://x', onLost: () => undefined });
    assert.equal(k.ttlMs, 30_000);
    assert.equal(k.renewEveryMs, 10_000);
    k.stop();
    assert.throws(() => new LeaseKeeper({ store: new MemoryLeaseStore(), instanceId: 'x', url: 'http://x', ttlMs: 100, renewEveryMs: 100, onLost: () => undefined }));
  });

  test('renova sozinho: o lease segue nosso bem depois do TTL', async () => {
    const store = new MemoryLeaseStore();
    const { k, lost } = keeper(store);
    try {
      const id = randomUUID();
      assert.equal((await k.acquire(id)).held, true);
      await sleep(TTL * 3);
      assert.equal(lost.length, 0);
      assert.ok(k.holds(id));
      assert.equal((await store.acquire(id, B.id, B.url, TTL)).held, false);
    } finally {
      k.stop();
    }
  });

  test('tomado por outra instância: onLost(id, "taken") uma vez, as demais seguem', async () => {
    const store = new MemoryLeaseStore();
    const { k, lost } = keeper(store);
    try {
      const id = randomUUID();
      const keep = randomUUID();
      await k.acquire(id);
      await k.acquire(keep);
      // Outra instância assume (por exemplo, depois de uma partição).
      await store.release(id, A.id);
      assert.equal((await store.acquire(id, B.id, B.url, 5_000)).held, true);
      await sleep(250);
      assert.deepEqual(lost.map((l) => [l.id, l.reason]), [[id, 'taken']]);
      assert.deepEqual(k.sessions(), [keep]);
    } finally {
      k.stop();
    }
  });

  test('recusado na aquisição: não passa a renovar', async () => {
    const store = new MemoryLeaseStore();
    const { k } = keeper(store);
    try {
      const id = randomUUID();
      await store.acquire(id, B.id, B.url, 5_000);
      const res = await k.acquire(id);
      assert.equal(res.held, false);
      assert.equal(res.owner?.instanceId, B.id);
      assert.equal(k.holds(id), false);
    } finally {
      k.stop();
    }
  });

  for (const mode of ['throw', 'hang'] as const) {
    test(`armazenamento fora do ar (${mode === 'throw' ? 'recusa' : 'sem resposta'}): segura até o prazo local e larga antes de outra instância poder assumir`, async () => {
      // Folgas largas: o CI roda outras suítes ao mesmo tempo e os timers atrasam.
      const ttl = 600;
      const safety = 150;
      const inner = new MemoryLeaseStore();
      const store = new FlakyStore(inner);
      const { k, lost } = keeper(store, { ttlMs: ttl, renewEveryMs: 100, safetyMs: safety });
      try {
        const id = randomUUID();
        const start = Date.now();
        await k.acquire(id);
        const expiresAt = (await inner.owner(id))!.expiresAt;
        store.mode = mode;
        // Renovações falharam: ainda não larga (uma falha breve não derruba os sockets).
        await sleep(250);
        assert.equal(lost.length, 0);
        assert.ok(k.holds(id));
        const { at } = await waitLost(lost);
        assert.deepEqual(lost.map((l) => [l.id, l.reason]), [[id, 'expired']]);
        assert.ok(at >= start + ttl - safety - 5, `largou cedo demais: ${at - start} ms`);
        assert.ok(at < expiresAt, `largou ${at - expiresAt} ms depois de o lease vencer no armazenamento`);
        // Quando larga, o lease ainda vale: nenhuma outra instância pode estar rodando a sessão.
        assert.equal((await inner.owner(id))?.instanceId, A.id);
        assert.equal(k.holds(id), false);
        await sleep(200);
        assert.equal(lost.length, 1);
      } finally {
        k.stop();
      }
    });
  }

  test('falha breve na renovação: volta sem perder a sessão', async () => {
    const inner = new MemoryLeaseStore();
    const store = new FlakyStore(inner);
    const { k, lost } = keeper(store, { ttlMs: 900, renewEveryMs: 100 });
    try {
      const id = randomUUID();
      await k.acquire(id);
      store.mode = 'throw';
      await sleep(250);
      store.mode = 'up';
      await sleep(1000);
      assert.equal(lost.length, 0);
      assert.ok(k.holds(id));
      assert.equal((await inner.owner(id))?.instanceId, A.id);
    } finally {
      k.stop();
    }
  });

  test('stop: nenhum onLost depois', async () => {
    const store = new FlakyStore(new MemoryLeaseStore());
    const { k, lost } = keeper(store);
    await k.acquire(randomUUID());
    store.mode = 'throw';
    k.stop();
    await sleep(TTL + 100);
    assert.equal(lost.length, 0);
  });

  test('releaseAll solta tudo na hora (outra instância assume sem esperar o TTL)', async () => {
    const store = new MemoryLeaseStore();
    const { k, lost } = keeper(store, { ttlMs: 60_000, renewEveryMs: 20_000 });
    try {
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of ids) await k.acquire(id);
      await k.releaseAll();
      assert.deepEqual(k.sessions(), []);
      for (const id of ids) {
        assert.equal(await store.owner(id), null);
        assert.equal((await store.acquire(id, B.id, B.url, TTL)).held, true);
      }
      assert.equal(lost.length, 0);
    } finally {
      k.stop();
    }
  });

  test('release de uma sessão: para de renovar só ela', async () => {
    const store = new MemoryLeaseStore();
    const { k } = keeper(store);
    try {
      const [x, y] = [randomUUID(), randomUUID()];
      await k.acquire(x);
      await k.acquire(y);
      await k.release(x);
      await sleep(TTL + 100);
      assert.equal(await store.owner(x), null);
      assert.equal((await store.owner(y))?.instanceId, A.id);
    } finally {
      k.stop();
    }
  });
});

async function waitLost<T>(lost: T[], timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (lost.length === 0) {
    if (Date.now() > deadline) throw new Error('Tempo esgotado esperando onLost');
    await sleep(5);
  }
  return lost[0]!;
}
