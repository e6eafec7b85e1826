import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { Outbox } from '../src/outbox.js';
import { createLogger, startTelemetry, type Telemetry } from '../src/telemetry.js';
import { FakeCollector, newTraceparent, parseTraceparent, type CollectedSpan } from './collector.js';
import { FakeApi, harness, SECRET, SESSION, waitFor, type Harness } from './helpers.js';

const TO = '5511977776666';
const TEXT = 'texto sigiloso do cliente';
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;

describe('rastreamento ligado (OTLP http/json para um coletor falso)', () => {
  const collector = new FakeCollector();
  let telemetry: Telemetry;
  let h: Harness | undefined;

  before(async () => {
    await collector.listen();
    telemetry = startTelemetry({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'baileys-teste',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=teste,service.name=ignorado',
      },
      scheduledDelayMillis: 50,
    });
    assert.equal(telemetry.enabled, true);
  });
  after(async () => {
    await telemetry.shutdown();
    await collector.close();
  });
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  /** Espera um span chegar ao coletor (o lote sai a cada 50 ms; forceFlush apressa). */
  async function span(what: string, match: (s: CollectedSpan) => boolean): Promise<CollectedSpan> {
    const deadline = Date.now() + 5000;
    for (;;) {
      await telemetry.forceFlush();
      const found = collector.spans.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`span não chegou ao coletor: ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function connected(options: Parameters<typeof harness>[0] = {}, headers: Record<string, string> = {}) {
    h = await harness(options);
    const res = await h.call('POST', `/sessions/${SESSION}/start`, {}, undefined, headers);
    assert.equal(res.status, 200);
    await waitFor(() => h!.service.manager.get(SESSION)?.state === 'connected', 'sessão conectada');
    await waitFor(() => h!.api.events('session').some((e) => e.state === 'connected'), 'callback de conectada');
    return h;
  }

  test('pedido com traceparent: span SERVER no mesmo trace, filho do span da API; conexão e callbacks de estado também', async () => {
    const api = newTraceparent();
    const h = await connected({}, { traceparent: api.header, tracestate: 'wacs=api' });
    const server = await span('POST /start', (s) => s.traceId === api.traceId && s.kind === SERVER);
    assert.equal(server.parentSpanId, api.spanId);
    assert.equal(server.name, 'POST /sessions/{sessionId}/start');
    assert.equal(server.attributes['http.request.method'], 'POST');
    assert.equal(server.attributes['http.route'], '/sessions/{sessionId}/start');
    assert.equal(server.attributes['http.response.status_code'], 200);
    assert.equal(server.attributes['wacs.session.id'], SESSION);
    assert.equal(server.resource['service.name'], 'baileys-teste');
    assert.equal(server.resource['deployment.environment.name'], 'teste');

    // A tentativa de conexão é filha do pedido; QR e conexão aberta são eventos dela.
    const connect = await span('baileys.session.connect', (s) => s.name === 'baileys.session.connect' && s.traceId === api.traceId);
    assert.equal(connect.parentSpanId, server.spanId);
    assert.ok(connect.events.includes('session.qr'), connect.events.join());
    assert.ok(connect.events.includes('session.open'), connect.events.join());

    // Os callbacks de estado dessa tentativa (connecting, qr, connected) vão no trace do pedido.
    const calls = h.api.received.filter((r) => r.path.endsWith('/session-update'));
    assert.ok(calls.length >= 1);
    for (const call of calls) assert.equal(parseTraceparent(call.headers.traceparent as string)?.traceId, api.traceId);

    // Sondas sem traceparent não viram spans; com traceparent, sim.
    await h.call('GET', '/health');
    const probe = newTraceparent();
    await h.call('GET', '/health', undefined, undefined, { traceparent: probe.header });
    const health = await span('GET /health', (s) => s.name === 'GET /health');
    assert.equal(health.traceId, probe.traceId);
    assert.equal(collector.byName('GET /health').length, 1);
  });

  test('envio: baileys.send no trace da API e os callbacks de status levam traceparent desse trace', async () => {
    const h = await connected();
    const api = newTraceparent();
    const res = await h.call('POST', `/sessions/${SESSION}/messages`,
      { messageId: 'm-trace', to: TO, type: 'text', text: TEXT }, undefined, { traceparent: api.header });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const providerId = res.body.providerMessageId as string;
    await waitFor(() => {
      const statuses = h.api.events('status').filter((e) => e.messageId === providerId).map((e) => e.status);
      return statuses.includes('delivered') && statuses.includes('read');
    }, 'recibos de entregue e lido');

    const server = await span('POST /messages', (s) => s.traceId === api.traceId && s.kind === SERVER);
    assert.equal(server.parentSpanId, api.spanId);
    assert.equal(server.name, 'POST /sessions/{sessionId}/messages');
    const send = await span('baileys.send', (s) => s.name === 'baileys.send' && s.traceId === api.traceId);
    assert.equal(send.parentSpanId, server.spanId);
    assert.equal(send.kind, PRODUCER);
    assert.equal(send.attributes['wacs.session.id'], SESSION);
    assert.equal(send.attributes['wacs.message.type'], 'text');
    assert.equal(send.attributes['messaging.message.id'], providerId);

    // Cada pedido de callback com status desta mensagem: traceparent no trace do envio, apontando para o span
    // CLIENT do lote, que é filho do baileys.send.
    const calls = h.api.received.filter((r) => r.path.endsWith('/status-update')
      && r.events.some((e) => e.messageId === providerId));
    assert.ok(calls.length >= 1);
    for (const call of calls) {
      const header = parseTraceparent(call.headers.traceparent as string);
      assert.equal(header?.traceId, api.traceId);
      const batch = await span('lote de status', (s) => s.spanId === header!.spanId);
      assert.equal(batch.name, 'POST /api/v1/webhooks/status-update');
      assert.equal(batch.kind, CLIENT);
      assert.equal(batch.parentSpanId, send.spanId);
      assert.equal(batch.attributes['http.response.status_code'], 202);
    }

    // A resposta do contato chega pelo socket e não herda o trace do envio: trace próprio.
    await waitFor(() => h.api.events('message').some((e) => String(e.text ?? '').startsWith('Recebido:')), 'resposta');
    const incoming = h.api.received.find((r) => r.path.endsWith('/incoming-message'))!;
    const incomingTrace = parseTraceparent(incoming.headers.traceparent as string);
    assert.ok(incomingTrace);
    assert.notEqual(incomingTrace.traceId, api.traceId);

    // Nem número nem texto em span nenhum.
    await telemetry.forceFlush();
    const exported = JSON.stringify(collector.spans);
    assert.ok(!exported.includes(TO), 'número do destinatário num span');
    assert.ok(!exported.includes(TEXT), 'texto da mensagem num span');
  });

  test('fila em disco: o traceparent do envio é gravado com o item e vale depois de um restart', async () => {
    const h = await connected();
    await waitFor(() => h.service.outbox.pending() === 0, 'fila vazia');
    h.api.down = true;
    const api = newTraceparent();
    const res = await h.call('POST', `/sessions/${SESSION}/messages`,
      { messageId: 'm-disco', to: TO, type: 'text', text: TEXT }, undefined, { traceparent: api.header });
    assert.equal(res.status, 200);
    const providerId = res.body.providerMessageId as string;
    const onDisk = async () => {
      const dir = join(h.dataDir, 'outbox');
      const lines: Array<Record<string, any>> = [];
      for (const name of (await readdir(dir)).filter((f) => f.endsWith('.jsonl'))) {
        for (const line of (await readFile(join(dir, name), 'utf8')).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      }
      return lines.filter((l) => l.event.kind === 'status' && l.event.messageId === providerId);
    };
    const deadline = Date.now() + 5000;
    while ((await onDisk()).length < 2) {
      if (Date.now() > deadline) throw new Error('recibos não chegaram ao disco');
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const line of await onDisk()) assert.equal(parseTraceparent(line.traceparent)?.traceId, api.traceId);

    await h.restart();
    h.api.down = false;
    await waitFor(() => h.api.events('status').filter((e) => e.messageId === providerId).length >= 2, 'recibos entregues');
    const calls = h.api.received.filter((r) => r.events.some((e) => e.messageId === providerId));
    for (const call of calls) assert.equal(parseTraceparent(call.headers.traceparent as string)?.traceId, api.traceId);
  });

  test('item antigo da fila (sem traceparent) ainda carrega e é entregue', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'baileys-test-'));
    await mkdir(join(dataDir, 'outbox'), { recursive: true });
    const old = {
      seq: 1, path: 'status-update',
      event: { kind: 'status', sessionId: SESSION, messageId: 'ANTIGO', status: 'delivered', timestamp: new Date().toISOString() },
    };
    await writeFile(join(dataDir, 'outbox', '0000000000000001.jsonl'), JSON.stringify(old) + '\n');
    h = await harness({ dataDir });
    await waitFor(() => h!.api.events('status').some((e) => e.messageId === 'ANTIGO'), 'item antigo entregue');
    const call = h.api.received.find((r) => r.events.some((e) => e.messageId === 'ANTIGO'))!;
    // Sem trace de origem: o lote abre um trace novo (o pedido ainda leva o traceparent do span dele).
    assert.ok(parseTraceparent(call.headers.traceparent as string));
  });

  test('lote com eventos de traces diferentes: pai = o do primeiro, links para os outros', async () => {
    const api = new FakeApi();
    await api.listen();
    const dir = await mkdtemp(join(tmpdir(), 'baileys-outbox-'));
    let failures = 0;
    const outbox = new Outbox({
      dir, callbackUrl: api.url, secret: SECRET, logger: pino({ level: 'silent' }), baseDelayMs: 20, maxDelayMs: 50,
      onFailure: () => void (failures += 1),
    });
    try {
      // Três recibos de envios diferentes já na fila em disco (como depois de um restart): saem num lote só.
      const origins = [newTraceparent(), newTraceparent(), newTraceparent()];
      const lines = origins.map((o, i) => JSON.stringify({
        seq: i + 1, path: 'status-update', traceparent: o.header,
        event: { kind: 'status', sessionId: SESSION, messageId: `L${i}`, status: 'delivered', timestamp: new Date().toISOString() },
      }));
      await writeFile(join(dir, '0000000000000001.jsonl'), lines.join('\n') + '\n');
      api.down = true;
      await outbox.start();
      await waitFor(() => failures >= 1, 'uma tentativa recusada');
      api.down = false;
      await waitFor(() => outbox.pending() === 0, 'entregues');
      assert.equal(api.received.length, 1, 'um lote só');
      const header = parseTraceparent(api.received[0]!.headers.traceparent as string)!;
      assert.equal(header.traceId, origins[0]!.traceId);
      const batch = await span('lote', (s) => s.spanId === header.spanId);
      assert.equal(batch.parentSpanId, origins[0]!.spanId);
      assert.deepEqual(
        batch.links.map((l) => `${l.traceId}/${l.spanId}`).sort(),
        origins.slice(1).map((o) => `${o.traceId}/${o.spanId}`).sort(),
      );
      assert.equal(batch.attributes['wacs.callback.events'], 3);
      assert.ok(Number(batch.attributes['http.request.resend_count']) >= 1);
      // As tentativas que falharam também viraram spans (erro), no mesmo trace.
      const failed = collector.spans.filter((s) => s.traceId === origins[0]!.traceId && s.attributes['http.response.status_code'] === 503);
      assert.ok(failed.length >= 1);
      assert.equal(failed[0]!.statusCode, 2);
    } finally {
      await outbox.stop();
      await api.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('logs com trace_id e span_id dentro de um span; sem número nem texto', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const api = newTraceparent();
    const h = await connected({ logger }, { traceparent: api.header });
    const up = lines.find((l) => l.msg === 'Serviço Baileys no ar');
    assert.ok(up);
    assert.equal(up.trace_id, undefined, 'fora de span não há trace_id');
    const line = await waitFor(() => lines.find((l) => l.msg === 'Sessão conectada'), 'log de conectada');
    assert.equal(line.trace_id, api.traceId);
    assert.match(String(line.span_id), /^[0-9a-f]{16}$/);
    await h.call('POST', `/sessions/${SESSION}/messages`, { messageId: 'm-log', to: TO, type: 'text', text: TEXT });
    await waitFor(() => h.api.events('message').length > 0, 'resposta do contato');
    const all = JSON.stringify(lines);
    assert.ok(!all.includes(TO), 'número no log');
    assert.ok(!all.includes(TEXT), 'texto no log');
  });
});
