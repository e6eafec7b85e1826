"""O "telefone" do sandbox: avisa recibos, mensagens de clientes e mudanças de sessão por callbacks assinados com
HMAC, exatamente como o serviço Baileys avisa — verificados e gravados pelo mesmo código das rotas públicas."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from wacs.inbound.endpoints import receive
from wacs.inbound.service import Ingested
from wacs.kit.context import AppContext
from wacs.models import Job
from wacs.providers import registry
from wacs.providers.callbacks import CallbackRequest, callback_secret, signed_body, signed_headers
from wacs.providers.contract import InboundMessage, SessionUpdate, StatusUpdate
from wacs.providers.sandbox import RECEIPT_JOB, receipt_payload
from wacs.worker.queue import NewJob, enqueue_many

INCOMING_PATH = "/api/v1/webhooks/incoming-message"
STATUS_PATH = "/api/v1/webhooks/status-update"
SESSION_PATH = "/api/v1/webhooks/session-update"


async def post_callback(
    ctx: AppContext,
    db: AsyncSession,
    path: str,
    events: Sequence[InboundMessage | StatusUpdate | SessionUpdate],
) -> Ingested:
    """Assina e entrega um callback à rota `path` (em processo: o mesmo `receive` da rota HTTP)."""
    for route, provider_types in registry.callback_routes():
        if route.path == path and route.method == "POST":
            body = signed_body(list(events))
            request = CallbackRequest("POST", path, signed_headers(callback_secret(ctx), body), {}, body)
            outcome = await receive(ctx, db, route, provider_types, request)
            assert isinstance(outcome, Ingested)
            return outcome
    raise LookupError(f"rota de callback não registrada: {path}")


async def receipts(ctx: AppContext, db: AsyncSession, jobs: list[Job]) -> dict[int, BaseException]:
    """Na hora marcada, o "telefone" avisa o status das mensagens — todos os recibos do lote num só callback, como o
    serviço Baileys agrupa — e agenda os "lido" que vierem depois dos "entregue"."""
    events = [
        StatusUpdate(
            session_id=uuid.UUID(job.payload["sessionId"]),
            message_id=job.payload["providerMessageId"],
            status=job.payload["status"],
        )
        for job in jobs
    ]
    await post_callback(ctx, db, STATUS_PATH, events)
    now = datetime.now(UTC)
    await enqueue_many(
        ctx,
        db,
        [
            NewJob(
                RECEIPT_JOB,
                receipt_payload(uuid.UUID(job.payload["sessionId"]), job.payload["providerMessageId"], "read", None),
                tenant_id=job.tenant_id,
                run_at=now + timedelta(seconds=float(job.payload["readAfter"])),
            )
            for job in jobs
            if job.payload["status"] == "delivered" and job.payload.get("readAfter") is not None
        ],
    )
    return {}
