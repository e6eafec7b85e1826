#!/usr/bin/env node
// Benchmark da issue 12: tempo da injeção de uma mensagem recebida (POST /api/v1/sandbox/sessions/{id}/incoming) até
// a bolha dela aparecer no fio aberto, no Chromium do Debian, p50/p99 sobre 100 mensagens.
//
//   cd web && npm run bench:bubble                 # compila o app (vite build) e mede 100 mensagens
//   cd web && npm run bench:bubble -- --no-build   # usa o web/dist que já existe
//   BUBBLE_MESSAGES=300 npm run bench:bubble       # outra quantidade
//
// A medida é o último teste de web/e2e/conversas.e2e.ts (API real em SQLite, subida pelo global-setup dos testes de
// ponta a ponta; Baileys simulado): uma mensagem por vez, o relógio começa antes da chamada à API e para quando um
// MutationObserver na página vê a bolha. O resultado vai para web/artifacts/bubble-latency.json e é impresso aqui.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..", "web");
const messages = process.env.BUBBLE_MESSAGES ?? "100";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function run(args, env = {}) {
  const result = spawnSync(npx, args, { cwd: WEB, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!process.argv.includes("--no-build")) run(["vite", "build", "--logLevel", "warn"]);
run(["vitest", "run", "--config", "vitest.e2e.config.ts", "e2e/conversas.e2e.ts", "-t", "latência"], {
  BUBBLE_MESSAGES: messages,
});

const result = JSON.parse(readFileSync(join(WEB, "artifacts", "bubble-latency.json"), "utf8"));
console.log(
  `\ninjeção → bolha no fio aberto (Chromium, ${result.messages} mensagens): ` +
    `p50 ${result.p50} ms, p99 ${result.p99} ms (mín ${result.min}, máx ${result.max}, média ${result.mean})`,
);
if (result.apiToEvent && result.eventToBubble) {
  console.log(
    `  API → evento no WebSocket: p50 ${result.apiToEvent.p50} ms, p99 ${result.apiToEvent.p99} ms; ` +
      `evento → bolha (tela): p50 ${result.eventToBubble.p50} ms, p99 ${result.eventToBubble.p99} ms`,
  );
}
