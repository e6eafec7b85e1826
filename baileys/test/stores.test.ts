import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { proto, type AuthenticationCreds, type SignalDataSet } from 'baileys';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { AuthFiles, type AuthStore } from '../src/authStore.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { MemoryLeaseStore, PgLeaseStore, RedisLeaseStore } from '../src/lease.js';
import { createStores } from '../src/stores/index.js';
import { PgAuthStore } from '../src/stores/postgres.js';
import { RedisAuthStore } from '../src/stores/redis.js';
import {
  createDatabase,
  deletePrefix,
  probePostgres,
  probeRedis,
  requireAll,
  REDIS_URL,
  redisPrefix,
  type TempDatabase,
} from './backends.js';

const KEY = randomBytes(32);
const MARKER = 'MARCADOR-EM-CLARO-7f3a';
const silent = pino({ level: 'silent' });

interface Subject {
  /** Duas instâncias do serviço: conexões separadas no mesmo armazenamento. */
  a: AuthStore;
  b: AuthStore;
  /** Todos os bytes guardados (valores), para provar que nada está em claro. */
  raw(): Promise<Buffer[]>;
}

function registeredCreds(creds: AuthenticationCreds, phone: string): void {
  creds.registered = true;
  creds.me = { id: `${phone}:1@s.whatsapp.net`, name: 'Conta de Teste' };
}

function keysOf(store: AuthStore, sessionId: string) {
  return store.load(sessionId).then((auth) => auth.state.keys);
}

/** O mesmo conjunto de testes para cada armazenamento compartilhado (a semântica do AuthFiles). */
function authStoreSuite(subject: () => Subject): void {
  test('credenciais, chaves e opções voltam iguais, lidas por outra instância', async () => {
    const { a, b } = subject();
    const id = randomUUID();
    const auth = await a.load(id);
    registeredCreds(auth.state.creds, '5511999990001');
    await auth.saveCreds();
    const preKey = { public: Buffer.from(randomBytes(32)), private: Buffer.from(randomBytes(32)) };
    const session = new Uint8Array(randomBytes(40));
    const appKey = { keyData: randomBytes(32), fingerprint: { rawId: 7, currentIndex: 1, deviceIndexes: [0, 1] }, timestamp: 1700000000 };
    await auth.state.keys.set({
      'pre-key': { '1': preKey, '2': preKey },
      session: { '5511999990002.0': session },
      'app-state-sync-key': { AAAAAQ: appKey },
      'lid-mapping': { '5511999990002': '123456789@lid' },
    } as SignalDataSet);
    await a.writeMeta(id, { phoneNumber: '5511999990001', usePairingCode: true, receiveGroups: false });

    assert.equal(await b.hasCreds(id), true);
    assert.ok((await b.storedSessions()).includes(id));
    assert.deepEqual(await b.readMeta(id), { phoneNumber: '5511999990001', usePairingCode: true, receiveGroups: false });
    const loaded = await b.load(id);
    assert.equal(loaded.state.creds.registered, true);
    assert.equal(loaded.state.creds.me?.id, '5511999990001:1@s.whatsapp.net');
    assert.deepEqual(Buffer.from(loaded.state.creds.noiseKey.private), Buffer.from(auth.state.creds.noiseKey.private));
    assert.equal(loaded.state.creds.registrationId, auth.state.creds.registrationId);

    const preKeys = await loaded.state.keys.get('pre-key', ['1', '2', '3']);
    assert.deepEqual(Object.keys(preKeys).sort(), ['1', '2']);
    assert.deepEqual(Buffer.from(preKeys['1']!.public), preKey.public);
    assert.deepEqual(Buffer.from(preKeys['2']!.private), preKey.private);
    const sessions = await loaded.state.keys.get('session', ['5511999990002.0']);
    assert.deepEqual(Buffer.from(sessions['5511999990002.0']!), Buffer.from(session));
    const app = (await loaded.state.keys.get('app-state-sync-key', ['AAAAAQ']))['AAAAAQ'];
    assert.ok(app instanceof proto.Message.AppStateSyncKeyData);
    assert.deepEqual(Buffer.from(app.keyData!), appKey.keyData);
    assert.equal(app.fingerprint?.rawId, 7);
    assert.deepEqual(await loaded.state.keys.get('lid-mapping', ['5511999990002']), { '5511999990002': '123456789@lid' });
    assert.deepEqual(await loaded.state.keys.get('pre-key', []), {});
  });

  test('keys.set com null ou undefined apaga a chave; as outras ficam', async () => {
    const { a } = subject();
    const id = randomUUID();
    const keys = await keysOf(a, id);
    await keys.set({ 'lid-mapping': { x: 'um', y: 'dois', z: 'três' } });
    await keys.set({ 'lid-mapping': { x: null, y: undefined as unknown as null } });
    assert.deepEqual(await keys.get('lid-mapping', ['x', 'y', 'z']), { z: 'três' });
    // Apagar o que não existe não é erro.
    await keys.set({ 'lid-mapping': { nunca: null } });
    // Mesmo id em tipos diferentes são chaves diferentes.
    await keys.set({ 'device-list': { z: ['1', '2'] } });
    assert.deepEqual(await keys.get('lid-mapping', ['z']), { z: 'três' });
    assert.deepEqual(await keys.get('device-list', ['z']), { z: ['1', '2'] });
  });

  test('escritas da mesma sessão em ordem: vale a última', async () => {
    const { a, b } = subject();
    const id = randomUUID();
    const keys = await keysOf(a, id);
    const writes: Array<Promise<void>> = [];
    for (let i = 0; i < 30; i++) writes.push(Promise.resolve(keys.set({ 'lid-mapping': { k: `v${i}` } })));
    writes.push(Promise.resolve(keys.set({ 'lid-mapping': { apagada: 'x' } })));
    writes.push(Promise.resolve(keys.set({ 'lid-mapping': { apagada: null } })));
    await Promise.all(writes);
    assert.deepEqual(await (await keysOf(b, id)).get('lid-mapping', ['k', 'apagada']), { k: 'v29' });
  });

  test('cifrado no armazenamento: os bytes guardados não têm o texto em claro', async () => {
    const s = subject();
    const id = randomUUID();
    const auth = await s.a.load(id);
    registeredCreds(auth.state.creds, '5511999990003');
    auth.state.creds.me!.name = MARKER;
    await auth.saveCreds();
    await auth.state.keys.set({ 'lid-mapping': { m: MARKER } });
    await s.a.writeMeta(id, { phoneNumber: MARKER });
    const raw = await s.raw();
    assert.ok(raw.length >= 3, 'esperava credenciais, chave e opções guardadas');
    for (const value of raw) {
      assert.equal(value.includes(MARKER), false, 'texto em claro no armazenamento');
      assert.equal(value.includes(Buffer.from(MARKER).toString('base64')), false);
    }
    // E de fato decifra de volta.
    assert.deepEqual(await s.b.readMeta(id), { phoneNumber: MARKER });
  });

  test('wipeCreds apaga credenciais e chaves, mantém as opções', async () => {
    const { a, b } = subject();
    const id = randomUUID();
    const auth = await a.load(id);
    registeredCreds(auth.state.creds, '5511999990004');
    await auth.saveCreds();
    await auth.state.keys.set({ 'lid-mapping': { k: 'v' } });
    await a.writeMeta(id, { phoneNumber: '5511999990004', receiveGroups: true });
    await a.wipeCreds(id);
    assert.equal(await b.hasCreds(id), false);
    assert.equal((await b.storedSessions()).includes(id), false);
    assert.deepEqual(await b.readMeta(id), { phoneNumber: '5511999990004', receiveGroups: true });
    const fresh = await b.load(id);
    assert.equal(fresh.state.creds.registered, false);
    assert.equal(fresh.state.creds.me, undefined);
    assert.deepEqual(await fresh.state.keys.get('lid-mapping', ['k']), {});
  });

  test('remove apaga tudo da sessão, e só dela', async () => {
    const { a, b } = subject();
    const id = randomUUID();
    const other = randomUUID();
    for (const sid of [id, other]) {
      const auth = await a.load(sid);
      registeredCreds(auth.state.creds, '5511999990005');
      await auth.saveCreds();
      await auth.state.keys.set({ 'lid-mapping': { k: sid } });
      await a.writeMeta(sid, { phoneNumber: '5511999990005' });
    }
    await a.remove(id);
    assert.equal(await b.hasCreds(id), false);
    assert.equal(await b.readMeta(id), undefined);
    assert.deepEqual(await (await keysOf(b, id)).get('lid-mapping', ['k']), {});
    assert.equal((await b.storedSessions()).includes(id), false);
    assert.equal(await b.hasCreds(other), true);
    assert.deepEqual(await (await keysOf(b, other)).get('lid-mapping', ['k']), { k: other });
  });

  test('escritas atrasadas de um socket antigo depois do wipe são descartadas', async () => {
    const { a, b } = subject();
    const id = randomUUID();
    const stale = await a.load(id);
    registeredCreds(stale.state.creds, '5511999990006');
    await stale.saveCreds();
    await a.wipeCreds(id);
    // O socket antigo ainda emite eventos: nada disso pode recriar a sessão.
    await stale.saveCreds();
    await stale.state.keys.set({ 'lid-mapping': { k: 'velho' } });
    assert.equal(await b.hasCreds(id), false);
    assert.deepEqual(await (await keysOf(b, id)).get('lid-mapping', ['k']), {});
    // Um load novo (depois do wipe) grava normalmente.
    const fresh = await a.load(id);
    registeredCreds(fresh.state.creds, '5511999990006');
    await fresh.saveCreds();
    await fresh.state.keys.set({ 'lid-mapping': { k: 'novo' } });
    assert.equal(await b.hasCreds(id), true);
    assert.deepEqual(await (await keysOf(b, id)).get('lid-mapping', ['k']), { k: 'novo' });
    // O mesmo vale depois de um remove.
    await a.remove(id);
    await fresh.saveCreds();
    assert.equal(await b.hasCreds(id), false);
  });

  test('storedSessions lista só sessões com credenciais registradas', async () => {
    const { a, b } = subject();
    const registered = randomUUID();
    const pending = randomUUID();
    const metaOnly = randomUUID();
    const auth = await a.load(registered);
    registeredCreds(auth.state.creds, '5511999990007');
    await auth.saveCreds();
    // Credenciais ainda sem QR lido não retomam nada.
    await (await a.load(pending)).saveCreds();
    await a.writeMeta(metaOnly, { phoneNumber: '5511999990008' });
    const stored = await b.storedSessions();
    assert.ok(stored.includes(registered));
    assert.equal(stored.includes(pending), false);
    assert.equal(stored.includes(metaOnly), false);
    assert.equal(await b.hasCreds(pending), false);
    assert.deepEqual(stored, [...stored].sort());
  });
}

const postgres = await probePostgres();
const redis = await probeRedis();
const backends = requireAll(postgres, redis);

test('PostgreSQL e Redis no ar', { skip: backends.skip }, backends.check);

describe('PgAuthStore (PostgreSQL de verdade)', { skip: postgres.skip }, () => {
  let db: TempDatabase;
  let a: PgAuthStore;
  let b: PgAuthStore;
  before(async () => {
    postgres.require();
    db = await createDatabase();
    a = new PgAuthStore(db.url, KEY, { logger: silent });
    b = new PgAuthStore(db.url, KEY, { logger: silent });
    // Duas instâncias criando as tabelas ao mesmo tempo (advisory lock).
    await Promise.all([a.storedSessions(), b.storedSessions()]);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    if (db) await db.drop();
  });

  authStoreSuite(() => ({
    a,
    b,
    async raw() {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const rows = await client.query<{ data: Buffer | null }>(
          `SELECT data FROM baileys_auth UNION ALL SELECT creds FROM baileys_sessions UNION ALL SELECT meta FROM baileys_sessions`,
        );
        return rows.rows.flatMap((r) => (r.data ? [r.data] : []));
      } finally {
        await client.end();
      }
    },
  }));

  test('keys.set de N chaves é um comando; keys.get de N ids, uma consulta', async () => {
    const id = randomUUID();
    const keys = await keysOf(a, id);
    await keys.get('lid-mapping', ['aquecimento']);
    const original = a.pool.query.bind(a.pool);
    let calls = 0;
    (a.pool as unknown as { query: unknown }).query = (...args: unknown[]) => {
      calls++;
      return (original as (...x: unknown[]) => unknown)(...args);
    };
    try {
      const data: Record<string, string | null> = {};
      for (let i = 0; i < 50; i++) data[`id${i}`] = `valor${i}`;
      data.apagar = null;
      await keys.set({ 'lid-mapping': data });
      assert.equal(calls, 1);
      calls = 0;
      const got = await keys.get('lid-mapping', Object.keys(data));
      assert.equal(calls, 1);
      assert.equal(Object.keys(got).length, 50);
      assert.equal(got.id49, 'valor49');
    } finally {
      (a.pool as unknown as { query: unknown }).query = original;
    }
  });

  test('tabelas criadas pelo serviço com o prefixo baileys_', async () => {
    const rows = await a.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'baileys%' ORDER BY table_name`,
    );
    assert.deepEqual(rows.rows.map((r) => r.table_name), ['baileys_auth', 'baileys_sessions']);
  });

  test('chave errada não decifra', async () => {
    const id = randomUUID();
    await a.writeMeta(id, { phoneNumber: '5511999990009' });
    const wrong = new PgAuthStore(db.url, randomBytes(32), { logger: silent });
    try {
      await assert.rejects(wrong.readMeta(id));
    } finally {
      await wrong.close();
    }
  });
});

describe('RedisAuthStore (Redis de verdade)', { skip: redis.skip }, () => {
  const prefix = redisPrefix();
  let a: RedisAuthStore;
  let b: RedisAuthStore;
  before(() => {
    redis.require();
    a = new RedisAuthStore(REDIS_URL, KEY, { prefix, logger: silent });
    b = new RedisAuthStore(REDIS_URL, KEY, { prefix, logger: silent });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    if (redis.up) await deletePrefix(prefix).catch(() => undefined);
  });

  authStoreSuite(() => ({
    a,
    b,
    async raw() {
      const client = new Redis(REDIS_URL);
      try {
        const out: Buffer[] = [];
        let cursor = '0';
        do {
          const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          cursor = next;
          for (const key of keys) {
            const type = await client.type(key);
            if (type === 'string') out.push((await client.getBuffer(key))!);
            else if (type === 'hash') out.push(...Object.values(await client.hgetallBuffer(key)));
          }
        } while (cursor !== '0');
        return out;
      } finally {
        client.disconnect();
      }
    },
  }));

  test('chaves sob o prefixo: creds, meta, keys (hash) e o conjunto sessions', async () => {
    const id = randomUUID();
    const auth = await a.load(id);
    registeredCreds(auth.state.creds, '5511999990010');
    await auth.saveCreds();
    await auth.state.keys.set({ 'lid-mapping': { k: 'v' } });
    await a.writeMeta(id, {});
    assert.equal(await a.redis.type(`${prefix}creds:${id}`), 'string');
    assert.equal(await a.redis.type(`${prefix}meta:${id}`), 'string');
    assert.equal(await a.redis.type(`${prefix}keys:${id}`), 'hash');
    assert.deepEqual(await a.redis.hkeys(`${prefix}keys:${id}`), ['lid-mapping:k']);
    assert.equal(await a.redis.sismember(`${prefix}sessions`, id), 1);
  });
});

describe('configuração e fábrica dos armazenamentos', () => {
  const base = { BAILEYS_TOKEN: 't', BAILEYS_CALLBACK_SECRET: 's' };

  test('padrão: arquivos, id da instância e endereço anunciado', () => {
    const config = loadConfig({ ...base });
    assert.equal(config.store, 'files');
    assert.match(config.instanceId!, /^.+-[0-9a-f]{6}$/);
    assert.equal(config.advertiseUrl, 'http://127.0.0.1:3001');
    assert.notEqual(loadConfig({ ...base }).instanceId, config.instanceId);
  });

  test('BAILEYS_* primeiro, depois REDIS_URL/DATABASE_URL; o +driver da URL da API sai', () => {
    const config = loadConfig({
      ...base,
      BAILEYS_STORE: 'postgres',
      DATABASE_URL: 'postgresql+asyncpg://wacs:senha@db:5432/wacs',
      REDIS_URL: 'redis://redis:6379/0',
      BAILEYS_INSTANCE_ID: 'baileys-0',
      BAILEYS_ADVERTISE_URL: 'http://baileys-0.baileys:3001/',
    });
    assert.equal(config.databaseUrl, 'postgresql://wacs:senha@db:5432/wacs');
    assert.equal(config.redisUrl, 'redis://redis:6379/0');
    assert.equal(config.instanceId, 'baileys-0');
    assert.equal(config.advertiseUrl, 'http://baileys-0.baileys:3001');
    const own = loadConfig({
      ...base, BAILEYS_STORE: 'redis', BAILEYS_REDIS_URL: 'rediss://cache:6380', REDIS_URL: 'redis://outro:6379',
    });
    assert.equal(own.redisUrl, 'rediss://cache:6380');
  });

  test('escutando em 0.0.0.0, o endereço anunciado usa o nome da máquina', () => {
    const config = loadConfig({ ...base, BAILEYS_HOST: '0.0.0.0', BAILEYS_PORT: '3005' });
    assert.match(config.advertiseUrl!, /^http:\/\/[^/]+:3005$/);
    assert.ok(!config.advertiseUrl!.includes('0.0.0.0'));
  });

  test('erros de configuração em pt-BR', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ BAILEYS_STORE: 'mongo' }, /BAILEYS_STORE inválido/],
      [{ BAILEYS_STORE: 'redis' }, /BAILEYS_STORE=redis precisa do endereço do Redis/],
      [{ BAILEYS_STORE: 'postgres' }, /BAILEYS_STORE=postgres precisa do endereço do PostgreSQL/],
      [{ BAILEYS_STORE: 'redis', REDIS_URL: 'http://x' }, /REDIS_URL inválida/],
      [{ BAILEYS_STORE: 'postgres', DATABASE_URL: 'sqlite+aiosqlite:///data/wacs.db' }, /DATABASE_URL inválida.*postgresql:\/\//],
      [{ BAILEYS_INSTANCE_ID: 'com espaço' }, /BAILEYS_INSTANCE_ID inválido/],
      [{ BAILEYS_ADVERTISE_URL: 'baileys-0:3001' }, /BAILEYS_ADVERTISE_URL inválida/],
    ];
    for (const [env, expected] of cases) {
      assert.throws(() => loadConfig({ ...base, ...env }), (err: unknown) => err instanceof ConfigError && expected.test(err.message));
    }
    // Sem BAILEYS_STORE, um REDIS_URL qualquer (o da API) não é validado nem usado.
    assert.equal(loadConfig({ ...base, REDIS_URL: 'lixo' }).store, 'files');
  });

  test('createStores escolhe pelo BAILEYS_STORE', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baileys-stores-'));
    try {
      const files = createStores(loadConfig({ ...base, BAILEYS_DATA_DIR: dir }), KEY, silent);
      assert.ok(files.auth instanceof AuthFiles);
      assert.ok(files.leases instanceof MemoryLeaseStore);
      if (!redis.skip) {
        const r = createStores(loadConfig({ ...base, BAILEYS_STORE: 'redis', BAILEYS_REDIS_URL: REDIS_URL }), KEY, silent);
        assert.ok(r.auth instanceof RedisAuthStore);
        assert.ok(r.leases instanceof RedisLeaseStore);
        await r.auth.close?.();
        await r.leases.close?.();
      }
      if (!postgres.skip) {
        const p = createStores(
          loadConfig({ ...base, BAILEYS_STORE: 'postgres', DATABASE_URL: 'postgresql+asyncpg://postgres@127.0.0.1:5432/postgres' }),
          KEY,
          silent,
        );
        assert.ok(p.auth instanceof PgAuthStore);
        assert.ok(p.leases instanceof PgLeaseStore);
        await p.auth.close?.();
        await p.leases.close?.();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
