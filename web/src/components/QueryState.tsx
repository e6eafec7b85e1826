import type { ReactNode } from "react";
import { Center, EmptyState, Loader, Stack } from "@mantine/core";
import { IconInbox } from "@tabler/icons-react";
import { ErrorAlert } from "./ErrorAlert";

/** O mínimo de um resultado do TanStack Query que o componente lê (serve para useQuery e useInfiniteQuery). */
export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
  isFetching?: boolean;
  refetch: () => unknown;
}

export interface QueryStateProps<T> {
  query: QueryLike<T>;
  /** Quando os dados existem mas não há o que mostrar (ex.: `(d) => d.items.length === 0`). */
  isEmpty?: (data: T) => boolean;
  emptyTitle?: string;
  emptyDescription?: ReactNode;
  /** Ação do estado vazio (ex.: botão "Conectar número"). */
  emptyAction?: ReactNode;
  loadingLabel?: string;
  /** Troca o esqueleto padrão (um Loader centralizado). */
  loading?: ReactNode;
  errorTitle?: string;
  children: (data: T) => ReactNode;
}

/**
 * Carregando, erro (com "Tentar de novo"), vazio ou os dados — sempre nos mesmos formatos. Um erro numa recarga com
 * dados já na tela mantém os dados e mostra o aviso acima deles.
 */
export function QueryState<T>({
  query,
  isEmpty,
  emptyTitle = "Nada por aqui ainda",
  emptyDescription,
  emptyAction,
  loadingLabel = "Carregando…",
  loading,
  errorTitle,
  children,
}: QueryStateProps<T>) {
  const retry = () => void query.refetch();
  if (query.data === undefined) {
    if (query.error) return <ErrorAlert error={query.error} title={errorTitle} onRetry={retry} />;
    if (query.isPending) {
      return (
        loading ?? (
          <Center py="xl" role="status" aria-live="polite">
            <Loader aria-label={loadingLabel} />
          </Center>
        )
      );
    }
    return null;
  }
  const data = query.data;
  const body =
    isEmpty?.(data) === true ? (
      <EmptyState
        icon={<IconInbox aria-hidden />}
        withIndicatorBackground
        title={emptyTitle}
        description={emptyDescription}
        py="xl"
      >
        {emptyAction}
      </EmptyState>
    ) : (
      children(data)
    );
  if (!query.error) return <>{body}</>;
  return (
    <Stack gap="md">
      <ErrorAlert error={query.error} title={errorTitle ?? "Não foi possível atualizar"} onRetry={retry} />
      {body}
    </Stack>
  );
}
