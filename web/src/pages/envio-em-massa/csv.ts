// Lista de destinatários a partir de um CSV, lida no navegador: primeira coluna é o telefone, as outras viram
// variáveis ({{nome}}). Aceita ";" ou "," (o Excel em pt-BR salva com ";"), aspas do RFC 4180, UTF-8 (com ou sem BOM)
// ou Latin-1/Windows-1252 (o "CSV" antigo do Excel). Quem valida o telefone de verdade é a API; aqui só se separa o
// que claramente não é telefone, para a pessoa corrigir antes de enviar.

/** Limite da API (BULK_MAX_RECIPIENTS). */
export const MAX_RECIPIENTS = 10_000;

export interface CsvRecipient {
  /** Linha no arquivo (1 = cabeçalho). */
  line: number;
  to: string;
  variables: Record<string, string>;
}

export interface CsvInvalidLine {
  line: number;
  value: string;
  reason: string;
}

export interface ParsedRecipients {
  delimiter: ";" | ",";
  /** Nome da coluna do telefone, como está no arquivo. */
  phoneColumn: string;
  /** Nomes das variáveis (as outras colunas), já no formato aceito em {{...}}. */
  variables: string[];
  recipients: CsvRecipient[];
  invalid: CsvInvalidLine[];
  /** Telefones repetidos (a API envia uma vez só). */
  duplicates: number;
  /** Linhas além do limite da API, ignoradas. */
  overLimit: number;
}

/** Decodifica os bytes: UTF-8 se for válido, senão Windows-1252 (superconjunto do Latin-1). */
export function decodeCsv(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

function detectDelimiter(text: string): ";" | "," {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? "";
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === ";") semicolons += 1;
    else if (!quoted && char === ",") commas += 1;
  }
  return semicolons >= commas && semicolons > 0 ? ";" : ",";
}

/** Linhas e campos, com aspas (campo com delimitador, quebra de linha ou "" dentro). */
export function splitCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += char;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** "Nome completo" → "nome_completo": o que cabe em {{...}} (letras, números e _). */
export function variableName(header: string): string {
  return header
    .trim()
    .replace(/\s+/g, "_")
    .replace(/[^\p{L}\p{N}_]/gu, "")
    .toLowerCase();
}

/** Motivo de o valor não parecer telefone, ou null se parece. */
export function phoneProblem(value: string): string | null {
  const trimmed = value.trim();
  if (!trimmed) return "telefone vazio";
  if (/[^\d\s()+\-.]/.test(trimmed)) return "tem letras ou símbolos";
  const digits = trimmed.replace(/\D/g, "");
  if (digits.length < 10) return "curto demais (faltou o DDD?)";
  if (digits.length > 15) return "longo demais";
  return null;
}

export function parseRecipientsCsv(text: string): ParsedRecipients {
  const delimiter = detectDelimiter(text);
  const rows = splitCsv(text, delimiter);
  const header = rows[0] ?? [];
  const phoneColumn = (header[0] ?? "").trim();
  const names = header.slice(1).map(variableName);
  const variables = [...new Set(names.filter(Boolean))];
  const recipients: CsvRecipient[] = [];
  const invalid: CsvInvalidLine[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let overLimit = 0;
  rows.slice(1).forEach((cells, index) => {
    const line = index + 2;
    if (cells.every((cell) => cell.trim() === "")) return; // linha em branco
    const phone = (cells[0] ?? "").trim();
    const problem = phoneProblem(phone);
    if (problem) {
      invalid.push({ line, value: phone, reason: problem });
      return;
    }
    const digits = phone.replace(/\D/g, "");
    if (seen.has(digits)) {
      duplicates += 1;
      return;
    }
    if (recipients.length >= MAX_RECIPIENTS) {
      overLimit += 1;
      return;
    }
    seen.add(digits);
    const vars: Record<string, string> = {};
    names.forEach((name, column) => {
      if (name && !(name in vars)) vars[name] = (cells[column + 1] ?? "").trim();
    });
    recipients.push({ line, to: phone, variables: vars });
  });
  return { delimiter, phoneColumn, variables, recipients, invalid, duplicates, overLimit };
}

// O mesmo padrão da API ({{ nome }}, com espaços opcionais); letras acentuadas contam como no \w do Python.
const VARIABLE = /\{\{\s*([\p{L}\p{N}_]+)\s*\}\}/gu;

/** Variáveis citadas no texto, sem repetir. */
export function templateVariables(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(VARIABLE), (match) => match[1]!))];
}

/** Texto com as variáveis do destinatário; a que não existe fica como está (igual à API). */
export function renderTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(VARIABLE, (whole, name: string) => variables[name] ?? whole);
}
