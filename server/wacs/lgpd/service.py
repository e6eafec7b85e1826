"""Exportação e eliminação dos dados de um contato (LGPD, art. 18) dentro de um tenant.

Quem é o contato: o número normalizado e as suas formas com e sem o 9º dígito (`brazilian_variants`), porque
provedores diferentes gravam uma ou outra. O que é dele: as conversas com esse número (em qualquer sessão do tenant),
as mensagens dessas conversas ou de/para o número, o contexto de IA e os agendamentos dessas conversas ou do número,
e as mídias dessas mensagens.

A eliminação roda numa transação só para as linhas; os arquivos saem depois do commit (nunca sobra linha apontando
para arquivo apagado) e um job durável, gravado na mesma transação, repete a remoção até conseguir. Decisões por
tabela (ver docs/lgpd.md):
- messages, conversations, ai_conversations, appointments, inbound_events, webhook_deliveries, jobs, sandbox_outbox e
  as mídias só do contato: linhas apagadas;
- mídia usada também por mensagens de outros contatos (ex.: o mesmo folheto num envio em massa): fica — é conteúdo
  da empresa, e apagá-la quebraria as mensagens dos outros;
- realtime_events: `data` trocado por `{"redacted": true}` — o `seq` do tenant é o cursor de recuperação dos clientes
  e o evento mais novo de cada tenant sustenta o `ready`, então a linha fica, sem o conteúdo;
- bulk_sends: o número sai da lista de destinatários do pedido guardado (mascarado, sem as variáveis);
- audit_logs: a linha fica (quem fez o quê e quando), com caminho mascarado, sem `resourceId` e sem `details`.
"""

from __future__ import annotations

import logging
import uuid
import zipfile
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic.alias_generators import to_camel
from sqlalchemy import Text, and_, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from wacs.kit.context import AppContext
from wacs.kit.db import on_commit
from wacs.kit.logging import mask_phone_digits
from wacs.kit.phone import brazilian_variants
from wacs.lgpd.matching import Tokens, mask_phone
from wacs.media.service import download_filename, media_store
from wacs.media.store import MediaObjectNotFound, MediaStoreError
from wacs.models import (
    AIConversation,
    Appointment,
    AuditLog,
    BulkSend,
    Conversation,
    InboundEvent,
    Job,
    Media,
    Message,
    RealtimeEvent,
    SandboxOutbox,
    WebhookDelivery,
    WhatsAppSession,
)
from wacs.models.base import Base
from wacs.worker.queue import NewJob, enqueue_many

logger = logging.getLogger("wacs.lgpd")

PURGE_JOB = "media.purge"
SCAN_BATCH = 1000
ID_CHUNK = 500
REDACTED_EVENT: dict[str, Any] = {"redacted": True}


@dataclass
class ContactData:
    """As linhas do contato num tenant (carregadas para exportar; só os ids contam para apagar)."""

    phone: str
    variants: list[str]
    conversations: list[Conversation] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    ai_conversations: list[AIConversation] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    media: list[Media] = field(default_factory=list)

    def tokens(self) -> Tokens:
        tokens = Tokens(phones=set(self.variants))
        tokens.add(c.id for c in self.conversations)
        tokens.add(m.id for m in self.messages)
        tokens.add(m.message_id for m in self.messages if m.message_id)
        tokens.add(a.id for a in self.ai_conversations)
        tokens.add(a.id for a in self.appointments)
        return tokens


def media_ids_of(contents: Iterable[dict[str, Any] | None]) -> set[uuid.UUID]:
    """As mídias guardadas que os conteúdos de mensagens citam (`content.media.mediaId`)."""
    found: set[uuid.UUID] = set()
    for content in contents:
        media = (content or {}).get("media")
        raw = media.get("mediaId") if isinstance(media, dict) else None
        if isinstance(raw, str):
            try:
                found.add(uuid.UUID(raw))
            except ValueError:
                continue
    return found


def _chunks(values: Sequence[Any], size: int = ID_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


async def is_company_number(session: AsyncSession, tenant_id: uuid.UUID, phone: str) -> bool:
    """O número é de uma sessão do próprio tenant? Tratá-lo como contato casaria todas as mensagens da sessão."""
    variants = brazilian_variants(phone)
    found = await session.execute(
        select(WhatsAppSession.id)
        .where(
            WhatsAppSession.tenant_id == tenant_id,
            or_(WhatsAppSession.phone_number.in_(variants), WhatsAppSession.account_number.in_(variants)),
        )
        .limit(1)
    )
    return found.first() is not None


async def collect(session: AsyncSession, tenant_id: uuid.UUID, phone: str) -> ContactData:
    variants = brazilian_variants(phone)
    data = ContactData(phone=variants[0], variants=variants)
    data.conversations = list(
        (
            await session.execute(
                select(Conversation)
                .where(Conversation.tenant_id == tenant_id, Conversation.contact_number.in_(variants))
                .order_by(Conversation.created_at, Conversation.id)
            )
        ).scalars()
    )
    conversation_ids = [c.id for c in data.conversations]
    # Pela direção: o número da empresa aparece em toda mensagem da sessão, do outro lado.
    by_contact = [
        and_(Message.direction == "inbound", Message.from_number.in_(variants)),
        and_(Message.direction == "outbound", Message.to_number.in_(variants)),
    ]
    if conversation_ids:
        by_contact.append(Message.conversation_id.in_(conversation_ids))
    data.messages = list(
        (
            await session.execute(
                select(Message)
                .where(Message.tenant_id == tenant_id, or_(*by_contact))
                .order_by(Message.created_at, Message.id)
            )
        ).scalars()
    )
    ai_filter = [AIConversation.contact_number.in_(variants)]
    appointment_filter = [Appointment.contact_number.in_(variants)]
    if conversation_ids:
        ai_filter.append(AIConversation.conversation_id.in_(conversation_ids))
        appointment_filter.append(Appointment.conversation_id.in_(conversation_ids))
    data.ai_conversations = list(
        (
            await session.execute(select(AIConversation).where(AIConversation.tenant_id == tenant_id, or_(*ai_filter)))
        ).scalars()
    )
    data.appointments = list(
        (
            await session.execute(
                select(Appointment)
                .where(Appointment.tenant_id == tenant_id, or_(*appointment_filter))
                .order_by(Appointment.scheduled_for)
            )
        ).scalars()
    )
    media_ids = sorted(media_ids_of(m.content for m in data.messages))
    for chunk in _chunks(media_ids):
        data.media.extend(
            (await session.execute(select(Media).where(Media.tenant_id == tenant_id, Media.id.in_(chunk)))).scalars()
        )
    return data


# ------------------------------------------------------------------------------------------------ exportação


def row_dict(row: Base, *, skip: Iterable[str] = ("tenant_id",)) -> dict[str, Any]:
    """Todas as colunas da linha, com nomes em camelCase como na API."""
    omitted = set(skip)
    return {
        to_camel(column.key): getattr(row, column.key) for column in row.__table__.columns if column.key not in omitted
    }


def _json(value: Any) -> bytes:
    return orjson.dumps(value, default=str, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)


def _safe_name(name: str) -> str:
    cleaned = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in name).strip("._")
    return cleaned[:120] or "arquivo"


def media_entry_name(media: Media) -> str:
    return f"midias/{media.id}-{_safe_name(download_filename(media))}"


class _Sink:
    """Destino do zip sem seek: o zipfile grava descritores de dados e nós repassamos os bytes já escritos."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


def export_documents(client_id: str, data: ContactData) -> dict[str, Any]:
    """Os JSONs do pacote (sem as mídias)."""
    return {
        "contato.json": {
            "telefone": data.phone,
            "formasDoNumero": data.variants,
            "tenant": client_id,
            "exportadoEm": datetime.now(UTC),
            "quantidades": {
                "conversas": len(data.conversations),
                "mensagens": len(data.messages),
                "contextoIa": len(data.ai_conversations),
                "agendamentos": len(data.appointments),
                "midias": len(data.media),
            },
        },
        "conversas.json": [row_dict(c) for c in data.conversations],
        "mensagens.json": [row_dict(m) for m in data.messages],
        "contexto_ia.json": [row_dict(a) for a in data.ai_conversations],
        "agendamentos.json": [row_dict(a) for a in data.appointments],
        "midias.json": [
            row_dict(m, skip=("tenant_id", "storage_key")) | {"arquivo": media_entry_name(m)} for m in data.media
        ],
    }


async def export_zip(ctx: AppContext, client_id: str, data: ContactData) -> AsyncIterator[bytes]:
    """O pacote em streaming: os JSONs e depois cada arquivo de mídia lido aos pedaços do armazenamento."""
    sink = _Sink()
    documents = export_documents(client_id, data)
    missing: list[str] = []
    store, owned = media_store(ctx)
    try:
        with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[call-overload]
            for name, document in documents.items():
                archive.writestr(name, _json(document))
                yield sink.take()
            for media in data.media:
                try:
                    with archive.open(media_entry_name(media), mode="w", force_zip64=True) as entry:
                        async for chunk in store.open(media.storage_key):
                            entry.write(chunk)
                            if out := sink.take():
                                yield out
                except (MediaObjectNotFound, MediaStoreError) as exc:
                    logger.warning("mídia %s ausente na exportação: %s", media.id, exc.__class__.__name__)
                    missing.append(str(media.id))
                yield sink.take()
            if missing:
                archive.writestr("midias_ausentes.json", _json({"midiasSemArquivo": missing}))
        yield sink.take()
    finally:
        if owned:
            await store.aclose()


def export_filename(phone: str) -> str:
    return f"lgpd-contato-{mask_phone(phone).replace('*', 'x')}-{datetime.now(UTC):%Y%m%d}.zip"


# ------------------------------------------------------------------------------------------------ eliminação


ERASE_COUNT_KEYS = (
    "messages",
    "conversations",
    "media",
    "aiConversations",
    "appointments",
    "inboundEvents",
    "webhookDeliveries",
    "jobs",
    "sandboxOutbox",
    "realtimeEventsRedacted",
    "bulkSendsRedacted",
    "auditLogsMasked",
)


async def _scan(
    session: AsyncSession,
    pk: InstrumentedAttribute[Any],
    tenant_column: InstrumentedAttribute[Any],
    tenant_id: uuid.UUID,
    columns: Sequence[InstrumentedAttribute[Any]],
    tokens: Tokens,
) -> list[Any]:
    """As chaves das linhas do tenant em que alguma das colunas aponta para o contato (em lotes, pela chave)."""
    matched: list[Any] = []
    last: Any = None
    while True:
        statement = select(pk, *columns).where(tenant_column == tenant_id).order_by(pk).limit(SCAN_BATCH)
        if last is not None:
            statement = statement.where(pk > last)
        rows = (await session.execute(statement)).all()
        if not rows:
            return matched
        matched.extend(row[0] for row in rows if any(tokens.matches(value) for value in row[1:]))
        last = rows[-1][0]


async def _delete_ids(session: AsyncSession, pk: InstrumentedAttribute[Any], ids: Sequence[Any]) -> int:
    total = 0
    for chunk in _chunks(list(ids)):
        result = await session.execute(
            delete(pk.class_).where(pk.in_(chunk)).execution_options(synchronize_session=False)
        )
        total += result.rowcount or 0  # type: ignore[attr-defined]
    return total


async def shared_media(
    session: AsyncSession, tenant_id: uuid.UUID, media_ids: Sequence[uuid.UUID], own_messages: set[uuid.UUID]
) -> set[uuid.UUID]:
    """Das mídias dadas, as citadas também fora das mensagens `own_messages` (outras mensagens ou envios em massa)."""
    shared: set[uuid.UUID] = set()
    for chunk in _chunks(list(media_ids), 50):
        patterns = [f"%{media_id}%" for media_id in chunk]
        text = cast(Message.content, Text)
        rows = await session.execute(
            select(Message.id, Message.content).where(
                Message.tenant_id == tenant_id, or_(*[text.like(p) for p in patterns])
            )
        )
        for message_id, content in rows:
            if message_id not in own_messages:
                shared |= set(chunk) & media_ids_of([content])
        bulk_text = cast(BulkSend.request, Text)
        bulks = await session.execute(
            select(BulkSend.request).where(
                BulkSend.tenant_id == tenant_id,
                BulkSend.status != "completed",
                or_(*[bulk_text.like(p) for p in patterns]),
            )
        )
        for (request,) in bulks:
            serialized = orjson.dumps(request).decode()
            shared |= {m for m in chunk if str(m) in serialized}
    return shared


def _redact_recipients(request: dict[str, Any], phones: set[str]) -> dict[str, Any]:
    recipients = request.get("recipients")
    if not isinstance(recipients, list):
        return request
    cleaned = [
        [mask_phone(item[0]), {}] if isinstance(item, list) and item and item[0] in phones else item
        for item in recipients
    ]
    return {**request, "recipients": cleaned}


async def erase(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, phone: str) -> dict[str, int]:
    """Apaga (ou mascara) tudo do contato na transação corrente; os arquivos saem depois do commit."""
    counts = dict.fromkeys(ERASE_COUNT_KEYS, 0)
    data = await collect(session, tenant_id, phone)
    tokens = data.tokens()
    own_messages = {m.id for m in data.messages}
    candidate_media = sorted(m.id for m in data.media)
    shared = await shared_media(session, tenant_id, candidate_media, own_messages)
    purged = [m for m in data.media if m.id not in shared]
    tokens.add(m.id for m in purged)

    # Eventos brutos e entregas primeiro: os ids deles estão nos payloads dos jobs que os processam.
    inbound_ids = await _scan(
        session,
        InboundEvent.id,
        InboundEvent.tenant_id,
        tenant_id,
        [InboundEvent.external_id, InboundEvent.payload],
        tokens,
    )
    tokens.add(inbound_ids)
    delivery_ids = await _scan(
        session, WebhookDelivery.id, WebhookDelivery.tenant_id, tenant_id, [WebhookDelivery.payload], tokens
    )
    tokens.add(delivery_ids)
    job_ids = await _scan(session, Job.id, Job.tenant_id, tenant_id, [Job.payload, Job.last_error], tokens)
    event_ids = await _scan(session, RealtimeEvent.id, RealtimeEvent.tenant_id, tenant_id, [RealtimeEvent.data], tokens)
    outbox_ids = await _scan(
        session,
        SandboxOutbox.id,
        SandboxOutbox.tenant_id,
        tenant_id,
        [SandboxOutbox.to_number, SandboxOutbox.provider_message_id, SandboxOutbox.content],
        tokens,
    )
    bulk_ids = await _scan(session, BulkSend.id, BulkSend.tenant_id, tenant_id, [BulkSend.request], tokens)
    audit_ids = await _scan(
        session,
        AuditLog.id,
        AuditLog.tenant_id,
        tenant_id,
        [AuditLog.resource_id, AuditLog.path, AuditLog.details],
        tokens,
    )

    counts["inboundEvents"] = await _delete_ids(session, InboundEvent.id, inbound_ids)
    counts["webhookDeliveries"] = await _delete_ids(session, WebhookDelivery.id, delivery_ids)
    counts["jobs"] = await _delete_ids(session, Job.id, job_ids)
    counts["sandboxOutbox"] = await _delete_ids(session, SandboxOutbox.id, outbox_ids)
    for chunk in _chunks(event_ids):
        result = await session.execute(
            update(RealtimeEvent)
            .where(RealtimeEvent.id.in_(chunk))
            .values(data=REDACTED_EVENT)
            .execution_options(synchronize_session=False)
        )
        counts["realtimeEventsRedacted"] += result.rowcount or 0  # type: ignore[attr-defined]
    for bulk_id in bulk_ids:
        bulk = await session.get(BulkSend, bulk_id)
        if bulk is not None:
            bulk.request = _redact_recipients(dict(bulk.request), tokens.phones)
            counts["bulkSendsRedacted"] += 1
    for chunk in _chunks(audit_ids):
        rows = (await session.execute(select(AuditLog.id, AuditLog.path).where(AuditLog.id.in_(chunk)))).all()
        for audit_id, path in rows:
            await session.execute(
                update(AuditLog)
                .where(AuditLog.id == audit_id)
                .values(path=mask_phone_digits(path), resource_id=None, details=None)
                .execution_options(synchronize_session=False)
            )
            counts["auditLogsMasked"] += 1

    counts["messages"] = await _delete_ids(session, Message.id, sorted(own_messages))
    counts["appointments"] = await _delete_ids(session, Appointment.id, [a.id for a in data.appointments])
    counts["aiConversations"] = await _delete_ids(session, AIConversation.id, [a.id for a in data.ai_conversations])
    counts["conversations"] = await _delete_ids(session, Conversation.id, [c.id for c in data.conversations])
    counts["media"] = await _delete_ids(session, Media.id, [m.id for m in purged])
    await schedule_purge(ctx, session, tenant_id, [m.storage_key for m in purged])
    await session.flush()
    return counts


async def schedule_purge(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, keys: Sequence[str]) -> None:
    """Arquivos das linhas apagadas nesta transação: um job durável (na mesma transação) e uma tentativa logo após o
    commit. Se a tentativa falhar, o job repete com espera; se a transação desfizer, nada é apagado."""
    if not keys:
        return
    pending = list(keys)
    await enqueue_many(
        ctx, session, [NewJob(PURGE_JOB, {"keys": list(c)}, tenant_id=tenant_id) for c in _chunks(pending)]
    )

    async def purge_now() -> None:
        try:
            await delete_objects(ctx, pending)
        except MediaStoreError as exc:
            logger.warning("remoção imediata de %d arquivos de mídia falhou (o job repete): %s", len(pending), exc)

    on_commit(session, purge_now)


async def delete_objects(ctx: AppContext, keys: Sequence[str]) -> None:
    """Remove os objetos; não existir não é erro (a remoção pode ter sido feita antes, pelo pedido ou pelo job)."""
    store, owned = media_store(ctx)
    try:
        for key in keys:
            await store.delete(key)
    finally:
        if owned:
            await store.aclose()


async def purge_job(ctx: AppContext, session: AsyncSession, job: Job) -> None:
    await delete_objects(ctx, [str(k) for k in job.payload.get("keys") or []])


async def purge_exhausted(ctx: AppContext, session: AsyncSession, job: Job, error: str) -> None:
    # As linhas já não existem: o que sobra é arquivo órfão no armazenamento, nunca linha sem arquivo.
    logger.error(
        "arquivos de mídia não removidos depois de todas as tentativas",
        extra={"keys": len(job.payload.get("keys") or []), "error": error[:300]},
    )
