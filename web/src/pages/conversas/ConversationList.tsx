import { createContext, memo, useCallback, useContext, useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { Box, Button, Group, Stack, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useNavigate } from "react-router-dom";
import { $api } from "@/api";
import { QueryState } from "@/components/QueryState";
import { formatNumber, formatRelative, formatTime } from "@/lib/format";
import { formatPhone } from "@/lib/phone";
import classes from "./ConversationList.module.css";
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

/**
 * Um <a href> simples em vez do <Link> do React Router (milhares de linhas, cada Link com os seus hooks): o clique
 * comum navega pelo roteador, com Ctrl/Cmd/Shift ou botão do meio abre outra aba, como um link.
 */
const RowNavigation = createContext<(path: string) => void>(() => {});

const Row = memo(function Row({
  conversation,
  selected,
  session,
}: {
  conversation: Conversation;
  selected: boolean;
  session: string | null;
}) {
  const navigate = useContext(RowNavigation);
  const title = conversation.contactName ?? formatPhone(conversation.contactNumber);
  const unread = conversation.unreadCount > 0;
  const followLink = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(`/conversas/${conversation.id}`);
  };
  return (
    <li className={classes.item}>
      <a
        href={`/conversas/${conversation.id}`}
        onClick={followLink}
        aria-current={selected ? "page" : undefined}
        aria-label={`${title}${unread ? `, ${conversation.unreadCount} não lidas` : ""}`}
        data-testid="conversation-row"
        className={`mantine-focus-auto ${classes.link} ${unread ? classes.unread : ""}`}
      >
        <span className={classes.line}>
          <span className={classes.title}>{title}</span>
          <span className={`${classes.small} ${classes.time}`}>{lastMessageTime(conversation.lastMessageAt)}</span>
        </span>
        <span className={classes.line}>
          <span className={classes.small}>
            {conversation.lastMessageDirection === "outbound" ? "Você: " : ""}
            {conversation.lastMessagePreview ?? "Sem mensagens"}
          </span>
          {unread && (
            <span className={classes.badge} aria-hidden>
              {formatNumber(conversation.unreadCount)}
            </span>
          )}
        </span>
        {session && <span className={`${classes.small} ${classes.session}`}>{session}</span>}
      </a>
    </li>
  );
});

// Em blocos de 50: quando uma conversa sobe para o topo, cada bloco troca uma linha, em vez de o React mover no DOM
// todas as linhas abaixo dela (o que ele faz quando o item movido vai para o início de uma lista só).
const CHUNK = 50;

const Chunk = memo(function Chunk({
  items,
  selectedId,
  sessions,
}: {
  items: readonly Conversation[];
  selectedId: string | undefined;
  sessions: Map<string, string | null>;
}) {
  return (
    <>
      {items.map((conversation) => (
        <Row
          key={conversation.id}
          conversation={conversation}
          selected={conversation.id === selectedId}
          session={sessions.get(conversation.sessionId) ?? null}
        />
      ))}
    </>
  );
}, sameChunk);

function sameChunk(
  a: { items: readonly Conversation[]; selectedId: string | undefined; sessions: Map<string, string | null> },
  b: typeof a,
): boolean {
  return (
    a.sessions === b.sessions &&
    a.selectedId === b.selectedId &&
    a.items.length === b.items.length &&
    a.items.every((item, index) => item === b.items[index])
  );
}

export function ConversationRows({
  items,
  selectedId,
  sessions,
}: {
  items: readonly Conversation[];
  selectedId: string | undefined;
  sessions: Map<string, string | null>;
}) {
  const routerNavigate = useNavigate();
  const navigate = useCallback((path: string) => void routerNavigate(path), [routerNavigate]);
  const chunks = useMemo(() => {
    const list: Conversation[][] = [];
    for (let start = 0; start < items.length; start += CHUNK) list.push(items.slice(start, start + CHUNK));
    return list;
  }, [items]);
  return (
    <RowNavigation.Provider value={navigate}>
      <ul style={{ margin: 0, padding: 0 }} aria-label="Conversas">
        {chunks.map((chunk, index) => (
          <Chunk key={index} items={chunk} selectedId={selectedId} sessions={sessions} />
        ))}
      </ul>
    </RowNavigation.Provider>
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
