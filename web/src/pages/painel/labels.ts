// Rótulos e cores dos status e provedores que o painel recebe como texto livre.
export const MESSAGE_STATUS: Record<string, { label: string; color: string }> = {
  pending: { label: "Pendente", color: "gray.5" },
  queued: { label: "Na fila", color: "gray.4" },
  dispatching: { label: "Enviando", color: "yellow.5" },
  sent: { label: "Enviada", color: "blue.4" },
  delivered: { label: "Entregue", color: "teal.5" },
  read: { label: "Lida", color: "whatsapp.7" },
  played: { label: "Ouvida", color: "cyan.6" },
  failed: { label: "Falhou", color: "red.6" },
};

export const PROVIDERS: Record<string, { label: string; color: string }> = {
  sandbox: { label: "Sandbox", color: "gray.6" },
  baileys: { label: "Baileys (WhatsApp Web)", color: "whatsapp.6" },
  meta_api: { label: "Meta (API oficial)", color: "blue.6" },
  meta: { label: "Meta (API oficial)", color: "blue.6" },
};

export const SESSION_STATUS: Record<string, { label: string; color: string }> = {
  connected: { label: "Conectada", color: "whatsapp.6" },
  connecting: { label: "Conectando", color: "yellow.5" },
  qr: { label: "Aguardando QR", color: "orange.5" },
  disconnected: { label: "Desconectada", color: "gray.5" },
  failed: { label: "Com falha", color: "red.6" },
};

const EXTRA_COLORS = ["grape.5", "indigo.5", "lime.6", "pink.5", "violet.5"];

export function lookup(table: Record<string, { label: string; color: string }>, key: string, index = 0) {
  return table[key] ?? { label: key, color: EXTRA_COLORS[index % EXTRA_COLORS.length]! };
}
