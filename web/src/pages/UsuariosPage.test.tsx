import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { USER, json, problem } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

const OTHER = { ...USER, id: "u2000000-0000-4000-8000-000000000002", email: "maria@demo.local", name: "Maria", role: "user" };
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, pageSize: 25 });

describe("tela de usuários", () => {
  it("criar: e-mail repetido aparece junto do campo; depois cria", async () => {
    let items: unknown[] = [{ ...USER, role: "admin" }];
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/users": () => json(page(items)),
      "POST /api/v1/users": (_request, call) => {
        if (call === 1)
          return problem(422, "dados_invalidos", "Confira os campos.", {
            errors: [{ location: "body", field: "email", message: "Já existe um usuário com este e-mail." }],
          });
        items = [...items, OTHER];
        return json(OTHER, 201);
      },
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/usuarios");
    expect(await screen.findByText("(você)")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Novo usuário" }));
    const dialog = await screen.findByRole("dialog", { name: "Novo usuário" });
    await user.type(within(dialog).getByLabelText(/^Nome/), "Maria");
    await user.type(within(dialog).getByLabelText(/^E-mail/), "maria@demo.local");
    await user.type(within(dialog).getByLabelText(/^Senha inicial/), "curta");
    await user.click(within(dialog).getByRole("button", { name: "Criar usuário" }));
    expect(await within(dialog).findByText("A senha precisa ter ao menos 8 caracteres.")).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/users")).toHaveLength(0);
    // admin não concede superadmin
    const roleInput = within(dialog).getByRole("combobox", { name: "Papel" });
    await user.click(roleInput);
    const listbox = await waitFor(() => document.getElementById(roleInput.getAttribute("aria-controls") ?? "")!);
    expect(within(listbox).getByRole("option", { name: "Administrador", hidden: true })).toBeInTheDocument();
    expect(within(listbox).queryByRole("option", { name: "Superadministrador", hidden: true })).not.toBeInTheDocument();
    await user.keyboard("{Escape}");

    await user.type(within(dialog).getByLabelText(/^Senha inicial/), "-bem-mais-longa");
    await user.click(within(dialog).getByRole("button", { name: "Criar usuário" }));
    expect(await within(dialog).findByText("Já existe um usuário com este e-mail.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^E-mail/)).toHaveAttribute("aria-invalid", "true");

    await user.click(within(dialog).getByRole("button", { name: "Criar usuário" }));
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Novo usuário" })).not.toBeInTheDocument());
    expect(await screen.findByText("maria@demo.local")).toBeInTheDocument();
    expect(JSON.parse(fake.callsTo("POST /api/v1/users")[1]!.body)).toEqual({
      name: "Maria",
      email: "maria@demo.local",
      password: "curta-bem-mais-longa",
      role: "user",
    });
  });

  it("desativar a si mesmo: mostra o erro da API", async () => {
    installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/users": () => json(page([{ ...USER, role: "admin" }])),
      [`PATCH /api/v1/users/${USER.id}`]: () =>
        problem(409, "operacao_sobre_si_mesmo", "Você não pode desativar nem rebaixar a si mesmo."),
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/usuarios");
    await user.click(await screen.findByRole("button", { name: `Ações de ${USER.name}` }));
    await user.click(await screen.findByRole("menuitem", { name: "Editar papel e situação" }));
    const dialog = await screen.findByRole("dialog", { name: "Editar usuário" });
    await user.click(within(dialog).getByRole("switch", { name: /Ativo/ }));
    await user.click(within(dialog).getByRole("button", { name: "Salvar" }));
    expect(await within(dialog).findByText("Você não pode desativar nem rebaixar a si mesmo.")).toBeInTheDocument();
  });
});
