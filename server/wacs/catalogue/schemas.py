from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field, field_validator

from wacs.kit.phone import Phone
from wacs.kit.schemas import InputSchema, Schema, UtcDateTime

AppointmentStatus = Literal["scheduled", "cancelled", "done"]
Purpose = Literal["venda", "aluguel"]

NOTES_MAX = 2000
SCHEDULED_FOR = (
    "Data e hora da visita (ISO 8601, com fuso: 2026-12-15T10:00:00-03:00; sem fuso vale como UTC). Precisa ser "
    "no futuro e no máximo 365 dias à frente."
)


class PropertyOut(Schema):
    id: uuid.UUID
    code: str = Field(description="Código do imóvel no sistema da imobiliária (ou `auto-...`, se veio sem código).")
    type: str = Field(description="Tipo, em minúsculas e no singular.", examples=["apartamento"])
    purpose: str = Field(description="venda ou aluguel.", examples=["venda"])
    bedrooms: int | None
    neighbourhood: str | None
    city: str | None
    state: str | None = Field(description="UF.", examples=["SP"])
    price: float | None = Field(description="Preço em reais (o aluguel é mensal).", examples=[650000.0])
    area: float | None = Field(description="Área em m².", examples=[68.0])
    description: str | None
    url: str | None
    is_available: bool
    created_at: datetime
    updated_at: datetime


class PropertyImportResult(Schema):
    format: Literal["csv", "json"] = Field(description="Formato identificado no arquivo.")
    created: int = Field(description="Imóveis novos.")
    updated: int = Field(description="Imóveis que já existiam (mesmo código) e foram atualizados.")
    total: int = Field(description="Imóveis no arquivo (created + updated).")
    ignored_columns: list[str] = Field(description="Colunas (ou chaves do JSON) não reconhecidas, que ficaram de fora.")


class AppointmentCreate(InputSchema):
    contact_number: Phone
    contact_name: str | None = Field(default=None, max_length=255)
    scheduled_for: UtcDateTime = Field(description=SCHEDULED_FOR, examples=["2026-12-15T10:00:00-03:00"])
    property_id: uuid.UUID | None = Field(default=None, description="Imóvel visitado (id).")
    property_code: str | None = Field(
        default=None, max_length=100, description="Ou o código do imóvel, como no arquivo importado."
    )
    notes: str | None = Field(default=None, max_length=NOTES_MAX)
    conversation_id: uuid.UUID | None = Field(default=None, description="Conversa de onde saiu o agendamento.")

    @field_validator("contact_name", "property_code", "notes")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None


class AppointmentUpdate(InputSchema):
    """Só os campos enviados mudam; `notes: null` (ou vazia) as remove."""

    status: AppointmentStatus | None = Field(
        default=None, description="scheduled (reaberta), cancelled (cancelada) ou done (realizada)."
    )
    scheduled_for: UtcDateTime | None = Field(default=None, description=SCHEDULED_FOR)
    notes: str | None = Field(default=None, max_length=NOTES_MAX)

    @field_validator("notes")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None


class AppointmentOut(Schema):
    id: uuid.UUID
    property_id: uuid.UUID | None
    contact_number: str
    contact_name: str | None
    scheduled_for: datetime
    status: AppointmentStatus
    notes: str | None
    agent_id: uuid.UUID | None = Field(description="Agente de IA que agendou (vazio: agendado por um operador).")
    conversation_id: uuid.UUID | None
    created_by: str | None = Field(description="Quem agendou: e-mail do usuário, nome da chave de API ou o agente.")
    created_at: datetime
    updated_at: datetime
