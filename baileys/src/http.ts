import { timingSafeEqual } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import { sha256 } from './crypto.js';
import type { Metrics } from './metrics.js';
import { SEND_TYPES, type MessageRef, type SendInput, type SendType } from './outgoing.js';
import { SessionError, type SessionManager } from './sessions.js';
import { serverSpan } from './telemetry.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE_RE = /^\d{10,15}$/;
const MAX_BODY = 1024 * 1024;
// Mídia vai em base64 no corpo do envio: até 100 MB de arquivo (o teto de documentos do WhatsApp).
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
const MAX_SEND_BODY = Math.ceil(MAX_MEDIA_BYTES / 3) * 4 + MAX_BODY;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

interface FieldError {
  field: string;
  message: string;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(detail);
  }
}

function invalid(errors: FieldError[]): HttpProblem {
  return new HttpProblem(422, 'validacao', 'Dados inválidos', errors.map((e) => e.message).join(' '), errors);
}

function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

function sendProblem(res: ServerResponse, problem: HttpProblem, instance: string): void {
  sendJson(
    res,
    problem.status,
    {
      type: `https://wacs.dev/problemas/${problem.code}`,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      instance,
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...(problem.extra ?? {}),
    },
    'application/problem+json',
  );
}

async function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new HttpProblem(413, 'corpo_grande_demais', 'Corpo grande demais',
        `O corpo do pedido passa de ${Math.round(limit / 1024 / 1024)} MB.`);
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks).toString('utf8').trim();
  if (!raw) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    throw invalid([{ field: 'body', message: 'O corpo não é um JSON válido.' }]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid([{ field: 'body', message: 'O corpo deve ser um objeto JSON.' }]);
  }
  return data as Record<string, unknown>;
}

function optionalBool(body: Record<string, unknown>, field: string, errors: FieldError[]): boolean {
  const value = body[field];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') errors.push({ field, message: `O campo ${field} deve ser verdadeiro ou falso.` });
  return value === true;
}

function optionalString(
  obj: Record<string, unknown>, field: string, path: string, max: number, errors: FieldError[],
): string | null {
  const value = obj[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > max) {
    errors.push({ field: `${path}${field}`, message: `O campo ${path}${field} deve ser texto de até ${max} caracteres.` });
    return null;
  }
  return value;
}

function object(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function messageRef(value: unknown, field: string, errors: FieldError[]): MessageRef | null {
  const ref = object(value);
  const id = ref?.providerMessageId;
  if (!ref || typeof id !== 'string' || id.length < 1 || id.length > 255) {
    errors.push({ field: `${field}.providerMessageId`, message: `O ${field}.providerMessageId é obrigatório (id da mensagem no WhatsApp).` });
    return null;
  }
  if (ref.fromMe !== undefined && typeof ref.fromMe !== 'boolean') {
    errors.push({ field: `${field}.fromMe`, message: `O ${field}.fromMe deve ser verdadeiro ou falso.` });
  }
  return { providerMessageId: id, fromMe: ref.fromMe === true, text: optionalString(ref, 'text', `${field}.`, 4096, errors) };
}

/** Valida o corpo de um envio e o converte (mídia em base64 vira bytes). */
export function parseSend(body: Record<string, unknown>): SendInput {
  const errors: FieldError[] = [];
  const { messageId, to } = body;
  const type = (body.type ?? 'text') as SendType;
  if (!SEND_TYPES.includes(type)) {
    throw invalid([{ field: 'type', message: `Tipo desconhecido; use um destes: ${SEND_TYPES.join(', ')}.` }]);
  }
  if (typeof messageId !== 'string' || messageId.length < 1 || messageId.length > 255) {
    errors.push({ field: 'messageId', message: 'O messageId é obrigatório (até 255 caracteres).' });
  }
  if (typeof to !== 'string' || !PHONE_RE.test(to)) {
    errors.push({ field: 'to', message: 'O destinatário (to) deve ter de 10 a 15 dígitos, só números.' });
  }
  const input: SendInput = { messageId: messageId as string, to: to as string, type };
  if (type === 'text') {
    const text = body.text;
    if (typeof text !== 'string' || text.length < 1 || text.length > 65536) {
      errors.push({ field: 'text', message: 'O texto é obrigatório e vai até 65536 caracteres.' });
    } else input.text = text;
  } else if (type === 'location') {
    const loc = object(body.location);
    const lat = loc?.latitude;
    const lng = loc?.longitude;
    if (typeof lat !== 'number' || lat < -90 || lat > 90) {
      errors.push({ field: 'location.latitude', message: 'A latitude é obrigatória, entre -90 e 90.' });
    }
    if (typeof lng !== 'number' || lng < -180 || lng > 180) {
      errors.push({ field: 'location.longitude', message: 'A longitude é obrigatória, entre -180 e 180.' });
    }
    input.location = {
      latitude: lat as number, longitude: lng as number,
      name: loc ? optionalString(loc, 'name', 'location.', 1000, errors) : null,
      address: loc ? optionalString(loc, 'address', 'location.', 1000, errors) : null,
    };
  } else if (type === 'reaction') {
    const r = object(body.reaction);
    const ref = messageRef(r, 'reaction', errors);
    const emoji = r?.emoji;
    if (typeof emoji !== 'string' || emoji.length > 20) {
      errors.push({ field: 'reaction.emoji', message: 'O reaction.emoji é obrigatório (até 20 caracteres; vazio remove a reação).' });
    }
    if (ref) input.reaction = { ...ref, emoji: emoji as string };
  } else {
    const media = object(body.media);
    const data = media?.data;
    if (typeof data !== 'string' || !data || data.length % 4 !== 0 || !BASE64_RE.test(data)) {
      errors.push({ field: 'media.data', message: 'O media.data é obrigatório: o arquivo em base64.' });
    } else {
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length > MAX_MEDIA_BYTES) {
        throw new HttpProblem(413, 'midia_grande_demais', 'Mídia grande demais', 'O arquivo passa de 100 MB.');
      }
      input.media = {
        data: bytes,
        mimeType: optionalString(media!, 'mimeType', 'media.', 100, errors),
        filename: optionalString(media!, 'filename', 'media.', 255, errors),
        caption: optionalString(media!, 'caption', 'media.', 4096, errors),
      };
    }
    if (type === 'audio') input.ptt = optionalBool(body, 'ptt', errors);
  }
  if (body.replyTo !== undefined && body.replyTo !== null) input.replyTo = messageRef(body.replyTo, 'replyTo', errors);
  if (errors.length) throw invalid(errors);
  return input;
}

function parsePace(value: unknown, errors: FieldError[]): { minIntervalMs?: number; jitterMs?: number } | null {
  if (value === undefined || value === null) return null;
  const pace = object(value);
  const out: { minIntervalMs?: number; jitterMs?: number } = {};
  for (const field of ['minIntervalMs', 'jitterMs'] as const) {
    const v = pace?.[field];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 60_000) {
      errors.push({ field: `pace.${field}`, message: `O pace.${field} deve ser um inteiro de 0 a 60000 (ms).` });
    } else out[field] = v;
  }
  if (!pace) errors.push({ field: 'pace', message: 'O pace deve ser um objeto {minIntervalMs, jitterMs}.' });
  return out;
}

export interface HandlerDeps {
  token: string;
  manager: SessionManager;
  metrics: Metrics;
  logger: Logger;
}

export function createHandler({ token, manager, metrics, logger }: HandlerDeps) {
  const tokenDigest = sha256(token);

  function authorize(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    // Compara resumos de tamanho fixo: tempo constante mesmo com tamanhos diferentes.
    if (!given || !timingSafeEqual(sha256(given), tokenDigest)) {
      throw new HttpProblem(401, 'nao_autenticado', 'Não autenticado', 'Token do serviço ausente ou inválido.');
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' });
    authorize(req);
    if (method === 'GET' && path === '/metrics') {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(text);
      return;
    }
    const match = /^\/sessions\/([^/]+)(?:\/(start|logout|messages|read|media))?$/.exec(path);
    if (!match) throw new HttpProblem(404, 'rota_nao_encontrada', 'Rota não encontrada', 'Esta rota não existe.');
    const sessionId = decodeURIComponent(match[1]!).toLowerCase();
    const action = match[2];
    if (!UUID_RE.test(sessionId)) throw invalid([{ field: 'sessionId', message: 'O sessionId deve ser um UUID.' }]);
    trace.getActiveSpan()?.setAttribute('wacs.session.id', sessionId);

    if (method === 'POST' && action === 'start') {
      const body = await readBody(req);
      const errors: FieldError[] = [];
      const phone = body.phoneNumber;
      if (phone !== undefined && phone !== null && (typeof phone !== 'string' || !PHONE_RE.test(phone))) {
        errors.push({ field: 'phoneNumber', message: 'O phoneNumber deve ter de 10 a 15 dígitos, só números.' });
      }
      const usePairingCode = optionalBool(body, 'usePairingCode', errors);
      const receiveGroups = optionalBool(body, 'receiveGroups', errors);
      const receiveStatus = optionalBool(body, 'receiveStatus', errors);
      const receiveNewsletters = optionalBool(body, 'receiveNewsletters', errors);
      if (usePairingCode && !phone) {
        errors.push({ field: 'phoneNumber', message: 'O código de pareamento precisa do phoneNumber.' });
      }
      const pace = parsePace(body.pace, errors);
      if (errors.length) throw invalid(errors);
      const view = await manager.start(sessionId, {
        phoneNumber: (phone as string | undefined) ?? null,
        usePairingCode,
        receiveGroups,
        receiveStatus,
        receiveNewsletters,
        pace,
      });
      return sendJson(res, 200, view);
    }
    if (method === 'GET' && !action) {
      const view = manager.get(sessionId) ?? (await manager.locate(sessionId));
      const qrDataUrl = view.qr ? await QRCode.toDataURL(view.qr) : null;
      return sendJson(res, 200, { ...view, qrDataUrl });
    }
    if (method === 'POST' && action === 'logout') {
      return sendJson(res, 200, await manager.logout(sessionId));
    }
    if (method === 'DELETE' && !action) {
      await manager.remove(sessionId);
      res.writeHead(204);
      res.end();
      return;
    }
    if (method === 'POST' && action === 'messages') {
      const input = parseSend(await readBody(req, MAX_SEND_BODY));
      if (!manager.get(sessionId)) await manager.locate(sessionId);
      let result;
      try {
        result = await manager.send(sessionId, input);
      } catch (err) {
        if (err instanceof SessionError) throw err;
        logger.warn({ sessionId, err: String(err) }, 'Falha ao enviar a mensagem pelo WhatsApp');
        throw new HttpProblem(502, 'falha_no_envio', 'Falha no envio',
          'O WhatsApp não aceitou o envio agora; tente de novo (o mesmo messageId não duplica a mensagem).');
      }
      return sendJson(res, 200, result);
    }
    if (method === 'POST' && action === 'read') {
      const body = await readBody(req);
      const ids = body.messageIds;
      const errors: FieldError[] = [];
      if (typeof body.to !== 'string' || !PHONE_RE.test(body.to)) {
        errors.push({ field: 'to', message: 'O contato (to) deve ter de 10 a 15 dígitos, só números.' });
      }
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > 500
        || !ids.every((id) => typeof id === 'string' && id.length >= 1 && id.length <= 255)) {
        errors.push({ field: 'messageIds', message: 'O messageIds deve ser uma lista de 1 a 500 ids de mensagens.' });
      }
      if (errors.length) throw invalid(errors);
      try {
        await manager.markRead(sessionId, body.to as string, ids as string[]);
      } catch (err) {
        if (err instanceof SessionError) throw err;
        logger.warn({ sessionId, err: String(err) }, 'Falha ao marcar mensagens como lidas');
        throw new HttpProblem(502, 'falha_ao_marcar_lida', 'Falha ao marcar como lida',
          'O WhatsApp não aceitou o aviso de leitura agora; tente de novo.');
      }
      res.writeHead(204);
      res.end();
      return;
    }
    if (method === 'POST' && action === 'media') {
      const body = await readBody(req);
      if (typeof body.ref !== 'string' || !body.ref || body.ref.length > 4000) {
        throw invalid([{ field: 'ref', message: 'O ref (referência da mídia recebida) é obrigatório.' }]);
      }
      const media = await manager.downloadMedia(body.ref);
      res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.data.length });
      res.end(media.data);
      return;
    }
    throw new HttpProblem(405, 'metodo_nao_permitido', 'Método não permitido', 'Este método não vale para esta rota.');
  }

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      await route(req, res, path);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpProblem) return sendProblem(res, err, path);
      if (err instanceof SessionError) {
        return sendProblem(res, new HttpProblem(err.status, err.code, err.title, err.message, undefined, err.extra), path);
      }
      // Nunca um stack trace na resposta: só no log.
      logger.error({ err, path }, 'Erro inesperado ao atender o pedido');
      sendProblem(res, new HttpProblem(500, 'erro_interno', 'Erro interno', 'Erro inesperado no serviço Baileys.'), path);
    }
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Sondas (health, scrape do Prometheus) sem traceparent não viram traces: seriam ruído a cada poucos segundos.
    if ((path === '/health' || path === '/metrics') && !req.headers.traceparent) return handle(req, res, path);
    await serverSpan(req, res, routeTemplate(path), () => handle(req, res, path));
  };
}

/** O modelo da rota (`/sessions/{sessionId}/messages`) para nome e atributos do span: sem ids no nome. */
export function routeTemplate(path: string): string | null {
  if (path === '/health' || path === '/metrics') return path;
  const match = /^\/sessions\/[^/]+(?:\/(start|logout|messages|read|media))?$/.exec(path);
  if (!match) return null;
  return match[1] ? `/sessions/{sessionId}/${match[1]}` : '/sessions/{sessionId}';
}
