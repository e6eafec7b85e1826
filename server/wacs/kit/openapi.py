"""O documento OpenAPI fiel às respostas reais, num só lugar.

O FastAPI documenta o que cada rota declara (`responses=problem_responses(...)`). O que vem de fora da rota — das
dependências, da validação de entrada, do middleware — é acrescentado aqui, derivado das próprias rotas, e não de
uma lista de operações escrita à mão:

- toda resposta de erro (4xx/5xx) é `application/problem+json` com o esquema `ProblemDetail` (RFC 9457), nunca
  `application/json`;
- uma dependência declara os erros que pode devolver (`@raises(...)` numa função, ou o atributo `openapi_errors` de
  um objeto, como o `Authenticator`): toda rota que a usa os documenta (400/401/403/429 da autenticação, 503
  `banco_ocupado` de quem usa o banco...);
- rota com parâmetros ou corpo documenta 422 (`validacao`); com corpo, também 413 (limite do middleware);
- validações que nenhum esquema consegue expressar são marcadas no esquema do campo com `x-semantic-validation`
  (`wacs.kit.schemas.semantic_validation`) e explicadas na descrição do 422 das rotas que recebem o campo;
- uma dependência pode declarar as alternativas de credencial (`openapi_security`): o FastAPI, sozinho, exigiria
  todos os esquemas de segurança ao mesmo tempo.

Este módulo é da camada `kit`: não conhece nenhum domínio, só os atributos acima.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts
from starlette.routing import BaseRoute

from wacs.kit.errors import (
    PROBLEM_CONTENT_TYPE,
    AppError,
    PayloadTooLarge,
    RequestInvalid,
    add_error_description,
)
from wacs.kit.schemas import SEMANTIC_KEY, ProblemDetail

ERRORS_ATTRIBUTE = "openapi_errors"
SECURITY_ATTRIBUTE = "openapi_security"
SCHEMAS_PREFIX = "#/components/schemas/"
PROBLEM_SCHEMA = "ProblemDetail"
# Esquemas que o FastAPI põe no 422 por conta própria: o corpo real é sempre o ProblemDetail.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

_FASTAPI_DESCRIPTIONS = {"Successful Response": "Sucesso", "Validation Error": ""}
_RETRY_AFTER = {
    "description": "Segundos até poder tentar de novo.",
    "schema": {"type": "integer", "minimum": 1},
}
_WWW_AUTHENTICATE = {
    "description": "Esquema de autenticação esperado (`Bearer`), quando faltou ou falhou a credencial.",
    "schema": {"type": "string"},
}

Target = TypeVar("Target")


def raises(*errors: type[AppError]) -> Callable[[Target], Target]:
    """Declara os erros que uma dependência pode devolver; toda rota que a usa passa a documentá-los."""

    def mark(target: Target) -> Target:
        setattr(target, ERRORS_ATTRIBUTE, (*getattr(target, ERRORS_ATTRIBUTE, ()), *errors))
        return target

    return mark


def install_openapi(app: FastAPI) -> None:
    """Troca `app.openapi` pela versão fiel (gerada uma vez e guardada, como a do FastAPI)."""
    generate = app.openapi
    completed: list[int] = []

    def openapi() -> dict[str, Any]:
        document = generate()  # o FastAPI guarda o documento e só o refaz se as rotas mudarem
        if completed != [id(document)]:
            make_honest(document, app.routes)
            completed[:] = [id(document)]
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def make_honest(document: dict[str, Any], routes: Iterable[BaseRoute]) -> None:
    """Completa, no lugar, as respostas e a segurança de cada operação a partir das rotas que a servem."""
    _ensure_problem_schema(document)
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for route in iter_route_contexts(list(routes)):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        path_item = document.get("paths", {}).get(route.path_format, {})
        for method in sorted(route.methods or ()):
            operation = path_item.get(method.lower())
            if operation is not None:
                _complete_operation(operation, route, components)
    _drop_unused_schemas(document)


def _dependency_calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            yield dependency.call
        yield from _dependency_calls(dependency)


def _complete_operation(operation: dict[str, Any], route: RouteContext, components: dict[str, Any]) -> None:
    errors: list[type[AppError]] = []
    security: list[dict[str, list[str]]] | None = None
    for call in _dependency_calls(route.dependant):
        errors.extend(getattr(call, ERRORS_ATTRIBUTE, ()))
        declared = getattr(call, SECURITY_ATTRIBUTE, None)
        if declared is not None:
            security = declared
    has_body = "requestBody" in operation
    _forms_without_null(operation, components)
    if has_body:
        errors.append(PayloadTooLarge)
    if has_body or operation.get("parameters"):
        errors.append(RequestInvalid)
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for response in responses.values():
        # Descrições padrão do FastAPI (em inglês) dão lugar às nossas.
        response["description"] = _FASTAPI_DESCRIPTIONS.get(response.get("description", ""), response["description"])
    for err in errors:
        entry = responses.setdefault(str(err.status_code), {"description": ""})
        entry["description"] = add_error_description(entry.get("description", ""), err)
    notes = _semantic_notes(operation, components)
    for status, response in responses.items():
        if status[:1] in {"4", "5"}:
            _as_problem(status, response)
    if notes and "422" in responses:
        response = responses["422"]
        response["description"] += "\n\nAlém do que o esquema descreve, o servidor recusa com 422:\n" + "\n".join(
            f"- {note}" for note in notes
        )
    if security is not None:
        operation["security"] = security
    operation["responses"] = dict(sorted(responses.items()))


def _as_problem(status: str, response: dict[str, Any]) -> None:
    """Erro documentado como problem+json. Um conteúdo de outro esquema, declarado pela rota, fica como está (é
    explícito e raro: o 503 do /health/ready devolve o mesmo corpo do 200)."""
    content: dict[str, Any] = response.get("content") or {}
    refs = {str((media.get("schema") or {}).get("$ref", "")) for media in content.values()}
    generic = {f"{SCHEMAS_PREFIX}{name}" for name in (PROBLEM_SCHEMA, *_FASTAPI_VALIDATION_SCHEMAS)}
    if content and not refs <= generic:
        return
    response["content"] = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": f"{SCHEMAS_PREFIX}{PROBLEM_SCHEMA}"}}}
    headers: dict[str, Any] = response.get("headers") or {}
    if status == "429":
        headers.setdefault("Retry-After", {**_RETRY_AFTER, "required": True})
    elif status == "503":
        headers.setdefault("Retry-After", _RETRY_AFTER)
    elif status == "401":
        headers.setdefault("WWW-Authenticate", _WWW_AUTHENTICATE)
    if headers:
        response["headers"] = headers


_FORM_MEDIA_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _forms_without_null(operation: dict[str, Any], components: dict[str, Any]) -> None:
    """Num formulário, um campo opcional é omitido, não enviado como `null` (não existe nulo em multipart): o `null`
    que o FastAPI põe nos campos `X | None` sai do esquema."""
    for media_type, media in (operation.get("requestBody") or {}).get("content", {}).items():
        if media_type not in _FORM_MEDIA_TYPES:
            continue
        schema = media.get("schema") or {}
        ref = schema.get("$ref", "")
        if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
            schema = components.get(ref.removeprefix(SCHEMAS_PREFIX)) or {}
        for name, prop in list((schema.get("properties") or {}).items()):
            branches = prop.get("anyOf")
            if not isinstance(branches, list) or {"type": "null"} not in branches:
                continue
            kept = [branch for branch in branches if branch != {"type": "null"}]
            rest = {key: value for key, value in prop.items() if key != "anyOf"}
            schema["properties"][name] = {**kept[0], **rest} if len(kept) == 1 else {**rest, "anyOf": kept}


def _semantic_notes(operation: dict[str, Any], components: dict[str, Any]) -> list[str]:
    """Os `x-semantic-validation` dos esquemas que a operação recebe (parâmetros e corpo), sem repetição."""
    roots: list[Any] = [parameter.get("schema") for parameter in operation.get("parameters", [])]
    for media in (operation.get("requestBody") or {}).get("content", {}).values():
        roots.append(media.get("schema"))
    notes: list[str] = []
    seen: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                visit(item)
            return
        if not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS_PREFIX):
            name = ref.removeprefix(SCHEMAS_PREFIX)
            if name not in seen:
                seen.add(name)
                visit(components.get(name))
            return
        note = node.get(SEMANTIC_KEY)
        if isinstance(note, str) and note not in notes:
            notes.append(note)
        for key in ("properties", "patternProperties", "$defs"):
            for child in (node.get(key) or {}).values():
                visit(child)
        for key in ("items", "additionalProperties", "prefixItems", "anyOf", "oneOf", "allOf", "not"):
            visit(node.get(key))

    for root in roots:
        visit(root)
    return notes


def _ensure_problem_schema(document: dict[str, Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    if PROBLEM_SCHEMA in schemas:
        return
    generated = ProblemDetail.model_json_schema(ref_template=SCHEMAS_PREFIX + "{model}")
    for name, definition in generated.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    schemas[PROBLEM_SCHEMA] = generated


def _drop_unused_schemas(document: dict[str, Any]) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    for name in _FASTAPI_VALIDATION_SCHEMAS:
        if name in schemas:
            definition = schemas.pop(name)
            if f'"{SCHEMAS_PREFIX}{name}"' in json.dumps(document):
                schemas[name] = definition
