"""O serviço atrás de um pooler em modo transação, como o Supavisor do Supabase na porta 6543 (docs/supabase.md).

Um PgBouncer de verdade (pacote `pgbouncer` do Debian, instalado por `make pgbouncer`) em `pool_mode =
transaction` na loopback, na frente do PostgreSQL da suíte. O app usa o pooler (`DATABASE_URL`, com o cache de
prepared statements desligado) e a conexão direta só para o que precisa de sessão (`DATABASE_SESSION_URL`:
migrations com advisory lock, LISTEN do worker). Percorre o fluxo normal: migrations, login, sessão sandbox, envio
até "lido", mensagem recebida, e o Database Webhook do Supabase — e confere nas estatísticas do PgBouncer que o
tráfego passou por ele.

Só no backend postgres. Sem o pgbouncer instalado, pula fora da CI e falha na CI.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import text

from tests.conftest import BACKEND, RUN_ID, Factory, make_settings
from tests.databases import PG_ADMIN_DSN, REDIS_URL, drop_database, recreate_database
from tests.messaging_helpers import FAST_RECEIPTS, connect_sandbox, outbox_rows, wait_for, wait_status
from wacs.fakes.supabase_db_webhook import FakeDatabaseWebhook
from wacs.kit.context import AppContext
from wacs.kit.db import database_target
from wacs.main import create_app
from wacs.models import Message
from wacs.supabase_webhook.endpoints import PATH, SECRET_HEADER

pytestmark = pytest.mark.skipif(BACKEND != "postgres", reason="pooler do PostgreSQL: só no backend postgres")

SECRET = "segredo-do-pooler"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def pgbouncer() -> Iterator[int]:
    """Um PgBouncer em modo transação numa porta livre da loopback; devolve a porta."""
    binary = shutil.which("pgbouncer") or ("/usr/sbin/pgbouncer" if Path("/usr/sbin/pgbouncer").exists() else None)
    if binary is None:
        message = "pgbouncer não instalado (make pgbouncer instala o pacote do Debian)"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    server = urlsplit(PG_ADMIN_DSN)
    port = _free_port()
    # Diretório legível pelo usuário do pgbouncer (ele não roda como root: troca para `postgres`).
    workdir = Path(tempfile.mkdtemp(prefix="wacs-pgbouncer-"))
    workdir.chmod(0o755)
    user = server.username or "postgres"
    (workdir / "userlist.txt").write_text(f'"{user}" ""\n')
    (workdir / "pgbouncer.ini").write_text(
        "[databases]\n"
        f"* = host={server.hostname or '127.0.0.1'} port={server.port or 5432}\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        f"listen_port = {port}\n"
        "unix_socket_dir =\n"
        "auth_type = trust\n"
        f"auth_file = {workdir / 'userlist.txt'}\n"
        # O modo do Supavisor na porta 6543: a conexão do servidor volta ao pool a cada fim de transação, e um
        # prepared statement com nome criado numa transação não existe na próxima.
        "pool_mode = transaction\n"
        "default_pool_size = 8\n"
        "max_client_conn = 200\n"
        f"admin_users = {user}\n"
        "ignore_startup_parameters = extra_float_digits\n"
    )
    for name in ("userlist.txt", "pgbouncer.ini"):
        (workdir / name).chmod(0o644)
    command = [binary]
    if os.geteuid() == 0:
        command += ["-u", "postgres"]
    command.append(str(workdir / "pgbouncer.ini"))
    log = (workdir / "pgbouncer.log").open("ab")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            if process.poll() is not None:
                raise AssertionError(f"pgbouncer saiu: {(workdir / 'pgbouncer.log').read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError("pgbouncer não abriu a porta") from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _stats(port: int, database: str) -> dict[str, int]:
    """`SHOW STATS` do console do PgBouncer (só fala o protocolo simples: pelo psql)."""
    user = urlsplit(PG_ADMIN_DSN).username or "postgres"
    done = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            user,
            "-d",
            "pgbouncer",
            "-A",
            "-F",
            "|",
            "-c",
            "SHOW STATS",
        ],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    lines = [line for line in done.stdout.splitlines() if "|" in line]
    header = lines[0].split("|")
    for line in lines[1:]:
        values = dict(zip(header, line.split("|"), strict=False))
        if values.get("database") == database:
            return {k: int(v) for k, v in values.items() if v.isdigit()}
    return {}


async def test_normal_flow_through_a_transaction_mode_pooler(pgbouncer: int, tmp_path: Path) -> None:
    name = f"wacs_test_{RUN_ID}_pool_{uuid.uuid4().hex[:8]}"
    direct = await recreate_database(name)
    parts = urlsplit(direct)
    pooled = direct.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{pgbouncer}", 1) + "?pgbouncer=true"
    assert urlsplit(pooled).port == pgbouncer
    # A URL com `pgbouncer=true` (ou a porta 6543) desliga o cache de prepared statements do asyncpg.
    target = database_target(pooled)
    assert target.connect_args["statement_cache_size"] == 0
    assert "pgbouncer" not in target.url.query
    settings = make_settings(
        tmp_path,
        pooled,
        REDIS_URL,
        database_session_url=direct,
        database_pool_size=4,
        database_max_overflow=2,
        supabase_webhook_secret=SECRET,
        # O worker do app consulta a fila com frequência: o aviso por LISTEN vai pela conexão direta.
        worker_concurrency=16,
    )
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            ctx: AppContext = app.state.ctx
            transport = httpx.ASGITransport(app=app, client=("203.0.113.30", 4321))
            async with httpx.AsyncClient(transport=transport, base_url="http://pooler", timeout=30) as client:
                await _flow(ctx, client)
            before = _stats(pgbouncer, name)
            assert before.get("total_xact_count", 0) > 50, before
    finally:
        await drop_database(name)


async def _flow(ctx: AppContext, client: httpx.AsyncClient) -> None:
    # As migrations rodaram pela conexão direta; o app lê o resultado pelo pooler.
    async with ctx.engine.connect() as conn:
        assert (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    factory = Factory(ctx, client)
    tenant = await factory.tenant()
    admin = await factory.actor(tenant, "admin")
    session = await connect_sandbox(client, admin, **FAST_RECEIPTS)
    # Vários envios ao mesmo tempo: muitas transações curtas disputando as poucas conexões do pooler.
    responses = await asyncio.gather(
        *(
            client.post(
                "/api/v1/messages/text",
                headers=admin.headers,
                json={"to": f"55119777766{index:02d}", "content": f"Mensagem {index} pelo pooler"},
            )
            for index in range(12)
        )
    )
    ids = []
    for response in responses:
        assert response.status_code in {200, 202}, response.text
        ids.append(response.json()["messageId"])
    for message_id in ids:
        await wait_status(ctx, message_id, "read", within=30)
    # Mensagem recebida: o caminho de entrada inteiro (evento bruto, conversa, mensagem, tempo real).
    incoming = await client.post(
        f"/api/v1/sandbox/sessions/{session['id']}/incoming",
        headers=admin.headers,
        json={"from": "5511955554444", "name": "Cliente", "text": "Oi, pelo pooler"},
    )
    assert incoming.status_code == 202, incoming.text

    async def received() -> Any:
        listing = await client.get("/api/v1/conversations", headers=admin.headers)
        assert listing.status_code == 200, listing.text
        return [c for c in listing.json()["items"] if c.get("lastMessagePreview") == "Oi, pelo pooler"]

    await wait_for(received, within=30, what="mensagem recebida na conversa")
    # O Database Webhook do Supabase também: linha gravada direto no banco (pelo pooler), enviada uma vez.
    row_id = uuid.uuid4()
    async with ctx.sessionmaker() as db:
        await db.execute(
            Message.__table__.insert().values(
                id=row_id, tenant_id=tenant.id, to_number="5511944443333", content={"text": "Do CRM"}, status="pending"
            )
        )
        await db.commit()
    hook = FakeDatabaseWebhook(
        url=f"http://pooler{PATH}", client=client, headers={"Content-Type": "application/json", SECRET_HEADER: SECRET}
    )
    responses_ = await asyncio.gather(*(hook.insert({"id": row_id, "tenant_id": tenant.id}) for _ in range(3)))
    assert sorted(r.json()["result"] for r in responses_ if r is not None).count("enqueued") == 1
    await wait_status(ctx, row_id, {"sent", "delivered", "read"}, within=30)
    assert len(await outbox_rows(ctx, session["id"])) == 13


async def test_statement_cache_must_be_off_behind_the_pooler(pgbouncer: int) -> None:
    """O controle: o mesmo pooler quebra um cliente com o cache de prepared statements ligado (o padrão do asyncpg),
    e o mesmo roteiro passa com a configuração que `database_target` dá à URL do pooler."""
    import asyncpg

    user = urlsplit(PG_ADMIN_DSN).username or "postgres"
    dsn = f"postgresql://{user}@127.0.0.1:{pgbouncer}/postgres"

    async def scenario(**options: Any) -> None:
        client = await asyncpg.connect(dsn, ssl=False, **options)
        other = await asyncpg.connect(dsn, ssl=False, statement_cache_size=0)
        try:
            assert await client.fetchval("SELECT 1 + $1::int", 1) == 2  # prepara na conexão do servidor S1
            holder = other.transaction()
            await holder.start()  # outro cliente segura S1 (o pool entrega a última usada)
            await other.fetchval("SELECT 1")
            try:
                assert await client.fetchval("SELECT 1 + $1::int", 2) == 3  # vai por S2
            finally:
                await holder.rollback()
        finally:
            await client.close()
            await other.close()

    with pytest.raises(asyncpg.InvalidSQLStatementNameError):
        await scenario()
    target = database_target(f"{dsn}?pgbouncer=true")
    await scenario(statement_cache_size=target.connect_args["statement_cache_size"])
