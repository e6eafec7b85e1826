"""Job de envio: escolhe a sessão, respeita os limites do número, chama o provedor e registra o resultado."""

from __future__ import annotations

import logging
import random
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.inbound.service import message_payload, preview, touch_conversation
from wacs.kit import metrics
from wacs.kit.cache import Bucket
from wacs.kit.context import AppContext
from wacs.media.service import MediaNotFound, load_media
from wacs.messages.routing import CircuitBreaker, candidates, tenant_settings
from wacs.messages.service import BULK_JOB, SEND_JOB, expand_bulk, expand_bulk_exhausted
from wacs.models import Job, Message, WhatsAppSession
from wacs.providers import registry
from wacs.providers.base import OutboundMessage, ProviderError, SessionInfo
from wacs.realtime.events import emit_many
from wacs.worker.handlers import register
from wacs.worker.queue import Postpone, RetryLater

logger = logging.getLogger("wacs.dispatch")


async def _outbound(ctx: AppContext, db: AsyncSession, message: Message) -> OutboundMessage:
    media_bytes = None
    media = (message.content or {}).get("media") or {}
    if media.get("mediaId"):
        _, media_bytes = await load_media(ctx, db, message.tenant_id, uuid.UUID(media["mediaId"]))
    return OutboundMessage(
        message.id, message.to_number or "", message.message_type or "text", message.content or {}, media_bytes
    )


async def _finish(
    ctx: AppContext,
    db: AsyncSession,
    message: Message,
    status: str,
    *,
    error: str | None = None,
    error_code: str | None = None,
) -> None:
    # O envio termina uma vez só (sent ou failed): é quando a mensagem aparece para o WebSocket e os webhooks,
    # seja na primeira tentativa ou numa retentativa (as anteriores foram desfeitas).
    created = message_payload(message)
    now = datetime.now(UTC)
    message.status = status
    message.updated_at = now
    if status == "failed":
        message.failed_at = now
        message.error = (error or "Falha no envio.")[:500]
        message.error_code = error_code
    await db.flush()
    changed = {
        "messageId": str(message.id),
        "providerMessageId": message.message_id,
        "status": status,
        "provider": message.provider,
        "error": message.error,
        "timestamp": now.isoformat(),
    }
    # Os dois eventos num só INSERT (criada, depois o status).
    await emit_many(ctx, db, message.tenant_id, [("message.created", created), ("message.status", changed)])
    metrics.MESSAGES.labels(message.provider or "-", "outbound", status).inc()


async def send(ctx: AppContext, db: AsyncSession, job: Job) -> None:
    message = (
        await db.execute(select(Message).where(Message.id == uuid.UUID(job.payload["messageId"])).with_for_update())
    ).scalar_one_or_none()
    # A trava da linha garante que dois workers nunca enviem a mesma mensagem: o segundo vê o status final.
    if message is None or message.status != "pending":
        return
    # Nada é escrito antes da chamada ao provedor: no SQLite, uma escrita aqui seguraria o banco durante a rede.
    settings = await tenant_settings(ctx, db, message.tenant_id)
    options = await candidates(db, message, settings)
    if not options:
        raise RetryLater("Nenhuma sessão conectada para enviar esta mensagem.")
    breaker = CircuitBreaker(ctx)
    try:
        outbound = await _outbound(ctx, db, message)
    except MediaNotFound:
        await _finish(
            ctx,
            db,
            message,
            "failed",
            error="A mídia da mensagem não existe mais.",
            error_code="midia_nao_encontrada",
        )
        return
    last_error = "Circuito aberto em todas as sessões disponíveis."
    for index, row in enumerate(options):
        is_last = index == len(options) - 1
        is_open, failing = await breaker.state(row.id)
        if is_open and not is_last:
            continue
        provider = registry.build(ctx, _info(row), row.session_data)
        limits = provider.throughput()
        buckets: list[Bucket] = [(f"rate:{row.id}", limits.messages_per_second, limits.burst)]
        if limits.recipient_interval_seconds > 0:
            buckets.append((f"pace:{row.id}:{outbound.to}", 1 / limits.recipient_interval_seconds, 1))
        wait = await ctx.cache.take_tokens(buckets)  # o número e o destinatário, numa só ida ao cache
        if wait > 0:
            raise Postpone(wait + random.uniform(0, limits.jitter_seconds + 0.01))  # noqa: S311
        try:
            result = await provider.send(outbound)
        except ProviderError as exc:
            metrics.SEND_ATTEMPTS.labels(row.provider_type, exc.kind).inc()
            if not exc.transient:
                message.provider = row.provider_type
                message.session_id = row.id
                message.attempts = job.attempts
                await _finish(ctx, db, message, "failed", error=exc.message, error_code=exc.code)
                return
            last_error = exc.message
            await breaker.failure(row.id)
            continue
        metrics.SEND_ATTEMPTS.labels(row.provider_type, "ok").inc()
        if failing:  # sem falhas recentes não há o que limpar (uma ida ao cache a menos por envio)
            await breaker.success(row.id)
        now = datetime.now(UTC)
        message.message_id = result.provider_message_id
        message.provider = row.provider_type
        message.session_id = row.id
        message.from_number = row.phone_number
        message.sent_at = now
        message.error = None
        message.attempts = job.attempts
        conversation = await touch_conversation(
            ctx,
            db,
            tenant_id=message.tenant_id,
            session_id=row.id,
            contact=message.to_number or "",
            name=None,
            preview=preview(message.message_type or "text", message.content or {}),
            direction="outbound",
            at=now,
        )
        message.conversation_id = conversation.id
        await _finish(ctx, db, message, "sent")
        metrics.SEND_LATENCY.labels(row.provider_type).observe((now - message.created_at).total_seconds())
        return
    raise RetryLater(last_error)


def _info(row: WhatsAppSession) -> SessionInfo:
    from wacs.sessions.service import info_of

    return info_of(row)


async def send_exhausted(ctx: AppContext, db: AsyncSession, job: Job, error: str) -> None:
    message = (
        await db.execute(select(Message).where(Message.id == uuid.UUID(job.payload["messageId"])).with_for_update())
    ).scalar_one_or_none()
    if message is None or message.status != "pending":
        return
    message.attempts = job.attempts
    await _finish(
        ctx,
        db,
        message,
        "failed",
        error_code="tentativas_esgotadas",
        error=f"Não foi possível enviar depois de {job.attempts} tentativas: {error}",
    )


register(SEND_JOB, send, send_exhausted)
register(BULK_JOB, expand_bulk, expand_bulk_exhausted)
