"""Caminho único de entrada (Meta, Baileys, sandbox), no contrato tipado de `providers/contract.py`.

1. `ingest` grava os eventos brutos de um callback já verificado, idempotente por (sessão, id externo), e enfileira
   um job de processamento por tenant — é tudo o que a resposta ao provedor espera;
2. `process` (job) aplica um lote: recibos em conjunto (um UPDATE condicional por status, o status só avança);
   mensagens novas → conversa + mensagem + eventos (+ job de download da mídia); estado da sessão → sessão + evento.

A ordem numa conversa é a de chegada: a mensagem guarda a hora em que o evento chegou (não a do processamento) e a
prévia da conversa só avança para uma mensagem mais nova, então lotes processados em paralelo não trocam a ordem.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from pydantic import TypeAdapter
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from wacs.conversations.service import Touch, preview, upsert_conversations
from wacs.kit import metrics
from wacs.kit.context import AppContext
from wacs.kit.db import complete_row, dialect_statement, execute_rows, fetch_once
from wacs.kit.errors import AppError
from wacs.kit.telemetry import job_context
from wacs.kit.text import printable, sanitized
from wacs.messages.bulk import bulk_touched
from wacs.messages.payloads import message_payload, quoted_text
from wacs.messages.status import predecessors
from wacs.models import InboundEvent, Job, Message, WhatsAppSession
from wacs.models.base import table_of
from wacs.providers import registry
from wacs.providers.base import ProviderError, ProviderState
from wacs.providers.contract import MEDIA_TYPES, InboundMessage, ProviderEvent, SessionUpdate, StatusUpdate
from wacs.realtime.events import emit, emit_many
from wacs.worker.queue import NewJob, RetryLater, enqueue_many, wake_workers

logger = logging.getLogger("wacs.inbound")

PROCESS_JOB = "inbound.process"
MEDIA_JOB = "inbound.media"
# Por quanto tempo um recibo de mensagem desconhecida é tentado de novo antes de ser descartado.
RECEIPT_WAIT_SECONDS = 300
RECEIPT_RETRY_SECONDS = 1.0
# Ordem em que os recibos de um lote são aplicados: "lido" depois de "entregue", nunca o contrário.
_STATUS_ORDER = ("sent", "delivered", "read", "played", "failed")

_EVENT = TypeAdapter(ProviderEvent)
_MESSAGES = table_of(Message)


@dataclass(frozen=True)
class Received:
    """Uma mensagem do contato recém-gravada, para quem reage a ela na mesma transação (os agentes de IA)."""

    tenant_id: uuid.UUID
    session_id: uuid.UUID
    conversation_id: uuid.UUID | None
    message_id: uuid.UUID
    contact: str
    type: str
    text: str | None
    chat: str | None
    at: datetime


# Ganchos chamados com as mensagens novas de cada lote, na transação que as grava (instalados por
# `wacs.assembly.install_hooks`: esta camada não conhece quem reage).
ReceivedHook = Callable[[AppContext, AsyncSession, list[Received]], Awaitable[None]]
RECEIVED_HOOKS: list[ReceivedHook] = []


@dataclass(frozen=True)
class Ingested:
    accepted: int
    duplicates: int
    ignored: int


async def ingest(
    ctx: AppContext,
    db: AsyncSession,
    events: Sequence[InboundMessage | StatusUpdate | SessionUpdate],
    provider_types: frozenset[str] | None = None,
) -> Ingested:
    """Grava os eventos (já verificados) e agenda o processamento.

    O tenant sai da sessão a que o evento se refere — nunca do que o chamador diz. Evento de sessão desconhecida (ou
    de um provedor que não usa esta rota) é contado como ignorado e não tem efeito; repetido é contado como duplicata.
    """
    if not events:
        return Ingested(0, 0, 0)
    arrived = datetime.now(UTC)
    # Texto do provedor com NUL ou surrogate solto é limpo: melhor guardar sem o caractere que perder. A ordem de
    # chegada (também dentro do lote) é a ordem das mensagens na conversa.
    incoming = [
        (
            uuid.uuid4(),
            event.session_id,
            printable(event.external_id())[:255],
            event.kind,
            sanitized(event.model_dump(mode="json", by_alias=True, exclude_none=True)),
            arrived + timedelta(microseconds=index),
        )
        for index, event in enumerate(events)
    ]
    types = sorted(provider_types if provider_types is not None else registry.available_types())
    if db.bind is not None and db.bind.dialect.name == "postgresql":
        return await _ingest_postgres(ctx, db, incoming, types, arrived)
    found = await db.execute(
        select(WhatsAppSession.id, WhatsAppSession.tenant_id, WhatsAppSession.provider_type).where(
            WhatsAppSession.id.in_({session_id for _, session_id, *_ in incoming}),
            WhatsAppSession.provider_type.in_(types),
        )
    )
    known = {row_id: (tenant_id, provider) for row_id, tenant_id, provider in found.all()}
    rows = [
        {
            "id": event_id,
            "tenant_id": known[session_id][0],
            "session_id": session_id,
            "provider": known[session_id][1],
            "external_id": external_id,
            "kind": kind,
            "payload": payload,
            "created_at": created_at,
        }
        for event_id, session_id, external_id, kind, payload, created_at in incoming
        if session_id in known
    ]
    ignored = len(events) - len(rows)
    if not rows:
        return Ingested(0, 0, ignored)
    events_insert = dialect_statement(db, "inbound.events", _events_insert)
    inserted = set((await execute_rows(db, events_insert, rows)).scalars())
    by_tenant: dict[uuid.UUID, list[str]] = defaultdict(list)
    for row in rows:
        if row["id"] in inserted:
            by_tenant[row["tenant_id"]].append(str(row["id"]))
    await enqueue_many(
        ctx, db, [NewJob(PROCESS_JOB, {"eventIds": ids}, tenant_id=tenant) for tenant, ids in by_tenant.items()]
    )
    return Ingested(len(inserted), len(rows) - len(inserted), ignored)


def _messages_insert(insert: Any) -> Any:
    return (
        insert(_MESSAGES).on_conflict_do_nothing(index_elements=["session_id", "message_id"]).returning(_MESSAGES.c.id)
    )


def _events_insert(insert: Any) -> Any:
    table = table_of(InboundEvent)
    return insert(table).on_conflict_do_nothing(index_elements=["session_id", "external_id"]).returning(table.c.id)


# PostgreSQL: o callback inteiro num só comando — os eventos entram com o tenant e o provedor da sessão (JOIN: sessão
# desconhecida não entra), repetidos são pulados pela chave única e o job de processamento de cada tenant sai no
# mesmo comando. É o que deixa a ingestão de recibos (~3 por mensagem enviada) perto de "verificar e um INSERT".
# Parâmetros no formato do asyncpg ($n): fora de transação o comando vai direto, numa ida ao banco (sem BEGIN nem
# COMMIT); dentro de uma (o sandbox, no job que simula o provedor), vai pela conexão da transação.
_INGEST_SQL = """
WITH incoming AS (
    SELECT * FROM unnest(
        $1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]
    ) AS t(id, session_id, external_id, kind, payload, created_at)
), known AS (
    SELECT i.*, s.tenant_id, s.provider_type
    FROM incoming i JOIN whatsapp_sessions s ON s.id = i.session_id
    WHERE s.provider_type = ANY($7::text[])
), events AS (
    INSERT INTO inbound_events (id, tenant_id, session_id, provider, external_id, kind, payload, created_at)
    SELECT id, tenant_id, session_id, provider_type, external_id, kind, CAST(payload AS jsonb), created_at
    FROM known ORDER BY created_at
    ON CONFLICT (session_id, external_id) DO NOTHING
    RETURNING id, tenant_id, created_at
), queued AS (
    INSERT INTO jobs (kind, tenant_id, payload, status, attempts, max_attempts, run_at, created_at, updated_at,
                      trace_context)
    SELECT $8::text, tenant_id, jsonb_build_object('eventIds', jsonb_agg(CAST(id AS text) ORDER BY created_at)),
           'queued', 0, $9::int, $10::timestamptz, $10::timestamptz, $10::timestamptz, CAST($11::text AS jsonb)
    FROM events GROUP BY tenant_id
    RETURNING id
)
SELECT (SELECT count(*) FROM events) AS accepted, (SELECT count(*) FROM known) AS known,
       (SELECT count(*) FROM queued) AS jobs
"""


async def _ingest_postgres(
    ctx: AppContext, db: AsyncSession, incoming: list[tuple[Any, ...]], types: list[str], now: datetime
) -> Ingested:
    params = (
        [item[0] for item in incoming],
        [item[1] for item in incoming],
        [item[2] for item in incoming],
        [item[3] for item in incoming],
        [orjson.dumps(item[4]).decode() for item in incoming],
        [item[5] for item in incoming],
        types,
        PROCESS_JOB,
        ctx.settings.job_max_attempts,
        now,
        # O trace e a requisição do callback seguem com o job (como em `enqueue_many`).
        orjson.dumps(origin).decode() if (origin := job_context()) else None,
    )
    if db.in_transaction():
        connection = await db.connection()
        accepted, known, jobs = tuple((await connection.exec_driver_sql(_INGEST_SQL, params)).one())
    else:
        assert isinstance(db.bind, AsyncEngine)
        accepted, known, jobs = await fetch_once(db.bind, _INGEST_SQL, *params)
    if jobs:
        await wake_workers(ctx, db)
    return Ingested(int(accepted), int(known) - int(accepted), len(incoming) - int(known))


def event_ids(job: Job) -> list[uuid.UUID]:
    raw = job.payload.get("eventIds") or [job.payload["eventId"]]
    return [uuid.UUID(value) for value in raw]


async def process(ctx: AppContext, db: AsyncSession, jobs: list[Job]) -> dict[int, BaseException]:
    """Processa os eventos de vários jobs de uma vez (lote do worker), em ordem de chegada."""
    ids = [event_id for job in jobs for event_id in event_ids(job)]
    statement = (
        select(InboundEvent)
        .where(InboundEvent.id.in_(ids), InboundEvent.processed_at.is_(None))
        .order_by(InboundEvent.created_at, InboundEvent.id)
    )
    if db.bind is not None and db.bind.dialect.name == "postgresql":
        statement = statement.with_for_update()
    pending = list((await db.execute(statement)).scalars())
    if not pending:
        return {}
    statuses: list[tuple[InboundEvent, StatusUpdate]] = []
    messages: list[tuple[InboundEvent, InboundMessage]] = []
    done: list[InboundEvent] = []
    for event in pending:
        parsed = _EVENT.validate_python(event.payload)  # contrato inválido: falha o job (e termina com o motivo)
        if isinstance(parsed, StatusUpdate):
            statuses.append((event, parsed))
            continue
        if isinstance(parsed, InboundMessage):
            messages.append((event, parsed))
        else:
            await _apply_session(ctx, db, event, parsed)
        done.append(event)
    await _store_messages(ctx, db, messages)
    waiting = await apply_statuses(ctx, db, statuses)
    now = datetime.now(UTC)
    retry: dict[uuid.UUID, list[str]] = defaultdict(list)
    for event, _ in statuses:
        if event.id not in waiting:
            done.append(event)
        elif (now - event.created_at).total_seconds() < RECEIPT_WAIT_SECONDS:
            # Um provedor rápido pode avisar "entregue" antes de o envio ter sido registrado aqui: espera um pouco.
            retry[event.tenant_id].append(str(event.id))
        else:
            event.processed_at = now
            event.error = "Recibo de uma mensagem que não foi encontrada nesta sessão."
            logger.info("recibo de mensagem desconhecida descartado", extra={"event_id": str(event.id)})
    if done:
        await db.execute(
            update(InboundEvent)
            .where(InboundEvent.id.in_([event.id for event in done]))
            .values(processed_at=now)
            .execution_options(synchronize_session=False)
        )
    later = now + timedelta(seconds=RECEIPT_RETRY_SECONDS)
    await enqueue_many(
        ctx,
        db,
        [NewJob(PROCESS_JOB, {"eventIds": ids}, tenant_id=tenant, run_at=later) for tenant, ids in retry.items()],
    )
    return {}


# A mensagem citada numa resposta, achada pelo id do provedor na mesma sessão: (nosso id, direção, conteúdo).
Quoted = tuple[uuid.UUID, str, dict[str, Any] | None]


def _content(message: InboundMessage, quoted: Quoted | None = None) -> dict[str, Any]:
    content: dict[str, Any] = {}
    if message.text is not None:
        content["text"] = message.text
    if message.location is not None:
        content["location"] = message.location.model_dump(mode="json", exclude_none=True)
    if message.contacts:
        content["contacts"] = [contact.model_dump(mode="json") for contact in message.contacts]
    if message.reaction is not None:
        content["reaction"] = message.reaction.model_dump(mode="json", by_alias=True)
    if message.selection is not None:
        content["selection"] = message.selection.model_dump(mode="json", exclude_none=True)
    if message.error:
        content["error"] = message.error
    if message.reply_to:
        # O mesmo formato das respostas enviadas; a citada pode não estar aqui (anterior à conexão do número).
        content["replyTo"] = {
            "messageId": str(quoted[0]) if quoted else None,
            "providerMessageId": message.reply_to,
            "fromMe": quoted[1] == "outbound" if quoted else None,
            "text": quoted_text(quoted[2]) if quoted else None,
        }
    if message.media is not None:
        media = message.media
        described = {"caption": media.caption, "filename": media.filename, "mimeType": media.mime_type}
        content["media"] = {key: value for key, value in described.items() if value} | {"status": "downloading"}
        if media.voice:
            content["media"]["voice"] = True
    return content


async def _store_messages(ctx: AppContext, db: AsyncSession, items: list[tuple[InboundEvent, InboundMessage]]) -> None:
    """As mensagens novas do lote, em conjunto: uma consulta de duplicatas, um upsert das conversas, um INSERT das
    mensagens e os eventos num INSERT por tenant."""
    if not items:
        return
    sessions = {event.session_id for event, _ in items}
    new_ids = {inbound.message_id for _, inbound in items}
    cited = {inbound.reply_to for _, inbound in items if inbound.reply_to}
    # Uma consulta para as duplicatas do lote e para as mensagens que as respostas citam.
    seen = await db.execute(
        select(Message.session_id, Message.message_id, Message.id, Message.direction, Message.content).where(
            Message.session_id.in_(sessions), Message.message_id.in_(new_ids | cited)
        )
    )
    known: set[tuple[uuid.UUID | None, str | None]] = set()
    quoted: dict[tuple[uuid.UUID | None, str | None], Quoted] = {}
    for session_id, provider_id, row_id, direction, stored in seen.all():
        if provider_id in new_ids:
            known.add((session_id, provider_id))
        if provider_id in cited:
            quoted[(session_id, provider_id)] = (row_id, direction, stored)
    found = await db.execute(
        select(WhatsAppSession.id, WhatsAppSession.phone_number).where(WhatsAppSession.id.in_(sessions))
    )
    phones: dict[uuid.UUID, str] = {row_id: phone for row_id, phone in found.all()}
    # Sessão apagada depois do evento chegar, ou mensagem que já existe: nada a fazer.
    fresh = [
        (event, inbound, _content(inbound, quoted.get((event.session_id, inbound.reply_to))))
        for event, inbound in items
        if event.session_id in phones and (event.session_id, inbound.message_id) not in known
    ]
    if not fresh:
        return
    conversations, conversation_events = await upsert_conversations(
        db,
        [
            Touch(
                event.tenant_id,
                event.session_id,
                inbound.from_number[:20],
                preview(inbound.type, content),
                "inbound",
                event.created_at,
                inbound.push_name,
            )
            for event, inbound, content in fresh
            if event.session_id is not None
        ],
    )
    rows: list[dict[str, Any]] = []
    for event, inbound, content in fresh:
        assert event.session_id is not None
        contact = inbound.from_number[:20]
        rows.append(
            complete_row(
                _MESSAGES,
                {
                    "id": uuid.uuid4(),
                    "tenant_id": event.tenant_id,
                    "session_id": event.session_id,
                    "message_id": inbound.message_id,
                    "from_number": contact,
                    "to_number": phones[event.session_id],
                    "message_type": inbound.type,
                    "content": content,
                    "status": "received",
                    "direction": "inbound",
                    "conversation_id": conversations.get((event.session_id, contact)),
                    "provider": event.provider,
                    "created_at": event.created_at,
                    "updated_at": event.created_at,
                },
            )
        )
    messages_insert = dialect_statement(db, "inbound.messages", _messages_insert)
    inserted = set((await execute_rows(db, messages_insert, rows)).scalars())
    # Conversas e mensagens do lote num só INSERT de eventos por tenant (primeiro as conversas, como antes).
    events: dict[uuid.UUID, list[tuple[str, dict[str, Any]]]] = defaultdict(list, conversation_events)
    media_jobs: list[NewJob] = []
    received: list[Received] = []
    now = datetime.now(UTC)
    for (event, inbound, _), row in zip(fresh, rows, strict=True):
        if row["id"] not in inserted:
            continue
        events[event.tenant_id].append(("message.created", message_payload(row)))
        received.append(
            Received(
                event.tenant_id,
                row["session_id"],
                row["conversation_id"],
                row["id"],
                row["from_number"],
                inbound.type,
                inbound.text if inbound.type == "text" else (inbound.media.caption if inbound.media else None),
                inbound.chat,
                event.created_at,
            )
        )
        if inbound.media is not None and inbound.type in MEDIA_TYPES:
            media = inbound.media
            payload = {"messageId": str(row["id"]), "ref": media.ref, "mimeType": media.mime_type}
            media_jobs.append(NewJob(MEDIA_JOB, payload | {"filename": media.filename}, tenant_id=event.tenant_id))
        metrics.INBOUND_LATENCY.labels(event.provider).observe((now - event.created_at).total_seconds())
        metrics.MESSAGES.labels(event.provider, "inbound", "received").inc()
    for tenant_id, tenant_events in events.items():
        await emit_many(ctx, db, tenant_id, tenant_events)
    await enqueue_many(ctx, db, media_jobs)
    for hook in RECEIVED_HOOKS:
        await hook(ctx, db, received)


async def _apply_session(ctx: AppContext, db: AsyncSession, event: InboundEvent, change: SessionUpdate) -> None:
    from wacs.sessions.service import SessionService

    row = await db.get(WhatsAppSession, event.session_id)
    if row is None or row.tenant_id != event.tenant_id:
        return
    if row.status_changed_at is not None and event.created_at < row.status_changed_at:
        return  # um aviso mais antigo que o estado gravado (lotes em paralelo) não volta o estado atrás
    state = ProviderState(
        change.state,
        qr_code=change.qr,
        detail=change.detail,
        pairing_code=change.pairing_code,
        account_number=change.phone_number,
        profile_name=change.profile_name,
    )
    await SessionService(ctx, db, row.tenant_id).set_state(row, state, at=event.created_at)


async def apply_statuses(
    ctx: AppContext, db: AsyncSession, items: list[tuple[InboundEvent, StatusUpdate]]
) -> set[uuid.UUID]:
    """Aplica os recibos em conjunto; devolve os ids dos eventos cuja mensagem (ainda) não existe."""
    if not items:
        return set()
    sessions = {event.session_id for event, _ in items}
    provider_ids = {receipt.message_id for _, receipt in items}
    rows = await db.execute(
        select(Message.id, Message.session_id, Message.message_id).where(
            Message.session_id.in_(sessions), Message.message_id.in_(provider_ids)
        )
    )
    ours = {(session_id, provider_id): message_id for message_id, session_id, provider_id in rows.all()}
    waiting: set[uuid.UUID] = set()
    wanted: dict[str, dict[uuid.UUID, StatusUpdate]] = defaultdict(dict)
    for event, receipt in items:
        message_id = ours.get((event.session_id, receipt.message_id))
        if message_id is None:
            waiting.add(event.id)
        else:
            wanted[receipt.status][message_id] = receipt
    now = datetime.now(UTC)
    events: dict[uuid.UUID, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    bulks: set[tuple[uuid.UUID, uuid.UUID]] = set()
    for status in _STATUS_ORDER:
        targets = wanted.get(status)
        if not targets:
            continue
        changes: dict[str, Any] = {"status": status, "updated_at": now}
        if status == "delivered":
            changes["delivered_at"] = func.coalesce(Message.delivered_at, now)
        elif status in {"read", "played"}:
            changes["read_at"] = now
            changes["delivered_at"] = func.coalesce(Message.delivered_at, now)
        groups: list[tuple[list[uuid.UUID], dict[str, Any]]]
        if status == "failed":
            # O motivo é de cada mensagem: um UPDATE por falha (raras).
            groups = [
                (
                    [message_id],
                    changes
                    | {
                        "failed_at": now,
                        "error": (receipt.error or "Falha informada pelo provedor.")[:500],
                        "error_code": receipt.error_code,
                    },
                )
                for message_id, receipt in targets.items()
            ]
        else:
            groups = [(list(targets), changes)]
        for ids, values in groups:
            # UPDATE condicional: mesmo sem trava de linha (SQLite) e com recibos em paralelo, o status nunca regride.
            result = await db.execute(
                update(Message)
                .where(Message.id.in_(ids), Message.status.in_(predecessors(status)))
                .values(**values)
                .returning(
                    Message.id,
                    Message.tenant_id,
                    Message.message_id,
                    Message.provider,
                    Message.direction,
                    Message.error,
                    Message.bulk_id,
                )
                .execution_options(synchronize_session=False)
            )
            for message_id, tenant_id, provider_id, provider, direction, error, bulk_id in result.all():
                if bulk_id is not None:
                    bulks.add((tenant_id, bulk_id))
                events[tenant_id].append(
                    (
                        "message.status",
                        {
                            "messageId": str(message_id),
                            "providerMessageId": provider_id,
                            "status": status,
                            "provider": provider,
                            "error": error,
                            "timestamp": now.isoformat(),
                        },
                    )
                )
                metrics.MESSAGES.labels(provider or "-", direction or "-", status).inc()
    for tenant_id, tenant_events in events.items():
        await emit_many(ctx, db, tenant_id, tenant_events)
    await bulk_touched(ctx, db, bulks)
    return waiting


async def process_exhausted(ctx: AppContext, db: AsyncSession, job: Job, error: str) -> None:
    """O lote esgotou as tentativas: cada evento termina com o motivo (o evento bruto continua guardado)."""
    pending = (
        await db.execute(
            select(InboundEvent).where(InboundEvent.id.in_(event_ids(job)), InboundEvent.processed_at.is_(None))
        )
    ).scalars()
    now = datetime.now(UTC)
    for event in pending:
        event.processed_at = now
        event.error = f"Não foi possível processar o evento: {error}"[:500]
        logger.error(
            "evento de entrada descartado depois de todas as tentativas",
            extra={"event_id": str(event.id), "provider": event.provider, "kind": event.kind},
        )


async def download_media(ctx: AppContext, db: AsyncSession, job: Job) -> None:
    """Baixa a mídia de uma mensagem recebida pelo provedor (sem conexão do banco presa durante o download) e a guarda
    no media store; a mensagem passa a apontar para a mídia e o evento `message.updated` avisa quem está olhando."""
    from wacs.media.service import save_media
    from wacs.sessions.service import info_of

    message_id = uuid.UUID(job.payload["messageId"])
    message = await db.get(Message, message_id)
    if message is None or (message.content or {}).get("media", {}).get("status") != "downloading":
        return
    row = await db.get(WhatsAppSession, message.session_id) if message.session_id else None
    if row is None:
        await _media_outcome(ctx, db, message_id, error="A sessão que recebeu a mídia não existe mais.")
        return
    try:
        provider = registry.build(ctx, info_of(row), row.session_data)
    except LookupError:
        raise RetryLater(f"O provedor {row.provider_type} não está disponível nesta instalação.") from None
    tenant_id = message.tenant_id
    await db.commit()  # a conexão volta ao pool antes do download
    try:
        downloaded = await provider.download_media(str(job.payload["ref"]))
    except ProviderError as exc:
        if exc.transient:
            raise RetryLater(exc.message) from None
        await _media_outcome(ctx, db, message_id, error=f"Não foi possível baixar a mídia: {exc.message}")
        return
    try:
        # O tipo declarado no evento vale mais que o genérico do download; o conteúdo real é conferido pelo save_media.
        declared = job.payload.get("mimeType") or downloaded.mime_type
        filename = job.payload.get("filename") or downloaded.filename
        stored = await save_media(ctx, db, tenant_id, downloaded.data, declared, filename)
    except AppError as exc:
        # A mensagem do cliente nunca se perde por causa do anexo: fica registrada com o motivo.
        await _media_outcome(ctx, db, message_id, error=exc.detail or "Mídia recebida em formato inválido.")
        return
    await _media_outcome(
        ctx, db, message_id, media={"mediaId": str(stored.id), "mimeType": stored.mime_type, "size": stored.size}
    )


async def download_media_exhausted(ctx: AppContext, db: AsyncSession, job: Job, error: str) -> None:
    await _media_outcome(
        ctx, db, uuid.UUID(job.payload["messageId"]), error=f"Não foi possível baixar a mídia: {error}"
    )


async def _media_outcome(
    ctx: AppContext,
    db: AsyncSession,
    message_id: uuid.UUID,
    *,
    media: dict[str, Any] | None = None,
    error: str | None = None,
) -> None:
    message = await db.get(Message, message_id, with_for_update=True, populate_existing=True)
    if message is None:
        return
    current = dict((message.content or {}).get("media") or {})
    current.pop("status", None)
    if media is not None:
        current.update(media)
    if error is not None:
        current["error"] = error[:500]
    message.content = {**(message.content or {}), "media": current}
    message.updated_at = datetime.now(UTC)
    await db.flush()
    await emit(ctx, db, message.tenant_id, "message.updated", message_payload(message))
