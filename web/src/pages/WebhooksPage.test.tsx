import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

const ENDPOINT = {
  id: "e1000000-0000-4000-8000-000000000001",
  url: "https://exemplo.com.br/hook",
  events: ["message.created"],
  description: null,
  isActive: true,
  createdAt: "2026-12-01T12:00:00Z",
  updatedAt: "2026-12-01T12:00:00Z",
};
const DELIVERY = {
  id: "d1000000-0000-4000-8000-000000000001",
  endpointId: ENDPOINT.id,
  eventId: "ev-1",
  eventType: "webhook.test",
  status: "dead",
  attempts: 8,
  lastStatusCode: 500,
  lastError: "HTTP 500",
  nextAttemptAt: null,
  deliveredAt: null,
  createdAt: "2026-12-01T12:00:00Z",
  updatedAt: "2026-12-01T12:10:00Z",
};
const page = (items: unknown[]) => ({ items, total: items.length, page: 1, pageSize: 100 });
const EVENT_TYPES = [
  { type: "message.created", description: "Mensagem recebida ou enviada" },
  { type: "message.status", description: "Mudança de status" },
];

describe("tela de webhooks", () => {
  it("cria um endpoint e mostra o segredo uma única vez", async () => {
    let items: unknown[] = [];
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/webhooks/endpoints": () => json(page(items)),
      "GET /api/v1/webhooks/event-types": () => json(EVENT_TYPES),
      "GET /api/v1/webhooks/endpoints/e1000000-0000-4000-8000-000000000001/deliveries": () => json(page([])),
      "POST /api/v1/webhooks/endpoints": () => {
        items = [ENDPOINT];
        return json({ ...ENDPOINT, events: ["*"], secret: "whsec_segredo_unico" }, 201);
      },
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/webhooks");
    expect(await screen.findByText("Nenhum endpoint cadastrado")).toBeInTheDocument();
    await user.click(screen.getAllByRole("button", { name: "Novo endpoint" })[0]!);
    const dialog = await screen.findByRole("dialog", { name: "Novo endpoint" });
    await user.type(within(dialog).getByLabelText(/^URL/), ENDPOINT.url);
    await user.click(within(dialog).getByLabelText(/Todos os eventos/));
    await user.click(within(dialog).getByRole("button", { name: "Criar endpoint" }));

    const secret = await screen.findByTestId("segredo-unico");
    expect(within(secret).getByText("whsec_segredo_unico")).toBeInTheDocument();
    expect(within(secret).getByText(/único momento/)).toBeInTheDocument();
    expect(within(secret).getByRole("button", { name: /Copiar o segredo/ })).toBeInTheDocument();
    expect(JSON.parse(fake.callsTo("POST /api/v1/webhooks/endpoints")[0]!.body)).toMatchObject({
      url: ENDPOINT.url,
      events: ["*"],
      isActive: true,
    });
    await screen.findByRole("table", { name: "Endpoints de webhook" });
    await user.click(within(secret).getByRole("button", { name: /Fechar/ }));
    await waitFor(() => expect(screen.queryByTestId("segredo-unico")).not.toBeInTheDocument());
    expect(screen.queryByText("whsec_segredo_unico")).not.toBeInTheDocument();
  });

  it("URL recusada pela API aparece junto do campo", async () => {
    installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/webhooks/endpoints": () => json(page([])),
      "GET /api/v1/webhooks/event-types": () => json(EVENT_TYPES),
      "POST /api/v1/webhooks/endpoints": () =>
        problem(422, "url_nao_permitida", "A URL aponta para um endereço interno; webhooks só são entregues a endereços públicos."),
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/webhooks");
    await screen.findByText("Nenhum endpoint cadastrado");
    await user.click(screen.getAllByRole("button", { name: "Novo endpoint" })[0]!);
    const dialog = await screen.findByRole("dialog", { name: "Novo endpoint" });
    await user.type(within(dialog).getByLabelText(/^URL/), "http://127.0.0.1/x");
    await user.click(within(dialog).getByLabelText(/Todos os eventos/));
    await user.click(within(dialog).getByRole("button", { name: "Criar endpoint" }));
    expect(await within(dialog).findByText(/endereço interno/)).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^URL/)).toHaveAttribute("aria-invalid", "true");
  });

  it("registro de entregas: status, detalhes com o conteúdo e reenvio", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/webhooks/endpoints": () => json(page([ENDPOINT])),
      [`GET /api/v1/webhooks/endpoints/${ENDPOINT.id}/deliveries`]: () => json({ ...page([DELIVERY]), pageSize: 20 }),
      [`GET /api/v1/webhooks/deliveries/${DELIVERY.id}`]: () => json({ ...DELIVERY, payload: { type: "webhook.test", data: { ola: "mundo" } } }),
      [`POST /api/v1/webhooks/deliveries/${DELIVERY.id}/replay`]: () =>
        json({ ...DELIVERY, id: "d2", status: "pending", attempts: 0, payload: {} }, 202),
      [`POST /api/v1/webhooks/endpoints/${ENDPOINT.id}/test`]: () => json({ ...DELIVERY, status: "pending", payload: {} }, 202),
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/webhooks");
    await user.click(await screen.findByRole("button", { name: "Enviar teste" }));
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/webhooks/endpoints/${ENDPOINT.id}/test`)).toHaveLength(1));
    await user.click(screen.getByRole("button", { name: "Entregas" }));
    const row = await screen.findByTestId("entrega");
    expect(within(row).getByText("Desistiu")).toBeInTheDocument();
    expect(within(row).getByText("HTTP 500", { selector: "td" })).toBeInTheDocument();
    await user.click(within(row).getByRole("button", { name: /Detalhes da entrega/ }));
    const dialog = await screen.findByRole("dialog", { name: "Detalhes da entrega" });
    expect(await within(dialog).findByText(/"ola": "mundo"/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Reenviar" }));
    await waitFor(() => expect(fake.callsTo(`POST /api/v1/webhooks/deliveries/${DELIVERY.id}/replay`)).toHaveLength(1));
    expect(await screen.findByText(/Entrega reenviada/)).toBeInTheDocument();
  });

  it("gera outro segredo (mostrado uma vez), edita os eventos e desativa", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/webhooks/endpoints": () => json(page([ENDPOINT])),
      "GET /api/v1/webhooks/event-types": () => json(EVENT_TYPES),
      [`POST /api/v1/webhooks/endpoints/${ENDPOINT.id}/rotate-secret`]: () => json({ ...ENDPOINT, secret: "whsec_novo" }),
      [`PATCH /api/v1/webhooks/endpoints/${ENDPOINT.id}`]: async (request) => json({ ...ENDPOINT, ...(await request.json()) }),
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/webhooks");
    await user.click(await screen.findByRole("button", { name: `Mais ações de ${ENDPOINT.url}` }));
    await user.click(await screen.findByRole("menuitem", { name: "Gerar novo segredo" }));
    expect(within(await screen.findByTestId("segredo-unico")).getByText("whsec_novo")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("menuitem", { name: "Gerar novo segredo" })).not.toBeInTheDocument());

    await user.click(screen.getByRole("button", { name: `Mais ações de ${ENDPOINT.url}` }));
    await waitFor(() => expect(screen.getByRole("button", { name: `Mais ações de ${ENDPOINT.url}` })).toHaveAttribute("aria-expanded", "true"));
    // A segunda abertura do menu fica presa na transição no jsdom (display: none); o item existe e é clicável.
    await user.click(await screen.findByRole("menuitem", { name: "Editar", hidden: true }));
    const dialog = await screen.findByRole("dialog", { name: "Editar endpoint" });
    expect(within(dialog).getByLabelText(/^URL/)).toHaveValue(ENDPOINT.url);
    await user.click(within(dialog).getByRole("button", { name: "Salvar" }));
    await waitFor(() => expect(fake.callsTo(`PATCH /api/v1/webhooks/endpoints/${ENDPOINT.id}`)).toHaveLength(1));
    expect(JSON.parse(fake.callsTo(`PATCH /api/v1/webhooks/endpoints/${ENDPOINT.id}`)[0]!.body)).toEqual({
      url: ENDPOINT.url,
      description: null,
      events: ["message.created"],
    });

    await user.click(screen.getByRole("switch", { name: `Endpoint ${ENDPOINT.url} ativo` }));
    await waitFor(() => expect(fake.callsTo(`PATCH /api/v1/webhooks/endpoints/${ENDPOINT.id}`)).toHaveLength(2));
    expect(JSON.parse(fake.callsTo(`PATCH /api/v1/webhooks/endpoints/${ENDPOINT.id}`)[1]!.body)).toEqual({ isActive: false });
  });
});
