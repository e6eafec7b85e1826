"""Mídia: envio multipart, tipo real pelos bytes, limites, download só para o tenant dono e os armazenamentos."""

from __future__ import annotations

import hashlib
import io
import os
import re
import types
import uuid
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.conftest import Actor, Factory, assert_problem
from wacs.kit.context import AppContext
from wacs.media.service import (
    InvalidMedia,
    MediaContentMissing,
    UnsupportedMediaType,
    clean_filename,
    human_size,
    load_media,
    open_media,
    resolve_mime,
    save_media,
    sniff_mime,
)
from wacs.media.store import (
    EMPTY_SHA256,
    LocalMediaStore,
    MediaKeyError,
    MediaObjectNotFound,
    MediaStore,
    MediaStoreUnavailable,
    S3Config,
    S3MediaStore,
    create_media_store,
    new_media_key,
    sigv4_headers,
    validate_key,
)
from wacs.models import AuditLog, Media

MEDIA = "/api/v1/media"


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 2
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 300
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 100
GIF = b"GIF89a" + b"\x00" * 100
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
OGG = b"OggS\x00\x02" + b"\x00" * 100
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 100
M4A = b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42" + b"\x00" * 100
GP3 = b"\x00\x00\x00\x14ftyp3gp4\x00\x00\x00\x00" + b"\x00" * 100
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
MP3_ID3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 100
MP3_FRAME = b"\xff\xfb\x90\x64" + b"\x00" * 100
AAC = b"\xff\xf1\x50\x80\x02\x1f\xfc" + b"\x00" * 100
AMR = b"#!AMR\n" + b"\x3c" * 100
DOCX = _zip("word/document.xml")
XLSX = _zip("xl/workbook.xml")
PPTX = _zip("ppt/presentation.xml")
ZIP = _zip("leia-me.txt")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'
TEXT = "Olá! Segue a relação de pedidos.\nLinha 2\n".encode()
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


async def upload(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    data: bytes = PNG,
    content_type: str = "image/png",
    filename: str = "foto.png",
) -> httpx.Response:
    return await client.post(MEDIA, headers=headers, files={"file": (filename, data, content_type)})


async def uploaded(client: httpx.AsyncClient, headers: dict[str, str], **kwargs: Any) -> dict[str, Any]:
    response = await upload(client, headers, **kwargs)
    assert response.status_code == 201, response.text
    return response.json()


async def media_rows(ctx: AppContext) -> list[Media]:
    async with ctx.sessionmaker() as session:
        return list((await session.execute(select(Media))).scalars())


def stored_files(ctx: AppContext, *tenants: Actor) -> list[Path]:
    """Arquivos gravados para os tenants (o diretório de mídia é da sessão de testes inteira)."""
    root = ctx.settings.resolved_media_dir
    return [p for actor in tenants for p in (root / str(actor.tenant.id)).rglob("*") if p.is_file()]


def foreign(owner: Actor, intruder: Actor) -> dict[str, str]:
    return {"X-Client-Id": owner.tenant.client_id, "Authorization": intruder.headers["Authorization"]}


class TestUploadAndDownload:
    async def test_round_trip(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        response = await upload(client, member.headers, PNG, "image/png", "Foto da Fachada.png")
        assert response.status_code == 201, response.text
        body = response.json()
        assert set(body) == {"id", "mimeType", "size", "sha256", "filename", "createdAt"}
        assert body["mimeType"] == "image/png"
        assert body["size"] == len(PNG)
        assert body["sha256"] == hashlib.sha256(PNG).hexdigest()
        assert body["filename"] == "Foto da Fachada.png"

        metadata = await client.get(f"{MEDIA}/{body['id']}", headers=member.headers)
        assert metadata.status_code == 200, metadata.text
        assert metadata.json() == body

        content = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        assert content.status_code == 200, content.text
        assert content.content == PNG
        assert content.headers["content-type"] == "image/png"
        assert content.headers["content-length"] == str(len(PNG))
        assert content.headers["etag"] == f'"{body["sha256"]}"'
        assert content.headers["cache-control"].startswith("private")
        assert content.headers["x-content-type-options"] == "nosniff"
        assert content.headers["content-disposition"] == (
            "inline; filename=\"Foto da Fachada.png\"; filename*=UTF-8''Foto%20da%20Fachada.png"
        )

        (row,) = await media_rows(factory.ctx)
        assert str(row.id) == body["id"] and row.tenant_id == member.tenant.id
        now = datetime.now(UTC)
        assert row.storage_key == f"{member.tenant.id}/{now:%Y}/{now:%m}/{row.id}"
        on_disk = factory.ctx.settings.resolved_media_dir / row.storage_key
        assert on_disk.read_bytes() == PNG
        assert stored_files(factory.ctx, member) == [on_disk]  # nenhum temporário sobrando

    async def test_upload_is_audited(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        body = await uploaded(client, member.headers)
        async with factory.ctx.sessionmaker() as session:
            entry = (await session.execute(select(AuditLog).where(AuditLog.resource_type == "media"))).scalar_one()
        assert entry.resource_id == body["id"] and entry.actor_id == member.user.id
        assert entry.tenant_id == member.tenant.id and entry.status_code == 201
        assert entry.details == {"mimeType": "image/png", "size": len(PNG), "filename": "foto.png"}

    async def test_etag_revalidation(self, client: httpx.AsyncClient, member: Actor) -> None:
        body = await uploaded(client, member.headers)
        url = f"{MEDIA}/{body['id']}/content"
        etag = f'"{body["sha256"]}"'
        for value in (etag, f"W/{etag}", f'"outro", {etag}', "*"):
            response = await client.get(url, headers={**member.headers, "If-None-Match": value})
            assert response.status_code == 304, value
            assert response.content == b""
            assert response.headers["etag"] == etag
        response = await client.get(url, headers={**member.headers, "If-None-Match": '"outro"'})
        assert response.status_code == 200 and response.content == PNG

    async def test_text_is_served_without_added_charset(self, client: httpx.AsyncClient, member: Actor) -> None:
        latin1 = "Relação de preços".encode("latin-1")
        body = await uploaded(client, member.headers, data=latin1, content_type="text/plain", filename="lista.txt")
        response = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        assert response.content == latin1
        assert response.headers["content-type"] == "text/plain"
        assert response.headers["content-disposition"].startswith('attachment; filename="lista.txt"')

    async def test_large_file(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        data = b"%PDF-1.4\n" + os.urandom(300 * 1024)
        body = await uploaded(client, member.headers, data=data, content_type="application/pdf", filename="a.pdf")
        response = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        assert response.content == data
        assert response.headers["content-disposition"].startswith("attachment;")
        # A resposta sai em pedaços (o ASGITransport do httpx junta tudo; o pedaçamento é conferido no serviço).
        async with factory.ctx.sessionmaker() as session:
            _, chunks = await open_media(factory.ctx, session, member.tenant.id, uuid.UUID(body["id"]))
            parts = [chunk async for chunk in chunks]
        assert len(parts) == 5 and b"".join(parts) == data

    async def test_unicode_and_hostile_filenames(self, client: httpx.AsyncClient, member: Actor) -> None:
        # Corpo montado à mão: o httpx escaparia os caracteres que interessam aqui.
        name = '..\\..\\etc/Relatório;\x01 "final".pdf'.encode()
        body = (
            b'--limite\r\nContent-Disposition: form-data; name="file"; filename="'
            + name.replace(b'"', b'\\"')
            + b'"\r\nContent-Type: application/pdf\r\n\r\n'
            + PDF
            + b"\r\n--limite--\r\n"
        )
        headers = {**member.headers, "Content-Type": "multipart/form-data; boundary=limite"}
        response = await client.post(MEDIA, headers=headers, content=body)
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["filename"] == 'Relatório; "final".pdf'
        response = await client.get(f"{MEDIA}/{created['id']}/content", headers=member.headers)
        assert response.headers["content-disposition"] == (
            "attachment; filename=\"Relatorio_ _final_.pdf\"; filename*=UTF-8''Relat%C3%B3rio%3B%20%22final%22.pdf"
        )

    async def test_missing_filename_gets_one_from_the_type(
        self, client: httpx.AsyncClient, factory: Factory, member: Actor
    ) -> None:
        async with factory.ctx.sessionmaker() as session:
            row = await save_media(factory.ctx, session, member.tenant.id, OGG, "audio/ogg; codecs=opus", None)
            await session.commit()
        assert row.filename is None and row.mime_type == "audio/ogg"
        response = await client.get(f"{MEDIA}/{row.id}/content", headers=member.headers)
        assert response.headers["content-disposition"] == (
            f"inline; filename=\"{row.id}.ogg\"; filename*=UTF-8''{row.id}.ogg"
        )


class TestPermissions:
    async def test_api_key_scopes(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        sender = await factory.api_key(admin, ["messages:send"])
        reader = await factory.api_key(admin, ["messages:read"])
        body = await uploaded(client, sender)
        assert (await client.get(f"{MEDIA}/{body['id']}", headers=reader)).status_code == 200
        assert (await client.get(f"{MEDIA}/{body['id']}/content", headers=reader)).content == PNG
        assert_problem(await upload(client, reader), 403, "acesso_negado")
        assert_problem(await client.get(f"{MEDIA}/{body['id']}", headers=sender), 403, "acesso_negado")
        assert_problem(await client.get(f"{MEDIA}/{body['id']}/content", headers=sender), 403, "acesso_negado")

    async def test_other_tenant_credential_is_403(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        body = await uploaded(client, admin.headers)
        intruder = foreign(admin, admin_second)
        assert_problem(await upload(client, intruder), 403, "tenant_divergente")
        assert_problem(await client.get(f"{MEDIA}/{body['id']}", headers=intruder), 403, "tenant_divergente")
        response = await client.get(f"{MEDIA}/{body['id']}/content", headers=intruder)
        assert_problem(response, 403, "tenant_divergente")
        assert len(await media_rows(factory.ctx)) == 1

    async def test_other_tenant_media_is_404(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        theirs = await uploaded(client, admin_second.headers)
        for path in (f"{MEDIA}/{theirs['id']}", f"{MEDIA}/{theirs['id']}/content"):
            body = assert_problem(await client.get(path, headers=admin.headers), 404, "midia_nao_encontrada")
            assert body["detail"] == "Mídia não encontrada."
            assert theirs["sha256"] not in str(body)
        # Nem pelo serviço: a consulta é sempre filtrada pelo tenant.
        async with factory.ctx.sessionmaker() as session:
            with pytest.raises(Exception, match="Mídia não encontrada"):
                await load_media(factory.ctx, session, admin.tenant.id, uuid.UUID(theirs["id"]))
        assert (await client.get(f"{MEDIA}/{theirs['id']}/content", headers=admin_second.headers)).content == PNG

    async def test_unknown_and_malformed_ids(self, client: httpx.AsyncClient, member: Actor) -> None:
        assert_problem(await client.get(f"{MEDIA}/{uuid.uuid4()}", headers=member.headers), 404, "midia_nao_encontrada")
        response = await client.get(f"{MEDIA}/{uuid.uuid4()}/content", headers=member.headers)
        assert_problem(response, 404, "midia_nao_encontrada")
        body = assert_problem(await client.get(f"{MEDIA}/nao-e-uuid", headers=member.headers), 422, "validacao")
        assert body["errors"][0]["field"] == "media_id"
        response = await client.get(f"{MEDIA}/..%2F..%2Fetc%2Fpasswd/content", headers=member.headers)
        assert response.status_code in {404, 422}

    async def test_auth_comes_before_reading_the_body(self, client: httpx.AsyncClient, admin: Actor) -> None:
        """O corpo (que pode ter megabytes) só é lido depois da autenticação."""
        consumed = 0

        async def body() -> AsyncIterator[bytes]:
            nonlocal consumed
            for _ in range(4):
                consumed += 1
                yield b"x" * 1024

        headers = {"X-Client-Id": admin.tenant.client_id, "Content-Type": "multipart/form-data; boundary=abc"}
        assert_problem(await client.post(MEDIA, headers=headers, content=body()), 401, "nao_autenticado")
        assert consumed == 0


class TestLimitsAndTypes:
    async def test_size_limit(
        self, client: httpx.AsyncClient, factory: Factory, member: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(factory.ctx.settings, "media_max_bytes", 2048)
        exact = PNG + b"\x00" * (2048 - len(PNG))
        assert (await uploaded(client, member.headers, data=exact))["size"] == 2048

        body = assert_problem(await upload(client, member.headers, data=exact + b"\x00"), 413, "midia_muito_grande")
        assert body["detail"] == "O arquivo excede o limite de 2 KB (2048 bytes)."
        assert body["maxBytes"] == 2048
        # Bem acima do limite: recusado pelo Content-Length, antes de ler o corpo.
        huge = PNG + b"\x00" * (300 * 1024)
        assert_problem(await upload(client, member.headers, data=huge), 413, "midia_muito_grande")
        assert len(await media_rows(factory.ctx)) == 1
        assert len(stored_files(factory.ctx, member)) == 1

    @pytest.mark.parametrize(
        ("data", "content_type", "filename", "message"),
        [
            (GIF, "image/gif", "a.gif", "O WhatsApp não aceita arquivos do tipo image/gif."),
            (HTML, "text/html", "a.html", "O WhatsApp não aceita arquivos do tipo text/html."),
            (SVG, "image/svg+xml", "a.svg", "O WhatsApp não aceita arquivos do tipo image/svg+xml."),
            (EXE, "application/x-msdownload", "a.exe", "application/x-msdownload"),
            (EXE, "application/octet-stream", "setup.exe", "application/x-msdownload"),
            (GIF, "application/octet-stream", "a.bin", "image/gif"),
            (HEIC, "application/octet-stream", "IMG_0001.HEIC", "image/heic"),
            (ZIP, "application/octet-stream", "fotos.zip", "Arquivos compactados (ZIP) não são aceitos"),
            (b"\x01\x02\x03\x04dados", "application/octet-stream", "dados", "Não foi possível identificar o tipo"),
        ],
    )
    async def test_unsupported_type_is_415(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        member: Actor,
        data: bytes,
        content_type: str,
        filename: str,
        message: str,
    ) -> None:
        response = await upload(client, member.headers, data=data, content_type=content_type, filename=filename)
        body = assert_problem(response, 415, "tipo_de_midia_nao_suportado")
        assert message in body["detail"]
        assert await media_rows(factory.ctx) == [] and stored_files(factory.ctx, member) == []

    @pytest.mark.parametrize(
        ("data", "content_type", "message"),
        [
            (JPEG, "image/png", "O conteúdo do arquivo é image/jpeg, mas o tipo informado é image/png."),
            (PNG, "application/pdf", "O conteúdo do arquivo é image/png, mas o tipo informado é application/pdf."),
            (EXE, "application/pdf", "O conteúdo do arquivo é application/x-msdownload"),
            (HTML, "image/jpeg", "O conteúdo do arquivo é text/html, mas o tipo informado é image/jpeg."),
            (TEXT, "image/jpeg", "O conteúdo do arquivo não é um image/jpeg válido."),
            (TEXT, "video/mp4", "O conteúdo do arquivo não é um video/mp4 válido."),
            (PNG, "text/plain", "O arquivo não é um texto simples (o conteúdo parece ser image/png)."),
            (b"abc\x00\x01def", "text/plain", "O arquivo não é um texto simples."),
            (XLSX, DOCX_MIME, f"O conteúdo do arquivo é {XLSX_MIME}, mas o tipo informado é {DOCX_MIME}."),
            (ZIP, DOCX_MIME, "O conteúdo do arquivo é um arquivo ZIP"),
            (OLE, DOCX_MIME, "O conteúdo do arquivo é um documento do Office (formato antigo)"),
            (DOCX, "application/msword", f"O conteúdo do arquivo é {DOCX_MIME}"),
            (OGG, "audio/mpeg", "O conteúdo do arquivo é audio/ogg, mas o tipo informado é audio/mpeg."),
            (b"", "image/png", "O arquivo está vazio."),
        ],
    )
    async def test_content_mismatch_is_422(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        member: Actor,
        data: bytes,
        content_type: str,
        message: str,
    ) -> None:
        response = await upload(client, member.headers, data=data, content_type=content_type, filename="arquivo")
        body = assert_problem(response, 422, "midia_invalida")
        assert body["detail"] == message or body["detail"].startswith(message)
        assert await media_rows(factory.ctx) == [] and stored_files(factory.ctx, member) == []

    @pytest.mark.parametrize(
        ("data", "content_type", "filename", "expected"),
        [
            (PNG, "application/octet-stream", "x.bin", "image/png"),
            (JPEG, "", "foto", "image/jpeg"),
            (JPEG, "image/jpg", "foto.jpg", "image/jpeg"),
            (WEBP, "image/webp", "figurinha.webp", "image/webp"),
            (PDF, "application/octet-stream", "contrato", "application/pdf"),
            (OGG, "audio/ogg; codecs=opus", "voz.ogg", "audio/ogg"),
            (OGG, "audio/opus", "voz.opus", "audio/ogg"),
            (MP4, "application/octet-stream", "video", "video/mp4"),
            (M4A, "audio/x-m4a", "audio.m4a", "audio/mp4"),
            (MP4, "audio/mp4", "audio.m4a", "audio/mp4"),
            (GP3, "video/3gpp", "video.3gp", "video/3gpp"),
            (MP3_ID3, "audio/mp3", "musica.mp3", "audio/mpeg"),
            (MP3_FRAME, "audio/mpeg", "musica.mp3", "audio/mpeg"),
            (AAC, "audio/aac", "audio.aac", "audio/aac"),
            (AMR, "application/octet-stream", "gravacao.amr", "audio/amr"),
            (DOCX, DOCX_MIME, "contrato.docx", DOCX_MIME),
            (DOCX, "application/octet-stream", "contrato", DOCX_MIME),
            (XLSX, "application/octet-stream", "planilha.xlsx", XLSX_MIME),
            (PPTX, PPTX_MIME, "slides.pptx", PPTX_MIME),
            (OLE, "application/msword", "antigo.doc", "application/msword"),
            (OLE, "application/octet-stream", "planilha.xls", "application/vnd.ms-excel"),
            (TEXT, "text/plain; charset=utf-8", "notas.txt", "text/plain"),
            (TEXT, "application/octet-stream", "notas.txt", "text/plain"),
        ],
    )
    async def test_accepted_types(
        self,
        client: httpx.AsyncClient,
        member: Actor,
        data: bytes,
        content_type: str,
        filename: str,
        expected: str,
    ) -> None:
        body = await uploaded(client, member.headers, data=data, content_type=content_type, filename=filename)
        assert body["mimeType"] == expected
        response = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        assert response.content == data and response.headers["content-type"] == expected


class TestRequestShape:
    async def test_not_multipart_is_415(self, client: httpx.AsyncClient, member: Actor) -> None:
        response = await client.post(MEDIA, headers=member.headers, json={"file": "aGVsbG8="})
        body = assert_problem(response, 415, "tipo_nao_suportado")
        assert "multipart/form-data" in body["detail"]
        response = await client.post(MEDIA, headers={**member.headers, "Content-Type": "image/png"}, content=PNG)
        assert_problem(response, 415, "tipo_nao_suportado")

    async def test_missing_file_field(self, client: httpx.AsyncClient, member: Actor) -> None:
        response = await client.post(MEDIA, headers=member.headers, data={"outro": "x"}, files={"anexo": ("a", PNG)})
        body = assert_problem(response, 422, "validacao")
        assert body["errors"] == [
            {"field": "file", "location": "body", "message": "Campo obrigatório.", "type": "missing"}
        ]

    async def test_file_field_must_be_a_file(self, client: httpx.AsyncClient, member: Actor) -> None:
        response = await client.post(
            MEDIA, headers=member.headers, data={"file": "texto"}, files={"outro": ("a.png", PNG, "image/png")}
        )
        body = assert_problem(response, 422, "validacao")
        assert body["errors"][0]["message"] == "Deve ser um arquivo ou binário."

    async def test_more_than_one_file_is_400(self, client: httpx.AsyncClient, member: Actor) -> None:
        files = [("file", ("a.png", PNG, "image/png")), ("file", ("b.png", PNG, "image/png"))]
        assert_problem(await client.post(MEDIA, headers=member.headers, files=files), 400)


class TestMissingContent:
    async def test_file_gone_is_404_not_500(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        body = await uploaded(client, member.headers)
        (row,) = await media_rows(factory.ctx)
        (factory.ctx.settings.resolved_media_dir / row.storage_key).unlink()

        assert (await client.get(f"{MEDIA}/{body['id']}", headers=member.headers)).status_code == 200
        response = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        problem = assert_problem(response, 404, "conteudo_da_midia_indisponivel")
        assert problem["detail"] == "O arquivo desta mídia não está mais disponível no armazenamento."
        async with factory.ctx.sessionmaker() as session:
            with pytest.raises(MediaContentMissing):
                await load_media(factory.ctx, session, member.tenant.id, row.id)
            with pytest.raises(MediaContentMissing):
                await open_media(factory.ctx, session, member.tenant.id, row.id)

    async def test_store_outage_is_503(
        self, client: httpx.AsyncClient, factory: Factory, member: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        body = await uploaded(client, member.headers)

        class Broken(LocalMediaStore):
            async def put(self, key: str, data: bytes, content_type: str) -> None:
                raise MediaStoreUnavailable("fora do ar")

            async def open(self, key: str, chunk_size: int = 1024) -> AsyncIterator[bytes]:
                raise MediaStoreUnavailable("fora do ar")
                yield b""  # pragma: no cover

        monkeypatch.setattr(factory.ctx, "media_store", Broken(factory.ctx.settings.resolved_media_dir), raising=False)
        assert_problem(await upload(client, member.headers), 503, "armazenamento_indisponivel")
        response = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        assert_problem(response, 503, "armazenamento_indisponivel")
        assert len(await media_rows(factory.ctx)) == 1


class TestService:
    async def test_save_and_load(self, factory: Factory, member: Actor) -> None:
        ctx = factory.ctx
        async with ctx.sessionmaker() as session:
            row = await save_media(ctx, session, member.tenant.id, PDF, None, "C:\\Users\\ana\\nota.pdf")
            await session.commit()
        assert row.mime_type == "application/pdf" and row.filename == "nota.pdf" and row.tenant_id == member.tenant.id
        async with ctx.sessionmaker() as session:
            loaded, data = await load_media(ctx, session, member.tenant.id, row.id)
            assert loaded.id == row.id and data == PDF
            _, chunks = await open_media(ctx, session, member.tenant.id, row.id)
            assert b"".join([c async for c in chunks]) == PDF

    async def test_failed_insert_removes_the_file(self, factory: Factory) -> None:
        ctx = factory.ctx
        ghost_tenant = uuid.uuid4()  # não existe: a chave estrangeira recusa a linha
        async with ctx.sessionmaker() as session:
            with pytest.raises(IntegrityError):
                await save_media(ctx, session, ghost_tenant, PNG, "image/png", "a.png")
            await session.rollback()
        root = ctx.settings.resolved_media_dir / str(ghost_tenant)
        assert [p for p in root.rglob("*") if p.is_file()] == []

    async def test_rejections_raise_app_errors(self, factory: Factory, member: Actor) -> None:
        async with factory.ctx.sessionmaker() as session:
            with pytest.raises(UnsupportedMediaType):
                await save_media(factory.ctx, session, member.tenant.id, GIF, "image/gif", None)
            with pytest.raises(InvalidMedia):
                await save_media(factory.ctx, session, member.tenant.id, JPEG, "image/png", None)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (WEBP, "image/webp"),
        (GIF, "image/gif"),
        (PDF, "application/pdf"),
        (OGG, "audio/ogg"),
        (MP4, "video/mp4"),
        (M4A, "audio/mp4"),
        (GP3, "video/3gpp"),
        (HEIC, "image/heic"),
        (MP3_ID3, "audio/mpeg"),
        (MP3_FRAME, "audio/mpeg"),
        (AAC, "audio/aac"),
        (AMR, "audio/amr"),
        (DOCX, DOCX_MIME),
        (XLSX, XLSX_MIME),
        (PPTX, PPTX_MIME),
        (ZIP, "application/zip"),
        (b"PK\x03\x04quebrado", "application/zip"),
        (OLE, "application/x-ole-storage"),
        (EXE, "application/x-msdownload"),
        (b"\x7fELF\x02\x01", "application/x-executable"),
        (HTML, "text/html"),
        (SVG, "image/svg+xml"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "audio/wav"),
        (TEXT, None),
        (b"", None),
        (b"\xff", None),
    ],
)
def test_sniff(data: bytes, expected: str | None) -> None:
    assert sniff_mime(data) == expected


def test_resolve_keeps_declared_type_within_a_container_family() -> None:
    assert resolve_mime(MP4, "audio/mp4", None) == "audio/mp4"
    assert resolve_mime(GP3, "video/mp4", None) == "video/mp4"
    assert resolve_mime(OLE, "application/vnd.ms-powerpoint", None) == "application/vnd.ms-powerpoint"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("foto.png", "foto.png"),
        ("../../etc/passwd", "passwd"),
        ("C:\\temp\\doc.pdf", "doc.pdf"),
        ("/", None),
        ("", None),
        (None, None),
        ("..", None),
        (".bashrc", "bashrc"),
        ("a\x00b\r\nc.txt", "abc.txt"),
        ("nome\u202egpj.exe", "nomegpj.exe"),  # sem o caractere que inverte o texto
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_clean_filename(raw: str | None, expected: str | None) -> None:
    assert clean_filename(raw) == expected


def test_human_size() -> None:
    assert human_size(16 * 1024 * 1024) == "16 MB"
    assert human_size(1536 * 1024) == "1,5 MB"
    assert human_size(2048) == "2 KB"
    assert human_size(500) == "500 bytes"


# --- Armazenamento local ---------------------------------------------------------------------------------------

TRAVERSAL_KEYS = [
    "",
    "../fora",
    "a/../../fora",
    "a/..",
    "/etc/passwd",
    "//etc/passwd",
    "a//b",
    "a/./b",
    "./a",
    "a/",
    ".oculto",
    "a/.tmp-123.part",
    "..\\..\\fora",
    "a\\b",
    "a\x00b",
    "a b",
    "ção",
    "a/" * 9 + "b",
    "x" * 501,
    "~/arquivo",
    "%2e%2e/fora",
]


@pytest.fixture
def local(tmp_path: Path) -> LocalMediaStore:
    return LocalMediaStore(tmp_path / "media")


class TestLocalStore:
    @pytest.mark.parametrize("key", TRAVERSAL_KEYS)
    async def test_unsafe_keys_are_rejected_everywhere(self, local: LocalMediaStore, tmp_path: Path, key: str) -> None:
        with pytest.raises(MediaKeyError):
            validate_key(key)
        with pytest.raises(MediaKeyError):
            await local.put(key, b"x", "text/plain")
        with pytest.raises(MediaKeyError):
            await local.get(key)
        with pytest.raises(MediaKeyError):
            await local.exists(key)
        with pytest.raises(MediaKeyError):
            await local.delete(key)
        with pytest.raises(MediaKeyError):
            await anext(local.open(key))
        assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # noqa: ASYNC240

    async def test_symlink_out_of_the_root_is_rejected(self, local: LocalMediaStore, tmp_path: Path) -> None:
        outside = tmp_path / "fora"
        outside.mkdir()
        (outside / "segredo").write_bytes(b"segredo")
        local.root.mkdir(parents=True)
        (local.root / "atalho").symlink_to(outside)
        with pytest.raises(MediaKeyError):
            await local.get("atalho/segredo")
        with pytest.raises(MediaKeyError):
            await local.put("atalho/novo", b"x", "text/plain")
        assert not (outside / "novo").exists()

    async def test_put_get_open_exists_delete(self, local: LocalMediaStore) -> None:
        key = new_media_key(uuid.uuid4(), uuid.uuid4(), datetime(2026, 3, 9, tzinfo=UTC))
        assert re.fullmatch(r"[0-9a-f-]{36}/2026/03/[0-9a-f-]{36}", key)
        assert not await local.exists(key)
        data = os.urandom(200_000)
        await local.put(key, data, "application/pdf")
        assert await local.exists(key)
        assert await local.get(key) == data
        chunks = [c async for c in local.open(key, chunk_size=65536)]
        assert len(chunks) == 4 and b"".join(chunks) == data
        await local.put(key, b"novo", "text/plain")  # substitui por inteiro
        assert await local.get(key) == b"novo"
        assert [p.name for p in local.path_for(key).parent.iterdir()] == [key.rsplit("/", 1)[1]]
        await local.delete(key)
        await local.delete(key)  # idempotente
        assert not await local.exists(key)

    async def test_missing_objects(self, local: LocalMediaStore) -> None:
        with pytest.raises(MediaObjectNotFound):
            await local.get("t/2026/01/nada")
        with pytest.raises(MediaObjectNotFound):
            await anext(local.open("t/2026/01/nada"))
        await local.put("t/2026/01/x", b"x", "text/plain")
        with pytest.raises(MediaObjectNotFound):
            await local.get("t/2026")  # diretório não é objeto
        assert not await local.exists("t/2026")
        await local.delete("t/2026")
        assert await local.exists("t/2026/01/x")

    async def test_failed_write_leaves_nothing(self, local: LocalMediaStore, monkeypatch: pytest.MonkeyPatch) -> None:
        await local.put("t/a", b"original", "text/plain")

        def explode(src: Any, dst: Any) -> None:
            raise OSError("disco cheio")

        monkeypatch.setattr(os, "replace", explode)
        with pytest.raises(OSError, match="disco cheio"):
            await local.put("t/a", b"novo", "text/plain")
        assert await local.get("t/a") == b"original"
        assert [p.name for p in (local.root / "t").iterdir()] == ["a"]

    def test_is_a_media_store(self, local: LocalMediaStore) -> None:
        assert isinstance(local, MediaStore)


# --- S3 ----------------------------------------------------------------------------------------------------------


def test_sigv4_matches_the_aws_example() -> None:
    """Exemplo "GET Object" da documentação da AWS (Signature Version 4, autorização por cabeçalho)."""
    headers = sigv4_headers(
        "GET",
        httpx.URL("https://examplebucket.s3.amazonaws.com/test.txt"),
        {"Range": "bytes=0-9"},
        EMPTY_SHA256,
        access_key_id="AKIAIOSFODNN7EXAMPLE",
        secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        region="us-east-1",
        now=datetime(2013, 5, 24, tzinfo=UTC),
    )
    assert headers["authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )
    assert headers["x-amz-date"] == "20130524T000000Z"


class FakeS3:
    """Um bucket em memória atrás de um `httpx.MockTransport`, que confere a assinatura de cada requisição."""

    def __init__(self, config: S3Config) -> None:
        self.config = config
        self.objects: dict[str, tuple[bytes, str]] = {}
        self.fail_with: int | None = None
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = request.read()
        assert request.headers["x-amz-content-sha256"] == hashlib.sha256(body).hexdigest()
        signed = sigv4_headers(
            request.method,
            request.url,
            {k: v for k, v in request.headers.items() if k in {"content-type"}},
            request.headers["x-amz-content-sha256"],
            access_key_id=self.config.access_key_id,
            secret_access_key=self.config.secret_access_key,
            region=self.config.region,
            now=datetime.strptime(request.headers["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC),
        )
        if request.headers["authorization"] != signed["authorization"]:
            return httpx.Response(403, text="<Error><Code>SignatureDoesNotMatch</Code></Error>")
        if self.fail_with:
            return httpx.Response(self.fail_with, text="<Error><Code>InternalError</Code></Error>")
        key = request.url.path
        if request.method == "PUT":
            self.objects[key] = (body, request.headers["content-type"])
            return httpx.Response(200)
        if key not in self.objects:
            return httpx.Response(404 if request.method != "DELETE" else 204)
        if request.method == "DELETE":
            del self.objects[key]
            return httpx.Response(204)
        data, _ = self.objects[key]
        return httpx.Response(200, content=b"" if request.method == "HEAD" else data, headers={"ETag": "x"})


@pytest.fixture
def s3_config() -> S3Config:
    return S3Config(
        endpoint_url="http://minio.local:9000",
        bucket="wacs-midia",
        access_key_id="chave",
        secret_access_key="segredo",
        region="sa-east-1",
        prefix="prod/",
    )


@pytest.fixture
async def s3(s3_config: S3Config) -> AsyncIterator[tuple[S3MediaStore, FakeS3]]:
    fake = FakeS3(s3_config)
    client = httpx.AsyncClient(transport=httpx.MockTransport(fake.handler))
    store = S3MediaStore(s3_config, client)
    yield store, fake
    await store.aclose()
    await client.aclose()


class TestS3Store:
    async def test_round_trip(self, s3: tuple[S3MediaStore, FakeS3]) -> None:
        store, fake = s3
        key = "t/2026/01/abc"
        assert not await store.exists(key)
        await store.put(key, PNG, "image/png")
        assert fake.objects["/wacs-midia/prod/t/2026/01/abc"] == (PNG, "image/png")
        assert fake.requests[-1].url == "http://minio.local:9000/wacs-midia/prod/t/2026/01/abc"
        assert await store.exists(key)
        assert await store.get(key) == PNG
        assert b"".join([c async for c in store.open(key, chunk_size=100)]) == PNG
        await store.delete(key)
        await store.delete(key)
        assert not await store.exists(key)
        assert isinstance(store, MediaStore)

    async def test_missing_and_failures(self, s3: tuple[S3MediaStore, FakeS3]) -> None:
        store, fake = s3
        with pytest.raises(MediaObjectNotFound):
            await store.get("t/nada")
        with pytest.raises(MediaObjectNotFound):
            await anext(store.open("t/nada"))
        fake.fail_with = 500
        for call in (store.get("t/x"), store.put("t/x", b"x", "text/plain"), store.exists("t/x"), store.delete("t/x")):
            with pytest.raises(MediaStoreUnavailable):
                await call
        with pytest.raises(MediaStoreUnavailable):
            await anext(store.open("t/x"))

    async def test_wrong_secret_is_an_outage_not_a_404(self, s3_config: S3Config) -> None:
        fake = FakeS3(s3_config)
        wrong = S3Config(**{**s3_config.__dict__, "secret_access_key": "errado"})
        async with httpx.AsyncClient(transport=httpx.MockTransport(fake.handler)) as client:
            store = S3MediaStore(wrong, client)
            with pytest.raises(MediaStoreUnavailable, match="403"):
                await store.put("t/x", b"x", "text/plain")

    async def test_network_error_is_an_outage(self, s3_config: S3Config) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise httpx.ConnectError("recusado", request=request)

        async with httpx.AsyncClient(transport=httpx.MockTransport(refuse)) as client:
            store = S3MediaStore(s3_config, client)
            with pytest.raises(MediaStoreUnavailable, match="inacessível"):
                await store.get("t/x")
            with pytest.raises(MediaStoreUnavailable):
                await anext(store.open("t/x"))

    @pytest.mark.parametrize("key", ["../fora", "/abs", "a/../b", ".oculto"])
    async def test_unsafe_keys(self, s3: tuple[S3MediaStore, FakeS3], key: str) -> None:
        store, fake = s3
        with pytest.raises(MediaKeyError):
            await store.put(key, b"x", "text/plain")
        assert fake.requests == []

    def test_virtual_host_addressing(self, s3_config: S3Config) -> None:
        config = S3Config(**{**s3_config.__dict__, "endpoint_url": "https://s3.sa-east-1.amazonaws.com/"})
        virtual = S3MediaStore(S3Config(**{**config.__dict__, "addressing_style": "virtual", "prefix": ""}))
        assert str(virtual.url_for("t/a")) == "https://wacs-midia.s3.sa-east-1.amazonaws.com/t/a"
        assert str(S3MediaStore(config).url_for("t/a")) == "https://s3.sa-east-1.amazonaws.com/wacs-midia/prod/t/a"

    async def test_owned_client_is_closed(self, s3_config: S3Config) -> None:
        store = S3MediaStore(s3_config)
        client = store._http()
        await store.aclose()
        assert client.is_closed

    async def test_through_the_api(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        member: Actor,
        s3: tuple[S3MediaStore, FakeS3],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        store, fake = s3
        monkeypatch.setattr(factory.ctx, "media_store", store, raising=False)
        body = await uploaded(client, member.headers, data=PDF, content_type="application/pdf", filename="a.pdf")
        (row,) = await media_rows(factory.ctx)
        assert fake.objects[f"/wacs-midia/prod/{row.storage_key}"] == (PDF, "application/pdf")
        assert stored_files(factory.ctx, member) == []
        response = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        assert response.content == PDF
        fake.objects.clear()
        response = await client.get(f"{MEDIA}/{body['id']}/content", headers=member.headers)
        assert_problem(response, 404, "conteudo_da_midia_indisponivel")


class TestFactory:
    def test_local_by_default(self, tmp_path: Path) -> None:
        from tests.conftest import make_settings

        settings = make_settings(tmp_path, None, None)
        store = create_media_store(settings)
        assert isinstance(store, LocalMediaStore)
        assert store.root == (tmp_path / "media").resolve()
        other = create_media_store(make_settings(tmp_path, None, None, media_dir=tmp_path / "outro"))
        assert isinstance(other, LocalMediaStore) and other.root == (tmp_path / "outro").resolve()

    def test_s3_when_configured(self, tmp_path: Path) -> None:
        settings = types.SimpleNamespace(
            media_storage="s3",
            media_s3_endpoint="https://abc.r2.cloudflarestorage.com",
            media_s3_bucket="midia",
            media_s3_access_key_id="id",
            media_s3_secret_access_key="segredo",
            media_s3_region="auto",
            resolved_media_dir=tmp_path,
        )
        store = create_media_store(settings)  # type: ignore[arg-type]
        assert isinstance(store, S3MediaStore)
        assert store.config.region == "auto" and store.config.addressing_style == "path"
        settings.media_s3_bucket = ""
        with pytest.raises(ValueError, match="MEDIA_S3_BUCKET"):
            create_media_store(settings)  # type: ignore[arg-type]
