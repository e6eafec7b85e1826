// Menu LGPD do cabeçalho da conversa: só para administradores; exporta o zip e apaga com confirmação pelo número.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";
import { typedNumberMatches } from "./ContactDataMenu";
import { agentsPage, conversation, message, page, SESSIONS } from "./fixtures";

const CONV = conversation(1);
const PHONE = CONV.contactNumber; // 5511980000001
const MENU = "Dados do contato (LGPD)";
const COUNTS = {
  messages: 12,
  conversations: 1,
  media: 2,
  aiConversations: 1,
  appointments: 0,
  inboundEvents: 6,
  webhookDeliveries: 4,
  jobs: 0,
  sandboxOutbox: 3,
  realtimeEventsRedacted: 9,
  bulkSendsRedacted: 0,
  auditLogsMasked: 2,
};

function routes(role: string, extra: Record<string, (request: Request) => Response> = {}) {
  return {
    ...defaultRoutes(role),
    "GET /api/v1/conversations": () => json(page([CONV])),
    "GET /api/v1/sessions": () => json(SESSIONS),
    "GET /api/v1/agents/list": () => json(agentsPage()),
    [`GET /api/v1/conversations/${CONV.id}`]: () => json(CONV),
    [`GET /api/v1/conversations/${CONV.id}/messages`]: () =>
      json({ items: [message(5, { content: { text: "Quero meus dados" } })], nextCursor: null }),
    [`GET /api/v1/contacts/${PHONE}/export`]: () =>
      new Response("PK\u0003\u0004zip", {
        status: 200,
        headers: {
          "Content-Type": "application/zip",
          "Content-Disposition": 'attachment; filename="lgpd-contato-xxxxxxxxx0001-20261202.zip"',
        },
      }),
    [`DELETE /api/v1/contacts/${PHONE}`]: () => json({ phone: "*********0001", counts: COUNTS, total: 40 }),
    ...extra,
  };
}

async function openThread(role: string) {
  await signIn(role);
  const rendered = renderApp(`/conversas/${CONV.id}`);
  await screen.findByText("Quero meus dados");
  return rendered;
}

describe("Conversas: dados do contato (LGPD)", () => {
  beforeEach(() => {
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: vi.fn(() => "blob:zip"), revokeObjectURL: vi.fn() }));
  });
  afterEach(() => vi.restoreAllMocks());

  it("usuário comum não vê o menu", async () => {
    installFakes(routes("user"));
    await openThread("user");
    expect(screen.queryByRole("button", { name: MENU })).not.toBeInTheDocument();
  });

  it("exportar baixa o zip com o nome dado pela API", async () => {
    const fake = installFakes(routes("admin"));
    await openThread("admin");
    const user = userEvent.setup();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    await user.click(await screen.findByRole("button", { name: MENU }));
    await user.click(await screen.findByRole("menuitem", { name: "Exportar dados do contato (LGPD)", hidden: true }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    expect(fake.callsTo(`GET /api/v1/contacts/${PHONE}/export`)).toHaveLength(1);
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe("lgpd-contato-xxxxxxxxx0001-20261202.zip");
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
  });

  it("apagar exige digitar o número e mostra as contagens", async () => {
    const fake = installFakes(routes("admin"));
    const { router } = await openThread("admin");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: MENU }));
    await user.click(await screen.findByRole("menuitem", { name: "Apagar dados do contato", hidden: true }));
    const dialog = await screen.findByRole("dialog", { name: "Apagar dados do contato" });
    const confirm = within(dialog).getByRole("button", { name: "Apagar dados" });
    expect(confirm).toBeDisabled();
    const input = within(dialog).getByRole("textbox", { name: "Digite o número do contato para confirmar" });
    await user.type(input, "11 98000-0002");
    expect(confirm).toBeDisabled(); // outro número não confirma
    await user.clear(input);
    await user.type(input, "(11) 98000-0001");
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    const table = await within(dialog).findByTestId("erase-counts");
    expect(fake.callsTo(`DELETE /api/v1/contacts/${PHONE}`)).toHaveLength(1);
    expect(within(dialog).getByText(/Dados do contato \*{9}0001 apagados \(40 registros\)/)).toBeInTheDocument();
    expect(within(table).getByText("Mensagens").closest("tr")).toHaveTextContent("12");
    expect(within(table).getByText("Eventos de tempo real (conteúdo removido)").closest("tr")).toHaveTextContent("9");
    await user.click(within(dialog).getByRole("button", { name: "Concluir" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/conversas"));
  });

  it("erro da API aparece no modal, que continua aberto", async () => {
    installFakes(
      routes("admin", {
        [`DELETE /api/v1/contacts/${PHONE}`]: () => problem(403, "acesso_negado", "Esta operação exige o papel admin."),
      }),
    );
    await openThread("admin");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: MENU }));
    await user.click(await screen.findByRole("menuitem", { name: "Apagar dados do contato", hidden: true }));
    const dialog = await screen.findByRole("dialog", { name: "Apagar dados do contato" });
    await user.type(within(dialog).getByRole("textbox"), PHONE);
    await user.click(within(dialog).getByRole("button", { name: "Apagar dados" }));
    expect(await within(dialog).findByText("Esta operação exige o papel admin.")).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Apagar dados" })).toBeInTheDocument();
  });

  it("o número confere com e sem o 55, nunca pela metade", () => {
    expect(typedNumberMatches("5511980000001", PHONE)).toBe(true);
    expect(typedNumberMatches("(11) 98000-0001", PHONE)).toBe(true);
    expect(typedNumberMatches("+55 11 98000-0001", PHONE)).toBe(true);
    expect(typedNumberMatches("98000-0001", PHONE)).toBe(false);
    expect(typedNumberMatches("", PHONE)).toBe(false);
  });
});
