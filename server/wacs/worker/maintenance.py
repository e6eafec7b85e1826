"""Limpeza periódica: as tabelas de eventos e de histórico técnico não crescem sem fim."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import aliased

from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.lgpd.retention import apply_retention
from wacs.models import InboundEvent, Job, RealtimeEvent, WebhookDelivery

logger = logging.getLogger("wacs.maintenance")


async def prune(ctx: AppContext) -> dict[str, int]:
    settings = ctx.settings
    now = datetime.now(UTC)
    removed: dict[str, int] = {}
    async with ctx.sessionmaker() as session:
        # O evento mais novo de cada tenant fica: dele sai o `cursor` do `ready`; sem ele, um tenant quieto por mais
        # que a retenção receberia cursor 0 e os clientes concluiriam que o histórico foi recriado. A numeração em si
        # não depende mais das linhas guardadas (sequence por tenant, ou realtime_counters no SQLite), então não é
        # preciso guardar o evento mais novo do banco inteiro.
        newest = aliased(RealtimeEvent)
        result = await session.execute(
            delete(RealtimeEvent).where(
                RealtimeEvent.created_at < now - timedelta(hours=settings.realtime_retention_hours),
                RealtimeEvent.seq
                < select(func.max(newest.seq)).where(newest.tenant_id == RealtimeEvent.tenant_id).scalar_subquery(),
            )
        )
        removed["realtime_events"] = result.rowcount or 0  # type: ignore[attr-defined]
        result = await session.execute(
            delete(InboundEvent).where(
                InboundEvent.processed_at.is_not(None),
                InboundEvent.created_at < now - timedelta(days=settings.history_retention_days),
            )
        )
        removed["inbound_events"] = result.rowcount or 0  # type: ignore[attr-defined]
        result = await session.execute(
            delete(WebhookDelivery).where(
                WebhookDelivery.status.in_(("delivered", "dead", "failed")),
                WebhookDelivery.created_at < now - timedelta(days=settings.history_retention_days),
            )
        )
        removed["webhook_deliveries"] = result.rowcount or 0  # type: ignore[attr-defined]
        result = await session.execute(
            delete(Job).where(
                Job.status == "dead",
                Job.updated_at < now - timedelta(days=settings.history_retention_days),
            )
        )
        removed["jobs"] = result.rowcount or 0  # type: ignore[attr-defined]
        await commit(session)
    # Retenção de cada tenant (LGPD): em lotes e transações próprias, depois da limpeza técnica.
    removed |= await apply_retention(ctx, now)
    if any(removed.values()):
        logger.info("limpeza de histórico", extra={"removed": removed})
    return removed
