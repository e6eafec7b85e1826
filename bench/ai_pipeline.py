"""Benchmark: custo do pipeline dos agentes de IA por resposta, sem o tempo do próprio modelo.

A meta da issue é **sobrecarga do pipeline por resposta (sem o tempo do modelo) com p99 < 20 ms**, com um modelo
falso que responde na hora, e as **respostas por segundo sustentadas**. Tudo em 127.0.0.1, com servidores uvicorn
de verdade:

* o modelo falso compatível com a OpenAI de `server/wacs/fakes/openai_compat.py` (`create_app(FakeLLMState(...))`,
  servido por `fake_llm_app` deste arquivo), que responde na hora: texto simples, ou — cenário "ferramenta",
  mensagens com a marca `#doc` — primeiro pede `provide_documentation` e, com o resultado, responde em texto;
* o wacs como `make run` o sobe (worker embutido), com `AI_BASE_URL` apontando para o modelo falso
  (`AI_API_KEY=sk-teste`) e os recibos simulados do sandbox adiados para depois da medição (só o caminho da resposta
  é medido: mensagem recebida → job `ai.reply` → modelo → resposta gravada + job de envio → envio pelo sandbox).

As mensagens entram por `POST /api/v1/sandbox/sessions/{sessionId}/incoming` (cliente HTTP mínimo de
`_common.RawHttp`), cada uma de um contato diferente. Fases, nesta ordem, no mesmo servidor:

1. **referência (sem agente)**: o tenant ainda sem agente padrão. `--sequential` mensagens uma por vez (a próxima
   depois de a anterior estar gravada) e depois `--messages` mensagens em rajada (`--concurrency` pedidos em
   andamento). Latência por mensagem = chegada do evento bruto (`inbound_events.created_at`) → mensagem gravada
   (`inbound_events.processed_at`, na transação que grava a mensagem), como o processamento de entrada mede; vazão =
   mensagens gravadas por segundo, da primeira chegada à última gravação;
2. cria o agente (`POST /api/v1/agents/create`, modelo `customer_support`, `makeDefault`, `debounceSeconds` 0) e
   aquece; depois, para cada cenário (texto; ferramenta), as mesmas duas fases com contatos novos: toda conversa nova
   é respondida pelo agente.

Por resposta: `response_ms` e `model_ms` da tabela `ai_runs` (da chegada da mensagem do cliente até a resposta
pronta; só o modelo, com as ferramentas que ele pediu), a resposta gravada (`messages.created_at` da resposta − a
chegada) e a **sobrecarga** — o histograma `wacs_ai_overhead_seconds` de `/metrics` (o job `ai.reply` inteiro menos o
tempo do modelo; lido antes e depois de cada fase, p50/p99 por interpolação nos baldes; a meta é conferida direto no
balde de 20 ms: ≥ 99 % das respostas nele). Vazão = respostas gravadas por segundo, da primeira chegada à última
resposta gravada. As razões são contra a referência da mesma execução (latência de gravação da mensagem; mensagens
gravadas por segundo; CPU do processo wacs por mensagem).

A sobrecarga do histograma é tempo de relógio: uma por vez, é o custo do pipeline; na rajada, os jobs `ai.reply`
correm juntos no mesmo laço de eventos (até WORKER_CONCURRENCY) e ela inclui a espera pelos outros (o `model_ms`
também). O custo na rajada é a CPU do processo wacs (API + worker embutido + SQLite no modo SQLite; sem o
PostgreSQL, o Redis e o modelo falso) por resposta, lida de /proc.

Bancos: `--backend sqlite` (SQLite em diretório temporário + barramento em processo) e/ou `--backend postgres`
(PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_ai`, recriado e apagado, e Redis
`redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-ai:`). Sem `--backend`: os dois se o PostgreSQL e o Redis
responderem, senão só o SQLite.

Uso: `.venv/bin/python bench/ai_pipeline.py [--backend sqlite|postgres] [--messages 300] [--sequential 100]
[--concurrency 20]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import socket
import sqlite3
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
from _common import (
    BENCH_DIR,
    CLIENT_ID,
    DEFAULT_REDIS_URL,
    SERVER_DIR,
    BenchError,
    RawHttp,
    Server,
    WacsAccess,
    Workspace,
    asyncpg_url,
    base_env,
    fmt,
    machine_line,
    percentile,
    prepare_sandbox_tenant,
    print_table,
    require_local,
    require_loopback_url,
    run,
    tenant_client,
    wait_ready,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_ai"
REDIS_PREFIX = "wacs-bench-ai:"
FAKE_API_KEY = "sk-teste"
DOC_MARK = "#doc"  # mensagens com a marca: o modelo falso pede provide_documentation antes de responder
TEMPLATE = "customer_support"  # só provide_documentation (e request_human); horário "sempre"
TARGET_P99_MS = 20.0
OVERHEAD_METRIC = "wacs_ai_overhead_seconds"
# Sem recibos simulados (entregue/lido) durante a medição: só o caminho da resposta.
SANDBOX_AFTER_SECONDS = "3600"
# Os jobs do caminho medido; a fase só termina com nenhum deles na fila.
PATH_JOBS = ("inbound.process", "ai.reply", "message.send")
PHASE_TIMEOUT = 300.0
SEQUENTIAL_TIMEOUT = 30.0
SEQUENTIAL_POLL = 0.005
BURST_POLL = 0.05
WARMUP = 30
SETTINGS_MEMO_SECONDS = 2.5  # configurações do tenant (1 s) e do agente (2 s) ficam em cópia local


# ------------------------------------------------------------------------------------------------ modelo falso


def _fake_answer(body: dict[str, Any]) -> dict[str, Any]:
    """Resposta do modelo falso: texto na hora; com a marca `#doc`, primeiro pede provide_documentation."""
    messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
    if messages and messages[-1].get("role") == "tool":
        return {
            "role": "assistant",
            "content": "Consultei a nossa base: os documentos são RG, CPF e comprovante de residência. Posso "
            "ajudar em mais alguma coisa?",
        }
    text = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "user"), "")
    if DOC_MARK in text and body.get("tools") and body.get("tool_choice") != "none":
        call = {
            "id": f"call_{uuid.uuid4().hex[:16]}",
            "type": "function",
            "function": {
                "name": "provide_documentation",
                "arguments": json.dumps({"query": "documentos necessários"}, ensure_ascii=False),
            },
        }
        return {"role": "assistant", "content": None, "tool_calls": [call]}
    return {"role": "assistant", "content": "Claro! Funcionamos de segunda a sexta, das 9h às 18h. Posso ajudar?"}


def fake_llm_app() -> Any:
    """Fábrica do uvicorn (`ai_pipeline:fake_llm_app --factory`, com `PYTHONPATH=server`): o modelo falso do wacs
    com a resposta deste benchmark e um `GET /health` para saber que subiu."""
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from wacs.fakes.openai_compat import FakeLLMState, create_app

    async def health(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    app = create_app(FakeLLMState(api_key=FAKE_API_KEY, responder=_fake_answer))
    app.router.routes.append(Route("/health", health, methods=["GET"]))
    return app


def start_fake_llm(workspace: Workspace) -> Server:
    env = base_env() | {"PYTHONPATH": str(SERVER_DIR)}
    return workspace.start("fake-llm", ["ai_pipeline:fake_llm_app", "--factory", "--app-dir", str(BENCH_DIR)], env)


# ------------------------------------------------------------------------------------------------------- banco


def _timestamp(value: Any) -> datetime:
    """asyncpg devolve datetime; o SQLite, o texto que o SQLAlchemy gravou (UTC, sem fuso)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _uuid(value: Any) -> str:
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


class Database:
    """Leituras no banco do wacs (só SELECT, sem parâmetros): asyncpg no PostgreSQL, sqlite3 numa thread no SQLite."""

    def __init__(self, postgres_url: str, sqlite_path: Path | None) -> None:
        self.postgres_url = postgres_url
        self.sqlite_path = sqlite_path
        self.pg: Any = None
        self.lite: sqlite3.Connection | None = None

    async def open(self) -> None:
        if self.sqlite_path is not None:
            self.lite = sqlite3.connect(self.sqlite_path, isolation_level=None, timeout=10, check_same_thread=False)
        else:
            import asyncpg

            self.pg = await asyncpg.connect(asyncpg_url(self.postgres_url), timeout=10)

    async def close(self) -> None:
        if self.pg is not None:
            await self.pg.close()
        if self.lite is not None:
            self.lite.close()

    async def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if self.lite is not None:
            lite = self.lite
            return await asyncio.to_thread(lambda: lite.execute(sql).fetchall())
        return [tuple(row) for row in await self.pg.fetch(sql)]

    async def value(self, sql: str) -> Any:
        found = await self.rows(sql)
        return found[0][0] if found else None


def _like(tag: str) -> str:
    if not re.fullmatch(r"[a-z0-9-]+", tag):
        raise BenchError(f"marca de fase inválida: {tag!r}")
    return f"sandbox.in.{tag}.%"


async def pending_jobs(db: Database) -> int:
    kinds = ", ".join(f"'{kind}'" for kind in PATH_JOBS)
    return int(await db.value(f"SELECT count(*) FROM jobs WHERE status IN ('queued', 'running') AND kind IN ({kinds})"))


async def unprocessed_messages(db: Database) -> int:
    return int(await db.value("SELECT count(*) FROM inbound_events WHERE kind = 'message' AND processed_at IS NULL"))


async def ai_run_count(db: Database) -> int:
    return int(await db.value("SELECT count(*) FROM ai_runs"))


# ------------------------------------------------------------------------------------------------- /metrics


@dataclass
class Histogram:
    """Baldes cumulativos (limite em segundos → contagem), soma e contagem de um histograma do Prometheus."""

    buckets: dict[float, float] = field(default_factory=dict)
    total: float = 0.0
    count: float = 0.0

    def minus(self, before: Histogram) -> Histogram:
        return Histogram(
            {le: n - before.buckets.get(le, 0.0) for le, n in self.buckets.items()},
            self.total - before.total,
            self.count - before.count,
        )

    def quantile(self, fraction: float) -> float | None:
        """Como o `histogram_quantile` do Prometheus: interpolação linear dentro do balde; None = acima do último
        limite finito."""
        if self.count <= 0:
            return None
        rank = fraction * self.count
        lower, below = 0.0, 0.0
        for le in sorted(self.buckets):
            cumulative = self.buckets[le]
            if cumulative >= rank:
                if le == float("inf"):
                    return None
                inside = cumulative - below
                return lower + (le - lower) * ((rank - below) / inside if inside else 1.0)
            lower, below = le, cumulative
        return None

    def share_within(self, limit: float) -> float | None:
        if self.count <= 0 or limit not in self.buckets:
            return None
        return self.buckets[limit] / self.count

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


_SAMPLE = re.compile(r"^(?P<name>[a-zA-Z_:][\w:]*)(?:\{(?P<labels>[^}]*)\})?\s+(?P<value>\S+)")


async def read_overhead(client: httpx.AsyncClient) -> Histogram:
    """O histograma de sobrecarga em `/metrics` (METRICS_TOKEN vazio: aberto só para o loopback, que é o caso)."""
    response = await client.get("/metrics")
    if response.status_code != 200:
        raise BenchError(f"GET /metrics devolveu {response.status_code}: {response.text[:300]}")
    histogram = Histogram()
    for line in response.text.splitlines():
        match = _SAMPLE.match(line)
        if match is None or not match["name"].startswith(OVERHEAD_METRIC):
            continue
        value = float(match["value"])
        suffix = match["name"].removeprefix(OVERHEAD_METRIC)
        if suffix == "_bucket":
            le = re.search(r'le="([^"]+)"', match["labels"] or "")
            if le:
                histogram.buckets[float(le.group(1))] = value
        elif suffix == "_sum":
            histogram.total = value
        elif suffix == "_count":
            histogram.count = value
    if not histogram.buckets:
        raise BenchError(f"o histograma {OVERHEAD_METRIC} não está em /metrics")
    return histogram


# -------------------------------------------------------------------------------------------------------- carga


@dataclass
class Injector:
    """Mensagens "do cliente" pela API do sandbox, cada uma de um contato novo."""

    server: Server
    access: WacsAccess
    concurrency: int
    phase_number: int = 0

    @property
    def path(self) -> str:
        return f"/api/v1/sandbox/sessions/{self.access.session_id}/incoming"

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Type": "application/json", "X-Client-Id": CLIENT_ID} | self.access.auth

    def bodies(self, tag: str, count: int, text: str) -> list[bytes]:
        self.phase_number += 1
        _like(tag)
        return [
            orjson.dumps(
                {
                    "from": f"55119{self.phase_number:03d}{index:05d}",
                    "name": f"Cliente {index}",
                    "text": f"{text} ({index})",
                    "messageId": f"{tag}.{index:05d}",
                }
            )
            for index in range(count)
        ]

    async def burst(self, bodies: list[bytes]) -> float:
        """Todas as mensagens com `concurrency` pedidos em andamento; devolve o tempo até o último 202."""
        queue = list(reversed(bodies))
        http = RawHttp(self.server, self.concurrency)
        started = time.perf_counter()

        async def sender() -> None:
            while queue:
                body = queue.pop()
                status = await http.post(self.path, body, self.headers)
                if status != 202:
                    raise BenchError(f"POST {self.path} devolveu {status}")

        try:
            await asyncio.gather(*(sender() for _ in range(self.concurrency)))
        finally:
            http.close()
        return time.perf_counter() - started

    async def one_by_one(self, bodies: list[bytes], done: Callable[[int], Any]) -> float:
        """Uma mensagem por vez: a próxima só quando `done(quantas_já_mandadas)` disser que a anterior terminou."""
        http = RawHttp(self.server, 1)
        started = time.perf_counter()
        try:
            for sent, body in enumerate(bodies, start=1):
                status = await http.post(self.path, body, self.headers)
                if status != 202:
                    raise BenchError(f"POST {self.path} devolveu {status}")
                deadline = time.monotonic() + SEQUENTIAL_TIMEOUT
                while not await done(sent):
                    if time.monotonic() > deadline:
                        raise BenchError(f"a mensagem {sent} (uma por vez) não terminou em {SEQUENTIAL_TIMEOUT:g} s")
                    await asyncio.sleep(SEQUENTIAL_POLL)
        finally:
            http.close()
        return time.perf_counter() - started


async def wait_until(check: Callable[[], Any], what: str) -> None:
    deadline = time.monotonic() + PHASE_TIMEOUT
    while not await check():
        if time.monotonic() > deadline:
            raise BenchError(f"{what}: não terminou em {PHASE_TIMEOUT:g} s")
        await asyncio.sleep(BURST_POLL)


# ------------------------------------------------------------------------------------------------------ fases


@dataclass
class BasePhase:
    name: str
    count: int
    stored: list[float]  # segundos: chegada → mensagem gravada
    span: float  # primeira chegada → última gravação
    http: float
    cpu: float | None

    @property
    def rate(self) -> float:
        return self.count / self.span if self.span > 0 else float("nan")


@dataclass
class AIPhase:
    name: str
    count: int
    response: list[float]  # segundos (response_ms de ai_runs)
    model: list[float]  # segundos (model_ms de ai_runs)
    stored: list[float]  # segundos: chegada → resposta gravada (messages.created_at da resposta)
    span: float  # primeira chegada → última resposta gravada
    http: float
    cpu: float | None
    overhead: Histogram
    modes: Counter[str]
    outcomes: Counter[str]
    tool_calls: int
    missing: int

    @property
    def rate(self) -> float:
        return len(self.stored) / self.span if self.span > 0 else float("nan")


def cpu_delta(server: Server, before: float | None) -> float | None:
    after = server.cpu_seconds()
    return None if before is None or after is None else after - before


async def base_results(db: Database, tag: str) -> tuple[list[float], float]:
    rows = await db.rows(
        "SELECT created_at, processed_at FROM inbound_events"
        f" WHERE kind = 'message' AND external_id LIKE '{_like(tag)}'"
    )
    arrived = [_timestamp(a) for a, _ in rows]
    stored = [_timestamp(p) for _, p in rows if p is not None]
    latencies = [(_timestamp(p) - _timestamp(a)).total_seconds() for a, p in rows if p is not None]
    span = (max(stored) - min(arrived)).total_seconds() if stored else float("nan")
    return latencies, span


async def run_base_phase(
    name: str, tag: str, server: Server, db: Database, injector: Injector, count: int, sequential: bool, text: str
) -> BasePhase:
    bodies = injector.bodies(tag, count, text)
    cpu_before = server.cpu_seconds()

    async def stored(_: int) -> bool:
        return await unprocessed_messages(db) == 0

    if sequential:
        http = await injector.one_by_one(bodies, stored)
    else:
        http = await injector.burst(bodies)
        await wait_until(lambda: stored(0), f"referência {name}")
    cpu = cpu_delta(server, cpu_before)
    await wait_until(lambda: _idle(db), f"fila da referência {name}")
    latencies, span = await base_results(db, tag)
    phase = BasePhase(name, count, latencies, span, http, cpu)
    line = (
        f"  {name:<26} {count:>5} msgs  gravada p50 {ms(percentile(latencies, 0.5))} p99"
        f" {ms(percentile(latencies, 0.99))}"
    )
    if not sequential:
        line += f"  {phase.rate:7.0f} msgs/s (injeção {count / http:5.0f}/s)  CPU wacs {per_item_ms(cpu, count)}/msg"
    print(line, flush=True)
    if len(latencies) != count:
        raise BenchError(f"referência {name}: {len(latencies)} mensagens gravadas de {count}")
    return phase


async def _idle(db: Database) -> bool:
    return await pending_jobs(db) == 0


async def ai_results(db: Database, tag: str) -> dict[str, Any]:
    inbound = await db.rows(
        "SELECT from_number, conversation_id, created_at FROM messages"
        f" WHERE direction = 'inbound' AND message_id LIKE '{_like(tag)}'"
    )
    replies = await db.rows(
        "SELECT to_number, min(created_at) FROM messages"
        " WHERE direction = 'outbound' AND created_by LIKE 'agent:%' GROUP BY to_number"
    )
    runs = await db.rows("SELECT conversation_id, mode, outcome, response_ms, model_ms, tool_calls FROM ai_runs")
    reply_at = {contact: _timestamp(at) for contact, at in replies}
    run_of = {_uuid(row[0]): row[1:] for row in runs if row[0] is not None}
    stored: list[float] = []
    response: list[float] = []
    model: list[float] = []
    modes: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    tool_calls = 0
    arrivals: list[datetime] = []
    last_reply: datetime | None = None
    missing = 0
    for contact, conversation_id, created_at in inbound:
        arrived = _timestamp(created_at)
        arrivals.append(arrived)
        at = reply_at.get(contact)
        if at is not None:
            stored.append((at - arrived).total_seconds())
            last_reply = at if last_reply is None or at > last_reply else last_reply
        found = run_of.get(_uuid(conversation_id)) if conversation_id is not None else None
        if found is None:
            missing += 1
            continue
        mode, outcome, response_ms, model_ms, tools = found
        modes[str(mode)] += 1
        outcomes[str(outcome)] += 1
        response.append(int(response_ms) / 1000)
        model.append(int(model_ms) / 1000)
        tool_calls += int(tools)
    span = (last_reply - min(arrivals)).total_seconds() if last_reply and arrivals else float("nan")
    return {
        "stored": stored,
        "response": response,
        "model": model,
        "modes": modes,
        "outcomes": outcomes,
        "tool_calls": tool_calls,
        "span": span,
        "missing": missing,
        "inbound": len(inbound),
    }


async def run_ai_phase(
    name: str,
    tag: str,
    server: Server,
    client: httpx.AsyncClient,
    db: Database,
    injector: Injector,
    count: int,
    sequential: bool,
    text: str,
) -> AIPhase:
    bodies = injector.bodies(tag, count, text)
    runs_before = await ai_run_count(db)
    overhead_before = await read_overhead(client)
    cpu_before = server.cpu_seconds()

    async def answered(sent: int) -> bool:
        return await ai_run_count(db) >= runs_before + sent and await _idle(db)

    try:
        if sequential:
            http = await injector.one_by_one(bodies, answered)
        else:
            http = await injector.burst(bodies)
            await wait_until(lambda: answered(count), f"IA {name}")
    except BenchError as exc:
        raise BenchError(f"{exc}\n{await diagnose(db, server, runs_before, count)}") from exc
    cpu = cpu_delta(server, cpu_before)
    overhead = (await read_overhead(client)).minus(overhead_before)
    found = await ai_results(db, tag)
    phase = AIPhase(
        name,
        count,
        found["response"],
        found["model"],
        found["stored"],
        found["span"],
        http,
        cpu,
        overhead,
        found["modes"],
        found["outcomes"],
        found["tool_calls"],
        count - len(found["response"]),
    )
    line = (
        f"  {name:<26} {count:>5} resp  response_ms p50 {ms(percentile(phase.response, 0.5))}"
        f" p99 {ms(percentile(phase.response, 0.99))}  model_ms p50 {ms(percentile(phase.model, 0.5))}"
        f" p99 {ms(percentile(phase.model, 0.99))}  gravada p50 {ms(percentile(phase.stored, 0.5))}"
        f" p99 {ms(percentile(phase.stored, 0.99))}"
    )
    print(line, flush=True)
    within = overhead.share_within(TARGET_P99_MS / 1000)
    detail = (
        f"  {'':<26} {'':>5}       sobrecarga p50 {ms(overhead.quantile(0.5))} p99 {ms(overhead.quantile(0.99))}"
        f" média {ms(overhead.mean)} (≤ {TARGET_P99_MS:g} ms: {fmt(None if within is None else within * 100, '.1f')} %"
        f" de {overhead.count:.0f})"
    )
    if not sequential:
        detail += f"  {phase.rate:6.1f} resp/s (injeção {count / http:5.0f}/s)  CPU wacs {per_item_ms(cpu, count)}/resp"
    print(detail, flush=True)
    return phase


async def diagnose(db: Database, server: Server, runs_before: int, count: int) -> str:
    """O que dá para dizer quando as respostas não aparecem: rodadas, jobs mortos e o log do servidor."""
    lines = [f"ai_runs novas: {await ai_run_count(db) - runs_before} de {count} esperadas"]
    outcomes = await db.rows("SELECT mode, outcome, count(*) FROM ai_runs GROUP BY mode, outcome")
    lines.append(f"ai_runs por modo/resultado: {[tuple(row) for row in outcomes]}")
    jobs = await db.rows("SELECT kind, status, count(*) FROM jobs GROUP BY kind, status")
    lines.append(f"jobs por tipo/situação: {[tuple(row) for row in jobs]}")
    dead = await db.rows("SELECT kind, last_error FROM jobs WHERE status = 'dead' OR last_error IS NOT NULL LIMIT 5")
    for kind, error in dead:
        lines.append(f"job {kind} com erro: {str(error)[:500]}")
    lines.append(f"log do wacs (fim):\n{server.log_tail(40)}")
    return "\n".join(lines)


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "    > 1 s"
    if seconds != seconds:  # NaN
        return "        —"
    return f"{seconds * 1000:6.1f} ms"


def per_item_ms(cpu: float | None, count: int) -> str:
    return "—" if cpu is None else f"{cpu / count * 1000:.2f} ms"


# -------------------------------------------------------------------------------------------------- principal


@dataclass
class Config:
    messages: int
    sequential: int
    concurrency: int


@dataclass
class Scenario:
    key: str
    label: str
    text: str


SCENARIOS = [
    Scenario("texto", "texto", "Bom dia! Qual é o horário de funcionamento da loja?"),
    Scenario("ferramenta", "ferramenta", f"{DOC_MARK} Quais documentos preciso enviar para o cadastro?"),
]
BASE_TEXT = SCENARIOS[0].text


async def create_agent(client: httpx.AsyncClient, access: WacsAccess) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/agents/create",
        json={"name": "Agente do benchmark", "template": TEMPLATE, "makeDefault": True, "debounceSeconds": 0},
        headers=access.auth,
    )
    if response.status_code != 201:
        raise BenchError(f"POST /api/v1/agents/create devolveu {response.status_code}: {response.text[:500]}")
    agent: dict[str, Any] = response.json()
    if agent.get("mode") != "llm":
        raise BenchError(f"o agente não usa o modelo (AI_BASE_URL não valeu?): mode={agent.get('mode')}")
    return agent


async def benchmark(wacs: Server, fake: Server, sqlite_path: Path | None, database_url: str, config: Config) -> Result:
    access = await prepare_sandbox_tenant(wacs.base_url, messages_per_second=1000)
    injector = Injector(wacs, access, config.concurrency)
    db = Database(database_url, sqlite_path)
    await db.open()
    result = Result()
    try:
        async with tenant_client(wacs.base_url) as client:
            print("  referência (tenant sem agente): chegada → mensagem gravada")
            await run_base_phase("aquecimento", "base-warm", wacs, db, injector, WARMUP, False, BASE_TEXT)
            result.base_seq = await run_base_phase(
                "sequencial", "base-seq", wacs, db, injector, config.sequential, True, BASE_TEXT
            )
            result.base_burst = await run_base_phase(
                "rajada", "base-burst", wacs, db, injector, config.messages, False, BASE_TEXT
            )
            await create_agent(client, access)
            await asyncio.sleep(SETTINGS_MEMO_SECONDS)
            fake_cpu = fake.cpu_seconds()
            for scenario in SCENARIOS:
                print(f"  agente ({TEMPLATE}, modelo falso instantâneo), cenário {scenario.label}")
                await run_ai_phase(
                    "aquecimento", f"{scenario.key}-warm", wacs, client, db, injector, WARMUP, False, scenario.text
                )
                seq = await run_ai_phase(
                    "sequencial",
                    f"{scenario.key}-seq",
                    wacs,
                    client,
                    db,
                    injector,
                    config.sequential,
                    True,
                    scenario.text,
                )
                burst = await run_ai_phase(
                    "rajada",
                    f"{scenario.key}-burst",
                    wacs,
                    client,
                    db,
                    injector,
                    config.messages,
                    False,
                    scenario.text,
                )
                result.ai[scenario.key] = (seq, burst)
            result.fake_cpu = cpu_delta(fake, fake_cpu)
    finally:
        await db.close()
    return result


@dataclass
class Result:
    base_seq: BasePhase | None = None
    base_burst: BasePhase | None = None
    ai: dict[str, tuple[AIPhase, AIPhase]] = field(default_factory=dict)
    fake_cpu: float | None = None


def ratio(value: float | None, base: float) -> str:
    if value is None or value != value or not base or base != base:
        return "—"
    return f"{value / base:.1f}×"


def report(result: Result, mode: str) -> int:
    assert result.base_seq is not None and result.base_burst is not None
    base = {"sequencial": result.base_seq, "rajada": result.base_burst}
    rows: list[tuple[str, str, str, str, str]] = []
    problems: list[str] = []
    for scenario in SCENARIOS:
        seq, burst = result.ai[scenario.key]
        for phase in (seq, burst):
            label = f"{scenario.label}, {phase.name}"
            reference = base[phase.name]
            p50_base = percentile(reference.stored, 0.5)
            p99_base = percentile(reference.stored, 0.99)
            p99 = phase.overhead.quantile(0.99)
            within = phase.overhead.share_within(TARGET_P99_MS / 1000)
            reached = within is not None and within >= 0.99
            rows.append((f"sobrecarga p50 ({label})", ms(phase.overhead.quantile(0.5)).strip(), "", "", ""))
            rows.append(
                (
                    f"sobrecarga p99 ({label})",
                    ms(p99).strip(),
                    f"< {TARGET_P99_MS:g} ms",
                    "",
                    "atingida" if reached else "NÃO atingida",
                )
            )
            for fraction, base_value in ((0.5, p50_base), (0.99, p99_base)):
                value = percentile(phase.response, fraction)
                rows.append(
                    (
                        f"resposta p{fraction * 100:.0f} response_ms ({label})",
                        ms(value).strip(),
                        "",
                        ratio(value, base_value),
                        "× gravação sem agente",
                    )
                )
            rows.append(
                (
                    f"modelo p50 / p99 model_ms ({label})",
                    f"{ms(percentile(phase.model, 0.5)).strip()} / {ms(percentile(phase.model, 0.99)).strip()}",
                    "",
                    "",
                    "",
                )
            )
            if phase is burst:
                rows.append(
                    (
                        f"respostas/s sustentadas ({scenario.label})",
                        f"{phase.rate:.1f}/s",
                        "",
                        ratio(phase.rate, reference.rate),
                        f"× {reference.rate:.0f} msgs/s sem agente",
                    )
                )
                cpu = None if phase.cpu is None else phase.cpu / phase.count
                base_cpu = None if reference.cpu is None else reference.cpu / reference.count
                rows.append(
                    (
                        f"CPU do wacs por resposta ({scenario.label}, rajada)",
                        fmt(None if cpu is None else cpu * 1000, ".1f") + " ms",
                        "",
                        ratio(cpu, base_cpu or 0.0),
                        f"× {fmt(None if base_cpu is None else base_cpu * 1000, '.1f')} ms/msg sem agente",
                    )
                )
            if phase.missing or len(phase.stored) != phase.count:
                problems.append(
                    f"{label}: {phase.count - phase.missing} rodadas e {len(phase.stored)} respostas de {phase.count}"
                )
            if set(phase.modes) != {"llm"} or set(phase.outcomes) != {"replied"}:
                problems.append(f"{label}: modos {dict(phase.modes)}, resultados {dict(phase.outcomes)}")
            if scenario.key == "ferramenta" and phase.tool_calls < phase.count:
                problems.append(f"{label}: {phase.tool_calls} chamadas de ferramenta em {phase.count} respostas")
            if phase.overhead.count != phase.count:
                problems.append(f"{label}: o histograma contou {phase.overhead.count:.0f} de {phase.count} respostas")
    print()
    print_table(f"Resultado ({mode})", rows)
    print()
    print(
        "Notas: sobrecarga = histograma wacs_ai_overhead_seconds (job ai.reply inteiro − tempo do modelo, sem o\n"
        "commit, que o runner faz depois; baldes 1/2,5/5/10/20/50/100/250/1000 ms, p50/p99 interpolados e a meta\n"
        "conferida no balde de 20 ms). No cenário 'ferramenta' o tempo do modelo (model_ms) inclui a ferramenta\n"
        "provide_documentation, que o pipeline mede junto com as chamadas ao modelo. response_ms = chegada da\n"
        "mensagem → resposta pronta (antes de gravá-la); 'gravação sem agente' = chegada → mensagem gravada na\n"
        "referência (mesma fase, mesma execução). Na rajada, a latência inclui a espera na fila. Cliente, servidores,\n"
        "modelo falso e banco dividem os mesmos núcleos (CPU do modelo falso em todas as fases com agente:"
        f" {fmt(result.fake_cpu, '.1f')} s)."
    )
    if problems:
        print("\nATENÇÃO: " + "; ".join(problems))
        return 1
    return 0


def reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 0), timeout=1.0):
            return True
    except OSError:
        return False


def run_backend(backend: str, args: argparse.Namespace, config: Config) -> int:
    embedded = backend == "sqlite"
    database_url = "" if embedded else args.database_url
    redis_url = "" if embedded else args.redis_url
    mode = "SQLite + barramento em processo" if embedded else "PostgreSQL + Redis"
    if not embedded:
        require_local(database_url, "--database-url")
        require_local(redis_url, "--redis-url")
    with Workspace(
        embedded, databases=[database_url] if database_url else [], redis_url=redis_url, redis_prefix=REDIS_PREFIX
    ) as workspace:
        fake = start_fake_llm(workspace)
        wait_ready(fake, "/health")
        require_loopback_url(fake.base_url)
        wacs = workspace.start_wacs(
            database_url,
            redis_url,
            RUN_WORKER="true",
            AI_BASE_URL=f"{fake.base_url}/v1",
            AI_API_KEY=FAKE_API_KEY,
            SANDBOX_DELIVERED_AFTER_SECONDS=SANDBOX_AFTER_SECONDS,
            SANDBOX_READ_AFTER_SECONDS=SANDBOX_AFTER_SECONDS,
        )
        wait_ready(wacs, "/health")
        sqlite_path = workspace.work_dir / "data-wacs" / "wacs.db" if embedded else None
        print(f"Pipeline dos agentes de IA: sobrecarga por resposta com modelo falso instantâneo ({mode})")
        print(f"  modo:    {mode}" + ("" if embedded else f" ({database_url}, {redis_url})"))
        print(
            f"  carga:   {config.sequential} mensagens uma por vez e {config.messages} em rajada"
            f" ({config.concurrency} pedidos simultâneos) por fase, cada uma de um contato novo;"
            f" aquecimento de {WARMUP}"
        )
        print(f"  modelo:  {fake.base_url}/v1 (servidor falso compatível com a OpenAI, resposta imediata)")
        print(f"  máquina: {machine_line()}")
        print()
        result: Result = run(benchmark(wacs, fake, sqlite_path, database_url, config))
        return report(result, mode)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Sobrecarga do pipeline dos agentes de IA por resposta (modelo falso instantâneo) e respostas/s, "
        "contra a gravação de mensagens sem agente."
    )
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgres"),
        action="append",
        help="banco a medir (repita para os dois); padrão: os dois se PostgreSQL e Redis responderem, senão SQLite",
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument("--messages", "-n", type=int, default=300, help="mensagens na rajada de cada fase (padrão 300)")
    parser.add_argument("--sequential", type=int, default=100, help="mensagens uma por vez em cada fase (padrão 100)")
    parser.add_argument("--concurrency", type=int, default=20, help="pedidos simultâneos na rajada (padrão 20)")
    args = parser.parse_args()
    if not 10 <= args.messages <= 20_000:
        parser.error("--messages deve estar entre 10 e 20000")
    if not 1 <= args.sequential <= 1000:
        parser.error("--sequential deve estar entre 1 e 1000")
    if not 1 <= args.concurrency <= 200:
        parser.error("--concurrency deve estar entre 1 e 200")
    return args


def main() -> int:
    args = parse_args()
    config = Config(args.messages, args.sequential, args.concurrency)
    backends: list[str] = list(dict.fromkeys(args.backend or []))
    if not backends:
        backends = ["sqlite"]
        if reachable(args.database_url) and reachable(args.redis_url):
            backends.append("postgres")
        else:
            print("aviso: PostgreSQL ou Redis inacessível; só o SQLite será medido", file=sys.stderr)
    status = 0
    for number, backend in enumerate(backends):
        if number:
            print()
        try:
            status = max(status, run_backend(backend, args, config))
        except BenchError as exc:
            print(f"erro ({backend}): {exc}", file=sys.stderr)
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main())
