// @ts-check
// Gera src/api/openapi.json (da própria API, sem subir servidor) e src/api/schema.d.ts (openapi-typescript).
//   node scripts/gen-api.mjs            → escreve em src/api/
//   node scripts/gen-api.mjs --check    → gera numa pasta temporária e falha se os arquivos versionados diferirem
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPO = resolve(WEB, "..");
const TARGET = join(WEB, "src", "api");
const FILES = ["openapi.json", "schema.d.ts"];
const HEADER = "// Gerado por `npm run gen:api` a partir de openapi.json (python -m wacs openapi). Não edite à mão.\n\n";

/** O Python do virtualenv do repositório (make deps), ou WACS_PYTHON, ou python3. */
function python() {
  if (process.env.WACS_PYTHON) return process.env.WACS_PYTHON;
  const venv = join(REPO, ".venv", "bin", "python");
  return existsSync(venv) ? venv : "python3";
}

/** @param {string} outDir */
async function generate(outDir) {
  const jsonPath = join(outDir, "openapi.json");
  execFileSync(python(), ["-m", "wacs", "openapi", "-o", jsonPath], {
    cwd: REPO,
    // WACS_SERVER_DIR: gerar de outra cópia do servidor (ex.: a do último commit, com o checkout alterado).
    env: { ...process.env, PYTHONPATH: process.env.WACS_SERVER_DIR ?? join(REPO, "server") },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const document = JSON.parse(readFileSync(jsonPath, "utf8"));
  const ast = await openapiTS(document, { alphabetize: false });
  writeFileSync(join(outDir, "schema.d.ts"), HEADER + astToString(ast));
}

const check = process.argv.includes("--check");
if (!check) {
  await generate(TARGET);
  console.log(`cliente da API gerado em ${TARGET}`);
} else {
  const temp = mkdtempSync(join(tmpdir(), "wacs-api-"));
  try {
    await generate(temp);
    const stale = FILES.filter((name) => {
      const committed = join(TARGET, name);
      return !existsSync(committed) || readFileSync(committed, "utf8") !== readFileSync(join(temp, name), "utf8");
    });
    if (stale.length > 0) {
      console.error(`cliente da API desatualizado: ${stale.map((n) => `src/api/${n}`).join(", ")} difere(m) da API.`);
      console.error("Rode `npm run gen:api` em web/ (ou `make web-api`) e versione o resultado.");
      for (const name of stale) {
        try {
          execFileSync("diff", ["-u", join(TARGET, name), join(temp, name)], { stdio: ["ignore", "pipe", "pipe"] });
        } catch (error) {
          const out = /** @type {{ stdout?: Buffer }} */ (error).stdout?.toString() ?? "";
          console.error(out.split("\n").slice(0, 40).join("\n"));
        }
      }
      process.exitCode = 1;
    } else {
      console.log("cliente da API em dia com a OpenAPI.");
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
