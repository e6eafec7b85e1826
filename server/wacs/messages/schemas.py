from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from wacs.kit.phone import Phone
from wacs.kit.schemas import Email, InputSchema, Schema, embedded_json_schema, input_json_schema, semantic_validation
from wacs.providers import registry

# Só os provedores instalados (e `auto`): um provedor ainda não implementado nunca teria sessão para enviar.
ProviderChoice = Annotated[str, registry.InstalledProvider(("auto",))]
# Uma reação vai a UMA mensagem de UM contato: o envio em massa não a aceita.
BulkMessageType = Literal[
    "text", "image", "video", "document", "audio", "sticker", "location", "contacts", "interactive", "template"
]
MessageType = Literal[
    "text",
    "image",
    "video",
    "document",
    "audio",
    "sticker",
    "location",
    "contacts",
    "interactive",
    "template",
    "reaction",
]

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
    preview_url: bool = Field(default=False, description="Mostrar a prévia do primeiro link do texto (Meta).")


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


# ---------------------------------------------------------------------------------------------------------------
# Contatos, botões/listas e templates (os limites são os do WhatsApp; acima deles a Meta recusa o envio).

STICKER_MIME_TYPE = "image/webp"
CONTACTS_MAX = 10
BUTTONS_MAX = 3
SECTIONS_MAX = 10
LIST_ROWS_MAX = 10
TEMPLATE_NAME_PATTERN = r"^[a-z0-9_]{1,512}$"
TEMPLATE_LANGUAGE_PATTERN = r"^[a-z]{2,3}(_[A-Z]{2})?$"
_TEMPLATE_NAME = re.compile(TEMPLATE_NAME_PATTERN)
_TEMPLATE_LANGUAGE = re.compile(TEMPLATE_LANGUAGE_PATTERN)


class ContactCard(InputSchema):
    """Um cartão de contato (vCard) enviado na conversa."""

    name: str = Field(min_length=1, max_length=255, description="Nome do contato, como aparece no cartão.")
    phones: list[Phone] = Field(min_length=1, max_length=20, description="Telefones do contato (1 a 20).")
    emails: list[Email] | None = Field(default=None, max_length=20, description="E-mails do contato (até 20).")
    organization: str | None = Field(default=None, max_length=255, description="Empresa do contato.")


class ContactsContent(InputSchema):
    contacts: list[ContactCard] = Field(
        min_length=1, max_length=CONTACTS_MAX, description="De 1 a 10 cartões de contato numa mensagem."
    )


class InteractiveButton(InputSchema):
    id: str = Field(min_length=1, max_length=256, description="Id devolvido quando o cliente toca no botão.")
    title: str = Field(min_length=1, max_length=20, description="Texto do botão (até 20 caracteres).")


class ListRow(InputSchema):
    id: str = Field(min_length=1, max_length=200, description="Id devolvido quando o cliente escolhe a linha.")
    title: str = Field(min_length=1, max_length=24, description="Título da linha (até 24 caracteres).")
    description: str | None = Field(default=None, max_length=72, description="Descrição (até 72 caracteres).")


class ListSection(InputSchema):
    title: str | None = Field(
        default=None, max_length=24, description="Título da seção; obrigatório quando há mais de uma."
    )
    rows: list[ListRow] = Field(min_length=1, max_length=LIST_ROWS_MAX)


INTERACTIVE_RULE = (
    "ids dos botões (e das linhas da lista) sem repetição; no máximo 10 linhas somando todas as seções; título em "
    "cada seção quando há mais de uma"
)


def _interactive_shape(schema: dict[str, Any]) -> None:
    schema["allOf"] = [
        {
            "if": {"properties": {"type": {"const": "button"}}, "required": ["type"]},
            "then": {"required": ["buttons"], "not": {"anyOf": [{"required": ["sections"]}, {"required": ["button"]}]}},
        },
        {
            "if": {"properties": {"type": {"const": "list"}}, "required": ["type"]},
            "then": {"required": ["button", "sections"], "not": {"required": ["buttons"]}},
        },
    ]
    schema.update(semantic_validation(INTERACTIVE_RULE))
    input_json_schema(schema)


class InteractiveContent(InputSchema):
    """Mensagem com botões de resposta (`type: button`) ou com uma lista de opções (`type: list`)."""

    model_config = ConfigDict(json_schema_extra=_interactive_shape)

    type: Literal["button", "list"]
    body: str = Field(min_length=1, max_length=1024, description="Texto principal (até 1024 caracteres).")
    header: str | None = Field(default=None, max_length=60, description="Cabeçalho em texto (até 60 caracteres).")
    footer: str | None = Field(default=None, max_length=60, description="Rodapé (até 60 caracteres).")
    buttons: list[InteractiveButton] | None = Field(
        default=None, min_length=1, max_length=BUTTONS_MAX, description="Só em `button`: de 1 a 3 botões."
    )
    button: str | None = Field(
        default=None, min_length=1, max_length=20, description="Só em `list`: rótulo do botão que abre a lista."
    )
    sections: list[ListSection] | None = Field(
        default=None, min_length=1, max_length=SECTIONS_MAX, description="Só em `list`: de 1 a 10 seções."
    )


def interactive_errors(content: InteractiveContent) -> list[tuple[str, str]]:
    """O que o esquema de cada campo não confere sozinho: (caminho dentro de `content`, mensagem em pt-BR)."""
    errors: list[tuple[str, str]] = []
    if content.type == "button":
        if content.buttons is None:
            errors.append(("buttons", "Obrigatório em type button: de 1 a 3 botões ({id, title})."))
        for name in ("button", "sections"):
            if getattr(content, name) is not None:
                errors.append((name, "Só vale em type list; em type button use buttons."))
        seen: set[str] = set()
        for index, item in enumerate(content.buttons or []):
            if item.id in seen:
                errors.append((f"buttons.{index}.id", f"Id repetido ({item.id}): cada botão precisa de um id próprio."))
            seen.add(item.id)
        return errors
    if content.button is None:
        errors.append(("button", "Obrigatório em type list: o rótulo do botão que abre a lista (até 20 caracteres)."))
    if content.sections is None:
        errors.append(("sections", "Obrigatório em type list: de 1 a 10 seções com as linhas da lista."))
    if content.buttons is not None:
        errors.append(("buttons", "Só vale em type button; em type list use button e sections."))
    sections = content.sections or []
    total = sum(len(section.rows) for section in sections)
    if total > LIST_ROWS_MAX:
        errors.append(("sections", f"A lista tem {total} linhas; o WhatsApp aceita no máximo 10 somando as seções."))
    rows: set[str] = set()
    for s_index, section in enumerate(sections):
        if len(sections) > 1 and not section.title:
            errors.append((f"sections.{s_index}.title", "Obrigatório quando a lista tem mais de uma seção."))
        for r_index, row in enumerate(section.rows):
            if row.id in rows:
                message = f"Id repetido ({row.id}): cada linha precisa de um id próprio."
                errors.append((f"sections.{s_index}.rows.{r_index}.id", message))
            rows.add(row.id)
    return errors


class TemplateParameter(BaseModel):
    """Um parâmetro de componente, no formato da Meta (ex.: `{"type": "text", "text": "Maria"}`)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(
        min_length=1,
        max_length=50,
        description="text, currency, date_time, image, document, video, payload, coupon_code, action…",
    )


class TemplateComponent(BaseModel):
    """Um componente do template no formato da Meta: vai ao provedor como veio (os campos além destes também)."""

    model_config = ConfigDict(extra="allow")

    type: Literal["header", "body", "button", "footer"]
    parameters: list[TemplateParameter] = Field(default_factory=list, max_length=100)
    sub_type: str | None = Field(default=None, max_length=30, description="Só em button: quick_reply, url, …")
    index: int | str | None = Field(default=None, description="Só em button: a posição do botão (0, 1, 2…).")


def _template_name(value: str) -> str:
    if not _TEMPLATE_NAME.match(value):
        raise ValueError("Use só letras minúsculas, algarismos e _ (até 512 caracteres), como aprovado na Meta")
    return value


def _template_language(value: str) -> str:
    if not _TEMPLATE_LANGUAGE.match(value):
        raise ValueError("Código de idioma do template inválido; use o formato da Meta, como pt_BR, en_US ou es")
    return value


class TemplateContent(InputSchema):
    """Template aprovado na Meta: o único tipo que sai fora da janela de 24 horas de atendimento."""

    name: Annotated[
        str,
        Field(min_length=1, max_length=512, json_schema_extra={"pattern": TEMPLATE_NAME_PATTERN}),
        AfterValidator(_template_name),
    ] = Field(description="Nome do template aprovado (ex.: confirmacao_pedido).")
    language: Annotated[
        str,
        Field(min_length=2, max_length=10, json_schema_extra={"pattern": TEMPLATE_LANGUAGE_PATTERN}),
        AfterValidator(_template_language),
    ] = Field(description="Idioma do template aprovado (ex.: pt_BR).")
    components: list[TemplateComponent] = Field(
        default_factory=list,
        max_length=20,
        description="Componentes com os parâmetros, no formato da Meta (header, body, button, footer).",
    )


def template_errors(content: TemplateContent) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for index, component in enumerate(content.components):
        if component.type != "button":
            continue
        if not component.sub_type:
            errors.append((f"components.{index}.sub_type", "Obrigatório em componentes button (ex.: quick_reply)."))
        if component.index is None:
            errors.append((f"components.{index}.index", "Obrigatório em componentes button: a posição do botão."))
    return errors


TEXT_MAX_LENGTH = 4096
MEDIA_TYPES = ("image", "video", "document", "audio", "sticker")


def _content_rules() -> list[dict[str, Any]]:
    """O `content` que cada `type` aceita (o que `normalize_content` confere): texto não vazio (ou `{"text": ...}`),
    a localização, a mídia (exatamente um entre `mediaId` e `url`; figurinha em WebP), contatos, botões/lista e
    template."""
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
            "then": {"properties": {"content": embedded_json_schema(LocationContent)}},
        },
        {
            "if": {"properties": {"type": {"enum": list(MEDIA_TYPES)}}, "required": ["type"]},
            "then": {"properties": {"content": embedded_json_schema(MediaContent)}},
        },
        {
            "if": {"properties": {"type": {"const": "contacts"}}, "required": ["type"]},
            "then": {"properties": {"content": embedded_json_schema(ContactsContent)}},
        },
        {
            "if": {"properties": {"type": {"const": "interactive"}}, "required": ["type"]},
            "then": {"properties": {"content": embedded_json_schema(InteractiveContent)}},
        },
        {
            "if": {"properties": {"type": {"const": "template"}}, "required": ["type"]},
            "then": {"properties": {"content": embedded_json_schema(TemplateContent)}},
        },
    ]


def _bulk_content_by_type(schema: dict[str, Any]) -> None:
    schema["allOf"] = _content_rules()
    input_json_schema(schema)


def _content_by_type(schema: dict[str, Any]) -> None:
    """As regras do envio em massa mais a reação (`{"messageId", "emoji"}`)."""
    reaction = {
        "if": {"properties": {"type": {"const": "reaction"}}, "required": ["type"]},
        "then": {"properties": {"content": embedded_json_schema(ReactionContent)}},
    }
    schema["allOf"] = [*_content_rules(), reaction]
    input_json_schema(schema)


class SendMessage(SendOptions):
    """Envio genérico: `content` é o texto (type=text) ou o objeto do tipo."""

    model_config = ConfigDict(json_schema_extra=_content_by_type)

    type: MessageType = "text"
    content: str | dict[str, Any] = Field(
        description="Texto, ou o objeto do `type`: mídia (também `sticker`, WebP), localização, contatos "
        '(`{"contacts": [...]}`), botões/lista (`interactive`), template (`{"name", "language", "components"}`) ou '
        'reação (`{"messageId", "emoji"}`).'
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
    content: str | dict[str, Any] = Field(
        description="Texto com {{variáveis}}, ou o objeto do `type` (mídia, localização, contatos, botões/lista, "
        "template). As variáveis valem no texto, na legenda, no corpo/cabeçalho/rodapé dos botões e listas e nos "
        "parâmetros `text` dos templates."
    )
    provider: ProviderChoice = "auto"
    session_id: uuid.UUID | None = None


class BulkAccepted(Schema):
    bulk_id: uuid.UUID
    status: str
    total: int
    duplicates_removed: int


class BulkProgress(Schema):
    """O progresso de um envio em massa: a resposta da consulta, os itens da listagem e o `data` do evento
    `bulk.progress`."""

    bulk_id: uuid.UUID
    status: str = Field(description="queued, dispatching ou completed.")
    type: str = Field(description="O tipo das mensagens (text, image, template…).")
    total: int
    created: int = Field(description="Mensagens já criadas a partir da lista.")
    pending: int
    sent: int
    delivered: int
    read: int
    failed: int
    created_at: datetime
    completed_at: datetime | None
