import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { asWebSocket, FakeWebSocket } from "@/test/fakeWebSocket";
import { RealtimeClient, type RealtimeEvent, type RealtimeState, type ResyncReason } from "./client";

function event(seq: number, type = "message.created", id = `evt_${seq}`): RealtimeEvent {
  return { id, seq, type, createdAt: "2026-12-01T12:00:00Z", data: { seq } };
}

function setup(overrides: { renew?: () => Promise<string | null>; token?: () => Promise<string | null> } = {}) {
  const events: RealtimeEvent[] = [];
  const resyncs: ResyncReason[] = [];
  const states: RealtimeState[] = [];
  let token = "acesso-1";
  const renewToken = vi.fn(overrides.renew ?? (async () => (token = "acesso-2")));
  const client = new RealtimeClient({
    url: "ws://wacs.test/api/v1/realtime",
    clientId: "demo",
    getToken: overrides.token ?? (async () => token),
    renewToken,
    onEvent: (e) => events.push(e),
    onResync: (r) => resyncs.push(r),
    onStateChange: (s) => states.push(s),
    WebSocketImpl: asWebSocket(),
    random: () => 0.5, // sem sorteio: espera = base exata
  });
  return { client, events, resyncs, states, renewToken };
}

/** Deixa as promessas pendentes (getToken, renewToken) andarem. */
async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

describe("RealtimeClient", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeWebSocket.reset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("conecta com tenant e token, guarda o cursor do ready e pede a recarga inicial", async () => {
    const { client, resyncs, states } = setup();
    client.start();
    await settle();
    const ws = FakeWebSocket.last();
    expect(ws.url.startsWith("ws://wacs.test/api/v1/realtime?")).toBe(true);
    expect(ws.params.get("clientId")).toBe("demo");
    expect(ws.params.get("token")).toBe("acesso-1");
    expect(ws.params.has("cursor")).toBe(false);
    ws.serverSend({ type: "ready", cursor: 1841 });
    expect(client.getState()).toBe("open");
    expect(client.getCursor()).toBe(1841);
    expect(resyncs).toEqual(["initial"]);
    expect(states).toEqual(["connecting", "open"]);
  });

  it("entrega eventos, usa o maior seq como cursor e descarta repetidos", async () => {
    const { client, events } = setup();
    client.start();
    await settle();
    const ws = FakeWebSocket.last();
    ws.serverSend({ type: "ready", cursor: 10 });
    ws.serverSend(event(12));
    ws.serverSend(event(11)); // fora de ordem (transações concorrentes)
    ws.serverSend(event(12)); // repetido
    ws.serverSend({ type: "ping", ts: 1 });
    expect(events.map((e) => e.seq)).toEqual([12, 11]);
    expect(client.getCursor()).toBe(12);
  });

  it("quando cai, reconecta com espera crescente e retoma do último cursor", async () => {
    const { client, states } = setup();
    client.start();
    await settle();
    FakeWebSocket.last().serverSend({ type: "ready", cursor: 5 });
    FakeWebSocket.last().serverSend(event(7));

    FakeWebSocket.last().serverClose(1006);
    expect(client.getState()).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(499);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.last().params.get("cursor")).toBe("7");

    // Falhou de novo antes do ready: a espera dobra.
    FakeWebSocket.last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(999);
    expect(FakeWebSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances).toHaveLength(3);
    FakeWebSocket.last().serverClose(1012);
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeWebSocket.instances).toHaveLength(4);

    // Conectou: a espera volta ao começo.
    FakeWebSocket.last().serverSend({ type: "ready", cursor: 9 });
    expect(client.getCursor()).toBe(7);
    FakeWebSocket.last().serverClose(1011);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(5);
    expect(states).toEqual(["connecting", "open", "reconnecting", "open", "reconnecting"]);
  });

  it("4000 (consumidor lento) reconecta na hora, com o cursor", async () => {
    const { client } = setup();
    client.start();
    await settle();
    FakeWebSocket.last().serverSend({ type: "ready", cursor: 3 });
    FakeWebSocket.last().serverSend({ type: "resync_required", reason: "slow_consumer" });
    FakeWebSocket.last().serverClose(4000);
    await settle();
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.last().params.get("cursor")).toBe("3");
  });

  it("4401 (token venceu) renova e reconecta com o token novo", async () => {
    const { client, renewToken } = setup();
    client.start();
    await settle();
    FakeWebSocket.last().serverSend({ type: "ready", cursor: 0 });
    FakeWebSocket.last().serverClose(4401, "token expirado");
    await settle();
    expect(renewToken).toHaveBeenCalledTimes(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.last().params.get("token")).toBe("acesso-2");
    expect(FakeWebSocket.last().params.get("cursor")).toBe("0");
  });

  it("1008 sem como renovar para de tentar (a sessão acabou)", async () => {
    const { client } = setup({ renew: async () => null });
    client.start();
    await settle();
    FakeWebSocket.last().serverClose(1008);
    await settle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.getState()).toBe("unauthorized");
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it("4400 (URL inválida) não reconecta", async () => {
    const { client } = setup();
    client.start();
    await settle();
    FakeWebSocket.last().serverClose(4400);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.getState()).toBe("failed");
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it("eventos perdidos demais: pede recarga e segue do cursor novo", async () => {
    const { client, resyncs } = setup();
    client.start();
    await settle();
    const ws = FakeWebSocket.last();
    ws.serverSend({ type: "ready", cursor: 100 });
    ws.serverSend({ type: "resync_required", reason: "too_many_missed", cursor: 5000 });
    expect(resyncs).toEqual(["initial", "too_many_missed"]);
    expect(client.getCursor()).toBe(5000);
  });

  it("cursor maior que o do servidor (histórico recriado): recarrega e adota o do servidor", async () => {
    const { client, resyncs } = setup();
    client.start();
    await settle();
    FakeWebSocket.last().serverSend({ type: "ready", cursor: 50 });
    FakeWebSocket.last().serverSend(event(60));
    FakeWebSocket.last().serverClose(1012);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.last().params.get("cursor")).toBe("60");
    FakeWebSocket.last().serverSend({ type: "ready", cursor: 3 });
    expect(resyncs).toEqual(["initial", "history_reset"]);
    expect(client.getCursor()).toBe(3);
  });

  it("60 s sem nada do servidor: considera a conexão morta e reconecta", async () => {
    const { client } = setup();
    client.start();
    await settle();
    FakeWebSocket.last().serverSend({ type: "ready", cursor: 1 });
    await vi.advanceTimersByTimeAsync(30_000);
    FakeWebSocket.last().serverSend({ type: "ping", ts: 1 }); // ping reinicia a vigia
    await vi.advanceTimersByTimeAsync(59_999);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeWebSocket.instances[0]!.closedByClient).not.toBeNull();
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(client.getState()).toBe("reconnecting");
  });

  it("troca o token na conexão aberta e, ao parar, fecha sem reconectar", async () => {
    const { client } = setup();
    client.start();
    await settle();
    const ws = FakeWebSocket.last();
    ws.serverSend({ type: "ready", cursor: 1 });
    client.updateToken("acesso-novo");
    expect(ws.sent.map((s) => JSON.parse(s))).toEqual([{ type: "auth", token: "acesso-novo" }]);
    client.stop();
    expect(ws.closedByClient?.code).toBe(1000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(client.getState()).toBe("closed");
  });

  it("a rede voltou: reconecta sem esperar o resto da espera", async () => {
    const { client } = setup();
    client.start();
    await settle();
    FakeWebSocket.last().serverSend({ type: "ready", cursor: 1 });
    for (let i = 0; i < 5; i++) {
      FakeWebSocket.last().serverClose(1006);
      await vi.advanceTimersByTimeAsync(30_000);
    }
    const before = FakeWebSocket.instances.length;
    FakeWebSocket.last().serverClose(1006);
    client.reconnectNow();
    await settle();
    expect(FakeWebSocket.instances).toHaveLength(before + 1);
  });
});
