"""Eventos do produto: gravados (cursor de recuperação), encaminhados aos webhooks e publicados após o commit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import bindparam, insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.db import execute_rows, on_commit, transaction_memo
from wacs.models import RealtimeCounter, RealtimeEvent
from wacs.models.base import table_of

EVENT_TYPES: dict[str, str] = {
    "message.created": "Mensagem criada (recebida ou enviada)",
    "message.status": "Mudança de status de uma mensagem (sent, delivered, read, played, failed)",
    "message.updated": "Mensagem atualizada (ex.: a mídia recebida foi baixada, ou não pôde ser)",
    "session.status": "Mudança de status de uma sessão do WhatsApp (QR, código de pareamento, conectada, "
    "desconectada, falha de credenciais)",
    "conversation.updated": "Conversa atualizada (última mensagem, não lidas, agente atribuído, estado do bot)",
    "bulk.progress": "Progresso de um envio em massa",
    "ai.replied": "O agente de IA respondeu numa conversa (modo, tempo de resposta, ferramentas usadas)",
    "ai.handoff": "O agente de IA passou a conversa para um atendente humano (palavra-chave, decisão do modelo, "
    "mensagem de operador ou falha) e ficou pausado nela",
    "ai.resumed": "O agente de IA voltou a responder numa conversa (retomado pela API ou fim do prazo da pausa)",
    "appointment.created": "Visita agendada (pelo agente de IA ou por um operador)",
    "appointment.updated": "Visita alterada (remarcada, cancelada ou concluída)",
}


_EVENTS = table_of(RealtimeEvent)
_COUNTERS = table_of(RealtimeCounter)

# PostgreSQL: o INSERT vem sem `seq` e o gatilho o tira da sequence do tenant, linha a linha na ordem de inserção;
# com várias linhas, os seq voltam na ordem dos parâmetros.
EVENTS_INSERT = insert(_EVENTS).returning(_EVENTS.c.seq)
EVENTS_INSERT_MANY = insert(_EVENTS).returning(_EVENTS.c.seq, sort_by_parameter_order=True)

# SQLite: um comando reserva `n` números do tenant (devolve o último deles) e o INSERT já leva os seq.
_excluded = sqlite_insert(_COUNTERS).excluded
COUNTER_RESERVE = (
    sqlite_insert(_COUNTERS)
    .values(tenant_id=bindparam("tenant_id"), last_seq=bindparam("n"))
    .on_conflict_do_update(
        index_elements=[_COUNTERS.c.tenant_id], set_={"last_seq": _COUNTERS.c.last_seq + _excluded.last_seq}
    )
    .returning(_COUNTERS.c.last_seq)
)
EVENTS_INSERT_WITH_SEQ = insert(_EVENTS)


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
    """Vários eventos de uma vez, na ordem dada: um só INSERT para todos (no SQLite, antes, a reserva dos seq)."""
    from wacs.webhooks.fanout import fanout

    created_at = datetime.now(UTC)
    rows = [{"tenant_id": tenant_id, "type": kind, "data": data, "created_at": created_at} for kind, data in events]
    # O seq (cursor, por tenant) é preciso já, para o envelope.
    seqs = await _insert_events(ctx, session, tenant_id, rows)
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
            ctx.events_committed()
            await ctx.bus.publish(batch)

        on_commit(session, publish)
    outgoing.extend((tenant_channel(tenant_id), orjson.dumps(envelope)) for envelope in envelopes)
    return envelopes


async def _insert_events(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, rows: list[dict[str, Any]]
) -> list[int]:
    if ctx.engine.dialect.name == "sqlite":
        last = (await session.execute(COUNTER_RESERVE, {"tenant_id": tenant_id, "n": len(rows)})).scalar_one()
        seqs = list(range(last - len(rows) + 1, last + 1))
        for row, seq in zip(rows, seqs, strict=True):
            row["seq"] = seq
        await execute_rows(session, EVENTS_INSERT_WITH_SEQ, rows)
        return seqs
    if len(rows) == 1:
        return [(await session.execute(EVENTS_INSERT, rows[0])).scalar_one()]
    return list((await session.execute(EVENTS_INSERT_MANY, rows)).scalars())
