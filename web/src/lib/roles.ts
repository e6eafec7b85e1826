/** Papéis da API (`user` < `admin` < `superadmin`); uma tela que exige `admin` aceita `superadmin`. */
export const ROLES = ["user", "admin", "superadmin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  user: "Usuário",
  admin: "Administrador",
  superadmin: "Superadministrador",
};

/** O papel vem da API como texto livre; qualquer valor desconhecido vale o menor papel. */
export function toRole(value: string | null | undefined): Role {
  return (ROLES as readonly string[]).includes(value ?? "") ? (value as Role) : "user";
}

export function hasRole(role: Role | null | undefined, minimum: Role): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
