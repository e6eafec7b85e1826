import {
  createContext,
  memo,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type RefObject,
} from "react";
import { flushSync } from "react-dom";
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
 * Um <a href> simples em vez do <Link> do React Router (cada Link com os seus hooks): o clique comum navega pelo
 * roteador, com Ctrl/Cmd/Shift ou botão do meio abre outra aba, como um link.
 */
const RowNavigation = createContext<(path: string) => void>(() => {});

const RowLink = memo(function RowLink({
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
  );
});

// Lista virtualizada: só as linhas visíveis (mais uma margem) ficam no DOM, em posições absolutas dentro de um <ul>
// com a altura da lista inteira. Com milhares de linhas no DOM (mesmo com `content-visibility`), cada quadro da
// rolagem levava 100–400 ms e a conversa que subia para o topo demorava para aparecer (bench/web_conversation_list.mjs).
// Todas as linhas têm a mesma altura (CSS, em rem); a altura real é medida na primeira linha desenhada.
const ROW_HEIGHT = 76; // 4,75rem com a fonte padrão (.item no CSS)
const OVERSCAN = 8;

interface VisibleRows {
  start: number;
  end: number;
  rowHeight: number;
}

function scrollParent(node: HTMLElement): HTMLElement | null {
  for (let el = node.parentElement; el; el = el.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(el).overflowY)) return el;
  }
  return null;
}

/** As linhas que cabem na área visível do contêiner de rolagem (ou da janela), acompanhando rolagem e tamanho. */
function useVisibleRows(list: RefObject<HTMLUListElement | null>, count: number): VisibleRows {
  const [view, setView] = useState<VisibleRows>({ start: 0, end: Math.min(count, 30), rowHeight: ROW_HEIGHT });
  useLayoutEffect(() => {
    const node = list.current;
    if (!node) return;
    const box = scrollParent(node);
    const compute = (): VisibleRows => {
      const measured = node.firstElementChild?.getBoundingClientRect().height;
      const rowHeight = measured && measured > 0 ? measured : ROW_HEIGHT;
      const viewTop = box ? box.getBoundingClientRect().top : 0;
      const viewHeight = box ? box.clientHeight : window.innerHeight;
      // Onde a lista começa em relação ao topo da área visível (negativo depois de rolar).
      const offset = node.getBoundingClientRect().top - viewTop;
      const start = Math.max(0, Math.min(count, Math.floor(-offset / rowHeight) - OVERSCAN));
      const end = Math.max(start, Math.min(count, Math.ceil((viewHeight - offset) / rowHeight) + OVERSCAN));
      return { start, end, rowHeight };
    };
    const same = (a: VisibleRows, b: VisibleRows) => a.start === b.start && a.end === b.end && a.rowHeight === b.rowHeight;
    setView((current) => {
      const next = compute();
      return same(current, next) ? current : next;
    });
    let frame = 0;
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const next = compute();
        // Síncrono, antes do desenho deste quadro: rolagem rápida não mostra um buraco sem linhas.
        flushSync(() => setView((current) => (same(current, next) ? current : next)));
      });
    };
    const target: HTMLElement | globalThis.Window = box ?? window;
    target.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    const resize = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(onScroll);
    if (box) resize?.observe(box);
    return () => {
      target.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
      resize?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [list, count]);
  return { ...view, end: Math.min(view.end, count), start: Math.min(view.start, count) };
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
  const list = useRef<HTMLUListElement>(null);
  const { start, end, rowHeight } = useVisibleRows(list, items.length);
  // A linha com o foco do teclado continua no DOM mesmo fora da área visível (o foco não se perde ao rolar).
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const indexes: number[] = [];
  for (let index = start; index < end; index += 1) indexes.push(index);
  if (focusedId) {
    const focused = items.findIndex((item) => item.id === focusedId);
    if (focused >= 0 && (focused < start || focused >= end)) {
      if (focused < start) indexes.unshift(focused);
      else indexes.push(focused);
    }
  }
  return (
    <RowNavigation.Provider value={navigate}>
      <ul
        ref={list}
        className={classes.list}
        style={{ height: items.length * rowHeight }}
        aria-label="Conversas"
        onFocus={(event) => setFocusedId(event.target.closest("li")?.dataset.id ?? null)}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusedId(null);
        }}
      >
        {indexes.map((index) => {
          const conversation = items[index]!;
          return (
            <li
              key={conversation.id}
              data-id={conversation.id}
              className={classes.item}
              style={{ transform: `translateY(${index * rowHeight}px)` }}
              aria-setsize={items.length}
              aria-posinset={index + 1}
            >
              <RowLink
                conversation={conversation}
                selected={conversation.id === selectedId}
                session={sessions.get(conversation.sessionId) ?? null}
              />
            </li>
          );
        })}
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

  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = conversations;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === "undefined") return;
    // A próxima página vem antes de a pessoa chegar ao fim (~12 linhas antes), não depois.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { root: scroller.current, rootMargin: "0px 0px 800px 0px" },
    );
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
      <Box ref={scroller} style={{ flex: 1, overflowY: "auto", minHeight: 0 }}>
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
