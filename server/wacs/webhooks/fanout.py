"""Cada evento vira uma entrega durável para cada endpoint do tenant que assina aquele tipo."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.models import Job, WebhookDelivery, WebhookEndpoint
from wacs.worker.queue import enqueue_many

DELIVERY_JOB = "webhook.deliver"


async def fanout(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, envelope: dict[str, Any]) -> None:
    endpoints = (
        await session.execute(
            select(WebhookEndpoint.id, WebhookEndpoint.events).where(
                WebhookEndpoint.tenant_id == tenant_id, WebhookEndpoint.is_active.is_(True)
            )
        )
    ).all()
    matching = [eid for eid, events in endpoints if "*" in events or envelope["type"] in events]
    if not matching:
        return
    now = datetime.now(UTC)
    deliveries = [
        WebhookDelivery(
            id=uuid.uuid4(),
            tenant_id=tenant_id,
            endpoint_id=endpoint_id,
            event_id=envelope["id"],
            event_type=envelope["type"],
            payload=envelope,
            status="pending",
            attempts=0,
            next_attempt_at=now,
        )
        for endpoint_id in matching
    ]
    session.add_all(deliveries)
    await enqueue_many(
        ctx,
        session,
        [
            Job(
                kind=DELIVERY_JOB,
                tenant_id=tenant_id,
                payload={"deliveryId": str(d.id)},
                status="queued",
                attempts=0,
                max_attempts=ctx.settings.webhook_max_attempts,
                run_at=now,
            )
            for d in deliveries
        ],
    )
