import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { decodeMediaRef, encodeMediaRef, normalizeContent } from '../src/inbound.js';
import { candidateNumbers, JidCache, PaceExceeded, Pacer } from '../src/outgoing.js';
import { harness, SESSION, TOKEN, waitFor, type Harness } from './helpers.js';

const TO = '5511977776666';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('envio e recebimento de todos os tipos (socket simulado)', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  async function connected(options: Parameters<typeof harness>[0] = {}, start: Record<string, unknown> = {}) {
    h = await harness(options);
    const res = await h.call('POST', `/sessions/${SESSION}/start`, start);
    assert.equal(res.status, 200);
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'connected', 'sessão conectada');
    return h.factory.sockets.at(-1)!;
  }

  const send = (body: Record<string, unknown>) => h.call('POST', `/sessions/${SESSION}/messages`, { to: TO, ...body });

  test('imagem, vídeo, documento, áudio, nota de voz e localização chegam ao socket no formato do Baileys', async () => {
    const sock = await connected();
    const media = (extra: Record<string, unknown> = {}) => ({ data: PNG.toString('base64'), ...extra });
    const cases: Array<[Record<string, unknown>, (c: Record<string, unknown>) => void]> = [
      [{ type: 'image', media: media({ mimeType: 'image/png', caption: 'foto' }) }, (c) => {
        assert.deepEqual(c.image, PNG);
        assert.equal(c.mimetype, 'image/png');
        assert.equal(c.caption, 'foto');
      }],
      [{ type: 'video', media: media() }, (c) => {
        assert.deepEqual(c.video, PNG);
        assert.equal(c.mimetype, 'video/mp4');
        assert.equal(c.caption, undefined);
      }],
      [{ type: 'document', media: media({ mimeType: 'application/pdf', filename: 'contrato.pdf', caption: 'segue' }) }, (c) => {
        assert.deepEqual(c.document, PNG);
        assert.equal(c.fileName, 'contrato.pdf');
        assert.equal(c.mimetype, 'application/pdf');
        assert.equal(c.caption, 'segue');
      }],
      [{ type: 'audio', ptt: true, media: media({ mimeType: 'audio/ogg; codecs=opus' }) }, (c) => {
        assert.equal(c.ptt, true);
        assert.equal(c.mimetype, 'audio/ogg; codecs=opus');
      }],
      [{ type: 'audio', ptt: true, media: media({ mimeType: 'audio/mpeg' }) }, (c) => {
        // Só OGG/Opus vira nota de voz; MP3 vai como arquivo de áudio (toca em todo celular).
        assert.equal(c.ptt, false);
        assert.equal(c.mimetype, 'audio/mpeg');
      }],
      [{ type: 'location', location: { latitude: -23.55, longitude: -46.63, name: 'Escritório', address: 'Av. Paulista, 1000' } }, (c) => {
        assert.deepEqual(c.location, { degreesLatitude: -23.55, degreesLongitude: -46.63, name: 'Escritório', address: 'Av. Paulista, 1000' });
      }],
    ];
    for (const [index, [body, check]] of cases.entries()) {
      const res = await send({ messageId: `m-${index}`, ...body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.match(res.body.providerMessageId, /^3EB0[0-9A-F]{18}$/);
      const sent = sock.sent.at(-1)!;
      assert.equal(sent.jid, `${TO}@s.whatsapp.net`);
      assert.equal(sent.options.messageId, res.body.providerMessageId);
      check(sent.content);
    }
    assert.equal(sock.sent.length, cases.length);
    const voice = await send({ messageId: 'v2', type: 'audio', ptt: true, media: media({ mimeType: 'audio/mpeg' }) });
    assert.equal(voice.body.voice, false);
  });

  test('resposta cita a mensagem; reação aponta para ela; reação vazia remove', async () => {
    const sock = await connected();
    const reply = await send({ messageId: 'r1', type: 'text', text: 'respondendo', replyTo: { providerMessageId: 'ABC123', fromMe: false, text: 'pergunta' } });
    assert.equal(reply.status, 200);
    assert.deepEqual(sock.sent.at(-1)!.options.quoted, {
      key: { remoteJid: `${TO}@s.whatsapp.net`, id: 'ABC123', fromMe: false }, message: { conversation: 'pergunta' },
    });
    const react = await send({ messageId: 'r2', type: 'reaction', reaction: { providerMessageId: 'ABC123', fromMe: false, emoji: '👍' } });
    assert.equal(react.status, 200);
    assert.deepEqual(sock.sent.at(-1)!.content, { react: { text: '👍', key: { remoteJid: `${TO}@s.whatsapp.net`, id: 'ABC123', fromMe: false } } });
    const undo = await send({ messageId: 'r3', type: 'reaction', reaction: { providerMessageId: '3EB0MINHA', fromMe: true, emoji: '' } });
    assert.equal(undo.status, 200);
    assert.deepEqual(sock.sent.at(-1)!.content, { react: { text: '', key: { remoteJid: `${TO}@s.whatsapp.net`, id: '3EB0MINHA', fromMe: true } } });
  });

  test('marcar como lido manda os recibos de leitura ao contato', async () => {
    const sock = await connected();
    const res = await h.call('POST', `/sessions/${SESSION}/read`, { to: TO, messageIds: ['A1', 'A2'] });
    assert.equal(res.status, 204);
    assert.deepEqual(sock.reads, [
      { remoteJid: `${TO}@s.whatsapp.net`, id: 'A1', fromMe: false },
      { remoteJid: `${TO}@s.whatsapp.net`, id: 'A2', fromMe: false },
    ]);
    const bad = await h.call('POST', `/sessions/${SESSION}/read`, { to: TO, messageIds: [] });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'messageIds');
  });

  test('nono dígito: o número é resolvido pela forma registrada, uma vez só (cache)', async () => {
    // A conta foi registrada sem o nono dígito.
    const sock = await connected({ directory: (d) => (d === '551177776666' ? d : null) });
    const first = await send({ messageId: 'n1', type: 'text', text: 'oi' });
    assert.equal(first.status, 200);
    assert.equal(first.body.jid, '551177776666@s.whatsapp.net');
    await send({ messageId: 'n2', type: 'text', text: 'de novo' });
    assert.equal(sock.lookups.length, 1);
    assert.deepEqual(sock.lookups[0], ['5511977776666@s.whatsapp.net', '551177776666@s.whatsapp.net']);
    assert.ok(sock.sent.every((s) => s.jid === '551177776666@s.whatsapp.net'));
  });

  test('número sem WhatsApp: 422 numero_sem_whatsapp (e não pergunta de novo)', async () => {
    const sock = await connected({ directory: () => null });
    const res = await send({ messageId: 'x1', type: 'text', text: 'oi' });
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'numero_sem_whatsapp');
    assert.match(res.body.detail, /não tem conta no WhatsApp/);
    await send({ messageId: 'x2', type: 'text', text: 'oi' });
    assert.equal(sock.lookups.length, 1);
    assert.equal(sock.sent.length, 0);
  });

  test('ritmo por sessão: envios espaçados pelo intervalo; fila longa demais recebe 429', async () => {
    const sock = await connected({ pace: { minIntervalMs: 0, jitterMs: 0 }, paceMaxWaitMs: 250 }, { pace: { minIntervalMs: 100, jitterMs: 20 } });
    const started = Date.now();
    const results = await Promise.all([1, 2, 3].map((i) => send({ messageId: `p${i}`, type: 'text', text: `t${i}` })));
    assert.ok(results.every((r) => r.status === 200));
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 200, `3 envios com 100 ms de intervalo levaram só ${elapsed} ms`);
    assert.equal(sock.sent.length, 3);
    // Mais 5 de uma vez: os que teriam de esperar além de 250 ms são recusados.
    const burst = await Promise.all([4, 5, 6, 7, 8].map((i) => send({ messageId: `p${i}`, type: 'text', text: `t${i}` })));
    const refused = burst.filter((r) => r.status === 429);
    assert.ok(refused.length >= 1, 'algum envio deveria ser recusado');
    assert.equal(refused[0]!.body.code, 'ritmo_excedido');
    assert.match(refused[0]!.body.detail, /tente de novo em \d+ s/);
  });

  test('pedidos inválidos recebem 422 em pt-BR por campo', async () => {
    await connected();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ messageId: 'b1', type: 'figurinha' }, 'type'],
      [{ messageId: 'b2', type: 'image', media: { data: 'não é base64!' } }, 'media.data'],
      [{ messageId: 'b3', type: 'image' }, 'media.data'],
      [{ messageId: 'b4', type: 'location', location: { latitude: 91, longitude: 0 } }, 'location.latitude'],
      [{ messageId: 'b5', type: 'reaction', reaction: { emoji: '👍' } }, 'reaction.providerMessageId'],
      [{ messageId: 'b6', type: 'text', text: 'oi', replyTo: { fromMe: true } }, 'replyTo.providerMessageId'],
      [{ messageId: 'b7', type: 'text', text: '' }, 'text'],
    ];
    for (const [body, field] of cases) {
      const res = await send(body);
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.match(res.type, /application\/problem\+json/);
      assert.ok(res.body.errors.some((e: { field: string }) => e.field === field), `${field}: ${JSON.stringify(res.body)}`);
    }
  });

  test('mídia enviada volta do contato simulado e é baixada pela referência, byte a byte', async () => {
    await connected();
    const res = await send({ messageId: 'e1', type: 'document', media: { data: PNG.toString('base64'), mimeType: 'application/pdf', filename: 'a.pdf' } });
    assert.equal(res.status, 200);
    const inbound = await waitFor(() => h.api.events('message').find((e) => e.type === 'document'), 'documento de volta');
    const media = inbound.media as Record<string, unknown>;
    assert.equal(media.filename, 'a.pdf');
    assert.equal(media.mimeType, 'application/pdf');
    assert.equal(media.size, PNG.length);
    const got = await fetch(`${h.service.url}/sessions/${SESSION}/media`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: media.ref }),
    });
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'application/pdf');
    assert.deepEqual(Buffer.from(await got.arrayBuffer()), PNG);
    const bad = await h.call('POST', `/sessions/${SESSION}/media`, { ref: 'outra-coisa' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.code, 'referencia_invalida');
    const gone = encodeMediaRef({ kind: 'image', url: 'https://mmg.whatsapp.net/x', mediaKey: 'AAAA' });
    const expired = await h.call('POST', `/sessions/${SESSION}/media`, { ref: gone });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.code, 'midia_expirada');
  });

  test('recebidos de cada tipo viram o InboundMessage do núcleo', async () => {
    const sock = await connected();
    const key = (id: string) => ({ id, remoteJid: '5511911112222@s.whatsapp.net', fromMe: false });
    const mediaFields = { url: 'https://mmg.whatsapp.net/d/f/abc.enc', directPath: '/v/t62/abc', mediaKey: Buffer.alloc(32, 7), fileSha256: Buffer.alloc(32, 1), fileLength: 1234 };
    sock.receive({ key: key('I1'), message: { imageMessage: { ...mediaFields, mimetype: 'image/jpeg', caption: 'olha', contextInfo: { stanzaId: 'Q1' } } } });
    sock.receive({ key: key('I2'), message: { audioMessage: { ...mediaFields, mimetype: 'audio/ogg; codecs=opus', ptt: true } } });
    sock.receive({ key: key('I3'), message: { documentWithCaptionMessage: { message: { documentMessage: { ...mediaFields, mimetype: 'application/pdf', fileName: 'x.pdf', caption: 'doc' } } } } });
    sock.receive({ key: key('I4'), message: { locationMessage: { degreesLatitude: -22.9, degreesLongitude: -43.2, name: 'Praia' } } });
    sock.receive({ key: key('I5'), message: { contactMessage: { displayName: 'João', vcard: 'BEGIN:VCARD\nFN:João\nTEL;type=CELL;waid=5511900001111:+55 11 90000-1111\nEND:VCARD' } } });
    sock.receive({ key: key('I6'), message: { reactionMessage: { key: { id: '3EB0ABC' }, text: '❤️' } } });
    sock.receive({ key: key('I7'), message: { ephemeralMessage: { message: { conversation: 'some em 7 dias' } } } });
    sock.receive({ key: key('I8'), message: { protocolMessage: { type: 0 } } });
    sock.receive({ key: key('I9'), message: { pollCreationMessage: { name: 'enquete' } } });
    sock.receive({ key: key('I10'), message: { stickerMessage: { ...mediaFields, mimetype: 'image/webp' } } });
    await waitFor(() => h.api.events('message').length === 9, 'nove mensagens (protocolo ignorado)');
    const byId = Object.fromEntries(h.api.events('message').map((e) => [e.messageId, e]));
    assert.equal(byId.I8, undefined);
    const image = byId.I1!;
    assert.equal(image.type, 'image');
    assert.equal(image.text, 'olha');
    assert.equal(image.replyTo, 'Q1');
    const imageMedia = image.media as Record<string, unknown>;
    assert.equal(imageMedia.caption, 'olha');
    assert.equal(imageMedia.size, 1234);
    assert.equal(imageMedia.sha256, Buffer.alloc(32, 1).toString('base64'));
    assert.ok(String(imageMedia.ref).length <= 2000);
    assert.deepEqual(decodeMediaRef(String(imageMedia.ref)), {
      kind: 'image', url: mediaFields.url, directPath: mediaFields.directPath, mediaKey: Buffer.alloc(32, 7).toString('base64'), mimeType: 'image/jpeg',
    });
    assert.equal((byId.I2!.media as Record<string, unknown>).voice, true);
    assert.equal(byId.I3!.type, 'document');
    assert.equal((byId.I3!.media as Record<string, unknown>).filename, 'x.pdf');
    assert.deepEqual(byId.I4!.location, { latitude: -22.9, longitude: -43.2, name: 'Praia', address: null });
    assert.deepEqual(byId.I5!.contacts, [{ name: 'João', phones: ['5511900001111'] }]);
    assert.deepEqual(byId.I6!.reaction, { messageId: '3EB0ABC', emoji: '❤️' });
    assert.equal(byId.I7!.text, 'some em 7 dias');
    assert.equal(byId.I9!.type, 'unsupported');
    assert.equal(byId.I10!.type, 'sticker');
  });
});

describe('origem das mensagens recebidas', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  test('status e canais só com receiveStatus/receiveNewsletters; LID sem número resolvido pelo mapa do WhatsApp', async () => {
    h = await harness({ lids: { '99887766@lid': '5511955556666@s.whatsapp.net' } });
    assert.equal((await h.call('POST', `/sessions/${SESSION}/start`, { receiveStatus: true, receiveNewsletters: true })).status, 200);
    await waitFor(() => h.service.manager.get(SESSION)?.state === 'connected', 'conectada');
    const sock = h.factory.sockets[0]!;
    sock.receive({ key: { id: 'S1', remoteJid: 'status@broadcast', participant: '5511933334444@s.whatsapp.net' }, message: { conversation: 'meu status' } });
    sock.receive({ key: { id: 'N1', remoteJid: '120363000000000001@newsletter' }, message: { conversation: 'novidade do canal' } });
    sock.receive({ key: { id: 'L1', remoteJid: '99887766@lid' }, message: { conversation: 'pelo LID' } });
    sock.receive({ key: { id: 'L2', remoteJid: '11112222@lid' }, message: { conversation: 'LID desconhecido' } });
    await waitFor(() => h.api.events('message').length === 4, 'quatro mensagens');
    const from = Object.fromEntries(h.api.events('message').map((e) => [e.messageId, e.from]));
    assert.deepEqual(from, { S1: '5511933334444', N1: '120363000000000001', L1: '5511955556666', L2: '11112222' });
    // Na ordem em que chegaram, mesmo com a consulta do LID no meio.
    assert.deepEqual(h.api.events('message').map((e) => e.messageId), ['S1', 'N1', 'L1', 'L2']);
  });
});

describe('peças do envio', () => {
  test('formas do número brasileiro com e sem o nono dígito', () => {
    assert.deepEqual(candidateNumbers('5511987654321'), ['5511987654321', '551187654321']);
    assert.deepEqual(candidateNumbers('551187654321'), ['551187654321', '5511987654321']);
    // Fixo (começa com 2–5) não ganha nono dígito; outro país fica como está.
    assert.deepEqual(candidateNumbers('551133334444'), ['551133334444']);
    assert.deepEqual(candidateNumbers('14155550100'), ['14155550100']);
  });

  test('cache de JIDs expira e tem teto', () => {
    const cache = new JidCache(1000, 100, 2);
    cache.set('1', 'a@s', 0);
    cache.set('2', null, 0);
    assert.equal(cache.get('2', 50)?.jid, null);
    assert.equal(cache.get('2', 150), undefined);
    cache.set('3', 'c@s', 0);
    cache.set('4', 'd@s', 0);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('1', 10), undefined);
  });

  test('ritmo: intervalo + jitter, e recusa além da espera máxima', () => {
    const pacer = new Pacer({ minIntervalMs: 1000, jitterMs: 500 }, 2500, () => 0.5);
    assert.equal(pacer.reserve(0), 0);
    assert.equal(pacer.reserve(0), 1250);
    assert.equal(pacer.reserve(100), 2400);
    assert.throws(() => pacer.reserve(100), PaceExceeded);
  });

  test('referência de mídia longa demais perde o endereço, não o caminho', () => {
    const ref = encodeMediaRef({ kind: 'video', url: 'https://x/' + 'a'.repeat(3000), directPath: '/v/abc', mediaKey: 'k' });
    assert.ok(ref.length <= 2000);
    assert.equal(decodeMediaRef(ref)?.url, null);
    assert.equal(normalizeContent({ protocolMessage: {} }), null);
  });
});
