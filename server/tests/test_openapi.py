"""A OpenAPI descreve as respostas reais: clientes são gerados a partir dela.

As exigências são conferidas contra as rotas da aplicação (dependências, parâmetros e corpo de cada uma), não contra
uma lista de operações escrita à mão: uma rota nova entra na conferência sozinha.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from tests.conftest import Actor
from wacs.auth.dependencies import Authenticator, require_tenant
from wacs.config import Settings
from wacs.kit.db import get_session
from wacs.main import create_app
from wacs.providers import registry

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetail"}}}
# Erros que, por contrato, não são problem+json: o 503 do readiness devolve o mesmo corpo do 200
# (`{"status": "indisponivel", "checks": {...}}`, docs/operacao.md), que orquestradores e o compose leem.
NOT_PROBLEM = {("get", "/health/ready", "503")}


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def _operations() -> Iterator[tuple[str, str, dict[str, Any], Any]]:
    app = create_app(Settings(_env_file=None))  # type: ignore[call-arg]
    document = app.openapi()
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute) and route.include_in_schema:
            for method in sorted(route.methods or ()):
                yield method.lower(), route.path_format, document["paths"][route.path_format][method.lower()], route


OPERATIONS = list(_operations())
IDS = [f"{method.upper()} {path}" for method, path, *_ in OPERATIONS]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app(Settings(_env_file=None)).openapi()  # type: ignore[call-arg]


@pytest.mark.parametrize(("method", "path", "operation", "route"), OPERATIONS, ids=IDS)
def test_operation_documents_real_responses(method: str, path: str, operation: dict[str, Any], route: Any) -> None:
    responses = operation["responses"]
    calls = list(_calls(route.dependant))
    authenticated = any(isinstance(call, Authenticator) for call in calls)
    uses_database = authenticated or any(call in {get_session, require_tenant} for call in calls)
    required: set[str] = set()
    if authenticated:
        required |= {"400", "401", "403", "429"}
    if require_tenant in calls:
        required |= {"400", "401"}
    if uses_database:
        required.add("503")
    if operation.get("parameters") or "requestBody" in operation:
        required.add("422")
    if "requestBody" in operation:
        required.add("413")
    assert required <= responses.keys(), f"faltam {sorted(required - responses.keys())}"
    assert operation["operationId"] == route.name  # ids estáveis: o nome da rota
    for status, response in responses.items():
        assert response.get("description"), status
        assert "Successful Response" not in response["description"]
        if status[0] in "45" and (method, path, status) not in NOT_PROBLEM:
            assert response.get("content") == PROBLEM, f"{status} não é problem+json: {response.get('content')}"
    if "429" in responses:
        assert responses["429"]["headers"]["Retry-After"]["required"] is True
    if "503" in responses and (method, path, "503") not in NOT_PROBLEM:
        assert "Retry-After" in responses["503"]["headers"]
        assert "`banco_ocupado`" in responses["503"]["description"] or not uses_database
    if authenticated:
        # X-Client-Id e UMA credencial (não todos os esquemas ao mesmo tempo).
        assert all(set(option) in ({"ClientId", "Bearer"}, {"ClientId", "ApiKey"}) for option in operation["security"])


def test_no_error_documented_as_plain_json(document: dict[str, Any]) -> None:
    plain = [
        (method, path, status)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for status, response in operation["responses"].items()
        if status[0] in "45" and "application/json" in (response.get("content") or {})
    ]
    assert set(plain) <= NOT_PROBLEM, plain
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert {"type", "title", "status", "detail", "code"} <= set(schemas["ProblemDetail"]["required"])


def test_login_and_refresh_document_what_they_return(document: dict[str, Any]) -> None:
    login = document["paths"]["/api/v1/auth/login"]["post"]["responses"]
    refresh = document["paths"]["/api/v1/auth/refresh"]["post"]["responses"]
    assert {"200", "400", "401", "413", "422", "429", "503"} <= login.keys()
    assert "`credenciais_invalidas`" in login["401"]["description"]
    assert "`tenant_invalido`" in login["401"]["description"]
    assert "`login_bloqueado_temporariamente`" in login["429"]["description"]
    assert {"200", "400", "401", "413", "422", "503"} <= refresh.keys()
    assert "`refresh_token_invalido`" in refresh["401"]["description"]


def test_provider_enums_follow_the_registry(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    installed = list(registry.available_types())
    # A Meta está sempre instalada; o Baileys só com BAILEYS_URL (o serviço Node ao lado).
    assert "meta_api" in installed and "baileys" not in installed
    for name in ("TextMessage", "LocationMessage", "SendMessage", "BulkSendRequest"):
        assert schemas[name]["properties"]["provider"]["enum"] == ["auto", *installed], name
    for name in ("Body_send_media", "Body_send_audio"):
        assert schemas[name]["properties"]["provider"]["enum"] == ["auto", *installed], name
    assert schemas["SessionInitialize"]["properties"]["provider"]["enum"] == installed
    # A preferência do tenant também vem do registro (nenhuma lista fixa de provedores nos esquemas).
    preference = schemas["TenantSettings"]["properties"]["providerPreference"]
    assert preference["items"]["enum"] == installed


def test_semantic_validations_are_explained_in_the_422(document: dict[str, Any]) -> None:
    paths = document["paths"]
    for path, method in [
        ("/api/v1/messages/text", "post"),
        ("/api/v1/messages/media", "post"),
        ("/api/v1/messages/send-bulk", "post"),
        ("/api/v1/messages", "get"),
        ("/api/v1/sessions/initialize", "post"),
        ("/api/v1/sandbox/sessions/{session_id}/incoming", "post"),
    ]:
        assert "phonenumbers" in paths[path][method]["responses"]["422"]["description"], path
    webhook = paths["/api/v1/webhooks/endpoints"]["post"]["responses"]["422"]["description"]
    assert "DNS" in webhook and "`url_nao_permitida`" in webhook and "`url_nao_resolvida`" in webhook
    assert "email-validator" in paths["/api/v1/users"]["post"]["responses"]["422"]["description"]
    assert "bytes" in paths["/api/v1/media"]["post"]["responses"]["422"]["description"]


def test_expressible_rules_are_in_the_schema(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert schemas["ApiKeyCreate"]["properties"]["scopes"]["items"]["enum"]
    assert "*" in schemas["WebhookEndpointCreate"]["properties"]["events"]["items"]["enum"]
    assert schemas["TenantCreate"]["properties"]["clientId"]["pattern"]
    assert schemas["TenantSettings"]["properties"]["providerPreference"]["uniqueItems"] is True
    assert schemas["UserCreate"]["properties"]["name"]["pattern"] == r"\S"  # textos chegam aparados
    media_rule = schemas["SendMessage"]["allOf"][2]
    assert media_rule["then"]["properties"]["content"]["oneOf"] == [{"required": ["mediaId"]}, {"required": ["url"]}]
    # Formulário não tem `null`: campo opcional é omitido.
    media_form = schemas["Body_send_media"]["properties"]
    assert all("anyOf" not in prop for prop in media_form.values())


async def test_method_not_allowed_lists_every_method_of_the_path(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.request("OPTIONS", "/api/v1/users", headers=admin.headers)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.headers["content-type"].startswith("application/problem+json")


def test_every_reference_resolves_from_the_document_root(document: dict[str, Any]) -> None:
    """Esquemas embutidos (regras `if`/`then`) levam as definições no lugar: uma referência `#/$defs/...` apontaria
    para a raiz do documento, onde não existe, e os geradores de cliente (o do app web) recusam o documento."""
    text = json.dumps(document)
    assert "#/$defs/" not in text
    schemas = document["components"]["schemas"]
    for ref in set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text)):
        assert ref in schemas, ref
