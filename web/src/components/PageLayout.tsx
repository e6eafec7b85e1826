import { useEffect, useRef, type ReactNode } from "react";
import { Group, Stack, Text, Title } from "@mantine/core";

export interface PageLayoutProps {
  /** Título da tela (h1 e título da aba). */
  title: string;
  description?: ReactNode;
  /** Botões da tela, à direita do título (quebram para baixo no celular). */
  actions?: ReactNode;
  children?: ReactNode;
}

export const APP_NAME = "wacs";

// A primeira tela não rouba o foco; nas seguintes o foco vai para o título, para leitores de tela anunciarem a troca
// e para o Tab seguinte começar no conteúdo.
let firstPage = true;

/** Moldura de toda tela: título, descrição, ações e conteúdo. */
export function PageLayout({ title, description, actions, children }: PageLayoutProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${APP_NAME}`;
  }, [title]);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    heading.current?.focus({ preventScroll: false });
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
