"""Eventos do produto: gravados (cursor de recuperação), encaminhados aos webhooks e publicados após o commit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.db import on_commit, transaction_memo
from wacs.models import RealtimeEvent
from wacs.models.base import table_of

EVENT_TYPES: dict[str, str] = {
    "message.created": "Mensagem criada (recebida ou enviada)",
    "message.status": "Mudança de status de uma mensagem (sent, delivered, read, failed)",
    "session.status": "Mudança de status de uma sessão do WhatsApp (inclui QR code)",
    "conversation.updated": "Conversa atualizada (última mensagem, não lidas)",
    "bulk.progress": "Progresso de um envio em massa",
}


EVENTS_INSERT = insert(table_of(RealtimeEvent)).returning(table_of(RealtimeEvent).c.id)
EVENTS_INSERT_MANY = insert(table_of(RealtimeEvent)).returning(
    table_of(RealtimeEvent).c.id, sort_by_parameter_order=True
)


def tenant_channel(tenant_id: uuid.UUID) -> str:
    return f"tenant:{tenant_id}"


# Espaço de nomes do id público dos eventos (derivado do evento gravado: igual ao vivo e na recuperação pelo cursor).
_EVENT_ID_NAMESPACE = uuid.UUID("5b7f3c1e-8d2a-4e6b-9a41-2f0c7d9e6a13")


def build_envelope(
    seq: int, tenant_id: uuid.UUID, event_type: str, data: dict[str, Any], created_at: datetime
) -> dict[str, Any]:
    """Envelope público de um evento gravado; o mesmo dict ao publicar e ao reenviar a partir do banco."""
    created_at = created_at.astimezone(UTC)
    stamp = created_at.isoformat()
    return {
        "id": f"evt_{uuid.uuid5(_EVENT_ID_NAMESPACE, f'{tenant_id}:{seq}:{stamp}').hex}",
        "seq": seq,
        "type": event_type,
        "createdAt": stamp.replace("+00:00", "Z"),
        "data": data,
    }


async def emit(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, event_type: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Registra o evento na transação corrente; ele só sai (WebSocket, webhooks) se a transação confirmar."""
    return (await emit_many(ctx, session, tenant_id, [(event_type, data)]))[0]


async def emit_many(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, events: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Vários eventos de uma vez, na ordem dada: um só INSERT … RETURNING para todos."""
    from wacs.webhooks.fanout import fanout

    created_at = datetime.now(UTC)
    rows = [{"tenant_id": tenant_id, "type": kind, "data": data, "created_at": created_at} for kind, data in events]
    # O id (cursor) é preciso já; com várias linhas, os ids voltam na ordem dos parâmetros.
    if len(rows) == 1:
        seqs = [(await session.execute(EVENTS_INSERT, rows[0])).scalar_one()]
    else:
        seqs = list((await session.execute(EVENTS_INSERT_MANY, rows)).scalars())
    envelopes = [
        build_envelope(seq, tenant_id, kind, data, created_at) for seq, (kind, data) in zip(seqs, events, strict=True)
    ]
    for envelope in envelopes:
        await fanout(ctx, session, tenant_id, envelope)
    # Os eventos da transação saem juntos depois do commit, em ordem, numa ida ao barramento.
    outgoing: list[tuple[str, bytes]] | None = transaction_memo(session).get("events")
    if outgoing is None:
        outgoing = transaction_memo(session)["events"] = []
        batch = outgoing

        async def publish() -> None:
            await ctx.bus.publish(batch)

        on_commit(session, publish)
    outgoing.extend((tenant_channel(tenant_id), orjson.dumps(envelope)) for envelope in envelopes)
    return envelopes
