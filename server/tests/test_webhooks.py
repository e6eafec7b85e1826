"""Webhooks: cadastro (com SSRF), segredo, log de entregas, reenvio e a entrega real, assinada, até um receptor local.

Este módulo roda contra uma aplicação própria (fixtures `app` e `ctx` sobrescritas abaixo), com banco próprio
(outro database no PostgreSQL, outro arquivo no SQLite), worker próprio e backoff de centésimos de segundo. Assim
o worker da aplicação compartilhada da sessão, que usa outro banco, nunca vê (nem "rouba") os jobs daqui. A app
própria liga WEBHOOK_ALLOW_PRIVATE para entregar ao receptor em 127.0.0.1; os testes de SSRF o desligam com
`monkeypatch` (fixture `strict`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import (
    BACKEND,
    PG_DB,
    REDIS_PREFIX,
    REDIS_URL,
    Actor,
    Factory,
    _unavailable,
    assert_problem,
    make_settings,
)
from tests.databases import drop_database, recreate_database
from wacs.kit import ssrf
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.main import create_app
from wacs.models import AuditLog, Job, Tenant, WebhookDelivery, WebhookEndpoint
from wacs.realtime.events import EVENT_TYPES, emit
from wacs.webhooks import signing

BASE = "/api/v1/webhooks"
ENDPOINTS = f"{BASE}/endpoints"
DELIVERIES = f"{BASE}/deliveries"
MAX_ATTEMPTS = 4
OWN_DB = f"{PG_DB}_webhooks"
PUBLIC_IP = "93.184.215.14"


# Aplicação própria do módulo


async def _create_own_database() -> str:
    try:
        return await recreate_database(OWN_DB)
    except (OSError, asyncpg.PostgresError) as exc:
        _unavailable(f"PostgreSQL inacessível ({exc})")
        raise


@pytest.fixture(scope="module")
async def app(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Any]:
    postgres = BACKEND == "postgres"
    settings = make_settings(
        tmp_path_factory.mktemp("webhooks"),
        await _create_own_database() if postgres else None,
        REDIS_URL if postgres else None,
        redis_prefix=f"{REDIS_PREFIX}webhooks:",
        webhook_allow_private=True,
        webhook_max_attempts=MAX_ATTEMPTS,
        webhook_retry_base_seconds=0.05,
        webhook_timeout_seconds=5,
        job_retry_base_seconds=0.05,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        try:
            yield application
        finally:
            await ssrf.close_http_clients()
    if postgres:
        await drop_database(OWN_DB)


@pytest.fixture(scope="module")
def ctx(app: Any) -> AppContext:
    return app.state.ctx


@pytest.fixture
def strict(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """Como em produção: destinos internos recusados (WEBHOOK_ALLOW_PRIVATE=false)."""
    monkeypatch.setattr(ctx.settings, "webhook_allow_private", False)


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Nomes fictícios com respostas de DNS controladas (lista vazia = o nome não resolve); o resto vai ao sistema."""
    records: dict[str, list[str]] = {}
    real = ssrf.resolve_host

    async def resolve(host: str, port: int) -> list[str]:
        if host in records:
            if not records[host]:
                raise ssrf.UnresolvableHost(host)
            return list(records[host])
        return await real(host, port)

    monkeypatch.setattr(ssrf, "resolve_host", resolve)
    return records


# Receptor HTTP local, que confere a assinatura como a documentação ensina


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool

    def json(self) -> Any:
        return json.loads(self.body)


def verify_signature(secret: str, headers: dict[str, str], body: bytes, tolerance: int = 300) -> bool:
    """O mesmo algoritmo de docs/webhooks.md, escrito à parte (não usa wacs.webhooks.signing)."""
    timestamp = headers.get("x-webhook-timestamp", "")
    parts = dict(p.split("=", 1) for p in headers.get("x-webhook-signature", "").split(",") if "=" in p)
    if not timestamp.isdigit() or parts.get("t") != timestamp or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


class Receiver:
    """Servidor HTTP mínimo em 127.0.0.1. `script` dá a resposta de cada pedido (status, "drop" = fecha sem
    responder, "hang" = demora 1 s); depois dele vale `default`. Assinatura inválida → 401."""

    def __init__(self) -> None:
        self.secret: str | None = None
        self.script: list[int | str] = []
        self.default: int | str = 200
        self.requests: list[Received] = []
        self.hold_at: int | None = None  # segura a resposta do pedido número N até `release` ser acionado
        self.release = asyncio.Event()
        self.port = 0
        self._server: asyncio.Server | None = None
        self._arrived = asyncio.Condition()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/wacs"

    async def start(self, port: int = 0) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    async def wait_for(self, count: int, within: float = 10) -> list[Received]:
        async with asyncio.timeout(within), self._arrived:
            await self._arrived.wait_for(lambda: len(self.requests) >= count)
        return self.requests

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            method, path, _ = head[0].split(" ", 2)
            headers = {}
            for line in head[1:]:
                if line:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            valid = self.secret is not None and verify_signature(self.secret, headers, body)
            action = self.script.pop(0) if self.script else self.default
            self.requests.append(Received(method, path, headers, body, valid))
            number = len(self.requests)
            async with self._arrived:
                self._arrived.notify_all()
            if self.hold_at == number:
                await asyncio.wait_for(self.release.wait(), 10)
            if action == "drop":
                return
            if action == "hang":
                await asyncio.sleep(1.0)
                action = 200
            status = int(action) if valid else 401
            location = "Location: /redirecionado\r\n" if 300 <= status < 400 else ""
            writer.write(
                f"HTTP/1.1 {status} Teste\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                f"Connection: close\r\n{location}\r\nok".encode()
            )
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, TimeoutError):
            pass
        finally:
            writer.close()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = Receiver()
    await server.start()
    try:
        yield server
    finally:
        server.release.set()
        await server.stop()


# Utilitários


def foreign(owner: Actor, intruder: Actor) -> dict[str, str]:
    return {"X-Client-Id": owner.tenant.client_id, "Authorization": intruder.headers["Authorization"]}


async def create_endpoint(client: httpx.AsyncClient, admin: Actor, url: str, **payload: Any) -> dict[str, Any]:
    body = {"url": url, "events": ["*"]} | payload
    response = await client.post(ENDPOINTS, headers=admin.headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def subscribed(client: httpx.AsyncClient, admin: Actor, receiver: Receiver, **payload: Any) -> dict[str, Any]:
    """Endpoint apontando para o receptor, que passa a conferir a assinatura com o segredo devolvido."""
    created = await create_endpoint(client, admin, receiver.url, **payload)
    receiver.secret = created["secret"]
    return created


async def emit_event(
    ctx: AppContext, tenant: Tenant, event_type: str = "message.created", data: dict[str, Any] | None = None
) -> dict[str, Any]:
    async with ctx.sessionmaker() as session:
        envelope = await emit(ctx, session, tenant.id, event_type, data or {"messageId": str(uuid.uuid4())})
        await commit(session)
    return envelope


async def deliveries_of_event(ctx: AppContext, event_id: str) -> list[WebhookDelivery]:
    async with ctx.sessionmaker() as session:
        rows = await session.execute(select(WebhookDelivery).where(WebhookDelivery.event_id == event_id))
        return list(rows.scalars())


async def delivery_row(ctx: AppContext, delivery_id: str | uuid.UUID) -> WebhookDelivery | None:
    async with ctx.sessionmaker() as session:
        return await session.get(WebhookDelivery, uuid.UUID(str(delivery_id)))


async def eventually(check: Callable[[], Awaitable[Any]], within: float = 10, what: str = "condição") -> Any:
    deadline = time.monotonic() + within
    last: Any = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.02)
    raise AssertionError(f"{what} não aconteceu em {within}s (último valor: {last!r})")


async def wait_status(
    ctx: AppContext, delivery_id: str | uuid.UUID, status: str, within: float = 10
) -> WebhookDelivery:
    async def check() -> WebhookDelivery | None:
        row = await delivery_row(ctx, delivery_id)
        return row if row is not None and row.status == status else None

    return await eventually(check, within, f"entrega {delivery_id} em {status}")


async def jobs_left(ctx: AppContext) -> int:
    async with ctx.sessionmaker() as session:
        return int(
            (await session.execute(select(func.count()).select_from(Job).where(Job.status != "dead"))).scalar_one()
        )


async def count(ctx: AppContext, model: Any) -> int:
    async with ctx.sessionmaker() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


def errors_by_field(body: dict[str, Any]) -> dict[str, str]:
    return {e["field"]: e["message"] for e in body["errors"]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Cadastro


class TestCreateEndpoint:
    async def test_secret_is_returned_once_and_stored_encrypted(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        response = await client.post(
            ENDPOINTS,
            headers=admin.headers,
            json={
                "url": f"  {receiver.url}  ",
                "events": ["message.status", "message.created", "message.status"],
                "description": "  ERP  ",
            },
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["url"] == receiver.url
        assert body["events"] == ["message.created", "message.status"]  # ordenados, sem repetição
        assert body["description"] == "ERP" and body["isActive"] is True
        secret = body["secret"]
        assert secret.startswith("whsec_") and len(secret) >= 40

        async with ctx.sessionmaker() as session:
            row = await session.get(WebhookEndpoint, uuid.UUID(body["id"]))
            audit = (await session.execute(select(AuditLog).where(AuditLog.resource_id == body["id"]))).scalar_one()
        assert row is not None and row.tenant_id == admin.tenant.id
        assert secret not in row.secret_encrypted and ctx.encryptor.decrypt(row.secret_encrypted) == secret
        assert audit.action == "create_webhook_endpoint" and audit.resource_type == "webhook-endpoints"
        assert audit.actor_id == admin.user.id and secret not in json.dumps(audit.details)

        # O segredo não aparece em nenhuma leitura.
        one = await client.get(f"{ENDPOINTS}/{body['id']}", headers=admin.headers)
        listing = await client.get(ENDPOINTS, headers=admin.headers)
        assert one.status_code == 200 and listing.status_code == 200
        assert "secret" not in one.json() and secret not in one.text and secret not in listing.text

    async def test_star_subscribes_to_everything(
        self, client: httpx.AsyncClient, admin: Actor, receiver: Receiver
    ) -> None:
        body = await create_endpoint(client, admin, receiver.url, events=["message.created", "*"], isActive=False)
        assert body["events"] == ["*"] and body["isActive"] is False and body["description"] is None

    async def test_public_url_is_accepted_in_strict_mode(
        self, client: httpx.AsyncClient, admin: Actor, strict: None, fake_dns: dict[str, list[str]]
    ) -> None:
        fake_dns["hooks.cliente.example"] = [PUBLIC_IP, "2606:4700::1111"]
        body = await create_endpoint(client, admin, "https://hooks.cliente.example/wacs?origem=painel")
        assert body["url"] == "https://hooks.cliente.example/wacs?origem=painel"
        literal = await create_endpoint(client, admin, f"http://{PUBLIC_IP}:8080/hook")
        assert literal["url"] == f"http://{PUBLIC_IP}:8080/hook"

    @pytest.mark.parametrize(
        ("payload", "field", "message"),
        [
            ({"url": "ftp://hooks.cliente.example/x"}, "url", "A URL deve usar http:// ou https://"),
            ({"url": "hooks.cliente.example/x"}, "url", "A URL deve usar http:// ou https://"),
            ({"url": "javascript:alert(1)"}, "url", "A URL deve usar http:// ou https://"),
            ({"url": "http://usuario:senha@127.0.0.1/x"}, "url", "A URL não pode conter usuário ou senha"),
            ({"url": "http://127.0.0.1\\@exemplo.com/x"}, "url", "A URL não pode conter usuário ou senha"),
            ({"url": "http:///sem-host"}, "url", "A URL deve ter um host"),
            ({"url": "http://127.0.0.1:99999/x"}, "url", "Porta inválida na URL"),
            ({"url": "http://exemplo .com/x"}, "url", "A URL não pode conter espaços ou caracteres de controle"),
            ({"url": "http://a..b/x"}, "url", "Host inválido na URL"),
            ({"url": "http://127.0.0.1/x#frag"}, "url", "A URL não pode conter fragmento (#...)"),
            ({"url": "http://127.0.0.1/" + "a" * 2000}, "url", "Deve ter no máximo 2000 caractere(s)."),
            ({"url": ""}, "url", "Deve ter pelo menos 1 caractere(s)."),
            ({"url": 123}, "url", "Deve ser um texto."),
            ({"events": []}, "events", "Deve ter pelo menos 1 item(ns)."),
            ({"events": ["message.created", "nada.disso"]}, "events", "Tipo(s) de evento desconhecido(s): nada.disso"),
            ({"events": ["webhook.test"]}, "events", "Tipo(s) de evento desconhecido(s): webhook.test"),
            ({"events": "message.created"}, "events", "Deve ser uma lista."),
            ({"description": "x" * 256}, "description", "Deve ter no máximo 255 caractere(s)."),
            ({"isActive": "talvez"}, "isActive", "Deve ser verdadeiro ou falso."),
            ({"secret": "whsec_escolhido"}, "secret", "Campo não permitido."),
        ],
    )
    async def test_bad_input_is_422(
        self,
        client: httpx.AsyncClient,
        ctx: AppContext,
        admin: Actor,
        payload: dict[str, Any],
        field: str,
        message: str,
    ) -> None:
        body = {"url": "http://127.0.0.1:9/x", "events": ["*"]} | payload
        problem = assert_problem(await client.post(ENDPOINTS, headers=admin.headers, json=body), 422, "validacao")
        assert errors_by_field(problem)[field] == message
        assert await count(ctx, WebhookEndpoint) == 0

    async def test_missing_fields_are_listed(self, client: httpx.AsyncClient, admin: Actor) -> None:
        fields = errors_by_field(assert_problem(await client.post(ENDPOINTS, headers=admin.headers, json={}), 422))
        assert fields == {"url": "Campo obrigatório.", "events": "Campo obrigatório."}

    @pytest.mark.parametrize(
        ("url", "label"),
        [
            ("http://127.0.0.1/hook", "loopback"),
            ("http://127.8.9.10:8080/hook", "loopback"),
            ("http://localhost:5000/hook", "loopback"),
            ("http://[::1]/hook", "loopback"),
            ("http://[::ffff:127.0.0.1]/hook", "loopback"),
            ("http://2130706433/hook", "loopback"),
            ("http://169.254.169.254/latest/meta-data/", "link-local"),
            ("http://10.0.0.5/hook", "rede privada"),
            ("http://172.16.3.4/hook", "rede privada"),
            ("http://192.168.0.10/hook", "rede privada"),
            ("http://[::ffff:192.168.0.10]/hook", "rede privada"),
            ("http://100.64.1.2/hook", "CGNAT"),
            ("http://0.0.0.0:8000/hook", "não especificado"),
            ("http://224.0.0.1/hook", "multicast"),
            ("http://240.0.0.1/hook", "reservado"),
            ("http://[fd12:3456::1]/hook", "rede privada (IPv6 ULA)"),
            ("http://[fe80::1]/hook", "link-local"),
        ],
    )
    async def test_internal_destinations_are_refused(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, strict: None, url: str, label: str
    ) -> None:
        response = await client.post(ENDPOINTS, headers=admin.headers, json={"url": url, "events": ["*"]})
        problem = assert_problem(response, 422, "url_nao_permitida")
        assert problem["title"] == "URL não permitida"
        assert label in problem["detail"] and "endereço interno" in problem["detail"]
        assert problem["errors"][0]["field"] == "url" and label in problem["errors"][0]["message"]
        assert await count(ctx, WebhookEndpoint) == 0

    async def test_names_resolving_to_internal_addresses_are_refused(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, strict: None, fake_dns: dict[str, list[str]]
    ) -> None:
        fake_dns["interno.cliente.example"] = ["10.20.30.40"]
        # Basta um registro interno entre os públicos para recusar (o cliente HTTP poderia usar qualquer um).
        fake_dns["misto.cliente.example"] = [PUBLIC_IP, "192.168.1.1"]
        fake_dns["nuvem.cliente.example"] = ["169.254.169.254"]
        for host, label in [
            ("interno.cliente.example", "rede privada"),
            ("misto.cliente.example", "rede privada"),
            ("nuvem.cliente.example", "link-local"),
        ]:
            response = await client.post(
                ENDPOINTS, headers=admin.headers, json={"url": f"https://{host}/wacs", "events": ["*"]}
            )
            problem = assert_problem(response, 422, "url_nao_permitida")
            assert host in problem["detail"] and label in problem["detail"]
        assert await count(ctx, WebhookEndpoint) == 0

    async def test_private_destinations_are_accepted_when_the_operator_allows(
        self, client: httpx.AsyncClient, admin: Actor
    ) -> None:
        # A app deste módulo liga WEBHOOK_ALLOW_PRIVATE (instalação em rede interna).
        body = await create_endpoint(client, admin, "http://10.0.0.5:8080/hook")
        assert body["url"] == "http://10.0.0.5:8080/hook"

    async def test_unresolvable_host_is_422(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, fake_dns: dict[str, list[str]]
    ) -> None:
        fake_dns["nao-existe.cliente.example"] = []
        response = await client.post(
            ENDPOINTS, headers=admin.headers, json={"url": "https://nao-existe.cliente.example/x", "events": ["*"]}
        )
        problem = assert_problem(response, 422, "url_nao_resolvida")
        assert "nao-existe.cliente.example" in problem["detail"]
        assert problem["errors"][0]["field"] == "url"
        assert await count(ctx, WebhookEndpoint) == 0

    async def test_member_is_forbidden(
        self, client: httpx.AsyncClient, ctx: AppContext, member: Actor, receiver: Receiver
    ) -> None:
        response = await client.post(ENDPOINTS, headers=member.headers, json={"url": receiver.url, "events": ["*"]})
        assert_problem(response, 403, "acesso_negado")
        assert await count(ctx, WebhookEndpoint) == 0

    async def test_api_key_needs_the_write_scope(
        self, client: httpx.AsyncClient, ctx: AppContext, factory: Factory, admin: Actor, receiver: Receiver
    ) -> None:
        body = {"url": receiver.url, "events": ["*"]}
        for scopes in (["webhooks:read"], ["messages:send"]):
            key = await factory.api_key(admin, scopes)
            problem = assert_problem(await client.post(ENDPOINTS, headers=key, json=body), 403, "acesso_negado")
            assert "webhooks:write" in problem["detail"]
        assert await count(ctx, WebhookEndpoint) == 0
        writer = await factory.api_key(admin, ["webhooks:write"])
        response = await client.post(ENDPOINTS, headers=writer, json=body)
        assert response.status_code == 201, response.text
        assert response.json()["secret"].startswith("whsec_")

    async def test_other_tenant_credentials_are_403(
        self,
        client: httpx.AsyncClient,
        ctx: AppContext,
        factory: Factory,
        admin: Actor,
        admin_second: Actor,
        receiver: Receiver,
    ) -> None:
        body = {"url": receiver.url, "events": ["*"]}
        response = await client.post(ENDPOINTS, headers=foreign(admin, admin_second), json=body)
        assert_problem(response, 403, "tenant_divergente")
        key = await factory.api_key(admin_second, ["webhooks:write"])
        key["X-Client-Id"] = admin.tenant.client_id
        assert_problem(await client.post(ENDPOINTS, headers=key, json=body), 403, "tenant_divergente")
        assert await count(ctx, WebhookEndpoint) == 0


# Leitura


class TestReadEndpoints:
    async def test_list_is_paginated_newest_first_and_scoped_to_the_tenant(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor, receiver: Receiver
    ) -> None:
        created = [await create_endpoint(client, admin, f"{receiver.url}/{i}", description=f"n{i}") for i in range(3)]
        await create_endpoint(client, admin, f"{receiver.url}/inativo", isActive=False)
        await create_endpoint(client, admin_second, f"{receiver.url}/outro")

        page = (await client.get(ENDPOINTS, headers=admin.headers, params={"pageSize": 2})).json()
        assert page["total"] == 4 and page["page"] == 1 and page["pageSize"] == 2
        assert [item["url"] for item in page["items"]] == [f"{receiver.url}/inativo", created[2]["url"]]
        second = (await client.get(ENDPOINTS, headers=admin.headers, params={"pageSize": 2, "page": 2})).json()
        assert [item["id"] for item in second["items"]] == [created[1]["id"], created[0]["id"]]
        assert all("secret" not in item for item in page["items"] + second["items"])

        active = (await client.get(ENDPOINTS, headers=admin.headers, params={"isActive": "true"})).json()
        assert active["total"] == 3
        inactive = (await client.get(ENDPOINTS, headers=admin.headers, params={"isActive": "false"})).json()
        assert [item["url"] for item in inactive["items"]] == [f"{receiver.url}/inativo"]

        theirs = (await client.get(ENDPOINTS, headers=admin_second.headers)).json()
        assert [item["url"] for item in theirs["items"]] == [f"{receiver.url}/outro"]

    async def test_bad_paging_is_422(self, client: httpx.AsyncClient, admin: Actor) -> None:
        for params in ({"pageSize": 0}, {"pageSize": 101}, {"page": 0}, {"isActive": "talvez"}):
            assert_problem(await client.get(ENDPOINTS, headers=admin.headers, params=params), 422, "validacao")

    async def test_get_one(self, client: httpx.AsyncClient, admin: Actor, receiver: Receiver) -> None:
        created = await create_endpoint(client, admin, receiver.url, events=["session.status"])
        response = await client.get(f"{ENDPOINTS}/{created['id']}", headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body == {k: v for k, v in created.items() if k != "secret"}
        assert set(body) == {"id", "url", "events", "description", "isActive", "createdAt", "updatedAt"}

    async def test_unknown_or_other_tenant_endpoint_is_404(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor, receiver: Receiver
    ) -> None:
        theirs = await create_endpoint(client, admin_second, receiver.url)
        for endpoint_id in (uuid.uuid4(), theirs["id"]):
            problem = assert_problem(
                await client.get(f"{ENDPOINTS}/{endpoint_id}", headers=admin.headers), 404, "webhook_nao_encontrado"
            )
            assert problem["detail"] == "Endpoint de webhook não encontrado."
        assert_problem(await client.get(f"{ENDPOINTS}/nao-e-uuid", headers=admin.headers), 422, "validacao")

    async def test_event_types(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        response = await client.get(f"{BASE}/event-types", headers=admin.headers)
        assert response.status_code == 200, response.text
        assert response.json() == [{"type": k, "description": v} for k, v in EVENT_TYPES.items()]
        reader = await factory.api_key(admin, ["webhooks:read"])
        assert (await client.get(f"{BASE}/event-types", headers=reader)).status_code == 200

    async def test_read_scope_reads_and_write_scope_does_not(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor, receiver: Receiver
    ) -> None:
        created = await create_endpoint(client, admin, receiver.url)
        reader = await factory.api_key(admin, ["webhooks:read"])
        writer = await factory.api_key(admin, ["webhooks:write"])
        paths = [ENDPOINTS, f"{ENDPOINTS}/{created['id']}", f"{ENDPOINTS}/{created['id']}/deliveries"]
        for path in paths:
            assert (await client.get(path, headers=reader)).status_code == 200
            problem = assert_problem(await client.get(path, headers=writer), 403, "acesso_negado")
            assert "webhooks:read" in problem["detail"]
            assert_problem(await client.get(path, headers=member.headers), 403, "acesso_negado")

    async def test_other_tenant_credentials_are_403(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor, receiver: Receiver
    ) -> None:
        created = await create_endpoint(client, admin, receiver.url)
        key = await factory.api_key(admin_second, ["webhooks:read"])
        key["X-Client-Id"] = admin.tenant.client_id
        for headers in (foreign(admin, admin_second), key):
            for path in (ENDPOINTS, f"{ENDPOINTS}/{created['id']}"):
                assert_problem(await client.get(path, headers=headers), 403, "tenant_divergente")


# Alteração, exclusão e rotação do segredo


class TestUpdateEndpoint:
    async def test_partial_update(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await create_endpoint(client, admin, receiver.url, description="antes", events=["message.status"])
        path = f"{ENDPOINTS}/{created['id']}"
        response = await client.patch(path, headers=admin.headers, json={"events": ["bulk.progress"]})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["events"] == ["bulk.progress"] and body["description"] == "antes" and body["url"] == receiver.url
        assert datetime.fromisoformat(body["updatedAt"]) > datetime.fromisoformat(created["updatedAt"])

        body = (
            await client.patch(
                path, headers=admin.headers, json={"url": f"{receiver.url}/v2", "isActive": False, "description": None}
            )
        ).json()
        assert body["url"] == f"{receiver.url}/v2" and body["isActive"] is False and body["description"] is None
        assert (await client.patch(path, headers=admin.headers, json={})).status_code == 200
        async with ctx.sessionmaker() as session:
            audit = (
                (
                    await session.execute(
                        select(AuditLog)
                        .where(AuditLog.action == "update_webhook_endpoint")
                        .order_by(AuditLog.created_at)
                    )
                )
                .scalars()
                .all()
            )
        assert [a.resource_id for a in audit] == [created["id"]] * 3
        assert audit[1].details == {"changed": ["description", "isActive", "url"]}

    @pytest.mark.parametrize(
        ("payload", "field"),
        [
            ({"url": "gopher://x.example/"}, "url"),
            ({"events": []}, "events"),
            ({"events": ["inventado"]}, "events"),
            ({"isActive": "sim?"}, "isActive"),
            ({"secret": "whsec_meu"}, "secret"),
        ],
    )
    async def test_bad_input_is_422_and_nothing_changes(
        self,
        client: httpx.AsyncClient,
        admin: Actor,
        receiver: Receiver,
        payload: dict[str, Any],
        field: str,
    ) -> None:
        created = await create_endpoint(client, admin, receiver.url)
        path = f"{ENDPOINTS}/{created['id']}"
        problem = assert_problem(await client.patch(path, headers=admin.headers, json=payload), 422, "validacao")
        assert field in errors_by_field(problem)
        assert (await client.get(path, headers=admin.headers)).json() == {
            k: v for k, v in created.items() if k != "secret"
        }

    async def test_new_url_is_checked_against_ssrf(
        self, client: httpx.AsyncClient, admin: Actor, strict: None, fake_dns: dict[str, list[str]]
    ) -> None:
        fake_dns["hooks.cliente.example"] = [PUBLIC_IP]
        created = await create_endpoint(client, admin, "https://hooks.cliente.example/wacs")
        path = f"{ENDPOINTS}/{created['id']}"
        for url in ("http://169.254.169.254/latest/meta-data/", "http://localhost/x"):
            problem = assert_problem(await client.patch(path, headers=admin.headers, json={"url": url}), 422)
            assert problem["code"] == "url_nao_permitida"
        assert (await client.get(path, headers=admin.headers)).json()["url"] == "https://hooks.cliente.example/wacs"

    async def test_other_tenant_endpoint_is_404_and_unchanged(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor, receiver: Receiver
    ) -> None:
        theirs = await create_endpoint(client, admin_second, receiver.url, description="deles")
        response = await client.patch(
            f"{ENDPOINTS}/{theirs['id']}", headers=admin.headers, json={"description": "invadido", "isActive": False}
        )
        assert_problem(response, 404, "webhook_nao_encontrado")
        body = (await client.get(f"{ENDPOINTS}/{theirs['id']}", headers=admin_second.headers)).json()
        assert body["description"] == "deles" and body["isActive"] is True

    async def test_member_and_read_key_are_forbidden(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor, receiver: Receiver
    ) -> None:
        created = await create_endpoint(client, admin, receiver.url, description="original")
        path = f"{ENDPOINTS}/{created['id']}"
        reader = await factory.api_key(admin, ["webhooks:read"])
        for headers in (member.headers, reader):
            assert_problem(await client.patch(path, headers=headers, json={"description": "x"}), 403, "acesso_negado")
        writer = await factory.api_key(admin, ["webhooks:write"])
        assert (await client.patch(path, headers=writer, json={"description": "via chave"})).status_code == 200
        assert (await client.get(path, headers=admin.headers)).json()["description"] == "via chave"


class TestDeleteEndpoint:
    async def test_delete_removes_endpoint_and_its_deliveries(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await subscribed(client, admin, receiver)
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        await wait_status(ctx, delivery.id, "delivered")

        path = f"{ENDPOINTS}/{created['id']}"
        response = await client.delete(path, headers=admin.headers)
        assert response.status_code == 204, response.text
        assert_problem(await client.get(path, headers=admin.headers), 404, "webhook_nao_encontrado")
        assert_problem(await client.get(f"{DELIVERIES}/{delivery.id}", headers=admin.headers), 404)
        assert await count(ctx, WebhookDelivery) == 0
        assert_problem(await client.delete(path, headers=admin.headers), 404, "webhook_nao_encontrado")
        async with ctx.sessionmaker() as session:
            audit = (
                await session.execute(select(AuditLog).where(AuditLog.action == "delete_webhook_endpoint"))
            ).scalar_one()
        assert audit.resource_type == "webhook-endpoints" and audit.resource_id == created["id"]

    async def test_other_tenant_endpoint_is_404_and_kept(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor, receiver: Receiver
    ) -> None:
        theirs = await create_endpoint(client, admin_second, receiver.url)
        assert_problem(
            await client.delete(f"{ENDPOINTS}/{theirs['id']}", headers=admin.headers), 404, "webhook_nao_encontrado"
        )
        assert (await client.get(f"{ENDPOINTS}/{theirs['id']}", headers=admin_second.headers)).status_code == 200
        assert await count(ctx, WebhookEndpoint) == 1

    async def test_member_and_foreign_credentials_cannot_delete(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, member: Actor, admin_second: Actor
    ) -> None:
        created = await create_endpoint(client, admin, "http://127.0.0.1:9/x")
        path = f"{ENDPOINTS}/{created['id']}"
        assert_problem(await client.delete(path, headers=member.headers), 403, "acesso_negado")
        assert_problem(await client.delete(path, headers=foreign(admin, admin_second)), 403, "tenant_divergente")
        assert await count(ctx, WebhookEndpoint) == 1


class TestRotateSecret:
    async def test_new_secret_signs_from_now_on(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await subscribed(client, admin, receiver)
        receiver.hold_at = 1
        old = created["secret"]
        response = await client.post(f"{ENDPOINTS}/{created['id']}/rotate-secret", headers=admin.headers)
        assert response.status_code == 200, response.text
        new = response.json()["secret"]
        assert new.startswith("whsec_") and new != old and response.json()["id"] == created["id"]
        async with ctx.sessionmaker() as session:
            row = await session.get(WebhookEndpoint, uuid.UUID(created["id"]))
            audit = (
                await session.execute(select(AuditLog).where(AuditLog.action == "rotate_webhook_secret"))
            ).scalar_one()
        assert row is not None and ctx.encryptor.decrypt(row.secret_encrypted) == new
        assert new not in json.dumps(audit.details) and old not in json.dumps(audit.details)

        # O receptor ainda com o segredo antigo recusa (401); com o novo, aceita.
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        first = (await receiver.wait_for(1))[0]
        assert not first.signature_ok and verify_signature(new, first.headers, first.body)
        receiver.secret = new  # a primeira resposta (segurada) ainda é 401; a próxima tentativa passa
        receiver.release.set()
        done = await wait_status(ctx, delivery.id, "delivered")
        assert done.attempts == 2
        assert [r.signature_ok for r in receiver.requests] == [False, True]

    async def test_other_tenant_endpoint_is_404_and_secret_kept(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor, receiver: Receiver
    ) -> None:
        theirs = await create_endpoint(client, admin_second, receiver.url)
        response = await client.post(f"{ENDPOINTS}/{theirs['id']}/rotate-secret", headers=admin.headers)
        assert_problem(response, 404, "webhook_nao_encontrado")
        async with ctx.sessionmaker() as session:
            row = await session.get(WebhookEndpoint, uuid.UUID(theirs["id"]))
        assert row is not None and ctx.encryptor.decrypt(row.secret_encrypted) == theirs["secret"]

    async def test_member_and_read_key_are_forbidden(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor
    ) -> None:
        created = await create_endpoint(client, admin, "http://127.0.0.1:9/x")
        path = f"{ENDPOINTS}/{created['id']}/rotate-secret"
        reader = await factory.api_key(admin, ["webhooks:read"])
        for headers in (member.headers, reader):
            assert_problem(await client.post(path, headers=headers), 403, "acesso_negado")
        writer = await factory.api_key(admin, ["webhooks:write"])
        assert (await client.post(path, headers=writer)).status_code == 200


# Evento de teste


class TestSendTestEvent:
    async def test_test_event_reaches_only_that_endpoint(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await subscribed(client, admin, receiver)
        other = await create_endpoint(client, admin, f"{receiver.url}/outro")
        response = await client.post(f"{ENDPOINTS}/{created['id']}/test", headers=admin.headers)
        assert response.status_code == 202, response.text
        body = response.json()
        assert body["eventType"] == "webhook.test" and body["status"] == "pending" and body["attempts"] == 0
        assert body["endpointId"] == created["id"] and body["eventId"].startswith("evt_")
        assert body["payload"]["data"]["endpointId"] == created["id"] and body["payload"]["seq"] is None

        done = await wait_status(ctx, body["id"], "delivered")
        assert done.attempts == 1 and done.last_status_code == 200
        (received,) = receiver.requests
        assert received.signature_ok and received.path == "/hooks/wacs"
        assert received.json() == body["payload"]
        assert received.headers["x-webhook-id"] == body["eventId"]
        assert await count(ctx, WebhookDelivery) == 1  # o outro endpoint não recebeu nada
        assert (await client.get(f"{ENDPOINTS}/{other['id']}/deliveries", headers=admin.headers)).json()["total"] == 0
        async with ctx.sessionmaker() as session:
            audit = (await session.execute(select(AuditLog).where(AuditLog.action == "send_webhook_test"))).scalar_one()
        assert audit.resource_id == created["id"] and audit.details == {
            "deliveryId": body["id"],
            "eventId": body["eventId"],
        }

    async def test_inactive_endpoint_is_409(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await create_endpoint(client, admin, receiver.url, isActive=False)
        response = await client.post(f"{ENDPOINTS}/{created['id']}/test", headers=admin.headers)
        assert_problem(response, 409, "webhook_inativo")
        assert await count(ctx, WebhookDelivery) == 0 and await count(ctx, Job) == 0

    async def test_other_tenant_endpoint_is_404_and_nothing_sent(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor, receiver: Receiver
    ) -> None:
        theirs = await create_endpoint(client, admin_second, receiver.url)
        assert_problem(
            await client.post(f"{ENDPOINTS}/{theirs['id']}/test", headers=admin.headers), 404, "webhook_nao_encontrado"
        )
        assert await count(ctx, WebhookDelivery) == 0 and await count(ctx, Job) == 0

    async def test_member_and_read_key_are_forbidden(
        self, client: httpx.AsyncClient, ctx: AppContext, factory: Factory, admin: Actor, member: Actor
    ) -> None:
        created = await create_endpoint(client, admin, "http://127.0.0.1:9/x")
        path = f"{ENDPOINTS}/{created['id']}/test"
        reader = await factory.api_key(admin, ["webhooks:read"])
        for headers in (member.headers, reader):
            assert_problem(await client.post(path, headers=headers), 403, "acesso_negado")
        assert await count(ctx, WebhookDelivery) == 0


# Log de entregas


class TestDeliveryLog:
    async def test_list_filters_and_orders_newest_first(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await subscribed(client, admin, receiver)
        events = []
        for event_type in ("message.created", "message.status", "message.created"):
            events.append(await emit_event(ctx, admin.tenant, event_type))
            (delivery,) = await deliveries_of_event(ctx, events[-1]["id"])
            await wait_status(ctx, delivery.id, "delivered")
        path = f"{ENDPOINTS}/{created['id']}/deliveries"

        page = (await client.get(path, headers=admin.headers)).json()
        assert page["total"] == 3
        assert [item["eventId"] for item in page["items"]] == [e["id"] for e in reversed(events)]
        first = page["items"][0]
        assert first["status"] == "delivered" and first["attempts"] == 1 and first["lastStatusCode"] == 200
        assert first["deliveredAt"] is not None and first["nextAttemptAt"] is None and first["lastError"] is None
        assert "payload" not in first

        small = (await client.get(path, headers=admin.headers, params={"pageSize": 1, "page": 3})).json()
        assert [item["eventId"] for item in small["items"]] == [events[0]["id"]]
        by_type = (await client.get(path, headers=admin.headers, params={"eventType": "message.status"})).json()
        assert [item["eventId"] for item in by_type["items"]] == [events[1]["id"]]
        delivered = (await client.get(path, headers=admin.headers, params={"status": "delivered"})).json()
        assert delivered["total"] == 3
        for status in ("pending", "failed", "dead"):
            assert (await client.get(path, headers=admin.headers, params={"status": status})).json()["total"] == 0
        assert_problem(await client.get(path, headers=admin.headers, params={"status": "perdida"}), 422, "validacao")

    async def test_delivery_detail_has_the_payload(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        await subscribed(client, admin, receiver)
        envelope = await emit_event(ctx, admin.tenant, "session.status", {"status": "connected", "nome": "Sessão Ção"})
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        await wait_status(ctx, delivery.id, "delivered")
        response = await client.get(f"{DELIVERIES}/{delivery.id}", headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["payload"] == envelope and body["eventType"] == "session.status"
        assert body["attempts"] == 1 and body["lastStatusCode"] == 200 and body["deliveredAt"] is not None
        assert receiver.requests[0].json() == envelope

    async def test_other_tenant_ids_are_404(
        self,
        client: httpx.AsyncClient,
        ctx: AppContext,
        factory: Factory,
        admin: Actor,
        admin_second: Actor,
        receiver: Receiver,
    ) -> None:
        theirs = await subscribed(client, admin_second, receiver)
        envelope = await emit_event(ctx, admin_second.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        await wait_status(ctx, delivery.id, "delivered")
        reader = await factory.api_key(admin, ["webhooks:read"])
        for headers in (admin.headers, reader):
            assert_problem(
                await client.get(f"{ENDPOINTS}/{theirs['id']}/deliveries", headers=headers),
                404,
                "webhook_nao_encontrado",
            )
            assert_problem(
                await client.get(f"{DELIVERIES}/{delivery.id}", headers=headers), 404, "entrega_nao_encontrada"
            )
        assert_problem(await client.get(f"{DELIVERIES}/{uuid.uuid4()}", headers=admin.headers), 404)
        assert_problem(
            await client.get(f"{DELIVERIES}/{delivery.id}", headers=foreign(admin_second, admin)),
            403,
            "tenant_divergente",
        )


# Entrega de ponta a ponta


class TestDelivery:
    async def test_event_is_delivered_signed_to_subscribed_endpoints(
        self,
        client: httpx.AsyncClient,
        loopback_client: httpx.AsyncClient,
        ctx: AppContext,
        admin: Actor,
        admin_second: Actor,
        receiver: Receiver,
    ) -> None:
        everything = await subscribed(client, admin, receiver, events=["*"])
        only_status = await create_endpoint(client, admin, "http://127.0.0.1:9/status", events=["message.status"])
        await create_endpoint(client, admin, "http://127.0.0.1:9/inativo", isActive=False)
        await create_endpoint(client, admin_second, "http://127.0.0.1:9/outro-tenant")

        envelope = await emit_event(ctx, admin.tenant, "message.created", {"texto": "Olá, João!", "n": 1})
        deliveries = await deliveries_of_event(ctx, envelope["id"])
        assert [str(d.endpoint_id) for d in deliveries] == [everything["id"]]
        assert only_status["id"] not in {str(d.endpoint_id) for d in deliveries}
        done = await wait_status(ctx, deliveries[0].id, "delivered")
        assert done.attempts == 1 and done.last_status_code == 200 and done.delivered_at is not None

        (received,) = receiver.requests
        assert received.method == "POST" and received.signature_ok
        assert received.headers["content-type"] == "application/json"
        assert received.headers["user-agent"] == "wacs-webhooks/1.0"
        assert received.headers["x-webhook-id"] == envelope["id"]
        assert received.headers["x-webhook-event"] == "message.created"
        timestamp = int(received.headers["x-webhook-timestamp"])
        assert abs(time.time() - timestamp) < 30
        assert received.headers["x-webhook-signature"].startswith(f"t={timestamp},v1=")
        assert b" " not in received.body.replace(b"Ol\xc3\xa1, Jo\xc3\xa3o!", b"")  # JSON compacto, UTF-8
        assert received.json() == envelope
        assert set(envelope) == {"id", "seq", "type", "createdAt", "data"}
        assert signing.verify(everything["secret"], received.headers["x-webhook-signature"], received.body)
        assert await eventually(lambda: _no_jobs(ctx), what="fila vazia")
        metrics = (await loopback_client.get("/metrics")).text
        assert 'wacs_webhook_attempts_total{result="delivered"}' in metrics

    async def test_retries_until_the_receiver_recovers(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        await subscribed(client, admin, receiver)
        receiver.script = [500, 503]
        receiver.hold_at = 3
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])

        await receiver.wait_for(3)
        # Durante a terceira tentativa, o log mostra as duas falhas anteriores.
        row = await delivery_row(ctx, delivery.id)
        assert row is not None and row.status == "pending" and row.attempts == 2
        assert row.last_status_code == 503 and row.last_error == "O endpoint respondeu HTTP 503."
        assert row.next_attempt_at is not None and row.delivered_at is None
        receiver.release.set()

        done = await wait_status(ctx, delivery.id, "delivered")
        assert done.attempts == 3 and done.last_status_code == 200 and done.last_error is None
        assert done.next_attempt_at is None and done.delivered_at is not None
        assert len(receiver.requests) == 3 and all(r.signature_ok for r in receiver.requests)
        assert {r.headers["x-webhook-id"] for r in receiver.requests} == {envelope["id"]}
        assert {r.body for r in receiver.requests} == {receiver.requests[0].body}

    async def test_network_errors_are_retried(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        await subscribed(client, admin, receiver)
        receiver.script = ["drop"]
        receiver.hold_at = 2
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        await receiver.wait_for(2)
        row = await delivery_row(ctx, delivery.id)
        assert row is not None and row.attempts == 1 and row.last_status_code is None
        assert row.last_error == "O endpoint encerrou a conexão sem uma resposta HTTP válida."
        receiver.release.set()
        done = await wait_status(ctx, delivery.id, "delivered")
        assert done.attempts == 2

    async def test_timeout_is_a_failed_attempt(
        self,
        client: httpx.AsyncClient,
        ctx: AppContext,
        admin: Actor,
        receiver: Receiver,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(ctx.settings, "webhook_timeout_seconds", 0.3)
        await subscribed(client, admin, receiver)
        receiver.script = ["hang"]
        receiver.hold_at = 2
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        await receiver.wait_for(2)
        row = await delivery_row(ctx, delivery.id)
        assert row is not None and row.attempts == 1
        assert row.last_error == "Tempo esgotado: o endpoint não respondeu em 0,3 s."
        receiver.release.set()
        assert (await wait_status(ctx, delivery.id, "delivered")).attempts == 2

    async def test_redirects_are_not_followed(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        await subscribed(client, admin, receiver)
        receiver.script = [302]
        receiver.hold_at = 2
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        await receiver.wait_for(2)
        row = await delivery_row(ctx, delivery.id)
        assert row is not None and row.last_status_code == 302
        assert row.last_error == "O endpoint respondeu HTTP 302; redirecionamentos não são seguidos."
        receiver.release.set()
        await wait_status(ctx, delivery.id, "delivered")
        assert [r.path for r in receiver.requests] == ["/hooks/wacs", "/hooks/wacs"]  # nunca /redirecionado

    async def test_dead_letter_then_replay_when_the_receiver_is_back(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        port = free_port()  # nada escuta aqui: conexão recusada em toda tentativa
        receiver = Receiver()
        created = await create_endpoint(client, admin, f"http://127.0.0.1:{port}/hooks/wacs")
        receiver.secret = created["secret"]
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])

        dead = await wait_status(ctx, delivery.id, "dead")
        assert dead.attempts == MAX_ATTEMPTS and dead.next_attempt_at is None and dead.delivered_at is None
        assert dead.last_error == (
            f"Tentativas esgotadas ({MAX_ATTEMPTS}). Último erro: "
            "Não foi possível conectar ao endpoint (conexão recusada ou host inacessível)."
        )
        async with ctx.sessionmaker() as session:
            job = (await session.execute(select(Job))).scalar_one()
        assert job.status == "dead" and job.attempts == MAX_ATTEMPTS  # fila de mortos
        listed = await client.get(
            f"{ENDPOINTS}/{created['id']}/deliveries", headers=admin.headers, params={"status": "dead"}
        )
        assert [item["id"] for item in listed.json()["items"]] == [str(delivery.id)]

        await receiver.start(port)
        try:
            response = await client.post(f"{DELIVERIES}/{delivery.id}/replay", headers=admin.headers)
            assert response.status_code == 202, response.text
            body = response.json()
            assert body["status"] == "pending" and body["attempts"] == 0 and body["lastError"] is None
            assert body["eventId"] == envelope["id"] and body["payload"] == envelope

            done = await wait_status(ctx, delivery.id, "delivered")
            assert done.attempts == 1 and done.last_status_code == 200
            (received,) = receiver.requests
            assert received.signature_ok and received.headers["x-webhook-id"] == envelope["id"]
            assert received.json() == envelope
        finally:
            await receiver.stop()
        async with ctx.sessionmaker() as session:
            audit = (
                await session.execute(select(AuditLog).where(AuditLog.action == "replay_webhook_delivery"))
            ).scalar_one()
        assert audit.resource_type == "webhook-deliveries" and audit.resource_id == str(delivery.id)

    async def test_delivered_event_can_be_replayed_with_the_same_id(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        await subscribed(client, admin, receiver)
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        await wait_status(ctx, delivery.id, "delivered")
        response = await client.post(f"{DELIVERIES}/{delivery.id}/replay", headers=admin.headers)
        assert response.status_code == 202, response.text
        await receiver.wait_for(2)
        await wait_status(ctx, delivery.id, "delivered")
        assert [r.headers["x-webhook-id"] for r in receiver.requests] == [envelope["id"]] * 2
        assert receiver.requests[0].json() == receiver.requests[1].json()

    async def test_replay_is_refused_while_pending_or_endpoint_inactive(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await subscribed(client, admin, receiver)
        receiver.hold_at = 1
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        await receiver.wait_for(1)
        path = f"{DELIVERIES}/{delivery.id}/replay"
        assert_problem(await client.post(path, headers=admin.headers), 409, "entrega_em_andamento")
        receiver.release.set()
        await wait_status(ctx, delivery.id, "delivered")

        await client.patch(f"{ENDPOINTS}/{created['id']}", headers=admin.headers, json={"isActive": False})
        assert_problem(await client.post(path, headers=admin.headers), 409, "webhook_inativo")
        row = await delivery_row(ctx, delivery.id)
        assert row is not None and row.status == "delivered" and len(receiver.requests) == 1

    async def test_replay_of_other_tenant_delivery_is_404_and_changes_nothing(
        self,
        client: httpx.AsyncClient,
        ctx: AppContext,
        factory: Factory,
        admin: Actor,
        admin_second: Actor,
        member: Actor,
        receiver: Receiver,
    ) -> None:
        await subscribed(client, admin_second, receiver)
        envelope = await emit_event(ctx, admin_second.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        before = await wait_status(ctx, delivery.id, "delivered")
        path = f"{DELIVERIES}/{delivery.id}/replay"
        writer = await factory.api_key(admin, ["webhooks:write"])
        for headers in (admin.headers, writer):
            assert_problem(await client.post(path, headers=headers), 404, "entrega_nao_encontrada")
        assert_problem(await client.post(path, headers=member.headers), 403, "acesso_negado")
        assert_problem(await client.post(path, headers=foreign(admin_second, admin)), 403, "tenant_divergente")
        reader = await factory.api_key(admin_second, ["webhooks:read"])
        assert_problem(await client.post(path, headers=reader), 403, "acesso_negado")
        after = await delivery_row(ctx, delivery.id)
        assert after is not None and after.updated_at == before.updated_at and after.status == "delivered"
        assert len(receiver.requests) == 1 and await count(ctx, Job) == 0

    async def test_deactivated_endpoint_marks_the_delivery_failed(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await subscribed(client, admin, receiver)
        async with ctx.sessionmaker() as session:
            envelope = await emit(ctx, session, admin.tenant.id, "message.created", {"x": 1})
            endpoint = await session.get(WebhookEndpoint, uuid.UUID(created["id"]))
            assert endpoint is not None
            endpoint.is_active = False  # desativado antes de o job rodar
            await commit(session)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        failed = await wait_status(ctx, delivery.id, "failed")
        assert failed.last_error == "Endpoint desativado: a entrega não foi feita." and failed.attempts == 0
        assert receiver.requests == []

    async def test_deleted_endpoint_ends_the_job_quietly(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver
    ) -> None:
        created = await subscribed(client, admin, receiver)
        async with ctx.sessionmaker() as session:
            await emit(ctx, session, admin.tenant.id, "message.created", {"x": 1})
            await session.flush()
            endpoint = await session.get(WebhookEndpoint, uuid.UUID(created["id"]))
            await session.delete(endpoint)
            await commit(session)
        assert await eventually(lambda: _no_jobs(ctx), what="fila vazia")
        assert receiver.requests == [] and await count(ctx, WebhookDelivery) == 0

    async def test_internal_destination_at_delivery_is_dead_without_retries(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, receiver: Receiver, monkeypatch: Any
    ) -> None:
        await subscribed(client, admin, receiver)  # cadastrado com WEBHOOK_ALLOW_PRIVATE ligado...
        monkeypatch.setattr(ctx.settings, "webhook_allow_private", False)  # ...e o operador desligou depois
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        dead = await wait_status(ctx, delivery.id, "dead")
        assert dead.attempts == 1 and dead.next_attempt_at is None
        assert dead.last_error is not None and "endereço interno" in dead.last_error and "loopback" in dead.last_error
        assert receiver.requests == []
        assert await eventually(lambda: _no_jobs(ctx), what="fila vazia")

    async def test_dns_rebinding_is_blocked_at_connect_time(
        self,
        client: httpx.AsyncClient,
        ctx: AppContext,
        admin: Actor,
        receiver: Receiver,
        strict: None,
        monkeypatch: Any,
    ) -> None:
        """O nome resolve para um IP público no cadastro e na verificação da entrega, e para 127.0.0.1 na conexão."""
        answers = [[PUBLIC_IP], [PUBLIC_IP]]

        async def rebinding(host: str, port: int) -> list[str]:
            assert host == "rebind.cliente.example"
            return answers.pop(0) if answers else ["127.0.0.1"]

        monkeypatch.setattr(ssrf, "resolve_host", rebinding)
        created = await create_endpoint(client, admin, f"http://rebind.cliente.example:{receiver.port}/hooks/wacs")
        receiver.secret = created["secret"]
        envelope = await emit_event(ctx, admin.tenant)
        (delivery,) = await deliveries_of_event(ctx, envelope["id"])
        dead = await wait_status(ctx, delivery.id, "dead")
        assert dead.last_error is not None and "127.0.0.1" in dead.last_error and "loopback" in dead.last_error
        assert dead.attempts == 1 and answers == []
        assert receiver.requests == []


async def _no_jobs(ctx: AppContext) -> bool:
    return await jobs_left(ctx) == 0


# Assinatura e SSRF (unidades)


class TestSigning:
    def test_sign_and_verify(self) -> None:
        secret = signing.new_secret()
        body = b'{"id":"evt_1","type":"message.created"}'
        now = int(time.time())
        header = signing.signature_header(secret, now, body)
        assert (
            header == f"t={now},v1=" + hmac.new(secret.encode(), f"{now}.".encode() + body, hashlib.sha256).hexdigest()
        )
        assert signing.verify(secret, header, body)
        assert verify_signature(secret, {"x-webhook-timestamp": str(now), "x-webhook-signature": header}, body)
        assert not signing.verify(secret, header, body + b" ")
        assert not signing.verify(signing.new_secret(), header, body)
        assert not signing.verify(secret, header, body, now=now + 301)  # fora da tolerância: replay antigo
        assert not signing.verify(secret, "v1=abc", body) and not signing.verify(secret, "", body)
        other = signing.signature_header("whsec_outro", now, body).split(",")[1]
        assert signing.verify(secret, f"{header},{other}", body)  # aceita várias assinaturas v1

    def test_secrets_are_unique(self) -> None:
        assert len({signing.new_secret() for _ in range(100)}) == 100


class TestSsrfRules:
    @pytest.mark.parametrize(
        "address",
        [
            "127.0.0.1",
            "10.255.0.1",
            "172.31.255.255",
            "192.168.10.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.254",
            "0.0.0.0",
            "224.0.0.251",
            "255.255.255.255",
            "198.18.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd00:ec2::254",
            "fe80::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
            "2001:db8::1",
        ],
    )
    def test_internal_addresses_are_blocked(self, address: str) -> None:
        assert ssrf.blocked_reason(address) is not None

    @pytest.mark.parametrize(
        "address",
        [
            "8.8.8.8",
            "93.184.215.14",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ],
    )
    def test_public_addresses_pass(self, address: str) -> None:
        assert ssrf.blocked_reason(address) is None


class TestDocs:
    """Os trechos de verificação de docs/webhooks.md conferem uma assinatura real do serviço."""

    DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"

    def _blocks(self, language: str) -> list[str]:
        return re.findall(rf"```{language}\n(.*?)```", self.DOC.read_text(encoding="utf-8"), re.S)

    def _signed(self) -> tuple[str, bytes, int, str]:
        secret = signing.new_secret()
        body = json.dumps({"id": "evt_1", "data": {"texto": "Olá, João ✓"}}, ensure_ascii=False).encode()
        timestamp = int(time.time())
        return secret, body, timestamp, signing.signature_header(secret, timestamp, body)

    def test_python_snippet(self) -> None:
        namespace: dict[str, Any] = {}
        exec(self._blocks("python")[0], namespace)  # o código da própria documentação
        check = namespace["assinatura_valida"]
        secret, body, timestamp, header = self._signed()
        assert check(secret, header, body)
        assert not check(secret, header, body + b" ")
        assert not check(signing.new_secret(), header, body)
        assert not check(secret, header, body, agora=timestamp + 301)

    def test_node_snippet(self, tmp_path: Path) -> None:
        node = shutil.which("node")
        if node is None:
            pytest.skip("Node.js não instalado")
        secret, body, timestamp, header = self._signed()
        script = tmp_path / "verifica.js"
        script.write_text(
            self._blocks("javascript")[0]
            + f"""
const corpo = Buffer.from({json.dumps(body.decode())}, "utf8");
const cabecalho = {json.dumps(header)};
console.log(JSON.stringify([
  assinaturaValida({json.dumps(secret)}, cabecalho, corpo),
  assinaturaValida({json.dumps(secret)}, cabecalho, Buffer.concat([corpo, Buffer.from(" ")])),
  assinaturaValida("whsec_outro", cabecalho, corpo),
  assinaturaValida({json.dumps(secret)}, cabecalho, corpo, {timestamp} + 301),
]));
""",
            encoding="utf-8",
        )
        result = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=30, check=True)
        assert json.loads(result.stdout) == [True, False, False, False]
