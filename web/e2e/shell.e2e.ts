// A base do app contra a API real: login, moldura, todas as telas pelo menu (mouse e teclado), recarga numa rota do
// app, celular e logout. Os testes deste arquivo seguem em ordem e dividem o navegador.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { SCREENS } from "@/app/screens";
import { adminApi } from "./api";
import { DESKTOP, PHONE, jsErrors, launchBrowser, login, newPage, screenshot } from "./browser";

const slug = (path: string) => (path === "/" ? "painel" : path.slice(1).replace(/\//g, "-"));

async function heading(page: Page, name: string) {
  await page.getByRole("heading", { level: 1, name, exact: true }).waitFor();
}

function mainNav(page: Page) {
  return page.getByRole("navigation", { name: "Menu principal" });
}

describe("app web: base", () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page } = await newPage(browser, DESKTOP));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("a raiz sem sessão leva ao login, em pt-BR", async () => {
    await page.goto("/");
    await page.waitForURL("**/entrar");
    expect(await page.getAttribute("html", "lang")).toBe("pt-BR");
    await page.getByRole("heading", { level: 1, name: "Entrar no wacs" }).waitFor();
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.getByText("Informe o identificador da empresa.").waitFor();
    await screenshot(page, "01-login-validacao");
  });

  it("senha errada mostra o erro da API sem sair do login", async () => {
    await page.getByRole("textbox", { name: "Empresa (ID do tenant)" }).fill(inject("tenant"));
    await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(inject("adminEmail"));
    await page.getByRole("textbox", { name: "Senha", exact: true }).fill("senha-errada-123");
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.getByRole("alert").getByText("E-mail ou senha incorretos").waitFor();
    expect(new URL(page.url()).pathname).toBe("/entrar");
  });

  it("entra como admin@demo.local e vê a moldura, o painel e o tempo real conectado", async () => {
    await login(page);
    await page.getByTestId("painel-nome").getByText("Administrador").waitFor();
    await page.getByTestId("painel-tenant").getByText("Demonstração").waitFor();
    await page.getByTestId("painel-tempo-real").getByText("Conectada").waitFor();
    await page.getByTestId("cabecalho-usuario").getByText("Demonstração · Superadministrador").waitFor();
    expect(await page.title()).toBe("Painel · wacs");
    await screenshot(page, "02-painel");
  });

  it("abre cada tela pelo menu, com título e item marcado", async () => {
    for (const screen of SCREENS) {
      await mainNav(page).getByRole("link", { name: screen.label, exact: true }).click();
      await page.waitForURL((url) => url.pathname === screen.path);
      await heading(page, screen.label);
      expect(await mainNav(page).getByRole("link", { name: screen.label, exact: true }).getAttribute("aria-current")).toBe(
        "page",
      );
      await screenshot(page, `tela-${slug(screen.path)}`);
    }
  });

  it("navega pelo teclado: Tab até o menu, Enter abre a tela e o foco vai para o título", async () => {
    await page.goto("/");
    await heading(page, "Painel");
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => document.activeElement?.textContent ?? "");
    expect(skip).toBe("Pular para o conteúdo");
    for (const target of ["Conversas", "Webhooks"]) {
      let reached = false;
      for (let i = 0; i < 40 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await page.evaluate(
          (label) =>
            document.activeElement?.closest("nav") !== null && document.activeElement?.textContent?.trim() === label,
          target,
        );
      }
      expect(reached, `o Tab não chegou em ${target}`).toBe(true);
      await page.keyboard.press("Enter");
      await heading(page, target);
      const focused = await page.evaluate(() => document.activeElement?.tagName);
      expect(focused).toBe("H1");
    }
    await screenshot(page, "03-teclado-webhooks");
  });

  it("recarregar numa rota do app mantém a tela e a sessão", async () => {
    await page.goto("/auditoria");
    await heading(page, "Auditoria");
    await page.reload();
    await heading(page, "Auditoria");
    await page.goto("/conversas/0b7c1e52-1111-4222-8333-944445555666");
    await heading(page, "Conversas");
    await page.goto("/rota-que-nao-existe");
    await heading(page, "Página não encontrada");
  });

  it("a API do teste tem o Baileys simulado ao lado (para os testes das próximas telas)", async () => {
    const api = await adminApi();
    const { data: providers } = await api.GET("/api/v1/sessions/providers");
    const types = (providers ?? []).filter((p) => p.available).map((p) => p.type);
    expect(types).toContain("sandbox");
    if (inject("withBaileys")) expect(types).toContain("baileys");
  });

  it("os caminhos da API continuam sendo da API", async () => {
    const base = inject("baseUrl");
    const missing = await fetch(`${base}/api/v1/nao-existe`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toContain("application/problem+json");
    expect((await fetch(`${base}/openapi/v1.json`)).headers.get("content-type")).toContain("application/json");
    const asset = await page.evaluate(() => document.querySelector<HTMLScriptElement>("script[type=module]")?.src ?? "");
    const cached = await fetch(asset);
    expect(cached.headers.get("cache-control")).toContain("immutable");
  });

  it("no celular o menu vira gaveta com botão rotulado", async () => {
    const { context, page: phone } = await newPage(browser, PHONE);
    try {
      await login(phone);
      const inert = () => phone.locator("#menu-principal").evaluate((nav) => (nav as HTMLElement).inert);
      expect(await inert()).toBe(true); // gaveta fechada: fora do Tab e dos leitores de tela
      await phone.getByRole("button", { name: "Abrir menu" }).click();
      expect(await inert()).toBe(false);
      await mainNav(phone).getByRole("link", { name: "Sessões", exact: true }).click();
      await heading(phone, "Sessões");
      await phone.getByRole("button", { name: "Abrir menu" }).waitFor(); // a gaveta fechou sozinha
      await screenshot(phone, "04-celular-sessoes");
      await phone.getByRole("button", { name: "Abrir menu" }).click();
      await mainNav(phone).getByRole("link", { name: "Painel", exact: true }).waitFor();
      await screenshot(phone, "05-celular-menu");
      expect(jsErrors(phone)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("Sair encerra a sessão no servidor e volta ao login", async () => {
    await page.goto("/");
    await heading(page, "Painel");
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem("wacs.sessao") ?? "{}").accessToken as string);
    // A sessão local acaba na hora do clique; o aviso ao servidor segue em paralelo: espera a resposta dele.
    const loggedOut = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/logout"));
    await page.getByRole("button", { name: "Sair" }).click();
    expect((await loggedOut).status()).toBe(204);
    await page.waitForURL("**/entrar");
    await page.getByRole("button", { name: "Entrar" }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem("wacs.sessao"))).toBeNull();
    const me = await fetch(`${inject("baseUrl")}/api/v1/auth/me`, {
      headers: { "X-Client-Id": inject("tenant"), Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(401);
    await page.goto("/usuarios");
    await page.waitForURL("**/entrar");
    await screenshot(page, "06-saiu");
    expect(jsErrors(page)).toEqual([]);
  });
});
