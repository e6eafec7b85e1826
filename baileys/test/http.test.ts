import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { harness, SESSION, type Harness } from './helpers.js';

describe('HTTP', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(async () => {
    await h.cleanup();
  });

  test('health sem token', async () => {
    const res = await h.call('GET', '/health', undefined, null);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'ok' });
  });

  test('token ausente ou errado: 401 em pt-BR', async () => {
    for (const token of [null, 'errado', '']) {
      const res = await h.call('GET', `/sessions/${SESSION}`, undefined, token);
      assert.equal(res.status, 401);
      assert.match(res.type, /application\/problem\+json/);
      assert.equal(res.body.code, 'nao_autenticado');
      assert.match(res.body.detail, /Token/);
    }
    assert.equal((await h.call('GET', '/metrics', undefined, 'errado')).status, 401);
  });

  test('métricas', async () => {
    const res = await h.call('GET', '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.body, /baileys_sessions/);
    assert.match(res.body, /baileys_callback_queue 0/);
    assert.match(res.body, /baileys_process_resident_memory_bytes|baileys_nodejs_heap_size_used_bytes/);
  });

  test('validação: 422 com detalhe em pt-BR', async () => {
    const bad = await h.call('POST', '/sessions/nao-e-uuid/start', {});
    assert.equal(bad.status, 422);
    assert.match(bad.body.detail, /UUID/);
    const phone = await h.call('POST', `/sessions/${SESSION}/start`, { phoneNumber: '12ab' });
    assert.equal(phone.status, 422);
    assert.equal(phone.body.errors[0].field, 'phoneNumber');
    const pairing = await h.call('POST', `/sessions/${SESSION}/start`, { usePairingCode: true });
    assert.equal(pairing.status, 422);
    const json = await h.call('POST', `/sessions/${SESSION}/start`, '{quebrado');
    assert.equal(json.status, 422);
    assert.match(json.body.detail, /JSON/);
    const msg = await h.call('POST', `/sessions/${SESSION}/messages`, { messageId: '', to: '123', type: 'text', text: '' });
    assert.equal(msg.status, 422);
    assert.deepEqual(msg.body.errors.map((e: { field: string }) => e.field), ['messageId', 'to', 'text']);
    const long = await h.call('POST', `/sessions/${SESSION}/messages`, { messageId: 'a', to: '5511999998888', type: 'text', text: 'x'.repeat(65537) });
    assert.equal(long.status, 422);
    const type = await h.call('POST', `/sessions/${SESSION}/messages`, { messageId: 'a', to: '5511999998888', type: 'image' });
    assert.equal(type.status, 422);
    assert.equal(type.body.errors[0].field, 'media.data');
    for (const res of [bad, phone, json, msg, type]) {
      assert.ok(!JSON.stringify(res.body).includes('    at '), 'sem stack trace');
    }
  });

  test('sessão desconhecida: 404', async () => {
    const other = '11111111-2222-4333-8444-555555555555';
    assert.equal((await h.call('GET', `/sessions/${other}`)).status, 404);
    const send = await h.call('POST', `/sessions/${other}/messages`, { messageId: 'a', to: '5511999998888', type: 'text', text: 'oi' });
    assert.equal(send.status, 404);
    assert.equal(send.body.code, 'sessao_nao_encontrada');
    assert.equal((await h.call('POST', `/sessions/${other}/logout`)).status, 404);
    assert.equal((await h.call('GET', '/nada')).status, 404);
  });
});

describe('configuração', () => {
  test('sem token: recusa com mensagem em pt-BR', () => {
    assert.throws(
      () => loadConfig({ BAILEYS_TOKEN_FILE: '/nao/existe/token', BAILEYS_CALLBACK_SECRET: 's' }),
      (err: unknown) => err instanceof ConfigError && /token do serviço/.test(err.message),
    );
  });

  test('padrões e variáveis', () => {
    const c = loadConfig({ BAILEYS_TOKEN: 't', BAILEYS_CALLBACK_SECRET: 's', BAILEYS_FAKE: 'true' });
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 3001);
    assert.equal(c.callbackUrl, 'http://127.0.0.1:5000');
    assert.equal(c.fake, true);
    assert.equal(c.fakeScanSeconds, 3);
    assert.match(c.dataDir, /data\/baileys$/);
  });
});
