import { Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { createBrowserRouter, createMemoryRouter, type RouteObject } from "react-router-dom";
import { RequireAuth, useMe } from "@/auth";
import { Forbidden } from "@/components/Forbidden";
import { RouteError } from "@/components/RouteError";
import { hasRole, type Role } from "@/lib/roles";
import LoginPage from "@/pages/LoginPage";
import NotFoundPage from "@/pages/NotFoundPage";
import { RealtimeProvider } from "@/realtime";
import { AppLayout, PageLoader } from "./AppLayout";
import { SCREENS } from "./screens";

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
  { path: "/entrar", element: <LoginPage />, errorElement: <RouteError /> },
  {
    errorElement: <RouteError />,
    element: (
      <RequireAuth>
        <RealtimeProvider>
          <AppLayout />
        </RealtimeProvider>
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
