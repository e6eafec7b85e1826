"""Autenticação do WebSocket com as mesmas regras do `Authenticator` HTTP.

Navegadores não enviam cabeçalhos num WebSocket: o tenant e o token também chegam na query
(`clientId`, `token`). A validação é a mesma das rotas HTTP (tenant inexistente ou inativo, credencial de outro
tenant, sessão encerrada, usuário desativado, token revogado, chave de API revogada ou expirada), feita pelos
mesmos auxiliares de `wacs.auth.dependencies`, com a mesma única ida ao cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wacs.auth.dependencies import Principal, authenticate_credentials
from wacs.kit.context import AppContext
from wacs.kit.errors import Forbidden, TenantHeaderMissing

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
    api_key = (credentials.api_key or "").strip() or None
    principal, claims, _ = await authenticate_credentials(
        ctx,
        client_id,
        token,
        api_key,
        "Envie o token de acesso no parâmetro token (ou no cabeçalho Authorization: Bearer <token>).",
    )
    if principal.kind == "api_key" and not principal.scopes & REALTIME_SCOPES:
        raise Forbidden(
            "Esta chave de API não tem o escopo necessário. Escopo exigido: conversations:read ou messages:read."
        )
    return RealtimeIdentity(principal, claims.expires_at if claims else None)
