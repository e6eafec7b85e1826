from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from wacs.kit.phone import Phone
from wacs.kit.schemas import InputSchema, Schema, embedded_json_schema, input_json_schema
from wacs.providers import registry

# Só os provedores instalados (o enum da OpenAPI vem do registro).
ProviderType = Annotated[str, registry.InstalledProvider()]


def _config_by_provider(schema: dict[str, Any]) -> None:
    """`config` segue o esquema de configuração do provedor escolhido (os instalados, consultados na hora)."""
    schema["allOf"] = [
        {
            "if": {"properties": {"provider": {"const": name}}, "required": ["provider"]},
            "then": {"properties": {"config": embedded_json_schema(cls.config_schema)}},
        }
        for name, cls in registry.available().items()
    ]
    input_json_schema(schema)


class SessionInitialize(InputSchema):
    model_config = ConfigDict(json_schema_extra=_config_by_provider)

    phone_number: Phone = Field(description="Número do WhatsApp da empresa (E.164, ex.: 5511999999999).")
    provider: ProviderType = Field(
        description="Provedor da sessão, entre os instalados (veja GET /api/v1/sessions/providers)."
    )
    name: str | None = Field(default=None, max_length=100, description="Apelido da sessão (ex.: Vendas).")
    config: dict[str, Any] = Field(default_factory=dict, description="Configuração própria do provedor.")


class SessionOut(Schema):
    id: uuid.UUID
    phone_number: str
    provider: str
    name: str | None
    status: str = Field(description="connecting, qr, connected, disconnected, logged_out ou failed.")
    qr_code: str | None
    pairing_code: str | None = Field(description="Código de pareamento, quando a conexão é por código (Baileys).")
    account_number: str | None = Field(description="Número da conta conectada, como o provedor informa.")
    profile_name: str | None = Field(description="Nome do perfil (ou nome verificado) da conta conectada.")
    quality_rating: str | None = Field(
        description="Qualidade do número segundo o provedor (Meta: GREEN, YELLOW, RED ou UNKNOWN); null quando o "
        "provedor não informa."
    )
    last_error: str | None = Field(
        description="Por que a sessão não está conectada (falha, encerrada no celular ou conexão caída sendo refeita)."
    )
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
    capabilities: list[str] = Field(
        description="O que o provedor envia: text, image, video, document, audio, voice_note, sticker, location, "
        "contacts, reply, reaction, mark_read, templates, interactive."
    )


class TemplateOut(Schema):
    name: str = Field(description="Nome do template (o `name` do envio com `type: template`).")
    language: str = Field(description="Idioma (ex.: pt_BR), o `language` do envio.")
    status: str = Field(description="Situação na Meta: APPROVED, PENDING, REJECTED, PAUSED, DISABLED…")
    category: str | None = Field(description="MARKETING, UTILITY ou AUTHENTICATION.")
    components: list[dict[str, Any]] = Field(
        description="Componentes como a Meta os descreve (HEADER, BODY, FOOTER, BUTTONS), com os marcadores {{1}}."
    )


class TemplateList(Schema):
    items: list[TemplateOut]
