"""Motor do banco, sessões e a unidade de trabalho por requisição."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from sqlalchemy import Table, event, insert
from sqlalchemy.engine import URL, Dialect, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session

from wacs.config import Settings
from wacs.kit.errors import ConcurrentWrite, DatabaseBusy
from wacs.kit.openapi import raises
from wacs.kit.telemetry import instrument_engine

logger = logging.getLogger("wacs.db")

_SSL_MODES = {"require", "verify-ca", "verify-full", "prefer", "allow"}
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


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
        elif sslmode == "disable" or (
            # `ssl=` na URL (a forma do asyncpg) vale como veio, também na loopback.
            sslmode is None and "ssl" not in query and (url.host or "localhost") in _LOOPBACK_HOSTS
        ):
            # Banco na mesma máquina sem sslmode: sem TLS (o padrão "prefer" cifraria cada comando à toa).
            connect_args["ssl"] = False
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
            pool_timeout=settings.database_pool_timeout_seconds,
            hide_parameters=True,
            json_deserializer=orjson.loads,
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

        instrument_engine(engine)
        return engine
    engine = create_async_engine(
        target.url,
        connect_args=target.connect_args,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
        pool_timeout=settings.database_pool_timeout_seconds,
        # Sem pre-ping (uma ida ao banco a mais em cada checkout); conexões são recicladas e erros de conexão
        # caída são tratados pelo pool na próxima tentativa.
        pool_recycle=1800,
        # Colunas JSON lidas com o orjson: o `json` da biblioteca padrão custava ~6% da CPU do despacho (py-spy).
        # Inteiros além de 64 bits viram float, como em JavaScript; nada do produto guarda números assim.
        json_deserializer=orjson.loads,
        # Parâmetros de comandos (hashes de senha e de chaves, corpos de mensagem) nunca vão para mensagens de erro
        # nem para logs.
        hide_parameters=True,
    )
    instrument_engine(engine)  # spans de SQL só com o rastreamento ligado (sem os valores dos parâmetros)
    return engine


class Notifier:
    """`NOTIFY <canal>` no PostgreSQL depois do commit, agrupado: sob carga, um só comando avisa de todos os commits
    que chegaram enquanto o anterior ia ao banco (NOTIFY dentro de cada transação serializa os commits).

    Sem PostgreSQL não faz nada. Quem escuta também consulta periodicamente: um aviso perdido só atrasa.
    """

    def __init__(self, engine: AsyncEngine, channel: str) -> None:
        self._engine = engine
        self._channel = channel
        # Vai como conteúdo do aviso: quem escuta no mesmo processo já foi acordado direto e ignora o próprio eco.
        self.token = uuid.uuid4().hex
        self._enabled = engine.dialect.name == "postgresql"
        self._pending = False
        self._task: asyncio.Task[None] | None = None

    def poke(self) -> None:
        if not self._enabled:
            return
        self._pending = True
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._flush(), name=f"wacs-notify-{self._channel}")

    async def _flush(self) -> None:
        while self._pending:
            self._pending = False
            try:
                await fetch_once(self._engine, "SELECT pg_notify($1, $2)", self._channel, self.token)
            except Exception:
                logger.warning("falha ao avisar os workers (%s); eles consultam a fila periodicamente", self._channel)

    async def close(self) -> None:
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)


class UnitOfWork(AsyncSession):
    """Sessão do serviço: um rollback também descarta os INSERTs adiados e os callbacks de `on_commit`
    (mesmo sem transação aberta, quando o rollback do SQLAlchemy não faz nada)."""

    async def rollback(self) -> None:
        self.info.pop(_PENDING, None)
        self.info.pop("on_commit", None)
        self.info.pop(_MEMO, None)
        await super().rollback()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=UnitOfWork, expire_on_commit=False, autoflush=False)


async def listen_forever(
    session_url: str, channel: str, callback: Callable[[object, int, str, str], None], warning: str
) -> None:
    """Mantém um LISTEN do PostgreSQL em `channel`, reconectando quando a conexão cai (5 s depois de uma falha, com
    `warning` no log). LISTEN é estado da sessão: `session_url` é a DATABASE_SESSION_URL, porque atrás de um pooler
    em modo transação os avisos se perderiam."""
    import asyncpg

    target = database_target(session_url)
    dsn = target.url.set(drivername="postgresql").render_as_string(hide_password=False)
    while True:
        try:
            connection = await asyncpg.connect(dsn, ssl=target.connect_args.get("ssl"))
            await connection.add_listener(channel, callback)
            closed = asyncio.Event()
            connection.add_termination_listener(lambda *_, ev=closed: ev.set())
            try:
                await closed.wait()
            finally:
                with contextlib.suppress(Exception):
                    await connection.close()
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.warning(warning, exc_info=True)
            await asyncio.sleep(5)


def dialect_insert(session: AsyncSession) -> Any:
    """O `insert` do dialeto da sessão (PostgreSQL ou SQLite), para ON CONFLICT (os dois têm a mesma forma)."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return pg_insert if session.bind is not None and session.bind.dialect.name == "postgresql" else sqlite_insert


_DIALECT_STATEMENTS: dict[tuple[str, str], Any] = {}


def dialect_statement(session: AsyncSession, name: str, build: Callable[[Any], Any]) -> Any:
    """Um comando com ON CONFLICT montado uma vez por dialeto (`build` recebe o `insert` do dialeto) e executado com
    parâmetros: um `.values(...)` com valores literais não entra no cache de SQL compilado do SQLAlchemy, e compilar
    a cada lote custava mais que executá-lo."""
    key = (name, session.bind.dialect.name if session.bind is not None else "")
    statement = _DIALECT_STATEMENTS.get(key)
    if statement is None:
        statement = _DIALECT_STATEMENTS[key] = build(dialect_insert(session))
    return statement


async def execute_rows(session: AsyncSession, statement: Any, rows: list[dict[str, Any]]) -> Any:
    """Executa o comando para uma ou várias linhas (várias: um só INSERT … VALUES (…), (…), o "insertmanyvalues")."""
    return await session.execute(statement, rows if len(rows) > 1 else rows[0])


def on_commit(session: AsyncSession, callback: Callable[[], Awaitable[None]]) -> None:
    """Agenda trabalho (invalidar cache, publicar eventos, acordar workers) para depois do commit.

    Descartado em rollback: nada é anunciado antes de estar gravado.
    """
    session.info.setdefault("on_commit", []).append(callback)


def transaction_memo(session: AsyncSession) -> dict[str, Any]:
    """Valores lidos uma vez por transação (ex.: endpoints de webhook de um tenant, para os vários eventos de um
    envio); esvaziado no commit e no rollback."""
    memo: dict[str, Any] = session.info.setdefault(_MEMO, {})
    return memo


# ------------------------------------------------------------------------------------------ INSERTs adiados

_PENDING = "pending_inserts"
_MEMO = "transaction_memo"


_DEFAULTS: dict[str, list[tuple[str, Any, bool]]] = {}


def _defaults_of(table: Table) -> list[tuple[str, Any, bool]]:
    """(coluna, padrão, é função) das colunas com padrão do lado do Python; as obrigatórias sem padrão têm
    `padrão = _REQUIRED`. Calculado uma vez por tabela (o aceite de um envio passa por aqui)."""
    found = _DEFAULTS.get(table.name)
    if found is None:
        found = []
        for column in table.columns:
            default = column.default
            if default is not None and getattr(default, "is_scalar", False):
                found.append((column.key, default.arg, False))  # type: ignore[attr-defined]
            elif default is not None and getattr(default, "is_callable", False):
                found.append((column.key, default.arg, True))  # type: ignore[attr-defined]
            elif not column.nullable and column.server_default is None and not _generated_key(column):
                found.append((column.key, _REQUIRED, False))
        _DEFAULTS[table.name] = found
    return found


_REQUIRED = object()


def _generated_key(column: Any) -> bool:
    return bool(column.primary_key and column.autoincrement in {True, "auto"} and not column.foreign_keys)


def complete_row(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    """A linha com os padrões do lado do Python das colunas ausentes (um INSERT do Core não os aplica a colunas que
    não vêm nos valores); coluna obrigatória sem valor nem padrão → ValueError."""
    row = dict(values)
    for key, default, call in _defaults_of(table):
        if key in row:
            continue
        if default is _REQUIRED:
            raise ValueError(f"{table.name}.{key} é obrigatória e não tem valor nem padrão")
        row[key] = default(None) if call else default
    return row


def add_insert(session: AsyncSession, table: Table, values: dict[str, Any]) -> None:
    """Agenda um INSERT para o commit (`commit`), junto com os outros da mesma unidade de trabalho.

    No PostgreSQL, se a sessão não abriu transação, todos os INSERTs adiados vão num único comando fora de transação
    explícita (atômico por ser um comando só): uma ida ao banco em vez de BEGIN + N INSERTs + COMMIT. É o que deixa o
    aceite de um envio (mensagem + job + auditoria) barato. Nos outros casos, rodam na transação antes do commit.
    Erros de integridade aparecem no commit (ou em `flush_inserts`). As colunas ausentes recebem os padrões do
    modelo (`complete_row`).
    """
    session.info.setdefault(_PENDING, []).append((table, complete_row(table, values)))


async def flush_inserts(session: AsyncSession) -> None:
    """Executa já, na transação da sessão, os INSERTs adiados (quando a sequência precisa lê-los ou tratar erro)."""
    for table, values in session.info.pop(_PENDING, ()):
        await session.execute(_insert_of(table), values)


_INSERTS: dict[str, Any] = {}


def _insert_of(table: Table) -> Any:
    # INSERT do Core com parâmetros: compilado uma vez e reutilizado.
    statement = _INSERTS.get(table.name)
    if statement is None:
        statement = _INSERTS[table.name] = insert(table)
    return statement


@dataclass(frozen=True)
class _Combined:
    sql: str
    params: tuple[tuple[int, str, Callable[[Any], Any] | None], ...]  # (linha, coluna, conversor do tipo)


_COMBINED: dict[tuple[tuple[str, tuple[str, ...]], ...], _Combined] = {}


def _combined(dialect: Dialect, rows: list[tuple[Table, dict[str, Any]]]) -> _Combined:
    """Os INSERTs num só comando (`WITH w0 AS (INSERT …), … INSERT …`), em cache pelo formato das linhas."""
    key = tuple((table.name, tuple(values)) for table, values in rows)
    found = _COMBINED.get(key)
    if found is not None:
        return found
    quote = dialect.identifier_preparer
    statements: list[str] = []
    params: list[tuple[int, str, Callable[[Any], Any] | None]] = []
    for index, (table, values) in enumerate(rows):
        columns = [table.c[name] for name in values]
        markers = []
        for column in columns:
            params.append((index, column.key, column.type.dialect_impl(dialect).bind_processor(dialect)))
            markers.append(f"${len(params)}")
        names = ", ".join(quote.quote(column.name) for column in columns)
        # Só nomes de tabela/coluna do modelo (citados pelo dialeto) e marcadores $n: nenhum valor entra no texto.
        statements.append(f"INSERT INTO {quote.format_table(table)} ({names}) VALUES ({', '.join(markers)})")  # noqa: S608
    *first, last = statements
    prefix = "WITH " + ", ".join(f"w{i} AS ({sql})" for i, sql in enumerate(first)) + " " if first else ""
    found = _COMBINED[key] = _Combined(prefix + last, tuple(params))
    return found


async def fetch_once(engine: AsyncEngine, sql: str, *args: Any) -> Any:
    """Um comando do PostgreSQL direto no asyncpg (statement preparado em cache; parâmetros `$1…`), fora de transação
    explícita: uma ida ao banco, sem BEGIN/COMMIT — um comando só é atômico. Devolve a primeira linha (ou None).
    Erro de integridade vira `IntegrityError`; conexão caída não volta ao pool."""
    import asyncpg

    async with engine.connect() as conn:
        raw = await conn.get_raw_connection()
        try:
            return await raw.driver_connection.fetchrow(sql, *args)  # type: ignore[union-attr]
        except asyncpg.IntegrityConstraintViolationError as exc:
            raise IntegrityError(sql, None, exc) from exc
        except (OSError, asyncpg.InterfaceError, asyncpg.PostgresConnectionError) as exc:
            await conn.invalidate(exc)
            raise DBAPIError(sql, None, exc, connection_invalidated=True) from exc
        except asyncpg.PostgresError as exc:
            # Como o SQLAlchemy faria: o tratador de erros do banco decide (disputa momentânea → 503).
            raise DBAPIError(sql, None, exc) from exc


async def _insert_combined(engine: AsyncEngine, rows: list[tuple[Table, dict[str, Any]]]) -> None:
    statement = _combined(engine.dialect, rows)
    args = [
        convert(rows[index][1][key]) if convert else rows[index][1][key] for index, key, convert in statement.params
    ]
    await fetch_once(engine, statement.sql, *args)  # o comando único é atômico


@event.listens_for(Session, "before_commit")
def _refuse_pending_inserts(session: Session) -> None:
    if session.info.get(_PENDING):
        raise RuntimeError("INSERTs adiados sem gravar: confirme com wacs.kit.db.commit (ou flush_inserts antes)")


async def commit(session: AsyncSession) -> None:
    """Grava os INSERTs adiados, faz commit e roda os callbacks de `on_commit` (o único jeito de fazer commit)."""
    rows = session.info.get(_PENDING)
    engine = session.bind
    postgres = isinstance(engine, AsyncEngine) and engine.dialect.name == "postgresql"
    if rows and postgres and not session.in_transaction():
        assert isinstance(engine, AsyncEngine)
        session.info.pop(_PENDING)
        await _insert_combined(engine, rows)
    else:
        await flush_inserts(session)
        await session.commit()
    session.info.pop(_MEMO, None)
    callbacks = session.info.pop("on_commit", [])
    for callback in callbacks:
        try:
            await callback()
        except Exception:  # o dado já está gravado; a falha de um aviso não desfaz nada
            logger.exception("falha em callback pós-commit")


# ------------------------------------------------------------------------------------------ commit da requisição

RequestHook = Callable[[Request, AsyncSession], Awaitable[None]]
_BEFORE_REQUEST_COMMIT: list[RequestHook] = []


def add_before_request_commit(hook: RequestHook) -> None:
    """Registra trabalho que entra na transação da requisição logo antes do commit (ex.: a linha da auditoria).

    Chamado só na montagem do processo (`wacs.assembly`), para o kit não importar os domínios. A mesma função
    registrada de novo não se repete; o gancho pode rodar duas vezes na mesma requisição (`commit_request` e depois
    o fim da rota) e deve ignorar a segunda.
    """
    if hook not in _BEFORE_REQUEST_COMMIT:
        _BEFORE_REQUEST_COMMIT.append(hook)


async def _before_request_commit(request: Request, session: AsyncSession) -> None:
    for hook in _BEFORE_REQUEST_COMMIT:
        await hook(request, session)


@raises(DatabaseBusy, ConcurrentWrite)
async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """Unidade de trabalho da requisição: roda os ganchos (auditoria) e faz commit antes da resposta; rollback em
    erro."""
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.ctx.sessionmaker
    async with sessionmaker() as session:
        try:
            yield session
            await _before_request_commit(request, session)
            await commit(session)
        except BaseException:
            await session.rollback()
            raise


async def commit_request(request: Request, session: AsyncSession) -> None:
    """Confirma a unidade de trabalho antes do fim da rota (ex.: para esperar o worker), já com a auditoria."""
    await _before_request_commit(request, session)
    await commit(session)


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
