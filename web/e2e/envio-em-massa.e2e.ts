// Envio em massa contra a API real: um número sandbox conectado pela API, o CSV escolhido na tela (com uma linha
// inválida), a prévia com as variáveis e o progresso ao vivo até Concluído.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DESKTOP, PHONE, jsErrors, launchBrowser, login, newPage, screenshot } from "./browser";

const SENDER = "11 93333-2001";
const RECIPIENTS = Array.from({ length: 12 }, (_, i) => `11 9${String(4444_0000 + i).padStart(8, "0").replace(/^(\d{4})/, "$1-")}`);
// Latin-1 não: o Excel em pt-BR salva com ";" — aqui em UTF-8 com BOM, como o "CSV UTF-8" do Excel.
const CSV =
  "\uFEFFtelefone;nome;pedido\r\n" +
  RECIPIENTS.map((phone, i) => `${phone};Cliente ${i + 1};#${1000 + i}`).join("\r\n") +
  "\r\nnão é telefone;Fulano;#9999\r\n";

async function apiHeaders(): Promise<Record<string, string>> {
  const headers = { "Content-Type": "application/json", "X-Client-Id": inject("tenant") };
  const login = await fetch(`${inject("baseUrl")}/api/v1/auth/login`, {
    method: "POST",
    headers,
    body: JSON.stringify({ email: inject("adminEmail"), password: inject("adminPassword") }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  return { ...headers, Authorization: `Bearer ${accessToken}` };
}

/** Conecta o número sandbox direto pela API (o fluxo da tela de Sessões tem o seu próprio teste). */
async function connectSandbox(): Promise<string> {
  const response = await fetch(`${inject("baseUrl")}/api/v1/sessions/initialize`, {
    method: "POST",
    headers: await apiHeaders(),
    body: JSON.stringify({ phoneNumber: SENDER, provider: "sandbox", name: "Massa e2e" }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

/** Desconecta o número no fim: os outros testes da suíte (mesma API) não mandam por ele no automático. */
async function disconnect(sessionId: string): Promise<void> {
  await fetch(`${inject("baseUrl")}/api/v1/sessions/disconnect?sessionId=${sessionId}`, {
    method: "DELETE",
    headers: await apiHeaders(),
  });
}

describe("app web: envio em massa", () => {
  let browser: Browser;
  let page: Page;
  let sessionId = "";

  beforeAll(async () => {
    sessionId = await connectSandbox();
    browser = await launchBrowser();
    ({ page } = await newPage(browser, DESKTOP));
    await login(page);
  });

  afterAll(async () => {
    await browser?.close();
    if (sessionId) await disconnect(sessionId);
  });

  it("envia para os destinatários de um CSV e acompanha o progresso até o fim", async () => {
    await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Envio em massa" }).click();
    await page.getByRole("heading", { level: 1, name: "Envio em massa", exact: true }).waitFor();

    await page.locator('input[type="file"]').setInputFiles({
      name: "clientes.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(CSV, "utf-8"),
    });
    await page.getByTestId("resumo-csv").getByText("12", { exact: true }).waitFor();
    expect(await page.getByTestId("resumo-csv").textContent()).toBe(
      "12 destinatários válidos · 1 com telefone inválido",
    );
    await page.getByRole("table", { name: "Linhas com telefone inválido" }).getByText("não é telefone").waitFor();

    const message = page.getByRole("textbox", { name: "Mensagem" });
    await message.fill("Olá ");
    await page.getByRole("button", { name: "Inserir variável nome" }).click();
    await message.press("End");
    await message.pressSequentially(", seu pedido {{pedido}} saiu para entrega.");
    await page
      .getByRole("article", { name: "Prévia para +55 (11) 94444-0000" })
      .getByText("Olá Cliente 1, seu pedido #1000 saiu para entrega.")
      .waitFor();

    await page.getByLabel("Número de envio", { exact: true }).first().click();
    await page.getByRole("option", { name: /Massa e2e/ }).click();
    await screenshot(page, "envio-em-massa-01-rascunho");

    const accepted = page.waitForResponse((r) => r.url().endsWith("/api/v1/messages/send-bulk"));
    await page.getByRole("button", { name: "Enviar para 12 destinatários" }).click();
    const response = await accepted;
    expect(response.status()).toBe(202);
    expect(response.request().headers()["idempotency-key"]).toBeTruthy();

    const card = page.getByTestId("progresso-massa");
    await card.getByTestId("massa-status").getByText("Concluído").waitFor({ timeout: 30_000 });
    await card.getByText("12 de 12 processadas (100%)").waitFor();
    expect(await card.getByTestId("massa-pendentes").textContent()).toBe("0");
    expect(await card.getByTestId("massa-falharam").textContent()).toBe("0");
    await screenshot(page, "envio-em-massa-02-concluido");
    expect(jsErrors(page)).toEqual([]);
  });

  it("no celular a tela cabe na largura", async () => {
    const { context, page: phone } = await newPage(browser, PHONE);
    try {
      await login(phone);
      await phone.goto("/envio-em-massa");
      await phone.getByRole("heading", { level: 1, name: "Envio em massa", exact: true }).waitFor();
      await screenshot(phone, "envio-em-massa-03-celular");
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      expect(jsErrors(phone)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
