// O formulário que salva na API (o que `useFormMutation` devolve): campos, o erro que não coube neles e os botões,
// sempre na mesma ordem e com a validação do Mantine (em pt-BR) no lugar da do navegador.
import type { FormEvent, ReactNode } from "react";
import { Button, Group, Stack, type MantineSpacing } from "@mantine/core";
import type { FormAlert } from "@/api/useFormMutation";
import { ErrorAlert } from "./ErrorAlert";

export interface FormActionsProps {
  /** O `alert` de `useFormMutation`. */
  alert: FormAlert | null;
  /** Título do alerta (ex.: "Não foi possível salvar"); padrão: o da API. */
  alertTitle?: string;
  submitLabel: string;
  /** Envio em andamento (`mutation.isPending`). */
  pending: boolean;
  submitDisabled?: boolean;
  /** Sem ele, não há botão de cancelar. */
  onCancel?: () => void;
  cancelLabel?: string;
  cancelDisabled?: boolean;
}

/** O pé do formulário: o alerta do erro e os botões (cancelar à esquerda do enviar). */
export function FormActions({
  alert,
  alertTitle,
  submitLabel,
  pending,
  submitDisabled,
  onCancel,
  cancelLabel = "Cancelar",
  cancelDisabled,
}: FormActionsProps) {
  return (
    <>
      {alert && <ErrorAlert {...alert} title={alertTitle} />}
      <Group justify="flex-end">
        {onCancel && (
          <Button variant="default" onClick={onCancel} disabled={cancelDisabled}>
            {cancelLabel}
          </Button>
        )}
        <Button type="submit" loading={pending} disabled={submitDisabled}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}

export interface MutationFormProps extends Omit<FormActionsProps, "alert" | "pending"> {
  /** O retorno de `useFormMutation` (basta `submit`, `alert` e `mutation.isPending`). */
  state: {
    submit: (event?: FormEvent<HTMLFormElement>) => void;
    alert: FormAlert | null;
    mutation: { isPending: boolean };
  };
  gap?: MantineSpacing;
  children: ReactNode;
}

/** `<form>` + campos (`children`) + `FormActions`, para os modais que criam ou editam algo. */
export function MutationForm({ state, gap, children, ...actions }: MutationFormProps) {
  return (
    <form noValidate onSubmit={state.submit}>
      <Stack gap={gap}>
        {children}
        <FormActions alert={state.alert} pending={state.mutation.isPending} {...actions} />
      </Stack>
    </form>
  );
}
