// As instâncias do app: importe daqui (`import { api, $api } from "@/api"`), nunca crie outro cliente numa tela.
import { SessionManager } from "@/auth/session";
import { createApiClient, createQueryApi } from "./client";

const baseUrl = typeof window === "undefined" ? "http://localhost" : window.location.origin;

/** Sessão do navegador (tokens, renovação, abas). */
export const sessionManager = new SessionManager({
  api: createApiClient({ baseUrl }),
  storage: typeof localStorage === "undefined" ? null : localStorage,
  locks: typeof navigator !== "undefined" && "locks" in navigator ? navigator.locks : null,
  eventTarget: typeof window === "undefined" ? null : window,
});

/** Cliente tipado (openapi-fetch) para chamadas fora de hooks: `await api.POST("/api/v1/...", { body })`. */
export const api = createApiClient({ baseUrl, auth: sessionManager });

/** Hooks tipados do TanStack Query: `$api.useQuery("get", "/api/v1/...")`, `$api.useMutation("post", ...)`. */
export const $api = createQueryApi(api);

export { ApiError, applyFieldErrors, toApiError } from "./errors";
export type { FieldError, ProblemDetail } from "./errors";
export type { Schemas } from "./types";
