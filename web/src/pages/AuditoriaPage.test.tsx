import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { USER, json } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

const ENTRY = {
  id: "l1",
  actorType: "user",
  actorId: USER.id,
  actorLabel: "admin@demo.local",
  action: "create_user",
  resourceType: "user",
  resourceId: "u2",
  method: "POST",
  path: "/api/v1/users",
  statusCode: 201,
  ip: "127.0.0.1",
  userAgent: "teste",
  requestId: "req-1",
  details: { role: "admin" },
  createdAt: "2026-12-01T12:00:00Z",
};

describe("tela de auditoria", () => {
  it("filtra por ação e período, pagina e mostra os detalhes", async () => {
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/users": () => json({ items: [USER], total: 1, page: 1, pageSize: 100 }),
      "GET /api/v1/audit-logs": () => json({ items: [ENTRY], total: 120, page: 1, pageSize: 50 }),
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/auditoria");
    expect(await screen.findByText("120 registros")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Ação"), "create_user");
    await user.type(screen.getByLabelText("De"), "2026-12-01");
    await waitFor(() => {
      const last = fake.fetch.mock.calls.at(-1)![0] as Request;
      expect(last.url).toContain("action=create_user");
      expect(last.url).toContain("since=");
    });
    await user.click(screen.getByRole("button", { name: "2" }));
    await waitFor(() => expect((fake.fetch.mock.calls.at(-1)![0] as Request).url).toContain("page=2"));
    await user.click(await screen.findByRole("button", { name: /Detalhes de create_user/ }));
    const dialog = await screen.findByRole("dialog", { name: "Detalhes do registro" });
    expect(within(dialog).getByText("POST /api/v1/users")).toBeInTheDocument();
    expect(within(dialog).getByText(/"role": "admin"/)).toBeInTheDocument();
  });
});
