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
    from wacs.config import Settings
    from wacs.kit.db import create_engine

    engine = create_engine(Settings())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_standalone())
