"""Callbacks dos provedores: cada provedor declara as rotas públicas por onde avisa mensagens, recibos e mudanças de
sessão, e como verificá-las; o registro as reúne e `wacs.inbound` as monta e grava o que elas devolvem.

Aqui também mora o esquema "wacs" de assinatura, usado pelo serviço Baileys e pelo sandbox:

    X-Wacs-Timestamp: <segundos Unix>
    X-Wacs-Signature: sha256=<hex HMAC-SHA256(segredo, "<timestamp>." + corpo bruto)>

com o segredo gerado no primeiro start (`DATA_DIR/provider_callback.key`, ou `PROVIDER_CALLBACK_SECRET`). O
timestamp assinado limita a repetição de um pedido capturado a `MAX_SKEW_SECONDS`. O corpo traz `events`, cada um com
o `sessionId` a que se refere: tenant e sessão saem só disso — nunca de cabeçalho ou campo que o chamador escolha.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson
from pydantic import BaseModel, Field, ValidationError

from wacs.config import Settings
from wacs.kit.context import AppContext
from wacs.kit.errors import AppError, Unauthorized
from wacs.kit.errors import translate_validation_error as translate
from wacs.kit.secrets import shared_token
from wacs.kit.text import sanitized
from wacs.providers.contract import ProviderEvent

SIGNATURE_HEADER = "x-wacs-signature"
TIMESTAMP_HEADER = "x-wacs-timestamp"
MAX_SKEW_SECONDS = 300
MAX_EVENTS = 500


class CallbackUnsigned(Unauthorized):
    code = "assinatura_ausente"
    title = "Assinatura ausente"
    detail = "O callback do provedor não trouxe a assinatura (X-Wacs-Signature e X-Wacs-Timestamp)."


class CallbackBadSignature(AppError):
    status_code = 403
    code = "assinatura_invalida"
    title = "Assinatura inválida"
    detail = "A assinatura do callback do provedor não confere."


class CallbackInvalid(AppError):
    status_code = 422
    code = "validacao"
    title = "Dados inválidos"
    detail = "O corpo do callback do provedor é inválido."


@dataclass(frozen=True)
class CallbackRequest:
    """O pedido HTTP como chegou (corpo bruto: a assinatura é calculada sobre os bytes exatos)."""

    method: str
    path: str
    headers: Mapping[str, str]
    query: Mapping[str, str]
    body: bytes


@dataclass
class CallbackResult:
    """Eventos já verificados e tipados; `response` substitui a resposta padrão (ex.: o desafio da Meta)."""

    events: list[Any] = field(default_factory=list)
    response: str | None = None


CallbackHandler = Callable[[AppContext, CallbackRequest], Awaitable[CallbackResult]]


@dataclass(frozen=True)
class CallbackRoute:
    method: Literal["GET", "POST"]
    path: str
    summary: str
    description: str
    handle: CallbackHandler
    # Tipos de evento aceitos nesta rota (o contrato de `incoming-message` é só mensagem, etc.).
    kinds: frozenset[str] = frozenset({"message", "status", "session"})
    # Cabeçalho que autentica a rota (documentado na OpenAPI como o esquema de segurança dela).
    signature_header: str = "X-Wacs-Signature"
    # Status da resposta de sucesso (padrão: 202 no POST; a Meta espera 200).
    success_status: int | None = None


def callback_secret(ctx: AppContext) -> str:
    return settings_callback_secret(ctx.settings)


def settings_callback_secret(settings: Settings) -> str:
    """PROVIDER_CALLBACK_SECRET, ou o de DATA_DIR/provider_callback.key (criado no primeiro uso; o serviço Baileys lê
    o mesmo arquivo)."""
    return shared_token(settings.provider_callback_secret, settings.data_dir / "provider_callback.key")


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(secret: str, body: bytes, now: float | None = None) -> dict[str, str]:
    """Os cabeçalhos que o serviço Baileys (e o sandbox) mandam com cada callback."""
    timestamp = str(int(now if now is not None else time.time()))
    return {
        "content-type": "application/json",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


def verify_signed(secret: str, request: CallbackRequest, now: float | None = None) -> None:
    given = request.headers.get(SIGNATURE_HEADER)
    timestamp = request.headers.get(TIMESTAMP_HEADER)
    if not given or not timestamp:
        raise CallbackUnsigned()
    if not timestamp.isdigit() or abs((now if now is not None else time.time()) - int(timestamp)) > MAX_SKEW_SECONDS:
        raise CallbackBadSignature(
            f"O horário assinado do callback está fora da janela de {MAX_SKEW_SECONDS // 60} minutos "
            "(relógios dessincronizados ou pedido repetido)."
        )
    if not hmac.compare_digest(given.encode(), signature(secret, timestamp, request.body).encode()):
        raise CallbackBadSignature()


class SignedBatch(BaseModel):
    events: list[ProviderEvent] = Field(min_length=1, max_length=MAX_EVENTS)


def _load_json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        # O parser rápido recusa surrogate solto (`\ud800`), que um provedor pode mandar dentro de um texto: o parser
        # da biblioteca padrão aceita, e o texto é limpo ao gravar (melhor limpar que perder a mensagem).
        try:
            return sanitized(json.loads(body))
        except (ValueError, UnicodeDecodeError) as exc:
            raise CallbackInvalid(
                errors=[
                    {"field": "body", "location": "body", "message": f"JSON inválido: {exc}", "type": "json_invalid"}
                ]
            ) from None


def parse_batch(body: bytes, kinds: frozenset[str]) -> list[Any]:
    data = _load_json(body)
    if len(kinds) == 1 and isinstance(data, dict) and isinstance(data.get("events"), list):
        # Nas rotas de um tipo só, `kind` é opcional (o caminho já diz o que é).
        (only,) = kinds
        data["events"] = [{"kind": only, **e} if isinstance(e, dict) else e for e in data["events"]]
    try:
        batch = SignedBatch.model_validate(data)
    except ValidationError as exc:
        errors = []
        for error in exc.errors()[:20]:
            item = translate(dict(error))
            item["location"] = "body"
            errors.append(item)
        raise CallbackInvalid(errors=errors) from None
    wrong = sorted({event.kind for event in batch.events} - kinds)
    if wrong:
        raise CallbackInvalid(f"Esta rota não aceita eventos do tipo {', '.join(wrong)}.")
    return list(batch.events)


def signed_route(path: str, summary: str, description: str, kinds: frozenset[str]) -> CallbackRoute:
    async def handle(ctx: AppContext, request: CallbackRequest) -> CallbackResult:
        verify_signed(callback_secret(ctx), request)
        return CallbackResult(parse_batch(request.body, kinds))

    return CallbackRoute("POST", path, summary, description, handle, kinds)


_BODY = (
    ' Corpo: `{"events": [...]}` (até 500), cada evento com `sessionId`; assinado com `X-Wacs-Timestamp` e '
    '`X-Wacs-Signature: sha256=<HMAC-SHA256(segredo, "<timestamp>." + corpo)>`. Sem `X-Client-Id` nem JWT: o tenant '
    "vem da sessão. Resposta 202 assim que os eventos estão gravados; o processamento é do worker."
)

# As rotas do PRD §4.2 para o serviço Baileys, mais a de sessão; o sandbox usa as mesmas (é assim que os seus recibos e
# mensagens simuladas exercitam o caminho que o Baileys vai usar).
SIGNED_ROUTES: tuple[CallbackRoute, ...] = (
    signed_route(
        "/api/v1/webhooks/incoming-message",
        "Callback: mensagens recebidas",
        "Mensagens de clientes entregues pelo serviço Baileys (ou pelo sandbox)." + _BODY,
        frozenset({"message"}),
    ),
    signed_route(
        "/api/v1/webhooks/status-update",
        "Callback: recibos de status",
        "Recibos (sent, delivered, read, played, failed) das mensagens enviadas." + _BODY,
        frozenset({"status"}),
    ),
    signed_route(
        "/api/v1/webhooks/session-update",
        "Callback: estado da sessão",
        "Mudanças de estado da sessão (QR, código de pareamento, conectada, desconectada)." + _BODY,
        frozenset({"session"}),
    ),
)


def signed_body(events: list[Any]) -> bytes:
    """O corpo JSON de um callback assinado (o que o sandbox monta e o serviço Baileys manda)."""
    return SignedBatch(events=events).model_dump_json(by_alias=True, exclude_none=True).encode()
