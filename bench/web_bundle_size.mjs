#!/usr/bin/env node
// Quanto a primeira tela (o login) baixa: bytes gzip de JS e de CSS. Não compila nada: lê o web/dist já compilado
// (`make web-build`) e o grafo de módulos de dist/.vite/manifest.json (build.manifest no vite.config.ts).
//
//   cd web && npm run bench:bundle                       # web/dist
//   cd web && npm run bench:bundle -- --dist /tmp/outro  # outro build (ex.: `npx vite build --manifest --outDir …`)
//
// O login baixa o ponto de entrada (index.html → o script e os imports estáticos dele, recursivamente, com o CSS de
// cada pedaço) e, se a tela de login for um pedaço sob demanda, o dela. Para comparar, também quem já tem sessão e
// abre o app no painel (entrada + moldura + tela do painel, sem o login). gzip nível 9 do zlib.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..", "web");
const flag = process.argv.indexOf("--dist");
const dist = flag > 0 ? resolve(process.argv[flag + 1]) : join(WEB, "dist");
const manifestPath = join(dist, ".vite", "manifest.json");
if (!existsSync(manifestPath)) {
  console.error(`${manifestPath} não existe: rode \`make web-build\` (o vite.config.ts liga build.manifest).`);
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));

/** Os arquivos que um pedaço carrega antes de rodar: ele, os imports estáticos (recursivos) e o CSS de todos. */
function closure(keys, seen = new Set()) {
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} não está no manifest`);
    if (seen.has(chunk.file)) continue;
    seen.add(chunk.file);
    for (const css of chunk.css ?? []) seen.add(css);
    closure(chunk.imports ?? [], seen);
  }
  return seen;
}

function bySource(path) {
  return Object.keys(manifest).find((key) => manifest[key].src === path);
}

const gzipCache = new Map();
function sizes(files) {
  const total = { js: 0, css: 0, jsRaw: 0, cssRaw: 0 };
  const list = [];
  for (const file of files) {
    if (!gzipCache.has(file)) {
      const data = readFileSync(join(dist, file));
      gzipCache.set(file, { raw: data.length, gzip: gzipSync(data, { level: 9 }).length });
    }
    const { raw, gzip } = gzipCache.get(file);
    const kind = file.endsWith(".css") ? "css" : "js";
    total[kind] += gzip;
    total[`${kind}Raw`] += raw;
    list.push({ file, raw, gzip });
  }
  return { total, list: list.sort((a, b) => b.gzip - a.gzip) };
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
const loginKey = bySource("src/pages/LoginPage.tsx");
const login = closure([entry, ...(loginKey ? [loginKey] : [])]);
// Com sessão, direto no painel: a entrada, a moldura (se for um pedaço à parte) e a tela do painel.
const after = closure([entry, bySource("src/app/Shell.tsx"), bySource("src/pages/PainelPage.tsx")].filter(Boolean));

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const loginSizes = sizes(login);
console.log(`primeira tela (login), ${dist}:`);
for (const { file, raw, gzip } of loginSizes.list) console.log(`  ${file.padEnd(48)} ${kb(raw).padStart(10)}  gzip ${kb(gzip)}`);
console.log(
  `  total: JS ${kb(loginSizes.total.js)} gzip (${kb(loginSizes.total.jsRaw)}), ` +
    `CSS ${kb(loginSizes.total.css)} gzip (${kb(loginSizes.total.cssRaw)})`,
);
const afterSizes = sizes(after);
console.log(
  `com sessão, direto no painel: JS ${kb(afterSizes.total.js)} gzip, CSS ${kb(afterSizes.total.css)} gzip ` +
    `(${after.size} arquivos)`,
);
