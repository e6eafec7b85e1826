import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { FakeWebSocket } from "@/test/fakeWebSocket";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

const BULK_ID = "b0b0a0a0-0000-4000-8000-000000000001";
const CSV = "telefone;nome;pedido\n11 99999-1234;Maria;#1\nabc;João;#2\n21988887777;Ana;#3\n31977776666;Zé;#4\n41966665555;Bia;#5\n";

function progress(overrides: Record<string, unknown> = {}) {
  return {
    bulkId: BULK_ID,
    status: "dispatching",
    type: "text",
    total: 4,
    created: 4,
    pending: 4,
    sent: 0,
    delivered: 0,
    read: 0,
    failed: 0,
    createdAt: "2026-12-01T12:00:00Z",
    completedAt: null,
    ...overrides,
  };
}

function bulkPage(items: unknown[]) {
  return json({ items, total: items.length, page: 1, pageSize: 10 });
}

function sessionsPage() {
  return json({
    items: [
      {
        id: "5e55a0a0-0000-4000-8000-000000000001",
        phoneNumber: "5511900001111",
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
        connectedAt: null,
        statusChangedAt: null,
        config: {},
        createdAt: "2026-12-01T12:00:00Z",
        updatedAt: "2026-12-01T12:00:00Z",
      },
    ],
    total: 1,
    page: 1,
    pageSize: 100,
  });
}

async function chooseCsv(user: ReturnType<typeof userEvent.setup>, text: string | Uint8Array<ArrayBuffer>) {
  const file = new File([text], "contatos.csv", { type: "text/csv" });
  const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
  await user.upload(input, file);
}

describe("Envio em massa", () => {
  it("lê o CSV, mostra variáveis, linhas inválidas e a prévia; envia e acompanha o progresso até o fim", async () => {
    let listed: unknown[] = [];
    const fake = installFakes({
      ...defaultRoutes("user"),
      "GET /api/v1/sessions": () => sessionsPage(),
      "POST /api/v1/messages/send-bulk": () => {
        listed = [progress()];
        return json({ bulkId: BULK_ID, status: "queued", total: 5, duplicatesRemoved: 1 }, 202);
      },
      "GET /api/v1/messages/bulk": () => bulkPage(listed),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/envio-em-massa");
    await screen.findByRole("heading", { level: 1, name: "Envio em massa" });
    expect(screen.getByRole("button", { name: "Enviar" })).toBeDisabled();
    expect(await screen.findByText("Nenhum envio em massa ainda")).toBeInTheDocument();

    await chooseCsv(user, CSV);
    expect(await screen.findByTestId("resumo-csv")).toHaveTextContent("4 destinatários válidos · 1 com telefone inválido");
    const invalid = screen.getByRole("table", { name: "Linhas com telefone inválido" });
    expect(within(invalid).getByText("abc").closest("tr")).toHaveTextContent("3abctem letras ou símbolos");

    await user.click(screen.getByRole("button", { name: "Inserir variável nome" }));
    // O foco volta para a mensagem no quadro seguinte (requestAnimationFrame), com o cursor depois da variável.
    await waitFor(() => expect(screen.getByRole("textbox", { name: /Mensagem/ })).toHaveFocus());
    await user.paste(", pedido {{pedido}} {{cupom}}");
    expect(screen.getByRole("textbox", { name: /Mensagem/ })).toHaveValue("{{nome}}, pedido {{pedido}} {{cupom}}");
    expect(screen.getByText(/vão chegar como estão escritas/)).toHaveTextContent("{{cupom}}");
    const preview = screen.getByTestId("previa");
    expect(within(preview).getAllByRole("article")).toHaveLength(3);
    expect(within(preview).getByRole("article", { name: "Prévia para +55 (11) 99999-1234" })).toHaveTextContent(
      "Maria, pedido #1 {{cupom}}",
    );

    await user.click(screen.getAllByLabelText(/Número de envio/)[0]!);
    await user.click(await screen.findByRole("option", { name: /Vendas/, hidden: true }));
    await user.click(screen.getByRole("button", { name: "Enviar para 4 destinatários" }));

    const card = await screen.findByTestId("progresso-massa");
    const request = fake.callsTo("POST /api/v1/messages/send-bulk")[0]!;
    expect(request.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(JSON.parse(request.body)).toEqual({
      type: "text",
      content: "{{nome}}, pedido {{pedido}} {{cupom}}",
      provider: "auto",
      sessionId: "5e55a0a0-0000-4000-8000-000000000001",
      recipients: [
        { to: "11 99999-1234", variables: { nome: "Maria", pedido: "#1" } },
        { to: "21988887777", variables: { nome: "Ana", pedido: "#3" } },
        { to: "31977776666", variables: { nome: "Zé", pedido: "#4" } },
        { to: "41966665555", variables: { nome: "Bia", pedido: "#5" } },
      ],
    });
    expect(await within(card).findByText("0 de 4 processadas (0%)")).toBeInTheDocument();
    expect(within(card).getByTestId("massa-status")).toHaveTextContent("Enviando");
    expect(screen.getByText("1 números repetidos recebem uma vez só.")).toBeInTheDocument();

    // O evento traz o progresso inteiro: o cartão muda na hora, com o conteúdo do evento (a lista falsa continua
    // devolvendo o progresso antigo, então só o evento explica o 100%).
    const done = progress({ status: "completed", pending: 0, sent: 1, delivered: 1, read: 1, failed: 1, completedAt: "2026-12-01T12:00:05Z" });
    // A primeira conexão recarrega o que depende do tempo real (a lista também): espera essa recarga passar.
    const ws = FakeWebSocket.last();
    const beforeReady = fake.callsTo("GET /api/v1/messages/bulk").length;
    act(() => ws.serverSend({ type: "ready", cursor: 1 }));
    await waitFor(() => expect(fake.callsTo("GET /api/v1/messages/bulk").length).toBeGreaterThan(beforeReady));
    expect(await within(card).findByText("0 de 4 processadas (0%)")).toBeInTheDocument();
    const lists = fake.callsTo("GET /api/v1/messages/bulk").length;
    act(() =>
      ws.serverSend({ id: "evt_2", seq: 2, type: "bulk.progress", createdAt: "2026-12-01T12:00:05Z", data: done }),
    );
    expect(await within(card).findByText("4 de 4 processadas (100%)")).toBeInTheDocument();
    expect(fake.callsTo("GET /api/v1/messages/bulk")).toHaveLength(lists);
    // Um envio que a lista ainda não tem (de outra aba ou da API) faz buscá-la de novo.
    const other = progress({ bulkId: "b0b0a0a0-0000-4000-8000-000000000002", total: 2, created: 0, pending: 0 });
    listed = [other, done];
    act(() =>
      ws.serverSend({ id: "evt_3", seq: 3, type: "bulk.progress", createdAt: "2026-12-01T12:00:06Z", data: other }),
    );
    expect(await screen.findByText(/2 destinatários$/)).toBeInTheDocument();
    expect(fake.callsTo("GET /api/v1/messages/bulk")).toHaveLength(lists + 1);
    expect(within(card).getByTestId("massa-status")).toHaveTextContent("Concluído");
    expect(within(card).getByTestId("massa-enviadas")).toHaveTextContent("3");
    expect(within(card).getByTestId("massa-falharam")).toHaveTextContent("1");
    expect(within(card).getByTestId("massa-pendentes")).toHaveTextContent("0");
  });

  it("lê CSV em Latin-1 separado por vírgula", async () => {
    installFakes({
      ...defaultRoutes("user"),
      "GET /api/v1/sessions": () => sessionsPage(),
      "GET /api/v1/messages/bulk": () => bulkPage([]),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/envio-em-massa");
    await screen.findByRole("heading", { level: 1, name: "Envio em massa" });
    const bytes = new Uint8Array([...new TextEncoder().encode("fone,nome\n11999991234,Jo"), 0xe3, 0x6f, 0x0a]);
    await chooseCsv(user, bytes);
    expect(await screen.findByTestId("resumo-csv")).toHaveTextContent("1 destinatário válido");
    await user.click(screen.getByRole("textbox", { name: /Mensagem/ }));
    await user.paste("Oi {{nome}}");
    expect(screen.getByTestId("previa")).toHaveTextContent("Oi João");
  });

  it("mensagem vazia fica no campo; erro por destinatário da API aponta a linha do CSV", async () => {
    const fake = installFakes({
      ...defaultRoutes("user"),
      "GET /api/v1/sessions": () => sessionsPage(),
      "GET /api/v1/messages/bulk": () => bulkPage([]),
      "POST /api/v1/messages/send-bulk": () =>
        problem(422, "validacao", "1 destinatário com conteúdo inválido.", {
          errors: [{ field: "recipients.1", message: "Número inválido para o Brasil", location: "body" }],
        }),
    });
    await signIn();
    const user = userEvent.setup();
    renderApp("/envio-em-massa");
    await screen.findByRole("heading", { level: 1, name: "Envio em massa" });
    await chooseCsv(user, CSV);
    await screen.findByTestId("resumo-csv");
    await user.click(screen.getByRole("button", { name: "Enviar para 4 destinatários" }));
    expect(await screen.findByText("Escreva a mensagem")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/messages/send-bulk")).toHaveLength(0);

    await user.type(screen.getByRole("textbox", { name: /Mensagem/ }), "Olá");
    await user.click(screen.getByRole("button", { name: "Enviar para 4 destinatários" }));
    const alert = (await screen.findByText("O envio não foi aceito")).closest<HTMLElement>('[role="alert"]')!;
    expect(alert).toHaveTextContent("Linha 4 (21988887777): Número inválido para o Brasil");
  });
});
