"""Provedor Baileys: números conectados ao WhatsApp Web por QR code ou código de pareamento.

A conexão com o WhatsApp vive no serviço Node separado (`baileys/`, contrato em docs/baileys.md); este provedor só
fala com ele por HTTP (`BAILEYS_URL`, com `Authorization: Bearer <token>`). Mensagens recebidas, recibos e mudanças
de sessão voltam do serviço pelos callbacks assinados do núcleo (`SIGNED_ROUTES`, os mesmos do sandbox).
"""

from __future__ import annotations

import asyncio
import base64
import time
import uuid
from typing import Any, get_args

import httpx
from pydantic import Field

from wacs.config import Settings
from wacs.kit import ssrf
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
    receive_status: bool = Field(
        default=False, alias="receiveStatus", description="Receber também os status (stories) dos contatos."
    )
    receive_newsletters: bool = Field(
        default=False, alias="receiveNewsletters", description="Receber também as publicações de canais."
    )
    # Ritmo conservador por padrão: o WhatsApp Web bane números que disparam rápido demais.
    # O teto alto existe para medir o caminho (bench/baileys_dispatch.py); acima de 1–2/s o risco de banimento cresce.
    messages_per_second: float = Field(
        default=1.0,
        alias="messagesPerSecond",
        ge=0.1,
        le=1000,
        description="Teto de envios por segundo deste número (intervalo mínimo entre dois envios = 1/teto). "
        "Acima de 1–2 por segundo o WhatsApp tende a banir o número.",
    )
    jitter_seconds: float = Field(
        default=1.0,
        alias="jitterSeconds",
        ge=0,
        le=30,
        description="Atraso aleatório extra entre envios (de 0 até este valor): ritmo exato parece robô.",
    )


def service_token(settings: Settings) -> str:
    """O token que a API manda ao serviço: BAILEYS_TOKEN ou o de DATA_DIR/baileys.token (criado no primeiro uso)."""
    return shared_token(settings.baileys_token, settings.data_dir / "baileys.token")


# Instância do serviço que roda cada sessão (aprendida pelas respostas 421); sem entrada, vale BAILEYS_URL.
_owners: dict[uuid.UUID, str] = {}


def _is_json(response: httpx.Response) -> bool:
    return "json" in response.headers.get("content-type", "")


# Todas as conexões ficam abertas para reuso: com o padrão do httpx (20 de reserva), um lote de 64 envios fechava e
# reabria conexões a cada pedido (~1/3 da CPU do despacho pelo Baileys, bench/baileys_dispatch.py).
_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100)


def http_client() -> httpx.AsyncClient:
    # O serviço é da própria instalação (rede interna): sem a guarda contra SSRF.
    return ssrf.http_client("baileys", True, _LIMITS)


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
    base_url: str | None = None,
) -> httpx.Response:
    headers = {"authorization": f"Bearer {service_token(settings)}"} if auth else {}
    try:
        response = await http_client().request(
            method,
            (base_url or settings.baileys_url) + path,
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
    if response.status_code == 421:
        # A sessão mudou de instância no meio do caminho: a próxima tentativa acha a dona nova.
        return ProviderError("transient", detail or "A sessão está mudando de instância.", code)
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


def _ref(value: Any) -> dict[str, Any] | None:
    """`replyTo`/`reaction` do conteúdo canônico no formato do serviço (id do WhatsApp e se fomos nós)."""
    if not isinstance(value, dict) or not value.get("providerMessageId"):
        return None
    return {
        "providerMessageId": value["providerMessageId"],
        "fromMe": bool(value.get("fromMe")),
        "text": value.get("text") if isinstance(value.get("text"), str) else None,
    }


async def fetch_media_url(settings: Settings, url: str) -> tuple[bytes, str | None]:
    """Baixa a mídia de um link (o serviço Baileys só recebe bytes): endereços internos recusados, tamanho limitado.

    Erros: ProviderError permanente para destino interno, HTTP 4xx ou arquivo grande demais; transitório para rede,
    tempo esgotado ou 5xx.
    """
    limit = settings.media_max_bytes
    allow_private = settings.media_url_allow_private
    try:
        target = httpx.URL(url)
        if target.scheme not in {"http", "https"} or not target.host:
            raise ProviderError("permanent", "A URL da mídia deve ser http ou https.", "midia_url_invalida")
        async with asyncio.timeout(settings.media_url_timeout_seconds):
            if not allow_private:
                port = target.port or (443 if target.scheme == "https" else 80)
                await ssrf.addresses_for(target.raw_host.decode("ascii"), port, allow_private=False)
            transport = (
                httpx.AsyncHTTPTransport(trust_env=False)
                if allow_private
                else ssrf.GuardedTransport(httpx.Limits(max_connections=4))
            )
            async with (
                httpx.AsyncClient(transport=transport, trust_env=False, follow_redirects=False) as client,
                client.stream("GET", target) as response,
            ):
                if response.status_code >= 500:
                    raise ProviderError(
                        "transient", f"O servidor da mídia respondeu HTTP {response.status_code}.", "midia_url_falhou"
                    )
                if response.status_code != 200:
                    raise ProviderError(
                        "permanent",
                        f"Não foi possível baixar a mídia da URL: HTTP {response.status_code}.",
                        "midia_url_falhou",
                    )
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise ProviderError(
                            "permanent",
                            f"A mídia da URL passa do limite de {limit // (1024 * 1024)} MB (MEDIA_MAX_BYTES).",
                            "midia_grande_demais",
                        )
                    chunks.append(chunk)
                mime = response.headers.get("content-type", "").split(";")[0].strip() or None
                return b"".join(chunks), mime
    except ssrf.UnsafeDestination as exc:
        raise ProviderError("permanent", exc.message, "midia_url_interna") from None
    except ssrf.UnresolvableHost as exc:
        raise ProviderError("transient", exc.message, "midia_url_falhou") from None
    except TimeoutError:
        raise ProviderError("transient", "Tempo esgotado ao baixar a mídia da URL.", "midia_url_falhou") from None
    except httpx.InvalidURL:
        raise ProviderError("permanent", "A URL da mídia é inválida.", "midia_url_invalida") from None
    except httpx.HTTPError as exc:
        reason = type(exc).__name__
        raise ProviderError("transient", f"Falha de rede ao baixar a mídia ({reason}).", "midia_url_falhou") from None


class BaileysProvider(Provider):
    type = "baileys"
    display_name = "Baileys (WhatsApp Web)"
    config_schema = BaileysConfig
    capabilities = frozenset(
        {"text", "image", "video", "document", "audio", "voice_note", "location", "reply", "reaction", "mark_read"}
    )
    callbacks = SIGNED_ROUTES
    # Número real antes do simulado (sandbox = 100).
    default_rank = 10
    config: BaileysConfig

    @property
    def _settings(self) -> Settings:
        return self.ctx.settings

    def _path(self, suffix: str = "") -> str:
        return f"/sessions/{self.session.id}{suffix}"

    async def _call(self, method: str, suffix: str, body: dict[str, Any] | None = None) -> httpx.Response:
        """Chama o serviço na instância dona da sessão.

        Com várias instâncias, cada sessão roda em uma (lease); as outras respondem 421 com o endereço da dona
        (`owner`). O pedido é repetido lá e o endereço guardado para os próximos; se a dona some, volta ao
        BAILEYS_URL (que leva a qualquer instância).
        """
        path = self._path(suffix)
        owner = _owners.get(self.session.id)
        try:
            response = await _request(self._settings, method, path, body, base_url=owner)
        except ProviderError:
            if owner is None:
                raise
            _owners.pop(self.session.id, None)
            response = await _request(self._settings, method, path, body)
        if response.status_code == 421:
            moved = response.json().get("owner") if _is_json(response) else None
            if isinstance(moved, str) and moved.startswith(("http://", "https://")) and moved != owner:
                _owners[self.session.id] = moved.rstrip("/")
                response = await _request(self._settings, method, path, body, base_url=_owners[self.session.id])
        return response

    async def initialize(self) -> ProviderState:
        body = {
            "phoneNumber": _digits(self.session.phone_number) or None,
            "usePairingCode": self.config.use_pairing_code,
            "receiveGroups": self.config.receive_groups,
            "receiveStatus": self.config.receive_status,
            "receiveNewsletters": self.config.receive_newsletters,
            # O serviço espaça os envios da sessão (um de cada vez): intervalo mínimo + atraso aleatório.
            "pace": {
                "minIntervalMs": round(1000 / self.config.messages_per_second),
                "jitterMs": round(self.config.jitter_seconds * 1000),
            },
        }
        response = await self._call("POST", "/start", body)
        if response.status_code != 200:
            raise _unexpected(response)
        state = _state(response.json())
        deadline = time.monotonic() + START_SETTLE_SECONDS
        while state.status == "connecting" and time.monotonic() < deadline:
            await asyncio.sleep(START_POLL_SECONDS)
            state = await self.status()
        return state

    async def status(self) -> ProviderState:
        response = await self._call("GET", "")
        if response.status_code == 404:
            # O serviço não conhece a sessão (nunca iniciada nele, ou apagada): é preciso iniciar de novo.
            return ProviderState("disconnected", detail="Sessão não iniciada no serviço Baileys.")
        if response.status_code != 200:
            raise _unexpected(response)
        return _state(response.json())

    async def disconnect(self) -> ProviderState:
        response = await self._call("POST", "/logout")
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
        # O ritmo de verdade é o do serviço (intervalo + atraso aleatório); a fila daqui segue a média dele, para
        # não acumular envios esperando a vez lá.
        mean_gap = 1 / self.config.messages_per_second + self.config.jitter_seconds / 2
        return Throughput(1 / mean_gap, 1)

    async def send_text(self, message: OutboundMessage) -> SendResult:
        return await self._send(message, {"text": message.content.get("text")})

    async def send_media(self, message: OutboundMessage) -> SendResult:
        return await self._send(message, {"media": await self._media(message)})

    async def send_audio(self, message: OutboundMessage) -> SendResult:
        body = {"media": await self._media(message), "ptt": bool(message.content.get("ptt", True))}
        return await self._send(message, body)

    async def send_location(self, message: OutboundMessage) -> SendResult:
        return await self._send(message, {"location": message.content.get("location") or {}})

    async def send_reaction(self, message: OutboundMessage) -> SendResult:
        reaction = message.content.get("reaction") or {}
        ref = _ref(reaction)
        if ref is None:
            raise ProviderError("permanent", "A reação não aponta para uma mensagem enviada.", "reacao_sem_alvo")
        return await self._send(message, {"reaction": {**ref, "emoji": reaction.get("emoji") or ""}})

    async def mark_read(self, contact: str, provider_message_ids: list[str], typing: bool = False) -> None:
        # "digitando…" pelo WhatsApp Web (presença) ainda não: só os recibos de leitura.
        if not provider_message_ids:
            return
        body = {"to": _digits(contact), "messageIds": provider_message_ids[:500]}
        response = await self._call("POST", "/read", body)
        if response.status_code != 204:
            raise self._failure(response)

    async def download_media(self, ref: str) -> DownloadedMedia:
        response = await self._call("POST", "/media", {"ref": ref})
        if response.status_code != 200:
            raise self._failure(response)
        mime = response.headers.get("content-type", "").split(";")[0].strip()
        return DownloadedMedia(response.content, mime or "application/octet-stream")

    async def _media(self, message: OutboundMessage) -> dict[str, Any]:
        media = message.content.get("media") or {}
        data, mime = message.media_bytes, message.media_mime_type or media.get("mimeType")
        if data is None:
            url = media.get("url")
            if not url:
                raise ProviderError("permanent", "A mensagem de mídia não tem arquivo nem URL.", "midia_ausente")
            data, fetched_mime = await fetch_media_url(self._settings, url)
            mime = mime or fetched_mime
        return {
            "data": base64.b64encode(data).decode("ascii"),
            "mimeType": mime,
            "filename": message.media_filename or media.get("filename"),
            "caption": media.get("caption"),
        }

    async def _send(self, message: OutboundMessage, fields: dict[str, Any]) -> SendResult:
        body: dict[str, Any] = {
            # O serviço deriva o id do WhatsApp do nosso: um reenvio depois de uma queda não duplica a mensagem.
            "messageId": str(message.message_id),
            "to": _digits(message.to),
            "type": message.type,
            **fields,
        }
        if reply := _ref(message.content.get("replyTo")):
            body["replyTo"] = reply
        response = await self._call("POST", "/messages", body)
        if response.status_code == 200:
            provider_message_id = response.json().get("providerMessageId")
            if isinstance(provider_message_id, str) and provider_message_id:
                return SendResult(provider_message_id)
            # Aceito sem id: reenviar é seguro (o mesmo messageId não duplica) e o recibo precisa do id.
            raise ProviderError("transient", "O serviço Baileys aceitou o envio sem informar o id da mensagem.")
        raise self._failure(response)

    @staticmethod
    def _failure(response: httpx.Response) -> ProviderError:
        code, detail = _problem(response)
        if response.status_code in {409, 429}:
            # 409 `sessao_desconectada`: espera a reconexão; 429 `ritmo_excedido`: fila da sessão cheia no serviço.
            text = detail or "O número não está conectado ao WhatsApp agora."
            return ProviderError("transient", text, code or "sessao_desconectada")
        if response.status_code == 404 and code == "sessao_nao_encontrada":
            text = detail or "Sessão não iniciada no serviço Baileys."
            return ProviderError("transient", text, code)
        return _unexpected(response)
