"""Estado do repasse de eventos ao Supabase Realtime (`wacs.supabase.realtime`)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from wacs.models.base import Base, utcnow


class SupabaseRelayCursor(Base):
    """Até onde os eventos de cada tenant já foram aceitos pelo Supabase (202): todo `seq` até `last_seq` foi
    repassado, era um buraco da numeração ou foi apagado pela retenção antes de sair (contado como perdido)."""

    __tablename__ = "supabase_relay_cursors"

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SupabaseRelayLease(Base):
    """A vez de repassar: um processo por vez (o dono renova o prazo; vencido, outro assume). A linha existir também
    marca o início do repasse — tenants que já existiam nele começam do evento mais novo, não do histórico."""

    __tablename__ = "supabase_relay_lease"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[datetime] = mapped_column()
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
