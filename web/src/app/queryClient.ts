import { MutationCache, QueryClient } from "@tanstack/react-query";
import { notifications } from "@mantine/notifications";
import { toApiError, type ApiError } from "@/api/errors";

declare module "@tanstack/react-query" {
  interface Register {
    /** Todo queryFn passa pelo cliente da API, que só lança ApiError (os hooks de `$api` anunciam ProblemDetail, que
     * o ApiError satisfaz). */
    defaultError: ApiError;
    /** `meta.notifyError: false` numa mutação desliga o aviso automático (ex.: formulário que mostra o erro nos campos). */
    mutationMeta: { notifyError?: boolean };
  }
}

/** Falhas que repetir não resolve: validação, permissão, recurso inexistente. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const { status, isNetworkError } = toApiError(error);
  if (isNetworkError || status >= 500 || status === 429) return failureCount < 2;
  return false;
}

export function createAppQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: shouldRetry, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        // Mutações sem tratamento próprio ainda mostram o erro: nada falha em silêncio.
        if (mutation.options.onError || mutation.meta?.notifyError === false) return;
        const apiError = toApiError(error);
        notifications.show({ color: "red", title: apiError.title, message: apiError.detail });
      },
    }),
  });
}
