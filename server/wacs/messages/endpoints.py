from __future__ import annotations

import asyncio
import base64
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.context import AppContext, ContextDep
from wacs.kit.db import SessionDep, commit_request
from wacs.kit.errors import BadRequest, Forbidden, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.phone import PHONE_RULE, normalize_phone
from wacs.kit.schemas import Page, UtcDateTime, page_of, semantic_validation, to_utc
from wacs.media.service import UPLOAD_MIME_TYPES, MediaNotFound, get_media
from wacs.messages.ackwait import ack_wait
from wacs.messages.bulk import bulk_kind, progress_of
from wacs.messages.repository import BulkSendRepository, MessageRepository, keyset_page
from wacs.messages.schemas import (
    BulkAccepted,
    BulkProgress,
    BulkSendRequest,
    LocationMessage,
    MessageAccepted,
    MessageOut,
    MessagePage,
    MessageStatusOut,
    ProviderChoice,
    ReactionMessage,
    SendMessage,
    SendOptions,
    TextMessage,
)
from wacs.messages.service import (
    QUOTE_ERRORS,
    Accepted,
    AgentNotFound,
    BulkNotFound,
    IdempotencyMismatch,
    InvalidContent,
    MessageNotFound,
    MessageService,
    NoSession,
    UnsupportedByProvider,
    check_sticker_media,
    normalize_content,
)
from wacs.models import Message
from wacs.realtime.events import tenant_channel
from wacs.sessions.service import SessionNotFound

router = APIRouter(prefix="/api/v1/messages", tags=["Mensagens"])

PHONE_SCHEMA = {"pattern": r"\d", **semantic_validation(PHONE_RULE)}
Sender = Annotated[Principal, Depends(Authenticator("user", "messages:send"))]
Reader = Annotated[Principal, Depends(Authenticator("user", "messages:read"))]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=255,
        description="Repetir o pedido com a mesma chave devolve a mesma mensagem e não envia de novo.",
    ),
]
SEND_ERRORS = problem_responses(
    Forbidden,
    NoSession,
    SessionNotFound,
    AgentNotFound,
    IdempotencyMismatch,
    InvalidContent,
    MediaNotFound,
    UnsupportedByProvider,
    *QUOTE_ERRORS,
)
FINAL_FOR_WAIT = {"sent", "delivered", "read", "failed"}
ACK_BACKOFF_SECONDS = 5.0


def _accepted(message: Accepted) -> dict[str, Any]:
    return {
        "messageId": str(message.id),
        "status": message.status if message.status in FINAL_FOR_WAIT else "pending",
        "provider": message.provider,
        "timestamp": (message.sent_at or message.created_at).isoformat().replace("+00:00", "Z"),
        "error": message.error,
    }


async def _respond(
    ctx: AppContext, db: AsyncSession, request: Request, principal: Principal, message: Accepted
) -> JSONResponse:
    """Confirma e espera um pouco o aceite do provedor: 200 com o resultado, ou 202 se ainda estiver na fila."""
    if message.replay:
        return JSONResponse(_accepted(message), status_code=200 if message.status in FINAL_FOR_WAIT else 202)
    wait = ctx.settings.send_ack_wait_seconds
    loop = asyncio.get_running_loop()
    state = ack_wait(ctx)
    if wait <= 0 or state.waiters >= ctx.settings.send_ack_max_waiters or loop.time() < state.backoff_until:
        # Sob carga não seguramos a conexão: a mensagem já está gravada e segue pela fila.
        await commit_request(request, db)
        return JSONResponse(_accepted(message), status_code=202)
    state.waiters += 1
    try:
        async with ctx.bus.subscribe(tenant_channel(principal.tenant.id)) as subscription:
            await commit_request(request, db)
            deadline = loop.time() + wait
            message_id = str(message.id)
            while (remaining := deadline - loop.time()) > 0:
                raw = await subscription.get(remaining)
                if raw is None:
                    break
                event = orjson.loads(raw)
                data = event.get("data") or {}
                if (
                    event.get("type") == "message.status"
                    and data.get("messageId") == message_id
                    and data["status"] in FINAL_FOR_WAIT
                ):
                    body = {
                        "messageId": message_id,
                        "status": data["status"],
                        "provider": data.get("provider"),
                        "timestamp": (data.get("timestamp") or datetime.now(UTC).isoformat()).replace("+00:00", "Z"),
                        "error": data.get("error"),
                    }
                    return JSONResponse(body, status_code=200)
    finally:
        state.waiters -= 1
    # A espera estourou: a fila está atrasada. Por alguns segundos, novos envios respondem 202 sem esperar.
    state.backoff_until = loop.time() + ACK_BACKOFF_SECONDS
    return JSONResponse(_accepted(message), status_code=202)


async def _send(
    ctx: AppContext,
    db: AsyncSession,
    request: Request,
    principal: Principal,
    options: SendOptions,
    kind: str,
    content: dict[str, Any],
    idempotency_key: str | None,
) -> JSONResponse:
    message = await MessageService(ctx, db, principal).accept(
        to=options.to,
        kind=kind,
        content=content,
        provider=options.provider,
        session_id=options.session_id,
        enable_ai=options.enable_ai,
        agent_id=options.agent_id,
        idempotency_key=idempotency_key,
        reply_to=options.reply_to,
    )
    set_resource(request, "messages", message.id)
    return await _respond(ctx, db, request, principal, message)


SEND_DESCRIPTION = (
    "A mensagem é gravada antes de qualquer envio e segue por uma fila durável: nada se perde. A resposta espera "
    "brevemente o aceite do provedor: **200** com `status: sent` (ou `failed` com o motivo) ou **202** com "
    "`status: pending` (continua em segundo plano; acompanhe em `GET /api/v1/messages/{messageId}/status`, pelo "
    "WebSocket ou pelos webhooks)."
)
SEND_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": MessageAccepted, "description": "Aceita pelo provedor (ou falhou definitivamente)."},
    202: {"model": MessageAccepted, "description": "Na fila; o envio continua em segundo plano."},
    **SEND_ERRORS,
}


@router.post(
    "/text",
    summary="Enviar texto",
    description=SEND_DESCRIPTION,
    responses=SEND_RESPONSES,
    response_model=MessageAccepted,
)
async def send_text(
    data: TextMessage,
    principal: Sender,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    # A prévia do link só vai no conteúdo quando pedida (o conteúdo de quem não pede fica igual ao de antes).
    content: dict[str, Any] = {"text": data.content, **({"previewUrl": True} if data.preview_url else {})}
    return await _send(ctx, session, request, principal, data, "text", content, idempotency_key)


@router.post(
    "/location",
    summary="Enviar localização",
    description=SEND_DESCRIPTION,
    responses=SEND_RESPONSES,
    response_model=MessageAccepted,
)
async def send_location(
    data: LocationMessage,
    principal: Sender,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    location = {
        k: v
        for k, v in {
            "latitude": data.latitude,
            "longitude": data.longitude,
            "name": data.name,
            "address": data.address,
        }.items()
        if v is not None
    }
    return await _send(ctx, session, request, principal, data, "location", {"location": location}, idempotency_key)


@router.post(
    "/send",
    summary="Enviar mensagem de qualquer tipo",
    description=SEND_DESCRIPTION,
    responses=SEND_RESPONSES,
    response_model=MessageAccepted,
)
async def send_any(
    data: SendMessage,
    principal: Sender,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    if data.type == "reaction" and data.reply_to is not None:
        raise InvalidContent(
            errors=[
                {
                    "field": "replyTo",
                    "location": "body",
                    "type": "value_error",
                    "message": "Uma reação não cita mensagem: a mensagem que recebe a reação vai em content.messageId.",
                }
            ]
        )
    content = normalize_content(data.type, data.content)
    media_id = (content.get("media") or {}).get("mediaId")
    if media_id:
        # A mídia precisa existir e ser deste tenant já no aceite (404), não só quando o worker for enviar.
        stored = await get_media(ctx, session, principal.tenant.id, uuid.UUID(media_id))
        check_sticker_media(data.type, stored.mime_type)
    return await _send(ctx, session, request, principal, data, data.type, content, idempotency_key)


@router.post(
    "/reaction",
    summary="Reagir a uma mensagem",
    description="Reage com um emoji a uma mensagem da conversa com `to` (recebida dele ou enviada a ele e já aceita "
    "pelo provedor); `emoji` vazio remove a reação. Sai pelo número que tem a mensagem. Exige um provedor com a "
    "capacidade `reaction` (veja `GET /api/v1/sessions/providers`). " + SEND_DESCRIPTION,
    responses=SEND_RESPONSES,
    response_model=MessageAccepted,
)
async def send_reaction(
    data: ReactionMessage,
    principal: Sender,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    options = SendOptions(to=data.to, provider=data.provider, session_id=data.session_id)
    content = {"reaction": {"messageId": str(data.message_id), "emoji": data.emoji}}
    return await _send(ctx, session, request, principal, options, "reaction", content, idempotency_key)


async def _media_form(
    ctx: AppContext,
    db: AsyncSession,
    principal: Principal,
    kind: str,
    to: str,
    file: UploadFile | None,
    url: str | None,
    media_id: uuid.UUID | None,
    caption: str | None,
    filename: str | None,
) -> dict[str, Any]:
    sources = sum(x is not None for x in (file, url, media_id))
    if sources != 1:
        raise InvalidContent(
            errors=[
                {
                    "field": "file",
                    "location": "body",
                    "type": "value_error",
                    "message": "Envie exatamente um entre file (upload), url e mediaId.",
                }
            ]
        )
    raw: dict[str, Any] = {"caption": caption, "filename": filename}
    if file is not None:
        from wacs.media.service import save_media

        data = await file.read()
        stored = await save_media(
            ctx,
            db,
            principal.tenant.id,
            data,
            file.content_type or "application/octet-stream",
            filename or file.filename,
        )
        check_sticker_media(kind, stored.mime_type, field="file")
        # O nome gravado vale quando a mídia foi convertida (gravação WebM do navegador → .ogg).
        raw.update(mediaId=str(stored.id), mimeType=stored.mime_type, filename=filename or stored.filename)
    elif media_id is not None:
        from wacs.media.service import load_media

        stored, _ = await load_media(ctx, db, principal.tenant.id, media_id)
        check_sticker_media(kind, stored.mime_type, field="mediaId")
        raw.update(mediaId=str(media_id), mimeType=stored.mime_type, filename=filename or stored.filename)
    else:
        raw["url"] = url
    return normalize_content(kind, {k: v for k, v in raw.items() if v is not None}, field="file")


def _phone_field(value: str) -> str:
    try:
        return normalize_phone(value)
    except ValueError as exc:
        raise InvalidContent(
            errors=[{"field": "to", "location": "body", "type": "value_error", "message": str(exc)}]
        ) from None


REPLY_TO = SendOptions.model_fields["reply_to"].description

# Exatamente uma fonte da mídia; o arquivo enviado tem de ser de um tipo aceito (conferido pelos bytes).
ONE_MEDIA_SOURCE: dict[str, Any] = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {"oneOf": [{"required": ["file"]}, {"required": ["url"]}, {"required": ["mediaId"]}]},
                "encoding": {"file": {"contentType": ", ".join(UPLOAD_MIME_TYPES)}},
            }
        }
    }
}


@router.post(
    "/media",
    summary="Enviar imagem, vídeo, documento ou figurinha",
    description="Formulário multipart: `file` (upload), ou `url` (link público), ou `mediaId` (mídia já "
    "enviada). Figurinha (`type: sticker`) só em WebP e sem legenda. " + SEND_DESCRIPTION,
    responses=SEND_RESPONSES,
    response_model=MessageAccepted,
    openapi_extra=ONE_MEDIA_SOURCE,
)
async def send_media(
    principal: Sender,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
    to: Annotated[str, Form(min_length=1, max_length=40, json_schema_extra=PHONE_SCHEMA)],
    type: Annotated[Literal["image", "video", "document", "sticker"], Form()] = "image",
    file: Annotated[UploadFile | None, File()] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    media_id: Annotated[uuid.UUID | None, Form(alias="mediaId")] = None,
    caption: Annotated[str | None, Form(max_length=1024)] = None,
    filename: Annotated[str | None, Form(max_length=255)] = None,
    provider: Annotated[ProviderChoice, Form()] = "auto",
    session_id: Annotated[uuid.UUID | None, Form(alias="sessionId")] = None,
    reply_to: Annotated[uuid.UUID | None, Form(alias="replyTo", description=REPLY_TO)] = None,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    phone = _phone_field(to)
    content = await _media_form(ctx, session, principal, type, phone, file, url, media_id, caption, filename)
    return await _send(
        ctx,
        session,
        request,
        principal,
        SendOptions(to=phone, provider=provider, session_id=session_id, reply_to=reply_to),
        type,
        content,
        idempotency_key,
    )


@router.post(
    "/audio",
    summary="Enviar áudio (mensagem de voz)",
    description="Formulário multipart com `file` (OGG/Opus; a gravação WebM/Opus do navegador é convertida para "
    "OGG), `url` ou `mediaId`; vai como mensagem de voz (PTT). " + SEND_DESCRIPTION,
    responses=SEND_RESPONSES,
    response_model=MessageAccepted,
    openapi_extra=ONE_MEDIA_SOURCE,
)
async def send_audio(
    principal: Sender,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
    to: Annotated[str, Form(min_length=1, max_length=40, json_schema_extra=PHONE_SCHEMA)],
    file: Annotated[UploadFile | None, File()] = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    media_id: Annotated[uuid.UUID | None, Form(alias="mediaId")] = None,
    provider: Annotated[ProviderChoice, Form()] = "auto",
    session_id: Annotated[uuid.UUID | None, Form(alias="sessionId")] = None,
    reply_to: Annotated[uuid.UUID | None, Form(alias="replyTo", description=REPLY_TO)] = None,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    phone = _phone_field(to)
    content = await _media_form(ctx, session, principal, "audio", phone, file, url, media_id, None, None)
    return await _send(
        ctx,
        session,
        request,
        principal,
        SendOptions(to=phone, provider=provider, session_id=session_id, reply_to=reply_to),
        "audio",
        content,
        idempotency_key,
    )


@router.post(
    "/send-bulk",
    response_model=BulkAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Envio em massa",
    description="Aceita a lista inteira de uma vez (até 10.000 destinatários por padrão) e despacha em "
    "segundo plano, respeitando o limite de envio de cada número. `{{variavel}}` no conteúdo é "
    "trocada pelos `variables` de cada destinatário. Números repetidos recebem uma vez só. "
    "Acompanhe em `GET /api/v1/messages/bulk/{bulkId}`.",
    responses=problem_responses(
        Forbidden, NoSession, SessionNotFound, InvalidContent, MediaNotFound, UnsupportedByProvider
    ),
)
async def send_bulk(
    data: BulkSendRequest,
    principal: Sender,
    ctx: ContextDep,
    session: SessionDep,
    idempotency_key: IdempotencyKey = None,
) -> BulkAccepted:
    if len(data.recipients) > ctx.settings.bulk_max_recipients:
        raise InvalidContent(
            errors=[
                {
                    "field": "recipients",
                    "location": "body",
                    "type": "too_long",
                    "message": f"Deve ter no máximo {ctx.settings.bulk_max_recipients} item(ns).",
                }
            ]
        )
    bulk, duplicates, _ = await MessageService(ctx, session, principal).accept_bulk(
        recipients=[(r.to, r.variables) for r in data.recipients],
        kind=data.type,
        content=data.content,
        provider=data.provider,
        session_id=data.session_id,
        idempotency_key=idempotency_key,
    )
    return BulkAccepted(bulk_id=bulk.id, status=bulk.status, total=bulk.total, duplicates_removed=duplicates)


@router.get(
    "/bulk",
    response_model=Page[BulkProgress],
    summary="Listar envios em massa",
    description="Os envios em massa do tenant, mais recentes primeiro, com o progresso de cada um.",
    responses=problem_responses(Forbidden),
)
async def list_bulk_sends(principal: Reader, session: SessionDep, paging: PageDep) -> dict[str, Any]:
    rows, total = await BulkSendRepository(session, principal.tenant.id).page_with_types(paging.page, paging.page_size)
    counts = await MessageRepository(session, principal.tenant.id).status_counts_by_bulk([bulk.id for bulk, _ in rows])
    items = [progress_of(bulk, kind, counts[bulk.id]) for bulk, kind in rows]
    return page_of(items, total, paging.page, paging.page_size)


@router.get(
    "/bulk/{bulk_id}",
    response_model=BulkProgress,
    summary="Progresso do envio em massa",
    description="As contagens por status. O mesmo conteúdo chega pelo evento `bulk.progress` (WebSocket e "
    "webhooks), no máximo um por segundo por envio enquanto ele anda, e um último com `status: completed`.",
    responses=problem_responses(Forbidden, BulkNotFound),
)
async def bulk_progress(bulk_id: uuid.UUID, principal: Reader, session: SessionDep) -> BulkProgress:
    bulk = await BulkSendRepository(session, principal.tenant.id).get(bulk_id)
    if bulk is None:
        raise BulkNotFound()
    counts = await MessageRepository(session, principal.tenant.id).status_counts(bulk.id)
    return progress_of(bulk, bulk_kind(bulk), counts)


@router.get(
    "/{message_id}/status",
    response_model=MessageStatusOut,
    summary="Status de uma mensagem",
    responses=problem_responses(Forbidden, MessageNotFound),
)
async def message_status(
    message_id: uuid.UUID, principal: Reader, ctx: ContextDep, session: SessionDep
) -> MessageStatusOut:
    m = await MessageService(ctx, session, principal).get(message_id)
    return MessageStatusOut(
        message_id=m.id,
        provider_message_id=m.message_id,
        status=m.status or "pending",
        provider=m.provider,
        session_id=m.session_id,
        to=m.to_number,
        direction=m.direction,
        type=m.message_type,
        attempts=m.attempts,
        error=m.error,
        error_code=m.error_code,
        created_at=m.created_at,
        sent_at=m.sent_at,
        delivered_at=m.delivered_at,
        read_at=m.read_at,
        failed_at=m.failed_at,
    )


def _cursor_decode(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        stamp, _, ident = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        # Um cursor adulterado pode trazer qualquer data: passa pela mesma regra das datas de entrada.
        return to_utc(datetime.fromisoformat(stamp)), uuid.UUID(ident)
    except (ValueError, UnicodeError):
        raise BadRequest("Cursor inválido.") from None


def _cursor_encode(message: Message) -> str:
    return base64.urlsafe_b64encode(f"{message.created_at.isoformat()}|{message.id}".encode()).decode()


async def message_page(
    session: AsyncSession, statement: Select[Message], limit: int, cursor: str | None
) -> MessagePage:
    """Uma página de mensagens da consulta (já filtrada pelo tenant), mais recentes primeiro, com cursor estável
    (created_at, id)."""
    rows, more = await keyset_page(session, statement, limit, _cursor_decode(cursor) if cursor else None)
    return MessagePage(items=[message_out(m) for m in rows], next_cursor=_cursor_encode(rows[-1]) if more else None)


def message_out(m: Message) -> MessageOut:
    return MessageOut.model_validate(
        {
            "message_id": m.id,
            "provider_message_id": m.message_id,
            "session_id": m.session_id,
            "conversation_id": m.conversation_id,
            "direction": m.direction,
            "from": m.from_number,
            "to": m.to_number,
            "type": m.message_type,
            "content": m.content,
            "status": m.status,
            "provider": m.provider,
            "error": m.error,
            "bulk_id": m.bulk_id,
            "created_at": m.created_at,
            "updated_at": m.updated_at,
        }
    )


@router.get(
    "",
    response_model=MessagePage,
    summary="Listar mensagens",
    description="Mais recentes primeiro, com paginação por cursor (estável mesmo com mensagens chegando).",
    responses=problem_responses(Forbidden, BadRequest),
)
async def list_messages(
    principal: Reader,
    session: SessionDep,
    status_filter: Annotated[
        str | None, Query(alias="status", pattern="^(pending|sent|delivered|read|failed|received)$")
    ] = None,
    direction: Annotated[Literal["inbound", "outbound"] | None, Query()] = None,
    session_id: Annotated[uuid.UUID | None, Query(alias="sessionId")] = None,
    conversation_id: Annotated[uuid.UUID | None, Query(alias="conversationId")] = None,
    to: Annotated[str | None, Query(max_length=40, json_schema_extra=PHONE_SCHEMA)] = None,
    since: Annotated[UtcDateTime | None, Query(description="A partir de (ISO 8601).")] = None,
    until: Annotated[UtcDateTime | None, Query(description="Antes de (ISO 8601).")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[
        str | None, Query(max_length=200, description="O `nextCursor` da página anterior; outro valor → 400.")
    ] = None,
) -> MessagePage:
    statement = MessageRepository(session, principal.tenant.id).listing(
        status=status_filter,
        direction=direction,
        session_id=session_id,
        conversation_id=conversation_id,
        to=_phone_field(to) if to else None,
        since=since,
        until=until,
    )
    return await message_page(session, statement, limit, cursor)
