// Dados falsos da API de agentes para os testes de componente (tipados pelos esquemas gerados).
import type { Schemas } from "@/api";

export const AGENT_ID = "a9e1b0c0-0000-4000-8000-000000000010";

export function agentFixture(overrides: Partial<Schemas["AgentOut"]> = {}): Schemas["AgentOut"] {
  return {
    id: AGENT_ID,
    name: "Especialista em Imóveis",
    type: "real_estate",
    isActive: true,
    isDefault: true,
    mode: "offline",
    systemPrompt: "Você é um corretor.",
    capabilities: ["search_properties", "schedule_visits"],
    knowledgeBase: { type: "full_text" },
    responseSettings: { maxTokens: 500, temperature: 0.7, language: "pt-BR", maxReplyChars: 1000 },
    llm: { baseUrl: null, model: null, azureApiVersion: null, embeddingsModel: null, hasApiKey: false },
    triggers: { mode: "all", keywords: [] },
    handoff: { keywords: ["atendente"], message: "Vou chamar alguém.", resumeAfterMinutes: null },
    debounceSeconds: 3,
    businessHours: "always",
    outOfHoursMessage: null,
    ignoreGroups: true,
    contextTtlHours: 24,
    createdAt: "2026-12-01T12:00:00Z",
    updatedAt: "2026-12-01T12:00:00Z",
    ...overrides,
  };
}

export const TEMPLATES: Schemas["wacs__agents__schemas__TemplateOut"][] = [
  {
    name: "real_estate",
    title: "Especialista em imóveis",
    description: "Busca imóveis e agenda visitas.",
    systemPrompt: "Você é um corretor.",
    capabilities: ["search_properties"],
    handoffKeywords: ["atendente"],
  },
  {
    name: "customer_support",
    title: "Atendimento ao cliente",
    description: "Responde dúvidas pela base de conhecimento.",
    systemPrompt: "Você atende clientes.",
    capabilities: ["provide_documentation"],
    handoffKeywords: ["atendente"],
  },
];

export function page<T>(items: T[]) {
  return { items, total: items.length, page: 1, pageSize: 100 };
}

export function metricsFixture(): Schemas["AgentMetricsOut"] {
  return {
    since: "2026-11-26T03:00:00Z",
    until: "2026-12-02T15:00:00Z",
    runs: 12,
    replies: 10,
    handoffs: 2,
    fallbacks: 1,
    discarded: 0,
    outOfHours: 0,
    failed: 0,
    byMode: { offline: 10 },
    avgResponseMs: 120,
    p50ResponseMs: 95,
    p95ResponseMs: 1450,
    avgModelMs: null,
    promptTokens: 1200,
    completionTokens: 340,
    toolCalls: 4,
    perDay: [
      { day: "2026-12-01", replies: 6, handoffs: 1, avgResponseMs: 110 },
      { day: "2026-12-02", replies: 4, handoffs: 1, avgResponseMs: 130 },
    ],
  };
}
