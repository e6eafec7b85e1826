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
    "um refresh token rotativo. Tenant inexistente ou desativado, e-mail desconhecido e senha errada recebem a "
    "mesma resposta (`credenciais_invalidas`); só com a senha certa de um tenant desativado a resposta é "
    "`tenant_invalido`. Tentativas são limitadas por conta + IP (espera que dobra a cada falha), por IP e por "
    "conta: além do limite, 429 com `Retry-After`.",
    responses=problem_responses(TenantHeaderMissing, InvalidCredentials, TenantUnknown, LoginThrottled),
)
async def login(
    data: LoginRequest, claimed: TenantDep, ctx: ContextDep, session: SessionDep, request: Request
) -> TokenPair:
    issued = await AuthService(ctx, session, claimed.tenant).login(
        claimed.client_id, data.email, data.password, client_ip(request), request.headers.get("user-agent")
    )
    set_actor(request, issued.user.tenant_id, issued.user.id, issued.user.email)
    set_resource(request, "sessions", issued.family_id)
    return _pair(ctx, issued)


@router.post(
    "/refresh",
    response_model=TokenPair,
    summary="Renovar tokens",
    description="Troca um refresh token por um par novo. Cada refresh token vale uma vez: reutilizar um "
    "token já trocado revoga toda a sessão (sinal de roubo). Tenant inexistente ou desativado recebe a mesma "
    "resposta de um token inválido.",
    responses=problem_responses(TenantHeaderMissing, InvalidRefreshToken),
)
async def refresh(
    data: RefreshRequest, claimed: TenantDep, ctx: ContextDep, session: SessionDep, request: Request
) -> TokenPair:
    try:
        issued = await AuthService(ctx, session, claimed.active).refresh(
            data.refresh_token, client_ip(request), request.headers.get("user-agent")
        )
    except ReuseDetected as exc:
        # A revogação precisa persistir mesmo que a resposta seja um erro.
        await commit(session)
        await revoke_access(ctx, exc.family_id)
        raise
    set_actor(request, issued.user.tenant_id, issued.user.id, issued.user.email)
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
