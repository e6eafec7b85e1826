import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { FakeApi, harness, SESSION, waitFor, type Harness } from './helpers.js';

/** Eventos gravados na fila em disco (uma linha por evento nos arquivos `.jsonl`). */
async function files(dir: string): Promise<number> {
  try {
    const names = (await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.jsonl'));
    let lines = 0;
    for (const name of names) {
      lines += (await readFile(join(dir, 'outbox', name), 'utf8')).split('\n').filter((l) => l.trim()).length;
    }
    return lines;
  } catch {
    return 0;
  }
}

/** Espera os eventos estarem no disco e na fila (não só sendo gravados). */
async function queued(h: Harness, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(h.service.outbox.pending() === n && (await files(h.dataDir)) === n)) {
    if (Date.now() > deadline) throw new Error(`Tempo esgotado esperando ${n} eventos na fila`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const OTHER = '11111111-2222-4333-8444-555555555555';

describe('fila de callbacks', () => {
  let h: Harness;
  afterEach(async () => {
    await h.cleanup();
  });

  test('API fora do ar e de volta: entregues uma vez, em ordem, em lote', async () => {
    h = await harness();
    await h.call('POST', `/sessions/${SESSION}/start`, { phoneNumber: '5511988887777' });
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'connected', 'conectada');
    await waitFor(() => h.service.outbox.pending() === 0, 'fila vazia');
    h.api.down = true;
    const sock = h.factory.sockets[0]!;
    for (let i = 0; i < 30; i++) {
      sock.receive({ key: { id: `IN${i}`, remoteJid: '5511911112222@s.whatsapp.net' }, message: { conversation: `m${i}` } });
    }
    await queued(h, 30);
    // Gravação em grupo: os 30 eventos que chegaram juntos não viram 30 arquivos (nem 30 fsyncs).
    const groupFiles = (await readdir(join(h.dataDir, 'outbox'))).filter((f) => f.endsWith('.jsonl')).length;
    assert.ok(groupFiles < 30, `arquivos: ${groupFiles}`);
    const before = h.api.received.length;
    await new Promise((r) => setTimeout(r, 100));
    h.api.down = false;
    await waitFor(() => h.service.outbox.pending() === 0, 'entregues');
    const ids = h.api.events('message').map((e) => e.messageId);
    assert.deepEqual(ids, Array.from({ length: 30 }, (_, i) => `IN${i}`));
    // Em lote: bem menos pedidos que eventos.
    assert.ok(h.api.received.length - before < 5, `pedidos: ${h.api.received.length - before}`);
    assert.deepEqual(await readdir(join(h.dataDir, 'outbox')), []);
  });

  test('evento recusado de vez pela API (422) vai para dead/ e não segura os seguintes', async () => {
    h = await harness();
    await h.call('POST', `/sessions/${SESSION}/start`, { phoneNumber: '5511988887777' });
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'connected', 'conectada');
    await waitFor(() => h.service.outbox.pending() === 0, 'fila vazia');
    h.api.down = true;
    h.api.rejects = (event) => event.messageId === 'RUIM';
    const sock = h.factory.sockets[0]!;
    for (const id of ['A1', 'A2', 'RUIM', 'A3']) {
      sock.receive({ key: { id, remoteJid: '5511911112222@s.whatsapp.net' }, message: { conversation: id } });
    }
    await queued(h, 4);
    h.api.down = false;
    await waitFor(() => h.service.outbox.pending() === 0, 'fila vazia depois da recusa');
    assert.deepEqual(
      h.api.events('message').map((e) => e.messageId),
      ['A1', 'A2', 'A3'],
    );
    const dead = await readdir(join(h.dataDir, 'outbox', 'dead'));
    assert.equal(dead.length, 1);
    assert.deepEqual((await readdir(join(h.dataDir, 'outbox'))).filter((f) => f.endsWith('.jsonl')), []);
  });

  test('ordem por sessão: a cabeça com falha segura o resto; tipos diferentes não se misturam no lote', async () => {
    h = await harness();
    h.api.down = true;
    await h.call('POST', `/sessions/${SESSION}/start`, { phoneNumber: '5511988887777' });
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'connected', 'conectada');
    const sock = h.factory.sockets[0]!;
    sock.receive({ key: { id: 'X1', remoteJid: '5511911112222@s.whatsapp.net' }, message: { conversation: 'a' } });
    sock.receipt({ key: { id: 'S1', remoteJid: 'x@s.whatsapp.net', fromMe: true }, update: { status: 3 } });
    await queued(h, 5);
    h.api.down = false;
    await waitFor(() => h.service.outbox.pending() === 0, 'entregues');
    assert.deepEqual(h.api.events().map((e) => e.kind), ['session', 'session', 'session', 'message', 'status']);
    assert.deepEqual(h.api.received.map((r) => r.path.split('/').pop()), ['session-update', 'incoming-message', 'status-update']);
  });

  test('pendentes sobrevivem ao restart e são reenviados', async () => {
    const api = new FakeApi();
    await api.listen();
    h = await harness({ api });
    api.down = true;
    await h.call('POST', `/sessions/${OTHER}/start`, { phoneNumber: '5511988887777' });
    await waitFor(() => h.service.manager.get(OTHER)?.state === 'connected', 'conectada');
    await queued(h, 3);
    // Desliga com a API fora: os eventos ficam no disco.
    await h.service.close(50);
    api.down = false;
    // Três eventos no disco (em quantos arquivos depende de quantos couberam numa gravação em grupo).
    assert.equal(await files(h.dataDir), 3);
    assert.equal(api.received.length, 0);
    await h.restart();
    await waitFor(() => api.sessionStates().length >= 3 && h.service.outbox.pending() === 0, 'reenviados');
    assert.deepEqual(api.sessionStates().slice(0, 3), ['connecting', 'qr', 'connected']);
    assert.ok(api.received.every((r) => r.signatureOk));
  });
});
