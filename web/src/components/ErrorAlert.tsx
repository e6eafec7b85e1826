import { Alert, Button, Group, List, Text } from "@mantine/core";
import { IconAlertTriangle, IconWifiOff } from "@tabler/icons-react";
import { toApiError, type FieldError } from "@/api/errors";
import { formatNumber } from "@/lib/format";

export interface ErrorAlertProps {
  /** Qualquer erro (ApiError, falha de rede, exceção): é convertido para ApiError. */
  error: unknown;
  /** Troca o título que veio da API (ex.: "Não foi possível salvar"). */
  title?: string;
  /** Erros de campo que não couberam no formulário (o retorno de `applyFieldErrors`); padrão: todos. */
  fieldErrors?: FieldError[];
  onRetry?: () => void;
}

/** Um erro da API em pt-BR: título, detalhe, erros por campo, espera do 429 e o código para o suporte. */
export function ErrorAlert({ error, title, fieldErrors, onRetry }: ErrorAlertProps) {
  const apiError = toApiError(error);
  const fields = fieldErrors ?? apiError.fieldErrors;
  return (
    <Alert
      role="alert"
      color={apiError.isNetworkError ? "orange" : "red"}
      variant="light"
      title={title ?? apiError.title}
      icon={apiError.isNetworkError ? <IconWifiOff aria-hidden /> : <IconAlertTriangle aria-hidden />}
    >
      <Text size="sm">{apiError.detail}</Text>
      {apiError.retryAfter !== null && (
        <Text size="sm" mt={4}>
          Tente de novo em {formatNumber(apiError.retryAfter)}{" "}
          {apiError.retryAfter === 1 ? "segundo" : "segundos"}.
        </Text>
      )}
      {fields.length > 0 && (
        <List size="sm" mt="xs">
          {fields.map((item) => (
            <List.Item key={`${item.location}:${item.field}`}>
              <Text span fw={600} size="sm">
                {item.field}
              </Text>
              : {item.message}
            </List.Item>
          ))}
        </List>
      )}
      {(onRetry || apiError.requestId) && (
        <Group justify="space-between" mt="sm" gap="xs">
          {apiError.requestId ? (
            <Text size="xs" c="dimmed">
              Código para o suporte: {apiError.requestId}
            </Text>
          ) : (
            <span />
          )}
          {onRetry && (
            <Button size="xs" variant="default" onClick={onRetry}>
              Tentar de novo
            </Button>
          )}
        </Group>
      )}
    </Alert>
  );
}
