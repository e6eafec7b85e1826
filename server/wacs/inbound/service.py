"""Caminho único de entrada (Meta, Baileys, sandbox): guardar o evento bruto de forma idempotente e processar.

1. `record_event` grava o evento pelo id externo (repetido = ignorado) e enfileira o processamento;
2. `process` (job) aplica: mensagem nova → conversa + mensagem + mídia + eventos; recibo → status que só avança.
"""

from __future__ import annotations

import base64
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit import metrics
from wacs.kit.context import AppContext
from wacs.kit.db import dialect_insert
from wacs.kit.errors import AppError
from wacs.kit.text import printable, sanitized
from wacs.models import Conversation, InboundEvent, Job, Message, WhatsAppSession
from wacs.realtime.events import emit
from wacs.worker.handlers import register
from wacs.worker.queue import RetryLater, enqueue

logger = logging.getLogger("wacs.inbound")

PROCESS_JOB = "inbound.process"
# Por quanto tempo um recibo de mensagem desconhecida é tentado de novo antes de ser descartado.
RECEIPT_WAIT_SECONDS = 300


async def record_event(
    ctx: AppContext,
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    session_id: uuid.UUID | None,
    provider: str,
    external_id: str,
    kind: str,
    payload: dict[str, Any],
) -> uuid.UUID | None:
    """Grava o evento bruto; devolve o id se for novo, None se já tinha chegado antes (duplicata).

    O que vem do provedor é limpo de NUL e de surrogates soltos (que o banco não grava): uma mensagem do cliente com
    um caractere estranho é guardada sem ele, em vez de se perder num erro do banco."""
    payload = sanitized(payload)
    external_id = printable(external_id)
    event_id = uuid.uuid4()
    statement = (
        dialect_insert(session)(InboundEvent)
        .values(
            id=event_id,
            tenant_id=tenant_id,
            session_id=session_id,
            provider=provider,
            external_id=external_id[:255],
            kind=kind,
            payload=payload,
            created_at=datetime.now(UTC),
        )
        .on_conflict_do_nothing(index_elements=["provider", "external_id"])
        .returning(InboundEvent.id)
    )
    inserted = (await session.execute(statement)).scalar_one_or_none()
    if inserted is None:
        return None
    await enqueue(ctx, session, PROCESS_JOB, {"eventId": str(event_id)}, tenant_id=tenant_id)
    return event_id


async def process(ctx: AppContext, session: AsyncSession, job: Job) -> None:
    event = await session.get(InboundEvent, uuid.UUID(job.payload["eventId"]), with_for_update=True)
    if event is None or event.processed_at is not None:
        return
    if event.kind == "message":
        await _store_message(ctx, session, event)
    elif event.kind == "status":
        found = await apply_status(ctx, session, event.tenant_id, event.payload)
        age = (datetime.now(UTC) - event.created_at).total_seconds()
        if not found and age < RECEIPT_WAIT_SECONDS:
            # Um provedor rápido pode avisar "entregue" antes de o envio ter sido confirmado aqui: espera um pouco.
            raise RetryLater("Recibo de uma mensagem ainda não registrada; nova tentativa em breve.", delay=1.0)
    event.processed_at = datetime.now(UTC)


def preview(kind: str, content: dict[str, Any]) -> str:
    """Prévia da última mensagem na lista de conversas (texto, ou rótulo do tipo + legenda)."""
    if kind == "text":
        return str(content.get("text") or "")[:255]
    labels = {
        "image": "📷 Imagem",
        "video": "🎬 Vídeo",
        "audio": "🎤 Áudio",
        "document": "📄 Documento",
        "location": "📍 Localização",
        "sticker": "Figurinha",
    }
    caption = (content.get("media") or {}).get("caption")
    return (f"{labels.get(kind, kind)}: {caption}" if caption else labels.get(kind, kind))[:255]


async def touch_conversation(
    ctx: AppContext,
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    session_id: uuid.UUID,
    contact: str,
    name: str | None,
    preview: str,
    direction: str,
    at: datetime,
) -> Conversation:
    """Cria ou atualiza a conversa (sessão + contato) atomicamente e avisa quem está olhando."""
    unread = 1 if direction == "inbound" else 0
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "tenant_id": tenant_id,
        "session_id": session_id,
        "contact_number": contact,
        "contact_name": name,
        "last_message_at": at,
        "last_message_preview": preview,
        "last_message_direction": direction,
        "unread_count": unread,
        "created_at": at,
        "updated_at": at,
    }
    insert = dialect_insert(session)(Conversation).values(**values)
    changes: dict[str, Any] = {
        "last_message_at": at,
        "last_message_preview": preview,
        "last_message_direction": direction,
        "updated_at": at,
        "unread_count": Conversation.unread_count + unread,
    }
    if name:
        changes["contact_name"] = name
    statement = insert.on_conflict_do_update(index_elements=["session_id", "contact_number"], set_=changes)
    # Upsert do ORM com RETURNING da entidade: a conversa atualizada vem no mesmo comando.
    conversation = (
        await session.execute(statement.returning(Conversation), execution_options={"populate_existing": True})
    ).scalar_one()
    await emit(ctx, session, tenant_id, "conversation.updated", conversation_payload(conversation))
    return conversation


def conversation_payload(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": str(conversation.id),
        "sessionId": str(conversation.session_id),
        "contactNumber": conversation.contact_number,
        "contactName": conversation.contact_name,
        "lastMessageAt": conversation.last_message_at.isoformat() if conversation.last_message_at else None,
        "lastMessagePreview": conversation.last_message_preview,
        "unreadCount": conversation.unread_count,
    }


def message_payload(message: Message) -> dict[str, Any]:
    return {
        "messageId": str(message.id),
        "providerMessageId": message.message_id,
        "sessionId": str(message.session_id) if message.session_id else None,
        "conversationId": str(message.conversation_id) if message.conversation_id else None,
        "direction": message.direction,
        "from": message.from_number,
        "to": message.to_number,
        "type": message.message_type,
        "content": message.content,
        "status": message.status,
        "provider": message.provider,
        "error": message.error,
        "timestamp": (message.created_at or datetime.now(UTC)).isoformat(),
    }


async def _store_message(ctx: AppContext, session: AsyncSession, event: InboundEvent) -> None:
    payload = event.payload
    provider_message_id = str(payload["messageId"])
    exists = (
        await session.execute(select(Message.id).where(Message.message_id == provider_message_id))
    ).scalar_one_or_none()
    if exists is not None:
        return
    wa_session = await session.get(WhatsAppSession, event.session_id) if event.session_id else None
    if wa_session is None or wa_session.tenant_id != event.tenant_id:
        logger.warning("evento de entrada sem sessão válida", extra={"event_id": str(event.id)})
        return
    kind = str(payload.get("type", "text"))
    content: dict[str, Any] = {}
    if kind == "text":
        content["text"] = payload.get("text", "")
    elif kind == "location":
        content["location"] = payload.get("location")
    else:
        content["media"] = await _media_content(ctx, session, event.tenant_id, payload.get("media") or {})
    received_at = datetime.now(UTC)
    conversation = await touch_conversation(
        ctx,
        session,
        tenant_id=event.tenant_id,
        session_id=wa_session.id,
        contact=str(payload["from"]),
        name=payload.get("name"),
        preview=preview(kind, content),
        direction="inbound",
        at=received_at,
    )
    message = Message(
        id=uuid.uuid4(),
        tenant_id=event.tenant_id,
        session_id=wa_session.id,
        message_id=provider_message_id,
        from_number=str(payload["from"]),
        to_number=wa_session.phone_number,
        message_type=kind,
        content=content,
        status="received",
        direction="inbound",
        conversation_id=conversation.id,
        provider=event.provider,
        created_at=received_at,
        updated_at=received_at,
    )
    session.add(message)
    await session.flush()
    await emit(ctx, session, event.tenant_id, "message.created", message_payload(message))
    metrics.INBOUND_LATENCY.labels(event.provider).observe((received_at - event.created_at).total_seconds())
    metrics.MESSAGES.labels(event.provider, "inbound", "received").inc()


async def _media_content(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, media: dict[str, Any]
) -> dict[str, Any]:
    """Guarda a mídia recebida no media store; o conteúdo da mensagem referencia o id da mídia."""
    result: dict[str, Any] = {k: media.get(k) for k in ("caption", "filename", "mimeType") if media.get(k)}
    if media.get("mediaId"):
        result["mediaId"] = str(media["mediaId"])
    elif media.get("base64"):
        from wacs.media.service import save_media

        try:
            data = base64.b64decode(media["base64"], validate=True)
            async with session.begin_nested():
                stored = await save_media(
                    ctx,
                    session,
                    tenant_id,
                    data,
                    media.get("mimeType") or "application/octet-stream",
                    media.get("filename"),
                )
        except (AppError, ValueError) as exc:
            # A mensagem do cliente nunca se perde por causa do anexo: fica registrada com o motivo.
            result["error"] = getattr(exc, "detail", None) or "Mídia recebida em formato inválido."
            return result
        result.update(mediaId=str(stored.id), mimeType=stored.mime_type, size=stored.size)
    return result


async def apply_status(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, payload: dict[str, Any]) -> bool:
    """Aplica o recibo; devolve False se a mensagem (ainda) não existe."""
    from wacs.messages.status import can_transition, predecessors

    message = (
        await session.execute(
            select(Message)
            .where(Message.tenant_id == tenant_id, Message.message_id == str(payload["messageId"]))
            .with_for_update()
        )
    ).scalar_one_or_none()
    if message is None:
        logger.info("recibo de mensagem desconhecida", extra={"provider_message_id": payload.get("messageId")})
        return False
    new = str(payload["status"])
    if not can_transition(message.status, new):
        return True
    now = datetime.now(UTC)
    changes: dict[str, Any] = {"status": new, "updated_at": now}
    if new == "delivered":
        changes["delivered_at"] = now
    elif new in {"read", "played"}:
        changes["read_at"] = now
        if message.delivered_at is None:
            changes["delivered_at"] = now
    elif new == "failed":
        changes["failed_at"] = now
        changes["error"] = str(payload.get("error") or "Falha informada pelo provedor.")[:500]
    # UPDATE condicional: mesmo sem trava de linha (SQLite) e com recibos em paralelo, o status nunca regride.
    result = await session.execute(
        update(Message)
        .where(Message.id == message.id, Message.status.in_(predecessors(new)))
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return True
    for key, value in changes.items():
        setattr(message, key, value)
    await emit(
        ctx,
        session,
        tenant_id,
        "message.status",
        {
            "messageId": str(message.id),
            "providerMessageId": message.message_id,
            "status": new,
            "provider": message.provider,
            "error": message.error,
            "timestamp": now.isoformat(),
        },
    )
    metrics.MESSAGES.labels(message.provider or "-", message.direction, new).inc()
    return True


async def process_exhausted(ctx: AppContext, session: AsyncSession, job: Job, error: str) -> None:
    """O evento esgotou as tentativas: termina com o motivo (o evento bruto continua guardado para análise)."""
    event = await session.get(InboundEvent, uuid.UUID(job.payload["eventId"]), with_for_update=True)
    if event is None or event.processed_at is not None:
        return
    event.processed_at = datetime.now(UTC)
    event.error = f"Não foi possível processar o evento: {error}"[:500]
    logger.error(
        "evento de entrada descartado depois de todas as tentativas",
        extra={"event_id": str(event.id), "provider": event.provider, "kind": event.kind},
    )


register(PROCESS_JOB, process, process_exhausted)
