import type { SocketFactory, WaSocket } from './socket.js';

/**
 * O socket de verdade do Baileys (import tardio: o modo simulado e os testes não carregam o protocolo).
 * `waWebSocketUrl` troca o endereço do WhatsApp Web (proxy de saída; nos testes, uma porta local fechada).
 */
export const realSocketFactory = (waWebSocketUrl?: string): SocketFactory => async ({ auth, logger }) => {
  const baileys = await import('baileys');
  // O Baileys é verboso em info; só em depuração ele fala tudo.
  const waLogger = logger.child({}, { level: ['debug', 'trace'].includes(logger.level) ? logger.level : 'warn' });
  const sock = baileys.makeWASocket({
    auth: { creds: auth.state.creds, keys: baileys.makeCacheableSignalKeyStore(auth.state.keys, waLogger) },
    logger: waLogger,
    browser: baileys.Browsers.ubuntu('Chrome'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    // Sem loja de mensagens nesta entrega: reenvio a pedido do destinatário não tem o conteúdo.
    getMessage: async () => undefined,
    ...(waWebSocketUrl ? { waWebSocketUrl: new URL(waWebSocketUrl) } : {}),
  });
  return sock as unknown as WaSocket;
};
