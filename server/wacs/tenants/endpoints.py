from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status
from pydantic import Field

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.auth.tenancy import invalidate_tenant
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep, on_commit
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.schemas import InputSchema, Page, page_of
from wacs.tenants.schemas import (
    ProviderName,
    TenantCreate,
    TenantCreated,
    TenantDetail,
    TenantOut,
    TenantSettings,
    TenantUpdate,
)
from wacs.tenants.service import (
    OwnTenant,
    TenantExists,
    TenantNotFound,
    TenantService,
    UnknownAgent,
    settings_of,
)

platform_router = APIRouter(prefix="/api/v1/tenants", tags=["Tenants (plataforma)"])
tenant_router = APIRouter(prefix="/api/v1/tenant", tags=["Configurações do tenant"])

SuperAdmin = Annotated[Principal, Depends(Authenticator("superadmin"))]
SettingsRead = Annotated[Principal, Depends(Authenticator("admin", "settings:read"))]
SettingsWrite = Annotated[Principal, Depends(Authenticator("admin", "settings:write"))]


@platform_router.get(
    "",
    response_model=Page[TenantOut],
    summary="Listar tenants",
    description="Só para o superadmin da plataforma.",
    responses=problem_responses(Forbidden),
)
async def list_tenants(
    principal: SuperAdmin,
    ctx: ContextDep,
    session: SessionDep,
    paging: PageDep,
    search: Annotated[str | None, Query(max_length=100)] = None,
    is_active: Annotated[bool | None, Query(alias="isActive")] = None,
) -> dict[str, object]:
    repo = TenantService(ctx, session).tenants
    items, total = await repo.paginate(repo.search(search, is_active), paging.page, paging.page_size)
    return page_of(items, total, paging.page, paging.page_size)


@platform_router.post(
    "",
    response_model=TenantCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Criar tenant",
    description="Cria o tenant e, se `admin` vier no corpo, o seu primeiro administrador.",
    responses=problem_responses(Forbidden, TenantExists, UnknownAgent),
)
async def create_tenant(
    data: TenantCreate, principal: SuperAdmin, ctx: ContextDep, session: SessionDep, request: Request
) -> TenantCreated:
    tenant, admin = await TenantService(ctx, session).create(data)
    set_resource(request, "tenants", tenant.client_id, adminEmail=admin.email if admin else None)
    client_id = tenant.client_id
    on_commit(session, lambda: invalidate_tenant(ctx, client_id))
    return TenantCreated(**TenantOut.model_validate(tenant).model_dump(), admin_user_id=admin.id if admin else None)


@platform_router.get(
    "/{client_id}",
    response_model=TenantDetail,
    summary="Obter tenant",
    responses=problem_responses(Forbidden, TenantNotFound),
)
async def get_tenant(client_id: str, principal: SuperAdmin, ctx: ContextDep, session: SessionDep) -> TenantDetail:
    tenant = await TenantService(ctx, session).get(client_id)
    return TenantDetail(**TenantOut.model_validate(tenant).model_dump(), settings=settings_of(tenant))


@platform_router.patch(
    "/{client_id}",
    response_model=TenantOut,
    summary="Atualizar tenant",
    description="Altera o nome ou reativa/desativa o tenant.",
    responses=problem_responses(Forbidden, TenantNotFound, OwnTenant),
)
async def update_tenant(
    client_id: str, data: TenantUpdate, principal: SuperAdmin, ctx: ContextDep, session: SessionDep, request: Request
) -> object:
    tenant = await TenantService(ctx, session).update(client_id, data, principal.tenant.id)
    on_commit(session, lambda: invalidate_tenant(ctx, client_id))
    return tenant


@platform_router.delete(
    "/{client_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Desativar tenant",
    description="Desativa o tenant (os dados são preservados; reative com PATCH "
    "`isActive: true`). Requisições do tenant passam a receber 401.",
    responses=problem_responses(Forbidden, TenantNotFound, OwnTenant),
)
async def deactivate_tenant(
    client_id: str, principal: SuperAdmin, ctx: ContextDep, session: SessionDep, request: Request
) -> None:
    await TenantService(ctx, session).update(client_id, TenantUpdate(is_active=False), principal.tenant.id)
    on_commit(session, lambda: invalidate_tenant(ctx, client_id))


@tenant_router.get(
    "/settings",
    response_model=TenantSettings,
    summary="Ler configurações do tenant",
    responses=problem_responses(Forbidden),
)
async def get_settings(principal: SettingsRead, ctx: ContextDep, session: SessionDep) -> TenantSettings:
    return await TenantService(ctx, session).get_settings(principal.tenant.id)


@tenant_router.put(
    "/settings",
    response_model=TenantSettings,
    summary="Substituir configurações do tenant",
    description="Substitui todas as configurações; campos omitidos voltam ao padrão.",
    responses=problem_responses(Forbidden, UnknownAgent),
)
async def put_settings(
    data: TenantSettings, principal: SettingsWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> TenantSettings:
    result = await TenantService(ctx, session).put_settings(principal.tenant.id, data)
    set_resource(request, "tenant-settings", principal.tenant.client_id)
    client_id = principal.tenant.client_id
    on_commit(session, lambda: invalidate_tenant(ctx, client_id))
    return result


class ProviderSwitch(InputSchema):
    provider: ProviderName = Field(description="Provedor que passa a ser o ativo (primeiro na preferência).")


@tenant_router.post(
    "/provider-switch",
    response_model=TenantSettings,
    summary="Trocar o provedor ativo",
    description="Coloca o provedor no topo da ordem de preferência: novos envios em modo `auto` "
    "passam a usá-lo na hora (os demais ficam como fallback, se ligado).",
    responses=problem_responses(Forbidden),
)
async def provider_switch(
    data: ProviderSwitch, principal: SettingsWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> TenantSettings:
    service = TenantService(ctx, session)
    current = await service.get_settings(principal.tenant.id)
    order = [data.provider, *[p for p in current.provider_preference if p != data.provider]]
    result = await service.put_settings(principal.tenant.id, current.model_copy(update={"provider_preference": order}))
    set_resource(request, "tenant-settings", principal.tenant.client_id, activeProvider=data.provider)
    client_id = principal.tenant.client_id
    on_commit(session, lambda: invalidate_tenant(ctx, client_id))
    return result
