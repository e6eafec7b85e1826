// Milhares de conversas: a lista monta e reordena rápido (linhas memorizadas; o navegador pula o desenho das que
// estão fora da tela por `content-visibility: auto`).
import { act, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "@/test/render";
import { ConversationRows } from "./ConversationList";
import { conversation, SESSION_ID } from "./fixtures";

describe("lista com 3.000 conversas", () => {
  it("monta e reordena (mensagem nova) dentro do orçamento", () => {
    const items = Array.from({ length: 3000 }, (_, i) => conversation(i + 1, { unreadCount: i % 7 }));
    const sessions = new Map([[SESSION_ID, "Vendas · Sandbox"]]);
    const started = performance.now();
    const view = renderWithProviders(
      <MemoryRouter>
        <ConversationRows items={items} selectedId={undefined} sessions={sessions} />
      </MemoryRouter>,
    );
    const mounted = performance.now() - started;
    expect(screen.getAllByTestId("conversation-row")).toHaveLength(3000);

    // Uma mensagem nova leva a conversa 2.500 ao topo: só a linha mudada é redesenhada (as outras são memorizadas).
    const moved = { ...items[2499]!, lastMessagePreview: "Nova", unreadCount: 1 };
    const reordered = [moved, ...items.slice(0, 2499), ...items.slice(2500)];
    const before = performance.now();
    act(() =>
      view.rerender(
        <MemoryRouter>
          <ConversationRows items={reordered} selectedId={undefined} sessions={sessions} />
        </MemoryRouter>,
      ),
    );
    const reorder = performance.now() - before;
    expect(screen.getAllByTestId("conversation-row")[0]).toHaveTextContent("Nova");
    console.info(`3.000 conversas: montagem ${mounted.toFixed(0)} ms, reordenação ${reorder.toFixed(0)} ms (jsdom)`);
    // Orçamentos folgados para o jsdom numa máquina de 2 núcleos (o navegador é bem mais rápido).
    expect(mounted).toBeLessThan(8000);
    expect(reorder).toBeLessThan(1000);
  }, 30_000);
});
