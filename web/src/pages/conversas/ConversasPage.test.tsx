import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json } from "@/test/fakeApi";
import { FakeWebSocket } from "@/test/fakeWebSocket";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";
import { AGENT_ID, agentsPage, conversation, message, META_SESSION_ID, page, SESSIONS } from "./fixtures";
import type { Conversation, Message } from "./model";

const CONV = conversation(1, { unreadCount: 2 });

function routes(options: { conversations?: Conversation[]; messages?: Message[]; conv?: Conversation } = {}) {
  const list = options.conversations ?? [CONV, conversation(2), conversation(3, { contactName: "Maria Souza" })];
  const conv = options.conv ?? CONV;
  return {
    ...defaultRoutes("admin"),
    "GET /api/v1/conversations": (request: Request) => {
      const search = new URL(request.url).searchParams.get("search");
      const items = search ? list.filter((c) => c.contactName?.includes(search)) : list;
      return json(page(items));
    },
    "GET /api/v1/sessions": () => json(SESSIONS),
    "GET /api/v1/agents/list": () => json(agentsPage()),
    [`GET /api/v1/conversations/${conv.id}`]: () => json(conv),
    [`GET /api/v1/conversations/${conv.id}/messages`]: () =>
      json({ items: [...(options.messages ?? defaultMessages())].reverse(), nextCursor: null }),
    [`POST /api/v1/conversations/${conv.id}/read`]: () => json({ ...conv, unreadCount: 0 }),
  };
}

function defaultMessages(): Message[] {
  return [
    message(1, { content: { text: "Olá, quero um orçamento" } }),
    message(2, { direction: "outbound", status: "sent", content: { text: "Enviada" } }),
    message(3, { direction: "outbound", status: "delivered", content: { text: "Entregue" } }),
    message(4, { direction: "outbound", status: "read", content: { text: "Lida" } }),
    message(5, { direction: "outbound", status: "failed", error: "Número sem WhatsApp", content: { text: "Falhou" } }),
    message(6, { direction: "outbound", status: "pending", content: { text: "Na fila" } }),
    message(7, { type: "location", content: { location: { latitude: -23.55, longitude: -46.63, name: "Escritório" } } }),
    message(8, { content: { text: "Sim, esse mesmo", replyTo: { messageId: null, fromMe: true, text: "Quer o plano anual?" } } }),
    message(9, { type: "reaction", content: { reaction: { messageId: message(2).messageId, emoji: "👍" } } }),
  ];
}

function ready() {
  act(() => FakeWebSocket.last().serverSend({ type: "ready", cursor: 1 }));
}

let seq = 10;
function push(type: string, data: Record<string, unknown>) {
  seq += 1;
  act(() =>
    FakeWebSocket.last().serverSend({ id: `evt_${seq}`, seq, type, createdAt: new Date().toISOString(), data }),
  );
}

function bubble(text: string) {
  return screen.getByText(text).closest("[data-testid=bubble]") as HTMLElement;
}

describe("Conversas: lista", () => {
  it("lista as conversas com não lidas, prévia e número; a busca filtra pela API", async () => {
    const fake = installFakes(routes());
    await signIn();
    const user = userEvent.setup();
    renderApp("/conversas");
    // O primeiro teste também paga o carregamento preguiçoso da tela.
    const rows = await screen.findAllByTestId("conversation-row");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveAccessibleName("Cliente 1, 2 não lidas");
    expect(rows[0]).toHaveTextContent("Mensagem 1");
    expect(rows[0]).toHaveTextContent("Vendas · Sandbox");
    // Tela estreita (o jsdom não tem largura): só a lista, sem o painel do fio.
    expect(screen.queryByRole("region", { name: "Conversa aberta" })).not.toBeInTheDocument();

    await user.type(screen.getByRole("searchbox", { name: "Buscar conversa" }), "Maria");
    await waitFor(() => expect(screen.getAllByTestId("conversation-row")).toHaveLength(1));
    expect(screen.getByTestId("conversation-row")).toHaveTextContent("Maria Souza");
    expect(fake.calls.some((c) => c.path === "/api/v1/conversations" && c.headers)).toBe(true);
    const searched = fake.fetch.mock.calls
      .map(([input]) => (input instanceof Request ? input.url : String(input)))
      .filter((url) => url.includes("search=Maria"));
    expect(searched.length).toBeGreaterThan(0);
  });

  it("busca sem resultado mostra o estado vazio", async () => {
    installFakes(routes({ conversations: [] }));
    await signIn();
    renderApp("/conversas");
    expect(await screen.findByText("Nenhuma conversa ainda")).toBeInTheDocument();
  });

  it("mensagem nova de outra conversa sobe a conversa para o topo, com a prévia e a não lida", async () => {
    const list = [CONV, conversation(2), conversation(3, { contactName: "Maria Souza" })];
    installFakes(routes({ conversations: list }));
    await signIn();
    renderApp("/conversas");
    await screen.findAllByTestId("conversation-row");
    ready();
    const third = list[2]!;
    // O servidor também: a recarga que o evento dispara devolve a mesma ordem.
    list.unshift({ ...list.pop()!, lastMessagePreview: "Chegou agora", unreadCount: 1 });
    push("message.created", {
      ...message(50, { conversationId: third.id, content: { text: "Chegou agora" } }),
      timestamp: new Date().toISOString(),
    });
    await waitFor(() => expect(screen.getAllByTestId("conversation-row")[0]).toHaveTextContent("Chegou agora"));
    expect(screen.getAllByTestId("conversation-row")[0]).toHaveAccessibleName("Maria Souza, 1 não lidas");
  });
});

describe("Conversas: fio", () => {
  it("mostra bolhas com hora, tiques, falha com o motivo, localização, citação e reação; marca como lida", async () => {
    const fake = installFakes(routes());
    await signIn();
    renderApp(`/conversas/${CONV.id}`);
    expect(await screen.findByText("Olá, quero um orçamento")).toBeInTheDocument();
    expect(bubble("Olá, quero um orçamento")).toHaveTextContent(/\d\d:\d\d/);
    expect(within(bubble("Enviada")).getByRole("img", { name: "Enviada" })).toHaveAttribute("data-status", "sent");
    expect(within(bubble("Entregue")).getByRole("img", { name: "Entregue" })).toBeInTheDocument();
    expect(within(bubble("Lida")).getByRole("img", { name: "Lida" })).toBeInTheDocument();
    expect(within(bubble("Falhou")).getByRole("img", { name: "Falhou: Número sem WhatsApp" })).toBeInTheDocument();
    expect(bubble("Falhou")).toHaveTextContent("Número sem WhatsApp");
    expect(within(bubble("Na fila")).getByRole("img", { name: "Na fila" })).toBeInTheDocument();
    const map = screen.getByRole("link", { name: "Ver no mapa (OpenStreetMap)" });
    expect(map.getAttribute("href")).toContain("openstreetmap.org/?mlat=-23.55&mlon=-46.63");
    expect(bubble("Sim, esse mesmo")).toHaveTextContent("Quer o plano anual?");
    expect(within(bubble("Enviada")).getByLabelText("Reação 👍")).toBeInTheDocument();
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/conversations/${CONV.id}/read`)).toHaveLength(1));
  });

  it("mensagem recebida e mudança de tiques chegam pelo WebSocket, sem recarregar", async () => {
    // O "servidor" também muda: a recarga que o evento dispara (invalidação) devolve o mesmo estado.
    const server = defaultMessages();
    installFakes(routes({ messages: server }));
    await signIn();
    renderApp(`/conversas/${CONV.id}`);
    await screen.findByText("Enviada");
    ready();
    const live = message(60, { content: { text: "Mensagem ao vivo" } });
    server.push(live);
    push("message.created", { ...live, timestamp: new Date().toISOString() });
    expect(await screen.findByText("Mensagem ao vivo")).toBeInTheDocument();
    server[1]!.status = "delivered";
    push("message.status", { messageId: message(2).messageId, status: "delivered" });
    await waitFor(() =>
      expect(within(bubble("Enviada")).getByRole("img", { name: "Entregue" })).toBeInTheDocument(),
    );
    server[1]!.status = "read";
    push("message.status", { messageId: message(2).messageId, status: "read" });
    await waitFor(() => expect(within(bubble("Enviada")).getByRole("img", { name: "Lida" })).toBeInTheDocument());
    // Um recibo atrasado não faz o tique voltar.
    push("message.status", { messageId: message(2).messageId, status: "delivered" });
    expect(within(bubble("Enviada")).getByRole("img", { name: "Lida" })).toBeInTheDocument();
  });

  it("Enter envia o texto pela sessão da conversa; Shift+Enter quebra a linha; erro aparece junto do compositor", async () => {
    let sends = 0;
    const fake = installFakes({
      ...routes(),
      "POST /api/v1/messages/text": () => {
        sends += 1;
        if (sends === 2) {
          return json(
            { type: "x", title: "Erro", status: 422, code: "validacao", detail: "O número não é válido.", errors: [] },
            422,
          );
        }
        return json({ messageId: message(70).messageId, status: "pending", provider: "sandbox", timestamp: new Date().toISOString() }, 202);
      },
    });
    await signIn();
    const user = userEvent.setup();
    renderApp(`/conversas/${CONV.id}`);
    const box = await screen.findByRole("textbox", { name: "Mensagem" });
    await user.type(box, "Primeira linha{Shift>}{Enter}{/Shift}segunda");
    expect(box).toHaveValue("Primeira linha\nsegunda");
    await user.type(box, "{Enter}");
    await waitFor(() => expect(fake.callsTo("POST /api/v1/messages/text")).toHaveLength(1));
    const body = JSON.parse(fake.callsTo("POST /api/v1/messages/text")[0]!.body);
    expect(body).toMatchObject({ to: CONV.contactNumber, sessionId: CONV.sessionId, content: "Primeira linha\nsegunda" });
    await waitFor(() => expect(box).toHaveValue(""));
    const sent = document.querySelector(`[data-message-id="${message(70).messageId}"]`) as HTMLElement;
    expect(sent).toHaveTextContent("Primeira linha segunda");
    expect(within(sent).getByRole("img", { name: "Na fila" })).toBeInTheDocument();

    await user.type(box, "outra{Enter}");
    expect(await screen.findByText("O número não é válido.")).toBeInTheDocument();
    expect(box).toHaveValue("outra");
  });

  it("bot: atribui agente, pausa (passa para atendente), retoma, desliga; ai.handoff atualiza o estado", async () => {
    const state = { agentId: null as string | null, botState: null as string | null };
    const result = () => json({ conversationId: CONV.id, agentId: state.agentId, botState: state.botState });
    const fake = installFakes({
      ...routes(),
      [`GET /api/v1/conversations/${CONV.id}`]: () =>
        json({ ...CONV, assignedAgentId: state.agentId, botState: state.botState }),
      [`POST /api/v1/agents/${AGENT_ID}/assign-conversation`]: () => {
        Object.assign(state, { agentId: AGENT_ID, botState: "active" });
        return result();
      },
      [`POST /api/v1/agents/${AGENT_ID}/pause-conversation`]: () => {
        state.botState = "handoff";
        return result();
      },
      [`POST /api/v1/agents/${AGENT_ID}/resume-conversation`]: () => {
        state.botState = "active";
        return result();
      },
      [`POST /api/v1/agents/${AGENT_ID}/unassign-conversation`]: () => {
        Object.assign(state, { agentId: null, botState: null });
        return result();
      },
    });
    await signIn();
    const user = userEvent.setup();
    renderApp(`/conversas/${CONV.id}`);
    const badge = await screen.findByTestId("bot-state");
    expect(badge).toHaveTextContent("Bot desligado");
    await user.click(screen.getByRole("combobox", { name: "Agente da conversa" }));
    await user.click(await screen.findByRole("option", { name: "Atendente Virtual", hidden: true }));
    await waitFor(() => expect(screen.getByTestId("bot-state")).toHaveTextContent("Bot ativo"));
    expect(JSON.parse(fake.callsTo(`POST /api/v1/agents/${AGENT_ID}/assign-conversation`)[0]!.body)).toEqual({
      conversationId: CONV.id,
    });

    await user.click(screen.getByRole("button", { name: "Ações do bot" }));
    await user.click(await screen.findByRole("menuitem", { name: "Passar para atendente (pausar)", hidden: true }));
    await waitFor(() => expect(screen.getByTestId("bot-state")).toHaveTextContent("Com atendente"));

    await user.click(screen.getByRole("button", { name: "Ações do bot" }));
    await user.click(await screen.findByRole("menuitem", { name: "Retomar o bot", hidden: true }));
    await waitFor(() => expect(screen.getByTestId("bot-state")).toHaveTextContent("Bot ativo"));

    ready();
    state.botState = "handoff";
    push("ai.handoff", { conversationId: CONV.id, agentId: AGENT_ID, reason: "keyword" });
    await waitFor(() => expect(screen.getByTestId("bot-state")).toHaveTextContent("Com atendente"));
    state.botState = "active";
    push("ai.resumed", { conversationId: CONV.id, agentId: AGENT_ID });
    await waitFor(() => expect(screen.getByTestId("bot-state")).toHaveTextContent("Bot ativo"));

    await user.click(screen.getByRole("button", { name: "Ações do bot" }));
    await user.click(await screen.findByRole("menuitem", { name: "Desligar o bot", hidden: true }));
    await waitFor(() => expect(screen.getByTestId("bot-state")).toHaveTextContent("Bot desligado"));
    expect(fake.callsTo(`POST /api/v1/agents/${AGENT_ID}/unassign-conversation`)).toHaveLength(1);
  });

  it("número da Meta fora da janela de 24 h: só template, com as variáveis", async () => {
    const meta = conversation(1, { sessionId: META_SESSION_ID, lastInboundAt: "2026-11-01T10:00:00Z" });
    const fake = installFakes({
      ...routes({ conv: meta, conversations: [meta] }),
      [`GET /api/v1/sessions/${META_SESSION_ID}/templates`]: () =>
        json({
          items: [
            {
              name: "confirmacao_pedido",
              language: "pt_BR",
              status: "APPROVED",
              category: "UTILITY",
              components: [{ type: "BODY", text: "Olá, {{1}}! Pedido {{2}} confirmado." }],
            },
          ],
        }),
      "POST /api/v1/messages/send": () =>
        json({ messageId: message(80).messageId, status: "pending", provider: "meta_api", timestamp: new Date().toISOString() }, 202),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp(`/conversas/${meta.id}`);
    expect(await screen.findByText("Fora da janela de 24 horas")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "Mensagem" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("combobox", { name: "Template" }));
    await user.click(await screen.findByRole("option", { name: "confirmacao_pedido (pt_BR)", hidden: true }));
    await user.type(screen.getByRole("textbox", { name: "Variável {{1}}" }), "Maria");
    await user.type(screen.getByRole("textbox", { name: "Variável {{2}}" }), "#1234");
    await user.click(screen.getByRole("button", { name: "Enviar template" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/messages/send")).toHaveLength(1));
    expect(JSON.parse(fake.callsTo("POST /api/v1/messages/send")[0]!.body)).toMatchObject({
      type: "template",
      sessionId: META_SESSION_ID,
      content: {
        name: "confirmacao_pedido",
        language: "pt_BR",
        components: [{ type: "body", parameters: [{ type: "text", text: "Maria" }, { type: "text", text: "#1234" }] }],
      },
    });
  });

  it("anexo: o clipe mostra o arquivo com legenda; enviar sobe em /media e envia pela rota de mídia com o mediaId", async () => {
    const fake = installFakes({
      ...routes(),
      "POST /api/v1/media": () =>
        json({ id: "0b6f0000-0000-4000-8000-000000000001", mimeType: "application/pdf", size: 4, sha256: "x", filename: "proposta.pdf", createdAt: "2026-12-01T12:00:00Z" }, 201),
      "POST /api/v1/messages/media": () =>
        json({ messageId: message(90).messageId, status: "pending", provider: "sandbox", timestamp: new Date().toISOString() }, 202),
    });
    await signIn();
    renderApp(`/conversas/${CONV.id}`);
    await screen.findByText("Enviada");
    // O <input> do clipe (o do arrastar-e-soltar não tem `accept`).
    const input = document.querySelector('input[type="file"][accept]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(["%PDF"], "proposta.pdf", { type: "application/pdf" })] } });
    const chip = await screen.findByRole("group", { name: "Anexo" });
    expect(chip).toHaveTextContent("proposta.pdf");
    expect(fake.callsTo("POST /api/v1/media")).toHaveLength(0);
    fireEvent.change(screen.getByRole("textbox", { name: "Legenda" }), { target: { value: "Segue a proposta" } });
    fireEvent.click(screen.getByRole("button", { name: "Enviar anexo" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/messages/media")).toHaveLength(1));
    const sent = fake.callsTo("POST /api/v1/messages/media")[0]!.body;
    expect(sent).toContain("0b6f0000-0000-4000-8000-000000000001");
    expect(sent).toContain("document");
    expect(sent).toContain("Segue a proposta");
    await waitFor(() => expect(screen.queryByRole("group", { name: "Anexo" })).not.toBeInTheDocument());
    expect(screen.getByRole("textbox", { name: "Mensagem" })).toHaveValue("");
  });
});
