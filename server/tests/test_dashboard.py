"""Painel: mensagens por dia (status, provedor), taxa de entrega, IA e sessões, só do próprio tenant."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Actor, assert_problem
from tests.messaging_helpers import connect_sandbox
from wacs.kit.context import AppContext
from wacs.models import AIRun, Message

DASHBOARD = "/api/v1/dashboard"


async def _seed(ctx: AppContext, tenant_id: uuid.UUID, now: datetime) -> None:
    yesterday = now - timedelta(days=1)
    rows: list[dict[str, Any]] = []
    for at, direction, status, provider in [
        (now, "outbound", "delivered", "sandbox"),
        (now, "outbound", "read", "meta_api"),
        (now, "outbound", "failed", "sandbox"),
        (now, "outbound", "pending", None),
        (now, "inbound", "received", "sandbox"),
        (yesterday, "outbound", "sent", "sandbox"),
        (yesterday, "inbound", "received", "sandbox"),
        (yesterday, "inbound", "received", "sandbox"),
    ]:
        rows.append(
            {
                "id": uuid.uuid4(),
                "tenant_id": tenant_id,
                "direction": direction,
                "status": status,
                "provider": provider,
                "message_type": "text",
                "content": {"text": "x"},
                "created_at": at,
                "updated_at": at,
            }
        )
    async with ctx.sessionmaker() as db:
        for row in rows:
            db.add(Message(**row))
        for outcome, ms in [("replied", 100), ("replied", 300), ("handoff", 200), ("discarded", 5000)]:
            db.add(AIRun(tenant_id=tenant_id, mode="offline", outcome=outcome, response_ms=ms, created_at=now))
        await db.commit()


async def test_summary_counts_by_day_status_and_provider(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
) -> None:
    now = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)  # meio da tarde em São Paulo
    if now > datetime.now(UTC):
        now -= timedelta(days=1)
    await _seed(ctx, admin.tenant.id, now)
    await _seed(ctx, admin_second.tenant.id, now)  # outro tenant: não pode somar
    await connect_sandbox(client, admin)
    response = await client.get(DASHBOARD, headers=admin.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["timezone"] == "America/Sao_Paulo"
    days = {d["day"]: d for d in body["messagesPerDay"]}
    today, yesterday = days[max(days)], days[min(days)]
    assert len(days) == 2
    assert (today["received"], today["sentTotal"]) == (1, 4)
    assert today["byStatus"] == {"delivered": 1, "read": 1, "failed": 1, "pending": 1}
    assert today["byProvider"] == {"sandbox": 2, "meta_api": 1}
    assert (yesterday["received"], yesterday["sentTotal"]) == (2, 1)
    assert body["messagesByProvider"] == {"meta_api": 1, "sandbox": 3}
    assert body["delivery"] == {"delivered": 3, "failed": 1, "rate": 0.75}
    assert (body["aiReplies"], body["aiHandoffs"]) == (2, 1)
    assert body["aiAvgResponseMs"] == 200.0
    [ai_day] = body["aiPerDay"]
    assert (ai_day["replies"], ai_day["handoffs"]) == (2, 1)
    assert body["connectedSessions"] == 1
    assert body["sessions"] == [{"provider": "sandbox", "status": "connected", "count": 1}]


async def test_period_rules(client: httpx.AsyncClient, admin: Actor) -> None:
    empty = await client.get(DASHBOARD, headers=admin.headers)
    assert empty.json()["delivery"]["rate"] is None and empty.json()["messagesPerDay"] == []
    reversed_period = await client.get(
        DASHBOARD, headers=admin.headers, params={"from": "2026-12-10T00:00:00Z", "to": "2026-12-01T00:00:00Z"}
    )
    assert_problem(reversed_period, 422, "periodo_invalido")
    too_long = await client.get(
        DASHBOARD, headers=admin.headers, params={"from": "2026-01-01T00:00:00Z", "to": "2026-12-01T00:00:00Z"}
    )
    assert_problem(too_long, 422, "periodo_invalido")
