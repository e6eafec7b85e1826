import { MutationCache, QueryClient, type InvalidateOptions, type InvalidateQueryFilters } from "@tanstack/react-query";
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

/** O QueryClient do app: uma invalidação nunca se contenta com uma primeira carga que já estava em voo. */
export class AppQueryClient extends QueryClient {
  override async invalidateQueries(filters?: InvalidateQueryFilters, options?: InvalidateOptions): Promise<void> {
    // Sem dados ainda, o TanStack junta o refetch da invalidação à busca em voo — que começou antes da mudança (ex.:
    // importar imóveis enquanto a lista carrega pela primeira vez, ou um evento do tempo real no meio da primeira
    // carga das conversas), e a tela ficaria com o resultado velho. Cancelada antes, a invalidação busca de novo.
    const firstLoads = this.getQueryCache()
      .findAll(filters)
      .filter((query) => query.state.data === undefined && query.state.fetchStatus === "fetching");
    await Promise.all(firstLoads.map((query) => query.cancel({ revert: true })));
    return super.invalidateQueries(filters, options);
  }
}

export function createAppQueryClient(): QueryClient {
  return new AppQueryClient({
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
