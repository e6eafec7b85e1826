import type { components } from "./schema";

export type ProblemDetail = components["schemas"]["ProblemDetail"];
export type FieldError = components["schemas"]["FieldError"];

/** Códigos do próprio app web (a API nunca os devolve): falhas antes de haver uma resposta RFC 9457. */
export const CLIENT_CODES = {
  network: "sem_conexao",
  unexpected: "resposta_inesperada",
} as const;

/**
 * Erro de qualquer chamada à API, já no formato RFC 9457 (`application/problem+json`). Toda falha do cliente gerado
 * chega aqui: telas tratam pelo `code` (estável), mostram `detail` (pt-BR) e ligam `fieldErrors` aos campos do
 * formulário com `applyFieldErrors`. Tem os mesmos campos de `ProblemDetail`, que é o tipo que os hooks do
 * openapi-react-query anunciam para `error`.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance: string | null;
  readonly requestId: string | null;
  /** Segundos até poder tentar de novo (429 e 503). */
  readonly retryAfter: number | null;
  readonly errors: FieldError[];

  constructor(problem: {
    status: number;
    code: string;
    title: string;
    detail: string;
    type?: string;
    instance?: string | null;
    requestId?: string | null;
    retryAfter?: number | null;
    errors?: FieldError[] | null;
  }) {
    super(problem.detail);
    this.type = problem.type ?? "about:blank";
    this.title = problem.title;
    this.status = problem.status;
    this.detail = problem.detail;
    this.code = problem.code;
    this.instance = problem.instance ?? null;
    this.requestId = problem.requestId ?? null;
    this.retryAfter = problem.retryAfter ?? null;
    this.errors = problem.errors ?? [];
  }

  /** Erros por campo (só nos 422). */
  get fieldErrors(): FieldError[] {
    return this.errors;
  }

  get isNetworkError(): boolean {
    return this.code === CLIENT_CODES.network;
  }

  /** Lê a resposta de erro; aceita corpo que não seja problem+json (proxy, HTML de erro) sem perder o status. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown = null;
    try {
      body = await response.clone().json();
    } catch {
      // corpo vazio ou não JSON: fica o texto genérico do status
    }
    const retryHeader = Number(response.headers.get("Retry-After"));
    const fallbackRetry = Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : null;
    if (isProblem(body)) {
      return new ApiError({
        ...body,
        status: body.status || response.status,
        retryAfter: typeof body.retryAfter === "number" ? body.retryAfter : fallbackRetry,
      });
    }
    return new ApiError({
      status: response.status,
      code: CLIENT_CODES.unexpected,
      title: "Erro inesperado",
      detail: `O servidor respondeu com um erro inesperado (HTTP ${response.status}). Tente de novo em instantes.`,
      retryAfter: fallbackRetry,
    });
  }

  static network(cause?: unknown): ApiError {
    const error = new ApiError({
      status: 0,
      code: CLIENT_CODES.network,
      title: "Sem conexão",
      detail: "Não foi possível falar com o servidor. Verifique a sua conexão e tente de novo.",
    });
    if (cause !== undefined) (error as { cause?: unknown }).cause = cause;
    return error;
  }
}

function isProblem(value: unknown): value is ProblemDetail {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === "string" && typeof v.detail === "string" && typeof v.title === "string";
}

/** Qualquer coisa lançada (ApiError, objeto ProblemDetail, falha de rede, bug) como ApiError, para exibir. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isProblem(error)) return new ApiError({ ...error, status: error.status });
  if (error instanceof TypeError) return ApiError.network(error);
  const unexpected = new ApiError({
    status: 0,
    code: CLIENT_CODES.unexpected,
    title: "Erro inesperado",
    detail: "Algo deu errado no aplicativo. Recarregue a página e tente de novo.",
  });
  (unexpected as { cause?: unknown }).cause = error;
  return unexpected;
}

/** A parte do formulário do Mantine (`useForm`) que `applyFieldErrors` usa. */
export interface FieldErrorTarget {
  setFieldError: (path: never, error: string) => void;
  getValues: () => unknown;
}

function hasPath(values: unknown, path: string): boolean {
  let node: unknown = values;
  for (const part of path.split(".")) {
    if (node === null || typeof node !== "object" || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return true;
}

/**
 * Coloca os erros por campo de um 422 nos campos do formulário (o `field` da API é o caminho com pontos, igual ao
 * do Mantine: `admin.email`, `recipients.0.phone`). `fieldMap` traduz nomes diferentes (API → formulário).
 * Devolve os erros que não couberam em nenhum campo, para mostrar num `ErrorAlert`.
 */
export function applyFieldErrors(
  form: FieldErrorTarget,
  error: unknown,
  fieldMap: Record<string, string> = {},
): FieldError[] {
  const apiError = toApiError(error);
  const values = form.getValues();
  const leftover: FieldError[] = [];
  const setFieldError = form.setFieldError as (path: string, error: string) => void;
  for (const item of apiError.fieldErrors) {
    const path = fieldMap[item.field] ?? item.field;
    if (hasPath(values, path)) setFieldError(path, item.message);
    else leftover.push(item);
  }
  return leftover;
}
