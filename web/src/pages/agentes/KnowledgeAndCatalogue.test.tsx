import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "@/api";
import { json, problem } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";
import { page } from "./fixtures";

function doc(id: string, title: string): Schemas["KnowledgeDocumentOut"] {
  return {
    id,
    agentId: null,
    title,
    filename: `${title}.txt`,
    mimeType: "text/plain",
    size: 2048,
    sha256: "0".repeat(64),
    chunkCount: 3,
    embeddingModel: null,
    createdBy: "admin@demo.local",
    createdAt: "2026-12-01T12:00:00Z",
    updatedAt: "2026-12-01T12:00:00Z",
  };
}

function fileInput(container: HTMLElement): HTMLInputElement {
  const input = container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("sem input de arquivo");
  return input;
}

describe("base de conhecimento e catálogo", () => {
  it("envia um documento pelo Dropzone, lista, busca e exclui com confirmação", async () => {
    let docs = [doc("d1", "Perguntas frequentes")];
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/knowledge/documents": () => json(page(docs)),
      "POST /api/v1/knowledge/documents": () => {
        const created = { ...doc("d2", "Regulamento"), embeddingError: null };
        docs = [...docs, created];
        return json(created, 201);
      },
      "DELETE /api/v1/knowledge/documents/d1": () => {
        docs = docs.filter((d) => d.id !== "d1");
        return new Response(null, { status: 204 });
      },
      "GET /api/v1/knowledge/search": () =>
        json({ items: [{ chunkId: 1, documentId: "d2", title: "Regulamento", excerpt: "Animais são permitidos.", score: 0.8123, source: "text" }] }),
    });
    await signIn("admin");
    const user = userEvent.setup();
    const { container } = renderApp("/agentes?secao=conhecimento");
    const table = await screen.findByRole("table", { name: "Documentos da base de conhecimento" });
    expect(within(table).getByText("Perguntas frequentes")).toBeInTheDocument();
    expect(within(table).getByText("2 KB")).toBeInTheDocument();

    await user.upload(fileInput(container), new File(["Animais são permitidos."], "regulamento.txt", { type: "text/plain" }));
    expect(await screen.findByText(/"Regulamento" foi dividido em 3 trecho/)).toBeInTheDocument();
    expect(await within(table).findByText("Regulamento")).toBeInTheDocument();
    const sent = fake.callsTo("POST /api/v1/knowledge/documents")[0]!;
    expect(sent.headers.get("Content-Type")).toMatch(/^multipart\/form-data; boundary=/);
    // (o File do jsdom não atravessa inteiro para o FormData do Node: conferimos só a parte "file")
    expect(sent.body).toContain('name="file"');
    expect(sent.body).not.toContain('name="agentId"');

    await user.type(screen.getByLabelText(/Buscar na base de conhecimento/), "animais");
    await user.click(screen.getByRole("button", { name: "Buscar" }));
    expect(await screen.findByText("Animais são permitidos.")).toBeInTheDocument();
    expect(screen.getByText("relevância 0,81")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Excluir o documento Perguntas frequentes" }));
    const dialog = await screen.findByRole("dialog", { name: "Excluir documento" });
    await user.click(within(dialog).getByRole("button", { name: "Excluir documento" }));
    await waitFor(() => expect(within(table).queryByText("Perguntas frequentes")).not.toBeInTheDocument());
  });

  it("importação de imóveis: contagens no sucesso e tabela de erros por linha no 422", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/properties": () =>
        json(
          page([
            {
              id: "p1",
              code: "AP-101",
              type: "apartamento",
              purpose: "venda",
              bedrooms: 2,
              neighbourhood: "Pinheiros",
              city: "São Paulo",
              state: "SP",
              price: 450000,
              area: 68.5,
              description: null,
              url: null,
              isAvailable: true,
              createdAt: "2026-12-01T12:00:00Z",
              updatedAt: "2026-12-01T12:00:00Z",
            },
          ]),
        ),
      "POST /api/v1/properties/import": (_request, call) =>
        call === 1
          ? problem(422, "importacao_invalida", "2 erro(s) em 2 linhas; nada foi importado. Corrija o arquivo e envie de novo.", {
              title: "Arquivo de imóveis inválido",
              errorCount: 2,
              errors: [
                { line: 3, field: "Preço", location: "body", type: "valor_invalido", message: 'Linha 3, coluna "Preço": valor inválido: "quatrocentos mil".' },
                { line: 5, field: "código", location: "body", type: "codigo_repetido", message: "Linha 5: código AP-102 repetido (linha 2)." },
              ],
            })
          : json({ format: "csv", created: 2, updated: 1, total: 3, ignoredColumns: ["observação"] }),
    });
    await signIn("admin");
    const user = userEvent.setup();
    const { container } = renderApp("/agentes?secao=imoveis");
    const list = await screen.findByRole("table", { name: "Imóveis" });
    expect(within(list).getByText("R$ 450.000,00")).toBeInTheDocument();
    expect(within(list).getByText("68,5 m²")).toBeInTheDocument();
    expect(within(list).getByText("Pinheiros, São Paulo, SP")).toBeInTheDocument();

    const csv = new File(["código;tipo;preço\nAP-101;apartamento;quatrocentos mil\n"], "imoveis.csv", { type: "text/csv" });
    await user.upload(fileInput(container), csv);
    const errors = await screen.findByRole("table", { name: "Erros da importação" });
    const rows = within(errors).getAllByRole("row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText("Linha 3")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("Preço")).toBeInTheDocument();
    expect(within(rows[2]!).getByText("Linha 5: código AP-102 repetido (linha 2).")).toBeInTheDocument();
    expect(screen.getByText(/nada foi importado/)).toBeInTheDocument();

    await user.upload(fileInput(container), new File(["código;tipo\nAP-101;apartamento\n"], "corrigido.csv", { type: "text/csv" }));
    expect(await screen.findByTestId("resultado-importacao")).toHaveTextContent(
      "2 imóvel(is) criado(s) e 1 atualizado(s), de 3 no arquivo. Colunas ignoradas: observação.",
    );
    expect(screen.queryByRole("table", { name: "Erros da importação" })).not.toBeInTheDocument();

    // filtros vão na consulta
    await user.type(screen.getByLabelText("Quartos (mínimo)"), "2");
    await user.click(screen.getByRole("button", { name: "Filtrar" }));
    await waitFor(() => expect(fake.calls.some((c) => c.path === "/api/v1/properties" && c.method === "GET")).toBe(true));
  });
});
