"""O contrato de entrada dos provedores: o que Meta, Baileys e o sandbox entregam ao núcleo, já verificado e tipado.

Cada provedor traduz o próprio formato (webhook da Meta, callback do serviço Baileys, simulação do sandbox) para estes
três tipos; `wacs.inbound` consome só eles. São modelos Pydantic porque também são o formato JSON dos callbacks
assinados (`providers/callbacks.py`) e do evento bruto guardado em `inbound_events.payload`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

InboundType = Literal[
    "text", "image", "video", "audio", "document", "sticker", "location", "contacts", "reaction", "unsupported"
]
MEDIA_TYPES = frozenset({"image", "video", "audio", "document", "sticker"})
ReceiptStatus = Literal["sent", "delivered", "read", "played", "failed"]
SessionState = Literal["connecting", "qr", "connected", "disconnected", "logged_out", "failed"]


def _now() -> datetime:
    return datetime.now(UTC)


class ContractModel(BaseModel):
    # Campos a mais são ignorados: um provedor pode mandar mais do que o núcleo usa (versões novas do serviço
    # Baileys, campos novos da Meta) sem que o evento seja recusado.
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore", frozen=True)


class MediaRef(ContractModel):
    """Mídia recebida, por referência do provedor: baixada depois por um job (`Provider.download_media`)."""

    ref: str = Field(min_length=1, max_length=2000, description="Referência do provedor (id de mídia, chave, URL).")
    mime_type: str | None = Field(default=None, max_length=100)
    filename: str | None = Field(default=None, max_length=255)
    caption: str | None = Field(default=None, max_length=4096)
    sha256: str | None = Field(default=None, max_length=128)
    size: int | None = Field(default=None, ge=0)
    voice: bool = False


class Location(ContractModel):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    name: str | None = Field(default=None, max_length=1000)
    address: str | None = Field(default=None, max_length=1000)


class Contact(ContractModel):
    name: str = Field(max_length=255)
    phones: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)


class Reaction(ContractModel):
    message_id: str = Field(max_length=255, description="Id do provedor da mensagem que recebeu a reação.")
    emoji: str = Field(max_length=20, description="Vazio = reação removida.")


class Selection(ContractModel):
    """Resposta a botões, listas ou botões de template: o `id` que nós definimos e o título que o cliente tocou."""

    type: Literal["button_reply", "list_reply", "button"]
    id: str = Field(max_length=256)
    title: str = Field(max_length=256)
    description: str | None = Field(default=None, max_length=256)


class InboundMessage(ContractModel):
    kind: Literal["message"] = "message"
    session_id: uuid.UUID
    message_id: str = Field(min_length=1, max_length=255, description="Id do provedor, único na sessão.")
    from_number: str = Field(alias="from", min_length=1, max_length=40)
    push_name: str | None = Field(default=None, max_length=255)
    # Conversa de grupo, status ou canal (JID) quando não é uma conversa individual: `from` é quem escreveu.
    chat: str | None = Field(default=None, max_length=255)
    type: InboundType = "text"
    text: str | None = Field(default=None, max_length=65536)
    media: MediaRef | None = None
    location: Location | None = None
    contacts: list[Contact] | None = Field(default=None, max_length=50)
    reaction: Reaction | None = None
    selection: Selection | None = None
    reply_to: str | None = Field(default=None, max_length=255, description="Id do provedor da mensagem citada.")
    error: str | None = Field(default=None, max_length=500, description="Por que o provedor não entregou o conteúdo.")
    timestamp: datetime = Field(default_factory=_now)

    def external_id(self) -> str:
        return self.message_id


class StatusUpdate(ContractModel):
    kind: Literal["status"] = "status"
    session_id: uuid.UUID
    message_id: str = Field(min_length=1, max_length=255, description="Id do provedor da mensagem enviada.")
    status: ReceiptStatus
    error_code: str | None = Field(default=None, max_length=100)
    error: str | None = Field(default=None, max_length=500)
    # Cobrança e conversa informadas pela Meta (categoria, se é cobrada, origem e validade da conversa).
    pricing: dict[str, Any] | None = None
    conversation: dict[str, Any] | None = None
    timestamp: datetime = Field(default_factory=_now)
    # Sem id próprio, um recibo repetido (mesma mensagem, mesmo status) é o mesmo evento; o sandbox manda um id
    # quando quer simular repetições de verdade.
    event_id: str | None = Field(default=None, max_length=100)

    def external_id(self) -> str:
        suffix = f":{self.event_id}" if self.event_id else ""
        return f"{self.message_id}:{self.status}{suffix}"


class SessionUpdate(ContractModel):
    kind: Literal["session"] = "session"
    session_id: uuid.UUID
    state: SessionState
    qr: str | None = Field(default=None, max_length=4096)
    pairing_code: str | None = Field(default=None, max_length=20)
    phone_number: str | None = Field(default=None, max_length=40, description="Número da conta conectada.")
    profile_name: str | None = Field(default=None, max_length=255)
    detail: str | None = Field(default=None, max_length=500)
    timestamp: datetime = Field(default_factory=_now)
    event_id: str = Field(default_factory=lambda: uuid.uuid4().hex, max_length=100)

    def external_id(self) -> str:
        return f"session:{self.event_id}"


ProviderEvent = Annotated[InboundMessage | StatusUpdate | SessionUpdate, Field(discriminator="kind")]
