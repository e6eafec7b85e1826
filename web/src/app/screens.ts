// O mapa do app: cada tela, a rota, o item do menu e o papel mínimo. Acrescentar uma tela = uma linha aqui + um
// arquivo em src/pages/ (veja docs/app-web.md). O conteúdo de cada tela fica só no arquivo dela.
import { lazy, type ComponentType, type LazyExoticComponent } from "react";
import {
  IconAddressBook,
  IconBuildingSkyscraper,
  IconDeviceMobile,
  IconHistory,
  IconKey,
  IconLayoutDashboard,
  IconMessages,
  IconRobot,
  IconSend,
  IconSettings,
  IconWebhook,
  type Icon,
} from "@tabler/icons-react";
import type { Role } from "@/lib/roles";

export interface Screen {
  /** Rota principal (também o destino do item do menu). */
  path: string;
  /** Outras rotas da mesma tela (ex.: a conversa aberta). */
  extraPaths?: readonly string[];
  /** Nome no menu e título da tela. */
  label: string;
  icon: Icon;
  /** Papel mínimo para ver (menu) e abrir (rota) a tela; o servidor confere de novo em cada chamada. */
  minRole: Role;
  /** Carregada sob demanda: cada tela é um pedaço separado do bundle. */
  page: LazyExoticComponent<ComponentType>;
}

export const SCREENS: readonly Screen[] = [
  { path: "/", label: "Painel", icon: IconLayoutDashboard, minRole: "user", page: lazy(() => import("@/pages/PainelPage")) },
  {
    path: "/conversas",
    extraPaths: ["/conversas/:id"],
    label: "Conversas",
    icon: IconMessages,
    minRole: "user",
    page: lazy(() => import("@/pages/ConversasPage")),
  },
  { path: "/sessoes", label: "Sessões", icon: IconDeviceMobile, minRole: "user", page: lazy(() => import("@/pages/SessoesPage")) },
  { path: "/agentes", label: "Agentes", icon: IconRobot, minRole: "user", page: lazy(() => import("@/pages/AgentesPage")) },
  { path: "/envio-em-massa", label: "Envio em massa", icon: IconSend, minRole: "user", page: lazy(() => import("@/pages/EnvioEmMassaPage")) },
  { path: "/webhooks", label: "Webhooks", icon: IconWebhook, minRole: "admin", page: lazy(() => import("@/pages/WebhooksPage")) },
  { path: "/usuarios", label: "Usuários", icon: IconAddressBook, minRole: "admin", page: lazy(() => import("@/pages/UsuariosPage")) },
  { path: "/chaves-de-api", label: "Chaves de API", icon: IconKey, minRole: "admin", page: lazy(() => import("@/pages/ChavesDeApiPage")) },
  { path: "/configuracoes", label: "Configurações", icon: IconSettings, minRole: "admin", page: lazy(() => import("@/pages/ConfiguracoesPage")) },
  { path: "/auditoria", label: "Auditoria", icon: IconHistory, minRole: "admin", page: lazy(() => import("@/pages/AuditoriaPage")) },
  { path: "/tenants", label: "Tenants", icon: IconBuildingSkyscraper, minRole: "superadmin", page: lazy(() => import("@/pages/TenantsPage")) },
];
