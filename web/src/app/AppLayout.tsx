import { Suspense } from "react";
import {
  Anchor,
  AppShell,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  useMantineTheme,
} from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconBrandWhatsapp, IconLogout } from "@tabler/icons-react";
import { Link, Outlet, matchPath, useLocation, useNavigate } from "react-router-dom";
import { useMe, useSession, useSessionManager } from "@/auth";
import { ConnectionBanner } from "@/components/ConnectionBanner";
import { hasRole, ROLE_LABELS } from "@/lib/roles";
import { PageLoader } from "./PageLoader";
import { SCREENS, type Screen } from "./screens";

function isActive(screen: Screen, pathname: string): boolean {
  if (screen.path === "/") return pathname === "/";
  return [screen.path, ...(screen.extraPaths ?? [])].some((path) => matchPath({ path, end: false }, pathname));
}

/** A moldura das telas logadas: cabeçalho (pessoa, tenant, Sair), menu lateral (vira gaveta no celular) e conteúdo. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const theme = useMantineTheme();
  const phone = useMediaQuery(`(max-width: ${parseFloat(theme.breakpoints.sm) - 0.01}em)`) ?? false;
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const manager = useSessionManager();
  const session = useSession();
  const { role, user, tenant } = useMe();
  const visible = SCREENS.filter((screen) => hasRole(role, screen.minRole));
  const name = user?.name ?? session?.user.name ?? "";
  const tenantName = tenant?.name ?? session?.clientId ?? "";

  const logout = async () => {
    await manager.logout();
    navigate("/entrar", { replace: true });
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding={{ base: "sm", sm: "lg" }}
    >
      <a className="skip-link" href="#conteudo">
        Pular para o conteúdo
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Fechar menu" : "Abrir menu"}
              aria-expanded={opened}
              aria-controls="menu-principal"
            />
            <Anchor component={Link} to="/" aria-label="wacs — ir para o painel" c="inherit" underline="never">
              <Group gap={6} wrap="nowrap">
                <IconBrandWhatsapp aria-hidden color="var(--mantine-color-whatsapp-7)" size={28} />
                <Text fw={700} size="lg" aria-hidden>
                  wacs
                </Text>
              </Group>
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Stack gap={0} align="flex-end" visibleFrom="xs" data-testid="cabecalho-usuario">
              <Text size="sm" fw={600} lh={1.2}>
                {name}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {tenantName}
                {role ? ` · ${ROLE_LABELS[role]}` : ""}
              </Text>
            </Stack>
            <Button variant="default" size="xs" leftSection={<IconLogout size={16} aria-hidden />} onClick={logout}>
              Sair
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      {/* Gaveta fechada no celular sai da ordem do Tab e dos leitores de tela (o Mantine só a desloca para fora). */}
      <AppShell.Navbar p="xs" id="menu-principal" aria-label="Menu principal" component="nav" inert={phone && !opened}>
        <AppShell.Section grow component={ScrollArea}>
          {visible.map((screen) => {
            const active = isActive(screen, pathname);
            const Icon = screen.icon;
            return (
              <NavLink
                key={screen.path}
                component={Link}
                to={screen.path}
                label={screen.label}
                leftSection={<Icon size={20} stroke={1.6} aria-hidden />}
                active={active}
                aria-current={active ? "page" : undefined}
                onClick={close}
              />
            );
          })}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="conteudo" tabIndex={-1} style={{ outline: "none" }}>
        <ConnectionBanner />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
