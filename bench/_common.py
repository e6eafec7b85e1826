"""Peças comuns dos benchmarks: servidores uvicorn de verdade, banco e Redis descartáveis, preparação do wacs.

Tudo roda em 127.0.0.1: os servidores sobem em portas livres, com `DATA_DIR` num diretório temporário; o banco
PostgreSQL do benchmark é criado e apagado pelo próprio benchmark e as chaves do Redis (com o prefixo do
benchmark) são apagadas antes e depois. Nada aqui é importado pelo serviço.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from urllib.parse import urlsplit

import _loadgen
import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
SERVER_DIR = ROOT / "server"

LOOPBACK = "127.0.0.1"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
DEFAULT_REDIS_PREFIX = "wacs:"
CLIENT_ID = "demo"
ADMIN_EMAIL = "admin@demo.local"
ADMIN_PASSWORD = "senha-do-benchmark-123"
RATE_LIMIT = 100_000  # máximo aceito em requestsPerMinute: o limite não pode disparar durante a medição
STARTUP_TIMEOUT = 120.0
REQUEST_TIMEOUT = 10.0
SANDBOX_PHONE = "5511988880000"


class BenchError(RuntimeError):
    """Falha de preparação do benchmark, com mensagem em pt-BR para o operador."""


# --------------------------------------------------------------------------------------------------- processos


def python_bin() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def base_env() -> dict[str, str]:
    """Ambiente mínimo: nada herdado que mude a configuração dos servidores (DATABASE_URL, proxies…)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    if "HOME" in os.environ:
        env["HOME"] = os.environ["HOME"]
    return env


def process_cpu_seconds(pid: int) -> float | None:
    """CPU (usuário + sistema) consumida por um processo; só no Linux."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw.rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    log_file: IO[bytes]

    @property
    def port(self) -> int:
        return int(urlsplit(self.base_url).port or 0)

    @property
    def ws_url(self) -> str:
        return "ws" + self.base_url.removeprefix("http")

    def cpu_seconds(self) -> float | None:
        """CPU (usuário + sistema) consumida pelo processo do servidor; só no Linux."""
        return process_cpu_seconds(self.process.pid)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(log indisponível)"

    def stop(self) -> None:
        stop_process(self.process)
        self.log_file.close()


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (parada limpa); se não terminar em 15 s, SIGKILL."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def start_server(name: str, app_args: list[str], env: dict[str, str], cwd: Path, work_dir: Path) -> Server:
    port = free_port()
    log_path = work_dir / f"{name}.log"
    log_file = log_path.open("wb")
    command = [
        python_bin(),
        "-m",
        "uvicorn",
        *app_args,
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    return Server(name, process, f"http://{LOOPBACK}:{port}", log_path, log_file)


class RawHttp:
    """POST HTTP/1.1 keep-alive mínimo (o protocolo de `bench/_loadgen.py`), com até `size` conexões por servidor,
    devolvendo o status.

    Cliente, servidores, PostgreSQL e Redis dividem 2 núcleos: com o httpx o próprio cliente gastava ~2,8 ms de CPU
    por requisição (tanto quanto o wacs), e essa CPU faltava aos servidores. Use igual para todos os alvos."""

    def __init__(self, server: Server, size: int) -> None:
        require_loopback_url(server.base_url)
        self.host, self.port = LOOPBACK, server.port
        self.size = size
        self.opened: list[_loadgen.Connection] = []
        self.idle: asyncio.Queue[_loadgen.Connection] = asyncio.Queue()

    async def _acquire(self) -> _loadgen.Connection:
        while not self.idle.empty():
            connection = self.idle.get_nowait()
            if not connection.closed:
                return connection
        if len(self.opened) < self.size:
            connection = await _loadgen.open_connection(self.host, self.port)
            self.opened.append(connection)
            return connection
        return await self.idle.get()

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        lines = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        connection = await self._acquire()
        try:
            return await asyncio.wait_for(
                connection.request(("\r\n".join(lines) + "\r\n\r\n").encode() + body), REQUEST_TIMEOUT
            )
        finally:
            self.idle.put_nowait(connection)

    def close(self) -> None:
        for connection in self.opened:
            connection.close()


def wait_ready(server: Server, path: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx.Client(base_url=server.base_url, timeout=2.0, trust_env=False) as client:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise BenchError(f"o servidor {server.name} terminou ao iniciar:\n{server.log_tail()}")
            try:
                if client.get(path).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
    raise BenchError(f"o servidor {server.name} não respondeu em {STARTUP_TIMEOUT:.0f} s:\n{server.log_tail()}")


def require_loopback_url(url: str) -> None:
    if urlsplit(url).hostname != LOOPBACK:
        raise BenchError(f"alvo fora de 127.0.0.1 recusado: {url}")


# ------------------------------------------------------------------------------------------ PostgreSQL e Redis


def require_local(url: str, what: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOCAL_HOSTS:
        raise BenchError(f"{what} precisa apontar para 127.0.0.1 (o benchmark apaga dados de lá): {url}")


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise BenchError(f"nome de banco inválido para o benchmark: {name!r}")
    return name


def sibling_database(url: str, suffix: str) -> str:
    """Outro banco no mesmo servidor PostgreSQL (ex.: o da aplicação de referência)."""
    parts = urlsplit(url)
    return parts._replace(path=f"/{database_name(url)}{suffix}").geturl()


def asyncpg_url(url: str) -> str:
    """URL aceita pelo asyncpg (sem o `+driver` do SQLAlchemy)."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.split('+', 1)[0]}{sep}{rest}"


def sqlalchemy_url(url: str) -> str:
    return "postgresql+asyncpg://" + asyncpg_url(url).partition("://")[2]


async def recreate_database(url: str, *, create: bool) -> None:
    import asyncpg

    name = database_name(url)
    admin_url = urlsplit(asyncpg_url(url))._replace(path="/postgres").geturl()
    try:
        conn = await asyncpg.connect(admin_url, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        raise BenchError(f"PostgreSQL inacessível em {admin_url} ({exc}). Use --embedded para SQLite.") from exc
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def clear_redis(url: str, prefix: str = DEFAULT_REDIS_PREFIX) -> None:
    from redis.asyncio import Redis

    if not re.fullmatch(r"[A-Za-z0-9_.:-]+", prefix):
        raise BenchError(f"prefixo de Redis inválido para o benchmark: {prefix!r}")
    redis = Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*", count=1000)]
        for start in range(0, len(keys), 1000):
            await redis.delete(*keys[start : start + 1000])
    except Exception as exc:
        raise BenchError(f"Redis inacessível em {url} ({exc}). Use --embedded para o cache em processo.") from exc
    finally:
        await redis.aclose()


# -------------------------------------------------------------------------------------------------- ambiente


@dataclass
class Workspace:
    """Diretório temporário, bancos e Redis do benchmark, e os servidores iniciados; tudo desfeito ao sair.

    Uso: `with Workspace(...) as ws: ws.start(...)`. Os bancos em `databases` são recriados na entrada e apagados na
    saída; as chaves `redis_prefix*` do Redis são apagadas nos dois momentos.
    """

    embedded: bool
    databases: list[str] = field(default_factory=list)
    redis_url: str = ""
    redis_prefix: str = DEFAULT_REDIS_PREFIX
    work_dir: Path = field(init=False)
    servers: list[Server] = field(default_factory=list, init=False)
    _created: list[str] = field(default_factory=list, init=False)

    def __enter__(self) -> Workspace:
        self.work_dir = Path(tempfile.mkdtemp(prefix="wacs-bench-"))
        try:
            if not self.embedded:
                for url in self.databases:
                    require_local(url, "o banco do benchmark")
                    run(recreate_database(url, create=True))
                    self._created.append(url)
                if self.redis_url:
                    require_local(self.redis_url, "o Redis do benchmark")
                    run(clear_redis(self.redis_url, self.redis_prefix))
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def start(self, name: str, app_args: list[str], env: dict[str, str]) -> Server:
        # O diretório de trabalho é o temporário: um `.env` do repositório não interfere.
        server = start_server(name, app_args, env, self.work_dir, self.work_dir)
        self.servers.append(server)
        return server

    def start_wacs(self, database_url: str, redis_url: str, name: str = "wacs", **extra: str) -> Server:
        """O wacs como `make run` o sobe (worker embutido, salvo `RUN_WORKER=false` em `extra`).

        `DATA_DIR` é `<temporário>/data-<name>`: instâncias com nomes diferentes não dividem o SQLite nem a mídia.
        """
        env = wacs_env(self.work_dir / f"data-{name}", database_url, redis_url, self.redis_prefix) | extra
        return self.start(name, ["wacs.main:create_app", "--factory"], env)

    def start_bench_app(self, name: str, module: str, **extra: str) -> Server:
        return self.start(name, [f"{module}:app", "--app-dir", str(BENCH_DIR)], base_env() | extra)

    def close(self) -> None:
        for server in self.servers:
            server.stop()
        self.servers.clear()
        try:
            for url in self._created:
                run(recreate_database(url, create=False))
            if self._created and self.redis_url:
                run(clear_redis(self.redis_url, self.redis_prefix))
        except BenchError as exc:
            print(f"aviso: não foi possível limpar o banco ou o Redis do benchmark: {exc}", file=sys.stderr)
        self._created.clear()
        if hasattr(self, "work_dir"):
            shutil.rmtree(self.work_dir, ignore_errors=True)


def wacs_env(
    data_dir: Path, database_url: str, redis_url: str, redis_prefix: str = DEFAULT_REDIS_PREFIX
) -> dict[str, str]:
    """Ambiente do processo wacs: produção, admin inicial conhecido, log só de avisos; o resto nos padrões."""
    return base_env() | {
        "PYTHONPATH": str(SERVER_DIR),
        "ENVIRONMENT": "production",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "REDIS_PREFIX": redis_prefix,
        "BOOTSTRAP_TENANT_ID": CLIENT_ID,
        "BOOTSTRAP_ADMIN_EMAIL": ADMIN_EMAIL,
        "BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "ACCESS_TOKEN_TTL_SECONDS": "3600",
        "LOG_LEVEL": "WARNING",
        "METRICS_TOKEN": "",
    }


# ------------------------------------------------------------------------------------------ preparação do wacs


def tenant_client(base_url: str, timeout: float = 30.0) -> httpx.AsyncClient:
    require_loopback_url(base_url)
    return httpx.AsyncClient(base_url=base_url, headers={"X-Client-Id": CLIENT_ID}, timeout=timeout, trust_env=False)


async def login(client: httpx.AsyncClient) -> str:
    """Login do admin inicial; devolve o token de acesso."""
    response = await client.post("/api/v1/auth/login", json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})
    if response.status_code != 200:
        raise BenchError(f"login do admin falhou: {response.status_code} {response.text}")
    return str(response.json()["accessToken"])


async def raise_rate_limit(client: httpx.AsyncClient, auth: dict[str, str]) -> None:
    response = await client.put("/api/v1/tenant/settings", json={"requestsPerMinute": RATE_LIMIT}, headers=auth)
    if response.status_code != 200:
        raise BenchError(f"não foi possível ajustar o limite de taxa: {response.status_code} {response.text}")


async def connect_sandbox(
    client: httpx.AsyncClient, auth: dict[str, str], messages_per_second: float = 1000
) -> dict[str, Any]:
    """Conecta o número simulado (sandbox) com o limite de envio pedido; devolve a sessão."""
    response = await client.post(
        "/api/v1/sessions/initialize",
        json={
            "phoneNumber": SANDBOX_PHONE,
            "provider": "sandbox",
            "config": {"messagesPerSecond": messages_per_second},
        },
        headers=auth,
    )
    if response.status_code != 200:
        raise BenchError(f"não foi possível conectar o número sandbox: {response.status_code} {response.text}")
    session: dict[str, Any] = response.json()
    if session.get("status") != "connected":
        raise BenchError(f"o número sandbox não ficou conectado: {session}")
    return session


@dataclass
class WacsAccess:
    token: str
    session_id: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Client-Id": CLIENT_ID, "Authorization": f"Bearer {self.token}"}


async def prepare_tenant(client: httpx.AsyncClient, provider: str) -> WacsAccess:
    """Login e limite de taxa no máximo, sem sessão; o `provider` precisa estar instalado no wacs."""
    token = await login(client)
    auth = {"Authorization": f"Bearer {token}"}
    await raise_rate_limit(client, auth)
    response = await client.get("/api/v1/auth/me", headers=auth)
    if response.headers.get("x-ratelimit-limit") != str(RATE_LIMIT):
        raise BenchError("o novo limite de taxa do tenant não entrou em vigor")
    response = await client.get("/api/v1/sessions/providers", headers=auth)
    if response.status_code != 200:
        raise BenchError(f"GET /api/v1/sessions/providers devolveu {response.status_code}: {response.text[:300]}")
    providers = {item["type"] for item in response.json()}
    if provider not in providers:
        raise BenchError(f"o wacs não instalou o provedor {provider}; provedores: {sorted(providers)}")
    return WacsAccess(token, "")


async def prepare_sandbox_tenant(base_url: str, messages_per_second: float = 1000) -> WacsAccess:
    """Login, limite de taxa no máximo e número sandbox conectado: o tenant pronto para enviar e receber."""
    async with tenant_client(base_url) as client:
        token = await login(client)
        auth = {"Authorization": f"Bearer {token}"}
        await raise_rate_limit(client, auth)
        session = await connect_sandbox(client, auth, messages_per_second)
        response = await client.get("/api/v1/auth/me", headers=auth)
        if response.headers.get("x-ratelimit-limit") != str(RATE_LIMIT):
            raise BenchError("o novo limite de taxa do tenant não entrou em vigor")
    return WacsAccess(token, str(session["id"]))


# ----------------------------------------------------------------------------------------------------- números


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def print_table(title: str, rows: list[tuple[str, str, str, str, str]]) -> None:
    """A tabela "Resultado" dos benchmarks: medida, medido, meta, razão, situação (colunas na largura do conteúdo)."""
    header = ("medida", "medido", "meta", "razão", "situação")
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    print(title)
    for row in (header, None, *rows):
        if row is None:
            print(f"  {'-' * (sum(widths) + 8 + 4)}")
            continue
        print(f"  {row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]:>{widths[3]}}  {row[4]}")


def fmt(value: float | None, pattern: str) -> str:
    return "—" if value is None else format(value, pattern)


def run(coro: Coroutine[Any, Any, Any]) -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def machine_line() -> str:
    import platform

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPU(s), Python {platform.python_version()}, servidores uvicorn com 1 worker;"
        f" carga média da máquina ao iniciar (1/5/15 min): {load}"
    )
