import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pino } from 'pino';
import { startService, type Service } from '../src/app.js';
import { FakeApi, SECRET, SESSION, TOKEN, waitFor } from './helpers.js';

/** Uma porta de 127.0.0.1 sem ninguém escutando: o "WhatsApp Web" fora de alcance, sem tráfego para fora. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let service: Service | undefined;
let api: FakeApi | undefined;
let dataDir = '';

after(async () => {
  await service?.close(100);
  await api?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('socket de verdade sem alcançar o WhatsApp: o serviço segue no ar, reporta desconectado e tenta de novo', async () => {
  api = new FakeApi();
  await api.listen();
  dataDir = await mkdtemp(join(tmpdir(), 'baileys-real-'));
  service = await startService({
    config: {
      host: '127.0.0.1', port: 0, dataDir, token: TOKEN, callbackUrl: api.url, callbackSecret: SECRET,
      fake: false, fakeScanSeconds: 0, waWebSocketUrl: `ws://127.0.0.1:${await closedPort()}/ws/chat`,
      pace: { minIntervalMs: 0, jitterMs: 0 }, paceMaxWaitMs: 10_000,
    },
    logger: pino({ level: 'silent' }),
    outboxBaseDelayMs: 20, outboxMaxDelayMs: 100, backoffBaseMs: 50, backoffMaxMs: 200,
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(service!.url + path, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const started = await call('POST', `/sessions/${SESSION}/start`, { phoneNumber: '5511988887777' });
  assert.equal(started.status, 200);
  // A conexão cai e o serviço avisa a API com o motivo em pt-BR, e volta a tentar (connecting de novo).
  await waitFor(
    () => api!.events('session').some((e) => e.state === 'disconnected' && typeof e.detail === 'string'),
    'aviso de desconexão',
    10_000,
  );
  await waitFor(() => api!.sessionStates().filter((s) => s === 'connecting').length >= 2, 'nova tentativa', 10_000);
  const health = await fetch(`${service.url}/health`);
  assert.equal(health.status, 200);
  const send = await call('POST', `/sessions/${SESSION}/messages`, {
    messageId: 'f1b8f1f6-0000-4000-8000-000000000001', to: '5511977776666', type: 'text', text: 'oi',
  });
  assert.equal(send.status, 409);
  assert.equal(send.body.code, 'sessao_desconectada');
  assert.match(String(send.body.detail), /conectad/);
});
