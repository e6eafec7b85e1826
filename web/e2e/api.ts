// Cliente tipado da API para os testes de ponta a ponta prepararem dados direto pela API (criar sessão, injetar
// mensagem do cliente…) sem passar pela tela. É o mesmo cliente do app, com a sessão só em memória.
import { inject } from "vitest";
import { createApiClient, type Api } from "@/api/client";
import { SessionManager } from "@/auth/session";

/** Entra como o administrador inicial (superadmin do tenant demo) e devolve o cliente autenticado. */
export async function adminApi(): Promise<Api> {
  const baseUrl = inject("baseUrl");
  const session = new SessionManager({ api: createApiClient({ baseUrl }) });
  await session.login(inject("tenant"), inject("adminEmail"), inject("adminPassword"));
  return createApiClient({ baseUrl, auth: session });
}
