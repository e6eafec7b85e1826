import { lazy, Suspense, useState } from "react";
import { MantineProvider } from "@mantine/core";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import { sessionManager } from "@/api";
import { AuthProvider } from "@/auth";
import { createAppQueryClient } from "./queryClient";
import { createAppRouter } from "./router";
import { theme } from "./theme";

type AppRouter = ReturnType<typeof createAppRouter>;

// A pilha de avisos num pedaço à parte: a tela de login não precisa dela para aparecer. Um aviso mostrado antes de o
// pedaço chegar fica na fila do `notifications` (o armazenamento é outro módulo) e aparece quando ele monta.
const AppNotifications = lazy(() => import("./AppNotifications"));

/** Provedores na ordem em que dependem um do outro: tema → cache → sessão → rotas (que sobem o tempo real). */
export function App({ router, queryClient }: { router?: AppRouter; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  const [appRouter] = useState(() => router ?? createAppRouter());
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Suspense fallback={null}>
        <AppNotifications />
      </Suspense>
      <QueryClientProvider client={client}>
        <AuthProvider manager={sessionManager}>
          <RouterProvider router={appRouter} />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
