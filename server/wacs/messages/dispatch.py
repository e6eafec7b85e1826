"""Jobs de envio, em lote: escolhe a sessão, respeita os limites do número, chama o provedor e registra o resultado.

Nenhuma transação, trava de linha ou conexão do banco fica aberta durante a chamada ao provedor (100–800 ms num
provedor real). O worker entrega vários jobs de envio de uma vez e o lote segue três passos:

1. **lê** numa transação curta: as mensagens (um SELECT), as sessões candidatas (uma consulta por combinação
   tenant/sessão/provedor do lote) e a mídia; confirma e devolve a conexão ao pool;
2. **chama** o provedor de cada mensagem em paralelo, cada uma com o seu token do número (token bucket);
3. **grava** numa transação curta, em conjunto: conversas (um upsert de várias linhas), mensagens (trava as ainda
   pendentes e um UPDATE com muitos parâmetros), eventos (um INSERT por tenant) e a conclusão dos jobs.

Só uma execução registra cada envio (só mensagens ainda `pending` são gravadas). Quem garante que o job não roda em
dobro é o prazo (lease) renovado pelo sinal de vida do worker; se o worker morrer entre o aceite do provedor e o
registro, o job volta e o provedor é chamado de novo com o MESMO id nosso (`OutboundMessage.message_id`): provedores
que aceitam um id do cliente (Baileys, sandbox) deduplicam o reenvio (veja docs/provedores.md sobre a Meta).
"""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.conversations.service import Touch, preview, upsert_conversations
from wacs.kit import metrics
from wacs.kit.cache import Bucket
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.media.service import MediaNotFound, load_media
from wacs.messages.payloads import message_payload
from wacs.messages.routing import CircuitBreaker, candidates, tenant_settings
from wacs.models import Job, Message, WhatsAppSession
from wacs.models.base import table_of
from wacs.providers import registry
from wacs.providers.base import (
    OutboundMessage,
    ProviderError,
    ProviderState,
    SessionInfo,
    Throughput,
    required_capabilities,
)
from wacs.realtime.events import emit_many
from wacs.worker.queue import Postpone, RetryLater

logger = logging.getLogger("wacs.dispatch")

# Espera máxima por um token do número dentro do próprio job (sem devolvê-lo à fila): esperas curtas são o caso
# normal com muitos envios em voo e um limite por número.
INLINE_TOKEN_WAIT_SECONDS = 1.0

Option = tuple[uuid.UUID, SessionInfo, dict[str, Any] | None, str]

_TABLE = table_of(Message)
_RECORDED = (
    "id",
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
    "updated_at",
)
# O registro de um envio: parâmetros por mensagem, SQL compilado uma vez (nomes `b_*`: não podem ser os das colunas).
_RECORD = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("b_id"), _TABLE.c.status == "pending")
    .values({name: bindparam(f"b_{name}") for name in _RECORDED if name != "id"})
)


@dataclass(frozen=True)
class Outcome:
    """Como o envio terminou (sent ou failed), para ser gravado junto com os outros do lote."""

    status: str
    attempts: int
    provider: str | None = None
    session_id: uuid.UUID | None = None
    from_number: str | None = None
    provider_message_id: str | None = None
    error: str | None = None
    error_code: str | None = None


Row = dict[str, Any]  # uma linha da tabela `messages` (o lote não usa o ORM: ler e gravar 64 linhas custa bem menos)


async def _outbound(ctx: AppContext, db: AsyncSession, message: Row) -> OutboundMessage:
    media_bytes = mime_type = filename = None
    media = (message["content"] or {}).get("media") or {}
    if media.get("mediaId"):
        stored, media_bytes = await load_media(ctx, db, message["tenant_id"], uuid.UUID(media["mediaId"]))
        mime_type, filename = stored.mime_type, stored.filename
    return OutboundMessage(
        message["id"],
        message["to_number"] or "",
        message["message_type"] or "text",
        message["content"] or {},
        media_bytes,
        media.get("mimeType") or mime_type,
        media.get("filename") or filename,
    )


async def send(ctx: AppContext, db: AsyncSession, jobs: list[Job]) -> dict[int, BaseException]:
    """Um lote de envios; devolve os jobs que não terminaram (tentar de novo, adiar) com o motivo."""
    failures: dict[int, BaseException] = {}
    wanted = {job.id: uuid.UUID(job.payload["messageId"]) for job in jobs}
    found = await db.execute(select(_TABLE).where(_TABLE.c.id.in_(wanted.values())))
    messages = {row["id"]: dict(row) for row in found.mappings()}
    options: dict[tuple[Any, ...], list[Option]] = {}
    ready: list[tuple[Job, Row, list[Option], OutboundMessage]] = []
    finished: list[tuple[Row, Outcome]] = []
    for job in jobs:
        message = messages.get(wanted[job.id])
        if message is None or message["status"] != "pending":
            continue
        settings = await tenant_settings(ctx, db, message["tenant_id"])
        key = (message["tenant_id"], message["session_id"], message["requested_provider"])
        if key not in options:
            rows = await candidates(db, *key, settings)
            options[key] = [(row.id, _info(row), row.session_data, row.phone_number) for row in rows]
        needed = required_capabilities(message["message_type"] or "text", message["content"])
        able = [option for option in options[key] if _can(option[1].provider_type, needed)]
        if not able:
            reason = "que saiba enviar esta mensagem" if options[key] else "para enviar esta mensagem"
            failures[job.id] = RetryLater(f"Nenhuma sessão conectada {reason}.")
            continue
        try:
            outbound = await _outbound(ctx, db, message)
        except MediaNotFound:
            outcome = Outcome(
                "failed", job.attempts, error="A mídia da mensagem não existe mais.", error_code="midia_nao_encontrada"
            )
            finished.append((message, outcome))
            continue
        ready.append((job, message, able, outbound))
    # Fim da leitura: a conexão volta ao pool antes das chamadas aos provedores.
    await db.commit()
    breaker = CircuitBreaker(ctx)
    # O estado do circuito de todas as sessões do lote numa só ida ao cache.
    states = await breaker.states(sorted({option[0] for choices in options.values() for option in choices}, key=str))
    results = await asyncio.gather(
        *(_attempt(ctx, breaker, states, job, choices, outbound) for job, _, choices, outbound in ready),
        return_exceptions=True,
    )
    for (job, message, _, _), result in zip(ready, results, strict=True):
        if isinstance(result, BaseException):
            if not isinstance(result, Exception):
                raise result  # cancelamento: o lote inteiro volta pelo prazo
            failures[job.id] = result
        else:
            finished.append((message, result))
    await record(ctx, db, finished)
    return failures


async def _attempt(
    ctx: AppContext,
    breaker: CircuitBreaker,
    states: dict[uuid.UUID, tuple[bool, bool]],
    job: Job,
    options: list[Option],
    outbound: OutboundMessage,
) -> Outcome:
    last_error = "Circuito aberto em todas as sessões disponíveis."
    for index, (row_id, info, session_data, phone_number) in enumerate(options):
        is_last = index == len(options) - 1
        is_open, failing = states.get(row_id, (False, False))
        if is_open and not is_last:
            continue
        provider = registry.build(ctx, info, session_data)
        await _take_token(ctx, provider.throughput(), row_id, outbound.to)
        try:
            result = await provider.send(outbound)
        except ProviderError as exc:
            metrics.SEND_ATTEMPTS.labels(info.provider_type, exc.kind).inc()
            if exc.kind == "credentials":
                # O problema é do número, não da mensagem: a sessão fica failed (com evento e motivo) e sai das
                # candidatas; a mensagem tenta a próxima sessão, ou termina failed se não houver outra.
                await _credentials_failed(ctx, info.tenant_id, row_id, exc)
                last_error = exc.message
                if not is_last:
                    continue
            if not exc.transient:
                return Outcome(
                    "failed",
                    job.attempts,
                    provider=info.provider_type,
                    session_id=row_id,
                    error=exc.message,
                    error_code=exc.code,
                )
            last_error = exc.message
            await breaker.failure(row_id)
            continue
        metrics.SEND_ATTEMPTS.labels(info.provider_type, "ok").inc()
        if failing:  # sem falhas recentes não há o que limpar (uma ida ao cache a menos por envio)
            await breaker.success(row_id)
            states[row_id] = (False, False)
        return Outcome(
            "sent",
            job.attempts,
            provider=info.provider_type,
            session_id=row_id,
            from_number=phone_number,
            provider_message_id=result.provider_message_id,
        )
    raise RetryLater(last_error)


async def record(ctx: AppContext, db: AsyncSession, finished: list[tuple[Row, Outcome]]) -> None:
    """Grava o fim dos envios do lote (só os que ainda estão pendentes) e publica os eventos, em conjunto."""
    if not finished:
        return
    now = datetime.now(UTC)
    touches = [
        Touch(
            message["tenant_id"],
            outcome.session_id,
            message["to_number"] or "",
            preview(message["message_type"] or "text", message["content"] or {}),
            "outbound",
            now,
        )
        for message, outcome in finished
        if outcome.status == "sent" and outcome.session_id is not None
    ]
    conversations, conversation_events = await upsert_conversations(db, touches)
    postgres = db.bind is not None and db.bind.dialect.name == "postgresql"
    ids = [message["id"] for message, _ in finished]
    if postgres:
        # Trava as ainda pendentes: uma execução concorrente do mesmo job espera e as encontra já gravadas.
        locked = select(_TABLE.c.id).where(_TABLE.c.id.in_(ids), _TABLE.c.status == "pending").with_for_update()
        pending = set((await db.execute(locked)).scalars())
    else:
        pending = set(ids)
    # Conversas e mensagens do lote num só INSERT de eventos por tenant (primeiro as conversas, como antes).
    events: dict[uuid.UUID, list[tuple[str, dict[str, Any]]]] = defaultdict(list, conversation_events)
    params: list[dict[str, Any]] = []
    for before, outcome in finished:
        if before["id"] not in pending:
            continue
        message = dict(before, status=outcome.status, attempts=outcome.attempts, updated_at=now)
        if outcome.session_id is not None:
            message.update(provider=outcome.provider, session_id=outcome.session_id)
        if outcome.status == "sent":
            assert outcome.session_id is not None  # enviada: sempre por uma sessão
            conversation_id = conversations.get((outcome.session_id, message["to_number"] or ""))
            message.update(
                message_id=outcome.provider_message_id,
                from_number=outcome.from_number,
                sent_at=now,
                error=None,
                conversation_id=conversation_id,
            )
        else:
            message.update(
                failed_at=now, error=(outcome.error or "Falha no envio.")[:500], error_code=outcome.error_code
            )
        values = {f"b_{name}": message[name] for name in _RECORDED}
        if not postgres:
            # SQLite: sem trava de linha, cada UPDATE condicional diz se foi esta execução que gravou.
            if not (await db.execute(_RECORD, values)).rowcount:  # type: ignore[attr-defined]
                continue
        else:
            params.append(values)
        # O envio termina uma vez só: é quando a mensagem aparece para o WebSocket e os webhooks (criada, como era
        # até aqui, depois o status), na primeira tentativa ou numa retentativa.
        changed = {
            "messageId": str(message["id"]),
            "providerMessageId": message["message_id"],
            "status": message["status"],
            "provider": message["provider"],
            "error": message["error"],
            "timestamp": now.isoformat(),
        }
        events[message["tenant_id"]] += [("message.created", message_payload(before)), ("message.status", changed)]
        metrics.MESSAGES.labels(message["provider"] or "-", "outbound", message["status"]).inc()
        if message["status"] == "sent":
            latency = (now - message["created_at"]).total_seconds()
            metrics.SEND_LATENCY.labels(message["provider"] or "-").observe(latency)
    if params:
        await db.execute(_RECORD, params)
    for tenant_id, tenant_events in events.items():
        await emit_many(ctx, db, tenant_id, tenant_events)


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


async def _credentials_failed(ctx: AppContext, tenant_id: uuid.UUID, session_id: uuid.UUID, exc: ProviderError) -> None:
    from wacs.sessions.service import SessionService

    async with ctx.sessionmaker() as db:
        service = SessionService(ctx, db, tenant_id)
        row = await service.sessions.get(session_id)
        if row is None or row.status == "failed":
            return
        detail = f"As credenciais do provedor foram recusadas: {exc.message} Atualize a configuração da sessão."
        await service.set_state(row, ProviderState("failed", detail=detail[:500]))
        await commit(db)
    logger.warning("sessão marcada como falha por credenciais", extra={"session_id": str(session_id)})


def _can(provider_type: str, needed: frozenset[str]) -> bool:
    cls = registry.get(provider_type)
    return cls is not None and needed <= cls.capabilities


def _info(row: WhatsAppSession) -> SessionInfo:
    from wacs.sessions.service import info_of

    return info_of(row)


async def send_exhausted(ctx: AppContext, db: AsyncSession, job: Job, error: str) -> None:
    found = await db.execute(select(_TABLE).where(_TABLE.c.id == uuid.UUID(job.payload["messageId"])))
    message = found.mappings().one_or_none()
    if message is None or message["status"] != "pending":
        return
    outcome = Outcome(
        "failed",
        job.attempts,
        error=f"Não foi possível enviar depois de {job.attempts} tentativas: {error}",
        error_code="tentativas_esgotadas",
    )
    await record(ctx, db, [(dict(message), outcome)])
