"""Regras únicas de entrada: texto sem NUL nem Unicode inválido, datas dentro do intervalo e referências só ao
próprio tenant — em toda rota, com 422/404 em pt-BR (nunca 500)."""

from __future__ import annotations

import base64
import json
import typing
import uuid
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import Actor, Factory, api_routes, assert_problem
from tests.matrix import all_routes
from tests.messaging_helpers import NO_RECEIPTS, PNG, connect_sandbox
from wacs.kit.schemas import UTC_INPUT
from wacs.kit.text import INVALID_TEXT_TYPE
from wacs.models import AIAgent, Message, User

TO = "5511988887777"
BODY_ROUTES = [(m, p, b) for m, p, b, *_ in all_routes() if isinstance(b, dict) and b]


def _url(path: str) -> str:
    return path.replace("{client_id}", "qualquer").replace("{", "").replace("}", "")


def _poisoned(value: Any, bad: str) -> list[tuple[str, Any]]:
    """Uma variante do corpo por texto, com `bad` no meio daquele texto (valores e chaves)."""
    variants: list[tuple[str, Any]] = []
    if isinstance(value, str):
        return [("", value[:1] + bad + value[1:])]
    if isinstance(value, dict):
        for key, item in value.items():
            for where, changed in _poisoned(item, bad):
                variants.append((f"{key}.{where}".rstrip("."), {**value, key: changed}))
        if value:
            variants.append(("<chave>", {**value, f"x{bad}": "y"}))
    if isinstance(value, list):
        for index, item in enumerate(value):
            for where, changed in _poisoned(item, bad):
                copy = list(value)
                copy[index] = changed
                variants.append((f"{index}.{where}".rstrip("."), copy))
    return variants


def _texto_invalido(response: httpx.Response) -> dict[str, Any]:
    body = assert_problem(response, 422, "validacao")
    assert [e["type"] for e in body["errors"]] == [INVALID_TEXT_TYPE], body
    assert "\x00" not in response.text and "\\u0000" not in body["errors"][0]["field"]
    return body


@pytest.mark.parametrize("bad", ["\x00", "\ud800"], ids=["nul", "surrogate"])
@pytest.mark.parametrize(("method", "path", "body"), BODY_ROUTES, ids=[f"{m} {p}" for m, p, _ in BODY_ROUTES])
async def test_every_json_body_refuses_nul_and_lone_surrogates(
    client: httpx.AsyncClient, admin: Actor, method: str, path: str, body: dict[str, Any], bad: str
) -> None:
    for where, variant in _poisoned(body, bad):
        # json.dumps escreve \u0000 e \ud800 como escapes, exatamente o que um cliente mandaria.
        raw = json.dumps(variant).encode()
        headers = {**admin.headers, "Content-Type": "application/json"}
        response = await client.request(method, _url(path), headers=headers, content=raw)
        error = _texto_invalido(response)["errors"][0]
        assert error["location"] == "body"
        expected = where.replace("<chave>", "x")  # a chave envenenada aparece sem o caractere inválido
        assert error["field"] == expected, (where, error)


async def test_login_without_credentials_refuses_nul_too(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        headers={"X-Client-Id": admin.tenant.client_id, "Content-Type": "application/json"},
        content=b'{"email": "a\\u0000@teste.com.br", "password": "x"}',
    )
    assert _texto_invalido(response)["errors"][0]["field"] == "email"


async def test_escaped_emoji_and_literal_backslash_u_are_accepted(
    client: httpx.AsyncClient, factory: Factory, admin: Actor
) -> None:
    # Par de surrogates escapado (emoji) e o texto literal "\u0000" (barra invertida escapada) são texto válido.
    raw = b'{"email": "emoji@teste.com.br", "name": "Ana \\ud83d\\ude00 \\\\u0000", "password": "senha-123456"}'
    response = await client.post(
        "/api/v1/users", headers={**admin.headers, "Content-Type": "application/json"}, content=raw
    )
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "Ana \U0001f600 \\u0000"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/users?search=a%00b",
        "/api/v1/audit-logs?action=%00",
        "/api/v1/conversations?search=x%00",
        "/api/v1/messages?to=%0011999",
        "/api/v1/tenants/demo%00",
        "/api/v1/webhooks/endpoints/e829e474-019a-4a72-8d65-008c42ba25e9/deliveries?eventType=a%00",
    ],
)
async def test_query_and_path_refuse_nul(client: httpx.AsyncClient, superadmin: Actor, url: str) -> None:
    body = _texto_invalido(await client.get(url, headers=superadmin.headers))
    assert body["errors"][0]["location"] in {"query", "path"}


async def test_urlencoded_body_refuses_nul(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.post(
        "/api/v1/messages/media",
        headers={**admin.headers, "Content-Type": "application/x-www-form-urlencoded"},
        content=b"to=5511988887777&url=https%3A%2F%2Fexemplo.com.br%2Fa.png&caption=ol%00a",
    )
    assert _texto_invalido(response)["errors"][0]["field"] == "caption"


async def test_multipart_text_fields_refuse_nul(client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
    await connect_sandbox(client, admin, **NO_RECEIPTS)
    for field in ("caption", "filename"):
        response = await client.post(
            "/api/v1/messages/media",
            headers=admin.headers,
            data={"to": TO, field: "foto\x00.png"},
            files={"file": ("foto.png", PNG, "image/png")},
        )
        body = _texto_invalido(response)
        assert body["errors"][0]["field"].endswith(field)
    async with factory.ctx.sessionmaker() as session:
        assert (await session.execute(select(func.count()).select_from(Message))).scalar_one() == 0


async def test_websocket_query_with_nul_is_refused(client: httpx.AsyncClient, admin: Actor) -> None:
    # O handshake HTTP comum pela mesma porta: a regra vale antes de qualquer rota.
    response = await client.get("/api/v1/realtime?clientId=a%00")
    assert _texto_invalido(response)["errors"][0]["field"] == "clientId"


# ----------------------------------------------------------------------------------------------- datas


def _uses_utc_rule(annotation: Any, metadata: list[Any]) -> bool | None:
    """None se não há datetime; senão, se todo datetime passa pela regra (`UtcDateTime`)."""
    if annotation is datetime:
        return UTC_INPUT in metadata
    if typing.get_origin(annotation) is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _uses_utc_rule(base, [*metadata, *extra])
    results = [_uses_utc_rule(arg, []) for arg in typing.get_args(annotation)]
    found = [r for r in results if r is not None]
    return None if not found else all(found)


def _model_fields(model: Any, prefix: str) -> list[tuple[str, Any, list[Any]]]:
    from pydantic import BaseModel

    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    found = []
    for name, field in model.model_fields.items():
        found.append((prefix + name, field.annotation, list(field.metadata)))
        for arg in (field.annotation, *typing.get_args(field.annotation)):
            found += _model_fields(arg, f"{prefix}{name}.")
    return found


def test_every_datetime_input_goes_through_the_utc_rule(app: Any) -> None:
    offenders, checked = [], 0
    for route in api_routes(app):
        pending = [route.dependant]
        while pending:
            dependant = pending.pop()
            pending.extend(dependant.dependencies)
            fields: list[tuple[str, Any, list[Any]]] = []
            for param in (*dependant.query_params, *dependant.path_params, *dependant.header_params):
                fields.append((param.name, param.field_info.annotation, list(param.field_info.metadata)))
            for param in dependant.body_params:
                fields.append((param.name, param.field_info.annotation, list(param.field_info.metadata)))
                fields += _model_fields(param.field_info.annotation, "")
            for name, annotation, metadata in fields:
                verdict = _uses_utc_rule(annotation, metadata)
                if verdict is not None:
                    checked += 1
                    if not verdict:
                        offenders.append(f"{route.path} {name}")
    assert not offenders, f"datas de entrada fora da regra UtcDateTime: {offenders}"
    assert checked >= 5  # since/until de mensagens e auditoria, expiresAt das chaves


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59", "0001-01-01T00:00:00Z"],
)
async def test_datetimes_at_the_edge_of_the_range_are_422(client: httpx.AsyncClient, admin: Actor, value: str) -> None:
    for url in ("/api/v1/messages", "/api/v1/audit-logs"):
        for name in ("since", "until"):
            response = await client.get(url, headers=admin.headers, params={name: value})
            body = assert_problem(response, 422, "validacao")
            assert body["errors"][0]["field"] == name
            assert "intervalo" in body["errors"][0]["message"]
    response = await client.post(
        "/api/v1/api-keys", headers=admin.headers, json={"name": "k", "scopes": ["messages:send"], "expiresAt": value}
    )
    assert assert_problem(response, 422, "validacao")["errors"][0]["field"] == "expiresAt"


async def test_far_but_valid_dates_still_work(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.get(
        "/api/v1/messages", headers=admin.headers, params={"since": "1970-01-01T00:00:00Z", "until": "9000-01-01"}
    )
    assert response.status_code == 200, response.text
    response = await client.post(
        "/api/v1/api-keys",
        headers=admin.headers,
        json={"name": "longa", "scopes": ["messages:send"], "expiresAt": "9999-01-01T00:00:00-03:00"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["expiresAt"].startswith("9999-01-01T03:00:00")


@pytest.mark.parametrize(
    "stamp", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "não é data", "2026-01-01T00:00:00"]
)
async def test_forged_cursors_are_400_not_500(
    client: httpx.AsyncClient, factory: Factory, admin: Actor, stamp: str
) -> None:
    cursor = base64.urlsafe_b64encode(f"{stamp}|{uuid.uuid4()}".encode()).decode()
    response = await client.get("/api/v1/messages", headers=admin.headers, params={"cursor": cursor})
    if stamp.startswith("2026"):
        assert response.status_code == 200, response.text  # cursor bem-formado, só sem fuso: vale como UTC
    else:
        assert_problem(response, 400, "requisicao_invalida")
    for garbage in ("%%%", base64.urlsafe_b64encode(b"\xff\xfe").decode(), "YQ"):
        assert_problem(await client.get("/api/v1/messages", headers=admin.headers, params={"cursor": garbage}), 400)


# ----------------------------------------------------------------------------------- referências alheias


async def _foreign_media(client: httpx.AsyncClient, owner: Actor) -> str:
    response = await client.post("/api/v1/media", headers=owner.headers, files={"file": ("foto.png", PNG, "image/png")})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _foreign_agent(factory: Factory, owner: Actor) -> str:
    async with factory.ctx.sessionmaker() as session:
        agent = AIAgent(tenant_id=owner.tenant.id, name="Agente alheio", type="customer_support")
        session.add(agent)
        await session.commit()
    return str(agent.id)


async def test_foreign_references_are_refused_at_accept_time(
    client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
) -> None:
    """Toda referência a um id de outro tenant no corpo é recusada já no aceite, como se não existisse."""
    session = await connect_sandbox(client, admin, **NO_RECEIPTS)
    theirs = await connect_sandbox(client, admin_second, **NO_RECEIPTS)
    media_id = await _foreign_media(client, admin_second)
    agent_id = await _foreign_agent(factory, admin_second)
    image = {"mediaId": media_id, "caption": "oi"}
    cases: list[tuple[str, dict[str, Any], int, str]] = [
        ("/api/v1/messages/send", {"to": TO, "type": "image", "content": image}, 404, "midia_nao_encontrada"),
        (
            "/api/v1/messages/send-bulk",
            {"recipients": [{"to": TO}], "type": "image", "content": image},
            404,
            "midia_nao_encontrada",
        ),
        (
            f"/api/v1/sandbox/sessions/{session['id']}/incoming",
            {"from": TO, "type": "image", "media": {"mediaId": media_id}},
            404,
            "midia_nao_encontrada",
        ),
        ("/api/v1/messages/text", {"to": TO, "content": "oi", "agentId": agent_id}, 404, "agente_nao_encontrado"),
        ("/api/v1/messages/send", {"to": TO, "content": "oi", "agentId": agent_id}, 404, "agente_nao_encontrado"),
        ("/api/v1/messages/text", {"to": TO, "content": "oi", "sessionId": theirs["id"]}, 404, "sessao_nao_encontrada"),
        (
            "/api/v1/messages/send-bulk",
            {"recipients": [{"to": TO}], "content": "oi", "sessionId": theirs["id"]},
            404,
            "sessao_nao_encontrada",
        ),
    ]
    for url, payload, status, code in cases:
        assert_problem(await client.post(url, headers=admin.headers, json=payload), status, code)
    media_form = await client.post(
        "/api/v1/messages/media", headers=admin.headers, data={"to": TO, "mediaId": media_id}
    )
    assert_problem(media_form, 404, "midia_nao_encontrada")
    async with factory.ctx.sessionmaker() as db:
        assert (await db.execute(select(func.count()).select_from(Message))).scalar_one() == 0
        # O usuário de teste não foi tocado (sanidade: nada foi gravado no tenant alheio).
        assert (await db.execute(select(func.count()).select_from(User))).scalar_one() >= 2
