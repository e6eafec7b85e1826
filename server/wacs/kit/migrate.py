"""Migrations automáticas na inicialização, seguras com várias réplicas iniciando ao mesmo tempo."""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from wacs.config import Settings

logger = logging.getLogger("wacs.migrate")

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# Chave do advisory lock do PostgreSQL que serializa as migrations entre réplicas.
ADVISORY_LOCK_KEY = 0x77616373  # "wacs"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


async def run_migrations(engine: AsyncEngine, data_dir: Path) -> None:
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            # O lock de sessão vale até o fim da conexão; outras réplicas esperam aqui e depois não acham nada a fazer.
            await connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
            try:
                await connection.commit()
                await connection.run_sync(_upgrade)
                await connection.commit()
            finally:
                await connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
                await connection.commit()
    else:
        data_dir.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - só na inicialização
        with (data_dir / ".migrate.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                async with engine.connect() as connection:
                    await connection.run_sync(_upgrade)
                    await connection.commit()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    logger.info("migrations aplicadas")


async def migrate_configured(settings: Settings, engine: AsyncEngine | None = None) -> None:
    """As migrations pela conexão certa: DATABASE_SESSION_URL quando definida (o app atrás de um pooler em modo
    transação, que não guarda o advisory lock de sessão entre transações), senão o motor do app (`engine`) ou um
    criado da DATABASE_URL."""
    from wacs.kit.db import create_engine, database_target

    if settings.database_session_url:
        target = database_target(settings.database_session_url, "auto")
        # Uma conexão só, fechada no fim: a conexão direta/de sessão do Supabase tem poucos clientes.
        dedicated = create_async_engine(target.url, connect_args=target.connect_args, poolclass=NullPool)
    elif engine is None:
        dedicated = create_engine(settings)
    else:
        await run_migrations(engine, settings.data_dir)
        return
    try:
        await run_migrations(dedicated, settings.data_dir)
    finally:
        await dedicated.dispose()
