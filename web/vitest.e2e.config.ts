import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Testes de ponta a ponta (npm run e2e): API de verdade + Chromium do Debian. Um arquivo por vez, no Node, sem jsdom.
export default defineConfig({
  // Os testes importam o mapa de telas (src/app/screens.ts): uma tela nova entra na navegação testada sozinha.
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  test: {
    environment: "node",
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
