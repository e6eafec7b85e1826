import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/api/errors";
import { renderWithProviders } from "@/test/render";
import { ErrorAlert } from "./ErrorAlert";
import { QueryState } from "./QueryState";

const base = { data: undefined, error: null, isPending: false, refetch: () => undefined };

describe("QueryState", () => {
  it("carregando: indicador rotulado", () => {
    renderWithProviders(<QueryState query={{ ...base, isPending: true }}>{() => "dados"}</QueryState>);
    expect(screen.getByRole("status")).toBeInTheDocument();
    expect(screen.getByLabelText("Carregando…")).toBeInTheDocument();
  });

  it("erro sem dados: aviso com Tentar de novo", async () => {
    const refetch = vi.fn();
    const error = new ApiError({ status: 503, code: "banco_ocupado", title: "Serviço ocupado", detail: "Tente já." });
    renderWithProviders(<QueryState query={{ ...base, error, refetch }}>{() => "dados"}</QueryState>);
    expect(screen.getByRole("alert")).toHaveTextContent("Serviço ocupado");
    await userEvent.setup().click(screen.getByRole("button", { name: "Tentar de novo" }));
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  it("vazio e com dados", () => {
    const { rerender } = renderWithProviders(
      <QueryState query={{ ...base, data: [] as string[] }} isEmpty={(d) => d.length === 0} emptyTitle="Nenhuma sessão">
        {(d) => d.join(",")}
      </QueryState>,
    );
    expect(screen.getByText("Nenhuma sessão")).toBeInTheDocument();
    rerender(
      <QueryState query={{ ...base, data: ["a", "b"] }} isEmpty={(d) => d.length === 0}>
        {(d) => d.join(",")}
      </QueryState>,
    );
    expect(screen.getByText("a,b")).toBeInTheDocument();
  });

  it("erro numa recarga mantém os dados na tela", () => {
    const error = ApiError.network();
    renderWithProviders(<QueryState query={{ ...base, data: "dados antigos", error }}>{(d) => d}</QueryState>);
    expect(screen.getByText("dados antigos")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Não foi possível atualizar");
  });
});

describe("ErrorAlert", () => {
  it("mostra detalhe, erros por campo, espera e o código para o suporte", () => {
    const error = new ApiError({
      status: 422,
      code: "validacao",
      title: "Dados inválidos",
      detail: "Um ou mais campos são inválidos.",
      requestId: "req-42",
      retryAfter: 1,
      errors: [{ field: "name", location: "body", message: "Obrigatório.", type: "missing" }],
    });
    renderWithProviders(<ErrorAlert error={error} />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Dados inválidos");
    expect(alert).toHaveTextContent("name: Obrigatório.");
    expect(alert).toHaveTextContent("Tente de novo em 1 segundo.");
    expect(alert).toHaveTextContent("Código para o suporte: req-42");
  });

  it("exceção qualquer vira mensagem genérica em pt-BR", () => {
    renderWithProviders(<ErrorAlert error={new Error("boom")} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Algo deu errado no aplicativo");
  });
});
