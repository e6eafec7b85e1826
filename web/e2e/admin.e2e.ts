// Telas de administração contra a API real: webhook entregue a um receptor HTTP local (enviar teste → "Entregue" no
// registro), chave de API mostrada uma única vez e criação de usuário. Os testes seguem em ordem e dividem o navegador.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DESKTOP, PHONE, jsErrors, launchBrowser, login, newPage, screenshot } from "./browser";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Receptor de webhooks em 127.0.0.1 (a API do teste sobe com WEBHOOK_ALLOW_PRIVATE=true). */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body });
      response.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/wacs/webhook`, received };
}

describe("app web: administração", () => {
  let browser: Browser;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
    browser = await launchBrowser();
    ({ page } = await newPage(browser, DESKTOP));
    await login(page);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => receiver?.server.close(resolve));
  });

  it("webhooks: cria o endpoint, o segredo aparece uma vez, o teste chega ao receptor e aparece como entregue", async () => {
    await page.goto("/webhooks");
    await page.getByRole("heading", { level: 1, name: "Webhooks" }).waitFor();
    await page.getByRole("button", { name: "Novo endpoint" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Novo endpoint" });
    await dialog.getByRole("textbox", { name: "URL" }).fill(receiver.url);
    await dialog.getByRole("checkbox", { name: /Todos os eventos/ }).check();
    await dialog.getByRole("button", { name: "Criar endpoint" }).click();

    const secretBox = page.getByTestId("segredo-unico");
    await secretBox.waitFor();
    const secret = (await secretBox.getByTestId("segredo-valor").textContent())?.trim() ?? "";
    expect(secret.length).toBeGreaterThan(10);
    await screenshot(page, "admin-01-webhook-segredo");

    const row = page.getByRole("table", { name: "Endpoints de webhook" }).getByRole("row").filter({ hasText: receiver.url });
    await row.getByRole("button", { name: "Enviar teste" }).click();
    // O registro de entregas do endpoint novo já está aberto; a entrega pendente é conferida de novo sozinha.
    const deliveries = page.getByRole("table", { name: "Entregas" });
    await deliveries.getByRole("row").filter({ hasText: "webhook.test" }).getByText("Entregue").waitFor({ timeout: 30_000 });
    await deliveries.getByText("HTTP 200").waitFor();
    expect(receiver.received.length).toBeGreaterThanOrEqual(1);
    const hit = receiver.received.at(-1)!;
    expect(hit.path).toBe("/wacs/webhook");
    expect(JSON.parse(hit.body)).toMatchObject({ type: "webhook.test" });
    await screenshot(page, "admin-02-webhook-entregue");

    // Detalhes com o conteúdo enviado e reenvio.
    await deliveries.getByRole("button", { name: /Detalhes da entrega/ }).first().click();
    const detail = page.getByRole("dialog", { name: "Detalhes da entrega" });
    await detail.getByText("webhook.test").first().waitFor();
    const before = receiver.received.length;
    await detail.getByRole("button", { name: "Reenviar" }).click();
    await page.getByText(/Entrega reenviada/).waitFor();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(before);
    await page.keyboard.press("Escape");

    // O segredo não volta depois de fechado nem ao recarregar.
    await secretBox.getByRole("button", { name: /Fechar/ }).click();
    await secretBox.waitFor({ state: "detached" });
    await page.reload();
    await page.getByRole("table", { name: "Endpoints de webhook" }).waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
  });

  it("chaves de API: cria com permissão, a chave aparece uma única vez", async () => {
    await page.goto("/chaves-de-api");
    await page.getByRole("heading", { level: 1, name: "Chaves de API" }).waitFor();
    await page.getByRole("button", { name: "Nova chave" }).click();
    const dialog = page.getByRole("dialog", { name: "Nova chave de API" });
    await dialog.getByRole("textbox", { name: "Nome" }).fill("Integração e2e");
    await dialog.getByRole("checkbox").first().check();
    await dialog.getByRole("button", { name: "Criar chave" }).click();
    const secretBox = page.getByTestId("segredo-unico");
    const key = (await secretBox.getByTestId("segredo-valor").textContent())?.trim() ?? "";
    expect(key.length).toBeGreaterThan(20);
    await page.getByRole("table", { name: "Chaves de API" }).getByText("Integração e2e").waitFor();
    await screenshot(page, "admin-03-chave-uma-vez");
    await page.reload();
    await page.getByRole("table", { name: "Chaves de API" }).getByText("Integração e2e").waitFor();
    expect(await page.getByText(key).count()).toBe(0);
  });

  it("usuários: cria uma pessoa e ela aparece na lista", async () => {
    await page.goto("/usuarios");
    await page.getByRole("heading", { level: 1, name: "Usuários" }).waitFor();
    await page.getByRole("button", { name: "Novo usuário" }).click();
    const dialog = page.getByRole("dialog", { name: "Novo usuário" });
    await dialog.getByRole("textbox", { name: "Nome" }).fill("Pessoa E2E");
    await dialog.getByRole("textbox", { name: "E-mail" }).fill("pessoa.e2e@demo.local");
    await dialog.getByLabel("Senha inicial").fill("senha-da-pessoa-123");
    await dialog.getByRole("button", { name: "Criar usuário" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("table", { name: "Usuários" }).getByText("pessoa.e2e@demo.local").waitFor();
    await screenshot(page, "admin-04-usuarios");
  });

  it("configurações, auditoria e tenants abrem com os dados da API; celular sem rolagem lateral", async () => {
    await page.goto("/configuracoes");
    await page.getByRole("button", { name: "Salvar configurações" }).waitFor();
    await screenshot(page, "admin-05-configuracoes");
    await page.goto("/auditoria");
    await page.getByRole("table", { name: "Registros de auditoria" }).getByText("create_user").first().waitFor();
    await screenshot(page, "admin-06-auditoria");
    await page.goto("/tenants");
    await page.getByRole("switch", { name: "Tenant demo ativo" }).waitFor();
    await screenshot(page, "admin-07-tenants");

    const phone = await newPage(browser, PHONE);
    await login(phone.page);
    await phone.page.goto("/webhooks");
    await phone.page.getByRole("table", { name: "Endpoints de webhook" }).waitFor();
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone.page, "admin-08-webhooks-celular");
    expect(jsErrors(phone.page)).toEqual([]);
    await phone.context.close();
    expect(jsErrors(page)).toEqual([]);
  });
});
