"""Ambiente do Alembic: recebe a conexão do executor (`wacs.kit.migrate`) ou abre uma pela configuração."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from wacs.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=False,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_standalone() -> None:
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    from wacs.config import Settings
    from wacs.kit.db import database_target

    # O Alembic direto (`alembic upgrade head`) também usa DATABASE_SESSION_URL quando definida.
    target = database_target(Settings().resolved_session_database_url)
    engine = create_async_engine(target.url, connect_args=target.connect_args, poolclass=NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_standalone())
