// Sessões contra a API real: conectar um número sandbox (conecta na hora) e simular a mensagem do cliente; conectar
// um número Baileys (serviço simulado: QR na tela, "lido" sozinho depois de alguns segundos, então Conectado ao vivo).
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, jsErrors, launchBrowser, login, newPage, screenshot } from "./browser";

async function openSessoes(page: Page) {
  await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Sessões" }).click();
  await page.getByRole("heading", { level: 1, name: "Sessões", exact: true }).waitFor();
}

async function connect(page: Page, provider: string, phone: string, name: string) {
  await page.getByRole("button", { name: "Conectar número" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Conectar número" });
  await dialog.getByRole("radio", { name: provider }).check();
  await dialog.getByRole("textbox", { name: "Número do WhatsApp" }).fill(phone);
  await dialog.getByRole("textbox", { name: "Nome" }).fill(name);
  await dialog.getByRole("button", { name: "Conectar", exact: true }).click();
  return dialog;
}

/** GET/DELETE direto na API como o administrador (preparar e limpar sem passar pela tela). */
async function callApi(method: string, path: string): Promise<Response> {
  const baseUrl = inject("baseUrl");
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Client-Id": inject("tenant") },
    body: JSON.stringify({ email: inject("adminEmail"), password: inject("adminPassword") }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${accessToken}`, "X-Client-Id": inject("tenant") },
  });
}

async function baileysAvailable(): Promise<boolean> {
  // O serviço Baileys só sobe com baileys/dist compilado; sem ele a API não oferece o provedor.
  const providers = (await (await callApi("GET", "/api/v1/sessions/providers")).json()) as {
    type: string;
    available: boolean;
  }[];
  return providers.some((p) => p.type === "baileys" && p.available);
}

/** Desconecta os números deste arquivo: os outros testes da suíte (mesma API) não mandam por eles no automático. */
async function disconnectOurs(): Promise<void> {
  const page = (await (await callApi("GET", "/api/v1/sessions?pageSize=100")).json()) as {
    items: { id: string; phoneNumber: string; status: string }[];
  };
  for (const item of page.items) {
    if (OUR_NUMBERS.includes(item.phoneNumber) && item.status !== "disconnected") {
      await callApi("DELETE", `/api/v1/sessions/disconnect?sessionId=${item.id}`);
    }
  }
}

const OUR_NUMBERS = ["5511933331001", "5511933331002"];

describe("app web: sessões", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page } = await newPage(browser, DESKTOP));
    await login(page);
    await openSessoes(page);
  });

  afterAll(async () => {
    await browser?.close();
    await disconnectOurs();
  });

  it("conecta um número sandbox e simula a mensagem do cliente", async () => {
    const dialog = await connect(page, "Sandbox (simulado)", "11 93333-1001", "Sandbox e2e");
    await dialog.getByTestId("conexao-status").getByText("Conectado").waitFor();
    await screenshot(page, "sessoes-01-sandbox-conectado");
    await dialog.getByRole("button", { name: "Concluir" }).click();
    const row = page.getByTestId("sessao-5511933331001");
    await row.getByText("Conectado").waitFor();

    await page.getByRole("button", { name: "Simular mensagem do cliente para Sandbox e2e" }).click();
    const simulate = page.getByRole("dialog", { name: "Simular mensagem do cliente" });
    await simulate.getByRole("textbox", { name: "Número do cliente" }).fill("11 98888-2001");
    await simulate.getByRole("textbox", { name: "Mensagem" }).fill("Olá, vim pelo teste de ponta a ponta");
    const accepted = page.waitForResponse((r) => r.url().includes("/incoming") && r.request().method() === "POST");
    await simulate.getByRole("button", { name: "Enviar como cliente" }).click();
    expect((await accepted).status()).toBe(202);
    await page.getByText("Mensagem do cliente simulada. Veja em Conversas.").waitFor();
    expect(jsErrors(page)).toEqual([]);
  });

  it("conecta um número Baileys: QR na tela e depois Conectado, ao vivo", async (context) => {
    if (!(await baileysAvailable())) {
      context.skip("API sem o provedor Baileys (baileys/dist ausente)");
    }
    const dialog = await connect(page, "WhatsApp Web (Baileys)", "11 93333-1002", "Baileys e2e");
    const qr = dialog.getByRole("img", { name: "QR code para conectar o número" });
    await qr.waitFor({ timeout: 20_000 });
    expect(await dialog.getByTestId("conexao-status").textContent()).toBe("Aguardando leitura");
    await screenshot(page, "sessoes-02-baileys-qr");
    // Modo simulado: o QR "é lido" sozinho (BAILEYS_FAKE_SCAN_SECONDS, 3 s) e o estado chega por session.status.
    await dialog.getByTestId("conexao-status").getByText("Conectado").waitFor({ timeout: 30_000 });
    await qr.waitFor({ state: "detached" });
    await screenshot(page, "sessoes-03-baileys-conectado");
    await dialog.getByRole("button", { name: "Concluir" }).click();
    await page.getByTestId("sessao-5511933331002").getByText("Conectado").waitFor();
    expect(jsErrors(page)).toEqual([]);
  });

  it("desconecta um número depois de confirmar", async () => {
    const row = page.getByTestId("sessao-5511933331001");
    await page.getByRole("button", { name: "Desconectar Sandbox e2e" }).click();
    const dialog = page.getByRole("dialog", { name: "Desconectar número" });
    await dialog.getByText(/O número para de enviar e receber/).waitFor();
    await screenshot(page, "sessoes-04-desconectar");
    await dialog.getByRole("button", { name: "Desconectar", exact: true }).click();
    await row.getByText("Desconectado").waitFor();
    expect(await page.getByRole("button", { name: "Desconectar Sandbox e2e" }).count()).toBe(0);
    expect(jsErrors(page)).toEqual([]);
  });

  it("no celular: lista e formulário de conexão cabem na tela", async () => {
    const { context, page: phone } = await newPage(browser, PHONE);
    try {
      await login(phone);
      await phone.goto("/sessoes");
      await phone.getByRole("table", { name: "Números conectados" }).waitFor();
      await phone.getByRole("button", { name: "Conectar número" }).first().click();
      const dialog = phone.getByRole("dialog", { name: "Conectar número" });
      await dialog.getByRole("radio", { name: "Meta (API oficial)" }).check();
      await screenshot(phone, "sessoes-05-celular");
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(jsErrors(phone)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
