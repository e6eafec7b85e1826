"""Job de envio: escolhe a sessão, respeita os limites do número, chama o provedor e registra o resultado.

Nenhuma transação, trava de linha ou conexão do banco fica aberta durante a chamada ao provedor (100–800 ms num
provedor real): lê (transação curta, só leitura) → confirma → chama o provedor → grava o resultado numa transação
curta, com UPDATE condicional (só uma execução registra o envio). Quem garante que o job não roda em dobro é o
prazo (lease) renovado pelo sinal de vida do worker; se o worker morrer entre o aceite do provedor e o registro, o
job volta e o provedor é chamado de novo com o MESMO id nosso (`OutboundMessage.message_id`): provedores que aceitam
um id do cliente (Baileys, sandbox) deduplicam o reenvio.
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from datetime import UTC, datetime

from sqlalchemy import select, update
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
from wacs.providers.base import OutboundMessage, ProviderError, SessionInfo, Throughput
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


# Espera máxima por um token do número dentro do próprio job (sem devolvê-lo à fila): esperas curtas são o caso
# normal com muitos envios em voo e um limite por número.
INLINE_TOKEN_WAIT_SECONDS = 1.0

# Colunas que o registro do envio pode gravar.
_RECORDED = (
    "status",
    "message_id",
    "provider",
    "session_id",
    "from_number",
    "sent_at",
    "failed_at",
    "error",
    "error_code",
    "attempts",
    "conversation_id",
)


async def _finish(
    ctx: AppContext,
    db: AsyncSession,
    message: Message,
    status: str,
    *,
    error: str | None = None,
    error_code: str | None = None,
) -> bool:
    """Registra o fim do envio (sent ou failed) se a mensagem ainda estiver pendente; False se outra execução já o
    registrou. `message` está fora da sessão: as mudanças vão só pelo UPDATE condicional."""
    created = message_payload(message)  # como a mensagem era até aqui (pendente)
    now = datetime.now(UTC)
    message.status = status
    message.updated_at = now
    if status == "failed":
        message.failed_at = now
        message.error = (error or "Falha no envio.")[:500]
        message.error_code = error_code
    values = {name: getattr(message, name) for name in _RECORDED} | {"updated_at": now}
    result = await db.execute(
        update(Message)
        .where(Message.id == message.id, Message.status == "pending")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    # O envio termina uma vez só: é quando a mensagem aparece para o WebSocket e os webhooks, na primeira tentativa
    # ou numa retentativa.
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
    return True


async def send(ctx: AppContext, db: AsyncSession, job: Job) -> None:
    message = (
        await db.execute(select(Message).where(Message.id == uuid.UUID(job.payload["messageId"])))
    ).scalar_one_or_none()
    if message is None or message.status != "pending":
        return
    db.expunge(message)  # o registro vai por UPDATE condicional, nunca pelo flush do ORM
    settings = await tenant_settings(ctx, db, message.tenant_id)
    options = [
        (row.id, _info(row), row.session_data, row.phone_number) for row in await candidates(db, message, settings)
    ]
    if not options:
        raise RetryLater("Nenhuma sessão conectada para enviar esta mensagem.")
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
    # Fim da leitura: a conexão volta ao pool antes da chamada ao provedor.
    await db.commit()
    breaker = CircuitBreaker(ctx)
    last_error = "Circuito aberto em todas as sessões disponíveis."
    for index, (row_id, info, session_data, phone_number) in enumerate(options):
        is_last = index == len(options) - 1
        is_open, failing = await breaker.state(row_id)
        if is_open and not is_last:
            continue
        provider = registry.build(ctx, info, session_data)
        await _take_token(ctx, provider.throughput(), row_id, outbound.to)
        try:
            result = await provider.send(outbound)
        except ProviderError as exc:
            metrics.SEND_ATTEMPTS.labels(info.provider_type, exc.kind).inc()
            if not exc.transient:
                message.provider = info.provider_type
                message.session_id = row_id
                message.attempts = job.attempts
                await _finish(ctx, db, message, "failed", error=exc.message, error_code=exc.code)
                return
            last_error = exc.message
            await breaker.failure(row_id)
            continue
        metrics.SEND_ATTEMPTS.labels(info.provider_type, "ok").inc()
        if failing:  # sem falhas recentes não há o que limpar (uma ida ao cache a menos por envio)
            await breaker.success(row_id)
        now = datetime.now(UTC)
        message.message_id = result.provider_message_id
        message.provider = info.provider_type
        message.session_id = row_id
        message.from_number = phone_number
        message.sent_at = now
        message.error = None
        message.attempts = job.attempts
        conversation = await touch_conversation(
            ctx,
            db,
            tenant_id=message.tenant_id,
            session_id=row_id,
            contact=message.to_number or "",
            name=None,
            preview=preview(message.message_type or "text", message.content or {}),
            direction="outbound",
            at=now,
        )
        message.conversation_id = conversation.id
        if await _finish(ctx, db, message, "sent"):
            metrics.SEND_LATENCY.labels(info.provider_type).observe((now - message.created_at).total_seconds())
        return
    raise RetryLater(last_error)


async def _take_token(ctx: AppContext, limits: Throughput, session_id: uuid.UUID, to: str) -> None:
    """Um token do número (e do destinatário, se houver intervalo mínimo): espera curta aqui mesmo; longa, devolve o
    job à fila (Postpone) sem contar tentativa."""
    buckets: list[Bucket] = [(f"rate:{session_id}", limits.messages_per_second, limits.burst)]
    if limits.recipient_interval_seconds > 0:
        buckets.append((f"pace:{session_id}:{to}", 1 / limits.recipient_interval_seconds, 1))
    while (wait := await ctx.cache.take_tokens(buckets)) > 0:  # o número e o destinatário, numa só ida ao cache
        jitter = random.uniform(0, limits.jitter_seconds + 0.01)  # noqa: S311
        if wait > INLINE_TOKEN_WAIT_SECONDS:
            raise Postpone(wait + jitter)
        await asyncio.sleep(wait + jitter)


def _info(row: WhatsAppSession) -> SessionInfo:
    from wacs.sessions.service import info_of

    return info_of(row)


async def send_exhausted(ctx: AppContext, db: AsyncSession, job: Job, error: str) -> None:
    message = (
        await db.execute(select(Message).where(Message.id == uuid.UUID(job.payload["messageId"])))
    ).scalar_one_or_none()
    if message is None or message.status != "pending":
        return
    db.expunge(message)
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
