"""Login, refresh rotativo com detecção de reuso e logout."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from wacs.auth.tenancy import TenantContext
from wacs.kit import ratelimit
from wacs.kit.context import AppContext
from wacs.kit.errors import TooManyRequests, Unauthorized
from wacs.kit.security import opaque_token, sha256_hex
from wacs.models import RefreshToken, User
from wacs.users.repository import RefreshTokenRepository, UserRepository

logger = logging.getLogger("wacs.auth")


class InvalidCredentials(Unauthorized):
    code = "credenciais_invalidas"
    detail = "E-mail ou senha incorretos."


class InvalidRefreshToken(Unauthorized):
    code = "refresh_token_invalido"
    detail = "Refresh token inválido, expirado ou revogado. Faça login novamente."


class LoginThrottled(TooManyRequests):
    code = "login_bloqueado_temporariamente"
    title = "Muitas tentativas de login"


@dataclass
class IssuedTokens:
    access_token: str
    refresh_token: str
    refresh_expires_at: datetime
    user: User
    family_id: uuid.UUID


class AuthService:
    def __init__(self, ctx: AppContext, session: AsyncSession, tenant: TenantContext) -> None:
        self.ctx = ctx
        self.tenant = tenant
        self.users = UserRepository(session, tenant.id)
        self.tokens = RefreshTokenRepository(session, tenant.id)

    async def _check_throttle(self, email: str, ip: str | None) -> None:
        settings = self.ctx.settings
        window = settings.login_window_seconds
        by_account = await ratelimit.peek(self.ctx.cache, "login-fail", f"{self.tenant.id}:{email}", window)
        by_ip = await ratelimit.peek(self.ctx.cache, "login-fail-ip", ip or "-", window)
        if by_account >= settings.login_max_attempts or by_ip >= settings.login_ip_max_attempts:
            raise LoginThrottled(
                window - int(datetime.now(UTC).timestamp()) % window,
                "Muitas tentativas de login malsucedidas. Aguarde e tente novamente.",
            )

    async def _register_failure(self, email: str, ip: str | None) -> None:
        window = self.ctx.settings.login_window_seconds
        await ratelimit.hit(self.ctx.cache, "login-fail", f"{self.tenant.id}:{email}", 1 << 30, window)
        await ratelimit.hit(self.ctx.cache, "login-fail-ip", ip or "-", 1 << 30, window)

    async def login(self, email: str, password: str, ip: str | None, user_agent: str | None) -> IssuedTokens:
        await self._check_throttle(email, ip)
        user = await self.users.get_by_email(email)
        valid = await self.ctx.passwords.verify(user.password_hash if user else None, password)
        if user is None or not valid or not user.is_active:
            await self._register_failure(email, ip)
            logger.warning("login recusado", extra={"email": email, "ip": ip})
            raise InvalidCredentials()
        user.last_login_at = datetime.now(UTC)
        return await self._issue(user, uuid.uuid4(), ip, user_agent)

    async def refresh(self, raw_token: str, ip: str | None, user_agent: str | None) -> IssuedTokens:
        token_hash = sha256_hex(raw_token)
        now = datetime.now(UTC)
        claimed = await self.tokens.claim(token_hash, now)
        if claimed is None:
            token = await self.tokens.get_by_hash(token_hash)
            if token is None or token.used_at is None or token.revoked_at is not None or token.expires_at <= now:
                raise InvalidRefreshToken()
            # Reuso de um token já trocado (ou troca simultânea do mesmo token): alguém o copiou. A família inteira
            # cai, inclusive o par que o vencedor acabou de receber (gravado antes: o UPDATE esperou por ele).
            await self.tokens.revoke_family(token.family_id)
            logger.warning(
                "reuso de refresh token; família revogada",
                extra={"family_id": str(token.family_id), "user_id": str(token.user_id)},
            )
            raise ReuseDetected(family_id=token.family_id)
        user_id, family_id = claimed
        user = await self.users.get(user_id)
        if user is None or not user.is_active:
            raise InvalidRefreshToken()
        return await self._issue(user, family_id, ip, user_agent)

    async def logout(self, family_id: uuid.UUID) -> None:
        await self.tokens.revoke_family(family_id)

    async def _issue(self, user: User, family_id: uuid.UUID, ip: str | None, user_agent: str | None) -> IssuedTokens:
        raw = opaque_token()
        expires_at = datetime.now(UTC) + timedelta(days=self.ctx.settings.refresh_token_ttl_days)
        await self.tokens.add(
            RefreshToken(
                user_id=user.id,
                family_id=family_id,
                token_hash=sha256_hex(raw),
                expires_at=expires_at,
                ip=ip,
                user_agent=(user_agent or "")[:255] or None,
                created_at=datetime.now(UTC),
            )
        )
        access = self.ctx.tokens.issue(user_id=user.id, tenant_id=self.tenant.id, role=user.role, session_id=family_id)
        return IssuedTokens(access, raw, expires_at, user, family_id)


class ReuseDetected(InvalidRefreshToken):
    """A revogação da família precisa ser gravada mesmo com a requisição falhando."""

    def __init__(self, family_id: uuid.UUID) -> None:
        super().__init__()
        self.family_id = family_id
