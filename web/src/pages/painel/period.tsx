import { useMemo, useState } from "react";
import { SegmentedControl } from "@mantine/core";
import { formatDateTime } from "@/lib/format";

export const PERIODS = [7, 14, 30] as const;
export type PeriodDays = (typeof PERIODS)[number];

/** Início do período: meia-noite local de (hoje − dias + 1), estável durante o dia (a chave da consulta não muda). */
export function periodStart(days: number, now = new Date()): string {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days + 1);
  return start.toISOString();
}

export function usePeriod(initial: PeriodDays = 7) {
  const [days, setDays] = useState<PeriodDays>(initial);
  const today = new Date().toDateString();
  const from = useMemo(() => periodStart(days), [days, today]);
  return { days, setDays, from };
}

export function PeriodSelector({ days, onChange, label = "Período" }: { days: PeriodDays; onChange: (days: PeriodDays) => void; label?: string }) {
  return (
    <SegmentedControl
      aria-label={label}
      value={String(days)}
      onChange={(value) => onChange(Number(value) as PeriodDays)}
      data={PERIODS.map((value) => ({ value: String(value), label: `${value} dias` }))}
    />
  );
}

/** "AAAA-MM-DD" (dia do tenant) → "01/12": meio-dia local evita que o fuso do navegador troque o dia. */
export function formatDay(day: string): string {
  return formatDateTime(`${day}T12:00:00`, { dateOnly: true }).slice(0, 5);
}
