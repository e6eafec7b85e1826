import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

const DEMO = {
  id: "7df3a0a0-0000-4000-8000-000000000002",
  clientId: "demo",
  name: "Demonstração",
  isActive: true,
  createdAt: "2026-11-30T08:56:00Z",
  updatedAt: "2026-11-30T08:56:00Z",
};
const LOJA = { ...DEMO, id: "t2", clientId: "loja", name: "Loja" };
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, pageSize: 25 });

describe("tela de tenants", () => {
  it("cria com o primeiro administrador (ID repetido junto do campo) e desativa outro tenant", async () => {
    const fake = installFakes({
      ...defaultRoutes("superadmin"),
      "GET /api/v1/tenants": () => json(page([DEMO, LOJA])),
      "POST /api/v1/tenants": (_request, call) =>
        call === 1
          ? problem(422, "dados_invalidos", "Confira.", {
              errors: [{ location: "body", field: "clientId", message: "Já existe um tenant com este ID." }],
            })
          : json({ ...LOJA, clientId: "nova", adminUserId: "u9" }, 201),
      "PATCH /api/v1/tenants/loja": () => json({ ...LOJA, isActive: false }),
    });
    await signIn("superadmin");
    const user = userEvent.setup();
    renderApp("/tenants");
    expect(await screen.findByRole("switch", { name: "Tenant demo ativo" })).toBeDisabled();
    await user.click(screen.getByRole("switch", { name: "Tenant loja ativo" }));
    await waitFor(() => expect(JSON.parse(fake.callsTo("PATCH /api/v1/tenants/loja")[0]!.body)).toEqual({ isActive: false }));

    await user.click(screen.getByRole("button", { name: "Novo tenant" }));
    const dialog = await screen.findByRole("dialog", { name: "Novo tenant" });
    await user.type(within(dialog).getByLabelText(/^ID do tenant/), "loja");
    await user.type(within(dialog).getByLabelText(/^Nome\W*$/), "Nova");
    await user.type(within(dialog).getByLabelText(/^Nome do administrador/), "Ana");
    await user.type(within(dialog).getByLabelText(/^E-mail do administrador/), "ana@nova.test");
    await user.type(within(dialog).getByLabelText(/^Senha inicial do administrador/), "senha-forte-1");
    await user.click(within(dialog).getByRole("button", { name: "Criar tenant" }));
    expect(await within(dialog).findByText("Já existe um tenant com este ID.")).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText(/^ID do tenant/));
    await user.type(within(dialog).getByLabelText(/^ID do tenant/), "nova");
    await user.click(within(dialog).getByRole("button", { name: "Criar tenant" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Novo tenant" })).not.toBeInTheDocument());
    expect(JSON.parse(fake.callsTo("POST /api/v1/tenants")[1]!.body)).toEqual({
      clientId: "nova",
      name: "Nova",
      admin: { name: "Ana", email: "ana@nova.test", password: "senha-forte-1" },
    });
  });
});
