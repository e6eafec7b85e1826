"""Rotas de mídia: envio (multipart), metadados e download, sempre restritos ao tenant dono."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request, Response, status
from fastapi.responses import StreamingResponse
from pydantic import Field

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import AppError, Forbidden, problem_responses
from wacs.kit.schemas import Schema
from wacs.kit.uploads import read_file, upload_body
from wacs.media.service import (
    ALLOWED_MIME_TYPES,
    MEDIA_RULE,
    UPLOAD_MIME_TYPES,
    WEBM,
    InvalidMedia,
    MediaContentMissing,
    MediaNotFound,
    MediaStorageUnavailable,
    MediaTooLarge,
    UnsupportedMediaType,
    download_filename,
    get_media,
    human_size,
    open_media_content,
    save_media,
)
from wacs.models import Media

router = APIRouter(prefix="/api/v1/media", tags=["Mídia"])

Sender = Annotated[Principal, Depends(Authenticator("user", "messages:send"))]
Reader = Annotated[Principal, Depends(Authenticator("user", "messages:read"))]

_INLINE_PREFIXES = ("image/", "video/", "audio/")


class MediaOut(Schema):
    id: uuid.UUID
    mime_type: str = Field(examples=["image/jpeg"])
    size: int = Field(description="Tamanho em bytes.")
    sha256: str = Field(description="Hash SHA-256 do conteúdo, em hexadecimal (também é o ETag do download).")
    filename: str | None = Field(description="Nome original do arquivo, sem diretórios.")
    created_at: datetime


_UPLOAD_BODY = upload_body(
    "O arquivo. O Content-Type da parte é conferido com o conteúdo; se vier genérico (application/octet-stream), o "
    "tipo é identificado pelos bytes. Gravação de voz do navegador em WebM/Opus (audio/webm) é convertida para "
    "OGG/Opus (audio/ogg).",
    MEDIA_RULE,
    content_types=UPLOAD_MIME_TYPES,
)


async def _read_upload(request: Request, limit: int) -> tuple[bytes, str | None, str | None]:
    def too_large() -> AppError:
        return MediaTooLarge(f"O arquivo excede o limite de {human_size(limit)} ({limit} bytes).", maxBytes=limit)

    data, upload = await read_file(request, limit, too_large)
    return data, upload.content_type, upload.filename


@router.post(
    "",
    response_model=MediaOut,
    status_code=status.HTTP_201_CREATED,
    summary="Enviar arquivo de mídia",
    description="Multipart com o campo `file`. Tipos aceitos (os do WhatsApp): "
    + ", ".join(ALLOWED_MIME_TYPES)
    + ". O tipo real é conferido pelos bytes. Use o `id` devolvido para enviar a mídia em mensagens.\n\n"
    f"Gravações de voz do navegador (`{WEBM}`, WebM/Opus, o único formato que o MediaRecorder do Chromium grava) "
    "também são aceitas: os pacotes Opus são passados, sem recodificar, para um OGG/Opus, que é gravado como "
    "`audio/ogg` com nome `.ogg` (a resposta já traz `mimeType: audio/ogg`), e assim sai como mensagem de voz. "
    "WebM com vídeo, com outro codec ou com mais de uma faixa é recusado com 415; truncado ou corrompido, com 422.",
    openapi_extra=_UPLOAD_BODY,
    responses=problem_responses(Forbidden, MediaTooLarge, UnsupportedMediaType, InvalidMedia, MediaStorageUnavailable),
)
async def upload_media(principal: Sender, ctx: ContextDep, session: SessionDep, request: Request) -> Media:
    data, mime_type, filename = await _read_upload(request, ctx.settings.media_max_bytes)
    row = await save_media(ctx, session, principal.tenant.id, data, mime_type, filename)
    set_resource(request, "media", row.id, mimeType=row.mime_type, size=row.size, filename=row.filename)
    return row


@router.get(
    "/{media_id}",
    response_model=MediaOut,
    summary="Metadados de uma mídia",
    responses=problem_responses(Forbidden, MediaNotFound),
)
async def get_media_metadata(media_id: uuid.UUID, principal: Reader, ctx: ContextDep, session: SessionDep) -> Media:
    return await get_media(ctx, session, principal.tenant.id, media_id)


def _ascii_fallback(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = "".join(ch if ch.isalnum() or ch in "._- " else "_" for ch in plain).strip()
    return safe or "arquivo"


def content_disposition(media: Media) -> str:
    name = download_filename(media)
    kind = "inline" if media.mime_type.startswith(_INLINE_PREFIXES) else "attachment"
    return f"{kind}; filename=\"{_ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    candidates = {c.strip().removeprefix("W/") for c in header.split(",")}
    return "*" in candidates or etag in candidates


@router.get(
    "/{media_id}/content",
    summary="Baixar o conteúdo de uma mídia",
    description="Devolve os bytes com o Content-Type da mídia. ETag é o SHA-256: com `If-None-Match`, 304.",
    response_class=Response,
    responses={
        200: {
            "description": "O arquivo, com o Content-Type da mídia (um dos tipos aceitos no envio).",
            "content": {mime: {"schema": {"type": "string", "format": "binary"}} for mime in ALLOWED_MIME_TYPES},
        },
        304: {"description": "O conteúdo não mudou desde o ETag informado."},
        **problem_responses(Forbidden, MediaNotFound, MediaContentMissing, MediaStorageUnavailable),
    },
)
async def download_media(
    media_id: uuid.UUID, principal: Reader, ctx: ContextDep, session: SessionDep, request: Request
) -> Response:
    media = await get_media(ctx, session, principal.tenant.id, media_id)
    etag = f'"{media.sha256}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "private, max-age=86400",
        "Vary": "Authorization, X-Api-Key, X-Client-Id",
        "X-Content-Type-Options": "nosniff",
    }
    if _etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    chunks = await open_media_content(ctx, media)
    headers |= {
        # Cabeçalho explícito: com `media_type`, o Starlette acrescentaria "charset=utf-8" a text/plain.
        "Content-Type": media.mime_type,
        "Content-Length": str(media.size),
        "Content-Disposition": content_disposition(media),
    }
    return StreamingResponse(chunks, headers=headers)
