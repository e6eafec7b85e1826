"""Fronteira dos provedores: capacidades (422 antes da fila), erro de credenciais marca a SESSÃO, registro explícito."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import BACKEND, Actor, assert_problem
from tests.messaging_helpers import NO_RECEIPTS, PNG, connect_sandbox, events_of, isolated_app, wait_for
from wacs.kit.context import AppContext
from wacs.models import Job, Message, WhatsAppSession
from wacs.providers import registry
from wacs.providers.base import OutboundMessage, Provider, ProviderError, SendResult
from wacs.providers.sandbox import SandboxProvider

TO = "5511977776666"


class TextOnly(SandboxProvider):
    """Dublê: um provedor real que só envia texto."""

    type = "duble"
    display_name = "Só texto (dublê de teste)"
    capabilities = frozenset({"text"})
    default_rank = 0


class Expired(SandboxProvider):
    """Dublê: as credenciais do número venceram (como o erro 190 da Meta)."""

    type = "duble"
    display_name = "Credencial vencida (dublê de teste)"
    default_rank = 0

    async def send(self, message: OutboundMessage) -> SendResult:
        raise ProviderError("credentials", "Token de acesso expirado.", "190")


@pytest.fixture
def double(request: pytest.FixtureRequest) -> Iterator[type[Provider]]:
    cls: type[Provider] = request.param
    registry.register(cls)
    try:
        yield cls
    finally:
        registry.unregister(cls.type)


@pytest.mark.parametrize("double", [TextOnly], indirect=True)
async def test_send_the_provider_cannot_do_is_422_before_the_queue(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor, double: type[Provider]
) -> None:
    await connect_sandbox(client, admin, provider="duble", **NO_RECEIPTS)
    upload = await client.post("/api/v1/media", headers=admin.headers, files={"file": ("a.png", PNG, "image/png")})
    body = {"to": TO, "type": "image", "content": {"mediaId": upload.json()["id"]}}
    refused = assert_problem(await client.post("/api/v1/messages/send", headers=admin.headers, json=body), 422)
    assert refused["code"] == "recurso_nao_suportado"
    assert "image" in refused["detail"] and "duble" in refused["detail"]
    bulk = {"recipients": [{"to": TO}], "type": "location", "content": {"latitude": 1, "longitude": 2}}
    assert_problem(await client.post("/api/v1/messages/send-bulk", headers=admin.headers, json=bulk), 422)
    async with ctx.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(Message)) == 0
        assert await db.scalar(select(func.count()).select_from(Job).where(Job.kind == "message.send")) == 0
    # O que o provedor sabe fazer continua indo.
    text = await client.post("/api/v1/messages/text", headers=admin.headers, json={"to": TO, "content": "oi"})
    assert text.status_code in {200, 202}, text.text
    providers = (await client.get("/api/v1/sessions/providers", headers=admin.headers)).json()
    assert {p["type"]: p["capabilities"] for p in providers}["duble"] == ["text"]


@pytest.mark.parametrize("double", [TextOnly], indirect=True)
async def test_auto_mode_uses_a_session_that_can_send_it(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor, double: type[Provider]
) -> None:
    """Em `auto`, o provedor preferido que não sabe enviar o tipo é pulado (no aceite e no despacho)."""
    await connect_sandbox(client, admin, "5511900000001", provider="duble", **NO_RECEIPTS)
    sandbox = await connect_sandbox(client, admin, "5511900000002", **NO_RECEIPTS)
    body = {"to": TO, "type": "location", "content": {"latitude": -23.5, "longitude": -46.6}}
    response = await client.post("/api/v1/messages/send", headers=admin.headers, json=body)
    assert response.status_code in {200, 202}, response.text
    message_id = uuid.UUID(response.json()["messageId"])

    async def sent() -> Message | None:
        async with ctx.sessionmaker() as db:
            row = await db.get(Message, message_id)
        return row if row is not None and row.status == "sent" else None

    row = await wait_for(sent, what="localização enviada")
    assert (row.provider, str(row.session_id)) == ("sandbox", sandbox["id"])


@pytest.mark.parametrize("double", [Expired], indirect=True)
async def test_credentials_error_marks_the_session_failed(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor, double: type[Provider]
) -> None:
    session = await connect_sandbox(client, admin, provider="duble", **NO_RECEIPTS)
    response = await client.post("/api/v1/messages/text", headers=admin.headers, json={"to": TO, "content": "oi"})
    message_id = uuid.UUID(response.json()["messageId"])

    async def settled() -> tuple[Message, WhatsAppSession] | None:
        async with ctx.sessionmaker() as db:
            message = await db.get(Message, message_id)
            row = await db.get(WhatsAppSession, uuid.UUID(session["id"]))
        done = message is not None and message.status == "failed" and row is not None and row.status == "failed"
        return (message, row) if done and message is not None and row is not None else None

    message, row = await wait_for(settled, what="mensagem e sessão com falha")
    assert message.error == "Token de acesso expirado."
    assert row.last_error is not None and row.last_error.startswith("As credenciais do provedor foram recusadas")
    emitted: list[dict[str, Any]] = await events_of(ctx, admin.tenant.id, "session.status")
    assert emitted[-1]["status"] == "failed" and "credenciais" in emitted[-1]["detail"]
    # Sessão com falha sai das candidatas: um novo envio não chama o provedor (409, nenhuma sessão ativa).
    status = (await client.get(f"/api/v1/sessions/status?sessionId={session['id']}", headers=admin.headers)).json()
    assert status[0]["status"] == "failed"


def test_registry_is_the_source_of_provider_types() -> None:
    assert registry.available_types()[-1] == "sandbox"  # o simulado por último na preferência padrão
    routes = {(route.method, route.path): types for route, types in registry.callback_routes()}
    assert routes[("POST", "/api/v1/webhooks/status-update")] == frozenset({"sandbox"})
    registry.register(TextOnly)
    try:
        assert registry.available_types() == ("duble", "meta_api", "sandbox")
        routes = {(route.method, route.path): types for route, types in registry.callback_routes()}
        assert routes[("POST", "/api/v1/webhooks/status-update")] == frozenset({"sandbox", "duble"})
    finally:
        registry.unregister("duble")


class Slow(SandboxProvider):
    """Dublê: um provedor real que demora a aceitar cada envio — segura cada um até haver `target` em voo ao mesmo
    tempo (no máximo `hold` segundos) e mais 300 ms. Assim o pico não depende de dois lotes se sobreporem por acaso
    numa máquina carregada: se o worker puder ter `target` envios em voo, terá; se não puder, o pico fica abaixo."""

    type = "lento"
    display_name = "Lento (dublê de teste)"
    default_rank = 0
    inflight = 0
    peak = 0
    target = 1
    hold = 10.0
    enough = asyncio.Event()

    async def send(self, message: OutboundMessage) -> SendResult:
        cls = type(self)
        cls.inflight += 1
        cls.peak = max(cls.peak, cls.inflight)
        if cls.inflight >= cls.target:
            cls.enough.set()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(cls.enough.wait(), cls.hold)
            await asyncio.sleep(0.3)
            return SendResult(f"lento.{message.message_id.hex}")
        finally:
            cls.inflight -= 1


async def test_256_sends_in_flight_do_not_exhaust_the_pool(tmp_path: Path) -> None:
    """Um pool pequeno (4 + 6 conexões) e 256 envios lentos: nenhuma conexão fica presa na chamada ao provedor, então
    o worker chega a `target` envios em voo ao mesmo tempo e a API segue respondendo enquanto eles esperam."""
    # O SQLite limita o worker a 32 envios em voo (grava um por vez); o PostgreSQL, a WORKER_CONCURRENCY.
    target = 128 if BACKEND == "postgres" else 24
    Slow.target, Slow.enough = target, asyncio.Event()
    registry.register(Slow)
    try:
        async with isolated_app(tmp_path / "dados", worker_concurrency=256, rate_limit_per_minute=100_000) as iso:
            admin = await iso.factory.actor(await iso.factory.tenant(), "admin")
            await connect_sandbox(iso.client, admin, provider="lento", messagesPerSecond=1000, **NO_RECEIPTS)
            recipients = [{"to": f"55119{70000000 + i}"} for i in range(256)]
            bulk = await iso.client.post(
                "/api/v1/messages/send-bulk", headers=admin.headers, json={"recipients": recipients, "content": "oi"}
            )
            assert bulk.status_code == 202, bulk.text
            probes: list[float] = []

            async def busy() -> bool:
                started = time.perf_counter()
                me = await iso.client.get("/api/v1/auth/me", headers=admin.headers)
                assert me.status_code == 200, me.text
                probes.append(time.perf_counter() - started)
                return Slow.enough.is_set()

            await wait_for(busy, within=60, interval=0.02, what=f"{target} envios em voo")
            assert Slow.peak >= target, Slow.peak

            async def all_sent() -> bool:
                async with iso.ctx.sessionmaker() as db:
                    statuses = (await db.execute(select(Message.status))).scalars().all()
                return len(statuses) == 256 and set(statuses) == {"sent"}

            await wait_for(all_sent, within=60, what="256 enviadas")
        assert max(probes) < 2.0, probes
    finally:
        registry.unregister("lento")
        Slow.inflight = Slow.peak = 0
        Slow.target = 1


def test_a_provider_with_an_unknown_capability_is_refused() -> None:
    class Typo(SandboxProvider):
        type = "duble"
        capabilities = frozenset({"text", "templtes"})

    with pytest.raises(ValueError, match="templtes"):
        registry.register(Typo)
    assert "duble" not in registry.available_types()


class ReportsDuringInitialize(SandboxProvider):
    """Dublê: como o serviço Baileys, avisa o QR por callback enquanto a inicialização ainda não voltou."""

    type = "duble"
    display_name = "Avisa durante a inicialização (dublê de teste)"
    default_rank = 0
    outcomes: ClassVar[list[Any]] = []

    async def initialize(self) -> Any:
        from wacs.inbound.service import ingest
        from wacs.kit.db import commit
        from wacs.providers.base import ProviderState
        from wacs.providers.contract import SessionUpdate

        async with self.ctx.sessionmaker() as db:  # outra conexão, como a rota de callback
            outcome = await ingest(self.ctx, db, [SessionUpdate(session_id=self.session.id, state="qr", qr="QR-1")])
            await commit(db)
        self.outcomes.append(outcome)
        return ProviderState("qr", qr_code="QR-1")


@pytest.mark.parametrize("double", [ReportsDuringInitialize], indirect=True)
async def test_a_callback_sent_while_the_session_initializes_finds_the_new_session(
    client: httpx.AsyncClient, admin: Actor, double: type[Provider]
) -> None:
    """A sessão nova é confirmada antes da chamada ao provedor: o aviso que ele manda nesse meio tempo não é ignorado
    (e nenhuma transação fica aberta durante a chamada)."""
    ReportsDuringInitialize.outcomes.clear()
    response = await client.post(
        "/api/v1/sessions/initialize",
        headers=admin.headers,
        json={"phoneNumber": "5511966665555", "provider": "duble", "config": {}},
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "qr"
    [outcome] = ReportsDuringInitialize.outcomes
    assert (outcome.accepted, outcome.ignored) == (1, 0)
