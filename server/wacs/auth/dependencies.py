"""Autenticação tipada: quem chama cada rota (usuário com papel mínimo ou chave de API com escopo)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Literal, NamedTuple, cast

import orjson
from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select, update

from wacs.auth.scopes import ROLE_RANK, Role
from wacs.auth.tenancy import ClaimedTenant, TenantContext, claim_tenant, resolve_tenant, tenant_cache_key
from wacs.kit import ratelimit
from wacs.kit.context import AppContext, ContextDep
from wacs.kit.db import commit
from wacs.kit.errors import (
    AppError,
    CacheUnavailable,
    DatabaseBusy,
    Forbidden,
    TenantHeaderMissing,
    TenantMismatch,
    TenantUnknown,
    TooManyRequests,
    Unauthorized,
)
from wacs.kit.logging import tenant_var
from wacs.kit.openapi import raises
from wacs.kit.security import API_KEY_PREFIX, AccessClaims, sha256_hex
from wacs.models import ApiKey, User

USER_STATE_TTL = 300
ANY_SCOPE = "*"  # rota aberta a qualquer chave de API do tenant


@dataclass(frozen=True)
class Principal:
    """Quem fez a requisição, já com o tenant resolvido."""

    tenant: TenantContext
    kind: Literal["user", "api_key"]
    id: uuid.UUID
    label: str
    role: Role | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    session_id: uuid.UUID | None = None

    @property
    def user_id(self) -> uuid.UUID | None:
        return self.id if self.kind == "user" else None

    def has_role(self, role: Role) -> bool:
        return self.role is not None and ROLE_RANK[self.role] >= ROLE_RANK[role]


client_id_header = APIKeyHeader(
    name="X-Client-Id", auto_error=False, scheme_name="ClientId", description="Identificador do tenant (client_id)."
)
bearer = HTTPBearer(
    auto_error=False, scheme_name="Bearer", description="Token JWT de acesso (usuários) ou chave de API (`wacs_...`)."
)
api_key_header = APIKeyHeader(
    name="X-Api-Key", auto_error=False, scheme_name="ApiKey", description="Chave de API do tenant."
)


async def _credential_tenant(
    ctx: AppContext, client_id: str, cached: bytes | None, owner_id: uuid.UUID | str
) -> TenantContext:
    """O tenant do `X-Client-Id`, para uma credencial JÁ VÁLIDA do tenant `owner_id`.

    Só quem apresenta uma credencial válida descobre algo sobre o tenant, e só sobre o próprio: `X-Client-Id` de
    outro tenant — exista ele ou não — é 403 `tenant_divergente`; o próprio tenant desativado é 401
    `tenant_invalido`. Sem credencial válida a resposta é sempre 401 `nao_autenticado`.
    """
    tenant = await resolve_tenant(ctx, client_id, cached)
    if tenant is None or str(tenant.id) != str(owner_id):
        raise TenantMismatch()
    if not tenant.is_active:
        raise TenantUnknown()
    return tenant


@raises(TenantHeaderMissing, DatabaseBusy)
async def require_tenant(ctx: ContextDep, client_id: Annotated[str | None, Depends(client_id_header)]) -> ClaimedTenant:
    """Só o tenant, sem credencial (login e refresh). Inexistente ou inativo não é recusado aqui: a rota responde
    como a uma credencial errada, para não revelar quais tenants existem."""
    if not client_id or not client_id.strip():
        raise TenantHeaderMissing()
    claimed = await claim_tenant(ctx, client_id.strip())
    if claimed.tenant is not None:
        tenant_var.set(claimed.tenant.client_id)
    return claimed


TenantDep = Annotated[ClaimedTenant, Depends(require_tenant)]


def user_state_key(user_id: uuid.UUID) -> str:
    return f"user-state:{user_id}"


def revoked_session_key(session_id: uuid.UUID) -> str:
    return f"revoked-sid:{session_id}"


async def revoke_access(ctx: AppContext, session_id: uuid.UUID) -> None:
    """Recusa, a partir de agora e em todas as réplicas, os tokens de acesso de uma sessão (família)."""
    await ctx.cache.set(revoked_session_key(session_id), b"1", ctx.tokens.ttl_seconds + 60)


async def _user_state(ctx: AppContext, user_id: uuid.UUID, cached: bytes | None) -> dict[str, object] | None:
    if cached is not None:
        return orjson.loads(cached)
    async with ctx.sessionmaker() as session:
        user = await session.get(User, user_id)
    state = (
        None
        if user is None
        else {
            "active": user.is_active,
            "role": user.role,
            "tenant_id": str(user.tenant_id),
            "email": user.email,
            "valid_after": user.tokens_valid_after.timestamp() if user.tokens_valid_after else 0,
        }
    )
    await ctx.cache.set(user_state_key(user_id), orjson.dumps(state), USER_STATE_TTL)
    return state


async def invalidate_user_state(ctx: AppContext, user_id: uuid.UUID) -> None:
    await ctx.cache.delete(user_state_key(user_id))


async def _authenticate_jwt(
    ctx: AppContext,
    claims: AccessClaims,
    tenant: TenantContext,
    cached_state: bytes | None,
    revoked: bytes | None,
) -> Principal:
    if revoked is not None:
        raise Unauthorized("Sessão encerrada. Faça login novamente.")
    state = await _user_state(ctx, claims.user_id, cached_state)
    if state is None or not state["active"]:
        raise Unauthorized("Usuário inexistente ou desativado.")
    if claims.issued_at.timestamp() < float(state["valid_after"]):  # type: ignore[arg-type]
        raise Unauthorized("Token revogado. Faça login novamente.")
    return Principal(
        tenant=tenant,
        kind="user",
        id=claims.user_id,
        label=str(state["email"]),
        role=cast(Role, state["role"]),
        session_id=claims.session_id,
    )


def _api_key_cache_key(key_hash: str) -> str:
    return f"api-key:{key_hash}"


def _api_key_used_key(key_hash: str) -> str:
    return f"api-key-used:{key_hash}"


async def _authenticate_api_key(
    ctx: AppContext,
    key_hash: str,
    client_id: str,
    tenant_cached: bytes | None,
    cached: bytes | None,
    used_marker: bytes | None,
) -> Principal:
    cache_key = _api_key_cache_key(key_hash)
    if cached is not None:
        data = orjson.loads(cached)
    else:
        async with ctx.sessionmaker() as session:
            row = (await session.execute(select(ApiKey).where(ApiKey.key_hash == key_hash))).scalar_one_or_none()
        data = (
            None
            if row is None
            else {
                "id": str(row.id),
                "tenant_id": str(row.tenant_id),
                "name": row.name,
                "scopes": row.scopes,
                "revoked": row.revoked_at is not None,
                "expires_at": row.expires_at.timestamp() if row.expires_at else None,
            }
        )
        await ctx.cache.set(cache_key, orjson.dumps(data), 60)
    if data is None or data["revoked"]:
        raise Unauthorized("Chave de API inválida ou revogada.")
    if data["expires_at"] is not None and data["expires_at"] < datetime.now(UTC).timestamp():
        raise Unauthorized("Chave de API expirada.")
    tenant = await _credential_tenant(ctx, client_id, tenant_cached, data["tenant_id"])
    key_id = uuid.UUID(data["id"])
    # Registra o último uso no máximo uma vez por minuto por chave.
    if used_marker is None:
        await ctx.cache.set(_api_key_used_key(key_hash), b"1", 60)
        async with ctx.sessionmaker() as session:
            await session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=datetime.now(UTC)))
            await commit(session)
    return Principal(tenant=tenant, kind="api_key", id=key_id, label=data["name"], scopes=frozenset(data["scopes"]))


async def invalidate_api_key(ctx: AppContext, key_hash: str) -> None:
    await ctx.cache.delete(_api_key_cache_key(key_hash))


RATE_WINDOW_SECONDS = 60


async def _enforce_rate_limit(
    ctx: AppContext, request: Request, tenant: TenantContext, counted: tuple[int, float] | None
) -> None:
    limit = tenant.requests_per_minute or ctx.settings.rate_limit_per_minute
    if counted is not None:  # já contada na mesma ida ao cache da autenticação
        count, now = counted
        decision = ratelimit.decide(count, limit, RATE_WINDOW_SECONDS, now)
    else:
        decision = await ratelimit.hit(ctx.cache, "tenant", str(tenant.id), limit, RATE_WINDOW_SECONDS)
    request.state.rate_limit = decision
    if not decision.allowed:
        raise TooManyRequests(decision.reset_after, f"O tenant excedeu o limite de {limit} requisições por minuto.")


class Authentication(NamedTuple):
    principal: Principal
    claims: AccessClaims | None  # só para JWT (o WebSocket usa a validade)
    counted: tuple[int, float] | None  # (contagem da janela do limite de taxa, instante), se já contada


MISSING_CREDENTIALS = "Envie Authorization: Bearer <token> ou o cabeçalho X-Api-Key."


async def authenticate_credentials(
    ctx: AppContext,
    client_id: str,
    bearer: str | None,
    api_key: str | None,
    missing_detail: str = MISSING_CREDENTIALS,
    *,
    count_request: bool = False,
) -> Authentication:
    """Valida tenant + credencial (JWT ou chave de API) com uma só ida ao cache. Usada pelo HTTP e pelo WebSocket.

    Não aplica limite de taxa nem papel. Com `count_request`, um JWT de assinatura válida já conta a requisição na
    janela do limite do SEU tenant na mesma ida ao cache (quem não tem token válido não gasta o limite de ninguém).
    """
    raw_key = api_key or (bearer if bearer and bearer.startswith(API_KEY_PREFIX) else None)
    if raw_key:
        key_hash = sha256_hex(raw_key)
        tenant_raw, key_raw, used_raw = await ctx.cache.get_many(
            tenant_cache_key(client_id), _api_key_cache_key(key_hash), _api_key_used_key(key_hash)
        )
        principal = await _authenticate_api_key(ctx, key_hash, client_id, tenant_raw, key_raw, used_raw)
        return Authentication(principal, None, None)
    if bearer:
        claims = ctx.tokens.decode(bearer)
        if claims is None:
            raise Unauthorized("Token de acesso inválido ou expirado.")
        keys = [tenant_cache_key(client_id), user_state_key(claims.user_id), revoked_session_key(claims.session_id)]
        counted = None
        if count_request:
            now = ratelimit.now()
            counter = ratelimit.window_key("tenant", str(claims.tenant_id), RATE_WINDOW_SECONDS, now)
            values, count = await ctx.cache.get_many_and_incr(keys, counter, RATE_WINDOW_SECONDS + 1)
            counted = (count, now)
        else:
            values = await ctx.cache.get_many(*keys)
        tenant_raw, state_raw, revoked_raw = values
        tenant = await _credential_tenant(ctx, client_id, tenant_raw, claims.tenant_id)
        return Authentication(await _authenticate_jwt(ctx, claims, tenant, state_raw, revoked_raw), claims, counted)
    # Sem credencial, a resposta é a mesma exista o tenant ou não.
    raise Unauthorized(missing_detail)


class Authenticator:
    """Dependência de autenticação: `Authenticator(role="admin", scope="users:write")`.

    Usuários passam se o papel for ao menos `role`; chaves de API, se tiverem `scope`
    (sem `scope`, a rota é só para usuários).
    """

    def __init__(self, role: Role = "user", scope: str | None = None) -> None:
        self.role = role
        self.scope = scope

    @property
    def openapi_errors(self) -> tuple[type[AppError], ...]:
        """O que esta autenticação pode devolver; a OpenAPI de toda rota que a usa documenta (`wacs.kit.openapi`)."""
        errors: list[type[AppError]] = [TenantHeaderMissing, TenantUnknown, Unauthorized, TenantMismatch]
        if self.role != "user" or self.scope != ANY_SCOPE:
            errors.append(Forbidden)
        return (*errors, TooManyRequests, DatabaseBusy, CacheUnavailable)

    @property
    def openapi_security(self) -> list[dict[str, list[str]]]:
        """X-Client-Id e UMA credencial: token (ou chave) no Bearer, ou chave em X-Api-Key, se a rota aceita chaves."""
        user: dict[str, list[str]] = {"ClientId": [], "Bearer": []}
        return [user] if self.scope is None else [user, {"ClientId": [], "ApiKey": []}]

    async def __call__(
        self,
        request: Request,
        ctx: ContextDep,
        client_id: Annotated[str | None, Depends(client_id_header)],
        authorization: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
        api_key: Annotated[str | None, Depends(api_key_header)],
    ) -> Principal:
        if not client_id or not client_id.strip():
            raise TenantHeaderMissing()
        client_id = client_id.strip()
        bearer_value = authorization.credentials if authorization and authorization.scheme.lower() == "bearer" else None
        principal, _, counted = await authenticate_credentials(
            ctx, client_id, bearer_value, api_key, count_request=True
        )
        tenant = principal.tenant
        tenant_var.set(tenant.client_id)
        request.state.principal = principal
        await _enforce_rate_limit(ctx, request, tenant, counted)
        if principal.kind == "user":
            if not principal.has_role(self.role):
                raise Forbidden(f"Esta operação exige o papel {self.role}.")
        elif self.scope is None or (self.scope != ANY_SCOPE and self.scope not in principal.scopes):
            raise Forbidden(
                "Esta chave de API não tem o escopo necessário."
                + (f" Escopo exigido: {self.scope}." if self.scope else " A rota é só para usuários.")
            )
        return principal
