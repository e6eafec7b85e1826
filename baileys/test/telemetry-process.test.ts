import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FakeCollector, newTraceparent } from './collector.js';
import { FakeApi, SECRET, SESSION, TOKEN } from './helpers.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

test('processo de verdade: OTLP em protobuf (o padrão) e o lote final sai no SIGTERM', async () => {
  const collector = new FakeCollector();
  const api = new FakeApi();
  await collector.listen();
  await api.listen();
  const dataDir = await mkdtemp(join(tmpdir(), 'baileys-otel-'));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      BAILEYS_FAKE: 'true', BAILEYS_FAKE_SCAN_SECONDS: '0', BAILEYS_HOST: '127.0.0.1', BAILEYS_PORT: '0',
      BAILEYS_DATA_DIR: dataDir, BAILEYS_TOKEN: TOKEN, BAILEYS_CALLBACK_SECRET: SECRET, BAILEYS_CALLBACK_URL: api.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'baileys-processo',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const lines: Array<Record<string, unknown>> = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('o serviço não subiu')), 10_000);
      createInterface({ input: child.stdout! }).on('line', (raw) => {
        try {
          const line = JSON.parse(raw) as Record<string, unknown>;
          lines.push(line);
          if (line.msg === 'Serviço Baileys no ar') {
            clearTimeout(timer);
            resolve(String(line.url));
          }
        } catch {
          /* linha que não é JSON */
        }
      });
    });
    assert.ok(lines.some((l) => l.msg === 'Rastreamento OpenTelemetry ligado' && l.protocol === 'http/protobuf'));
    const caller = newTraceparent();
    const res = await fetch(`${url}/sessions/${SESSION}`, {
      headers: { authorization: `Bearer ${TOKEN}`, traceparent: caller.header },
    });
    assert.equal(res.status, 404);
    await res.arrayBuffer();
    // O lote do SDK sai a cada 5 s: antes disso, só o desligamento gracioso entrega o span.
    assert.equal(collector.spans.length, 0);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const span = collector.spans.find((s) => s.traceId === caller.traceId);
    assert.ok(span, `spans recebidos: ${collector.spans.map((s) => s.name).join(', ')}`);
    assert.ok(collector.requests.every((r) => r.contentType === 'application/x-protobuf'));
    assert.equal(span.name, 'GET /sessions/{sessionId}');
    assert.equal(span.parentSpanId, caller.spanId);
    assert.equal(span.kind, 2);
    assert.equal(span.attributes['http.response.status_code'], 404);
    assert.equal(span.resource['service.name'], 'baileys-processo');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    await collector.close();
    await api.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
