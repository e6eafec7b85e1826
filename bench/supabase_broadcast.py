"""Benchmark: custo do repasse ao Supabase Realtime na latência entrada → WebSocket.

Dois wacs iguais na MESMA execução, cada um com banco próprio: **sem** Supabase e **com** o Supabase Realtime
configurado, apontado para o Realtime falso (`wacs.fakes.supabase_realtime`, processo próprio) com 50 ms de atraso
por POST. Em cada um, a mesma medição de `bench/inbound_ws_latency.py`: callback assinado do provedor
(`POST /api/v1/webhooks/incoming-message`) até o `message.created` chegar pelo WebSocket, em fase sequencial e
concorrente (lotes simultâneos), com rodadas alternadas (sem, com, sem, com…). A razão com/sem do p99 de cada fase é a
medida: o repasse não pode atrasar o caminho principal (ele roda no worker, depois do commit, por cursor).

No fim confere no Realtime falso que todos os `message.created` medidos chegaram (nada perdido) e mostra quantos
POSTs levaram quantos eventos (lotes).

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_sb` (+ `_with`, recriados e apagados) e Redis
`redis://127.0.0.1:6379/14` com prefixos próprios; `--embedded` usa SQLite e o barramento em processo.

Uso: `.venv/bin/python bench/supabase_broadcast.py [--embedded] [-n 300] [--batch 20] [--rounds 3] [--latency-ms 50]`.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import time

import httpx
from _common import (
    SERVER_DIR,
    BenchError,
    Server,
    Workspace,
    base_env,
    machine_line,
    percentile,
    prepare_sandbox_tenant,
    require_local,
    require_loopback_url,
    run,
    sibling_database,
    wait_ready,
)
from inbound_ws_latency import (
    CALLBACK_SECRET,
    WARMUP,
    Phase,
    Target,
    callback_target,
    load_arguments,
    measure,
    parse_load_arguments,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_sb"
SERVICE_KEY = secrets.token_urlsafe(24)
# Cada alvo fica parado enquanto o outro mede (rodadas de vários segundos numa máquina carregada): sem isso o uvicorn
# fecha as conexões keep-alive ociosas (5 s) e o cliente HTTP mínimo ficaria sem conexão livre.
KEEP_ALIVE = {"UVICORN_TIMEOUT_KEEP_ALIVE": "600"}


async def fake_stats(fake: Server) -> dict[str, object]:
    require_loopback_url(fake.base_url)
    async with httpx.AsyncClient(base_url=fake.base_url, timeout=10, trust_env=False) as client:
        response = await client.get("/_fake/stats")
    response.raise_for_status()
    stats: dict[str, object] = response.json()
    return stats


async def wait_delivered(fake: Server, expected: int, within: float = 60.0) -> dict[str, object]:
    """Espera o Realtime falso ter recebido ao menos `expected` eventos (ou o prazo)."""
    deadline = time.monotonic() + within
    while True:
        stats = await fake_stats(fake)
        if int(str(stats["accepted"])) >= expected or time.monotonic() > deadline:
            return stats
        await asyncio.sleep(0.5)


async def benchmark(
    without: Server,
    with_supabase: Server,
    fake: Server,
    args: argparse.Namespace,
    mode: str,
) -> int:
    targets: list[Target] = []
    for server, key, label in (
        (without, "sem", "sem Supabase"),
        (with_supabase, "com", "com Supabase Realtime"),
    ):
        access = await prepare_sandbox_tenant(server.base_url, messages_per_second=1000)
        target = await callback_target(server, args.batch, access.token, access.session_id)
        target.key, target.label = key, f"callback → WebSocket, {label}"
        targets.append(target)
    phases = [Phase("sequencial", 1), Phase("concorrente", args.batch)]
    try:
        await measure(targets, phases, args.n, args.rounds)
    finally:
        for target in targets:
            await target.close()

    # Injeções no wacs com Supabase: aquecimento + as medidas; cada uma gera um message.created (e outros eventos).
    injected = WARMUP + 2 * args.batch + 2 * args.n
    stats = await wait_delivered(fake, injected)
    print()
    print("Resumo (latência = do callback ao quadro message.created no WebSocket; todas as amostras da fase)")
    worst = 0.0
    lost = 0
    for phase in phases:
        print(f"\n  fase {phase.name}" + (f", lotes de {phase.batch}" if phase.batch > 1 else ""))
        print(f"    {'alvo':<48} {'p50 ms':>8} {'p99 ms':>8} {'máx ms':>8} {'perdidas':>8}")
        values: dict[str, list[float]] = {}
        for target in targets:
            runs = phase.results[target.key]
            latencies = [x for r in runs for x in r.latencies]
            values[target.key] = latencies
            missing = sum(r.lost for r in runs)
            lost += missing
            print(
                f"    {target.label:<48} {percentile(latencies, 0.5) * 1000:>8.2f}"
                f" {percentile(latencies, 0.99) * 1000:>8.2f} {max(latencies, default=float('nan')) * 1000:>8.2f}"
                f" {missing:>8}"
            )
        p99_ratio = percentile(values["com"], 0.99) / percentile(values["sem"], 0.99)
        p50_ratio = percentile(values["com"], 0.5) / percentile(values["sem"], 0.5)
        worst = max(worst, p99_ratio)
        print(f"    razão com/sem Supabase: p50 {p50_ratio:.2f}×, p99 {p99_ratio:.2f}×")
    accepted = int(str(stats["accepted"]))
    posts = int(str(stats["posts"]))
    print()
    print(
        f"Realtime falso ({args.latency_ms:g} ms por POST): {accepted} eventos aceitos em {posts} POSTs"
        f" ({accepted / max(posts, 1):.1f} eventos por POST); POSTs com falha: {stats['failedPosts']}."
    )
    if accepted < injected:
        print(f"ATENÇÃO: esperados ao menos {injected} eventos no Realtime falso, chegaram {accepted}.")
        lost += injected - accepted
    print(f"Maior razão p99 com/sem: {worst:.2f}×.")
    print(f"Modo: {mode}. Cliente, servidores, Realtime falso e banco dividem os mesmos núcleos.")
    return 1 if lost else 0


def parse_args() -> argparse.Namespace:
    parser = load_arguments("Latência entrada → WebSocket com e sem o repasse ao Supabase.")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="atraso do Realtime falso por POST (50 ms)")
    parser.set_defaults(database_url=DEFAULT_DATABASE_URL)
    return parse_load_arguments(parser)


def main() -> int:
    args = parse_args()
    embedded = args.embedded
    mode = "SQLite + barramento em processo" if embedded else "PostgreSQL + Redis"
    plain_db = "" if embedded else args.database_url
    with_db = "" if embedded else sibling_database(args.database_url, "_with")
    redis_url = "" if embedded else args.redis_url
    try:
        if not embedded:
            require_local(plain_db, "--database-url")
            require_local(redis_url, "--redis-url")
        # Um Workspace por wacs: bancos e prefixos de Redis separados (o cache de tenants é por client_id).
        with (
            Workspace(
                embedded,
                [plain_db] if plain_db else [],
                redis_url,
                "wacs-bench-sb-sem:",
            ) as plain_ws,
            Workspace(embedded, [with_db] if with_db else [], redis_url, "wacs-bench-sb-com:") as with_ws,
        ):
            fake = with_ws.start(
                "supabase-fake",
                ["wacs.fakes.supabase_realtime:create_app_from_env", "--factory"],
                base_env()
                | {
                    "PYTHONPATH": str(SERVER_DIR),
                    "FAKE_SUPABASE_SERVICE_KEY": SERVICE_KEY,
                    "FAKE_SUPABASE_LATENCY_MS": str(args.latency_ms),
                },
            )
            without = plain_ws.start_wacs(
                plain_db,
                redis_url,
                "wacs-sem",
                PROVIDER_CALLBACK_SECRET=CALLBACK_SECRET,
                **KEEP_ALIVE,
            )
            with_supabase = with_ws.start_wacs(
                with_db,
                redis_url,
                "wacs-com",
                PROVIDER_CALLBACK_SECRET=CALLBACK_SECRET,
                SUPABASE_URL=fake.base_url,
                SUPABASE_SERVICE_KEY=SERVICE_KEY,
                SUPABASE_ALLOW_PRIVATE_URL="true",
                **KEEP_ALIVE,
            )
            wait_ready(fake, "/_fake/stats")
            wait_ready(without, "/health")
            wait_ready(with_supabase, "/health")
            print("Latência entrada → WebSocket: wacs sem × com Supabase Realtime (Realtime falso local)")
            print(f"  modo:    {mode}")
            print(
                f"  carga:   {args.n} injeções por alvo em cada fase, {args.rounds} rodadas alternadas,"
                f" lotes de {args.batch} na fase concorrente; Realtime falso com {args.latency_ms:g} ms por POST"
            )
            print(f"  máquina: {machine_line()}")
            print()
            result: int = run(benchmark(without, with_supabase, fake, args, mode))
            return result
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
