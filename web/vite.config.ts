import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// `make dev`: a API roda em WACS_API_URL (padrão http://127.0.0.1:5000) e o Vite repassa para ela tudo o que é dela,
// inclusive o WebSocket; o navegador fala só com o Vite, então não há CORS nem URL diferente entre dev e produção.
const api = process.env.WACS_API_URL ?? "http://127.0.0.1:5000";

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  server: {
    host: "127.0.0.1",
    port: Number(process.env.WEB_PORT ?? 5173),
    strictPort: true,
    proxy: {
      "/api": { target: api, ws: true, changeOrigin: false },
      "/openapi": { target: api },
      "/scalar": { target: api },
      "/health": { target: api },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    // O grafo de pedaços por módulo: `npm run bench:bundle` soma o que a tela de login baixa.
    manifest: true,
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts", "src/app/testPreload.ts"],
    css: false,
    // Datas determinísticas nos testes de formatação, como no navegador de quem está em São Paulo.
    env: { TZ: "America/Sao_Paulo" },
    restoreMocks: true,
    unstubGlobals: true,
    // Folga para máquina carregada (2 núcleos dividindo as suítes da API, o Chromium e a primeira transformação das
    // telas com gráficos): um teste que passa continua levando o mesmo tempo. No make test completo, testes que
    // digitam muito passaram de 20 s (agentes, configurações): um limite só para todos, em vez de um por arquivo.
    testTimeout: 60_000,
    // Os arquivos rodam no mesmo processo e no mesmo jsdom, um depois do outro: sem recriar o ambiente e reimportar o
    // Mantine 27 vezes, a suíte cai de ~125 s para ~55 s (e de ~147 s para ~53 s de CPU). O que poderia vazar de um
    // arquivo para outro é limpo depois de cada teste (src/test/setup.ts); a ordem dos arquivos não importa
    // (conferido com --sequence.shuffle.files).
    isolate: false,
  },
});
