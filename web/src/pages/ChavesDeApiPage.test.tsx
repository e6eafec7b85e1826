import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

const KEY = {
  id: "k1000000-0000-4000-8000-000000000001",
  name: "CRM",
  prefix: "wacs_ab12",
  scopes: ["messages:send"],
  createdAt: "2026-12-01T12:00:00Z",
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
};
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, pageSize: 100 });

describe("tela de chaves de API", () => {
  it("cria com permissões, mostra a chave uma única vez e revoga", async () => {
    let items: unknown[] = [];
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/api-keys": () => json(page(items)),
      "GET /api/v1/api-keys/scopes": () =>
        json([
          { scope: "messages:send", description: "Enviar mensagens" },
          { scope: "messages:read", description: "Ler mensagens e conversas" },
        ]),
      "POST /api/v1/api-keys": () => {
        items = [KEY];
        return json({ ...KEY, key: "wacs_ab12_chave_completa_secreta" }, 201);
      },
      [`DELETE /api/v1/api-keys/${KEY.id}`]: () => {
        items = [];
        return new Response(null, { status: 204 });
      },
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/chaves-de-api");
    expect(await screen.findByText("Nenhuma chave de API")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Nova chave" }));
    const dialog = await screen.findByRole("dialog", { name: "Nova chave de API" });
    await user.type(within(dialog).getByLabelText(/^Nome/), "CRM");
    await user.click(await within(dialog).findByRole("checkbox", { name: /messages:send/ }));
    expect(within(dialog).getByText("Ler mensagens e conversas")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Criar chave" }));

    const secret = await screen.findByTestId("segredo-unico");
    expect(within(secret).getByText("wacs_ab12_chave_completa_secreta")).toBeInTheDocument();
    expect(within(secret).getByRole("button", { name: "Copiar a chave de API" })).toBeInTheDocument();
    expect(JSON.parse(fake.callsTo("POST /api/v1/api-keys")[0]!.body)).toEqual({ name: "CRM", scopes: ["messages:send"], expiresAt: null });
    expect(await screen.findByRole("table", { name: "Chaves de API" })).toBeInTheDocument();
    await user.click(within(secret).getByRole("button", { name: /Fechar/ }));
    await waitFor(() => expect(screen.queryByText("wacs_ab12_chave_completa_secreta")).not.toBeInTheDocument());

    await user.click(screen.getByRole("button", { name: "Revogar CRM" }));
    const confirm = await screen.findByRole("dialog", { name: "Revogar chave" });
    await user.click(within(confirm).getByRole("button", { name: "Revogar" }));
    await waitFor(() => expect(fake.callsTo(`DELETE /api/v1/api-keys/${KEY.id}`)).toHaveLength(1));
    expect(await screen.findByText("Nenhuma chave de API")).toBeInTheDocument();
  });
});
