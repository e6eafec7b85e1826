from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.schemas import Page, page_of
from wacs.providers import registry
from wacs.sessions.schemas import ProviderInfo, SessionInitialize, SessionOut, TemplateList
from wacs.sessions.service import (
    TEMPLATES_CACHE_SECONDS,
    InvalidProviderConfig,
    ProviderBusy,
    ProviderFailure,
    ProviderUnavailable,
    SessionNotFound,
    SessionService,
    TemplatesUnsupported,
    session_payload,
)

router = APIRouter(prefix="/api/v1/sessions", tags=["Sessões do WhatsApp"])

SessionsRead = Annotated[Principal, Depends(Authenticator("user", "sessions:read"))]
SessionsWrite = Annotated[Principal, Depends(Authenticator("admin", "sessions:write"))]


@router.post(
    "/initialize",
    response_model=SessionOut,
    summary="Conectar um número",
    description="Cria (ou reconecta) a sessão de um número com o provedor escolhido. A configuração é "
    "validada pelo esquema do provedor e guardada cifrada. O sandbox conecta na hora; "
    "o Baileys passa por `qr` até o celular ler o QR code.",
    responses=problem_responses(Forbidden, ProviderUnavailable, InvalidProviderConfig),
)
async def initialize_session(
    data: SessionInitialize, principal: SessionsWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> dict[str, Any]:
    row = await SessionService(ctx, session, principal.tenant.id).initialize(
        data.phone_number, data.provider, data.name, data.config
    )
    set_resource(request, "sessions", row.id, provider=row.provider_type, phone=row.phone_number)
    return session_payload(ctx, row)


@router.get(
    "/status",
    response_model=list[SessionOut],
    summary="Status das sessões",
    description="Todas as sessões do tenant ou, com `sessionId`, só uma.",
    responses=problem_responses(Forbidden, SessionNotFound),
)
async def sessions_status(
    principal: SessionsRead,
    ctx: ContextDep,
    session: SessionDep,
    session_id: Annotated[uuid.UUID | None, Query(alias="sessionId")] = None,
) -> list[dict[str, Any]]:
    service = SessionService(ctx, session, principal.tenant.id)
    if session_id is not None:
        return [session_payload(ctx, await service.get(session_id))]
    rows = (await session.execute(service.sessions.listing())).scalars()
    return [session_payload(ctx, row) for row in rows]


@router.delete(
    "/disconnect",
    response_model=SessionOut,
    summary="Desconectar um número",
    description="Encerra a sessão no provedor; mensagens pendentes dela passam a usar outra sessão "
    "conectada (com fallback) ou esperam a reconexão.",
    responses=problem_responses(Forbidden, SessionNotFound, ProviderFailure),
)
async def disconnect_session(
    principal: SessionsWrite,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
    session_id: Annotated[uuid.UUID, Query(alias="sessionId")],
) -> dict[str, Any]:
    service = SessionService(ctx, session, principal.tenant.id)
    row = await service.disconnect(await service.get(session_id))
    set_resource(request, "sessions", row.id)
    return session_payload(ctx, row)


@router.post(
    "/{session_id:uuid}/reconnect",
    response_model=SessionOut,
    summary="Reconectar um número",
    description="Conecta de novo com a configuração guardada (depois de desconectar, de uma falha ou de um logout "
    "feito no celular), sem reenviar as credenciais. No Baileys, sem credenciais válidas guardadas, volta a `qr`.",
    responses=problem_responses(Forbidden, SessionNotFound, ProviderUnavailable),
)
async def reconnect_session(
    session_id: uuid.UUID, principal: SessionsWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> dict[str, Any]:
    service = SessionService(ctx, session, principal.tenant.id)
    row = await service.reconnect(await service.get(session_id))
    set_resource(request, "sessions", row.id, provider=row.provider_type, phone=row.phone_number)
    return session_payload(ctx, row)


@router.get(
    "/providers",
    response_model=list[ProviderInfo],
    summary="Provedores disponíveis",
    description="Os provedores instalados nesta instância e o que cada um sabe enviar.",
)
async def list_providers(principal: SessionsRead) -> list[ProviderInfo]:
    return [
        ProviderInfo(type=t, name=cls.display_name, available=True, capabilities=sorted(cls.capabilities))
        for t, cls in registry.available().items()
    ]


@router.get(
    "/{session_id}/templates",
    response_model=TemplateList,
    summary="Templates do número",
    description="Os templates de mensagem do número, como o provedor os informa (na Meta, os da conta WhatsApp "
    "Business): só os aprovados (`APPROVED`), que podem ser enviados com `type: template`, ou todos com "
    f"`status=all`. A lista fica em cache por {TEMPLATES_CACHE_SECONDS} s. Só provedores com a capacidade "
    "`templates` (a Meta e, para testes, o sandbox) têm templates.",
    responses=problem_responses(
        Forbidden, SessionNotFound, TemplatesUnsupported, ProviderUnavailable, ProviderFailure, ProviderBusy
    ),
)
async def list_templates(
    session_id: uuid.UUID,
    principal: SessionsRead,
    ctx: ContextDep,
    session: SessionDep,
    status: Annotated[
        Literal["approved", "all"], Query(description="approved (padrão): só os aprovados; all: todos.")
    ] = "approved",
) -> TemplateList:
    service = SessionService(ctx, session, principal.tenant.id)
    items = await service.templates(await service.get(session_id), status)
    return TemplateList.model_validate({"items": items})


@router.get("", response_model=Page[SessionOut], summary="Listar sessões", responses=problem_responses(Forbidden))
async def list_sessions(
    principal: SessionsRead,
    ctx: ContextDep,
    session: SessionDep,
    paging: PageDep,
    status: Annotated[str | None, Query(pattern="^(connecting|qr|connected|disconnected|logged_out|failed)$")] = None,
) -> dict[str, object]:
    repo = SessionService(ctx, session, principal.tenant.id).sessions
    items, total = await repo.paginate(repo.listing(status), paging.page, paging.page_size)
    return page_of([session_payload(ctx, row) for row in items], total, paging.page, paging.page_size)
