"""Tabelas da mensageria: conversas, mídia, envios em massa, eventos de entrada e a fila durável de jobs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from wacs.models.base import Base, IdMixin, JSONType, TimestampMixin, utcnow


class Conversation(IdMixin, TimestampMixin, Base):
    """Uma por sessão + contato: o que a lista de conversas do chat mostra."""

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("session_id", "contact_number"),
        Index("idx_conversations_tenant_last", "tenant_id", "last_message_at"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("whatsapp_sessions.id", ondelete="CASCADE"))
    contact_number: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str | None] = mapped_column(String(255))
    last_message_at: Mapped[datetime | None]
    last_message_preview: Mapped[str | None] = mapped_column(String(255))
    last_message_direction: Mapped[str | None] = mapped_column(String(10))
    # Última mensagem recebida do contato: a janela de 24 h de atendimento da Meta conta daqui.
    last_inbound_at: Mapped[datetime | None]
    unread_count: Mapped[int] = mapped_column(default=0, server_default="0")
    assigned_agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ai_agents.id", ondelete="SET NULL"))
    bot_state: Mapped[str | None] = mapped_column(String(20))


class Media(IdMixin, Base):
    __tablename__ = "media"
    __table_args__ = (Index("idx_media_tenant_id", "tenant_id"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    storage_key: Mapped[str] = mapped_column(String(500))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class BulkSend(IdMixin, TimestampMixin, Base):
    __tablename__ = "bulk_sends"
    __table_args__ = (Index("idx_bulk_sends_tenant_id", "tenant_id"), UniqueConstraint("tenant_id", "idempotency_key"))

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))  # queued | dispatching | completed
    total: Mapped[int] = mapped_column(Integer)
    request: Mapped[dict[str, Any]] = mapped_column(JSONType)
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    created_by: Mapped[str | None] = mapped_column(String(255))
    completed_at: Mapped[datetime | None]
    # As contagens do último `bulk.progress` publicado: um job que conta o mesmo não repete o aviso.
    last_progress: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class InboundEvent(IdMixin, Base):
    """Evento bruto recebido de um provedor (no contrato de `providers/contract.py`), guardado antes de processar;
    idempotente pelo id externo dentro da sessão."""

    __tablename__ = "inbound_events"
    __table_args__ = (UniqueConstraint("session_id", "external_id"), Index("idx_inbound_events_tenant", "tenant_id"))

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("whatsapp_sessions.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(20))  # message | status | session
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    processed_at: Mapped[datetime | None]
    # Preenchido quando o evento não pôde ser processado depois de todas as tentativas (item venenoso): o evento
    # termina assim mesmo, com o motivo, e não segura os demais.
    error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Job(Base):
    """Fila durável: tudo que precisa acontecer fora da requisição (envio, webhooks, status simulados)."""

    __tablename__ = "jobs"
    __table_args__ = (
        Index("idx_jobs_ready", "status", "run_at"),
        Index("idx_jobs_tenant", "tenant_id"),
        Index("idx_jobs_locked_by", "locked_by"),
        Index("uq_jobs_dedupe_key", "dedupe_key", unique=True),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(50))
    tenant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(20), default="queued")  # queued | running | done | dead
    attempts: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int] = mapped_column(default=8)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_by: Mapped[str | None] = mapped_column(String(100))
    locked_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # Só um job vivo (queued/running) por chave: o envio de uma mensagem (`message.send:<id>`) não pode ter dois, ou
    # ela sairia em dobro. Preenchida por `wacs.worker.queue`; o job morto a solta.
    dedupe_key: Mapped[str | None] = mapped_column(String(100))
    # De onde o job veio: `traceparent`/`tracestate` (W3C) e o id da requisição (`wacs.kit.telemetry.job_context`).
    trace_context: Mapped[dict[str, str] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class WorkerRecord(Base):
    """Um processo que executa jobs e o seu sinal de vida: os jobs de um worker morto voltam à fila na hora."""

    __tablename__ = "workers"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)


class SandboxOutbox(Base):
    """O que o número simulado do sandbox "entregou": gravado fora da transação do envio, como um sistema externo.
    Único por (sessão, id do provedor): um reenvio da mesma mensagem não entrega duas vezes."""

    __tablename__ = "sandbox_outbox"
    __table_args__ = (
        Index("idx_sandbox_outbox_session", "session_id", "id"),
        UniqueConstraint("session_id", "provider_message_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("whatsapp_sessions.id", ondelete="CASCADE"))
    provider_message_id: Mapped[str] = mapped_column(String(255))
    to_number: Mapped[str] = mapped_column(String(20))
    message_type: Mapped[str] = mapped_column(String(50))
    content: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RealtimeEvent(Base):
    """Eventos publicados. `seq` cresce por tenant e é o cursor público (envelope, `ready`, recuperação); `id` é só
    a chave interna — global, exporia aos tenants o volume de eventos dos outros.

    No PostgreSQL, um gatilho preenche `seq` com a sequence do tenant quando o INSERT não traz o valor; no SQLite,
    `emit_many` o reserva em `realtime_counters`.
    """

    __tablename__ = "realtime_events"
    __table_args__ = (Index("idx_realtime_events_tenant_seq", "tenant_id", "seq", unique=True),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(50))
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RealtimeCounter(Base):
    """Último `seq` entregue a cada tenant. Só o SQLite usa (um escritor por vez, então a linha não vira gargalo);
    no PostgreSQL cada tenant tem a sua sequence (`realtime_seq_<uuid sem hífens>`) e esta tabela fica vazia."""

    __tablename__ = "realtime_counters"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)


class WebhookEndpoint(IdMixin, TimestampMixin, Base):
    __tablename__ = "webhook_endpoints"
    __table_args__ = (Index("idx_webhook_endpoints_tenant", "tenant_id"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[Any]] = mapped_column(JSONType)  # tipos de evento; ["*"] = todos
    secret_encrypted: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))


class WebhookDelivery(IdMixin, TimestampMixin, Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("idx_webhook_deliveries_endpoint", "endpoint_id", "created_at"),
        Index("idx_webhook_deliveries_tenant_status", "tenant_id", "status"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(50))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType)
    status: Mapped[str] = mapped_column(String(20))  # pending | delivered | failed | dead
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    next_attempt_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
