from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, HttpUrl, model_validator

from wacs.kit.phone import Phone
from wacs.kit.schemas import InputSchema, Schema, input_json_schema, semantic_validation
from wacs.providers import registry

# Só os provedores instalados (e `auto`): um provedor ainda não implementado nunca teria sessão para enviar.
ProviderChoice = Annotated[str, registry.InstalledProvider(("auto",))]
# Uma reação vai a UMA mensagem de UM contato: o envio em massa não a aceita.
BulkMessageType = Literal["text", "image", "video", "document", "audio", "location"]
MessageType = Literal["text", "image", "video", "document", "audio", "location", "reaction"]

EMOJI_MAX_LENGTH = 20
EMOJI_RULE = (
    "um único emoji (também sequências como 👍🏽, 👨‍👩‍👧, bandeiras e 1️⃣), sem letras nem algarismos soltos; "
    "vazio remove a reação"
)
# Emojis cuja categoria Unicode não é "símbolo" (So): pontuação, letra e setas matemáticas.
_EMOJI_OUTSIDE_SO = frozenset("‼⁉ℹ〰〽↔⤴⤵")
_KEYCAP_BASES = frozenset("0123456789#*")
_ZWJ = "\u200d"


def _attaches(char: str) -> bool:
    """Parte que completa o emoji anterior: seletor de variação, keycap, tom de pele, tags das bandeiras regionais."""
    code = ord(char)
    return char in "\ufe0e\ufe0f\u20e3" or 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F


def is_single_emoji(value: str) -> bool:
    """Um só emoji, contando uma sequência (ZWJ, tom de pele, par de indicadores regionais, keycap) como um."""
    units = 0
    joined = False  # o caractere anterior foi um ZWJ: o próximo emoji é parte do mesmo
    open_flag = False  # um indicador regional esperando o par (bandeira)
    for index, char in enumerate(value):
        code = ord(char)
        regional = 0x1F1E6 <= code <= 0x1F1FF
        if char == _ZWJ:
            if units == 0 or joined:
                return False
            joined = True
            continue
        if _attaches(char):
            if units == 0:
                return False
            continue
        if regional and open_flag:
            open_flag = False
            continue
        open_flag = regional
        keycap = char in _KEYCAP_BASES and value[index + 1 :].lstrip("\ufe0f").startswith("\u20e3")
        if not (keycap or char in _EMOJI_OUTSIDE_SO or (code >= 0x80 and unicodedata.category(char) == "So")):
            return False
        if joined:
            joined = False
        else:
            units += 1
    return units == 1 and not joined


def _emoji(value: str) -> str:
    if value and not is_single_emoji(value):
        raise ValueError("Use um único emoji (ex.: 👍), ou texto vazio para remover a reação")
    return value


Emoji = Annotated[
    str,
    Field(
        max_length=EMOJI_MAX_LENGTH,
        examples=["👍"],
        description='O emoji da reação; vazio ("") remove a reação feita antes.',
        json_schema_extra=semantic_validation(EMOJI_RULE),
    ),
    AfterValidator(_emoji),
]


class SendTarget(InputSchema):
    to: Phone = Field(description="Destinatário (E.164; números brasileiros com ou sem o nono dígito).")
    provider: ProviderChoice = Field(default="auto", description="auto segue a preferência do tenant.")
    session_id: uuid.UUID | None = Field(default=None, description="Envia por esta sessão (número) específica.")


class SendOptions(SendTarget):
    enable_ai: bool = Field(default=False, alias="enableAI", description="Deixa o agente de IA responder depois.")
    agent_id: uuid.UUID | None = Field(default=None, description="Agente de IA que assume a conversa.")
    reply_to: uuid.UUID | None = Field(
        default=None,
        description="Responde citando esta mensagem (o `messageId` dela neste serviço): recebida do mesmo contato ou "
        "enviada a ele, e já aceita pelo provedor. Sem `sessionId`, a resposta sai pelo número que tem a mensagem.",
    )


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


class ReactionContent(InputSchema):
    message_id: uuid.UUID = Field(description="A mensagem (o `messageId` dela neste serviço) que recebe a reação.")
    emoji: Emoji


class ReactionMessage(SendTarget, ReactionContent):
    """Reação a uma mensagem da conversa com `to` (recebida dele ou enviada a ele)."""


TEXT_MAX_LENGTH = 4096
MEDIA_TYPES = ("image", "video", "document", "audio")


def _content_rules() -> list[dict[str, Any]]:
    """O `content` que cada `type` aceita (o que `normalize_content` confere): texto não vazio (ou `{"text": ...}`),
    a localização ou a mídia (exatamente um entre `mediaId` e `url`)."""
    text = {"type": "string", "pattern": r"\S", "maxLength": TEXT_MAX_LENGTH}
    return [
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


def _bulk_content_by_type(schema: dict[str, Any]) -> None:
    schema["allOf"] = _content_rules()
    input_json_schema(schema)


def _content_by_type(schema: dict[str, Any]) -> None:
    """As regras do envio em massa mais a reação (`{"messageId", "emoji"}`)."""
    reaction = {
        "if": {"properties": {"type": {"const": "reaction"}}, "required": ["type"]},
        "then": {"properties": {"content": ReactionContent.model_json_schema()}},
    }
    schema["allOf"] = [*_content_rules(), reaction]
    input_json_schema(schema)


class SendMessage(SendOptions):
    """Envio genérico: `content` é o texto (type=text) ou o objeto do tipo."""

    model_config = ConfigDict(json_schema_extra=_content_by_type)

    type: MessageType = "text"
    content: str | dict[str, Any] = Field(
        description='Texto, ou objeto de mídia/localização/reação (`{"messageId", "emoji"}`) conforme `type`.'
    )


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
    model_config = ConfigDict(json_schema_extra=_bulk_content_by_type)

    recipients: list[BulkRecipient] = Field(
        min_length=1,
        description="Até BULK_MAX_RECIPIENTS destinatários.",
        json_schema_extra=semantic_validation(
            "no máximo BULK_MAX_RECIPIENTS destinatários por envio (configuração do servidor; 10.000 por padrão)"
        ),
    )
    type: BulkMessageType = "text"
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
