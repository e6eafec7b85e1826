"""Consultas do sandbox, sempre no escopo do tenant."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from wacs.kit.repository import TenantScopedRepository
from wacs.models import Message, SandboxOutbox


class SandboxRepository(TenantScopedRepository[SandboxOutbox]):
    model = SandboxOutbox

    async def delivered(self, session_id: uuid.UUID, limit: int) -> Sequence[SandboxOutbox]:
        statement = (
            self.select().where(SandboxOutbox.session_id == session_id).order_by(SandboxOutbox.id.desc()).limit(limit)
        )
        return (await self.session.execute(statement)).scalars().all()

    async def provider_id_of(self, session_id: uuid.UUID, message_id: uuid.UUID) -> str | None:
        """O id do provedor de uma mensagem enviada por esta sessão do tenant (None se não houver)."""
        statement = select(Message.message_id).where(
            Message.id == message_id, Message.tenant_id == self.tenant_id, Message.session_id == session_id
        )
        return (await self.session.execute(statement)).scalar_one_or_none()
