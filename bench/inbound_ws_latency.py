"""Benchmark: latência de uma mensagem recebida até o evento `message.created` chegar pelo WebSocket.

Mede, na MESMA execução e na mesma máquina, o tempo entre enviar a requisição HTTP e receber o quadro WebSocket
correspondente (casado por um texto único):

* **wacs, callback do provedor** — `POST /api/v1/webhooks/incoming-message` assinado (X-Wacs-Timestamp +
  X-Wacs-Signature, um evento por pedido, como o serviço Baileys avisa cada mensagem recebida) até o
  `message.created` com aquele texto em `ws://…/api/v1/realtime?clientId=demo&token=…`. É o caminho das mensagens
  reais: assinatura conferida, evento bruto gravado, job na fila, worker embutido (conversa, mensagem, evento),
  publicação após o commit (Redis ou em processo) e envio pela conexão WebSocket. A meta da issue 8 (20 entradas
  simultâneas → p99 < 100 ms) é medida aqui;
* **wacs, API do sandbox** — `POST /api/v1/sandbox/sessions/{sessionId}/incoming` (a ferramenta de teste do
  painel: login JWT, limite de taxa e sessão do tenant conferidos, depois o mesmo callback assinado em processo)
  até o mesmo quadro;
* **referência 1** — eco WebSocket trivial (`/ws-echo` de `bench/bare_ws_app.py`): enviar um quadro e receber o
  mesmo de volta, medido do mesmo jeito. É a razão pedida (wacs / eco);
* **referência 2** — `POST /push` de `bench/bare_ws_app.py`, que manda o quadro às conexões de `/ws-push` no mesmo
  processo: HTTP → WebSocket sem banco nem fila.

As requisições saem de um cliente HTTP/1.1 mínimo (o protocolo de `bench/_loadgen.py`, conexões keep-alive), igual
para todos os alvos: com o httpx, o cliente gastava ~2,8 ms de CPU por injeção — tanto quanto o próprio wacs — nos
mesmos 2 núcleos, e a medição media a disputa com o cliente (p99 concorrente ~90–110 ms em vez de ~55 ms). Cada alvo
é aquecido também na concorrência da fase concorrente (conexões do pool do banco abertas antes da medição).

Duas fases: N injeções sequenciais (a próxima só depois do quadro da anterior) e N concorrentes (lotes de 20 ao
mesmo tempo). Em cada fase as rodadas se alternam (eco, push, wacs, eco, push, wacs…) e a razão das medianas é a
mediana das razões por rodada; o p99 é o de todas as amostras da fase.

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_ws` (recriado e apagado) e Redis
`redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-ws:`; `--embedded` usa SQLite e o barramento em processo.

Uso: `.venv/bin/python bench/inbound_ws_latency.py [--embedded] [-n 300] [--batch 20] [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import orjson
from _common import (
    CLIENT_ID,
    DEFAULT_REDIS_URL,
    BenchError,
    RawHttp,
    Server,
    Workspace,
    fmt,
    machine_line,
    percentile,
    prepare_sandbox_tenant,
    require_local,
    require_loopback_url,
    run,
    wait_ready,
)
from receipt_ingest import sign
from websockets.asyncio.client import ClientConnection, connect

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_ws"
REDIS_PREFIX = "wacs-bench-ws:"
FRAME_TIMEOUT = 10.0  # espera máxima por um quadro; depois disso a amostra conta como perdida
WARMUP = 20
CALLBACK_PATH = "/api/v1/webhooks/incoming-message"
# Segredo novo a cada execução, entregue ao wacs (PROVIDER_CALLBACK_SECRET) e usado para assinar os callbacks.
CALLBACK_SECRET = secrets.token_hex(32)
TARGET_P99_MS = 100.0
SLOW_SECONDS = 0.5  # amostras lentas contadas à parte (ex.: eventos que esperaram a consulta periódica do worker)


@dataclass
class Sample:
    latency: float | None  # segundos até o quadro; None = não chegou no prazo
    http: float | None = None  # segundos até a resposta HTTP (só para os alvos com requisição HTTP)


@dataclass
class Measurement:
    samples: list[Sample]
    cpu: float | None

    @property
    def latencies(self) -> list[float]:
        return [s.latency for s in self.samples if s.latency is not None]

    @property
    def lost(self) -> int:
        return sum(1 for s in self.samples if s.latency is None)


class FrameWaiter:
    """Lê os quadros de uma conexão e acorda quem espera por um texto; os demais quadros são ignorados."""

    def __init__(self, websocket: ClientConnection, extract: Callable[[Any], str | None]) -> None:
        self.websocket = websocket
        self.extract = extract
        self.pending: dict[str, asyncio.Future[float]] = {}
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.websocket:
            received = time.perf_counter()
            text = self.extract(raw)
            if text is None:
                continue
            future = self.pending.pop(text, None)
            if future is not None and not future.done():
                future.set_result(received)

    def expect(self, text: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.pending[text] = future
        return future

    async def close(self) -> None:
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)
        await self.websocket.close()


def event_text(raw: str | bytes) -> str | None:
    try:
        frame = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(frame, dict) or frame.get("type") != "message.created":
        return None
    content = (frame.get("data") or {}).get("content") or {}
    text = content.get("text") if isinstance(content, dict) else None
    return text if isinstance(text, str) else None


def echo_text(raw: str | bytes) -> str | None:
    return raw if isinstance(raw, str) else raw.decode(errors="replace")


async def wait_frame(future: asyncio.Future[float], sent: float) -> float | None:
    try:
        received = await asyncio.wait_for(future, FRAME_TIMEOUT)
    except TimeoutError:
        return None
    return received - sent


# ----------------------------------------------------------------------------------------------------- alvos


@dataclass
class Target:
    key: str
    label: str
    server: Server
    inject: Callable[[str], Awaitable[Sample]]
    close: Callable[[], Awaitable[None]]


async def echo_target(server: Server) -> Target:
    require_loopback_url(server.base_url)
    websocket = await connect(f"{server.ws_url}/ws-echo", open_timeout=10, max_size=2**20)
    waiter = FrameWaiter(websocket, echo_text)

    async def inject(text: str) -> Sample:
        future = waiter.expect(text)
        sent = time.perf_counter()
        await websocket.send(text)
        return Sample(await wait_frame(future, sent))

    return Target("echo", "eco WebSocket (FastAPI puro)", server, inject, waiter.close)


async def push_target(server: Server, batch: int) -> Target:
    require_loopback_url(server.base_url)
    websocket = await connect(f"{server.ws_url}/ws-push", open_timeout=10, max_size=2**20)
    waiter = FrameWaiter(websocket, event_text)
    http = RawHttp(server, batch)

    async def inject(text: str) -> Sample:
        body = orjson.dumps({"text": text})
        return await post_and_wait(waiter, http, "/push", body, {"Content-Type": "application/json"}, text)

    return Target("push", "POST /push → WebSocket (FastAPI puro)", server, inject, closing(waiter, http))


async def post_and_wait(
    waiter: FrameWaiter, http: RawHttp, path: str, body: bytes, headers: dict[str, str], text: str
) -> Sample:
    """Manda a injeção e espera o quadro com `text`; a latência conta do envio da requisição. 202 basta: um evento
    ignorado ou repetido não geraria o quadro, e a amostra contaria como perdida."""
    future = waiter.expect(text)
    sent = time.perf_counter()
    status = await http.post(path, body, headers)
    answered = time.perf_counter() - sent
    if status != 202:
        raise BenchError(f"POST {path} devolveu {status}")
    return Sample(await wait_frame(future, sent), answered)


def closing(waiter: FrameWaiter, http: RawHttp) -> Callable[[], Awaitable[None]]:
    async def close() -> None:
        http.close()
        await waiter.close()

    return close


async def wacs_socket(server: Server, token: str) -> FrameWaiter:
    require_loopback_url(server.base_url)
    query = urlencode({"clientId": CLIENT_ID, "token": token})
    websocket = await connect(f"{server.ws_url}/api/v1/realtime?{query}", open_timeout=10, max_size=2**22)
    first = orjson.loads(await asyncio.wait_for(websocket.recv(), 10))
    if first.get("type") != "ready":
        raise BenchError(f"o WebSocket do wacs não mandou `ready` primeiro: {first}")
    return FrameWaiter(websocket, event_text)


async def callback_target(server: Server, batch: int, token: str, session_id: str) -> Target:
    waiter = await wacs_socket(server, token)
    http = RawHttp(server, batch)
    counter = 0

    async def inject(text: str) -> Sample:
        nonlocal counter
        counter += 1
        event = {
            "kind": "message",
            "sessionId": session_id,
            "messageId": f"wamid.bench.{uuid.uuid4().hex}",
            "from": f"551196666{counter % 100:04d}",  # 100 clientes diferentes, em rodízio
            "pushName": "Cliente",
            "text": text,
        }
        body = orjson.dumps({"events": [event]})
        timestamp = str(int(time.time())).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Wacs-Timestamp": timestamp.decode(),
            "X-Wacs-Signature": sign(CALLBACK_SECRET.encode(), timestamp, body).decode(),
        }
        return await post_and_wait(waiter, http, CALLBACK_PATH, body, headers, text)

    return Target("wacs", "callback assinado → message.created (wacs)", server, inject, closing(waiter, http))


async def sandbox_target(server: Server, batch: int, token: str, session_id: str) -> Target:
    waiter = await wacs_socket(server, token)
    http = RawHttp(server, batch)
    path = f"/api/v1/sandbox/sessions/{session_id}/incoming"
    headers = {"Content-Type": "application/json", "X-Client-Id": CLIENT_ID, "Authorization": f"Bearer {token}"}
    counter = 0

    async def inject(text: str) -> Sample:
        nonlocal counter
        counter += 1
        contact = f"551197777{counter % 100:04d}"  # 100 clientes diferentes, em rodízio
        body = orjson.dumps({"from": contact, "name": "Cliente", "text": text})
        return await post_and_wait(waiter, http, path, body, headers, text)

    return Target("sandbox", "API do sandbox → message.created (wacs)", server, inject, closing(waiter, http))


# ----------------------------------------------------------------------------------------------------- medição


def unique_text(target: Target, index: int) -> str:
    return f"bench {target.key} {index} {uuid.uuid4().hex}"


async def run_round(target: Target, count: int, batch: int) -> Measurement:
    """`count` injeções: uma por vez (batch 1) ou em lotes de `batch` simultâneas."""
    cpu_before = target.server.cpu_seconds()
    samples: list[Sample] = []
    for start in range(0, count, batch):
        size = min(batch, count - start)
        samples += await asyncio.gather(*(target.inject(unique_text(target, start + i)) for i in range(size)))
    cpu_after = target.server.cpu_seconds()
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return Measurement(samples, cpu)


@dataclass
class Phase:
    name: str
    batch: int
    results: dict[str, list[Measurement]] = field(default_factory=dict)


async def measure(targets: list[Target], phases: list[Phase], total: int, rounds: int) -> None:
    # Aquecimento de cada alvo também na concorrência da fase concorrente: as conexões do pool do banco (e os
    # comandos preparados em cada uma) abrem aqui, não nas primeiras amostras medidas.
    concurrency = max(phase.batch for phase in phases)
    for target in targets:
        await run_round(target, WARMUP, 1)
        await run_round(target, 2 * concurrency, concurrency)
    per_round = [total // rounds + (1 if i < total % rounds else 0) for i in range(rounds)]
    for phase in phases:
        print(f"  fase {phase.name}" + (f" (lotes de {phase.batch} simultâneas)" if phase.batch > 1 else ""))
        for number, count in enumerate(per_round, start=1):
            for target in targets:
                result = await run_round(target, count, phase.batch)
                phase.results.setdefault(target.key, []).append(result)
                line = (
                    f"    rodada {number}/{rounds}  {target.label:<42}"
                    f" p50 {percentile(result.latencies, 0.5) * 1000:7.2f} ms"
                    f"  p99 {percentile(result.latencies, 0.99) * 1000:7.2f} ms"
                )
                if result.lost:
                    line += f"  PERDIDAS {result.lost}"
                print(line, flush=True)


# ----------------------------------------------------------------------------------------------------- relatório


def report(targets: list[Target], phases: list[Phase], mode: str) -> int:
    lost = 0
    print()
    print("Resumo (latência = da requisição ao quadro WebSocket correspondente; todas as amostras de cada fase)")
    for phase in phases:
        print()
        print(f"  fase {phase.name}" + (f", lotes de {phase.batch}" if phase.batch > 1 else ""))
        header = (
            f"    {'alvo':<42} {'p50 ms':>8} {'p99 ms':>8} {'máx ms':>8} {'≥ 0,5 s':>7} {'HTTP p50':>9}"
            f" {'CPU servidor/evento':>20} {'perdidas':>8}"
        )
        print(header)
        print("    " + "-" * (len(header) - 4))
        for target in targets:
            runs = phase.results[target.key]
            latencies = [x for r in runs for x in r.latencies]
            http = [s.http for r in runs for s in r.samples if s.http is not None]
            # CPU somada das rodadas / amostras: o relógio de CPU do /proc anda em passos de 10 ms.
            count = sum(len(r.samples) for r in runs)
            cpu = None if any(r.cpu is None for r in runs) else sum(r.cpu or 0 for r in runs) / count * 1e6
            http_p50 = f"{statistics.median(http) * 1000:.2f} ms" if http else "—"
            missing = sum(r.lost for r in runs)
            lost += missing
            print(
                f"    {target.label:<42} {percentile(latencies, 0.5) * 1000:>8.2f}"
                f" {percentile(latencies, 0.99) * 1000:>8.2f} {max(latencies, default=float('nan')) * 1000:>8.2f}"
                f" {sum(1 for x in latencies if x >= SLOW_SECONDS):>7}"
                f" {http_p50:>9}"
                f" {fmt(cpu, '>17.0f')} µs {missing:>8}"
            )
        for wacs_key, wacs_label in (("wacs", "callback"), ("sandbox", "API do sandbox")):
            wacs = phase.results[wacs_key]
            for key, label in (("echo", "eco WebSocket"), ("push", "POST /push → WebSocket")):
                base = phase.results[key]
                per_round = [
                    percentile(w.latencies, 0.5) / percentile(b.latencies, 0.5)
                    for w, b in zip(wacs, base, strict=True)
                    if w.latencies and b.latencies
                ]
                p99 = percentile([x for r in wacs for x in r.latencies], 0.99) / percentile(
                    [x for r in base for x in r.latencies], 0.99
                )
                median = statistics.median(per_round) if per_round else float("nan")
                print(
                    f"    razão wacs ({wacs_label}) / {label}: p50 {median:.1f}× (mediana das rodadas), p99 {p99:.1f}×"
                )
        if phase.batch > 1:
            p99_ms = percentile([x for r in phase.results["wacs"] for x in r.latencies], 0.99) * 1000
            verdict = "atingida" if p99_ms < TARGET_P99_MS else "NÃO atingida"
            print(f"    meta: callback → WebSocket p99 < {TARGET_P99_MS:g} ms: {p99_ms:.0f} ms ({verdict})")
    print()
    print(f"Modo: {mode}.")
    print(
        "Notas: cliente, servidores e banco dividem os mesmos núcleos. 'CPU servidor/evento' mede só o processo\n"
        "uvicorn de cada alvo: no wacs inclui o worker embutido que processa a entrada (e o SQLite, que roda dentro\n"
        "do processo no modo embutido), mas não o PostgreSQL nem o Redis. 'HTTP p50' é a resposta (202) da\n"
        "requisição de injeção, que volta antes de o evento sair. O relógio de CPU do /proc anda em passos de 10 ms."
    )
    if lost:
        print(f"\nATENÇÃO: {lost} quadro(s) não chegaram em {FRAME_TIMEOUT:g} s; o resultado não é confiável.")
        return 1
    return 0


# --------------------------------------------------------------------------------------------------- principal


async def benchmark(wacs: Server, bare: Server, total: int, batch: int, rounds: int, mode: str) -> int:
    access = await prepare_sandbox_tenant(wacs.base_url, messages_per_second=1000)
    targets = [
        await echo_target(bare),
        await push_target(bare, batch),
        await callback_target(wacs, batch, access.token, access.session_id),
        await sandbox_target(wacs, batch, access.token, access.session_id),
    ]
    try:
        phases = [Phase("sequencial", 1), Phase("concorrente", batch)]
        await measure(targets, phases, total, rounds)
    finally:
        for target in targets:
            await target.close()
    return report(targets, phases, mode)


def load_arguments(description: str) -> argparse.ArgumentParser:
    """As opções de banco e de carga (injeções, lotes, rodadas) deste benchmark e dos que medem o mesmo caminho."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--embedded", action="store_true", help="SQLite em diretório temporário + cache em processo")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument("-n", type=int, default=300, help="injeções por alvo em cada fase (padrão 300)")
    parser.add_argument("--batch", type=int, default=20, help="injeções simultâneas na fase concorrente (padrão 20)")
    parser.add_argument("--rounds", type=int, default=3, help="rodadas alternadas por fase (padrão 3)")
    return parser


def parse_load_arguments(parser: argparse.ArgumentParser) -> argparse.Namespace:
    args = parser.parse_args()
    if not 10 <= args.n <= 10_000:
        parser.error("-n deve estar entre 10 e 10000")
    if not 2 <= args.batch <= 200:
        parser.error("--batch deve estar entre 2 e 200")
    if not 1 <= args.rounds <= 20 or args.rounds > args.n:
        parser.error("--rounds deve estar entre 1 e 20 (e não passar de -n)")
    return args


def parse_args() -> argparse.Namespace:
    return parse_load_arguments(load_arguments("Latência entrada → evento WebSocket do wacs contra um eco trivial."))


def main() -> int:
    args = parse_args()
    embedded = args.embedded
    database_url = "" if embedded else args.database_url
    redis_url = "" if embedded else args.redis_url
    mode = "SQLite + barramento em processo" if embedded else "PostgreSQL + Redis"
    try:
        if not embedded:
            require_local(database_url, "--database-url")
            require_local(redis_url, "--redis-url")
        with Workspace(
            embedded, databases=[database_url] if database_url else [], redis_url=redis_url, redis_prefix=REDIS_PREFIX
        ) as workspace:
            wacs = workspace.start_wacs(
                database_url, redis_url, RUN_WORKER="true", PROVIDER_CALLBACK_SECRET=CALLBACK_SECRET
            )
            bare = workspace.start_bench_app("bare-ws", "bare_ws_app")
            wait_ready(wacs, "/health")
            wait_ready(bare, "/health")
            print("Latência entrada → WebSocket: wacs × FastAPI puro")
            print(f"  modo:    {mode}" + ("" if embedded else f" ({database_url}, {redis_url})"))
            print(
                f"  carga:   {args.n} injeções por alvo em cada fase, {args.rounds} rodadas alternadas,"
                f" lotes de {args.batch} na fase concorrente; aquecimento de {WARMUP} + 2 lotes por alvo"
            )
            print(f"  máquina: {machine_line()}")
            print()
            result: int = run(benchmark(wacs, bare, args.n, args.batch, args.rounds, mode))
            return result
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
