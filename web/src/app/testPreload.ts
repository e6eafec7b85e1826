// Só nos testes de componente (setupFiles do vite.config.ts): a moldura, os avisos, o login e a "página não
// encontrada" são `lazy`, e o primeiro teste de cada arquivo pagaria a transformação deles dentro do tempo do
// `findBy`. Carregados antes, como quando o router os importava direto; as telas continuam passando pelo React.lazy.
await Promise.all([
  import("./Shell"),
  import("./AppNotifications"),
  import("@/pages/LoginPage"),
  import("@/pages/NotFoundPage"),
]);
export {};
