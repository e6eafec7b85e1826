import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";
import { AGENT_ID, TEMPLATES, agentFixture, metricsFixture, page } from "./agentes/fixtures";

const AGENT_PATH = `/api/v1/agents/${AGENT_ID}`;

describe("tela de agentes", () => {
  it("lista com modo honesto, padrão e ativo; cria a partir de um modelo", async () => {
    let agents = [agentFixture({ name: "Suporte", type: "customer_support", isDefault: false, mode: "llm", id: "b0000000-0000-4000-8000-000000000001" })];
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/agents/list": () => json(page(agents)),
      "GET /api/v1/agents/templates": () => json(TEMPLATES),
      "POST /api/v1/agents/create": () => {
        const created = agentFixture();
        agents = [...agents, created];
        return json(created, 201);
      },
      [`GET ${AGENT_PATH}`]: () => json(agentFixture()),
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/agentes");
    const list = await screen.findByRole("list", { name: "Agentes" });
    expect(within(list).getByText("Modelo de linguagem")).toBeInTheDocument();
    expect(within(list).getByRole("switch", { name: "Agente Suporte ativo" })).toBeChecked();

    await user.click(screen.getByRole("button", { name: "Novo agente" }));
    const dialog = await screen.findByRole("dialog", { name: "Novo agente" });
    await user.type(within(dialog).getByLabelText(/Nome do agente/), "Especialista em Imóveis");
    await user.click(within(dialog).getByLabelText(/Especialista em imóveis/));
    await user.click(within(dialog).getByLabelText(/Agente padrão do tenant/));
    await user.click(within(dialog).getByRole("button", { name: "Criar agente" }));

    await waitFor(() => expect(fake.callsTo("POST /api/v1/agents/create")).toHaveLength(1));
    expect(JSON.parse(fake.callsTo("POST /api/v1/agents/create")[0]!.body)).toEqual({
      name: "Especialista em Imóveis",
      template: "real_estate",
      makeDefault: true,
    });
    // o agente novo aparece na lista, marcado como padrão e offline, e abre para edição
    const card = await within(list).findByRole("listitem", { name: "Especialista em Imóveis" });
    expect(within(card).getByText("Padrão")).toBeInTheDocument();
    expect(within(card).getByText("Atendente offline (regras, sem modelo de linguagem)")).toBeInTheDocument();
    expect(await screen.findByRole("heading", { level: 2, name: "Especialista em Imóveis" })).toBeInTheDocument();
    expect(screen.getByLabelText(/Prompt do sistema/)).toHaveValue("Você é um corretor.");
  });

  it("edição: 422 aparece junto do campo; a chave da API é só de escrita", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/agents/list": () => json(page([agentFixture({ llm: { baseUrl: "https://llm.exemplo.com/v1", model: "gpt", azureApiVersion: null, embeddingsModel: null, hasApiKey: true } })])),
      [`GET ${AGENT_PATH}`]: () =>
        json(agentFixture({ llm: { baseUrl: "https://llm.exemplo.com/v1", model: "gpt", azureApiVersion: null, embeddingsModel: null, hasApiKey: true } })),
      [`PUT ${AGENT_PATH}/configure`]: () =>
        problem(422, "validacao", "Verifique os campos destacados.", {
          errors: [{ field: "llm.baseUrl", location: "body", type: "url_invalida", message: "Use um endereço http(s)." }],
        }),
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp(`/agentes?agente=${AGENT_ID}`);
    const baseUrl = await screen.findByLabelText(/URL da API/);
    expect(screen.getByTestId("chave-configurada")).toHaveTextContent("chave configurada");
    expect(screen.getByLabelText(/Chave da API/)).toHaveValue("");
    await user.clear(baseUrl);
    await user.type(baseUrl, "ftp://llm.exemplo.com");
    await user.click(screen.getByLabelText("Simular financiamento"));
    await user.click(screen.getByRole("button", { name: "Salvar agente" }));

    expect(await screen.findByText("Use um endereço http(s).")).toBeInTheDocument();
    expect(baseUrl).toHaveAttribute("aria-invalid", "true");
    const body = JSON.parse(fake.callsTo(`PUT ${AGENT_PATH}/configure`)[0]!.body);
    expect(body.debounceSeconds).toBe(3);
    expect(body.capabilities).toEqual(["search_properties", "schedule_visits", "calculate_financing"]);
    // chave vazia não é enviada: a guardada continua
    expect(body.llm).toEqual({ baseUrl: "ftp://llm.exemplo.com", model: "gpt", azureApiVersion: null, embeddingsModel: null });
  });

  it("playground mostra a resposta em partes, o modo, as ferramentas, tokens e o erro de reserva", async () => {
    const fake = installFakes({
      ...defaultRoutes("user"),
      "GET /api/v1/agents/list": () => json(page([agentFixture()])),
      [`GET ${AGENT_PATH}`]: () => json(agentFixture()),
      [`POST ${AGENT_PATH}/test`]: () =>
        json({
          reply: "Encontrei 2 apartamentos.\n\nQuer agendar?",
          parts: ["Encontrei 2 apartamentos.", "Quer agendar uma visita?"],
          mode: "fallback",
          handoff: null,
          toolCalls: [{ name: "search_properties", arguments: { bedrooms: 2 }, result: "2 imóveis" }],
          promptTokens: 1234,
          completionTokens: 56,
          latencyMs: 1500,
          error: "O modelo não respondeu em 30 s.",
        }),
    });
    await signIn("user");
    const user = userEvent.setup();
    renderApp(`/agentes?agente=${AGENT_ID}&aba=playground`);
    await user.type(await screen.findByLabelText(/Mensagem do cliente/), "Quero ver apartamentos de 2 quartos");
    await user.click(screen.getByRole("button", { name: "Enviar teste" }));

    const reply = await screen.findByTestId("playground-resposta");
    expect(within(reply).getByText("Encontrei 2 apartamentos.")).toBeInTheDocument();
    expect(within(reply).getByText("Quer agendar uma visita?")).toBeInTheDocument();
    expect(within(reply).getByTestId("playground-modo")).toHaveTextContent("Resposta de reserva");
    expect(within(reply).getByTestId("playground-ferramentas")).toHaveTextContent("Busca de imóveis");
    expect(reply).toHaveTextContent("1.234 tokens de entrada");
    expect(reply).toHaveTextContent("1,5 s");
    expect(within(reply).getByText("O modelo não respondeu em 30 s.")).toBeInTheDocument();
    expect(JSON.parse(fake.callsTo(`POST ${AGENT_PATH}/test`)[0]!.body)).toEqual({
      message: "Quero ver apartamentos de 2 quartos",
      history: [],
    });
    // a segunda mensagem leva o histórico
    await user.type(screen.getByLabelText(/Mensagem do cliente/), "Sim{Enter}");
    await waitFor(() => expect(fake.callsTo(`POST ${AGENT_PATH}/test`)).toHaveLength(2));
    expect(JSON.parse(fake.callsTo(`POST ${AGENT_PATH}/test`)[1]!.body).history).toHaveLength(2);
    // usuário comum não vê criar/excluir
    expect(screen.queryByRole("button", { name: "Novo agente" })).not.toBeInTheDocument();
  });

  it("métricas do agente: números pt-BR", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/agents/list": () => json(page([agentFixture()])),
      [`GET ${AGENT_PATH}`]: () => json(agentFixture()),
      "GET /api/v1/agents/metrics": () => json(metricsFixture()),
    });
    await signIn("admin");
    renderApp(`/agentes?agente=${AGENT_ID}&aba=metricas`);
    const stats = await screen.findByTestId("metricas-agente");
    expect(stats).toHaveTextContent("Respostas10");
    expect(stats).toHaveTextContent("Tempo de resposta (p95)1,5 s");
    expect(stats).toHaveTextContent("1.540");
    const url = new URL(fake.calls.find((c) => c.path === "/api/v1/agents/metrics")!.path, "http://x");
    expect(url.pathname).toBe("/api/v1/agents/metrics");
  });
});
