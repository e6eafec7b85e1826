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

/** Provedores na ordem em que dependem um do outro: tema → cache → sessão → rotas (que sobem o tempo real). Os testes
 * de componente passam `mantineEnv="test"`: sem layout no jsdom, o Mantine desliga as transições e não esconde um
 * menu aberto achando que o botão dele saiu da tela (o `hideDetached` do Floating UI fazia isso sob carga). */
export function App({
  router,
  queryClient,
  mantineEnv = "default",
}: {
  router?: AppRouter;
  queryClient?: QueryClient;
  mantineEnv?: "default" | "test";
}) {
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  const [appRouter] = useState(() => router ?? createAppRouter());
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" env={mantineEnv}>
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
