import { useEffect, useState } from "react";
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconBrandWhatsapp, IconInfoCircle } from "@tabler/icons-react";
import { Navigate, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import { applyFieldErrors, toApiError, type ApiError, type FieldError } from "@/api/errors";
import { useSession, useSessionManager } from "@/auth";
import { ErrorAlert } from "@/components/ErrorAlert";
import { APP_NAME } from "@/components/PageLayout";

/** Último tenant usado neste navegador: quem entra todo dia não digita de novo. Não é segredo. */
export const LAST_TENANT_KEY = "wacs.ultimoTenant";
const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{1,98}[a-z0-9]$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

interface LoginValues {
  clientId: string;
  email: string;
  password: string;
}

function readLastTenant(): string {
  try {
    return localStorage.getItem(LAST_TENANT_KEY) ?? "";
  } catch {
    return "";
  }
}

/** Mensagem de erro do login em pt-BR; no 401 a API não diz qual campo errou (de propósito), então nem nós. */
function describeLoginError(error: ApiError): { title: string; detail?: string } | null {
  if (error.code === "credenciais_invalidas") {
    return {
      title: "Não foi possível entrar",
      detail: "E-mail ou senha incorretos. Confira também o identificador da empresa.",
    };
  }
  return null;
}

export default function LoginPage() {
  const session = useSession();
  const manager = useSessionManager();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const [error, setError] = useState<ApiError | null>(null);
  const [leftover, setLeftover] = useState<FieldError[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const endReason = manager.getEndReason();
  const from = (location.state as { from?: string } | null)?.from;

  useEffect(() => {
    document.title = `Entrar · ${APP_NAME}`;
  }, []);

  const form = useForm<LoginValues>({
    mode: "controlled",
    initialValues: { clientId: params.get("tenant") ?? readLastTenant(), email: "", password: "" },
    validateInputOnBlur: true,
    validate: {
      clientId: (value) => {
        const v = value.trim();
        if (!v) return "Informe o identificador da empresa.";
        if (!TENANT_PATTERN.test(v)) return "Use letras minúsculas, números, '-' ou '_' (de 3 a 100 caracteres).";
        return null;
      },
      email: (value) => {
        const v = value.trim();
        if (!v) return "Informe o seu e-mail.";
        if (!EMAIL_PATTERN.test(v)) return "Informe um e-mail válido, como nome@empresa.com.br.";
        return null;
      },
      password: (value) => (value ? null : "Informe a sua senha."),
    },
  });

  if (session) return <Navigate to={from && from !== "/entrar" ? from : "/"} replace />;

  const submit = form.onSubmit(async (values) => {
    setError(null);
    setLeftover([]);
    setSubmitting(true);
    try {
      await manager.login(values.clientId, values.email, values.password);
      try {
        localStorage.setItem(LAST_TENANT_KEY, values.clientId.trim());
      } catch {
        // sem armazenamento: só não lembra o tenant
      }
      navigate(from && from !== "/entrar" ? from : "/", { replace: true });
    } catch (caught) {
      const apiError = toApiError(caught);
      if (apiError.code === "tenant_nao_informado") {
        form.setFieldError("clientId", "Informe o identificador da empresa.");
      } else if (apiError.fieldErrors.length > 0) {
        const rest = applyFieldErrors(form, apiError);
        setLeftover(rest);
        if (rest.length > 0) setError(apiError);
      } else {
        setError(apiError);
      }
      if (apiError.code === "credenciais_invalidas") form.setFieldValue("password", "");
    } finally {
      setSubmitting(false);
    }
  });

  const described = error ? describeLoginError(error) : null;

  return (
    <Center mih="100dvh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="lg" w="100%" maw={420}>
        <Stack gap="lg">
          <Stack gap={4} align="center">
            <IconBrandWhatsapp size={44} color="var(--mantine-color-whatsapp-7)" aria-hidden />
            <Title order={1} size="h2">
              Entrar no {APP_NAME}
            </Title>
            <Text c="dimmed" size="sm" ta="center">
              Atendimento pelo WhatsApp da sua empresa.
            </Text>
          </Stack>

          {endReason === "expired" && !error && (
            <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} role="status">
              A sua sessão expirou. Entre de novo para continuar.
            </Alert>
          )}
          {error &&
            (described ? (
              <Alert color="red" title={described.title} role="alert">
                {described.detail}
              </Alert>
            ) : (
              <ErrorAlert error={error} title="Não foi possível entrar" fieldErrors={leftover} />
            ))}

          <form onSubmit={submit} noValidate aria-label="Entrar">
            <Stack gap="md">
              <TextInput
                label="Empresa (ID do tenant)"
                description="O identificador da sua empresa no wacs, por exemplo: loja-exemplo."
                autoComplete="organization"
                autoCapitalize="none"
                spellCheck={false}
                required
                {...form.getInputProps("clientId")}
              />
              <TextInput
                label="E-mail"
                type="email"
                autoComplete="username"
                inputMode="email"
                required
                {...form.getInputProps("email")}
              />
              <PasswordInput
                label="Senha"
                autoComplete="current-password"
                required
                visibilityToggleButtonProps={{ "aria-label": "Mostrar ou ocultar a senha" }}
                {...form.getInputProps("password")}
              />
              <Button type="submit" loading={submitting} fullWidth mt="xs">
                Entrar
              </Button>
            </Stack>
          </form>
          <Text size="xs" c="dimmed" ta="center">
            Esqueceu a senha? Peça a um administrador da sua empresa para redefini-la. Documentação da API em{" "}
            <Anchor href="/scalar/v1" size="xs">
              /scalar/v1
            </Anchor>
            .
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
