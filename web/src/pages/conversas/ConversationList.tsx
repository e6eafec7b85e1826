import { memo, useEffect, useMemo, useRef, useState } from "react";
import { Badge, Box, Button, Group, Stack, Text, TextInput, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { Link } from "react-router-dom";
import { $api } from "@/api";
import { QueryState } from "@/components/QueryState";
import { formatNumber, formatRelative, formatTime } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import { CONVERSATION_PAGE_SIZE, type Conversation } from "./model";

export function sessionLabel(session: { name?: string | null; phoneNumber: string; provider: string } | undefined) {
  if (!session) return null;
  const provider = { meta_api: "Meta", baileys: "Baileys", sandbox: "Sandbox" }[session.provider] ?? session.provider;
  return `${session.name ?? formatPhone(session.phoneNumber)} · ${provider}`;
}

function lastMessageTime(at: string | null): string {
  if (!at) return "";
  const date = new Date(at);
  const today = new Date();
  return date.toDateString() === today.toDateString() ? formatTime(at) : formatRelative(at);
}

const Row = memo(function Row({
  conversation,
  selected,
  session,
}: {
  conversation: Conversation;
  selected: boolean;
  session: string | null;
}) {
  const title = conversation.contactName ?? formatPhone(conversation.contactNumber);
  const unread = conversation.unreadCount > 0;
  return (
    <li
      // Janela pelo navegador: linhas fora da tela não são desenhadas (milhares de conversas sem travar).
      style={{ contentVisibility: "auto", containIntrinsicSize: "auto 68px", listStyle: "none" }}
    >
      <UnstyledButton
        component={Link}
        to={`/conversas/${conversation.id}`}
        aria-current={selected ? "page" : undefined}
        aria-label={`${title}${unread ? `, ${conversation.unreadCount} não lidas` : ""}`}
        data-testid="conversation-row"
        px="sm"
        py={8}
        w="100%"
        style={{
          display: "block",
          borderBottom: "1px solid var(--mantine-color-default-border)",
          background: selected ? "var(--mantine-color-default-hover)" : undefined,
        }}
      >
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={unread ? 700 : 500} size="sm" truncate="end">
            {title}
          </Text>
          <Text size="xs" c={unread ? "green" : "dimmed"} style={{ flexShrink: 0 }}>
            {lastMessageTime(conversation.lastMessageAt)}
          </Text>
        </Group>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text size="xs" c="dimmed" truncate="end">
            {conversation.lastMessageDirection === "outbound" ? "Você: " : ""}
            {conversation.lastMessagePreview ?? "Sem mensagens"}
          </Text>
          {unread && (
            <Badge size="sm" circle={conversation.unreadCount < 10} color="green" aria-hidden>
              {formatNumber(conversation.unreadCount)}
            </Badge>
          )}
        </Group>
        {session && (
          <Text size="xs" c="dimmed" truncate="end">
            {session}
          </Text>
        )}
      </UnstyledButton>
    </li>
  );
});

export function ConversationRows({
  items,
  selectedId,
  sessions,
}: {
  items: readonly Conversation[];
  selectedId: string | undefined;
  sessions: Map<string, string | null>;
}) {
  return (
    <Box component="ul" m={0} p={0} aria-label="Conversas">
      {items.map((conversation) => (
        <Row
          key={conversation.id}
          conversation={conversation}
          selected={conversation.id === selectedId}
          session={sessions.get(conversation.sessionId) ?? null}
        />
      ))}
    </Box>
  );
}

export function ConversationList({ selectedId }: { selectedId: string | undefined }) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const conversations = $api.useInfiniteQuery(
    "get",
    "/api/v1/conversations",
    { params: { query: { search: debounced || undefined, pageSize: CONVERSATION_PAGE_SIZE } } },
    {
      pageParamName: "page",
      initialPageParam: 1,
      getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    },
  );
  const sessionsQuery = $api.useQuery("get", "/api/v1/sessions", { params: { query: { pageSize: 100 } } });
  const sessions = useMemo(
    () => new Map((sessionsQuery.data?.items ?? []).map((s) => [s.id, sessionLabel(s)])),
    [sessionsQuery.data],
  );
  // Junta as páginas sem repetir (uma conversa pode subir de página entre duas buscas).
  const items = useMemo(() => {
    const seen = new Set<string>();
    return (conversations.data?.pages ?? []).flatMap((page) =>
      page.items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true))),
    );
  }, [conversations.data]);

  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = conversations;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }}>
      <Box p="sm">
        <TextInput
          label="Buscar conversa"
          placeholder="Nome ou número"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          type="search"
        />
      </Box>
      <Box style={{ flex: 1, overflowY: "auto", minHeight: 0 }}>
        <QueryState
          query={{ ...conversations, data: conversations.data ? items : undefined }}
          isEmpty={(list) => list.length === 0}
          emptyTitle={debounced ? "Nenhuma conversa encontrada" : "Nenhuma conversa ainda"}
          emptyDescription={debounced ? "Tente outro nome ou número." : "As conversas aparecem aqui quando um cliente escreve."}
        >
          {(list) => (
            <>
              <ConversationRows items={list} selectedId={selectedId} sessions={sessions} />
              <div ref={sentinel} />
              {hasNextPage && (
                <Group justify="center" p="sm">
                  <Button variant="subtle" size="xs" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
                    Carregar mais conversas
                  </Button>
                </Group>
              )}
            </>
          )}
        </QueryState>
      </Box>
    </Stack>
  );
}
