"""Escolha do provedor/sessão para cada envio e o circuit breaker por sessão."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.models import Tenant, WhatsAppSession
from wacs.tenants.schemas import TenantSettings

TENANT_SETTINGS_MEMO_SECONDS = 1.0


async def tenant_settings(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID) -> TenantSettings:
    """Configurações de roteamento do tenant; cópia local de até 1 s (invalidada na hora neste processo, ao
    mudar as configurações; outros processos a veem no máximo 1 s depois)."""
    key = f"tenant-settings:{tenant_id}"
    settings: TenantSettings | None = ctx.memo.get(key)
    if settings is None:
        raw = (await session.execute(select(Tenant.settings).where(Tenant.id == tenant_id))).scalar_one_or_none()
        settings = TenantSettings.stored(raw)
        ctx.memo.set(key, settings, TENANT_SETTINGS_MEMO_SECONDS)
    return settings


async def candidates(
    session: AsyncSession,
    tenant_id: uuid.UUID,
    session_id: uuid.UUID | None,
    requested_provider: str | None,
    settings: TenantSettings,
) -> list[WhatsAppSession]:
    """Sessões que podem enviar uma mensagem, na ordem de tentativa.

    Sessão fixada no pedido: só ela. Provedor explícito: só sessões dele. `auto`: sessões conectadas na ordem de
    preferência do tenant. Sem fallback automático, só a primeira.
    """
    if session_id is not None:
        row = await session.get(WhatsAppSession, session_id)
        usable = row is not None and row.tenant_id == tenant_id and row.is_active and row.status == "connected"
        return [row] if usable and row is not None else []
    statement = select(WhatsAppSession).where(
        WhatsAppSession.tenant_id == tenant_id,
        WhatsAppSession.status == "connected",
        WhatsAppSession.is_active.is_(True),
    )
    if requested_provider and requested_provider != "auto":
        statement = statement.where(WhatsAppSession.provider_type == requested_provider)
    rows = list((await session.execute(statement.order_by(WhatsAppSession.created_at, WhatsAppSession.id))).scalars())
    order: dict[str, int] = {name: index for index, name in enumerate(settings.provider_preference)}
    rows.sort(key=lambda r: order.get(r.provider_type, len(order)))
    return rows if settings.automatic_fallback else rows[:1]


class CircuitBreaker:
    """Aberto após `threshold` falhas transitórias em 60 s; depois de `open_seconds`, deixa uma tentativa passar."""

    def __init__(self, ctx: AppContext) -> None:
        self.cache = ctx.cache
        self.threshold = ctx.settings.circuit_failure_threshold
        self.open_seconds = ctx.settings.circuit_open_seconds

    async def state(self, session_id: uuid.UUID) -> tuple[bool, bool]:
        """(aberto, com falhas recentes) numa só ida ao cache."""
        return (await self.states([session_id]))[session_id]

    async def states(self, session_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[bool, bool]]:
        """O estado de várias sessões numa só ida ao cache (um lote de envios consulta uma vez)."""
        keys = [key for sid in session_ids for key in (f"cb-open:{sid}", f"cb-fail:{sid}")]
        values = await self.cache.get_many(*keys) if keys else []
        result: dict[uuid.UUID, tuple[bool, bool]] = {}
        for index, sid in enumerate(session_ids):
            opened, failing = values[2 * index], values[2 * index + 1]
            result[sid] = (opened is not None, failing is not None or opened is not None)
        return result

    async def failure(self, session_id: uuid.UUID) -> bool:
        failures = await self.cache.incr_window(f"cb-fail:{session_id}", 60)
        if failures >= self.threshold:
            await self.cache.set(f"cb-open:{session_id}", b"1", max(1, round(self.open_seconds)))
            return True
        return False

    async def success(self, session_id: uuid.UUID) -> None:
        await self.cache.delete(f"cb-fail:{session_id}", f"cb-open:{session_id}")
