"""Login, refresh rotativo com detecção de reuso e logout."""

from __future__ import annotations

import ipaddress
import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from wacs.auth.tenancy import TenantContext
from wacs.kit.cache import AttemptSlot
from wacs.kit.context import AppContext
from wacs.kit.errors import TenantUnknown, TooManyRequests, Unauthorized
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


# Escopo de consulta sem nenhuma linha: tenant inexistente (ou inativo, no refresh) segue o mesmo caminho, com as
# mesmas consultas e o mesmo Argon2, e termina na mesma resposta de uma credencial errada.
NO_TENANT = uuid.UUID(int=0)
PAIR_STATE_TTL = 24 * 3600  # estado do backoff por conta + IP: um dia depois da última tentativa
KNOWN_IP_TTL = 30 * 24 * 3600  # IPs com login bem-sucedido na conta, isentos do limite por conta


def ip_ident(ip: str | None) -> str:
    """IPv6 conta por /64, o bloco que um único cliente costuma receber inteiro; IPv4, pelo endereço."""
    if not ip:
        return "-"
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class LoginAttempt:
    """As cotas de uma tentativa de login, reservadas de uma vez ANTES do Argon2 (docs/seguranca.md §4).

    Conferir antes e contar depois deixava requisições paralelas passarem todas pela conferência. Uma falha
    simplesmente fica contada; um sucesso zera o backoff da conta neste IP e devolve as cotas por IP e por conta.
    """

    def __init__(self, ctx: AppContext, tenant_ref: str, email: str, ip: str | None) -> None:
        self.ctx = ctx
        account = sha256_hex(f"{tenant_ref}\n{email}")[:32]  # tamanho fixo e sem e-mail em texto no cache
        ip_key = ip_ident(ip)
        self._pair = f"login:pair:{account}:{ip_key}"
        self._ip = f"login:ip:{ip_key}"
        self._account = f"login:account:{account}"
        self._known = f"login:known-ip:{account}:{ip_key}"
        self._refundable: list[str] = []

    async def reserve(self) -> None:
        settings = self.ctx.settings
        slots = [
            AttemptSlot(
                self._pair,
                settings.login_max_attempts,
                PAIR_STATE_TTL,
                settings.login_backoff_base_seconds,
                settings.login_backoff_max_seconds,
            ),
            AttemptSlot(self._ip, settings.login_ip_max_attempts, settings.login_window_seconds),
        ]
        # Contra tentativas distribuídas numa conta; IPs de onde ela já entrou não dependem dessa cota.
        if await self.ctx.cache.get(self._known) is None:
            slots.append(AttemptSlot(self._account, settings.login_account_max_attempts, settings.login_window_seconds))
        wait = await self.ctx.cache.reserve_attempts(slots)
        if wait > 0:
            raise LoginThrottled(math.ceil(wait), "Muitas tentativas de login malsucedidas. Aguarde e tente novamente.")
        self._refundable = [slot.key for slot in slots[1:]]

    async def succeeded(self, *, remember_ip: bool) -> None:
        await self.ctx.cache.delete(self._pair)
        await self.ctx.cache.release_attempts(self._refundable)
        if remember_ip:
            await self.ctx.cache.set(self._known, b"1", KNOWN_IP_TTL)


@dataclass
class IssuedTokens:
    access_token: str
    refresh_token: str
    refresh_expires_at: datetime
    user: User
    family_id: uuid.UUID


class AuthService:
    def __init__(self, ctx: AppContext, session: AsyncSession, tenant: TenantContext | None) -> None:
        self.ctx = ctx
        self.tenant = tenant
        scope = tenant.id if tenant is not None else NO_TENANT
        self.users = UserRepository(session, scope)
        self.tokens = RefreshTokenRepository(session, scope)

    async def login(
        self, client_id: str, email: str, password: str, ip: str | None, user_agent: str | None
    ) -> IssuedTokens:
        """`self.tenant` é o do `X-Client-Id`, mesmo inativo (None se não existe)."""
        tenant_ref = str(self.tenant.id) if self.tenant is not None else f"client_id:{client_id}"
        attempt = LoginAttempt(self.ctx, tenant_ref, email, ip)
        await attempt.reserve()
        user = await self.users.get_by_email(email)
        valid = await self.ctx.passwords.verify(user.password_hash if user else None, password)
        if user is None or self.tenant is None or not valid or not user.is_active:
            logger.warning("login recusado", extra={"client_id": client_id[:100], "email": email, "ip": ip})
            raise InvalidCredentials()
        if not self.tenant.is_active:
            # Só quem acertou a senha fica sabendo que o tenant está desativado.
            await attempt.succeeded(remember_ip=False)
            raise TenantUnknown()
        await attempt.succeeded(remember_ip=True)
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
        access = self.ctx.tokens.issue(user_id=user.id, tenant_id=user.tenant_id, role=user.role, session_id=family_id)
        return IssuedTokens(access, raw, expires_at, user, family_id)


class ReuseDetected(InvalidRefreshToken):
    """A revogação da família precisa ser gravada mesmo com a requisição falhando."""

    def __init__(self, family_id: uuid.UUID) -> None:
        super().__init__()
        self.family_id = family_id
