"""Apoio aos testes da mensageria: bytes de mídia, sessões sandbox, espera limitada, apps e workers isolados.

Apps isolados: o app da sessão (fixture `app`) roda um worker em processo que consulta o MESMO banco dos testes. Um
teste que precisa de configurações próprias do worker (retentativas rápidas, circuit breaker curto, worker de
verdade em outro processo) sobe um app com banco próprio: no PostgreSQL, um banco novo com nome aleatório; no
SQLite, um arquivo novo no diretório temporário do teste. Assim só o worker daquele app (ou os processos iniciados
pelo teste) tocam os jobs dele, e as configurações valem de fato.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import uvicorn
from sqlalchemy import func, select

from tests.conftest import BACKEND, REDIS_PREFIX, RUN_ID, Actor, Factory, make_settings
from tests.databases import REDIS_URL, drop_database, recreate_database
from wacs.config import Settings
from wacs.kit.context import AppContext
from wacs.main import create_app
from wacs.models import InboundEvent, Job, Message, RealtimeEvent, SandboxOutbox

SERVER_DIR = Path(__file__).resolve().parent.parent
T = TypeVar("T")

FINAL_OR_BEYOND = {"sent", "delivered", "read"}


def _png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png_1x1()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
OGG = b"OggS\x00\x02" + b"\x00" * 20 + b"OpusHead" + b"\x01" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


# Ciclo completo rápido com o worker da sessão: "entregue" 0,3 s depois do aceite e "lido" 0,9 s depois dele. Com
# atrasos zero, o recibo pode chegar antes de o envio ser confirmado (e se perde: ver
# test_receipt_arriving_before_the_send_commits_is_not_lost) ou os dois recibos correm juntos fora de ordem.
FAST_RECEIPTS = {"deliveredAfterSeconds": 0.3, "readAfterSeconds": 0.9}
# Sem recibos automáticos durante o teste (o "entregue" fica para daqui a uma hora).
NO_RECEIPTS = {"deliveredAfterSeconds": 3600, "autoRead": False}


async def wait_for(
    probe: Callable[[], Awaitable[T | None]], within: float = 15.0, interval: float = 0.05, what: str = ""
) -> T:
    """Repete `probe` até devolver algo verdadeiro (no máximo `within` segundos)."""
    deadline = time.monotonic() + within
    last: T | None = None
    while True:
        last = await probe()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"tempo esgotado esperando {what or probe}: último valor {last!r}")
        await asyncio.sleep(interval)


async def connect_sandbox(
    client: httpx.AsyncClient, admin: Actor, phone: str = "5511900000001", provider: str = "sandbox", **config: Any
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/sessions/initialize",
        headers=admin.headers,
        json={"phoneNumber": phone, "provider": provider, "name": "Vendas", "config": config},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "connected", body
    return body  # type: ignore[no-any-return]


async def message_row(ctx: AppContext, message_id: str | uuid.UUID) -> Message | None:
    async with ctx.sessionmaker() as session:
        return await session.get(Message, uuid.UUID(str(message_id)))


async def wait_status(
    ctx: AppContext, message_id: str | uuid.UUID, statuses: set[str] | str, within: float = 15.0
) -> Message:
    wanted = {statuses} if isinstance(statuses, str) else statuses

    async def probe() -> Message | None:
        row = await message_row(ctx, message_id)
        return row if row is not None and row.status in wanted else None

    try:
        return await wait_for(probe, within, what=f"mensagem {message_id} em {sorted(wanted)}")
    except AssertionError as exc:
        row = await message_row(ctx, message_id)
        async with ctx.sessionmaker() as session:
            jobs = (await session.execute(select(Job.kind, Job.status, Job.attempts, Job.last_error))).all()
        raise AssertionError(f"{exc}; status atual {row.status if row else None}; jobs {jobs}") from None


async def outbox_rows(ctx: AppContext, session_id: str | uuid.UUID | None = None) -> list[SandboxOutbox]:
    async with ctx.sessionmaker() as session:
        statement = select(SandboxOutbox).order_by(SandboxOutbox.id)
        if session_id is not None:
            statement = statement.where(SandboxOutbox.session_id == uuid.UUID(str(session_id)))
        return list((await session.execute(statement)).scalars())


async def events_of(ctx: AppContext, tenant_id: uuid.UUID, kind: str) -> list[dict[str, Any]]:
    async with ctx.sessionmaker() as session:
        rows = await session.execute(
            select(RealtimeEvent.data)
            .where(RealtimeEvent.tenant_id == tenant_id, RealtimeEvent.type == kind)
            .order_by(RealtimeEvent.seq)
        )
        return [dict(r) for r in rows.scalars()]


async def send_jobs_left(ctx: AppContext, tenant_id: uuid.UUID) -> int:
    async with ctx.sessionmaker() as session:
        statement = select(func.count()).select_from(Job).where(Job.tenant_id == tenant_id, Job.kind == "message.send")
        return int((await session.execute(statement)).scalar_one())


async def wait_no_send_jobs(ctx: AppContext, tenant_id: uuid.UUID, within: float = 15.0) -> None:
    async def probe() -> bool:
        return await send_jobs_left(ctx, tenant_id) == 0

    await wait_for(probe, within, what="fila de envio vazia")


async def wait_inbound_processed(ctx: AppContext, tenant_id: uuid.UUID, expected: int, within: float = 15.0) -> None:
    """Espera `expected` eventos de entrada do tenant gravados e todos processados pelo worker."""

    async def probe() -> bool:
        async with ctx.sessionmaker() as session:
            rows = (
                await session.execute(select(InboundEvent.processed_at).where(InboundEvent.tenant_id == tenant_id))
            ).all()
        return len(rows) == expected and all(r[0] is not None for r in rows)

    await wait_for(probe, within, what=f"{expected} eventos de entrada processados")


async def wait_media_settled(ctx: AppContext, tenant_id: uuid.UUID, within: float = 15.0) -> None:
    """Espera o download de toda mídia recebida pelo tenant terminar (baixada ou com o motivo da falha)."""

    async def probe() -> bool:
        async with ctx.sessionmaker() as session:
            contents = (await session.execute(select(Message.content).where(Message.tenant_id == tenant_id))).scalars()
            return not any(((c or {}).get("media") or {}).get("status") == "downloading" for c in contents)

    await wait_for(probe, within, what="mídias recebidas baixadas")


# ---------------------------------------------------------------------------------------------------------------
# Apps com banco próprio


@dataclass
class Isolated:
    app: Any
    ctx: AppContext
    client: httpx.AsyncClient
    factory: Factory
    settings: Settings


@contextlib.asynccontextmanager
async def isolated_app(data_dir: Path, **overrides: Any) -> AsyncIterator[Isolated]:
    """App (com ou sem worker em processo) num banco só dele, no backend da execução (PostgreSQL+Redis ou SQLite)."""
    # Poucas conexões por app: o PostgreSQL compartilhado tem max_connections=100 e outras suítes rodam junto.
    overrides = {"database_pool_size": 4, "database_max_overflow": 6, **overrides}
    name = None
    if BACKEND == "postgres":
        name = f"wacs_test_{RUN_ID}_msg_{uuid.uuid4().hex[:10]}"
        database_url = await recreate_database(name)
        settings = make_settings(data_dir, database_url, REDIS_URL, **overrides)
    else:
        settings = make_settings(data_dir, None, None, **overrides)
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            ctx: AppContext = app.state.ctx
            transport = httpx.ASGITransport(app=app, client=("203.0.113.20", 4321))
            async with httpx.AsyncClient(transport=transport, base_url="http://isolado", timeout=30) as client:
                yield Isolated(app, ctx, client, Factory(ctx, client), settings)
    finally:
        if name is not None:
            await drop_database(name)


# ---------------------------------------------------------------------------------------------------------------
# Workers de verdade (processos `python -m wacs worker`)


class ChildProcess:
    """Um processo de verdade iniciado pelo teste (worker, API, serviço Node, nginx), com a saída num arquivo de log
    (mostrado quando algo falha) e numa sessão própria: parar ou matar atinge só ele."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, log_path: Path, name: str = "") -> None:
        self.name = name or Path(argv[0]).name
        self.log_path = log_path
        self._log = log_path.open("ab")
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> None:
        assert self.proc.poll() is None, f"{self.name} saiu com {self.proc.returncode}:\n{self.log()[-6000:]}"

    def kill(self) -> None:
        """kill -9 só deste processo (pelo id)."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self, grace: float = 10) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class WorkerProcess(ChildProcess):
    def __init__(self, settings: Settings, log_path: Path, **env: str) -> None:
        variables = {
            **os.environ,
            "PYTHONPATH": str(SERVER_DIR),
            "ENVIRONMENT": "test",
            "DATA_DIR": str(settings.data_dir),
            "DATABASE_URL": settings.resolved_database_url,
            "REDIS_URL": settings.redis_url or "",
            "REDIS_PREFIX": REDIS_PREFIX,
            "LOG_LEVEL": "WARNING",
            "LOG_FORMAT": "text",
            # Poucas conexões por processo (o PostgreSQL compartilhado tem max_connections=100).
            "WORKER_CONCURRENCY": "8",
            "DATABASE_POOL_SIZE": "4",
            "DATABASE_MAX_OVERFLOW": "6",
            **env,
        }
        # cwd no diretório de dados: nenhum `.env` do repositório é lido pelo processo.
        super().__init__([sys.executable, "-m", "wacs", "worker"], variables, settings.data_dir, log_path, "worker")


@contextlib.contextmanager
def workers(settings: Settings, tmp_path: Path, count: int, **env: str) -> Iterator[list[WorkerProcess]]:
    started: list[WorkerProcess] = []
    try:
        for i in range(count):
            started.append(WorkerProcess(settings, tmp_path / f"worker-{i}.log", **env))
        yield started
    finally:
        for worker in started:
            worker.stop()


# ---------------------------------------------------------------------------------------------------------------
# Servidor uvicorn de verdade (o transporte ASGI do httpx não fala WebSocket)


class _TestServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@contextlib.asynccontextmanager
async def serve(app: Any) -> AsyncIterator[str]:
    """Sobe o app (já iniciado) num uvicorn em processo numa porta livre; devolve a URL base ws://."""
    # Com o protocolo explícito (IPPROTO_TCP), o asyncio liga TCP_NODELAY nas conexões aceitas; com proto=0 não, e
    # cada resposta num keep-alive esperava o ACK atrasado (~40 ms por pedido).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="off", log_config=None, access_log=False, timeout_graceful_shutdown=5, ws_ping_interval=None
    )
    server = _TestServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(10):
            while not server.started:
                assert not task.done(), task
                await asyncio.sleep(0.01)
        yield f"ws://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 15)
        sock.close()
