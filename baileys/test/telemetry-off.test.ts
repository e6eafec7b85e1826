import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { createLogger, DEFAULT_SERVICE_NAME, startTelemetry, tracingSettings, tracer } from '../src/telemetry.js';
import { FakeCollector, newTraceparent } from './collector.js';
import { harness, SESSION, waitFor, type Harness } from './helpers.js';

describe('configuração do rastreamento pelas variáveis OTEL_*', () => {
  test('desligado por padrão; liga só com endpoint ou OTEL_TRACES_EXPORTER=otlp', () => {
    assert.equal(tracingSettings({}), null);
    assert.equal(tracingSettings({ OTEL_SERVICE_NAME: 'x', OTEL_RESOURCE_ATTRIBUTES: 'a=b' }), null);
    assert.equal(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }), null);
    assert.equal(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }), null);
    assert.equal(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'zipkin' }), null);

    const base = tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://coletor:4318/' })!;
    assert.equal(base.url, 'http://coletor:4318/v1/traces');
    assert.equal(base.protocol, 'http/protobuf');
    assert.equal(base.serviceName, DEFAULT_SERVICE_NAME);
    // O endpoint específico de traces vale como está (sem /v1/traces a mais) e ganha do geral.
    const specific = tracingSettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://coletor:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://outro:9999/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    })!;
    assert.equal(specific.url, 'http://outro:9999/traces');
    assert.equal(specific.protocol, 'http/json');
    assert.equal(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp' })!.url, 'http://localhost:4318/v1/traces');
    const grpc = tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })!;
    assert.equal(grpc.protocol, 'http/protobuf');
    assert.equal(grpc.warnings.length, 1);

    // OTEL_SERVICE_NAME ganha do service.name em OTEL_RESOURCE_ATTRIBUTES; os demais atributos vão no recurso.
    const named = tracingSettings({
      OTEL_TRACES_EXPORTER: 'otlp', OTEL_SERVICE_NAME: 'baileys-a',
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=b, k8s.pod.name=baileys-0,nota=com%20espa%C3%A7o',
    })!;
    assert.equal(named.serviceName, 'baileys-a');
    assert.equal(named.resourceAttributes['service.name'], 'baileys-a');
    assert.equal(named.resourceAttributes['k8s.pod.name'], 'baileys-0');
    assert.equal(named.resourceAttributes.nota, 'com espaço');
    assert.equal(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_RESOURCE_ATTRIBUTES: 'service.name=b' })!.serviceName, 'b');
  });
});

describe('rastreamento desligado', () => {
  const collector = new FakeCollector();
  let h: Harness | undefined;

  before(() => collector.listen());
  after(() => collector.close());
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  test('sem provedor registrado, sem tráfego ao coletor, sem traceparent nos callbacks, sem trace_id nos logs', async () => {
    // Desligado de propósito mesmo com o endereço do coletor: OTEL_SDK_DISABLED manda.
    const off = startTelemetry({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SDK_DISABLED: 'true' } });
    assert.equal(off.enabled, false);
    assert.equal(startTelemetry({ env: { OTEL_SERVICE_NAME: 'so-o-nome' } }).enabled, false);
    // A API do OpenTelemetry segue no-op: spans não gravam e não têm ids.
    const probe = tracer().startSpan('sonda');
    assert.equal(probe.isRecording(), false);
    assert.equal(isSpanContextValid(probe.spanContext()), false);
    probe.end();
    assert.equal(trace.getActiveSpan(), undefined);

    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    h = await harness({ logger });
    const api = newTraceparent();
    const res = await h.call('POST', `/sessions/${SESSION}/start`, {}, undefined, { traceparent: api.header });
    assert.equal(res.status, 200);
    await waitFor(() => h!.service.manager.get(SESSION)?.state === 'connected', 'conectada');
    const sent = await h.call('POST', `/sessions/${SESSION}/messages`,
      { messageId: 'm-off', to: '5511977776666', type: 'text', text: 'oi' }, undefined, { traceparent: api.header });
    assert.equal(sent.status, 200);
    await waitFor(() => h!.api.events('status').length >= 2 && h!.api.events('message').length >= 1, 'recibos e resposta');
    await off.forceFlush();
    await new Promise((r) => setTimeout(r, 100));

    assert.equal(collector.requests.length, 0);
    for (const call of h.api.received) {
      assert.equal(call.headers.traceparent, undefined, `traceparent em ${call.path}`);
      assert.equal(call.signatureOk, true);
    }
    assert.ok(lines.some((l) => l.msg === 'Sessão conectada'));
    assert.ok(lines.every((l) => l.trace_id === undefined && l.span_id === undefined));
  });
});
