"""Envio de arquivo por multipart/form-data, lido só depois da autenticação (o FastAPI leria o corpo inteiro antes
dela), e a descrição do corpo na OpenAPI (declarada à mão: a rota não declara parâmetros de formulário)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import FormData, UploadFile

from wacs.kit.errors import AppError
from wacs.kit.schemas import semantic_validation

# Folga para os cabeçalhos do multipart ao comparar o Content-Length com o limite do arquivo.
MULTIPART_OVERHEAD = 64 * 1024


class NotMultipart(AppError):
    status_code = 415
    code = "tipo_nao_suportado"
    title = "Tipo de conteúdo não suportado"
    detail = "Envie o arquivo como multipart/form-data, no campo `file`."


def upload_body(
    description: str,
    rule: str,
    *,
    content_types: list[str] | None = None,
    fields: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """O `openapi_extra` de uma rota de envio: a parte `file` (obrigatória) e os campos de texto opcionais."""
    media: dict[str, Any] = {
        "schema": {
            "type": "object",
            "required": ["file"],
            "properties": {
                "file": {
                    "type": "string",
                    "format": "binary",
                    "contentMediaType": "application/octet-stream",
                    "description": description,
                    **semantic_validation(rule),
                },
                **(fields or {}),
            },
        }
    }
    if content_types:
        media["encoding"] = {"file": {"contentType": ", ".join([*content_types, "application/octet-stream"])}}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": media}}}


def field_error(field: str, kind: str, **ctx: Any) -> dict[str, Any]:
    """Um erro de campo do formulário no formato da validação (vira o problem details 422 em pt-BR)."""
    return {"type": kind, "loc": ("body", field), "msg": "", "input": None, "ctx": ctx}


@asynccontextmanager
async def multipart_form(
    request: Request, limit: int, too_large: Callable[[], AppError], max_fields: int = 10
) -> AsyncIterator[FormData]:
    """O formulário de um envio de até `limit` bytes; um Content-Length maior é recusado antes de ler o corpo."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";", 1)[0].strip().lower() != "multipart/form-data":
        raise NotMultipart()
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
        raise too_large()
    form = await request.form(max_files=1, max_fields=max_fields)
    try:
        yield form
    finally:
        await form.close()


def file_part(form: FormData, errors: list[dict[str, Any]]) -> UploadFile | None:
    """A parte `file`; ausente ou em texto vira um erro de campo em `errors`."""
    upload = form.get("file")
    if upload is None:
        errors.append(field_error("file", "missing"))
        return None
    if not isinstance(upload, UploadFile):
        errors.append(field_error("file", "bytes_type"))
        return None
    return upload


async def read_file(request: Request, limit: int, too_large: Callable[[], AppError]) -> tuple[bytes, UploadFile]:
    """Só a parte `file` (até `limit` + 1 bytes: quem chama sabe que passou do limite)."""
    async with multipart_form(request, limit, too_large) as form:
        errors: list[dict[str, Any]] = []
        upload = file_part(form, errors)
        if upload is None:
            raise RequestValidationError(errors)
        return await upload.read(limit + 1), upload
