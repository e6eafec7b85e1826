// O jsdom não tem `document.fonts`, que o Textarea com `autosize` do Mantine assina. (Caberia em src/test/setup.ts.)
if (!("fonts" in document) || !document.fonts) {
  Object.defineProperty(document, "fonts", {
    configurable: true,
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}
