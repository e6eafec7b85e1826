"""O banco das aplicações de referência (`bare_insert_app.py`, `bare_callback_app.py`): a mesma política de conexão do
wacs e as tabelas criadas ao iniciar, num só lugar para que as duas referências meçam nas mesmas condições.

Configuração: `BENCH_DATABASE_URL` (`postgresql://…`, só 127.0.0.1); `BENCH_POOL_SIZE`/`BENCH_POOL_OVERFLOW`.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from urllib.parse import urlsplit

from fastapi import FastAPI
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

POOL_SIZE = int(os.environ.get("BENCH_POOL_SIZE", "40"))  # os padrões do wacs (DATABASE_POOL_SIZE/MAX_OVERFLOW)
POOL_OVERFLOW = int(os.environ.get("BENCH_POOL_OVERFLOW", "0"))


def create_engine() -> AsyncEngine:
    raw = os.environ["BENCH_DATABASE_URL"]
    if urlsplit(raw).hostname not in {"127.0.0.1", "localhost"}:
        raise RuntimeError(f"BENCH_DATABASE_URL precisa apontar para 127.0.0.1: {raw}")
    url = "postgresql+asyncpg://" + raw.partition("://")[2]
    # Mesma política de conexão do wacs: pool do mesmo tamanho, sem pre-ping, sem TLS num banco em 127.0.0.1.
    return create_async_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, connect_args={"ssl": False})


def lifespan(engine: AsyncEngine, metadata: MetaData) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Cria as tabelas ao iniciar e fecha o pool ao parar."""

    @asynccontextmanager
    async def run(_: FastAPI) -> AsyncIterator[None]:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        yield
        await engine.dispose()

    return run
