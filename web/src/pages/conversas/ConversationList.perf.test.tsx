// Milhares de conversas: a lista é virtualizada (só as linhas visíveis vão para o DOM), então montar, reordenar e
// rolar custam o mesmo com 100 ou 3.000 conversas. A medida no navegador de verdade é bench/web_conversation_list.mjs.
import { act, fireEvent, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it, vi } from "vitest";
import { renderWithProviders } from "@/test/render";
import { ConversationRows } from "./ConversationList";
import { conversation, SESSION_ID } from "./fixtures";

const sessions = new Map([[SESSION_ID, "Vendas · Sandbox"]]);
const ROW = 76; // a altura padrão da linha (o jsdom não calcula layout)

function renderRows(items: ReturnType<typeof conversation>[]) {
  return renderWithProviders(
    <MemoryRouter>
      <ConversationRows items={items} selectedId={undefined} sessions={sessions} />
    </MemoryRouter>,
  );
}

describe("lista com 3.000 conversas", () => {
  it("monta só as linhas visíveis e reordena (mensagem nova) dentro do orçamento", () => {
    const items = Array.from({ length: 3000 }, (_, i) => conversation(i + 1, { unreadCount: i % 7 }));
    const started = performance.now();
    const view = renderRows(items);
    const mounted = performance.now() - started;
    const rows = screen.getAllByTestId("conversation-row");
    // A janela do jsdom (768 px) mais a margem: dezenas de linhas, não milhares.
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(screen.getByRole("list", { name: "Conversas" })).toHaveStyle({ height: `${3000 * ROW}px` });
    expect(rows[0]!.closest("li")).toHaveAttribute("aria-setsize", "3000");

    // Uma mensagem nova leva a conversa 2.500 ao topo.
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
    expect(screen.getAllByTestId("conversation-row")[1]!.closest("li")).toHaveAttribute("aria-posinset", "2");
    console.info(`3.000 conversas: montagem ${mounted.toFixed(0)} ms, reordenação ${reorder.toFixed(0)} ms (jsdom)`);
    // Folgados para uma máquina de 2 núcleos carregada; antes da virtualização eram ~2 s e ~100 ms.
    expect(mounted).toBeLessThan(4000);
    expect(reorder).toBeLessThan(500);
  });

  it("rolar troca as linhas desenhadas pelas da posição nova", async () => {
    const items = Array.from({ length: 3000 }, (_, i) => conversation(i + 1));
    renderRows(items);
    const list = screen.getByRole("list", { name: "Conversas" });
    // Rolou até a linha 1.000: a lista começa 1.000 linhas acima do topo da janela.
    vi.spyOn(list, "getBoundingClientRect").mockReturnValue({ top: -1000 * ROW } as DOMRect);
    fireEvent.scroll(window);
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    const rows = screen.getAllByTestId("conversation-row");
    const positions = rows.map((row) => Number(row.closest("li")!.getAttribute("aria-posinset")));
    expect(positions).toContain(1001);
    expect(Math.min(...positions)).toBeGreaterThan(980);
    expect(rows[0]!.closest("li")!.style.transform).toBe(`translateY(${(positions[0]! - 1) * ROW}px)`);
  });

  it("a linha com o foco continua no DOM depois de sair da área visível", async () => {
    const items = Array.from({ length: 3000 }, (_, i) => conversation(i + 1));
    renderRows(items);
    const first = screen.getAllByTestId("conversation-row")[0]!;
    act(() => first.focus());
    const list = screen.getByRole("list", { name: "Conversas" });
    vi.spyOn(list, "getBoundingClientRect").mockReturnValue({ top: -2000 * ROW } as DOMRect);
    fireEvent.scroll(window);
    await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(first).toBeInTheDocument();
    expect(first).toHaveFocus();
    expect(screen.getAllByTestId("conversation-row").length).toBeLessThan(60);
  });
});
