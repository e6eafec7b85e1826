import { useState } from "react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { RouterProvider } from "react-router-dom";
import { sessionManager } from "@/api";
import { AuthProvider } from "@/auth";
import { createAppQueryClient } from "./queryClient";
import { createAppRouter } from "./router";
import { theme } from "./theme";

type AppRouter = ReturnType<typeof createAppRouter>;

/** Provedores na ordem em que dependem um do outro: tema → cache → sessão → rotas (que sobem o tempo real). */
export function App({ router, queryClient }: { router?: AppRouter; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createAppQueryClient());
  const [appRouter] = useState(() => router ?? createAppRouter());
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={client}>
        <AuthProvider manager={sessionManager}>
          <RouterProvider router={appRouter} />
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
