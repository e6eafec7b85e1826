import { Button, Center, EmptyState, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { isRouteErrorResponse, useRouteError } from "react-router-dom";

/** Pedaço de tela (chunk) que não existe mais: o app foi atualizado no servidor enquanto a aba estava aberta. */
function isStaleChunk(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(message);
}

/**
 * Erro ao montar uma tela (bug, pedaço do app que não carregou): a moldura continua de pé e a pessoa pode recarregar,
 * em vez de a página inteira ficar em branco.
 */
export function RouteError() {
  const error = useRouteError();
  const stale = isStaleChunk(error);
  if (!stale) console.error("erro na tela:", error);
  const detail = stale
    ? "O wacs foi atualizado desde que esta página foi aberta. Recarregue para usar a versão nova."
    : isRouteErrorResponse(error)
      ? `Erro ${error.status} ao abrir esta tela.`
      : "Algo deu errado ao mostrar esta tela. Recarregue a página; se continuar, avise o suporte.";
  return (
    <Center py="xl" role="alert">
      <EmptyState
        icon={<IconAlertTriangle aria-hidden />}
        withIndicatorBackground
        title={stale ? "Versão nova disponível" : "Não foi possível mostrar esta tela"}
        description={detail}
      >
        <Stack align="center" gap="xs">
          <Button leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => window.location.reload()}>
            Recarregar
          </Button>
          {!stale && error instanceof Error && (
            <Text size="xs" c="dimmed">
              {error.message}
            </Text>
          )}
        </Stack>
      </EmptyState>
    </Center>
  );
}
