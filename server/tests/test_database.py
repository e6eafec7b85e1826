"""Migrations x modelos, migrations concorrentes (várias réplicas), migração de dados do seq por tenant, bootstrap,
segredos e URLs de banco."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.conftest import BACKEND, make_settings
from tests.databases import drop_database, recreate_database
from wacs.assembly import create_context
from wacs.bootstrap import bootstrap
from wacs.config import Settings
from wacs.kit.context import JOBS_CHANNEL, AppContext
from wacs.kit.db import add_insert, commit, create_engine, database_target, flush_inserts, transaction_memo
from wacs.kit.migrate import alembic_config
from wacs.kit.secrets import Encryptor, jwt_secret
from wacs.models import Base, Job, RealtimeEvent, Tenant, User
from wacs.realtime.events import emit
from wacs.worker.queue import JOBS

SERVER_DIR = Path(__file__).resolve().parents[1]


EXPRESSION_INDEXES = {
    index.name
    for table in Base.metadata.tables.values()
    for index in table.indexes
    if any(not hasattr(expr, "name") for expr in index.expressions)
}


# A busca textual da base de conhecimento fica fora dos modelos (migração 0008): o índice GIN de expressão no
# PostgreSQL e a tabela FTS5 (com as tabelas internas dela) no SQLite.
def _search_object(item: Any) -> bool:
    name = getattr(item[1], "name", "") or ""
    return name == "idx_knowledge_chunks_fts" or name.startswith("knowledge_chunks_fts")


def _diff(connection: Any) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    diff = [d for d in compare_metadata(context, Base.metadata) if not (isinstance(d, tuple) and _search_object(d))]
    if connection.dialect.name == "sqlite":
        # O SQLite não reflete índices de expressão (created_at DESC); a existência deles é checada à parte.
        diff = [d for d in diff if not (d[0] in {"add_index", "remove_index"} and d[1].name in EXPRESSION_INDEXES)]
    return diff  # type: ignore[no-any-return]


@pytest.mark.filterwarnings("ignore:autogenerate skipping")
async def test_models_and_migrations_agree(ctx: AppContext) -> None:
    async with ctx.engine.connect() as connection:
        diff = await connection.run_sync(_diff)
    assert diff == []


async def test_prd_indexes_exist(ctx: AppContext) -> None:
    expected = {
        "idx_messages_tenant_id",
        "idx_messages_session_id",
        "idx_sessions_tenant_id",
        "idx_messages_created_at",
    }
    async with ctx.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            rows = await connection.execute(text("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"))
        else:
            rows = await connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))
        names = {row[0] for row in rows}
    assert expected <= names


async def _fresh_database_url(tmp_path: Path) -> tuple[str, Any]:
    if BACKEND == "postgres":
        name = f"wacs_mig_{uuid.uuid4().hex[:8]}"
        url = await recreate_database(name)

        async def drop() -> None:
            await drop_database(name)

        return url, drop

    async def nothing() -> None:
        return None

    return f"sqlite:///{tmp_path / 'replicas.db'}", nothing


async def test_replicas_migrating_at_once_all_succeed(tmp_path: Path) -> None:
    """Três processos de verdade aplicam as migrations ao mesmo tempo no mesmo banco vazio."""
    url, drop = await _fresh_database_url(tmp_path)
    try:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DATA_DIR": str(tmp_path),
            "PYTHONPATH": str(SERVER_DIR),
            "LOG_LEVEL": "WARNING",
        }
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable, "-m", "wacs", "migrate", env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            for _ in range(3)
        ]
        results = [await p.communicate() for p in processes]
        for process, (_, err) in zip(processes, results, strict=True):
            assert process.returncode == 0, err.decode()
        settings = make_settings(tmp_path, url, None)
        engine = create_engine(settings)
        async with engine.connect() as connection:
            versions = (await connection.execute(text("SELECT version_num FROM alembic_version"))).all()
            diff = await connection.run_sync(_diff)
        await engine.dispose()
        assert len(versions) == 1
        assert diff == []
    finally:
        await drop()


async def _alembic(engine: AsyncEngine, action: str, revision: str) -> None:
    def run(connection: Any) -> None:
        getattr(command, action)(alembic_config(connection), revision)

    async with engine.connect() as connection:
        await connection.run_sync(run)
        await connection.commit()


# Como as tabelas eram na revisão 0002 (só as colunas usadas aqui).
_TENANTS_0002 = sa.table(
    "tenants",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.String()),
    sa.column("name", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_EVENTS_0002 = sa.table(
    "realtime_events",
    sa.column("id", sa.Integer()),
    sa.column("tenant_id", sa.Uuid()),
    sa.column("type", sa.String()),
    sa.column("data", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


async def _add_tenant(connection: Any, tenant_id: uuid.UUID) -> None:
    now = datetime.now(UTC)
    await connection.execute(
        sa.insert(_TENANTS_0002).values(
            id=tenant_id, client_id=f"t-{tenant_id.hex[:10]}", name="Antigo", created_at=now, updated_at=now
        )
    )


async def _pg_leftovers(engine: AsyncEngine) -> tuple[int, int, int]:
    """Sequences por tenant, funções `wacs_*` e gatilhos criados pela migration 0003."""
    async with engine.connect() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT (SELECT count(*) FROM pg_class WHERE relkind = 'S' AND relname LIKE 'realtime\\_seq\\_%'),"
                    " (SELECT count(*) FROM pg_proc WHERE proname LIKE 'wacs\\_%'),"
                    " (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal)"
                )
            )
        ).one()
    return row[0], row[1], row[2]


async def test_per_tenant_seq_migration_keeps_the_cursors_clients_hold(tmp_path: Path) -> None:
    """0002 → 0003 com eventos gravados: o seq dos eventos existentes é o id (o cursor que os clientes já têm) e cada
    tenant existente continua depois do maior id já emitido; tenants novos começam do 1. E o downgrade desfaz tudo."""
    url, drop = await _fresh_database_url(tmp_path)
    settings = make_settings(tmp_path, url, None)
    engine = create_engine(settings)
    ctx: AppContext | None = None
    try:
        await _alembic(engine, "upgrade", "0002")
        quiet, small, busy = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        now = datetime.now(UTC)
        async with engine.begin() as connection:
            for tenant_id in (quiet, small, busy):
                await _add_tenant(connection, tenant_id)
            # ids 1..7 na ordem: quiet, small, small, busy, busy, busy, busy
            for tenant_id in (quiet, small, small, busy, busy, busy, busy):
                await connection.execute(
                    sa.insert(_EVENTS_0002).values(tenant_id=tenant_id, type="message.created", data={}, created_at=now)
                )
            # A limpeza antiga apagou o único evento do tenant quieto (um cliente dele ainda guarda o cursor 1)...
            await connection.execute(sa.delete(_EVENTS_0002).where(_EVENTS_0002.c.id == 1))
            if BACKEND == "postgres":
                # ...e, no PostgreSQL, a sequence do id lembra até de um id que já não está na tabela.
                await connection.execute(sa.delete(_EVENTS_0002).where(_EVENTS_0002.c.id == 7))
        await _alembic(engine, "upgrade", "head")

        async with engine.connect() as connection:
            kept = (await connection.execute(select(RealtimeEvent.id, RealtimeEvent.seq))).all()
            assert kept and all(row_id == seq for row_id, seq in kept)
            assert await connection.run_sync(_diff) == []
        ctx = create_context(settings)
        fresh = uuid.uuid4()
        async with ctx.engine.begin() as connection:
            await _add_tenant(connection, fresh)
        seqs = {}
        for tenant_id in (quiet, small, busy, fresh):
            async with ctx.sessionmaker() as session:
                seqs[tenant_id] = (await emit(ctx, session, tenant_id, "message.created", {}))["seq"]
                await commit(session)
        assert seqs == {quiet: 8, small: 8, busy: 8, fresh: 1}
        await ctx.close()
        ctx = None

        await _alembic(engine, "downgrade", "0002")
        async with engine.connect() as connection:

            def shape(sync: Any) -> tuple[set[str], set[str], set[str | None]]:
                inspector = sa.inspect(sync)
                columns = {c["name"] for c in inspector.get_columns("realtime_events")}
                indexes = {i["name"] for i in inspector.get_indexes("realtime_events")}
                return columns, set(inspector.get_table_names()), indexes

            columns, tables, indexes = await connection.run_sync(shape)
        assert "seq" not in columns and "realtime_counters" not in tables
        assert indexes == {"idx_realtime_events_tenant"}
        if BACKEND == "postgres":
            assert await _pg_leftovers(engine) == (0, 0, 0)
        await _alembic(engine, "upgrade", "head")
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        if ctx is not None:
            await ctx.close()
        await engine.dispose()
        await drop()


class TestBootstrap:
    async def test_creates_tenant_and_superadmin_once(self, ctx: AppContext) -> None:
        await bootstrap(ctx)
        await bootstrap(ctx)
        async with ctx.sessionmaker() as session:
            tenants = (
                await session.execute(select(func.count()).select_from(Tenant).where(Tenant.client_id == "demo"))
            ).scalar_one()
            admin = (await session.execute(select(User).where(User.email == "admin@demo.local"))).scalar_one()
        assert tenants == 1
        assert admin.role == "superadmin"
        assert await ctx.passwords.verify(admin.password_hash, "senha-bootstrap-123")

    async def test_generated_password_is_printed_once_and_works(
        self, ctx: AppContext, settings: Settings, capsys: pytest.CaptureFixture[str]
    ) -> None:
        generated = AppContext(
            **{
                **ctx.__dict__,
                "settings": settings.model_copy(
                    update={"bootstrap_admin_password": None, "bootstrap_tenant_id": "primeiro"}
                ),
            }
        )
        await bootstrap(generated)
        printed = capsys.readouterr().err
        password = next(line.split(":", 1)[1].strip() for line in printed.splitlines() if "Senha:" in line)
        assert len(password) >= 12
        async with ctx.sessionmaker() as session:
            user = (
                await session.execute(
                    select(User).join(Tenant, Tenant.id == User.tenant_id).where(Tenant.client_id == "primeiro")
                )
            ).scalar_one()
        assert await ctx.passwords.verify(user.password_hash, password)
        await bootstrap(generated)
        assert "Senha:" not in capsys.readouterr().err

    async def test_processes_starting_together_create_it_once(self, ctx: AppContext, settings: Settings) -> None:
        # Como `--workers 2` num banco novo: duas inicializações ao mesmo tempo, cada uma com o seu pool.
        update = {"bootstrap_tenant_id": f"juntos-{uuid.uuid4().hex[:6]}", "bootstrap_admin_password": "senha-1234567"}
        contexts = [create_context(settings.model_copy(update=update)) for _ in range(2)]
        try:
            await asyncio.gather(*(bootstrap(each) for each in contexts))
        finally:
            for each in contexts:
                await each.close()
        async with ctx.sessionmaker() as session:
            count = (
                await session.execute(
                    select(func.count()).select_from(Tenant).where(Tenant.client_id == update["bootstrap_tenant_id"])
                )
            ).scalar_one()
        assert count == 1


class TestSecrets:
    def test_generated_keys_survive_restart(self, tmp_path: Path) -> None:
        assert jwt_secret(tmp_path, None) == jwt_secret(tmp_path, None)
        first = Encryptor.from_config(tmp_path, None)
        ciphertext = first.encrypt("token-da-meta")
        again = Encryptor.from_config(tmp_path, None)
        assert again.decrypt(ciphertext) == "token-da-meta"
        assert (tmp_path / "jwt_secret.key").stat().st_mode & 0o777 == 0o600

    def test_tokens_stay_valid_across_restart(self, tmp_path: Path) -> None:
        settings = make_settings(tmp_path, None, None)
        token = create_context(settings).tokens.issue(
            user_id=uuid.uuid4(), tenant_id=uuid.uuid4(), role="admin", session_id=uuid.uuid4()
        )
        assert create_context(settings).tokens.decode(token) is not None

    def test_key_rotation(self) -> None:
        from cryptography.fernet import Fernet

        old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
        old = Encryptor([("v1", old_key)])
        ciphertext = old.encrypt("segredo")
        rotated = Encryptor([("v2", new_key), ("v1", old_key)])
        assert rotated.decrypt(ciphertext) == "segredo"
        assert rotated.needs_rotation(ciphertext)
        fresh = rotated.encrypt("segredo")
        assert fresh.startswith("v2:") and not rotated.needs_rotation(fresh)
        with pytest.raises(ValueError, match="ilegível"):
            Encryptor([("v3", Fernet.generate_key().decode())]).decrypt(ciphertext)


class TestDatabaseUrl:
    def test_supabase_transaction_pooler(self) -> None:
        target = database_target(
            "postgresql://postgres.abc:senha@aws-0-sa-east-1.pooler.supabase.com:6543/postgres?sslmode=require"
        )
        assert target.url.drivername == "postgresql+asyncpg"
        assert target.url.query["prepared_statement_cache_size"] == "0"
        assert target.connect_args["statement_cache_size"] == 0
        assert target.connect_args["ssl"] == "require"
        assert "sslmode" not in target.url.query

    def test_direct_connection_keeps_statement_cache(self) -> None:
        target = database_target("postgres://u:p@db.abc.supabase.co:5432/postgres")
        assert target.url.drivername == "postgresql+asyncpg"
        assert "prepared_statement_cache_size" not in target.url.query
        assert "statement_cache_size" not in target.connect_args

    def test_local_database_without_sslmode_skips_tls(self) -> None:
        assert database_target("postgresql://postgres@127.0.0.1:5432/wacs").connect_args["ssl"] is False
        assert database_target("postgresql://postgres@localhost/wacs").connect_args["ssl"] is False
        assert database_target("postgresql://u@db.example.com/wacs?sslmode=disable").connect_args["ssl"] is False
        assert database_target("postgresql://u@127.0.0.1/wacs?sslmode=require").connect_args["ssl"] == "require"
        # Remoto sem sslmode: o padrão do driver (tenta TLS).
        assert "ssl" not in database_target("postgresql://u@db.example.com/wacs").connect_args

    def test_forced_off_and_sqlite(self) -> None:
        assert database_target("postgresql://u@h/db", "off").connect_args["statement_cache_size"] == 0
        assert database_target("sqlite:///x.db").url.drivername == "sqlite+aiosqlite"


def _job(job_id: int) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "id": job_id,
        "kind": "teste.adiado",
        "payload": {"n": 1},
        "status": "queued",
        "attempts": 0,
        "max_attempts": 3,
        "run_at": now,
        "created_at": now,
        "updated_at": now,
    }


def _new_id() -> int:
    return random.randint(10**12, 10**15)


async def _stored_jobs(ctx: AppContext, *ids: int) -> set[int]:
    async with ctx.sessionmaker() as session:
        return set((await session.execute(select(Job.id).where(Job.id.in_(ids)))).scalars())


class TestDeferredInserts:
    """INSERTs adiados (`add_insert`): gravados juntos no commit; no PostgreSQL, num único comando."""

    async def test_rows_are_written_together_at_commit(self, ctx: AppContext) -> None:
        first, second = _new_id(), _new_id()
        async with ctx.sessionmaker() as session:
            add_insert(session, JOBS, _job(first))
            add_insert(session, JOBS, _job(second))
            assert await _stored_jobs(ctx, first, second) == set()  # nada antes do commit
            assert not session.in_transaction()  # e nenhuma transação aberta por isso
            await commit(session)
        assert await _stored_jobs(ctx, first, second) == {first, second}

    async def test_missing_columns_get_the_model_defaults(self, ctx: AppContext) -> None:
        """Sem transação aberta (no PostgreSQL, o comando único): as colunas não informadas recebem os padrões do
        modelo, e faltar uma obrigatória sem padrão é recusado já no agendamento."""
        job_id = _new_id()
        async with ctx.sessionmaker() as session:
            add_insert(session, JOBS, {"id": job_id, "kind": "teste.padroes", "payload": {}})
            assert not session.in_transaction()
            await commit(session)
        async with ctx.sessionmaker() as session:
            job = await session.get(Job, job_id)
        assert job is not None
        assert (job.status, job.attempts, job.max_attempts) == ("queued", 0, 8)
        assert job.run_at is not None and job.created_at is not None and job.updated_at is not None
        async with ctx.sessionmaker() as session:
            with pytest.raises(ValueError, match=r"jobs\.kind é obrigatória"):
                add_insert(session, JOBS, {"payload": {}})

    async def test_a_failing_row_writes_none_of_them(self, ctx: AppContext) -> None:
        existing, fresh = _new_id(), _new_id()
        async with ctx.sessionmaker() as session:
            add_insert(session, JOBS, _job(existing))
            await commit(session)
        async with ctx.sessionmaker() as session:
            add_insert(session, JOBS, _job(fresh))
            add_insert(session, JOBS, _job(existing))  # chave primária repetida
            with pytest.raises(IntegrityError):
                await commit(session)
        assert await _stored_jobs(ctx, existing, fresh) == {existing}

    async def test_inside_an_open_transaction_they_join_it(self, ctx: AppContext) -> None:
        job_id = _new_id()
        async with ctx.sessionmaker() as session:
            await session.execute(select(func.count()).select_from(Job))  # abre a transação
            add_insert(session, JOBS, _job(job_id))
            await flush_inserts(session)
            assert (await session.execute(select(Job.id).where(Job.id == job_id))).scalar_one() == job_id
            await session.rollback()
        assert await _stored_jobs(ctx, job_id) == set()

    async def test_rollback_discards_them_even_without_a_transaction(self, ctx: AppContext) -> None:
        job_id = _new_id()
        async with ctx.sessionmaker() as session:
            add_insert(session, JOBS, _job(job_id))
            await session.rollback()
            await commit(session)
        assert await _stored_jobs(ctx, job_id) == set()

    async def test_single_statement_works_without_prepared_statement_cache(
        self, ctx: AppContext, settings: Settings
    ) -> None:
        # Como atrás do pooler de transação do Supabase/PgBouncer (porta 6543): sem cache de prepared statements.
        pooled = create_context(settings.model_copy(update={"database_statement_cache": "off"}))
        try:
            ids = [_new_id() for _ in range(3)]
            for job_id in ids:  # mais de uma vez na mesma conexão: nada de statement com nome repetido
                async with pooled.sessionmaker() as session:
                    add_insert(session, JOBS, _job(job_id))
                    add_insert(session, JOBS, _job(job_id + 1))
                    await commit(session)
            assert await _stored_jobs(pooled, *ids, *(i + 1 for i in ids)) == {*ids, *(i + 1 for i in ids)}
        finally:
            await pooled.close()

    async def test_transaction_memo_lives_until_commit_or_rollback(self, ctx: AppContext) -> None:
        async with ctx.sessionmaker() as session:
            transaction_memo(session)["x"] = 1
            assert transaction_memo(session) == {"x": 1}
            await commit(session)
            assert transaction_memo(session) == {}
            transaction_memo(session)["y"] = 2
            await session.rollback()
            assert transaction_memo(session) == {}

    async def test_plain_commit_refuses_to_drop_them(self, ctx: AppContext) -> None:
        async with ctx.sessionmaker() as session:
            await session.execute(select(func.count()).select_from(Job))
            add_insert(session, JOBS, _job(_new_id()))
            with pytest.raises(RuntimeError, match="INSERTs adiados"):
                session.sync_session.commit()


@pytest.mark.skipif(BACKEND != "postgres", reason="LISTEN/NOTIFY só no PostgreSQL")
async def test_worker_wakeups_are_coalesced_into_few_notifies(ctx: AppContext, settings: Settings) -> None:
    received: list[str] = []
    listener = await asyncpg.connect(settings.resolved_database_url.replace("+asyncpg", ""), ssl=False)
    try:
        await listener.add_listener(JOBS_CHANNEL, lambda *args: received.append(args[2]))
        for _ in range(200):
            await ctx.wake_workers()
        for _ in range(100):
            if received:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        assert 1 <= len(received) <= 3  # 200 avisos no mesmo instante: um NOTIFY (mais, no máximo, um de sobra)
        before = len(received)
        await ctx.wake_workers()  # depois do anterior ter ido: um aviso novo chega
        for _ in range(100):
            if len(received) > before:
                break
            await asyncio.sleep(0.02)
        assert len(received) == before + 1
    finally:
        await listener.close()


@pytest.mark.skipif(BACKEND != "postgres", reason="comando direto no asyncpg só no PostgreSQL")
async def test_single_statement_path_reports_database_errors_like_sqlalchemy(ctx: AppContext) -> None:
    """`fetch_once` (a ingestão de callbacks sem BEGIN/COMMIT) devolve a linha e embrulha os erros do driver como o
    SQLAlchemy: uma disputa momentânea (serialização) é tratada como 503 pelo tratador de erros, não vira 500."""
    from sqlalchemy.exc import DBAPIError

    from wacs.kit.db import fetch_once
    from wacs.kit.errors import _is_transient

    row = await fetch_once(ctx.engine, "SELECT $1::int + 1 AS n", 41)
    assert row["n"] == 42
    conflict = "DO $$ BEGIN RAISE EXCEPTION 'conflito' USING ERRCODE = '40001'; END $$"
    with pytest.raises(DBAPIError) as transient:
        await fetch_once(ctx.engine, conflict)
    assert _is_transient(transient.value)
    with pytest.raises(DBAPIError) as defect:
        await fetch_once(ctx.engine, "SELECT 1 / $1::int", 0)
    assert not _is_transient(defect.value)
    with pytest.raises(IntegrityError):
        await fetch_once(ctx.engine, "DO $$ BEGIN RAISE EXCEPTION 'dup' USING ERRCODE = '23505'; END $$")
    assert (await fetch_once(ctx.engine, "SELECT 1 AS ok"))["ok"] == 1  # a conexão voltou ao pool em bom estado
