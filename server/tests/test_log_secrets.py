"""Nenhum segredo, hash, token ou corpo de mensagem chega aos logs — nem quando um comando do banco falha, nem com
LOG_LEVEL=DEBUG (em que o SQLAlchemy registra cada comando)."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import pytest
from sqlalchemy import text

from tests.conftest import PASSWORD, Actor, Factory
from tests.messaging_helpers import NO_RECEIPTS, connect_sandbox
from wacs.kit.context import AppContext
from wacs.kit.logging import JsonFormatter

NEW_PASSWORD = "senha-nova-muito-secreta-1"
MESSAGE_BODY = "corpo-confidencial-da-mensagem-7731"
FAILING_TABLES = ("users", "api_keys", "refresh_tokens", "webhook_endpoints", "messages")

# Formas de segredo que nunca podem aparecer numa linha de log.
FORBIDDEN = [
    re.compile(r"\$argon2"),
    re.compile(r"wacs_[0-9a-f]{8}_[A-Za-z0-9_-]{8,}"),
    re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ"),
    re.compile(r"whsec_"),
    re.compile(r"gAAAAA"),
    re.compile(r"\b[0-9a-f]{64}\b"),
]


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """Tudo o que o formatador de produção escreveria, no nível DEBUG."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    # Como um operador que liga o log de SQL (o SQLAlchemy deixa o próprio logger em WARNING por padrão).
    engine_log = logging.getLogger("sqlalchemy.engine")
    previous = root.level, engine_log.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    engine_log.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous[0])
        engine_log.setLevel(previous[1])


@asynccontextmanager
async def failing_inserts(ctx: AppContext) -> AsyncIterator[None]:
    """Gatilhos que fazem o banco recusar INSERTs nessas tabelas: um comando que falha com os segredos nos
    parâmetros (uma falha real do banco, sem mocks)."""
    async with ctx.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(
                text(
                    "CREATE OR REPLACE FUNCTION wacs_test_falha() RETURNS trigger AS $$ "
                    "BEGIN RAISE EXCEPTION 'falha simulada'; END $$ LANGUAGE plpgsql"
                )
            )
        for table in FAILING_TABLES:
            if conn.dialect.name == "postgresql":
                await conn.execute(
                    text(
                        f"CREATE TRIGGER wacs_test_falha_{table} BEFORE INSERT ON {table} "
                        "FOR EACH ROW EXECUTE FUNCTION wacs_test_falha()"
                    )
                )
            else:
                await conn.execute(
                    text(
                        f"CREATE TRIGGER wacs_test_falha_{table} BEFORE INSERT ON {table} "
                        "BEGIN SELECT RAISE(ABORT, 'falha simulada'); END"
                    )
                )
    try:
        yield
    finally:
        async with ctx.engine.begin() as conn:
            for table in FAILING_TABLES:
                suffix = f" ON {table}" if conn.dialect.name == "postgresql" else ""
                await conn.execute(text(f"DROP TRIGGER IF EXISTS wacs_test_falha_{table}{suffix}"))


def _assert_clean(logs: str, *secrets: str) -> None:
    assert logs, "nada foi registrado: o teste não exercitou os logs"
    for secret in secrets:
        assert secret not in logs, f"segredo no log: {secret[:12]}…"
    for pattern in FORBIDDEN:
        match = pattern.search(logs)
        assert match is None, f"forma de segredo no log: {match.group(0)[:16]}…"


async def test_failed_statements_never_log_secrets(
    client: httpx.AsyncClient, factory: Factory, ctx: AppContext, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ctx.settings, "webhook_allow_private", True)  # o endpoint de teste fica no loopback
    await connect_sandbox(client, admin, **NO_RECEIPTS)
    secrets = [PASSWORD, NEW_PASSWORD, MESSAGE_BODY, admin.refresh_token, admin.headers["Authorization"][7:]]
    with captured_logs() as stream:
        async with failing_inserts(ctx):
            responses = [
                await client.post(
                    "/api/v1/users",
                    headers=admin.headers,
                    json={"email": "nova@teste.com.br", "name": "Nova", "password": NEW_PASSWORD},
                ),
                await client.post(
                    "/api/v1/api-keys", headers=admin.headers, json={"name": "ERP", "scopes": ["messages:send"]}
                ),
                await client.post(
                    "/api/v1/auth/login",
                    headers={"X-Client-Id": admin.tenant.client_id},
                    json={"email": admin.user.email, "password": PASSWORD},
                ),
                await client.post(
                    "/api/v1/webhooks/endpoints",
                    headers=admin.headers,
                    json={"url": "http://127.0.0.1:9/ganchos", "events": ["*"]},
                ),
                await client.post(
                    "/api/v1/messages/text",
                    headers=admin.headers,
                    json={"to": "5511988887777", "content": MESSAGE_BODY},
                ),
            ]
    # Cada falha simulada é um erro genérico, sem detalhes do banco na resposta: 500 com requestId no PostgreSQL;
    # no SQLite o RAISE de um gatilho chega como violação de restrição (409).
    expected = 500 if ctx.engine.dialect.name == "postgresql" else 409
    assert [r.status_code for r in responses] == [expected] * len(responses), [r.text for r in responses]
    for response in responses:
        assert "falha simulada" not in response.text and "INSERT" not in response.text
    logs = stream.getvalue()
    if expected == 500:
        assert logs.count("erro não tratado") == len(responses)
    assert "falha simulada" in logs  # o motivo do banco continua no log, só os valores saem
    _assert_clean(logs, *secrets)


async def test_successful_flow_at_debug_level_logs_no_secret(
    client: httpx.AsyncClient, factory: Factory, ctx: AppContext, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ctx.settings, "webhook_allow_private", True)
    await connect_sandbox(client, admin, **NO_RECEIPTS)
    with captured_logs() as stream:
        created = await client.post(
            "/api/v1/users",
            headers=admin.headers,
            json={"email": "nova@teste.com.br", "name": "Nova", "password": NEW_PASSWORD},
        )
        key = await client.post(
            "/api/v1/api-keys", headers=admin.headers, json={"name": "ERP", "scopes": ["messages:send"]}
        )
        login = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": admin.tenant.client_id},
            json={"email": "nova@teste.com.br", "password": NEW_PASSWORD},
        )
        hook = await client.post(
            "/api/v1/webhooks/endpoints", headers=admin.headers, json={"url": "http://127.0.0.1:9/g", "events": ["*"]}
        )
        sent = await client.post(
            "/api/v1/messages/text", headers=admin.headers, json={"to": "5511988887777", "content": MESSAGE_BODY}
        )
        wrong = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": admin.tenant.client_id},
            json={"email": "nova@teste.com.br", "password": "errada-" + NEW_PASSWORD},
        )
    assert created.status_code == 201 and key.status_code == 201 and login.status_code == 200
    assert hook.status_code == 201 and sent.status_code in {200, 202} and wrong.status_code == 401
    logs = stream.getvalue()
    assert "SELECT" in logs  # o SQLAlchemy registrou os comandos (nível DEBUG de fato)
    _assert_clean(
        logs,
        NEW_PASSWORD,
        MESSAGE_BODY,
        key.json()["key"],
        login.json()["accessToken"],
        login.json()["refreshToken"],
        hook.json()["secret"],
    )
