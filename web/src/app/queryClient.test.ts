import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { AppQueryClient } from "./queryClient";

/** Uma "API" cujo GET lê o valor quando começa; o primeiro só responde quando o teste manda. */
function slowApi() {
  let value = "antes da mudança";
  let calls = 0;
  let releaseFirst = () => {};
  return {
    set: (next: string) => {
      value = next;
    },
    release: () => releaseFirst(),
    queryFn: () => {
      const read = value;
      calls += 1;
      if (calls > 1) return Promise.resolve(read);
      return new Promise<string>((resolve) => {
        releaseFirst = () => resolve(read);
      });
    },
  };
}

async function invalidateDuringFirstLoad(client: QueryClient): Promise<string | undefined> {
  const api = slowApi();
  const observer = new QueryObserver(client, { queryKey: ["get", "/api/v1/properties"], queryFn: api.queryFn, retry: false });
  const unsubscribe = observer.subscribe(() => {});
  try {
    // A primeira carga está em voo quando a mudança acontece (ex.: a importação termina) e a tela invalida a lista.
    api.set("depois da mudança");
    const invalidated = client.invalidateQueries({ queryKey: ["get", "/api/v1/properties"] });
    api.release(); // a primeira carga responde com o que leu antes da mudança
    await invalidated;
    return observer.getCurrentResult().data;
  } finally {
    unsubscribe();
  }
}

describe("AppQueryClient", () => {
  it("invalidar durante a primeira carga busca de novo, em vez de ficar com o resultado velho", async () => {
    expect(await invalidateDuringFirstLoad(new AppQueryClient())).toBe("depois da mudança");
  });

  it("o QueryClient do TanStack sozinho ficaria com o resultado velho (por isso a subclasse)", async () => {
    expect(await invalidateDuringFirstLoad(new QueryClient())).toBe("antes da mudança");
  });
});
