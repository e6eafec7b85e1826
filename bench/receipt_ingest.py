"""Benchmark: recibos de status recebidos por segundo (`POST /api/v1/webhooks/status-update`) contra um FastAPI que
só confere a assinatura e faz um INSERT.

Compara, na MESMA execução e na mesma máquina, com 64 conexões simultâneas (padrão), o callback assinado que um
provedor (serviço Baileys, sandbox) manda a cada recibo:

* `POST /webhooks/status-update` de `bench/bare_callback_app.py`: corpo bruto, assinatura HMAC-SHA256 conferida
  com `hmac.compare_digest`, Pydantic no JSON e UM `INSERT` do evento bruto no mesmo PostgreSQL (SQLAlchemy
  assíncrono + asyncpg, mesma política de conexão do wacs: pool 40 sem overflow, sem pre-ping, sem TLS local);
* `POST /api/v1/webhooks/status-update` do wacs (rota pública, sem X-Client-Id nem JWT): assinatura, validação do
  contrato, sessão (e tenant) procurada no banco, evento bruto gravado e processamento enfileirado. Conta como
  aceita a resposta 202.

As duas recebem exatamente os mesmos pedidos: `{"events": [{"sessionId", "messageId", "status": "delivered"}]}`
assinados com `X-Wacs-Timestamp` e `X-Wacs-Signature: sha256=<hex HMAC-SHA256(segredo, "<timestamp>." + corpo)>`.
O segredo é gerado a cada execução e entregue aos dois servidores (`PROVIDER_CALLBACK_SECRET` no wacs). Cada evento
tem um `messageId` único (um recibo repetido é só uma duplicata, barata e fora do que se quer medir); a sessão é a
do número sandbox conectado. A mensagem não precisa existir: a rota só grava o evento bruto e agenda o
processamento. Por isso o wacs roda SEM worker (`RUN_WORKER=false`): mede-se só a ingestão. Com o worker ligado,
cada recibo de mensagem inexistente seria tentado de novo a cada 1 s por 5 minutos, o que mediria a repetição e não
a ingestão.

Depois de cada medição o benchmark conta no banco as linhas gravadas por cada servidor e confere que batem com os
eventos aceitos (202 × eventos por pedido): um 202 com `ignored` ou `duplicates` não passaria despercebido.

Os servidores são processos uvicorn de verdade (1 worker) em portas livres de 127.0.0.1. O gerador de carga é o de
`bench/_loadgen.py` (padrão 2 processos × 32 conexões, laço fechado), com uma fábrica de pedidos própria deste
arquivo que monta e assina cada corpo (o `_loadgen.py` só sabe repetir um corpo fixo). As rodadas se alternam
(referência, wacs, referência, wacs…) e a razão wacs/referência é a mediana das razões por rodada. Uma medição
extra, informativa, manda lotes de 50 eventos por pedido (`--batch`; 0 desliga).

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_receipts` (e `…_receipts_base` para a
referência; os dois recriados e apagados pelo benchmark) e Redis `redis://127.0.0.1:6379/14` com o prefixo
`wacs-bench-receipts:` (chaves apagadas antes e depois).

Uso: `.venv/bin/python bench/receipt_ingest.py [--concurrency 64] [--clients 2] [--seconds 10] [--rounds 3]`.
(`--loadgen` é interno: o processo gerador de carga com a fábrica de pedidos assinados.)
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import itertools
import secrets
import statistics
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
from _common import (
    BENCH_DIR,
    DEFAULT_REDIS_URL,
    LOOPBACK,
    BenchError,
    Server,
    Workspace,
    asyncpg_url,
    machine_line,
    percentile,
    prepare_sandbox_tenant,
    print_table,
    require_local,
    require_loopback_url,
    run,
    sibling_database,
    wait_ready,
)
from send_throughput import Measurement, run_generators, split

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_receipts"
REDIS_PREFIX = "wacs-bench-receipts:"
WACS_PATH = "/api/v1/webhooks/status-update"
BARE_PATH = "/webhooks/status-update"
RECEIPT_STATUS = "delivered"
TARGET_RATIO = 0.5
ACCEPTED = 202


# ------------------------------------------------------------------------------------------- gerador de carga


def sign(secret: bytes, timestamp: bytes, body: bytes) -> bytes:
    """O esquema "wacs" de assinatura (o mesmo de `wacs.providers.callbacks.signature`)."""
    return b"sha256=" + hmac.new(secret, timestamp + b"." + body, hashlib.sha256).hexdigest().encode()


def receipt_body(session_id: str, message_ids: list[str]) -> bytes:
    events = ",".join(
        f'{{"sessionId":"{session_id}","messageId":"{message_id}","status":"{RECEIPT_STATUS}"}}'
        for message_id in message_ids
    )
    return f'{{"events":[{events}]}}'.encode()


class SignedReceipts:
    """Fábrica de pedidos do gerador de carga (no lugar de `_loadgen.RequestFactory`): cada pedido leva recibos com
    `messageId` novos (`id_prefix` + 8 dígitos sequenciais), o horário atual e a assinatura do próprio corpo."""

    def __init__(self, job: dict[str, Any]) -> None:
        self.head = (
            f"POST {job['path']} HTTP/1.1\r\nHost: {job['host']}:{job['port']}\r\nContent-Type: application/json\r\n"
        ).encode()
        self.secret = str(job["secret"]).encode()
        self.session_id = str(job["session_id"])
        self.prefix = str(job["id_prefix"])
        self.events = int(job["events_per_request"])
        self.seq = 0

    def next(self) -> bytes:
        ids = [f"{self.prefix}{seq:08d}" for seq in range(self.seq + 1, self.seq + self.events + 1)]
        self.seq += self.events
        body = receipt_body(self.session_id, ids)
        timestamp = str(int(time.time())).encode()
        return b"".join(
            (
                self.head,
                b"Content-Length: %d\r\n" % len(body),
                b"X-Wacs-Timestamp: " + timestamp + b"\r\n",
                b"X-Wacs-Signature: " + sign(self.secret, timestamp, body) + b"\r\n\r\n",
                body,
            )
        )


def loadgen_main() -> None:
    """Processo gerador de carga: o `_loadgen.py` inteiro (conexões, protocolo, resultado), com a fábrica acima."""
    import _loadgen

    _loadgen.RequestFactory = SignedReceipts  # type: ignore[misc,assignment]
    run(_loadgen.main())


@dataclass
class Target:
    key: str
    label: str
    server: Server
    path: str
    secret: str
    session_id: str

    def job(self, connections: int, duration: float, events: int, id_prefix: str) -> dict[str, Any]:
        return {
            "host": LOOPBACK,
            "port": self.server.port,
            "method": "POST",
            "path": self.path,
            "secret": self.secret,
            "session_id": self.session_id,
            "id_prefix": id_prefix,
            "events_per_request": events,
            "connections": connections,
            "duration": duration,
            "timeout": 10,
            "accept": [ACCEPTED],
        }


_id_blocks = itertools.count(1)


async def run_load(target: Target, events: int, concurrency: int, clients: int, duration: float) -> Measurement:
    """Dispara `clients` processos geradores com `concurrency` conexões no total, sincronizados no mesmo início."""
    jobs = [target.job(n, duration, events, f"wamid.bench{next(_id_blocks):05d}.") for n in split(concurrency, clients)]
    command = [str(BENCH_DIR / "receipt_ingest.py"), "--loadgen"]
    return await run_generators(command, jobs, target.server, target.key, f"{events} evento(s) por pedido", duration)


# ------------------------------------------------------------------------------------------- conferência prévia


# (nome, cabeçalhos, status esperado, contagens esperadas na resposta ou None)
Check = tuple[str, dict[str, str], int, dict[str, int] | None]


async def check_responses(base_url: str, path: str, label: str, body: bytes, checks: list[Check]) -> None:
    """POST do mesmo corpo com cada conjunto de cabeçalhos; qualquer resposta diferente da esperada é BenchError."""
    async with httpx.AsyncClient(base_url=base_url, timeout=10, trust_env=False) as client:
        for name, headers, expected, counts in checks:
            response = await client.post(path, content=body, headers=headers)
            ok = response.status_code == expected
            if ok and counts is not None:
                data = response.json()
                ok = {key: data.get(key) for key in counts} == counts
            if not ok:
                raise BenchError(
                    f"{label}: pedido {name} respondeu {response.status_code} {response.text[:300]}"
                    f" (esperado {expected}" + (f" com {counts})" if counts else ")")
                )


async def precheck(target: Target) -> None:
    """Um pedido sem assinatura (401), um com assinatura errada (403) e um certo (202, 1 aceito; o mesmo de novo:
    1 duplicata) antes da carga: o alvo confere a assinatura e grava de verdade, e a sessão é conhecida."""
    require_loopback_url(target.server.base_url)
    body = receipt_body(target.session_id, [f"wamid.precheck.{uuid.uuid4().hex}"])
    timestamp = str(int(time.time())).encode()
    good = {
        "content-type": "application/json",
        "x-wacs-timestamp": timestamp.decode(),
        "x-wacs-signature": sign(target.secret.encode(), timestamp, body).decode(),
    }
    bad = good | {"x-wacs-signature": sign(b"outro-segredo", timestamp, body).decode()}
    checks: list[Check] = [
        ("sem assinatura", {"content-type": "application/json"}, 401, None),
        ("assinatura errada", bad, 403, None),
        ("assinado", good, ACCEPTED, {"accepted": 1, "duplicates": 0, "ignored": 0}),
        ("repetido", good, ACCEPTED, {"accepted": 0, "duplicates": 1, "ignored": 0}),
    ]
    await check_responses(target.server.base_url, target.path, target.label, body, checks)


# ---------------------------------------------------------------------------------------------- linhas no banco


class RowCounter:
    """Conta as linhas de eventos brutos que cada servidor gravou (conexão direta ao banco de cada um)."""

    def __init__(self, tables: dict[str, tuple[str, str]]) -> None:
        self.tables = tables  # alvo -> (URL do banco, consulta de contagem)
        self.conns: dict[str, Any] = {}

    async def __aenter__(self) -> RowCounter:
        import asyncpg

        for key, (url, _) in self.tables.items():
            self.conns[key] = await asyncpg.connect(asyncpg_url(url), timeout=10)
        return self

    async def __aexit__(self, *_: object) -> None:
        for conn in self.conns.values():
            await conn.close()

    async def count(self, key: str) -> int:
        return int(await self.conns[key].fetchval(self.tables[key][1]))


# ----------------------------------------------------------------------------------------------------- medição


@dataclass
class Result:
    measurement: Measurement
    events: int  # eventos por pedido
    stored: int  # linhas gravadas pelo servidor durante a medição

    @property
    def events_per_second(self) -> float:
        return self.measurement.rps * self.events

    @property
    def expected_rows(self) -> int:
        return self.measurement.accepted * self.events

    @property
    def cpu_us_per_event(self) -> float | None:
        m = self.measurement
        return None if m.cpu is None or not m.accepted else m.cpu / (m.accepted * self.events) * 1e6


@dataclass
class Plan:
    baseline: Target
    wacs: Target
    concurrency: int
    clients: int
    seconds: float
    warmup: float
    rounds: int
    batch: int
    results: dict[str, list[Result]] = field(default_factory=dict)
    batch_results: dict[str, Result] = field(default_factory=dict)

    @property
    def targets(self) -> tuple[Target, Target]:
        return self.baseline, self.wacs


def result_line(prefix: str, target: Target, result: Result) -> str:
    m = result.measurement
    line = (
        f"  {prefix:<13} {target.label:<40} {result.events_per_second:>7.0f} recibos/s"
        f"  p50 {percentile(m.latencies, 0.5):6.1f} ms  p99 {percentile(m.latencies, 0.99):7.1f} ms"
        f"  gravados {result.stored}/{result.expected_rows}"
    )
    if m.failures:
        line += f"  FALHAS {m.failures} {dict(m.statuses)} erros de transporte {m.transport_errors}"
    return line


async def measure_one(plan: Plan, counter: RowCounter, target: Target, events: int, seconds: float) -> Result:
    before = await counter.count(target.key)
    measurement = await run_load(target, events, plan.concurrency, plan.clients, seconds)
    stored = await counter.count(target.key) - before
    if target.server.process.poll() is not None:
        raise BenchError(f"o processo {target.server.name} terminou durante a medição:\n{target.server.log_tail()}")
    return Result(measurement, events, stored)


async def measure(plan: Plan, counter: RowCounter) -> None:
    for target in plan.targets:
        await precheck(target)
    print("  conferência: os dois alvos recusam pedido sem assinatura (401) e com assinatura errada (403),", flush=True)
    print("               aceitam o assinado (202, 1 aceito) e contam a repetição como duplicata", flush=True)
    if plan.warmup > 0:
        for target in plan.targets:
            await run_load(target, 1, plan.concurrency, plan.clients, plan.warmup)
    for number in range(1, plan.rounds + 1):
        for target in plan.targets:
            result = await measure_one(plan, counter, target, 1, plan.seconds)
            plan.results.setdefault(target.key, []).append(result)
            print(result_line(f"rodada {number}/{plan.rounds}", target, result), flush=True)
    if plan.batch:
        for target in plan.targets:
            result = await measure_one(plan, counter, target, plan.batch, plan.seconds)
            plan.batch_results[target.key] = result
            print(result_line(f"lotes de {plan.batch}", target, result), flush=True)


# ----------------------------------------------------------------------------------------------------- relatório


def num(value: float, digits: int = 0) -> str:
    """Número no formato brasileiro: ponto nos milhares, vírgula nos decimais."""
    return format(value, f",.{digits}f").translate(str.maketrans(",.", ".,"))


def verdict(ok: bool) -> str:
    return "atingida" if ok else "NÃO atingida"


def ratio_text(value: float) -> str:
    return f"{num(value, 2)}×"


def latency_rows(label: str, base: list[float], wacs: list[float]) -> list[tuple[str, str, str, str, str]]:
    rows = []
    for name, fraction in (("p50", 0.5), ("p99", 0.99)):
        b, w = percentile(base, fraction), percentile(wacs, fraction)
        rows.append((f"{label}referência: {name} (ms)", num(b, 1), "—", ratio_text(1.0), "(referência)"))
        rows.append((f"{label}wacs: {name} (ms)", num(w, 1), "—", ratio_text(w / b) if b else "—", "(informativo)"))
    return rows


def report(plan: Plan) -> int:
    base_runs = plan.results["baseline"]
    wacs_runs = plan.results["wacs"]
    ratios = [
        w.events_per_second / b.events_per_second
        for w, b in zip(wacs_runs, base_runs, strict=True)
        if b.events_per_second
    ]
    ratio = statistics.median(ratios) if ratios else float("nan")
    base_rate = statistics.median(r.events_per_second for r in base_runs)
    wacs_rate = statistics.median(r.events_per_second for r in wacs_runs)

    rows: list[tuple[str, str, str, str, str]] = [
        ("referência: recibos/s", num(base_rate), "—", ratio_text(1.0), "(referência)"),
        (
            "wacs: recibos/s",
            num(wacs_rate),
            f"≥ {num(TARGET_RATIO, 2)}× referência",
            ratio_text(ratio),
            verdict(ratio >= TARGET_RATIO),
        ),
    ]
    rows += latency_rows(
        "",
        [x for r in base_runs for x in r.measurement.latencies],
        [x for r in wacs_runs for x in r.measurement.latencies],
    )
    problems = 0
    for key, label, runs in (("baseline", "referência", base_runs), ("wacs", "wacs", wacs_runs)):
        all_runs = runs + ([plan.batch_results[key]] if key in plan.batch_results else [])
        failures = sum(r.measurement.failures for r in all_runs)
        statuses: Counter[int] = Counter()
        for r in all_runs:
            statuses.update(r.measurement.statuses)
        transport = sum(r.measurement.transport_errors for r in all_runs)
        detail = ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()) if code != ACCEPTED)
        detail += (", " if detail else "") + (f"transporte: {transport}" if transport else "")
        rows.append(
            (
                f"{label}: respostas não-202",
                num(failures) + (f" ({detail})" if detail else ""),
                "0",
                "—",
                verdict(not failures),
            )
        )
        stored = sum(r.stored for r in all_runs)
        expected = sum(r.expected_rows for r in all_runs)
        rows.append(
            (
                f"{label}: linhas gravadas / aceitas",
                f"{num(stored)} / {num(expected)}",
                "iguais",
                "—",
                verdict(stored == expected),
            )
        )
        problems += failures + (stored != expected)
    for key, label in (("baseline", "referência"), ("wacs", "wacs")):
        cpu = [c for r in plan.results[key] if (c := r.cpu_us_per_event) is not None]
        rows.append(
            (
                f"{label}: CPU do servidor por recibo (µs)",
                "—" if not cpu else num(statistics.median(cpu)),
                "—",
                "—",
                "(informativo)",
            )
        )
    if plan.batch_results:
        b, w = plan.batch_results["baseline"], plan.batch_results["wacs"]
        tag = f"lotes de {plan.batch}: "
        rows.append((f"{tag}referência: recibos/s", num(b.events_per_second), "—", ratio_text(1.0), "(informativo)"))
        batch_ratio = w.events_per_second / b.events_per_second if b.events_per_second else float("nan")
        rows.append((f"{tag}wacs: recibos/s", num(w.events_per_second), "—", ratio_text(batch_ratio), "(informativo)"))
        rows += [
            (name, value, goal, r, "(informativo)")
            for name, value, goal, r, _ in latency_rows(tag, b.measurement.latencies, w.measurement.latencies)
            if "p99" in name
        ]

    print()
    print_table(
        f"Resultado (1 evento por pedido; recibos/s: mediana das {plan.rounds} rodadas; razão wacs/referência:"
        " mediana das razões por rodada; latência: todos os pedidos das rodadas)",
        rows,
    )
    print()
    print(
        f"Razão wacs/referência: {num(ratio, 2)}× (meta ≥ {num(TARGET_RATIO, 2)}×: {verdict(ratio >= TARGET_RATIO)});"
        f" razões por rodada: {', '.join(num(x, 2) for x in ratios)}"
    )
    print(
        f"  em laço fechado a latência média é conexões ÷ vazão: {plan.concurrency} conexões a {num(wacs_rate)}/s"
        f" = {num(plan.concurrency / wacs_rate * 1000) if wacs_rate else '—'} ms no wacs"
    )
    print()
    print(
        "Notas: o wacs roda SEM worker (RUN_WORKER=false): mede só a ingestão (assinatura, contrato, sessão no banco,\n"
        "evento bruto gravado e job de processamento enfileirado na mesma transação); o processamento dos recibos\n"
        "fica fora. A referência confere a mesma assinatura, valida o JSON e faz um INSERT (com a mesma chave única\n"
        "sessão + id externo). Gerador de carga, servidores, PostgreSQL e Redis dividem os mesmos núcleos; a razão\n"
        "compara os dois servidores nas mesmas condições. 'CPU do servidor por recibo' mede só o processo uvicorn\n"
        "(sem PostgreSQL nem Redis); o relógio de CPU do /proc anda em passos de 10 ms."
    )
    if problems:
        print(
            "\nATENÇÃO: houve respostas diferentes de 202 ou linhas gravadas que não batem com os eventos aceitos;"
            " o resultado não é confiável."
        )
    return 1 if problems else 0


# --------------------------------------------------------------------------------------------------- principal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Recibos de status recebidos por segundo no wacs contra um FastAPI com assinatura + um INSERT."
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument("--concurrency", type=int, default=64, help="conexões simultâneas no total (padrão 64)")
    parser.add_argument("--clients", type=int, default=2, help="processos geradores de carga (padrão 2)")
    parser.add_argument("--seconds", type=float, default=10.0, help="segundos por medição (padrão 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="aquecimento por alvo, em segundos (padrão 2)")
    parser.add_argument("--rounds", type=int, default=3, help="rodadas alternadas (padrão 3)")
    parser.add_argument(
        "--batch", type=int, default=50, help="eventos por pedido da medição informativa em lote (padrão 50; 0 desliga)"
    )
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 1024:
        parser.error("--concurrency deve estar entre 1 e 1024")
    if not 1 <= args.clients <= 16 or args.clients > args.concurrency:
        parser.error("--clients deve estar entre 1 e 16 (e não passar de --concurrency)")
    if not 1 <= args.seconds <= 600:
        parser.error("--seconds deve estar entre 1 e 600 segundos")
    if not 0 <= args.warmup <= 60:
        parser.error("--warmup deve estar entre 0 e 60 segundos")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds deve estar entre 1 e 20")
    if args.batch != 0 and not 2 <= args.batch <= 500:
        parser.error("--batch deve ser 0 (desliga) ou estar entre 2 e 500")
    return args


def main() -> int:
    args = parse_args()
    database_url = args.database_url
    baseline_url = sibling_database(database_url, "_base")
    secret = secrets.token_urlsafe(32)
    try:
        require_local(database_url, "--database-url")
        require_local(args.redis_url, "--redis-url")
        with Workspace(
            False, databases=[database_url, baseline_url], redis_url=args.redis_url, redis_prefix=REDIS_PREFIX
        ) as workspace:
            wacs = workspace.start_wacs(
                database_url, args.redis_url, RUN_WORKER="false", PROVIDER_CALLBACK_SECRET=secret
            )
            baseline = workspace.start_bench_app(
                "referencia", "bare_callback_app", BENCH_DATABASE_URL=baseline_url, BENCH_CALLBACK_SECRET=secret
            )
            wait_ready(wacs, "/health")
            wait_ready(baseline, "/health")
            access = run(prepare_sandbox_tenant(wacs.base_url))
            plan = Plan(
                baseline=Target(
                    "baseline", "POST /webhooks/status-update (FastAPI)", baseline, BARE_PATH, secret, access.session_id
                ),
                wacs=Target("wacs", f"POST {WACS_PATH}", wacs, WACS_PATH, secret, access.session_id),
                concurrency=args.concurrency,
                clients=args.clients,
                seconds=args.seconds,
                warmup=args.warmup,
                rounds=args.rounds,
                batch=args.batch,
            )
            print("Recibos de status recebidos: wacs × FastAPI com assinatura HMAC e um INSERT")
            print(f"  modo:    PostgreSQL + Redis ({database_url}, {args.redis_url}); referência em {baseline_url}")
            print(
                f"  carga:   {args.concurrency} conexões simultâneas em {args.clients} processos geradores,"
                f" {args.rounds} rodadas × {args.seconds:g} s por alvo, aquecimento {args.warmup:g} s; 1 evento por"
                " pedido" + (f" (e uma medição informativa com lotes de {args.batch})" if args.batch else "")
            )
            print(
                "  wacs:    SEM worker (RUN_WORKER=false): só a ingestão; recibos 'delivered' para a sessão sandbox,"
                " messageId único por evento (mensagens inexistentes)"
            )
            print(f"  máquina: {machine_line()}")
            print()
            tables = {
                "baseline": (baseline_url, "SELECT count(*) FROM bench_receipts"),
                "wacs": (database_url, "SELECT count(*) FROM inbound_events WHERE kind = 'status'"),
            }

            async def benchmark() -> None:
                async with RowCounter(tables) as counter:
                    await measure(plan, counter)

            run(benchmark())
            return report(plan)
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    if sys.argv[1:] == ["--loadgen"]:
        loadgen_main()
    else:
        sys.exit(main())
