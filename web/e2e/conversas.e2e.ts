// Conversas contra a API real: número sandbox conectado pela API, mensagem do cliente aparecendo ao vivo no fio
// aberto, texto enviado pelo compositor com os tiques mudando até "lida" (recibos do sandbox), nota de voz gravada
// com o microfone falso do Chromium (WebM/Opus, convertida para OGG pelo servidor), resposta citando e reação pelo
// menu da bolha, imagem arrastada para o fio e a medida da issue — tempo da injeção de uma mensagem recebida (chamada
// à API) até a bolha no fio aberto, p50/p99.
// `npm run bench:bubble` roda só a medida, com 100 mensagens (BUBBLE_MESSAGES); aqui, por padrão, 20.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApiClient, type Api } from "@/api/client";
import { SessionManager } from "@/auth/session";
import { DESKTOP, PHONE, jsErrors, launchBrowser, login, newPage, screenshot } from "./browser";
import { ARTIFACTS_DIR } from "./server";

const CUSTOMER = "5511977776666";
const BUBBLE_MESSAGES = Number(process.env.BUBBLE_MESSAGES ?? 20);

async function apiAsAdmin(): Promise<Api> {
  const baseUrl = inject("baseUrl");
  const session = new SessionManager({ api: createApiClient({ baseUrl }) });
  await session.login(inject("tenant"), inject("adminEmail"), inject("adminPassword"));
  return createApiClient({ baseUrl, auth: session });
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`tempo esgotado esperando ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function bubble(page: Page, text: string) {
  return page.locator("[data-testid=bubble]", { hasText: text });
}

describe("app web: conversas", () => {
  let browser: Browser;
  let page: Page;
  let api: Api;
  let sessionId: string;
  let conversationId: string;

  async function incoming(text: string) {
    const { error } = await api.POST("/api/v1/sandbox/sessions/{session_id}/incoming", {
      params: { path: { session_id: sessionId } },
      body: { from: CUSTOMER, name: "Cliente E2E", type: "text", text },
    });
    if (error) throw new Error(`incoming: ${JSON.stringify(error)}`);
  }

  beforeAll(async () => {
    api = await apiAsAdmin();
    const { data, error } = await api.POST("/api/v1/sessions/initialize", {
      body: {
        phoneNumber: "5511988880001",
        provider: "sandbox",
        name: "Conversas E2E",
        // Recibos rápidos: o teste vê "entregue" e "lida" sem esperar os 1 s / 3 s padrão.
        config: { deliveredAfterSeconds: 0.3, readAfterSeconds: 0.8 },
      },
    });
    if (error) throw new Error(`initialize: ${JSON.stringify(error)}`);
    sessionId = data.id;
    await incoming("Olá! Vocês entregam no sábado?");
    conversationId = await until("a conversa", async () => {
      const { data: list } = await api.GET("/api/v1/conversations", { params: { query: { sessionId } } });
      return list?.items[0]?.id;
    });
    // Microfone falso do Chromium (um tom contínuo) sem o pedido de permissão: a gravação de voz roda de verdade.
    browser = await launchBrowser(["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]);
    let context;
    ({ context, page } = await newPage(browser, DESKTOP));
    await context.grantPermissions(["microphone"]);
    await login(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("lista a conversa e abre o fio com a mensagem do cliente", async () => {
    await page.goto("/conversas");
    await page.getByRole("heading", { level: 1, name: "Conversas" }).waitFor();
    const row = page.getByTestId("conversation-row").filter({ hasText: "Cliente E2E" });
    await row.waitFor();
    await row.click();
    await page.waitForURL(`**/conversas/${conversationId}`);
    await bubble(page, "Vocês entregam no sábado?").waitFor();
    // Abrir marca como lida: o contador some da linha.
    await expect.poll(async () => (await row.getAttribute("aria-label")) ?? "").toBe("Cliente E2E");
  });

  it("mensagem do cliente aparece ao vivo no fio aberto", async () => {
    await incoming("Quero saber o preço do frete");
    await bubble(page, "Quero saber o preço do frete").waitFor({ timeout: 10_000 });
  });

  it("texto enviado pelo compositor: tiques mudam até lida", async () => {
    const box = page.getByRole("textbox", { name: "Mensagem" });
    await box.fill("Entregamos sim, das 8h às 12h.");
    await box.press("Enter");
    const sent = bubble(page, "Entregamos sim, das 8h às 12h.");
    await sent.waitFor();
    await expect.poll(() => box.inputValue()).toBe("");
    await sent.getByRole("img", { name: "Lida" }).waitFor({ timeout: 15_000 });
    const { data } = await api.GET("/api/v1/conversations/{conversation_id}/messages", {
      params: { path: { conversation_id: conversationId } },
    });
    expect(data?.items.find((m) => m.direction === "outbound")?.status).toBe("read");
    await screenshot(page, "conversas-fio");
    expect(jsErrors(page)).toEqual([]);
  });

  it("grava a voz no microfone (falso) do Chromium, envia e o servidor aceita como áudio", async () => {
    await page.getByRole("button", { name: "Gravar mensagem de voz" }).click();
    await page.getByRole("status").filter({ hasText: "Gravando" }).waitFor();
    await page.waitForTimeout(1500);
    await page.getByRole("button", { name: "Parar e enviar" }).click();
    // A bolha nova tem o player; o tique sai da fila quando o sandbox aceita a nota de voz (OGG, convertida do WebM).
    const voice = page.locator("[data-testid=bubble]").filter({ has: page.locator("audio") }).last();
    await voice.waitFor();
    await voice.getByRole("img", { name: /Enviada|Entregue|Lida|Ouvida/ }).waitFor();
    // O Chromium decodifica o OGG baixado: a duração é a da gravação (~1,5 s).
    await expect
      .poll(() => voice.locator("audio").evaluate((audio: HTMLAudioElement) => audio.duration), { timeout: 10_000 })
      .toBeGreaterThan(0.8);
    const { data } = await api.GET("/api/v1/conversations/{conversation_id}/messages", {
      params: { path: { conversation_id: conversationId } },
    });
    const last = data?.items.find((m) => m.direction === "outbound");
    expect(last?.type).toBe("audio");
    expect(last?.status).not.toBe("failed");
    // O servidor guardou a gravação já convertida para OGG/Opus (a nota de voz do WhatsApp).
    const content = (last?.content ?? {}) as { media?: { mediaId?: string; mimeType?: string } };
    expect(content.media?.mimeType).toBe("audio/ogg");
    const media = await api.GET("/api/v1/media/{media_id}", { params: { path: { media_id: content.media!.mediaId! } } });
    expect(media.data?.mimeType).toBe("audio/ogg");
    await screenshot(page, "conversas-voz");
    expect(jsErrors(page)).toEqual([]);
  });

  it("responde citando a mensagem do cliente e reage a ela pelo menu da bolha; a citação do cliente chega ao vivo", async () => {
    // Pelo id: depois da resposta, o trecho citado também aparece na bolha nova.
    const questionId = await bubble(page, "Quero saber o preço do frete").getAttribute("data-message-id");
    const question = page.locator(`[data-testid=bubble][data-message-id="${questionId}"]`);
    await question.getByRole("button", { name: "Ações da mensagem" }).click();
    await page.getByRole("menuitem", { name: "Responder" }).click();
    const quote = page.getByRole("group", { name: "Resposta" });
    await quote.getByText("Quero saber o preço do frete").waitFor();
    const box = page.getByRole("textbox", { name: "Mensagem" });
    await box.fill("Frete grátis acima de R$ 100.");
    await box.press("Enter");
    const answer = bubble(page, "Frete grátis acima de R$ 100.");
    await answer.getByLabel("Mensagem citada").getByText("Quero saber o preço do frete").waitFor();
    await quote.waitFor({ state: "detached" });
    await answer.getByRole("img", { name: /Enviada|Entregue|Lida/ }).waitFor();

    await question.getByRole("button", { name: "Ações da mensagem" }).click();
    await page.getByRole("menuitem", { name: "Reagir com 👍 (joinha)" }).click();
    await question.getByLabel("Reação 👍").waitFor();

    // O servidor gravou a citação (pelo id da mensagem neste serviço) e a reação, aceitas pelo sandbox.
    const messages = async () =>
      (
        await api.GET("/api/v1/conversations/{conversation_id}/messages", {
          params: { path: { conversation_id: conversationId } },
        })
      ).data?.items ?? [];
    const items = await messages();
    const inbound = items.find((m) => (m.content as { text?: string } | null)?.text === "Quero saber o preço do frete")!;
    const sent = items.find((m) => (m.content as { text?: string } | null)?.text === "Frete grátis acima de R$ 100.")!;
    expect((sent.content as { replyTo?: { messageId?: string } }).replyTo?.messageId).toBe(inbound.messageId);
    const reaction = await until("a reação aceita", async () => {
      const found = (await messages()).find((m) => m.type === "reaction");
      return found && found.status !== "pending" ? found : null;
    });
    expect(reaction.status).not.toBe("failed");
    expect((reaction.content as { reaction?: { messageId?: string; emoji?: string } }).reaction).toMatchObject({
      messageId: inbound.messageId,
      emoji: "👍",
    });

    // O cliente responde citando a nossa resposta (id do provedor): a citação aparece ao vivo no fio aberto.
    const { error } = await api.POST("/api/v1/sandbox/sessions/{session_id}/incoming", {
      params: { path: { session_id: sessionId } },
      body: { from: CUSTOMER, type: "text", text: "Ótimo, obrigado!", replyTo: sent.providerMessageId },
    });
    if (error) throw new Error(`incoming: ${JSON.stringify(error)}`);
    await bubble(page, "Ótimo, obrigado!").getByLabel("Mensagem citada").getByText("Frete grátis acima de R$ 100.").waitFor();
    await screenshot(page, "conversas-resposta-reacao");
    expect(jsErrors(page)).toEqual([]);
  });

  it("arrastar uma imagem para o fio mostra o aviso, anexa com legenda e envia", async () => {
    // Um PNG 1×1 de verdade: o servidor confere o tipo pelos bytes.
    const dataTransfer = await page.evaluateHandle(() => {
      const png = Uint8Array.from(
        atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
        (c) => c.charCodeAt(0),
      );
      const transfer = new DataTransfer();
      transfer.items.add(new File([png], "ponto.png", { type: "image/png" }));
      return transfer;
    });
    const thread = page.getByRole("log", { name: "Mensagens" });
    await thread.dispatchEvent("dragenter", { dataTransfer });
    await page.getByText("Solte o arquivo para anexar").waitFor();
    await screenshot(page, "conversas-arrastar");
    await thread.dispatchEvent("drop", { dataTransfer });
    await page.getByText("Solte o arquivo para anexar").waitFor({ state: "detached" });
    await page.getByRole("group", { name: "Anexo" }).getByText("ponto.png").waitFor();
    const caption = page.getByRole("textbox", { name: "Legenda" });
    await caption.fill("Foto do produto");
    await caption.press("Enter");
    const sent = bubble(page, "Foto do produto");
    await sent.getByRole("img", { name: "Imagem: ponto.png" }).waitFor();
    await sent.getByRole("img", { name: /Enviada|Entregue|Lida/ }).waitFor();
    await page.getByRole("group", { name: "Anexo" }).waitFor({ state: "detached" });
    expect(jsErrors(page)).toEqual([]);
  });

  it("celular: lista e fio em telas separadas, com Voltar", async () => {
    const { context, page: phone } = await newPage(browser, PHONE);
    await login(phone);
    await phone.goto(`/conversas/${conversationId}`);
    await bubble(phone, "Quero saber o preço do frete").first().waitFor();
    expect(await phone.getByTestId("conversation-row").count()).toBe(0);
    await screenshot(phone, "conversas-celular-fio");
    await phone.getByRole("link", { name: "Voltar para as conversas" }).click();
    await phone.getByTestId("conversation-row").first().waitFor();
    await screenshot(phone, "conversas-celular-lista");
    expect(jsErrors(phone)).toEqual([]);
    await context.close();
  });

  it(`latência da injeção até a bolha (${BUBBLE_MESSAGES} mensagens)`, async () => {
    // Também a chegada do evento pelo WebSocket: separa o tempo do servidor (API → evento) do da tela (evento → bolha).
    await page.addInitScript(() => {
      const Native = window.WebSocket;
      const arrivals: Record<string, number> = {};
      (window as unknown as { __events: Record<string, number> }).__events = arrivals;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener("message", (event: MessageEvent) => {
            const match = typeof event.data === "string" ? /\[lat-\d+\]/.exec(event.data) : null;
            if (match && !(match[0] in arrivals)) arrivals[match[0]] = Date.now();
          });
        }
      };
    });
    await page.goto(`/conversas/${conversationId}`);
    await bubble(page, "Vocês entregam no sábado?").waitFor();
    // A página anota quando cada bolha nova aparece (relógio da mesma máquina que o do teste).
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { __bubbles: Record<string, number> }).__bubbles = seen;
      new MutationObserver(() => {
        for (const node of document.querySelectorAll("[data-testid=bubble]")) {
          const match = /\[lat-\d+\]/.exec(node.textContent ?? "");
          if (match && !(match[0] in seen)) seen[match[0]] = Date.now();
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    const latencies: number[] = [];
    const server: number[] = [];
    const screen: number[] = [];
    for (let i = 0; i < BUBBLE_MESSAGES; i += 1) {
      const key = `[lat-${i}]`;
      const started = Date.now();
      await incoming(`Mensagem de medida ${key}`);
      const shownAt = await until(
        key,
        () => page.evaluate((k) => (window as unknown as { __bubbles: Record<string, number> }).__bubbles[k], key),
        15_000,
      ).catch(async (error: unknown) => {
        const texts = await page.locator("[data-testid=bubble]").allTextContents();
        throw new Error(`${String(error)}; bolhas: ${JSON.stringify(texts.slice(-3))}; url ${page.url()}`);
      });
      latencies.push(shownAt - started);
      const eventAt = await page.evaluate((k) => (window as unknown as { __events: Record<string, number> }).__events[k], key);
      if (eventAt) {
        server.push(eventAt - started);
        screen.push(shownAt - eventAt);
      }
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const split = (values: number[]) => {
      const ordered = [...values].sort((a, b) => a - b);
      return ordered.length ? { p50: percentile(ordered, 50), p99: percentile(ordered, 99) } : null;
    };
    const result = {
      messages: sorted.length,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      min: sorted[0],
      max: sorted.at(-1),
      mean: Math.round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
      apiToEvent: split(server),
      eventToBubble: split(screen),
    };
    writeFileSync(join(ARTIFACTS_DIR, "bubble-latency.json"), JSON.stringify({ ...result, latencies }, null, 2));
    console.info(
      `injeção → bolha (${result.messages} mensagens): p50 ${result.p50} ms, p99 ${result.p99} ms ` +
        `(mín ${result.min}, máx ${result.max}, média ${result.mean}); API → evento no WebSocket ` +
        `p50 ${result.apiToEvent?.p50} / p99 ${result.apiToEvent?.p99} ms; evento → bolha ` +
        `p50 ${result.eventToBubble?.p50} / p99 ${result.eventToBubble?.p99} ms`,
    );
    expect(jsErrors(page)).toEqual([]);
  }, 600_000);
});
