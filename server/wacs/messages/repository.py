"""SQL do envio: mensagens, envios em massa e o que o aceite consulta de sessões e agentes. Toda consulta filtra pelo
tenant do repositório e toda inserção grava o `tenant_id` dele."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from wacs.kit.db import add_insert
from wacs.kit.repository import TenantScopedRepository
from wacs.models import AIAgent, BulkSend, Message, WhatsAppSession
from wacs.models.base import table_of

MESSAGES = table_of(Message)


class MessageRepository(TenantScopedRepository[Message]):
    model = Message

    def add_deferred(self, values: dict[str, Any]) -> None:
        """INSERT adiado (`add_insert`): vai ao banco no commit, no mesmo comando que o job e a auditoria (no
        PostgreSQL, uma ida ao banco para o aceite inteiro)."""
        values["tenant_id"] = self.tenant_id
        add_insert(self.session, MESSAGES, values)

    async def add_many(self, rows: list[dict[str, Any]]) -> None:
        """Um INSERT com todas as linhas, já na transação (as linhas devem ter as mesmas colunas)."""
        for row in rows:
            row["tenant_id"] = self.tenant_id
        await self.session.execute(insert(Message), rows)

    async def get_by_idempotency_key(self, key: str) -> Message | None:
        statement = self.select().where(Message.idempotency_key == key)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def status_counts(self, bulk_id: uuid.UUID) -> dict[str | None, int]:
        """Quantas mensagens do envio em massa há em cada status."""
        statement = (
            select(Message.status, func.count())
            .where(Message.tenant_id == self.tenant_id, Message.bulk_id == bulk_id)
            .group_by(Message.status)
        )
        return {status: int(count) for status, count in (await self.session.execute(statement)).all()}

    async def status_counts_by_bulk(self, bulk_ids: list[uuid.UUID]) -> dict[uuid.UUID, dict[str | None, int]]:
        """As contagens por status de vários envios em massa numa consulta (a listagem)."""
        result: dict[uuid.UUID, dict[str | None, int]] = {bulk_id: {} for bulk_id in bulk_ids}
        if not bulk_ids:
            return result
        statement = (
            select(Message.bulk_id, Message.status, func.count())
            .where(Message.tenant_id == self.tenant_id, Message.bulk_id.in_(bulk_ids))
            .group_by(Message.bulk_id, Message.status)
        )
        for bulk_id, status, count in (await self.session.execute(statement)).all():
            if bulk_id is not None:
                result[bulk_id][status] = int(count)
        return result

    def listing(
        self,
        *,
        status: str | None = None,
        direction: str | None = None,
        session_id: uuid.UUID | None = None,
        conversation_id: uuid.UUID | None = None,
        to: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> Select[Message]:
        """A consulta da listagem (sem ordem nem limite: a página vem de `keyset_page`)."""
        statement = self.select()
        if status:
            statement = statement.where(Message.status == status)
        if direction:
            statement = statement.where(Message.direction == direction)
        if session_id:
            statement = statement.where(Message.session_id == session_id)
        if conversation_id:
            statement = statement.where(Message.conversation_id == conversation_id)
        if to:
            statement = statement.where(Message.to_number == to)
        if since:
            statement = statement.where(Message.created_at >= since)
        if until:
            statement = statement.where(Message.created_at < until)
        return statement


async def keyset_page(
    session: AsyncSession, statement: Select[Message], limit: int, after: tuple[datetime, uuid.UUID] | None
) -> tuple[list[Message], bool]:
    """Até `limit` mensagens, mais recentes primeiro, depois da posição (created_at, id) `after`, e se há mais.

    A consulta recebida já vem filtrada pelo tenant (`MessageRepository.listing`, ou a das mensagens de uma conversa).
    """
    if after is not None:
        stamp, ident = after
        statement = statement.where(
            (Message.created_at < stamp) | ((Message.created_at == stamp) & (Message.id < ident))
        )
    ordered = statement.order_by(Message.created_at.desc(), Message.id.desc()).limit(limit + 1)
    rows = list((await session.execute(ordered)).scalars())
    return rows[:limit], len(rows) > limit


class BulkSendRepository(TenantScopedRepository[BulkSend]):
    model = BulkSend

    async def get_by_idempotency_key(self, key: str) -> BulkSend | None:
        statement = self.select().where(BulkSend.idempotency_key == key)
        return (await self.session.execute(statement)).scalar_one_or_none()

    async def page_with_types(self, page: int, page_size: int) -> tuple[list[tuple[BulkSend, str]], int]:
        """Uma página dos envios, mais recentes primeiro, com o tipo das mensagens de cada um — sem carregar a
        lista de destinatários (até 10.000 itens por envio) que fica no mesmo JSON do pedido."""
        total = (
            await self.session.execute(select(func.count()).where(BulkSend.tenant_id == self.tenant_id))
        ).scalar_one()
        statement = (
            self.select()
            .options(defer(BulkSend.request))
            .add_columns(BulkSend.request["type"].as_string())
            .order_by(BulkSend.created_at.desc(), BulkSend.id.desc())
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        rows = (await self.session.execute(statement)).all()
        return [(bulk, kind or "text") for bulk, kind in rows], int(total)


class SenderRepository(TenantScopedRepository[WhatsAppSession]):
    """As sessões do tenant como o envio as vê (só leitura; a gestão delas é de `wacs.sessions`)."""

    model = WhatsAppSession

    async def summaries(self) -> list[tuple[uuid.UUID, str, str, bool]]:
        """(id, provedor, número, ativa) de cada sessão."""
        statement = select(
            WhatsAppSession.id, WhatsAppSession.provider_type, WhatsAppSession.phone_number, WhatsAppSession.is_active
        ).where(WhatsAppSession.tenant_id == self.tenant_id)
        return [(i, p, n, a) for i, p, n, a in (await self.session.execute(statement)).all()]

    async def phone_of(self, session_id: uuid.UUID) -> str | None:
        statement = select(WhatsAppSession.phone_number).where(
            WhatsAppSession.tenant_id == self.tenant_id, WhatsAppSession.id == session_id
        )
        phone: str | None = (await self.session.execute(statement)).scalar_one_or_none()
        return phone


class AgentRepository(TenantScopedRepository[AIAgent]):
    model = AIAgent

    async def exists(self, agent_id: uuid.UUID) -> bool:
        statement = select(AIAgent.id).where(AIAgent.tenant_id == self.tenant_id, AIAgent.id == agent_id)
        return (await self.session.execute(statement)).scalar_one_or_none() is not None
