"""WebSocket `/api/v1/realtime` contra um uvicorn de verdade (o transporte ASGI do httpx não fala WebSocket).

Autenticação e tenancy, protocolo (ready, eventos, ping/pong, heartbeat), recuperação pelo cursor sem buraco nem
duplicata com eventos chegando ao mesmo tempo, ressincronização, limpeza ao desconectar, `seq` por tenant (não revela
o volume dos outros) e, com Redis, a entrega de um evento emitido por outra réplica.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import orjson
import pytest
import uvicorn
from sqlalchemy import delete, select, text, update
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.conftest import Actor, Factory
from wacs.assembly import create_context
from wacs.auth.dependencies import invalidate_user_state
from wacs.config import Settings
from wacs.kit import bus as bus_module
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.models import Tenant, User, WebhookDelivery, WebhookEndpoint
from wacs.realtime import connection
from wacs.realtime.events import emit, emit_many, tenant_channel
from wacs.realtime.logredact import redact

TIMEOUT = 5.0


class _TestServer(uvicorn.Server):
    """Sem capturar sinais: o Ctrl-C continua sendo do pytest."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@pytest.fixture(scope="module")
async def ws_url(app: Any) -> AsyncIterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="off", log_config=None, access_log=False, timeout_graceful_shutdown=5, ws_ping_interval=None
    )
    server = _TestServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    async with asyncio.timeout(10):
        while not server.started:
            assert not task.done(), task
            await asyncio.sleep(0.01)
    try:
        yield f"ws://127.0.0.1:{port}/api/v1/realtime"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 15)
        sock.close()


def _token(actor: Actor) -> str:
    return actor.headers["Authorization"].removeprefix("Bearer ")


def _connect(base: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
    url = f"{base}?{urlencode(params)}" if params else base
    return connect(url, additional_headers=headers, proxy=None, open_timeout=TIMEOUT, compression=None)


def _connect_as(base: str, actor: Actor, **params: Any) -> Any:
    return _connect(base, clientId=actor.tenant.client_id, token=_token(actor), **params)


async def _recv(ws: ClientConnection, timeout: float = TIMEOUT) -> dict[str, Any]:  # noqa: ASYNC109
    raw = await asyncio.wait_for(ws.recv(), timeout)
    data = json.loads(raw)
    assert isinstance(data, dict)
    return data


async def _recv_type(ws: ClientConnection, kind: str, timeout: float = TIMEOUT) -> dict[str, Any]:  # noqa: ASYNC109
    """Próxima mensagem do tipo pedido, descartando heartbeats."""
    async with asyncio.timeout(timeout):
        while True:
            message = await _recv(ws)
            if message["type"] == kind:
                return message
            assert message["type"] == "ping", message


async def _closed(ws: ClientConnection, timeout: float = TIMEOUT) -> tuple[int, str, list[dict[str, Any]]]:  # noqa: ASYNC109
    """Lê até o servidor fechar; devolve o código, o motivo e o que chegou antes."""
    frames: list[dict[str, Any]] = []
    with pytest.raises(ConnectionClosed) as info:
        async with asyncio.timeout(timeout):
            while True:
                frames.append(json.loads(await ws.recv()))
    rcvd = info.value.rcvd
    assert rcvd is not None, "o servidor não mandou o quadro de fechamento"
    return rcvd.code, rcvd.reason, frames


async def _emit(ctx: AppContext, tenant_id: uuid.UUID, text: str = "olá", kind: str = "message.created") -> Any:
    async with ctx.sessionmaker() as session:
        envelope = await emit(ctx, session, tenant_id, kind, {"text": text, "n": uuid.uuid4().hex})
        await commit(session)
    return envelope


def _realtime_tasks() -> list[asyncio.Task[Any]]:
    return [t for t in asyncio.all_tasks() if t.get_name().startswith("wacs-realtime-") and not t.done()]


async def _until(condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while True:
            if condition():
                return
            await asyncio.sleep(0.02)


@pytest.fixture
def fast_heartbeat(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(connection, "HEARTBEAT_SECONDS", 0.2)
    return 0.2


class TestAuthentication:
    async def test_missing_client_id_closes_with_4400(self, ws_url: str, member: Actor) -> None:
        async with _connect(ws_url, token=_token(member)) as ws:
            code, reason, frames = await _closed(ws)
        assert code == connection.CLOSE_BAD_REQUEST
        assert "clientId" in reason
        assert frames == [{"type": "error", "code": "tenant_nao_informado", "detail": reason}]

    async def test_missing_token_is_policy_violation(self, ws_url: str, tenant: Tenant) -> None:
        async with _connect(ws_url, clientId=tenant.client_id) as ws:
            code, reason, frames = await _closed(ws)
        assert code == 1008
        assert "token" in reason
        assert frames[0]["code"] == "nao_autenticado"

    async def test_bad_token_is_policy_violation(self, ws_url: str, tenant: Tenant) -> None:
        async with _connect(ws_url, clientId=tenant.client_id, token="nao-e-um-jwt") as ws:
            code, reason, frames = await _closed(ws)
        assert (code, reason) == (1008, "Token de acesso inválido ou expirado.")
        assert frames[0]["code"] == "nao_autenticado"

    async def test_token_of_another_tenant_is_refused(self, ws_url: str, member: Actor, tenant_second: Tenant) -> None:
        async with _connect(ws_url, clientId=tenant_second.client_id, token=_token(member)) as ws:
            code, reason, frames = await _closed(ws)
        assert (code, reason) == (1008, "A credencial apresentada pertence a outro tenant.")
        assert frames[0]["code"] == "tenant_divergente"

    async def test_unknown_client_id_is_refused(self, ws_url: str, member: Actor) -> None:
        async with _connect(ws_url, clientId="nao-existe", token=_token(member)) as ws:
            code, _, frames = await _closed(ws)
        assert code == 1008
        assert frames[0]["code"] == "tenant_divergente"  # como um tenant alheio: não revela quem existe

    async def test_inactive_tenant_is_refused(self, ws_url: str, ctx: AppContext, member: Actor) -> None:
        from wacs.auth.tenancy import invalidate_tenant

        async with ctx.sessionmaker() as session:
            await session.execute(update(Tenant).where(Tenant.id == member.tenant.id).values(is_active=False))
            await commit(session)
        await invalidate_tenant(ctx, member.tenant.client_id)
        async with _connect_as(ws_url, member) as ws:
            code, _, frames = await _closed(ws)
        assert code == 1008
        assert frames[0]["code"] == "tenant_invalido"

    async def test_deactivated_user_is_refused(self, ws_url: str, ctx: AppContext, member: Actor) -> None:
        async with ctx.sessionmaker() as session:
            await session.execute(update(User).where(User.id == member.user.id).values(is_active=False))
            await commit(session)
        await invalidate_user_state(ctx, member.user.id)
        async with _connect_as(ws_url, member) as ws:
            code, reason, _ = await _closed(ws)
        assert (code, reason) == (1008, "Usuário inexistente ou desativado.")

    async def test_logged_out_session_is_refused(self, ws_url: str, client: httpx.AsyncClient, member: Actor) -> None:
        assert (await client.post("/api/v1/auth/logout", headers=member.headers)).status_code == 204
        async with _connect_as(ws_url, member) as ws:
            code, reason, _ = await _closed(ws)
        assert (code, reason) == (1008, "Sessão encerrada. Faça login novamente.")

    async def test_headers_work_for_server_clients(self, ws_url: str, member: Actor) -> None:
        async with _connect(ws_url, headers=member.headers) as ws:
            assert (await _recv(ws))["type"] == "ready"

    async def test_api_key_with_read_scope_is_accepted(self, ws_url: str, factory: Factory, admin: Actor) -> None:
        headers = await factory.api_key(admin, ["messages:read"])
        async with _connect(ws_url, headers=headers) as ws:
            assert (await _recv(ws))["type"] == "ready"
        # Também como token na query (um sistema sem controle de cabeçalhos).
        async with _connect(ws_url, clientId=admin.tenant.client_id, token=headers["X-Api-Key"]) as ws:
            assert (await _recv(ws))["type"] == "ready"

    async def test_api_key_without_read_scope_is_refused(self, ws_url: str, factory: Factory, admin: Actor) -> None:
        headers = await factory.api_key(admin, ["users:read"])
        async with _connect(ws_url, headers=headers) as ws:
            code, reason, frames = await _closed(ws)
        assert code == 1008
        assert frames[0]["code"] == "acesso_negado"
        assert "conversations:read" in reason

    async def test_invalid_cursor_closes_with_4400(self, ws_url: str, member: Actor) -> None:
        for cursor in ("abc", "-1", str(2**64)):
            async with _connect_as(ws_url, member, cursor=cursor) as ws:
                code, _, frames = await _closed(ws)
            assert code == connection.CLOSE_BAD_REQUEST
            assert frames[0]["code"] == "cursor_invalido"

    async def test_token_never_reaches_the_log(
        self, ws_url: str, member: Actor, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.INFO, logger="uvicorn.error"):
            async with _connect_as(ws_url, member) as ws:
                await _recv(ws)
        assert "[accepted]" in caplog.text
        assert _token(member) not in caplog.text
        assert "token=***" in caplog.text
        assert redact("/x?clientId=a&token=segredo&cursor=3") == "/x?clientId=a&token=***&cursor=3"


class TestLiveEvents:
    async def test_ready_then_event_emitted_after_connecting(self, ws_url: str, ctx: AppContext, member: Actor) -> None:
        before = await _emit(ctx, member.tenant.id)
        async with _connect_as(ws_url, member) as ws:
            assert await _recv(ws) == {"type": "ready", "cursor": before["seq"]}
            envelope = await _emit(ctx, member.tenant.id, "nova mensagem")
            received = await _recv(ws)
        assert received == envelope
        assert set(received) == {"id", "seq", "type", "createdAt", "data"}
        assert received["seq"] > before["seq"]
        assert received["id"].startswith("evt_")

    async def test_ready_cursor_is_zero_without_events(self, ws_url: str, member: Actor) -> None:
        async with _connect_as(ws_url, member) as ws:
            assert await _recv(ws) == {"type": "ready", "cursor": 0}

    async def test_tenant_isolation(self, ws_url: str, ctx: AppContext, member: Actor, admin_second: Actor) -> None:
        async with _connect_as(ws_url, member) as ws_a, _connect_as(ws_url, admin_second) as ws_b:
            await _recv(ws_a)
            await _recv(ws_b)
            a1 = await _emit(ctx, member.tenant.id, "a1")
            b1 = await _emit(ctx, admin_second.tenant.id, "b1")
            a2 = await _emit(ctx, member.tenant.id, "a2")
            b2 = await _emit(ctx, admin_second.tenant.id, "b2")
            # O bus entrega na ordem de publicação: se b1 chegasse a A, estaria entre a1 e a2.
            assert [await _recv(ws_a), await _recv(ws_a)] == [a1, a2]
            assert [await _recv(ws_b), await _recv(ws_b)] == [b1, b2]
        # A recuperação pelo cursor também só traz os eventos do próprio tenant.
        async with _connect_as(ws_url, member, cursor=0) as ws_a:
            assert (await _recv(ws_a))["cursor"] == a2["seq"]
            assert [await _recv(ws_a), await _recv(ws_a)] == [a1, a2]
            await _emit(ctx, admin_second.tenant.id, "b3")
            a3 = await _emit(ctx, member.tenant.id, "a3")
            assert await _recv(ws_a) == a3

    async def test_ping_pong_and_invalid_messages(self, ws_url: str, member: Actor) -> None:
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            await ws.send(json.dumps({"type": "ping"}))
            pong = await _recv_type(ws, "pong")
            assert isinstance(pong["ts"], int)
            await ws.send("isto não é json")
            assert (await _recv_type(ws, "error"))["code"] == "mensagem_invalida"
            await ws.send(json.dumps({"type": "subscribe"}))
            assert (await _recv_type(ws, "error"))["code"] == "tipo_desconhecido"
            await ws.send(orjson.dumps({"type": "ping"}))  # quadro binário também vale
            assert (await _recv_type(ws, "pong"))["type"] == "pong"

    async def test_heartbeat_arrives(self, ws_url: str, member: Actor, fast_heartbeat: float) -> None:
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            first = await _recv(ws, timeout=2)
            second = await _recv(ws, timeout=2)
        assert first["type"] == second["type"] == "ping"
        assert isinstance(first["ts"], int) and second["ts"] >= first["ts"]

    async def test_heartbeat_keeps_coming_under_a_steady_stream_of_events(
        self, ws_url: str, ctx: AppContext, member: Actor, fast_heartbeat: float
    ) -> None:
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            seen: list[str] = []
            async with asyncio.timeout(TIMEOUT):
                while "ping" not in seen:
                    await _emit(ctx, member.tenant.id)
                    seen.append((await _recv(ws))["type"])

    async def test_disconnect_cleans_up_subscription_and_tasks(
        self, ws_url: str, ctx: AppContext, member: Actor
    ) -> None:
        channel = tenant_channel(member.tenant.id)
        local = ctx.bus._local
        await _until(lambda: not _realtime_tasks())  # conexões de testes anteriores terminando
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            assert channel in local._subs
            assert len(_realtime_tasks()) == 2
        await _until(lambda: channel not in local._subs and not _realtime_tasks())
        # Fechamento abrupto (sem handshake de fechamento) também limpa.
        ws = await _connect_as(ws_url, member)
        await _recv(ws)
        ws.transport.abort()
        with contextlib.suppress(Exception):
            await ws.close()
        await _until(lambda: channel not in local._subs and not _realtime_tasks())
        await _until(lambda: connection.CONNECTIONS._value.get() == 0)


class TestCatchUp:
    async def test_replays_missed_events_then_goes_live_without_gap_or_duplicate(
        self, ws_url: str, ctx: AppContext, member: Actor
    ) -> None:
        tenant_id = member.tenant.id
        emitted = [await _emit(ctx, tenant_id, f"antes {i}") for i in range(5)]
        done = asyncio.Event()
        # Cada consumidor entra depois de um número de eventos emitidos (não depois de um tempo: com a máquina
        # carregada, um evento pode levar mais que o atraso inteiro e todos entrariam no mesmo ponto).
        gates = {6 + i * 7: asyncio.Event() for i in range(10)}

        async def producer() -> None:
            for i in range(80):
                emitted.append(await _emit(ctx, tenant_id, f"durante {i}"))
                if gate := gates.get(len(emitted)):
                    gate.set()
                await asyncio.sleep(0.002)
            done.set()

        async def consumer(gate: asyncio.Event) -> tuple[int, list[dict[str, Any]]]:
            """Reconecta no meio do fluxo com um cursor alguns eventos atrás e lê até o último emitido."""
            await gate.wait()
            cursor = emitted[max(0, len(emitted) - 5)]["seq"]
            got: list[dict[str, Any]] = []
            async with _connect_as(ws_url, member, cursor=cursor) as ws:
                ready = await _recv(ws)
                assert ready["type"] == "ready" and ready["cursor"] >= cursor
                async with asyncio.timeout(TIMEOUT * 3):
                    while not (done.is_set() and got and got[-1]["seq"] == emitted[-1]["seq"]):
                        with contextlib.suppress(TimeoutError):  # cancelar recv() é seguro no websockets
                            got.append(await _recv(ws, timeout=0.1))
            return cursor, got

        consumers = [asyncio.create_task(consumer(gate)) for gate in gates.values()]
        await producer()
        results = await asyncio.gather(*consumers)
        by_seq = {e["seq"]: e for e in emitted}
        for cursor, got in results:
            assert cursor < emitted[-1]["seq"]
            expected = sorted(seq for seq in by_seq if seq > cursor)
            assert [m["seq"] for m in got] == expected, f"cursor {cursor}"
            # Reenviados ou ao vivo, os envelopes são idênticos aos publicados (mesmo id).
            assert got == [by_seq[seq] for seq in expected]
        # Os consumidores entraram em pontos diferentes do fluxo (não todos depois do fim).
        assert len({cursor for cursor, _ in results}) > 1

    async def test_cursor_at_latest_replays_nothing(self, ws_url: str, ctx: AppContext, member: Actor) -> None:
        last = await _emit(ctx, member.tenant.id)
        async with _connect_as(ws_url, member, cursor=last["seq"]) as ws:
            assert await _recv(ws) == {"type": "ready", "cursor": last["seq"]}
            live = await _emit(ctx, member.tenant.id)
            assert await _recv(ws) == live

    async def test_too_many_missed_asks_for_resync_and_stays_live(
        self, ws_url: str, ctx: AppContext, member: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(connection, "MAX_REPLAY", 3)
        emitted = [await _emit(ctx, member.tenant.id) for _ in range(4)]
        async with _connect_as(ws_url, member, cursor=emitted[0]["seq"]) as ws:  # 3 perdidos: cabe
            await _recv(ws)
            assert [await _recv(ws) for _ in range(3)] == emitted[1:]
        async with _connect_as(ws_url, member, cursor=0) as ws:  # 4 perdidos: não cabe
            latest = emitted[-1]["seq"]
            assert await _recv(ws) == {"type": "ready", "cursor": latest}
            assert await _recv(ws) == {"type": "resync_required", "reason": "too_many_missed", "cursor": latest}
            live = await _emit(ctx, member.tenant.id)
            assert await _recv(ws) == live

    async def test_slow_consumer_gets_resync_and_is_closed(
        self, ws_url: str, ctx: AppContext, member: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(bus_module, "QUEUE_SIZE", 4)
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            channel = tenant_channel(member.tenant.id)
            # Entrega síncrona, sem ceder o laço: a fila de 4 estoura antes de a conexão ler qualquer coisa.
            for seq in range(1, 11):
                ctx.bus._local.deliver(channel, orjson.dumps({"seq": seq, "type": "message.created"}))
            code, _, frames = await _closed(ws)
        assert code == connection.CLOSE_RESYNC
        assert frames[-1] == {"type": "resync_required", "reason": "slow_consumer"}


class TestPerTenantSeq:
    """O `seq` conta só os eventos do próprio tenant: pelos números, um tenant não mede o tráfego dos outros."""

    async def test_seq_counts_only_the_tenants_own_events(
        self, ctx: AppContext, tenant: Tenant, tenant_second: Tenant
    ) -> None:
        noisy = [await _emit(ctx, tenant_second.id) for _ in range(50)]
        assert [e["seq"] for e in noisy] == list(range(1, 51))
        first = await _emit(ctx, tenant.id)
        assert first["seq"] == 1  # 50 eventos do outro tenant antes, e nenhum deles conta
        seqs: dict[uuid.UUID, list[int]] = {tenant.id: [first["seq"]], tenant_second.id: [e["seq"] for e in noisy]}
        for i in range(12):  # intercalados, avulsos e em lote
            owner = tenant.id if i % 3 else tenant_second.id
            if i % 4 == 0:
                async with ctx.sessionmaker() as session:
                    batch = await emit_many(ctx, session, owner, [("message.created", {}), ("message.status", {})])
                    await commit(session)
                seqs[owner] += [e["seq"] for e in batch]
            else:
                seqs[owner].append((await _emit(ctx, owner))["seq"])
        for values in seqs.values():
            assert values == list(range(1, len(values) + 1))  # estritamente crescente, sem depender do outro

    async def test_reconnect_with_cursor_brings_only_the_tenants_events_after_it(
        self, ws_url: str, ctx: AppContext, member: Actor, admin_second: Actor
    ) -> None:
        mine: list[dict[str, Any]] = []
        for i in range(6):
            mine.append(await _emit(ctx, member.tenant.id, f"a{i}"))
            for _ in range(7):
                await _emit(ctx, admin_second.tenant.id, f"b{i}")
        assert [e["seq"] for e in mine] == list(range(1, 7))
        async with _connect_as(ws_url, member, cursor=mine[2]["seq"]) as ws:
            assert await _recv(ws) == {"type": "ready", "cursor": 6}  # o maior seq do tenant, não o do banco
            assert [await _recv(ws) for _ in range(3)] == mine[3:]
            await _emit(ctx, admin_second.tenant.id, "b-depois")
            live = await _emit(ctx, member.tenant.id, "a-depois")
            assert live["seq"] == 7
            assert await _recv(ws) == live  # nada do outro tenant no meio
        async with _connect_as(ws_url, admin_second, cursor=40) as ws:
            assert await _recv(ws) == {"type": "ready", "cursor": 43}
            assert [(await _recv(ws))["seq"] for _ in range(3)] == [41, 42, 43]

    async def test_webhook_envelope_has_the_same_seq_as_the_websocket(
        self, ws_url: str, ctx: AppContext, member: Actor, tenant_second: Tenant
    ) -> None:
        for _ in range(5):
            await _emit(ctx, tenant_second.id)
        async with ctx.sessionmaker() as session:
            # Destino interno: o worker da aplicação compartilhada o recusa sem tentar a rede.
            session.add(
                WebhookEndpoint(
                    tenant_id=member.tenant.id,
                    url="http://127.0.0.1:9/webhook",
                    events=["*"],
                    secret_encrypted=ctx.encryptor.encrypt("segredo"),
                )
            )
            await session.commit()
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            await _emit(ctx, member.tenant.id)
            frame = await _recv(ws)
        async with ctx.sessionmaker() as session:
            payload = (
                await session.execute(select(WebhookDelivery.payload).where(WebhookDelivery.event_id == frame["id"]))
            ).scalar_one()
        assert frame["seq"] == 1
        assert payload == frame

    async def test_tenants_created_by_the_api_and_by_a_direct_insert_both_get_seqs(
        self, client: httpx.AsyncClient, ctx: AppContext, factory: Factory, superadmin: Actor, backend: str
    ) -> None:
        response = await client.post(
            "/api/v1/tenants",
            headers=superadmin.headers,
            json={"clientId": f"seq-{uuid.uuid4().hex[:8]}", "name": "Pela API"},
        )
        assert response.status_code == 201, response.text
        async with ctx.sessionmaker() as session:
            by_api = (
                await session.execute(select(Tenant).where(Tenant.client_id == response.json()["clientId"]))
            ).scalar_one()
        by_orm = await factory.tenant()  # INSERT direto pelo ORM, sem o serviço de tenants
        for created in (by_api, by_orm):
            if backend == "postgres":
                async with ctx.sessionmaker() as session:
                    sequence = (
                        await session.execute(
                            text("SELECT to_regclass(wacs_realtime_seq_name(:id))::text"), {"id": created.id}
                        )
                    ).scalar_one()
                assert sequence is not None  # criada junto com o tenant, pelo gatilho
            assert [(await _emit(ctx, created.id))["seq"] for _ in range(3)] == [1, 2, 3]

    async def test_deleting_a_tenant_drops_its_counter(self, ctx: AppContext, tenant: Tenant, backend: str) -> None:
        await _emit(ctx, tenant.id)
        if backend == "postgres":
            counter = text("SELECT to_regclass(wacs_realtime_seq_name(:id))::text")
        else:
            counter = text("SELECT last_seq FROM realtime_counters WHERE tenant_id = :id")
        params = {"id": tenant.id if backend == "postgres" else tenant.id.hex}
        async with ctx.sessionmaker() as session:
            assert (await session.execute(counter, params)).scalar_one_or_none() is not None
            await session.execute(delete(Tenant).where(Tenant.id == tenant.id))
            await session.commit()
            assert (await session.execute(counter, params)).scalar_one_or_none() is None

    async def test_missing_sequence_is_recreated_even_by_concurrent_transactions(
        self, ctx: AppContext, tenant: Tenant, backend: str
    ) -> None:
        """Tenant sem a sua sequence (ex.: gravado com os gatilhos desligados): o primeiro evento a cria, depois do
        maior seq que o tenant já tem."""
        if backend != "postgres":
            pytest.skip("sequences por tenant só no PostgreSQL")
        assert [(await _emit(ctx, tenant.id))["seq"] for _ in range(2)] == [1, 2]
        async with ctx.sessionmaker() as session:
            await session.execute(text(f"DROP SEQUENCE realtime_seq_{tenant.id.hex}"))
            await session.commit()
        first_session = ctx.sessionmaker()
        second_session = ctx.sessionmaker()
        try:
            first = await emit(ctx, first_session, tenant.id, "message.created", {"n": 1})  # cria, sem confirmar
            # A segunda transação também não vê a sequence, espera a primeira e então a usa.
            second_task = asyncio.create_task(emit(ctx, second_session, tenant.id, "message.created", {"n": 2}))
            await asyncio.sleep(0.2)
            assert not second_task.done()
            await commit(first_session)
            second = await asyncio.wait_for(second_task, TIMEOUT)
            await commit(second_session)
        finally:
            await first_session.close()
            await second_session.close()
        assert (first["seq"], second["seq"]) == (3, 4)
        assert (await _emit(ctx, tenant.id))["seq"] == 5


class TestCredentialLifetime:
    async def test_logout_closes_the_open_connection(
        self, ws_url: str, client: httpx.AsyncClient, member: Actor, fast_heartbeat: float
    ) -> None:
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            assert (await client.post("/api/v1/auth/logout", headers=member.headers)).status_code == 204
            code, reason, frames = await _closed(ws)
        assert (code, reason) == (1008, "Sessão encerrada. Faça login novamente.")
        assert frames[-1]["type"] == "error"

    async def test_expired_token_closes_with_4401(
        self, ws_url: str, ctx: AppContext, factory: Factory, member: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(connection, "HEARTBEAT_SECONDS", 0.2)
        monkeypatch.setattr(ctx.tokens, "ttl_seconds", 2)
        short = await factory.login(member.tenant, member.user)
        async with _connect_as(ws_url, short) as ws:
            await _recv(ws)
            code, reason, _ = await _closed(ws)
        assert code == connection.CLOSE_TOKEN_EXPIRED
        assert "expirado" in reason

    async def test_token_renewal_in_band_keeps_the_connection(
        self, ws_url: str, ctx: AppContext, factory: Factory, member: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(connection, "HEARTBEAT_SECONDS", 0.2)
        monkeypatch.setattr(ctx.tokens, "ttl_seconds", 2)
        short = await factory.login(member.tenant, member.user)
        async with _connect_as(ws_url, short) as ws:
            await _recv(ws)
            await ws.send(json.dumps({"type": "auth", "token": _token(member)}))
            ok = await _recv_type(ws, "auth_ok")
            assert ok["expiresAt"].endswith("Z")
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 3
            while loop.time() < deadline:  # bem depois de o token curto expirar
                assert (await _recv(ws, timeout=2))["type"] == "ping"
            live = await _emit(ctx, member.tenant.id)
            assert await _recv_type(ws, "message.created") == live

    async def test_renewal_with_another_tenants_token_closes(
        self, ws_url: str, member: Actor, admin_second: Actor
    ) -> None:
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            await ws.send(json.dumps({"type": "auth", "token": _token(admin_second)}))
            code, _, frames = await _closed(ws)
        assert code == 1008
        assert frames[-1]["code"] == "tenant_divergente"


async def test_event_emitted_by_another_replica_arrives(
    ws_url: str, backend: str, settings: Settings, member: Actor
) -> None:
    """Com Redis, outra réplica (outro AppContext, outro RedisBus) emite e o cliente desta recebe."""
    if backend != "postgres":
        pytest.skip("só com Redis (backend postgres): em processo não há outra réplica")
    other = create_context(settings)
    try:
        assert type(other.bus).__name__ == "RedisBus"
        async with _connect_as(ws_url, member) as ws:
            await _recv(ws)
            envelope = await _emit(other, member.tenant.id, "de outra réplica")
            assert await _recv(ws) == envelope
        # E a recuperação pelo cursor enxerga o que a outra réplica gravou.
        async with _connect_as(ws_url, member, cursor=envelope["seq"] - 1) as ws:
            await _recv(ws)
            assert await _recv(ws) == envelope
    finally:
        await other.close()


async def test_events_of_one_transaction_are_published_together_in_order(ctx: AppContext) -> None:
    tenant_id = uuid.uuid4()
    async with ctx.bus.subscribe(tenant_channel(tenant_id)) as subscription:
        await ctx.bus.publish([(tenant_channel(tenant_id), b"1"), (tenant_channel(uuid.uuid4()), b"x")])
        await ctx.bus.publish([(tenant_channel(tenant_id), str(n).encode()) for n in range(2, 6)])
        received = [await subscription.get(5) for _ in range(5)]
    assert received == [b"1", b"2", b"3", b"4", b"5"]  # na ordem, e nada de outro canal


async def test_emit_many_keeps_the_given_order_in_one_insert(ctx: AppContext, member: Actor) -> None:
    kinds = ["message.created", "conversation.updated", "message.status", "message.created", "message.status"]
    async with ctx.bus.subscribe(tenant_channel(member.tenant.id)) as subscription:
        async with ctx.sessionmaker() as session:
            envelopes = await emit_many(ctx, session, member.tenant.id, [(k, {"n": i}) for i, k in enumerate(kinds)])
            await commit(session)
        published = [orjson.loads(await subscription.get(5) or b"{}") for _ in kinds]
    assert [e["type"] for e in envelopes] == kinds and [e["data"]["n"] for e in envelopes] == list(range(5))
    seqs = [e["seq"] for e in envelopes]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5  # o cursor cresce na ordem dada
    assert published == envelopes  # publicados depois do commit, na mesma ordem
