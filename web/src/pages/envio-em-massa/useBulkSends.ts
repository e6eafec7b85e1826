// Os envios em massa recentes, ao vivo: cada `bulk.progress` (no máximo um por segundo por envio) traz o progresso
// inteiro e troca o item na hora, sem recarga; só um envio que ainda não está na lista (feito em outra aba, por
// outro operador ou pela API) faz buscar a lista de novo. Uma consulta a cada 10 s cobre o que faltar enquanto algum
// envio anda.
import { useQueryClient } from "@tanstack/react-query";
import { $api } from "@/api";
import { useRealtimeEvent } from "@/realtime";
import type { BulkProgress } from "./BulkProgressCard";

export const RECENT_BULKS = 10;
const LIST = "/api/v1/messages/bulk";

type BulkPage = { items: BulkProgress[] };

export function useBulkSends() {
  const queryClient = useQueryClient();
  const query = $api.useQuery(
    "get",
    LIST,
    { params: { query: { pageSize: RECENT_BULKS } } },
    {
      refetchInterval: (current) =>
        current.state.data?.items.some((item) => item.status !== "completed") ? 10_000 : false,
    },
  );
  useRealtimeEvent<BulkProgress>("bulk.progress", ({ data }) => {
    let known = false;
    queryClient.setQueriesData<BulkPage>({ queryKey: ["get", LIST] }, (page) => {
      if (!page) return page;
      const items = page.items.map((item) => {
        if (item.bulkId !== data.bulkId) return item;
        known = true;
        return { ...item, ...data };
      });
      return { ...page, items };
    });
    if (!known) void queryClient.invalidateQueries({ queryKey: ["get", LIST] });
  });
  return query;
}
