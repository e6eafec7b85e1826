"""Provedor Meta: a API oficial do WhatsApp (Cloud API, pela Graph API da Meta).

Envia pela Graph API (`POST /{phone-number-id}/messages`, mídia por `/{phone-number-id}/media`), classifica os erros
pelo `error.code` da Meta (não pelo status HTTP) e recebe mensagens, recibos e avisos da conta pelo webhook
`/api/v1/webhooks/meta` (verificação por `hub.verify_token`; assinatura `X-Hub-Signature-256` com o app secret do
número). Formatos: `../shared/spec/PROTOCOLS.md` §1. Decisões em docs/meta.md.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import logging
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import httpx
import orjson
from pydantic import Field, field_validator
from sqlalchemy import select

from wacs.config import Settings
from wacs.kit import ssrf
from wacs.kit.context import AppContext
from wacs.kit.errors import AppError, Unauthorized
from wacs.providers import registry
from wacs.providers.base import (
    CAPABILITIES,
    DownloadedMedia,
    OutboundMessage,
    Provider,
    ProviderConfig,
    ProviderError,
    ProviderState,
    SendResult,
    Throughput,
)
from wacs.providers.callbacks import CallbackInvalid, CallbackRequest, CallbackResult, CallbackRoute
from wacs.providers.contract import (
    Contact,
    InboundMessage,
    Location,
    MediaRef,
    Reaction,
    Selection,
    SessionUpdate,
    StatusUpdate,
)

logger = logging.getLogger("wacs.providers.meta")

GRAPH_URL = "https://graph.facebook.com"
API_VERSION = "v26.0"
WEBHOOK_PATH = "/api/v1/webhooks/meta"
SIGNATURE_HEADER = "x-hub-signature-256"
# Um id de mídia enviado à Meta vale 30 dias; o cache para um dia antes.
MEDIA_ID_TTL_SECONDS = 29 * 86400
# A Meta não diz quanto esperar num 130429: uma pausa curta do número inteiro e nova tentativa.
THROUGHPUT_PAUSE_SECONDS = 2.0
PAIR_RATE_PAUSE_SECONDS = 6.0  # 131056: ~1 mensagem a cada 6 s para o mesmo contato
ROUTES_MEMO_SECONDS = 30.0
ROUTES_REFRESH_SECONDS = 2.0
TEMPLATE_PAGES = 10

TRANSIENT_CODES = frozenset({130429, 131056, 80007, 4, 131048, 131057, 1, 2, 131000, 133004})
CREDENTIAL_CODES = frozenset({190, 0, 3, 10, *range(200, 300)})
# Mensagens em pt-BR para os erros permanentes mais comuns (os demais levam a mensagem da Meta).
PERMANENT_MESSAGES = {
    131047: "A conversa está fora da janela de 24 horas do WhatsApp: só templates aprovados podem ser enviados a "
    "este contato agora. Use type: template.",
    131026: "A mensagem não pôde ser entregue: o número não tem WhatsApp, bloqueou a empresa ou não aceitou os termos "
    "mais recentes do WhatsApp.",
    131051: "A Meta não aceita este tipo de mensagem.",
    131009: "A Meta recusou um parâmetro da mensagem",
    100: "A Meta recusou um parâmetro da mensagem",
    368: "A Meta bloqueou temporariamente este número por violação das políticas do WhatsApp.",
    131031: "A conta do WhatsApp Business está bloqueada pela Meta.",
    132001: "O template não existe na conta (ou não neste idioma).",
    132000: "O número de parâmetros não confere com o do template.",
    132012: "Os parâmetros não têm o formato que o template espera.",
    133010: "O número ainda não foi registrado na Cloud API.",
}
QUALITY_RATINGS = frozenset({"GREEN", "YELLOW", "RED", "UNKNOWN"})


class MetaConfig(ProviderConfig):
    phone_number_id: str = Field(
        alias="phoneNumberId", pattern=r"^\d{5,30}$", description="Id do número na Meta (não é o telefone)."
    )
    waba_id: str | None = Field(
        default=None,
        alias="wabaId",
        pattern=r"^\d{5,30}$",
        description="Id da conta do WhatsApp Business (para listar os templates).",
    )
    # Vai no cabeçalho Authorization: só ASCII visível (os tokens da Meta são letras e números).
    access_token: str = Field(
        alias="accessToken",
        min_length=20,
        max_length=1000,
        pattern=r"^[\x21-\x7e]+$",
        description="Token de acesso (de preferência permanente).",
    )
    app_secret: str = Field(
        alias="appSecret", min_length=16, max_length=200, description="Chave secreta do app (assina os webhooks)."
    )
    verify_token: str = Field(
        alias="verifyToken",
        min_length=8,
        max_length=200,
        description="Texto que você inventa e cola no painel da Meta para verificar o webhook.",
    )
    api_version: str = Field(default=API_VERSION, alias="apiVersion", pattern=r"^v\d{1,3}\.\d{1,2}$")
    base_url: str = Field(default=GRAPH_URL, alias="baseUrl", max_length=200, description="Endereço da Graph API.")
    messages_per_second: float = Field(
        default=80,
        alias="messagesPerSecond",
        ge=1,
        le=1000,
        description="Teto de envios por segundo do número (80 por padrão na Meta; até 1.000 com aprovação).",
    )

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        url = httpx.URL(value)
        if url.scheme not in {"http", "https"} or not url.host or url.query or url.path not in {"", "/"}:
            raise ValueError("baseUrl deve ser só esquema e host, como https://graph.facebook.com")
        return value.rstrip("/")


# ---------------------------------------------------------------------------------------------- cliente HTTP

# O pool do httpcore confere todas as suas conexões a cada pedido e resposta: com 150 pedidos em voo (1.000/s a
# 150 ms), um pool só gastava a maior parte da CPU do envio (py-spy). Vários pools menores, em rodízio, custam pouco.
_SHARDS = 16
_LIMITS = httpx.Limits(max_connections=16, max_keepalive_connections=16, keepalive_expiry=30)
_turn = itertools.count()


def _client(allow_private: bool) -> httpx.AsyncClient:
    return ssrf.http_client(f"meta:{next(_turn) % _SHARDS}", allow_private, _LIMITS)


def classify(status_code: int, body: Any) -> ProviderError:
    """O erro da Graph API pelo `error.code` (a Meta manda 190 com HTTP 400, por exemplo)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        if status_code >= 500 or status_code == 429:
            return ProviderError("transient", f"A Graph API da Meta respondeu HTTP {status_code}.", "meta_indisponivel")
        return ProviderError("permanent", f"Resposta inesperada da Graph API (HTTP {status_code}).", "meta_resposta")
    code = error.get("code")
    code = code if isinstance(code, int) else -1
    details = (error.get("error_data") or {}).get("details") if isinstance(error.get("error_data"), dict) else None
    meta_text = str(details or error.get("message") or "sem detalhe")[:300]
    label = f"meta_{code}"
    if code in CREDENTIAL_CODES:
        return ProviderError(
            "credentials",
            f"A Meta recusou as credenciais do número (código {code}): {meta_text}. Gere um token novo e "
            "atualize a sessão.",
            label,
        )
    if code == 130429:
        return ProviderError(
            "transient",
            "O número atingiu o limite de envios por segundo da Meta; os envios dele foram pausados.",
            label,
            retry_after=THROUGHPUT_PAUSE_SECONDS,
            scope="number",
        )
    if code in TRANSIENT_CODES or status_code >= 500:
        pause = PAIR_RATE_PAUSE_SECONDS if code == 131056 else None
        return ProviderError(
            "transient", f"Limite ou falha temporária da Meta (código {code}): {meta_text}.", label, retry_after=pause
        )
    known = PERMANENT_MESSAGES.get(code)
    if known and code in {100, 131009}:
        known = f"{known}: {meta_text}."
    return ProviderError("permanent", known or f"A Meta recusou a mensagem (código {code}): {meta_text}.", label)


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _media_kind_field(kind: str) -> str:
    return kind if kind in {"image", "video", "document", "audio", "sticker"} else "document"


# --------------------------------------------------------------------------------------------------- provedor


class MetaProvider(Provider):
    type = "meta_api"
    display_name = "Meta WhatsApp Cloud API (oficial)"
    config_schema = MetaConfig
    secret_fields = frozenset({"accessToken", "appSecret", "verifyToken"})
    # A Cloud API faz tudo o que um envio pode pedir.
    capabilities = CAPABILITIES
    service_window = True
    # Depois do Baileys na preferência padrão: a Cloud API cobra por conversa e, fora da janela de 24 h, só aceita
    # templates; quem preferir a oficial primeiro muda a ordem nas configurações do tenant.
    default_rank = 20
    config: MetaConfig

    @property
    def _settings(self) -> Settings:
        return self.ctx.settings

    @property
    def _allow_private(self) -> bool:
        return bool(getattr(self._settings, "meta_allow_private_base_url", False))

    def _url(self, path: str) -> str:
        return f"{self.config.base_url}/{self.config.api_version}/{path.lstrip('/')}"

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """Uma chamada à Graph API; devolve o JSON ou levanta ProviderError já classificado."""
        headers = {"authorization": f"Bearer {self.config.access_token}"}
        timeout = self._settings.meta_timeout_seconds
        try:
            # A guarda contra SSRF está na conexão (GuardedTransport): uma consulta de DNS a mais por envio, aqui,
            # só repetiria o que ela faz ao abrir cada conexão.
            async with asyncio.timeout(timeout):
                response = await _client(self._allow_private).request(
                    method, self._url(path), headers=headers, timeout=timeout, **kwargs
                )
        except ssrf.UnsafeDestination as exc:
            raise ProviderError("permanent", f"baseUrl da Meta inválida: {exc.message}", "meta_base_url") from None
        except (ssrf.UnresolvableHost, TimeoutError, httpx.HTTPError) as exc:
            reason = "tempo esgotado" if isinstance(exc, TimeoutError | httpx.TimeoutException) else type(exc).__name__
            raise ProviderError(
                "transient", f"A Graph API da Meta não respondeu ({reason}).", "meta_indisponivel"
            ) from None
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = None
        if response.status_code >= 400 or (isinstance(body, dict) and "error" in body):
            raise classify(response.status_code, body)
        return body

    # --- sessão

    async def _phone_number(self) -> ProviderState:
        fields = "verified_name,display_phone_number,quality_rating,code_verification_status,name_status"
        body = await self._call("GET", self.config.phone_number_id, params={"fields": fields})
        quality = str(body.get("quality_rating") or "").upper() or None
        return ProviderState(
            "connected",
            detail=None,
            account_number=_digits(str(body.get("display_phone_number") or "")) or None,
            profile_name=str(body.get("verified_name") or "") or None,
            quality_rating=quality if quality in QUALITY_RATINGS else quality and "UNKNOWN",
        )

    async def initialize(self) -> ProviderState:
        # A configuração nova já está gravada: os webhooks passam a achar (ou a deixar de achar) este número.
        await bump_routes(self.ctx)
        try:
            return await self._phone_number()
        except ProviderError as exc:
            if exc.code == "meta_100":
                raise ProviderError(
                    "permanent",
                    f"A Meta não encontrou o número {self.config.phone_number_id} com este token: confira o "
                    "phoneNumberId (o id do número no painel da Meta, não o telefone) e as permissões do token.",
                    exc.code,
                ) from None
            raise

    async def status(self) -> ProviderState:
        try:
            return await self._phone_number()
        except ProviderError as exc:
            if exc.transient:
                raise
            return ProviderState("failed", detail=exc.message)

    async def disconnect(self) -> ProviderState:
        await bump_routes(self.ctx)
        # O número continua registrado na Meta; aqui só deixamos de usá-lo.
        return ProviderState("disconnected", detail="Número desligado neste serviço (continua registrado na Meta).")

    def throughput(self) -> Throughput:
        # Meio segundo de fôlego (não o segundo inteiro que o balde da Meta tem): os pedidos chegam lá com atrasos
        # desiguais, e a folga de meio segundo no balde dela absorve isso sem 130429 (que pausa o número inteiro). Um
        # por cento abaixo do limite cobre a diferença de relógio entre os dois baldes.
        rate = self.config.messages_per_second
        return Throughput(rate * 0.99, max(1, int(rate / 2)))

    # --- envio

    async def _send(self, message: OutboundMessage, kind: str, payload: dict[str, Any]) -> SendResult:
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": _digits(message.to),
            "type": kind,
            kind: payload,
        }
        reply = message.content.get("replyTo")
        if isinstance(reply, dict) and reply.get("providerMessageId") and kind != "reaction":
            body["context"] = {"message_id": reply["providerMessageId"]}
        result = await self._call("POST", f"{self.config.phone_number_id}/messages", json=body)
        messages = result.get("messages") if isinstance(result, dict) else None
        wamid = (
            messages[0].get("id") if isinstance(messages, list) and messages and isinstance(messages[0], dict) else None
        )
        if not isinstance(wamid, str) or not wamid:
            raise ProviderError("transient", "A Meta aceitou o envio sem devolver o id da mensagem.", "meta_resposta")
        return SendResult(wamid)

    async def send_text(self, message: OutboundMessage) -> SendResult:
        text = message.content.get("text") or ""
        return await self._send(message, "text", {"body": text, "preview_url": bool(message.content.get("previewUrl"))})

    async def send_media(self, message: OutboundMessage) -> SendResult:
        kind = _media_kind_field(message.type)
        media = message.content.get("media") or {}
        payload = await self._media_source(message)
        if kind in {"image", "video", "document"} and media.get("caption"):
            payload["caption"] = media["caption"]
        if kind == "document":
            filename = message.media_filename or media.get("filename")
            if filename:
                payload["filename"] = filename
        return await self._send(message, kind, payload)

    async def send_audio(self, message: OutboundMessage) -> SendResult:
        return await self._send(message, "audio", await self._media_source(message))

    async def send_location(self, message: OutboundMessage) -> SendResult:
        location = message.content.get("location") or {}
        payload = {
            key: location[key] for key in ("latitude", "longitude", "name", "address") if location.get(key) is not None
        }
        return await self._send(message, "location", payload)

    async def send_contacts(self, message: OutboundMessage) -> SendResult:
        cards = []
        for contact in message.content.get("contacts") or []:
            name = str(contact.get("name") or "Contato")
            card: dict[str, Any] = {
                "name": {"formatted_name": name, "first_name": name.split()[0] if name.split() else name},
                "phones": [
                    {
                        "phone": phone if str(phone).startswith("+") else f"+{_digits(str(phone))}",
                        "type": "CELL",
                        "wa_id": _digits(str(phone)),
                    }
                    for phone in contact.get("phones") or []
                ],
            }
            if contact.get("emails"):
                card["emails"] = [{"email": email, "type": "WORK"} for email in contact["emails"]]
            if contact.get("organization"):
                card["org"] = {"company": contact["organization"]}
            cards.append(card)
        return await self._send(message, "contacts", cards)  # type: ignore[arg-type]

    async def send_interactive(self, message: OutboundMessage) -> SendResult:
        spec = message.content.get("interactive") or {}
        payload: dict[str, Any] = {"type": spec.get("type"), "body": {"text": spec.get("body") or ""}}
        if spec.get("header"):
            payload["header"] = {"type": "text", "text": spec["header"]}
        if spec.get("footer"):
            payload["footer"] = {"text": spec["footer"]}
        if spec.get("type") == "button":
            payload["action"] = {
                "buttons": [
                    {"type": "reply", "reply": {"id": b["id"], "title": b["title"]}} for b in spec.get("buttons") or []
                ]
            }
        else:
            payload["action"] = {
                "button": spec.get("button") or "Opções",
                "sections": [
                    {
                        **({"title": section["title"]} if section.get("title") else {}),
                        "rows": [
                            {key: row[key] for key in ("id", "title", "description") if row.get(key)}
                            for row in section.get("rows") or []
                        ],
                    }
                    for section in spec.get("sections") or []
                ],
            }
        return await self._send(message, "interactive", payload)

    async def send_template(self, message: OutboundMessage) -> SendResult:
        spec = message.content.get("template") or {}
        language = spec.get("language")
        code = language.get("code") if isinstance(language, dict) else language
        payload: dict[str, Any] = {"name": spec.get("name"), "language": {"code": code or "pt_BR"}}
        if spec.get("components"):
            payload["components"] = spec["components"]
        return await self._send(message, "template", payload)

    async def send_reaction(self, message: OutboundMessage) -> SendResult:
        reaction = message.content.get("reaction") or {}
        target = reaction.get("providerMessageId")
        if not target:
            raise ProviderError("permanent", "A reação não aponta para uma mensagem enviada.", "reacao_sem_alvo")
        return await self._send(message, "reaction", {"message_id": target, "emoji": reaction.get("emoji") or ""})

    async def mark_read(self, contact: str, provider_message_ids: list[str], typing: bool = False) -> None:
        if not provider_message_ids:
            return
        # A Meta marca como lidas também as anteriores da conversa: basta a mais recente (a primeira da lista).
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": provider_message_ids[0],
        }
        if typing:
            body["typing_indicator"] = {"type": "text"}
        await self._call("POST", f"{self.config.phone_number_id}/messages", json=body)

    async def _media_source(self, message: OutboundMessage) -> dict[str, Any]:
        """`{"id"}` de um upload (em cache pelo hash do arquivo) ou `{"link"}` de uma URL (a Meta baixa)."""
        media = message.content.get("media") or {}
        if message.media_bytes is None:
            url = media.get("url")
            if not url:
                raise ProviderError("permanent", "A mensagem de mídia não tem arquivo nem URL.", "midia_ausente")
            return {"link": url}
        data = message.media_bytes
        digest = hashlib.sha256(data).hexdigest()
        key = f"meta:media:{self.config.phone_number_id}:{digest}"
        cached = await self.ctx.cache.get(key)
        if cached:
            return {"id": cached.decode()}
        mime = message.media_mime_type or media.get("mimeType") or "application/octet-stream"
        filename = message.media_filename or media.get("filename") or "arquivo"
        uploaded = await self._call(
            "POST",
            f"{self.config.phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": mime},
            files={"file": (filename, data, mime)},
        )
        media_id = uploaded.get("id") if isinstance(uploaded, dict) else None
        if not isinstance(media_id, str) or not media_id:
            raise ProviderError("transient", "A Meta aceitou o upload sem devolver o id da mídia.", "meta_resposta")
        await self.ctx.cache.set(key, media_id.encode(), MEDIA_ID_TTL_SECONDS)
        return {"id": media_id}

    # --- mídia recebida e templates

    async def download_media(self, ref: str) -> DownloadedMedia:
        info = await self._call("GET", ref)
        url = info.get("url") if isinstance(info, dict) else None
        if not isinstance(url, str):
            raise ProviderError("permanent", "A Meta não informou o endereço da mídia.", "meta_resposta")
        limit = self._settings.media_max_bytes
        headers = {"authorization": f"Bearer {self.config.access_token}"}
        try:
            async with asyncio.timeout(self._settings.meta_timeout_seconds * 4):
                async with _client(self._allow_private).stream("GET", url, headers=headers) as response:
                    if response.status_code != 200:
                        failure = f"Download da mídia da Meta: HTTP {response.status_code}."
                        if response.status_code >= 500:
                            raise ProviderError("transient", failure)
                        raise ProviderError("permanent", failure)
                    chunks, size = [], 0
                    async for chunk in response.aiter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise ProviderError(
                                "permanent", "A mídia recebida passa de MEDIA_MAX_BYTES.", "midia_grande"
                            )
                        chunks.append(chunk)
        except ssrf.UnsafeDestination as exc:
            raise ProviderError("permanent", exc.message, "meta_base_url") from None
        except (ssrf.UnresolvableHost, TimeoutError, httpx.HTTPError):
            raise ProviderError("transient", "O download da mídia da Meta falhou; nova tentativa.") from None
        mime = str(info.get("mime_type") or "application/octet-stream")
        return DownloadedMedia(b"".join(chunks), mime)

    async def list_templates(self) -> list[dict[str, Any]]:
        if not self.config.waba_id:
            raise ProviderError(
                "permanent", "Informe o wabaId na configuração da sessão para listar os templates.", "meta_sem_waba"
            )
        items: list[dict[str, Any]] = []
        params: dict[str, Any] = {"limit": 100, "fields": "name,language,status,category,components,id"}
        for _ in range(TEMPLATE_PAGES):
            page = await self._call("GET", f"{self.config.waba_id}/message_templates", params=params)
            for item in page.get("data") or []:
                if isinstance(item, dict):
                    items.append(
                        {key: item.get(key) for key in ("name", "language", "status", "category", "components", "id")}
                    )
            after = ((page.get("paging") or {}).get("cursors") or {}).get("after")
            if not after or not (page.get("paging") or {}).get("next"):
                break
            params = {**params, "after": after}
        return items


# ------------------------------------------------------------------------------------------------------ webhook


class MetaUnsigned(Unauthorized):
    code = "assinatura_ausente"
    title = "Assinatura ausente"
    detail = "O webhook da Meta não trouxe o cabeçalho X-Hub-Signature-256."


class MetaBadSignature(AppError):
    status_code = 403
    code = "assinatura_invalida"
    title = "Assinatura inválida"
    detail = "A assinatura X-Hub-Signature-256 não confere com o app secret do número."


class MetaVerifyRefused(AppError):
    status_code = 403
    code = "verify_token_invalido"
    title = "Verificação recusada"
    detail = "O hub.verify_token não confere com o de nenhuma sessão da Meta nem com META_VERIFY_TOKEN."


@dataclass(frozen=True)
class Route:
    """Para onde vai o que a Meta manda sobre um número: a sessão, o tenant e o segredo que assina."""

    session_id: uuid.UUID
    tenant_id: uuid.UUID
    app_secret: str
    verify_token: str
    waba_id: str | None
    phone_number_id: str


@dataclass
class _RouteTable:
    by_number: dict[str, list[Route]]
    by_waba: dict[str, list[Route]]
    loaded_at: float
    version: bytes | None = None


_routes: dict[int, _RouteTable] = {}
ROUTES_VERSION_KEY = "meta:routes:version"


async def bump_routes(ctx: AppContext) -> None:
    """Uma sessão da Meta mudou: todas as réplicas releem a tabela de números no próximo webhook."""
    await ctx.cache.set(ROUTES_VERSION_KEY, uuid.uuid4().hex.encode(), 30 * 86400)


async def _load_routes(ctx: AppContext) -> _RouteTable:
    from wacs.models import WhatsAppSession

    async with ctx.sessionmaker() as db:
        rows = (
            await db.execute(
                select(WhatsAppSession.id, WhatsAppSession.tenant_id, WhatsAppSession.session_data).where(
                    WhatsAppSession.provider_type == MetaProvider.type, WhatsAppSession.is_active.is_(True)
                )
            )
        ).all()
    table = _RouteTable({}, {}, time.monotonic())
    for session_id, tenant_id, data in rows:
        try:
            config = registry.decrypt_config(ctx, MetaProvider, data)
        except Exception:
            logger.warning("sessão da Meta com configuração ilegível", extra={"session_id": str(session_id)})
            continue
        assert isinstance(config, MetaConfig)
        route = Route(
            session_id, tenant_id, config.app_secret, config.verify_token, config.waba_id, config.phone_number_id
        )
        table.by_number.setdefault(config.phone_number_id, []).append(route)
        if config.waba_id:
            table.by_waba.setdefault(config.waba_id, []).append(route)
    return table


async def routes(ctx: AppContext, wanted: Iterable[str] = ()) -> _RouteTable:
    """A tabela número → sessões, decifrada e guardada no processo. É relida quando uma sessão da Meta muda (versão no
    cache, vista por todas as réplicas), a cada ROUTES_MEMO_SECONDS, ou quando chega um número desconhecido (no
    máximo a cada ROUTES_REFRESH_SECONDS)."""
    key = id(ctx)
    table = _routes.get(key)
    now = time.monotonic()
    version = await ctx.cache.get(ROUTES_VERSION_KEY)
    stale = table is None or table.version != version or now - table.loaded_at > ROUTES_MEMO_SECONDS
    missing = table is not None and any(number not in table.by_number for number in wanted)
    if stale or (missing and table is not None and now - table.loaded_at > ROUTES_REFRESH_SECONDS):
        table = await _load_routes(ctx)
        table.version = version
        _routes[key] = table
    assert table is not None
    return table


def _signed_by(secret: str, body: bytes, given: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), given.strip().encode())


def _timestamp(value: Any) -> datetime:
    try:
        return datetime.fromtimestamp(int(str(value)), UTC)
    except (TypeError, ValueError, OverflowError):
        return datetime.now(UTC)


def _inbound(session_id: uuid.UUID, item: Mapping[str, Any], names: Mapping[str, str]) -> InboundMessage | None:
    sender = _digits(str(item.get("from") or ""))
    message_id = item.get("id")
    if not sender or not isinstance(message_id, str) or not message_id:
        return None
    kind = str(item.get("type") or "unsupported")
    fields: dict[str, Any] = {}
    raw_body = item.get(kind)
    body: dict[str, Any] = raw_body if isinstance(raw_body, dict) else {}
    if kind == "text":
        fields = {"type": "text", "text": str(body.get("body") or "")}
    elif kind in {"image", "video", "audio", "document", "sticker"} and body.get("id"):
        fields = {
            "type": kind,
            "text": body.get("caption"),
            "media": MediaRef(
                ref=str(body["id"]),
                mime_type=body.get("mime_type"),
                filename=body.get("filename"),
                caption=body.get("caption"),
                sha256=body.get("sha256"),
                voice=bool(body.get("voice")),
            ),
        }
    elif kind == "location" and "latitude" in body and "longitude" in body:
        fields = {
            "type": "location",
            "location": Location(
                latitude=body["latitude"],
                longitude=body["longitude"],
                name=body.get("name"),
                address=body.get("address"),
            ),
        }
    elif kind == "contacts":
        contacts = []
        for card in item.get("contacts") or []:
            if not isinstance(card, dict):
                continue
            name = (card.get("name") or {}).get("formatted_name") or "Contato"
            phones = [str(p.get("wa_id") or p.get("phone")) for p in card.get("phones") or [] if isinstance(p, dict)]
            contacts.append(Contact(name=str(name)[:255], phones=[p[:40] for p in phones if p][:20]))
        fields = {"type": "contacts", "contacts": contacts[:50]}
    elif kind == "reaction" and body.get("message_id"):
        fields = {
            "type": "reaction",
            "reaction": Reaction(message_id=body["message_id"], emoji=body.get("emoji") or ""),
        }
    elif kind == "interactive":
        reply = body.get("button_reply") or body.get("list_reply") or {}
        choice: Literal["button_reply", "list_reply"] = "button_reply" if body.get("button_reply") else "list_reply"
        fields = {
            "type": "text",
            "text": reply.get("title"),
            "selection": Selection(
                type=choice,
                id=str(reply.get("id") or ""),
                title=str(reply.get("title") or ""),
                description=reply.get("description"),
            ),
        }
    elif kind == "button":
        fields = {
            "type": "text",
            "text": body.get("text"),
            "selection": Selection(type="button", id=str(body.get("payload") or ""), title=str(body.get("text") or "")),
        }
    else:
        errors = item.get("errors") or []
        first = errors[0] if errors and isinstance(errors[0], dict) else {}
        reason = (first.get("error_data") or {}).get("details") or first.get("title") or first.get("message")
        fields = {"type": "unsupported", "error": str(reason or f"Tipo não suportado: {kind}")[:500]}
    raw_context = item.get("context")
    context: dict[str, Any] = raw_context if isinstance(raw_context, dict) else {}
    return InboundMessage(
        session_id=session_id,
        message_id=message_id,
        from_number=sender,  # type: ignore[call-arg]  # (o alias é "from"; populate_by_name aceita o nome)
        push_name=names.get(sender),
        reply_to=context.get("id"),
        timestamp=_timestamp(item.get("timestamp")),
        **fields,
    )


def _status(session_id: uuid.UUID, item: Mapping[str, Any]) -> StatusUpdate | None:
    status = item.get("status")
    message_id = item.get("id")
    if status not in {"sent", "delivered", "read", "played", "failed"} or not isinstance(message_id, str):
        return None
    errors = item.get("errors") or []
    first = errors[0] if errors and isinstance(errors[0], dict) else {}
    detail = (first.get("error_data") or {}).get("details") if isinstance(first.get("error_data"), dict) else None
    code = first.get("code")
    error = None
    if status == "failed":
        error = PERMANENT_MESSAGES.get(code) if isinstance(code, int) else None
        error = error or str(detail or first.get("title") or first.get("message") or "A Meta não entregou a mensagem.")
    return StatusUpdate(
        session_id=session_id,
        message_id=message_id,
        status=status,
        error_code=f"meta_{code}" if code is not None else None,
        error=error[:500] if error else None,
        pricing=item.get("pricing") if isinstance(item.get("pricing"), dict) else None,
        conversation=item.get("conversation") if isinstance(item.get("conversation"), dict) else None,
        timestamp=_timestamp(item.get("timestamp")),
    )


_ACCOUNT_EVENTS = {
    "DISABLED_UPDATE": "A Meta desativou o número",
    "ACCOUNT_VIOLATION": "A Meta registrou uma violação de política na conta",
    "ACCOUNT_RESTRICTION": "A Meta restringiu a conta",
    "BANNED": "A Meta baniu a conta",
}


def _account_event(route: Route, field: str, value: Mapping[str, Any]) -> SessionUpdate | None:
    """`account_update` e `phone_number_quality_update` viram avisos da sessão (com o motivo em `detail`)."""
    event = str(value.get("event") or "")
    if field == "phone_number_quality_update":
        limit = value.get("current_limit")
        detail = f"Qualidade do número na Meta: {event}" + (f" (limite {limit})" if limit else "") + "."
        return SessionUpdate(session_id=route.session_id, state="connected", detail=detail[:500])
    if event in _ACCOUNT_EVENTS:
        return SessionUpdate(session_id=route.session_id, state="failed", detail=f"{_ACCOUNT_EVENTS[event]} ({event}).")
    return None


def parse_notification(payload: Any, table: _RouteTable, secret: str) -> tuple[list[Any], list[str]]:
    """Os eventos de uma notificação da Meta para as sessões assinadas por `secret`; devolve também os números que
    não são nossos (só para o log)."""
    events: list[Any] = []
    unknown: list[str] = []
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict):
            continue
        for change in entry.get("changes") or []:
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                continue
            value, field = change["value"], str(change.get("field") or "")
            number = str((value.get("metadata") or {}).get("phone_number_id") or "")
            candidates = table.by_number.get(number) or (
                [] if number else table.by_waba.get(str(entry.get("id") or ""), [])
            )
            mine = [route for route in candidates if route.app_secret == secret]
            if not mine:
                unknown.append(number or str(entry.get("id") or "?"))
                continue
            for route in mine:
                if field != "messages":
                    update = _account_event(route, field, value)
                    if update is not None:
                        events.append(update)
                    continue
                names = {
                    _digits(str(c.get("wa_id") or "")): str((c.get("profile") or {}).get("name") or "")[:255]
                    for c in value.get("contacts") or []
                    if isinstance(c, dict)
                }
                for item in value.get("messages") or []:
                    if isinstance(item, dict) and (message := _inbound(route.session_id, item, names)) is not None:
                        events.append(message)
                for item in value.get("statuses") or []:
                    if isinstance(item, dict) and (status := _status(route.session_id, item)) is not None:
                        events.append(status)
    return events, unknown


def _named_numbers(payload: Any) -> tuple[set[str], set[str]]:
    numbers, wabas = set(), set()
    for entry in payload.get("entry") or [] if isinstance(payload, dict) else []:
        if isinstance(entry, dict):
            wabas.add(str(entry.get("id") or ""))
            for change in entry.get("changes") or []:
                if isinstance(change, dict) and isinstance(change.get("value"), dict):
                    number = (change["value"].get("metadata") or {}).get("phone_number_id")
                    if number:
                        numbers.add(str(number))
    return numbers, wabas


async def handle_notification(ctx: AppContext, request: CallbackRequest) -> CallbackResult:
    given = request.headers.get(SIGNATURE_HEADER)
    if not given:
        raise MetaUnsigned()
    try:
        payload = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        raise CallbackInvalid(
            errors=[{"field": "body", "location": "body", "message": "JSON inválido.", "type": "json_invalid"}]
        ) from None
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        raise CallbackInvalid("O corpo não é uma notificação do WhatsApp Business (object whatsapp_business_account).")
    numbers, wabas = _named_numbers(payload)
    table = await routes(ctx, numbers)
    secrets = {route.app_secret for number in numbers for route in table.by_number.get(number, [])} | {
        route.app_secret for waba in wabas for route in table.by_waba.get(waba, [])
    }
    if not secrets:
        # Número que não é de nenhuma sessão: a Meta recebe 200 (senão repete por dias) e o log registra.
        logger.info("webhook da Meta para número desconhecido", extra={"numbers": sorted(numbers)[:10]})
        return CallbackResult([])
    secret = next((s for s in secrets if _signed_by(s, request.body, given)), None)
    if secret is None:
        raise MetaBadSignature()
    events, unknown = parse_notification(payload, table, secret)
    if unknown:
        logger.info("webhook da Meta com números de fora", extra={"numbers": unknown[:10]})
    return CallbackResult(events)


async def handle_verification(ctx: AppContext, request: CallbackRequest) -> CallbackResult:
    mode = request.query.get("hub.mode")
    token = request.query.get("hub.verify_token") or ""
    challenge = request.query.get("hub.challenge") or ""
    if mode != "subscribe" or not token:
        raise MetaVerifyRefused()
    candidates = [route.verify_token for group in (await routes(ctx)).by_number.values() for route in group]
    if ctx.settings.meta_verify_token:
        candidates.append(ctx.settings.meta_verify_token)
    if not any(hmac.compare_digest(token.encode(), known.encode()) for known in candidates):
        raise MetaVerifyRefused()
    return CallbackResult(response=challenge)


_DESCRIPTION = (
    "Webhook da Meta (WhatsApp Cloud API). Sem `X-Client-Id` nem JWT: a Meta assina o corpo com o app secret "
    "(`X-Hub-Signature-256: sha256=<HMAC-SHA256(appSecret, corpo)>`; ausente → 401, errada → 403) e o tenant sai do "
    "`metadata.phone_number_id` de cada mudança. Notificações em lote (várias entradas, mudanças, mensagens e "
    "recibos) são gravadas e respondidas na hora; o worker processa depois. Número desconhecido: 200 sem efeito."
)

META_ROUTES: tuple[CallbackRoute, ...] = (
    CallbackRoute(
        "GET",
        WEBHOOK_PATH,
        "Webhook da Meta: verificação",
        "A Meta confirma o endereço: devolve `hub.challenge` quando `hub.verify_token` é o `verifyToken` de uma "
        "sessão da Meta ou o META_VERIFY_TOKEN global; 403 se não.",
        handle_verification,
        frozenset(),
        signature_header="X-Hub-Signature-256",
    ),
    CallbackRoute(
        "POST",
        WEBHOOK_PATH,
        "Webhook da Meta: mensagens, recibos e avisos da conta",
        _DESCRIPTION,
        handle_notification,
        frozenset({"message", "status", "session"}),
        signature_header="X-Hub-Signature-256",
        success_status=200,
    ),
)

MetaProvider.callbacks = META_ROUTES
