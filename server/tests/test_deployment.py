"""A implantação como o compose e o Kubernetes a montam, com processos de verdade: o job de migrations, duas réplicas
da API atrás do nginx (a configuração de `deploy/nginx.conf`, só com o upstream trocado por duas portas locais), um
worker, o serviço Baileys (modo simulado) e PostgreSQL + Redis compartilhados. Cada processo tem o próprio DATA_DIR
(nada de volume compartilhado): o que precisa ser igual entre eles vem do ambiente, como num Secret do Kubernetes.

Prova: uma mensagem enviada por uma réplica aparece ao vivo no WebSocket ligado à outra (e no que passa pelo nginx);
os callbacks do Baileys entram pelo nginx em qualquer réplica; matar o worker (kill -9) no meio de um envio em massa
não perde nem duplica nada."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from websockets.asyncio.client import ClientConnection, connect

from tests.conftest import BACKEND, REDIS_PREFIX, RUN_ID
from tests.databases import REDIS_URL, drop_database, recreate_database
from tests.messaging_helpers import NO_RECEIPTS, SERVER_DIR, ChildProcess, wait_for
from wacs.models import Message, SandboxOutbox
from wacs.sidecars import BAILEYS_MAIN

pytestmark = pytest.mark.skipif(
    BACKEND != "postgres", reason="várias réplicas só com PostgreSQL e Redis compartilhados (como no compose)"
)

REPO = SERVER_DIR.parent
NGINX_CONF = REPO / "deploy" / "nginx.conf"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CLIENT_ID = "loja-deploy"
EMAIL = "admin@loja.com.br"
PASSWORD = "senha-da-implantacao-123"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _nginx_binary() -> str | None:
    """O nginx do Debian: instalado no sistema ou extraído pelo `make nginx` em .tools/ (sem instalar o serviço)."""
    candidates = [os.environ.get("NGINX_BIN"), shutil.which("nginx"), "/usr/sbin/nginx"]
    candidates.append(str(REPO / ".tools" / "nginx" / "usr" / "sbin" / "nginx"))
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def _require(binary: str | None, what: str) -> str:
    if binary is None or not Path(binary).exists():
        reason = f"{what} ausente (rode `make test`, que prepara tudo)"
        if IN_CI:
            pytest.fail(f"CI exige {reason}")  # pular esconderia a regressão
        pytest.skip(reason)
    return binary


class Deployment:
    def __init__(self, root: Path, database_url: str) -> None:
        self.root = root
        self.database_url = database_url
        self.services: dict[str, ChildProcess] = {}
        self.api_ports = [_free_port(), _free_port()]
        self.baileys_port = _free_port()
        self.proxy_port = _free_port()
        # O que num cluster vem do Secret: igual em todos os processos.
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root),
            "PYTHONPATH": str(SERVER_DIR),
            "ENVIRONMENT": "production",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "DATABASE_POOL_SIZE": "4",
            "DATABASE_MAX_OVERFLOW": "4",
            "REDIS_URL": REDIS_URL,
            "REDIS_PREFIX": f"{REDIS_PREFIX}deploy:",
            "JWT_SECRET": "segredo-jwt-da-implantacao-" + uuid.uuid4().hex,
            "ENCRYPTION_KEYS": "v1:" + Fernet.generate_key().decode(),
            "PROVIDER_CALLBACK_SECRET": uuid.uuid4().hex,
            "BAILEYS_URL": f"http://127.0.0.1:{self.baileys_port}",
            "BAILEYS_TOKEN": uuid.uuid4().hex,
            "BOOTSTRAP_TENANT_ID": CLIENT_ID,
            "BOOTSTRAP_TENANT_NAME": "Loja da Implantação",
            "BOOTSTRAP_ADMIN_EMAIL": EMAIL,
            "BOOTSTRAP_ADMIN_PASSWORD": PASSWORD,
            "RUN_MIGRATIONS_ON_STARTUP": "false",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
            "WORKER_CONCURRENCY": "16",
        }

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def api(self, index: int) -> str:
        return f"http://127.0.0.1:{self.api_ports[index]}"

    def _data_dir(self, name: str) -> Path:
        path = self.root / name
        path.mkdir()
        return path

    def migrate(self) -> None:
        """O Job de migrations (Kubernetes) / a primeira réplica (compose): antes de tudo, uma vez."""
        done = subprocess.run(
            [sys.executable, "-m", "wacs", "migrate"],
            cwd=self._data_dir("migrate"),
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    def start_api(self, index: int) -> None:
        name = f"api-{index}"
        env = {**self.env, "HOST": "127.0.0.1", "PORT": str(self.api_ports[index]), "RUN_WORKER": "false"}
        env["DATA_DIR"] = str(self._data_dir(name))
        argv = [sys.executable, "-m", "wacs", "serve"]
        self.services[name] = ChildProcess(argv, env, self.root / name, self.root / f"{name}.log", name)

    def start_worker(self, generation: int = 0) -> ChildProcess:
        name = f"worker-{generation}"
        env = {**self.env, "DATA_DIR": str(self._data_dir(name))}
        argv = [sys.executable, "-m", "wacs", "worker"]
        worker = ChildProcess(argv, env, self.root / name, self.root / f"{name}.log", name)
        self.services[name] = worker
        return worker

    def start_baileys(self, node: str) -> None:
        data = self._data_dir("baileys")
        env = {
            "PATH": self.env["PATH"],
            "HOME": str(self.root),
            "BAILEYS_FAKE": "true",
            "BAILEYS_FAKE_SCAN_SECONDS": "1",
            "BAILEYS_HOST": "127.0.0.1",
            "BAILEYS_PORT": str(self.baileys_port),
            "BAILEYS_DATA_DIR": str(data),
            "BAILEYS_TOKEN": self.env["BAILEYS_TOKEN"],
            # Os callbacks entram pelo proxy, como pelo Service do Kubernetes: qualquer réplica atende.
            "BAILEYS_CALLBACK_URL": self.proxy,
            "BAILEYS_CALLBACK_SECRET": self.env["PROVIDER_CALLBACK_SECRET"],
            "LOG_LEVEL": "warn",
        }
        log = self.root / "baileys.log"
        self.services["baileys"] = ChildProcess([node, str(BAILEYS_MAIN)], env, data, log, "baileys")

    def start_nginx(self, nginx: str) -> None:
        prefix = self._data_dir("nginx")
        for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (prefix / temp).mkdir()
        conf = NGINX_CONF.read_text()
        upstream = "\n".join(f"        server 127.0.0.1:{port};" for port in self.api_ports)
        conf, replaced = re.subn(r"^\s*server api:5000;$", upstream, conf, flags=re.MULTILINE)
        assert replaced == 1, "deploy/nginx.conf deve ter exatamente uma linha `server api:5000;` no upstream"
        listen = f"        listen 127.0.0.1:{self.proxy_port} default_server;"
        conf, replaced = re.subn(r"^\s*listen 80 default_server;$", listen, conf, flags=re.MULTILINE)
        assert replaced == 1, "deploy/nginx.conf deve ter `listen 80 default_server;`"
        # Sem root: pid e arquivos temporários no diretório do teste; logs em arquivo.
        paths = "".join(
            f"    {directive}_temp_path {prefix / temp};\n"
            for directive, temp in (
                ("client_body", "client_body"),
                ("proxy", "proxy"),
                ("fastcgi", "fastcgi"),
                ("uwsgi", "uwsgi"),
                ("scgi", "scgi"),
            )
        )
        conf = conf.replace("http {", "http {\n" + paths, 1)
        conf = conf.replace("/dev/stdout", str(prefix / "access.log")).replace("/dev/stderr", str(prefix / "error.log"))
        conf = f"pid {prefix / 'nginx.pid'};\n" + re.sub(r"^user .*;$", "", conf, flags=re.MULTILINE)
        (prefix / "nginx.conf").write_text(conf)
        argv = [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", str(prefix / "error.log")]
        checked = subprocess.run([*argv, "-t"], capture_output=True, text=True, timeout=30)
        assert checked.returncode == 0, checked.stderr
        log = self.root / "nginx.log"
        self.services["nginx"] = ChildProcess([*argv, "-g", "daemon off;"], self.env, prefix, log, "nginx")

    def access_log(self) -> str:
        return (self.root / "nginx" / "access.log").read_text(errors="replace")

    def diagnosis(self) -> str:
        return "\n".join(f"--- {name}\n{service.log()[-6000:]}" for name, service in self.services.items())

    def stop(self) -> None:
        for service in reversed(list(self.services.values())):
            service.stop(grace=15)


@contextlib.contextmanager
def deployment(root: Path, database_url: str) -> Iterator[Deployment]:
    deploy = Deployment(root, database_url)
    try:
        yield deploy
    finally:
        deploy.stop()


async def _healthy(http: httpx.AsyncClient, deploy: Deployment, base: str) -> None:
    async def ready() -> bool:
        for service in deploy.services.values():
            service.alive()
        try:
            response = await http.get(f"{base}/health/ready")
        except httpx.TransportError:
            return False
        return response.status_code == 200

    await wait_for(ready, 60, interval=0.2, what=f"{base}/health/ready")


async def _ws(base: str, token: str) -> ClientConnection:
    url = base.replace("http://", "ws://") + f"/api/v1/realtime?clientId={CLIENT_ID}&token={token}"
    ws = await connect(url, proxy=None, open_timeout=10, compression=None)
    first = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert first["type"] == "ready", first
    return ws


async def _until_event(ws: ClientConnection, kind: str, match: dict[str, Any], within: float = 30) -> dict[str, Any]:
    """Próximo evento `kind` cujos dados contêm `match` (descarta os outros)."""
    async with asyncio.timeout(within):
        while True:
            frame = json.loads(await ws.recv())
            data = frame.get("data") or {}
            if frame["type"] == kind and all(data.get(k) == v for k, v in match.items()):
                return frame


@contextlib.asynccontextmanager
async def _engine(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(url.replace("postgresql://", "postgresql+asyncpg://", 1))
    try:
        yield engine
    finally:
        await engine.dispose()


async def _count(engine: AsyncEngine, statement: Any) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(statement)).scalar_one())


async def test_replicas_behind_nginx_with_worker_and_baileys_as_separate_processes(tmp_path: Path) -> None:
    nginx = _require(_nginx_binary(), "nginx (Debian)")
    node = _require(shutil.which("node") if BAILEYS_MAIN.exists() else None, "serviço Baileys compilado e Node.js")
    name = f"wacs_test_{RUN_ID}_deploy_{uuid.uuid4().hex[:8]}"
    database_url = await recreate_database(name)
    try:
        with deployment(tmp_path, database_url) as deploy:
            deploy.migrate()
            for index in (0, 1):
                deploy.start_api(index)
            worker = deploy.start_worker()
            deploy.start_baileys(node)
            deploy.start_nginx(nginx)
            try:
                await _exercise(deploy, worker, database_url)
            except BaseException as exc:
                raise AssertionError(f"{exc!r}\n{deploy.diagnosis()}") from exc
    finally:
        await drop_database(name)


async def _exercise(deploy: Deployment, worker: ChildProcess, database_url: str) -> None:
    async with httpx.AsyncClient(timeout=20, trust_env=False) as http, _engine(database_url) as engine:
        for base in (deploy.api(0), deploy.api(1), deploy.proxy):
            await _healthy(http, deploy, base)

        # Login pelo proxy; o token vale nas duas réplicas (mesmo JWT_SECRET, revogações no Redis).
        login = await http.post(
            f"{deploy.proxy}/api/v1/auth/login",
            headers={"X-Client-Id": CLIENT_ID},
            json={"email": EMAIL, "password": PASSWORD},
        )
        assert login.status_code == 200, login.text
        token = login.json()["accessToken"]
        headers = {"X-Client-Id": CLIENT_ID, "Authorization": f"Bearer {token}"}

        # Um WebSocket direto na réplica 2 e outro pelo nginx (upgrade); os envios vão pela réplica 1.
        on_replica_2 = await _ws(deploy.api(1), token)
        through_proxy = await _ws(deploy.proxy, token)
        try:
            sandbox = await http.post(
                f"{deploy.api(0)}/api/v1/sessions/initialize",
                headers=headers,
                json={
                    "phoneNumber": "5511900000001",
                    "provider": "sandbox",
                    "name": "Vendas",
                    "config": {"messagesPerSecond": 200, "ackDelayMs": 50, **NO_RECEIPTS},
                },
            )
            assert sandbox.status_code == 200, sandbox.text
            session_id = sandbox.json()["id"]

            sent = await http.post(
                f"{deploy.api(0)}/api/v1/messages/text",
                headers=headers,
                json={"to": "5511988887777", "content": "Olá da réplica 1", "sessionId": session_id},
            )
            assert sent.status_code in {200, 202}, sent.text
            message_id = sent.json()["messageId"]
            for ws in (on_replica_2, through_proxy):
                await _until_event(ws, "message.created", {"messageId": message_id})
                # "sent" é gravado pelo worker (outro processo): o aviso cruza processos pelo Redis.
                await _until_event(ws, "message.status", {"messageId": message_id, "status": "sent"})

            await _baileys_through_the_proxy(http, deploy, headers, on_replica_2)
            await _kill_worker_mid_bulk(http, deploy, worker, headers, session_id, engine, on_replica_2)
        finally:
            await on_replica_2.close()
            await through_proxy.close()

        # O nginx registrou as requisições sem a query string (o token do WebSocket não vai para o log).
        log = deploy.access_log()
        assert "/api/v1/realtime" in log and token not in log and "token=" not in log


async def _baileys_through_the_proxy(
    http: httpx.AsyncClient, deploy: Deployment, headers: dict[str, str], ws: ClientConnection
) -> None:
    """Número Baileys (serviço Node simulado): o QR e o "conectado" chegam por callbacks que entram pelo nginx."""
    response = await http.post(
        f"{deploy.proxy}/api/v1/sessions/initialize",
        headers=headers,
        json={
            "phoneNumber": "5511911112222",
            "provider": "baileys",
            "name": "Atendimento",
            "config": {"messagesPerSecond": 20, "jitterSeconds": 0},
        },
    )
    assert response.status_code == 200, response.text
    session = response.json()
    assert session["status"] == "qr" and session["qrCode"].startswith("FAKE-QR-"), session
    await _until_event(ws, "session.status", {"sessionId": session["id"], "status": "connected"})
    sent = await http.post(
        f"{deploy.api(0)}/api/v1/messages/text",
        headers=headers,
        json={"to": "5511977776666", "content": "Pelo WhatsApp Web", "sessionId": session["id"]},
    )
    assert sent.status_code in {200, 202}, sent.text
    # O serviço confirma, e o contato simulado recebe e lê: os recibos voltam por callback, pelo nginx.
    await _until_event(ws, "message.status", {"messageId": sent.json()["messageId"], "status": "read"})


async def _kill_worker_mid_bulk(
    http: httpx.AsyncClient,
    deploy: Deployment,
    worker: ChildProcess,
    headers: dict[str, str],
    session_id: str,
    engine: AsyncEngine,
    ws: ClientConnection,
) -> None:
    total = 300
    recipients = [{"to": f"55119{82000000 + i}"} for i in range(total)]
    bulk = await http.post(
        f"{deploy.api(1)}/api/v1/messages/send-bulk",
        headers=headers,
        json={"recipients": recipients, "content": "Promoção da implantação", "sessionId": session_id},
    )
    assert bulk.status_code == 202, bulk.text
    bulk_id = bulk.json()["bulkId"]
    sent_in_bulk = (
        select(func.count()).select_from(Message).where(Message.bulk_id == uuid.UUID(bulk_id), Message.status == "sent")
    )

    async def a_third() -> bool:
        worker.alive()
        return await _count(engine, sent_in_bulk) >= total // 3

    await wait_for(a_third, 60, interval=0.02, what="um terço da massa enviada")
    worker.kill()
    before = await _count(engine, sent_in_bulk)
    assert before < total, "a massa terminou antes do kill: o teste não provaria nada"
    replacement = deploy.start_worker(generation=1)

    async def everything() -> bool:
        replacement.alive()
        return await _count(engine, sent_in_bulk) == total

    await wait_for(everything, 120, interval=0.2, what=f"{total} enviadas depois do kill -9")
    await _until_event(ws, "bulk.progress", {"bulkId": bulk_id, "status": "completed"}, within=60)
    delivered = select(func.count(), func.count(SandboxOutbox.to_number.distinct())).where(
        SandboxOutbox.session_id == uuid.UUID(session_id), SandboxOutbox.to_number.like("55119820%")
    )
    async with engine.connect() as conn:
        rows, recipients_reached = (await conn.execute(delivered)).one()
        pending = (
            await conn.execute(
                text("SELECT count(*) FROM messages WHERE status = 'pending' AND bulk_id = :b"), {"b": bulk_id}
            )
        ).scalar_one()
    print(f"\nkill -9 do worker com {before} de {total} enviadas; entregas {rows}, destinatários {recipients_reached}")
    # Cada destinatário recebeu exatamente uma vez: nada perdido, nada duplicado.
    assert (rows, recipients_reached, pending) == (total, total, 0)
