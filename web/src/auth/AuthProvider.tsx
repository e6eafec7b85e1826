import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Session, SessionManager } from "./session";

const AuthContext = createContext<SessionManager | null>(null);

/** Liga o gerenciador de sessão ao React e limpa o cache do TanStack Query quando a pessoa (ou o tenant) muda. */
export function AuthProvider({ manager, children }: { manager: SessionManager; children: ReactNode }) {
  const queryClient = useQueryClient();
  useEffect(() => {
    manager.start();
    return () => manager.stop();
  }, [manager]);

  const session = useSyncExternalStore(manager.subscribe, manager.getSnapshot);
  const identity = session ? `${session.clientId}/${session.user.id}` : null;
  const previous = useRef(identity);
  useEffect(() => {
    // Dados de um usuário nunca aparecem para o próximo que entrar neste navegador.
    if (previous.current !== identity && previous.current !== null) queryClient.clear();
    previous.current = identity;
  }, [identity, queryClient]);

  return <AuthContext.Provider value={manager}>{children}</AuthContext.Provider>;
}

export function useSessionManager(): SessionManager {
  const manager = useContext(AuthContext);
  if (!manager) throw new Error("useSessionManager fora do AuthProvider");
  return manager;
}

/** A sessão atual (null sem login); re-renderiza quando ela muda (login, renovação, logout, outra aba). */
export function useSession(): Session | null {
  const manager = useSessionManager();
  return useSyncExternalStore(manager.subscribe, manager.getSnapshot);
}
