// Quais consultas cada tipo de evento desatualiza. As chaves do openapi-react-query são ["get", "/api/v1/caminho", init]
// (o caminho como está na OpenAPI, com {parâmetros}); uma regra lista prefixos desses caminhos.
// Telas novas acrescentam aqui o que precisam; quem quiser atualizar o cache na hora (sem refazer a consulta) assina o
// evento com `useRealtimeEvent` e usa `queryClient.setQueryData`.
import type { QueryClient, QueryKey } from "@tanstack/react-query";

export const INVALIDATION_RULES: Record<string, readonly string[]> = {
  "message.created": ["/api/v1/conversations", "/api/v1/messages", "/api/v1/dashboard"],
  "message.status": ["/api/v1/conversations", "/api/v1/messages", "/api/v1/dashboard"],
  "message.updated": ["/api/v1/conversations", "/api/v1/messages", "/api/v1/media"],
  "conversation.updated": ["/api/v1/conversations"],
  "session.status": ["/api/v1/sessions", "/api/v1/dashboard"],
  "ai.replied": ["/api/v1/dashboard", "/api/v1/agents/metrics"],
  "ai.handoff": ["/api/v1/dashboard", "/api/v1/agents/metrics"],
  "appointment.created": ["/api/v1/appointments"],
};

/** Todos os prefixos de todas as regras: o que recarregar numa ressincronização. */
export const ALL_REALTIME_PREFIXES: readonly string[] = [...new Set(Object.values(INVALIDATION_RULES).flat())];

export function keyMatchesPrefixes(queryKey: QueryKey, prefixes: Iterable<string>): boolean {
  const path = queryKey[1];
  if (queryKey[0] !== "get" || typeof path !== "string") return false;
  for (const prefix of prefixes) {
    if (path === prefix || path.startsWith(`${prefix}/`)) return true;
  }
  return false;
}

/**
 * Junta invalidações num intervalo curto: uma rajada de 200 eventos vira uma recarga por consulta, não 200.
 */
export class CoalescingInvalidator {
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly queryClient: QueryClient,
    private readonly delayMs = 150,
  ) {}

  add(prefixes: Iterable<string>): void {
    for (const prefix of prefixes) this.pending.add(prefix);
    if (this.pending.size > 0 && this.timer === null) {
      this.timer = setTimeout(() => this.flush(), this.delayMs);
    }
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const prefixes = this.pending;
    this.pending = new Set();
    if (prefixes.size === 0) return;
    void this.queryClient.invalidateQueries({ predicate: (query) => keyMatchesPrefixes(query.queryKey, prefixes) });
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
