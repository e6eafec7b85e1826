from __future__ import annotations

import ipaddress
import re
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

import httpx
from pydantic import AfterValidator, Field, field_validator

from wacs.kit.schemas import InputSchema, Schema, semantic_validation
from wacs.realtime.events import EVENT_TYPES

URL_MAX_LENGTH = 2000
DeliveryStatus = Literal["pending", "delivered", "failed", "dead"]

_HOSTNAME = re.compile(r"^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$")


def _webhook_url(value: str) -> str:
    """URL http(s) absoluta, sem credenciais; o host é o mesmo que o cliente HTTP usará para conectar."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("A URL não pode conter espaços ou caracteres de controle")
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, ValueError, UnicodeError):
        raise ValueError("URL inválida") from None
    if url.scheme not in {"http", "https"}:
        raise ValueError("A URL deve usar http:// ou https://")
    if url.userinfo:
        raise ValueError("A URL não pode conter usuário ou senha")
    if value.split("//", 1)[-1].split("/", 1)[0].startswith("@"):
        raise ValueError("A URL não pode conter usuário ou senha")
    raw_host = url.raw_host.decode("ascii", "replace").lower()
    if not raw_host:
        raise ValueError("A URL deve ter um host")
    if "%" in raw_host:
        raise ValueError("Host inválido na URL")
    if ":" in raw_host:  # IPv6 literal (sem zona de interface)
        try:
            ipaddress.IPv6Address(raw_host)
        except ValueError:
            raise ValueError("Host inválido na URL") from None
    elif not _HOSTNAME.match(raw_host):
        raise ValueError("Host inválido na URL")
    if url.port is not None and not 1 <= url.port <= 65535:
        raise ValueError("Porta inválida na URL")
    if url.fragment:
        raise ValueError("A URL não pode conter fragmento (#...)")
    return value


WebhookUrl = Annotated[
    str,
    Field(
        min_length=1,
        max_length=URL_MAX_LENGTH,
        description="URL http(s) que recebe os eventos (máx. 2000 caracteres, sem usuário/senha). "
        "Endereços internos são recusados, salvo com WEBHOOK_ALLOW_PRIVATE.",
        examples=["https://meusistema.com.br/webhooks/wacs"],
        # O esquema diz o começo (http:// ou https:// e o início do host; a validação é de `_webhook_url`, com as
        # mensagens dela); o resto é semântico.
        json_schema_extra={"pattern": r"^[ \t\n\r\f\v]*[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#@]"}
        | semantic_validation(
            "`url`: host válido (nome de domínio ou IP), porta entre 1 e 65535, sem usuário/senha, fragmento (#), "
            "espaços ou caracteres de controle; o host é resolvido no DNS no cadastro e endereços internos "
            "(loopback, redes privadas, link-local, CGNAT, metadados de nuvem...) são recusados com "
            "`url_nao_permitida`, salvo com WEBHOOK_ALLOW_PRIVATE; host que não resolve → `url_nao_resolvida`"
        ),
    ),
    AfterValidator(_webhook_url),
]


def _event_list(value: list[str]) -> list[str]:
    if "*" in value:
        return ["*"]
    unknown = [event for event in value if event not in EVENT_TYPES]
    if unknown:
        raise ValueError(f"Tipo(s) de evento desconhecido(s): {', '.join(dict.fromkeys(unknown))}")
    return sorted(set(value))


EventList = Annotated[
    list[str],
    Field(
        min_length=1,
        max_length=len(EVENT_TYPES) + 1,
        description='Tipos de evento enviados a este endpoint (veja /api/v1/webhooks/event-types) ou `["*"]` '
        "para todos.",
        examples=[["message.created", "message.status"]],
        json_schema_extra={"items": {"type": "string", "enum": [*EVENT_TYPES, "*"]}},
    ),
    AfterValidator(_event_list),
]

Description = Annotated[str | None, Field(default=None, max_length=255, examples=["ERP de produção"])]


class WebhookEndpointCreate(InputSchema):
    url: WebhookUrl
    events: EventList
    description: Description = None
    is_active: bool = True

    @field_validator("description")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None


class WebhookEndpointUpdate(InputSchema):
    """Só os campos enviados mudam; `description: null` (ou vazia) a remove."""

    url: WebhookUrl | None = None
    events: EventList | None = None
    description: Description = None
    is_active: bool | None = None

    @field_validator("description")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None


class WebhookEndpointOut(Schema):
    id: uuid.UUID
    url: str
    events: list[str]
    description: str | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


class WebhookEndpointWithSecret(WebhookEndpointOut):
    secret: str = Field(
        description="Segredo de assinatura (`whsec_...`). É mostrado só agora: guarde-o em local seguro.",
    )


class EventTypeOut(Schema):
    type: str
    description: str


class WebhookDeliveryOut(Schema):
    id: uuid.UUID
    endpoint_id: uuid.UUID
    event_id: str = Field(description="Id do evento (`evt_...`), igual em todas as tentativas e reenvios.")
    event_type: str
    status: DeliveryStatus = Field(
        description="pending (em andamento ou aguardando nova tentativa), delivered (2xx recebido), "
        "failed (endpoint desativado) ou dead (tentativas esgotadas ou destino recusado)."
    )
    attempts: int = Field(description="Tentativas feitas no ciclo atual (um reenvio começa um ciclo novo).")
    last_status_code: int | None = Field(description="Status HTTP da última resposta recebida.")
    last_error: str | None = Field(description="Motivo da última falha.")
    next_attempt_at: datetime | None = Field(description="Quando será a próxima tentativa (se houver).")
    delivered_at: datetime | None
    created_at: datetime
    updated_at: datetime


class WebhookDeliveryDetail(WebhookDeliveryOut):
    payload: dict[str, Any] = Field(description="O envelope do evento, exatamente o corpo enviado (JSON).")
