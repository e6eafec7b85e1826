"""A interface única dos provedores de WhatsApp (o `IWhatsAppProvider` do PRD, em Python).

Cada provedor valida a própria configuração, envia cada tipo de mensagem, informa status e saúde, declara o que
sabe fazer (`capabilities`) e por quais rotas avisa o que acontece (`callbacks`, no contrato de
`providers/contract.py`). Eventos de entrada chegam ao caminho único de `wacs.inbound`.
"""

from __future__ import annotations

import builtins
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from wacs.kit.context import AppContext
from wacs.providers.callbacks import CallbackRoute

ErrorKind = Literal["transient", "permanent", "credentials"]
# O que um envio pode pedir; cada provedor declara (em `capabilities`) o subconjunto que atende.
CAPABILITIES = frozenset(
    {
        "text",
        "image",
        "video",
        "document",
        "audio",
        "voice_note",
        "sticker",
        "location",
        "contacts",
        "reply",
        "reaction",
        "mark_read",
        "templates",
        "interactive",
    }
)


# Tipo de mensagem → capacidade, quando os nomes diferem.
_KIND_CAPABILITY = {"template": "templates"}


def required_capabilities(kind: str, content: dict[str, Any] | None = None) -> frozenset[str]:
    """O que um envio exige do provedor: o tipo, mais resposta/nota de voz quando o conteúdo pede."""
    content = content or {}
    needed = {_KIND_CAPABILITY.get(kind, kind)}
    if content.get("replyTo"):
        needed.add("reply")
    if kind == "audio" and content.get("ptt"):
        needed.add("voice_note")
    return frozenset(needed)


SessionStatus = Literal["connecting", "qr", "connected", "disconnected", "logged_out", "failed"]


class ProviderError(Exception):
    """Falha do provedor, já classificada: só `transient` vale nova tentativa ou fallback.

    `retry_after`: quanto esperar antes de tentar de novo (segundos), quando o provedor diz. `scope="number"`: o
    limite é do número inteiro (ex.: 130429 da Meta), não só desta mensagem — o despacho pausa a sessão toda.
    """

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        code: str | None = None,
        *,
        retry_after: float | None = None,
        scope: Literal["message", "number"] = "message",
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.code = code
        self.retry_after = retry_after
        self.scope = scope

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
    """Um envio, com o conteúdo canônico gravado em `messages.content`:

    - text: `{"text"}`; image/video/document/audio: `{"media": {"mediaId" | "url", "caption", "filename",
      "mimeType"}, "ptt"}` (`ptt` só em audio; `media_bytes` traz o arquivo quando é `mediaId`); location:
      `{"location": {"latitude", "longitude", "name", "address"}}`;
    - reaction: `{"reaction": {"messageId", "providerMessageId", "fromMe", "emoji"}}` (emoji vazio remove a reação);
    - sticker: como a imagem (`{"media": {...}}`, WebP);
    - contacts: `{"contacts": [{"name", "phones": [...], "emails"?: [...], "organization"?}]}`;
    - interactive: `{"interactive": {"type": "button" | "list", "body", "header"?, "footer"?, "buttons"?: [{"id",
      "title"}], "button"?: "<rótulo da lista>", "sections"?: [{"title"?, "rows": [{"id", "title",
      "description"?}]}]}}`;
    - template: `{"template": {"name", "language", "components": [...]}}` (componentes no formato da Meta);
    - qualquer tipo pode citar outra mensagem: `"replyTo": {"messageId", "providerMessageId", "fromMe", "text"}`
      (`messageId` é o nosso id; `providerMessageId`, o id no provedor; `fromMe`, se a citada foi enviada por nós).
    """

    message_id: uuid.UUID
    to: str
    type: str  # um dos tipos acima
    content: dict[str, Any]
    media_bytes: bytes | None = None
    # Tipo e nome do arquivo de `media_bytes` (os do pedido ou, sem eles, os da mídia guardada).
    media_mime_type: str | None = None
    media_filename: str | None = None


@dataclass(frozen=True)
class DownloadedMedia:
    data: bytes
    mime_type: str
    filename: str | None = None


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str


@dataclass(frozen=True)
class ProviderState:
    status: SessionStatus
    qr_code: str | None = None
    detail: str | None = None
    pairing_code: str | None = None
    account_number: str | None = None
    profile_name: str | None = None
    # Classificação de qualidade do número (Meta: GREEN, YELLOW, RED, UNKNOWN).
    quality_rating: str | None = None


@dataclass(frozen=True)
class Throughput:
    """Limites de envio de um número: taxa (token bucket) e intervalo mínimo por destinatário."""

    messages_per_second: float
    burst: int
    recipient_interval_seconds: float = 0.0
    jitter_seconds: float = 0.0


class ProviderConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)


class Provider(ABC):
    type: ClassVar[str]
    display_name: ClassVar[str]
    config_schema: ClassVar[builtins.type[ProviderConfig]]
    # Campos da configuração que nunca voltam ao cliente (tokens, segredos).
    secret_fields: ClassVar[frozenset[str]] = frozenset()
    capabilities: ClassVar[frozenset[str]] = frozenset({"text"})
    # Posição na preferência padrão dos tenants (menor primeiro): números reais antes do simulado.
    default_rank: ClassVar[int] = 0
    # Rotas públicas por onde o provedor avisa mensagens, recibos e estado da sessão (montadas por `wacs.inbound`).
    callbacks: ClassVar[tuple[CallbackRoute, ...]] = ()
    # Janela de atendimento de 24 h (Meta): fora dela, a conversa só aceita templates.
    service_window: ClassVar[bool] = False

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

    async def send_reaction(self, message: OutboundMessage) -> SendResult:
        raise ProviderError("permanent", f"O provedor {self.type} não envia reações.", "recurso_nao_suportado")

    async def send_contacts(self, message: OutboundMessage) -> SendResult:
        raise ProviderError("permanent", f"O provedor {self.type} não envia contatos.", "recurso_nao_suportado")

    async def send_interactive(self, message: OutboundMessage) -> SendResult:
        raise ProviderError(
            "permanent", f"O provedor {self.type} não envia botões nem listas.", "recurso_nao_suportado"
        )

    async def send_template(self, message: OutboundMessage) -> SendResult:
        raise ProviderError("permanent", f"O provedor {self.type} não envia templates.", "recurso_nao_suportado")

    async def list_templates(self) -> list[dict[str, Any]]:
        """Templates aprovados do número, no formato da Meta (`name`, `language`, `status`, `category`,
        `components`)."""
        raise ProviderError("permanent", f"O provedor {self.type} não tem templates.", "recurso_nao_suportado")

    async def mark_read(self, contact: str, provider_message_ids: list[str], typing: bool = False) -> None:
        """Avisa o contato que as mensagens dele foram lidas (os dois tiques azuis); só chamado com `mark_read`.

        `provider_message_ids` vem da mais recente para a mais antiga. `typing`: mostrar também "digitando…" ao
        contato (até a resposta ou por uns 25 s), onde o provedor sabe fazer isso (Meta)."""
        raise ProviderError("permanent", f"O provedor {self.type} não avisa leitura.", "recurso_nao_suportado")

    async def download_media(self, ref: str) -> DownloadedMedia:
        """Baixa a mídia de uma mensagem recebida pela referência do provedor (`MediaRef.ref`)."""
        raise ProviderError("permanent", f"O provedor {self.type} não baixa mídia recebida.")

    async def health(self) -> bool:
        return (await self.status()).status == "connected"

    @abstractmethod
    def throughput(self) -> Throughput: ...

    async def send(self, message: OutboundMessage) -> SendResult:
        if message.type == "text":
            return await self.send_text(message)
        if message.type in {"image", "video", "document", "sticker"}:
            return await self.send_media(message)
        if message.type == "audio":
            return await self.send_audio(message)
        if message.type == "location":
            return await self.send_location(message)
        if message.type == "reaction":
            return await self.send_reaction(message)
        if message.type == "contacts":
            return await self.send_contacts(message)
        if message.type == "interactive":
            return await self.send_interactive(message)
        if message.type == "template":
            return await self.send_template(message)
        raise ProviderError("permanent", f"Tipo de mensagem não suportado pelo provedor: {message.type}.")


@dataclass
class ProviderSpec:
    cls: builtins.type[Provider]
    aliases: list[str] = field(default_factory=list)
