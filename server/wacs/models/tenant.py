from __future__ import annotations

from typing import Any

from sqlalchemy import String, text
from sqlalchemy.orm import Mapped, mapped_column

from wacs.models.base import Base, IdMixin, JSONType, TimestampMixin


class Tenant(IdMixin, TimestampMixin, Base):
    __tablename__ = "tenants"

    client_id: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    settings: Mapped[dict[str, Any] | None] = mapped_column(JSONType, default=dict, server_default=text("'{}'"))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
