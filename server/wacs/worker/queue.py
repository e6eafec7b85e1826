"""Fila durável de jobs no próprio banco.

PostgreSQL: vários workers disputam com `FOR UPDATE SKIP LOCKED` e acordam com `LISTEN/NOTIFY`.
SQLite: um único worker em processo, acordado por um evento local.
Um job "running" cujo prazo (lease) venceu volta a ser disputável: é assim que um worker morto não perde nada.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import JOBS_CHANNEL, AppContext
from wacs.kit.db import add_insert, dialect_insert, on_commit
from wacs.kit.telemetry import job_context
from wacs.models import Job, WorkerRecord
from wacs.models.base import table_of

NOTIFY_CHANNEL = JOBS_CHANNEL
JOBS = table_of(Job)


class RetryLater(Exception):
    """O handler pede nova tentativa (erro transitório) depois de `delay` segundos, contando tentativa."""

    def __init__(self, reason: str, delay: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


class Postpone(Exception):
    """Adia sem contar tentativa (ex.: limite de envio por número; aguardar a vez não é falha)."""

    def __init__(self, delay: float) -> None:
        super().__init__(f"adiado por {delay:.2f}s")
        self.delay = delay


@dataclass(frozen=True)
class NewJob:
    """Um job a enfileirar (o único formato aceito por `enqueue` e `enqueue_many`)."""

    kind: str
    payload: dict[str, Any]
    tenant_id: uuid.UUID | None = None
    run_at: datetime | None = None
    max_attempts: int | None = None


SEND_KIND = "message.send"


def dedupe_key(kind: str, payload: dict[str, Any]) -> str | None:
    """A chave única do job vivo (`jobs.dedupe_key`), ou None para os tipos que podem repetir.

    O envio de uma mensagem tem uma só: com dois jobs vivos, dois workers chamariam o provedor para a mesma mensagem
    (o registro só grava uma vez, mas o contato receberia duas). Hexadecimal do id: é como o SQLite guarda um UUID,
    então a varredura de `wacs.supabase_webhook` compara a chave com a coluna sem converter nada.
    """
    if kind == SEND_KIND:
        return f"{SEND_KIND}:{uuid.UUID(str(payload['messageId'])).hex}"
    return None


def _row(ctx: AppContext, job: NewJob, now: datetime, origin: dict[str, str] | None) -> dict[str, Any]:
    return {
        "kind": job.kind,
        "payload": job.payload,
        "tenant_id": job.tenant_id,
        "dedupe_key": dedupe_key(job.kind, job.payload),
        "status": "queued",
        "attempts": 0,
        "max_attempts": job.max_attempts or ctx.settings.job_max_attempts,
        "run_at": job.run_at or now,
        # O trace e a requisição de quem enfileirou: o worker continua o mesmo trace e loga o mesmo id.
        "trace_context": origin,
        "created_at": now,
        "updated_at": now,
    }


async def enqueue(
    ctx: AppContext,
    session: AsyncSession,
    kind: str,
    payload: dict[str, Any],
    *,
    tenant_id: uuid.UUID | None = None,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
) -> None:
    """Um job, como INSERT adiado: vai no commit, no mesmo comando do que ele acompanha (o aceite de um envio)."""
    job = NewJob(kind, payload, tenant_id, run_at, max_attempts)
    add_insert(session, JOBS, _row(ctx, job, datetime.now(UTC), job_context()))
    await wake_workers(ctx, session)


async def enqueue_many(ctx: AppContext, session: AsyncSession, jobs: Sequence[NewJob]) -> None:
    """Vários jobs num só INSERT, já na transação corrente (lotes: mensagens de um envio em massa, entregas)."""
    if not jobs:
        return
    now, origin = datetime.now(UTC), job_context()
    await session.execute(insert(JOBS), [_row(ctx, job, now, origin) for job in jobs])
    await wake_workers(ctx, session)


async def enqueue_unique(ctx: AppContext, session: AsyncSession, job: NewJob) -> bool:
    """Um job com chave única (`dedupe_key`), na transação corrente; False se já existe um vivo com a mesma chave.

    ON CONFLICT DO NOTHING: duas transações ao mesmo tempo com a mesma chave — a segunda espera a primeira e não
    grava nada (nunca um erro de chave duplicada para quem chama)."""
    row = _row(ctx, job, datetime.now(UTC), job_context())
    if row["dedupe_key"] is None:
        raise ValueError(f"jobs do tipo {job.kind} não têm chave única")
    statement = dialect_insert(session)(JOBS).values(row).on_conflict_do_nothing(index_elements=["dedupe_key"])
    inserted = bool((await session.execute(statement)).rowcount)  # type: ignore[attr-defined]
    if inserted:
        await wake_workers(ctx, session)
    return inserted


async def wake_workers(ctx: AppContext, session: AsyncSession) -> None:
    """Acorda os workers quando a transação for confirmada (nunca antes: o job ainda não existiria)."""
    if any(callback == ctx.wake_workers for callback in session.info.get("on_commit", ())):
        return
    on_commit(session, ctx.wake_workers)


def backoff_seconds(ctx: AppContext, attempt: int, base: float | None = None) -> float:
    """Exponencial com jitter (0,5×–1,5×), limitado."""
    base = base if base is not None else ctx.settings.job_retry_base_seconds
    raw = min(ctx.settings.job_retry_max_seconds, base * (2 ** max(0, attempt - 1)))
    return float(raw * random.uniform(0.5, 1.5))  # noqa: S311 - jitter, não criptografia


def _claim_statement(postgres: bool) -> Any:
    # Montado uma vez por dialeto, com parâmetros: a reivindicação roda a cada volta do worker e construir a
    # expressão custava tanto quanto executá-la.
    c = JOBS.c
    now: Any = bindparam("now")
    ready = (
        select(c.id)
        .where(((c.status == "queued") & (c.run_at <= now)) | ((c.status == "running") & (c.locked_until < now)))
        .order_by(c.run_at, c.id)
        .limit(bindparam("limit"))
    )
    if postgres:
        ready = ready.with_for_update(skip_locked=True)
    return (
        update(JOBS)
        .where(c.id.in_(ready.scalar_subquery()))
        .values(
            status="running",
            locked_by=bindparam("worker_id"),
            locked_until=bindparam("lease_until"),
            attempts=c.attempts + 1,
            updated_at=now,
        )
        .returning(*JOBS.columns)
    )


_CLAIM = {True: _claim_statement(True), False: _claim_statement(False)}
_NEXT_RUN_AT = select(JOBS.c.run_at).where(JOBS.c.status == "queued").order_by(JOBS.c.run_at).limit(1)


async def claim(ctx: AppContext, session: AsyncSession, worker_id: str, limit: int) -> list[Job]:
    now = datetime.now(UTC)
    postgres = session.bind is not None and session.bind.dialect.name == "postgresql"
    params = {
        "now": now,
        "limit": limit,
        "worker_id": worker_id,
        "lease_until": now + timedelta(seconds=ctx.settings.job_lease_seconds),
    }
    # Colunas, não entidades: montar o Job a partir da linha custa bem menos que o carregamento do ORM.
    jobs = [Job(**row) for row in (await session.execute(_CLAIM[postgres], params)).mappings()]
    await session.commit()
    return jobs


# ------------------------------------------------------------------------------- workers vivos e mortos


@dataclass(frozen=True)
class WorkerIdentity:
    id: str
    hostname: str
    pid: int


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # existe, só não é nosso
    return True


async def register_worker(ctx: AppContext, identity: WorkerIdentity) -> None:
    now = datetime.now(UTC)
    async with ctx.sessionmaker() as session:
        session.add(
            WorkerRecord(id=identity.id, hostname=identity.hostname, pid=identity.pid, started_at=now, heartbeat_at=now)
        )
        await session.commit()


async def unregister_worker(ctx: AppContext, identity: WorkerIdentity) -> None:
    async with ctx.sessionmaker() as session:
        await session.execute(delete(WorkerRecord).where(WorkerRecord.id == identity.id))
        await session.commit()


async def heartbeat(ctx: AppContext, identity: WorkerIdentity) -> None:
    """Sinal de vida: renova o prazo de TODOS os jobs que o worker está executando (um envio mais lento que o prazo
    não é repetido por ninguém) e o registro do worker. Cada UPDATE na sua transação: uma tabela travada por vez,
    sem ciclo de espera com quem trava as duas noutra ordem."""
    now = datetime.now(UTC)
    async with ctx.sessionmaker() as session:
        await session.execute(
            update(Job)
            .where(Job.locked_by == identity.id, Job.status == "running")
            .values(locked_until=now + timedelta(seconds=ctx.settings.job_lease_seconds))
            .execution_options(synchronize_session=False)
        )
        await session.commit()
        await session.execute(update(WorkerRecord).where(WorkerRecord.id == identity.id).values(heartbeat_at=now))
        await session.commit()


async def reclaim_dead_workers(ctx: AppContext, identity: WorkerIdentity) -> int:
    """Devolve à fila, na hora, os jobs em execução de workers que se sabe mortos; devolve quantos jobs.

    Morto é: um worker desta máquina cujo processo não existe mais (ou cujo pid agora é o nosso: um contêiner
    reiniciado reaproveita o pid 1), ou um worker de qualquer máquina sem sinal de vida há
    `WORKER_DEAD_AFTER_SECONDS`. O resto espera o prazo normal (lease) — que o sinal de vida dos vivos renova.
    """
    stale_before = datetime.now(UTC) - timedelta(seconds=ctx.settings.worker_dead_after_seconds)
    async with ctx.sessionmaker() as session:
        rows = (await session.execute(select(WorkerRecord).where(WorkerRecord.id != identity.id))).scalars().all()
        dead = [
            row.id
            for row in rows
            if row.heartbeat_at < stale_before
            or (row.hostname == identity.hostname and (row.pid == identity.pid or not _process_exists(row.pid)))
        ]
        if not dead:
            return 0
        result = await session.execute(
            update(Job)
            .where(Job.locked_by.in_(dead), Job.status == "running")
            .values(locked_until=datetime.now(UTC) - timedelta(seconds=1))
            .execution_options(synchronize_session=False)
        )
        await session.commit()
        await session.execute(delete(WorkerRecord).where(WorkerRecord.id.in_(dead)))
        await session.commit()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def complete(session: AsyncSession, job: Job) -> None:
    await complete_many(session, [job])


async def complete_many(session: AsyncSession, jobs: Sequence[Job]) -> None:
    """Remove os jobs concluídos (um comando para o lote), desde que ainda sejam deste worker."""
    if not jobs:
        return
    # synchronize_session=False: os jobs não estão na sessão; poupa a varredura do ORM.
    await session.execute(
        delete(Job)
        .where(Job.id.in_([job.id for job in jobs]), Job.locked_by == jobs[0].locked_by)
        .execution_options(synchronize_session=False)
    )


async def reschedule(session: AsyncSession, job: Job, delay: float, error: str | None, *, count_attempt: bool) -> None:
    values: dict[str, Any] = {
        "status": "queued",
        "run_at": datetime.now(UTC) + timedelta(seconds=delay),
        "locked_by": None,
        "locked_until": None,
        "last_error": error,
    }
    if not count_attempt:
        values["attempts"] = Job.attempts - 1
    await session.execute(update(Job).where(Job.id == job.id).values(**values))


async def bury(session: AsyncSession, job: Job, error: str) -> None:
    await session.execute(
        update(Job)
        .where(Job.id == job.id)
        # O morto solta a chave única: um novo job para o mesmo alvo (ex.: a varredura) pode ser criado.
        .values(status="dead", locked_by=None, locked_until=None, last_error=error, dedupe_key=None)
    )


async def next_run_at(session: AsyncSession) -> datetime | None:
    run_at: datetime | None = (await session.execute(_NEXT_RUN_AT)).scalar_one_or_none()
    return run_at


async def depth(session: AsyncSession) -> dict[str, int]:
    from sqlalchemy import func

    rows = await session.execute(select(Job.kind, func.count()).where(Job.status != "dead").group_by(Job.kind))
    return {kind: int(count) for kind, count in rows.all()}
