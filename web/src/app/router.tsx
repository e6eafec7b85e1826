import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { createBrowserRouter, createMemoryRouter, type RouteObject } from "react-router-dom";
import { RequireAuth, useMe } from "@/auth";
import { Forbidden } from "@/components/Forbidden";
import { RouteError } from "@/components/RouteError";
import { hasRole, type Role } from "@/lib/roles";
import { PageLoader } from "./PageLoader";
import { SCREENS } from "./screens";

// Moldura, tempo real e o CSS completo do Mantine só depois do login (veja Shell.tsx). O login também é um pedaço à
// parte: quem já tem sessão e abre o app não baixa o formulário (nem o @mantine/form).
const Shell = lazy(() => import("./Shell"));
const LoginPage = lazy(() => import("@/pages/LoginPage"));
const NotFoundPage = lazy(() => import("@/pages/NotFoundPage"));

/** A rota confere o papel (o menu só esconde): quem digita o endereço vê "Acesso restrito", não a tela. */
function Guarded({ page: Page, minRole, title }: { page: LazyExoticComponent<ComponentType>; minRole: Role; title: string }) {
  const { role } = useMe();
  if (!hasRole(role, minRole)) return <Forbidden title={title} minRole={minRole} />;
  return (
    <Suspense fallback={<PageLoader />}>
      <Page />
    </Suspense>
  );
}

export const routes: RouteObject[] = [
  {
    path: "/entrar",
    element: (
      <Suspense fallback={<PageLoader />}>
        <LoginPage />
      </Suspense>
    ),
    errorElement: <RouteError />,
  },
  {
    errorElement: <RouteError />,
    element: (
      <RequireAuth>
        <Suspense fallback={<PageLoader />}>
          <Shell />
        </Suspense>
      </RequireAuth>
    ),
    children: [
      ...SCREENS.flatMap((screen) =>
        [screen.path, ...(screen.extraPaths ?? [])].map((path) => ({
          path,
          element: <Guarded page={screen.page} minRole={screen.minRole} title={screen.label} />,
          // Erro numa tela fica nela: menu e cabeçalho continuam funcionando.
          errorElement: <RouteError />,
        })),
      ),
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

/** Para os testes de componente: o app inteiro num endereço inicial. */
export function createTestRouter(initialPath: string) {
  return createMemoryRouter(routes, { initialEntries: [initialPath] });
}
