// Formatação pt-BR de datas, números e dinheiro. Os formatadores do Intl são caros de criar: ficam em cache.
// `timeZone` (opcional) existe para telas que mostram o horário do tenant; o padrão é o fuso do navegador.

const LOCALE = "pt-BR";
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  key: string,
  create: () => T,
): T {
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = create();
    cache.set(key, formatter);
  }
  return formatter as T;
}

export type DateInput = Date | string | number;

function toDate(value: DateInput): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "02/12/2026 09:05" (ou só a data com `{ dateOnly: true }`, ou com segundos). Valor inválido → "—". */
export function formatDateTime(
  value: DateInput | null | undefined,
  options: { timeZone?: string; dateOnly?: boolean; seconds?: boolean } = {},
): string {
  const date = value == null ? null : toDate(value);
  if (!date) return "—";
  const { timeZone, dateOnly = false, seconds = false } = options;
  const key = `dt|${timeZone ?? ""}|${dateOnly}|${seconds}`;
  return cached(
    key,
    () =>
      new Intl.DateTimeFormat(LOCALE, {
        day: "2-digit",
        month: "2-digit",
        year: "numeric",
        ...(dateOnly ? {} : { hour: "2-digit", minute: "2-digit", ...(seconds ? { second: "2-digit" } : {}) }),
        ...(timeZone ? { timeZone } : {}),
      }),
  )
    .format(date)
    .replace(",", "");
}

/** Só o horário: "09:05" (bolhas do chat). */
export function formatTime(value: DateInput | null | undefined, options: { timeZone?: string } = {}): string {
  const date = value == null ? null : toDate(value);
  if (!date) return "—";
  return cached(
    `t|${options.timeZone ?? ""}`,
    () =>
      new Intl.DateTimeFormat(LOCALE, {
        hour: "2-digit",
        minute: "2-digit",
        ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      }),
  ).format(date);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.34524],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** "agora", "há 5 minutos", "ontem", "em 2 horas"; `now` fixa o instante de referência (testes, listas). */
export function formatRelative(value: DateInput | null | undefined, now: DateInput = Date.now()): string {
  const date = value == null ? null : toDate(value);
  const reference = toDate(now);
  if (!date || !reference) return "—";
  let amount = (date.getTime() - reference.getTime()) / 1000;
  if (Math.abs(amount) < 45) return "agora";
  const formatter = cached("rel", () => new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" }));
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return formatter.format(Math.round(amount), unit);
    amount /= size;
  }
  return formatter.format(Math.round(amount), "year");
}

/** "1.234.567" ou "12,5" (`{ maximumFractionDigits: 1 }`); percentuais com `{ style: "percent" }`. */
export function formatNumber(value: number | null | undefined, options: Intl.NumberFormatOptions = {}): string {
  if (value == null || Number.isNaN(value)) return "—";
  return cached(`n|${JSON.stringify(options)}`, () => new Intl.NumberFormat(LOCALE, options)).format(value);
}

/** "R$ 1.234,56". */
export function formatCurrencyBRL(value: number | null | undefined): string {
  if (value == null || Number.isNaN(value)) return "—";
  return cached("brl", () => new Intl.NumberFormat(LOCALE, { style: "currency", currency: "BRL" })).format(value);
}

/** "98,5%" a partir de uma fração (0,985). */
export function formatPercent(fraction: number | null | undefined, maximumFractionDigits = 1): string {
  return formatNumber(fraction, { style: "percent", maximumFractionDigits });
}

/** "1,2 s" ou "850 ms" (tempos de resposta). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || Number.isNaN(ms)) return "—";
  if (Math.abs(ms) < 1000) return `${formatNumber(Math.round(ms))} ms`;
  if (Math.abs(ms) < 60_000) return `${formatNumber(ms / 1000, { maximumFractionDigits: 1 })} s`;
  return `${formatNumber(ms / 60_000, { maximumFractionDigits: 1 })} min`;
}
