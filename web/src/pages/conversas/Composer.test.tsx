// Gravação de voz (MediaRecorder falso) e mensagens antigas ao rolar para cima.
import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { json } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";
import { agentsPage, conversation, message, page, SESSIONS } from "./fixtures";

const CONV = conversation(1);
const MEDIA_ID = "0b6f0000-0000-4000-8000-0000000000aa";

class FakeRecorder {
  static isTypeSupported = () => true;
  static last: FakeRecorder | null = null;
  ondataavailable: ((event: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  state = "inactive";
  constructor(
    readonly stream: { getTracks: () => { stop: () => void }[] },
    readonly options?: { mimeType?: string },
  ) {
    FakeRecorder.last = this;
  }
  start() {
    this.state = "recording";
  }
  stop() {
    this.state = "inactive";
    this.ondataavailable?.({ data: new Blob(["webm-opus"], { type: "audio/webm;codecs=opus" }) });
    this.onstop?.();
  }
}

function routes(extra: Record<string, (request: Request) => Response> = {}) {
  return {
    ...defaultRoutes("admin"),
    "GET /api/v1/conversations": () => json(page([CONV])),
    "GET /api/v1/sessions": () => json(SESSIONS),
    "GET /api/v1/agents/list": () => json(agentsPage()),
    [`GET /api/v1/conversations/${CONV.id}`]: () => json(CONV),
    [`GET /api/v1/conversations/${CONV.id}/messages`]: () => json({ items: [message(5)], nextCursor: null }),
    "POST /api/v1/media": () =>
      json({ id: MEDIA_ID, mimeType: "audio/ogg", size: 9, sha256: "x", filename: "gravacao.ogg", createdAt: "2026-12-01T12:00:00Z" }, 201),
    "POST /api/v1/messages/audio": () =>
      json({ messageId: message(99).messageId, status: "pending", provider: "sandbox", timestamp: new Date().toISOString() }, 202),
    ...extra,
  };
}

describe("Conversas: compositor e histórico", () => {
  const stopTrack = vi.fn();

  function installRecorder() {
    vi.stubGlobal("MediaRecorder", FakeRecorder);
    Object.defineProperty(navigator, "mediaDevices", {
      value: { getUserMedia: vi.fn(async () => ({ getTracks: () => [{ stop: stopTrack }] })) },
      configurable: true,
    });
  }

  afterEach(() => {
    vi.unstubAllGlobals();
    stopTrack.mockClear();
  });

  it("grava a voz (WebM), sobe em /media e envia por /messages/audio com o mediaId", async () => {
    const fake = installFakes(routes());
    installRecorder();
    await signIn();
    const user = userEvent.setup();
    renderApp(`/conversas/${CONV.id}`);
    await user.click(await screen.findByRole("button", { name: "Gravar mensagem de voz" }));
    expect(await screen.findByText(/Gravando/)).toBeInTheDocument();
    expect(FakeRecorder.last?.options?.mimeType).toBe("audio/webm;codecs=opus");
    await user.click(screen.getByRole("button", { name: "Parar e enviar" }));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/messages/audio")).toHaveLength(1));
    const upload = fake.callsTo("POST /api/v1/media")[0]!.body;
    // (O nome do arquivo não sobrevive ao FormData do Node com o Blob do jsdom; no navegador vai "gravacao.webm".)
    expect(upload).toContain('name="file"');
    expect(upload).toContain("Content-Type: audio/webm");
    const send = fake.callsTo("POST /api/v1/messages/audio")[0]!.body;
    expect(send).toContain(MEDIA_ID);
    expect(send).toContain(CONV.sessionId);
    expect(stopTrack).toHaveBeenCalled();
    expect(screen.queryByText(/Gravando/)).not.toBeInTheDocument();
  });

  it("cancelar a gravação não envia nada", async () => {
    const fake = installFakes(routes());
    installRecorder();
    await signIn();
    const user = userEvent.setup();
    renderApp(`/conversas/${CONV.id}`);
    await user.click(await screen.findByRole("button", { name: "Gravar mensagem de voz" }));
    await user.click(await screen.findByRole("button", { name: "Cancelar" }));
    await waitFor(() => expect(screen.queryByText(/Gravando/)).not.toBeInTheDocument());
    expect(fake.callsTo("POST /api/v1/media")).toHaveLength(0);
    expect(stopTrack).toHaveBeenCalled();
  });

  it("rolar até o topo do fio busca as mensagens anteriores pelo cursor", async () => {
    const fake = installFakes(
      routes({
        [`GET /api/v1/conversations/${CONV.id}/messages`]: (request) => {
          const cursor = new URL(request.url).searchParams.get("cursor");
          return cursor === "antes-de-10"
            ? json({ items: [message(2, { content: { text: "Mensagem antiga" } })], nextCursor: null })
            : json({ items: [message(10, { content: { text: "Mensagem recente" } })], nextCursor: "antes-de-10" });
        },
      }),
    );
    await signIn();
    renderApp(`/conversas/${CONV.id}`);
    await screen.findByText("Mensagem recente");
    expect(screen.queryByText("Início da conversa")).not.toBeInTheDocument();
    const log = screen.getByRole("log", { name: "Mensagens" });
    act(() => {
      log.scrollTop = 0;
      fireEvent.scroll(log);
    });
    expect(await screen.findByText("Mensagem antiga")).toBeInTheDocument();
    expect(screen.getByText("Início da conversa")).toBeInTheDocument();
    const texts = screen.getAllByTestId("bubble").map((b) => b.textContent);
    expect(texts[0]).toContain("Mensagem antiga");
    expect(texts[1]).toContain("Mensagem recente");
    const urls = fake.fetch.mock.calls.map(([input]) => (input instanceof Request ? input.url : String(input)));
    expect(urls.some((url) => url.includes("cursor=antes-de-10"))).toBe(true);
  });
});
