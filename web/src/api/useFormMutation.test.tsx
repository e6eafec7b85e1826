import type { ReactNode } from "react";
import { QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { json, problem } from "@/test/fakeApi";
import { installFakes, testQueryClient } from "@/test/render";
import { useFormMutation } from "./useFormMutation";

const TENANT = { id: "t1", clientId: "loja", name: "Loja", isActive: true, createdAt: "2026-12-01T12:00:00Z" };

function setup(onSuccess = vi.fn(), onError?: Parameters<typeof useFormMutation>[2]["onError"]) {
  const queryClient = testQueryClient();
  const invalidate = vi.spyOn(queryClient, "invalidateQueries");
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const hook = renderHook(
    () =>
      useFormMutation("post", "/api/v1/tenants", {
        form: { initialValues: { clientId: "loja", name: "Loja", admin: { email: "x" } } },
        toRequest: (values) => ({
          body: { clientId: values.clientId, name: values.name, admin: { name: "Ana", email: values.admin.email, password: "12345678" } },
        }),
        invalidates: ["/api/v1/tenants"],
        onSuccess,
        onError,
      }),
    { wrapper },
  );
  return { ...hook, invalidate };
}

describe("useFormMutation", () => {
  it("erro 422: o campo (inclusive aninhado) vai para o formulário, o desconhecido para o alerta", async () => {
    installFakes({
      "POST /api/v1/tenants": () =>
        problem(422, "dados_invalidos", "Confira os campos.", {
          errors: [
            { location: "body", field: "admin.email", message: "E-mail inválido." },
            { location: "body", field: "settings.timezone", message: "Fuso desconhecido." },
          ],
        }),
    });
    const { result } = setup();
    expect(result.current.alert).toBeNull();
    act(() => result.current.submit());
    await waitFor(() => expect(result.current.alert).not.toBeNull());
    expect(result.current.form.errors).toEqual({ "admin.email": "E-mail inválido." });
    expect(result.current.alert?.error.code).toBe("dados_invalidos");
    expect(result.current.alert?.fieldErrors.map((item) => item.field)).toEqual(["settings.timezone"]);
  });

  it("erro sem campos: só o alerta geral", async () => {
    installFakes({ "POST /api/v1/tenants": () => problem(409, "tenant_existente", "Já existe.") });
    const { result } = setup();
    act(() => result.current.submit());
    await waitFor(() => expect(result.current.alert?.error.detail).toBe("Já existe."));
    expect(result.current.alert?.fieldErrors).toEqual([]);
    expect(result.current.form.errors).toEqual({});
  });

  it("onError que trata o erro esconde o alerta geral", async () => {
    installFakes({ "POST /api/v1/tenants": () => problem(409, "tenant_existente", "Já existe.") });
    const { result } = setup(vi.fn(), (error, form) => {
      form.setFieldError("clientId", error.detail);
      return true;
    });
    act(() => result.current.submit());
    await waitFor(() => expect(result.current.form.errors).toEqual({ clientId: "Já existe." }));
    expect(result.current.mutation.isError).toBe(true);
    expect(result.current.alert).toBeNull();
  });

  it("pendente enquanto a API responde; no sucesso invalida e chama onSuccess com os valores enviados", async () => {
    let release: (response: Response) => void = () => {};
    const fake = installFakes({ "POST /api/v1/tenants": () => new Promise<Response>((resolve) => (release = resolve)) });
    const onSuccess = vi.fn();
    const { result, invalidate } = setup(onSuccess);
    act(() => result.current.submit());
    await waitFor(() => expect(result.current.mutation.isPending).toBe(true));
    await waitFor(() => expect(fake.callsTo("POST /api/v1/tenants")).toHaveLength(1));
    expect(JSON.parse(fake.calls[0]!.body)).toMatchObject({ clientId: "loja", admin: { email: "x" } });
    act(() => release(json(TENANT, 201)));
    await waitFor(() => expect(onSuccess).toHaveBeenCalledTimes(1));
    expect(onSuccess.mock.calls[0]![0]).toEqual(TENANT);
    expect(onSuccess.mock.calls[0]![1].values).toEqual({ clientId: "loja", name: "Loja", admin: { email: "x" } });
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ["get", "/api/v1/tenants"] });
    await waitFor(() => expect(result.current.mutation.isPending).toBe(false));
    expect(result.current.alert).toBeNull();
  });

  it("validação do formulário falhando não chama a API", () => {
    const fake = installFakes({});
    const queryClient = testQueryClient();
    const { result } = renderHook(
      () =>
        useFormMutation("post", "/api/v1/tenants", {
          form: { initialValues: { name: "" }, validate: { name: (value) => (value ? null : "Informe o nome.") } },
          toRequest: (values) => ({ body: { clientId: "loja", name: values.name } }),
        }),
      { wrapper: ({ children }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider> },
    );
    act(() => result.current.submit());
    expect(result.current.form.errors).toEqual({ name: "Informe o nome." });
    expect(fake.calls).toHaveLength(0);
  });
});
