import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Schemas } from "@/api";
import { json } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";
import { page } from "./fixtures";

const VISIT: Schemas["AppointmentOut"] = {
  id: "v1",
  propertyId: null,
  contactNumber: "5511987654321",
  contactName: "Maria",
  scheduledFor: "2026-12-05T13:00:00Z",
  status: "scheduled",
  notes: "Visita ao AP-201",
  agentId: null,
  conversationId: null,
  createdBy: null,
  createdAt: "2026-12-01T12:00:00Z",
  updatedAt: "2026-12-01T12:00:00Z",
};

describe("visitas", () => {
  it("lista no fuso local e muda a situação pelo PATCH", async () => {
    let visit = VISIT;
    const fake = installFakes({
      ...defaultRoutes("user"),
      "GET /api/v1/appointments": () => json(page([visit])),
      "PATCH /api/v1/appointments/v1": async (request) => {
        const body = (await request.json()) as { status: Schemas["AppointmentOut"]["status"] };
        visit = { ...visit, status: body.status };
        return json(visit);
      },
    });
    await signIn("user");
    const user = userEvent.setup();
    renderApp("/agentes?secao=visitas");
    const table = await screen.findByRole("table", { name: "Visitas agendadas" });
    expect(within(table).getByText("05/12/2026 10:00")).toBeInTheDocument();
    expect(within(table).getByText("Maria")).toBeInTheDocument();
    const select = within(table).getByRole("combobox", { name: /Situação da visita de Maria/ });
    await user.click(select);
    // a lista de opções desta linha (o filtro de situação acima tem as mesmas opções)
    const listbox = await waitFor(() => {
      const element = document.getElementById(select.getAttribute("aria-controls") ?? "");
      if (!element) throw new Error("lista de opções ainda fechada");
      return element;
    });
    await user.click(within(listbox).getByRole("option", { name: "Realizada", hidden: true }));
    await waitFor(() => expect(fake.callsTo("PATCH /api/v1/appointments/v1")).toHaveLength(1));
    expect(JSON.parse(fake.callsTo("PATCH /api/v1/appointments/v1")[0]!.body)).toEqual({ status: "done" });
    expect(await screen.findByText("Visita marcada como realizada.")).toBeInTheDocument();
  });
});
