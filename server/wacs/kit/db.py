"""Motor do banco, sessões e a unidade de trabalho por requisição."""

from __future__ import annotations

import logging
import ssl
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from wacs.config import Settings

logger = logging.getLogger("wacs.db")

_SSL_MODES = {"require", "verify-ca", "verify-full", "prefer", "allow"}


@dataclass(frozen=True)
class DatabaseTarget:
    url: URL
    connect_args: dict[str, Any]


def database_target(raw_url: str, statement_cache: str = "auto") -> DatabaseTarget:
    """Converte a URL recebida (como o Supabase e outros provedores fornecem) para o driver assíncrono."""
    url = make_url(raw_url)
    connect_args: dict[str, Any] = {}
    backend = url.get_backend_name()
    if backend in {"postgres", "postgresql"}:
        url = url.set(drivername="postgresql+asyncpg")
        query = dict(url.query)
        sslmode = query.pop("sslmode", None)
        query.pop("pgbouncer", None)
        if isinstance(sslmode, str) and sslmode in _SSL_MODES:
            if sslmode in {"verify-ca", "verify-full"}:
                connect_args["ssl"] = ssl.create_default_context()
            else:
                connect_args["ssl"] = "require" if sslmode == "require" else sslmode
        url = url.set(query=query)
        pooled = url.port == 6543 or "pgbouncer" in make_url(raw_url).query
        if statement_cache == "off" or (statement_cache == "auto" and pooled):
            # Pooler em modo transação não mantém prepared statements entre transações.
            url = url.update_query_dict({"prepared_statement_cache_size": "0"})
            connect_args["statement_cache_size"] = 0
            connect_args["prepared_statement_name_func"] = lambda: f"__asyncpg_{uuid.uuid4()}__"
    elif backend == "sqlite":
        url = url.set(drivername="sqlite+aiosqlite")
    return DatabaseTarget(url=url, connect_args=connect_args)


def _unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def create_engine(settings: Settings) -> AsyncEngine:
    target = database_target(settings.resolved_database_url, settings.database_statement_cache)
    if target.url.get_backend_name() == "sqlite":
        database = target.url.database
        if database and database != ":memory:":
            from pathlib import Path

            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            target.url,
            connect_args={"timeout": 30, **target.connect_args},
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_max_overflow,
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
            # lower() do SQLite só conhece ASCII; buscas em nomes como "ÂNGELA" precisam do Unicode completo.
            dbapi_conn.create_function("lower", 1, _unicode_lower, deterministic=True)

        return engine
    return create_async_engine(
        target.url,
        connect_args=target.connect_args,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        # Sem pre-ping (uma ida ao banco a mais em cada checkout); conexões são recicladas e erros de conexão
        # caída são tratados pelo pool na próxima tentativa.
        pool_recycle=1800,
    )


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def on_commit(session: AsyncSession, callback: Callable[[], Awaitable[None]]) -> None:
    """Agenda trabalho (invalidar cache, publicar eventos, acordar workers) para depois do commit.

    Descartado em rollback: nada é anunciado antes de estar gravado.
    """
    session.info.setdefault("on_commit", []).append(callback)


async def commit(session: AsyncSession) -> None:
    """Commit seguido dos callbacks agendados com `on_commit` (o único jeito de fazer commit no serviço)."""
    await session.commit()
    callbacks = session.info.pop("on_commit", [])
    for callback in callbacks:
        try:
            await callback()
        except Exception:  # o dado já está gravado; a falha de um aviso não desfaz nada
            logger.exception("falha em callback pós-commit")


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Unidade de trabalho da requisição: grava a auditoria e faz commit antes da resposta; rollback em erro."""
    from wacs.audit.recorder import flush_audit

    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.ctx.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
            await flush_audit(request, session)
            await commit(session)
        except BaseException:
            session.info.pop("on_commit", None)
            await session.rollback()
            raise


async def commit_request(request: Request, session: AsyncSession) -> None:
    """Confirma a unidade de trabalho antes do fim da rota (ex.: para esperar o worker), já com a auditoria."""
    from wacs.audit.recorder import flush_audit

    await flush_audit(request, session)
    await commit(session)


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
