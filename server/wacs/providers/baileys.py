"""Provedor Baileys: números conectados ao WhatsApp Web por QR code ou código de pareamento.

A conexão com o WhatsApp vive no serviço Node separado (`baileys/`, contrato em docs/baileys.md); este provedor só
fala com ele por HTTP (`BAILEYS_URL`, com `Authorization: Bearer <token>`). Mensagens recebidas, recibos e mudanças
de sessão voltam do serviço pelos callbacks assinados do núcleo (`SIGNED_ROUTES`, os mesmos do sandbox).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, get_args

import httpx
from pydantic import Field

from wacs.config import Settings
from wacs.kit.secrets import shared_token
from wacs.providers.base import (
    DownloadedMedia,
    OutboundMessage,
    Provider,
    ProviderConfig,
    ProviderError,
    ProviderState,
    SendResult,
    SessionStatus,
    Throughput,
)
from wacs.providers.callbacks import SIGNED_ROUTES

# O serviço devolve "connecting" logo depois do start e o QR chega um instante depois: a inicialização espera um
# pouco por ele, para já responder com o QR (e não depender só do callback, que pode chegar antes de a sessão nova
# estar gravada e ser ignorado).
START_SETTLE_SECONDS = 3.0
START_POLL_SECONDS = 0.1
HEALTH_TIMEOUT_SECONDS = 2.0
_STATES = frozenset(get_args(SessionStatus))

UNREACHABLE = (
    "O serviço Baileys não respondeu ({reason}). Confira se ele está no ar em BAILEYS_URL; envios pendentes são "
    "tentados de novo."
)
TOKEN_MISMATCH = (
    "O serviço Baileys recusou o token da API (401): BAILEYS_TOKEN (ou DATA_DIR/baileys.token) da API e do serviço "
    "precisam ser o mesmo. Corrija a configuração; envios pendentes ficam na fila e são tentados de novo."
)


class BaileysConfig(ProviderConfig):
    use_pairing_code: bool = Field(
        default=False,
        alias="usePairingCode",
        description="Conectar por código de pareamento (digitado no celular) em vez de QR code.",
    )
    receive_groups: bool = Field(
        default=False, alias="receiveGroups", description="Receber também as mensagens de grupos."
    )
    # Ritmo conservador por padrão: o WhatsApp Web bane números que disparam rápido demais.
    messages_per_second: float = Field(
        default=1.0,
        alias="messagesPerSecond",
        ge=0.1,
        le=20,
        description="Envios por segundo deste número (token bucket).",
    )


def service_token(settings: Settings) -> str:
    """O token que a API manda ao serviço: BAILEYS_TOKEN ou o de DATA_DIR/baileys.token (criado no primeiro uso)."""
    return shared_token(settings.baileys_token, settings.data_dir / "baileys.token")


# Um cliente por processo, preso ao event loop em que nasceu (conexões não atravessam loops).
_client: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient] | None = None


def http_client() -> httpx.AsyncClient:
    global _client
    loop = asyncio.get_running_loop()
    if _client is not None and _client[0] is loop and not _client[1].is_closed:
        return _client[1]
    client = httpx.AsyncClient(trust_env=False, follow_redirects=False)
    _client = (loop, client)
    return client


async def close_http_client() -> None:
    global _client
    if _client is not None:
        loop, client = _client
        _client = None
        if loop is asyncio.get_running_loop():
            await client.aclose()


async def ping(settings: Settings, limit_seconds: float = HEALTH_TIMEOUT_SECONDS) -> None:
    """`GET /health` do serviço (sem token); falha com ProviderError transitório se ele não responder ok."""
    response = await _request(settings, "GET", "/health", limit_seconds=limit_seconds, auth=False)
    if response.status_code != 200:
        raise ProviderError("transient", UNREACHABLE.format(reason=f"HTTP {response.status_code}"))


async def _request(
    settings: Settings,
    method: str,
    path: str,
    json: dict[str, Any] | None = None,
    *,
    limit_seconds: float | None = None,
    auth: bool = True,
) -> httpx.Response:
    headers = {"authorization": f"Bearer {service_token(settings)}"} if auth else {}
    try:
        response = await http_client().request(
            method,
            settings.baileys_url + path,
            json=json,
            headers=headers,
            timeout=limit_seconds or settings.baileys_timeout_seconds,
        )
    except httpx.TimeoutException:
        raise ProviderError("transient", UNREACHABLE.format(reason="tempo esgotado"), "baileys_timeout") from None
    except httpx.HTTPError as exc:
        reason = f"sem conexão: {type(exc).__name__}"
        raise ProviderError("transient", UNREACHABLE.format(reason=reason), "baileys_indisponivel") from None
    if response.status_code == 401:
        raise ProviderError("transient", TOKEN_MISMATCH, "baileys_token_invalido")
    if response.status_code >= 500:
        code, detail = _problem(response)
        message = UNREACHABLE.format(reason=f"HTTP {response.status_code}") + (f" Detalhe: {detail}" if detail else "")
        raise ProviderError("transient", message, code or "baileys_indisponivel")
    return response


def _problem(response: httpx.Response) -> tuple[str | None, str | None]:
    """`code` e `detail` do problem+json do serviço (o detalhe já vem em pt-BR)."""
    try:
        body = response.json()
    except ValueError:
        return None, None
    if not isinstance(body, dict):
        return None, None
    code, detail = body.get("code"), body.get("detail")
    return (code if isinstance(code, str) else None), (detail if isinstance(detail, str) else None)


def _unexpected(response: httpx.Response) -> ProviderError:
    code, detail = _problem(response)
    message = detail or f"Resposta inesperada do serviço Baileys (HTTP {response.status_code})."
    return ProviderError("permanent", message, code or f"baileys_http_{response.status_code}")


def _state(view: Any) -> ProviderState:
    if not isinstance(view, dict) or view.get("state") not in _STATES:
        return ProviderState("failed", detail="O serviço Baileys respondeu um estado de sessão desconhecido.")

    def text(name: str) -> str | None:
        value = view.get(name)
        return value if isinstance(value, str) and value else None

    return ProviderState(
        view["state"],
        qr_code=text("qr"),
        detail=text("detail"),
        pairing_code=text("pairingCode"),
        account_number=text("phoneNumber"),
        profile_name=text("profileName"),
    )


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


class BaileysProvider(Provider):
    type = "baileys"
    display_name = "Baileys (WhatsApp Web)"
    config_schema = BaileysConfig
    # Só texto nesta entrega: o serviço Node ainda não envia mídia, áudio nem localização (nem respostas/reações).
    capabilities = frozenset({"text"})
    callbacks = SIGNED_ROUTES
    # Número real antes do simulado (sandbox = 100).
    default_rank = 10
    config: BaileysConfig

    @property
    def _settings(self) -> Settings:
        return self.ctx.settings

    def _path(self, suffix: str = "") -> str:
        return f"/sessions/{self.session.id}{suffix}"

    async def initialize(self) -> ProviderState:
        body = {
            "phoneNumber": _digits(self.session.phone_number) or None,
            "usePairingCode": self.config.use_pairing_code,
            "receiveGroups": self.config.receive_groups,
        }
        response = await _request(self._settings, "POST", self._path("/start"), body)
        if response.status_code != 200:
            raise _unexpected(response)
        state = _state(response.json())
        deadline = time.monotonic() + START_SETTLE_SECONDS
        while state.status == "connecting" and time.monotonic() < deadline:
            await asyncio.sleep(START_POLL_SECONDS)
            state = await self.status()
        return state

    async def status(self) -> ProviderState:
        response = await _request(self._settings, "GET", self._path())
        if response.status_code == 404:
            # O serviço não conhece a sessão (nunca iniciada nele, ou apagada): é preciso iniciar de novo.
            return ProviderState("disconnected", detail="Sessão não iniciada no serviço Baileys.")
        if response.status_code != 200:
            raise _unexpected(response)
        return _state(response.json())

    async def disconnect(self) -> ProviderState:
        response = await _request(self._settings, "POST", self._path("/logout"))
        if response.status_code == 404:
            return ProviderState("disconnected")
        if response.status_code != 200:
            raise _unexpected(response)
        return _state(response.json())

    async def health(self) -> bool:
        try:
            await ping(self._settings)
        except ProviderError:
            return False
        return True

    def throughput(self) -> Throughput:
        rate = self.config.messages_per_second
        return Throughput(rate, max(1, int(rate)))

    async def send_text(self, message: OutboundMessage) -> SendResult:
        body = {
            # O serviço deriva o id do WhatsApp do nosso: um reenvio depois de uma queda não duplica a mensagem.
            "messageId": str(message.message_id),
            "to": _digits(message.to),
            "type": "text",
            "text": message.content.get("text"),
        }
        response = await _request(self._settings, "POST", self._path("/messages"), body)
        if response.status_code == 200:
            provider_message_id = response.json().get("providerMessageId")
            if isinstance(provider_message_id, str) and provider_message_id:
                return SendResult(provider_message_id)
            # Aceito sem id: reenviar é seguro (o mesmo messageId não duplica) e o recibo precisa do id.
            raise ProviderError("transient", "O serviço Baileys aceitou o envio sem informar o id da mensagem.")
        code, detail = _problem(response)
        if response.status_code == 409:
            # `sessao_desconectada`: o número não está conectado agora; a mensagem espera a reconexão.
            message_text = detail or "O número não está conectado ao WhatsApp agora."
            raise ProviderError("transient", message_text, code or "sessao_desconectada")
        raise _unexpected(response)

    async def send_media(self, message: OutboundMessage) -> SendResult:
        raise _unsupported("mídia")

    async def send_audio(self, message: OutboundMessage) -> SendResult:
        raise _unsupported("áudio")

    async def send_location(self, message: OutboundMessage) -> SendResult:
        raise _unsupported("localização")

    async def download_media(self, ref: str) -> DownloadedMedia:
        raise ProviderError(
            "permanent", "O serviço Baileys ainda não baixa mídia recebida.", "baileys_tipo_nao_suportado"
        )


def _unsupported(what: str) -> ProviderError:
    # As capacidades já recusam estes envios com 422 antes da fila; isto só protege contra um chamador direto.
    return ProviderError(
        "permanent", f"O serviço Baileys ainda não envia {what}; por enquanto, só texto.", "baileys_tipo_nao_suportado"
    )
