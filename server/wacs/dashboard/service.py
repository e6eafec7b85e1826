"""Números do painel do tenant: mensagens por dia (status e provedor), taxa de entrega, tempo de resposta da IA,
passagens para humano e sessões ativas — agregados no banco, por dia no fuso do tenant."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.dashboard.schemas import (
    AIDay,
    DashboardOut,
    DeliveryRate,
    MessagesDay,
    SessionCount,
)
from wacs.kit.context import AppContext
from wacs.kit.errors import AppError
from wacs.messages.routing import tenant_settings
from wacs.models import AIRun, Message, WhatsAppSession

MAX_DAYS = 92
# Status finais de um envio: entregue ao provedor (e além) conta como sucesso; falha, como falha. Pendentes e na fila
# ainda não terminaram e ficam fora da taxa.
DELIVERED = ("sent", "delivered", "read", "played")


class InvalidPeriod(AppError):
    status_code = 422
    code = "periodo_invalido"
    title = "Período inválido"


def _day(session: AsyncSession, column: Any, zone: ZoneInfo, now: datetime) -> Any:
    """O dia local (AAAA-MM-DD) de um timestamp, no banco."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        return func.to_char(func.timezone(zone.key, column), "YYYY-MM-DD")
    # SQLite: sem fusos; o deslocamento atual do fuso vale para o período (o Brasil não tem horário de verão).
    offset = now.astimezone(zone).utcoffset() or timedelta(0)
    return func.date(column, f"{int(offset.total_seconds() // 60)} minutes")


def _percentile(values: list[int], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


async def summary(
    ctx: AppContext, db: AsyncSession, tenant_id: uuid.UUID, since: datetime | None, until: datetime | None
) -> DashboardOut:
    settings = await tenant_settings(ctx, db, tenant_id)
    zone = ZoneInfo(settings.business_hours.timezone)
    now = datetime.now(UTC)
    until = until or now
    if since is None:
        # Padrão: os últimos 14 dias inteiros no fuso do tenant (hoje incluído).
        local_today = until.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
        since = (local_today - timedelta(days=13)).astimezone(UTC)
    if since >= until:
        raise InvalidPeriod("O início do período (from) deve ser antes do fim (to).")
    if until - since > timedelta(days=MAX_DAYS):
        raise InvalidPeriod(f"O período pode ter no máximo {MAX_DAYS} dias.")

    day = _day(db, Message.created_at, zone, now).label("day")
    rows = await db.execute(
        select(day, Message.direction, Message.status, Message.provider, func.count())
        .where(Message.tenant_id == tenant_id, Message.created_at >= since, Message.created_at < until)
        .group_by(day, Message.direction, Message.status, Message.provider)
    )
    days: dict[str, MessagesDay] = {}
    providers: dict[str, int] = defaultdict(int)
    success = failed = 0
    for day_value, direction, status, provider, count in rows.all():
        entry = days.setdefault(str(day_value), MessagesDay(day=str(day_value)))
        if direction == "inbound":
            entry.received += count
            continue
        entry.sent_total += count
        entry.by_status[status or "desconhecido"] = entry.by_status.get(status or "desconhecido", 0) + count
        if provider:
            entry.by_provider[provider] = entry.by_provider.get(provider, 0) + count
            providers[provider] += count
        if status in DELIVERED:
            success += count
        elif status == "failed":
            failed += count

    run_day = _day(db, AIRun.created_at, zone, now).label("day")
    runs = await db.execute(
        select(run_day, AIRun.outcome, AIRun.response_ms).where(
            AIRun.tenant_id == tenant_id,
            AIRun.created_at >= since,
            AIRun.created_at < until,
            AIRun.outcome.in_(["replied", "handoff"]),
        )
    )
    ai_days: dict[str, list[Any]] = {}
    times: list[int] = []
    handoffs = 0
    for day_value, outcome, response_ms in runs.all():
        entry_ai = ai_days.setdefault(str(day_value), [0, 0, []])
        entry_ai[0 if outcome == "replied" else 1] += 1
        entry_ai[2].append(response_ms)
        times.append(response_ms)
        handoffs += outcome == "handoff"

    sessions = sorted(
        (
            await db.execute(
                select(WhatsAppSession.provider_type, WhatsAppSession.status, func.count())
                .where(WhatsAppSession.tenant_id == tenant_id, WhatsAppSession.is_active.is_(True))
                .group_by(WhatsAppSession.provider_type, WhatsAppSession.status)
            )
        ).all()
    )
    total = success + failed
    return DashboardOut(
        since=since,
        until=until,
        timezone=zone.key,
        messages_per_day=[days[key] for key in sorted(days)],
        messages_by_provider=dict(sorted(providers.items())),
        delivery=DeliveryRate(delivered=success, failed=failed, rate=success / total if total else None),
        ai_per_day=[
            AIDay(
                day=key,
                replies=value[0],
                handoffs=value[1],
                avg_response_ms=sum(value[2]) / len(value[2]),
                p95_response_ms=_percentile(value[2], 0.95),
            )
            for key, value in sorted(ai_days.items())
        ],
        ai_replies=len(times) - handoffs,
        ai_handoffs=handoffs,
        ai_avg_response_ms=sum(times) / len(times) if times else None,
        ai_p95_response_ms=_percentile(times, 0.95),
        sessions=[SessionCount(provider=p, status=s, count=c) for p, s, c in sessions],
        connected_sessions=sum(c for _, status, c in sessions if status == "connected"),
    )
