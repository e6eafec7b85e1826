import { useEffect, useRef, type ReactNode } from "react";
import { Group, Stack, Text, Title } from "@mantine/core";
import { useLocation } from "react-router-dom";

export interface PageLayoutProps {
  /** Título da tela (h1 e título da aba). */
  title: string;
  description?: ReactNode;
  /** Botões da tela, à direita do título (quebram para baixo no celular). */
  actions?: ReactNode;
  children?: ReactNode;
}

export const APP_NAME = "wacs";


/** Moldura de toda tela: título, descrição, ações e conteúdo. */
export function PageLayout({ title, description, actions, children }: PageLayoutProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} · ${APP_NAME}`;
  }, [title]);
  // Ao chegar numa tela por navegação (não no primeiro carregamento, cuja chave é "default"), o foco vai para o
  // título: leitores de tela anunciam a troca e o Tab seguinte começa no conteúdo. Só na montagem: trocar de conversa
  // dentro da mesma tela não rouba o foco de quem está digitando.
  const arrivedByNavigation = useRef(key !== "default");
  useEffect(() => {
    if (arrivedByNavigation.current) heading.current?.focus();
  }, []);

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={1} size="h2" ref={heading} tabIndex={-1} style={{ outline: "none" }}>
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm">
              {description}
            </Text>
          )}
        </Stack>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {children}
    </Stack>
  );
}
