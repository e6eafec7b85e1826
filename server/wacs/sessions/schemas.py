from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from wacs.kit.phone import Phone
from wacs.kit.schemas import InputSchema, Schema

ProviderType = Literal["sandbox", "baileys", "meta_api"]


class SessionInitialize(InputSchema):
    phone_number: Phone = Field(description="Número do WhatsApp da empresa (E.164, ex.: 5511999999999).")
    provider: ProviderType = Field(description="sandbox (simulado), baileys (WhatsApp Web) ou meta_api (Cloud API).")
    name: str | None = Field(default=None, max_length=100, description="Apelido da sessão (ex.: Vendas).")
    config: dict[str, Any] = Field(default_factory=dict, description="Configuração própria do provedor.")


class SessionOut(Schema):
    id: uuid.UUID
    phone_number: str
    provider: str
    name: str | None
    status: str = Field(description="connecting, qr, connected, disconnected, logged_out ou failed.")
    qr_code: str | None
    last_error: str | None
    is_active: bool
    connected_at: datetime | None
    status_changed_at: datetime | None
    config: dict[str, Any] = Field(description="Configuração do provedor, com segredos mascarados.")
    created_at: datetime
    updated_at: datetime


class ProviderInfo(Schema):
    type: str
    name: str
    available: bool
