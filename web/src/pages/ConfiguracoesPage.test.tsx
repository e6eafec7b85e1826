import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { defaultRoutes, installFakes, renderApp, signIn } from "@/test/render";

const SETTINGS = {
  providerPreference: ["baileys", "meta_api", "sandbox"],
  automaticFallback: true,
  requestsPerMinute: null,
  businessHours: { enabled: false, timezone: "America/Sao_Paulo", intervals: [], outOfHoursMessage: null },
  defaultAgentId: null,
};

// O primeiro teste digita bastante (intervalos, mensagem, retenção): com as suítes da API rodando junto, passa de 30 s.
describe("tela de configurações", () => {
  it("muda a ordem dos provedores e o horário comercial; 422 aparece junto do campo e depois salva", async () => {
    let stored: unknown = SETTINGS;
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/tenant/settings": () => json(stored),
      "GET /api/v1/agents/list": () =>
        json({ items: [{ id: "a1", name: "Atendente", isActive: true }], total: 1, page: 1, pageSize: 100 }),
      "PUT /api/v1/tenant/settings": async (request, call) => {
        if (call === 1)
          return problem(422, "dados_invalidos", "Confira os campos.", {
            errors: [{ location: "body", field: "businessHours.intervals.0.end", message: "O fim precisa ser depois do início." }],
          });
        stored = await request.json();
        return json(stored);
      },
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/configuracoes");
    await screen.findByRole("button", { name: "Descer WhatsApp Web (Baileys)" });
    expect(screen.getByText("WhatsApp Web (Baileys)", { selector: "b" })).toBeInTheDocument();
    // Pelo teclado: foco no botão e Enter.
    screen.getByRole("button", { name: "Subir Sandbox (testes)" }).focus();
    await user.keyboard("{Enter}");
    await user.click(screen.getByRole("button", { name: "Descer WhatsApp Web (Baileys)" }));
    const order = within(screen.getByTestId("ordem-provedores"))
      .getAllByRole("listitem")
      .map((item) => item.textContent);
    expect(order[0]).toContain("Sandbox");
    expect(order[1]).toContain("Baileys");

    await user.click(screen.getByRole("switch", { name: /Atender só no horário comercial/ }));
    await user.click(screen.getByRole("button", { name: "Acrescentar intervalo" }));
    const interval = screen.getByTestId("intervalo");
    const end = within(interval).getByLabelText("Fim");
    await user.clear(end);
    await user.type(end, "08:00");
    await user.type(screen.getByLabelText("Mensagem fora do horário"), "Voltamos às 9h.");
    // Retenção (LGPD): só mensagens; mídia vazia guarda para sempre.
    await user.type(screen.getByRole("textbox", { name: /Mensagens \(dias\)/ }), "180");
    await user.click(screen.getByRole("button", { name: "Salvar configurações" }));

    expect(await within(interval).findByText("O fim precisa ser depois do início.")).toBeInTheDocument();
    expect(end).toHaveAttribute("aria-invalid", "true");
    expect(JSON.parse(fake.callsTo("PUT /api/v1/tenant/settings")[0]!.body)).toEqual({
      providerPreference: ["sandbox", "baileys", "meta_api"],
      automaticFallback: true,
      requestsPerMinute: null,
      businessHours: {
        enabled: true,
        timezone: "America/Sao_Paulo",
        intervals: [{ day: "monday", start: "09:00", end: "08:00" }],
        outOfHoursMessage: "Voltamos às 9h.",
      },
      defaultAgentId: null,
      // Sempre enviada: o PUT troca as configurações inteiras.
      retention: { messagesDays: 180, mediaDays: null },
    });

    await user.clear(end);
    await user.type(end, "18:00");
    await user.click(screen.getByRole("button", { name: "Salvar configurações" }));
    expect(await screen.findByText("Configurações salvas.")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText("Sandbox (testes)", { selector: "b" })).toBeInTheDocument());
  });

  it("troca o provedor ativo na hora pela rota própria e anuncia a nova ordem", async () => {
    let stored: typeof SETTINGS = SETTINGS;
    const fake = installFakes({
      ...defaultRoutes("admin"),
      "GET /api/v1/tenant/settings": () => json(stored),
      "GET /api/v1/agents/list": () => json({ items: [], total: 0, page: 1, pageSize: 100 }),
      "POST /api/v1/tenant/provider-switch": () => {
        stored = { ...SETTINGS, providerPreference: ["meta_api", "baileys", "sandbox"] };
        return json(stored);
      },
    });
    await signIn("admin");
    const user = userEvent.setup();
    renderApp("/configuracoes");
    const select = (await screen.findAllByLabelText(/Trocar o provedor ativo na hora/)).find(
      (element) => element.tagName === "INPUT",
    )!;
    await user.click(select);
    const listbox = await waitFor(() => document.getElementById(select.getAttribute("aria-controls") ?? "")!);
    await user.click(within(listbox).getByRole("option", { name: "API oficial da Meta", hidden: true }));
    await user.click(screen.getByRole("button", { name: "Trocar agora" }));
    await waitFor(() => expect(JSON.parse(fake.callsTo("POST /api/v1/tenant/provider-switch")[0]!.body)).toEqual({ provider: "meta_api" }));
    expect(await screen.findByText("API oficial da Meta", { selector: "b" })).toBeInTheDocument();
    const first = within(screen.getByTestId("ordem-provedores")).getAllByRole("listitem")[0]!;
    expect(first.textContent).toContain("API oficial da Meta");

    await user.click(screen.getByRole("button", { name: "Descer API oficial da Meta" }));
    expect(screen.getByText("API oficial da Meta agora está na posição 2 de 3.")).toBeInTheDocument();
  });
});
