import { describe, expect, it, vi } from "vitest";
import { SessionManager, SESSION_STORAGE_KEY } from "@/auth/session";
import { fakeFetch, json, problem, tokenPair } from "@/test/fakeApi";
import { createApiClient } from "./client";
import { ApiError, applyFieldErrors } from "./errors";

const BASE = "http://wacs.test";

/** A rejeição de uma chamada (o teste falha se ela der certo). */
async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    return error as ApiError;
  }
  throw new Error("a chamada deveria ter falhado");
}

/** Cliente autenticado + sessão, os dois com o mesmo fetch falso (como no app). */
async function setup(routes: Parameters<typeof fakeFetch>[0], options: { now?: () => number } = {}) {
  const fake = fakeFetch({
    "POST /api/v1/auth/login": () => json(tokenPair("1")),
    ...routes,
  });
  const manager = new SessionManager({
    api: createApiClient({ baseUrl: BASE, fetch: fake.fetch }),
    storage: localStorage,
    now: options.now,
  });
  const api = createApiClient({ baseUrl: BASE, fetch: fake.fetch, auth: manager });
  await manager.login("demo", " admin@demo.local ", "senha-123");
  return { ...fake, manager, api };
}

describe("cliente da API", () => {
  it("manda X-Client-Id e o token em toda requisição", async () => {
    const { api, callsTo } = await setup({ "GET /api/v1/auth/me": () => json({ ok: true }) });
    await api.GET("/api/v1/auth/me");
    const [call] = callsTo("GET /api/v1/auth/me");
    expect(call?.headers.get("X-Client-Id")).toBe("demo");
    expect(call?.headers.get("Authorization")).toBe("Bearer acesso-1");
    const [login] = callsTo("POST /api/v1/auth/login");
    expect(JSON.parse(login!.body)).toEqual({ email: "admin@demo.local", password: "senha-123" });
  });

  it("num 401 de token vencido renova uma vez e repete a requisição, com o mesmo corpo", async () => {
    const { api, callsTo, manager } = await setup({
      "POST /api/v1/users": (request) =>
        request.headers.get("Authorization") === "Bearer acesso-2"
          ? json({ id: "u1" }, 201)
          : problem(401, "nao_autenticado", "Token expirado."),
      "POST /api/v1/auth/refresh": () => json(tokenPair("2")),
    });
    const body = { email: "maria@empresa.com.br", name: "Maria", password: "senha-forte-123", role: "user" as const };
    const { data } = await api.POST("/api/v1/users", { body });
    expect(data).toEqual({ id: "u1" });
    const posts = callsTo("POST /api/v1/users");
    expect(posts).toHaveLength(2);
    expect(JSON.parse(posts[1]!.body)).toEqual(body);
    const [refresh] = callsTo("POST /api/v1/auth/refresh");
    expect(JSON.parse(refresh!.body)).toEqual({ refreshToken: "renovacao-1" });
    expect(refresh!.headers.get("X-Client-Id")).toBe("demo");
    expect(manager.getSnapshot()?.accessToken).toBe("acesso-2");
    expect(JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY)!).refreshToken).toBe("renovacao-2");
  });

  it("várias requisições com 401 ao mesmo tempo fazem uma única renovação", async () => {
    let releaseRefresh: () => void = () => {};
    const refreshGate = new Promise<void>((resolve) => (releaseRefresh = resolve));
    const { api, callsTo } = await setup({
      "GET /api/v1/auth/me": (request) =>
        request.headers.get("Authorization") === "Bearer acesso-2"
          ? json({ ok: true })
          : problem(401, "nao_autenticado", "Token expirado."),
      "POST /api/v1/auth/refresh": async () => {
        await refreshGate;
        return json(tokenPair("2"));
      },
    });
    const pending = Promise.all([1, 2, 3, 4, 5].map(() => api.GET("/api/v1/auth/me")));
    await new Promise((resolve) => setTimeout(resolve, 10));
    releaseRefresh();
    const results = await pending;
    expect(results.every((r) => r.data !== undefined)).toBe(true);
    expect(callsTo("POST /api/v1/auth/refresh")).toHaveLength(1);
    expect(callsTo("GET /api/v1/auth/me")).toHaveLength(10);
  });

  it("renovação recusada encerra a sessão (volta ao login) e a requisição falha com ApiError 401", async () => {
    const { api, manager, callsTo } = await setup({
      "GET /api/v1/auth/me": () => problem(401, "nao_autenticado", "Sessão encerrada."),
      "POST /api/v1/auth/refresh": () => problem(401, "refresh_token_invalido", "Refresh token inválido."),
    });
    const failure = await rejection(api.GET("/api/v1/auth/me"));
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(callsTo("GET /api/v1/auth/me")).toHaveLength(1);
    expect(manager.getSnapshot()).toBeNull();
    expect(manager.getEndReason()).toBe("expired");
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it("401 que não é de token (senha atual errada) não renova", async () => {
    const { api, callsTo } = await setup({
      "PUT /api/v1/users/me/password": () => problem(401, "senha_incorreta", "Senha atual incorreta."),
    });
    const failure = await rejection(
      api.PUT("/api/v1/users/me/password", { body: { currentPassword: "errada-123", newPassword: "nova-senha-123" } }),
    );
    expect(failure).toMatchObject({ status: 401, code: "senha_incorreta" });
    expect(callsTo("POST /api/v1/auth/refresh")).toHaveLength(0);
  });

  it("renova antes de vencer, sem esperar o 401", async () => {
    let now = 1_000_000;
    const { api, callsTo } = await setup(
      {
        "GET /api/v1/auth/me": () => json({ ok: true }),
        "POST /api/v1/auth/refresh": () => json(tokenPair("2")),
      },
      { now: () => now },
    );
    now += 899_000; // falta 1 s para o token de 15 min vencer
    await api.GET("/api/v1/auth/me");
    expect(callsTo("POST /api/v1/auth/refresh")).toHaveLength(1);
    expect(callsTo("GET /api/v1/auth/me")[0]!.headers.get("Authorization")).toBe("Bearer acesso-2");
  });

  it("adota o par que outra aba já renovou em vez de gastar o refresh token de novo", async () => {
    const { manager, callsTo } = await setup({ "POST /api/v1/auth/refresh": () => json(tokenPair("x")) });
    const other = { ...manager.getSnapshot()!, accessToken: "acesso-outra-aba", refreshToken: "renovacao-outra-aba" };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(other));
    await expect(manager.refresh()).resolves.toBe("acesso-outra-aba");
    expect(callsTo("POST /api/v1/auth/refresh")).toHaveLength(0);
  });

  it("logout avisa o servidor e apaga a sessão do navegador", async () => {
    const { manager, callsTo } = await setup({ "POST /api/v1/auth/logout": () => new Response(null, { status: 204 }) });
    await manager.logout();
    expect(callsTo("POST /api/v1/auth/logout")[0]!.headers.get("Authorization")).toBe("Bearer acesso-1");
    expect(manager.getSnapshot()).toBeNull();
    expect(manager.getEndReason()).toBe("logout");
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it("a sessão sobrevive a recarregar a página (lida do armazenamento)", async () => {
    const { fetch } = await setup({});
    const reloaded = new SessionManager({ api: createApiClient({ baseUrl: BASE, fetch }), storage: localStorage });
    expect(reloaded.getSnapshot()).toMatchObject({ clientId: "demo", accessToken: "acesso-1" });
  });
});

describe("erros RFC 9457", () => {
  it("viram ApiError com status, código, detalhe e erros por campo", async () => {
    const fake = fakeFetch({
      "POST /api/v1/auth/login": () =>
        problem(422, "validacao", "Um ou mais campos são inválidos.", {
          title: "Dados inválidos",
          requestId: "abc123",
          errors: [
            { field: "email", location: "body", message: "E-mail inválido.", type: "value_error" },
            { field: "extra", location: "body", message: "Campo não permitido.", type: "extra_forbidden" },
          ],
        }),
    });
    const api = createApiClient({ baseUrl: BASE, fetch: fake.fetch });
    const error = await rejection(
      api.POST("/api/v1/auth/login", { body: { email: "x", password: "y" }, headers: { "X-Client-Id": "demo" } }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: "validacao", title: "Dados inválidos", requestId: "abc123" });
    expect(error.fieldErrors.map((f) => f.field)).toEqual(["email", "extra"]);

    const form = { values: { email: "x", password: "y" }, errors: {} as Record<string, string> };
    const leftover = applyFieldErrors(
      { getValues: () => form.values, setFieldError: ((path: string, message: string) => (form.errors[path] = message)) as never },
      error,
    );
    expect(form.errors).toEqual({ email: "E-mail inválido." });
    expect(leftover.map((f) => f.field)).toEqual(["extra"]);
  });

  it("resposta sem problem+json (proxy) e falha de rede também viram ApiError", async () => {
    const fake = fakeFetch({
      "GET /health": () => new Response("<html>Bad Gateway</html>", { status: 502, headers: { "Retry-After": "5" } }),
    });
    const api = createApiClient({ baseUrl: BASE, fetch: fake.fetch });
    const gateway = await rejection(api.GET("/health"));
    expect(gateway).toMatchObject({ status: 502, code: "resposta_inesperada", retryAfter: 5 });
    expect(gateway.detail).toContain("HTTP 502");

    const offline = createApiClient({ baseUrl: BASE, fetch: () => Promise.reject(new TypeError("Failed to fetch")) });
    const network = await rejection(offline.GET("/health"));
    expect(network).toBeInstanceOf(ApiError);
    expect(network).toMatchObject({ status: 0, code: "sem_conexao", isNetworkError: true });
  });
});

describe("renovação silenciosa e outras abas", () => {
  it("renova sozinha um minuto antes de vencer, sem nenhuma requisição", async () => {
    vi.useFakeTimers();
    try {
      const { manager, callsTo } = await setup({ "POST /api/v1/auth/refresh": () => json(tokenPair("2")) });
      manager.start();
      await vi.advanceTimersByTimeAsync(839_000); // token de 900 s: renova aos 840 s
      expect(callsTo("POST /api/v1/auth/refresh")).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(callsTo("POST /api/v1/auth/refresh")).toHaveLength(1);
      expect(manager.getSnapshot()?.accessToken).toBe("acesso-2");
      manager.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it("logout em outra aba (evento storage) encerra a sessão desta", async () => {
    const fake = fakeFetch({ "POST /api/v1/auth/login": () => json(tokenPair("1")) });
    const manager = new SessionManager({
      api: createApiClient({ baseUrl: BASE, fetch: fake.fetch }),
      storage: localStorage,
      eventTarget: window,
    });
    manager.start();
    await manager.login("demo", "admin@demo.local", "senha-123");
    const seen: (string | null)[] = [];
    manager.subscribe(() => seen.push(manager.getSnapshot()?.accessToken ?? null));
    const renewed = { ...manager.getSnapshot()!, accessToken: "acesso-outra-aba" };
    localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(renewed));
    window.dispatchEvent(new StorageEvent("storage", { key: SESSION_STORAGE_KEY }));
    localStorage.removeItem(SESSION_STORAGE_KEY);
    window.dispatchEvent(new StorageEvent("storage", { key: SESSION_STORAGE_KEY }));
    expect(seen).toEqual(["acesso-outra-aba", null]);
    expect(manager.getEndReason()).toBe("logout");
    manager.stop();
  });
});
