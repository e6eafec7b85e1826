import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { sessionManager } from "@/api";
import { json } from "@/test/fakeApi";
import { FakeWebSocket } from "@/test/fakeWebSocket";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";
import { SCREENS } from "./screens";

function navLabels() {
  const nav = screen.getByRole("navigation", { name: "Menu principal" });
  return within(nav)
    .getAllByRole("link")
    .map((link) => link.textContent);
}

describe("moldura do app", () => {
  it("papel user não vê as telas de administração nem a de tenants", async () => {
    installFakes(defaultRoutes("user"));
    await signIn();
    renderApp("/");
    await screen.findByTestId("painel-nome");
    await waitFor(() => expect(navLabels()).toEqual(["Painel", "Conversas", "Sessões", "Agentes", "Envio em massa"]));
  });

  it("admin vê a administração; só o superadmin vê Tenants", async () => {
    installFakes(defaultRoutes("admin"));
    await signIn();
    renderApp("/");
    await screen.findByTestId("painel-nome");
    await waitFor(() => expect(navLabels()).toContain("Auditoria"));
    expect(navLabels()).not.toContain("Tenants");
  });

  it("superadmin vê todas as telas; cada uma abre pelo menu com o seu título", async () => {
    installFakes(defaultRoutes("superadmin"));
    await signIn();
    const user = userEvent.setup();
    const { router } = renderApp("/");
    await screen.findByTestId("painel-nome");
    await waitFor(() => expect(navLabels()).toEqual(SCREENS.map((s) => s.label)));
    for (const target of SCREENS) {
      const nav = screen.getByRole("navigation", { name: "Menu principal" });
      await user.click(within(nav).getByRole("link", { name: target.label }));
      await waitFor(() => expect(router.state.location.pathname).toBe(target.path));
      expect(await screen.findByRole("heading", { level: 1, name: target.label })).toBeInTheDocument();
      expect(within(nav).getByRole("link", { name: target.label })).toHaveAttribute("aria-current", "page");
    }
    // Transforma e carrega as onze telas dentro do teste: com a máquina carregada passa dos 20 s padrão.
  }, 60_000);

  it("endereço de tela acima do papel mostra acesso restrito; endereço desconhecido, página não encontrada", async () => {
    installFakes(defaultRoutes("user"));
    await signIn();
    const { router } = renderApp("/usuarios");
    expect(await screen.findByText("Acesso restrito")).toBeInTheDocument();
    await act(() => router.navigate("/nao-existe"));
    expect(await screen.findByRole("heading", { level: 1, name: "Página não encontrada" })).toBeInTheDocument();
  });

  it("mostra pessoa e tenant no cabeçalho; Sair encerra a sessão e volta ao login", async () => {
    const fake = installFakes(defaultRoutes("admin"));
    await signIn();
    const user = userEvent.setup();
    const { router } = renderApp("/");
    const header = await screen.findByTestId("cabecalho-usuario");
    await waitFor(() => expect(header).toHaveTextContent("Demonstração · Administrador"));
    expect(header).toHaveTextContent("Administrador");
    await user.click(screen.getByRole("button", { name: "Sair" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/entrar"));
    expect(fake.callsTo("POST /api/v1/auth/logout")).toHaveLength(1);
    expect(sessionManager.getSnapshot()).toBeNull();
    expect(FakeWebSocket.instances[0]?.closedByClient?.code).toBe(1000);
  });

  it("o menu vira gaveta com botão rotulado (celular)", async () => {
    installFakes(defaultRoutes("user"));
    await signIn();
    const user = userEvent.setup();
    renderApp("/");
    const burger = await screen.findByRole("button", { name: "Abrir menu" });
    expect(burger).toHaveAttribute("aria-expanded", "false");
    await user.click(burger);
    expect(screen.getByRole("button", { name: "Fechar menu" })).toHaveAttribute("aria-expanded", "true");
  });
});

describe("tempo real na moldura", () => {
  it("conecta com a sessão, invalida as consultas do tipo do evento e avisa quando cai", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/conversations": () => json({ items: [], total: 0, page: 1, pageSize: 20 }),
    });
    await signIn();
    const { queryClient } = renderApp("/");
    await screen.findByTestId("painel-nome");
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
    const ws = FakeWebSocket.last();
    expect(ws.params.get("clientId")).toBe("demo");
    expect(ws.params.get("token")).toBe("acesso-1");

    await queryClient.prefetchQuery({
      queryKey: ["get", "/api/v1/conversations"],
      queryFn: () => json({}).json(),
    });
    act(() => ws.serverSend({ type: "ready", cursor: 7 }));
    expect(await screen.findByTestId("painel-tempo-real")).toHaveTextContent("Conectada");
    await waitFor(() => expect(queryClient.getQueryState(["get", "/api/v1/conversations"])?.isInvalidated).toBe(true));

    await queryClient.prefetchQuery({ queryKey: ["get", "/api/v1/conversations"], queryFn: () => ({}) });
    await queryClient.prefetchQuery({ queryKey: ["get", "/api/v1/users"], queryFn: () => ({}) });
    act(() =>
      ws.serverSend({ id: "evt_1", seq: 8, type: "message.created", createdAt: "2026-12-01T12:00:00Z", data: {} }),
    );
    await waitFor(() => expect(queryClient.getQueryState(["get", "/api/v1/conversations"])?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(["get", "/api/v1/users"])?.isInvalidated).toBe(false);

    act(() => ws.serverClose(1006));
    expect(screen.queryByText(/A conexão em tempo real caiu/)).toBeNull(); // espera um pouco antes de avisar
    expect(await screen.findByText(/A conexão em tempo real caiu/)).toBeInTheDocument();
    expect(fake.calls.length).toBeGreaterThan(0);
  });
});
