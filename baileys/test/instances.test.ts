import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { deriveAuthKey } from '../src/crypto.js';
import { RedisLeaseStore } from '../src/lease.js';
import { RedisAuthStore } from '../src/stores/index.js';
import { deletePrefix, probeRedis, redisPrefix, REDIS_URL, requireAll } from './backends.js';
import { FakeApi, harness, SESSION, TOKEN, waitFor, type Harness } from './helpers.js';

const redis = await probeRedis();
const backends = requireAll(redis);
const TTL_MS = 600;

test('várias instâncias: Redis no ar', { skip: backends.skip }, () => backends.check());

describe('várias instâncias dividindo as sessões (Redis)', { skip: backends.skip }, () => {
  const prefixes: string[] = [];
  after(async () => {
    for (const prefix of prefixes) await deletePrefix(prefix).catch(() => undefined);
  });

  async function pair(): Promise<{ api: FakeApi; a: Harness; b: Harness; close(): Promise<void> }> {
    const prefix = redisPrefix();
    prefixes.push(prefix);
    const key = deriveAuthKey(TOKEN);
    const stores = () => ({
      auth: new RedisAuthStore(REDIS_URL, key, { prefix }),
      leases: new RedisLeaseStore(REDIS_URL, { prefix }),
    });
    const api = new FakeApi();
    await api.listen();
    const a = await harness({ api, stores, leaseTtlMs: TTL_MS, instanceId: 'instancia-a' });
    const b = await harness({ api, stores, leaseTtlMs: TTL_MS, instanceId: 'instancia-b' });
    return {
      api, a, b,
      async close() {
        await a.cleanup().catch(() => undefined);
        await b.cleanup().catch(() => undefined);
      },
    };
  }

  const connectedOn = (h: Harness) => h.service.manager.get(SESSION)?.state === 'connected';

  test('uma sessão roda numa instância só; a outra responde 421 com o dono; a que morre é assumida sem novo QR', async () => {
    const { api, a, b, close } = await pair();
    try {
      assert.equal((await a.call('POST', `/sessions/${SESSION}/start`, {})).status, 200);
      await waitFor(() => connectedOn(a), 'conectada na A');

      // Dois starts em instâncias diferentes nunca abrem dois sockets.
      const second = await b.call('POST', `/sessions/${SESSION}/start`, {});
      assert.equal(second.status, 421);
      assert.equal(second.body.code, 'sessao_em_outra_instancia');
      assert.equal(second.body.owner, a.service.advertiseUrl);
      for (const [method, path, body] of [
        ['GET', `/sessions/${SESSION}`, undefined],
        ['POST', `/sessions/${SESSION}/messages`, { messageId: 'm1', to: '5511977776666', type: 'text', text: 'oi' }],
        ['POST', `/sessions/${SESSION}/logout`, undefined],
        ['DELETE', `/sessions/${SESSION}`, undefined],
      ] as const) {
        const res = await b.call(method, path, body);
        assert.equal(res.status, 421, `${method} ${path}`);
        assert.equal(res.body.owner, a.service.advertiseUrl);
      }
      assert.equal(b.factory.sockets.length, 0);

      // A instância A morre (sem soltar o lease): depois do TTL, a B assume com as credenciais guardadas.
      const before = api.sessionStates().length;
      await a.service.abandon();
      await waitFor(() => connectedOn(b), 'assumida pela B', TTL_MS * 10);
      assert.equal(b.factory.sockets.length, 1);
      const after = await waitFor(() => {
        const states = api.sessionStates().slice(before);
        return states.includes('connected') && states;
      }, 'callback connected da B');
      assert.ok(!after.includes('qr'), `a B não pediu QR: ${after.join(', ')}`);
      const send = await b.call('POST', `/sessions/${SESSION}/messages`, { messageId: 'm2', to: '5511977776666', type: 'text', text: 'oi' });
      assert.equal(send.status, 200);
    } finally {
      await close();
    }
  });

  test('desligar solta os leases: a outra instância assume na próxima varredura', async () => {
    const { a, b, close } = await pair();
    try {
      assert.equal((await a.call('POST', `/sessions/${SESSION}/start`, {})).status, 200);
      await waitFor(() => connectedOn(a), 'conectada na A');
      const stopped = Date.now();
      await a.service.close(100);
      await waitFor(() => connectedOn(b), 'assumida pela B', TTL_MS * 10);
      // Sem esperar o TTL inteiro: a varredura roda a cada TTL/3.
      assert.ok(Date.now() - stopped < TTL_MS + 500, `levou ${Date.now() - stopped} ms`);
    } finally {
      await close();
    }
  });
});
