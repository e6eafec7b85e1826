import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import createQueryClient, { type OpenapiQueryClient } from "openapi-react-query";
import { ApiError } from "./errors";
import type { paths } from "./schema";

/** Cliente tipado da API: caminhos, parâmetros, corpos e respostas vêm de `schema.d.ts` (gerado). */
export type Api = Client<paths>;
export type QueryApi = OpenapiQueryClient<paths>;

/** O que o cliente precisa da sessão (implementado por `SessionManager`); separado para testar com um falso. */
export interface AuthBridge {
  /** Tenant da sessão (`X-Client-Id`), ou null sem sessão. */
  clientId(): string | null;
  /** Token de acesso válido (renovado antes, se estiver para vencer), ou null sem sessão. */
  accessToken(): Promise<string | null>;
  /** Depois de um 401: um token novo (uma renovação por vez, compartilhada) ou null se a sessão acabou. */
  renewAfterUnauthorized(rejectedToken: string): Promise<string | null>;
}

type FetchFn = (request: Request) => Promise<Response>;

/** 401 que se resolve renovando o token (expirado ou revogado); `senha_incorreta`, por exemplo, não. */
async function isStaleCredential(response: Response): Promise<boolean> {
  try {
    const body: unknown = await response.clone().json();
    const code = body && typeof body === "object" ? (body as { code?: unknown }).code : undefined;
    return code === undefined || code === "nao_autenticado";
  } catch {
    return true;
  }
}

function authorize(request: Request, clientId: string | null, token: string | null): Request {
  // Quem chama pode fixar o tenant (login) ou a credencial; o cliente só completa o que faltar.
  if (clientId && !request.headers.has("X-Client-Id")) request.headers.set("X-Client-Id", clientId);
  if (token && !request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${token}`);
  return request;
}

/**
 * `fetch` autenticado: põe `X-Client-Id` e `Authorization` e, num 401 de credencial vencida, renova o token (uma
 * renovação por vez para todas as requisições) e repete a requisição **uma** vez. Se a renovação falhar, devolve o
 * 401 original; a sessão já terá acabado e o app volta ao login.
 */
export function authenticatedFetch(base: FetchFn, auth: AuthBridge): FetchFn {
  return async (request) => {
    const token = await auth.accessToken();
    const clientId = auth.clientId();
    if (!token || request.headers.has("Authorization")) return base(authorize(request, clientId, null));
    // Clonado antes de enviar: o corpo de uma Request só pode ser lido uma vez.
    const retry = request.clone();
    const first = await base(authorize(request, clientId, token));
    if (first.status !== 401 || !(await isStaleCredential(first))) return first;
    const renewed = await auth.renewAfterUnauthorized(token);
    if (!renewed) return first;
    return base(authorize(retry, auth.clientId(), renewed));
  };
}

/** Toda resposta fora de 2xx vira `ApiError` (lançado), e falha de rede também: as telas só tratam um tipo. */
export const problemMiddleware: Middleware = {
  async onResponse({ response }) {
    if (!response.ok) throw await ApiError.fromResponse(response);
    return undefined;
  },
  onError({ error }) {
    if (error instanceof ApiError) return error;
    // Cancelamento (TanStack Query aborta ao desmontar) continua sendo cancelamento.
    if (error instanceof Error && error.name === "AbortError") return error;
    return ApiError.network(error);
  },
};

export interface ApiClientOptions {
  /** Origem da API (no navegador, a do próprio app: a API serve o app e, em `make dev`, o Vite repassa). */
  baseUrl: string;
  fetch?: FetchFn;
  /** Sem `auth`, o cliente é público (login e refresh). */
  auth?: AuthBridge;
}

export function createApiClient({ baseUrl, fetch, auth }: ApiClientOptions): Api {
  // Resolvido a cada chamada: testes trocam globalThis.fetch depois de criar o cliente.
  const base: FetchFn = fetch ?? ((request) => globalThis.fetch(request));
  const client = createFetchClient<paths>({ baseUrl, fetch: auth ? authenticatedFetch(base, auth) : base });
  client.use(problemMiddleware);
  return client;
}

/** Hooks do TanStack Query sobre o cliente: `$api.useQuery("get", "/api/v1/...", { params })`. */
export function createQueryApi(client: Api): QueryApi {
  return createQueryClient(client);
}
