"""Modelo base dos esquemas da API: JSON em camelCase, como no contrato do PRD."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

import email_validator
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class InputSchema(Schema):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", str_strip_whitespace=True
    )


class FieldError(Schema):
    field: str = Field(description="Caminho do campo inválido.")
    location: str = Field(description="Parte da requisição: body, query, path ou header.")
    message: str = Field(description="Mensagem em pt-BR.")
    type: str = Field(description="Tipo técnico do erro.")


class ProblemDetail(BaseModel):
    """Erro no formato RFC 9457."""

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(description="Código estável do erro, para tratamento programático.")
    instance: str | None = None
    requestId: str | None = None
    errors: list[FieldError] | None = None
    model_config = ConfigDict(extra="allow")


T = TypeVar("T")


class Page(Schema, Generic[T]):
    items: list[T]
    total: int = Field(description="Total de itens que atendem ao filtro.")
    page: int
    page_size: int


def page_of(items: list[Any], total: int, page: int, page_size: int) -> dict[str, Any]:
    return {"items": items, "total": total, "page": page, "page_size": page_size}


# Instalações próprias usam domínios internos (.local, .test, .lan); a lista é do próprio email-validator,
# feita para ser ajustada assim.
email_validator.SPECIAL_USE_DOMAIN_NAMES = [
    d for d in email_validator.SPECIAL_USE_DOMAIN_NAMES if d not in {"local", "test", "localhost"}
]


def _email(value: str) -> str:
    """E-mail válido em sintaxe; aceita domínios internos (.local, .test), comuns em instalações próprias."""
    try:
        result = validate_email(value, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError:
        raise ValueError("E-mail inválido") from None
    return result.normalized.lower()


Email = Annotated[str, Field(max_length=255, examples=["pessoa@empresa.com.br"]), AfterValidator(_email)]
