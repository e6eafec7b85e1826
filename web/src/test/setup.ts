import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import { sessionManager } from "@/api";

// findBy*/waitFor esperam até 5 s (padrão: 1 s): com a máquina carregada, a primeira carga de uma tela preguiçosa
// passa de 1 s sem haver erro nenhum.
configure({ asyncUtilTimeout: 5_000 });

// O jsdom não tem estas APIs de layout que o Mantine consulta.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
window.HTMLElement.prototype.scrollIntoView ??= () => {};
// Nem `document.fonts`, que o Textarea com `autosize` do Mantine assina.
if (!("fonts" in document) || !document.fonts) {
  Object.defineProperty(document, "fonts", {
    configurable: true,
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

afterEach(() => {
  cleanup();
  sessionManager.forget();
  localStorage.clear();
});
