from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from wacs.audit.recorder import client_ip, set_actor, set_resource
from wacs.auth.dependencies import ANY_SCOPE, Authenticator, Principal, TenantDep, revoke_access
from wacs.auth.schemas import LoginRequest, MeOut, RefreshRequest, TenantSummary, TokenPair
from wacs.auth.service import (
    AuthService,
    InvalidCredentials,
    InvalidRefreshToken,
    IssuedTokens,
    LoginThrottled,
    ReuseDetected,
)
from wacs.kit.context import AppContext, ContextDep
from wacs.kit.db import SessionDep, commit, on_commit
from wacs.kit.errors import TenantHeaderMissing, TenantUnknown, problem_responses
from wacs.users.repository import UserRepository
from wacs.users.schemas import UserOut

router = APIRouter(prefix="/api/v1/auth", tags=["Autenticação"])

AnyPrincipal = Annotated[Principal, Depends(Authenticator("user", ANY_SCOPE))]


def _pair(ctx: AppContext, issued: IssuedTokens) -> TokenPair:
    return TokenPair(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=ctx.tokens.ttl_seconds,
        refresh_expires_at=issued.refresh_expires_at,
        user=UserOut.model_validate(issued.user),
    )


@router.post(
    "/login",
    response_model=TokenPair,
    summary="Entrar com e-mail e senha",
    description="O tenant vem do cabeçalho `X-Client-Id`. Devolve um token de acesso de curta duração e "
    "um refresh token rotativo. Tentativas malsucedidas repetidas são bloqueadas por um tempo.",
    responses=problem_responses(TenantHeaderMissing, TenantUnknown, InvalidCredentials, LoginThrottled),
)
async def login(
    data: LoginRequest, tenant: TenantDep, ctx: ContextDep, session: SessionDep, request: Request
) -> TokenPair:
    issued = await AuthService(ctx, session, tenant).login(
        data.email, data.password, client_ip(request), request.headers.get("user-agent")
    )
    set_actor(request, tenant.id, issued.user.id, issued.user.email)
    set_resource(request, "sessions", issued.family_id)
    return _pair(ctx, issued)


@router.post(
    "/refresh",
    response_model=TokenPair,
    summary="Renovar tokens",
    description="Troca um refresh token por um par novo. Cada refresh token vale uma vez: reutilizar um "
    "token já trocado revoga toda a sessão (sinal de roubo).",
    responses=problem_responses(TenantHeaderMissing, TenantUnknown, InvalidRefreshToken),
)
async def refresh(
    data: RefreshRequest, tenant: TenantDep, ctx: ContextDep, session: SessionDep, request: Request
) -> TokenPair:
    try:
        issued = await AuthService(ctx, session, tenant).refresh(
            data.refresh_token, client_ip(request), request.headers.get("user-agent")
        )
    except ReuseDetected as exc:
        # A revogação precisa persistir mesmo que a resposta seja um erro.
        await commit(session)
        await revoke_access(ctx, exc.family_id)
        raise
    set_actor(request, tenant.id, issued.user.id, issued.user.email)
    set_resource(request, "sessions", issued.family_id)
    return _pair(ctx, issued)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sair",
    description="Encerra a sessão do token apresentado: o refresh token deixa de valer e o token de "
    "acesso é recusado a partir de agora.",
)
async def logout(principal: AnyPrincipal, ctx: ContextDep, session: SessionDep, request: Request) -> None:
    if principal.session_id is not None:
        family_id = principal.session_id
        await AuthService(ctx, session, principal.tenant).logout(family_id)
        set_resource(request, "sessions", family_id)
        on_commit(session, lambda: revoke_access(ctx, family_id))


@router.get(
    "/me",
    response_model=MeOut,
    summary="Quem sou eu",
    description="Dados do usuário (ou da chave de API) autenticado e do seu tenant.",
)
async def me(principal: AnyPrincipal, session: SessionDep) -> MeOut:
    tenant = TenantSummary(id=principal.tenant.id, client_id=principal.tenant.client_id, name=principal.tenant.name)
    if principal.kind == "user":
        user = await UserRepository(session, principal.tenant.id).get(principal.id)
        return MeOut(kind="user", tenant=tenant, user=UserOut.model_validate(user))
    return MeOut(
        kind="api_key",
        tenant=tenant,
        api_key_id=principal.id,
        api_key_name=principal.label,
        scopes=sorted(principal.scopes),
    )


__all__ = ["Principal", "router"]
