from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Select, or_, select, update

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

    async def delete(self, user: User) -> None:
        await self.session.delete(user)
        await self.session.flush()


class RefreshTokenRepository(TenantScopedRepository[RefreshToken]):
    model = RefreshToken

    async def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        statement = self.select().where(RefreshToken.token_hash == token_hash).with_for_update()
        return (await self.session.execute(statement)).scalar_one_or_none()

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
