"""Limpeza periódica do histórico técnico: apaga o velho, preserva o novo e o último evento (cursor)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from wacs.kit.context import AppContext
from wacs.models import RealtimeEvent, Tenant
from wacs.worker.maintenance import prune


async def test_prune_keeps_recent_events_and_the_newest(ctx: AppContext, tenant: Tenant) -> None:
    old = datetime.now(UTC) - timedelta(hours=ctx.settings.realtime_retention_hours + 1)
    async with ctx.sessionmaker() as session:
        session.add_all(
            [RealtimeEvent(tenant_id=tenant.id, type="message.created", data={}, created_at=old) for _ in range(3)]
        )
        session.add(RealtimeEvent(tenant_id=tenant.id, type="message.created", data={"novo": True}))
        await session.commit()
    removed = await prune(ctx)
    assert removed["realtime_events"] == 3
    async with ctx.sessionmaker() as session:
        remaining = (await session.execute(select(RealtimeEvent.data))).scalars().all()
    assert remaining == [{"novo": True}]


async def test_prune_never_empties_the_event_table(ctx: AppContext, tenant: Tenant) -> None:
    old = datetime.now(UTC) - timedelta(days=30)
    async with ctx.sessionmaker() as session:
        session.add_all([RealtimeEvent(tenant_id=tenant.id, type="x", data={}, created_at=old) for _ in range(2)])
        await session.commit()
    await prune(ctx)
    async with ctx.sessionmaker() as session:
        count = (await session.execute(select(func.count()).select_from(RealtimeEvent))).scalar_one()
    assert count == 1
