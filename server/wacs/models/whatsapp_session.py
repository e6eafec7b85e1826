from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from wacs.models.base import Base, IdMixin, JSONType, TimestampMixin


class WhatsAppSession(IdMixin, TimestampMixin, Base):
    __tablename__ = "whatsapp_sessions"
    __table_args__ = (
        UniqueConstraint("tenant_id", "phone_number"),
        Index("idx_sessions_tenant_id", "tenant_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    phone_number: Mapped[str] = mapped_column(String(20))
    provider_type: Mapped[str] = mapped_column(String(50))
    session_data: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
