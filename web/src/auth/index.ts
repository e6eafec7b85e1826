export { AuthProvider, useSession, useSessionManager } from "./AuthProvider";
export { RequireAuth } from "./RequireAuth";
export { useMe } from "./useMe";
export type { Session, SessionEndReason } from "./session";
