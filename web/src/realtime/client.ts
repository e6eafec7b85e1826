// Conexão resiliente com /api/v1/realtime (protocolo em docs/tempo-real.md), sem React: o provider a embrulha.
// Reconecta com espera crescente e retoma do maior `seq` visto (o servidor reenvia o que faltou), troca o token na
// própria conexão quando a sessão renova e avisa quando o estado precisa ser recarregado pela API REST.

/** Envelope dos eventos do tenant (o mesmo dos webhooks). `data` varia por tipo: veja docs/webhooks.md. */
export interface RealtimeEvent<T = Record<string, unknown>> {
  id: string;
  seq: number;
  type: string;
  createdAt: string;
  data: T;
}

/**
 * - `connecting`: primeira conexão em andamento;
 * - `open`: autenticada (`ready` recebido), eventos ao vivo;
 * - `reconnecting`: caiu e vai tentar de novo (ou está tentando);
 * - `unauthorized`: credencial recusada e sem como renovar (a sessão acabou);
 * - `failed`: pedido inválido (4400), não adianta repetir;
 * - `closed`: encerrada pelo app (logout, desmontagem).
 */
export type RealtimeState = "connecting" | "open" | "reconnecting" | "unauthorized" | "failed" | "closed";

/** Por que o estado local deve ser recarregado pela API: na primeira conexão, após perder eventos demais, etc. */
export type ResyncReason = "initial" | "too_many_missed" | "history_reset";

export interface RealtimeClientOptions {
  /** Endereço ws(s):// de /api/v1/realtime, sem query. */
  url: string;
  clientId: string;
  /** Token de acesso válido (o gerenciador de sessão renova se estiver para vencer). */
  getToken: () => Promise<string | null>;
  /** Força uma renovação depois de 4401/1008; null se a sessão acabou. */
  renewToken: () => Promise<string | null>;
  onEvent: (event: RealtimeEvent) => void;
  onResync?: (reason: ResyncReason) => void;
  onStateChange?: (state: RealtimeState) => void;
  /** Injeções para os testes. */
  WebSocketImpl?: typeof WebSocket;
  random?: () => number;
  /** Nada recebido por este tempo (o servidor manda `ping` a cada 25 s): conexão morta, reconecta. */
  staleAfterMs?: number;
  maxBackoffMs?: number;
}

/** Fechamentos definidos em docs/tempo-real.md. */
export const CLOSE = {
  normal: 1000,
  policy: 1008,
  slowConsumer: 4000,
  badRequest: 4400,
  tokenExpired: 4401,
} as const;

const SEEN_LIMIT = 5000;

export class RealtimeClient {
  private ws: WebSocket | null = null;
  private cursor: number | null = null;
  private attempts = 0;
  private state: RealtimeState = "closed";
  private stopped = true;
  private hadReady = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private seen = new Set<string>();
  private readonly opts: Required<
    Pick<RealtimeClientOptions, "random" | "staleAfterMs" | "maxBackoffMs" | "WebSocketImpl">
  > &
    RealtimeClientOptions;

  constructor(options: RealtimeClientOptions) {
    // `??` e não spread: uma opção passada como undefined não apaga o padrão.
    this.opts = {
      ...options,
      random: options.random ?? Math.random,
      staleAfterMs: options.staleAfterMs ?? 60_000,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      WebSocketImpl: options.WebSocketImpl ?? globalThis.WebSocket,
    };
  }

  getState(): RealtimeState {
    return this.state;
  }

  /** Maior `seq` já processado (null antes do primeiro `ready`). */
  getCursor(): number | null {
    return this.cursor;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState(this.hadReady ? "reconnecting" : "connecting");
    void this.open();
  }

  /** Encerra de vez (logout, desmontagem): não reconecta. */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= 1) ws.close(CLOSE.normal, "encerrada pelo app");
    this.setState("closed");
  }

  /** Token renovado pela sessão: troca na conexão aberta, sem reconectar (evita o 4401 no vencimento). */
  updateToken(token: string): void {
    if (this.ws && this.ws.readyState === 1 && this.state === "open") {
      this.ws.send(JSON.stringify({ type: "auth", token }));
    }
  }

  /** A rede voltou (evento `online`): não espera o resto da espera crescente. */
  reconnectNow(): void {
    if (this.stopped || this.state === "open" || this.state === "failed") return;
    if (this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.attempts = 0;
      void this.open();
    }
  }

  private setState(state: RealtimeState): void {
    if (state === this.state) return;
    this.state = state;
    this.opts.onStateChange?.(state);
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.reconnectTimer = null;
    this.watchdog = null;
  }

  private armWatchdog(ws: WebSocket): void {
    if (this.watchdog !== null) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.ws === ws) ws.close(); // o onclose cuida de reconectar
    }, this.opts.staleAfterMs);
  }

  private async open(): Promise<void> {
    let token: string | null;
    try {
      token = await this.opts.getToken();
    } catch {
      this.scheduleReconnect(false); // sem rede para renovar: tenta de novo mais tarde
      return;
    }
    if (this.stopped) return;
    if (!token) {
      this.setState("unauthorized");
      return;
    }
    const params = new URLSearchParams({ clientId: this.opts.clientId, token });
    if (this.cursor !== null) params.set("cursor", String(this.cursor));
    const ws = new this.opts.WebSocketImpl(`${this.opts.url}?${params.toString()}`);
    this.ws = ws;
    this.armWatchdog(ws);
    ws.onmessage = (message: MessageEvent) => {
      if (this.ws !== ws) return;
      this.armWatchdog(ws);
      this.handle(message.data);
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.watchdog !== null) clearTimeout(this.watchdog);
      this.watchdog = null;
      void this.onClose(event.code);
    };
  }

  private handle(raw: unknown): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(String(raw)) as Record<string, unknown>;
    } catch {
      return;
    }
    switch (message.type) {
      case "ready": {
        const serverCursor = typeof message.cursor === "number" ? message.cursor : 0;
        const first = !this.hadReady;
        this.hadReady = true;
        this.attempts = 0;
        this.setState("open");
        if (this.cursor !== null && this.cursor > serverCursor) {
          // Histórico recriado no servidor (banco restaurado): o cursor guardado não vale mais.
          this.cursor = serverCursor;
          this.opts.onResync?.("history_reset");
        } else if (this.cursor === null) {
          this.cursor = serverCursor;
        }
        // Eventos entre o carregamento das telas e esta primeira conexão não seriam reenviados: recarrega.
        if (first) this.opts.onResync?.("initial");
        return;
      }
      case "resync_required":
        if (message.reason === "too_many_missed" && typeof message.cursor === "number") {
          this.cursor = message.cursor;
          this.opts.onResync?.("too_many_missed");
        }
        // slow_consumer: o servidor fecha com 4000 e a reconexão recupera pelo cursor
        return;
      case "ping":
      case "pong":
      case "auth_ok":
      case "error":
        return;
      default:
        this.handleEvent(message);
    }
  }

  private handleEvent(message: Record<string, unknown>): void {
    const { id, seq } = message;
    if (typeof id !== "string" || typeof seq !== "number" || typeof message.type !== "string") return;
    // Sob escrita concorrente a ordem de seq pode variar: o cursor é o maior visto; o id evita repetir um evento.
    if (this.cursor === null || seq > this.cursor) this.cursor = seq;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    if (this.seen.size > SEEN_LIMIT) this.seen = new Set([...this.seen].slice(-SEEN_LIMIT / 2));
    this.opts.onEvent(message as unknown as RealtimeEvent);
  }

  private async onClose(code: number): Promise<void> {
    if (this.stopped) return;
    if (code === CLOSE.badRequest) {
      this.setState("failed");
      return;
    }
    this.setState("reconnecting");
    if (code === CLOSE.tokenExpired || code === CLOSE.policy) {
      // Credencial vencida ou recusada: não adianta repetir a mesma. Renova uma vez; sem sessão, para.
      let renewed: string | null = null;
      try {
        renewed = await this.opts.renewToken();
      } catch {
        this.scheduleReconnect(false);
        return;
      }
      if (this.stopped) return;
      if (!renewed) {
        this.setState("unauthorized");
        return;
      }
      this.scheduleReconnect(code === CLOSE.tokenExpired);
      return;
    }
    this.scheduleReconnect(code === CLOSE.slowConsumer);
  }

  private scheduleReconnect(immediately: boolean): void {
    if (this.stopped) return;
    this.setState("reconnecting");
    const base = Math.min(this.opts.maxBackoffMs, 500 * 2 ** this.attempts);
    this.attempts += 1;
    const delay = immediately ? 0 : Math.round(base * (0.5 + this.opts.random()));
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.open();
    }, delay);
  }
}

/** ws(s)://host/api/v1/realtime da mesma origem do app (em `make dev`, o Vite repassa o WebSocket para a API). */
export function realtimeUrl(location: Pick<Location, "protocol" | "host"> = window.location): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/api/v1/realtime`;
}
