from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Select, delete, or_, select, update

from wacs.kit.repository import TenantScopedRepository, contains_pattern
from wacs.models import RefreshToken, User


class UserRepository(TenantScopedRepository[User]):
    model = User

    async def get_by_email(self, email: str) -> User | None:
        return (await self.session.execute(self.select().where(User.email == email))).scalar_one_or_none()

    def search(self, *, query: str | None, role: str | None, is_active: bool | None) -> Select[User]:
        statement = self.select()
        if query:
            pattern = contains_pattern(query)
            statement = statement.where(
                or_(User.email.ilike(pattern, escape="\\"), User.name.ilike(pattern, escape="\\"))
            )
        if role:
            statement = statement.where(User.role == role)
        if is_active is not None:
            statement = statement.where(User.is_active == is_active)
        return statement.order_by(User.created_at.desc(), User.id)

    async def delete(self, user: User) -> bool:
        """Apaga a linha; False se outra requisição já a apagou (sem trava de linha no SQLite, duas exclusões
        simultâneas chegam até aqui)."""
        result = await self.session.execute(
            delete(User)
            .where(User.tenant_id == self.tenant_id, User.id == user.id)
            .execution_options(synchronize_session=False)
        )
        self.session.expunge(user)
        return bool(result.rowcount)  # type: ignore[attr-defined]


class RefreshTokenRepository(TenantScopedRepository[RefreshToken]):
    model = RefreshToken

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        statement = self.select().where(RefreshToken.token_hash == token_hash)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def claim(self, token_hash: str, now: datetime) -> tuple[uuid.UUID, uuid.UUID] | None:
        """Marca o token como usado num só UPDATE condicional e devolve (usuário, família); None se ele não estava
        livre (inexistente, usado, revogado ou expirado). Entre N trocas simultâneas, só uma vence — também no
        SQLite, que não tem trava de linha: o UPDATE é a primeira escrita da transação e os escritores se
        enfileiram."""
        statement = (
            update(RefreshToken)
            .where(
                RefreshToken.tenant_id == self.tenant_id,
                RefreshToken.token_hash == token_hash,
                RefreshToken.used_at.is_(None),
                RefreshToken.revoked_at.is_(None),
                RefreshToken.expires_at > now,
            )
            .values(used_at=now)
            .returning(RefreshToken.user_id, RefreshToken.family_id)
            .execution_options(synchronize_session=False)
        )
        row = (await self.session.execute(statement)).one_or_none()
        return None if row is None else (row[0], row[1])

    async def revoke_family(self, family_id: uuid.UUID) -> None:
        await self.session.execute(
            update(RefreshToken)
            .where(
                RefreshToken.tenant_id == self.tenant_id,
                RefreshToken.family_id == family_id,
                RefreshToken.revoked_at.is_(None),
            )
            .values(revoked_at=datetime.now(UTC))
        )

    async def revoke_user(self, user_id: uuid.UUID, *, except_family: uuid.UUID | None = None) -> None:
        statement = update(RefreshToken).where(
            RefreshToken.tenant_id == self.tenant_id, RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None)
        )
        if except_family is not None:
            statement = statement.where(RefreshToken.family_id != except_family)
        await self.session.execute(statement.values(revoked_at=datetime.now(UTC)))

    async def active_families(self, user_id: uuid.UUID) -> set[uuid.UUID]:
        statement = (
            select(RefreshToken.family_id)
            .where(
                RefreshToken.tenant_id == self.tenant_id,
                RefreshToken.user_id == user_id,
                RefreshToken.revoked_at.is_(None),
            )
            .distinct()
        )
        return set((await self.session.execute(statement)).scalars())
