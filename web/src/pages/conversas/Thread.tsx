// O fio de uma conversa: cabeçalho (contato, número da empresa, bot), mensagens com as antigas ao rolar para cima (cada
// uma com Responder e reações) e o compositor; arrastar um arquivo para o fio anexa.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { ActionIcon, Box, Center, Group, Loader, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { $api } from "@/api";
import { QueryState } from "@/components/QueryState";
import { formatDateTime } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import { AttachDropzone } from "./AttachDropzone";
import { BotControls } from "./BotControls";
import { Composer } from "./Composer";
import { ContactDataMenu } from "./ContactDataMenu";
import { sessionLabel } from "./ConversationList";
import { MessageBubble } from "./MessageBubble";
import {
  collectReactions,
  messageReaction,
  MESSAGE_PAGE_SIZE,
  outsideServiceWindow,
  patchConversation,
  upsertMessage,
  type Conversation,
  type Message,
} from "./model";
import { useDraft, type Draft } from "./useDraft";

function Messages({
  conversationId,
  onReply,
  onReact,
}: {
  conversationId: string;
  onReply: (message: Message) => void;
  onReact: (message: Message, emoji: string) => void;
}) {
  const messages = $api.useInfiniteQuery(
    "get",
    "/api/v1/conversations/{conversation_id}/messages",
    { params: { path: { conversation_id: conversationId }, query: { limit: MESSAGE_PAGE_SIZE } } },
    {
      pageParamName: "cursor",
      initialPageParam: null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  );
  // As páginas vêm das mais novas para as mais antigas; na tela, a mais antiga fica em cima.
  const ordered = useMemo(() => {
    const seen = new Set<string>();
    const list = (messages.data?.pages ?? []).flatMap((page) => page.items);
    return list.filter((m) => (seen.has(m.messageId) ? false : (seen.add(m.messageId), true))).reverse();
  }, [messages.data]);
  const reactions = useMemo(() => collectReactions(ordered), [ordered]);
  const visible = useMemo(() => ordered.filter((m) => !messageReaction(m)), [ordered]);

  const scroller = useRef<HTMLDivElement>(null);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const stickToBottom = useRef(true);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = messages;

  const onScroll = () => {
    const node = scroller.current;
    if (!node) return;
    stickToBottom.current = node.scrollHeight - node.scrollTop - node.clientHeight < 80;
    if (node.scrollTop < 120 && hasNextPage && !isFetchingNextPage) {
      anchor.current = { height: node.scrollHeight, top: node.scrollTop };
      void fetchNextPage();
    }
  };

  useLayoutEffect(() => {
    const node = scroller.current;
    if (!node) return;
    if (anchor.current && !isFetchingNextPage) {
      // Mensagens antigas entraram em cima: mantém na tela o que a pessoa estava lendo.
      node.scrollTop = node.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = null;
    } else if (stickToBottom.current) {
      node.scrollTop = node.scrollHeight;
    }
  }, [visible, isFetchingNextPage]);

  return (
    <Box
      ref={scroller}
      onScroll={onScroll}
      style={{ flex: 1, overflowY: "auto", minHeight: 0 }}
      p="sm"
      role="log"
      aria-label="Mensagens"
      aria-live="polite"
      tabIndex={0}
      data-testid="thread"
    >
      <QueryState
        query={messages}
        isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
        emptyTitle="Nenhuma mensagem"
        emptyDescription="Escreva abaixo para começar a conversa."
      >
        {() => (
          <Stack gap={6}>
            {isFetchingNextPage && (
              <Center>
                <Loader size="xs" aria-label="Carregando mensagens anteriores…" />
              </Center>
            )}
            {!hasNextPage && (
              <Text size="xs" c="dimmed" ta="center">
                Início da conversa
              </Text>
            )}
            {visible.map((message) => (
              <MessageBubble
                key={message.messageId}
                message={message}
                reactions={reactions.get(message.messageId)}
                onReply={onReply}
                onReact={onReact}
              />
            ))}
          </Stack>
        )}
      </QueryState>
    </Box>
  );
}

function useMarkRead(conversation: Conversation) {
  const queryClient = useQueryClient();
  const read = $api.useMutation("post", "/api/v1/conversations/{conversation_id}/read", {
    meta: { notifyError: false },
    onSuccess: (result) => patchConversation(queryClient, result.id, (c) => ({ ...c, unreadCount: 0 })),
  });
  const { mutate } = read;
  const unread = conversation.unreadCount;
  const id = conversation.id;
  // Abrir a conversa (ou receber mensagem com ela aberta) marca como lida: zera o contador e manda os tiques azuis.
  useEffect(() => {
    if (unread > 0) mutate({ params: { path: { conversation_id: id } }, body: null });
  }, [id, unread, mutate]);
}

function Header({ conversation, session }: { conversation: Conversation; session: string | null }) {
  const title = conversation.contactName ?? formatPhone(conversation.contactNumber);
  return (
    <Group
      justify="space-between"
      wrap="wrap"
      gap="xs"
      p="sm"
      style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}
    >
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <ActionIcon component={Link} to="/conversas" variant="subtle" aria-label="Voltar para as conversas" hiddenFrom="md">
          <IconArrowLeft size={20} aria-hidden />
        </ActionIcon>
        <Box style={{ minWidth: 0 }}>
          <Title order={2} size="h4" lineClamp={1}>
            {title}
          </Title>
          <Text size="xs" c="dimmed" truncate="end">
            {conversation.contactName ? `${formatPhone(conversation.contactNumber)} · ` : ""}
            {session ?? ""}
            {conversation.lastInboundAt ? ` · última mensagem do cliente ${formatDateTime(conversation.lastInboundAt)}` : ""}
          </Text>
        </Box>
        <ContactDataMenu conversation={conversation} />
      </Group>
      <BotControls conversation={conversation} />
    </Group>
  );
}

/** Reagir pelo menu da bolha: a reação entra no fio na hora; a falha aparece junto do compositor. */
function useReact(conversation: Conversation, draft: Draft) {
  const queryClient = useQueryClient();
  const { mutate } = $api.useMutation("post", "/api/v1/messages/reaction", { meta: { notifyError: false } });
  const { fail, clearFailure } = draft;
  const { id, sessionId, contactNumber } = conversation;
  return useCallback(
    (message: Message, emoji: string) => {
      clearFailure();
      mutate(
        { body: { to: contactNumber, sessionId, provider: "auto", messageId: message.messageId, emoji } },
        {
          onSuccess: (result) =>
            upsertMessage(queryClient, {
              messageId: result.messageId,
              conversationId: id,
              sessionId,
              direction: "outbound",
              to: contactNumber,
              type: "reaction",
              content: { reaction: { messageId: message.messageId, emoji } },
              status: result.status,
              provider: result.provider ?? null,
              error: result.error ?? null,
              createdAt: result.timestamp,
              updatedAt: result.timestamp,
            }),
          onError: (error) => fail(error, "Não foi possível reagir"),
        },
      );
    },
    [mutate, queryClient, fail, clearFailure, id, sessionId, contactNumber],
  );
}

function ThreadBody({ conversation }: { conversation: Conversation }) {
  const sessions = $api.useQuery("get", "/api/v1/sessions", { params: { query: { pageSize: 100 } } });
  const session = sessions.data?.items.find((s) => s.id === conversation.sessionId);
  const provider = session?.provider ?? null;
  const draft = useDraft();
  const onReact = useReact(conversation, draft);
  useMarkRead(conversation);
  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }}>
      <Header conversation={conversation} session={sessionLabel(session)} />
      <AttachDropzone
        disabled={provider === "meta_api" && outsideServiceWindow(conversation)}
        onFile={draft.attach}
        onNotice={draft.warn}
      >
        <Messages conversationId={conversation.id} onReply={draft.reply} onReact={onReact} />
        <Composer conversation={conversation} provider={provider} draft={draft} />
      </AttachDropzone>
    </Stack>
  );
}

export function Thread({ conversationId }: { conversationId: string }) {
  const conversation = $api.useQuery("get", "/api/v1/conversations/{conversation_id}", {
    params: { path: { conversation_id: conversationId } },
  });
  return (
    <QueryState query={conversation} errorTitle="Não foi possível abrir a conversa">
      {(data) => <ThreadBody key={data.id} conversation={data} />}
    </QueryState>
  );
}
