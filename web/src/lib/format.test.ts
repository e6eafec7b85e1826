import { describe, expect, it } from "vitest";
import {
  formatCurrencyBRL,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  formatTime,
} from "./format";
import { formatPhone, phoneDigits } from "./phone";
import { hasRole, toRole } from "./roles";

// O Intl usa espaço não separável entre "R$" e o valor; nos testes, espaço comum.
const plain = (text: string) => text.replace(/\u00a0|\u202f/g, " ");

describe("formatação pt-BR", () => {
  it("data e hora no fuso do navegador (São Paulo nos testes) ou no informado", () => {
    expect(formatDateTime("2026-12-01T12:05:09Z")).toBe("01/12/2026 09:05");
    expect(formatDateTime("2026-12-01T12:05:09Z", { seconds: true })).toBe("01/12/2026 09:05:09");
    expect(formatDateTime("2026-12-01T02:00:00Z", { dateOnly: true })).toBe("30/11/2026");
    expect(formatDateTime("2026-12-01T12:05:00Z", { timeZone: "UTC" })).toBe("01/12/2026 12:05");
    expect(formatTime("2026-12-01T12:05:00Z")).toBe("09:05");
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("não é data")).toBe("—");
  });

  it("tempo relativo", () => {
    const now = Date.parse("2026-12-01T12:00:00Z");
    expect(formatRelative(now - 10_000, now)).toBe("agora");
    expect(formatRelative(now - 5 * 60_000, now)).toBe("há 5 minutos");
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe("há 3 horas");
    expect(formatRelative(now - 24 * 3_600_000, now)).toBe("ontem");
    expect(formatRelative(now + 2 * 3_600_000, now)).toBe("em 2 horas");
    expect(formatRelative(now - 40 * 86_400_000, now)).toBe("mês passado");
    expect(formatRelative(undefined, now)).toBe("—");
  });

  it("números, percentuais, durações e reais", () => {
    expect(formatNumber(1234567)).toBe("1.234.567");
    expect(formatNumber(12.5, { maximumFractionDigits: 1 })).toBe("12,5");
    expect(formatNumber(null)).toBe("—");
    expect(plain(formatPercent(0.985))).toBe("98,5%");
    expect(formatDuration(850)).toBe("850 ms");
    expect(formatDuration(1234)).toBe("1,2 s");
    expect(formatDuration(90_000)).toBe("1,5 min");
    expect(plain(formatCurrencyBRL(1234.5))).toBe("R$ 1.234,50");
    expect(plain(formatCurrencyBRL(-10))).toBe("-R$ 10,00");
    expect(formatCurrencyBRL(undefined)).toBe("—");
  });
});

describe("telefones", () => {
  it("formata celulares e fixos brasileiros, com ou sem o 55", () => {
    expect(formatPhone("5511999991234")).toBe("+55 (11) 99999-1234");
    expect(formatPhone("551133334444")).toBe("+55 (11) 3333-4444");
    expect(formatPhone("11999991234")).toBe("+55 (11) 99999-1234");
    expect(formatPhone("5511999991234", { national: true })).toBe("(11) 99999-1234");
    expect(formatPhone("+55 (21) 98888-7777")).toBe("+55 (21) 98888-7777");
  });

  it("JIDs do WhatsApp, estrangeiros e o que não é telefone", () => {
    expect(formatPhone("5511999991234@s.whatsapp.net")).toBe("+55 (11) 99999-1234");
    expect(formatPhone("5511999991234:12@s.whatsapp.net")).toBe("+55 (11) 99999-1234");
    expect(formatPhone("14155550123")).toBe("+14155550123");
    expect(formatPhone("120363025246125486@g.us")).toBe("120363025246125486@g.us");
    expect(formatPhone("Maria")).toBe("Maria");
    expect(formatPhone("")).toBe("—");
    expect(phoneDigits("+55 (11) 99999-1234")).toBe("5511999991234");
  });
});

describe("papéis", () => {
  it("admin inclui user; superadmin inclui tudo; desconhecido vale user", () => {
    expect(hasRole("admin", "user")).toBe(true);
    expect(hasRole("admin", "superadmin")).toBe(false);
    expect(hasRole("superadmin", "admin")).toBe(true);
    expect(hasRole(null, "user")).toBe(false);
    expect(toRole("dono")).toBe("user");
  });
});
