import type { Api, AuthBridge } from "@/api/client";
import { toApiError } from "@/api/errors";
import type { components } from "@/api/schema";

type TokenPair = components["schemas"]["TokenPair"];
type UserOut = components["schemas"]["UserOut"];

/** A sessão guardada no navegador (veja docs/app-web.md, "Onde ficam os tokens"). */
export interface Session {
  clientId: string;
  accessToken: string;
  /** Instante (ms, relógio do navegador) em que o token de acesso vence: calculado de `expiresIn` ao receber. */
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  user: Pick<UserOut, "id" | "email" | "name" | "role">;
}

/** Por que a sessão acabou: o login mostra uma mensagem diferente para cada caso. */
export type SessionEndReason = "logout" | "expired";

export interface SessionManagerOptions {
  /** Cliente público (sem `auth`): login, refresh e logout mandam os cabeçalhos explicitamente. */
  api: Api;
  storage?: Storage | null;
  storageKey?: string;
  now?: () => number;
  /** Web Locks: serializa a renovação entre abas (o refresh token vale uma vez; dois usos revogam a sessão). */
  locks?: Pick<LockManager, "request"> | null;
  /** Renova quando faltar isto para vencer. */
  refreshMarginMs?: number;
  /** Janela para ouvir o evento `storage` (outras abas); null nos testes. */
  eventTarget?: Pick<Window, "addEventListener" | "removeEventListener"> | null;
}

export const SESSION_STORAGE_KEY = "wacs.sessao";
const RETRY_FAILED_REFRESH_MS = 15_000;

function parseSession(raw: string | null, now: number): Session | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Session>;
    if (
      typeof value.clientId !== "string" ||
      typeof value.accessToken !== "string" ||
      typeof value.refreshToken !== "string" ||
      typeof value.accessExpiresAt !== "number" ||
      typeof value.refreshExpiresAt !== "number" ||
      !value.user
    ) {
      return null;
    }
    return value.refreshExpiresAt > now ? (value as Session) : null;
  } catch {
    return null;
  }
}

/**
 * Dona dos tokens: login, renovação silenciosa (antes de vencer e depois de um 401), logout e a sincronia entre abas.
 * Framework-agnóstica; o React a lê por `useSyncExternalStore` (veja `AuthProvider`).
 */
export class SessionManager implements AuthBridge {
  private session: Session | null;
  private endReason: SessionEndReason | null = null;
  private readonly listeners = new Set<() => void>();
  private inflight: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private readonly api: Api;
  private readonly storage: Storage | null;
  private readonly key: string;
  private readonly now: () => number;
  private readonly locks: Pick<LockManager, "request"> | null;
  private readonly margin: number;
  private readonly eventTarget: Pick<Window, "addEventListener" | "removeEventListener"> | null;

  constructor(options: SessionManagerOptions) {
    this.api = options.api;
    this.storage = options.storage ?? null;
    this.key = options.storageKey ?? SESSION_STORAGE_KEY;
    this.now = options.now ?? Date.now;
    this.locks = options.locks ?? null;
    this.margin = options.refreshMarginMs ?? 60_000;
    this.eventTarget = options.eventTarget ?? null;
    this.session = this.read();
  }

  // --- leitura (useSyncExternalStore) ---

  getSnapshot = (): Session | null => this.session;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Motivo do último fim de sessão (null enquanto houver sessão). */
  getEndReason(): SessionEndReason | null {
    return this.endReason;
  }

  clientId(): string | null {
    return this.session?.clientId ?? null;
  }

  // --- ciclo de vida ---

  /** Liga a renovação antes de vencer e a escuta das outras abas. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.eventTarget?.addEventListener("storage", this.onStorage);
    this.schedule();
  }

  stop(): void {
    this.started = false;
    this.eventTarget?.removeEventListener("storage", this.onStorage);
    this.clearTimer();
  }

  // --- operações ---

  async login(clientId: string, email: string, password: string): Promise<Session> {
    const { data } = await this.api.POST("/api/v1/auth/login", {
      body: { email: email.trim(), password },
      headers: { "X-Client-Id": clientId.trim() },
    });
    if (!data) throw toApiError(new Error("login sem corpo"));
    const session = this.fromPair(clientId.trim(), data);
    this.endReason = null;
    this.set(session);
    return session;
  }

  /** Encerra no servidor (melhor esforço: sem rede, a sessão local acaba do mesmo jeito) e limpa o navegador. */
  async logout(): Promise<void> {
    const current = this.session;
    this.end("logout");
    if (!current) return;
    try {
      await this.api.POST("/api/v1/auth/logout", {
        headers: { "X-Client-Id": current.clientId, Authorization: `Bearer ${current.accessToken}` },
      });
    } catch {
      // 401 (token já vencido) ou sem rede: o refresh token some do navegador de qualquer forma
    }
  }

  /** Descarta a sessão local sem falar com o servidor (testes, ou quando o servidor já a encerrou). */
  forget(reason: SessionEndReason = "logout"): void {
    this.end(reason);
  }

  async accessToken(): Promise<string | null> {
    const current = this.session;
    if (!current) return null;
    if (current.accessExpiresAt - this.now() > 5_000) return current.accessToken;
    return this.refresh();
  }

  async renewAfterUnauthorized(rejectedToken: string): Promise<string | null> {
    const current = this.session;
    if (!current) return null;
    // Outra requisição já renovou depois que esta saiu: basta repetir com o token atual.
    if (current.accessToken !== rejectedToken) return current.accessToken;
    return this.refresh();
  }

  /** Uma renovação por vez nesta aba (as chamadas simultâneas recebem a mesma promessa) e, com Web Locks, entre abas. */
  refresh(): Promise<string | null> {
    if (!this.inflight) {
      const run = () => this.doRefresh();
      const locked = this.locks ? this.locks.request("wacs-renovar-sessao", run) : run();
      this.inflight = Promise.resolve(locked).finally(() => {
        this.inflight = null;
      });
    }
    return this.inflight;
  }

  private async doRefresh(): Promise<string | null> {
    const mine = this.session;
    if (!mine) return null;
    // Outra aba pode ter renovado (ou saído) enquanto esperávamos a trava: o armazenamento manda.
    const stored = this.storage ? this.read() : mine;
    if (!stored) {
      this.end("logout");
      return null;
    }
    if (stored.refreshToken !== mine.refreshToken && stored.accessExpiresAt - this.now() > 5_000) {
      this.set(stored, false);
      return stored.accessToken;
    }
    try {
      const { data } = await this.api.POST("/api/v1/auth/refresh", {
        body: { refreshToken: stored.refreshToken },
        headers: { "X-Client-Id": stored.clientId },
      });
      if (!data) throw toApiError(new Error("refresh sem corpo"));
      const renewed = this.fromPair(stored.clientId, data);
      this.set(renewed);
      return renewed.accessToken;
    } catch (error) {
      const apiError = toApiError(error);
      // Recusa do servidor (token inválido, reusado, tenant desativado): a sessão acabou. Rede ou 5xx: tenta depois.
      if (apiError.status >= 400 && apiError.status < 500 && apiError.status !== 429) {
        this.end("expired");
        return null;
      }
      throw apiError;
    }
  }

  // --- estado ---

  private fromPair(clientId: string, pair: TokenPair): Session {
    const { id, email, name, role } = pair.user;
    return {
      clientId,
      accessToken: pair.accessToken,
      accessExpiresAt: this.now() + pair.expiresIn * 1000,
      refreshToken: pair.refreshToken,
      refreshExpiresAt: Date.parse(pair.refreshExpiresAt),
      user: { id, email, name, role },
    };
  }

  private read(): Session | null {
    try {
      return parseSession(this.storage?.getItem(this.key) ?? null, this.now());
    } catch {
      return null; // armazenamento bloqueado (modo privado restrito): sessão só em memória
    }
  }

  private set(session: Session, persist = true): void {
    this.session = session;
    if (persist) {
      try {
        this.storage?.setItem(this.key, JSON.stringify(session));
      } catch {
        // sem armazenamento: continua só nesta aba
      }
    }
    this.schedule();
    this.emit();
  }

  private end(reason: SessionEndReason): void {
    this.clearTimer();
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // idem
    }
    if (!this.session) return;
    this.session = null;
    this.endReason = reason;
    this.emit();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Renovação silenciosa: um pouco antes de o token vencer, para que nenhuma requisição chegue a levar 401. */
  private schedule(): void {
    this.clearTimer();
    if (!this.started || !this.session) return;
    const delay = Math.max(1_000, this.session.accessExpiresAt - this.margin - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch(() => {
        // sem rede: tenta de novo em instantes (as requisições também renovam sob demanda)
        if (this.started && this.session) this.timer = setTimeout(() => this.schedule(), RETRY_FAILED_REFRESH_MS);
      });
    }, delay);
  }

  private readonly onStorage = (event: StorageEvent): void => {
    if (event.key !== this.key && event.key !== null) return;
    const next = this.read();
    if (!next) {
      this.end("logout"); // saiu em outra aba
      return;
    }
    if (next.accessToken !== this.session?.accessToken) this.set(next, false);
  };
}

