// Chromium do Debian (/usr/bin/chromium) pelo playwright-core: nada de navegador baixado por ferramenta de teste.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { inject } from "vitest";
import { ARTIFACTS_DIR } from "./server";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/** `extraArgs` soma-se às opções padrão (ex.: microfone falso do Chromium para gravar voz). */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Um contexto novo (armazenamento limpo) já apontado para a API do teste, em pt-BR e no fuso de São Paulo. */
export async function newPage(browser: Browser, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: inject("baseUrl"),
    viewport,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  // Erro de JavaScript na página derruba o teste: nada de tela quebrada passando despercebida.
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  (page as Page & { jsErrors: string[] }).jsErrors = errors;
  return { context, page };
}

export function jsErrors(page: Page): string[] {
  return (page as Page & { jsErrors?: string[] }).jsErrors ?? [];
}

/** Captura da tela em web/artifacts/<nome>.png (pasta fora do git). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  // Espera as transições (gaveta do menu, avisos) terminarem, senão a captura sai no meio do movimento.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

/** Entra pelo formulário de login, como uma pessoa. */
export async function login(page: Page): Promise<void> {
  await page.goto("/entrar");
  await page.getByRole("textbox", { name: "Empresa (ID do tenant)" }).fill(inject("tenant"));
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(inject("adminEmail"));
  await page.getByRole("textbox", { name: "Senha", exact: true }).fill(inject("adminPassword"));
  await page.getByRole("button", { name: "Entrar" }).click();
  await page.getByRole("heading", { level: 1, name: "Painel" }).waitFor();
}
