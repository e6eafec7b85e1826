// Arrastar-e-soltar anexos no fio, Responder (citação) e reações pelo menu da bolha.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";
import { agentsPage, conversation, message, page, SESSIONS } from "./fixtures";

const CONV = conversation(1);
const MEDIA_ID = "0b6f0000-0000-4000-8000-0000000000bb";
const INBOUND = message(5, { content: { text: "Vocês entregam no sábado?" } });
const PENDING = message(6, { direction: "outbound", status: "pending", providerMessageId: null, content: { text: "Na fila" } });

function accepted(index: number) {
  return json({ messageId: message(index).messageId, status: "pending", provider: "sandbox", timestamp: new Date().toISOString() }, 202);
}

function routes(extra: Record<string, (request: Request) => Response> = {}) {
  return {
    ...defaultRoutes("admin"),
    "GET /api/v1/conversations": () => json(page([CONV])),
    "GET /api/v1/sessions": () => json(SESSIONS),
    "GET /api/v1/agents/list": () => json(agentsPage()),
    [`GET /api/v1/conversations/${CONV.id}`]: () => json(CONV),
    [`GET /api/v1/conversations/${CONV.id}/messages`]: () => json({ items: [PENDING, INBOUND], nextCursor: null }),
    "POST /api/v1/media": () =>
      json({ id: MEDIA_ID, mimeType: "image/png", size: 4, sha256: "x", filename: "foto.png", createdAt: "2026-12-01T12:00:00Z" }, 201),
    "POST /api/v1/messages/media": () => accepted(90),
    "POST /api/v1/messages/text": () => accepted(91),
    "POST /api/v1/messages/reaction": () => accepted(92),
    ...extra,
  };
}

/** Solta arquivos como o navegador faz (o react-dropzone lê `dataTransfer.items` e `files`). */
function drop(target: HTMLElement, files: File[]) {
  const dataTransfer = {
    files,
    items: files.map((file) => ({ kind: "file", type: file.type, getAsFile: () => file })),
    types: ["Files"],
  };
  fireEvent.dragEnter(target, { dataTransfer });
  fireEvent.drop(target, { dataTransfer });
}

async function openThread() {
  await signIn();
  renderApp(`/conversas/${CONV.id}`);
  return screen.findByText("Vocês entregam no sábado?");
}

function bubbleOf(text: string) {
  return screen.getByText(text).closest("[data-testid=bubble]") as HTMLElement;
}

// Os itens de menu vão com `hidden: true`, como nos outros testes: no jsdom tudo mede 0×0 e o Popover do Mantine
// esconde o menu como "destacado" do botão assim que calcula a posição.
describe("Conversas: arrastar anexo, responder e reagir", () => {
  it("arrastar um arquivo para o fio anexa (prévia, legenda) e envia pela rota de mídia", async () => {
    const fake = installFakes(routes());
    await openThread();
    drop(screen.getByRole("log", { name: "Mensagens" }), [new File(["png"], "foto.png", { type: "image/png" })]);
    const chip = await screen.findByRole("group", { name: "Anexo" });
    expect(chip).toHaveTextContent("foto.png");
    await waitFor(() => expect(screen.getByRole("textbox", { name: "Legenda" })).toHaveFocus());
    const caption = screen.getByRole("textbox", { name: "Legenda" });
    fireEvent.change(caption, { target: { value: "Fachada da loja" } });
    fireEvent.keyDown(caption, { key: "Enter" });
    await waitFor(() => expect(fake.callsTo("POST /api/v1/messages/media")).toHaveLength(1));
    expect(fake.callsTo("POST /api/v1/media")).toHaveLength(1);
    const sent = fake.callsTo("POST /api/v1/messages/media")[0]!.body;
    expect(sent).toContain(MEDIA_ID);
    expect(sent).toContain("image");
    expect(sent).toContain("Fachada da loja");
    await waitFor(() => expect(screen.queryByRole("group", { name: "Anexo" })).not.toBeInTheDocument());
  });

  it("arquivo acima do limite do servidor (16 MB) é recusado com aviso, sem subir nada", async () => {
    const fake = installFakes(routes());
    await openThread();
    const big = new File(["x"], "video-longo.mp4", { type: "video/mp4" });
    Object.defineProperty(big, "size", { value: 20 * 1024 * 1024 });
    drop(screen.getByRole("log", { name: "Mensagens" }), [big]);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("“video-longo.mp4” tem 20 MB e passa do limite de 16 MB para anexos.");
    expect(screen.queryByRole("group", { name: "Anexo" })).not.toBeInTheDocument();
    // O clipe valida igual.
    const input = document.querySelector('input[type="file"][accept]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [big] } });
    expect(screen.queryByRole("group", { name: "Anexo" })).not.toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/media")).toHaveLength(0);
  });

  it("soltar dois arquivos de uma vez pede um por vez", async () => {
    installFakes(routes());
    await openThread();
    drop(screen.getByRole("log", { name: "Mensagens" }), [
      new File(["a"], "a.png", { type: "image/png" }),
      new File(["b"], "b.png", { type: "image/png" }),
    ]);
    expect(await screen.findByRole("alert")).toHaveTextContent("Solte um arquivo por vez.");
    expect(screen.queryByRole("group", { name: "Anexo" })).not.toBeInTheDocument();
  });

  it("Responder mostra a citação acima do compositor, envia com replyTo e a bolha nova sai citando", async () => {
    const fake = installFakes(routes());
    await openThread();
    const user = userEvent.setup();
    // Mensagem ainda na fila (sem id do provedor) não tem ações: o servidor recusaria citar ou reagir.
    expect(within(bubbleOf("Na fila")).queryByRole("button", { name: "Ações da mensagem" })).not.toBeInTheDocument();
    await user.click(within(bubbleOf("Vocês entregam no sábado?")).getByRole("button", { name: "Ações da mensagem" }));
    await user.click(await screen.findByRole("menuitem", { name: "Responder", hidden: true }));
    const quote = screen.getByRole("group", { name: "Resposta" });
    expect(quote).toHaveTextContent("Respondendo a Cliente 1");
    expect(quote).toHaveTextContent("Vocês entregam no sábado?");
    // Cancelar tira a citação; Responder de novo a traz.
    await user.click(within(quote).getByRole("button", { name: "Cancelar resposta" }));
    expect(screen.queryByRole("group", { name: "Resposta" })).not.toBeInTheDocument();
    await user.click(within(bubbleOf("Vocês entregam no sábado?")).getByRole("button", { name: "Ações da mensagem" }));
    await user.click(await screen.findByRole("menuitem", { name: "Responder", hidden: true }));
    const box = screen.getByRole("textbox", { name: "Mensagem" });
    await waitFor(() => expect(box).toHaveFocus());
    fireEvent.change(box, { target: { value: "Sim, das 8h às 12h" } });
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() => expect(fake.callsTo("POST /api/v1/messages/text")).toHaveLength(1));
    const body = JSON.parse(fake.callsTo("POST /api/v1/messages/text")[0]!.body);
    expect(body).toMatchObject({ content: "Sim, das 8h às 12h", replyTo: INBOUND.messageId, sessionId: CONV.sessionId });
    await waitFor(() => expect(screen.queryByRole("group", { name: "Resposta" })).not.toBeInTheDocument());
    const reply = bubbleOf("Sim, das 8h às 12h");
    expect(within(reply).getByLabelText("Mensagem citada")).toHaveTextContent("Vocês entregam no sábado?");
  });

  it("reagir pelo menu chama /messages/reaction e a reação aparece na bolha", async () => {
    const fake = installFakes(routes());
    await openThread();
    const user = userEvent.setup();
    await user.click(within(bubbleOf("Vocês entregam no sábado?")).getByRole("button", { name: "Ações da mensagem" }));
    await user.click(await screen.findByRole("menuitem", { name: "Reagir com ❤️ (coração)", hidden: true }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/messages/reaction")).toHaveLength(1));
    expect(JSON.parse(fake.callsTo("POST /api/v1/messages/reaction")[0]!.body)).toEqual({
      to: CONV.contactNumber,
      sessionId: CONV.sessionId,
      provider: "auto",
      messageId: INBOUND.messageId,
      emoji: "❤️",
    });
    expect(await within(bubbleOf("Vocês entregam no sábado?")).findByLabelText("Reação ❤️")).toBeInTheDocument();
  });

  it("falha ao reagir aparece em pt-BR junto do compositor", async () => {
    installFakes(
      routes({
        "POST /api/v1/messages/reaction": () =>
          problem(422, "mensagem_citada_invalida", "A mensagem da reação (messageId) é uma reação: reações não podem receber reação."),
      }),
    );
    await openThread();
    const user = userEvent.setup();
    await user.click(within(bubbleOf("Vocês entregam no sábado?")).getByRole("button", { name: "Ações da mensagem" }));
    await user.click(await screen.findByRole("menuitem", { name: "Reagir com 👍 (joinha)", hidden: true }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Não foi possível reagir");
    expect(alert).toHaveTextContent("reações não podem receber reação");
    expect(within(bubbleOf("Vocês entregam no sábado?")).queryByLabelText(/Reação/)).not.toBeInTheDocument();
  });
});
