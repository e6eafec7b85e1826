"""Onde os bytes da mídia moram: disco local (padrão) ou um serviço compatível com S3.

As chaves são caminhos relativos (`{tenant_id}/{aaaa}/{mm}/{uuid}`) validados por `validate_key`: sem `..`, sem
caminho absoluto, sem barra invertida, sem segmento oculto; no disco, o caminho final ainda é conferido contra a
raiz. Quem decide a chave é o serviço, nunca o cliente; o nome do arquivo enviado não entra nela.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import re
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable
from urllib.parse import quote

import httpx

from wacs.config import Settings

logger = logging.getLogger("wacs.media")

CHUNK_SIZE = 64 * 1024
MAX_KEY_LENGTH = 500  # coluna media.storage_key
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_MAX_SEGMENTS = 8


class MediaStoreError(Exception):
    """Falha do armazenamento de mídia."""


class MediaKeyError(MediaStoreError, ValueError):
    """Chave fora do formato permitido (inclui toda tentativa de sair da raiz)."""


class MediaObjectNotFound(MediaStoreError, LookupError):
    """Não há objeto com esta chave."""


class MediaStoreUnavailable(MediaStoreError):
    """O serviço de armazenamento não respondeu como esperado."""


@runtime_checkable
class MediaStore(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None:
        """Grava (ou substitui) o objeto por inteiro; quem lê nunca vê um objeto pela metade."""

    def open(self, key: str, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        """Lê em pedaços; `MediaObjectNotFound` na primeira iteração se não existir."""

    async def get(self, key: str) -> bytes:
        """O objeto inteiro; `MediaObjectNotFound` se não existir."""

    async def delete(self, key: str) -> None:
        """Remove; não existir não é erro."""

    async def exists(self, key: str) -> bool: ...

    async def aclose(self) -> None:
        """Libera conexões (chamado no encerramento da aplicação)."""


def validate_key(key: str) -> str:
    """A chave, se for segura: segmentos `[A-Za-z0-9][A-Za-z0-9_.-]*` separados por '/'."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise MediaKeyError("chave de mídia vazia ou longa demais")
    segments = key.split("/")
    if len(segments) > _MAX_SEGMENTS or not all(_SEGMENT.fullmatch(s) for s in segments):
        raise MediaKeyError(f"chave de mídia inválida: {key!r}")
    return key


def new_media_key(tenant_id: uuid.UUID, media_id: uuid.UUID, now: datetime | None = None) -> str:
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return validate_key(f"{tenant_id}/{moment:%Y}/{moment:%m}/{media_id}")


class LocalMediaStore:
    """Arquivos sob `root`; gravação atômica (arquivo temporário no mesmo diretório + rename)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def path_for(self, key: str) -> Path:
        path = (self.root / validate_key(key)).resolve()
        # Defesa extra: nem um link simbólico dentro da raiz leva para fora dela.
        if not path.is_relative_to(self.root) or path == self.root:
            raise MediaKeyError(f"chave de mídia fora da raiz: {key!r}")
        return path

    async def _path(self, key: str) -> Path:
        validate_key(key)  # barato e sem E/S: erro de chave sem passar por thread
        return await asyncio.to_thread(self.path_for, key)  # resolve() consulta o disco (links simbólicos)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        path = await self._path(key)
        await asyncio.to_thread(_write_atomic, path, data)

    async def open(self, key: str, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        path = await self._path(key)
        try:
            handle = await asyncio.to_thread(path.open, "rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise MediaObjectNotFound(key) from None
        try:
            while chunk := await asyncio.to_thread(handle.read, chunk_size):
                yield chunk
        finally:
            await asyncio.to_thread(handle.close)

    async def get(self, key: str) -> bytes:
        path = await self._path(key)
        try:
            return await asyncio.to_thread(path.read_bytes)
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise MediaObjectNotFound(key) from None

    async def delete(self, key: str) -> None:
        path = await self._path(key)
        await asyncio.to_thread(_unlink_file, path)

    async def exists(self, key: str) -> bool:
        path = await self._path(key)
        return await asyncio.to_thread(path.is_file)

    async def aclose(self) -> None:
        return None


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O prefixo "." garante que o temporário nunca corresponde a uma chave válida.
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - sistemas sem fsync de diretório
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _unlink_file(path: Path) -> None:
    if path.is_file() or path.is_symlink():
        path.unlink(missing_ok=True)


# --- S3 e compatíveis (MinIO, Cloudflare R2, Backblaze B2, DigitalOcean Spaces...) -----------------------------

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True)
class S3Config:
    endpoint_url: str  # ex.: https://s3.us-east-1.amazonaws.com, http://minio:9000
    bucket: str
    access_key_id: str
    secret_access_key: str
    region: str = "us-east-1"
    prefix: str = ""  # ex.: "wacs/" — anteposto a toda chave
    addressing_style: Literal["path", "virtual"] = "path"
    session_token: str | None = None
    timeout_seconds: float = 30.0


def sigv4_headers(
    method: str,
    url: httpx.URL,
    headers: dict[str, str],
    payload_sha256: str,
    *,
    access_key_id: str,
    secret_access_key: str,
    region: str,
    now: datetime,
    service: str = "s3",
    session_token: str | None = None,
) -> dict[str, str]:
    """Cabeçalhos assinados com AWS Signature Version 4 (autorização por cabeçalho)."""
    amz_date = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    day = amz_date[:8]
    signed = {k.lower(): " ".join(str(v).split()) for k, v in headers.items()}
    signed["host"] = url.netloc.decode("ascii")
    signed["x-amz-date"] = amz_date
    signed["x-amz-content-sha256"] = payload_sha256
    if session_token:
        signed["x-amz-security-token"] = session_token
    names = sorted(signed)
    query = sorted(
        (quote(k, safe="-_.~"), quote(v, safe="-_.~"))
        for k, v in httpx.QueryParams(url.query.decode("ascii")).multi_items()
    )
    canonical_request = "\n".join(
        [
            method.upper(),
            url.raw_path.split(b"?", 1)[0].decode("ascii") or "/",
            "&".join(f"{k}={v}" for k, v in query),
            "".join(f"{name}:{signed[name]}\n" for name in names),
            ";".join(names),
            payload_sha256,
        ]
    )
    scope = f"{day}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = f"AWS4{secret_access_key}".encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    signed["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={access_key_id}/{scope},SignedHeaders={';'.join(names)},Signature={signature}"
    )
    signed.pop("host")  # o httpx põe o Host a partir da URL
    return signed


class S3MediaStore:
    """Objetos num bucket S3 (ou compatível), com `httpx` e assinatura SigV4 — sem SDK."""

    def __init__(self, config: S3Config, client: httpx.AsyncClient | None = None) -> None:
        self.config = config
        self._client = client
        self._owns_client = client is None

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=httpx.Timeout(self.config.timeout_seconds, connect=5.0))
        return self._client

    def url_for(self, key: str) -> httpx.URL:
        object_key = quote(f"{self.config.prefix}{validate_key(key)}", safe="/-_.~")
        base = httpx.URL(self.config.endpoint_url.rstrip("/"))
        if self.config.addressing_style == "virtual":
            return base.copy_with(host=f"{self.config.bucket}.{base.host}", raw_path=f"/{object_key}".encode())
        base_path = base.raw_path.decode("ascii").rstrip("/")
        return base.copy_with(raw_path=f"{base_path}/{self.config.bucket}/{object_key}".encode())

    def _request(
        self, method: str, key: str, content: bytes = b"", headers: dict[str, str] | None = None
    ) -> httpx.Request:
        url = self.url_for(key)
        signed = sigv4_headers(
            method,
            url,
            headers or {},
            hashlib.sha256(content).hexdigest() if content else EMPTY_SHA256,
            access_key_id=self.config.access_key_id,
            secret_access_key=self.config.secret_access_key,
            region=self.config.region,
            now=datetime.now(UTC),
            session_token=self.config.session_token,
        )
        return httpx.Request(method, url, headers=signed, content=content or None)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._http().send(request)
        except httpx.HTTPError as exc:
            raise MediaStoreUnavailable(f"S3 inacessível: {exc.__class__.__name__}") from exc

    @staticmethod
    def _unexpected(response: httpx.Response, action: str) -> MediaStoreUnavailable:
        logger.warning("S3 respondeu %s ao %s: %s", response.status_code, action, response.text[:300])
        return MediaStoreUnavailable(f"S3 respondeu {response.status_code} ao {action}")

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        response = await self._send(self._request("PUT", key, data, {"content-type": content_type}))
        if not response.is_success:
            raise self._unexpected(response, "gravar")

    async def open(self, key: str, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        try:
            response = await self._http().send(self._request("GET", key), stream=True)
        except httpx.HTTPError as exc:
            raise MediaStoreUnavailable(f"S3 inacessível: {exc.__class__.__name__}") from exc
        try:
            if response.status_code == 404:
                raise MediaObjectNotFound(key)
            if not response.is_success:
                await response.aread()
                raise self._unexpected(response, "ler")
            async for chunk in response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.HTTPError as exc:
            raise MediaStoreUnavailable(f"S3 interrompeu a leitura: {exc.__class__.__name__}") from exc
        finally:
            await response.aclose()

    async def get(self, key: str) -> bytes:
        response = await self._send(self._request("GET", key))
        if response.status_code == 404:
            raise MediaObjectNotFound(key)
        if not response.is_success:
            raise self._unexpected(response, "ler")
        return response.content

    async def delete(self, key: str) -> None:
        response = await self._send(self._request("DELETE", key))
        if not response.is_success and response.status_code != 404:
            raise self._unexpected(response, "apagar")

    async def exists(self, key: str) -> bool:
        response = await self._send(self._request("HEAD", key))
        if response.status_code == 404:
            return False
        if not response.is_success:
            raise self._unexpected(response, "consultar")
        return True

    async def aclose(self) -> None:
        if self._owns_client and self._client is not None:
            await self._client.aclose()
            self._client = None


def s3_config_from_settings(settings: Settings) -> S3Config:
    """Lê `MEDIA_S3_*` (campos ainda não declarados em `Settings` são lidos se existirem)."""

    def value(name: str, default: str | None = None) -> str | None:
        raw = getattr(settings, name, None)
        return str(raw) if raw not in (None, "") else default

    required = {
        "media_s3_endpoint": value("media_s3_endpoint"),
        "media_s3_bucket": value("media_s3_bucket"),
        "media_s3_access_key_id": value("media_s3_access_key_id"),
        "media_s3_secret_access_key": value("media_s3_secret_access_key"),
    }
    missing = [name.upper() for name, v in required.items() if v is None]
    if missing:
        raise ValueError(f"MEDIA_STORAGE=s3 exige {', '.join(missing)}")
    style = value("media_s3_addressing_style", "path")
    return S3Config(
        endpoint_url=str(required["media_s3_endpoint"]),
        bucket=str(required["media_s3_bucket"]),
        access_key_id=str(required["media_s3_access_key_id"]),
        secret_access_key=str(required["media_s3_secret_access_key"]),
        region=value("media_s3_region", "us-east-1") or "us-east-1",
        prefix=value("media_s3_prefix", "") or "",
        addressing_style="virtual" if style == "virtual" else "path",
    )


def create_media_store(settings: Settings) -> MediaStore:
    """Disco local em `resolved_media_dir`, ou S3 com `MEDIA_STORAGE=s3` (barato: não abre conexões)."""
    if getattr(settings, "media_storage", "local") == "s3":
        return S3MediaStore(s3_config_from_settings(settings))
    return LocalMediaStore(settings.resolved_media_dir)
