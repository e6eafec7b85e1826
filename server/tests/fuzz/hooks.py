"""Hooks do schemathesis para o fuzzing (carregados no processo do schemathesis via SCHEMATHESIS_HOOKS).

1. Rede: o teste só fala com a loopback. As rotas de webhook resolvem no DNS o host da URL recebida (e a proteção
   contra SSRF deixa passar IPs públicos): toda URL gerada para elas vira um IP literal de loopback antes do envio, e
   a camada de transporte (`requests`) recusa, por via das dúvidas, qualquer requisição que ainda leve uma URL capaz
   de causar consulta de DNS ou conexão fora da loopback, ou que vá a outro lugar que não a loopback.
2. Ids reais: parte dos UUIDs gerados para caminhos, query e corpo vira o id de um recurso semeado (`seed.py`),
   para que as rotas passem do 404 e exercitem o caminho feliz.
3. A sessão do fuzzing sobrevive (o schemathesis também reaproveita ids vistos nas respostas): um limite de
   requisições por minuto gerado para o próprio tenant vira o máximo permitido (um limite baixo faria todo o resto
   responder 429); trocar a senha do próprio superadmin (que revoga o token) e revogar a chave usada pelo esquema
   ApiKey vão, em vez disso, para o usuário e a chave semeados para isso.
"""

from __future__ import annotations

import json
import os
import uuid
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests.adapters
import schemathesis
from schemathesis.transport.serialization import serialize_binary

from tests.fuzz.network import LOOPBACK_URLS, is_loopback_literal, safe_webhook_body, webhook_url_is_safe
from wacs.media.service import ALLOWED_MIME_TYPES

SEEDS: dict[str, Any] = json.loads(Path(os.environ["WACS_FUZZ_SEEDS"]).read_text())
IDS: dict[str, list[str]] = SEEDS["ids"]

WEBHOOK_PATHS = ("/api/v1/webhooks/endpoints", "/api/v1/webhooks/endpoints/{endpoint_id}")
RATE_LIMIT_MAX = 100_000  # o teto de `requestsPerMinute`

# Nome do parâmetro (caminho, query ou corpo) → tipo de recurso semeado.
ID_PARAMETERS = {
    "user_id": "user",
    "actorId": "user",
    "key_id": "api_key",
    "session_id": "session",
    "sessionId": "session",
    "message_id": "message",
    "messageId": "message",
    "bulk_id": "bulk",
    "conversation_id": "conversation",
    "conversationId": "conversation",
    "media_id": "media",
    "mediaId": "media",
    "endpoint_id": "webhook_endpoint",
    "delivery_id": "webhook_delivery",
    "client_id": "tenant",
    "agent_id": "agent",
    "agentId": "agent",
    "document_id": "knowledge_document",
    "property_id": "property",
    "appointment_id": "appointment",
    "phone": "contact",
}
# Ids que não são UUID: o valor gerado é trocado pela semente (ou fica como está) sem conferir o formato.
_FREE_FORM = {"tenant", "contact"}


def _pick(value: str, candidates: list[str]) -> str:
    """Determinístico: o mesmo valor gerado escolhe sempre o mesmo destino (ou fica como está)."""
    index = zlib.crc32(value.encode("utf-8", "surrogatepass")) % (len(candidates) + 1)
    return candidates[index] if index < len(candidates) else value


def _real_id(name: str, value: Any) -> Any:
    kind = ID_PARAMETERS.get(name)
    if kind is None or not isinstance(value, str) or not IDS.get(kind):
        return value
    if kind not in _FREE_FORM:
        try:
            uuid.UUID(value)
        except ValueError:
            return value  # um id inválido gerado de propósito continua inválido
    return _pick(value, IDS[kind])


def _with_real_ids(container: Any) -> None:
    if isinstance(container, dict):
        for name, value in list(container.items()):
            container[name] = _real_id(name, value)


def _spare_the_session(case: schemathesis.Case) -> None:
    operation, path = case.operation, case.path_parameters
    if operation.path == "/api/v1/users/{user_id}" and operation.method.upper() == "PATCH":
        changes_password = isinstance(case.body, dict) and "password" in case.body
        if changes_password and path.get("user_id") in IDS.get("superadmin", []):
            path["user_id"] = IDS["user"][0]
    if operation.path == "/api/v1/api-keys/{key_id}" and path.get("key_id") in IDS.get("protected_api_key", []):
        path["key_id"] = IDS["api_key"][0]
    erasing = operation.path == "/api/v1/contacts/{phone}" and operation.method.upper() == "DELETE"
    if erasing and path.get("phone") in IDS.get("contact", []):
        path["phone"] = IDS["erasable_contact"][0]


def _would_set_a_limit(value: Any) -> bool:
    """Se o servidor aceitaria o valor como limite: o modo leniente do Pydantic também converte 1.0 e "1"."""
    if value is None or isinstance(value, bool):
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return number.is_integer() and 1 <= number <= RATE_LIMIT_MAX


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: schemathesis.Case, kwargs: dict[str, Any]) -> None:
    operation = case.operation
    _with_real_ids(case.path_parameters)
    _with_real_ids(case.query)
    _with_real_ids(case.body)
    if isinstance(case.body, dict) and isinstance(case.body.get("content"), dict):
        _with_real_ids(case.body["content"])
    if operation.path in WEBHOOK_PATHS and isinstance(case.body, dict):
        url = case.body.get("url")
        if not webhook_url_is_safe(url):
            case.body["url"] = LOOPBACK_URLS[zlib.crc32(str(url).encode("utf-8", "surrogatepass")) % len(LOOPBACK_URLS)]
    settings = operation.path == "/api/v1/tenant/settings" and isinstance(case.body, dict)
    if settings and _would_set_a_limit(case.body.get("requestsPerMinute")):
        case.body["requestsPerMinute"] = RATE_LIMIT_MAX
    _spare_the_session(case)


# A OpenAPI lista, no `encoding` da parte `file`, os tipos de arquivo aceitos; o schemathesis só sabe serializar
# alguns deles (imagens, texto). Os outros também são bytes crus.
@schemathesis.serializer(*[t for t in ALLOWED_MIME_TYPES if not t.startswith(("image/", "text/"))])
def file_bytes(ctx: schemathesis.SerializationContext, value: Any) -> bytes:
    return serialize_binary(value)


# ------------------------------------------------------------------ guarda na camada de transporte (última linha)

_send = requests.adapters.HTTPAdapter.send


class OutboundTrafficRefused(RuntimeError):
    """O fuzzing tentou algo que poderia sair da loopback: o teste falha em vez de enviar."""


def _guarded_send(self: requests.adapters.HTTPAdapter, request: requests.PreparedRequest, *args: Any, **kw: Any) -> Any:
    parts = urlsplit(request.url or "")
    if not is_loopback_literal(parts.hostname or ""):
        raise OutboundTrafficRefused(f"requisição fora da loopback recusada: {request.method} {request.url}")
    if parts.path.startswith("/api/v1/webhooks/endpoints") and request.body:
        raw = request.body if isinstance(request.body, bytes) else str(request.body).encode()
        try:
            body = json.loads(raw)
        except ValueError:
            body = None  # o servidor também não lê um corpo que não é JSON: nada é resolvido
        if not safe_webhook_body(body):
            raise OutboundTrafficRefused(f"URL de webhook fora da loopback recusada: {request.method} {raw[:300]!r}")
    return _send(self, request, *args, **kw)


requests.adapters.HTTPAdapter.send = _guarded_send  # type: ignore[method-assign]
