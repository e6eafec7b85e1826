import "@testing-library/jest-dom/vitest";
import { notifications } from "@mantine/notifications";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";
import { sessionManager } from "@/api";

// findBy*/waitFor esperam até 20 s (padrão: 1 s), um limite só para todos os arquivos: no `make test` completo o
// Vitest divide os 2 núcleos com as suítes da API, e a primeira carga de uma tela preguiçosa já levou 16 s sem haver
// erro nenhum. Quem passa não espera mais por isso; só quem falha demora a falhar.
configure({ asyncUtilTimeout: 20_000 });

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
  // Os avisos do Mantine ficam num estado do módulo: sem limpar, passam para o teste seguinte (e, com os arquivos
  // no mesmo processo — `isolate: false` no vite.config.ts —, para o arquivo seguinte).
  notifications.clean();
  sessionManager.forget();
  localStorage.clear();
});
