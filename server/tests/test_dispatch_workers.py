"""Despacho: retentativas, falha final, fallback entre provedores, circuit breaker e workers de verdade.

Como isolar do worker da sessão: o app da fixture `app` roda um worker em processo que consulta o banco dos testes, e
retentativas/circuit breaker dependem das configurações de QUEM executa o job (base da espera, limiar e tempo do
circuito vêm do `ctx` do worker). Por isso estes testes usam apps com banco próprio (`isolated_app`: banco
PostgreSQL novo com nome aleatório ou arquivo SQLite novo) e o worker do próprio app (configurações rápidas) ou
processos `python -m wacs worker` iniciados pelo teste. Nenhum outro worker enxerga esses bancos.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from tests.conftest import BACKEND, Actor
from tests.messaging_helpers import (
    NO_RECEIPTS,
    Isolated,
    WorkerProcess,
    connect_sandbox,
    events_of,
    isolated_app,
    message_row,
    outbox_rows,
    send_jobs_left,
    wait_for,
    wait_no_send_jobs,
    wait_status,
)
from wacs.assembly import build_worker
from wacs.kit.context import AppContext
from wacs.models import Job, Media, Message
from wacs.providers import registry
from wacs.providers.sandbox import SandboxProvider, inject_failures
from wacs.worker import queue

MESSAGES = "/api/v1/messages"
TO = "5511988887777"
FAST = {
    "job_retry_base_seconds": 0.05,
    "job_retry_max_seconds": 0.5,
    "job_max_attempts": 3,
    "circuit_failure_threshold": 3,
    "circuit_open_seconds": 1,
    "sandbox_delivered_after_seconds": 0.05,
    "sandbox_read_after_seconds": 0.05,
    "rate_limit_per_minute": 10_000,
    "worker_concurrency": 4,
    "bulk_max_recipients": 5,
}


class MetaDouble(SandboxProvider):
    """Dublê de teste do provedor da Meta: o sandbox com outro tipo, para ter duas sessões de provedores diferentes."""

    type = "meta_api"
    display_name = "Meta (dublê de teste)"
    default_rank = 0  # como um provedor real: antes do simulado na preferência padrão


@pytest.fixture
def meta_double() -> Iterator[type[MetaDouble]]:
    previous = registry.available().get("meta_api")
    registry.register(MetaDouble)
    try:
        yield MetaDouble
    finally:
        if previous is None:
            registry._REGISTRY.pop("meta_api", None)
        else:
            registry._REGISTRY["meta_api"] = previous


@pytest.fixture(scope="module")
async def fast(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Isolated]:
    async with isolated_app(tmp_path_factory.mktemp("despacho"), **FAST) as iso:
        yield iso


async def _admin(iso: Isolated, **tenant_settings: Any) -> Actor:
    return await iso.factory.actor(await iso.factory.tenant(**tenant_settings), "admin")


async def _send(iso: Isolated, actor: Actor, **body: Any) -> str:
    response = await iso.client.post(
        f"{MESSAGES}/text", headers=actor.headers, json={"to": TO, "content": "oi", **body}
    )
    assert response.status_code in {200, 202}, response.text
    return response.json()["messageId"]  # type: ignore[no-any-return]


async def _status(iso: Isolated, actor: Actor, message_id: str) -> dict[str, Any]:
    response = await iso.client.get(f"{MESSAGES}/{message_id}/status", headers=actor.headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def _fail(iso: Isolated, actor: Actor, session: dict[str, Any], mode: str, count: int) -> None:
    response = await iso.client.post(
        f"/api/v1/sandbox/sessions/{session['id']}/failures", headers=actor.headers, json={"mode": mode, "count": count}
    )
    assert response.status_code == 200, response.text


class TestRetries:
    async def test_two_transient_failures_then_sent(self, fast: Isolated) -> None:
        admin = await _admin(fast)
        session = await connect_sandbox(fast.client, admin, **NO_RECEIPTS)
        await _fail(fast, admin, session, "transient", 2)
        message_id = await _send(fast, admin)
        await wait_status(fast.ctx, message_id, "sent")
        status = await _status(fast, admin, message_id)
        assert status["attempts"] == 3
        assert status["provider"] == "sandbox"
        assert status["error"] is None and status["errorCode"] is None
        rows = await outbox_rows(fast.ctx, session["id"])
        assert [r.provider_message_id for r in rows] == [status["providerMessageId"]]
        events = [
            e for e in await events_of(fast.ctx, admin.tenant.id, "message.status") if e["messageId"] == message_id
        ]
        assert [e["status"] for e in events] == ["sent"]

    async def test_message_created_is_emitted_even_when_sent_on_a_retry(self, fast: Isolated) -> None:
        admin = await _admin(fast)
        session = await connect_sandbox(fast.client, admin, **NO_RECEIPTS)
        await _fail(fast, admin, session, "transient", 1)
        message_id = await _send(fast, admin)
        await wait_status(fast.ctx, message_id, "sent")
        created = [
            e for e in await events_of(fast.ctx, admin.tenant.id, "message.created") if e["messageId"] == message_id
        ]
        assert len(created) == 1

    async def test_more_transient_failures_than_attempts_ends_failed(self, fast: Isolated) -> None:
        admin = await _admin(fast)
        session = await connect_sandbox(fast.client, admin, **NO_RECEIPTS)
        await _fail(fast, admin, session, "transient", 10)
        message_id = await _send(fast, admin)
        await wait_status(fast.ctx, message_id, "failed")
        status = await _status(fast, admin, message_id)
        assert status["errorCode"] == "tentativas_esgotadas"
        assert status["error"] == (
            "Não foi possível enviar depois de 3 tentativas: Falha temporária simulada pelo sandbox."
        )
        assert status["failedAt"] is not None and status["sentAt"] is None
        assert status["attempts"] == 3
        assert await outbox_rows(fast.ctx, session["id"]) == []
        async with fast.ctx.sessionmaker() as db:
            job = (
                await db.execute(select(Job).where(Job.tenant_id == admin.tenant.id, Job.kind == "message.send"))
            ).scalar_one()
        assert (job.status, job.attempts, job.max_attempts) == ("dead", 3, 3)
        events = [
            e for e in await events_of(fast.ctx, admin.tenant.id, "message.status") if e["messageId"] == message_id
        ]
        assert [(e["status"], e["error"]) for e in events] == [("failed", status["error"])]

    async def test_permanent_failure_is_not_retried(self, fast: Isolated) -> None:
        admin = await _admin(fast)
        session = await connect_sandbox(fast.client, admin, **NO_RECEIPTS)
        await _fail(fast, admin, session, "permanent", 1)
        message_id = await _send(fast, admin)
        await wait_status(fast.ctx, message_id, "failed")
        status = await _status(fast, admin, message_id)
        assert (status["errorCode"], status["attempts"]) == ("sandbox_permanent", 1)
        assert status["error"] == "Número de destino inválido (falha permanente simulada)."
        assert await send_jobs_left(fast.ctx, admin.tenant.id) == 0

    async def test_no_connected_session_ends_failed_after_the_attempts(self, fast: Isolated) -> None:
        admin = await _admin(fast)
        session = await connect_sandbox(fast.client, admin, **NO_RECEIPTS)
        gone = await fast.client.delete(
            "/api/v1/sessions/disconnect", headers=admin.headers, params={"sessionId": session["id"]}
        )
        assert gone.json()["status"] == "disconnected"
        message_id = await _send(fast, admin)
        await wait_status(fast.ctx, message_id, "failed")
        status = await _status(fast, admin, message_id)
        assert status["errorCode"] == "tentativas_esgotadas"
        assert status["error"].endswith("Nenhuma sessão conectada para enviar esta mensagem.")


async def test_bulk_limit_comes_from_settings(fast: Isolated) -> None:
    admin = await _admin(fast)
    await connect_sandbox(fast.client, admin, **NO_RECEIPTS)
    recipients = [{"to": f"55119{40000000 + i}"} for i in range(6)]
    response = await fast.client.post(
        f"{MESSAGES}/send-bulk", headers=admin.headers, json={"recipients": recipients, "content": "oi"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [
        {"field": "recipients", "location": "body", "type": "too_long", "message": "Deve ter no máximo 5 item(ns)."}
    ]
    ok = await fast.client.post(
        f"{MESSAGES}/send-bulk", headers=admin.headers, json={"recipients": recipients[:5], "content": "oi"}
    )
    assert ok.status_code == 202 and ok.json()["total"] == 5


class TestFallbackAndCircuit:
    async def _two_providers(
        self, iso: Isolated, **tenant_settings: Any
    ) -> tuple[Actor, dict[str, Any], dict[str, Any]]:
        admin = await _admin(iso, **tenant_settings)
        sandbox = await connect_sandbox(iso.client, admin, "5511900000001", **NO_RECEIPTS)
        meta = await connect_sandbox(iso.client, admin, "5511900000002", provider="meta_api", **NO_RECEIPTS)
        assert meta["provider"] == "meta_api"
        return admin, sandbox, meta

    async def test_transient_failure_falls_back_to_the_next_provider(
        self, fast: Isolated, meta_double: type[MetaDouble]
    ) -> None:
        admin, sandbox, meta = await self._two_providers(
            fast, provider_preference=["sandbox", "meta_api"], automatic_fallback=True
        )
        await _fail(fast, admin, sandbox, "transient", 1)
        response = await fast.client.post(f"{MESSAGES}/text", headers=admin.headers, json={"to": TO, "content": "oi"})
        assert response.status_code == 200, response.text
        assert (response.json()["status"], response.json()["provider"]) == ("sent", "meta_api")
        status = await _status(fast, admin, response.json()["messageId"])
        assert (status["provider"], status["sessionId"], status["attempts"]) == ("meta_api", meta["id"], 1)
        assert await outbox_rows(fast.ctx, sandbox["id"]) == []
        assert [r.to_number for r in await outbox_rows(fast.ctx, meta["id"])] == [TO]
        row = await message_row(fast.ctx, response.json()["messageId"])
        assert row is not None and row.from_number == "5511900000002"
        # Sem falha, volta a ser o sandbox (o primeiro da preferência).
        next_id = await _send(fast, admin)
        assert (await _status(fast, admin, next_id))["provider"] == "sandbox"

    async def test_without_fallback_it_retries_the_same_provider(
        self, fast: Isolated, meta_double: type[MetaDouble]
    ) -> None:
        admin, sandbox, meta = await self._two_providers(
            fast, provider_preference=["sandbox", "meta_api"], automatic_fallback=False
        )
        await _fail(fast, admin, sandbox, "transient", 1)
        message_id = await _send(fast, admin)
        await wait_status(fast.ctx, message_id, "sent")
        status = await _status(fast, admin, message_id)
        assert (status["provider"], status["sessionId"], status["attempts"]) == ("sandbox", sandbox["id"], 2)
        assert await outbox_rows(fast.ctx, meta["id"]) == []

    async def test_explicit_provider_does_not_fall_back(self, fast: Isolated, meta_double: type[MetaDouble]) -> None:
        admin, sandbox, meta = await self._two_providers(
            fast, provider_preference=["sandbox", "meta_api"], automatic_fallback=True
        )
        await inject_failures(fast.ctx, uuid.UUID(meta["id"]), "transient", 1)
        message_id = await _send(fast, admin, provider="meta_api")
        await wait_status(fast.ctx, message_id, "sent")
        status = await _status(fast, admin, message_id)
        assert (status["provider"], status["attempts"]) == ("meta_api", 2)
        assert await outbox_rows(fast.ctx, sandbox["id"]) == []

    async def test_circuit_opens_skips_and_closes_on_success(
        self, fast: Isolated, meta_double: type[MetaDouble]
    ) -> None:
        admin, sandbox, _ = await self._two_providers(
            fast, provider_preference=["sandbox", "meta_api"], automatic_fallback=True
        )
        sid = sandbox["id"]
        cache = fast.ctx.cache
        await _fail(fast, admin, sandbox, "transient", 100)

        async def tried_on_sandbox() -> int:
            return await cache.get_counter(f"sandbox:fail-used:{sid}")

        async def is_open() -> bool:
            return await cache.get(f"cb-open:{sid}") is not None

        async def closed() -> bool:
            return not await is_open()

        providers = []
        for i in range(3):
            providers.append((await _status(fast, admin, await _send(fast, admin)))["provider"])
            assert await tried_on_sandbox() == i + 1
        assert await is_open()  # CIRCUIT_FAILURE_THRESHOLD = 3
        for _ in range(2):
            providers.append((await _status(fast, admin, await _send(fast, admin)))["provider"])
        assert await tried_on_sandbox() == 3  # circuito aberto: o sandbox nem é tentado
        assert providers == ["meta_api"] * 5

        # Depois de CIRCUIT_OPEN_SECONDS, uma tentativa passa; falhou de novo, o circuito reabre na hora.
        await wait_for(closed, within=5, what="circuito fechar")
        assert (await _status(fast, admin, await _send(fast, admin)))["provider"] == "meta_api"
        assert await tried_on_sandbox() == 4
        assert await is_open()

        # O sandbox se recupera: passado o tempo, a tentativa dá certo e o circuito fecha.
        await _fail(fast, admin, sandbox, "transient", 0)
        await wait_for(closed, within=5, what="circuito fechar")
        recovered = await _send(fast, admin)
        assert (await _status(fast, admin, recovered))["provider"] == "sandbox"
        assert await cache.get_counter(f"cb-fail:{sid}") == 0
        assert (await _status(fast, admin, await _send(fast, admin)))["provider"] == "sandbox"

    async def test_provider_switch_changes_auto_immediately(
        self, fast: Isolated, meta_double: type[MetaDouble]
    ) -> None:
        admin, sandbox, meta = await self._two_providers(
            fast
        )  # preferência padrão: meta_api, sandbox (o simulado por último)
        assert (await _status(fast, admin, await _send(fast, admin)))["provider"] == "meta_api"
        switched = await fast.client.post(
            "/api/v1/tenant/provider-switch", headers=admin.headers, json={"provider": "sandbox"}
        )
        assert switched.status_code == 200, switched.text
        assert switched.json()["providerPreference"] == ["sandbox", "meta_api"]
        assert (await _status(fast, admin, await _send(fast, admin)))["provider"] == "sandbox"
        # Provedor explícito continua valendo.
        assert (await _status(fast, admin, await _send(fast, admin, provider="meta_api")))["provider"] == "meta_api"
        back = await fast.client.post(
            "/api/v1/tenant/provider-switch", headers=admin.headers, json={"provider": "meta_api"}
        )
        assert back.json()["providerPreference"][0] == "meta_api"
        assert (await _status(fast, admin, await _send(fast, admin)))["provider"] == "meta_api"
        assert len(await outbox_rows(fast.ctx, sandbox["id"])) == 1
        assert len(await outbox_rows(fast.ctx, meta["id"])) == 3

    async def test_disconnected_session_is_skipped(self, fast: Isolated, meta_double: type[MetaDouble]) -> None:
        admin, sandbox, _ = await self._two_providers(
            fast, provider_preference=["sandbox", "meta_api"], automatic_fallback=True
        )
        await fast.client.delete(
            "/api/v1/sessions/disconnect", headers=admin.headers, params={"sessionId": sandbox["id"]}
        )
        assert (await _status(fast, admin, await _send(fast, admin)))["provider"] == "meta_api"


# ---------------------------------------------------------------------------------------------------------------
# Workers


@contextlib.asynccontextmanager
async def _inprocess_worker(
    ctx: AppContext, concurrency: int | None = None, poll_seconds: float | None = None
) -> AsyncIterator[Any]:
    """Um worker no processo do teste. Ao sair, `stop()` espera as tarefas em andamento: tudo que ele reivindicou
    terminou."""
    worker = build_worker(ctx)
    if concurrency is not None:
        worker.concurrency = concurrency
    if poll_seconds is not None:
        worker.poll_seconds = poll_seconds
    task = asyncio.create_task(worker.run())
    try:
        yield worker
    finally:
        await worker.stop()
        await asyncio.wait_for(task, 15)


@contextlib.contextmanager
def _pool() -> Iterator[list[WorkerProcess]]:
    """Processos worker iniciados pelo teste; sempre encerrados no fim (pelo id)."""
    started: list[WorkerProcess] = []
    try:
        yield started
    finally:
        for worker in started:
            worker.kill()
            worker.stop()


def _start(iso: Isolated, tmp_path: Path, pool: list[WorkerProcess], **env: str) -> WorkerProcess:
    worker = WorkerProcess(iso.settings, tmp_path / f"worker-{len(pool)}.log", **env)
    pool.append(worker)
    return worker


async def _running_job(ctx: AppContext, tenant_id: uuid.UUID, pid: int) -> Job | None:
    async with ctx.sessionmaker() as db:
        job = (
            await db.execute(select(Job).where(Job.tenant_id == tenant_id, Job.kind == "message.send"))
        ).scalar_one_or_none()
    if job is not None and job.status == "running" and job.locked_by and f":{pid}:" in job.locked_by:
        return job
    return None


async def test_killed_worker_loses_no_message(tmp_path: Path) -> None:
    async with isolated_app(tmp_path / "dados", run_worker=False, send_ack_wait_seconds=0, job_lease_seconds=2) as iso:
        admin = await _admin(iso)
        session = await connect_sandbox(iso.client, admin, ackDelayMs=3000, **NO_RECEIPTS)
        with _pool() as pool:
            first = _start(iso, tmp_path, pool, JOB_LEASE_SECONDS="2")
            response = await iso.client.post(
                f"{MESSAGES}/text", headers=admin.headers, json={"to": TO, "content": "oi"}
            )
            assert response.status_code == 202 and response.json()["status"] == "pending"
            message_id = response.json()["messageId"]

            async def claimed() -> Job | None:
                assert first.proc.poll() is None, first.log()
                return await _running_job(iso.ctx, admin.tenant.id, first.pid)

            job = await wait_for(claimed, within=20, interval=0.02, what="worker 1 pegar o job")
            first.kill()  # kill -9 no meio do envio (o sandbox ainda "espera" o aceite de 3 s)
            assert first.proc.returncode == -9
            assert (datetime.now(UTC) - job.updated_at).total_seconds() < 3  # morreu antes do aceite
            assert await outbox_rows(iso.ctx, session["id"]) == []
            row = await message_row(iso.ctx, message_id)
            assert row is not None and row.status == "pending"

            second = _start(iso, tmp_path, pool, JOB_LEASE_SECONDS="2")
            sent = await wait_status(iso.ctx, message_id, "sent", within=25)
            assert second.proc.poll() is None, second.log()
            assert sent.attempts >= 2  # a tentativa do worker morto contou; o lease venceu e o worker 2 refez
            rows = await outbox_rows(iso.ctx, session["id"])
            assert sent.message_id in {r.provider_message_id for r in rows}
            print(f"\nworker morto: {len(rows)} entrega(s) no outbox, {sent.attempts} tentativas")
            assert len(rows) == 1
            async with iso.ctx.sessionmaker() as db:
                count = await db.scalar(select(func.count()).select_from(Message))
            assert count == 1
            await wait_no_send_jobs(iso.ctx, admin.tenant.id, within=15)


async def test_send_slower_than_the_lease_is_not_repeated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Envio mais lento que JOB_LEASE_SECONDS: o worker renova o prazo e ninguém (nem ele mesmo) repete o job."""
    async with isolated_app(tmp_path / "dados", run_worker=False, job_lease_seconds=1, send_ack_wait_seconds=0) as iso:
        admin = await _admin(iso)
        session = await connect_sandbox(iso.client, admin, ackDelayMs=1500, **NO_RECEIPTS)
        claimed: list[int] = []
        original = queue.claim

        async def counted(ctx: AppContext, db: Any, worker_id: str, limit: int) -> list[Job]:
            jobs = await original(ctx, db, worker_id, limit)
            if ctx is iso.ctx:  # o worker do app da sessão também passa por aqui
                claimed.extend(job.id for job in jobs if job.kind == "message.send")
            return jobs

        monkeypatch.setattr(queue, "claim", counted)
        message_id = await _send(iso, admin)
        async with _inprocess_worker(iso.ctx):
            await wait_status(iso.ctx, message_id, "sent", within=10)
            # Só um job existente pode ser reivindicado de novo: com a fila vazia, nenhuma repetição começa mais, e
            # a saída do worker espera a que já tenha começado terminar (no outbox).
            await wait_no_send_jobs(iso.ctx, admin.tenant.id, within=10)
        assert len(claimed) == 1, claimed
        assert len(await outbox_rows(iso.ctx, session["id"])) == 1


async def _diagnosis(ctx: AppContext, workers: list[WorkerProcess]) -> str:
    async with ctx.sessionmaker() as db:
        statuses = dict((await db.execute(select(Message.status, func.count()).group_by(Message.status))).all())
        jobs = (
            await db.execute(
                select(Job.kind, Job.status, Job.attempts, Job.last_error, func.count()).group_by(
                    Job.kind, Job.status, Job.attempts, Job.last_error
                )
            )
        ).all()
    logs = "\n".join(f"--- worker {w.pid} (saída {w.proc.poll()}):\n{w.log()[-3000:]}" for w in workers)
    return f"mensagens {statuses}; jobs {jobs}\n{logs}"


@pytest.mark.skipif(BACKEND != "postgres", reason="vários workers só no PostgreSQL (SKIP LOCKED)")
async def test_two_workers_never_send_the_same_message(tmp_path: Path) -> None:
    async with isolated_app(tmp_path / "dados", run_worker=False, send_ack_wait_seconds=0) as iso:
        admin = await _admin(iso)
        session = await connect_sandbox(iso.client, admin, messagesPerSecond=1000, **NO_RECEIPTS)
        with _pool() as pool:
            workers = [_start(iso, tmp_path, pool), _start(iso, tmp_path, pool)]
            recipients = [{"to": f"55119{80000000 + i}"} for i in range(300)]
            response = await iso.client.post(
                f"{MESSAGES}/send-bulk", headers=admin.headers, json={"recipients": recipients, "content": "promo"}
            )
            assert response.status_code == 202, response.text
            lockers: set[str] = set()

            async def all_sent() -> bool:
                for worker in workers:
                    assert worker.proc.poll() is None, worker.log()
                async with iso.ctx.sessionmaker() as db:
                    lockers.update((await db.execute(select(Job.locked_by).where(Job.status == "running"))).scalars())
                    counts = dict(
                        (await db.execute(select(Message.status, func.count()).group_by(Message.status))).all()
                    )
                return counts.get("sent", 0) == 300

            try:
                await wait_for(all_sent, within=40, interval=0.05, what="300 mensagens enviadas")
                await wait_no_send_jobs(iso.ctx, admin.tenant.id)
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{await _diagnosis(iso.ctx, workers)}") from None
        # Os dois processos trabalharam.
        pids = {locker.split(":")[1] for locker in lockers if locker}
        assert {str(w.pid) for w in workers} <= pids, (pids, [w.pid for w in workers])
        rows = await outbox_rows(iso.ctx, session["id"])
        assert len(rows) == 300
        assert len({r.provider_message_id for r in rows}) == 300
        async with iso.ctx.sessionmaker() as db:
            messages = list((await db.execute(select(Message))).scalars())
        by_provider_id = {m.message_id: m for m in messages}
        assert len(messages) == 300 and len(by_provider_id) == 300
        assert {r.provider_message_id for r in rows} == set(by_provider_id)
        assert all(by_provider_id[r.provider_message_id].to_number == r.to_number for r in rows)


async def test_busy_worker_does_not_poll_the_database_in_a_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Com todas as vagas ocupadas e jobs vencidos na fila, o worker espera uma vaga em vez de consultar sem parar."""
    async with isolated_app(tmp_path / "dados", run_worker=False, send_ack_wait_seconds=0) as iso:
        admin = await _admin(iso)
        await connect_sandbox(iso.client, admin, ackDelayMs=1000, **NO_RECEIPTS)
        first, second = await _send(iso, admin), await _send(iso, admin, to="5511977776666")
        calls = 0
        original = queue.next_run_at

        async def counted(session: Any) -> Any:
            nonlocal calls
            if session.bind is iso.ctx.engine:
                calls += 1
            return await original(session)

        monkeypatch.setattr(queue, "next_run_at", counted)
        async with _inprocess_worker(iso.ctx, concurrency=1):
            await wait_status(iso.ctx, first, "sent", within=10)
            busy_calls = calls  # durante ~1 s com a única vaga ocupada e um job vencido esperando
            await wait_status(iso.ctx, second, "sent", within=10)
        print(f"\nconsultas next_run_at com o worker ocupado por ~1 s: {busy_calls}")
        assert busy_calls <= 5, busy_calls


async def test_job_committed_while_the_worker_checks_the_queue_runs_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sem aviso perdido: job confirmado entre a consulta da fila e a espera do worker roda na hora, não só na
    próxima consulta periódica (que aqui fica bem depois do prazo do teste)."""
    async with isolated_app(tmp_path / "dados", run_worker=False, send_ack_wait_seconds=0) as iso:
        admin = await _admin(iso)
        await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
        original = queue.next_run_at
        armed = asyncio.Event()
        sent: list[str] = []
        checks: list[bool] = []

        async def racing(session: Any) -> Any:
            upcoming = await original(session)
            if session.bind is iso.ctx.engine:
                checks.append(True)
                if armed.is_set() and not sent:
                    # O envio é confirmado exatamente entre a consulta do worker e a espera pelo aviso.
                    sent.append(await _send(iso, admin))
            return upcoming

        monkeypatch.setattr(queue, "next_run_at", racing)
        # Consulta periódica bem depois do prazo abaixo: um aviso perdido faz o teste falhar, sem medir tempo.
        async with _inprocess_worker(iso.ctx, poll_seconds=120):
            await wait_for(lambda: _ready(checks), within=5, what="worker ocioso, esperando aviso")
            armed.set()
            iso.ctx.job_wakeup.set()  # acorda o worker para a próxima volta (que consulta a fila)
            await wait_for(lambda: _ready(sent), within=5, what="envio durante a consulta")
            await wait_status(iso.ctx, sent[0], "sent", within=10)


async def _ready(items: list[Any]) -> bool:
    return bool(items)


async def test_media_removed_before_dispatch_ends_failed(tmp_path: Path) -> None:
    async with isolated_app(tmp_path / "dados", run_worker=False, send_ack_wait_seconds=0) as iso:
        admin = await _admin(iso)
        session = await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        response = await iso.client.post(
            f"{MESSAGES}/media",
            headers=admin.headers,
            data={"to": TO, "caption": "some"},
            files={"file": ("a.png", png, "image/png")},
        )
        assert response.status_code == 202, response.text
        message_id = response.json()["messageId"]
        async with iso.ctx.sessionmaker() as db:
            await db.execute(delete(Media).where(Media.tenant_id == admin.tenant.id))
            await db.commit()
        async with _inprocess_worker(iso.ctx):
            await wait_status(iso.ctx, message_id, "failed")
        status = await _status(iso, admin, message_id)
        assert status["errorCode"] == "midia_nao_encontrada"
        assert status["error"] == "A mídia da mensagem não existe mais."
        assert await outbox_rows(iso.ctx, session["id"]) == []
        assert await send_jobs_left(iso.ctx, admin.tenant.id) == 0


async def test_killing_the_worker_mid_bulk_neither_duplicates_nor_loses(tmp_path: Path) -> None:
    """kill -9 do worker duas vezes no meio de um envio em massa, com dezenas de envios em voo: os que o provedor já
    tinha aceitado são reenviados com o mesmo id e deduplicados (0 duplicatas), nenhum se perde, e o worker seguinte
    retoma os jobs do morto na hora (sem esperar o prazo do lease)."""
    total = 300
    async with isolated_app(tmp_path / "dados", run_worker=False, send_ack_wait_seconds=0) as iso:
        admin = await _admin(iso)
        session = await connect_sandbox(iso.client, admin, messagesPerSecond=1000, ackDelayMs=100, **NO_RECEIPTS)
        recipients = [{"to": f"55119{81000000 + i}"} for i in range(total)]
        response = await iso.client.post(
            f"{MESSAGES}/send-bulk", headers=admin.headers, json={"recipients": recipients, "content": "promo"}
        )
        assert response.status_code == 202, response.text

        async def sent_count() -> int:
            async with iso.ctx.sessionmaker() as db:
                return int(
                    await db.scalar(select(func.count()).select_from(Message).where(Message.status == "sent")) or 0
                )

        recoveries = []
        with _pool() as pool:
            # Lease longo de propósito: a retomada rápida vem de saber que o antecessor morreu, não do prazo.
            env = {"WORKER_CONCURRENCY": "64", "JOB_LEASE_SECONDS": "120"}
            worker = _start(iso, tmp_path, pool, **env)
            for threshold in (total // 3, 2 * total // 3):

                async def reached(limit: int = threshold, running: WorkerProcess = worker) -> bool:
                    assert running.proc.poll() is None, running.log()
                    return await sent_count() >= limit

                await wait_for(reached, within=60, interval=0.02, what=f"{threshold} enviadas")
                worker.kill()
                before = await sent_count()
                restarted = time.monotonic()
                worker = _start(iso, tmp_path, pool, **env)

                async def resumed(mark: int = before) -> bool:
                    return await sent_count() > mark

                await wait_for(resumed, within=30, interval=0.02, what="retomada depois do kill -9")
                recoveries.append(time.monotonic() - restarted)

            async def everything_sent() -> bool:
                return await sent_count() == total

            try:
                await wait_for(everything_sent, within=90, interval=0.1, what=f"{total} enviadas")
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{await _diagnosis(iso.ctx, [worker])}") from None
        rows = await outbox_rows(iso.ctx, session["id"])
        duplicates = len(rows) - len({r.to_number for r in rows})  # cada destinatário recebe uma vez só
        print(f"\nkill -9 no meio da massa: {len(rows)} entregas, {duplicates} duplicatas, retomadas em {recoveries}")
        assert duplicates == 0
        assert len(rows) == total
        async with iso.ctx.sessionmaker() as db:
            messages = list((await db.execute(select(Message))).scalars())
        assert len(messages) == total and {m.status for m in messages} == {"sent"}
        assert {m.message_id for m in messages} == {r.provider_message_id for r in rows}
        # A retomada inclui subir o processo Python e conectar ao banco (sob a carga do make test, ~4–5 s); esperar o
        # lease do morto levaria 120 s.
        assert all(seconds < 20 for seconds in recoveries), recoveries


@pytest.mark.parametrize("where", ["claim", "next_run_at"])
async def test_stop_requested_while_the_worker_checks_the_queue_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """O pedido de parada que chega durante a consulta da fila não se perde no `clear()` do aviso: o worker para
    logo, não na próxima consulta periódica (aqui, 120 s depois)."""
    async with isolated_app(tmp_path / "dados", run_worker=False) as iso:
        worker = build_worker(iso.ctx)
        worker.poll_seconds = 120
        original = getattr(queue, where)

        async def stopping(*args: Any, **kwargs: Any) -> Any:
            result = await original(*args, **kwargs)
            await worker.stop()  # a parada chega enquanto o worker consulta a fila
            return result

        monkeypatch.setattr(queue, where, stopping)
        task = asyncio.create_task(worker.run())
        try:
            await asyncio.wait_for(asyncio.shield(task), 5)
        finally:
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


async def test_job_queued_while_the_worker_claims_is_not_lost(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Um job enfileirado enquanto o worker consulta a fila (e a consulta trouxe outro job) roda logo: o aviso do
    commit não é apagado depois da consulta, e o fim do primeiro job não é o que acorda o worker (aqui, a consulta
    periódica só viria 120 s depois)."""
    from wacs.kit.db import commit

    async with isolated_app(tmp_path / "dados", run_worker=False) as iso:
        worker = build_worker(iso.ctx)
        worker.poll_seconds = 120
        handled: dict[str, float] = {}

        async def record(_ctx: AppContext, _db: Any, job: Job) -> None:
            handled[job.payload["name"]] = time.monotonic()

        worker.handlers["test.record"] = record

        async def enqueue(name: str) -> None:
            async with iso.ctx.sessionmaker() as db:
                await queue.enqueue_many(iso.ctx, db, [queue.NewJob("test.record", {"name": name})])
                await commit(db)

        original_claim, original_next = queue.claim, queue.next_run_at
        idle = asyncio.Event()

        async def next_run_at(*args: Any, **kwargs: Any) -> Any:
            result = await original_next(*args, **kwargs)
            idle.set()  # a fila vazia acabou de ser vista: o worker vai dormir
            return result

        async def claim_then_enqueue(*args: Any, **kwargs: Any) -> list[Job]:
            jobs = await original_claim(*args, **kwargs)
            if [job.payload["name"] for job in jobs] == ["primeiro"]:
                await enqueue("segundo")  # chega durante a consulta: o aviso vem antes de o worker dormir
            return jobs

        monkeypatch.setattr(queue, "claim", claim_then_enqueue)
        monkeypatch.setattr(queue, "next_run_at", next_run_at)
        task = asyncio.create_task(worker.run())
        try:
            await asyncio.wait_for(idle.wait(), 5)
            # Logo depois de o worker ver a fila vazia: ele ainda confia nessa consulta quando a próxima trouxer
            # jobs, então só o aviso do commit de "segundo" pode acordá-lo.
            started = time.monotonic()
            await enqueue("primeiro")
            for _ in range(500):
                if "segundo" in handled:
                    break
                await asyncio.sleep(0.01)
            assert set(handled) == {"primeiro", "segundo"}
            assert handled["segundo"] - started < 5
        finally:
            await worker.stop()
            await asyncio.wait_for(task, 15)
