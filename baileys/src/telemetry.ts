/**
 * Rastreamento (OpenTelemetry). Desligado por padrão: só liga com as variáveis OTEL_* padrão (endereço do
 * exportador OTLP ou OTEL_TRACES_EXPORTER=otlp). Desligado, a API do OpenTelemetry fica no modo no-op: nenhum
 * provedor registrado, nenhum pedido ao coletor, nenhum `traceparent` nos callbacks.
 *
 * Spans manuais (o servidor HTTP é pequeno; a auto-instrumentação de http exigiria um loader no ESM).
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  context, isSpanContextValid, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace,
  type Attributes, type Context, type Span, type SpanContext, type Tracer,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler,
  TracerProvider, type Sampler,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { pino, type DestinationStream, type Logger } from 'pino';

export const DEFAULT_SERVICE_NAME = 'wacs-baileys';
const TRACER_NAME = 'wacs-baileys';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface TracingSettings {
  /** URL completa do coletor para traces (…/v1/traces). */
  url: string;
  protocol: OtlpProtocol;
  serviceName: string;
  resourceAttributes: Attributes;
  sampler: Sampler;
  /** Avisos de configuração (pt-BR) para o log. */
  warnings: string[];
}

function truthy(value: string | undefined): boolean {
  return ['1', 'true', 'yes', 'sim', 'on'].includes((value ?? '').trim().toLowerCase());
}

/** `chave=valor,chave2=valor2` (valores com %-encoding), como manda a especificação do OTEL_RESOURCE_ATTRIBUTES. */
export function parseResourceAttributes(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    let value = pair.slice(at + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      /* valor sem %-encoding válido: vale como veio */
    }
    if (key) out[key] = value;
  }
  return out;
}

function samplerFrom(env: NodeJS.ProcessEnv, warnings: string[]): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? '').trim().toLowerCase() || 'parentbased_always_on';
  const rawArg = env.OTEL_TRACES_SAMPLER_ARG;
  let ratio = rawArg === undefined || rawArg.trim() === '' ? 1 : Number(rawArg);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1) {
    warnings.push(`OTEL_TRACES_SAMPLER_ARG inválido (${rawArg}): usando 1.`);
    ratio = 1;
  }
  switch (name) {
    case 'always_on': return new AlwaysOnSampler();
    case 'always_off': return new AlwaysOffSampler();
    case 'traceidratio': return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off': return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio': return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    case 'parentbased_always_on': return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    default:
      warnings.push(`OTEL_TRACES_SAMPLER desconhecido (${name}): usando parentbased_always_on.`);
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function packageVersion(): string | undefined {
  try {
    // dist/src/telemetry.js → baileys/package.json
    const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(raw) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Decide, pelas variáveis padrão, se o rastreamento liga; `null` = desligado (o padrão).
 * Liga com OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT ou OTEL_TRACES_EXPORTER=otlp (este
 * sozinho manda para http://localhost:4318, o padrão da especificação). OTEL_SDK_DISABLED=true e
 * OTEL_TRACES_EXPORTER=none desligam sempre.
 */
export function tracingSettings(env: NodeJS.ProcessEnv = process.env): TracingSettings | null {
  if (truthy(env.OTEL_SDK_DISABLED)) return null;
  const warnings: string[] = [];
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  if (exporters.includes('none')) return null;
  if (exporters.length && !exporters.includes('otlp')) {
    // console/zipkin/jaeger não estão instalados aqui: melhor desligado (com aviso no start) do que quebrar.
    return null;
  }
  const tracesEndpoint = (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? '').trim();
  const baseEndpoint = (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '').trim();
  let url: string;
  // O endpoint específico de traces vale como está; o geral ganha /v1/traces (regra da especificação).
  if (tracesEndpoint) url = tracesEndpoint;
  else if (baseEndpoint) url = `${baseEndpoint.replace(/\/+$/, '')}/v1/traces`;
  else if (exporters.includes('otlp')) url = 'http://localhost:4318/v1/traces';
  else return null;
  const rawProtocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf')
    .trim().toLowerCase();
  let protocol: OtlpProtocol = 'http/protobuf';
  if (rawProtocol === 'http/json') protocol = 'http/json';
  else if (rawProtocol !== 'http/protobuf') {
    warnings.push(`Protocolo OTLP ${rawProtocol} não suportado neste serviço: usando http/protobuf.`);
  }
  const fromEnv = parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES);
  // OTEL_SERVICE_NAME ganha do service.name de OTEL_RESOURCE_ATTRIBUTES (especificação).
  const serviceName = (env.OTEL_SERVICE_NAME ?? '').trim() || fromEnv[ATTR_SERVICE_NAME] || DEFAULT_SERVICE_NAME;
  return {
    url,
    protocol,
    serviceName,
    resourceAttributes: { ...fromEnv, [ATTR_SERVICE_NAME]: serviceName },
    sampler: samplerFrom(env, warnings),
    warnings,
  };
}

export interface Telemetry {
  enabled: boolean;
  /** Manda já o que está no lote (testes e desligamento). */
  forceFlush(): Promise<void>;
  /** Entrega o lote pendente e solta os globais do OpenTelemetry. */
  shutdown(): Promise<void>;
}

const DISABLED: Telemetry = { enabled: false, forceFlush: async () => {}, shutdown: async () => {} };

export interface TelemetryOptions {
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Vira service.instance.id (o mesmo id dos leases). */
  instanceId?: string;
  /** Espera do lote antes de exportar (padrão do SDK: 5 s). */
  scheduledDelayMillis?: number;
  /** Prazo para entregar o lote final no desligamento (padrão 5 s). */
  shutdownTimeoutMs?: number;
}

/** Liga o rastreamento se as variáveis OTEL_* pedirem; senão não registra nada (a API segue no-op). */
export function startTelemetry(options: TelemetryOptions = {}): Telemetry {
  const env = options.env ?? process.env;
  const settings = tracingSettings(env);
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').trim();
  if (!settings) {
    if (exporters && !/^(none|otlp)$/i.test(exporters) && !truthy(env.OTEL_SDK_DISABLED)) {
      options.logger?.warn({ exporter: exporters }, 'OTEL_TRACES_EXPORTER sem suporte aqui (só otlp): rastreamento desligado');
    }
    return DISABLED;
  }
  for (const warning of settings.warnings) options.logger?.warn(warning);
  const version = packageVersion();
  const resource = defaultResource().merge(resourceFromAttributes({
    'host.name': hostname(),
    ...(version ? { [ATTR_SERVICE_VERSION]: version } : {}),
    ...(options.instanceId ? { 'service.instance.id': options.instanceId } : {}),
    ...settings.resourceAttributes,
  }));
  const exporter = settings.protocol === 'http/json'
    ? new JsonExporter({ url: settings.url })
    : new ProtoExporter({ url: settings.url });
  const provider = new TracerProvider({
    resource,
    sampler: settings.sampler,
    spanProcessors: [new BatchSpanProcessor({
      exporter, ...(options.scheduledDelayMillis ? { scheduledDelayMillis: options.scheduledDelayMillis } : {}),
    })],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  }));
  trace.setGlobalTracerProvider(provider);
  options.logger?.info(
    { endpoint: settings.url, protocol: settings.protocol, service: settings.serviceName },
    'Rastreamento OpenTelemetry ligado',
  );
  let done: Promise<void> | undefined;
  return {
    enabled: true,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => (done ??= (async () => {
      try {
        // Coletor fora do ar não segura o desligamento além do prazo do pod (o exportador tentaria por 10 s).
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('prazo esgotado')), options.shutdownTimeoutMs ?? 5000);
          timer.unref();
        });
        await Promise.race([provider.shutdown(), limit]).finally(() => clearTimeout(timer));
      } catch (err) {
        options.logger?.warn({ err: String(err) }, 'Spans não entregues ao coletor no desligamento');
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
      }
    })()),
  };
}

export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

// Serializa/lê `traceparent` sem depender do propagador global (que fica no-op com o rastreamento desligado).
const w3c = new W3CTraceContextPropagator();
const headerSetter = { set: (carrier: Record<string, string>, key: string, value: string) => { carrier[key] = value; } };
const headerGetter = {
  get: (carrier: Record<string, string>, key: string) => carrier[key],
  keys: (carrier: Record<string, string>) => Object.keys(carrier),
};

/** O `traceparent` do span ativo em `ctx` (ou `undefined` sem span válido: rastreamento desligado ou fora de span). */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  const spanContext = trace.getSpanContext(ctx);
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, headerSetter);
  return carrier.traceparent;
}

/** O span de um `traceparent` guardado (ex.: o de um envio, gravado com o item da fila em disco). */
export function spanContextOf(traceparent: string | undefined): SpanContext | undefined {
  if (!traceparent) return undefined;
  const ctx = w3c.extract(ROOT_CONTEXT, { traceparent }, headerGetter);
  const spanContext = trace.getSpanContext(ctx);
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** Contexto com o span remoto de um `traceparent` como pai (ROOT se ausente ou inválido). */
export function contextOf(traceparent: string | undefined): Context {
  const spanContext = spanContextOf(traceparent);
  return spanContext ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

/** Roda `fn` fora de qualquer trace: eventos do socket não herdam o trace do pedido que abriu o socket. */
export function detached<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args: A) => context.with(ROOT_CONTEXT, () => fn(...args));
}

/** Campos de log do span ativo (pino `mixin`): trace_id e span_id ligam o log ao trace. */
export function traceMixin(): Record<string, string> {
  const spanContext = trace.getSpanContext(context.active());
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}

/** O logger do serviço: JSON (pino) com trace_id/span_id quando dentro de um span. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = { level, mixin: traceMixin };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Span SERVER de um pedido HTTP, continuando o trace do `traceparent`/`tracestate` que a API mandou. Nome e
 * atributos só com o modelo da rota (sem ids, números ou textos); 5xx marca erro.
 */
export async function serverSpan(
  req: IncomingMessage, res: ServerResponse, route: string | null, fn: () => Promise<void>,
): Promise<void> {
  const method = req.method ?? 'GET';
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer().startSpan(route ? `${method} ${route}` : method, {
    kind: SpanKind.SERVER,
    attributes: {
      'http.request.method': method,
      'url.scheme': 'http',
      ...(route ? { 'http.route': route } : {}),
    },
  }, parent);
  try {
    await context.with(trace.setSpan(parent, span), fn);
  } finally {
    const status = res.statusCode;
    span.setAttribute('http.response.status_code', status);
    // Só 5xx é erro do servidor (4xx é erro de quem pediu); resposta cortada no meio também.
    const aborted = res.destroyed && !res.writableFinished;
    if (status >= 500 || aborted) markError(span, status >= 500 ? String(status) : 'aborted');
    span.end();
  }
}

/** Marca erro num span sem a mensagem (ela pode trazer número de telefone): só o tipo/código. */
export function markError(span: Span, type: string): void {
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/**
 * Lembra o `traceparent` de cada envio pelo id da mensagem no WhatsApp: os recibos (entregue, lido) chegam depois,
 * pelo socket, sem contexto nenhum — e o callback deles deve cair no trace do envio. Limitado (os mais velhos
 * saem); perdido num restart (os recibos depois disso viram traces próprios).
 */
export class TraceMemo {
  private readonly entries = new Map<string, string>();

  constructor(private readonly maxEntries = 50_000) {}

  set(key: string, traceparent: string | undefined): void {
    if (!traceparent) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, traceparent);
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
