"""Regras da mídia: tipos aceitos pelo WhatsApp, tipo real pelos bytes, limite de tamanho, conversão da gravação de voz
do navegador (WebM/Opus → OGG/Opus), hash e gravação."""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import unicodedata
import uuid
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.errors import AppError, NotFound, PayloadTooLarge, ServiceUnavailable
from wacs.media.remux import NotOpusAudio, webm_doctype, webm_opus_to_ogg
from wacs.media.repository import MediaRepository
from wacs.media.store import (
    MediaObjectNotFound,
    MediaStore,
    MediaStoreUnavailable,
    create_media_store,
    new_media_key,
)
from wacs.models import Media

logger = logging.getLogger("wacs.media")

# Tipos aceitos pelo WhatsApp, com a extensão usada quando o arquivo chega sem nome.
ALLOWED_MIME_TYPES: dict[str, str] = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "video/mp4": ".mp4",
    "video/3gpp": ".3gp",
    "audio/ogg": ".ogg",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/aac": ".aac",
    "audio/amr": ".amr",
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "text/plain": ".txt",
}
# Gravação de voz do navegador: o MediaRecorder do Chromium só grava WebM/Opus, e a nota de voz do WhatsApp é
# OGG/Opus. Aceita no envio e convertida (sem recodificar) antes de gravar: o que fica guardado é sempre audio/ogg.
WEBM = "audio/webm"
_WEBM_DECLARED = frozenset({WEBM, "video/webm"})
UPLOAD_MIME_TYPES = [*ALLOWED_MIME_TYPES, WEBM]
_VOICE_SUFFIXES = frozenset({".webm", ".weba", ".ogg", ".oga", ".opus"})
# O que o esquema não expressa: a OpenAPI explica no 422/415 das rotas que recebem arquivos.
MEDIA_RULE = (
    "arquivo: o tipo é conferido pelos bytes (assinatura do formato), não só pelo Content-Type da parte; tipo fora "
    "da lista aceita pelo WhatsApp → 415, bytes que não são do tipo informado ou arquivo vazio → 422. Gravação de voz "
    "WebM/Opus (audio/webm, a do MediaRecorder do navegador) é convertida para OGG/Opus e gravada como audio/ogg "
    "(nome com .ogg); WebM com vídeo, com outro codec ou com mais de uma faixa → 415, WebM truncado ou corrompido → 422"
)
_BY_EXTENSION = {ext: mime for mime, ext in ALLOWED_MIME_TYPES.items()} | {
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".3gpp": "video/3gpp",
    ".opus": "audio/ogg",
    ".webm": WEBM,
    ".weba": WEBM,
    ".oga": "audio/ogg",
    ".mp4a": "audio/mp4",
    ".text": "text/plain",
    ".log": "text/plain",
}

# Tipos que clientes mandam quando não sabem o tipo: o tipo real vem dos bytes (ou da extensão).
GENERIC_MIME_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/binary", "application/unknown", "unknown"}
)
_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "audio/mp3": "audio/mpeg",
    "audio/mpeg3": "audio/mpeg",
    "audio/x-mp3": "audio/mpeg",
    "audio/x-mpeg": "audio/mpeg",
    "audio/x-m4a": "audio/mp4",
    "audio/m4a": "audio/mp4",
    "audio/x-aac": "audio/aac",
    "audio/aacp": "audio/aac",
    "audio/x-amr": "audio/amr",
    "audio/opus": "audio/ogg",
    "application/ogg": "audio/ogg",
    "audio/x-ogg": "audio/ogg",
    "video/3gp": "video/3gpp",
    "application/x-pdf": "application/pdf",
}

_ZIP = "application/zip"
_OLE = "application/x-ole-storage"
# Contêineres que abrigam mais de um tipo aceito: o tipo informado é mantido se for um deles.
_FAMILIES: dict[str, frozenset[str]] = {
    _OLE: frozenset({"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}),
    "video/mp4": frozenset({"video/mp4", "audio/mp4", "video/3gpp"}),
    "audio/mp4": frozenset({"video/mp4", "audio/mp4"}),
    "video/3gpp": frozenset({"video/3gpp", "video/mp4"}),
}
_OOXML_PARTS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/presentation.xml": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ISO_BRANDS = {
    b"M4A ": "audio/mp4",
    b"M4B ": "audio/mp4",
    b"M4P ": "audio/mp4",
    b"qt  ": "video/quicktime",
    b"avif": "image/avif",
    b"avis": "image/avif",
}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}


class MediaNotFound(NotFound):
    code = "midia_nao_encontrada"
    detail = "Mídia não encontrada."


class MediaContentMissing(NotFound):
    code = "conteudo_da_midia_indisponivel"
    title = "Conteúdo indisponível"
    detail = "O arquivo desta mídia não está mais disponível no armazenamento."


class MediaTooLarge(PayloadTooLarge):
    code = "midia_muito_grande"
    title = "Arquivo muito grande"
    detail = "O arquivo excede o tamanho máximo permitido."


class UnsupportedMediaType(AppError):
    status_code = 415
    code = "tipo_de_midia_nao_suportado"
    title = "Tipo de arquivo não suportado"
    detail = "O WhatsApp não aceita este tipo de arquivo."


class InvalidMedia(AppError):
    status_code = 422
    code = "midia_invalida"
    title = "Arquivo inválido"
    detail = "O conteúdo do arquivo não corresponde ao tipo informado."


class MediaStorageUnavailable(ServiceUnavailable):
    code = "armazenamento_indisponivel"
    detail = "O armazenamento de mídia está indisponível. Tente novamente em instantes."


def human_size(size: int) -> str:
    """Tamanho em pt-BR: "16 MB", "1,5 MB", "800 KB"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            text = f"{size / factor:.1f}".rstrip("0").rstrip(".")
            return f"{text.replace('.', ',')} {unit}"
    return f"{size} bytes"


def normalize_mime(declared: str | None) -> str:
    base = (declared or "").split(";", 1)[0].strip().lower()
    return _ALIASES.get(base, base)


def sniff_mime(data: bytes) -> str | None:
    """O tipo pelos primeiros bytes (assinaturas), ou None se não houver uma reconhecível.

    Também reconhece tipos que não aceitamos (GIF, HEIC, executáveis...), para recusá-los pelo que são.
    """
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and len(head) >= 12:
        kinds = {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}
        return kinds.get(head[8:12], "application/x-riff")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"BM") and len(head) >= 14 and head[6:10] == b"\x00\x00\x00\x00":
        return "image/bmp"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        # EBML: o DocType separa WebM de Matroska (o que há dentro, áudio ou vídeo, só a conversão vê).
        doctype = webm_doctype(data)
        return {"webm": WEBM, "matroska": "video/x-matroska"}.get(doctype or "", "application/x-ebml")
    if head.startswith(b"#!AMR"):
        return "audio/amr"
    if head[4:8] == b"ftyp" and len(head) >= 12:
        brand = head[8:12]
        if brand.startswith(b"3g"):
            return "video/3gpp"
        if brand in _HEIF_BRANDS:
            return "image/heic"
        return _ISO_BRANDS.get(brand, "video/mp4")
    if head.startswith(b"ID3"):
        return "audio/mpeg"
    if head.startswith(b"ADIF"):
        return "audio/aac"
    if len(head) >= 2 and head[0] == 0xFF:
        # Sincronismo de quadro: 12 bits 1 e camada 00 é AAC (ADTS); 11 bits 1 e camada 1–3 é MP3.
        if (head[1] & 0xF6) == 0xF0:
            return "audio/aac"
        if (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) != 0:
            return "audio/mpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLE
    if head.startswith(b"MZ"):
        return "application/x-msdownload"
    if head.startswith(b"\x7fELF"):
        return "application/x-executable"
    if head.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        return "application/x-archive"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<script")):
        return "text/html"
    if text.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml" if b"<svg" in data[:4096].lower() else "application/xml"
    return None


def _zip_kind(data: bytes) -> str:
    """Documentos do Office (OOXML) são ZIP; a parte principal diz qual é."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return _ZIP
    for part, mime in _OOXML_PARTS.items():
        if part in names:
            return mime
    return _ZIP


def _looks_like_text(data: bytes) -> bool:
    return b"\x00" not in data[:8192]


def resolve_mime(data: bytes, declared: str | None, filename: str | None) -> str:
    """O tipo a gravar: o informado, conferido com os bytes; ou, se o informado for genérico, o dos bytes.

    415 para tipos que o WhatsApp não aceita; 422 quando os bytes não são do tipo informado.
    """
    mime = normalize_mime(declared)
    sniffed = sniff_mime(data)
    if mime in GENERIC_MIME_TYPES:
        mime = sniffed or ""
        if mime in {_OLE, _ZIP, ""}:
            # Contêiner ambíguo ou sem assinatura: a extensão do nome decide, e os bytes são conferidos abaixo.
            guessed = _BY_EXTENSION.get(PurePosixPath(filename or "").suffix.lower())
            if guessed is None:
                if mime == _ZIP:
                    raise UnsupportedMediaType("Arquivos compactados (ZIP) não são aceitos pelo WhatsApp.")
                raise UnsupportedMediaType(
                    "Não foi possível identificar o tipo do arquivo. Informe o Content-Type correto da parte `file`."
                )
            mime = guessed
    if mime in _WEBM_DECLARED:
        # WebM só entra para ser convertido (ver `save_media`); se é vídeo ou outro codec, a conversão diz (415).
        if sniffed != WEBM:
            found = f"é {_describe(sniffed)}" if sniffed else "não é um WebM válido"
            raise InvalidMedia(f"O conteúdo do arquivo {found}, mas o tipo informado é {mime}.")
        return WEBM
    if mime not in ALLOWED_MIME_TYPES:
        raise UnsupportedMediaType(
            f"O WhatsApp não aceita arquivos do tipo {mime}. Tipos aceitos: {', '.join(ALLOWED_MIME_TYPES)}; também "
            f"{WEBM} (gravação de voz Opus, convertida para audio/ogg)."
        )
    if mime == "text/plain":
        if sniffed is not None or not _looks_like_text(data):
            found = f" (o conteúdo parece ser {sniffed})" if sniffed else ""
            raise InvalidMedia(f"O arquivo não é um texto simples{found}.")
        return mime
    if sniffed is None:
        raise InvalidMedia(f"O conteúdo do arquivo não é um {mime} válido.")
    if sniffed != mime and mime not in _FAMILIES.get(sniffed, frozenset()):
        raise InvalidMedia(f"O conteúdo do arquivo é {_describe(sniffed)}, mas o tipo informado é {mime}.")
    return mime


def _describe(sniffed: str) -> str:
    names = {_OLE: "um documento do Office (formato antigo)", _ZIP: "um arquivo ZIP", WEBM: "um WebM (audio/webm)"}
    return names.get(sniffed, sniffed)


async def webm_to_ogg(data: bytes) -> bytes:
    """A gravação WebM/Opus em OGG/Opus: 415 se o WebM não for só uma faixa de áudio Opus, 422 se estiver corrompido.

    Numa thread: a conversão é CPU pura (linear no tamanho, ~1 ms para 10 s de voz) e não deve parar o event loop.
    """
    try:
        return await asyncio.to_thread(webm_opus_to_ogg, data)
    except NotOpusAudio as exc:
        raise UnsupportedMediaType(str(exc)) from None
    except ValueError as exc:
        raise InvalidMedia(str(exc)) from None


def ogg_filename(name: str | None) -> str | None:
    """O nome com a extensão .ogg no lugar da do WebM ("gravação.webm" → "gravação.ogg")."""
    if name is None:
        return None
    suffix = PurePosixPath(name).suffix
    stem = name[: -len(suffix)] if suffix.lower() in _VOICE_SUFFIXES and len(name) > len(suffix) else name
    return clean_filename(f"{stem}.ogg")


def clean_filename(name: str | None) -> str | None:
    """Só o nome (sem diretórios), sem caracteres de controle, no máximo 255 caracteres."""
    if not name:
        return None
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".").strip()
    if not base:
        return None
    if len(base) > 255:
        suffix = PurePosixPath(base).suffix
        suffix = suffix if len(suffix) <= 16 else ""
        base = base[: 255 - len(suffix)] + suffix
    return base


def download_filename(media: Media) -> str:
    return media.filename or f"{media.id}{ALLOWED_MIME_TYPES.get(media.mime_type, '')}"


def media_store(ctx: AppContext) -> tuple[MediaStore, bool]:
    """O armazenamento do processo (`ctx.media_store`) ou, até existir, um criado agora (e que deve ser fechado)."""
    shared: MediaStore | None = getattr(ctx, "media_store", None)
    if shared is not None:
        return shared, False
    return create_media_store(ctx.settings), True


async def save_media(
    ctx: AppContext,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    data: bytes,
    mime_type: str | None,
    filename: str | None,
) -> Media:
    """Valida (tamanho, tipo real), grava os bytes e insere a linha `Media` (sem commit)."""
    limit = ctx.settings.media_max_bytes
    if len(data) > limit:
        raise MediaTooLarge(f"O arquivo excede o limite de {human_size(limit)} ({limit} bytes).", maxBytes=limit)
    if not data:
        raise InvalidMedia("O arquivo está vazio.")
    name = clean_filename(filename)
    mime = resolve_mime(data, mime_type, name)
    if mime == WEBM:
        data, mime, name = await webm_to_ogg(data), "audio/ogg", ogg_filename(name)
        if len(data) > limit:
            raise MediaTooLarge(
                f"Convertido para OGG, o arquivo excede o limite de {human_size(limit)} ({limit} bytes).",
                maxBytes=limit,
            )
    media_id = uuid.uuid4()
    now = datetime.now(UTC)
    key = new_media_key(tenant_id, media_id, now)
    store, owned = media_store(ctx)
    try:
        await _put(store, key, data, mime)
        row = Media(
            id=media_id,
            storage_key=key,
            mime_type=mime,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            filename=name,
            created_at=now,
        )
        try:
            return await MediaRepository(session, tenant_id).add(row)
        except BaseException:
            await _discard(store, key)
            raise
    finally:
        if owned:
            await store.aclose()


async def _put(store: MediaStore, key: str, data: bytes, content_type: str) -> None:
    try:
        await store.put(key, data, content_type)
    except MediaStoreUnavailable as exc:
        logger.error("falha ao gravar mídia: %s", exc)
        raise MediaStorageUnavailable() from exc


async def _get(store: MediaStore, key: str) -> bytes:
    try:
        return await store.get(key)
    except MediaObjectNotFound:
        logger.error("objeto de mídia ausente (%s)", key)
        raise MediaContentMissing() from None
    except MediaStoreUnavailable as exc:
        raise MediaStorageUnavailable() from exc


async def put_object(ctx: AppContext, key: str, data: bytes, content_type: str) -> None:
    """Grava bytes no media store sem linha `Media` nem validação (ex.: o "telefone" do sandbox guarda o que o cliente
    mandou; quem valida é o recebimento). Falha do armazenamento vira 503."""
    store, owned = media_store(ctx)
    try:
        await _put(store, key, data, content_type)
    finally:
        if owned:
            await store.aclose()


async def get_object(ctx: AppContext, key: str) -> bytes:
    """Lê bytes gravados por `put_object`: ausente → `MediaContentMissing`; armazenamento fora → 503."""
    store, owned = media_store(ctx)
    try:
        return await _get(store, key)
    finally:
        if owned:
            await store.aclose()


async def _discard(store: MediaStore, key: str) -> None:
    try:
        await store.delete(key)
    except Exception:
        logger.exception("falha ao remover mídia órfã %s", key)


async def get_media(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, media_id: uuid.UUID) -> Media:
    """Os metadados; `MediaNotFound` se não existir ou for de outro tenant (as duas coisas são o mesmo 404)."""
    row = await MediaRepository(session, tenant_id).get(media_id)
    if row is None:
        raise MediaNotFound()
    return row


async def load_media(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, media_id: uuid.UUID
) -> tuple[Media, bytes]:
    """Metadados e bytes (para enviar ao provedor); 404 se a linha ou o arquivo não existirem."""
    row = await get_media(ctx, session, tenant_id, media_id)
    store, owned = media_store(ctx)
    try:
        return row, await _get(store, row.storage_key)
    finally:
        if owned:
            await store.aclose()


async def open_media(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, media_id: uuid.UUID
) -> tuple[Media, AsyncIterator[bytes]]:
    """Metadados e os bytes em pedaços, para uma resposta em streaming (ver `open_media_content`)."""
    row = await get_media(ctx, session, tenant_id, media_id)
    return row, await open_media_content(ctx, row)


async def open_media_content(ctx: AppContext, media: Media) -> AsyncIterator[bytes]:
    """Os bytes de uma mídia já carregada (e já autorizada), em pedaços.

    O primeiro pedaço é lido aqui: arquivo ausente vira 404 antes de qualquer byte da resposta sair.
    """
    store, owned = media_store(ctx)
    chunks = store.open(media.storage_key)
    try:
        first = await anext(chunks, b"")
    except MediaObjectNotFound:
        await _close(chunks, store, owned)
        logger.error("mídia %s sem arquivo (%s)", media.id, media.storage_key)
        raise MediaContentMissing() from None
    except MediaStoreUnavailable as exc:
        await _close(chunks, store, owned)
        raise MediaStorageUnavailable() from exc
    except BaseException:
        await _close(chunks, store, owned)
        raise
    return _stream(first, chunks, store, owned)


async def _stream(first: bytes, chunks: AsyncIterator[bytes], store: MediaStore, owned: bool) -> AsyncIterator[bytes]:
    try:
        if first:
            yield first
        async for chunk in chunks:
            yield chunk
    finally:
        await _close(chunks, store, owned)


async def _close(chunks: AsyncIterator[Any], store: MediaStore, owned: bool) -> None:
    aclose = getattr(chunks, "aclose", None)
    if aclose is not None:
        await aclose()
    if owned:
        await store.aclose()
