"""Resolução do tenant pelo `X-Client-Id`, com cache (Redis ou em processo)."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass

import orjson
from sqlalchemy import select

from wacs.kit.context import AppContext
from wacs.models import Tenant


@dataclass(frozen=True)
class TenantContext:
    id: uuid.UUID
    client_id: str
    name: str
    is_active: bool
    requests_per_minute: int | None


def tenant_cache_key(client_id: str) -> str:
    return f"tenant:{client_id}"


async def resolve_tenant(ctx: AppContext, client_id: str, cached: bytes | None) -> TenantContext | None:
    """Tenant pelo client_id; `cached` é o valor já lido do cache (None = ausente)."""
    ttl = ctx.settings.tenant_cache_ttl_seconds
    if ttl and cached is not None:
        data = orjson.loads(cached)
        if data is None:
            return None
        data["id"] = uuid.UUID(data["id"])
        return TenantContext(**data)
    async with ctx.sessionmaker() as session:
        tenant = (await session.execute(select(Tenant).where(Tenant.client_id == client_id))).scalar_one_or_none()
    result = None
    if tenant is not None:
        rpm = (tenant.settings or {}).get("requestsPerMinute")
        result = TenantContext(
            tenant.id, tenant.client_id, tenant.name, tenant.is_active, int(rpm) if isinstance(rpm, int) else None
        )
    if ttl:
        # Tenants inexistentes também ficam em cache (por menos tempo) para não martelar o banco.
        payload = orjson.dumps(asdict(result), default=str) if result else b"null"
        await ctx.cache.set(tenant_cache_key(client_id), payload, ttl if result else min(ttl, 10))
    return result


@dataclass(frozen=True)
class ClaimedTenant:
    """O `X-Client-Id` de quem ainda não se autenticou (login, refresh) e o tenant correspondente, se houver.

    Inexistente ou inativo não é erro aqui: a resposta dessas rotas não pode revelar quais tenants existem.
    """

    client_id: str
    tenant: TenantContext | None

    @property
    def active(self) -> TenantContext | None:
        return self.tenant if self.tenant is not None and self.tenant.is_active else None


async def claim_tenant(ctx: AppContext, client_id: str) -> ClaimedTenant:
    cached = await ctx.cache.get(tenant_cache_key(client_id))
    return ClaimedTenant(client_id, await resolve_tenant(ctx, client_id, cached))


async def invalidate_tenant(ctx: AppContext, client_id: str) -> None:
    ctx.memo.clear()  # cópias locais derivadas do tenant (ex.: configurações no despacho); mudanças são raras
    await ctx.cache.delete(tenant_cache_key(client_id))
