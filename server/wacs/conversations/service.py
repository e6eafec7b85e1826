"""Escritas nas conversas: o upsert por (sessão, contato) que entradas e envios fazem, e o formato do evento."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import bindparam, case
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.db import dialect_statement, execute_rows
from wacs.models import Conversation

_LABELS = {
    "image": "📷 Imagem",
    "video": "🎬 Vídeo",
    "audio": "🎤 Áudio",
    "document": "📄 Documento",
    "location": "📍 Localização",
    "sticker": "Figurinha",
    "contacts": "👤 Contato",
    "interactive": "🔘 Botões",
    "template": "📝 Template",
    "reaction": "Reação",
    "unsupported": "Mensagem não suportada",
}


def preview(kind: str, content: dict[str, Any]) -> str:
    """Prévia da última mensagem na lista de conversas (texto, ou rótulo do tipo + legenda)."""
    if kind == "text":
        return str(content.get("text") or "")[:255]
    if kind == "reaction":
        emoji = (content.get("reaction") or {}).get("emoji")
        return f"Reação {emoji}"[:255] if emoji else "Reação removida"
    if kind == "contacts":
        names = [str(c.get("name")) for c in content.get("contacts") or [] if isinstance(c, dict) and c.get("name")]
        label = "👤 Contatos" if len(names) > 1 else "👤 Contato"
        return (f"{label}: {', '.join(names)}" if names else label)[:255]
    if kind == "interactive" and isinstance(content.get("interactive"), dict):
        interactive = content["interactive"]
        label = "📋 Lista" if interactive.get("type") == "list" else "🔘 Botões"
        body = interactive.get("body")
        return (f"{label}: {body}" if body else label)[:255]
    if kind == "template":
        name = (content.get("template") or {}).get("name")
        return (f"📝 Template: {name}" if name else "📝 Template")[:255]
    caption = (content.get("media") or {}).get("caption")
    label = _LABELS.get(kind, kind)
    return (f"{label}: {caption}" if caption else label)[:255]


# As colunas do evento `conversation.updated` (o mesmo formato de `GET /api/v1/conversations/{id}`): quem muda uma
# conversa com UPDATE/upsert pede estas no RETURNING e publica a conversa inteira, não só o que mudou.
PAYLOAD_COLUMNS = tuple(
    Conversation.__table__.c[name]
    for name in (
        "id",
        "session_id",
        "contact_number",
        "contact_name",
        "last_message_at",
        "last_message_preview",
        "last_message_direction",
        "last_inbound_at",
        "unread_count",
        "assigned_agent_id",
        "bot_state",
        "created_at",
        "updated_at",
    )
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def conversation_payload(conversation: Any) -> dict[str, Any]:
    """O `data` de `conversation.updated`: a conversa (o objeto ou uma linha com `PAYLOAD_COLUMNS`)."""
    agent = conversation.assigned_agent_id
    return {
        "id": str(conversation.id),
        "sessionId": str(conversation.session_id),
        "contactNumber": conversation.contact_number,
        "contactName": conversation.contact_name,
        "lastMessageAt": _iso(conversation.last_message_at),
        "lastMessagePreview": conversation.last_message_preview,
        "lastMessageDirection": conversation.last_message_direction,
        "lastInboundAt": _iso(conversation.last_inbound_at),
        "unreadCount": conversation.unread_count,
        "assignedAgentId": str(agent) if agent else None,
        "botState": conversation.bot_state,
        "createdAt": _iso(conversation.created_at),
        "updatedAt": _iso(conversation.updated_at),
    }


@dataclass(frozen=True)
class Touch:
    """Uma mensagem que mexe na conversa (sessão + contato)."""

    tenant_id: uuid.UUID
    session_id: uuid.UUID
    contact: str
    preview: str
    direction: str
    at: datetime
    name: str | None = None


# Eventos a emitir, por tenant, na ordem: o que `upsert_conversations` devolve para quem junta aos seus.
TenantEvents = dict[uuid.UUID, list[tuple[str, dict[str, Any]]]]


async def upsert_conversations(
    session: AsyncSession, touches: Sequence[Touch]
) -> tuple[dict[tuple[uuid.UUID, str], uuid.UUID], TenantEvents]:
    """Cria ou atualiza as conversas (sessão + contato) de um lote de mensagens, atomicamente: um upsert por conversa
    distinta (a última mensagem de cada uma vence, as não lidas somam). Devolve (sessão, contato) → id e os eventos
    `conversation.updated` por tenant, para quem chama emitir junto com os seus (um INSERT de eventos por lote).

    A última mensagem só muda para uma mais nova (`at`): lotes processados fora da ordem de chegada (vários em
    paralelo no worker) nunca fazem a prévia voltar para uma mensagem anterior. Do mesmo jeito, `last_inbound_at`
    (de onde conta a janela de 24 h da Meta) só avança, com a mais nova mensagem recebida."""
    merged: dict[tuple[uuid.UUID, str], tuple[Touch, int, datetime | None]] = {}
    for touch in sorted(touches, key=lambda t: t.at):
        key = (touch.session_id, touch.contact)
        unread, inbound_at = merged[key][1:] if key in merged else (0, None)
        if touch.direction == "inbound":
            unread, inbound_at = unread + 1, touch.at
        merged[key] = (touch, unread, inbound_at)
    ids: dict[tuple[uuid.UUID, str], uuid.UUID] = {}
    events: TenantEvents = {}
    for with_name in (False, True):
        group = [(key, item) for key, item in merged.items() if bool(item[0].name) == with_name]
        if not group:
            continue
        params = [
            {
                "id": uuid.uuid4(),
                "tenant_id": touch.tenant_id,
                "session_id": touch.session_id,
                "contact_number": touch.contact,
                "contact_name": touch.name,
                "at": touch.at,
                "preview": touch.preview,
                "direction": touch.direction,
                "unread": unread,
                "inbound_at": inbound_at,
            }
            for _, (touch, unread, inbound_at) in group
        ]
        # Várias linhas: um só INSERT … VALUES (…), (…) ON CONFLICT (o "insertmanyvalues" do SQLAlchemy), na ordem
        # dos parâmetros.
        upsert = dialect_statement(session, f"conversations.touch:{with_name}", partial(_upsert, with_name=with_name))
        rows = (await execute_rows(session, upsert, params)).all()
        for (key, (touch, _, _)), row in zip(group, rows, strict=True):
            ids[key] = row.id
            events.setdefault(touch.tenant_id, []).append(("conversation.updated", conversation_payload(row)))
    return ids, events


def _upsert(dialect_insert: Any, with_name: bool) -> Any:
    """O upsert da conversa com parâmetros (montado uma vez por dialeto: o SQL compilado fica em cache)."""
    table = Conversation.__table__
    at: Any = bindparam("at")
    insert = dialect_insert(table).values(
        id=bindparam("id"),
        tenant_id=bindparam("tenant_id"),
        session_id=bindparam("session_id"),
        contact_number=bindparam("contact_number"),
        contact_name=bindparam("contact_name"),
        last_message_at=at,
        last_message_preview=bindparam("preview"),
        last_message_direction=bindparam("direction"),
        last_inbound_at=bindparam("inbound_at"),
        unread_count=bindparam("unread"),
        created_at=at,
        updated_at=at,
    )
    newer = (table.c.last_message_at.is_(None)) | (table.c.last_message_at <= insert.excluded.last_message_at)
    changes: dict[str, Any] = {
        "last_message_at": case((newer, insert.excluded.last_message_at), else_=table.c.last_message_at),
        "last_message_preview": case((newer, insert.excluded.last_message_preview), else_=table.c.last_message_preview),
        "last_message_direction": case(
            (newer, insert.excluded.last_message_direction), else_=table.c.last_message_direction
        ),
        "updated_at": insert.excluded.updated_at,
        "unread_count": table.c.unread_count + insert.excluded.unread_count,
        "last_inbound_at": case(
            (
                insert.excluded.last_inbound_at.is_not(None)
                & (table.c.last_inbound_at.is_(None) | (table.c.last_inbound_at < insert.excluded.last_inbound_at)),
                insert.excluded.last_inbound_at,
            ),
            else_=table.c.last_inbound_at,
        ),
    }
    if with_name:
        changes["contact_name"] = insert.excluded.contact_name
    return insert.on_conflict_do_update(index_elements=["session_id", "contact_number"], set_=changes).returning(
        *PAYLOAD_COLUMNS, sort_by_parameter_order=True
    )
