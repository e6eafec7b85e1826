// Renderização para testes de componente: o app inteiro (rotas, sessão, tempo real) com fetch e WebSocket falsos.
import type { ReactElement, ReactNode } from "react";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { vi } from "vitest";
import { sessionManager } from "@/api";
import { App } from "@/app/App";
import { AppQueryClient } from "@/app/queryClient";
import { createTestRouter } from "@/app/router";
import { theme } from "@/app/theme";
import { fakeFetch, json, meResponse, tokenPair, type Handler } from "./fakeApi";
import { FakeWebSocket } from "./fakeWebSocket";

export function testQueryClient(): QueryClient {
  return new AppQueryClient({ defaultOptions: { queries: { retry: false, staleTime: 60_000 }, mutations: { retry: false } } });
}

/** Só o tema e o cache (componentes soltos). */
export function renderWithProviders(ui: ReactElement, queryClient = testQueryClient()) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <MantineProvider theme={theme} env="test">
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </MantineProvider>
  );
  return { ...render(ui, { wrapper }), queryClient };
}

/** Rotas padrão da API falsa: login, me, logout; cada teste acrescenta ou troca as suas. */
export function defaultRoutes(role = "superadmin"): Record<string, Handler> {
  return {
    "POST /api/v1/auth/login": () => json(tokenPair("1", role)),
    "GET /api/v1/auth/me": () => json(meResponse(role)),
    "POST /api/v1/auth/logout": () => new Response(null, { status: 204 }),
  };
}

export function installFakes(routes: Record<string, Handler>) {
  const fake = fakeFetch(routes);
  vi.stubGlobal("fetch", fake.fetch);
  vi.stubGlobal("WebSocket", FakeWebSocket);
  FakeWebSocket.reset();
  return fake;
}

/** Entra pelo gerenciador de sessão (como o formulário faria), com a API falsa já instalada. */
export async function signIn(role = "superadmin") {
  await sessionManager.login("demo", "admin@demo.local", "senha-123");
  return role;
}

export function renderApp(path: string, queryClient = testQueryClient()) {
  const router = createTestRouter(path);
  return { ...render(<App router={router} queryClient={queryClient} mantineEnv="test" />), router, queryClient };
}
