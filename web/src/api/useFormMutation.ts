// Formulário (@mantine/form) ligado a uma mutação de `$api`: o padrão de todos os modais que salvam algo na API.
import { useRef, useState } from "react";
import { useForm, type UseFormInput, type UseFormReturnType } from "@mantine/form";
import { useQueryClient, type UseMutationOptions, type UseMutationResult } from "@tanstack/react-query";
import type { ClientPathsWithMethod, MaybeOptionalInit } from "openapi-fetch";
import type { MethodResponse } from "openapi-react-query";
import type { Api } from "./client";
import { applyFieldErrors, toApiError, type ApiError, type FieldError } from "./errors";
import { $api } from "./index";
import type { paths } from "./schema";

type MutationMethod = "post" | "put" | "patch" | "delete";
type MutationPath<Method extends MutationMethod> = ClientPathsWithMethod<Api, Method>;
/** `params`/`body` da requisição, como `$api.useMutation` recebe em `mutate`. */
export type MutationInit<Method extends MutationMethod, Path extends MutationPath<Method>> = MaybeOptionalInit<
  paths[Path],
  Method
>;
/** O corpo da resposta de sucesso. */
export type MutationData<Method extends MutationMethod, Path extends MutationPath<Method>> = MethodResponse<
  typeof $api,
  Method,
  Path
>;
type GetPath = ClientPathsWithMethod<Api, "get">;

export interface FormMutationOptions<Values, Init, Data> {
  /** O mesmo que `useForm` recebe (valores iniciais, validação…). */
  form: UseFormInput<Values>;
  /** Valores do formulário (já validados) → `params`/`body` da requisição. */
  toRequest: (values: Values) => Init;
  /** Consultas (caminho GET como na OpenAPI) refeitas depois de salvar. */
  invalidates?: GetPath[];
  /** Depois de salvar (e de pedir as invalidações): fechar, avisar, reiniciar o formulário. */
  onSuccess?: (data: Data, context: { values: Values; form: UseFormReturnType<Values> }) => void;
  /**
   * Tratamento próprio de um erro antes do padrão; devolva `true` se já o mostrou (num campo, por exemplo): aí o
   * alerta geral não aparece.
   */
  onError?: (error: ApiError, form: UseFormReturnType<Values>) => boolean;
  /** Nomes de campo diferentes entre a API e o formulário (API → formulário), como em `applyFieldErrors`. */
  fieldMap?: Record<string, string>;
}

/** Props do `<ErrorAlert>` do erro que não coube nos campos. */
export interface FormAlert {
  error: ApiError;
  fieldErrors: FieldError[];
}

export interface FormMutation<Values, Mutation> {
  form: UseFormReturnType<Values>;
  mutation: Mutation;
  /** Para o `onSubmit` do `<form>`: valida e, se passar, envia. */
  submit: ReturnType<UseFormReturnType<Values>["onSubmit"]>;
  /** Props do `<ErrorAlert>` do erro que não coube nos campos; `null` sem erro (ou já mostrado por `onError`). */
  alert: FormAlert | null;
}

/**
 * `useForm` + `$api.useMutation` com o tratamento de erro de sempre: os erros 422 (RFC 9457 `errors[].field`, com
 * caminhos com ponto como `admin.email`) vão para os campos; o resto vai em `alert`, para um `<ErrorAlert {...alert}/>`.
 * A notificação automática de erro fica desligada, porque o formulário já mostra o erro.
 *
 * ```tsx
 * const { form, mutation, submit, alert } = useFormMutation("post", "/api/v1/users", {
 *   form: { initialValues: { name: "" } },
 *   toRequest: (values) => ({ body: { name: values.name.trim() } }),
 *   invalidates: ["/api/v1/users"],
 *   onSuccess: onClose,
 * });
 * ```
 */
export function useFormMutation<
  // `any` como no `useForm`: aceita valores declarados como `interface` (sem assinatura de índice).
  Values extends Record<string, any>,
  Method extends MutationMethod,
  Path extends MutationPath<Method>,
>(
  method: Method,
  path: Path,
  options: FormMutationOptions<Values, MutationInit<Method, Path>, MutationData<Method, Path>>,
): FormMutation<Values, UseMutationResult<MutationData<Method, Path>, ApiError, MutationInit<Method, Path>>> {
  type Init = MutationInit<Method, Path>;
  type Data = MutationData<Method, Path>;
  // Os tipos exatos já estão na assinatura; aqui o hook genérico do openapi-react-query só repassa.
  const useMutation = $api.useMutation as unknown as (
    method: Method,
    path: Path,
    options: UseMutationOptions<Data, ApiError, Init>,
  ) => UseMutationResult<Data, ApiError, Init>;
  const queryClient = useQueryClient();
  const form = useForm<Values>(options.form);
  // Os valores enviados, para o `onSuccess` (a mutação só conhece o corpo já montado).
  const submitted = useRef<Values | null>(null);
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const [handled, setHandled] = useState(false);
  const mutation = useMutation(method, path, {
    meta: { notifyError: false },
    onError: (error) => {
      const apiError = toApiError(error);
      if (options.onError?.(apiError, form)) {
        setHandled(true);
        setLeftover([]);
        return;
      }
      setHandled(false);
      setLeftover(applyFieldErrors(form, apiError, options.fieldMap));
    },
    onSuccess: (data) => {
      for (const get of options.invalidates ?? []) void queryClient.invalidateQueries({ queryKey: ["get", get] });
      options.onSuccess?.(data, { values: submitted.current as Values, form });
    },
  });
  const submit = form.onSubmit((values) => {
    submitted.current = values;
    setLeftover([]);
    setHandled(false);
    mutation.mutate(options.toRequest(values));
  });
  const alert = mutation.error && !handled ? { error: mutation.error, fieldErrors: leftover } : null;
  return { form, mutation, submit, alert };
}
