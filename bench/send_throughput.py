"""Benchmark: envios aceitos por segundo (`POST /api/v1/messages/text`) contra um FastAPI que só faz um INSERT.

Compara, na MESMA execução e na mesma máquina, com 64 conexões simultâneas (padrão):

* `POST /insert` de `bench/bare_insert_app.py`: Pydantic num JSON pequeno + UM `INSERT` no mesmo PostgreSQL
  (SQLAlchemy assíncrono + asyncpg, mesma política de conexão do wacs: pool 40 sem overflow, sem pre-ping, sem TLS
  local);
* `POST /api/v1/messages/text` do wacs com JWT, para um número sandbox conectado (`messagesPerSecond` 1000). Conta
  como aceita a resposta 200 (`status: sent`) ou 202 (`status: pending`).

O wacs roda com o worker dentro do processo da API (como `make run`): enquanto é medido, ele também despacha as
mensagens aceitas. Ao fim de cada medição o benchmark conta no banco quantas das mensagens daquela rodada já
estavam `sent` (ou além) e, antes da rodada seguinte, espera a fila esvaziar (drenagem), para que o despacho
atrasado não roube CPU da medição da referência; a CPU da drenagem entra no custo por mensagem.

Os servidores são processos uvicorn de verdade (1 worker) em portas livres de 127.0.0.1. O gerador de carga são
vários processos (`bench/_loadgen.py`, padrão 2 × 32 conexões) com um cliente HTTP/1.1 keep-alive mínimo em
asyncio + uvloop; as rodadas se alternam (referência, wacs, referência, wacs…) e a razão wacs/referência é a
mediana das razões por rodada.

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_send` (e `…_send_base` para a referência; os
dois recriados e apagados pelo benchmark) e Redis `redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-send:`
(chaves apagadas antes e depois). Só PostgreSQL + Redis: a referência é um INSERT no PostgreSQL.

Os recibos simulados do sandbox (entregue/lido) ficam adiados para depois do fim do benchmark por padrão: o custo
de agendá-los entra, o de processá-los não; `--receipts` os liga com os atrasos padrão do produto (1 s e 3 s).

Cada requisição vai para um destinatário diferente (55119 + 8 dígitos sequenciais), como numa base de clientes;
`--same-recipient` manda tudo para um número só (as mensagens de uma conversa disputam a mesma linha no despacho).
Diagnóstico: `--ack-max-waiters`/`--ack-wait-seconds` mudam a espera do aceite do provedor (SEND_ACK_*), e
`--api-only` sobe o wacs sem worker (RUN_WORKER=false) para medir só o caminho da API.

Uso: `.venv/bin/python bench/send_throughput.py [--concurrency 64] [--clients 2] [--duration 8] [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from _common import (
    BENCH_DIR,
    CLIENT_ID,
    DEFAULT_REDIS_URL,
    LOOPBACK,
    BenchError,
    Server,
    WacsAccess,
    Workspace,
    asyncpg_url,
    fmt,
    machine_line,
    percentile,
    prepare_sandbox_tenant,
    python_bin,
    require_local,
    run,
    sibling_database,
    wait_ready,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_send"
REDIS_PREFIX = "wacs-bench-send:"
RECIPIENT = "5511999990000"
RECIPIENT_TEMPLATE = "55119{seq}"  # celular de São Paulo com 8 dígitos sequenciais: um destinatário por requisição
SEQ_BLOCK = 200_000  # faixa de números de cada processo gerador em cada medição
RECEIPTS_OFF_SECONDS = "3600"  # recibos simulados depois do fim do benchmark
FINAL_STATUSES = ("sent", "delivered", "read")


# ------------------------------------------------------------------------------------------- gerador de carga


@dataclass
class Target:
    key: str
    label: str
    server: Server
    path: str
    headers: dict[str, str]
    accept: tuple[int, ...]
    body_text: str = "Olá! Mensagem do benchmark de envio."
    same_recipient: bool = False

    def job(self, tag: str, connections: int, duration: float, seq_start: int) -> dict[str, Any]:
        to = RECIPIENT if self.same_recipient else RECIPIENT_TEMPLATE
        body = json.dumps({"to": to, "content": f"{self.body_text} [{tag}]"}, ensure_ascii=False)
        return {
            "host": LOOPBACK,
            "port": self.server.port,
            "method": "POST",
            "path": self.path,
            "headers": {"Content-Type": "application/json", **self.headers},
            "body": body,
            "seq_start": seq_start,
            "connections": connections,
            "duration": duration,
            "timeout": 10,
            "accept": list(self.accept),
        }


@dataclass
class Measurement:
    target: str
    tag: str
    accepted: int
    elapsed: float
    latencies: list[float]
    statuses: Counter[int]
    transport_errors: int
    cpu: float | None
    client_cpu: float
    dispatch: dict[str, int] = field(default_factory=dict)  # situação das mensagens da rodada ao fim da medição
    drained: dict[str, int] = field(default_factory=dict)  # … e depois da drenagem
    drain_seconds: float | None = None
    drain_cpu: float | None = None

    @property
    def rps(self) -> float:
        return self.accepted / self.elapsed if self.elapsed else 0.0

    @property
    def total(self) -> int:
        return sum(self.statuses.values()) + self.transport_errors

    @property
    def failures(self) -> int:
        return self.total - self.accepted

    @property
    def cpu_us_per_request(self) -> float | None:
        return None if self.cpu is None or not self.total else self.cpu / self.total * 1e6

    @property
    def client_cpu_us_per_request(self) -> float | None:
        return self.client_cpu / self.total * 1e6 if self.total else None


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


async def read_json_line(process: asyncio.subprocess.Process, wait_seconds: float) -> dict[str, Any]:
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), wait_seconds)
    if not line:
        assert process.stderr is not None
        error = (await asyncio.wait_for(process.stderr.read(), 5)).decode(errors="replace")
        raise BenchError(f"processo do gerador de carga terminou sem resultado:\n{error[-2000:]}")
    data: dict[str, Any] = json.loads(line)
    return data


_seq_blocks = itertools.count()


async def run_load(target: Target, tag: str, concurrency: int, clients: int, duration: float) -> Measurement:
    """Dispara `clients` processos geradores com `concurrency` conexões no total, sincronizados no mesmo início."""
    jobs = [target.job(tag, n, duration, next(_seq_blocks) * SEQ_BLOCK) for n in split(concurrency, clients)]
    return await run_generators([str(BENCH_DIR / "_loadgen.py")], jobs, target.server, target.key, tag, duration)


async def run_generators(
    command: list[str], jobs: list[dict[str, Any]], server: Server, key: str, tag: str, duration: float
) -> Measurement:
    """Um processo gerador (`python <command>`) por job, todos começando no mesmo instante; junta os resultados e a
    CPU do servidor no intervalo. O gerador lê o job e depois `{"start_at": …}` da entrada e responde em JSON."""
    processes: list[asyncio.subprocess.Process] = []
    try:
        for job in jobs:
            process = await asyncio.create_subprocess_exec(
                python_bin(),
                *command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                limit=64 * 1024 * 1024,  # o resultado (todas as latências) vem numa linha só
            )
            assert process.stdin is not None
            process.stdin.write((json.dumps(job) + "\n").encode())
            await process.stdin.drain()
            processes.append(process)
        for process in processes:
            if not (await read_json_line(process, 30)).get("ready"):
                raise BenchError("o gerador de carga não abriu as conexões")
        start_at = time.time() + 0.3
        for process in processes:
            assert process.stdin is not None
            process.stdin.write((json.dumps({"start_at": start_at}) + "\n").encode())
            await process.stdin.drain()
        await asyncio.sleep(max(0.0, start_at - time.time()))
        cpu_before = server.cpu_seconds()
        results = [await read_json_line(p, duration + 30) for p in processes]
        cpu_after = server.cpu_seconds()
    finally:
        for process in processes:
            if process.returncode is None:
                try:
                    await asyncio.wait_for(process.wait(), 10)
                except TimeoutError:
                    process.kill()
                    await process.wait()
    statuses: Counter[int] = Counter()
    for result in results:
        statuses.update({int(code): n for code, n in result["statuses"].items()})
    return Measurement(
        target=key,
        tag=tag,
        accepted=sum(r["accepted"] for r in results),
        elapsed=max(r["ended_at"] for r in results) - start_at,
        latencies=[x for r in results for x in r["latencies_ms"]],
        statuses=statuses,
        transport_errors=sum(r["errors"] for r in results),
        cpu=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
        client_cpu=sum(r["client_cpu_seconds"] for r in results),
    )


# ------------------------------------------------------------------------------------------ despacho no banco


class DispatchProbe:
    """Consulta direta ao banco do wacs: situação das mensagens de uma rodada e jobs ainda por executar."""

    def __init__(self, database_url: str) -> None:
        self.url = asyncpg_url(database_url)
        self.conn: Any = None

    async def __aenter__(self) -> DispatchProbe:
        import asyncpg

        self.conn = await asyncpg.connect(self.url, timeout=10)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.conn.close()

    async def statuses(self, text: str) -> dict[str, int]:
        rows = await self.conn.fetch(
            "SELECT status, count(*) FROM messages WHERE direction = 'outbound' AND content->>'text' = $1"
            " GROUP BY status",
            text,
        )
        return {row[0] or "?": int(row[1]) for row in rows}

    async def due_jobs(self) -> int:
        # Jobs que venceriam durante o benchmark; recibos adiados (RECEIPTS_OFF_SECONDS) ficam de fora.
        value = await self.conn.fetchval(
            "SELECT count(*) FROM jobs WHERE status IN ('queued', 'running')"
            " AND run_at <= now() + interval '10 minutes'"
        )
        return int(value)

    async def drain(self, text: str, server: Server, limit: float) -> tuple[dict[str, int], float, float | None]:
        """Espera a fila esvaziar (no máximo `limit` segundos); devolve (situação final, segundos, CPU do servidor)."""
        started = time.perf_counter()
        cpu_before = server.cpu_seconds()
        deadline = started + limit
        while time.perf_counter() < deadline:
            if await self.due_jobs() == 0:
                break
            await asyncio.sleep(0.25)
        elapsed = time.perf_counter() - started
        cpu_after = server.cpu_seconds()
        cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
        return await self.statuses(text), elapsed, cpu


def sent_count(statuses: dict[str, int]) -> int:
    return sum(statuses.get(s, 0) for s in FINAL_STATUSES)


# ----------------------------------------------------------------------------------------------------- medição


@dataclass
class Plan:
    baseline: Target
    wacs: Target
    concurrency: int
    clients: int
    duration: float
    warmup: float
    rounds: int
    drain_timeout: float
    worker: bool = True
    results: dict[str, list[Measurement]] = field(default_factory=dict)


def round_line(number: int, plan: Plan, target: Target, result: Measurement) -> str:
    line = (
        f"  rodada {number}/{plan.rounds}  {target.label:<30} {result.rps:>7.0f} req/s"
        f"  p50 {percentile(result.latencies, 0.5):6.1f} ms  p99 {percentile(result.latencies, 0.99):7.1f} ms"
    )
    if target.key == "wacs":
        line += f"  (200: {result.statuses.get(200, 0)}, 202: {result.statuses.get(202, 0)})"
    if result.failures:
        line += f"  FALHAS {result.failures} {dict(result.statuses)} erros de transporte {result.transport_errors}"
    return line


async def measure(plan: Plan, database_url: str) -> None:
    async with DispatchProbe(database_url) as probe:
        if plan.warmup > 0:
            for target in (plan.baseline, plan.wacs):
                await run_load(target, "aquecimento", plan.concurrency, plan.clients, plan.warmup)
            if plan.worker:
                await probe.drain(f"{plan.wacs.body_text} [aquecimento]", plan.wacs.server, plan.drain_timeout)
        for number in range(1, plan.rounds + 1):
            for target in (plan.baseline, plan.wacs):
                tag = f"rodada {number}"
                result = await run_load(target, tag, plan.concurrency, plan.clients, plan.duration)
                plan.results.setdefault(target.key, []).append(result)
                print(round_line(number, plan, target, result), flush=True)
                if target.key != "wacs":
                    continue
                text = f"{target.body_text} [{tag}]"
                result.dispatch = await probe.statuses(text)
                stored = sum(result.dispatch.values())
                if not plan.worker:
                    print(f"           aceitas {result.accepted}, gravadas {stored} (worker desligado)", flush=True)
                    continue
                result.drained, result.drain_seconds, result.drain_cpu = await probe.drain(
                    text, target.server, plan.drain_timeout
                )
                print(
                    f"           aceitas {result.accepted}, gravadas {stored}; enviadas ao fim da medição"
                    f" {sent_count(result.dispatch)} ({pct(sent_count(result.dispatch), stored)});"
                    f" fila vazia após {result.drain_seconds:.1f} s:"
                    f" enviadas {sent_count(result.drained)} ({pct(sent_count(result.drained), stored)})"
                    + (f", falhas {result.drained['failed']}" if result.drained.get("failed") else ""),
                    flush=True,
                )


def pct(part: int, whole: int) -> str:
    return f"{part / whole * 100:.0f}%" if whole else "—"


# ----------------------------------------------------------------------------------------------------- relatório


NOTES = (
    "Notas: os números absolutos são limitados pelo cliente e pela máquina: gerador de carga, servidores,\n"
    "PostgreSQL e Redis dividem os mesmos núcleos (o gerador usa processos separados e um cliente HTTP mínimo;\n"
    "a coluna 'CPU cliente/req' mostra quanto ele custa). A razão compara os dois servidores nas mesmas\n"
    "condições. 'CPU servidor/req' mede só o processo uvicorn (não inclui PostgreSQL nem Redis); no wacs inclui\n"
    "o worker embutido, que despacha mensagens durante a medição."
)


def report(plan: Plan, receipts: bool) -> int:
    base_runs = plan.results["baseline"]
    wacs_runs = plan.results["wacs"]
    print()
    print("Resumo (req/s: mediana das rodadas; latência: todas as requisições das rodadas)")
    header = (
        f"  {'alvo':<30} {'aceitas/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU servidor/req':>17}"
        f" {'CPU cliente/req':>16} {'razão':>6}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    ratios = [w.rps / b.rps for w, b in zip(wacs_runs, base_runs, strict=True) if b.rps]
    ratio = statistics.median(ratios) if ratios else float("nan")
    failures = 0
    for target, runs in ((plan.baseline, base_runs), (plan.wacs, wacs_runs)):
        failures += sum(r.failures for r in runs)
        latencies = [x for r in runs for x in r.latencies]
        cpu = [r.cpu_us_per_request for r in runs if r.cpu_us_per_request is not None]
        client = [r.client_cpu_us_per_request for r in runs if r.client_cpu_us_per_request is not None]
        print(
            f"  {target.label:<30} {statistics.median(r.rps for r in runs):>9.0f}"
            f" {percentile(latencies, 0.5):>8.1f} {percentile(latencies, 0.99):>8.1f}"
            f" {fmt(statistics.median(cpu) if cpu else None, '>14.0f')} µs"
            f" {fmt(statistics.median(client) if client else None, '>13.0f')} µs"
            f" {(ratio if target is plan.wacs else 1.0):>6.2f}"
        )
    wacs_p99 = percentile([x for r in wacs_runs for x in r.latencies], 0.99)
    statuses: Counter[int] = Counter()
    for r in wacs_runs:
        statuses.update(r.statuses)
    accepted = sum(r.accepted for r in wacs_runs)
    stored = sum(sum(r.dispatch.values()) for r in wacs_runs)
    sent_end = sum(sent_count(r.dispatch) for r in wacs_runs)
    sent_drained = sum(sent_count(r.drained) for r in wacs_runs)
    failed = sum(r.drained.get("failed", 0) for r in wacs_runs)
    drains = [r.drain_seconds for r in wacs_runs if r.drain_seconds is not None]
    full_cpu = [
        (r.cpu + r.drain_cpu) / r.accepted * 1e6
        for r in wacs_runs
        if r.cpu is not None and r.drain_cpu is not None and r.accepted
    ]
    print()
    print(
        f"Razão wacs/referência (mediana das {plan.rounds} rodadas): {ratio:.2f}×"
        f"  (meta ≥ 0,50×: {verdict(ratio >= 0.5)})"
    )
    print(f"p99 do wacs: {wacs_p99:.1f} ms  (meta < 100 ms: {verdict(wacs_p99 < 100)})")
    base_p99 = percentile([x for r in base_runs for x in r.latencies], 0.99)
    wacs_rps = statistics.median(r.rps for r in wacs_runs)
    print(
        f"  p99 da referência na mesma carga: {base_p99:.1f} ms (wacs/referência: {wacs_p99 / base_p99:.2f}×)."
        f" Em laço fechado a latência média é conexões ÷ vazão: {plan.concurrency} conexões a {wacs_rps:.0f}/s"
        f" = {plan.concurrency / wacs_rps * 1000:.0f} ms"
    )
    if base_p99 >= 100:
        print(
            "  a própria referência passa de 100 ms de p99 nesta máquina e concorrência: o servidor está saturado e a"
            " latência é fila; compare com --concurrency 16"
        )
    print(
        f"Respostas do wacs: {statuses.get(200, 0)} × 200 (sent, esperou o aceite do provedor) e"
        f" {statuses.get(202, 0)} × 202 (pending, segue pela fila)"
    )
    if not plan.worker:
        print(
            f"Despacho: worker DESLIGADO (--api-only, RUN_WORKER=false): mede só o caminho da API;"
            f" {accepted} aceitas, {stored} gravadas na fila"
        )
    else:
        print_dispatch(plan, accepted, stored, sent_end, sent_drained, failed, drains, full_cpu)
    print(
        "  recibos simulados (entregue/lido): "
        + ("ligados, atrasos padrão do produto (1 s e 3 s)" if receipts else "adiados para depois do benchmark")
    )
    print()
    print(NOTES)
    consistent = all(sum(r.dispatch.values()) >= r.accepted for r in wacs_runs)
    if not consistent:
        print("\nATENÇÃO: há envios aceitos pela API que não estão no banco.")
    if failures:
        print(f"\nATENÇÃO: {failures} requisição(ões) falharam ou não foram aceitas; o resultado não é confiável.")
    return 1 if failures or not consistent else 0


def print_dispatch(
    plan: Plan,
    accepted: int,
    stored: int,
    sent_end: int,
    sent_drained: int,
    failed: int,
    drains: list[float],
    full_cpu: list[float],
) -> None:
    print(
        f"Despacho pelo worker embutido: {accepted} aceitas, {stored} gravadas; {sent_end} ({pct(sent_end, stored)})"
        f" já estavam sent/delivered/read ao fim de cada medição; {sent_drained} ({pct(sent_drained, stored)})"
        f" depois da drenagem" + (f", {failed} falharam" if failed else "")
    )
    if drains:
        print(
            f"  drenagem da fila após cada medição: mediana {statistics.median(drains):.1f} s,"
            f" máximo {max(drains):.1f} s (limite {plan.drain_timeout:g} s)"
        )
    if full_cpu:
        print(
            f"  CPU do processo wacs por mensagem, aceite + despacho (medição + drenagem):"
            f" {statistics.median(full_cpu):.0f} µs"
        )


def verdict(ok: bool) -> str:
    return "atingida" if ok else "NÃO atingida"


# --------------------------------------------------------------------------------------------------- principal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Envios aceitos por segundo do wacs contra um FastAPI com um INSERT.")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument("--concurrency", type=int, default=64, help="conexões simultâneas no total (padrão 64)")
    parser.add_argument("--clients", type=int, default=2, help="processos geradores de carga (padrão 2)")
    parser.add_argument("--duration", type=float, default=8.0, help="segundos por medição (padrão 8)")
    parser.add_argument("--warmup", type=float, default=2.0, help="aquecimento por alvo, em segundos (padrão 2)")
    parser.add_argument("--rounds", type=int, default=3, help="rodadas alternadas (padrão 3)")
    parser.add_argument(
        "--drain-timeout", type=float, default=45.0, help="espera máxima pela fila vazia após cada medição (45 s)"
    )
    parser.add_argument("--receipts", action="store_true", help="recibos simulados com os atrasos do produto")
    parser.add_argument(
        "--api-only",
        action="store_true",
        help="wacs com RUN_WORKER=false: só o caminho da API, sem despacho (diagnóstico; não é o produto padrão)",
    )
    parser.add_argument(
        "--ack-max-waiters",
        type=int,
        help="SEND_ACK_MAX_WAITERS do wacs (padrão do produto: 8 envios esperando o aceite ao mesmo tempo)",
    )
    parser.add_argument("--ack-wait-seconds", type=float, help="SEND_ACK_WAIT_SECONDS do wacs (padrão do produto: 2 s)")
    parser.add_argument(
        "--same-recipient",
        action="store_true",
        help=f"todas as mensagens para {RECIPIENT} (padrão: um destinatário diferente por requisição)",
    )
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 1024:
        parser.error("--concurrency deve estar entre 1 e 1024")
    if not 1 <= args.clients <= 16 or args.clients > args.concurrency:
        parser.error("--clients deve estar entre 1 e 16 (e não passar de --concurrency)")
    if not 1 <= args.duration <= 600:
        parser.error("--duration deve estar entre 1 e 600 segundos")
    if not 0 <= args.warmup <= 60:
        parser.error("--warmup deve estar entre 0 e 60 segundos")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds deve estar entre 1 e 20")
    if args.ack_max_waiters is not None and not 0 <= args.ack_max_waiters <= 10_000:
        parser.error("--ack-max-waiters deve estar entre 0 e 10000")
    if args.ack_wait_seconds is not None and not 0 <= args.ack_wait_seconds <= 30:
        parser.error("--ack-wait-seconds deve estar entre 0 e 30")
    if not 0 <= args.drain_timeout <= 600:
        parser.error("--drain-timeout deve estar entre 0 e 600 segundos")
    return args


def main() -> int:
    args = parse_args()
    database_url = args.database_url
    baseline_url = sibling_database(database_url, "_base")
    try:
        require_local(database_url, "--database-url")
        require_local(args.redis_url, "--redis-url")
        with Workspace(
            False, databases=[database_url, baseline_url], redis_url=args.redis_url, redis_prefix=REDIS_PREFIX
        ) as workspace:
            receipts = (
                {}
                if args.receipts
                else {
                    "SANDBOX_DELIVERED_AFTER_SECONDS": RECEIPTS_OFF_SECONDS,
                    "SANDBOX_READ_AFTER_SECONDS": RECEIPTS_OFF_SECONDS,
                }
            )
            ack = {}
            if args.ack_max_waiters is not None:
                ack["SEND_ACK_MAX_WAITERS"] = str(args.ack_max_waiters)
            if args.ack_wait_seconds is not None:
                ack["SEND_ACK_WAIT_SECONDS"] = str(args.ack_wait_seconds)
            run_worker = "false" if args.api_only else "true"
            wacs = workspace.start_wacs(database_url, args.redis_url, RUN_WORKER=run_worker, **receipts, **ack)
            baseline = workspace.start_bench_app("referencia", "bare_insert_app", BENCH_DATABASE_URL=baseline_url)
            wait_ready(wacs, "/health")
            wait_ready(baseline, "/health")
            access: WacsAccess = run(prepare_sandbox_tenant(wacs.base_url, messages_per_second=1000))
            plan = Plan(
                baseline=Target("baseline", "POST /insert (FastAPI + INSERT)", baseline, "/insert", {}, (200,)),
                wacs=Target(
                    "wacs",
                    "POST /api/v1/messages/text",
                    wacs,
                    "/api/v1/messages/text",
                    {"X-Client-Id": CLIENT_ID, "Authorization": f"Bearer {access.token}"},
                    (200, 202),
                    same_recipient=args.same_recipient,
                ),
                concurrency=args.concurrency,
                clients=args.clients,
                duration=args.duration,
                warmup=args.warmup,
                rounds=args.rounds,
                drain_timeout=args.drain_timeout,
                worker=not args.api_only,
            )
            print("Vazão de envio: wacs × FastAPI com um INSERT")
            print(f"  modo:    PostgreSQL + Redis ({database_url}, {args.redis_url}); referência em {baseline_url}")
            print(
                f"  carga:   {args.concurrency} conexões simultâneas em {args.clients} processos geradores,"
                f" {args.rounds} rodadas × {args.duration:g} s por alvo, aquecimento {args.warmup:g} s"
            )
            print(
                "  wacs:    "
                + ("SEM worker (RUN_WORKER=false)" if args.api_only else "worker embutido (RUN_WORKER=true)")
                + ", número sandbox com messagesPerSecond 1000,"
                " espera do aceite: "
                + (
                    ", ".join(f"{k}={v}" for k, v in ack.items())
                    if ack
                    else "padrões do produto (até 8 envios esperam até 2 s pelo aceite do provedor)"
                )
            )
            print(
                "  envios:  "
                + (
                    f"todos para o mesmo destinatário ({RECIPIENT})"
                    if args.same_recipient
                    else "um destinatário diferente por requisição (55119 + 8 dígitos sequenciais)"
                )
            )
            print(f"  máquina: {machine_line()}")
            print()
            run(measure(plan, database_url))
            return report(plan, args.receipts)
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
