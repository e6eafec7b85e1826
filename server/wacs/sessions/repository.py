from __future__ import annotations

from sqlalchemy import Select

from wacs.kit.repository import TenantScopedRepository
from wacs.models import WhatsAppSession


class SessionRepository(TenantScopedRepository[WhatsAppSession]):
    model = WhatsAppSession

    async def get_by_phone(self, phone: str) -> WhatsAppSession | None:
        statement = self.select().where(WhatsAppSession.phone_number == phone)
        return (await self.session.execute(statement)).scalar_one_or_none()

    def listing(self, status: str | None = None) -> Select[WhatsAppSession]:
        statement = self.select()
        if status:
            statement = statement.where(WhatsAppSession.status == status)
        return statement.order_by(WhatsAppSession.created_at, WhatsAppSession.id)

    async def connected(self) -> list[WhatsAppSession]:
        statement = (
            self.select()
            .where(WhatsAppSession.status == "connected", WhatsAppSession.is_active.is_(True))
            .order_by(WhatsAppSession.created_at, WhatsAppSession.id)
        )
        return list((await self.session.execute(statement)).scalars())
