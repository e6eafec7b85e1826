"""API do número simulado: injetar mensagens "do cliente", recibos, mudanças de sessão e falhas, e ver o que o
"celular" recebeu. Mensagens, recibos e estados entram por callback assinado, como os do serviço Baileys."""

from __future__ import annotations

import base64
import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, status
from pydantic import ConfigDict, Field, model_validator

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.phone import Phone
from wacs.kit.schemas import InputSchema, Schema, input_json_schema
from wacs.media.service import MediaNotFound, MediaStorageUnavailable, get_media, put_object
from wacs.models import WhatsAppSession
from wacs.providers.contract import InboundMessage, Location, MediaRef, SessionUpdate, StatusUpdate
from wacs.providers.sandbox import BLOB_REF_PREFIX, MEDIA_REF_PREFIX, inject_failures, phone_blob_prefix
from wacs.sandbox.repository import SandboxRepository
from wacs.sandbox.simulator import INCOMING_PATH, SESSION_PATH, STATUS_PATH, post_callback
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
    reply_to: str | None = Field(
        default=None, max_length=255, description="Id do provedor da mensagem respondida (citação)."
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


class StateInjection(InputSchema):
    state: Literal["connecting", "qr", "connected", "disconnected", "logged_out", "failed"]
    qr: str | None = Field(default=None, max_length=4096, description="Conteúdo do QR (estado qr).")
    pairing_code: str | None = Field(default=None, max_length=20, description="Código de pareamento.")
    account_number: str | None = Field(default=None, max_length=40, description="Número da conta conectada.")
    profile_name: str | None = Field(default=None, max_length=255, description="Nome do perfil conectado.")
    detail: str | None = Field(default=None, max_length=500, description="Motivo (ex.: de uma falha).")


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
    responses=problem_responses(Forbidden, NotSandbox, MediaNotFound, MediaStorageUnavailable),
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
    media_ref = await _customer_media(ctx, session, principal, row, data.media)
    # O "telefone" gera o id do provedor; o informado pelo usuário fica no escopo da sessão (repetir o mesmo id
    # simula um evento duplicado).
    provider_message_id = f"sandbox.in.{data.message_id or uuid.uuid4().hex}"
    event = InboundMessage(
        session_id=row.id,
        message_id=provider_message_id,
        from_number=data.from_,  # type: ignore[call-arg]  # (o alias é "from"; populate_by_name aceita o nome)
        push_name=data.name,
        type=data.type,
        text=data.text,
        location=Location(**data.location.model_dump()) if data.location is not None else None,
        media=media_ref,
        reply_to=data.reply_to,
    )
    outcome = await post_callback(ctx, session, INCOMING_PATH, [event])
    set_resource(request, "sandbox-incoming", provider_message_id)
    return IncomingAccepted(message_id=data.message_id or provider_message_id, duplicate=outcome.duplicates > 0)


async def _customer_media(
    ctx: Any, session: Any, principal: Principal, row: WhatsAppSession, media: IncomingMedia | None
) -> MediaRef | None:
    """A mídia "do cliente" fica no media store do tenant e o evento leva só a referência (nada de base64 no evento
    bruto): o worker a baixa pelo provedor, como faria com a da Meta ou do Baileys."""
    if media is None:
        return None
    if media.media_id is not None:
        # A mídia citada precisa ser deste tenant (404, como nos envios), não só existir.
        stored = await get_media(ctx, session, principal.tenant.id, media.media_id)
        ref = f"{MEDIA_REF_PREFIX}{stored.id}"
    else:
        try:
            data = base64.b64decode(media.base64 or "", validate=True)
        except ValueError:
            data = None  # o "telefone" guarda o que veio; o download falha e a mensagem fica com o motivo
        ref = "invalid"
        if data is not None:
            key = f"{phone_blob_prefix(row.id)}{uuid.uuid4().hex}"
            await put_object(ctx, key, data, media.mime_type or "application/octet-stream")
            ref = f"{BLOB_REF_PREFIX}{key}"
    return MediaRef(ref=ref, mime_type=media.mime_type, filename=media.filename, caption=media.caption)


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
    provider_message_id = await SandboxRepository(session, principal.tenant.id).provider_id_of(row.id, data.message_id)
    if provider_message_id is None:
        raise NotSandbox("Mensagem enviada por esta sessão sandbox não encontrada.")
    receipt = StatusUpdate(
        session_id=row.id,
        message_id=provider_message_id,
        status=data.status,
        error=data.error,
        error_code="sandbox_falha" if data.status == "failed" else None,
        event_id=uuid.uuid4().hex,  # cada injeção é um aviso novo, mesmo repetido
    )
    await post_callback(ctx, session, STATUS_PATH, [receipt])
    set_resource(request, "sandbox-status", data.message_id, status=data.status)
    return {"accepted": True}


@router.post(
    "/{session_id}/state",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Simular mudança de estado da sessão",
    description="O número simulado avisa um novo estado (QR novo, código de pareamento, conectado, desconectado, "
    "deslogado), como o serviço Baileys faria a qualquer momento: a sessão é atualizada e o evento "
    "`session.status` sai no WebSocket e nos webhooks.",
    responses=problem_responses(Forbidden, NotSandbox),
)
async def sandbox_state(
    session_id: uuid.UUID,
    data: StateInjection,
    principal: Writer,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> dict[str, Any]:
    row = await _sandbox(principal, ctx, session, session_id)
    change = SessionUpdate(
        session_id=row.id,
        state=data.state,
        qr=data.qr,
        pairing_code=data.pairing_code,
        phone_number=data.account_number,
        profile_name=data.profile_name,
        detail=data.detail,
    )
    await post_callback(ctx, session, SESSION_PATH, [change])
    set_resource(request, "sandbox-state", row.id, state=data.state)
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
    items = await SandboxRepository(session, principal.tenant.id).delivered(row.id, limit)
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
