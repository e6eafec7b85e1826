from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
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
    # Configuração do provedor cifrada: {"encrypted": "<versão>:<token>"}; nunca em claro no banco.
    session_data: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    # connecting | qr | connected | disconnected | logged_out | failed
    status: Mapped[str] = mapped_column(String(20), default="connecting", server_default="connecting")
    name: Mapped[str | None] = mapped_column(String(100))
    qr_code: Mapped[str | None] = mapped_column(Text)
    pairing_code: Mapped[str | None] = mapped_column(String(20))
    # A conta conectada, como o provedor informa (pode diferir do número cadastrado, ex.: o 9º dígito).
    account_number: Mapped[str | None] = mapped_column(String(40))
    profile_name: Mapped[str | None] = mapped_column(String(255))
    # Classificação de qualidade do número, como o provedor informa (Meta: GREEN, YELLOW, RED, UNKNOWN).
    quality_rating: Mapped[str | None] = mapped_column(String(20))
    last_error: Mapped[str | None] = mapped_column(String(500))
    connected_at: Mapped[datetime | None]
    status_changed_at: Mapped[datetime | None]
