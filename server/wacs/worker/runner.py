"""O worker: reivindica jobs, executa cada um na sua transação e reagenda ou enterra as falhas."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit import telemetry
from wacs.kit.context import AppContext
from wacs.kit.db import commit, listen_forever
from wacs.models import Job
from wacs.worker import queue
from wacs.worker.queue import Postpone, RetryLater

logger = logging.getLogger("wacs.worker")

SQLITE_MAX_CONCURRENCY = 32
# Por quanto tempo a hora do próximo job agendado vista numa consulta vale sem consultar de novo (só depois de uma
# reivindicação que trouxe jobs). Um job agendado por outro processo nesse meio tempo atrasa no máximo isso.
DUE_REUSE_SECONDS = 0.2

Handler = Callable[[AppContext, AsyncSession, Job], Awaitable[None]]
DeadHandler = Callable[[AppContext, AsyncSession, Job, str], Awaitable[None]]
# Executa vários jobs do mesmo tipo de uma vez (leituras e gravações em conjunto). Devolve, por id, os jobs que NÃO
# terminaram (RetryLater, Postpone ou outra exceção); os demais são concluídos na mesma transação do lote.
BatchHandler = Callable[[AppContext, AsyncSession, list[Job]], Awaitable[dict[int, BaseException]]]


@dataclass(frozen=True)
class Batch:
    handler: BatchHandler
    size: int = 64
    # Se o lote inteiro falhar: rodar cada job sozinho (isola o job venenoso). Só para handlers sem efeito externo
    # antes da falha — um lote de envios que falha ao gravar não chama o provedor de novo por isso.
    isolate_on_error: bool = True


class Worker:
    def __init__(
        self,
        ctx: AppContext,
        handlers: dict[str, Handler],
        on_dead: dict[str, DeadHandler] | None = None,
        concurrency: int | None = None,
        batches: dict[str, Batch] | None = None,
        poll_seconds: float = 1.0,
    ) -> None:
        self.ctx = ctx
        self.handlers = handlers
        self.on_dead = on_dead or {}
        self.batches = batches or {}
        self.concurrency = concurrency or ctx.settings.worker_concurrency
        if ctx.engine.dialect.name == "sqlite":
            # O SQLite grava um por vez: além disto, mais tarefas só disputariam a trava (as chamadas aos provedores
            # não seguram o banco, então algumas dezenas em voo ainda rendem).
            self.concurrency = min(self.concurrency, SQLITE_MAX_CONCURRENCY)
        self.poll_seconds = poll_seconds
        hostname = socket.gethostname()
        self.identity = queue.WorkerIdentity(f"{hostname}:{os.getpid()}:{uuid.uuid4().hex[:6]}", hostname, os.getpid())
        self.id = self.identity.id
        self._running: set[asyncio.Task[None]] = set()
        self._inflight = 0  # jobs em execução (um lote conta todos os seus)
        # A última consulta encheu as vagas (ou não havia vaga): pode haver mais jobs prontos, então uma vaga que se
        # abre vale uma nova consulta. Com a fila esvaziada, só um aviso de enfileiramento (ou o prazo) a justifica.
        self._saturated = False
        # Próximo job agendado (futuro) visto na última consulta, e quando ela foi feita (relógio monotônico).
        self._due: datetime | None = None
        self._due_checked = -float("inf")
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        await queue.register_worker(self.ctx, self.identity)
        # Um antecessor morto (ex.: o processo anterior, derrubado com kill -9) tem os jobs devolvidos já.
        reclaimed = await queue.reclaim_dead_workers(self.ctx, self.identity)
        if reclaimed:
            logger.warning("jobs de workers mortos devolvidos à fila", extra={"jobs": reclaimed})
        listener = asyncio.create_task(self._listen(), name="wacs-worker-listen")
        housekeeping = asyncio.create_task(self._housekeeping(), name="wacs-worker-housekeeping")
        beating = asyncio.create_task(self._heartbeat(), name="wacs-worker-heartbeat")
        relay = None
        if self.ctx.settings.supabase_realtime_configured:
            from wacs.supabase.realtime import SupabaseRealtimeRelay

            # Fora da fila de jobs: um laço só, que lê os eventos por cursor e só um worker por vez publica.
            relay = SupabaseRealtimeRelay(self.ctx)
            relaying = asyncio.create_task(relay.run(), name="wacs-supabase-relay")
        logger.info("worker iniciado", extra={"worker": self.id, "concurrency": self.concurrency})
        loop = asyncio.get_running_loop()
        # Intervalo mínimo entre consultas quando a anterior não encheu as vagas (WORKER_CLAIM_INTERVAL_MS).
        claim_interval = self.ctx.settings.worker_claim_interval_ms / 1000
        try:
            last_claim = -float("inf")
            streaming = False
            while not self._stopping.is_set():
                if streaming and not self._saturated:
                    # Entrada contínua (a consulta anterior trouxe vários jobs, sem encher as vagas) e um aviso logo
                    # depois dela: espera o resto do intervalo para levar mais jobs numa consulta e num lote — menos
                    # voltas, menos CPU. Um job por vez (ex.: uma conversa) não espera.
                    gap = last_claim + claim_interval - loop.time()
                    if gap > 0:
                        await asyncio.sleep(gap)
                # Limpa ANTES de contar as vagas e consultar: um aviso (job novo, vaga aberta) que chegue durante a
                # consulta fica marcado para a espera abaixo. A parada pedida antes do clear() é conferida depois.
                self.ctx.job_wakeup.clear()
                if self._stopping.is_set():
                    break
                free = self.concurrency - self._inflight
                claimed: list[Job] = []
                if free > 0:
                    last_claim = loop.time()
                    try:
                        async with self.ctx.sessionmaker() as session:
                            claimed = await queue.claim(self.ctx, session, self.id, free)
                    except Exception:
                        logger.exception("falha ao reivindicar jobs")
                        await asyncio.sleep(self.poll_seconds)
                        continue
                self._saturated = free <= 0 or len(claimed) == free
                streaming = len(claimed) > 1
                self._dispatch(claimed)
                if claimed and self._saturated:
                    continue
                if free <= 0:
                    # Todas as vagas ocupadas: espera uma vaga (ou um aviso) sem consultar o banco de novo.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.ctx.job_wakeup.wait(), self.poll_seconds)
                    continue
                # A fila não tem mais jobs prontos: dorme até um aviso, o próximo job agendado ou o prazo.
                await self._sleep(fresh=bool(claimed))
        finally:
            if relay is not None:
                await relay.stop()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(relaying, 10)
            for task in (listener, housekeeping):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if self._running:
                await asyncio.gather(*self._running, return_exceptions=True)
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating
            with contextlib.suppress(Exception):
                await queue.unregister_worker(self.ctx, self.identity)

    async def _housekeeping(self, every_seconds: float = 600) -> None:
        from wacs.worker.maintenance import prune

        sweeping = None
        if self.ctx.settings.supabase_webhook_secret:
            sweeping = asyncio.create_task(self._sweep_direct_writes(), name="wacs-worker-sweep")
        try:
            while True:
                await asyncio.sleep(every_seconds)
                try:
                    await prune(self.ctx)
                except Exception:
                    logger.exception("falha na limpeza periódica")
        finally:
            if sweeping is not None:
                sweeping.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeping

    async def _sweep_direct_writes(self) -> None:
        """Mensagens gravadas direto no banco cujo Database Webhook do Supabase não chegou (docs/supabase.md): todos
        os workers varrem; o job único por mensagem garante um envio só."""
        from wacs.supabase_webhook.service import sweep

        while True:
            await asyncio.sleep(self.ctx.settings.supabase_sweep_interval_seconds)
            try:
                await sweep(self.ctx)
            except Exception:
                logger.exception("falha na varredura de mensagens gravadas direto no banco")

    async def _heartbeat(self) -> None:
        """Sinal de vida (que também renova o prazo dos jobs em execução) e, de vez em quando, a busca por workers
        mortos de outras máquinas."""
        settings = self.ctx.settings
        interval = min(settings.worker_heartbeat_seconds, max(0.2, settings.job_lease_seconds / 3))
        beats = 0
        while True:
            await asyncio.sleep(interval)
            beats += 1
            try:
                await queue.heartbeat(self.ctx, self.identity)
                if beats % 5 == 0:
                    reclaimed = await queue.reclaim_dead_workers(self.ctx, self.identity)
                    if reclaimed:
                        logger.warning("jobs de workers mortos devolvidos à fila", extra={"jobs": reclaimed})
                        self.ctx.job_wakeup.set()
            except Exception:
                logger.warning("falha no sinal de vida do worker", exc_info=True)

    def _dispatch(self, claimed: list[Job]) -> None:
        groups: dict[str, list[Job]] = {}
        for job in claimed:
            if job.kind in self.batches:
                groups.setdefault(job.kind, []).append(job)
            else:
                self._spawn(self._run_job(job), 1)
        for kind, jobs in groups.items():
            size = self.batches[kind].size
            for start in range(0, len(jobs), size):
                chunk = jobs[start : start + size]
                self._spawn(self._run_batch(kind, chunk) if len(chunk) > 1 else self._run_job(chunk[0]), len(chunk))

    def _spawn(self, work: Awaitable[None], jobs: int) -> None:
        self._inflight += jobs
        task = asyncio.ensure_future(work)
        self._running.add(task)
        task.add_done_callback(lambda done: self._finished(done, jobs))

    def _finished(self, task: asyncio.Task[None], jobs: int) -> None:
        self._running.discard(task)
        self._inflight -= jobs
        if self._saturated:
            self.ctx.job_wakeup.set()  # há vaga e pode haver jobs esperando por ela

    async def stop(self) -> None:
        self._stopping.set()
        self.ctx.job_wakeup.set()

    async def _sleep(self, fresh: bool = False) -> None:
        """Dorme até um aviso, o próximo job agendado ou `poll_seconds`.

        `fresh`: a reivindicação desta volta trouxe jobs, então a fila acabou de ser vista; se a hora do próximo
        agendado é recente (`DUE_REUSE_SECONDS`), ela é reaproveitada em vez de uma consulta a mais por volta — sob
        carga, metade das idas ao banco do laço. Reivindicação vazia (ex.: um adiamento de milissegundos do limite
        de taxa) sempre consulta.
        """
        # O aviso foi limpo antes da reivindicação (no laço): o que chegou desde então acorda a espera na hora.
        timeout = self.poll_seconds
        clock = asyncio.get_running_loop().time()
        if not fresh or clock - self._due_checked > DUE_REUSE_SECONDS:
            try:
                async with self.ctx.sessionmaker() as session:
                    self._due = await queue.next_run_at(session)
                self._due_checked = clock
            except Exception:
                self._due, self._due_checked = None, -float("inf")
                logger.exception("falha ao consultar o próximo job")
        if self._due is not None:
            timeout = min(timeout, max(0.0, (self._due - datetime.now(UTC)).total_seconds()))
        if timeout <= 0:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ctx.job_wakeup.wait(), timeout)

    async def _listen(self) -> None:
        """No PostgreSQL, LISTEN acorda este worker quando outro processo enfileira."""
        if self.ctx.engine.dialect.name != "postgresql":
            return
        await listen_forever(
            self.ctx.settings.resolved_session_database_url,
            queue.NOTIFY_CHANNEL,
            self._notified,
            "LISTEN indisponível; usando só a consulta periódica",
        )

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        # O próprio processo já acordou este worker direto ao confirmar: o eco do seu NOTIFY não vale outra volta.
        if payload != self.ctx.job_notifier.token:
            self.ctx.job_wakeup.set()

    async def _run_job(self, job: Job) -> None:
        # O prazo do job é renovado pelo sinal de vida do worker: outro worker só o retoma se este morrer.
        batch = self.batches.get(job.kind)
        handler = self.handlers.get(job.kind)
        # O span do job continua o trace de quem o enfileirou; o reagendamento de uma falha fica dentro dele.
        with telemetry.job_span(job):
            try:
                async with self.ctx.sessionmaker() as session:
                    if handler is not None:
                        await handler(self.ctx, session, job)
                    elif batch is not None:
                        failures = await batch.handler(self.ctx, session, [job])
                        if job.id in failures:
                            raise failures[job.id]
                    else:
                        raise RuntimeError(f"job de tipo desconhecido: {job.kind}")
                    await queue.complete(session, job)
                    await commit(session)
            except Exception as exc:
                if not isinstance(exc, Postpone):
                    telemetry.failed(exc)
                await self._failed(job, exc)

    async def _run_batch(self, kind: str, jobs: list[Job]) -> None:
        batch = self.batches[kind]
        try:
            with telemetry.batch_span(kind, jobs):
                async with self.ctx.sessionmaker() as session:
                    failures = await batch.handler(self.ctx, session, jobs)
                    await queue.complete_many(session, [job for job in jobs if job.id not in failures])
                    await commit(session)
        except Exception as exc:
            if batch.isolate_on_error:
                logger.warning("lote falhou; cada job roda sozinho", extra={"kind": kind, "jobs": len(jobs)})
                for job in jobs:
                    await self._run_job(job)
                return
            failures = {job.id: exc for job in jobs}
        for job in jobs:
            if job.id in failures:
                await self._failed(job, failures[job.id])

    async def _failed(self, job: Job, exc: BaseException) -> None:
        if isinstance(exc, Postpone):
            pause = exc.delay
            await self._after_failure(job, lambda s: queue.reschedule(s, job, pause, None, count_attempt=False))
            return
        if isinstance(exc, RetryLater):
            error, delay = exc.reason, exc.delay
        else:
            logger.error("job falhou", extra={"job_id": job.id, "kind": job.kind}, exc_info=exc)
            error, delay = f"{type(exc).__name__}: {exc}"[:2000], None
        if job.attempts >= job.max_attempts:
            await self._bury(job, error)
            return
        wait = delay if delay is not None else queue.backoff_seconds(self.ctx, job.attempts)
        await self._after_failure(job, lambda s: queue.reschedule(s, job, wait, error, count_attempt=True))

    async def _after_failure(self, job: Job, action: Callable[[AsyncSession], Awaitable[Any]]) -> None:
        try:
            async with self.ctx.sessionmaker() as session:
                await action(session)
                await commit(session)
        except Exception:
            # O lease vence e o job volta sozinho para a fila.
            logger.exception("falha ao reagendar job", extra={"job_id": job.id})
        # O job voltou à fila com nova hora (às vezes em milissegundos, como a espera do limite de taxa): o laço
        # recalcula quando acordar.
        self.ctx.job_wakeup.set()

    async def _bury(self, job: Job, error: str) -> None:
        logger.error("job esgotou as tentativas", extra={"job_id": job.id, "kind": job.kind, "error": error})

        async def action(session: AsyncSession) -> None:
            await queue.bury(session, job, error)
            dead_handler = self.on_dead.get(job.kind)
            if dead_handler is not None:
                await dead_handler(self.ctx, session, job, error)

        await self._after_failure(job, action)
