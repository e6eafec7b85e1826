import { $api } from "@/api";
import { toRole, type Role } from "@/lib/roles";
import { useSession } from "./AuthProvider";

/**
 * Quem está logado, segundo a API (`GET /api/v1/auth/me`): a fonte do papel e do tenant. Enquanto carrega, `role`
 * vem da sessão guardada, para o menu não piscar.
 */
export function useMe() {
  const session = useSession();
  const query = $api.useQuery("get", "/api/v1/auth/me", {}, { enabled: session !== null, staleTime: 5 * 60_000 });
  const user = query.data?.user ?? null;
  const role: Role | null = session ? toRole(user?.role ?? session.user.role) : null;
  return {
    ...query,
    me: query.data ?? null,
    user,
    tenant: query.data?.tenant ?? null,
    role,
  };
}
