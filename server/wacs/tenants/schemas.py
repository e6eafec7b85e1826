from __future__ import annotations

import re
import uuid
from datetime import datetime, time
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ConfigDict, Field, field_validator, model_validator

from wacs.kit.schemas import Email, InputSchema, Schema, input_json_schema, semantic_validation
from wacs.providers import registry

# Os provedores instalados (o enum da OpenAPI vem do registro).
ProviderName = Annotated[str, registry.InstalledProvider()]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
CLIENT_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,98}[a-z0-9]$")


def _interval_rule(schema: dict[str, Any]) -> None:
    schema.update(semantic_validation("intervalo do horário comercial: `end` depois de `start`"))
    input_json_schema(schema)


class BusinessInterval(InputSchema):
    model_config = ConfigDict(json_schema_extra=_interval_rule)

    day: Weekday
    start: time = Field(description="Início, HH:MM.")
    end: time = Field(description="Fim, HH:MM (depois do início).")

    @model_validator(mode="after")
    def _ordered(self) -> BusinessInterval:
        if self.end <= self.start:
            raise ValueError("O horário de fim deve ser depois do início")
        return self


class BusinessHours(InputSchema):
    enabled: bool = False
    timezone: str = Field(
        default="America/Sao_Paulo",
        json_schema_extra=semantic_validation("`timezone`: nome de fuso horário IANA conhecido pelo servidor (tzdata)"),
    )
    intervals: list[BusinessInterval] = Field(default_factory=list, max_length=70)
    out_of_hours_message: str | None = Field(default=None, max_length=1000)

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"Fuso horário desconhecido: {value}") from None
        return value


class Retention(InputSchema):
    """Quanto tempo o tenant guarda mensagens e mídia (LGPD: necessidade); vazio guarda para sempre. A limpeza roda
    no worker, em lotes, e apaga só o que já venceu."""

    messages_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="Mensagens mais antigas que isto (em dias) são apagadas; conversas que ficam sem mensagem "
        "nenhuma também saem (com o contexto de IA delas).",
    )
    media_days: int | None = Field(
        default=None,
        ge=1,
        le=3650,
        description="Arquivos de mídia mais antigos que isto (em dias) são apagados (linha e arquivo); a mensagem "
        "fica, com o aviso de que a mídia expirou.",
    )


class TenantSettings(InputSchema):
    """Configurações do tenant; campos ausentes assumem o padrão."""

    provider_preference: list[ProviderName] = Field(
        default_factory=lambda: list(registry.available_types()),
        min_length=1,
        max_length=20,
        description="Ordem de preferência dos provedores no modo auto.",
        json_schema_extra={"uniqueItems": True},
    )
    automatic_fallback: bool = Field(default=True, description="Tentar o próximo provedor em falha transitória.")
    requests_per_minute: int | None = Field(
        default=None,
        ge=1,
        le=100_000,
        description="Limite de requisições por minuto deste tenant; vazio usa o padrão da plataforma "
        "(RATE_LIMIT_PER_MINUTE, 100).",
    )
    business_hours: BusinessHours = Field(default_factory=BusinessHours)
    default_agent_id: uuid.UUID | None = Field(default=None, description="Agente de IA padrão do tenant.")
    retention: Retention = Field(default_factory=Retention, description="Retenção de mensagens e mídia (LGPD).")

    @field_validator("provider_preference")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("Provedores repetidos na ordem de preferência")
        return value

    @classmethod
    def stored(cls, raw: dict[str, Any] | None) -> TenantSettings:
        """Lê as configurações gravadas: provedores que não estão instalados nesta instância saem da ordem, e os
        instalados que faltam entram no fim (a ordem gravada nunca impede a leitura)."""
        data = dict(raw or {})
        installed = registry.available_types()
        if "provider_preference" in data or "providerPreference" in data:
            key = "provider_preference" if "provider_preference" in data else "providerPreference"
            order = [p for p in data[key] or [] if p in installed]
            data[key] = order + [p for p in installed if p not in order]
        return cls.model_validate(data)


class TenantOut(Schema):
    id: uuid.UUID
    client_id: str
    name: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


class TenantAdminIn(InputSchema):
    email: Email
    name: str = Field(min_length=1, max_length=255)
    password: str = Field(min_length=8, max_length=128)


class TenantCreate(InputSchema):
    client_id: str = Field(
        min_length=3,
        max_length=100,
        examples=["loja-exemplo"],
        description="Letras minúsculas, números, '-' e '_'.",
        json_schema_extra={"pattern": CLIENT_ID_PATTERN.pattern},
    )
    name: str = Field(min_length=1, max_length=255)
    settings: TenantSettings | None = Field(
        default=None,
        # Um tenant novo ainda não tem agentes de IA: `defaultAgentId` só pode ficar vazio.
        json_schema_extra={
            "not": {
                "type": "object",
                "required": ["defaultAgentId"],
                "properties": {"defaultAgentId": {"type": "string"}},
            }
        },
    )
    admin: TenantAdminIn | None = Field(default=None, description="Primeiro administrador do tenant (opcional).")

    @field_validator("client_id")
    @classmethod
    def _client_id(cls, value: str) -> str:
        if not CLIENT_ID_PATTERN.match(value):
            raise ValueError("Use de 3 a 100 caracteres: letras minúsculas, números, '-' ou '_'")
        return value


class TenantUpdate(InputSchema):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    is_active: bool | None = None


class TenantCreated(TenantOut):
    admin_user_id: uuid.UUID | None = None


class TenantDetail(TenantOut):
    settings: TenantSettings
