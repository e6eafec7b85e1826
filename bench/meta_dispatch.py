"""Benchmark: envio em massa de ponta a ponta pelo provedor Meta, contra a Meta falsa com 150 ms de latência.

Mede, na MESMA execução e na mesma máquina (2 núcleos com ruído: cada número é uma razão contra o limite do número
ou contra a referência medida junto), o envio em massa por UMA sessão `meta_api`:

1. **No limite padrão da Meta** — a Meta falsa com `--mps 80` (o balde dela responde 130429 acima disso) e
   `--latency-ms 150`; a sessão com `messagesPerSecond` 80; `--recipients-80` (padrão 1.000) destinatários, o que
   dura ≥ 12 s no limite. Meta: ritmo ≥ 0,95 × 80, e nenhum 130429 (o balde de fichas do wacs tem de manter o
   número abaixo do limite dela).
2. **Referência** — o número sandbox com `messagesPerSecond` 1000 e `ackDelayMs` 150 (a mesma ida e volta, sem
   HTTP nem Graph API), `--recipients-1000` destinatários: o que o núcleo do despacho faz nesta máquina agora.
3. **No limite máximo da Meta** — outra Meta falsa com `--mps 1000` e 150 ms; a sessão com `messagesPerSecond`
   1000; `--recipients-1000` (padrão 5.000) destinatários. Meta: ritmo ≥ 0,5 × 1000 nesta máquina de 2 núcleos; a
   razão contra a referência (2) e a CPU do processo wacs por mensagem mostram quanto custa o caminho da Meta.

Ritmo = mensagens `sent` (ou além) ÷ tempo do envio do `POST /api/v1/messages/send-bulk` (com `sessionId`) até a
última `sent_at`, lida no banco. As respostas 130429 e os envios aceitos vêm dos contadores da Meta falsa
(`GET /_fake/sent`). Janela de 24 h: a Meta só aceita texto livre para quem escreveu nas últimas 24 h, e o núcleo
recusa antes de chamá-la; por isso TODOS os cenários mandam `type: template` — `boas_vindas` (pt_BR, um parâmetro
no corpo, `{{nome}}` por destinatário), um dos dois templates aprovados que a linha de comando da Meta falsa traz.

Processos: o wacs como `make run` o sobe (API + worker embutido, `RUN_WORKER=true`, `META_ALLOW_PRIVATE_BASE_URL=
true`), uvicorn com 1 worker numa porta livre de 127.0.0.1; cada Meta falsa pela linha de comando
(`python -m wacs.fakes.meta_graph --mps … --latency-ms 150 --no-auto-statuses`) noutra porta: sem recibos
automáticos, só o despacho é medido. Cada sessão é criada por `POST /api/v1/sessions/initialize` (o wacs confere o
número na Graph API falsa) e a anterior é desconectada; cada cenário começa com o wacs em repouso. Padrão:
PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_meta_dispatch` (recriado e apagado pelo benchmark) e
Redis `redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-meta-dispatch:` (chaves apagadas antes e depois).

Uso: `.venv/bin/python bench/meta_dispatch.py [--recipients-80 1000] [--recipients-1000 5000] [--latency-ms 150]
[--timeout 120]`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from _common import (
    DEFAULT_REDIS_URL,
    BenchError,
    Server,
    WacsAccess,
    Workspace,
    machine_line,
    prepare_tenant,
    print_table,
    require_local,
    run,
    tenant_client,
    wait_ready,
)
from _meta import FakeGraph, connect_meta, start_fake_graph
from dispatch_latency import connect_number, disconnect, follow_bulk, num

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_meta_dispatch"
REDIS_PREFIX = "wacs-bench-meta-dispatch:"
LATENCY_MS = 150
SLOW_RATE = 80
FAST_RATE = 1000
SLOW_TARGET_RATIO = 0.95
FAST_TARGET_RATIO = 0.5
RECIPIENTS_SLOW = 1000
RECIPIENTS_FAST = 5000
SCENARIO_TIMEOUT = 120.0
RECEIPTS_OFF_SECONDS = "3600"  # recibos do sandbox depois do fim do benchmark
TEMPLATE = {
    "name": "boas_vindas",
    "language": "pt_BR",
    "components": [{"type": "body", "parameters": [{"type": "text", "text": "{{nome}}"}]}],
}
QUIET_WINDOW = 0.5  # s: janela de amostra da CPU na espera pelo repouso
QUIET_CPU = 0.05  # fração de um núcleo abaixo da qual o wacs está "em repouso"
QUIET_TIMEOUT = 30.0
META_SLOW_ID, META_SLOW_PHONE = "109000000000080", "5511940000080"
META_FAST_ID, META_FAST_PHONE = "109000000001000", "5511940001000"
SANDBOX_PHONE = "5511988881000"


# ------------------------------------------------------------------------------------------------- despacho


@dataclass
class Result:
    key: str  # "meta80", "sandbox", "meta1000"
    label: str
    rate_limit: int
    recipients: int
    accept_seconds: float
    seconds: float
    done: int
    failed: int
    complete: bool
    wacs_cpu: float | None
    fake_cpu: float | None = None
    rate_limited: int | None = None  # respostas 130429 da Meta falsa no cenário
    fake_accepted: int | None = None  # envios aceitos pela Meta falsa no cenário

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    def per_message_us(self, cpu: float | None) -> float | None:
        return None if cpu is None or not self.done else cpu / self.done * 1e6

    @property
    def wacs_us(self) -> float | None:
        return self.per_message_us(self.wacs_cpu)

    @property
    def fake_us(self) -> float | None:
        return self.per_message_us(self.fake_cpu)


def recipients(series: int, count: int) -> list[dict[str, Any]]:
    """Celulares de São Paulo: 55119 + 8 dígitos, o primeiro deles é a série (listas sem repetição)."""
    return [{"to": f"55119{series}{i:07d}", "variables": {"nome": f"Cliente {i}"}} for i in range(count)]


def cpu_delta(pid_cpu: float | None, before: float | None) -> float | None:
    return None if pid_cpu is None or before is None else pid_cpu - before


async def settle(wacs: Server) -> None:
    """Espera o wacs ficar em repouso (CPU abaixo de QUIET_CPU de um núcleo) antes de um cenário."""
    deadline = time.monotonic() + QUIET_TIMEOUT
    while time.monotonic() < deadline:
        before = wacs.cpu_seconds()
        await asyncio.sleep(QUIET_WINDOW)
        used = cpu_delta(wacs.cpu_seconds(), before)
        if used is None or used < QUIET_CPU * QUIET_WINDOW:
            return
    print("               aviso: o wacs não ficou em repouso antes do cenário", flush=True)


async def dispatch(
    client: httpx.AsyncClient,
    access: WacsAccess,
    wacs: Server,
    database_url: str,
    *,
    key: str,
    label: str,
    rate_limit: int,
    session_id: str,
    series: int,
    count: int,
    limit: float,
    fake: FakeGraph | None,
) -> Result:
    """Aceita a lista de templates pela sessão e acompanha o despacho até a última `sent` (ou até `limit` s)."""
    body = orjson.dumps(
        {"recipients": recipients(series, count), "type": "template", "content": TEMPLATE, "sessionId": session_id}
    )
    counters_before = await fake.counters() if fake is not None else {}
    fake_before = fake.cpu_seconds() if fake is not None else None
    wacs_before = wacs.cpu_seconds()
    run = await follow_bulk(client, access.auth, body, count, limit, indent="               ")
    wacs_cpu = cpu_delta(wacs.cpu_seconds(), wacs_before)
    fake_cpu = cpu_delta(fake.cpu_seconds(), fake_before) if fake is not None else None

    done, seconds = await run.finish(database_url)
    result = Result(
        key,
        label,
        rate_limit,
        count,
        run.accept_seconds,
        seconds,
        done,
        int(run.progress.get("failed", 0)),
        run.complete,
        wacs_cpu,
        fake_cpu,
    )
    if fake is not None:
        counters = await fake.counters()
        result.rate_limited = counters.get("messages.rate_limited", 0) - counters_before.get("messages.rate_limited", 0)
        result.fake_accepted = counters.get("messages.accepted", 0) - counters_before.get("messages.accepted", 0)
    return result


async def benchmark(
    wacs: Server, slow: FakeGraph, fast: FakeGraph, database_url: str, args: argparse.Namespace
) -> list[Result]:
    results: list[Result] = []
    async with tenant_client(wacs.base_url, timeout=60) as client:
        access = await prepare_tenant(client, "meta_api")
        plan: list[tuple[str, str, int, int, FakeGraph | None]] = [
            ("meta80", f"Meta a {SLOW_RATE}/s", SLOW_RATE, args.recipients_80, slow),
            ("sandbox", f"sandbox a {FAST_RATE}/s (referência)", FAST_RATE, args.recipients_1000, None),
            ("meta1000", f"Meta a {FAST_RATE}/s", FAST_RATE, args.recipients_1000, fast),
        ]
        previous = ""
        for series, (key, label, rate, count, fake) in enumerate(plan, start=1):
            await settle(wacs)
            if previous:
                await disconnect(client, access, previous)
            if fake is None:
                session_id = await connect_number(client, access, SANDBOX_PHONE, rate, args.latency_ms)
            else:
                session = await connect_meta(client, access.auth, fake, rate, f"bench-meta-{rate}")
                session_id = str(session["id"])
            previous = session_id
            print(f"  {label}: {num(count)} destinatários", flush=True)
            result = await dispatch(
                client,
                access,
                wacs,
                database_url,
                key=key,
                label=label,
                rate_limit=rate,
                session_id=session_id,
                series=series,
                count=count,
                limit=args.timeout,
                fake=fake,
            )
            print(f"               {describe(result, args.timeout)}", flush=True)
            for server in (wacs, slow.server, fast.server):
                if server.process.poll() is not None:
                    raise BenchError(f"o processo {server.name} terminou durante a medição:\n{server.log_tail()}")
            results.append(result)
    return results


# ------------------------------------------------------------------------------------------------- relatório


def us(value: float | None) -> str:
    return "—" if value is None else num(value)


def describe(result: Result, limit: float) -> str:
    if result.complete:
        text = (
            f"as {num(result.recipients)} saíram em {num(result.seconds, 2)} s (aceite em"
            f" {num(result.accept_seconds * 1000)} ms): {num(result.rate, 1)} mensagens/s"
        )
    else:
        text = (
            f"INCOMPLETO no limite de {num(limit)} s: {num(result.done)} de {num(result.recipients)} enviadas;"
            f" ritmo {num(result.rate, 1)} mensagens/s"
        )
    text += f"; CPU do wacs {us(result.wacs_us)} µs/mensagem"
    if result.fake_us is not None:
        text += f", da Meta falsa {us(result.fake_us)} µs/mensagem"
    if result.rate_limited is not None:
        text += f"; 130429: {result.rate_limited}; aceitos pela Meta falsa: {result.fake_accepted}"
    return text + (f"; {result.failed} falharam" if result.failed else "")


def verdict(ok: bool) -> str:
    return "atingida" if ok else "NÃO atingida"


def fake_rows(tag: str, result: Result) -> list[tuple[str, str, str, str, str]]:
    """O que a Meta falsa contou no cenário: respostas 130429 (o balde dela) e envios aceitos."""
    return [
        (
            f"{tag} respostas 130429 da Meta falsa",
            str(result.rate_limited),
            "0",
            "—",
            verdict(result.rate_limited == 0),
        ),
        (
            f"{tag} envios aceitos pela Meta falsa",
            f"{num(result.fake_accepted or 0)} / {num(result.recipients)}",
            "todos",
            "—",
            verdict(result.fake_accepted == result.recipients),
        ),
    ]


def report(results: list[Result], latency_ms: int) -> int:
    by_key = {r.key: r for r in results}
    slow, sandbox, fast = by_key["meta80"], by_key["sandbox"], by_key["meta1000"]
    rows: list[tuple[str, str, str, str, str]] = []
    slow_ratio = slow.rate / SLOW_RATE
    rows.append(
        (
            f"1. Meta a {SLOW_RATE}/s (mensagens/s)",
            num(slow.rate, 1),
            f"≥ {num(SLOW_RATE * SLOW_TARGET_RATIO)} ({num(SLOW_TARGET_RATIO, 2)}×)",
            f"{num(slow_ratio, 2)}×",
            verdict(slow.complete and slow_ratio >= SLOW_TARGET_RATIO),
        )
    )
    rows += fake_rows("1.", slow)
    rows.append(("1. CPU do wacs por mensagem (µs)", us(slow.wacs_us), "—", "—", "(informativo)"))
    rows.append(
        (
            f"2. sandbox a {FAST_RATE}/s, ackDelayMs {latency_ms} (mensagens/s)",
            num(sandbox.rate),
            "—",
            "—",
            "(referência)",
        )
    )
    rows.append(("2. CPU do wacs por mensagem (µs)", us(sandbox.wacs_us), "—", "—", "(referência)"))
    fast_ratio = fast.rate / FAST_RATE
    rows.append(
        (
            f"3. Meta a {FAST_RATE}/s (mensagens/s)",
            num(fast.rate),
            f"≥ {num(FAST_RATE * FAST_TARGET_RATIO)} ({num(FAST_TARGET_RATIO, 2)}×)",
            f"{num(fast_ratio, 2)}×",
            verdict(fast.complete and fast_ratio >= FAST_TARGET_RATIO),
        )
    )
    rows += fake_rows("3.", fast)
    rows.append(
        (
            "3. ritmo Meta ÷ sandbox (2) a 1000/s",
            f"{num(fast.rate)} / {num(sandbox.rate)}",
            "—",
            f"{num(fast.rate / sandbox.rate, 2)}×" if sandbox.rate else "—",
            "(informativo)",
        )
    )
    ratio_cpu = f"{num(fast.wacs_us / sandbox.wacs_us, 2)}×" if fast.wacs_us and sandbox.wacs_us else "—"
    rows.append(
        ("3. CPU do wacs por mensagem (µs)", us(fast.wacs_us), "2: " + us(sandbox.wacs_us), ratio_cpu, "(informativo)")
    )
    rows.append(("3. CPU da Meta falsa por mensagem (µs)", us(fast.fake_us), "—", "—", "(informativo)"))
    failed = sum(r.failed for r in results)
    rows.append(("falhas (todos os cenários)", str(failed), "0", "—", "ok" if failed == 0 else "FALHAS"))

    print()
    print_table(
        "Resultado (ritmo: do aceite até a última sent_at; razões: ritmo ÷ limite do número; Meta ÷ sandbox e CPU:"
        " desta execução)",
        rows,
    )
    print()
    print("Notas:")
    print(
        "- Todos os cenários mandam `type: template` (boas_vindas, pt_BR, {{nome}} por destinatário): fora da janela\n"
        "  de 24 h a Meta só aceita template, e o núcleo recusa texto livre antes de chamá-la. Nenhuma conversa foi\n"
        "  semeada; o despacho de texto livre dentro da janela não é medido aqui."
    )
    print(
        f"- A Meta falsa responde cada envio depois de {latency_ms} ms fixos e conta 130429 num balde de fichas do\n"
        "  tamanho de um segundo do limite do número. Recibos automáticos desligados (--no-auto-statuses): só o\n"
        "  despacho é medido; a entrada dos recibos é a de bench/meta_webhooks.py. O teto teórico do cenário 1 é\n"
        f"  pouco acima de {SLOW_RATE}/s (o wacs manda a 97% do limite, com meio segundo de fôlego no início)."
    )
    print(
        "- A CPU por mensagem é a do processo wacs inteiro (API + worker embutido) do aceite ao fim do acompanhamento\n"
        "  (inclui as consultas de progresso); a da Meta falsa é a do processo dela. PostgreSQL, Redis e o cliente\n"
        "  dividem os mesmos 2 núcleos e ficam de fora."
    )
    print(
        "- O que a Meta falsa NÃO mostra: a variação real de latência da Graph API (cauda, picos, tempo esgotado) e a\n"
        "  rede até ela (TLS, distância); preço e cobrança por mensagem; os níveis de mensageria (250, 2 mil, 10 mil…\n"
        "  destinatários únicos por 24 h) e a qualidade do número, que na Meta limitam listas grandes de verdade; o\n"
        "  limite por par de números (131056); e o próprio limite de 1.000/s, que a Meta só libera com aprovação."
    )
    problems = []
    incomplete = [r.label for r in results if not r.complete]
    if incomplete:
        problems.append(f"cenário(s) que não terminaram no limite: {', '.join(incomplete)}")
    if failed:
        problems.append(f"{failed} mensagens falharam")
    if problems:
        print("ATENÇÃO: " + "; ".join(problems))
        return 1
    return 0


# ------------------------------------------------------------------------------------------------- principal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Envio em massa pelo provedor Meta contra a Meta falsa com latência, a 80/s e a 1000/s."
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument(
        "--recipients-80",
        type=int,
        default=RECIPIENTS_SLOW,
        help=f"destinatários do cenário a {SLOW_RATE}/s (padrão {RECIPIENTS_SLOW}: ≥ 12 s no limite)",
    )
    parser.add_argument(
        "--recipients-1000",
        type=int,
        default=RECIPIENTS_FAST,
        help=f"destinatários dos cenários a {FAST_RATE}/s (padrão {RECIPIENTS_FAST})",
    )
    parser.add_argument(
        "--latency-ms",
        type=int,
        default=LATENCY_MS,
        help=f"atraso de cada resposta da Meta falsa (e ackDelayMs do sandbox), em ms (padrão {LATENCY_MS})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=SCENARIO_TIMEOUT,
        help=f"limite de cada cenário em segundos (padrão {SCENARIO_TIMEOUT:.0f})",
    )
    args = parser.parse_args()
    if not 100 <= args.recipients_80 <= 10_000:
        parser.error("--recipients-80 deve estar entre 100 e 10000")
    if not 100 <= args.recipients_1000 <= 10_000:
        parser.error("--recipients-1000 deve estar entre 100 e 10000")
    if not 0 <= args.latency_ms <= 5_000:
        parser.error("--latency-ms deve estar entre 0 e 5000")
    if not 5 <= args.timeout <= 900:
        parser.error("--timeout deve estar entre 5 e 900 segundos")
    return args


def main() -> int:
    args = parse_args()
    database_url: str = args.database_url
    redis_url: str = args.redis_url
    try:
        require_local(database_url, "--database-url")
        require_local(redis_url, "--redis-url")
        with Workspace(False, databases=[database_url], redis_url=redis_url, redis_prefix=REDIS_PREFIX) as workspace:
            wacs = workspace.start_wacs(
                database_url,
                redis_url,
                name="wacs",
                RUN_WORKER="true",
                META_ALLOW_PRIVATE_BASE_URL="true",
                SANDBOX_DELIVERED_AFTER_SECONDS=RECEIPTS_OFF_SECONDS,
                SANDBOX_READ_AFTER_SECONDS=RECEIPTS_OFF_SECONDS,
            )
            slow = start_fake_graph(
                workspace,
                "meta-falsa-80",
                phone_number_id=META_SLOW_ID,
                display_phone_number=META_SLOW_PHONE,
                mps=SLOW_RATE,
                latency_ms=args.latency_ms,
            )
            fast = start_fake_graph(
                workspace,
                "meta-falsa-1000",
                phone_number_id=META_FAST_ID,
                display_phone_number=META_FAST_PHONE,
                mps=FAST_RATE,
                latency_ms=args.latency_ms,
            )
            print("Envio em massa pelo provedor Meta contra a Meta falsa com latência")
            print(f"  modo:      PostgreSQL + Redis ({database_url}, {redis_url}, prefixo {REDIS_PREFIX})")
            print(
                f"  cenários:  1. Meta a {SLOW_RATE}/s ({num(args.recipients_80)} destinatários);"
                f" 2. sandbox a {FAST_RATE}/s com ackDelayMs {args.latency_ms} (referência);"
                f" 3. Meta a {FAST_RATE}/s ({num(args.recipients_1000)} destinatários cada, 2 e 3);"
                f" limite de {num(args.timeout)} s por cenário"
            )
            print(
                f"  Meta falsa: python -m wacs.fakes.meta_graph --mps {SLOW_RATE} e --mps {FAST_RATE},"
                f" --latency-ms {args.latency_ms}, --no-auto-statuses (processos próprios)"
            )
            print(
                "  mensagens: type template (boas_vindas, pt_BR, {{nome}} por destinatário): fora da janela de 24 h"
                " só template sai; nenhuma conversa semeada"
            )
            print("  wacs:      um processo como `make run` (API + worker embutido), META_ALLOW_PRIVATE_BASE_URL=true")
            print(f"  máquina:   {machine_line()}")
            print()
            wait_ready(wacs, "/health")
            results: list[Result] = run(benchmark(wacs, slow, fast, database_url, args))
            return report(results, args.latency_ms)
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
