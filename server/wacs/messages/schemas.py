from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, HttpUrl, model_validator

from wacs.kit.phone import Phone
from wacs.kit.schemas import InputSchema, Schema, input_json_schema, semantic_validation
from wacs.providers import registry

# Só os provedores instalados (e `auto`): um provedor ainda não implementado nunca teria sessão para enviar.
ProviderChoice = Annotated[str, registry.InstalledProvider(("auto",))]
MessageType = Literal["text", "image", "video", "document", "audio", "location"]


class SendOptions(InputSchema):
    to: Phone = Field(description="Destinatário (E.164; números brasileiros com ou sem o nono dígito).")
    provider: ProviderChoice = Field(default="auto", description="auto segue a preferência do tenant.")
    session_id: uuid.UUID | None = Field(default=None, description="Envia por esta sessão (número) específica.")
    enable_ai: bool = Field(default=False, alias="enableAI", description="Deixa o agente de IA responder depois.")
    agent_id: uuid.UUID | None = Field(default=None, description="Agente de IA que assume a conversa.")


class TextMessage(SendOptions):
    content: str = Field(min_length=1, max_length=4096, examples=["Olá! Como posso ajudar?"])
    preview_url: bool = False


class LocationContent(InputSchema):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    name: str | None = Field(default=None, max_length=1000)
    address: str | None = Field(default=None, max_length=1000)


class LocationMessage(SendOptions, LocationContent):
    pass


def _one_media_source(schema: dict[str, Any]) -> None:
    schema["oneOf"] = [{"required": ["mediaId"]}, {"required": ["url"]}]
    input_json_schema(schema)


class MediaContent(InputSchema):
    model_config = ConfigDict(json_schema_extra=_one_media_source)

    media_id: uuid.UUID | None = Field(default=None, description="Mídia já enviada em POST /api/v1/media.")
    url: HttpUrl | None = Field(default=None, description="Link público da mídia (o provedor baixa).")
    caption: str | None = Field(default=None, max_length=1024)
    filename: str | None = Field(default=None, max_length=255)
    mime_type: str | None = Field(default=None, max_length=100)
    ptt: bool | None = Field(
        default=None, description="Só para `audio`: true (padrão) vai como mensagem de voz; false, como arquivo."
    )

    @model_validator(mode="after")
    def _one_source(self) -> MediaContent:
        if (self.media_id is None) == (self.url is None):
            raise ValueError("Informe exatamente um entre mediaId e url")
        return self


TEXT_MAX_LENGTH = 4096
MEDIA_TYPES = ("image", "video", "document", "audio")


def _content_by_type(schema: dict[str, Any]) -> None:
    """O `content` que cada `type` aceita (o que `normalize_content` confere): texto não vazio (ou `{"text": ...}`),
    a localização ou a mídia (exatamente um entre `mediaId` e `url`)."""
    text = {"type": "string", "pattern": r"\S", "maxLength": TEXT_MAX_LENGTH}
    schema["allOf"] = [
        {
            "if": {"properties": {"type": {"const": "text"}}},
            "then": {
                "properties": {
                    "content": {"anyOf": [text, {"type": "object", "required": ["text"], "properties": {"text": text}}]}
                }
            },
        },
        {
            "if": {"properties": {"type": {"const": "location"}}, "required": ["type"]},
            "then": {"properties": {"content": LocationContent.model_json_schema()}},
        },
        {
            "if": {"properties": {"type": {"enum": list(MEDIA_TYPES)}}, "required": ["type"]},
            "then": {"properties": {"content": MediaContent.model_json_schema()}},
        },
    ]
    input_json_schema(schema)


class SendMessage(SendOptions):
    """Envio genérico: `content` é o texto (type=text) ou o objeto do tipo."""

    model_config = ConfigDict(json_schema_extra=_content_by_type)

    type: MessageType = "text"
    content: str | dict[str, Any] = Field(description="Texto, ou objeto de mídia/localização conforme `type`.")


class MessageAccepted(Schema):
    message_id: uuid.UUID = Field(description="Id da mensagem neste serviço.")
    status: str = Field(description="sent (aceita pelo provedor), pending (na fila) ou failed.")
    provider: str | None
    timestamp: datetime
    error: str | None = None


class MessageStatusOut(Schema):
    message_id: uuid.UUID
    provider_message_id: str | None
    status: str
    provider: str | None
    session_id: uuid.UUID | None
    to: str | None
    direction: str
    type: str | None
    attempts: int
    error: str | None
    error_code: str | None
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    read_at: datetime | None
    failed_at: datetime | None


class MessageOut(Schema):
    message_id: uuid.UUID
    provider_message_id: str | None
    session_id: uuid.UUID | None
    conversation_id: uuid.UUID | None
    direction: str
    from_: str | None = Field(alias="from")
    to: str | None
    type: str | None
    content: dict[str, Any] | None
    status: str | None
    provider: str | None
    error: str | None
    bulk_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


class MessagePage(Schema):
    items: list[MessageOut]
    next_cursor: str | None = Field(description="Passe em `cursor` para a próxima página; null no fim.")


class BulkRecipient(InputSchema):
    to: Phone
    variables: dict[str, str] = Field(default_factory=dict, description="Valores para {{variavel}} no conteúdo.")


class BulkSendRequest(InputSchema):
    model_config = ConfigDict(json_schema_extra=_content_by_type)

    recipients: list[BulkRecipient] = Field(
        min_length=1,
        description="Até BULK_MAX_RECIPIENTS destinatários.",
        json_schema_extra=semantic_validation(
            "no máximo BULK_MAX_RECIPIENTS destinatários por envio (configuração do servidor; 10.000 por padrão)"
        ),
    )
    type: MessageType = "text"
    content: str | dict[str, Any] = Field(description="Texto com {{variáveis}}, ou objeto de mídia/localização.")
    provider: ProviderChoice = "auto"
    session_id: uuid.UUID | None = None


class BulkAccepted(Schema):
    bulk_id: uuid.UUID
    status: str
    total: int
    duplicates_removed: int


class BulkProgress(Schema):
    bulk_id: uuid.UUID
    status: str = Field(description="queued, dispatching ou completed.")
    total: int
    created: int = Field(description="Mensagens já criadas a partir da lista.")
    pending: int
    sent: int
    delivered: int
    read: int
    failed: int
    created_at: datetime
    completed_at: datetime | None
