"""Benchmark: aceite de um envio em massa de 10.000 destinatários e ritmo de despacho pelo sandbox.

Mede, na MESMA execução e na mesma máquina:

1. **Aceite** — tempo de resposta HTTP de `POST /api/v1/messages/send-bulk` com 10.000 destinatários (listas novas a
   cada repetição; meta < 3 s), contra a referência: inserir 10.000 linhas de largura parecida com a da tabela
   `messages` com UM `executemany` direto no banco (asyncpg no PostgreSQL; `sqlite3` no modo `--embedded`), numa
   transação. As repetições se alternam (referência, wacs, referência, wacs…); razão = aceite do wacs / inserção
   crua (mediana das razões por repetição).
2. **Despacho** — numa segunda instância do wacs, como `make run` a sobe (worker embutido), com o número sandbox a
   `messagesPerSecond` 1000: aceita mais uma lista de 10.000 e mede o tempo do aceite até todas as mensagens
   estarem `sent` (ou além) segundo `GET /api/v1/messages/bulk/{bulkId}`. O tempo é limitado
   (`--dispatch-timeout`); se a lista não terminar, o ritmo é o das mensagens enviadas até ali, e a saída diz isso.

As medições de aceite usam uma instância com `RUN_WORKER=false` (como uma API escalada, com workers à parte): assim
o despacho de uma lista não disputa a CPU com o aceite da seguinte nem com a referência.

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_bulk` (e `…_bulk_despacho`, `…_bulk_base`,
recriados e apagados pelo benchmark) e Redis `redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-bulk:`.
`--embedded` usa SQLite em diretórios temporários e o cache em processo. Os recibos simulados (entregue/lido) ficam
para depois do benchmark, salvo `--receipts`.

Uso: `.venv/bin/python bench/bulk_accept.py [--embedded] [--repeat 3] [--dispatch-timeout 150]`.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from _common import (
    DEFAULT_REDIS_URL,
    BenchError,
    Server,
    WacsAccess,
    Workspace,
    asyncpg_url,
    machine_line,
    prepare_sandbox_tenant,
    require_local,
    run,
    sibling_database,
    tenant_client,
    wait_ready,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_bulk"
REDIS_PREFIX = "wacs-bench-bulk:"
RECIPIENTS = 10_000
ACCEPT_TARGET_SECONDS = 3.0
RECEIPTS_OFF_SECONDS = "3600"
CONTENT = "Olá {{nome}}, sua fatura de dezembro já está disponível no aplicativo."
POLL_SECONDS = 0.5

# Largura parecida com a de `messages` (mesmas colunas e tipos; sem os índices secundários).
PG_TABLE = """
CREATE TABLE bench_rows (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL,
    session_id uuid,
    from_number varchar(20),
    to_number varchar(20),
    message_type varchar(50),
    content jsonb,
    status varchar(50),
    direction varchar(10) NOT NULL,
    requested_provider varchar(20),
    bulk_id uuid,
    created_by varchar(255),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    attempts integer NOT NULL,
    ai_processed boolean NOT NULL,
    enable_ai boolean NOT NULL
)
"""
SQLITE_TABLE = PG_TABLE.replace("uuid", "CHAR(32)").replace("jsonb", "JSON").replace("timestamptz", "DATETIME")
COLUMNS = (
    "id, tenant_id, session_id, from_number, to_number, message_type, content, status, direction, "
    "requested_provider, bulk_id, created_by, created_at, updated_at, attempts, ai_processed, enable_ai"
)
PG_INSERT = f"INSERT INTO bench_rows ({COLUMNS}) VALUES ({', '.join(f'${i}' for i in range(1, 18))})"
SQLITE_INSERT = f"INSERT INTO bench_rows ({COLUMNS}) VALUES ({', '.join('?' for _ in range(17))})"


def recipients(repetition: int) -> list[dict[str, Any]]:
    """Lista nova por repetição: celulares do Rio (DDD 21), um número diferente por destinatário."""
    return [
        {"to": f"55219{repetition:01d}{i:07d}", "variables": {"nome": f"Cliente {repetition}-{i}"}}
        for i in range(RECIPIENTS)
    ]


def rows_like_messages(repetition: int) -> list[tuple[Any, ...]]:
    tenant, session, bulk = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    now = datetime.now(UTC)
    return [
        (
            uuid.uuid4(),
            tenant,
            session,
            "5511988880000",
            item["to"],
            "text",
            orjson.dumps({"text": CONTENT.replace("{{nome}}", item["variables"]["nome"])}).decode(),
            "pending",
            "outbound",
            "auto",
            bulk,
            "user:admin@demo.local",
            now,
            now,
            0,
            False,
            False,
        )
        for item in recipients(repetition)
    ]


# ----------------------------------------------------------------------------------------------- referência


class PostgresBaseline:
    label = "executemany asyncpg (PostgreSQL)"

    def __init__(self, url: str) -> None:
        self.url = asyncpg_url(url)

    async def prepare(self) -> None:
        import asyncpg

        conn = await asyncpg.connect(self.url, timeout=10)
        try:
            await conn.execute(PG_TABLE)
        finally:
            await conn.close()

    async def insert(self, rows: list[tuple[Any, ...]]) -> float:
        import asyncpg

        conn = await asyncpg.connect(self.url, timeout=10)
        try:
            started = time.perf_counter()
            async with conn.transaction():
                await conn.executemany(PG_INSERT, rows)
            return time.perf_counter() - started
        finally:
            await conn.close()


class SqliteBaseline:
    label = "executemany sqlite3 (SQLite, WAL)"

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None)
        # Os mesmos PRAGMAs do wacs no SQLite.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    async def prepare(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = self._connect()
        try:
            conn.execute(SQLITE_TABLE)
        finally:
            conn.close()

    async def insert(self, rows: list[tuple[Any, ...]]) -> float:
        converted = [
            tuple(v.hex if isinstance(v, uuid.UUID) else v.isoformat() if isinstance(v, datetime) else v for v in row)
            for row in rows
        ]
        conn = self._connect()
        try:
            started = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany(SQLITE_INSERT, converted)
            conn.execute("COMMIT")
            return time.perf_counter() - started
        finally:
            conn.close()


# ------------------------------------------------------------------------------------------------------ wacs


@dataclass
class Accept:
    seconds: float
    bulk_id: str
    cpu: float | None
    body_bytes: int


async def post_bulk(server: Server, access: WacsAccess, repetition: int) -> Accept:
    body = orjson.dumps({"recipients": recipients(repetition), "content": CONTENT})
    async with tenant_client(server.base_url, timeout=60) as client:
        cpu_before = server.cpu_seconds()
        started = time.perf_counter()
        response = await client.post(
            "/api/v1/messages/send-bulk",
            content=body,
            headers=access.auth | {"Content-Type": "application/json"},
        )
        seconds = time.perf_counter() - started
        cpu_after = server.cpu_seconds()
    if response.status_code != 202:
        raise BenchError(
            f"POST /api/v1/messages/send-bulk devolveu {response.status_code} (esperado 202): {response.text[:500]}"
        )
    data = response.json()
    if data.get("total") != RECIPIENTS or data.get("duplicatesRemoved") != 0:
        raise BenchError(f"aceite inesperado do envio em massa: {data}")
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return Accept(seconds, str(data["bulkId"]), cpu, len(body))


@dataclass
class Dispatch:
    accept: Accept
    seconds: float
    progress: dict[str, Any]
    complete: bool
    cpu: float | None
    timeline: list[tuple[float, int]] = field(default_factory=list)

    @property
    def done(self) -> int:
        return int(self.progress.get("sent", 0) + self.progress.get("delivered", 0) + self.progress.get("read", 0))

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0


async def dispatch(server: Server, access: WacsAccess, repetition: int, limit: float) -> Dispatch:
    """Aceita uma lista e acompanha o progresso até todas saírem (sent ou além) ou até `limit` segundos."""
    accepted = await post_bulk(server, access, repetition)
    started = time.perf_counter() - accepted.seconds  # o relógio começa no envio do pedido de aceite
    cpu_before = server.cpu_seconds()
    deadline = time.perf_counter() + limit
    progress: dict[str, Any] = {}
    timeline: list[tuple[float, int]] = []
    complete = False
    async with tenant_client(server.base_url) as client:
        next_report = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            response = await client.get(f"/api/v1/messages/bulk/{accepted.bulk_id}", headers=access.auth)
            if response.status_code != 200:
                raise BenchError(f"GET /api/v1/messages/bulk devolveu {response.status_code}: {response.text[:300]}")
            progress = response.json()
            done = progress["sent"] + progress["delivered"] + progress["read"]
            elapsed = time.perf_counter() - started
            timeline.append((elapsed, done))
            if progress["created"] == progress["total"] and progress["pending"] == 0:
                complete = True
                break
            if time.perf_counter() >= next_report:
                print(
                    f"           {elapsed:5.0f} s: criadas {progress['created']}, enviadas {done},"
                    f" pendentes {progress['pending']}, falhas {progress['failed']}",
                    flush=True,
                )
                next_report += 10
            await asyncio.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - started
    cpu_after = server.cpu_seconds()
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return Dispatch(accepted, seconds, progress, complete, cpu, timeline)


# ----------------------------------------------------------------------------------------------------- relatório


def thousands(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def ms(seconds: float) -> str:
    return f"{thousands(seconds * 1000)} ms"


def report(accepts: list[Accept], baselines: list[float], baseline_label: str, result: Dispatch, limit: float) -> int:
    times = [a.seconds for a in accepts]
    ratios = [a.seconds / b for a, b in zip(accepts, baselines, strict=True) if b]
    ratio = statistics.median(ratios)
    cpu = [a.cpu for a in accepts if a.cpu is not None]
    print()
    print(f"Aceite de {thousands(RECIPIENTS)} destinatários ({len(accepts)} repetições, listas novas)")
    print(f"  {'medida':<44} {'mediana':>10} {'máximo':>10}")
    print(f"  {'-' * 66}")
    print(
        f"  {'POST /api/v1/messages/send-bulk (resposta)':<44} {ms(statistics.median(times)):>10} {ms(max(times)):>10}"
    )
    print(f"  {'referência: ' + baseline_label:<44} {ms(statistics.median(baselines)):>10} {ms(max(baselines)):>10}")
    if cpu:
        print(f"  {'CPU servidor/aceite (processo wacs)':<44} {ms(statistics.median(cpu)):>10} {ms(max(cpu)):>10}")
    print(
        f"  corpo do pedido: {accepts[0].body_bytes / 1024:.0f} KiB; aceite {result.accept.seconds * 1000:.0f} ms"
        " também na instância com worker (despacho)"
    )
    print(
        f"  razão aceite/inserção crua (mediana): {ratio:.2f}×; meta de aceite < {ACCEPT_TARGET_SECONDS:g} s:"
        f" {'atingida' if max(times) < ACCEPT_TARGET_SECONDS else 'NÃO atingida'} (máximo {max(times):.2f} s)"
    )
    print()
    progress = result.progress
    print(f"Despacho pelo sandbox (messagesPerSecond 1000, worker embutido), lista de {thousands(RECIPIENTS)}")
    failed = int(progress.get("failed", 0))
    if result.complete:
        print(
            f"  todas as {RECIPIENTS} saíram em {result.seconds:.1f} s (do pedido de aceite à última `sent`):"
            + f" {result.rate:.0f} mensagens/s"
            + (f"; {failed} falharam" if failed else "")
        )
    else:
        projection = RECIPIENTS / result.rate if result.rate else float("inf")
        print(
            f"  INCOMPLETO no limite de {limit:g} s: {result.done} de {RECIPIENTS} enviadas"
            f" (criadas {progress.get('created', 0)}, pendentes {progress.get('pending', 0)}, falhas {failed});"
            f" ritmo {result.rate:.0f} mensagens/s; projeção para as {RECIPIENTS}: {projection:.0f} s"
        )
    if len(result.timeline) > 2:
        half = result.timeline[len(result.timeline) // 2]
        last = result.timeline[-1]
        if last[0] > half[0]:
            print(f"  ritmo na segunda metade da medição: {(last[1] - half[1]) / (last[0] - half[0]):.0f} mensagens/s")
    if result.cpu is not None and result.done:
        print(f"  CPU do processo wacs por mensagem despachada: {result.cpu / result.done * 1e6:.0f} µs")
    print(f"  teto configurado do número sandbox: 1000 mensagens/s ({RECIPIENTS / 1000:.0f} s para a lista)")
    print()
    print(
        "Notas: o aceite grava a lista num pedido só e as mensagens são criadas depois, em lotes de 500, pelo\n"
        "worker; a inserção crua cria as 10.000 linhas de uma vez. Cliente, servidores e banco dividem os mesmos\n"
        "núcleos; a CPU medida é só a do processo wacs (sem PostgreSQL e Redis; no modo embutido o SQLite roda\n"
        "dentro do processo e entra na conta)."
    )
    return 1 if failed else 0


# --------------------------------------------------------------------------------------------------- principal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Aceite de envio em massa e ritmo de despacho do wacs.")
    parser.add_argument("--embedded", action="store_true", help="SQLite em diretório temporário + cache em processo")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument("--repeat", type=int, default=3, help="repetições do aceite (padrão 3)")
    parser.add_argument(
        "--dispatch-timeout", type=float, default=150.0, help="limite da medição do despacho em segundos (padrão 150)"
    )
    parser.add_argument("--receipts", action="store_true", help="recibos simulados com os atrasos do produto")
    args = parser.parse_args()
    if not 1 <= args.repeat <= 9:
        parser.error("--repeat deve estar entre 1 e 9")
    if not 5 <= args.dispatch_timeout <= 900:
        parser.error("--dispatch-timeout deve estar entre 5 e 900 segundos")
    return args


def main() -> int:
    args = parse_args()
    embedded = args.embedded
    database_url = "" if embedded else args.database_url
    redis_url = "" if embedded else args.redis_url
    mode = "SQLite + cache em processo" if embedded else "PostgreSQL + Redis"
    try:
        if not embedded:
            require_local(database_url, "--database-url")
            require_local(redis_url, "--redis-url")
        dispatch_url = "" if embedded else sibling_database(database_url, "_despacho")
        baseline_url = "" if embedded else sibling_database(database_url, "_base")
        databases = [] if embedded else [database_url, dispatch_url, baseline_url]
        with Workspace(embedded, databases=databases, redis_url=redis_url, redis_prefix=REDIS_PREFIX) as workspace:
            receipts = (
                {}
                if args.receipts
                else {
                    "SANDBOX_DELIVERED_AFTER_SECONDS": RECEIPTS_OFF_SECONDS,
                    "SANDBOX_READ_AFTER_SECONDS": RECEIPTS_OFF_SECONDS,
                }
            )
            api = workspace.start_wacs(database_url, redis_url, name="wacs-api", RUN_WORKER="false", **receipts)
            baseline: PostgresBaseline | SqliteBaseline = (
                SqliteBaseline(workspace.work_dir / "base" / "bench.db") if embedded else PostgresBaseline(baseline_url)
            )
            print("Envio em massa: aceite de 10.000 destinatários e despacho pelo sandbox")
            print(f"  modo:    {mode}" + ("" if embedded else f" ({database_url}, {redis_url})"))
            print(f"  aceite:  {args.repeat} repetições alternadas com a referência ({baseline.label})")
            print(f"  máquina: {machine_line()}")
            print()
            wait_ready(api, "/health")
            access = run(prepare_sandbox_tenant(api.base_url, messages_per_second=1000))
            run(baseline.prepare())
            accepts: list[Accept] = []
            baselines: list[float] = []
            for repetition in range(1, args.repeat + 1):
                rows = rows_like_messages(repetition)
                baselines.append(run(baseline.insert(rows)))
                accepts.append(run(post_bulk(api, access, repetition)))
                print(
                    f"  repetição {repetition}/{args.repeat}  referência {baselines[-1] * 1000:7.0f} ms"
                    f"   aceite do wacs {accepts[-1].seconds * 1000:7.0f} ms",
                    flush=True,
                )
            api.stop()

            print()
            print(f"  despacho: nova instância com worker embutido; limite de {args.dispatch_timeout:g} s")
            worker = workspace.start_wacs(
                dispatch_url,
                redis_url,
                name="wacs-despacho",
                RUN_WORKER="true",
                # Outro banco, outro prefixo: o cache do tenant da primeira instância não vale aqui.
                REDIS_PREFIX=f"{REDIS_PREFIX}despacho:",
                **receipts,
            )
            wait_ready(worker, "/health")
            worker_access = run(prepare_sandbox_tenant(worker.base_url, messages_per_second=1000))
            result = run(dispatch(worker, worker_access, args.repeat + 1, args.dispatch_timeout))
            print(
                "  recibos simulados (entregue/lido): "
                + ("ligados (1 s e 3 s)" if args.receipts else "adiados para depois do benchmark")
            )
            return report(accepts, baselines, baseline.label, result, args.dispatch_timeout)
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
