import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Outbox } from './outbox.js';
import type { SessionManager } from './sessions.js';

export interface Metrics {
  registry: Registry;
  eventsReceived: Counter<'kind'>;
  messagesSent: Counter<'type'>;
  callbacksDelivered: Counter<'path'>;
  callbackFailures: Counter<'path'>;
  callbacksDead: Counter<'path'>;
  bind(manager: SessionManager, outbox: Outbox): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  // Memória, CPU e event loop do processo (centenas de sockets crescem memória: vale acompanhar).
  collectDefaultMetrics({ register: registry, prefix: 'baileys_' });
  let manager: SessionManager | undefined;
  let outbox: Outbox | undefined;
  new Gauge({
    name: 'baileys_sessions',
    help: 'Sessões por estado',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [state, count] of Object.entries(manager?.countByState() ?? {})) this.set({ state }, count);
    },
  });
  new Gauge({
    name: 'baileys_callback_queue',
    help: 'Eventos na fila de callbacks esperando entrega',
    registers: [registry],
    collect() {
      this.set(outbox?.pending() ?? 0);
    },
  });
  return {
    registry,
    eventsReceived: new Counter({
      name: 'baileys_events_received_total', help: 'Eventos recebidos do WhatsApp', labelNames: ['kind'], registers: [registry],
    }),
    messagesSent: new Counter({
      name: 'baileys_messages_sent_total', help: 'Mensagens enviadas ao WhatsApp, por tipo', labelNames: ['type'], registers: [registry],
    }),
    callbacksDelivered: new Counter({
      name: 'baileys_callbacks_delivered_total', help: 'Eventos entregues à API', labelNames: ['path'], registers: [registry],
    }),
    callbackFailures: new Counter({
      name: 'baileys_callback_failures_total', help: 'Tentativas de callback que falharam', labelNames: ['path'], registers: [registry],
    }),
    callbacksDead: new Counter({
      name: 'baileys_callbacks_dead_total',
      help: 'Eventos recusados de vez pela API (fora do contrato), guardados em outbox/dead/',
      labelNames: ['path'],
      registers: [registry],
    }),
    bind(m, o) {
      manager = m;
      outbox = o;
    },
  };
}
