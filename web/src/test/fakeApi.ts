// `fetch` falso para os testes: rotas "MÉTODO /caminho" → resposta; registra cada requisição recebida.
import { vi } from "vitest";

export type Handler = (request: Request, call: number) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json", ...headers },
  });
}

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return json({ type: `https://wacs.dev/problemas/${code}`, title: "Erro", status, detail, code, ...extra }, status);
}

export interface RecordedCall {
  method: string;
  path: string;
  headers: Headers;
  body: string;
}

export function fakeFetch(routes: Record<string, Handler>) {
  const calls: RecordedCall[] = [];
  const counters = new Map<string, number>();
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const body = request.method === "GET" ? "" : await request.clone().text();
    calls.push({ method: request.method, path: url.pathname, headers: request.headers, body });
    const handler = routes[key];
    if (!handler) return problem(404, "nao_encontrado", `rota falsa ausente: ${key}`);
    const call = (counters.get(key) ?? 0) + 1;
    counters.set(key, call);
    return handler(request, call);
  });
  return { fetch, calls, callsTo: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key) };
}

export const USER = {
  id: "6727a0a0-0000-4000-8000-000000000001",
  email: "admin@demo.local",
  name: "Administrador",
  role: "superadmin",
  isActive: true,
  lastLoginAt: null,
  createdAt: "2026-11-30T08:56:00Z",
  updatedAt: "2026-11-30T08:56:00Z",
};

export function tokenPair(suffix: string, role = "superadmin", expiresIn = 900) {
  return {
    accessToken: `acesso-${suffix}`,
    refreshToken: `renovacao-${suffix}`,
    tokenType: "Bearer",
    expiresIn,
    refreshExpiresAt: "2099-01-01T00:00:00Z",
    user: { ...USER, role },
  };
}

export function meResponse(role = "superadmin") {
  return {
    kind: "user",
    tenant: { id: "7df3a0a0-0000-4000-8000-000000000002", clientId: "demo", name: "Demonstração" },
    user: { ...USER, role },
    apiKeyId: null,
    apiKeyName: null,
    scopes: null,
  };
}
