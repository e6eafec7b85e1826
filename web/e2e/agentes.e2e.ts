// Agentes de ponta a ponta contra a API real (sem modelo de linguagem configurado: o atendente offline por regras):
// criar pelo modelo imobiliário como padrão, importar imóveis, playground, um cliente do sandbox pergunta e o agente
// responde (conferido pela API e pela tela de métricas), e o painel com os números.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminApi } from "./api";
import { DESKTOP, PHONE, jsErrors, launchBrowser, login, newPage, screenshot } from "./browser";

const AGENT_NAME = "Corretora Virtual";
const CSV = [
  "código;tipo;finalidade;quartos;bairro;cidade;uf;preço;área",
  "AP-201;apartamento;venda;2;Pinheiros;São Paulo;SP;450000;68",
  "AP-202;apartamento;venda;2;Moema;São Paulo;SP;520000;72",
  "CA-301;casa;aluguel;3;Centro;Campinas;SP;3500;120",
].join("\n");

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`esperei ${timeoutMs / 1000} s por: ${what}`);
}

describe("app web: agentes", () => {
  let browser: Browser;
  let page: Page;
  let agentId = "";
  let sessionId = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    ({ page } = await newPage(browser, DESKTOP));
    await login(page);
  });

  afterAll(async () => {
    await browser?.close();
    // Os outros arquivos usam a mesma API: nenhum agente padrão nem número sandbox deste arquivo fica para trás
    // (o agente responderia os clientes dos testes de Conversas).
    const api = await adminApi();
    if (agentId) await api.DELETE("/api/v1/agents/{agent_id}", { params: { path: { agent_id: agentId } } });
    if (sessionId) await api.DELETE("/api/v1/sessions/disconnect", { params: { query: { sessionId } } });
  });

  it("cria um agente pelo modelo imobiliário como padrão; o modo é dito com honestidade", async () => {
    await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Agentes" }).click();
    await page.getByRole("heading", { level: 1, name: "Agentes", exact: true }).waitFor();
    // (com a lista vazia, o estado vazio repete o botão)
    await page.getByRole("button", { name: "Novo agente" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Novo agente" });
    await dialog.getByRole("textbox", { name: "Nome do agente" }).fill(AGENT_NAME);
    await dialog.getByRole("radio", { name: /imóveis/i }).check();
    await dialog.getByRole("checkbox", { name: /Agente padrão do tenant/ }).check();
    await screenshot(page, "agentes-01-novo");
    await dialog.getByRole("button", { name: "Criar agente" }).click();

    const card = page.getByRole("listitem", { name: AGENT_NAME });
    await card.getByText("Padrão").waitFor();
    await card.getByText("Atendente offline (regras, sem modelo de linguagem)").waitFor();
    await page.getByRole("heading", { level: 2, name: AGENT_NAME }).waitFor();
    agentId = new URL(page.url()).searchParams.get("agente") ?? "";
    expect(agentId).toMatch(/^[0-9a-f-]{36}$/);

    // edição: responde sem esperar mais mensagens (debounce 0), para o teste não esperar 3 s
    const debounce = page.getByRole("textbox", { name: /Espera por mais mensagens/ });
    await debounce.fill("0");
    await page.getByRole("button", { name: "Salvar agente" }).click();
    await page.getByText(`Agente "${AGENT_NAME}" salvo.`).waitFor();
    await screenshot(page, "agentes-02-configuracao");

    const api = await adminApi();
    const { data } = await api.GET("/api/v1/agents/{agent_id}", { params: { path: { agent_id: agentId } } });
    expect(data?.isDefault).toBe(true);
    expect(data?.type).toBe("real_estate");
    expect(data?.debounceSeconds).toBe(0);
  });

  it("importa um CSV de imóveis e mostra as contagens e a lista", async () => {
    await page.getByRole("tab", { name: "Imóveis" }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: "imoveis.csv", mimeType: "text/csv", buffer: Buffer.from(CSV, "utf-8") });
    await page.getByTestId("resultado-importacao").getByText("3 imóvel(is) criado(s) e 0 atualizado(s)").waitFor();
    const table = page.getByRole("table", { name: "Imóveis" });
    await table.getByRole("cell", { name: "AP-201", exact: true }).waitFor().catch(async (error: unknown) => {
      await screenshot(page, "agentes-falha-imoveis");
      console.log("TEXTO", await page.locator("main").textContent());
      throw error;
    });
    await table.getByText("R$ 450.000,00").waitFor();
    await screenshot(page, "agentes-03-imoveis");

    // arquivo com erro: nada importado, erros por linha
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "ruim.csv", mimeType: "text/csv", buffer: Buffer.from("código;tipo;preço\nAP-9;apartamento;muito caro\n", "utf-8") });
    const errors = page.getByRole("table", { name: "Erros da importação" });
    await errors.getByText("Linha 2", { exact: true }).waitFor();
    await screenshot(page, "agentes-04-importacao-erros");
  });

  it("playground: o agente busca os imóveis e responde, com modo e ferramentas", async () => {
    await page.getByRole("tab", { name: "Agentes" }).click();
    await page.getByRole("tab", { name: "Playground" }).click();
    const input = page.getByRole("textbox", { name: "Mensagem do cliente" });
    await input.fill("Quero ver apartamentos de 2 quartos");
    await page.getByRole("button", { name: "Enviar teste" }).click();
    const reply = page.getByTestId("playground-resposta").first();
    await reply.getByTestId("playground-modo").getByText("Atendente offline (regras, sem modelo de linguagem)").waitFor();
    await reply.getByText(/AP-201|Pinheiros/).first().waitFor();
    await reply.getByTestId("playground-ferramentas").getByText("search_properties").waitFor();
    await screenshot(page, "agentes-05-playground");
  });

  it("um cliente do sandbox pergunta e o agente responde; as métricas contam a resposta", async () => {
    const api = await adminApi();
    const session = await api.POST("/api/v1/sessions/initialize", {
      body: { phoneNumber: "5511990001234", provider: "sandbox", name: "Sandbox agentes" },
    });
    expect(session.error).toBeUndefined();
    sessionId = session.data!.id;
    await until("sessão sandbox conectada", async () => {
      const { data } = await api.GET("/api/v1/sessions");
      return data?.items.find((s) => s.id === sessionId && s.status === "connected");
    });
    const incoming = await api.POST("/api/v1/sandbox/sessions/{session_id}/incoming", {
      params: { path: { session_id: sessionId } },
      body: { from: "5511987654321", name: "Cliente Teste", type: "text", text: "Quero ver apartamentos de 2 quartos" },
    });
    expect(incoming.error).toBeUndefined();

    // a resposta sai pelo sandbox para o cliente
    const sent = await until("resposta do agente no sandbox", async () => {
      const { data } = await api.GET("/api/v1/sandbox/sessions/{session_id}/outbox", { params: { path: { session_id: sessionId } } });
      return data?.find((item) => item.to.includes("5511987654321") && JSON.stringify(item.content).match(/AP-20|Pinheiros|Moema/));
    });
    expect(sent.type).toBe("text");

    // e a resposta aparece no fio da conversa, na tela de Conversas
    await page.goto("/conversas");
    const row = page.getByTestId("conversation-row").filter({ hasText: "Cliente Teste" });
    await row.click();
    await page.locator("[data-testid=bubble]", { hasText: "Quero ver apartamentos de 2 quartos" }).waitFor();
    await page.locator("[data-testid=bubble]", { hasText: "AP-201" }).first().waitFor();
    await screenshot(page, "agentes-06-conversa");

    await page.goto(`/agentes?agente=${agentId}&aba=metricas`);

    const stats = page.getByTestId("metricas-agente");
    // a tela carrega sozinha pelo tempo real (ai.replied); recarregar garante
    await until("métricas com a resposta", async () => {
      const text = await stats.textContent().catch(() => "");
      if (text?.match(/Respostas[1-9]/)) return true;
      await page.reload();
      await page.getByTestId("metricas-agente").waitFor();
      return false;
    });
    await screenshot(page, "agentes-07-metricas");
  });

  it("painel com os gráficos e o período; celular sem rolagem lateral na tela de agentes", async () => {
    await page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Painel" }).click();
    const summary = page.getByTestId("painel-resumo");
    await summary.waitFor();
    await page.getByRole("region", { name: "Mensagens por dia e status" }).locator(".recharts-surface").first().waitFor();
    await page.getByText("30 dias", { exact: true }).click();
    expect(await page.getByRole("radio", { name: "30 dias" }).isChecked()).toBe(true);
    await summary.waitFor();
    await screenshot(page, "painel-graficos");

    const { page: phone } = await newPage(browser, PHONE);
    await login(phone);
    await phone.goto(`/agentes?agente=${agentId}`);
    await phone.getByRole("heading", { level: 2, name: AGENT_NAME }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(phone, "agentes-08-celular");
    await phone.goto("/");
    await phone.getByTestId("painel-resumo").waitFor();
    await screenshot(phone, "painel-celular");
    expect(jsErrors(phone)).toEqual([]);
    expect(jsErrors(page)).toEqual([]);
  });

  it("exclui o agente com confirmação", async () => {
    await page.goto("/agentes");
    await page.getByRole("button", { name: `Excluir o agente ${AGENT_NAME}` }).click();
    const dialog = page.getByRole("dialog", { name: "Excluir agente" });
    await dialog.getByText(/Não dá para desfazer/).waitFor();
    await screenshot(page, "agentes-09-excluir");
    await dialog.getByRole("button", { name: "Excluir agente" }).click();
    await page.getByText("Nenhum agente").waitFor();
    const api = await adminApi();
    const { data } = await api.GET("/api/v1/agents/list", { params: { query: { page: 1, pageSize: 100 } } });
    expect(data?.items.find((agent) => agent.id === agentId)).toBeUndefined();
    agentId = "";
    expect(jsErrors(page)).toEqual([]);
  });
});
