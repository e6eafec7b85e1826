"""Autenticação do WebSocket com as mesmas regras do `Authenticator` HTTP.

Navegadores não enviam cabeçalhos num WebSocket: o tenant e o token também chegam na query
(`clientId`, `token`). A validação é a mesma das rotas HTTP (tenant inexistente ou inativo, credencial de outro
tenant, sessão encerrada, usuário desativado, token revogado, chave de API revogada ou expirada), feita pelos
mesmos auxiliares de `wacs.auth.dependencies`, com a mesma única ida ao cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wacs.auth.dependencies import (
    Principal,
    _active_tenant,
    _api_key_cache_key,
    _api_key_used_key,
    _authenticate_api_key,
    _authenticate_jwt,
    revoked_session_key,
    user_state_key,
)
from wacs.auth.tenancy import tenant_cache_key
from wacs.kit.context import AppContext
from wacs.kit.errors import Forbidden, TenantHeaderMissing, Unauthorized
from wacs.kit.security import API_KEY_PREFIX, sha256_hex

# Uma chave de API assina o tempo real se tiver um destes escopos.
REALTIME_SCOPES = frozenset({"conversations:read", "messages:read"})


@dataclass(frozen=True)
class Credentials:
    """O que o cliente apresentou: tenant e um token JWT de acesso ou uma chave de API."""

    client_id: str | None
    token: str | None = None
    api_key: str | None = None


@dataclass(frozen=True)
class RealtimeIdentity:
    principal: Principal
    # Validade do token JWT (None para chaves de API, que valem até serem revogadas ou expirarem).
    expires_at: datetime | None


async def authenticate(ctx: AppContext, credentials: Credentials) -> RealtimeIdentity:
    """Valida as credenciais; levanta os mesmos `AppError` das rotas HTTP (código estável + mensagem pt-BR)."""
    client_id = (credentials.client_id or "").strip()
    if not client_id:
        raise TenantHeaderMissing("Informe o tenant no parâmetro clientId (ou no cabeçalho X-Client-Id).")
    token = (credentials.token or "").strip() or None
    raw_key = (credentials.api_key or "").strip() or (token if token and token.startswith(API_KEY_PREFIX) else None)
    if raw_key:
        key_hash = sha256_hex(raw_key)
        tenant_raw, key_raw, used_raw = await ctx.cache.get_many(
            tenant_cache_key(client_id), _api_key_cache_key(key_hash), _api_key_used_key(key_hash)
        )
        tenant = await _active_tenant(ctx, client_id, tenant_raw)
        principal = await _authenticate_api_key(ctx, key_hash, tenant, key_raw, used_raw)
        if not principal.scopes & REALTIME_SCOPES:
            raise Forbidden(
                "Esta chave de API não tem o escopo necessário. Escopo exigido: conversations:read ou messages:read."
            )
        return RealtimeIdentity(principal, None)
    if token:
        claims = ctx.tokens.decode(token)
        extra = [user_state_key(claims.user_id), revoked_session_key(claims.session_id)] if claims else []
        tenant_raw, *rest = await ctx.cache.get_many(tenant_cache_key(client_id), *extra)
        tenant = await _active_tenant(ctx, client_id, tenant_raw)
        state_raw, revoked_raw = rest if rest else (None, None)
        principal = await _authenticate_jwt(ctx, claims, tenant, state_raw, revoked_raw)
        assert claims is not None  # _authenticate_jwt recusa token inválido
        return RealtimeIdentity(principal, claims.expires_at)
    await _active_tenant(ctx, client_id, await ctx.cache.get(tenant_cache_key(client_id)))
    raise Unauthorized("Envie o token de acesso no parâmetro token (ou no cabeçalho Authorization: Bearer <token>).")
