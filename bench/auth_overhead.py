"""Benchmark: quanto custa a autenticação (tenant + credencial + limite de taxa) numa rota barata.

Compara, na MESMA execução e na mesma máquina:

* `GET /bare` de uma aplicação FastAPI mínima (`bench/bare_app.py`), que não faz nada;
* `GET /api/v1/api-keys/scopes` do wacs com um token JWT (rota barata: só autenticação, tenant e limite de taxa);
* `GET /api/v1/auth/me` do wacs com uma chave de API (para chaves, `/me` não consulta o banco).

Os dois servidores são processos uvicorn de verdade (1 worker, `--no-access-log`, log `warning`) em portas livres de
127.0.0.1. O gerador de carga é asyncio + httpx com concorrência e duração fixas; as rodadas se alternam
(bare, JWT, chave, bare, JWT, chave…) para diluir ruído, e a razão autenticado/bare é a mediana das rodadas.

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench` (banco recriado e apagado pelo benchmark) e Redis
`redis://127.0.0.1:6379/14` (as chaves `wacs:*` desse banco são apagadas). `--embedded` usa SQLite num diretório
temporário e o cache em processo.

Uso: `make bench` ou `.venv/bin/python bench/auth_overhead.py [--embedded] [--concurrency 32] [--duration 10]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx
from _common import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    CLIENT_ID,
    DEFAULT_DATABASE_URL,
    DEFAULT_REDIS_URL,
    RATE_LIMIT,
    REQUEST_TIMEOUT,
    BenchError,
    Server,
    Workspace,
    fmt,
    machine_line,
    percentile,
    require_local,
    require_loopback_url,
    run,
    wait_ready,
)

# ------------------------------------------------------------------------------------------------------ carga


@dataclass
class Target:
    key: str
    label: str
    server: Server
    path: str
    headers: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.base_url + self.path


@dataclass
class Measurement:
    target: str
    ok: int
    elapsed: float
    latencies: list[float]
    statuses: Counter[int]
    transport_errors: int
    cpu: float | None

    @property
    def rps(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    @property
    def failures(self) -> int:
        return self.transport_errors + sum(n for code, n in self.statuses.items() if code != 200)

    @property
    def cpu_us_per_request(self) -> float | None:
        total = self.ok + self.failures
        return None if self.cpu is None or not total else self.cpu / total * 1e6


async def run_load(clients: list[httpx.AsyncClient], target: Target, duration: float) -> Measurement:
    """Um laço fechado por cliente durante `duration` segundos; cada laço só envia a próxima após a resposta.

    Cada laço tem o seu `AsyncClient` (uma conexão keep-alive): um pool único de 32 conexões no httpx disputa um
    lock interno e limita o próprio cliente a poucas centenas de req/s, o que esconderia a diferença medida.
    """
    require_loopback_url(target.url)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    transport_errors = 0
    cpu_before = target.server.cpu_seconds()
    started = time.perf_counter()
    deadline = started + duration

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal transport_errors
        while True:
            sent = time.perf_counter()
            if sent >= deadline:
                return
            try:
                response = await client.get(target.url, headers=target.headers)
            except httpx.HTTPError:
                transport_errors += 1
                continue
            latencies.append(time.perf_counter() - sent)
            statuses[response.status_code] += 1

    await asyncio.wait_for(asyncio.gather(*(worker(c) for c in clients)), duration + REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    cpu_after = target.server.cpu_seconds()
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return Measurement(target.key, statuses[200], elapsed, latencies, statuses, transport_errors, cpu)


async def prepare_wacs(base_url: str) -> tuple[str, str]:
    """Login do admin inicial, limite de taxa no máximo e uma chave de API; devolve (JWT, chave)."""
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-Client-Id": CLIENT_ID}, timeout=30, trust_env=False
    ) as client:
        response = await client.post("/api/v1/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
        if response.status_code != 200:
            raise BenchError(f"login do admin falhou: {response.status_code} {response.text}")
        token = response.json()["accessToken"]
        auth = {"Authorization": f"Bearer {token}"}
        response = await client.put("/api/v1/tenant/settings", json={"requestsPerMinute": RATE_LIMIT}, headers=auth)
        if response.status_code != 200:
            raise BenchError(f"não foi possível ajustar o limite de taxa: {response.status_code} {response.text}")
        response = await client.post(
            "/api/v1/api-keys", json={"name": "benchmark", "scopes": ["messages:read"]}, headers=auth
        )
        if response.status_code != 201:
            raise BenchError(f"não foi possível criar a chave de API: {response.status_code} {response.text}")
        api_key = response.json()["key"]
        for headers in (auth, {"X-Api-Key": api_key}):
            response = await client.get("/api/v1/auth/me", headers=headers)
            if response.status_code != 200:
                raise BenchError(f"GET /api/v1/auth/me falhou na preparação: {response.status_code} {response.text}")
            if response.headers.get("x-ratelimit-limit") != str(RATE_LIMIT):
                raise BenchError("o novo limite de taxa do tenant não entrou em vigor")
    return token, api_key


@dataclass
class Plan:
    targets: list[Target]
    concurrency: int
    duration: float
    warmup: float
    rounds: int
    results: dict[str, list[Measurement]] = field(default_factory=dict)


async def measure(plan: Plan) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = {
        t.key: [
            httpx.AsyncClient(limits=limits, timeout=REQUEST_TIMEOUT, trust_env=False) for _ in range(plan.concurrency)
        ]
        for t in plan.targets
    }
    try:
        if plan.warmup > 0:
            for target in plan.targets:
                await run_load(clients[target.key], target, plan.warmup)
        for number in range(1, plan.rounds + 1):
            for target in plan.targets:
                result = await run_load(clients[target.key], target, plan.duration)
                plan.results.setdefault(target.key, []).append(result)
                print(
                    f"  rodada {number}/{plan.rounds}  {target.label:<34} {result.rps:>9.0f} req/s"
                    f"  p50 {percentile(result.latencies, 0.5) * 1000:6.2f} ms"
                    f"  p99 {percentile(result.latencies, 0.99) * 1000:6.2f} ms"
                    + (f"  FALHAS {result.failures} {dict(result.statuses)}" if result.failures else ""),
                    flush=True,
                )
    finally:
        for group in clients.values():
            for client in group:
                await client.aclose()


# ----------------------------------------------------------------------------------------------------- relatório


def report(plan: Plan, mode: str) -> int:
    bare = plan.results["bare"]
    print()
    print("Resumo (req/s: mediana das rodadas; latência: todas as requisições das rodadas)")
    header = f"  {'alvo':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU servidor/req':>17} {'razão':>7}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    failures = 0
    ratios: dict[str, float] = {}
    for target in plan.targets:
        runs = plan.results[target.key]
        failures += sum(r.failures for r in runs)
        latencies = [x for r in runs for x in r.latencies]
        cpu_values = [r.cpu_us_per_request for r in runs if r.cpu_us_per_request is not None]
        per_round = [r.rps / b.rps for r, b in zip(runs, bare, strict=True) if b.rps]
        ratio = statistics.median(per_round) if per_round else float("nan")
        ratios[target.key] = ratio
        print(
            f"  {target.label:<34} {statistics.median(r.rps for r in runs):>9.0f}"
            f" {percentile(latencies, 0.5) * 1000:>8.2f} {percentile(latencies, 0.99) * 1000:>8.2f}"
            f" {fmt(statistics.median(cpu_values) if cpu_values else None, '>14.0f')} µs {ratio:>7.2f}"
        )
    print()
    print(f"Razão autenticado/bare (mediana das {plan.rounds} rodadas, {mode}):")
    print(f"  JWT:          {ratios['jwt']:.2f}  (o wacs atende {ratios['jwt'] * 100:.0f}% das req/s do FastAPI puro)")
    print(f"  chave de API: {ratios['api_key']:.2f}  ({ratios['api_key'] * 100:.0f}% das req/s do FastAPI puro)")
    print()
    print(
        "Notas: o gerador de carga (Python) divide a máquina com os servidores, então o req/s do bare tende a ser\n"
        "limitado pelo cliente e a razão fica otimista; a coluna 'CPU servidor/req' mede só o processo uvicorn\n"
        "(não inclui PostgreSQL/Redis) e independe do cliente."
    )
    if failures:
        print(f"\nATENÇÃO: {failures} requisição(ões) falharam ou não devolveram 200; o resultado não é confiável.")
        return 1
    return 0


# --------------------------------------------------------------------------------------------------- principal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Sobrecarga da autenticação do wacs contra um FastAPI puro.")
    parser.add_argument("--embedded", action="store_true", help="SQLite em diretório temporário + cache em processo")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument("--concurrency", type=int, default=32, help="requisições simultâneas (padrão 32)")
    parser.add_argument("--duration", type=float, default=10.0, help="segundos por medição (padrão 10)")
    parser.add_argument("--warmup", type=float, default=2.0, help="aquecimento por alvo, em segundos (padrão 2)")
    parser.add_argument("--rounds", type=int, default=3, help="rodadas alternadas (padrão 3)")
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 1024:
        parser.error("--concurrency deve estar entre 1 e 1024")
    if not 1 <= args.duration <= 600:
        parser.error("--duration deve estar entre 1 e 600 segundos")
    if not 0 <= args.warmup <= 60:
        parser.error("--warmup deve estar entre 0 e 60 segundos")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds deve estar entre 1 e 20")
    return args


def main() -> int:
    args = parse_args()
    database_url = "" if args.embedded else args.database_url
    redis_url = "" if args.embedded else args.redis_url
    mode = "SQLite + cache em processo" if args.embedded else "PostgreSQL + Redis"

    try:
        if not args.embedded:
            require_local(database_url, "--database-url")
            require_local(redis_url, "--redis-url")
        with Workspace(
            args.embedded, databases=[database_url] if database_url else [], redis_url=redis_url
        ) as workspace:
            wacs = workspace.start_wacs(database_url, redis_url)
            bare = workspace.start_bench_app("bare", "bare_app")
            wait_ready(wacs, "/health")
            wait_ready(bare, "/bare")
            token, api_key = run(prepare_wacs(wacs.base_url))

            tenant = {"X-Client-Id": CLIENT_ID}
            plan = Plan(
                targets=[
                    Target("bare", "GET /bare (FastAPI puro)", bare, "/bare", {}),
                    Target(
                        "jwt",
                        "GET /api/v1/api-keys/scopes (JWT)",
                        wacs,
                        "/api/v1/api-keys/scopes",
                        tenant | {"Authorization": f"Bearer {token}"},
                    ),
                    Target(
                        "api_key",
                        "GET /api/v1/auth/me (chave de API)",
                        wacs,
                        "/api/v1/auth/me",
                        tenant | {"X-Api-Key": api_key},
                    ),
                ],
                concurrency=args.concurrency,
                duration=args.duration,
                warmup=args.warmup,
                rounds=args.rounds,
            )
            print("Sobrecarga da autenticação: wacs × FastAPI puro")
            print(f"  modo:   {mode}" + ("" if args.embedded else f" ({database_url}, {redis_url})"))
            print(
                f"  carga:  {args.concurrency} requisições simultâneas, {args.rounds} rodadas × {args.duration:g} s"
                f" por alvo, aquecimento {args.warmup:g} s"
            )
            print(f"  máquina: {machine_line()}")
            print()
            run(measure(plan))
            return report(plan, mode)
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
