"""Jobs de envio, em lote: escolhe a sessão, respeita os limites do número, chama o provedor e registra o resultado.

Nenhuma transação, trava de linha ou conexão do banco fica aberta durante a chamada ao provedor (100–800 ms num
provedor real). O worker entrega vários jobs de envio de uma vez e o lote segue três passos:

1. **lê** numa transação curta: as mensagens (um SELECT), as sessões candidatas (uma consulta por combinação
   tenant/sessão/provedor do lote) e a mídia; confirma e devolve a conexão ao pool;
2. **chama** o provedor de cada mensagem em paralelo, cada uma com o seu token do número (token bucket);
3. **grava** numa transação curta, em conjunto: conversas (um upsert de várias linhas), mensagens (trava as ainda
   pendentes e um UPDATE com muitos parâmetros), eventos (um INSERT por tenant) e a conclusão dos jobs.

Antes de chamar o provedor, cada sessão candidata passa por três portas, nesta ordem (nenhuma custa uma ida ao banco
por mensagem: o que elas consultam é lido uma vez por lote):

- **janela de 24 h** (provedores com `service_window`, a Meta): fora da janela de atendimento — nenhuma mensagem do
  contato nas últimas 24 h, por `conversations.last_inbound_at` — só templates saem; a sessão é pulada (outra
  candidata, como um número Baileys ou o sandbox, ainda pode enviar) e, se nenhuma puder, a mensagem termina
  `failed` com `fora_da_janela_24h`;
- **pausa do número**: um erro do provedor com `scope="number"` (o 130429 da Meta) pausa todos os envios da sessão
  por `retry_after` segundos, no cache (vale para todas as réplicas); as mensagens dela são adiadas sem contar
  tentativa (ou vão por outra sessão, com fallback) e a que recebeu o erro tenta de novo depois da pausa;
- **circuit breaker** da sessão e o token do número (token bucket), como antes.

Só uma execução registra cada envio (só mensagens ainda `pending` são gravadas). Quem garante que o job não roda em
dobro é o prazo (lease) renovado pelo sinal de vida do worker; se o worker morrer entre o aceite do provedor e o
registro, o job volta e o provedor é chamado de novo com o MESMO id nosso (`OutboundMessage.message_id`): provedores
que aceitam um id do cliente (Baileys, sandbox) deduplicam o reenvio (veja docs/provedores.md sobre a Meta).
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.conversations.service import Touch, preview, upsert_conversations
from wacs.kit import metrics, telemetry
from wacs.kit.cache import Bucket
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.kit.phone import PhoneError, brazilian_variants
from wacs.media.service import MediaNotFound, load_media
from wacs.messages.bulk import bulk_touched
from wacs.messages.payloads import message_payload
from wacs.messages.routing import CircuitBreaker, candidates, tenant_settings
from wacs.models import Conversation, Job, Message, WhatsAppSession
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

# Janela de atendimento da Meta: depois da última mensagem do contato, 24 h em que qualquer tipo sai; fora dela, só
# templates. Vale para todo tipo enviado pela fila, inclusive reações (uma reação também é uma mensagem para a Meta);
# a confirmação de leitura (`mark_read`) não é mensagem e não passa por aqui.
SERVICE_WINDOW = timedelta(hours=24)
OUTSIDE_WINDOW_CODE = "fora_da_janela_24h"
OUTSIDE_WINDOW_REASON = (
    "A conversa está fora da janela de 24 horas do WhatsApp: só templates aprovados podem ser enviados. "
    "Use type: template."
)
# Pausa do número inteiro quando o provedor não diz quanto esperar, e o teto do que um provedor pode pedir.
DEFAULT_NUMBER_PAUSE_SECONDS = 5.0
MAX_WAIT_SECONDS = 3600.0
PAUSE_JITTER_SECONDS = 0.25


def number_pause_key(session_id: uuid.UUID) -> str:
    return f"number-pause:{session_id}"


def needs_window(kind: str) -> bool:
    """Tipos que só saem dentro da janela de 24 h num provedor com `service_window`: todos menos template."""
    return kind != "template"


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
    windows = await _open_windows(db, [(choices, outbound) for _, _, choices, outbound in ready])
    # Fim da leitura: a conexão volta ao pool antes das chamadas aos provedores.
    await db.commit()
    breaker = CircuitBreaker(ctx)
    # O estado do circuito e as pausas de todas as sessões do lote, uma ida ao cache para cada.
    session_ids = sorted({option[0] for choices in options.values() for option in choices}, key=str)
    states = await breaker.states(session_ids)
    gates = Gates(states, await _pauses(ctx, session_ids), windows)
    results = await asyncio.gather(
        *(_traced_attempt(ctx, breaker, gates, job, choices, outbound) for job, _, choices, outbound in ready),
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


@dataclass
class Gates:
    """O que o lote leu uma vez e todas as tentativas dividem: circuito e pausa de cada sessão (a pausa é atualizada
    aqui também quando uma tentativa do lote a provoca) e as conversas com a janela de 24 h aberta."""

    states: dict[uuid.UUID, tuple[bool, bool]]
    paused: dict[uuid.UUID, float]  # sessão → até quando (time.time())
    windows: set[tuple[uuid.UUID, str]]  # (sessão, destinatário) com mensagem do contato nas últimas 24 h

    def pause_left(self, session_id: uuid.UUID) -> float:
        until = self.paused.get(session_id)
        return until - time.time() if until is not None else 0.0

    def outside_window(self, option: Option, outbound: OutboundMessage) -> bool:
        cls = registry.get(option[1].provider_type)
        return (
            cls is not None
            and cls.service_window
            and needs_window(outbound.type)
            and (option[0], outbound.to) not in self.windows
        )


async def _traced_attempt(
    ctx: AppContext,
    breaker: CircuitBreaker,
    gates: Gates,
    job: Job,
    options: list[Option],
    outbound: OutboundMessage,
) -> Outcome:
    # Cada envio do lote no trace da requisição que o aceitou (o lote em si é um span com links para elas).
    with telemetry.job_span(job, quiet=(Postpone,)):
        return await _attempt(ctx, breaker, gates, job, options, outbound)


async def _attempt(
    ctx: AppContext,
    breaker: CircuitBreaker,
    gates: Gates,
    job: Job,
    options: list[Option],
    outbound: OutboundMessage,
) -> Outcome:
    """Tenta as sessões candidatas na ordem. Termina `sent`, `failed` (erro permanente ou fora da janela de 24 h em
    todas), ou volta à fila: RetryLater (falha transitória, conta tentativa; espera o `retry_after` do provedor quando
    há) ou Postpone (só números pausados: não conta tentativa)."""
    outside_window: Option | None = None
    pause_wait: float | None = None
    usable: list[Option] = []
    for option in options:
        if gates.outside_window(option, outbound):
            outside_window = outside_window or option
        elif (left := gates.pause_left(option[0])) > 0:
            pause_wait = left if pause_wait is None else min(pause_wait, left)
        else:
            usable.append(option)
    last_error = "Circuito aberto em todas as sessões disponíveis."
    retry = False
    retry_after: float | None = None
    for index, (row_id, info, session_data, phone_number) in enumerate(usable):
        is_last = index == len(usable) - 1
        is_open, failing = gates.states.get(row_id, (False, False))
        if is_open and not is_last:
            retry = True
            continue
        provider = registry.build(ctx, info, session_data)
        await _take_token(ctx, provider.throughput(), row_id, outbound.to)
        if (left := gates.pause_left(row_id)) > 0:
            # Outra mensagem do lote pausou este número enquanto esperávamos a vez.
            pause_wait = left if pause_wait is None else min(pause_wait, left)
            continue
        try:
            attributes = {"wacs.session_id": row_id, "wacs.message_type": outbound.type}
            with telemetry.span(f"provider send {info.provider_type}", attributes):
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
            retry = True
            wait = exc.retry_after
            if exc.scope == "number":
                # Limite do número inteiro: nada mais sai por ele até passar a espera (em todas as réplicas). Não é
                # falha da sessão: o circuito não conta.
                wait = await _pause_number(ctx, gates, row_id, wait or DEFAULT_NUMBER_PAUSE_SECONDS)
            else:
                await breaker.failure(row_id)
            if wait is not None:
                retry_after = min(MAX_WAIT_SECONDS, max(retry_after or 0.0, wait))
            continue
        metrics.SEND_ATTEMPTS.labels(info.provider_type, "ok").inc()
        if failing:  # sem falhas recentes não há o que limpar (uma ida ao cache a menos por envio)
            await breaker.success(row_id)
            gates.states[row_id] = (False, False)
        return Outcome(
            "sent",
            job.attempts,
            provider=info.provider_type,
            session_id=row_id,
            from_number=phone_number,
            provider_message_id=result.provider_message_id,
        )
    if retry:
        raise RetryLater(last_error, retry_after)
    if pause_wait is not None:
        # Só números pausados poderiam enviar: espera a pausa sem contar tentativa (a mensagem não falhou).
        raise Postpone(pause_wait + random.uniform(0, PAUSE_JITTER_SECONDS))  # noqa: S311
    if outside_window is not None:
        return Outcome(
            "failed",
            job.attempts,
            provider=outside_window[1].provider_type,
            session_id=outside_window[0],
            error=OUTSIDE_WINDOW_REASON,
            error_code=OUTSIDE_WINDOW_CODE,
        )
    raise RetryLater(last_error)


async def _pause_number(ctx: AppContext, gates: Gates, session_id: uuid.UUID, seconds: float) -> float:
    """Pausa os envios da sessão por `seconds` (no cache, para todas as réplicas, e no lote em andamento)."""
    seconds = min(MAX_WAIT_SECONDS, max(0.0, seconds))
    until = time.time() + seconds
    gates.paused[session_id] = max(until, gates.paused.get(session_id, 0.0))
    await ctx.cache.set(number_pause_key(session_id), repr(until).encode(), math.ceil(seconds) + 1)
    logger.warning("número pausado pelo provedor", extra={"session_id": str(session_id), "seconds": round(seconds, 3)})
    return seconds


async def _pauses(ctx: AppContext, session_ids: list[uuid.UUID]) -> dict[uuid.UUID, float]:
    """As pausas em vigor das sessões do lote, numa só ida ao cache."""
    if not session_ids:
        return {}
    values = await ctx.cache.get_many(*(number_pause_key(sid) for sid in session_ids))
    paused: dict[uuid.UUID, float] = {}
    now = time.time()
    for sid, raw in zip(session_ids, values, strict=True):
        try:
            until = float(raw) if raw is not None else 0.0
        except ValueError:
            continue
        if until > now:
            paused[sid] = until
    return paused


def _windowed(provider_type: str) -> bool:
    cls = registry.get(provider_type)
    return cls is not None and cls.service_window


def _variants(to: str) -> list[str]:
    try:
        return brazilian_variants(to)
    except PhoneError:
        return [to]


async def _open_windows(
    db: AsyncSession, items: list[tuple[list[Option], OutboundMessage]]
) -> set[tuple[uuid.UUID, str]]:
    """(sessão, destinatário) com a janela de 24 h aberta, só para as sessões candidatas de provedores com janela:
    uma consulta para o lote inteiro (nenhuma se não há provedor com janela entre as candidatas). O contato pode estar
    gravado com ou sem o nono dígito (o WhatsApp entrega celulares brasileiros das duas formas)."""
    sessions: set[uuid.UUID] = set()
    contacts: dict[str, set[str]] = defaultdict(set)  # número gravado → destinatários do lote
    for choices, outbound in items:
        windowed = [option[0] for option in choices if _windowed(option[1].provider_type)]
        if not windowed or not needs_window(outbound.type):
            continue
        sessions.update(windowed)
        for variant in _variants(outbound.to):
            contacts[variant].add(outbound.to)
    if not sessions:
        return set()
    since = datetime.now(UTC) - SERVICE_WINDOW
    rows = await db.execute(
        select(Conversation.session_id, Conversation.contact_number).where(
            Conversation.session_id.in_(sessions),
            Conversation.contact_number.in_(contacts),
            Conversation.last_inbound_at > since,
        )
    )
    return {(session_id, to) for session_id, number in rows.all() for to in contacts[number]}


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
    sent: list[Sent] = []
    bulks: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for before, outcome in finished:
        if before["id"] not in pending:
            continue
        if before.get("bulk_id") is not None:
            bulks.add((before["tenant_id"], before["bulk_id"]))
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
        if message["status"] == "sent" and message["conversation_id"] is not None:
            sent.append(
                Sent(
                    message["tenant_id"],
                    message["conversation_id"],
                    message["id"],
                    message.get("created_by"),
                    message.get("agent_id"),
                    bool(message.get("enable_ai")),
                )
            )
        metrics.MESSAGES.labels(message["provider"] or "-", "outbound", message["status"]).inc()
        if message["status"] == "sent":
            latency = (now - message["created_at"]).total_seconds()
            metrics.SEND_LATENCY.labels(message["provider"] or "-").observe(latency)
    if params:
        await db.execute(_RECORD, params)
    for tenant_id, tenant_events in events.items():
        await emit_many(ctx, db, tenant_id, tenant_events)
    await bulk_touched(ctx, db, bulks)
    if SENT_HOOKS and sent:
        for hook in SENT_HOOKS:
            await hook(ctx, db, sent)


TOKEN_LOCKS = "dispatch.token_locks"


@dataclass(frozen=True)
class Sent:
    """Uma mensagem que acabou de sair por um número (para os agentes de IA: quem escreveu, em qual conversa)."""

    tenant_id: uuid.UUID
    conversation_id: uuid.UUID
    message_id: uuid.UUID
    created_by: str | None
    agent_id: uuid.UUID | None
    enable_ai: bool


# Ganchos chamados com as mensagens enviadas de cada lote, na transação que grava o envio (instalados por
# `wacs.assembly.install_hooks`).
SentHook = Callable[[AppContext, AsyncSession, list[Sent]], Awaitable[None]]
SENT_HOOKS: list[SentHook] = []


async def _take_token(ctx: AppContext, limits: Throughput, session_id: uuid.UUID, to: str) -> None:
    """Um token do número (e do destinatário, se houver intervalo mínimo): espera curta aqui mesmo; longa, devolve o
    job à fila (Postpone) sem contar tentativa."""
    buckets: list[Bucket] = [(f"rate:{session_id}", limits.messages_per_second, limits.burst)]
    if limits.recipient_interval_seconds > 0:
        buckets.append((f"pace:{session_id}:{to}", 1 / limits.recipient_interval_seconds, 1))
    # Um envio por vez por número neste processo pede ficha: sem isso, todos os que esperam acordam juntos a cada
    # ficha nova, um ganha e os outros voltam ao Redis (uma ida ao cache por envio em espera, a cada ficha).
    locks: dict[uuid.UUID, asyncio.Lock] = ctx.extensions.setdefault(TOKEN_LOCKS, {})
    async with locks.setdefault(session_id, asyncio.Lock()):
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
