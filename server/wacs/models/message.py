from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from wacs.models.base import Base, IdMixin, JSONType, TimestampMixin


class Message(IdMixin, TimestampMixin, Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("idx_messages_tenant_id", "tenant_id"),
        Index("idx_messages_session_id", "session_id"),
        Index("idx_messages_created_at", text("created_at DESC")),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("whatsapp_sessions.id", ondelete="SET NULL"))
    message_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    from_number: Mapped[str | None] = mapped_column(String(20))
    to_number: Mapped[str | None] = mapped_column(String(20))
    message_type: Mapped[str | None] = mapped_column(String(50))
    content: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    status: Mapped[str | None] = mapped_column(String(50))
    ai_processed: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
