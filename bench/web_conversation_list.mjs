#!/usr/bin/env node
// Benchmark da lista de conversas com milhares de conversas, no Chromium do Debian (headless), contra a API real em
// SQLite (a mesma subida de web/e2e/server.ts, sem o Baileys). Mede, com 3.000 conversas num tenant e com 100 como
// base na mesma execução (a máquina é barulhenta: vale a razão 3.000/100):
//
//   (a) navegação até a lista desenhada: performance.now() da navegação para /conversas até as primeiras linhas no
//       DOM (a lista desenha a primeira página de uma vez: 100 linhas, ou só as visíveis se for virtualizada);
//   (b) rolagem: a lista inteira rolada 200 px por quadro; intervalos entre quadros amostrados por
//       requestAnimationFrame (p50/p99 e quantos passam de 50 ms) — primeiro descendo e carregando as páginas,
//       depois indo e voltando pela lista já carregada (1.200 quadros nos dois tamanhos);
//   (c) reordenação ao vivo: 100 mensagens recebidas (POST /api/v1/sandbox/sessions/{id}/incoming), uma por vez,
//       cada uma para a conversa que está no fim da lista; o tempo vai da chamada à API até a linha dela ser a
//       primeira (MutationObserver na página), p50/p99; e a parte da tela (evento no WebSocket → linha no topo).
//
//   cd web && npm run bench:list                    # compila o app numa pasta temporária e mede
//   cd web && npm run bench:list -- --no-build      # usa o web/dist que já existe
//   cd web && npm run bench:list -- --dist /tmp/x   # usa outro build (ex.: de uma cópia limpa do repositório)
//   LIST_CONVERSATIONS=1000 LIST_BASELINE=50 LIST_REORDERS=30 npm run bench:list
//
// O resultado vai para web/artifacts/conversation-list.json e é impresso aqui.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..", "web");
const REPO = resolve(WEB, "..");
const ARTIFACTS = join(WEB, "artifacts");
const { chromium } = createRequire(join(WEB, "package.json"))("playwright-core");

const TOTAL = Number(process.env.LIST_CONVERSATIONS ?? 3000);
const BASELINE = Number(process.env.LIST_BASELINE ?? 100);
const REORDERS = Number(process.env.LIST_REORDERS ?? 100);
const SEED_CONCURRENCY = Number(process.env.LIST_SEED_CONCURRENCY ?? 8);
const SCROLL_STEP = 200; // px por quadro (~12.000 px/s a 60 Hz: uma rolagem rápida de roda do mouse)
const SCROLL_FRAMES = 1200;
const TENANT = "demo";
const EMAIL = "admin@demo.local";
const PASSWORD = "senha-bench-lista-123";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

if (BASELINE >= TOTAL) throw new Error("LIST_BASELINE precisa ser menor que LIST_CONVERSATIONS");
if (REORDERS > BASELINE) throw new Error("LIST_REORDERS precisa caber em LIST_BASELINE");

// --- app compilado ---

const distFlag = process.argv.indexOf("--dist");
let dist = distFlag > 0 ? resolve(process.argv[distFlag + 1]) : join(WEB, "dist");
let builtDist = null;
if (distFlag < 0 && !process.argv.includes("--no-build")) {
  // Numa pasta própria: não pisa no web/dist que os testes de ponta a ponta (de outra pessoa) podem estar usando.
  builtDist = mkdtempSync(join(tmpdir(), "wacs-bench-list-dist-"));
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const build = spawnSync(npx, ["vite", "build", "--logLevel", "warn", "--outDir", builtDist, "--emptyOutDir"], {
    cwd: WEB,
    stdio: "inherit",
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  dist = builtDist;
}
if (!existsSync(join(dist, "index.html"))) throw new Error(`${dist}/index.html não existe: rode make web-build`);

// --- API real ---

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

async function startApi() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "wacs-bench-list-"));
  const env = { ...process.env };
  for (const name of ["DATABASE_URL", "REDIS_URL", "BAILEYS_URL", "BAILEYS_TOKEN", "METRICS_TOKEN", "LOG_LEVEL"]) {
    delete env[name];
  }
  Object.assign(env, {
    PYTHONPATH: join(REPO, "server"),
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    REDIS_URL: "",
    BOOTSTRAP_ADMIN_PASSWORD: PASSWORD,
    WEB_DIST_DIR: dist,
    RATE_LIMIT_PER_MINUTE: "1000000",
  });
  const venv = join(REPO, ".venv", "bin", "python");
  const python = process.env.WACS_PYTHON ?? (existsSync(venv) ? venv : "python3");
  const child = spawn(python, ["-m", "wacs", "serve"], { cwd: dataDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const log = createWriteStream(join(ARTIFACTS, "bench-list-api.log"));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((ok) => child.once("exit", ok));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`a API saiu com código ${child.exitCode} (veja ${ARTIFACTS}/bench-list-api.log)`);
    try {
      if ((await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).ok) break;
    } catch {
      // ainda subindo
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error("a API não ficou pronta em 90 s");
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  return { url, stop };
}

function client(url) {
  let token = null;
  async function call(method, path, body) {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        "Content-Type": "application/json",
        "X-Client-Id": TENANT,
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  return {
    call,
    async login() {
      token = (await call("POST", "/api/v1/auth/login", { email: EMAIL, password: PASSWORD })).accessToken;
    },
  };
}

// --- medidas ---

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (v) => (v === null ? null : Math.round(v * 10) / 10);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? null),
    over50: sorted.filter((v) => v > 50).length,
  };
}

const customer = (i) => `55119${String(10_000_000 + i).slice(-8)}`;
const customerName = (i) => `Cliente ${String(i).padStart(4, "0")}`;

async function seed(api, sessionId, from, to) {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      await api.call("POST", `/api/v1/sandbox/sessions/${sessionId}/incoming`, {
        from: customer(i),
        name: customerName(i),
        type: "text",
        text: `Primeira mensagem do cliente ${i}`,
      });
    }
  };
  await Promise.all(Array.from({ length: SEED_CONCURRENCY }, worker));
  // A entrada é processada fora da requisição: espera todas as conversas existirem.
  const deadline = Date.now() + 300_000;
  for (;;) {
    const page = await api.call("GET", "/api/v1/conversations?pageSize=1");
    if (page.total >= to) return;
    if (Date.now() > deadline) throw new Error(`só ${page.total} de ${to} conversas depois de 5 min`);
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

async function measure(browser, api, baseUrl, sessionId, size, reorderFrom) {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
  });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));

  await page.goto("/entrar");
  await page.getByRole("textbox", { name: "Empresa (ID do tenant)" }).fill(TENANT);
  await page.getByRole("textbox", { name: "E-mail", exact: true }).fill(EMAIL);
  await page.getByRole("textbox", { name: "Senha", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Entrar" }).click();
  await page.getByRole("heading", { level: 1, name: "Painel" }).waitFor();

  // (a) e o relógio da reordenação: instalados antes do app, na navegação para /conversas.
  // O marcador leva o tamanho da medida: as conversas da base ainda têm a prévia da medida anterior.
  const tag = `mov${size}`;
  await page.addInitScript((tag) => {
    const w = window;
    const marker = new RegExp(`\\[${tag}-\\d+\\]`);
    w.__list = { first: null };
    w.__top = {};
    w.__events = {};
    const observer = new MutationObserver(() => {
      const rows = document.querySelectorAll("[data-testid=conversation-row]");
      if (rows.length > 0 && w.__list.first === null) w.__list.first = performance.now();
      // Só a primeira linha da lista (numa lista virtualizada, a primeira do DOM pode ser outra depois de rolar).
      const first = rows[0];
      const position = first?.closest("li")?.getAttribute("aria-posinset");
      const top = first && (position === null || position === undefined || position === "1") ? first.textContent : "";
      const match = marker.exec(top ?? "");
      if (match && !(match[0] in w.__top)) w.__top[match[0]] = Date.now();
    });
    observer.observe(document, { childList: true, subtree: true, characterData: true });
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        super(url, protocols);
        this.addEventListener("message", (event) => {
          const match = typeof event.data === "string" ? marker.exec(event.data) : null;
          if (match && !(match[0] in w.__events)) w.__events[match[0]] = Date.now();
        });
      }
    };
  }, tag);
  await page.goto("/conversas");
  await page.waitForFunction(() => window.__list.first !== null, null, { timeout: 60_000 });
  const navigation = await page.evaluate(() => window.__list);
  // A conexão de tempo real precisa estar aberta antes das mensagens da reordenação.
  await page.waitForTimeout(1000);

  // (b) rolagem: descendo até o fim com todas as páginas carregadas; depois vaivém na lista carregada.
  const scroll = await page.evaluate(
    async ({ size, step, frames }) => {
      const list = document.querySelector("ul[aria-label=Conversas]");
      let box = list;
      while (box && !(box.scrollHeight > box.clientHeight && /(auto|scroll)/.test(getComputedStyle(box).overflowY))) {
        box = box.parentElement;
      }
      if (!box) throw new Error("sem contêiner de rolagem");
      // Linhas carregadas: numa lista virtualizada, o aria-setsize (o DOM só tem as visíveis).
      const rows = () => {
        const setsize = document.querySelector("[data-testid=conversation-row]")?.closest("li")?.getAttribute("aria-setsize");
        return Number(setsize ?? 0) || document.querySelectorAll("[data-testid=conversation-row]").length;
      };
      const frame = () => new Promise((ok) => requestAnimationFrame(ok));
      const atBottom = () => box.scrollTop + box.clientHeight >= box.scrollHeight - 2;
      // Descendo e carregando: um quadro por passo; no fim, espera a próxima página (os quadros continuam contando).
      const loading = [];
      let last = await frame();
      const started = performance.now();
      while (!(rows() >= size && atBottom())) {
        box.scrollTop += step;
        const now = await frame();
        loading.push(now - last);
        last = now;
        if (now - started > 180_000) throw new Error(`só ${rows()} de ${size} linhas depois de 3 min`);
      }
      const loadedIn = performance.now() - started;
      // Vaivém na lista carregada, na mesma velocidade, o mesmo número de quadros nos dois tamanhos.
      const loaded = [];
      let direction = -1;
      last = await frame();
      for (let i = 0; i < frames; i += 1) {
        if (direction < 0 && box.scrollTop <= 0) direction = 1;
        else if (direction > 0 && atBottom()) direction = -1;
        box.scrollTop += direction * step;
        const now = await frame();
        loaded.push(now - last);
        last = now;
      }
      box.scrollTop = 0;
      await frame();
      return { loading, loaded, loadedIn, rows: rows(), height: box.scrollHeight };
    },
    { size, step: SCROLL_STEP, frames: SCROLL_FRAMES },
  );
  await page.waitForTimeout(500);

  // (c) reordenação ao vivo: a conversa do fim da lista (a mais antiga) recebe uma mensagem e sobe para o topo.
  const total = [];
  const screen = [];
  // Quantas páginas da lista o app pede de novo durante as reordenações (a invalidação recarrega as carregadas).
  let listRequests = 0;
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/v1/conversations") listRequests += 1;
  });
  for (let k = 0; k < REORDERS; k += 1) {
    const i = reorderFrom + k;
    const key = `[${tag}-${k}]`;
    const started = Date.now();
    await api.call("POST", `/api/v1/sandbox/sessions/${sessionId}/incoming`, {
      from: customer(i),
      name: customerName(i),
      type: "text",
      text: `Mensagem nova ${key}`,
    });
    const deadline = Date.now() + 20_000;
    let shownAt;
    for (;;) {
      shownAt = await page.evaluate((k) => window.__top[k], key);
      if (shownAt) break;
      if (Date.now() > deadline) {
        const top = await page.locator("[data-testid=conversation-row]").first().textContent();
        throw new Error(`${key} não chegou ao topo em 20 s (topo: ${top})`);
      }
      await new Promise((ok) => setTimeout(ok, 20));
    }
    total.push(shownAt - started);
    const eventAt = await page.evaluate((k) => window.__events[k], key);
    if (eventAt) screen.push(shownAt - eventAt);
  }
  await context.close();
  if (errors.length) throw new Error(`erros de JavaScript na página: ${errors.join(" | ")}`);
  return {
    size,
    navigation: { firstRows: Math.round(navigation.first) },
    scroll: {
      rows: scroll.rows,
      heightPx: scroll.height,
      loadAllMs: Math.round(scroll.loadedIn),
      loading: stats(scroll.loading),
      loaded: stats(scroll.loaded),
    },
    reorder: { total: stats(total), screen: stats(screen), listRequests },
  };
}

// --- execução ---

const server = await startApi();
let browser;
try {
  const api = client(server.url);
  await api.login();
  const session = await api.call("POST", "/api/v1/sessions/initialize", {
    phoneNumber: "5511988887777",
    provider: "sandbox",
    name: "Bench lista",
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

  let t = Date.now();
  await seed(api, session.id, 0, BASELINE);
  console.log(`${BASELINE} conversas semeadas em ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const base = await measure(browser, api, server.url, session.id, BASELINE, 0);

  t = Date.now();
  await seed(api, session.id, BASELINE, TOTAL);
  console.log(`+${TOTAL - BASELINE} conversas semeadas em ${((Date.now() - t) / 1000).toFixed(1)} s`);
  await api.login(); // o token de acesso vale 15 min
  // As do fim da lista agora são as da base, na ordem em que receberam a mensagem da medida anterior.
  const big = await measure(browser, api, server.url, session.id, TOTAL, 0);

  const ratio = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : null);
  const rows = [
    ["navegação → lista desenhada (ms)", (r) => r.navigation.firstRows],
    ["carregar a lista toda rolando (ms)", (r) => r.scroll.loadAllMs],
    ["rolagem carregando: quadro p50 (ms)", (r) => r.scroll.loading.p50],
    ["rolagem carregando: quadro p99 (ms)", (r) => r.scroll.loading.p99],
    ["rolagem carregando: quadros > 50 ms", (r) => r.scroll.loading.over50],
    ["rolagem carregando: quadros", (r) => r.scroll.loading.n],
    ["rolagem carregada: quadro p50 (ms)", (r) => r.scroll.loaded.p50],
    ["rolagem carregada: quadro p99 (ms)", (r) => r.scroll.loaded.p99],
    ["rolagem carregada: quadros > 50 ms", (r) => r.scroll.loaded.over50],
    ["reordenação API → topo p50 (ms)", (r) => r.reorder.total.p50],
    ["reordenação API → topo p99 (ms)", (r) => r.reorder.total.p99],
    ["reordenação evento → topo p50 (ms)", (r) => r.reorder.screen.p50],
    ["reordenação evento → topo p99 (ms)", (r) => r.reorder.screen.p99],
    ["reordenação: GET /conversations pedidos", (r) => r.reorder.listRequests],
  ];
  const table = rows.map(([label, get]) => ({
    medida: label,
    base: get(base),
    grande: get(big),
    razao: ratio(get(big), get(base)),
  }));
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "conversation-list.json"), JSON.stringify({ base, big, table }, null, 2));
  console.log(`\nlista de conversas no Chromium: ${TOTAL} conversas contra ${BASELINE} (base), ${REORDERS} reordenações`);
  const cell = (v) => String(v ?? "—").padStart(9);
  console.log(`${"".padEnd(40)}${cell(BASELINE)}${cell(TOTAL)}${cell(`${TOTAL}/${BASELINE}`)}`);
  for (const line of table) console.log(`${line.medida.padEnd(40)}${cell(line.base)}${cell(line.grande)}${cell(line.razao)}`);
} finally {
  await browser?.close();
  await server.stop();
  if (builtDist) rmSync(builtDist, { recursive: true, force: true });
}
