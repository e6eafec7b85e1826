"""API do número simulado: injetar mensagens "do cliente", recibos e falhas, e ver o que o "celular" recebeu."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, status
from pydantic import ConfigDict, Field, model_validator
from sqlalchemy import select

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.inbound.service import record_event
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.phone import Phone
from wacs.kit.schemas import InputSchema, Schema, input_json_schema
from wacs.media.service import MediaNotFound, get_media
from wacs.models import Message, SandboxOutbox, WhatsAppSession
from wacs.providers.sandbox import inject_failures
from wacs.sessions.service import SessionNotFound, SessionService

router = APIRouter(prefix="/api/v1/sandbox/sessions", tags=["Sandbox"])

Writer = Annotated[Principal, Depends(Authenticator("admin", "sessions:write"))]
Reader = Annotated[Principal, Depends(Authenticator("user", "sessions:read"))]


class NotSandbox(SessionNotFound):
    detail = "Sessão sandbox não encontrada (a sessão existe mas não é do provedor sandbox, ou não existe)."


class IncomingLocation(InputSchema):
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    name: str | None = Field(default=None, max_length=1000)
    address: str | None = Field(default=None, max_length=1000)


def _one_media_source(schema: dict[str, Any]) -> None:
    schema["oneOf"] = [{"required": ["mediaId"]}, {"required": ["base64"]}]
    input_json_schema(schema)


def _content_by_type(schema: dict[str, Any]) -> None:
    """O campo que cada `type` exige: `text` (não vazio), `location` ou `media`."""
    schema["allOf"] = [
        {
            "if": {"properties": {"type": {"const": "text"}}},
            "then": {"required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}},
        },
        {
            "if": {"properties": {"type": {"const": "location"}}, "required": ["type"]},
            "then": {"required": ["location"], "properties": {"location": {"type": "object"}}},
        },
        {
            "if": {"properties": {"type": {"enum": ["image", "video", "audio", "document"]}}, "required": ["type"]},
            "then": {"required": ["media"], "properties": {"media": {"type": "object"}}},
        },
    ]
    input_json_schema(schema)


class IncomingMedia(InputSchema):
    model_config = ConfigDict(json_schema_extra=_one_media_source)

    media_id: uuid.UUID | None = Field(default=None, description="Mídia enviada antes em POST /api/v1/media.")
    base64: str | None = Field(default=None, max_length=30_000_000, description="Conteúdo em base64.")
    mime_type: str | None = Field(default=None, max_length=100)
    filename: str | None = Field(default=None, max_length=255)
    caption: str | None = Field(default=None, max_length=1024)

    @model_validator(mode="after")
    def _one_source(self) -> IncomingMedia:
        if (self.media_id is None) == (self.base64 is None):
            raise ValueError("Informe exatamente um entre mediaId e base64")
        return self


class IncomingMessage(InputSchema):
    model_config = ConfigDict(json_schema_extra=_content_by_type)

    from_: Phone = Field(alias="from", description="Número do cliente que escreve.")
    name: str | None = Field(default=None, max_length=255, description="Nome do perfil do cliente.")
    type: Literal["text", "image", "video", "audio", "document", "location"] = "text"
    text: str | None = Field(default=None, max_length=4096)
    media: IncomingMedia | None = None
    location: IncomingLocation | None = None
    message_id: str | None = Field(
        default=None, max_length=200, description="Id do provedor; repetir o mesmo id simula um evento duplicado."
    )

    @model_validator(mode="after")
    def _content(self) -> IncomingMessage:
        if self.type == "text" and not self.text:
            raise ValueError("Mensagem de texto precisa de text")
        if self.type == "location" and self.location is None:
            raise ValueError("Mensagem de localização precisa de location")
        if self.type not in {"text", "location"} and self.media is None:
            raise ValueError("Mensagem de mídia precisa de media")
        return self


class IncomingAccepted(Schema):
    message_id: str = Field(description="Id do provedor (simulado) da mensagem recebida.")
    duplicate: bool = Field(description="true se este id já tinha chegado (nada novo foi gravado).")


class StatusInjection(InputSchema):
    message_id: uuid.UUID = Field(description="Id (deste serviço) da mensagem enviada.")
    status: Literal["sent", "delivered", "read", "failed"]
    error: str | None = Field(default=None, max_length=500)


class FailurePlan(InputSchema):
    mode: Literal["transient", "permanent"]
    count: int = Field(ge=0, le=100_000, description="Quantas próximas tentativas falham (0 cancela).")


class OutboxItem(Schema):
    provider_message_id: str
    to: str
    type: str
    content: dict[str, Any]
    created_at: datetime


async def _sandbox(principal: Principal, ctx: Any, session: Any, session_id: uuid.UUID) -> WhatsAppSession:
    try:
        row = await SessionService(ctx, session, principal.tenant.id).get(session_id)
    except SessionNotFound:
        raise NotSandbox() from None
    if row.provider_type != "sandbox":
        raise NotSandbox()
    return row


@router.post(
    "/{session_id}/incoming",
    response_model=IncomingAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Simular mensagem recebida de um cliente",
    description="Entra pelo mesmo caminho das mensagens reais: evento bruto idempotente, conversa, "
    "mensagem, mídia, tempo real e webhooks.",
    responses=problem_responses(Forbidden, NotSandbox, MediaNotFound),
)
async def sandbox_incoming(
    session_id: uuid.UUID,
    data: IncomingMessage,
    principal: Writer,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> IncomingAccepted:
    row = await _sandbox(principal, ctx, session, session_id)
    if data.media is not None and data.media.media_id is not None:
        # A mídia citada precisa ser deste tenant (404, como nos envios), não só existir.
        await get_media(ctx, session, principal.tenant.id, data.media.media_id)
    # Ids de provedor reais são únicos no mundo; os informados aqui ficam no escopo da sessão, para que um tenant
    # nunca colida com (nem descubra) ids de outro.
    provider_message_id = f"sandbox.in.{row.id.hex}.{data.message_id or uuid.uuid4().hex}"
    payload: dict[str, Any] = {
        "messageId": provider_message_id,
        "from": data.from_,
        "name": data.name,
        "type": data.type,
        "timestamp": datetime.now(UTC).isoformat(),
    }
    if data.text is not None:
        payload["text"] = data.text
    if data.location is not None:
        payload["location"] = data.location.model_dump(exclude_none=True)
    if data.media is not None:
        payload["media"] = data.media.model_dump(mode="json", by_alias=True, exclude_none=True)
    event_id = await record_event(
        ctx,
        session,
        tenant_id=principal.tenant.id,
        session_id=row.id,
        provider="sandbox",
        external_id=provider_message_id,
        kind="message",
        payload=payload,
    )
    set_resource(request, "sandbox-incoming", provider_message_id)
    return IncomingAccepted(message_id=data.message_id or provider_message_id, duplicate=event_id is None)


@router.post(
    "/{session_id}/status",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Simular recibo de status",
    description="Injeta um recibo (entregue, lido, falhou) para uma mensagem enviada por esta sessão, como "
    "o provedor faria — inclusive fora de ordem ou repetido.",
    responses=problem_responses(Forbidden, NotSandbox),
)
async def sandbox_status(
    session_id: uuid.UUID,
    data: StatusInjection,
    principal: Writer,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> dict[str, Any]:
    row = await _sandbox(principal, ctx, session, session_id)
    message = (
        await session.execute(
            select(Message).where(
                Message.id == data.message_id, Message.tenant_id == principal.tenant.id, Message.session_id == row.id
            )
        )
    ).scalar_one_or_none()
    if message is None or message.message_id is None:
        raise NotSandbox("Mensagem enviada por esta sessão sandbox não encontrada.")
    external = f"{message.message_id}:{data.status}:{uuid.uuid4().hex}"
    await record_event(
        ctx,
        session,
        tenant_id=principal.tenant.id,
        session_id=row.id,
        provider="sandbox",
        external_id=external,
        kind="status",
        payload={
            "messageId": message.message_id,
            "status": data.status,
            "error": data.error,
            "timestamp": datetime.now(UTC).isoformat(),
        },
    )
    set_resource(request, "sandbox-status", message.id, status=data.status)
    return {"accepted": True}


@router.post(
    "/{session_id}/failures",
    summary="Programar falhas de envio",
    description="As próximas `count` tentativas de envio por este número falham (transient: o serviço "
    "tenta de novo ou usa outro provedor; permanent: a mensagem termina em failed).",
    responses=problem_responses(Forbidden, NotSandbox),
)
async def sandbox_failures(
    session_id: uuid.UUID, data: FailurePlan, principal: Writer, ctx: ContextDep, session: SessionDep, request: Request
) -> dict[str, Any]:
    row = await _sandbox(principal, ctx, session, session_id)
    await inject_failures(ctx, row.id, data.mode, data.count)
    set_resource(request, "sandbox-failures", row.id, mode=data.mode, count=data.count)
    return {"mode": data.mode, "count": data.count}


@router.get(
    "/{session_id}/outbox",
    response_model=list[OutboxItem],
    summary="O que o número simulado entregou",
    responses=problem_responses(Forbidden, NotSandbox),
)
async def sandbox_outbox(
    session_id: uuid.UUID,
    principal: Reader,
    ctx: ContextDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[OutboxItem]:
    row = await _sandbox(principal, ctx, session, session_id)
    items = (
        await session.execute(
            select(SandboxOutbox)
            .where(SandboxOutbox.tenant_id == principal.tenant.id, SandboxOutbox.session_id == row.id)
            .order_by(SandboxOutbox.id.desc())
            .limit(limit)
        )
    ).scalars()
    return [
        OutboxItem(
            provider_message_id=i.provider_message_id,
            to=i.to_number,
            type=i.message_type,
            content=i.content,
            created_at=i.created_at,
        )
        for i in items
    ]
