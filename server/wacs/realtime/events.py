"""Eventos do produto: gravados (cursor de recuperação), encaminhados aos webhooks e publicados após o commit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.db import on_commit
from wacs.models import RealtimeEvent

EVENT_TYPES: dict[str, str] = {
    "message.created": "Mensagem criada (recebida ou enviada)",
    "message.status": "Mudança de status de uma mensagem (sent, delivered, read, failed)",
    "session.status": "Mudança de status de uma sessão do WhatsApp (inclui QR code)",
    "conversation.updated": "Conversa atualizada (última mensagem, não lidas)",
    "bulk.progress": "Progresso de um envio em massa",
}


def tenant_channel(tenant_id: uuid.UUID) -> str:
    return f"tenant:{tenant_id}"


async def emit(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, event_type: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Registra o evento na transação corrente; ele só sai (WebSocket, webhooks) se a transação confirmar."""
    from wacs.webhooks.fanout import fanout

    created_at = datetime.now(UTC)
    row = RealtimeEvent(tenant_id=tenant_id, type=event_type, data=data, created_at=created_at)
    session.add(row)
    await session.flush()
    envelope = {
        "id": f"evt_{uuid.uuid4().hex}",
        "seq": row.id,
        "type": event_type,
        "createdAt": created_at.isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    await fanout(ctx, session, tenant_id, envelope)
    payload = orjson.dumps(envelope)

    async def publish() -> None:
        await ctx.bus.publish(tenant_channel(tenant_id), payload)

    on_commit(session, publish)
    return envelope
