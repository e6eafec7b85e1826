// Rótulos pt-BR dos valores que a API devolve como texto (status, provedor, qualidade da Meta).
import type { Schemas } from "@/api";

export type ProviderType = Schemas["SessionInitialize"]["provider"];

export const PROVIDER_LABELS: Record<string, string> = {
  sandbox: "Sandbox (simulado)",
  baileys: "WhatsApp Web (Baileys)",
  meta_api: "Meta (API oficial)",
};

export const KNOWN_PROVIDERS: readonly ProviderType[] = ["sandbox", "baileys", "meta_api"];

export function isKnownProvider(value: string): value is ProviderType {
  return (KNOWN_PROVIDERS as readonly string[]).includes(value);
}

export function providerLabel(type: string): string {
  return PROVIDER_LABELS[type] ?? type;
}

const STATUS: Record<string, { label: string; color: string }> = {
  connecting: { label: "Conectando", color: "blue" },
  qr: { label: "Aguardando leitura", color: "yellow" },
  connected: { label: "Conectado", color: "green" },
  disconnected: { label: "Desconectado", color: "gray" },
  logged_out: { label: "Encerrada no celular", color: "orange" },
  failed: { label: "Falhou", color: "red" },
};

export function statusLabel(status: string): string {
  return STATUS[status]?.label ?? status;
}

export function statusColor(status: string): string {
  return STATUS[status]?.color ?? "gray";
}

const QUALITY: Record<string, { label: string; color: string }> = {
  GREEN: { label: "Alta", color: "green" },
  YELLOW: { label: "Média", color: "yellow" },
  RED: { label: "Baixa", color: "red" },
  UNKNOWN: { label: "Desconhecida", color: "gray" },
};

export function qualityLabel(rating: string): string {
  return QUALITY[rating]?.label ?? rating;
}

export function qualityColor(rating: string): string {
  return QUALITY[rating]?.color ?? "gray";
}

/** O endereço que se cola no painel da Meta (o webhook da API, na mesma origem do app). */
export function metaWebhookUrl(origin = window.location.origin): string {
  return `${origin}/api/v1/webhooks/meta`;
}
