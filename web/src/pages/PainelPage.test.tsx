import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "@/api";
import { json } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

function summary(): Schemas["DashboardOut"] {
  return {
    since: "2026-11-26T03:00:00Z",
    until: "2026-12-02T15:00:00Z",
    timezone: "America/Sao_Paulo",
    messagesPerDay: [
      { day: "2026-12-01", received: 1200, sentTotal: 30, byStatus: { read: 20, failed: 10 }, byProvider: { baileys: 25, meta_api: 5 } },
      { day: "2026-12-02", received: 4, sentTotal: 6, byStatus: { delivered: 6 }, byProvider: { baileys: 6 } },
    ],
    messagesByProvider: { baileys: 31, meta_api: 5 },
    delivery: { delivered: 26, failed: 10, rate: 0.7222 },
    aiPerDay: [{ day: "2026-12-01", replies: 8, handoffs: 2, avgResponseMs: 850, p95ResponseMs: 2300 }],
    aiReplies: 8,
    aiHandoffs: 2,
    aiAvgResponseMs: 850,
    aiP95ResponseMs: 2300,
    sessions: [
      { provider: "baileys", status: "connected", count: 2 },
      { provider: "meta_api", status: "disconnected", count: 1 },
    ],
    connectedSessions: 2,
  };
}

describe("painel", () => {
  it("desenha os gráficos a partir do resumo, com números pt-BR, e troca o período", async () => {
    const fake = installFakes({ ...defaultRoutes("admin"), "GET /api/v1/dashboard": () => json(summary()) });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/");
    const stats = await screen.findByTestId("painel-resumo");
    expect(stats).toHaveTextContent("Recebidas1.204");
    expect(stats).toHaveTextContent("Taxa de entrega72,2%");
    expect(stats).toHaveTextContent("Tempo de resposta da IA850 ms");
    expect(stats).toHaveTextContent("p95 2,3 s");
    for (const title of [
      "Mensagens por dia e status",
      "Mensagens enviadas por provedor",
      "Taxa de entrega",
      "Tempo de resposta da IA por dia",
      "Respostas da IA e passagens para humano por dia",
      "Sessões por provedor e status",
    ]) {
      expect(screen.getByRole("region", { name: title })).toBeInTheDocument();
    }
    // recharts desenha em SVG (responsivo; no jsdom sem tamanho) — a tabela de sessões e as legendas em pt-BR ficam
    const sessions = screen.getByRole("table", { name: "Sessões por provedor e status" });
    expect(within(sessions).getByText("Baileys (WhatsApp Web)")).toBeInTheDocument();
    expect(within(sessions).getByText("Desconectada")).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Mensagens enviadas por provedor" })).toHaveTextContent("Meta (API oficial): 5");
    expect(document.querySelectorAll(".recharts-responsive-container").length).toBeGreaterThanOrEqual(5);
    // quem está logado continua visível, discreto
    expect(screen.getByTestId("painel-nome")).toHaveTextContent("Administrador");
    expect(screen.getByTestId("painel-tenant")).toHaveTextContent("Demonstração");

    const first = new URL(`http://x${fake.callsTo("GET /api/v1/dashboard")[0]!.path}`);
    expect(first.pathname).toBe("/api/v1/dashboard");
    await user.click(screen.getByRole("radio", { name: "30 dias" }));
    await waitFor(() => expect(fake.callsTo("GET /api/v1/dashboard").length).toBeGreaterThanOrEqual(2));
  });

  it("período sem dados: gráficos vazios com aviso", async () => {
    const empty: Schemas["DashboardOut"] = {
      ...summary(),
      messagesPerDay: [],
      messagesByProvider: {},
      delivery: { delivered: 0, failed: 0, rate: null },
      aiPerDay: [],
      aiReplies: 0,
      aiHandoffs: 0,
      aiAvgResponseMs: null,
      aiP95ResponseMs: null,
      sessions: [],
      connectedSessions: 0,
    };
    installFakes({ ...defaultRoutes("user"), "GET /api/v1/dashboard": () => json(empty) });
    await signIn("user");
    renderApp("/");
    await screen.findByTestId("painel-resumo");
    expect(screen.getAllByText("Sem dados no período.").length).toBe(5);
    expect(screen.getByText("Nenhum número conectado ainda.")).toBeInTheDocument();
    expect(screen.getByTestId("painel-resumo")).toHaveTextContent("Taxa de entrega—");
  });
});
