"""Repasse ao Supabase Realtime: tópico por tenant, lotes, Supabase fora do ar sem perda nem atraso da API, métricas.

Cada teste sobe um app com banco próprio (worker em processo, que roda o repasse) apontado para o Realtime falso
(`wacs.fakes.supabase_realtime`) servido em 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from tests.conftest import BACKEND
from tests.messaging_helpers import Isolated, connect_sandbox, isolated_app, wait_for, workers
from wacs.fakes.supabase_realtime import FakeRealtimeServer, FakeRealtimeState
from wacs.kit.db import commit
from wacs.models import RealtimeEvent, SupabaseRelayCursor, SupabaseRelayLease, Tenant
from wacs.realtime.events import emit, emit_many
from wacs.supabase.realtime import SupabaseRealtimeRelay
from wacs.worker.maintenance import prune

SERVICE_KEY = "chave-de-servico-de-teste"
FAST = {
    "supabase_service_key": SERVICE_KEY,
    "supabase_allow_private_url": True,
    "supabase_realtime_poll_seconds": 0.2,
    "supabase_realtime_retry_base_seconds": 0.05,
    "supabase_realtime_retry_max_seconds": 0.3,
    "supabase_timeout_seconds": 2.0,
}


@pytest.fixture
async def fake() -> AsyncIterator[FakeRealtimeServer]:
    async with FakeRealtimeServer(FakeRealtimeState(service_key=SERVICE_KEY)) as server:
        yield server


@pytest.fixture
async def iso(tmp_path: Path, fake: FakeRealtimeServer) -> AsyncIterator[Isolated]:
    async with isolated_app(tmp_path, supabase_url=fake.url, **FAST) as app:
        await relay_started(app)
        yield app


async def relay_started(app: Isolated) -> None:
    """Na primeira vez, o repasse começa do evento mais novo de cada tenant existente quando o worker assume: os
    testes só gravam eventos depois disso."""

    async def started() -> bool:
        async with app.ctx.sessionmaker() as session:
            return (await session.execute(select(SupabaseRelayLease.name))).first() is not None

    await wait_for(started, what="início do repasse")


async def emit_committed(
    iso: Isolated, tenant: Tenant, events: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Grava eventos numa transação e confirma — o caminho de quem publica no WebSocket."""
    async with iso.ctx.sessionmaker() as session:
        envelopes = await emit_many(iso.ctx, session, tenant.id, events)
        await commit(session)
    return envelopes


def unique(name: str) -> str:
    """client_id novo a cada teste: o cache de tenants no Redis é dividido pelos apps isolados da execução."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


def received(fake: FakeRealtimeServer, tenant: Tenant) -> list[dict[str, Any]]:
    return fake.state.topics.get(f"tenant:{tenant.client_id}", [])


async def wait_received(fake: FakeRealtimeServer, tenant: Tenant, count: int, within: float = 15.0) -> None:
    async def probe() -> bool:
        return len(received(fake, tenant)) >= count

    await wait_for(probe, within, what=f"{count} mensagens no tópico de {tenant.client_id}")


async def metrics_text(iso: Isolated) -> str:
    transport = httpx.ASGITransport(app=iso.app, client=("127.0.0.1", 4321))
    async with httpx.AsyncClient(transport=transport, base_url="http://local") as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    return response.text


def metric_value(exposed: str, name: str) -> float:
    for line in exposed.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"métrica {name} ausente")


async def test_each_tenant_gets_its_own_private_topic_with_the_websocket_envelope(
    iso: Isolated, fake: FakeRealtimeServer
) -> None:
    acme = await iso.factory.tenant(unique("acme"))
    beta = await iso.factory.tenant(unique("beta"))
    sent_acme = await emit_committed(iso, acme, [("message.created", {"n": i, "texto": "olá"}) for i in range(3)])
    sent_beta = await emit_committed(iso, beta, [("conversation.updated", {"n": 1})])
    sent_acme += await emit_committed(iso, acme, [("message.status", {"n": 3, "status": "read"})])

    await wait_received(fake, acme, 4)
    await wait_received(fake, beta, 1)
    got_acme = received(fake, acme)
    # O payload é o envelope do WebSocket (id, seq, type, createdAt, data), na ordem do seq; o evento é o tipo.
    assert [m["payload"] for m in got_acme] == sent_acme
    assert [m["event"] for m in got_acme] == ["message.created"] * 3 + ["message.status"]
    assert all(m["private"] is True and m["topic"] == f"tenant:{acme.client_id}" for m in got_acme)
    assert [m["payload"] for m in received(fake, beta)] == sent_beta
    assert set(fake.state.topics) == {f"tenant:{acme.client_id}", f"tenant:{beta.client_id}"}

    # O cursor de cada tenant avança até o último seq aceito (logo depois do 202).
    async def cursors_advanced() -> bool:
        async with iso.ctx.sessionmaker() as session:
            statement = select(SupabaseRelayCursor.tenant_id, SupabaseRelayCursor.last_seq)
            cursors = {row[0]: row[1] for row in await session.execute(statement)}
        return cursors.get(acme.id) == sent_acme[-1]["seq"] and cursors.get(beta.id) == sent_beta[-1]["seq"]

    await wait_for(cursors_advanced, what="cursores avançados")


async def test_events_are_batched_across_tenants(iso: Isolated, fake: FakeRealtimeServer) -> None:
    # Enquanto um POST espera a resposta, os eventos seguintes se juntam no próximo lote (1 s: folga para a máquina
    # carregada gravar os 40 commits durante poucos POSTs).
    fake.state.latency_ms = 1000
    tenants = [await iso.factory.tenant(unique(f"lote-{i}")) for i in range(2)]
    commits = 40
    for i in range(commits):
        await emit_committed(iso, tenants[i % 2], [("message.created", {"i": i, "j": j}) for j in range(5)])
    for tenant in tenants:
        await wait_received(fake, tenant, commits // 2 * 5)
    assert fake.state.accepted == commits * 5
    # 200 eventos em 40 commits: muito menos POSTs que commits (e que eventos), vários tenants por POST.
    assert fake.state.posts <= commits // 4, fake.state.posts
    assert max(r.messages for r in fake.state.requests) > 5
    for tenant in tenants:
        seqs = [m["payload"]["seq"] for m in received(fake, tenant)]
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


@pytest.mark.parametrize("mode", ["503", "refused"])
async def test_supabase_down_then_up_loses_nothing_and_the_api_is_unaffected(
    iso: Isolated, fake: FakeRealtimeServer, mode: str
) -> None:
    acme = await iso.factory.tenant(unique("acme"))
    beta = await iso.factory.tenant(unique("beta"))
    admin = await iso.factory.actor(acme, role="admin")
    session = await connect_sandbox(iso.client, admin)
    await wait_received(fake, acme, 1)  # session.status da conexão
    retries_before = await metric(iso, "wacs_supabase_realtime_retries_total")
    reason = "http_5xx" if mode == "503" else "connection"
    failures_before = await metric(iso, f'wacs_supabase_realtime_failures_total{{reason="{reason}"}}', default=0)

    await fake.down(mode)  # type: ignore[arg-type]
    before = fake.state.accepted
    beta_seqs: list[int] = []
    slowest = 0.0
    for i in range(10):
        for tenant in (acme, beta):
            started = time.perf_counter()
            sent = await emit_committed(
                iso, tenant, [("message.created", {"i": i}), ("conversation.updated", {"i": i})]
            )
            slowest = max(slowest, time.perf_counter() - started)
            if tenant is beta:
                beta_seqs += [e["seq"] for e in sent]
    # A API segue respondendo na hora: mensagem recebida pelo sandbox (202) e leitura de conversas.
    started = time.perf_counter()
    response = await iso.client.post(
        f"/api/v1/sandbox/sessions/{session['id']}/incoming",
        headers=admin.headers,
        json={"from": "5511988887777", "name": "Maria", "text": "Oi, Supabase fora do ar"},
    )
    assert response.status_code == 202, response.text
    response = await iso.client.get("/api/v1/conversations", headers=admin.headers)
    assert response.status_code == 200, response.text
    api_seconds = time.perf_counter() - started
    assert slowest < 1.0, slowest
    assert api_seconds < 2.0, api_seconds

    # Fora do ar: o repasse tenta de novo (com espera crescente), conta as falhas e não entrega nada.
    async def retried() -> bool:
        return await metric(iso, "wacs_supabase_realtime_retries_total") >= retries_before + 2

    await wait_for(retried, what="novas tentativas")
    assert fake.state.accepted == before
    assert await metric(iso, f'wacs_supabase_realtime_failures_total{{reason="{reason}"}}') > failures_before
    assert await metric(iso, "wacs_supabase_realtime_lag_events") > 0

    await fake.up()
    await wait_received(fake, beta, len(beta_seqs))

    # A mensagem do sandbox foi aceita (202) e é processada depois: o message.created dela pode nascer depois de o
    # repasse alcançar os outros eventos de acme, então espera por ele antes de conferir a sequência completa.
    async def sandbox_message_relayed() -> bool:
        return any(
            m["event"] == "message.created"
            and ((m["payload"]["data"].get("content") or {}).get("text") == "Oi, Supabase fora do ar")
            for m in received(fake, acme)
        )

    async def acme_complete() -> bool:
        return [m["payload"]["seq"] for m in received(fake, acme)] == await seqs_of(iso, acme)

    await wait_for(sandbox_message_relayed, what="message.created do sandbox no Supabase")
    await wait_for(acme_complete, what="todos os eventos de acme no Supabase")
    # Nada perdido, nada repetido, em ordem por tenant (inclusive o message.created que veio pelo sandbox).
    assert [m["payload"]["seq"] for m in received(fake, beta)] == beta_seqs == await seqs_of(iso, beta)

    async def caught_up() -> bool:
        return await metric(iso, "wacs_supabase_realtime_lag_events") == 0

    await wait_for(caught_up, what="atraso zerado")
    assert await metric(iso, "wacs_supabase_realtime_last_success_timestamp_seconds") > time.time() - 60


async def test_timeouts_are_retried_at_least_once(tmp_path: Path, fake: FakeRealtimeServer) -> None:
    async with isolated_app(tmp_path, supabase_url=fake.url, **{**FAST, "supabase_timeout_seconds": 0.3}) as iso:
        await relay_started(iso)
        tenant = await iso.factory.tenant(unique("acme"))
        timeouts_before = await metric(iso, 'wacs_supabase_realtime_failures_total{reason="timeout"}', default=0)
        fake.state.latency_ms = 1000  # o Supabase demora mais que o tempo limite do cliente
        sent = await emit_committed(iso, tenant, [("message.created", {"n": i}) for i in range(3)])

        async def timed_out() -> bool:
            value = await metric(iso, 'wacs_supabase_realtime_failures_total{reason="timeout"}', default=0)
            return value > timeouts_before

        await wait_for(timed_out, what="tempo esgotado contado")
        fake.state.latency_ms = 0

        async def complete() -> bool:
            async with iso.ctx.sessionmaker() as session:
                cursor = (
                    await session.execute(
                        select(SupabaseRelayCursor.last_seq).where(SupabaseRelayCursor.tenant_id == tenant.id)
                    )
                ).scalar()
            return cursor == sent[-1]["seq"]

        await wait_for(complete, what="cursor no último evento")
        # O Supabase pode ter aceitado um lote cuja resposta não chegou: repetido, nunca perdido nem fora de ordem.
        unique_payloads = list({m["payload"]["id"]: m["payload"] for m in received(fake, tenant)}.values())
        assert unique_payloads == sent


async def test_not_configured_nothing_is_sent(tmp_path: Path, fake: FakeRealtimeServer) -> None:
    async with isolated_app(tmp_path, supabase_url=fake.url, supabase_allow_private_url=True) as iso:
        # Sem a chave de serviço o repasse não existe: nenhum aviso, nenhuma posse, nenhum cursor.
        assert not iso.settings.supabase_realtime_configured
        assert iso.ctx.events_notifier is None
        tenant = await iso.factory.tenant(unique("acme"))
        await emit_committed(iso, tenant, [("message.created", {"n": 1})])
        await asyncio.sleep(0.5)
        async with iso.ctx.sessionmaker() as session:
            assert (await session.execute(select(SupabaseRelayLease))).first() is None
            assert (await session.execute(select(SupabaseRelayCursor))).first() is None
    assert fake.state.posts == 0


async def test_metrics_are_exposed(iso: Isolated, fake: FakeRealtimeServer) -> None:
    tenant = await iso.factory.tenant(unique("acme"))
    await emit_committed(iso, tenant, [("message.created", {"n": 1})])
    await wait_received(fake, tenant, 1)
    exposed = await metrics_text(iso)
    for name in (
        "wacs_supabase_realtime_broadcasts_total",
        "wacs_supabase_realtime_requests_total",
        "wacs_supabase_realtime_failures_total",
        "wacs_supabase_realtime_retries_total",
        "wacs_supabase_realtime_lost_total",
        "wacs_supabase_realtime_lag_events",
        "wacs_supabase_realtime_last_success_timestamp_seconds",
        "wacs_supabase_realtime_leader",
    ):
        assert f"# TYPE {name.removesuffix('_total')}" in exposed, name
    assert metric_value(exposed, "wacs_supabase_realtime_broadcasts_total") >= 1
    assert metric_value(exposed, "wacs_supabase_realtime_leader") == 1


async def test_only_one_relay_holds_the_lease(iso: Isolated, fake: FakeRealtimeServer) -> None:
    tenant = await iso.factory.tenant(unique("acme"))
    await emit_committed(iso, tenant, [("message.created", {"n": 1})])
    await wait_received(fake, tenant, 1)
    # O worker do app é o dono; um segundo processo (outro worker) não pega a vez enquanto a posse vale.
    other = SupabaseRealtimeRelay(iso.ctx)
    assert await other._hold_lease() is False
    async with iso.ctx.sessionmaker() as session:
        await session.execute(update(SupabaseRelayLease).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
        await session.commit()
    # Posse vencida (dono morto): o outro assume.
    assert await other._hold_lease() is True
    await other._release()


async def test_events_pruned_before_relay_are_counted_as_lost(iso: Isolated, fake: FakeRealtimeServer) -> None:
    tenant = await iso.factory.tenant(unique("acme"))
    await emit_committed(iso, tenant, [("message.created", {"n": 0})])
    await wait_received(fake, tenant, 1)
    lost_before = await metric(iso, "wacs_supabase_realtime_lost_total")
    await fake.down("503")
    sent = await emit_committed(iso, tenant, [("message.created", {"n": i}) for i in range(1, 6)])
    # Supabase fora do ar além da retenção: os eventos envelhecem e a limpeza os apaga (menos o mais novo).
    async with iso.ctx.sessionmaker() as session:
        await session.execute(
            update(RealtimeEvent)
            .where(RealtimeEvent.tenant_id == tenant.id)
            .values(created_at=datetime.now(UTC) - timedelta(hours=iso.settings.realtime_retention_hours + 1))
        )
        await session.commit()
    removed = await prune(iso.ctx)
    assert removed["realtime_events"] == 5
    assert await metric(iso, "wacs_supabase_realtime_lost_total") == lost_before + 4
    await fake.up()
    await wait_received(fake, tenant, 2)
    # Só o mais novo (que a limpeza guarda) ainda sai, sem esperar pelos apagados.
    assert [m["payload"]["seq"] for m in received(fake, tenant)][1:] == [sent[-1]["seq"]]


async def test_a_lower_seq_committed_later_is_not_skipped(iso: Isolated, fake: FakeRealtimeServer) -> None:
    if BACKEND != "postgres":
        pytest.skip("só no PostgreSQL há escritores concorrentes: no SQLite o commit segue a ordem do seq")
    tenant = await iso.factory.tenant(unique("acme"))
    # Transação lenta: reserva o seq 1 e ainda não confirmou; outra grava o seq 2 e confirma antes.
    async with iso.ctx.sessionmaker() as slow:
        first = await emit(iso.ctx, slow, tenant.id, "message.created", {"n": 1})
        second = await emit_committed(iso, tenant, [("message.created", {"n": 2})])
        assert second[0]["seq"] > first["seq"]
        await asyncio.sleep(1.5)
        assert received(fake, tenant) == []  # o buraco ainda pode se preencher: nada sai na frente
        await commit(slow)
    await wait_received(fake, tenant, 2)
    assert [m["payload"]["seq"] for m in received(fake, tenant)] == [first["seq"], second[0]["seq"]]


async def test_a_rolled_back_seq_does_not_block_the_tenant(iso: Isolated, fake: FakeRealtimeServer) -> None:
    tenant = await iso.factory.tenant(unique("acme"))
    async with iso.ctx.sessionmaker() as session:
        await emit(iso.ctx, session, tenant.id, "message.created", {"n": 1})
        await session.rollback()  # o seq reservado vira um buraco definitivo
    sent = await emit_committed(iso, tenant, [("message.created", {"n": 2})])
    await wait_received(fake, tenant, 1, within=10)
    assert [m["payload"] for m in received(fake, tenant)] == sent


async def test_a_separate_worker_process_is_woken_by_notify(tmp_path: Path, fake: FakeRealtimeServer) -> None:
    if BACKEND != "postgres":
        pytest.skip("o aviso entre processos é NOTIFY do PostgreSQL; no SQLite há um processo só")
    # API sem worker; o repasse roda num `python -m wacs worker` de verdade, com a consulta periódica longe (30 s):
    # chegar em segundos prova que o commit da API acordou o outro processo.
    config = {**FAST, "supabase_realtime_poll_seconds": 30.0}
    async with isolated_app(tmp_path, supabase_url=fake.url, run_worker=False, **config) as iso:
        env = {
            "SUPABASE_URL": fake.url,
            "SUPABASE_SERVICE_KEY": SERVICE_KEY,
            "SUPABASE_ALLOW_PRIVATE_URL": "true",
            "SUPABASE_REALTIME_POLL_SECONDS": "30",
        }
        with workers(iso.settings, tmp_path, 1, **env) as started:

            async def leading() -> bool:
                async with iso.ctx.sessionmaker() as session:
                    return (await session.execute(select(SupabaseRelayLease.holder))).scalar() is not None

            await wait_for(leading, 30, what="o worker assumir o repasse")
            tenant = await iso.factory.tenant(unique("acme"))
            await asyncio.sleep(1.0)  # o worker volta a dormir (até 30 s) antes do evento
            began = time.monotonic()
            sent = await emit_committed(iso, tenant, [("message.created", {"n": 1})])
            await wait_received(fake, tenant, 1, within=10)
            assert time.monotonic() - began < 5, started[0].log()
            assert [m["payload"] for m in received(fake, tenant)] == sent


# ---------------------------------------------------------------------------------------------------------------


async def seqs_of(iso: Isolated, tenant: Tenant) -> list[int]:
    async with iso.ctx.sessionmaker() as session:
        statement = select(RealtimeEvent.seq).where(RealtimeEvent.tenant_id == tenant.id).order_by(RealtimeEvent.seq)
        return list((await session.execute(statement)).scalars())


async def metric(iso: Isolated, name: str, default: float | None = None) -> float:
    exposed = await metrics_text(iso)
    try:
        return metric_value(exposed, name)
    except AssertionError:
        if default is None:
            raise
        return default
