"""Teste de carga de uma implantação inteira, pela URL — para o operador dimensionar a sua (docs/dimensionamento.md).

Fala só a API pública, como um sistema cliente: login (ou chave de API), um número sandbox criado para o teste (ou
`--session-id` de um número seu), e três fases em laço fechado com `--connections` requisições simultâneas durante
`--duration` segundos cada:

1. **referência**: `GET /health` pela mesma pilha (proxy, TLS, rede, API) — o teto do caminho sem trabalho;
2. **envio**: `POST /api/v1/messages/text`, cada uma para um destinatário diferente; depois, a espera até todas as
   aceitas ficarem `sent` (contadas pelo WebSocket `/api/v1/realtime`, o mesmo que o app web usa);
3. **recebimento** (só com número sandbox): `POST /api/v1/sandbox/sessions/{id}/incoming`, a mensagem de um cliente
   entrando pelo mesmo caminho das reais; depois, a espera até todas aparecerem no WebSocket.

Imprime por fase: requisições/s, latência p50/p99, erros por status, e a razão contra a referência medida na mesma
execução (a máquina e a rede variam; a razão diz quanto do teto o trabalho de verdade consome).

`--local` sobe a implantação aqui, como o compose (job de migrations, uma API e `--workers` workers em processos
separados, PostgreSQL e Redis locais), e acrescenta o que só dá para ver de dentro: CPU de cada processo por fase
(mensagens por segundo de CPU da API e do worker — isto é, por núcleo) e o pico de conexões ao PostgreSQL por
processo.

    .venv/bin/python bench/load_test.py --local                       # dimensionamento nesta máquina
    .venv/bin/python bench/load_test.py --url http://127.0.0.1:5000 --client-id demo \\
        --email admin@demo.local --password '...'                    # uma implantação sua
    .venv/bin/python bench/load_test.py --url https://wacs.exemplo.com.br --allow-remote ...

Fora de 127.0.0.1 só com `--allow-remote` (o teste gera carga de verdade e cria um número sandbox no tenant — use
um tenant de teste). O tenant precisa de `requestsPerMinute` alto; com login de admin o teste o ajusta e devolve o
valor anterior no fim.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    CLIENT_ID,
    LOCAL_HOSTS,
    RATE_LIMIT,
    BenchError,
    Workspace,
    machine_line,
    percentile,
    process_cpu_seconds,
    python_bin,
    wacs_env,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_load"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
REDIS_PREFIX = "wacs-bench-load:"


@dataclass
class Phase:
    name: str
    requests: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    ids: list[str] = field(default_factory=list)
    settle_seconds: float | None = None  # até o último efeito (sent / recebida) aparecer no WebSocket
    cpu: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if status.startswith("2"))

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


class Target:
    """A implantação sob teste: cliente HTTP com as credenciais do tenant e o WebSocket de eventos."""

    def __init__(self, url: str, client_id: str, connections: int) -> None:
        self.url = url.rstrip("/")
        self.client_id = client_id
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self.http = httpx.AsyncClient(base_url=self.url, timeout=30, limits=limits, trust_env=False)
        self.headers: dict[str, str] = {"X-Client-Id": client_id}
        self.token: str | None = None

    async def login(self, email: str | None, password: str | None, api_key: str | None) -> None:
        if api_key:
            self.headers["X-Api-Key"] = api_key
            return
        response = await self.http.post(
            "/api/v1/auth/login", headers=self.headers, json={"email": email, "password": password}
        )
        if response.status_code != 200:
            raise BenchError(f"login falhou: {response.status_code} {response.text[:300]}")
        self.token = response.json()["accessToken"]
        self.headers["Authorization"] = f"Bearer {self.token}"

    async def ws(self) -> ClientConnection:
        if self.token is None:
            raise BenchError("o WebSocket exige login por e-mail e senha (token JWT), não chave de API")
        scheme = "wss" if self.url.startswith("https") else "ws"
        url = f"{scheme}{self.url.removeprefix('https').removeprefix('http')}/api/v1/realtime"
        socket = await connect(f"{url}?clientId={self.client_id}&token={self.token}", proxy=None, compression=None)
        first = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if first.get("type") != "ready":
            raise BenchError(f"WebSocket não ficou pronto: {first}")
        return socket

    async def close(self) -> None:
        await self.http.aclose()


class Events:
    """Conta, pelo WebSocket, mensagens que ficaram `sent` e mensagens recebidas, por id."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.sent: set[str] = set()
        self.received: set[str] = set()
        self.task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.socket:
            frame = json.loads(raw)
            data = frame.get("data") or {}
            if frame.get("type") == "message.status" and data.get("status") in {"sent", "delivered", "read"}:
                self.sent.add(data["messageId"])
            elif frame.get("type") == "message.created" and data.get("direction") == "inbound":
                self.received.add(data.get("providerMessageId") or "")

    async def close(self) -> None:
        self.task.cancel()
        await self.socket.close()


async def closed_loop(
    name: str,
    connections: int,
    duration: float,
    call: Callable[[int], Awaitable[httpx.Response]],
    keep: Callable[[httpx.Response], str | None] | None = None,
) -> Phase:
    phase = Phase(name)
    counter = iter(range(10**9))
    deadline = time.monotonic() + duration

    async def loop() -> None:
        while time.monotonic() < deadline:
            n = next(counter)
            started = time.perf_counter()
            try:
                response = await call(n)
            except httpx.HTTPError as exc:
                phase.statuses[type(exc).__name__] += 1
                continue
            phase.latencies_ms.append((time.perf_counter() - started) * 1000)
            phase.statuses[str(response.status_code)] += 1
            if keep is not None and response.is_success:
                kept = keep(response)
                if kept:
                    phase.ids.append(kept)

    started = time.monotonic()
    await asyncio.gather(*(loop() for _ in range(connections)))
    phase.seconds = time.monotonic() - started
    phase.requests = sum(phase.statuses.values())
    return phase


async def settle(phase: Phase, seen: set[str], started: float, within: float) -> None:
    """Espera até todos os ids da fase aparecerem no WebSocket (ou o prazo acabar)."""
    wanted = set(phase.ids)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if wanted <= seen:
            phase.settle_seconds = time.monotonic() - started
            return
        await asyncio.sleep(0.05)
    missing = len(wanted - seen)
    print(f"aviso: {missing} de {len(wanted)} ({phase.name}) não apareceram no WebSocket em {within:.0f} s")


# ------------------------------------------------------------------------------------- implantação local (sizing)


class LocalDeployment:
    """Como o compose: migrations num processo que termina, uma API (sem worker embutido) e N workers."""

    def __init__(self, workers: int, database_url: str, redis_url: str) -> None:
        self.workspace = Workspace(embedded=False, databases=[database_url], redis_url=redis_url)
        self.workspace.redis_prefix = REDIS_PREFIX
        self.workers_count = workers
        self.database_url = database_url
        self.redis_url = redis_url
        self.workers: list[subprocess.Popen[bytes]] = []
        self.pids: dict[str, int] = {}

    def __enter__(self) -> LocalDeployment:
        ws = self.workspace.__enter__()
        env = wacs_env(ws.work_dir / "data", self.database_url, self.redis_url, REDIS_PREFIX)
        env |= {"RUN_MIGRATIONS_ON_STARTUP": "false", "JWT_SECRET": uuid.uuid4().hex * 2}
        migrate = subprocess.run(
            [python_bin(), "-m", "wacs", "migrate"], cwd=ws.work_dir, env=env, capture_output=True, timeout=300
        )
        if migrate.returncode != 0:
            raise BenchError(f"migrations falharam: {migrate.stderr.decode(errors='replace')[-2000:]}")
        api = ws.start("api", ["wacs.main:create_app", "--factory"], env | {"RUN_WORKER": "false"})
        self.url = api.base_url
        self.pids["api"] = api.process.pid
        for index in range(self.workers_count):
            log = (ws.work_dir / f"worker-{index}.log").open("wb")
            worker = subprocess.Popen(
                [python_bin(), "-m", "wacs", "worker"], cwd=ws.work_dir, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            self.workers.append(worker)
            self.pids[f"worker-{index}"] = worker.pid
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            worker.terminate()
            try:
                worker.wait(15)
            except subprocess.TimeoutExpired:
                worker.kill()
        self.workspace.__exit__(None, None, None)

    def cpu(self) -> dict[str, float]:
        return {name: process_cpu_seconds(pid) or 0.0 for name, pid in self.pids.items()}

    def pg_connections(self) -> dict[str, int]:
        """Conexões TCP de cada processo com o PostgreSQL agora (pelo `ss`, com o pid dono de cada socket)."""
        port = urlsplit(self.database_url).port or 5432
        try:
            out = subprocess.run(
                ["ss", "-Htnp", "state", "established", f"( dport = :{port} )"],
                capture_output=True,
                text=True,
                timeout=5,
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            return {}
        owners = Counter(int(pid) for pid in re.findall(r"pid=(\d+)", out))
        return {name: owners.get(pid, 0) for name, pid in self.pids.items()}


async def wait_healthy(url: str, within: float = 120) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient(trust_env=False, timeout=5) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.get(f"{url}/health/ready")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.3)
    raise BenchError(f"{url} não ficou pronto em {within:.0f} s")


# ---------------------------------------------------------------------------------------------------- execução


async def run_load(args: argparse.Namespace, local: LocalDeployment | None) -> list[Phase]:
    target = Target(args.url, args.client_id, args.connections)
    peaks: Counter[str] = Counter()
    sampling = True

    async def sample_connections() -> None:
        while sampling and local is not None:
            for name, count in local.pg_connections().items():
                peaks[name] = max(peaks[name], count)
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample_connections())
    previous_limit: int | None = None
    try:
        await wait_healthy(target.url)
        await target.login(args.email, args.password, args.api_key)
        settings = await target.http.get("/api/v1/tenant/settings", headers=target.headers)
        if settings.status_code == 200:
            previous_limit = settings.json().get("requestsPerMinute")
            await target.http.put(
                "/api/v1/tenant/settings", headers=target.headers, json={"requestsPerMinute": RATE_LIMIT}
            )
        session_id = args.session_id
        sandbox = session_id is None
        if sandbox:
            created = await target.http.post(
                "/api/v1/sessions/initialize",
                headers=target.headers,
                json={
                    "phoneNumber": "5511900009999",
                    "provider": "sandbox",
                    "name": "Teste de carga",
                    "config": {"messagesPerSecond": 1000, "deliveredAfterSeconds": 3600, "autoRead": False},
                },
            )
            if created.status_code != 200:
                raise BenchError(f"não foi possível criar o número sandbox: {created.status_code} {created.text}")
            session_id = created.json()["id"]
        events = Events(await target.ws())
        phases: list[Phase] = []

        async def measured(phase_call: Callable[[], Awaitable[Phase]]) -> Phase:
            before = local.cpu() if local else {}
            phase = await phase_call()
            if phase.name == "envio":
                await settle(phase, events.sent, time.monotonic() - phase.seconds, args.settle_timeout)
            elif phase.name == "recebimento":
                await settle(phase, events.received, time.monotonic() - phase.seconds, args.settle_timeout)
            if local:
                after = local.cpu()
                phase.cpu = {name: after[name] - before.get(name, 0.0) for name in after}
            return phase

        phases.append(
            await measured(
                lambda: closed_loop("referência", args.connections, args.duration, lambda n: target.http.get("/health"))
            )
        )

        def send(n: int) -> Awaitable[httpx.Response]:
            body = {"to": f"55119{n:08d}", "content": f"Teste de carga {n}", "sessionId": session_id}
            return target.http.post("/api/v1/messages/text", headers=target.headers, json=body)

        phases.append(
            await measured(
                lambda: closed_loop(
                    "envio", args.connections, args.duration, send, keep=lambda r: r.json().get("messageId")
                )
            )
        )
        if sandbox:

            def incoming(n: int) -> Awaitable[httpx.Response]:
                # Sem `messageId`: o id devolvido é o do provedor, o mesmo que o evento `message.created` leva.
                body = {"from": f"55219{n:08d}", "text": f"Cliente {n}"}
                return target.http.post(
                    f"/api/v1/sandbox/sessions/{session_id}/incoming", headers=target.headers, json=body
                )

            phases.append(
                await measured(
                    lambda: closed_loop(
                        "recebimento",
                        args.connections,
                        args.duration,
                        incoming,
                        keep=lambda r: r.json().get("messageId"),
                    )
                )
            )
        await events.close()
        if sandbox:
            await target.http.delete(
                "/api/v1/sessions/disconnect", headers=target.headers, params={"sessionId": session_id}
            )
        return phases
    finally:
        sampling = False
        sampler.cancel()
        if previous_limit is not None:
            await target.http.put(
                "/api/v1/tenant/settings", headers=target.headers, json={"requestsPerMinute": previous_limit}
            )
        await target.close()
        if local is not None:
            print(f"pico de conexões ao PostgreSQL por processo: {dict(peaks)}")


def report(phases: list[Phase], local: bool) -> None:
    baseline = phases[0].rate
    print()
    print(f"{'fase':<12} {'req/s':>9} {'razão':>7} {'p50 ms':>8} {'p99 ms':>8} {'até o fim s':>12}  status")
    for phase in phases:
        ratio = phase.rate / baseline if baseline else 0.0
        settle_text = f"{phase.settle_seconds:.1f}" if phase.settle_seconds is not None else "-"
        print(
            f"{phase.name:<12} {phase.rate:>9.1f} {ratio:>7.2f} {percentile(phase.latencies_ms, 0.5):>8.1f} "
            f"{percentile(phase.latencies_ms, 0.99):>8.1f} {settle_text:>12}  {dict(phase.statuses)}"
        )
    if not local:
        return
    print()
    print("por núcleo (mensagens por segundo de CPU de cada processo, na fase e na espera até o fim):")
    for phase in phases[1:]:
        api = phase.cpu.get("api", 0.0)
        workers = sum(v for k, v in phase.cpu.items() if k.startswith("worker"))
        done = len(phase.ids)
        per_api = done / api if api else 0.0
        per_worker = done / workers if workers else 0.0
        per_total = done / (api + workers) if api + workers else 0.0
        print(
            f"  {phase.name:<12} {done} mensagens; API {api:.1f} s de CPU → {per_api:.0f}/s por núcleo; "
            f"worker {workers:.1f} s → {per_worker:.0f}/s por núcleo; juntos {per_total:.0f}/s por núcleo"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--url", help="URL base da implantação (ex.: http://127.0.0.1:5000)")
    parser.add_argument("--local", action="store_true", help="sobe a implantação aqui (API + workers separados)")
    parser.add_argument("--workers", type=int, default=1, help="workers no --local (padrão 1)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL do --local (recriado)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis do --local")
    parser.add_argument("--client-id", default=CLIENT_ID)
    parser.add_argument("--email", default=ADMIN_EMAIL)
    parser.add_argument("--password", default=os.environ.get("WACS_PASSWORD", ADMIN_PASSWORD))
    parser.add_argument("--api-key", default=os.environ.get("WACS_API_KEY"), help="no lugar de e-mail e senha")
    parser.add_argument("--session-id", help="número existente (sem ele, cria um sandbox e mede também o recebimento)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=15.0, help="segundos por fase")
    parser.add_argument("--settle-timeout", type=float, default=120.0)
    parser.add_argument("--allow-remote", action="store_true", help="permite URL fora de 127.0.0.1")
    args = parser.parse_args()
    if args.local == bool(args.url):
        parser.error("informe --url ou --local (um dos dois)")
    if args.url and urlsplit(args.url).hostname not in LOCAL_HOSTS and not args.allow_remote:
        parser.error("URL fora de 127.0.0.1: confirme com --allow-remote (gera carga de verdade)")
    print(machine_line())
    try:
        if args.local:
            with LocalDeployment(args.workers, args.database_url, args.redis_url) as local:
                args.url = local.url
                phases = asyncio.run(run_load(args, local))
                report(phases, local=True)
        else:
            phases = asyncio.run(run_load(args, None))
            report(phases, local=False)
    except BenchError as exc:
        sys.exit(f"erro: {exc}")


if __name__ == "__main__":
    main()
