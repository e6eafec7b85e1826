import { screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "@/test/render";
import { RouteError } from "./RouteError";

function renderThrowing(error: Error) {
  const Boom = () => {
    throw error;
  };
  const router = createMemoryRouter([{ path: "/", element: <Boom />, errorElement: <RouteError /> }]);
  renderWithProviders(<RouterProvider router={router} />);
}

describe("RouteError", () => {
  it("um erro numa tela vira aviso em pt-BR com Recarregar, não página em branco", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    renderThrowing(new Error("x is undefined"));
    expect(screen.getByRole("alert")).toHaveTextContent("Não foi possível mostrar esta tela");
    expect(screen.getByRole("button", { name: "Recarregar" })).toBeInTheDocument();
  });

  it("pedaço do app que sumiu depois de uma atualização pede para recarregar", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    renderThrowing(new TypeError("Failed to fetch dynamically imported module: /assets/ConversasPage-abc.js"));
    expect(screen.getByRole("alert")).toHaveTextContent("Versão nova disponível");
  });
});
