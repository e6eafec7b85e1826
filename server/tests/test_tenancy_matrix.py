"""Regras de tenancy e autorização para TODAS as rotas de tenant (a lista é conferida contra a aplicação).

Toda rota nova sob /api/v1 precisa entrar em ROUTES, ou `test_matrix_covers_every_route` falha.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import Actor, Factory, assert_problem
from tests.matrix import all_routes
from wacs.auth.scopes import SCOPES
from wacs.providers import registry

# Callbacks de provedores não usam tenant nem credencial de usuário: o tenant vem da sessão assinada (o isolamento
# deles é testado em test_callbacks.py).
CALLBACKS = {(route.method, route.path) for route, _ in registry.callback_routes()}
# O Database Webhook do Supabase também: autentica pelo segredo compartilhado e o tenant vem da linha gravada (o
# isolamento dele é testado em test_supabase_webhooks.py).
SUPABASE = {("POST", "/api/v1/webhooks/supabase")}
PUBLIC = {("POST", "/api/v1/auth/login"), ("POST", "/api/v1/auth/refresh")} | CALLBACKS | SUPABASE

ROUTES = all_routes()
IDS = [f"{m} {p}" for m, p, *_ in ROUTES]


def _url(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: "qualquer" if m.group(1) == "client_id" else str(uuid.uuid4()), path)


async def _call(client: httpx.AsyncClient, method: str, path: str, body: Any, headers: dict[str, str]) -> Any:
    return await client.request(method, _url(path), json=body, headers=headers)


def test_matrix_covers_every_route(app: Any) -> None:
    declared = {(m, p.split("?")[0]) for m, p, *_ in ROUTES}
    actual = {
        (method.upper(), path)
        for path, item in app.openapi()["paths"].items()
        if path.startswith("/api/v1/")
        for method in item
    } - PUBLIC
    assert actual == declared


@pytest.mark.parametrize(("method", "path", "body", "role", "scope"), ROUTES, ids=IDS)
async def test_tenant_header_and_credentials(
    client: httpx.AsyncClient,
    admin: Actor,
    admin_second: Actor,
    factory: Factory,
    method: str,
    path: str,
    body: Any,
    role: str,
    scope: str | None,
) -> None:
    token = admin.headers["Authorization"]
    assert_problem(await _call(client, method, path, body, {"Authorization": token}), 400, "tenant_nao_informado")
    # Só quem tem credencial válida aprende algo sobre tenants, e nunca se um tenant alheio existe: com o token de
    # A, `X-Client-Id` de um tenant inexistente ou de B dá a mesma resposta.
    unknown = await _call(client, method, path, body, {"X-Client-Id": "nao-existe", "Authorization": token})
    other = await _call(
        client, method, path, body, {"X-Client-Id": admin_second.tenant.client_id, "Authorization": token}
    )
    assert_problem(unknown, 403, "tenant_divergente")
    assert_problem(other, 403, "tenant_divergente")
    assert unknown.json()["detail"] == other.json()["detail"]
    # Sem credencial (ou com uma inválida), tenant existente e inexistente são indistinguíveis.
    for credential in ({}, {"Authorization": "Bearer invalido"}, {"X-Api-Key": "wacs_00000000_inventada"}):
        known = await _call(client, method, path, body, {"X-Client-Id": admin.tenant.client_id, **credential})
        missing = await _call(client, method, path, body, {"X-Client-Id": "nao-existe", **credential})
        assert_problem(known, 401, "nao_autenticado")
        assert_problem(missing, 401, "nao_autenticado")
        assert (known.json()["title"], known.json()["detail"]) == (missing.json()["title"], missing.json()["detail"])
    foreign_token = {"X-Client-Id": admin.tenant.client_id, "Authorization": admin_second.headers["Authorization"]}
    assert_problem(await _call(client, method, path, body, foreign_token), 403, "tenant_divergente")
    foreign_key = await factory.api_key(admin_second, sorted(SCOPES))
    foreign_key["X-Client-Id"] = admin.tenant.client_id
    assert_problem(await _call(client, method, path, body, foreign_key), 403, "tenant_divergente")


@pytest.mark.parametrize(("method", "path", "body", "role", "scope"), ROUTES, ids=IDS)
async def test_role_and_scope(
    client: httpx.AsyncClient,
    factory: Factory,
    admin: Actor,
    member: Actor,
    method: str,
    path: str,
    body: Any,
    role: str,
    scope: str | None,
) -> None:
    if role == "admin":
        assert_problem(await _call(client, method, path, body, member.headers), 403, "acesso_negado")
    if role == "superadmin":
        assert_problem(await _call(client, method, path, body, admin.headers), 403, "acesso_negado")
    unrelated = await factory.api_key(admin, ["audit:read" if scope != "audit:read" else "users:read"])
    response = await _call(client, method, path, body, unrelated)
    if scope == "*":
        assert response.status_code < 400, response.text
    else:
        assert_problem(response, 403, "acesso_negado")
