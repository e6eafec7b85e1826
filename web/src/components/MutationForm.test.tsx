import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/api/errors";
import { renderWithProviders } from "@/test/render";
import { MutationForm } from "./MutationForm";

const error = new ApiError({ status: 422, code: "dados_invalidos", title: "Dados inválidos", detail: "Confira os campos." });

describe("MutationForm", () => {
  it("envia pelo submit, cancela e mostra só os erros que sobraram dos campos", async () => {
    const submit = vi.fn((event?: { preventDefault: () => void }) => event?.preventDefault());
    const onCancel = vi.fn();
    const alert = { error, fieldErrors: [{ location: "body", field: "extra", message: "Campo desconhecido.", type: "extra_forbidden" }] };
    renderWithProviders(
      <MutationForm
        state={{ submit, alert, mutation: { isPending: false } }}
        alertTitle="Não foi possível salvar"
        submitLabel="Salvar"
        onCancel={onCancel}
      >
        <input aria-label="Nome" />
      </MutationForm>,
    );
    const shown = screen.getByRole("alert");
    expect(within(shown).getByText("Não foi possível salvar")).toBeInTheDocument();
    expect(within(shown).getByText(/Campo desconhecido/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Cancelar" }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole("button", { name: "Salvar" }));
    expect(submit).toHaveBeenCalledTimes(1);
  });

  it("sem erro nem onCancel: só o botão de enviar, ocupado enquanto envia", () => {
    renderWithProviders(
      <MutationForm state={{ submit: vi.fn(), alert: null, mutation: { isPending: true } }} submitLabel="Conectar">
        <span>campos</span>
      </MutationForm>,
    );
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Cancelar" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Conectar" })).toHaveAttribute("data-loading");
  });
});
