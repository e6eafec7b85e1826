"""Regras de tenants (plataforma) e das configurações de cada tenant."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.errors import BadRequest, Conflict, NotFound
from wacs.models import AIAgent, Tenant, User
from wacs.tenants.repository import TenantRepository
from wacs.tenants.schemas import TenantCreate, TenantSettings, TenantUpdate


class TenantNotFound(NotFound):
    code = "tenant_nao_encontrado"
    detail = "Tenant não encontrado."


class TenantExists(Conflict):
    code = "tenant_existente"
    detail = "Já existe um tenant com este client_id."


class OwnTenant(BadRequest):
    code = "proprio_tenant"
    title = "Operação não permitida"
    detail = "Você não pode desativar o tenant da sua própria conta."


class UnknownAgent(BadRequest):
    code = "agente_inexistente"
    title = "Agente inexistente"
    detail = "defaultAgentId não corresponde a um agente ativo deste tenant."


def settings_of(tenant: Tenant) -> TenantSettings:
    return TenantSettings.stored(tenant.settings)


def dump_settings(settings: TenantSettings) -> dict[str, Any]:
    # Sem ordem escolhida pelo tenant, nada é gravado: a padrão acompanha os provedores instalados (um provedor
    # instalado depois entra na ordem de quem nunca escolheu).
    exclude = set() if "provider_preference" in settings.model_fields_set else {"provider_preference"}
    return settings.model_dump(mode="json", by_alias=True, exclude=exclude)


class TenantService:
    def __init__(self, ctx: AppContext, session: AsyncSession) -> None:
        self.ctx = ctx
        self.session = session
        self.tenants = TenantRepository(session)

    async def get(self, client_id: str) -> Tenant:
        tenant = await self.tenants.get_by_client_id(client_id)
        if tenant is None:
            raise TenantNotFound()
        return tenant

    async def create(self, data: TenantCreate) -> tuple[Tenant, User | None]:
        if data.settings is not None and data.settings.default_agent_id is not None:
            # Um tenant novo ainda não tem agentes: qualquer id aqui seria de outro tenant ou inexistente.
            raise UnknownAgent()
        if await self.tenants.get_by_client_id(data.client_id) is not None:
            raise TenantExists()
        admin_hash = await self.ctx.passwords.hash(data.admin.password) if data.admin else None
        try:
            tenant = await self.tenants.add(
                Tenant(
                    client_id=data.client_id,
                    name=data.name,
                    settings=dump_settings(data.settings or TenantSettings()),
                )
            )
        except IntegrityError:
            raise TenantExists() from None
        admin = None
        if data.admin is not None and admin_hash is not None:
            admin = User(
                tenant_id=tenant.id,
                email=data.admin.email,
                name=data.admin.name,
                role="admin",
                password_hash=admin_hash,
            )
            self.session.add(admin)
            await self.session.flush()
        return tenant, admin

    async def update(self, client_id: str, data: TenantUpdate, actor_tenant_id: uuid.UUID) -> Tenant:
        tenant = await self.get(client_id)
        if data.is_active is False and tenant.id == actor_tenant_id:
            raise OwnTenant()
        if data.name is not None:
            tenant.name = data.name
        if data.is_active is not None:
            tenant.is_active = data.is_active
        await self.session.flush()
        return tenant

    async def get_settings(self, tenant_id: uuid.UUID) -> TenantSettings:
        tenant = await self.session.get(Tenant, tenant_id)
        assert tenant is not None
        return settings_of(tenant)

    async def put_settings(self, tenant_id: uuid.UUID, data: TenantSettings) -> TenantSettings:
        if data.default_agent_id is not None:
            agent = (
                await self.session.execute(
                    select(AIAgent.id).where(
                        AIAgent.id == data.default_agent_id, AIAgent.tenant_id == tenant_id, AIAgent.is_active.is_(True)
                    )
                )
            ).scalar_one_or_none()
            if agent is None:
                raise UnknownAgent()
        tenant = await self.session.get(Tenant, tenant_id)
        assert tenant is not None
        tenant.settings = dump_settings(data)
        await self.session.flush()
        return data
