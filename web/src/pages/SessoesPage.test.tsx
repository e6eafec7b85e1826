import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { FakeWebSocket } from "@/test/fakeWebSocket";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

const PROVIDERS = [
  { type: "sandbox", name: "Sandbox", available: true, capabilities: ["text"] },
  { type: "baileys", name: "Baileys", available: true, capabilities: ["text"] },
  { type: "meta_api", name: "Meta", available: true, capabilities: ["text", "templates"] },
];

function session(overrides: Record<string, unknown> = {}) {
  return {
    id: "5e55a0a0-0000-4000-8000-000000000001",
    phoneNumber: "5511999991234",
    provider: "sandbox",
    name: "Vendas",
    status: "connected",
    qrCode: null,
    pairingCode: null,
    accountNumber: null,
    profileName: null,
    qualityRating: null,
    lastError: null,
    isActive: true,
    connectedAt: "2026-12-01T12:00:00Z",
    statusChangedAt: "2026-12-01T12:00:00Z",
    config: {},
    createdAt: "2026-12-01T12:00:00Z",
    updatedAt: "2026-12-01T12:00:00Z",
    ...overrides,
  };
}

function page(items: unknown[]) {
  return json({ items, total: items.length, page: 1, pageSize: 100 });
}

async function openConnect(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("button", { name: "Conectar número" }));
  return screen.findByRole("dialog", { name: "Conectar número" });
}

describe("Sessões", () => {
  it("lista os números com provedor, situação em pt-BR e qualidade da Meta", async () => {
    installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () =>
        page([
          session(),
          session({
            id: "5e55a0a0-0000-4000-8000-000000000002",
            phoneNumber: "5511930000000",
            provider: "meta_api",
            name: "Atendimento",
            qualityRating: "GREEN",
          }),
          session({
            id: "5e55a0a0-0000-4000-8000-000000000003",
            phoneNumber: "5521988887777",
            provider: "baileys",
            name: "Loja",
            status: "failed",
            lastError: "Sessão encerrada no celular.",
          }),
        ]),
    });
    await signIn();
    renderApp("/sessoes");
    const table = await screen.findByRole("table", { name: "Números conectados" });
    const meta = within(table).getByText("Atendimento").closest("tr")!;
    expect(meta).toHaveTextContent("Meta (API oficial)");
    expect(meta).toHaveTextContent("Conectado");
    expect(meta).toHaveTextContent("Alta");
    expect(within(table).getByText("Loja").closest("tr")).toHaveTextContent("FalhouSessão encerrada no celular.");
    expect(within(table).getByText("Vendas").closest("tr")).toHaveTextContent("+55 (11) 99999-1234");
    expect(screen.getByRole("button", { name: "Simular mensagem do cliente para Vendas" })).toBeInTheDocument();
  });

  it("papel user não vê Conectar nem Desconectar", async () => {
    installFakes({ ...defaultRoutes("user"), "GET /api/v1/sessions": () => page([session()]) });
    await signIn();
    renderApp("/sessoes");
    await screen.findByRole("table", { name: "Números conectados" });
    expect(screen.queryByRole("button", { name: "Conectar número" })).toBeNull();
    expect(screen.queryByRole("button", { name: /Desconectar/ })).toBeNull();
    expect(screen.queryByRole("button", { name: /Reconectar/ })).toBeNull();
  });

  it("lista vazia convida a conectar", async () => {
    installFakes({ ...defaultRoutes("admin"), "GET /api/v1/sessions": () => page([]) });
    await signIn();
    renderApp("/sessoes");
    expect(await screen.findByText("Nenhum número conectado")).toBeInTheDocument();
  });

  it("só oferece provedores disponíveis; valida no navegador e põe os erros da API nos campos", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () => page([]),
      "GET /api/v1/sessions/providers": () => json([PROVIDERS[0], { ...PROVIDERS[1], available: false }]),
      "POST /api/v1/sessions/initialize": () =>
        problem(422, "validacao", "Confira os campos.", {
          errors: [{ field: "phoneNumber", message: "DDD inexistente", location: "body" }],
        }),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/sessoes");
    const dialog = await openConnect(user);
    expect(await within(dialog).findByRole("radio", { name: "Sandbox (simulado)" })).toBeInTheDocument();
    expect(within(dialog).queryByRole("radio", { name: /Baileys/ })).toBeNull();

    await user.click(within(dialog).getByRole("button", { name: "Conectar" }));
    expect(await within(dialog).findByText("Escolha o provedor")).toBeInTheDocument();
    expect(within(dialog).getByText("Informe o número com DDD (ex.: 11 99999-1234)")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/sessions/initialize")).toHaveLength(0);

    await user.click(within(dialog).getByRole("radio", { name: "Sandbox (simulado)" }));
    await user.type(within(dialog).getByRole("textbox", { name: /Número do WhatsApp/ }), "00 99999-1234");
    await user.click(within(dialog).getByRole("button", { name: "Conectar" }));
    expect(await within(dialog).findByText("DDD inexistente")).toBeInTheDocument();
    expect(JSON.parse(fake.callsTo("POST /api/v1/sessions/initialize")[0]!.body)).toEqual({
      phoneNumber: "00 99999-1234",
      provider: "sandbox",
      name: null,
      config: {},
    });
  });

  it("sandbox conecta na hora e simula a mensagem do cliente", async () => {
    const created = session({ name: "Teste" });
    let listed: unknown[] = [];
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () => page(listed),
      "GET /api/v1/sessions/providers": () => json(PROVIDERS),
      "GET /api/v1/sessions/status": () => json([created]),
      "POST /api/v1/sessions/initialize": () => {
        listed = [created];
        return json(created);
      },
      "POST /api/v1/sandbox/sessions/5e55a0a0-0000-4000-8000-000000000001/incoming": () =>
        json({ accepted: 1, duplicates: 0, ignored: 0 }, 202),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/sessoes");
    const dialog = await openConnect(user);
    await user.click(await within(dialog).findByRole("radio", { name: "Sandbox (simulado)" }));
    await user.type(within(dialog).getByRole("textbox", { name: /Número do WhatsApp/ }), "11999991234");
    await user.type(within(dialog).getByRole("textbox", { name: /Nome/ }), "Teste");
    await user.click(within(dialog).getByRole("button", { name: "Conectar" }));
    expect(await within(dialog).findByText("O número está pronto para enviar e receber mensagens.")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Concluir" }));

    await user.click(await screen.findByRole("button", { name: "Simular mensagem do cliente para Teste" }));
    const simulate = await screen.findByRole("dialog", { name: "Simular mensagem do cliente" });
    await user.type(within(simulate).getByRole("textbox", { name: /Número do cliente/ }), "11988887777");
    await user.type(within(simulate).getByRole("textbox", { name: /Mensagem/ }), "Olá, tudo bem?");
    await user.click(within(simulate).getByRole("button", { name: "Enviar como cliente" }));
    await waitFor(() =>
      expect(fake.callsTo("POST /api/v1/sandbox/sessions/5e55a0a0-0000-4000-8000-000000000001/incoming")).toHaveLength(1),
    );
    expect(
      JSON.parse(fake.callsTo("POST /api/v1/sandbox/sessions/5e55a0a0-0000-4000-8000-000000000001/incoming")[0]!.body),
    ).toEqual({ from: "11988887777", name: null, type: "text", text: "Olá, tudo bem?" });
  });

  it("Baileys: mostra o QR, troca pelo QR novo e fica Conectado com o evento session.status", async () => {
    const created = session({ provider: "baileys", status: "qr", qrCode: "2@QR-PRIMEIRO", connectedAt: null });
    // O "servidor": o status consultado acompanha os eventos que o teste manda.
    let current: Record<string, unknown> = created;
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () => page([]),
      "GET /api/v1/sessions/providers": () => json(PROVIDERS),
      "GET /api/v1/sessions/status": () => json([current]),
      "POST /api/v1/sessions/initialize": () => json(created),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/sessoes");
    const dialog = await openConnect(user);
    await user.click(await within(dialog).findByRole("radio", { name: "WhatsApp Web (Baileys)" }));
    expect(within(dialog).getByRole("checkbox", { name: /código de pareamento/ })).not.toBeChecked();
    await user.type(within(dialog).getByRole("textbox", { name: /Número do WhatsApp/ }), "11999991234");
    await user.click(within(dialog).getByRole("button", { name: "Conectar" }));

    const qr = await within(dialog).findByRole("img", { name: "QR code para conectar o número" });
    expect(qr.tagName.toLowerCase()).toBe("svg");
    expect(within(dialog).getByTestId("conexao-status")).toHaveTextContent("Aguardando leitura");
    expect(JSON.parse(fake.callsTo("POST /api/v1/sessions/initialize")[0]!.body).config).toEqual({ usePairingCode: false });

    const ws = FakeWebSocket.last();
    const first = qr.innerHTML;
    act(() => ws.serverSend({ type: "ready", cursor: 1 }));
    current = { ...created, qrCode: "2@QR-SEGUNDO-BEM-DIFERENTE" };
    act(() =>
      ws.serverSend({
        id: "evt_2",
        seq: 2,
        type: "session.status",
        createdAt: "2026-12-01T12:00:01Z",
        data: { sessionId: created.id, status: "qr", qrCode: "2@QR-SEGUNDO-BEM-DIFERENTE", pairingCode: null },
      }),
    );
    await waitFor(() =>
      expect(within(dialog).getByRole("img", { name: "QR code para conectar o número" }).innerHTML).not.toBe(first),
    );
    current = { ...created, status: "connected", qrCode: null, profileName: "Loja da Ana", accountNumber: "5511999991234" };
    act(() =>
      ws.serverSend({
        id: "evt_3",
        seq: 3,
        type: "session.status",
        createdAt: "2026-12-01T12:00:02Z",
        data: { sessionId: created.id, status: "connected", qrCode: null, profileName: "Loja da Ana", accountNumber: "5511999991234" },
      }),
    );
    await waitFor(() => expect(within(dialog).getByTestId("conexao-status")).toHaveTextContent("Conectado"));
    expect(within(dialog).getByText(/Loja da Ana/)).toBeInTheDocument();
    expect(within(dialog).queryByRole("img", { name: "QR code para conectar o número" })).toBeNull();
  });

  it("Baileys por código de pareamento mostra o código", async () => {
    const created = session({ provider: "baileys", status: "qr", pairingCode: "ABCD-EFGH" });
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () => page([]),
      "GET /api/v1/sessions/providers": () => json(PROVIDERS),
      "GET /api/v1/sessions/status": () => json([created]),
      "POST /api/v1/sessions/initialize": () => json(created),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/sessoes");
    const dialog = await openConnect(user);
    await user.click(await within(dialog).findByRole("radio", { name: "WhatsApp Web (Baileys)" }));
    await user.click(within(dialog).getByRole("checkbox", { name: /código de pareamento/ }));
    await user.type(within(dialog).getByRole("textbox", { name: /Número do WhatsApp/ }), "11999991234");
    await user.click(within(dialog).getByRole("button", { name: "Conectar" }));
    expect(await within(dialog).findByTestId("codigo-pareamento")).toHaveTextContent("ABCD-EFGH");
    expect(JSON.parse(fake.callsTo("POST /api/v1/sessions/initialize")[0]!.body).config).toEqual({ usePairingCode: true });
  });

  it("Meta: valida as credenciais e mostra a URL do webhook e o token de verificação", async () => {
    const created = session({ provider: "meta_api", status: "connected", qualityRating: "GREEN", profileName: "Loja" });
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () => page([]),
      "GET /api/v1/sessions/providers": () => json(PROVIDERS),
      "GET /api/v1/sessions/status": () => json([created]),
      "POST /api/v1/sessions/initialize": () => json(created),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/sessoes");
    const dialog = await openConnect(user);
    await user.click(await within(dialog).findByRole("radio", { name: "Meta (API oficial)" }));
    await user.type(within(dialog).getByRole("textbox", { name: /Número do WhatsApp/ }), "11930000000");
    await user.type(within(dialog).getByRole("textbox", { name: /Id do número/ }), "abc");
    await user.click(within(dialog).getByRole("button", { name: "Conectar" }));
    expect(await within(dialog).findByText("O id do número tem só dígitos (5 a 30)")).toBeInTheDocument();
    expect(within(dialog).getByText("Cole o token de acesso completo (sem espaços)")).toBeInTheDocument();
    expect(within(dialog).getByText("A chave secreta tem pelo menos 16 caracteres")).toBeInTheDocument();
    expect(within(dialog).getByText("Invente um texto de 8 a 200 caracteres")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/sessions/initialize")).toHaveLength(0);

    await user.clear(within(dialog).getByRole("textbox", { name: /Id do número/ }));
    await user.type(within(dialog).getByRole("textbox", { name: /Id do número/ }), "109876543210987");
    // Credenciais vêm coladas do painel da Meta (e digitar 70 teclas no jsdom leva minutos numa máquina carregada).
    await user.click(within(dialog).getByLabelText(/Token de acesso/));
    await user.paste("EAAGtokendeacessobemlongo123");
    await user.click(within(dialog).getByLabelText(/Chave secreta do app/));
    await user.paste("3f1c0123456789abcdef");
    await user.click(within(dialog).getByRole("textbox", { name: /Token de verificação do webhook/ }));
    await user.paste("meu-token-secreto");
    await user.click(within(dialog).getByRole("button", { name: "Conectar" }));

    expect(await within(dialog).findByTestId("meta-webhook-url")).toHaveValue(`${window.location.origin}/api/v1/webhooks/meta`);
    expect(within(dialog).getByTestId("meta-verify-token")).toHaveValue("meu-token-secreto");
    expect(within(dialog).getByRole("button", { name: "Copiar url de retorno" })).toBeInTheDocument();
    expect(JSON.parse(fake.callsTo("POST /api/v1/sessions/initialize")[0]!.body)).toEqual({
      phoneNumber: "11930000000",
      provider: "meta_api",
      name: null,
      config: {
        phoneNumberId: "109876543210987",
        accessToken: "EAAGtokendeacessobemlongo123",
        appSecret: "3f1c0123456789abcdef",
        verifyToken: "meu-token-secreto",
      },
    });
  });

  it("Desconectar pede confirmação e chama a API", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () => page([session()]),
      "DELETE /api/v1/sessions/disconnect": () => json(session({ status: "disconnected" })),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/sessoes");
    await user.click(await screen.findByRole("button", { name: "Desconectar Vendas" }));
    const dialog = await screen.findByRole("dialog", { name: "Desconectar número" });
    expect(fake.callsTo("DELETE /api/v1/sessions/disconnect")).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Desconectar" }));
    await waitFor(() => expect(fake.callsTo("DELETE /api/v1/sessions/disconnect")).toHaveLength(1));
  });

  it("Reconectar usa a configuração guardada e, no Baileys sem credenciais, abre o QR", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () => page([session({ provider: "baileys", name: "Loja", status: "logged_out" })]),
      "POST /api/v1/sessions/5e55a0a0-0000-4000-8000-000000000001/reconnect": () =>
        json(session({ provider: "baileys", name: "Loja", status: "qr", qrCode: "2@QR-NOVO" })),
      "GET /api/v1/sessions/status": () => json([session({ provider: "baileys", name: "Loja", status: "qr", qrCode: "2@QR-NOVO" })]),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/sessoes");
    expect(await screen.findByRole("button", { name: "Reconectar Loja" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Desconectar Loja" })).toBeNull();
    await user.click(screen.getByRole("button", { name: "Reconectar Loja" }));
    const dialog = await screen.findByRole("dialog", { name: "Conexão do número" });
    expect(within(dialog).getByRole("img", { name: "QR code para conectar o número" })).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/sessions/5e55a0a0-0000-4000-8000-000000000001/reconnect")).toHaveLength(1);
  });

  it("Ver conexão de um número aguardando leitura abre o QR", async () => {
    const waiting = session({ provider: "baileys", name: "Loja", status: "qr", qrCode: "2@QR-DA-LISTA" });
    installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/sessions": () => page([waiting]),
      "GET /api/v1/sessions/status": () => json([waiting]),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/sessoes");
    await user.click(await screen.findByRole("button", { name: "Ver conexão de Loja" }));
    const dialog = await screen.findByRole("dialog", { name: "Conexão do número" });
    expect(within(dialog).getByRole("img", { name: "QR code para conectar o número" })).toBeInTheDocument();
  });
});
