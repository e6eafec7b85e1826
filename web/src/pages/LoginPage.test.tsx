import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { sessionManager } from "@/api";
import { problem, tokenPair } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp } from "@/test/render";
import { LAST_TENANT_KEY } from "./LoginPage";

async function fill(user: ReturnType<typeof userEvent.setup>, values: { tenant?: string; email?: string; password?: string }) {
  if (values.tenant !== undefined) await user.type(screen.getByLabelText(/Empresa \(ID do tenant\)/), values.tenant);
  if (values.email !== undefined) await user.type(screen.getByLabelText(/^E-mail/), values.email);
  if (values.password !== undefined) await user.type(screen.getByLabelText(/^Senha/), values.password);
}

describe("tela de login", () => {
  it("valida os campos em pt-BR antes de chamar a API", async () => {
    const fake = installFakes(defaultRoutes());
    const user = userEvent.setup();
    renderApp("/entrar");
    await user.click(await screen.findByRole("button", { name: "Entrar" }));
    expect(await screen.findByText("Informe o identificador da empresa.")).toBeInTheDocument();
    expect(screen.getByText("Informe o seu e-mail.")).toBeInTheDocument();
    expect(screen.getByText("Informe a sua senha.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^E-mail/)).toHaveAttribute("aria-invalid", "true");

    await fill(user, { tenant: "Loja Exemplo", email: "maria", password: "x" });
    await user.click(screen.getByRole("button", { name: "Entrar" }));
    expect(await screen.findByText(/Use letras minúsculas, números/)).toBeInTheDocument();
    expect(screen.getByText(/Informe um e-mail válido/)).toBeInTheDocument();
    expect(fake.callsTo("POST /api/v1/auth/login")).toHaveLength(0);
  });

  it("credenciais erradas: aviso em pt-BR e a senha é apagada", async () => {
    installFakes({
      ...defaultRoutes(),
      "POST /api/v1/auth/login": () => problem(401, "credenciais_invalidas", "E-mail ou senha incorretos."),
    });
    const user = userEvent.setup();
    renderApp("/entrar");
    await screen.findByRole("button", { name: "Entrar" });
    await fill(user, { tenant: "demo", email: "admin@demo.local", password: "errada" });
    await user.click(screen.getByRole("button", { name: "Entrar" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Não foi possível entrar");
    expect(alert).toHaveTextContent("Confira também o identificador da empresa");
    expect(screen.getByLabelText(/^Senha/)).toHaveValue("");
  });

  it("erros por campo da API (422) aparecem junto do campo; o resto num aviso", async () => {
    installFakes({
      ...defaultRoutes(),
      "POST /api/v1/auth/login": () =>
        problem(422, "validacao", "Um ou mais campos são inválidos.", {
          title: "Dados inválidos",
          errors: [
            { field: "email", location: "body", message: "Deve ter no máximo 255 caracteres.", type: "string_too_long" },
          ],
        }),
    });
    const user = userEvent.setup();
    renderApp("/entrar");
    await screen.findByRole("button", { name: "Entrar" });
    await fill(user, { tenant: "demo", email: "admin@demo.local", password: "senha" });
    await user.click(screen.getByRole("button", { name: "Entrar" }));
    expect(await screen.findByText("Deve ter no máximo 255 caracteres.")).toBeInTheDocument();
    expect(screen.getByLabelText(/^E-mail/)).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("429: mostra quanto esperar", async () => {
    installFakes({
      ...defaultRoutes(),
      "POST /api/v1/auth/login": () =>
        problem(429, "login_bloqueado_temporariamente", "Muitas tentativas de login.", {
          title: "Muitas tentativas de login",
          retryAfter: 30,
        }),
    });
    const user = userEvent.setup();
    renderApp("/entrar");
    await screen.findByRole("button", { name: "Entrar" });
    await fill(user, { tenant: "demo", email: "admin@demo.local", password: "senha" });
    await user.click(screen.getByRole("button", { name: "Entrar" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Tente de novo em 30 segundos.");
  });

  it("entra, lembra o tenant e abre o painel com quem está logado", async () => {
    const fake = installFakes(defaultRoutes("admin"));
    const user = userEvent.setup();
    renderApp("/entrar");
    await screen.findByRole("button", { name: "Entrar" });
    await fill(user, { tenant: "demo", email: "admin@demo.local", password: "senha-123" });
    await user.click(screen.getByRole("button", { name: "Entrar" }));
    // A moldura e o Painel são carregados sob demanda (lazy): com as suítes da API rodando junto, passa de 1 s.
    expect(await screen.findByRole("heading", { level: 1, name: "Painel" })).toBeInTheDocument();
    expect(await screen.findByTestId("painel-nome")).toHaveTextContent("Administrador");
    expect(screen.getByTestId("painel-tenant")).toHaveTextContent("Demonstração");
    expect(localStorage.getItem(LAST_TENANT_KEY)).toBe("demo");
    const [login] = fake.callsTo("POST /api/v1/auth/login");
    expect(login!.headers.get("X-Client-Id")).toBe("demo");
    expect(sessionManager.getSnapshot()?.accessToken).toBe(tokenPair("1").accessToken);
  });

  it("sem sessão, uma tela protegida manda para o login e volta para ela depois", async () => {
    installFakes(defaultRoutes("admin"));
    const user = userEvent.setup();
    const { router } = renderApp("/usuarios");
    await screen.findByRole("button", { name: "Entrar" });
    expect(router.state.location.pathname).toBe("/entrar");
    await fill(user, { tenant: "demo", email: "admin@demo.local", password: "senha-123" });
    await user.click(screen.getByRole("button", { name: "Entrar" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/usuarios"));
    const main = await screen.findByRole("main");
    expect(await within(main).findByRole("heading", { level: 1, name: "Usuários" })).toBeInTheDocument();
  });
});
