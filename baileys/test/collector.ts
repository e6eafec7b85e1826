import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Um span como chegou ao coletor (ids em hex, atributos simples). */
export interface CollectedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** Tipo OTLP: 1 interno, 2 servidor, 3 cliente, 4 produtor, 5 consumidor. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  events: string[];
  links: Array<{ traceId: string; spanId: string }>;
  statusCode: number;
  resource: Record<string, string | number | boolean>;
}

/**
 * Coletor OTLP/HTTP falso em 127.0.0.1: aceita `POST /v1/traces` em JSON (http/json) ou protobuf (http/protobuf,
 * o padrão; lido com um decodificador mínimo do formato de fio, só os campos que os testes olham).
 */
export class FakeCollector {
  readonly spans: CollectedSpan[] = [];
  readonly requests: Array<{ path: string; contentType: string }> = [];
  private server: Server | undefined;
  url = '';

  async listen(): Promise<void> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const contentType = String(req.headers['content-type'] ?? '');
      this.requests.push({ path: req.url ?? '', contentType });
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      if (contentType.includes('json')) {
        this.spans.push(...fromJson(JSON.parse(body.toString('utf8'))));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        this.spans.push(...fromProtobuf(body));
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  byName(name: string): CollectedSpan[] {
    return this.spans.filter((s) => s.name === name);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

type JsonAttr = { key: string; value: Record<string, unknown> };

function jsonAttrs(list: JsonAttr[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    if ('stringValue' in value) out[key] = value.stringValue as string;
    else if ('intValue' in value) out[key] = Number(value.intValue);
    else if ('doubleValue' in value) out[key] = Number(value.doubleValue);
    else if ('boolValue' in value) out[key] = Boolean(value.boolValue);
  }
  return out;
}

function fromJson(request: any): CollectedSpan[] {
  const out: CollectedSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = jsonAttrs(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? '', name: s.name, kind: s.kind ?? 0,
          attributes: jsonAttrs(s.attributes), events: (s.events ?? []).map((e: { name: string }) => e.name),
          links: (s.links ?? []).map((l: { traceId: string; spanId: string }) => ({ traceId: l.traceId, spanId: l.spanId })),
          statusCode: s.status?.code ?? 0, resource,
        });
      }
    }
  }
  return out;
}

/** Campos de uma mensagem protobuf: número → valores (varint como número, length-delimited como bytes). */
function fields(buf: Buffer): Map<number, Array<number | Buffer>> {
  const out = new Map<number, Array<number | Buffer>>();
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let mul = 1;
    for (;;) {
      const byte = buf[pos++]!;
      result += (byte & 0x7f) * mul;
      if (!(byte & 0x80)) return result;
      mul *= 128;
    }
  };
  while (pos < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: number | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 1) { value = buf.readUInt32LE(pos); pos += 8; }
    else if (wire === 5) { value = buf.readUInt32LE(pos); pos += 4; }
    else if (wire === 2) { const len = varint(); value = buf.subarray(pos, pos + len); pos += len; }
    else throw new Error(`tipo de fio protobuf inesperado: ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

const one = (m: Map<number, Array<number | Buffer>>, f: number) => m.get(f)?.[0];
const many = (m: Map<number, Array<number | Buffer>>, f: number) => (m.get(f) ?? []) as Buffer[];
const hex = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : '');
const text = (v: unknown) => (Buffer.isBuffer(v) ? v.toString('utf8') : '');

function protoAttrs(list: Buffer[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of list) {
    const f = fields(kv);
    const value = fields((one(f, 2) as Buffer | undefined) ?? Buffer.alloc(0));
    const key = text(one(f, 1));
    if (value.has(1)) out[key] = text(one(value, 1));
    else if (value.has(2)) out[key] = Boolean(one(value, 2));
    else if (value.has(3)) out[key] = one(value, 3) as number;
  }
  return out;
}

function fromProtobuf(body: Buffer): CollectedSpan[] {
  const out: CollectedSpan[] = [];
  for (const rs of many(fields(body), 1)) {
    const rsf = fields(rs);
    const resource = protoAttrs(many(fields((one(rsf, 1) as Buffer | undefined) ?? Buffer.alloc(0)), 1));
    for (const ss of many(rsf, 2)) {
      for (const raw of many(fields(ss), 2)) {
        const s = fields(raw);
        const status = fields((one(s, 15) as Buffer | undefined) ?? Buffer.alloc(0));
        out.push({
          traceId: hex(one(s, 1)), spanId: hex(one(s, 2)), parentSpanId: hex(one(s, 4)), name: text(one(s, 5)),
          kind: (one(s, 6) as number | undefined) ?? 0, attributes: protoAttrs(many(s, 9)),
          events: many(s, 11).map((e) => text(one(fields(e), 2))),
          links: many(s, 13).map((l) => {
            const lf = fields(l);
            return { traceId: hex(one(lf, 1)), spanId: hex(one(lf, 2)) };
          }),
          statusCode: (one(status, 3) as number | undefined) ?? 0, resource,
        });
      }
    }
  }
  return out;
}

/** `traceparent` → ids (o formato W3C: versão-trace-span-flags). */
export function parseTraceparent(value: string | undefined): { traceId: string; spanId: string } | null {
  const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(value ?? '');
  return match ? { traceId: match[1]!, spanId: match[2]! } : null;
}

/** Um `traceparent` novo, como a API mandaria (amostrado). */
export function newTraceparent(): { header: string; traceId: string; spanId: string } {
  const traceId = randomHex(16);
  const spanId = randomHex(8);
  return { header: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

function randomHex(bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i++) out += Math.floor(Math.random() * 256).toString(16).padStart(2, '0');
  return out;
}
