"""Senhas (Argon2), tokens JWT de acesso e segredos opacos (refresh tokens, chaves de API)."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

JWT_ALGORITHM = "HS256"
JWT_ISSUER = "wacs"
API_KEY_PREFIX = "wacs_"
VERIFIED_CACHE_SIZE = 10_000  # tokens de acesso já verificados guardados por processo


class Passwords:
    def __init__(self, time_cost: int, memory_cost: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Verifica em thread; sem hash, compara com um hash fictício para não revelar se o usuário existe."""

        def _check() -> bool:
            try:
                return self._hasher.verify(password_hash or self._dummy, password) and password_hash is not None
            except (VerificationError, InvalidHashError):
                return False

        return await anyio.to_thread.run_sync(_check)


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    tenant_id: uuid.UUID
    role: str
    session_id: uuid.UUID
    issued_at: datetime
    expires_at: datetime


class AccessTokens:
    def __init__(self, secret: str, ttl_seconds: int) -> None:
        self._secret = secret
        self.ttl_seconds = ttl_seconds
        self._verified: dict[str, AccessClaims] = {}

    def issue(self, *, user_id: uuid.UUID, tenant_id: uuid.UUID, role: str, session_id: uuid.UUID) -> str:
        now = datetime.now(UTC)
        payload: dict[str, Any] = {
            "iss": JWT_ISSUER,
            "sub": str(user_id),
            "tid": str(tenant_id),
            "role": role,
            "sid": str(session_id),
            "iat": math.floor(now.timestamp() * 1000) / 1000,  # em ms: a revogação compara com precisão
            "exp": int((now + timedelta(seconds=self.ttl_seconds)).timestamp()),
            "jti": secrets.token_hex(8),
        }
        return jwt.encode(payload, self._secret, algorithm=JWT_ALGORITHM)

    def decode(self, token: str) -> AccessClaims | None:
        """Claims de um token válido, ou None. Tokens já verificados ficam num cache em memória até expirarem:
        verificar a assinatura a cada requisição custa mais que o resto da autenticação."""
        cached = self._verified.get(token)
        if cached is not None:
            if cached.expires_at.timestamp() > time.time():
                return cached
            self._verified.pop(token, None)
            return None
        try:
            data = jwt.decode(
                token,
                self._secret,
                algorithms=[JWT_ALGORITHM],
                issuer=JWT_ISSUER,
                options={"require": ["exp", "iat", "sub", "tid", "sid"]},
            )
            claims = AccessClaims(
                user_id=uuid.UUID(data["sub"]),
                tenant_id=uuid.UUID(data["tid"]),
                role=str(data.get("role", "user")),
                session_id=uuid.UUID(data["sid"]),
                issued_at=datetime.fromtimestamp(data["iat"], UTC),
                expires_at=datetime.fromtimestamp(data["exp"], UTC),
            )
        except (jwt.PyJWTError, ValueError, KeyError):
            return None
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()  # limite de memória; só tokens de assinatura válida entram
        self._verified[token] = claims
        return claims


def opaque_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_api_key() -> tuple[str, str]:
    """Devolve (chave completa, prefixo visível). A chave completa só é mostrada uma vez."""
    prefix = secrets.token_hex(4)
    return f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
