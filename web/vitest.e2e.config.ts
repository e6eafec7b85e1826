import { defineConfig } from "vitest/config";

// Testes de ponta a ponta (npm run e2e): API de verdade + Chromium do Debian. Um arquivo por vez, no Node, sem jsdom.
export default defineConfig({
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
