"""Cada evento vira uma entrega durável para cada endpoint do tenant que assina aquele tipo."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.db import on_commit, transaction_memo
from wacs.webhooks.repository import WebhookDeliveryRepository, WebhookEndpointRepository
from wacs.worker.queue import NewJob, enqueue_many

DELIVERY_JOB = "webhook.deliver"
TEST_EVENT = "webhook.test"


ENDPOINTS_TTL_SECONDS = 30


def endpoints_cache_key(tenant_id: uuid.UUID) -> str:
    return f"webhook-endpoints:{tenant_id}"


async def invalidate_endpoints(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID) -> None:
    """Depois de criar/alterar/remover um endpoint: o próximo evento relê a lista."""

    transaction_memo(session).pop("webhooks", None)

    async def drop() -> None:
        await ctx.cache.delete(endpoints_cache_key(tenant_id))

    on_commit(session, drop)


async def _subscriptions(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID) -> list[tuple[str, list[str]]]:
    # Cada mensagem gera vários eventos: a lista de endpoints ativos (id, tipos) fica em cache por tenant, e a
    # leitura vale para a transação inteira (os eventos de um envio consultam o cache uma vez só).
    known: dict[uuid.UUID, list[tuple[str, list[str]]]] = transaction_memo(session).setdefault("webhooks", {})
    if tenant_id in known:
        return known[tenant_id]
    key = endpoints_cache_key(tenant_id)
    cached = await ctx.cache.get(key)
    if cached is None:
        active = await WebhookEndpointRepository(session, tenant_id).active_subscriptions()
        subscriptions = [(str(eid), events) for eid, events in active]
        await ctx.cache.set(key, orjson.dumps(subscriptions), ENDPOINTS_TTL_SECONDS)
    else:
        subscriptions = [(str(eid), list(types)) for eid, types in orjson.loads(cached)]
    known[tenant_id] = subscriptions
    return subscriptions


async def fanout(ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, envelope: dict[str, Any]) -> None:
    subscriptions = await _subscriptions(ctx, session, tenant_id)
    endpoint_ids = [uuid.UUID(eid) for eid, types in subscriptions if "*" in types or envelope["type"] in types]
    await schedule(ctx, session, tenant_id, endpoint_ids, envelope)


async def schedule(
    ctx: AppContext,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    endpoint_ids: Sequence[uuid.UUID],
    envelope: dict[str, Any],
) -> list[uuid.UUID]:
    """Uma entrega `pending` + um job `webhook.deliver` por endpoint ainda ativo, na transação corrente; devolve os
    ids das entregas."""
    if not endpoint_ids:
        return []
    delivery_ids = await WebhookDeliveryRepository(session, tenant_id).add_for_endpoints(endpoint_ids, envelope)
    await enqueue(ctx, session, tenant_id, delivery_ids)
    return delivery_ids


async def enqueue(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, delivery_ids: Sequence[uuid.UUID]
) -> None:
    """Um ciclo novo de tentativas (até WEBHOOK_MAX_ATTEMPTS) para cada entrega."""
    await enqueue_many(
        ctx,
        session,
        [
            NewJob(
                DELIVERY_JOB,
                {"deliveryId": str(delivery_id)},
                tenant_id=tenant_id,
                max_attempts=ctx.settings.webhook_max_attempts,
            )
            for delivery_id in delivery_ids
        ],
    )


def build_test_envelope(endpoint_id: uuid.UUID) -> dict[str, Any]:
    """Envelope do evento `webhook.test`: mesmo formato dos demais; `seq` é nulo (não entra no fluxo do tenant)."""
    return {
        "id": f"evt_{uuid.uuid4().hex}",
        "seq": None,
        "type": TEST_EVENT,
        "createdAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "data": {
            "endpointId": str(endpoint_id),
            "message": "Evento de teste enviado pela API de webhooks. Se você recebeu isto, está tudo certo.",
        },
    }
