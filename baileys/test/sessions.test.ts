import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { harness, SESSION, waitFor, type Harness } from './helpers.js';

const PHONE = '5511988887777';

describe('sessões (socket simulado)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  async function connect(body: Record<string, unknown> = { phoneNumber: PHONE }) {
    const res = await h.call('POST', `/sessions/${SESSION}/start`, body);
    assert.equal(res.status, 200);
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'connected', 'sessão conectada');
  }

  test('fluxo do QR: qr e depois connected, callbacks assinados', async () => {
    // A leitura simulada do QR demora 1 s aqui: o estado intermediário `qr` tem de estar lá quando o teste
    // consulta, mesmo com a máquina carregada (com 50 ms, a sessão às vezes já estava conectada).
    await h.cleanup();
    h = await harness({ scanMs: 1000 });
    const res = await h.call('POST', `/sessions/${SESSION}/start`, { phoneNumber: PHONE });
    assert.equal(res.status, 200);
    assert.equal(res.body.sessionId, SESSION);
    const qr = await waitFor(() => h.service.manager.get(SESSION)?.qr, 'QR');
    const got = await h.call('GET', `/sessions/${SESSION}`);
    assert.equal(got.status, 200);
    assert.equal(got.body.state, 'qr');
    assert.equal(got.body.qr, qr);
    assert.match(got.body.qrDataUrl, /^data:image\/png;base64,/);
    await waitFor(() => h.api.sessionStates().includes('connected'), 'callback connected');
    const states = h.api.sessionStates();
    assert.deepEqual(states, ['connecting', 'qr', 'connected']);
    const qrEvent = h.api.events('session').find((e) => e.state === 'qr')!;
    assert.equal(qrEvent.qr, qr);
    const connected = h.api.events('session').at(-1)!;
    assert.equal(connected.phoneNumber, PHONE);
    assert.equal(connected.profileName, 'Conta Simulada');
    assert.equal(connected.qr, null);
    assert.match(String(connected.eventId), /^[0-9a-f]{32}$/);
    assert.ok(h.api.received.every((r) => r.signatureOk));
    assert.ok(h.api.received.every((r) => r.path === '/api/v1/webhooks/session-update'));
    const after = await h.call('GET', `/sessions/${SESSION}`);
    assert.equal(after.body.qrDataUrl, null);
  });

  test('código de pareamento: estado qr com o código e depois connected', async () => {
    await h.call('POST', `/sessions/${SESSION}/start`, { phoneNumber: PHONE, usePairingCode: true });
    const code = await waitFor(() => h.service.manager.get(SESSION)?.pairingCode, 'código');
    assert.match(code, /^[A-Z0-9]{8}$/);
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'connected', 'conectada');
    await waitFor(() => h.api.sessionStates().includes('connected'), 'callback');
    const qrEvent = h.api.events('session').find((e) => e.state === 'qr')!;
    assert.equal(qrEvent.pairingCode, code);
    assert.equal(qrEvent.qr, null);
  });

  test('dois starts da mesma sessão: um socket só', async () => {
    const [a, b] = await Promise.all([
      h.call('POST', `/sessions/${SESSION}/start`, {}),
      h.call('POST', `/sessions/${SESSION}/start`, {}),
    ]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    await connect();
    assert.equal(h.factory.sockets.length, 1);
  });

  test('restart com credenciais guardadas retoma sem QR', async () => {
    await connect();
    await waitFor(() => h.api.sessionStates().includes('connected'), 'callback');
    await h.restart();
    // O start do serviço retoma sozinho as sessões com credenciais.
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'connected', 'retomada');
    assert.equal(h.factory.sockets.length, 1);
    const view = h.service.manager.get(SESSION)!;
    assert.equal(view.phoneNumber, PHONE);
    // Nenhum QR depois do restart.
    await waitFor(() => h.api.sessionStates().length >= 5 && h.service.outbox.pending() === 0, 'callbacks da retomada');
    assert.deepEqual(h.api.sessionStates(), ['connecting', 'qr', 'connected', 'connecting', 'connected']);
  });

  test('credenciais em disco estão cifradas', async () => {
    await connect();
    const { readFile } = await import('node:fs/promises');
    const path = join(h.dataDir, 'sessions', SESSION, 'creds.enc');
    await h.service.manager.shutdown(); // espera as escritas pendentes
    const raw = await readFile(path);
    assert.ok(!raw.toString('latin1').includes(PHONE));
  });

  test('515: socket novo na hora', async () => {
    await connect();
    h.factory.sockets[0]!.closeWith(515, 'Stream Errored (restart required)');
    await waitFor(() => h.factory.sockets.length === 2 && h.service.manager.get(SESSION)?.state === 'connected', 'reconectada');
  });

  for (const code of [401, 403]) {
    test(`${code}: logged_out, credenciais apagadas, sem reconexão`, async () => {
      await connect();
      h.factory.sockets[0]!.closeWith(code);
      await waitFor(() => h.service.manager.get(SESSION)?.state === 'logged_out', 'logged_out');
      await waitFor(() => h.api.sessionStates().includes('logged_out'), 'callback');
      const files = await readdir(join(h.dataDir, 'sessions', SESSION));
      assert.ok(!files.includes('creds.enc'));
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(h.factory.sockets.length, 1);
      assert.match(String(h.service.manager.get(SESSION)!.detail), /conect/);
    });
  }

  test('440: para com failed e explicação', async () => {
    await connect();
    h.factory.sockets[0]!.closeWith(440, 'Stream Errored (conflict)');
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'failed', 'failed');
    assert.match(String(h.service.manager.get(SESSION)!.detail), /Outra conexão/);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(h.factory.sockets.length, 1);
  });

  test('408 com QR esgotado: para em disconnected', async () => {
    await h.call('POST', `/sessions/${SESSION}/start`, {});
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'qr', 'qr');
    h.factory.sockets[0]!.closeWith(408, 'QR refs attempts ended');
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'disconnected', 'disconnected');
    assert.match(String(h.service.manager.get(SESSION)!.detail), /QR expirou/);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(h.factory.sockets.length, 1);
    // Um novo start abre outro socket e outro QR.
    await h.call('POST', `/sessions/${SESSION}/start`, {});
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'qr' && h.factory.sockets.length === 2, 'novo qr');
  });

  for (const code of [408, 428, 500, 503]) {
    test(`${code}: reconecta com espera`, async () => {
      await connect();
      h.factory.sockets[0]!.closeWith(code, 'Connection Lost');
      await waitFor(() => h.service.manager.get(SESSION)?.state === 'disconnected', 'disconnected');
      await waitFor(() => h.factory.sockets.length === 2 && h.service.manager.get(SESSION)?.state === 'connected', 'reconectada');
      // Quedas seguidas também reconectam (backoff crescente, com teto).
      h.factory.sockets[1]!.closeWith(code, 'Connection Lost');
      await waitFor(() => h.factory.sockets.length === 3 && h.service.manager.get(SESSION)?.state === 'connected', 'reconectada 2');
    });
  }

  test('envio de texto: id derivado, recibos e resposta do contato', async () => {
    await connect();
    const messageId = 'nossa-mensagem-1';
    const res = await h.call('POST', `/sessions/${SESSION}/messages`, {
      messageId, to: '5511977776666', type: 'text', text: 'Olá',
    });
    assert.equal(res.status, 200);
    const expected = '3EB0' + createHash('sha256').update(messageId).digest('hex').slice(0, 18).toUpperCase();
    assert.deepEqual(res.body, { providerMessageId: expected, jid: '5511977776666@s.whatsapp.net' });
    assert.match(expected, /^3EB0[0-9A-F]{18}$/);
    await waitFor(() => h.api.events('message').length === 1, 'resposta do contato');
    const statuses = h.api.events('status');
    assert.deepEqual(statuses.map((s) => s.status), ['delivered', 'read']);
    assert.ok(statuses.every((s) => s.messageId === expected && s.sessionId === SESSION));
    assert.ok(h.api.received.filter((r) => r.events[0]!.kind === 'status').every((r) => r.path === '/api/v1/webhooks/status-update'));
    const inbound = h.api.events('message')[0]!;
    assert.equal(inbound.from, '5511977776666');
    assert.equal(inbound.text, 'Recebido: Olá');
    assert.equal(inbound.type, 'text');
    assert.equal(inbound.replyTo, expected);
    assert.equal(inbound.pushName, 'Contato Simulado');
    assert.ok(!Number.isNaN(Date.parse(String(inbound.timestamp))));
    // Reenvio com o mesmo id leva o mesmo id do WhatsApp.
    const again = await h.call('POST', `/sessions/${SESSION}/messages`, { messageId, to: '5511977776666', type: 'text', text: 'Olá' });
    assert.equal(again.body.providerMessageId, expected);
  });

  test('envio sem sessão conectada: 409', async () => {
    await h.call('POST', `/sessions/${SESSION}/start`, {});
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'qr', 'qr');
    const res = await h.call('POST', `/sessions/${SESSION}/messages`, { messageId: 'x', to: '5511977776666', type: 'text', text: 'oi' });
    assert.equal(res.status, 409);
    assert.equal(res.body.code, 'sessao_desconectada');
    assert.match(res.type, /application\/problem\+json/);
  });

  test('mensagens recebidas: texto, citação, filtros de grupo/status/próprias', async () => {
    await connect();
    const sock = h.factory.sockets[0]!;
    sock.receive({ key: { id: 'A1', remoteJid: '5511911112222:3@s.whatsapp.net', fromMe: false }, pushName: 'Ana',
      messageTimestamp: 1700000000, message: { conversation: 'oi' } });
    sock.receive({ key: { id: 'A2', remoteJid: '123@g.us', participant: '5511933334444@s.whatsapp.net' }, message: { conversation: 'grupo' } });
    sock.receive({ key: { id: 'A3', remoteJid: 'status@broadcast' }, message: { conversation: 'status' } });
    sock.receive({ key: { id: 'A4', remoteJid: '5511911112222@s.whatsapp.net', fromMe: true }, message: { conversation: 'eu' } });
    sock.receive({ key: { id: 'A5', remoteJid: '1203@newsletter' }, message: { conversation: 'canal' } });
    sock.receive({ key: { id: 'A6', remoteJid: '99887766@lid', remoteJidAlt: '5511955556666@s.whatsapp.net' },
      message: { extendedTextMessage: { text: 'citando', contextInfo: { stanzaId: 'A1' } } } });
    await waitFor(() => h.api.events('message').length === 2, 'duas mensagens');
    await new Promise((r) => setTimeout(r, 50));
    const [a, b] = h.api.events('message');
    assert.equal(a!.chat, undefined);
    assert.deepEqual(
      { id: a!.messageId, from: a!.from, text: a!.text, pushName: a!.pushName, replyTo: a!.replyTo, ts: a!.timestamp },
      { id: 'A1', from: '5511911112222', text: 'oi', pushName: 'Ana', replyTo: null, ts: '2023-11-14T22:13:20.000Z' },
    );
    assert.deepEqual({ id: b!.messageId, from: b!.from, text: b!.text, replyTo: b!.replyTo }, { id: 'A6', from: '5511955556666', text: 'citando', replyTo: 'A1' });
    assert.equal(h.api.events('message').length, 2);
  });

  test('grupos entram com receiveGroups', async () => {
    await connect({ receiveGroups: true });
    h.factory.sockets[0]!.receive({ key: { id: 'G1', remoteJid: '123@g.us', participant: '5511933334444@s.whatsapp.net' }, message: { conversation: 'grupo' } });
    await waitFor(() => h.api.events('message').length === 1, 'mensagem de grupo');
    assert.equal(h.api.events('message')[0]!.from, '5511933334444');
    // O grupo vai em `chat`: a API sabe que não é uma conversa individual (os agentes de IA não respondem nele).
    assert.equal(h.api.events('message')[0]!.chat, '123@g.us');
  });

  test('recibos 2/3/4/5 viram sent/delivered/read/played', async () => {
    await connect();
    const sock = h.factory.sockets[0]!;
    for (const status of [1, 2, 3, 4, 5]) sock.receipt({ key: { id: 'M1', remoteJid: 'x@s.whatsapp.net', fromMe: true }, update: { status } });
    await waitFor(() => h.api.events('status').length === 4, 'quatro recibos');
    assert.deepEqual(h.api.events('status').map((e) => e.status), ['sent', 'delivered', 'read', 'played']);
  });

  test('logout apaga credenciais; DELETE apaga tudo', async () => {
    await connect();
    const out = await h.call('POST', `/sessions/${SESSION}/logout`);
    assert.equal(out.status, 200);
    assert.equal(out.body.state, 'logged_out');
    const files = await readdir(join(h.dataDir, 'sessions', SESSION));
    assert.ok(!files.includes('creds.enc'));
    const del = await h.call('DELETE', `/sessions/${SESSION}`);
    assert.equal(del.status, 204);
    const gone = await h.call('GET', `/sessions/${SESSION}`);
    assert.equal(gone.status, 404);
    await assert.rejects(readdir(join(h.dataDir, 'sessions', SESSION)));
  });
});
