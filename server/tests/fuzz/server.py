"""Um processo real do serviço (`python -m wacs serve`) só para o fuzzing: banco, cache, porta e log próprios."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.databases import REDIS_URL, clear_redis, database_url, drop_database, ping_redis, recreate_database

SERVER_DIR = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "admin@fuzz.local"
ADMIN_PASSWORD = "senha-do-fuzzing-123"
TENANT = "fuzz"
# O Database Webhook do Supabase ligado: o fuzzing passa do 404/401 e exercita a validação do corpo.
SUPABASE_WEBHOOK_SECRET = "segredo-do-fuzzing-supabase"
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Backend:
    """Onde o serviço do fuzzing guarda os dados: SQLite num arquivo temporário, ou PostgreSQL + Redis locais."""

    name: str
    data_dir: Path
    database: str | None = None  # banco PostgreSQL próprio (criado e apagado aqui)
    redis_prefix: str | None = None

    @property
    def env(self) -> dict[str, str]:
        if self.database is None:
            return {"DATABASE_URL": "", "REDIS_URL": ""}
        return {
            "DATABASE_URL": database_url(self.database),
            "REDIS_URL": REDIS_URL,
            "REDIS_PREFIX": self.redis_prefix or "",
        }


async def _create(backend: Backend) -> None:
    assert backend.database is not None
    await recreate_database(backend.database)
    await ping_redis()


async def _drop(backend: Backend) -> None:
    assert backend.database is not None
    await drop_database(backend.database)
    await clear_redis(backend.redis_prefix or "")


@contextmanager
def backend(name: str, data_dir: Path) -> Iterator[Backend]:
    """Prepara (e no fim apaga) o armazenamento do fuzzing. PostgreSQL fora do ar sobe como OSError/PostgresError."""
    if name != "postgres":
        yield Backend(name, data_dir)
        return
    run = f"{os.getpid()}"
    chosen = Backend(name, data_dir, database=f"wacs_fuzz_{run}", redis_prefix=f"wacs-fuzz-{run}:")
    assert chosen.database is not None
    asyncio.run(_create(chosen))
    try:
        yield chosen
    finally:
        asyncio.run(_drop(chosen))


@dataclass
class Server:
    url: str
    log_path: Path
    process: subprocess.Popen[bytes] = field(repr=False)


@contextmanager
def serve(storage: Backend, log_path: Path, *, run_worker: bool) -> Iterator[Server]:
    """Sobe `python -m wacs serve` em 127.0.0.1 numa porta livre e espera o /health; no fim, encerra o processo."""
    port = free_port()
    # Ambiente limpo: nada da máquina (DATABASE_URL, MEDIA_STORAGE, JWT_SECRET...) vaza para o serviço do fuzzing.
    inherited = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TZ") if name in os.environ}
    env = {
        **inherited,
        "PYTHONPATH": str(SERVER_DIR),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ENVIRONMENT": "test",
        "DATA_DIR": str(storage.data_dir),
        "LOG_LEVEL": "INFO",  # o log de acesso (uma linha por requisição, com o status) é conferido no fim
        "LOG_FORMAT": "json",
        "BOOTSTRAP_TENANT_ID": TENANT,
        "BOOTSTRAP_ADMIN_EMAIL": ADMIN_EMAIL,
        "BOOTSTRAP_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "RUN_WORKER": "true" if run_worker else "false",
        # O fuzzing manda milhares de requisições por minuto com o mesmo tenant.
        "RATE_LIMIT_PER_MINUTE": "10000000",
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "64",
        "ARGON2_PARALLELISM": "1",
        # Sem worker, esperar o aceite do provedor só atrasaria cada envio.
        "SEND_ACK_WAIT_SECONDS": "0",
        # As URLs de webhook do fuzzing são reescritas para IPs de loopback (`tests/fuzz/hooks.py`): aqui elas são
        # aceitas e nunca há consulta de DNS (IP literal não é resolvido) nem entrega (sem worker).
        "WEBHOOK_ALLOW_PRIVATE": "true",
        "METRICS_TOKEN": "",
        "SUPABASE_WEBHOOK_SECRET": SUPABASE_WEBHOOK_SECRET,
        "CORS_ORIGINS": "",
        **storage.env,
    }
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "wacs", "serve"],
            env=env,
            cwd=storage.data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", log_path, process)
    try:
        _wait_healthy(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_healthy(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            tail = server.log_path.read_text(errors="replace")[-4000:]
            raise AssertionError(f"o serviço do fuzzing não subiu:\n{tail}")
        time.sleep(0.2)
