"""Repasse dos eventos ao Supabase Realtime: um relé durável que lê `realtime_events` por cursor e publica em lote.

Cada evento que chega ao nosso WebSocket vai também ao canal privado `tenant:<clientId>` do Supabase, pelo endpoint
REST de broadcast (`POST {SUPABASE_URL}/realtime/v1/api/broadcast`, chave de serviço em `apikey` e no Bearer; 202 =
aceito). Quem grava o evento não espera o Supabase: a requisição ou o job confirma a transação e segue; o worker lê os
eventos confirmados depois do cursor de cada tenant (`supabase_relay_cursors`), publica em lotes (vários tenants por
POST) e só avança o cursor depois do 202. Falha (5xx, tempo esgotado, conexão recusada) = nova tentativa com espera
crescente, sem perder nada: o que não saiu continua no banco até a retenção (`REALTIME_RETENTION_HOURS`); o que a
limpeza apagar antes de sair é contado como perdido (`wacs.worker.maintenance.prune`).

Um processo por vez repassa (linha de posse em `supabase_relay_lease`, renovada; vencida, outro worker assume), e o
avanço do cursor confere a posse na mesma transação. A entrega é "pelo menos uma vez": um dono que trava no meio de
um POST e perde a vez pode repetir um lote já aceito — o `id` do envelope identifica o evento.

Ordem por tenant: a numeração (`seq`) é reservada antes do commit, então um `seq` menor pode ficar visível depois de
um maior (transações concorrentes). O relé não pula um buraco enquanto a transação que pode tê-lo reservado ainda
roda: no PostgreSQL, o buraco visto num instantâneo cujo `xmax` é X só é dado como definitivo quando o `xmin` de um
instantâneo posterior passa de X (todas as transações que existiam já terminaram) — e, por garantia, depois de
`GAP_GRACE_SECONDS`; no SQLite um escritor por vez confirma na ordem do `seq`, e buraco é sempre definitivo.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import orjson
from sqlalchemy import Select, case, func, insert, literal, select, text, true, update
from sqlalchemy.ext.asyncio import AsyncConnection

from wacs.kit import metrics, ssrf
from wacs.kit.context import EVENTS_CHANNEL, AppContext
from wacs.kit.db import listen_forever
from wacs.models import RealtimeEvent, SupabaseRelayCursor, SupabaseRelayLease, Tenant
from wacs.models.base import UTCDateTime, table_of
from wacs.realtime.events import build_envelope

logger = logging.getLogger("wacs.supabase.realtime")

BROADCAST_PATH = "/realtime/v1/api/broadcast"
LEASE_NAME = "realtime"
LEASE_SECONDS = 15.0
RENEW_SECONDS = 5.0  # renovação da posse (e nova tentativa de pegá-la, para quem não é o dono)
# Intervalo mínimo entre duas voltas que levaram eventos: sob entrada contínua, junta num POST (e numa leitura e numa
# gravação de cursor) o que iria em vários — menos CPU no processo que também atende a API —, somando no máximo isso
# à latência até o Supabase (nada no caminho principal).
MIN_ROUND_SECONDS = 0.05
# Acordado por um commit, espera isto antes de ler: o mesmo commit está saindo pelo WebSocket neste event loop, e o
# repasse não passa na frente dele (também junta os commits seguintes na mesma volta).
WAKE_DELAY_SECONDS = 0.02
GAP_GRACE_SECONDS = 1.0
GAP_MAX_WAIT_SECONDS = 30.0  # buraco que não se resolve nisso (transação muito longa) é pulado, com aviso
LAG_REFRESH_SECONDS = 5.0
REJECTED_STATUSES = {400, 413, 422}  # o corpo foi recusado: enviado evento a evento, o recusado sozinho é pulado
LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=30)

_EVENTS = table_of(RealtimeEvent)
_CURSORS = table_of(SupabaseRelayCursor)
_LEASE = table_of(SupabaseRelayLease)
_TENANTS = table_of(Tenant)


@dataclass
class PendingEvent:
    tenant_id: uuid.UUID
    client_id: str
    seq: int
    type: str
    data: dict[str, Any]
    created_at: datetime

    def message(self) -> dict[str, Any]:
        envelope = build_envelope(self.seq, self.tenant_id, self.type, self.data, self.created_at)
        return {"topic": topic(self.client_id), "event": self.type, "payload": envelope, "private": True}


@dataclass
class Gap:
    first_seen: float  # relógio monotônico
    xmax: int  # xmax do instantâneo em que o buraco foi visto (PostgreSQL)


@dataclass
class Round:
    """Uma leitura: os eventos pendentes de cada tenant (em ordem de `seq`) e o cursor de cada um."""

    events: dict[uuid.UUID, list[PendingEvent]] = field(default_factory=dict)
    cursors: dict[uuid.UUID, int] = field(default_factory=dict)
    xmin: int | None = None
    xmax: int | None = None
    full: bool = False  # algum tenant encheu o limite da leitura: há mais para ler


class BroadcastError(Exception):
    def __init__(self, reason: str, detail: str, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.retry_after = retry_after
        self.status = status


def topic(client_id: str) -> str:
    return f"tenant:{client_id}"


def broadcast_url(settings: Any) -> str:
    return f"{settings.supabase_url}{BROADCAST_PATH}"


class SupabaseRealtimeRelay:
    """O laço do repasse; roda dentro de cada worker (só o dono da posse publica)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.settings = ctx.settings
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.postgres = ctx.engine.dialect.name == "postgresql"
        self.leader = False
        self._renewed = -float("inf")
        self._gaps: dict[tuple[uuid.UUID, int], Gap] = {}
        self._failures = 0
        self._lag_checked = -float("inf")
        self._blocked = 0
        self._sent_last_round = False
        self._woken = False
        self._stopping = asyncio.Event()

    # ------------------------------------------------------------------------------------------------ laço

    async def run(self) -> None:
        listener = asyncio.create_task(self._listen(), name="wacs-supabase-listen")
        logger.info("repasse ao Supabase Realtime ligado", extra={"url": broadcast_url(self.settings)})
        try:
            while not self._stopping.is_set():
                self.ctx.events_wakeup.clear()
                try:
                    # A posse é renovada a cada RENEW_SECONDS (e a cada lote aceito), não a cada volta.
                    renew_due = time.monotonic() - self._renewed >= RENEW_SECONDS
                    if (not self.leader or renew_due) and not await self._hold_lease():
                        await self._sleep(RENEW_SECONDS, wake_on_events=False)
                        continue
                    if self._sent_last_round:
                        await self._sleep(MIN_ROUND_SECONDS, wake_on_events=False)
                    elif self._woken:
                        await asyncio.sleep(WAKE_DELAY_SECONDS)
                    more = await self.relay_once()
                except BroadcastError as exc:
                    wait = self._backoff(exc)
                    logger.warning(
                        "Supabase Realtime indisponível; nova tentativa",
                        extra={"reason": exc.reason, "error": exc.detail, "retry_in": round(wait, 2)},
                    )
                    await self._refresh_lag(force=False)
                    await self._sleep(wait, wake_on_events=False)
                    continue
                except Exception:
                    logger.exception("falha no repasse ao Supabase Realtime")
                    await self._refresh_lag(force=False)
                    await self._sleep(self._backoff(None), wake_on_events=False)
                    continue
                self._woken = False
                if not more:
                    # Com eventos esperando um buraco, volta logo: um buraco de transação desfeita não traz aviso.
                    poll = self.settings.supabase_realtime_poll_seconds
                    await self._sleep(min(poll, GAP_GRACE_SECONDS / 4) if self._blocked else poll, wake_on_events=True)
                    self._woken = self.ctx.events_wakeup.is_set()
        finally:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listener
            await self._release()

    async def stop(self) -> None:
        self._stopping.set()
        self.ctx.events_wakeup.set()

    def _backoff(self, exc: BroadcastError | None) -> float:
        self._failures += 1
        settings = self.settings
        wait = min(
            settings.supabase_realtime_retry_max_seconds,
            settings.supabase_realtime_retry_base_seconds * 2 ** (self._failures - 1),
        )
        wait *= random.uniform(0.8, 1.2)  # noqa: S311 - só espalha as tentativas
        if exc is not None and exc.retry_after is not None:
            wait = max(wait, min(exc.retry_after, settings.supabase_realtime_retry_max_seconds))
        return wait

    async def _sleep(self, seconds: float, *, wake_on_events: bool) -> None:
        """Espera (um evento novo acorda, se pedido), renovando a posse no meio de esperas longas."""
        deadline = time.monotonic() + seconds
        while not self._stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            step = min(left, RENEW_SECONDS)
            if wake_on_events:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.ctx.events_wakeup.wait(), step)
                if self.ctx.events_wakeup.is_set():
                    return
            else:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), step)
            if self.leader and time.monotonic() - self._renewed >= RENEW_SECONDS:
                with contextlib.suppress(Exception):
                    await self._hold_lease()

    async def _listen(self) -> None:
        """No PostgreSQL, o NOTIFY de outro processo que gravou eventos acorda o repasse (a consulta periódica cobre
        um aviso perdido)."""
        if not self.postgres:
            return
        notifier = self.ctx.events_notifier
        own = notifier.token if notifier is not None else None

        def notified(_conn: object, _pid: int, _channel: str, payload: str) -> None:
            if payload != own:
                self.ctx.events_wakeup.set()

        await listen_forever(
            self.settings.resolved_session_database_url,
            EVENTS_CHANNEL,
            notified,
            "LISTEN dos eventos indisponível; repasse só pela consulta periódica",
        )

    # ------------------------------------------------------------------------------------------------ posse

    async def _hold_lease(self) -> bool:
        """Pega ou renova a posse; na primeira posse da instalação, os tenants existentes começam do evento atual."""
        now = datetime.now(UTC)
        expires = now + timedelta(seconds=LEASE_SECONDS)
        async with self.ctx.engine.begin() as conn:
            result = await conn.execute(
                update(_LEASE)
                .where(
                    _LEASE.c.name == LEASE_NAME,
                    (_LEASE.c.holder == self.holder) | (_LEASE.c.expires_at < now),
                )
                .values(holder=self.holder, expires_at=expires)
            )
            held = (result.rowcount or 0) == 1
            if not held:
                first = insert_ignore(conn, _LEASE).values(
                    name=LEASE_NAME, holder=self.holder, expires_at=expires, started_at=now
                )
                held = ((await conn.execute(first)).rowcount or 0) == 1
                if held:
                    await conn.execute(_initial_cursors(now))
                    logger.info("repasse ao Supabase Realtime iniciado: eventos a partir de agora")
        if held != self.leader:
            logger.info("posse do repasse ao Supabase Realtime", extra={"leader": held, "holder": self.holder})
            self._gaps.clear()
        self.leader = held
        self.ctx.events_relay_here = held
        metrics.SUPABASE_LEADER.set(1 if held else 0)
        if not held:
            metrics.SUPABASE_LAG.set(0)  # o atraso é medido pelo dono: somar os processos não conta duas vezes
        if held:
            self._renewed = time.monotonic()
        return held

    async def _release(self) -> None:
        if not self.leader:
            return
        with contextlib.suppress(Exception):
            async with self.ctx.engine.begin() as conn:
                await conn.execute(
                    update(_LEASE)
                    .where(_LEASE.c.name == LEASE_NAME, _LEASE.c.holder == self.holder)
                    .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
                )
        self.leader = False
        self.ctx.events_relay_here = False
        metrics.SUPABASE_LEADER.set(0)

    # ------------------------------------------------------------------------------------------------ uma volta

    async def relay_once(self) -> bool:
        """Lê os pendentes, publica o que pode sair em ordem e avança os cursores. Devolve se há mais a ler já."""
        batch = await self._read()
        ready, blocked = self._releasable(batch)
        self._blocked = blocked
        self._sent_last_round = bool(ready)
        if ready:
            await self._publish(ready)
        if batch.full:
            await self._refresh_lag(force=False)
        else:
            metrics.SUPABASE_LAG.set(blocked)
        return batch.full

    async def _read(self) -> Round:
        per_tenant = self.settings.supabase_realtime_batch_size
        batch = Round()
        async with self.ctx.engine.connect() as conn:
            if self.postgres:
                conn = await conn.execution_options(isolation_level="REPEATABLE READ")
            async with conn.begin():
                if self.postgres:
                    # Primeiro comando da transação: o instantâneo é o mesmo da leitura abaixo.
                    row = (
                        await conn.execute(
                            text(
                                "SELECT pg_snapshot_xmin(s)::text::bigint, pg_snapshot_xmax(s)::text::bigint"
                                " FROM pg_current_snapshot() AS s"
                            )
                        )
                    ).one()
                    batch.xmin, batch.xmax = int(row[0]), int(row[1])
                    rows = (await conn.execute(_pending_lateral(per_tenant))).all()
                    for tenant_id, client_id, last_seq, seq, kind, data, created_at in rows:
                        batch.cursors[tenant_id] = last_seq
                        batch.events.setdefault(tenant_id, []).append(
                            PendingEvent(tenant_id, client_id, seq, kind, data, created_at)
                        )
                else:
                    tenants = (await conn.execute(_tenant_cursors())).all()
                    for tenant_id, client_id, last_seq in tenants:
                        rows = (await conn.execute(_pending_of(tenant_id, last_seq, per_tenant))).all()
                        if rows:
                            batch.cursors[tenant_id] = last_seq
                            batch.events[tenant_id] = [
                                PendingEvent(tenant_id, client_id, seq, kind, data, created_at)
                                for seq, kind, data, created_at in rows
                            ]
        batch.full = any(len(events) >= per_tenant for events in batch.events.values())
        return batch

    def _releasable(self, batch: Round) -> tuple[list[PendingEvent], int]:
        """Os eventos que podem sair (em ordem por tenant, sem pular buraco que ainda pode se preencher) e quantos
        ficam esperando um buraco."""
        ready: list[PendingEvent] = []
        blocked = 0
        now = time.monotonic()
        if len(self._gaps) > 10_000:
            self._gaps.clear()  # buracos que a limpeza resolveu por fora; os vivos são vistos de novo na leitura
        for tenant_id, events in batch.events.items():
            expected = batch.cursors[tenant_id] + 1
            for index, event in enumerate(events):
                if event.seq != expected and not self._gap_settled(batch, tenant_id, expected, event.seq, now):
                    blocked += len(events) - index
                    break
                self._gaps.pop((tenant_id, expected), None)
                ready.append(event)
                expected = event.seq + 1
        return ready, blocked

    def _gap_settled(self, batch: Round, tenant_id: uuid.UUID, missing: int, next_seq: int, now: float) -> bool:
        if not self.postgres or batch.xmin is None or batch.xmax is None:
            return True  # SQLite: um escritor por vez, o commit segue a ordem do seq; buraco é definitivo
        key = (tenant_id, missing)
        gap = self._gaps.get(key)
        if gap is None:
            self._gaps[key] = Gap(now, batch.xmax)
            return False
        waited = now - gap.first_seen
        if waited >= GAP_GRACE_SECONDS and batch.xmin >= gap.xmax:
            return True
        if waited >= GAP_MAX_WAIT_SECONDS:
            logger.warning(
                "buraco na numeração de eventos pulado após a espera máxima (transação longa?)",
                extra={"tenant_id": str(tenant_id), "from_seq": missing, "to_seq": next_seq - 1},
            )
            return True
        return False

    async def _refresh_lag(self, *, force: bool) -> None:
        """Atraso em eventos pela distância entre o último `seq` gravado e o cursor (buracos contam: aproximado)."""
        clock = time.monotonic()
        if not force and clock - self._lag_checked < LAG_REFRESH_SECONDS:
            return
        self._lag_checked = clock
        with contextlib.suppress(Exception):
            newest = select(func.max(_EVENTS.c.seq)).where(_EVENTS.c.tenant_id == _TENANTS.c.id).scalar_subquery()
            statement = select(
                func.coalesce(func.sum(func.coalesce(newest, 0) - func.coalesce(_CURSORS.c.last_seq, 0)), 0)
            ).select_from(_TENANTS.outerjoin(_CURSORS, _CURSORS.c.tenant_id == _TENANTS.c.id))
            async with self.ctx.engine.connect() as conn:
                lag = (await conn.execute(statement)).scalar_one()
            metrics.SUPABASE_LAG.set(max(0, int(lag or 0)))

    # ------------------------------------------------------------------------------------------------ envio

    async def _publish(self, events: list[PendingEvent]) -> None:
        size = self.settings.supabase_realtime_batch_size
        for start in range(0, len(events), size):
            chunk = events[start : start + size]
            try:
                await self._post_and_advance(chunk)
            except BroadcastError as exc:
                if exc.reason != "rejected":
                    raise
                # Um evento que o Supabase não aceita (ex.: grande demais) não pode travar os do tenant: um a um,
                # e o recusado sozinho é pulado (contado e registrado).
                for event in chunk:
                    try:
                        await self._post_and_advance([event])
                    except BroadcastError as single:
                        if single.reason != "rejected":
                            raise
                        metrics.SUPABASE_DROPPED.inc()
                        logger.error(
                            "evento recusado pelo Supabase Realtime e pulado",
                            extra={
                                "tenant_id": str(event.tenant_id),
                                "seq": event.seq,
                                "type": event.type,
                                "status": single.status,
                                "error": single.detail,
                            },
                        )
                        await self._advance([event], count=False)

    async def _post_and_advance(self, chunk: list[PendingEvent]) -> None:
        """POST do lote e, com o 202, o avanço dos cursores. Uma falha sobe até o laço, que espera (crescente) e lê
        de novo do banco: a nova tentativa já leva o que chegou nesse meio tempo."""
        if self._failures:
            metrics.SUPABASE_RETRIES.inc()
        await self._post(orjson.dumps({"messages": [event.message() for event in chunk]}))
        self._failures = 0
        await self._advance(chunk, count=True)

    async def _post(self, body: bytes) -> None:
        settings = self.settings
        key = settings.supabase_service_key or ""
        client = ssrf.http_client("supabase", settings.supabase_allow_private_url, LIMITS)
        headers = {"apikey": key, "Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        metrics.SUPABASE_REQUESTS.inc()
        try:
            response = await client.post(
                broadcast_url(settings), content=body, headers=headers, timeout=settings.supabase_timeout_seconds
            )
        except ssrf.UnsafeDestination as exc:
            raise self._failed("unsafe_url", exc.message) from exc
        except ssrf.UnresolvableHost as exc:
            raise self._failed("connection", exc.message) from exc
        except httpx.TimeoutException as exc:
            raise self._failed("timeout", f"tempo esgotado ({type(exc).__name__})") from exc
        except (httpx.HTTPError, OSError) as exc:
            raise self._failed("connection", f"{type(exc).__name__}: {exc}") from exc
        if 200 <= response.status_code < 300:
            return
        status = response.status_code
        detail = f"HTTP {status}: {response.text[:300]}"
        if status in REJECTED_STATUSES:
            raise self._failed("rejected", detail, status=status)
        if status == 429:
            raise self._failed("rate_limited", detail, retry_after=_retry_after(response), status=status)
        if status in (401, 403):
            raise self._failed("auth", detail, status=status)
        if status == 404:
            raise self._failed("not_found", detail, status=status)
        if status >= 500:
            raise self._failed("http_5xx", detail, retry_after=_retry_after(response), status=status)
        raise self._failed("other", detail, status=status)

    @staticmethod
    def _failed(
        reason: str, detail: str, *, retry_after: float | None = None, status: int | None = None
    ) -> BroadcastError:
        metrics.SUPABASE_FAILURES.labels(reason).inc()
        return BroadcastError(reason, detail, retry_after, status)

    async def _advance(self, chunk: Sequence[PendingEvent], *, count: bool) -> None:
        """Avança os cursores do lote aceito, conferindo a posse na mesma transação (outro dono não volta atrás)."""
        last: dict[uuid.UUID, int] = {}
        for event in chunk:
            last[event.tenant_id] = max(event.seq, last.get(event.tenant_id, 0))
        now = datetime.now(UTC)
        async with self.ctx.engine.begin() as conn:
            result = await conn.execute(
                update(_LEASE)
                .where(_LEASE.c.name == LEASE_NAME, _LEASE.c.holder == self.holder)
                .values(expires_at=now + timedelta(seconds=LEASE_SECONDS))
            )
            if (result.rowcount or 0) != 1:
                self.leader = False
                self.ctx.events_relay_here = False
                metrics.SUPABASE_LEADER.set(0)
                raise BroadcastError("lease_lost", "a vez de repassar passou a outro processo")
            await advance_cursors(conn, [(tenant_id, seq) for tenant_id, seq in last.items()], now)
        self._renewed = time.monotonic()
        if count:
            metrics.SUPABASE_BROADCASTS.inc(len(chunk))
            metrics.SUPABASE_LAST_SUCCESS.set(time.time())


# ------------------------------------------------------------------------------------------------ consultas


def _dialect_insert(conn: AsyncConnection, table: Any) -> Any:
    """INSERT com ON CONFLICT (PostgreSQL e SQLite têm a mesma forma)."""
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


def insert_ignore(conn: AsyncConnection, table: Any) -> Any:
    return _dialect_insert(conn, table).on_conflict_do_nothing()


async def advance_cursors(conn: AsyncConnection, positions: list[tuple[uuid.UUID, int]], now: datetime) -> None:
    """Cursor = o maior entre o gravado e o novo (o relé e a limpeza avançam; nenhum volta)."""
    if not positions:
        return
    statement = _dialect_insert(conn, _CURSORS)
    statement = statement.on_conflict_do_update(
        index_elements=[_CURSORS.c.tenant_id],
        set_={
            "last_seq": case(
                (statement.excluded.last_seq > _CURSORS.c.last_seq, statement.excluded.last_seq),
                else_=_CURSORS.c.last_seq,
            ),
            "updated_at": statement.excluded.updated_at,
        },
    )
    await conn.execute(
        statement, [{"tenant_id": tenant_id, "last_seq": seq, "updated_at": now} for tenant_id, seq in positions]
    )


def _initial_cursors(now: datetime) -> Any:
    newest = select(func.max(_EVENTS.c.seq)).where(_EVENTS.c.tenant_id == _TENANTS.c.id).scalar_subquery()
    return insert(_CURSORS).from_select(
        ["tenant_id", "last_seq", "updated_at"],
        select(_TENANTS.c.id, func.coalesce(newest, 0), literal(now, UTCDateTime())),
    )


def _tenant_cursors() -> Select[Any]:
    return select(_TENANTS.c.id, _TENANTS.c.client_id, func.coalesce(_CURSORS.c.last_seq, 0)).select_from(
        _TENANTS.outerjoin(_CURSORS, _CURSORS.c.tenant_id == _TENANTS.c.id)
    )


def _pending_of(tenant_id: uuid.UUID, last_seq: int, limit: int) -> Select[Any]:
    return (
        select(_EVENTS.c.seq, _EVENTS.c.type, _EVENTS.c.data, _EVENTS.c.created_at)
        .where(_EVENTS.c.tenant_id == tenant_id, _EVENTS.c.seq > last_seq)
        .order_by(_EVENTS.c.seq)
        .limit(limit)
    )


def _pending_lateral(limit: int) -> Select[Any]:
    """PostgreSQL: por tenant, uma busca no índice (tenant_id, seq) a partir do cursor — nunca a tabela toda."""
    last_seq = func.coalesce(_CURSORS.c.last_seq, 0)
    pending = (
        select(_EVENTS.c.seq, _EVENTS.c.type, _EVENTS.c.data, _EVENTS.c.created_at)
        .where(_EVENTS.c.tenant_id == _TENANTS.c.id, _EVENTS.c.seq > last_seq)
        .order_by(_EVENTS.c.seq)
        .limit(limit)
        .lateral("pending")
    )
    return (
        select(
            _TENANTS.c.id,
            _TENANTS.c.client_id,
            last_seq,
            pending.c.seq,
            pending.c.type,
            pending.c.data,
            pending.c.created_at,
        )
        .select_from(_TENANTS.outerjoin(_CURSORS, _CURSORS.c.tenant_id == _TENANTS.c.id).join(pending, true()))
        .order_by(_TENANTS.c.id, pending.c.seq)
    )


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        return None
