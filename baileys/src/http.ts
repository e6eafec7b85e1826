import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import QRCode from 'qrcode';
import { sha256 } from './crypto.js';
import type { Metrics } from './metrics.js';
import { SessionError, type SessionManager } from './sessions.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE_RE = /^\d{10,15}$/;
const MAX_BODY = 1024 * 1024;

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
    },
    'application/problem+json',
  );
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpProblem(413, 'corpo_grande_demais', 'Corpo grande demais', 'O corpo do pedido passa de 1 MB.');
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
    const match = /^\/sessions\/([^/]+)(?:\/(start|logout|messages))?$/.exec(path);
    if (!match) throw new HttpProblem(404, 'rota_nao_encontrada', 'Rota não encontrada', 'Esta rota não existe.');
    const sessionId = decodeURIComponent(match[1]!).toLowerCase();
    const action = match[2];
    if (!UUID_RE.test(sessionId)) throw invalid([{ field: 'sessionId', message: 'O sessionId deve ser um UUID.' }]);

    if (method === 'POST' && action === 'start') {
      const body = await readBody(req);
      const errors: FieldError[] = [];
      const phone = body.phoneNumber;
      if (phone !== undefined && phone !== null && (typeof phone !== 'string' || !PHONE_RE.test(phone))) {
        errors.push({ field: 'phoneNumber', message: 'O phoneNumber deve ter de 10 a 15 dígitos, só números.' });
      }
      const usePairingCode = optionalBool(body, 'usePairingCode', errors);
      const receiveGroups = optionalBool(body, 'receiveGroups', errors);
      if (usePairingCode && !phone) {
        errors.push({ field: 'phoneNumber', message: 'O código de pareamento precisa do phoneNumber.' });
      }
      if (errors.length) throw invalid(errors);
      const view = await manager.start(sessionId, {
        phoneNumber: (phone as string | undefined) ?? null,
        usePairingCode,
        receiveGroups,
      });
      return sendJson(res, 200, view);
    }
    if (method === 'GET' && !action) {
      const view = manager.get(sessionId);
      if (!view) throw notFound();
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
      const body = await readBody(req);
      const errors: FieldError[] = [];
      const { messageId, to, type, text } = body;
      if (type !== undefined && type !== 'text') {
        throw new HttpProblem(422, 'tipo_nao_suportado', 'Tipo não suportado',
          'Por enquanto o serviço só envia mensagens do tipo "text".');
      }
      if (typeof messageId !== 'string' || messageId.length < 1 || messageId.length > 255) {
        errors.push({ field: 'messageId', message: 'O messageId é obrigatório (até 255 caracteres).' });
      }
      if (typeof to !== 'string' || !PHONE_RE.test(to)) {
        errors.push({ field: 'to', message: 'O destinatário (to) deve ter de 10 a 15 dígitos, só números.' });
      }
      if (typeof text !== 'string' || text.length < 1 || text.length > 4096) {
        errors.push({ field: 'text', message: 'O texto é obrigatório e vai até 4096 caracteres.' });
      }
      if (errors.length) throw invalid(errors);
      if (!manager.get(sessionId)) throw notFound();
      let result;
      try {
        result = await manager.send(sessionId, { messageId: messageId as string, to: to as string, text: text as string });
      } catch (err) {
        if (err instanceof SessionError) throw err;
        logger.warn({ sessionId, err: String(err) }, 'Falha ao enviar a mensagem pelo WhatsApp');
        throw new HttpProblem(502, 'falha_no_envio', 'Falha no envio',
          'O WhatsApp não aceitou o envio agora; tente de novo (o mesmo messageId não duplica a mensagem).');
      }
      return sendJson(res, 200, result);
    }
    throw new HttpProblem(405, 'metodo_nao_permitido', 'Método não permitido', 'Este método não vale para esta rota.');
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    try {
      await route(req, res, path);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpProblem) return sendProblem(res, err, path);
      if (err instanceof SessionError) return sendProblem(res, new HttpProblem(err.status, err.code, err.title, err.message), path);
      // Nunca um stack trace na resposta: só no log.
      logger.error({ err, path }, 'Erro inesperado ao atender o pedido');
      sendProblem(res, new HttpProblem(500, 'erro_interno', 'Erro interno', 'Erro inesperado no serviço Baileys.'), path);
    }
  };
}

function notFound(): HttpProblem {
  return new HttpProblem(404, 'sessao_nao_encontrada', 'Sessão não encontrada', 'Esta sessão não existe neste serviço.');
}
