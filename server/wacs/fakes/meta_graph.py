"""Meta falsa: a WhatsApp Cloud API (Graph API) imitada num app ASGI pequeno, para testes, benchmarks e demonstração.

Fala o formato público de `../shared/spec/PROTOCOLS.md` §1 — mesmos caminhos, cabeçalhos, corpos, status HTTP e
formato de erro da Graph API —, de modo que apontar o cliente para `https://graph.facebook.com` seja a única mudança
em produção. Também faz o papel da Meta do outro lado: entrega webhooks assinados (`X-Hub-Signature-256`) ao nosso
endpoint, com mensagens de clientes e recibos (inclusive fora de ordem e repetidos). Só fala com 127.0.0.1.

Uso nos testes:

    fake = FakeGraphState()
    fake.add_number("106540352242922", access_token="EAAG...", app_secret="...", waba_id="102290129340398",
                    webhook_url="http://127.0.0.1:5000/api/v1/webhooks/meta", auto_statuses=AutoStatuses())
    app = create_app(fake)            # servir com uvicorn; fake.sent, fake.counters, fake.webhooks para conferir
    fake.fail_next("106540352242922", 131047)          # o próximo envio responde esse erro da Meta
    await fake.send_inbound("106540352242922", text_message("5511988887777", "Oi"), contact_name="Maria")

Linha de comando (sem conta na Meta): `python -m wacs.fakes.meta_graph --port 5055 ...` (veja docs/meta-falsa.md).
Não importa nada do resto de `wacs`: é um serviço externo de mentira.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import hmac
import ipaddress
import json
import re
import secrets
import time
from collections import Counter, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

import httpx
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

DEFAULT_API_VERSION = "v26.0"
WEBHOOK_OBJECT = "whatsapp_business_account"
ERROR_CODES_URL = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"
_VERSION = re.compile(r"^v\d+\.\d+$")
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")

MESSAGE_TYPES = (
    "audio",
    "contacts",
    "document",
    "image",
    "interactive",
    "location",
    "reaction",
    "sticker",
    "template",
    "text",
    "video",
)
MEDIA_TYPES = frozenset({"image", "video", "audio", "document", "sticker"})
STATUS_ORDER = ("sent", "delivered", "read", "played")

_MB = 1024 * 1024
# Tipos aceitos no upload e tamanho máximo de cada um (tabela de mídia da Cloud API).
MEDIA_LIMITS: dict[str, int] = {
    "audio/aac": 16 * _MB,
    "audio/amr": 16 * _MB,
    "audio/mpeg": 16 * _MB,
    "audio/mp4": 16 * _MB,
    "audio/ogg": 16 * _MB,
    "image/jpeg": 5 * _MB,
    "image/png": 5 * _MB,
    "image/webp": 500 * 1024,
    "video/3gpp": 16 * _MB,
    "video/mp4": 16 * _MB,
    "text/plain": 100 * _MB,
    "application/pdf": 100 * _MB,
    "application/msword": 100 * _MB,
    "application/vnd.ms-excel": 100 * _MB,
    "application/vnd.ms-powerpoint": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": 100 * _MB,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": 100 * _MB,
}

# Título de cada código (a Meta o põe em `message` como "(#código) título") e o status HTTP da tabela de erros.
ERROR_TITLES: dict[int, tuple[str, int]] = {
    0: ("AuthException", 401),
    1: ("An unknown error occurred", 400),
    2: ("Service temporarily unavailable", 503),
    3: ("Capability or permissions issue", 500),
    4: ("Application request limit reached", 400),
    10: ("Permission denied", 403),
    100: ("Invalid parameter", 400),
    190: ("Access token has expired", 401),
    200: ("Permissions error", 403),
    368: ("Temporarily blocked for policies violations", 403),
    80007: ("Rate limit issues", 400),
    130429: ("Rate limit hit", 400),
    130472: ("User's number is part of an experiment", 400),
    131000: ("Something went wrong", 500),
    131005: ("Access denied", 403),
    131008: ("Required parameter is missing", 400),
    131009: ("Parameter value is not valid", 400),
    131016: ("Service unavailable", 503),
    131021: ("Recipient cannot be sender", 400),
    131026: ("Message undeliverable", 400),
    131031: ("Account has been locked", 403),
    131042: ("Business eligibility payment issue", 400),
    131047: ("Re-engagement message", 400),
    131048: ("Spam rate limit hit", 400),
    131051: ("Unsupported message type", 400),
    131052: ("Media download error", 400),
    131053: ("Media upload error", 400),
    131056: ("(Business Account, Consumer Account) pair rate limit hit", 400),
    131057: ("Account in maintenance mode", 500),
    132000: ("Number of parameters does not match the expected number of params", 400),
    132001: ("Template name does not exist in the translation", 404),
    132005: ("Translated text too long", 400),
    132007: ("Template Format Character Policy Violated", 400),
    132012: ("Parameter format does not match format in the created template", 400),
    132015: ("Template is Paused", 400),
    132016: ("Template is Disabled", 400),
    133010: ("Account not registered", 400),
}
ERROR_DETAILS: dict[int, str] = {
    130429: "Cloud API message throughput has been reached.",
    131026: "Message Undeliverable.",
    131047: "Message failed to send because more than 24 hours have passed since the customer last replied to this "
    "number.",
    131048: "Message failed to send because there are restrictions on how many messages can be sent from this phone "
    "number. This may be because too many previous messages were blocked or flagged as spam.",
    131056: "Message failed to send because there were too many messages sent from this phone number to the same "
    "phone number in a short period of time.",
}


def _now() -> int:
    return int(time.time())


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _numeric_id() -> str:
    """Ids de objetos da Graph API são números de 15–16 dígitos."""
    return str(10**15 + secrets.randbelow(9 * 10**15))


def _trace_id() -> str:
    return secrets.token_urlsafe(17)[:23]


def new_wamid(wa_id: str, *, inbound: bool = False) -> str:
    """Um id no formato dos da Meta: `wamid.` + base64 de um envelope com o número e um id aleatório."""
    number = wa_id.encode()
    tail = secrets.token_hex(10 if inbound else 9).upper().encode()
    raw = (
        b"\x1c\x18"
        + bytes([len(number)])
        + number
        + b"\x15\x02\x00"
        + (b"\x12\x18\x14" if inbound else b"\x11\x18\x12")
    )
    return "wamid." + base64.b64encode(raw + tail + b"\x00").decode()


def encode_like_meta(payload: Any) -> bytes:
    """JSON como a Meta serializa (compacto, não-ASCII em \\uXXXX, "/" como "\\/"): quem verifica a assinatura sobre
    o corpo re-serializado, e não sobre os bytes recebidos, falha aqui como falharia em produção."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode()


def signature(app_secret: str, raw_body: bytes) -> str:
    """Valor do `X-Hub-Signature-256` para um corpo: `sha256=<hex HMAC-SHA256(app_secret, corpo)>`."""
    return "sha256=" + hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()


def _ensure_loopback(url: str) -> None:
    """Um auxiliar de teste nunca deixa um pedido sair da máquina."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in {"http", "https"}:
        raise ValueError(f"webhook da Meta falsa precisa de http(s) em 127.0.0.1: {url!r}")
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"a Meta falsa só entrega webhooks em endereços locais (127.0.0.1, ::1): {url!r}")


# ------------------------------------------------------------------------------------------------ erros da Graph


class GraphError(Exception):
    """Um erro no formato da Graph API: `{"error": {"message", "type", "code", "error_subcode"?, "error_data"?,
    "fbtrace_id"}}`, com o status HTTP que a Meta usa para o código."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        status: int | None = None,
        subcode: int | None = None,
        details: str | None = None,
        error_type: str = "OAuthException",
        transient: bool | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        title, default_status = ERROR_TITLES.get(code, ("Unknown error", 400))
        self.code = code
        self.message = message if message is not None else f"(#{code}) {title}"
        self.status = status or default_status
        self.subcode = subcode
        self.details = details
        self.error_type = error_type
        self.transient = transient
        self.headers = dict(headers or {})
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.error_type}
        if self.transient is not None:
            error["is_transient"] = self.transient
        error["code"] = self.code
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.details is not None:
            error["error_data"] = {"messaging_product": "whatsapp", "details": self.details}
        error["fbtrace_id"] = _trace_id()
        return {"error": error}


def invalid_token_error() -> GraphError:
    message = "Invalid OAuth access token - Cannot parse access token"
    return GraphError(
        190,
        message,
        status=401,
        headers={"WWW-Authenticate": f'OAuth "Facebook Platform" "invalid_token" "{message}"'},
    )


def _unknown_object(method: str, object_id: str) -> GraphError:
    return GraphError(
        100,
        f"Unsupported {method} request. Object with ID '{object_id}' does not exist, cannot be loaded due to missing "
        "permissions, or does not support this operation. Please read the Graph API documentation at "
        "https://developers.facebook.com/docs/graph-api",
        subcode=33,
        error_type="GraphMethodException",
    )


def _param(message: str) -> GraphError:
    return GraphError(100, f"(#100) {message}")


def _invalid(details: str) -> GraphError:
    return GraphError(131009, details=details)


# ------------------------------------------------------------------------------------------------------ estado


@dataclass
class AutoStatuses:
    """Recibos automáticos depois de cada envio aceito (atrasos em segundos, contados do aceite).

    `out_of_order`: "read" chega antes de "delivered"; `duplicate`: "delivered" chega de novo depois de todos;
    `skip_delivered`: só "sent" e "read" (a Meta omite o "delivered" quando a mensagem é lida na hora);
    `fail_with`: em vez de entregue, "failed" com esse código (ex.: 131026). Áudio com `voice: true` ganha "played".
    """

    sent_after: float = 0.05
    delivered_after: float = 0.1
    read_after: float = 0.2
    played_after: float = 0.3
    read: bool = True
    out_of_order: bool = False
    duplicate: bool = False
    skip_delivered: bool = False
    fail_with: int | None = None


@dataclass
class FakeNumber:
    """Um número registrado na Cloud API de mentira."""

    phone_number_id: str
    display_phone_number: str
    access_token: str
    app_secret: str
    waba_id: str
    verified_name: str = "Empresa Teste"
    quality_rating: str = "GREEN"
    webhook_url: str | None = None
    verify_token: str | None = None
    throughput_mps: float = 80.0
    latency_ms: float = 0.0
    auto_statuses: AutoStatuses | None = None
    # Com a janela ligada, envio que não é template a quem não escreveu nas últimas 24 h é aceito e depois falha por
    # webhook com 131047 (como na Meta); só vale quando há webhook_url.
    enforce_service_window: bool = False
    messaging_limit_tier: str = "TIER_1K"
    code_verification_status: str = "VERIFIED"
    name_status: str = "APPROVED"


@dataclass
class FakeMedia:
    id: str
    data: bytes
    mime_type: str
    sha256: str
    owner: str  # phone_number_id de quem subiu (o token dele baixa)
    expires_at: float
    filename: str | None = None


@dataclass
class FakeFailure:
    """Uma resposta de erro injetada. `code` é o código da Meta (131047, 190, 130429…) ou, de 500 a 599, só um status
    HTTP de falha do servidor. `on`: que chamada consome a falha (`send`, `read`, `media` ou `any`). `body` substitui o
    corpo inteiro; `delay_s` atrasa a resposta (simula tempo esgotado no cliente)."""

    code: int
    http_status: int | None = None
    message: str | None = None
    details: str | None = None
    subcode: int | None = None
    on: Literal["send", "read", "media", "any"] = "send"
    delay_s: float = 0.0
    body: dict[str, Any] | None = None

    def response(self) -> Response:
        if self.body is not None:
            return _graph_json(self.body, self.http_status or 400)
        if 500 <= self.code <= 599:
            if self.code == 500:
                error = GraphError(1, "An unknown error has occurred.", status=500, transient=True)
            else:
                error = GraphError(2, "(#2) Service temporarily unavailable", status=self.code, transient=True)
        else:
            details = self.details if self.details is not None else ERROR_DETAILS.get(self.code)
            if self.code == 190:
                error = GraphError(
                    190,
                    self.message or "Error validating access token: Session has expired.",
                    status=self.http_status or 401,
                    subcode=self.subcode if self.subcode is not None else 463,
                )
            else:
                error = GraphError(
                    self.code, self.message, status=self.http_status, subcode=self.subcode, details=details
                )
        return _error_response(error)


@dataclass
class SentMessage:
    """Um envio aceito: o corpo JSON exatamente como chegou e o wamid devolvido."""

    phone_number_id: str
    body: dict[str, Any]
    wamid: str
    to: str
    wa_id: str
    type: str
    accepted_at: float


@dataclass
class ReadMark:
    """Um "marcar como lida" (com ou sem indicador de digitação)."""

    phone_number_id: str
    body: dict[str, Any]
    message_id: str
    typing: bool


@dataclass
class WebhookDelivery:
    """Um webhook entregue (ou tentado) pela Meta falsa."""

    url: str
    body: bytes
    headers: dict[str, str]
    status_code: int | None
    error: str | None = None


class _Bucket:
    """Balde de fichas por número: enche `rate` por segundo, cabe um segundo de envios."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.updated = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@dataclass
class FakeGraphState:
    """Tudo o que a Meta falsa sabe e registrou; os testes mexem e conferem direto aqui."""

    numbers: dict[str, FakeNumber] = field(default_factory=dict)
    templates: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # waba_id → templates
    media: dict[str, FakeMedia] = field(default_factory=dict)
    sent: list[SentMessage] = field(default_factory=list)
    reads: list[ReadMark] = field(default_factory=list)
    failures: dict[str, deque[FakeFailure]] = field(default_factory=dict)
    counters: Counter[str] = field(default_factory=Counter)
    webhooks: list[WebhookDelivery] = field(default_factory=list)
    # Destino → wa_id, quando diferem (ex.: celulares brasileiros antigos, cujo wa_id não tem o nono dígito).
    wa_ids: dict[str, str] = field(default_factory=dict)
    media_ttl_s: float = 30 * 86400
    media_url_ttl_s: float = 300
    url_secret: bytes = field(default_factory=lambda: secrets.token_bytes(16))
    _buckets: dict[str, _Bucket] = field(default_factory=dict, repr=False)
    _last_inbound: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    _tasks: set[asyncio.Task[None]] = field(default_factory=set, repr=False)
    _client: httpx.AsyncClient | None = field(default=None, repr=False)

    # --- configuração

    def add_number(
        self,
        phone_number_id: str,
        *,
        access_token: str,
        app_secret: str,
        waba_id: str,
        display_phone_number: str = "15550000000",
        verified_name: str = "Empresa Teste",
        quality_rating: str = "GREEN",
        webhook_url: str | None = None,
        verify_token: str | None = None,
        throughput_mps: float = 80.0,
        latency_ms: float = 0.0,
        auto_statuses: AutoStatuses | None = None,
        enforce_service_window: bool = False,
    ) -> FakeNumber:
        if webhook_url is not None:
            _ensure_loopback(webhook_url)
        number = FakeNumber(
            phone_number_id=phone_number_id,
            display_phone_number=display_phone_number,
            access_token=access_token,
            app_secret=app_secret,
            waba_id=waba_id,
            verified_name=verified_name,
            quality_rating=quality_rating,
            webhook_url=webhook_url,
            verify_token=verify_token,
            throughput_mps=throughput_mps,
            latency_ms=latency_ms,
            auto_statuses=auto_statuses,
            enforce_service_window=enforce_service_window,
        )
        self.numbers[phone_number_id] = number
        self.templates.setdefault(waba_id, [])
        return number

    def add_template(
        self,
        waba_id: str,
        name: str,
        *,
        language: str = "pt_BR",
        category: str = "UTILITY",
        components: Sequence[dict[str, Any]] | None = None,
        status: str = "APPROVED",
        parameter_format: str = "POSITIONAL",
    ) -> dict[str, Any]:
        """Um template da WABA, no formato da listagem da Meta (componentes como `{"type": "BODY", "text": ...}`)."""
        template = {
            "name": name,
            "parameter_format": parameter_format,
            "components": list(components or [{"type": "BODY", "text": name}]),
            "language": language,
            "status": status,
            "category": category,
            "id": _numeric_id(),
        }
        self.templates.setdefault(waba_id, []).append(template)
        return template

    def add_media(
        self, owner: str, data: bytes, mime_type: str, *, filename: str | None = None, media_id: str | None = None
    ) -> FakeMedia:
        """Guarda um arquivo como se tivesse subido pelo número `owner` (ou chegado a ele numa mensagem)."""
        media = FakeMedia(
            id=media_id or _numeric_id(),
            data=data,
            mime_type=mime_type,
            sha256=hashlib.sha256(data).hexdigest(),
            owner=owner,
            expires_at=time.time() + self.media_ttl_s,
            filename=filename,
        )
        self.media[media.id] = media
        return media

    def fail_next(
        self,
        phone_number_id: str,
        code: int,
        *,
        times: int = 1,
        http_status: int | None = None,
        message: str | None = None,
        details: str | None = None,
        subcode: int | None = None,
        on: Literal["send", "read", "media", "any"] = "send",
        delay_s: float = 0.0,
        body: dict[str, Any] | None = None,
    ) -> None:
        """As próximas `times` chamadas `on` do número respondem este erro, antes de qualquer outra verificação."""
        failure = FakeFailure(code, http_status, message, details, subcode, on, delay_s, body)
        self.failures.setdefault(phone_number_id, deque()).extend([failure] * times)

    def wa_id_for(self, to: str) -> str:
        digits = _digits(to)
        return self.wa_ids.get(digits, digits)

    def _take_failure(self, phone_number_id: str, kind: str) -> FakeFailure | None:
        queue = self.failures.get(phone_number_id)
        if not queue:
            return None
        for failure in queue:
            if failure.on in (kind, "any"):
                queue.remove(failure)
                return failure
        return None

    def _bucket(self, number: FakeNumber) -> _Bucket:
        bucket = self._buckets.get(number.phone_number_id)
        if bucket is None or bucket.rate != number.throughput_mps:
            bucket = self._buckets[number.phone_number_id] = _Bucket(number.throughput_mps)
        return bucket

    def _known_token(self, token: str) -> bool:
        return any(hmac.compare_digest(token, n.access_token) for n in self.numbers.values())

    # --- webhooks (a Meta chamando o nosso serviço)

    def value(
        self,
        phone_number_id: str,
        *,
        messages: Sequence[dict[str, Any]] | None = None,
        statuses: Sequence[dict[str, Any]] | None = None,
        contacts: Sequence[dict[str, Any]] | None = None,
        contact_name: str | Mapping[str, str] = "Cliente Teste",
    ) -> dict[str, Any]:
        """O `value` de uma mudança `messages` do número (contatos montados a partir dos remetentes, se omitidos)."""
        number = self.numbers[phone_number_id]
        value: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": number.display_phone_number, "phone_number_id": phone_number_id},
        }
        if messages:
            if contacts is None:
                senders = list(dict.fromkeys(str(m.get("from")) for m in messages if m.get("from")))
                contacts = [
                    {
                        "profile": {
                            "name": contact_name.get(s, "Cliente Teste")
                            if isinstance(contact_name, Mapping)
                            else contact_name
                        },
                        "wa_id": s,
                    }
                    for s in senders
                ]
            value["contacts"] = list(contacts)
            value["messages"] = list(messages)
        if statuses:
            value["statuses"] = list(statuses)
        return value

    def inbound_media(
        self,
        phone_number_id: str,
        kind: str,
        from_: str,
        data: bytes,
        mime_type: str,
        *,
        caption: str | None = None,
        filename: str | None = None,
        voice: bool | None = None,
        wamid: str | None = None,
        timestamp: int | None = None,
        context: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Uma mensagem de mídia de cliente cujo arquivo a Meta falsa serve (`GET /{media_id}` e download)."""
        media = self.add_media(phone_number_id, data, mime_type, filename=filename)
        return media_message(
            kind,
            from_,
            media.id,
            mime_type,
            base64.b64encode(hashlib.sha256(data).digest()).decode(),
            caption=caption,
            filename=filename,
            voice=voice,
            wamid=wamid,
            timestamp=timestamp,
            context=context,
        )

    async def _http(self) -> httpx.AsyncClient:
        if self._client is None or self._client.is_closed:
            self._client = httpx.AsyncClient(trust_env=False, timeout=10.0, follow_redirects=False)
        return self._client

    async def post_webhook(
        self,
        payload: dict[str, Any],
        *,
        phone_number_id: str | None = None,
        url: str | None = None,
        app_secret: str | None = None,
        signed: bool = True,
    ) -> httpx.Response:
        """POST de uma notificação pronta ao webhook do número (o de `phone_number_id` ou o do primeiro `metadata`),
        assinada com o app secret dele (ou `app_secret`, para testar assinatura errada; `signed=False` omite)."""
        pid = phone_number_id or _first_phone_number_id(payload)
        number = self.numbers[pid]
        target = url or number.webhook_url
        if not target:
            raise ValueError(f"o número {pid} da Meta falsa não tem webhook_url")
        _ensure_loopback(target)
        raw = encode_like_meta(payload)
        headers = {"Content-Type": "application/json", "User-Agent": "facebookexternalua"}
        if signed:
            secret = app_secret if app_secret is not None else number.app_secret
            headers["X-Hub-Signature-256"] = signature(secret, raw)
            headers["X-Hub-Signature"] = "sha1=" + hmac.new(secret.encode(), raw, hashlib.sha1).hexdigest()
        client = await self._http()
        try:
            response = await client.post(target, content=raw, headers=headers)
        except httpx.HTTPError as exc:
            self.counters["webhooks.failed"] += 1
            self.webhooks.append(WebhookDelivery(target, raw, headers, None, f"{type(exc).__name__}: {exc}"))
            raise
        self.counters["webhooks.posted" if response.is_success else "webhooks.failed"] += 1
        self.webhooks.append(WebhookDelivery(target, raw, headers, response.status_code))
        return response

    async def send_inbound(
        self,
        phone_number_id: str,
        messages: dict[str, Any] | Sequence[dict[str, Any]],
        *,
        contact_name: str | Mapping[str, str] = "Cliente Teste",
        contacts: Sequence[dict[str, Any]] | None = None,
    ) -> httpx.Response:
        """Mensagens de clientes (uma ou várias no mesmo POST), como a Meta entrega; abrem a janela de 24 h."""
        items = [messages] if isinstance(messages, dict) else list(messages)
        for item in items:
            if item.get("from"):
                self._last_inbound[(phone_number_id, str(item["from"]))] = time.time()
        value = self.value(phone_number_id, messages=items, contacts=contacts, contact_name=contact_name)
        number = self.numbers[phone_number_id]
        return await self.post_webhook(notification([entry(number.waba_id, [change(value)])]))

    async def send_statuses(self, phone_number_id: str, statuses: Sequence[dict[str, Any]]) -> httpx.Response:
        """Recibos (um ou vários no mesmo POST) de mensagens enviadas pelo número."""
        number = self.numbers[phone_number_id]
        value = self.value(phone_number_id, statuses=statuses)
        return await self.post_webhook(notification([entry(number.waba_id, [change(value)])]))

    async def send_change(self, phone_number_id: str, field_name: str, value: dict[str, Any]) -> httpx.Response:
        """Outra mudança da WABA (ex.: `account_update`, `phone_number_quality_update`) com o `value` dado."""
        number = self.numbers[phone_number_id]
        payload = notification([entry(number.waba_id, [change(value, field_name)])])
        return await self.post_webhook(payload, phone_number_id=phone_number_id)

    async def verify_webhook(
        self, phone_number_id: str, *, verify_token: str | None = None, challenge: str | None = None
    ) -> httpx.Response:
        """A verificação que o painel da Meta faz ao cadastrar o webhook (`GET ?hub.mode=subscribe&...`)."""
        number = self.numbers[phone_number_id]
        if not number.webhook_url:
            raise ValueError(f"o número {phone_number_id} da Meta falsa não tem webhook_url")
        _ensure_loopback(number.webhook_url)
        query = {
            "hub.mode": "subscribe",
            "hub.challenge": challenge or str(secrets.randbelow(10**9)),
            "hub.verify_token": verify_token if verify_token is not None else (number.verify_token or ""),
        }
        client = await self._http()
        return await client.get(number.webhook_url, params=query)

    def status_for(self, sent: SentMessage, status: str, **kwargs: Any) -> dict[str, Any]:
        """O item de `statuses` de um envio aceito, com preço e conversa da categoria certa."""
        category = "service"
        if sent.type == "template":
            template = self._template(sent.phone_number_id, sent.body.get("template") or {})
            category = str((template or {}).get("category") or "utility").lower()
        kwargs.setdefault("category", category)
        kwargs.setdefault("billable", category != "service")
        return status_update(sent.wamid, status, sent.wa_id, **kwargs)

    def _template(self, phone_number_id: str, spec: Mapping[str, Any]) -> dict[str, Any] | None:
        number = self.numbers[phone_number_id]
        language = spec.get("language")
        code = language.get("code") if isinstance(language, Mapping) else None
        for template in self.templates.get(number.waba_id, []):
            if template["name"] == spec.get("name") and template["language"] == code:
                return template
        return None

    def _schedule_statuses(self, number: FakeNumber, sent: SentMessage) -> None:
        outside_window = (
            number.enforce_service_window
            and sent.type != "template"
            and time.time() - self._last_inbound.get((number.phone_number_id, sent.wa_id), 0.0) > 86400
        )
        config = number.auto_statuses
        if number.webhook_url is None or (config is None and not outside_window):
            return
        config = config or AutoStatuses()
        plan: list[tuple[float, dict[str, Any]]]
        if outside_window:
            plan = [(config.sent_after, failed_status(sent.wamid, sent.wa_id, 131047))]
        else:
            plan = [(config.sent_after, self.status_for(sent, "sent"))]
            if config.fail_with is not None:
                failed = failed_status(sent.wamid, sent.wa_id, config.fail_with)
                plan.append((config.delivered_after, failed))
            else:
                delivered_at, read_at = config.delivered_after, config.read_after
                if config.out_of_order:
                    delivered_at, read_at = read_at, delivered_at
                if not config.skip_delivered:
                    plan.append((delivered_at, self.status_for(sent, "delivered")))
                if config.read:
                    plan.append((read_at, self.status_for(sent, "read", conversation=False, pricing=False)))
                    audio = sent.body.get("audio")
                    if sent.type == "audio" and isinstance(audio, dict) and audio.get("voice"):
                        played = self.status_for(sent, "played", conversation=False, pricing=False)
                        plan.append((max(config.played_after, read_at), played))
                if config.duplicate:
                    repeated = next((s for _, s in plan if s["status"] == "delivered"), plan[0][1])
                    plan.append((max(at for at, _ in plan), dict(repeated)))
        task = asyncio.get_running_loop().create_task(self._emit(number.phone_number_id, plan))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _emit(self, phone_number_id: str, plan: list[tuple[float, dict[str, Any]]]) -> None:
        started = time.monotonic()
        for at, status in sorted(plan, key=lambda item: item[0]):
            await asyncio.sleep(max(0.0, started + at - time.monotonic()))
            # Falha de entrega fica registrada em `webhooks`; os próximos recibos seguem, como na Meta.
            with contextlib.suppress(httpx.HTTPError):
                await self.send_statuses(phone_number_id, [status])

    async def drain(self) -> None:
        """Espera os recibos automáticos agendados até agora serem entregues (limite o tempo com asyncio.timeout)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        """Cancela recibos pendentes e fecha o cliente HTTP."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _first_phone_number_id(payload: Mapping[str, Any]) -> str:
    for item in payload.get("entry") or []:
        for ch in item.get("changes") or []:
            pid = ((ch.get("value") or {}).get("metadata") or {}).get("phone_number_id")
            if pid:
                return str(pid)
    raise ValueError("notificação sem metadata.phone_number_id: informe phone_number_id")


# ------------------------------------------------------------------------------- montagem de webhooks (Meta → nós)


def change(value: dict[str, Any], field_name: str = "messages") -> dict[str, Any]:
    return {"value": value, "field": field_name}


def entry(waba_id: str, changes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"id": waba_id, "changes": list(changes)}


def notification(entries: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """O envelope de toda notificação: `{"object": "whatsapp_business_account", "entry": [...]}`."""
    return {"object": WEBHOOK_OBJECT, "entry": list(entries)}


def reply_context(message_id: str, from_: str) -> dict[str, Any]:
    """`context` de uma resposta do cliente a `message_id` (enviada por `from_`, o nosso número)."""
    return {"from": from_, "id": message_id}


def forwarded_context(*, frequently: bool = False) -> dict[str, Any]:
    return {"forwarded": True, "frequently_forwarded": True} if frequently else {"forwarded": True}


def _inbound(
    from_: str,
    kind: str,
    content: dict[str, Any] | None,
    *,
    wamid: str | None,
    timestamp: int | None,
    context: dict[str, Any] | None,
) -> dict[str, Any]:
    message: dict[str, Any] = {}
    if context is not None:
        message["context"] = context
    message["from"] = from_
    message["id"] = wamid or new_wamid(from_, inbound=True)
    message["timestamp"] = str(timestamp if timestamp is not None else _now())
    message["type"] = kind
    if content is not None:
        message[kind] = content
    return message


def text_message(
    from_: str,
    body: str,
    *,
    wamid: str | None = None,
    timestamp: int | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return _inbound(from_, "text", {"body": body}, wamid=wamid, timestamp=timestamp, context=context)


def media_message(
    kind: str,
    from_: str,
    media_id: str,
    mime_type: str,
    sha256: str,
    *,
    caption: str | None = None,
    filename: str | None = None,
    voice: bool | None = None,
    animated: bool | None = None,
    wamid: str | None = None,
    timestamp: int | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """image, video, audio, document ou sticker; prefira `FakeGraphState.inbound_media`, que serve o arquivo."""
    if kind not in MEDIA_TYPES:
        raise ValueError(f"tipo de mídia desconhecido: {kind}")
    content: dict[str, Any] = {}
    if caption is not None:
        content["caption"] = caption
    if filename is not None:
        content["filename"] = filename
    content.update(mime_type=mime_type, sha256=sha256, id=media_id)
    if kind == "audio" and voice is not None:
        content["voice"] = voice
    if kind == "sticker":
        content["animated"] = bool(animated)
    return _inbound(from_, kind, content, wamid=wamid, timestamp=timestamp, context=context)


def location_message(
    from_: str,
    latitude: float,
    longitude: float,
    *,
    name: str | None = None,
    address: str | None = None,
    wamid: str | None = None,
    timestamp: int | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    content: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
    if name is not None:
        content["name"] = name
    if address is not None:
        content["address"] = address
    return _inbound(from_, "location", content, wamid=wamid, timestamp=timestamp, context=context)


def contacts_message(
    from_: str,
    contacts: Sequence[dict[str, Any]],
    *,
    wamid: str | None = None,
    timestamp: int | None = None,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """`contacts` no formato da Meta: `[{"name": {"formatted_name", "first_name"}, "phones": [{"phone", "wa_id",
    "type"}]}]`."""
    message = _inbound(from_, "contacts", None, wamid=wamid, timestamp=timestamp, context=context)
    message["contacts"] = list(contacts)
    return message


def reaction_message(
    from_: str,
    message_id: str,
    emoji: str | None,
    *,
    wamid: str | None = None,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """Reação do cliente a `message_id`; `emoji=None` é a remoção (a Meta manda a reação sem emoji)."""
    content: dict[str, Any] = {"message_id": message_id}
    if emoji is not None:
        content["emoji"] = emoji
    return _inbound(from_, "reaction", content, wamid=wamid, timestamp=timestamp, context=None)


def button_reply_message(
    from_: str,
    reply_id: str,
    title: str,
    *,
    context: dict[str, Any] | None = None,
    wamid: str | None = None,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """Toque num botão de resposta de uma mensagem interativa (`context` aponta a mensagem com os botões)."""
    content = {"type": "button_reply", "button_reply": {"id": reply_id, "title": title}}
    return _inbound(from_, "interactive", content, wamid=wamid, timestamp=timestamp, context=context)


def list_reply_message(
    from_: str,
    reply_id: str,
    title: str,
    *,
    description: str | None = None,
    context: dict[str, Any] | None = None,
    wamid: str | None = None,
    timestamp: int | None = None,
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": reply_id, "title": title}
    if description is not None:
        row["description"] = description
    content = {"type": "list_reply", "list_reply": row}
    return _inbound(from_, "interactive", content, wamid=wamid, timestamp=timestamp, context=context)


def button_message(
    from_: str,
    text: str,
    payload: str,
    *,
    context: dict[str, Any] | None = None,
    wamid: str | None = None,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """Toque numa resposta rápida de template (tipo `button`)."""
    return _inbound(
        from_, "button", {"payload": payload, "text": text}, wamid=wamid, timestamp=timestamp, context=context
    )


def unsupported_message(
    from_: str,
    *,
    code: int = 131051,
    title: str = "Message type unknown",
    details: str = "Message type is currently not supported.",
    wamid: str | None = None,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """Algo que a Cloud API não entrega (enquete, mensagem efêmera…): tipo `unsupported` com `errors`."""
    message = _inbound(from_, "unsupported", None, wamid=wamid, timestamp=timestamp, context=None)
    message["errors"] = [{"code": code, "title": title, "message": title, "error_data": {"details": details}}]
    message["type"] = message.pop("type")  # a Meta põe `errors` antes de `type`
    return message


def status_update(
    wamid: str,
    status: str,
    recipient_id: str,
    *,
    timestamp: int | None = None,
    category: str = "service",
    billable: bool = False,
    conversation: bool = True,
    pricing: bool = True,
    errors: Sequence[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Um item de `statuses` (sent, delivered, read, played, failed)."""
    item: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": str(timestamp if timestamp is not None else _now()),
        "recipient_id": recipient_id,
    }
    if conversation and status in {"sent", "delivered"}:
        conversation_id = hashlib.sha1(f"{recipient_id}:{category}".encode(), usedforsecurity=False).hexdigest()
        item["conversation"] = {"id": conversation_id[:32], "origin": {"type": category}}
        if status == "sent":
            item["conversation"]["expiration_timestamp"] = str(_now() + 86400)
    if pricing and status in {"sent", "delivered"}:
        item["pricing"] = {"billable": billable, "pricing_model": "PMP", "category": category, "type": "regular"}
    if errors:
        item["errors"] = list(errors)
    return item


def failed_status(
    wamid: str,
    recipient_id: str,
    code: int = 131026,
    *,
    title: str | None = None,
    details: str | None = None,
    timestamp: int | None = None,
) -> dict[str, Any]:
    """Recibo `failed` com `errors` no formato da Meta (ex.: 131047 fora da janela, 131026 não entregue)."""
    text = title or ERROR_TITLES.get(code, ("Unknown error", 400))[0]
    error = {
        "code": code,
        "title": text,
        "message": text,
        "error_data": {"details": details or ERROR_DETAILS.get(code, text)},
        "href": ERROR_CODES_URL,
    }
    return status_update(
        wamid, "failed", recipient_id, timestamp=timestamp, conversation=False, pricing=False, errors=[error]
    )


# ------------------------------------------------------------------------------- validação dos envios (nós → Meta)

_TOP_KEYS = frozenset(
    {"messaging_product", "recipient_type", "to", "type", "context", "biz_opaque_callback_data", *MESSAGE_TYPES}
)
_INTERACTIVE_TYPES = (
    "address_message",
    "button",
    "call_permission_request",
    "catalog_message",
    "cta_url",
    "flow",
    "list",
    "location_request_message",
    "product",
    "product_list",
)
_TEMPLATE_PARAM_TYPES = frozenset(
    {"text", "currency", "date_time", "image", "document", "video", "location", "payload", "coupon_code", "action"}
)


def _obj(value: Any, name: str) -> dict[str, Any]:
    if value is None:
        raise _param(f"The parameter {name} is required.")
    if not isinstance(value, dict):
        raise _param(f"Param {name} must be a JSON object.")
    return value


def _keys(obj: Mapping[str, Any], name: str, allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    for key in obj:
        if key not in allowed:
            raise _param(f'Unexpected key "{key}" on param "{name}".')


def _text(
    obj: Mapping[str, Any], key: str, name: str, *, required: bool = True, max_len: int | None = None
) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise _param(f"The parameter {name} is required.")
        return None
    if not isinstance(value, str):
        raise _param(f"Param {name} must be a string.")
    if required and not value.strip():
        raise _param(f"Param {name} must be a non-empty string.")
    if max_len is not None and len(value) > max_len:
        raise _param(f"Param {name} must be at most {max_len} characters long.")
    return value


def _list(value: Any, name: str) -> list[Any]:
    if value is None:
        raise _param(f"The parameter {name} is required.")
    if not isinstance(value, list):
        raise _param(f"Param {name} must be an array.")
    return value


def _validate_text(text: Any) -> None:
    text = _obj(text, "text")
    _keys(text, "text", {"body", "preview_url"})
    _text(text, "body", "text['body']", max_len=4096)
    if "preview_url" in text and not isinstance(text["preview_url"], bool):
        raise _param("Param text['preview_url'] must be a boolean.")


def _validate_media(state: FakeGraphState, kind: str, media: Any) -> None:
    media = _obj(media, kind)
    allowed = {"id", "link"}
    if kind in {"image", "video", "document"}:
        allowed.add("caption")
    if kind == "document":
        allowed.add("filename")
    if kind == "audio":
        allowed.add("voice")
    _keys(media, kind, allowed)
    if ("id" in media) == ("link" in media):
        raise _param(f"Param {kind} must contain exactly one of the following keys: id, link.")
    if "id" in media:
        media_id = media["id"]
        stored = state.media.get(media_id) if isinstance(media_id, str) else None
        if stored is None or stored.expires_at < time.time():
            raise _invalid(f"Invalid media id: {media_id}")
    else:
        link = _text(media, "link", f"{kind}['link']") or ""
        if urlsplit(link).scheme not in {"http", "https"} or not urlsplit(link).hostname:
            raise _invalid(f"Invalid link for {kind}: {link}")
    _text(media, "caption", f"{kind}['caption']", required=False, max_len=1024)
    _text(media, "filename", f"{kind}['filename']", required=False, max_len=240)
    if "voice" in media and not isinstance(media["voice"], bool):
        raise _param("Param audio['voice'] must be a boolean.")


def _validate_location(location: Any) -> None:
    location = _obj(location, "location")
    _keys(location, "location", {"latitude", "longitude", "name", "address"})
    for key, limit in (("latitude", 90), ("longitude", 180)):
        raw = location.get(key)
        if raw is None:
            raise _param(f"The parameter location['{key}'] is required.")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise _invalid(f"location['{key}'] must be a number.") from None
        if isinstance(raw, bool) or not -limit <= value <= limit:
            raise _invalid(f"location['{key}'] must be between -{limit} and {limit}.")
    _text(location, "name", "location['name']", required=False, max_len=1000)
    _text(location, "address", "location['address']", required=False, max_len=1000)


_CONTACT_KEYS = {
    "addresses": {"street", "city", "state", "zip", "country", "country_code", "type"},
    "emails": {"email", "type"},
    "phones": {"phone", "type", "wa_id"},
    "urls": {"url", "type"},
}
_NAME_FIELDS = ("first_name", "last_name", "middle_name", "suffix", "prefix")


def _validate_contacts(contacts: Any) -> None:
    cards = _list(contacts, "contacts")
    if not cards:
        raise _invalid("contacts must have at least one contact.")
    for i, card in enumerate(cards):
        name = f"contacts[{i}]"
        card = _obj(card, name)
        _keys(card, name, {"addresses", "birthday", "emails", "name", "org", "phones", "urls"})
        person = _obj(card.get("name"), f"{name}['name']")
        _keys(person, f"{name}['name']", {"formatted_name", *_NAME_FIELDS})
        _text(person, "formatted_name", f"{name}['name']['formatted_name']")
        if not any(isinstance(person.get(k), str) and person[k].strip() for k in _NAME_FIELDS):
            raise _invalid(f"{name}['name'] requires at least one of: {', '.join(_NAME_FIELDS)}.")
        for key, allowed in _CONTACT_KEYS.items():
            if key in card:
                for j, item in enumerate(_list(card[key], f"{name}['{key}']")):
                    _keys(_obj(item, f"{name}['{key}'][{j}]"), f"{name}['{key}'][{j}]", allowed)
        if "org" in card:
            _keys(_obj(card["org"], f"{name}['org']"), f"{name}['org']", {"company", "department", "title"})


def _validate_interactive(interactive: Any) -> None:
    interactive = _obj(interactive, "interactive")
    _keys(interactive, "interactive", {"type", "header", "body", "footer", "action"})
    kind = _text(interactive, "type", "interactive['type']")
    if kind not in _INTERACTIVE_TYPES:
        allowed = ", ".join(t.upper() for t in _INTERACTIVE_TYPES)
        raise _param(f"Param interactive['type'] must be one of {{{allowed}}} - got \"{kind}\".")
    action = _obj(interactive.get("action"), "interactive['action']")
    if kind not in {"button", "list"}:
        return  # tipos de catálogo, fluxo etc.: aceitos sem conferir o miolo
    body = _obj(interactive.get("body"), "interactive['body']")
    _keys(body, "interactive['body']", {"text"})
    _text(body, "text", "interactive['body']['text']", max_len=1024)
    if "footer" in interactive:
        footer = _obj(interactive["footer"], "interactive['footer']")
        _keys(footer, "interactive['footer']", {"text"})
        _text(footer, "text", "interactive['footer']['text']", max_len=60)
    if "header" in interactive:
        header = _obj(interactive["header"], "interactive['header']")
        _keys(header, "interactive['header']", {"type", "text", "image", "video", "document"})
        header_type = header.get("type")
        if header_type not in {"text", "image", "video", "document"}:
            raise _invalid("interactive['header']['type'] must be one of text, image, video, document.")
        if kind == "list" and header_type != "text":
            raise _invalid("Interactive list messages only support a text header.")
        if header_type == "text":
            _text(header, "text", "interactive['header']['text']", max_len=60)
    if kind == "button":
        _keys(action, "interactive['action']", {"buttons"})
        buttons = _list(action.get("buttons"), "interactive['action']['buttons']")
        if not 1 <= len(buttons) <= 3:
            raise _invalid("Buttons count invalid. Min: 1, Max: 3.")
        ids, titles = set(), set()
        for i, button in enumerate(buttons):
            name = f"interactive['action']['buttons'][{i}]"
            button = _obj(button, name)
            _keys(button, name, {"type", "reply"})
            if button.get("type") != "reply":
                raise _invalid(f"{name}['type'] must be reply.")
            reply = _obj(button.get("reply"), f"{name}['reply']")
            _keys(reply, f"{name}['reply']", {"id", "title"})
            reply_id = _text(reply, "id", f"{name}['reply']['id']")
            title = _text(reply, "title", f"{name}['reply']['title']")
            if reply_id is None or len(reply_id) > 256:
                raise _invalid("Button id length invalid. Min length: 1, Max length: 256.")
            if title is None or len(title) > 20:
                raise _invalid("Button title length invalid. Min length: 1, Max length: 20.")
            if reply_id in ids or title in titles:
                raise _invalid("Button title and id must be unique.")
            ids.add(reply_id)
            titles.add(title)
        return
    _keys(action, "interactive['action']", {"button", "sections"})
    label = _text(action, "button", "interactive['action']['button']")
    if label is None or len(label) > 20:
        raise _invalid("Button label length invalid. Min length: 1, Max length: 20.")
    sections = _list(action.get("sections"), "interactive['action']['sections']")
    if not 1 <= len(sections) <= 10:
        raise _invalid("Sections count invalid. Min: 1, Max: 10.")
    row_ids: set[str] = set()
    for i, section in enumerate(sections):
        name = f"interactive['action']['sections'][{i}]"
        section = _obj(section, name)
        _keys(section, name, {"title", "rows", "product_items"})
        title = _text(section, "title", f"{name}['title']", required=len(sections) > 1)
        if title is not None and len(title) > 24:
            raise _invalid("Section title length invalid. Max length: 24.")
        rows = _list(section.get("rows"), f"{name}['rows']")
        if not rows:
            raise _invalid("Each section must have at least one row.")
        for j, row in enumerate(rows):
            row_name = f"{name}['rows'][{j}]"
            row = _obj(row, row_name)
            _keys(row, row_name, {"id", "title", "description"})
            row_id = _text(row, "id", f"{row_name}['id']")
            row_title = _text(row, "title", f"{row_name}['title']")
            if row_id is None or len(row_id) > 200:
                raise _invalid("Row id length invalid. Max length: 200.")
            if row_title is None or len(row_title) > 24:
                raise _invalid("Row title length invalid. Max length: 24.")
            description = _text(row, "description", f"{row_name}['description']", required=False)
            if description is not None and len(description) > 72:
                raise _invalid("Row description length invalid. Max length: 72.")
            if row_id in row_ids:
                raise _invalid("Row ids must be unique.")
            row_ids.add(row_id)
    if len(row_ids) > 10:
        raise _invalid("Total row count exceed max allowed count: 10.")


def _expected_params(template: Mapping[str, Any], component_type: str) -> int:
    for component in template.get("components") or []:
        if str(component.get("type", "")).upper() == component_type:
            if component_type == "HEADER" and str(component.get("format", "TEXT")).upper() != "TEXT":
                return 0
            return len(set(_PLACEHOLDER.findall(str(component.get("text") or ""))))
    return 0


def _validate_template(state: FakeGraphState, number: FakeNumber, spec: Any) -> None:
    spec = _obj(spec, "template")
    _keys(spec, "template", {"name", "language", "components", "namespace"})
    name = _text(spec, "name", "template['name']", max_len=512)
    language = _obj(spec.get("language"), "template['language']")
    _keys(language, "template['language']", {"code", "policy"})
    code = _text(language, "code", "template['language']['code']")
    if "policy" in language and language["policy"] != "deterministic":
        raise _param("Param template['language']['policy'] must be one of {DETERMINISTIC}.")
    given: dict[str, int] = {}
    for i, component in enumerate(_list(spec.get("components", []), "template['components']")):
        cname = f"template['components'][{i}]"
        component = _obj(component, cname)
        _keys(component, cname, {"type", "sub_type", "index", "parameters"})
        ctype = str(_text(component, "type", f"{cname}['type']")).upper()
        if ctype not in {"HEADER", "BODY", "BUTTON", "CAROUSEL", "LIMITED_TIME_OFFER", "ORDER_STATUS"}:
            raise _invalid(f"Invalid component type: {component['type']}")
        parameters = _list(component.get("parameters", []), f"{cname}['parameters']")
        for j, parameter in enumerate(parameters):
            pname = f"{cname}['parameters'][{j}]"
            parameter = _obj(parameter, pname)
            ptype = parameter.get("type")
            if ptype not in _TEMPLATE_PARAM_TYPES:
                raise _invalid(f"Invalid parameter type: {ptype}")
            if ptype == "text":
                _text(parameter, "text", f"{pname}['text']", max_len=32768)
        if ctype in {"HEADER", "BODY"}:
            given[ctype] = given.get(ctype, 0) + len(parameters)
    template = state._template(number.phone_number_id, {"name": name, "language": {"code": code}})
    if template is None or template["status"] not in {"APPROVED", "PAUSED", "DISABLED"}:
        raise GraphError(132001, details=f"template name ({name}) does not exist in {code}")
    if template["status"] == "PAUSED":
        raise GraphError(132015, details=f"Template {name} is paused due to low quality.")
    if template["status"] == "DISABLED":
        raise GraphError(132016, details=f"Template {name} is disabled due to low quality.")
    for ctype in ("HEADER", "BODY"):
        expected = _expected_params(template, ctype)
        if given.get(ctype, 0) != expected:
            raise GraphError(
                132000,
                details=f"{ctype.lower()}: number of localizable_params ({given.get(ctype, 0)}) does not match the "
                f"expected number of params ({expected})",
            )


def _validate_reaction(reaction: Any) -> None:
    reaction = _obj(reaction, "reaction")
    _keys(reaction, "reaction", {"message_id", "emoji"})
    _text(reaction, "message_id", "reaction['message_id']")
    if "emoji" not in reaction:
        raise _param("The parameter reaction['emoji'] is required.")
    if not isinstance(reaction["emoji"], str) or len(reaction["emoji"]) > 10:
        raise _invalid("reaction['emoji'] must be a single emoji (or empty to remove the reaction).")


def validate_message(state: FakeGraphState, number: FakeNumber, body: Any) -> str:
    """Confere um envio como a Graph API; devolve o tipo. Levanta GraphError (100, 131009, 132000, 132001…)."""
    if not isinstance(body, dict):
        raise _param("Invalid parameter")
    product = body.get("messaging_product")
    if product is None:
        raise _param("The parameter messaging_product is required.")
    if product != "whatsapp":
        raise _param(f'Param messaging_product must be one of {{WHATSAPP}} - got "{product}".')
    recipient_type = body.get("recipient_type", "individual")
    if recipient_type not in {"individual", "group"}:
        raise _param(f'Param recipient_type must be one of {{INDIVIDUAL, GROUP}} - got "{recipient_type}".')
    to = _text(body, "to", "to") or ""
    if not 5 <= len(_digits(to)) <= 20 or _digits(to) != re.sub(r"[\s+()\-.]", "", to):
        raise _invalid(f"Invalid WhatsApp ID in 'to': {to}")
    kind = body.get("type", "text")
    if kind not in MESSAGE_TYPES:
        allowed = ", ".join(t.upper() for t in MESSAGE_TYPES)
        raise _param(f'Param type must be one of {{{allowed}}} - got "{kind}".')
    _keys(body, "message", _TOP_KEYS)
    if "context" in body:
        context = _obj(body["context"], "context")
        _keys(context, "context", {"message_id"})
        _text(context, "message_id", "context['message_id']")
    content = body.get(kind)
    if kind == "text":
        _validate_text(content)
    elif kind in MEDIA_TYPES:
        _validate_media(state, kind, content)
    elif kind == "location":
        _validate_location(content)
    elif kind == "contacts":
        _validate_contacts(content)
    elif kind == "interactive":
        _validate_interactive(content)
    elif kind == "template":
        _validate_template(state, number, content)
    else:
        _validate_reaction(content)
    return str(kind)


def _validate_read(body: Mapping[str, Any]) -> tuple[str, bool]:
    _keys(body, "message", {"messaging_product", "status", "message_id", "typing_indicator", "recipient_type"})
    if body.get("messaging_product") != "whatsapp":
        raise _param("The parameter messaging_product is required.")
    message_id = _text(body, "message_id", "message_id") or ""
    typing = "typing_indicator" in body
    if typing:
        indicator = _obj(body["typing_indicator"], "typing_indicator")
        _keys(indicator, "typing_indicator", {"type"})
        if indicator.get("type") != "text":
            raise _param(f"Param typing_indicator['type'] must be one of {{TEXT}} - got \"{indicator.get('type')}\".")
    return message_id, typing


# --------------------------------------------------------------------------------------------------------- HTTP


def _graph_json(data: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return Response(
        encode_like_meta(data),
        status_code=status,
        media_type="application/json; charset=UTF-8",
        headers={"x-fb-trace-id": _trace_id(), **(headers or {})},
    )


def _error_response(error: GraphError) -> Response:
    return _graph_json(error.body(), error.status, error.headers)


def _state(request: Request) -> FakeGraphState:
    state: FakeGraphState = request.app.state.fake
    return state


def _check_version(request: Request) -> str:
    version = str(request.path_params["version"])
    if not _VERSION.match(version):
        raise GraphError(2500, f"Unknown path components: {request.url.path}")
    return version


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _authorize(request: Request, owner_token: str | None, method: str, object_id: str) -> None:
    """Token desconhecido (ou ausente) → 190/401; token válido de outro número → objeto "não existe" (100/33)."""
    token = _bearer(request)
    if token is None or not _state(request)._known_token(token):
        raise invalid_token_error()
    if owner_token is None or not hmac.compare_digest(token, owner_token):
        raise _unknown_object(method, object_id)


async def _number(request: Request, method: str) -> FakeNumber:
    _check_version(request)
    state = _state(request)
    object_id = str(request.path_params["object_id"])
    number = state.numbers.get(object_id)
    _authorize(request, number.access_token if number else None, method, object_id)
    assert number is not None
    state.counters["requests"] += 1
    if number.latency_ms > 0:
        await asyncio.sleep(number.latency_ms / 1000)
    return number


async def _failure(state: FakeGraphState, number: FakeNumber, kind: str) -> Response | None:
    failure = state._take_failure(number.phone_number_id, kind)
    if failure is None:
        return None
    state.counters["injected_failures"] += 1
    if failure.delay_s > 0:
        await asyncio.sleep(failure.delay_s)
    return failure.response()


async def _json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError:
        raise _param("Invalid parameter") from None


async def post_messages(request: Request) -> Response:
    state = _state(request)
    number = await _number(request, "post")
    body = await _json_body(request)
    if isinstance(body, dict) and body.get("status") == "read":
        if (failed := await _failure(state, number, "read")) is not None:
            return failed
        message_id, typing = _validate_read(body)
        state.reads.append(ReadMark(number.phone_number_id, body, message_id, typing))
        state.counters["reads"] += 1
        return _graph_json({"success": True})
    if (failed := await _failure(state, number, "send")) is not None:
        return failed
    try:
        kind = validate_message(state, number, body)
    except GraphError:
        state.counters["messages.rejected"] += 1
        raise
    if not state._bucket(number).take():
        state.counters["messages.rate_limited"] += 1
        raise GraphError(130429, details=ERROR_DETAILS[130429])
    to = str(body["to"])
    wa_id = state.wa_id_for(to)
    sent = SentMessage(number.phone_number_id, body, new_wamid(wa_id), to, wa_id, kind, time.time())
    state.sent.append(sent)
    state.counters["messages.accepted"] += 1
    state._schedule_statuses(number, sent)
    message: dict[str, Any] = {"id": sent.wamid}
    if kind == "template":
        message["message_status"] = "accepted"
    return _graph_json(
        {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": wa_id}], "messages": [message]}
    )


async def post_media(request: Request) -> Response:
    state = _state(request)
    number = await _number(request, "post")
    if (failed := await _failure(state, number, "media")) is not None:
        return failed
    try:
        form = await request.form(max_part_size=1024 * 1024)
    except Exception:  # corpo que não é multipart: a Meta responde parâmetro inválido
        raise _param("Invalid parameter") from None
    try:
        if form.get("messaging_product") is None:
            raise _param("The parameter messaging_product is required.")
        if form.get("messaging_product") != "whatsapp":
            raise _param(
                f'Param messaging_product must be one of {{WHATSAPP}} - got "{form.get("messaging_product")}".'
            )
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise _param("The parameter file is required.")
        mime = form.get("type")
        if not isinstance(mime, str) or not mime:
            raise _param("The parameter type is required.")
        data = await upload.read()
        filename = upload.filename
    finally:
        await form.close()
    base = mime.split(";")[0].strip().lower()
    if base not in MEDIA_LIMITS:
        raise _param(
            f"Param file must be a file with one of the following types: {', '.join(MEDIA_LIMITS)}. "
            f"Received file of type '{mime}'."
        )
    if len(data) > MEDIA_LIMITS[base]:
        limit_mb = MEDIA_LIMITS[base] / _MB
        raise GraphError(
            131053, details=f"Media file size too big. Max file size we currently support: {limit_mb:g}MB."
        )
    media = state.add_media(number.phone_number_id, data, mime, filename=filename)
    state.counters["media.uploaded"] += 1
    return _graph_json({"id": media.id})


def _url_hash(state: FakeGraphState, media_id: str, expires: int) -> str:
    return hmac.new(state.url_secret, f"{media_id}:{expires}".encode(), hashlib.sha256).hexdigest()[:32]


_PHONE_FIELDS = (
    "verified_name",
    "code_verification_status",
    "display_phone_number",
    "quality_rating",
    "platform_type",
    "throughput",
    "webhook_configuration",
    "id",
)
_EXTRA_PHONE_FIELDS = ("name_status", "status", "messaging_limit_tier", "account_mode", "is_official_business_account")


def _phone_fields(number: FakeNumber, fields: str | None) -> dict[str, Any]:
    everything: dict[str, Any] = {
        "verified_name": number.verified_name,
        "code_verification_status": number.code_verification_status,
        "display_phone_number": number.display_phone_number,
        "quality_rating": number.quality_rating,
        "platform_type": "CLOUD_API",
        "throughput": {"level": "STANDARD" if number.throughput_mps <= 80 else "HIGH"},
        "webhook_configuration": {"application": number.webhook_url or ""},
        "name_status": number.name_status,
        "status": "CONNECTED",
        "messaging_limit_tier": number.messaging_limit_tier,
        "account_mode": "LIVE",
        "is_official_business_account": False,
        "id": number.phone_number_id,
    }
    if not fields:
        return {key: everything[key] for key in _PHONE_FIELDS}
    wanted = [f.strip() for f in fields.split(",") if f.strip()]
    for name in wanted:
        if name not in everything:
            raise _param(f"Tried accessing nonexisting field ({name}) on node type (WhatsAppBusinessPhoneNumber)")
    return {**{key: everything[key] for key in wanted}, "id": number.phone_number_id}


async def get_object(request: Request) -> Response:
    """`GET /{id}`: um número (campos), uma mídia (URL de download) ou uma WABA."""
    _check_version(request)
    state = _state(request)
    object_id = str(request.path_params["object_id"])
    if object_id in state.numbers:
        number = await _number(request, "get")
        return _graph_json(_phone_fields(number, request.query_params.get("fields")))
    media = state.media.get(object_id)
    if media is not None:
        _authorize(request, state.numbers[media.owner].access_token, "get", object_id)
        owner = state.numbers[media.owner]
        if owner.latency_ms > 0:
            await asyncio.sleep(owner.latency_ms / 1000)
        if media.expires_at < time.time():
            raise _unknown_object("get", object_id)
        expires = _now() + int(state.media_url_ttl_s)
        query = urlencode({"mid": media.id, "ext": expires, "hash": _url_hash(state, media.id, expires)})
        base = str(request.base_url).rstrip("/")
        state.counters["media.url"] += 1
        return _graph_json(
            {
                "url": f"{base}/media-download/{media.id}?{query}",
                "mime_type": media.mime_type,
                "sha256": media.sha256,
                "file_size": len(media.data),
                "id": media.id,
                "messaging_product": "whatsapp",
            }
        )
    owners = [n for n in state.numbers.values() if n.waba_id == object_id]
    token = _bearer(request)
    owner_token = next((n.access_token for n in owners if token and hmac.compare_digest(token, n.access_token)), None)
    _authorize(request, owner_token, "get", object_id)
    return _graph_json({"id": object_id, "name": owners[0].verified_name, "timezone_id": "1"})


async def delete_object(request: Request) -> Response:
    _check_version(request)
    state = _state(request)
    object_id = str(request.path_params["object_id"])
    media = state.media.get(object_id)
    _authorize(request, state.numbers[media.owner].access_token if media else None, "delete", object_id)
    state.media.pop(object_id, None)
    state.counters["media.deleted"] += 1
    return _graph_json({"success": True})


async def download_media(request: Request) -> Response:
    """O "lookaside" da Meta: baixa os bytes com o mesmo Bearer; URL vale `media_url_ttl_s` segundos."""
    state = _state(request)
    media_id = str(request.path_params["media_id"])
    media = state.media.get(media_id)
    token = _bearer(request)
    if token is None or not state._known_token(token):
        return _error_response(invalid_token_error())
    try:
        expires = int(request.query_params.get("ext", ""))
    except ValueError:
        expires = 0
    given = request.query_params.get("hash", "")
    if (
        media is None
        or expires < time.time()
        or not hmac.compare_digest(given, _url_hash(state, media_id, expires))
        or not hmac.compare_digest(token, state.numbers[media.owner].access_token)
    ):
        return Response("Not Found", status_code=404, media_type="text/plain")
    state.counters["media.downloaded"] += 1
    return Response(media.data, media_type=media.mime_type.split(";")[0].strip())


async def message_templates(request: Request) -> Response:
    """`GET /{waba_id}/message_templates` com `limit`, `after`, `fields` e filtros `name`, `status`, `language`."""
    _check_version(request)
    state = _state(request)
    waba_id = str(request.path_params["object_id"])
    token = _bearer(request)
    owners = [n for n in state.numbers.values() if n.waba_id == waba_id]
    owner = next((n for n in owners if token and hmac.compare_digest(token, n.access_token)), None)
    _authorize(request, owner.access_token if owner else None, "get", waba_id)
    assert owner is not None
    if owner.latency_ms > 0:
        await asyncio.sleep(owner.latency_ms / 1000)
    query = request.query_params
    items = [
        t
        for t in state.templates.get(waba_id, [])
        if all(query.get(key) in (None, "", str(t.get(key))) for key in ("name", "status", "language", "category"))
    ]
    try:
        limit = int(query.get("limit", "25"))
    except ValueError:
        raise _param("Param limit must be an integer.") from None
    if not 1 <= limit <= 1000:
        raise _param("Param limit must be between 1 and 1000.")
    start = 0
    if query.get("after"):
        try:
            start = int(base64.b64decode(query["after"], validate=True).decode()) + 1
        except ValueError:
            raise _param("Invalid cursor for parameter after.") from None
    page = items[start : start + limit]
    fields = [f.strip() for f in query.get("fields", "").split(",") if f.strip()]
    data = [{**{k: t[k] for k in fields if k in t}, "id": t["id"]} if fields else dict(t) for t in page]
    body: dict[str, Any] = {"data": data}
    if page:
        cursors = {
            "before": base64.b64encode(str(start).encode()).decode(),
            "after": base64.b64encode(str(start + len(page) - 1).encode()).decode(),
        }
        body["paging"] = {"cursors": cursors}
        if start + len(page) < len(items):
            params = {k: v for k, v in query.items() if k != "after"} | {"limit": str(limit), "after": cursors["after"]}
            base = str(request.base_url).rstrip("/")
            body["paging"]["next"] = f"{base}{request.url.path}?{urlencode(params)}"
    return _graph_json(body)


async def control_inbound(request: Request) -> Response:
    """Só da Meta falsa (não existe na real): `{"from", "text", "name"?}` vira uma mensagem de cliente no webhook."""
    state = _state(request)
    pid = str(request.path_params["phone_number_id"])
    if pid not in state.numbers:
        return _graph_json({"erro": f"número {pid} não registrado na Meta falsa"}, 404)
    data = await _json_body(request)
    if not isinstance(data, dict) or not data.get("from") or not isinstance(data.get("text"), str):
        return _graph_json({"erro": 'envie {"from": "5511988887777", "text": "Oi", "name": "Maria"}'}, 422)
    message = text_message(_digits(str(data["from"])), data["text"])
    try:
        response = await state.send_inbound(pid, message, contact_name=str(data.get("name") or "Cliente Teste"))
    except (httpx.HTTPError, ValueError) as exc:
        return _graph_json({"erro": f"webhook não entregue: {exc}"}, 502)
    return _graph_json({"message": message, "webhook_status": response.status_code})


async def control_sent(request: Request) -> Response:
    """Só da Meta falsa: os envios aceitos até agora, do mais recente ao mais antigo."""
    state = _state(request)
    items = [
        {"phone_number_id": s.phone_number_id, "wamid": s.wamid, "to": s.to, "type": s.type, "body": s.body}
        for s in reversed(state.sent[-200:])
    ]
    return _graph_json({"data": items, "counters": dict(state.counters)})


async def _graph_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, GraphError)
    return _error_response(exc)


async def _unknown_path(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 400
    if status == 405:
        return _error_response(GraphError(100, f"Unsupported {request.method.lower()} request."))
    return _error_response(GraphError(2500, f"Unknown path components: {request.url.path}"))


def create_app(state: FakeGraphState | None = None) -> Starlette:
    """O app ASGI da Meta falsa; o estado fica em `app.state.fake` (um novo, vazio, se não for dado)."""
    routes = [
        Route("/media-download/{media_id}", download_media, methods=["GET"]),
        Route("/_fake/sent", control_sent, methods=["GET"]),
        Route("/_fake/{phone_number_id}/inbound", control_inbound, methods=["POST"]),
        Route("/{version}/{object_id}/messages", post_messages, methods=["POST"]),
        Route("/{version}/{object_id}/media", post_media, methods=["POST"]),
        Route("/{version}/{object_id}/message_templates", message_templates, methods=["GET"]),
        Route("/{version}/{object_id}", get_object, methods=["GET"]),
        Route("/{version}/{object_id}", delete_object, methods=["DELETE"]),
    ]
    app = Starlette(
        routes=routes, exception_handlers={GraphError: _graph_error, 404: _unknown_path, 405: _unknown_path}
    )
    app.state.fake = state if state is not None else FakeGraphState()
    return app


# ------------------------------------------------------------------------------------------------ linha de comando


def main(argv: Sequence[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(
        prog="python -m wacs.fakes.meta_graph",
        description="Meta falsa: a WhatsApp Cloud API local, para testar o serviço sem conta na Meta.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="endereço de escuta (padrão 127.0.0.1)")
    parser.add_argument("--port", type=int, default=5055, help="porta (padrão 5055)")
    parser.add_argument("--phone-number-id", default="106540352242922", help="id do número na Meta falsa")
    parser.add_argument("--display-phone-number", default="5511940000000", help="telefone exibido do número")
    parser.add_argument("--waba-id", default="102290129340398", help="id da conta do WhatsApp Business")
    parser.add_argument("--token", default=None, help="token de acesso (gerado se omitido)")
    parser.add_argument("--app-secret", default=None, help="app secret que assina os webhooks (gerado se omitido)")
    parser.add_argument("--verify-token", default=None, help="verify token do webhook (gerado se omitido)")
    parser.add_argument(
        "--webhook-url", default=None, help="nosso endpoint, ex. http://127.0.0.1:5000/api/v1/webhooks/meta"
    )
    parser.add_argument("--mps", type=float, default=80.0, help="envios por segundo do número (padrão 80)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="atraso de cada resposta, em ms")
    parser.add_argument("--no-auto-statuses", action="store_true", help="não mandar sent/delivered/read sozinho")
    args = parser.parse_args(argv)

    token = args.token or "EAAFAKE" + secrets.token_urlsafe(32)
    app_secret = args.app_secret or secrets.token_hex(16)
    verify_token = args.verify_token or secrets.token_urlsafe(12)
    state = FakeGraphState()
    state.add_number(
        args.phone_number_id,
        access_token=token,
        app_secret=app_secret,
        waba_id=args.waba_id,
        display_phone_number=args.display_phone_number,
        verified_name="Empresa Demonstração",
        webhook_url=args.webhook_url,
        verify_token=verify_token,
        throughput_mps=args.mps,
        latency_ms=args.latency_ms,
        auto_statuses=None if args.no_auto_statuses else AutoStatuses(0.5, 1.5, 3.0, 4.0),
    )
    state.add_template(
        args.waba_id, "hello_world", language="en_US", components=[{"type": "BODY", "text": "Hello World"}]
    )
    state.add_template(
        args.waba_id,
        "boas_vindas",
        components=[{"type": "BODY", "text": "Olá {{1}}, obrigado pelo contato! Em que podemos ajudar?"}],
    )
    base = f"http://{args.host}:{args.port}"
    config = {
        "phoneNumberId": args.phone_number_id,
        "wabaId": args.waba_id,
        "accessToken": token,
        "appSecret": app_secret,
        "verifyToken": verify_token,
        "baseUrl": base,
        "apiVersion": DEFAULT_API_VERSION,
        "messagesPerSecond": int(args.mps) if float(args.mps).is_integer() else args.mps,
    }
    print("Meta falsa (WhatsApp Cloud API local) em", base)
    print(
        "\nCole na configuração da sessão (provider meta_api) — o serviço precisa de META_ALLOW_PRIVATE_BASE_URL=true:"
    )
    print(json.dumps(config, indent=2, ensure_ascii=False))
    if args.webhook_url:
        print(f"\nWebhooks assinados vão para {args.webhook_url}.")
        print("Simular um cliente escrevendo:")
        print(
            f"  curl -s -X POST {base}/_fake/{args.phone_number_id}/inbound -H 'Content-Type: application/json' "
            '-d \'{"from": "5511988887777", "text": "Oi", "name": "Maria"}\''
        )
    else:
        print("\nSem --webhook-url: mensagens de clientes e recibos não serão entregues.")
    print(f"Envios recebidos: curl -s {base}/_fake/sent\n")
    uvicorn.run(create_app(state), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
