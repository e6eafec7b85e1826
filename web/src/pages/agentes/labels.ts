// Rótulos pt-BR dos valores da API de agentes, base de conhecimento, imóveis e visitas.
import type { Schemas } from "@/api";

export type Agent = Schemas["AgentOut"];
export type Capability = NonNullable<Schemas["AgentConfigure"]["capabilities"]>[number];

// Honesto sobre o que responde: "offline" não usa modelo de linguagem nenhum.
export const MODE_LABELS: Record<string, { label: string; short: string; color: string }> = {
  offline: { label: "Atendente offline (regras, sem modelo de linguagem)", short: "Offline (regras)", color: "gray" },
  llm: { label: "Modelo de linguagem", short: "Modelo de linguagem", color: "violet" },
  fallback: { label: "Resposta de reserva (o modelo falhou)", short: "Reserva", color: "orange" },
};

export function modeLabel(mode: string): { label: string; short: string; color: string } {
  return MODE_LABELS[mode] ?? { label: mode, short: mode, color: "gray" };
}

export const CAPABILITY_LABELS: Record<Capability, string> = {
  search_properties: "Buscar imóveis no catálogo",
  schedule_visits: "Agendar visitas",
  provide_documentation: "Responder pela base de conhecimento",
  calculate_financing: "Simular financiamento",
};

export const CAPABILITIES = Object.keys(CAPABILITY_LABELS) as Capability[];

export const TEMPLATE_LABELS: Record<string, string> = {
  real_estate: "Imobiliária",
  customer_support: "Atendimento ao cliente",
};

export function templateLabel(type: string | null): string {
  if (!type) return "Personalizado";
  return TEMPLATE_LABELS[type] ?? type;
}

export const BUSINESS_HOURS_LABELS: Record<string, string> = {
  always: "Sempre responde",
  inside_only: "Só dentro do horário de atendimento",
  outside_only: "Só fora do horário de atendimento",
};

export const APPOINTMENT_STATUS_LABELS: Record<string, { label: string; color: string }> = {
  scheduled: { label: "Agendada", color: "blue" },
  done: { label: "Realizada", color: "whatsapp" },
  cancelled: { label: "Cancelada", color: "red" },
};

export const PURPOSE_LABELS: Record<string, string> = { venda: "Venda", aluguel: "Aluguel", sale: "Venda", rent: "Aluguel" };

export const TOOL_LABELS: Record<string, string> = {
  search_properties: "Busca de imóveis",
  schedule_visit: "Agendamento de visita",
  schedule_visits: "Agendamento de visita",
  provide_documentation: "Consulta à base de conhecimento",
  calculate_financing: "Simulação de financiamento",
};
