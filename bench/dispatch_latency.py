"""Benchmark: ritmo de despacho com a latência de um provedor de verdade e latência da API durante o despacho.

Mede, na MESMA execução e na mesma máquina, as metas do despacho:

1. **Despacho rápido** — número sandbox a `messagesPerSecond` 1000 e `ackDelayMs` 300 (o que custa a ida e volta a
   um provedor real): uma lista de `--recipients` (padrão 3.000) destinatários diferentes; ritmo = mensagens `sent`
   (ou além) ÷ tempo do envio do pedido `POST /api/v1/messages/send-bulk` até a última `sent` (meta ≥ 400
   mensagens/s; razão = ritmo / 400). Também a CPU do processo wacs por mensagem despachada (meta ≤ 1,5 ms).
2. **Latência da API durante o despacho 1** — uma sonda chama `GET /api/v1/auth/me` (com o JWT) uma vez a cada
   50 ms, em sequência, do aceite até a última `sent`: p50, p99 (meta p99 < 250 ms) e respostas diferentes de 200
   (meta: nenhuma). Antes do despacho, a mesma sonda mede ~5 s com o worker ocioso, na mesma instância: a razão
   p99 sob carga / p99 ocioso mostra quanto o despacho atrasa a API.
3. **Despacho no limite do número** — outro número sandbox, a `messagesPerSecond` 80 (e o mesmo `ackDelayMs`):
   ritmo da lista inteira e razão ritmo / 80 (meta ≥ 0,95×).

Um processo wacs como `make run` o sobe (API + worker embutido, `RUN_WORKER=true`), uvicorn com 1 worker numa
porta livre de 127.0.0.1. Cada cenário usa uma sessão nova (número novo; a anterior é desconectada) e a lista é
enviada com `sessionId`. O fim do despacho é detectado por `GET /api/v1/messages/bulk/{bulkId}` (a cada 0,25 s);
o instante da última `sent` vem da coluna `sent_at` das mensagens da lista, lida no banco, para que o intervalo
da consulta não entre no tempo. Se a lista não terminar em `--timeout` segundos, o ritmo é o das mensagens
enviadas até ali, e a saída diz isso. A CPU por mensagem é a do processo wacs inteiro no intervalo (inclui o
aceite, as consultas de progresso e a sonda; a CPU do repouso com a sonda é impressa para comparação).

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_latency` (recriado e apagado pelo benchmark)
e Redis `redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-latency:` (chaves apagadas antes e depois). Os
recibos simulados (entregue/lido) ficam para depois do benchmark: não somam carga à medição.

Uso: `.venv/bin/python bench/dispatch_latency.py [--recipients 3000] [--timeout 180] [--ack-delay-ms 300]`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from _common import (
    DEFAULT_REDIS_URL,
    BenchError,
    Server,
    WacsAccess,
    Workspace,
    asyncpg_url,
    machine_line,
    percentile,
    prepare_sandbox_tenant,
    print_table,
    require_local,
    run,
    tenant_client,
    wait_ready,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_latency"
REDIS_PREFIX = "wacs-bench-latency:"
RECIPIENTS = 3000
ACK_DELAY_MS = 300
SCENARIO_TIMEOUT = 180.0
RECEIPTS_OFF_SECONDS = "3600"  # recibos simulados depois do fim do benchmark
CONTENT = "Olá! Seu pedido saiu para entrega e chega hoje até as 18 h."
POLL_SECONDS = 0.25
PROBE_INTERVAL = 0.05
PROBE_TIMEOUT = 10.0
IDLE_PROBE_SECONDS = 5.0
WARMUP_REQUESTS = 20
FINAL_STATUSES = ("sent", "delivered", "read")

# Metas (da issue aberta do despacho).
FAST_RATE = 1000
FAST_TARGET = 400.0  # mensagens/s
CPU_TARGET_US = 1500.0  # µs de CPU do processo wacs por mensagem despachada
SLOW_RATE = 80
SLOW_TARGET_RATIO = 0.95
P99_TARGET_MS = 250.0


# ---------------------------------------------------------------------------------------------------- sonda


@dataclass
class Probe:
    """Latências de `GET /api/v1/auth/me`, em sequência, uma a cada PROBE_INTERVAL (ou logo após a anterior)."""

    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    @property
    def failures(self) -> int:
        return sum(self.errors.values())

    def p(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000


async def probe_loop(base_url: str, access: WacsAccess, stop: asyncio.Event) -> Probe:
    result = Probe()
    async with tenant_client(base_url, timeout=PROBE_TIMEOUT) as client:
        started = time.perf_counter()
        next_at = started
        while not stop.is_set():
            begin = time.perf_counter()
            try:
                response = await client.get("/api/v1/auth/me", headers=access.auth)
            except httpx.HTTPError as exc:
                result.errors[type(exc).__name__] += 1
            else:
                elapsed = time.perf_counter() - begin
                if response.status_code == 200:
                    result.latencies.append(elapsed)
                else:
                    result.errors[f"HTTP {response.status_code}"] += 1
            next_at = max(next_at + PROBE_INTERVAL, time.perf_counter())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=max(0.0, next_at - time.perf_counter()))
        result.seconds = time.perf_counter() - started
    return result


async def warm_up(base_url: str, access: WacsAccess) -> None:
    async with tenant_client(base_url) as client:
        for _ in range(WARMUP_REQUESTS):
            response = await client.get("/api/v1/auth/me", headers=access.auth)
            if response.status_code != 200:
                raise BenchError(f"GET /api/v1/auth/me devolveu {response.status_code}: {response.text[:300]}")


@dataclass
class Idle:
    probe: Probe
    cpu: float | None


async def idle_baseline(server: Server, access: WacsAccess) -> Idle:
    """A sonda por IDLE_PROBE_SECONDS com o worker ocioso; devolve também a CPU do processo wacs no período."""
    await warm_up(server.base_url, access)
    stop = asyncio.Event()
    cpu_before = server.cpu_seconds()
    task = asyncio.create_task(probe_loop(server.base_url, access, stop))
    await asyncio.sleep(IDLE_PROBE_SECONDS)
    stop.set()
    probe = await task
    cpu_after = server.cpu_seconds()
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return Idle(probe, cpu)


# --------------------------------------------------------------------------------------------------- sessões


async def connect_number(
    client: httpx.AsyncClient, access: WacsAccess, phone: str, rate: int, ack_delay_ms: int
) -> str:
    """Conecta um número sandbox novo com o ritmo e a latência pedidos e recibos adiados; devolve o id da sessão."""
    response = await client.post(
        "/api/v1/sessions/initialize",
        json={
            "phoneNumber": phone,
            "provider": "sandbox",
            "name": f"bench-latencia-{rate}",
            "config": {
                "messagesPerSecond": rate,
                "ackDelayMs": ack_delay_ms,
                "deliveredAfterSeconds": 3600,
                "autoRead": False,
            },
        },
        headers=access.auth,
    )
    if response.status_code != 200:
        raise BenchError(f"não foi possível conectar o número sandbox {phone}: {response.status_code} {response.text}")
    session: dict[str, Any] = response.json()
    if session.get("status") != "connected":
        raise BenchError(f"o número sandbox {phone} não ficou conectado: {session}")
    return str(session["id"])


async def disconnect(client: httpx.AsyncClient, access: WacsAccess, session_id: str) -> None:
    response = await client.delete("/api/v1/sessions/disconnect", params={"sessionId": session_id}, headers=access.auth)
    if response.status_code != 200:
        raise BenchError(f"não foi possível desconectar a sessão {session_id}: {response.status_code} {response.text}")


# ------------------------------------------------------------------------------------------------- despacho


@dataclass
class Scenario:
    number: int
    rate: int
    recipients: int
    accept_seconds: float
    seconds: float
    progress: dict[str, Any]
    done: int
    complete: bool
    cpu: float | None
    probe: Probe | None

    @property
    def throughput(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def cpu_us_per_message(self) -> float | None:
        return None if self.cpu is None or not self.done else self.cpu / self.done * 1e6


def recipients(scenario: int, count: int) -> list[dict[str, str]]:
    """Celulares de São Paulo: 55119 + 8 dígitos, o primeiro deles é o número do cenário (listas sem repetição)."""
    return [{"to": f"55119{scenario}{i:07d}"} for i in range(count)]


async def last_sent(database_url: str, bulk_id: str) -> tuple[int, datetime | None]:
    """Mensagens da lista já enviadas (sent ou além) e o instante da última `sent`, direto do banco."""
    import asyncpg

    conn = await asyncpg.connect(asyncpg_url(database_url), timeout=10)
    try:
        row = await conn.fetchrow(
            "SELECT count(*) AS done, max(sent_at) AS last FROM messages WHERE bulk_id = $1 AND status = ANY($2)",
            uuid.UUID(bulk_id),
            list(FINAL_STATUSES),
        )
    finally:
        await conn.close()
    assert row is not None
    return int(row["done"]), row["last"]


@dataclass
class BulkRun:
    """Um envio em massa aceito e acompanhado até terminar (ou até o limite da medição)."""

    bulk_id: str
    wall_start: datetime
    accept_seconds: float
    polled_seconds: float
    progress: dict[str, Any]
    complete: bool

    async def finish(self, database_url: str) -> tuple[int, float]:
        """Enviadas (sent ou além) e o tempo do envio do pedido de aceite até a última `sent`; sem lista completa,
        até o fim da medição."""
        done, last = await last_sent(database_url, self.bulk_id)
        if self.complete and last is not None:
            return done, (last - self.wall_start).total_seconds()
        return done, self.polled_seconds


async def follow_bulk(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    body: bytes,
    count: int,
    limit: float,
    indent: str = "             ",
) -> BulkRun:
    """Aceita a lista (`POST /api/v1/messages/send-bulk`) e consulta o progresso a cada POLL_SECONDS até todas
    saírem ou `limit` s; imprime o progresso a cada 10 s."""
    wall_start = datetime.now(UTC)
    started = time.perf_counter()
    response = await client.post(
        "/api/v1/messages/send-bulk", content=body, headers=auth | {"Content-Type": "application/json"}
    )
    accept_seconds = time.perf_counter() - started
    if response.status_code != 202:
        raise BenchError(
            f"POST /api/v1/messages/send-bulk devolveu {response.status_code} (esperado 202): {response.text[:500]}"
        )
    accepted = response.json()
    if accepted.get("total") != count:
        raise BenchError(f"aceite inesperado do envio em massa: {accepted}")
    bulk_id = str(accepted["bulkId"])

    deadline = started + limit
    next_report = started + 10
    progress: dict[str, Any] = {}
    complete = False
    while time.perf_counter() < deadline:
        response = await client.get(f"/api/v1/messages/bulk/{bulk_id}", headers=auth)
        if response.status_code != 200:
            raise BenchError(f"GET /api/v1/messages/bulk devolveu {response.status_code}: {response.text[:300]}")
        progress = response.json()
        if progress["created"] == progress["total"] and progress["pending"] == 0:
            complete = True
            break
        if time.perf_counter() >= next_report:
            sent = sum(int(progress[s]) for s in FINAL_STATUSES)
            print(
                f"{indent}{time.perf_counter() - started:5.0f} s: criadas {progress['created']},"
                f" enviadas {sent}, pendentes {progress['pending']}, falhas {progress['failed']}",
                flush=True,
            )
            next_report += 10
        await asyncio.sleep(POLL_SECONDS)
    return BulkRun(bulk_id, wall_start, accept_seconds, time.perf_counter() - started, progress, complete)


async def run_scenario(
    server: Server,
    access: WacsAccess,
    database_url: str,
    *,
    number: int,
    rate: int,
    count: int,
    ack_delay_ms: int,
    limit: float,
    with_probe: bool,
    previous_session: str,
) -> tuple[Scenario, str]:
    """Conecta um número novo, aceita a lista e acompanha o despacho até a última `sent` (ou até `limit` s)."""
    async with tenant_client(server.base_url, timeout=60) as client:
        if previous_session:
            await disconnect(client, access, previous_session)
        session_id = await connect_number(client, access, f"55119888800{number:02d}", rate, ack_delay_ms)
        body = orjson.dumps({"recipients": recipients(number, count), "content": CONTENT, "sessionId": session_id})

        stop = asyncio.Event()
        probe_task = asyncio.create_task(probe_loop(server.base_url, access, stop)) if with_probe else None
        try:
            cpu_before = server.cpu_seconds()
            run = await follow_bulk(client, access.auth, body, count, limit)
            cpu_after = server.cpu_seconds()
        finally:
            stop.set()
            probe = await probe_task if probe_task is not None else None

    done, seconds = await run.finish(database_url)
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    scenario = Scenario(number, rate, count, run.accept_seconds, seconds, run.progress, done, run.complete, cpu, probe)
    return scenario, session_id


# ------------------------------------------------------------------------------------------------- relatório


def num(value: float, digits: int = 0) -> str:
    """Número no formato brasileiro: ponto nos milhares, vírgula nos decimais."""
    return format(value, f",.{digits}f").translate(str.maketrans(",.", ".,"))


def verdict(ok: bool) -> str:
    return "atingida" if ok else "NÃO atingida"


def describe(result: Scenario, limit: float) -> str:
    failed = int(result.progress.get("failed", 0))
    if result.complete:
        text = (
            f"as {num(result.recipients)} saíram em {num(result.seconds, 2)} s (aceite em"
            f" {num(result.accept_seconds * 1000)} ms): {num(result.throughput, 1)} mensagens/s"
        )
    else:
        text = (
            f"INCOMPLETO no limite de {num(limit)} s: {num(result.done)} de {num(result.recipients)} enviadas"
            f" (criadas {result.progress.get('created', 0)}, pendentes {result.progress.get('pending', 0)});"
            f" ritmo {num(result.throughput, 1)} mensagens/s"
        )
    return text + (f"; {failed} falharam" if failed else "")


def report(idle: Idle, fast: Scenario, slow: Scenario, limit: float, ack_delay_ms: int) -> None:
    load = fast.probe or Probe()
    print()
    print(f"Cenário 1 — messagesPerSecond {FAST_RATE}, ackDelayMs {ack_delay_ms}: {describe(fast, limit)}")
    print(f"Cenário 2 — messagesPerSecond {SLOW_RATE}, ackDelayMs {ack_delay_ms}: {describe(slow, limit)}")
    idle_errors = f" ({idle.probe.failures} não-200)" if idle.probe.failures else ""
    print(
        f"Sonda /auth/me: {idle.probe.count} chamadas no repouso ({num(idle.probe.seconds, 1)} s){idle_errors},"
        f" {load.count} durante o cenário 1 ({num(load.seconds, 1)} s)"
    )
    if idle.cpu is not None and idle.probe.seconds:
        print(f"CPU do processo wacs no repouso, só com a sonda: {num(idle.cpu / idle.probe.seconds * 1000)} ms/s")
    print()

    rows: list[tuple[str, str, str, str, str]] = []
    fast_ratio = fast.throughput / FAST_TARGET
    rows.append(
        (
            f"1. despacho a {FAST_RATE}/s (mensagens/s)",
            num(fast.throughput),
            f"≥ {num(FAST_TARGET)}",
            f"{num(fast_ratio, 2)}×",
            verdict(fast.complete and fast.throughput >= FAST_TARGET),
        )
    )
    cpu_us = fast.cpu_us_per_message
    rows.append(
        (
            "1. CPU do wacs por mensagem (µs)",
            "—" if cpu_us is None else num(cpu_us),
            f"≤ {num(CPU_TARGET_US)}",
            "—" if cpu_us is None else f"{num(cpu_us / CPU_TARGET_US, 2)}×",
            "—" if cpu_us is None else verdict(cpu_us <= CPU_TARGET_US),
        )
    )
    idle_p50, idle_p99 = idle.probe.p(0.50), idle.probe.p(0.99)
    load_p50, load_p99 = load.p(0.50), load.p(0.99)
    rows.append(("   /auth/me ocioso: p50 (ms)", num(idle_p50, 1), "—", "—", "(referência)"))
    rows.append(("   /auth/me ocioso: p99 (ms)", num(idle_p99, 1), "—", "—", "(referência)"))
    rows.append(
        (
            "1. /auth/me no despacho: p50 (ms)",
            num(load_p50, 1),
            "—",
            f"{num(load_p50 / idle_p50, 1)}×" if idle_p50 else "—",
            "(informativo)",
        )
    )
    rows.append(
        (
            "1. /auth/me no despacho: p99 (ms)",
            num(load_p99, 1),
            f"< {num(P99_TARGET_MS)}",
            f"{num(load_p99 / idle_p99, 1)}×" if idle_p99 else "—",
            verdict(bool(load.latencies) and load_p99 < P99_TARGET_MS),
        )
    )
    detail = ", ".join(f"{kind}: {n}" for kind, n in load.errors.most_common())
    measured = f"{load.failures}" + (f" ({detail})" if detail else "")
    rows.append(("1. /auth/me no despacho: não-200", measured, "0", "—", verdict(load.failures == 0)))
    slow_ratio = slow.throughput / SLOW_RATE
    rows.append(
        (
            f"2. despacho a {SLOW_RATE}/s (mensagens/s)",
            num(slow.throughput, 1),
            f"≥ {num(SLOW_RATE * SLOW_TARGET_RATIO)} ({num(SLOW_TARGET_RATIO, 2)}×)",
            f"{num(slow_ratio, 2)}×",
            verdict(slow.complete and slow_ratio >= SLOW_TARGET_RATIO),
        )
    )

    print_table("Resultado (razões: despacho / meta; CPU / meta; latência sob carga / ociosa)", rows)
    print()
    print(
        "Notas: o ritmo conta do envio do pedido de aceite até a última `sent` (sent_at no banco); o teto teórico\n"
        f"do cenário 2 é pouco acima de {SLOW_RATE}/s (o balde do número começa cheio). A sonda é sequencial: uma\n"
        "chamada lenta adia a seguinte, então o p99 tende a subestimar a cauda. Cliente, wacs, PostgreSQL e Redis\n"
        "dividem os mesmos núcleos; a CPU por mensagem é só a do processo wacs (sem PostgreSQL e Redis)."
    )


# ------------------------------------------------------------------------------------------------- principal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Ritmo de despacho do wacs com latência de provedor e latência da API durante o despacho."
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument(
        "--recipients", type=int, default=RECIPIENTS, help=f"destinatários por cenário (padrão {RECIPIENTS})"
    )
    parser.add_argument(
        "--timeout", type=float, default=SCENARIO_TIMEOUT, help="limite de cada cenário em segundos (padrão 180)"
    )
    parser.add_argument(
        "--ack-delay-ms",
        type=int,
        default=ACK_DELAY_MS,
        help=f"latência simulada do aceite do provedor, em ms (padrão {ACK_DELAY_MS})",
    )
    args = parser.parse_args()
    if not 100 <= args.recipients <= 10_000:
        parser.error("--recipients deve estar entre 100 e 10000")
    if not 5 <= args.timeout <= 900:
        parser.error("--timeout deve estar entre 5 e 900 segundos")
    if not 0 <= args.ack_delay_ms <= 30_000:
        parser.error("--ack-delay-ms deve estar entre 0 e 30000")
    return args


def main() -> int:
    args = parse_args()
    database_url: str = args.database_url
    redis_url: str = args.redis_url
    try:
        require_local(database_url, "--database-url")
        require_local(redis_url, "--redis-url")
        with Workspace(False, databases=[database_url], redis_url=redis_url, redis_prefix=REDIS_PREFIX) as workspace:
            server = workspace.start_wacs(
                database_url,
                redis_url,
                name="wacs",
                RUN_WORKER="true",
                SANDBOX_DELIVERED_AFTER_SECONDS=RECEIPTS_OFF_SECONDS,
                SANDBOX_READ_AFTER_SECONDS=RECEIPTS_OFF_SECONDS,
            )
            print("Despacho com latência de provedor e latência da API durante o despacho")
            print(f"  modo:     PostgreSQL + Redis ({database_url}, {redis_url}, prefixo {REDIS_PREFIX})")
            print(
                f"  cenários: {num(args.recipients)} destinatários cada; sandbox com ackDelayMs {args.ack_delay_ms};"
                f" messagesPerSecond {FAST_RATE} e depois {SLOW_RATE}; limite de {num(args.timeout)} s por cenário"
            )
            print("  wacs:     um processo como `make run` (API + worker embutido); recibos adiados")
            print(f"  máquina:  {machine_line()}")
            print()
            wait_ready(server, "/health")
            access = run(prepare_sandbox_tenant(server.base_url, messages_per_second=FAST_RATE))

            print(f"  repouso:    sonda /auth/me por {num(IDLE_PROBE_SECONDS)} s com o worker ocioso", flush=True)
            idle = run(idle_baseline(server, access))
            print(
                f"              p50 {num(idle.probe.p(0.5), 1)} ms, p99 {num(idle.probe.p(0.99), 1)} ms"
                f" ({idle.probe.count} chamadas)",
                flush=True,
            )

            print(f"  cenário 1:  messagesPerSecond {FAST_RATE}, com a sonda", flush=True)
            fast, fast_session = run(
                run_scenario(
                    server,
                    access,
                    database_url,
                    number=1,
                    rate=FAST_RATE,
                    count=args.recipients,
                    ack_delay_ms=args.ack_delay_ms,
                    limit=args.timeout,
                    with_probe=True,
                    previous_session=access.session_id,
                )
            )
            print(f"              {describe(fast, args.timeout)}", flush=True)

            print(f"  cenário 2:  messagesPerSecond {SLOW_RATE}", flush=True)
            slow, _ = run(
                run_scenario(
                    server,
                    access,
                    database_url,
                    number=2,
                    rate=SLOW_RATE,
                    count=args.recipients,
                    ack_delay_ms=args.ack_delay_ms,
                    limit=args.timeout,
                    with_probe=False,
                    previous_session=fast_session,
                )
            )
            print(f"              {describe(slow, args.timeout)}", flush=True)

            if server.process.poll() is not None:
                raise BenchError(f"o processo wacs terminou durante a medição:\n{server.log_tail()}")
            report(idle, fast, slow, args.timeout, args.ack_delay_ms)
            return 0
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
