"""Modelo base dos esquemas da API: JSON em camelCase, como no contrato do PRD."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar

import email_validator
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from wacs.kit.text import INVALID_TEXT_MESSAGE, INVALID_TEXT_TYPE, find_invalid_text

# Marca, no esquema de um campo, uma validação que o JSON Schema não expressa; a OpenAPI a explica no 422 das rotas
# que recebem o campo (`wacs.kit.openapi`).
SEMANTIC_KEY = "x-semantic-validation"


def semantic_validation(text: str) -> dict[str, Any]:
    """`json_schema_extra` de um campo validado por regra que o esquema não consegue expressar."""
    return {SEMANTIC_KEY: text}


def _non_blank(schema: Any) -> None:
    """Os textos de entrada chegam aparados (`str_strip_whitespace`): o `minLength` vale depois de tirar os espaços
    das pontas, o que o esquema diz com um `pattern` (sem ele, "  " pareceria válido para `minLength: 1`)."""
    if isinstance(schema, list):
        for item in schema:
            _non_blank(item)
        return
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    minimum = schema.get("minLength")
    plain = schema.get("type") == "string" and not {"pattern", "enum", "const", "format"} & schema.keys()
    if plain and isinstance(minimum, int) and minimum > 0:
        schema["pattern"] = r"\S" if minimum == 1 else rf"^\s*\S[\s\S]{{{minimum - 2},}}\S\s*$"
    for key in ("properties", "patternProperties"):
        for child in (schema.get(key) or {}).values():
            _non_blank(child)
    for key in ("items", "additionalProperties", "prefixItems", "anyOf", "oneOf", "allOf", "then", "else"):
        _non_blank(schema.get(key))


def embedded_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """O esquema de um modelo para embutir dentro de outro esquema (regras `if`/`then`): as definições auxiliares
    (`$defs`) entram no lugar das referências, que de outro modo apontariam para `#/$defs/...` na raiz do documento
    OpenAPI, onde não existem (e geradores de cliente recusam o documento)."""
    schema = model.model_json_schema()
    definitions: dict[str, Any] = schema.pop("$defs", {})

    def inline(node: Any, trail: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [inline(item, trail) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            if name in trail:
                raise ValueError(f"esquema recursivo não pode ser embutido: {name}")
            extra = {key: value for key, value in node.items() if key != "$ref"}
            return {**inline(definitions[name], trail | {name}), **extra}
        return {key: inline(value, trail) for key, value in node.items()}

    result: dict[str, Any] = inline(schema, frozenset())
    return result


def input_json_schema(schema: dict[str, Any]) -> None:
    """O `json_schema_extra` de todo InputSchema; um modelo que declara o seu próprio deve chamá-lo no fim."""
    _non_blank(schema)


class Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class InputSchema(Schema):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra=input_json_schema,
    )

    @field_validator("*", mode="after")
    @classmethod
    def _valid_text(cls, value: Any) -> Any:
        # A regra de texto da borda (kit/inputs.py) vale também para o que chega por multipart ou é montado no código.
        if find_invalid_text(value) is not None:
            raise PydanticCustomError(INVALID_TEXT_TYPE, INVALID_TEXT_MESSAGE)
        return value


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


EMAIL_RULE = (
    "e-mail conferido pela biblioteca email-validator (sintaxe do endereço e do domínio; aceita domínios internos como "
    ".local e .test, sem consultar o DNS)"
)

Email = Annotated[
    str,
    Field(
        max_length=255,
        examples=["pessoa@empresa.com.br"],
        # 254: o limite de um endereço (RFC 5321), que o email-validator aplica.
        json_schema_extra={"format": "email", "maxLength": 254, **semantic_validation(EMAIL_RULE)},
    ),
    AfterValidator(_email),
]


# Datas aceitas na entrada: o que o Python e os bancos representam depois de levar a UTC, com folga de um dia nas
# pontas (9999-12-31T23:59:59-23:59 em UTC já é o ano 10000).
DATETIME_MIN = datetime(1, 1, 2, tzinfo=UTC)
DATETIME_MAX = datetime(9999, 12, 30, tzinfo=UTC)
DATETIME_RANGE_MESSAGE = "Data e hora fora do intervalo aceito (anos 0001 a 9999)."


class _UtcMarker:
    """Marca dos campos de data e hora que passam pela regra de entrada (um teste confere que todos passam)."""


UTC_INPUT = _UtcMarker()


def to_utc(value: datetime) -> datetime:
    """Leva a UTC (sem fuso = UTC); fora do intervalo representável → ValueError com mensagem em pt-BR."""
    try:
        converted = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError(DATETIME_RANGE_MESSAGE) from None
    if not DATETIME_MIN <= converted <= DATETIME_MAX:
        raise ValueError(DATETIME_RANGE_MESSAGE)
    return converted


# Toda data e hora recebida (corpo ou query) usa este tipo: sempre em UTC e dentro do intervalo.
UtcDateTime = Annotated[datetime, AfterValidator(to_utc), UTC_INPUT]
