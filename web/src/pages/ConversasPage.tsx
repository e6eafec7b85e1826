// Conversas: lista à esquerda e o fio à direita; no celular, uma coisa de cada vez (com "Voltar").
import { Box, Center, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconMessages } from "@tabler/icons-react";
import { useParams } from "react-router-dom";
import { PageLayout } from "@/components/PageLayout";
import { ConversationList } from "./conversas/ConversationList";
import { Thread } from "./conversas/Thread";
import { useConversationEvents } from "./conversas/useConversationEvents";

export default function ConversasPage() {
  const { id } = useParams<{ id: string }>();
  useConversationEvents(id);
  // Abaixo de md (62em) só cabe uma coluna: a lista ou o fio aberto.
  const wide = useMediaQuery("(min-width: 62em)", true, { getInitialValueInEffect: false });
  const showList = wide || !id;
  const showThread = wide || Boolean(id);
  return (
    <PageLayout title="Conversas" description="Conversas com os clientes, ao vivo.">
      <Box
        style={{
          display: "grid",
          gridTemplateColumns: wide ? "minmax(280px, 360px) 1fr" : "1fr",
          height: "calc(100dvh - 180px)",
          minHeight: 420,
          border: "1px solid var(--mantine-color-default-border)",
          borderRadius: "var(--mantine-radius-md)",
          overflow: "hidden",
        }}
      >
        {showList && (
          <Box
            component="section"
            aria-label="Lista de conversas"
            style={{ minHeight: 0, borderRight: wide ? "1px solid var(--mantine-color-default-border)" : undefined }}
          >
            <ConversationList selectedId={id} />
          </Box>
        )}
        {showThread && (
          <Box component="section" aria-label="Conversa aberta" style={{ minHeight: 0, minWidth: 0 }}>
            {id ? (
              <Thread key={id} conversationId={id} />
            ) : (
              <Center h="100%" p="xl">
                <Text c="dimmed" ta="center">
                  <IconMessages size={32} aria-hidden style={{ display: "block", margin: "0 auto 8px" }} />
                  Escolha uma conversa para ver as mensagens.
                </Text>
              </Center>
            )}
          </Box>
        )}
      </Box>
    </PageLayout>
  );
}
