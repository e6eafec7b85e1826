"""Limpeza periódica: as tabelas de eventos e de histórico técnico não crescem sem fim."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.lgpd.retention import apply_retention
from wacs.models import InboundEvent, Job, RealtimeEvent, SupabaseRelayCursor, SupabaseRelayLease, WebhookDelivery

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
        expired = (
            RealtimeEvent.created_at < now - timedelta(hours=settings.realtime_retention_hours),
            RealtimeEvent.seq
            < select(func.max(newest.seq)).where(newest.tenant_id == RealtimeEvent.tenant_id).scalar_subquery(),
        )
        if settings.supabase_realtime_configured:
            await _unrelayed_lost(session, expired, now)
        result = await session.execute(delete(RealtimeEvent).where(*expired))
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


async def _unrelayed_lost(session: AsyncSession, expired: tuple[ColumnElement[bool], ...], now: datetime) -> None:
    """Eventos que a retenção vai apagar sem terem chegado ao Supabase Realtime (repasse atrasado além da retenção,
    ex.: Supabase fora do ar por dias): contados como perdidos, registrados, e o cursor passa por cima deles."""
    from wacs.kit import metrics
    from wacs.supabase.realtime import advance_cursors

    if (await session.execute(select(SupabaseRelayLease.name).limit(1))).first() is None:
        return  # o repasse ainda não começou: nada estava esperando para sair
    rows = (
        await session.execute(
            select(RealtimeEvent.tenant_id, func.count(), func.max(RealtimeEvent.seq))
            .outerjoin(SupabaseRelayCursor, SupabaseRelayCursor.tenant_id == RealtimeEvent.tenant_id)
            .where(*expired, RealtimeEvent.seq > func.coalesce(SupabaseRelayCursor.last_seq, 0))
            .group_by(RealtimeEvent.tenant_id)
        )
    ).all()
    if not rows:
        return
    lost = sum(int(count) for _, count, _ in rows)
    metrics.SUPABASE_LOST.inc(lost)
    for tenant_id, count, last in rows:
        logger.error(
            "eventos apagados pela retenção antes de chegar ao Supabase Realtime",
            extra={"tenant_id": str(tenant_id), "events": int(count), "up_to_seq": int(last)},
        )
    connection = await session.connection()
    await advance_cursors(connection, [(tenant_id, int(last)) for tenant_id, _, last in rows], now)
