// Sobe a API de verdade para os testes de ponta a ponta: SQLite num diretório temporário, Baileys em modo simulado,
// o app de web/dist (compilado antes por `make web-build`; este script não compila nada) e só 127.0.0.1.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = resolve(WEB_DIR, "..");
export const ARTIFACTS_DIR = join(WEB_DIR, "artifacts");
const DIST_DIR = join(WEB_DIR, "dist");
const BAILEYS_MAIN = join(REPO_DIR, "baileys", "dist", "src", "main.js");

export interface RunningServer {
  url: string;
  adminEmail: string;
  adminPassword: string;
  tenant: string;
  withBaileys: boolean;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("porta"))));
    });
  });
}

function python(): string {
  if (process.env.WACS_PYTHON) return process.env.WACS_PYTHON;
  const venv = join(REPO_DIR, ".venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}

async function waitReady(url: string, process: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) throw new Error(`a API saiu com código ${process.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // ainda subindo
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`a API não ficou pronta em ${timeoutMs / 1000} s:\n${log()}`);
}

export async function startServer(): Promise<RunningServer> {
  if (!existsSync(join(DIST_DIR, "index.html"))) {
    throw new Error("web/dist não existe: rode `make web-build` (ou `npm run build` em web/) antes de `npm run e2e`.");
  }
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const [port, baileysPort] = await Promise.all([freePort(), freePort()]);
  const dataDir = mkdtempSync(join(tmpdir(), "wacs-e2e-"));
  const adminPassword = "senha-e2e-navegador-123";
  const withBaileys = existsSync(BAILEYS_MAIN);
  if (!withBaileys) console.warn("e2e: baileys/dist ausente (make baileys-build); a API sobe sem o provedor Baileys");

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Nada do ambiente de quem roda pode apontar a API para outro banco, Redis ou serviço Baileys.
  // LOG_LEVEL também fica de fora: a API o repassa ao serviço Baileys, cujo logger (pino) não aceita os nomes do
  // Python (WARNING derruba o serviço).
  for (const name of ["DATABASE_URL", "REDIS_URL", "BAILEYS_URL", "BAILEYS_TOKEN", "METRICS_TOKEN", "LOG_LEVEL"]) {
    delete env[name];
  }
  Object.assign(env, {
    PYTHONPATH: join(REPO_DIR, "server"),
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    REDIS_URL: "",
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    WEB_DIST_DIR: DIST_DIR,
    BAILEYS_FAKE: "true",
    BAILEYS_PORT: String(baileysPort),
    // O navegador faz muitas chamadas seguidas; o limite padrão (100/min) deixaria a suíte instável.
    RATE_LIMIT_PER_MINUTE: "100000",
    // Os testes entregam webhooks a um receptor local em 127.0.0.1, que a guarda contra SSRF recusaria.
    WEBHOOK_ALLOW_PRIVATE: "true",
  });
  const args = ["-m", "wacs", "serve", ...(withBaileys ? ["--with-baileys"] : [])];
  const child = spawn(python(), args, { cwd: dataDir, env, stdio: ["ignore", "pipe", "pipe"] });
  const logFile = createWriteStream(join(ARTIFACTS_DIR, "api.log"));
  let tail = "";
  const keep = (chunk: Buffer) => {
    logFile.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM"); // a API encerra o Baileys junto (e o kernel também, se ela morrer)
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    logFile.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => tail, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, adminEmail: "admin@demo.local", adminPassword, tenant: "demo", withBaileys, stop };
}
