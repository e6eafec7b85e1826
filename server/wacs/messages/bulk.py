"""Progresso dos envios em massa: as contagens por status (a consulta e o evento `bulk.progress` usam a mesma conta)
e o aviso, no máximo um por segundo por envio, a quem acompanha pelo WebSocket e pelos webhooks.

Cada mudança de status de uma mensagem do envio chama `bulk_touched` na transação que a grava. A primeira da janela
de `PROGRESS_WINDOW_SECONDS` agenda o job `bulk.progress` para depois do fim da janela mais uma folga; o job conta o
que já foi confirmado e publica. Assim 10.000 mensagens viram poucas dezenas de eventos, e o último evento sempre
chega: a mudança que cai numa janela já aberta é contada pelo job daquela janela, que roda depois dela."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.messages.repository import BulkSendRepository, MessageRepository
from wacs.messages.schemas import BulkProgress
from wacs.models import BulkSend, Job
from wacs.realtime.events import emit
from wacs.worker.queue import enqueue

PROGRESS_JOB = "bulk.progress"
PROGRESS_WINDOW_SECONDS = 1
# A folga depois da janela: a transação que abriu a janela (ou caiu nela) já confirmou quando o job conta.
PROGRESS_SETTLE_SECONDS = 1


def bulk_kind(bulk: BulkSend) -> str:
    return str(bulk.request.get("type", "text"))


def progress_of(bulk: BulkSend, kind: str, counts: dict[str | None, int]) -> BulkProgress:
    created = sum(counts.values())
    pending = counts.get("pending", 0)
    finished = created == bulk.total and pending == 0
    return BulkProgress(
        bulk_id=bulk.id,
        status="completed" if finished else bulk.status,
        type=kind,
        total=bulk.total,
        created=created,
        pending=pending,
        sent=counts.get("sent", 0),
        delivered=counts.get("delivered", 0),
        read=counts.get("read", 0),
        failed=counts.get("failed", 0),
        created_at=bulk.created_at,
        completed_at=(bulk.completed_at or bulk.updated_at) if finished else None,
    )


async def bulk_touched(ctx: AppContext, db: AsyncSession, touched: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> None:
    """(tenant, envio) cujas mensagens mudaram nesta transação: agenda o aviso de progresso, um por janela."""
    run_at = datetime.now(UTC) + timedelta(seconds=PROGRESS_WINDOW_SECONDS + PROGRESS_SETTLE_SECONDS)
    for tenant_id, bulk_id in set(touched):
        if await ctx.cache.incr_window(f"bulk-progress:{bulk_id}", PROGRESS_WINDOW_SECONDS) == 1:
            await enqueue(ctx, db, PROGRESS_JOB, {"bulkId": str(bulk_id)}, tenant_id=tenant_id, run_at=run_at)


async def publish_progress(ctx: AppContext, db: AsyncSession, job: Job) -> None:
    """Conta e publica `bulk.progress`; quando tudo terminou, grava o envio como concluído (uma vez)."""
    if job.tenant_id is None:
        return
    bulk_id = uuid.UUID(job.payload["bulkId"])
    # Uma escrita antes de contar: dois avisos do mesmo envio se enfileiram aqui (trava da linha no PostgreSQL, trava
    # de escrita no SQLite, onde um SELECT FOR UPDATE não trava nada) e o segundo conta depois do commit do primeiro —
    # os avisos saem na ordem das contagens.
    await db.execute(
        update(BulkSend)
        .where(BulkSend.tenant_id == job.tenant_id, BulkSend.id == bulk_id)
        .values(status=BulkSend.status)
    )
    bulk = await BulkSendRepository(db, job.tenant_id).get(bulk_id)
    if bulk is None:
        return
    progress = progress_of(bulk, bulk_kind(bulk), await MessageRepository(db, job.tenant_id).status_counts(bulk.id))
    if progress.status == "completed" and bulk.status != "completed":
        bulk.status = "completed"
        bulk.completed_at = datetime.now(UTC)
        progress.completed_at = bulk.completed_at
    payload: dict[str, Any] = progress.model_dump(mode="json", by_alias=True)
    # Duas janelas seguidas contam o mesmo quando o envio terminou entre elas: o aviso repetido não diz nada novo.
    if payload == bulk.last_progress:
        return
    bulk.last_progress = payload
    await emit(ctx, db, job.tenant_id, "bulk.progress", payload)
