from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from wacs.models.base import Base, IdMixin, JSONType, TimestampMixin


class Message(IdMixin, TimestampMixin, Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("idx_messages_tenant_id", "tenant_id"),
        Index("idx_messages_session_id", "session_id"),
        Index("idx_messages_created_at", text("created_at DESC")),
        Index("idx_messages_conversation", "conversation_id", "created_at"),
        Index("idx_messages_bulk_id", "bulk_id"),
        # Só as pendentes (poucas: saem em segundos): a varredura de linhas gravadas direto no banco (docs/supabase.md).
        Index(
            "idx_messages_pending",
            "created_at",
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
        UniqueConstraint("tenant_id", "idempotency_key"),
        UniqueConstraint("session_id", "message_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("whatsapp_sessions.id", ondelete="SET NULL"))
    # Id do provedor (wamid da Meta, id do Baileys, sandbox-...): único, é por ele que chegam os status.
    # Id do provedor: único por sessão (cada provedor só garante unicidade no próprio número).
    message_id: Mapped[str | None] = mapped_column(String(255))
    from_number: Mapped[str | None] = mapped_column(String(20))
    to_number: Mapped[str | None] = mapped_column(String(20))
    message_type: Mapped[str | None] = mapped_column(String(50))
    content: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # pending | queued | sent | delivered | read | failed
    status: Mapped[str | None] = mapped_column(String(50))
    ai_processed: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    direction: Mapped[str] = mapped_column(String(10), default="outbound", server_default="outbound")
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    provider: Mapped[str | None] = mapped_column(String(20))
    requested_provider: Mapped[str | None] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(50))
    error: Mapped[str | None] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    bulk_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("bulk_sends.id", ondelete="SET NULL"))
    agent_id: Mapped[uuid.UUID | None]
    enable_ai: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    created_by: Mapped[str | None] = mapped_column(String(255))
    sent_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    read_at: Mapped[datetime | None]
    failed_at: Mapped[datetime | None]
