import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useSession, useSessionManager } from "@/auth/AuthProvider";
import {
  RealtimeClient,
  realtimeUrl,
  type RealtimeClientOptions,
  type RealtimeEvent,
  type RealtimeState,
  type ResyncReason,
} from "./client";
import { ALL_REALTIME_PREFIXES, CoalescingInvalidator, INVALIDATION_RULES } from "./invalidation";

type EventHandler = (event: RealtimeEvent) => void;
type ResyncHandler = (reason: ResyncReason) => void;

interface RealtimeContextValue {
  state: RealtimeState;
  /** `navigator.onLine`: sem rede, nem adianta tentar. */
  online: boolean;
  /** Assina eventos de um tipo (ou "*" para todos); devolve a função que cancela. */
  subscribe: (type: string, handler: EventHandler) => () => void;
  onResync: (handler: ResyncHandler) => () => void;
  getCursor: () => number | null;
}

const RealtimeContext = createContext<RealtimeContextValue | null>(null);

export interface RealtimeProviderProps {
  children: ReactNode;
  /** Para os testes: WebSocket falso e URL. */
  WebSocketImpl?: RealtimeClientOptions["WebSocketImpl"];
  url?: string;
}

/**
 * Uma conexão por aba enquanto houver sessão. Cada evento: 1) vai para quem assinou (`useRealtimeEvent`); 2)
 * invalida as consultas da regra do tipo (`invalidation.ts`), juntando rajadas. Numa ressincronização (primeira
 * conexão, eventos perdidos demais, histórico recriado) recarrega tudo o que depende de tempo real.
 */
export function RealtimeProvider({ children, WebSocketImpl, url }: RealtimeProviderProps) {
  const session = useSession();
  const manager = useSessionManager();
  const queryClient = useQueryClient();
  const [state, setState] = useState<RealtimeState>("closed");
  const [online, setOnline] = useState(() => (typeof navigator === "undefined" ? true : navigator.onLine));
  const handlers = useRef(new Map<string, Set<EventHandler>>());
  const resyncHandlers = useRef(new Set<ResyncHandler>());
  const clientRef = useRef<RealtimeClient | null>(null);
  const clientId = session?.clientId ?? null;
  const userId = session?.user.id ?? null;

  useEffect(() => {
    if (!clientId || !userId) return undefined;
    const invalidator = new CoalescingInvalidator(queryClient);
    const client = new RealtimeClient({
      url: url ?? realtimeUrl(),
      clientId,
      getToken: () => manager.accessToken(),
      renewToken: () => manager.refresh(),
      WebSocketImpl,
      onStateChange: setState,
      onEvent: (event) => {
        for (const key of [event.type, "*"]) {
          for (const handler of handlers.current.get(key) ?? []) {
            try {
              handler(event);
            } catch (error) {
              console.error("tempo real: erro num assinante de", event.type, error);
            }
          }
        }
        const prefixes = INVALIDATION_RULES[event.type];
        if (prefixes) invalidator.add(prefixes);
      },
      onResync: (reason) => {
        invalidator.add(ALL_REALTIME_PREFIXES);
        for (const handler of resyncHandlers.current) handler(reason);
      },
    });
    clientRef.current = client;
    client.start();

    // Token renovado (pelo timer ou por um 401): troca na conexão aberta.
    let lastToken = manager.getSnapshot()?.accessToken ?? null;
    const unsubscribe = manager.subscribe(() => {
      const token = manager.getSnapshot()?.accessToken ?? null;
      if (token && token !== lastToken) client.updateToken(token);
      lastToken = token;
    });
    const goOnline = () => {
      setOnline(true);
      client.reconnectNow();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
      unsubscribe();
      client.stop();
      invalidator.dispose();
      clientRef.current = null;
    };
  }, [clientId, userId, manager, queryClient, url, WebSocketImpl]);

  // Estáveis: quem assina não refaz a assinatura quando o estado da conexão muda.
  const subscribe = useCallback((type: string, handler: EventHandler) => {
    const set = handlers.current.get(type) ?? new Set<EventHandler>();
    set.add(handler);
    handlers.current.set(type, set);
    return () => {
      set.delete(handler);
    };
  }, []);
  const onResync = useCallback((handler: ResyncHandler) => {
    resyncHandlers.current.add(handler);
    return () => {
      resyncHandlers.current.delete(handler);
    };
  }, []);
  const getCursor = useCallback(() => clientRef.current?.getCursor() ?? null, []);
  const value = useMemo<RealtimeContextValue>(
    () => ({ state, online, subscribe, onResync, getCursor }),
    [state, online, subscribe, onResync, getCursor],
  );

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

/** Estado da conexão e assinaturas (veja também `useRealtimeEvent`). */
export function useRealtime(): RealtimeContextValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error("useRealtime fora do RealtimeProvider");
  return value;
}

/**
 * Chama `handler` a cada evento do(s) tipo(s) (ex.: "message.created" ou ["message.created", "message.status"]).
 * O handler pode mudar a cada render: fica guardado numa ref, a assinatura não é refeita.
 */
export function useRealtimeEvent<T = Record<string, unknown>>(
  types: string | readonly string[],
  handler: (event: RealtimeEvent<T>) => void,
): void {
  const { subscribe } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  const key = typeof types === "string" ? types : types.join("|");
  useEffect(() => {
    const list = key.split("|");
    const offs = list.map((type) => subscribe(type, (event) => latest.current(event as RealtimeEvent<T>)));
    return () => offs.forEach((off) => off());
  }, [key, subscribe]);
}

/** Avisa quando o estado local precisa ser recarregado (além da recarga automática das consultas). */
export function useRealtimeResync(handler: ResyncHandler): void {
  const { onResync } = useRealtime();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => onResync((reason) => latest.current(reason)), [onResync]);
}
