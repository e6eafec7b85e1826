"""A interface única dos provedores de WhatsApp (o `IWhatsAppProvider` do PRD, em Python).

Cada provedor (sandbox, baileys, meta_api) valida a própria configuração, envia cada tipo de mensagem e
informa status e saúde. Eventos de entrada (mensagens e recibos) chegam ao caminho único de `wacs.inbound`.
"""

from __future__ import annotations

import builtins
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from wacs.kit.context import AppContext

ErrorKind = Literal["transient", "permanent", "credentials"]
SessionStatus = Literal["connecting", "qr", "connected", "disconnected", "logged_out", "failed"]


class ProviderError(Exception):
    """Falha do provedor, já classificada: só `transient` vale nova tentativa ou fallback."""

    def __init__(self, kind: ErrorKind, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.code = code

    @property
    def transient(self) -> bool:
        return self.kind == "transient"


@dataclass(frozen=True)
class SessionInfo:
    """O que um provedor sabe da sessão que atende (sem depender do ORM)."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    phone_number: str
    provider_type: str


@dataclass(frozen=True)
class OutboundMessage:
    message_id: uuid.UUID
    to: str
    type: str  # text | image | video | document | audio | location
    content: dict[str, Any]
    media_bytes: bytes | None = None


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str


@dataclass(frozen=True)
class ProviderState:
    status: SessionStatus
    qr_code: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class Throughput:
    """Limites de envio de um número: taxa (token bucket) e intervalo mínimo por destinatário."""

    messages_per_second: float
    burst: int
    recipient_interval_seconds: float = 0.0
    jitter_seconds: float = 0.0


class ProviderConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Provider(ABC):
    type: ClassVar[str]
    display_name: ClassVar[str]
    config_schema: ClassVar[builtins.type[ProviderConfig]]
    # Campos da configuração que nunca voltam ao cliente (tokens, segredos).
    secret_fields: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, ctx: AppContext, session: SessionInfo, config: ProviderConfig) -> None:
        self.ctx = ctx
        self.session = session
        self.config = config

    @abstractmethod
    async def initialize(self) -> ProviderState: ...

    @abstractmethod
    async def send_text(self, message: OutboundMessage) -> SendResult: ...

    @abstractmethod
    async def send_media(self, message: OutboundMessage) -> SendResult: ...

    @abstractmethod
    async def send_audio(self, message: OutboundMessage) -> SendResult: ...

    @abstractmethod
    async def send_location(self, message: OutboundMessage) -> SendResult: ...

    @abstractmethod
    async def disconnect(self) -> ProviderState: ...

    @abstractmethod
    async def status(self) -> ProviderState: ...

    async def health(self) -> bool:
        return (await self.status()).status == "connected"

    @abstractmethod
    def throughput(self) -> Throughput: ...

    async def send(self, message: OutboundMessage) -> SendResult:
        if message.type == "text":
            return await self.send_text(message)
        if message.type in {"image", "video", "document"}:
            return await self.send_media(message)
        if message.type == "audio":
            return await self.send_audio(message)
        if message.type == "location":
            return await self.send_location(message)
        raise ProviderError("permanent", f"Tipo de mensagem não suportado pelo provedor: {message.type}.")


@dataclass
class ProviderSpec:
    cls: builtins.type[Provider]
    aliases: list[str] = field(default_factory=list)
