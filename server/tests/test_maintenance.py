"""Limpeza periódica do histórico técnico: apaga o velho, preserva o novo e o último evento de cada tenant (cursor)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.models import RealtimeEvent, Tenant
from wacs.realtime.events import emit
from wacs.worker.maintenance import prune


async def _emit(ctx: AppContext, tenant_id: uuid.UUID, data: dict[str, Any], age: timedelta | None = None) -> int:
    async with ctx.sessionmaker() as session:
        seq: int = (await emit(ctx, session, tenant_id, "message.created", data))["seq"]
        if age is not None:
            await session.execute(
                update(RealtimeEvent)
                .where(RealtimeEvent.tenant_id == tenant_id, RealtimeEvent.seq == seq)
                .values(created_at=datetime.now(UTC) - age)
            )
        await commit(session)
    return seq


async def _remaining(ctx: AppContext) -> list[tuple[uuid.UUID, int, dict[str, Any]]]:
    async with ctx.sessionmaker() as session:
        rows = await session.execute(
            select(RealtimeEvent.tenant_id, RealtimeEvent.seq, RealtimeEvent.data).order_by(RealtimeEvent.id)
        )
        return [(tenant_id, seq, data) for tenant_id, seq, data in rows.all()]


async def test_prune_keeps_recent_events(ctx: AppContext, tenant: Tenant) -> None:
    old = timedelta(hours=ctx.settings.realtime_retention_hours + 1)
    for _ in range(3):
        await _emit(ctx, tenant.id, {}, old)
    await _emit(ctx, tenant.id, {"novo": True})
    removed = await prune(ctx)
    assert removed["realtime_events"] == 3
    assert await _remaining(ctx) == [(tenant.id, 4, {"novo": True})]


async def test_prune_keeps_the_newest_event_of_each_tenant(
    ctx: AppContext, tenant: Tenant, tenant_second: Tenant
) -> None:
    """Dele sai o `cursor` do `ready`: um tenant quieto não volta a cursor 0 (que o cliente leria como histórico
    recriado). O evento mais novo do banco inteiro não tem mais nada de especial."""
    old = timedelta(days=30)
    for n in range(3):
        await _emit(ctx, tenant.id, {"n": n}, old)
    for n in range(2):
        await _emit(ctx, tenant_second.id, {"n": n}, old)
    removed = await prune(ctx)
    assert removed["realtime_events"] == 3
    assert await _remaining(ctx) == [(tenant.id, 3, {"n": 2}), (tenant_second.id, 2, {"n": 1})]
    # E a numeração continua de onde estava, com ou sem as linhas antigas.
    assert await _emit(ctx, tenant.id, {}) == 4
