"""Provedor sandbox: um número de WhatsApp simulado, embutido.

Serve para experimentar o produto sem celular e para testar o pipeline inteiro: aceita envios com um id de
provedor, depois informa "entregue" e "lido" pelo mesmo caminho de entrada dos provedores reais, pode ser
instruído a falhar (transitória ou permanentemente) e recebe mensagens "do cliente" pela API do sandbox.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Literal

import orjson
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.db import commit, dialect_insert
from wacs.models import Job, SandboxOutbox
from wacs.providers.base import (
    OutboundMessage,
    Provider,
    ProviderConfig,
    ProviderError,
    ProviderState,
    SendResult,
    Throughput,
)
from wacs.providers.registry import register
from wacs.worker.handlers import register as register_job

RECEIPT_JOB = "sandbox.receipt"
FailureMode = Literal["transient", "permanent"]


class SandboxConfig(ProviderConfig):
    display_name: str | None = Field(default=None, alias="displayName", max_length=100)
    messages_per_second: float = Field(
        default=80,
        alias="messagesPerSecond",
        gt=0,
        le=1000,
        description="Envios por segundo deste número (token bucket).",
    )
    recipient_interval_seconds: float = Field(
        default=0,
        alias="recipientIntervalSeconds",
        ge=0,
        le=60,
        description="Intervalo mínimo entre mensagens ao mesmo destinatário.",
    )
    ack_delay_ms: int = Field(
        default=0, alias="ackDelayMs", ge=0, le=30_000, description="Latência simulada do aceite do provedor."
    )
    delivered_after_seconds: float | None = Field(default=None, alias="deliveredAfterSeconds", ge=0, le=3600)
    read_after_seconds: float | None = Field(default=None, alias="readAfterSeconds", ge=0, le=3600)
    auto_read: bool = Field(default=True, alias="autoRead", description="Simular a leitura depois da entrega.")
    api_token: str | None = Field(
        default=None,
        alias="apiToken",
        max_length=500,
        description="Credencial simulada (guardada cifrada, nunca devolvida).",
    )


def _failure_key(session_id: uuid.UUID) -> str:
    return f"sandbox:fail:{session_id}"


def _failure_used_key(session_id: uuid.UUID) -> str:
    return f"sandbox:fail-used:{session_id}"


async def inject_failures(ctx: AppContext, session_id: uuid.UUID, mode: FailureMode, count: int) -> None:
    """As próximas `count` tentativas de envio deste número falham do jeito pedido."""
    await ctx.cache.delete(_failure_used_key(session_id))
    if count <= 0:
        await ctx.cache.delete(_failure_key(session_id))
        return
    await ctx.cache.set(_failure_key(session_id), orjson.dumps({"mode": mode, "count": count}), 86400)


@register
class SandboxProvider(Provider):
    type = "sandbox"
    display_name = "Sandbox (número simulado)"
    config_schema = SandboxConfig
    secret_fields = frozenset({"apiToken"})
    config: SandboxConfig

    async def initialize(self) -> ProviderState:
        return ProviderState("connected", detail="Número simulado pronto.")

    async def disconnect(self) -> ProviderState:
        return ProviderState("disconnected")

    async def status(self) -> ProviderState:
        return ProviderState("connected")

    def throughput(self) -> Throughput:
        rate = self.config.messages_per_second
        return Throughput(rate, max(1, int(rate)), self.config.recipient_interval_seconds)

    async def send_text(self, message: OutboundMessage) -> SendResult:
        return await self._deliver(message)

    async def send_media(self, message: OutboundMessage) -> SendResult:
        return await self._deliver(message)

    async def send_audio(self, message: OutboundMessage) -> SendResult:
        return await self._deliver(message)

    async def send_location(self, message: OutboundMessage) -> SendResult:
        return await self._deliver(message)

    async def _maybe_fail(self) -> None:
        raw = await self.ctx.cache.get(_failure_key(self.session.id))
        if raw is None:
            return
        plan = orjson.loads(raw)
        used = await self.ctx.cache.incr_window(_failure_used_key(self.session.id), 86400)
        if used <= plan["count"]:
            if plan["mode"] == "transient":
                raise ProviderError("transient", "Falha temporária simulada pelo sandbox.", "sandbox_transient")
            raise ProviderError(
                "permanent", "Número de destino inválido (falha permanente simulada).", "sandbox_permanent"
            )

    async def _deliver(self, message: OutboundMessage) -> SendResult:
        if self.config.ack_delay_ms:
            await asyncio.sleep(self.config.ack_delay_ms / 1000)
        await self._maybe_fail()
        # O id do provedor sai do NOSSO id da mensagem, e o "telefone" guarda uma entrega por id: reenviar a mesma
        # mensagem (o worker morreu entre este aceite e o registro) não entrega duas vezes — como o WhatsApp faz
        # com o id escolhido pelo cliente no Baileys.
        provider_message_id = f"sandbox.{message.message_id.hex}"
        settings = self.ctx.settings
        delivered_after = self.config.delivered_after_seconds
        if delivered_after is None:
            delivered_after = settings.sandbox_delivered_after_seconds
        read_after = self.config.read_after_seconds
        if read_after is None:
            read_after = settings.sandbox_read_after_seconds
        # O "telefone" recebe a mensagem numa transação própria, como um sistema externo faria.
        async with self.ctx.sessionmaker() as session:
            delivered = await session.execute(
                dialect_insert(session)(SandboxOutbox)
                .values(
                    tenant_id=self.session.tenant_id,
                    session_id=self.session.id,
                    provider_message_id=provider_message_id,
                    to_number=message.to,
                    message_type=message.type,
                    content=message.content,
                    created_at=datetime.now(UTC),
                )
                .on_conflict_do_nothing(index_elements=["session_id", "provider_message_id"])
                .returning(SandboxOutbox.id)
            )
            if delivered.scalar_one_or_none() is None:
                return SendResult(provider_message_id)  # já entregue antes: nada de novo, nem recibos em dobro
            await _schedule_receipt(
                self.ctx,
                session,
                self.session.tenant_id,
                self.session.id,
                provider_message_id,
                "delivered",
                delivered_after,
                read_after if self.config.auto_read else None,
            )
            await commit(session)
        return SendResult(provider_message_id)


async def _schedule_receipt(
    ctx: AppContext,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    session_id: uuid.UUID,
    provider_message_id: str,
    status: str,
    after: float,
    read_after: float | None,
) -> None:
    from wacs.worker.queue import enqueue

    await enqueue(
        ctx,
        session,
        RECEIPT_JOB,
        {
            "sessionId": str(session_id),
            "providerMessageId": provider_message_id,
            "status": status,
            "readAfter": read_after,
        },
        tenant_id=tenant_id,
        run_at=datetime.now(UTC) + timedelta(seconds=after),
    )


async def receipt(ctx: AppContext, session: AsyncSession, job: Job) -> None:
    """O sandbox "avisa" o status pelo caminho de entrada comum, como um webhook de provedor real."""
    from wacs.inbound.service import record_event

    payload = job.payload
    assert job.tenant_id is not None
    session_id = uuid.UUID(payload["sessionId"])
    await record_event(
        ctx,
        session,
        tenant_id=job.tenant_id,
        session_id=session_id,
        provider="sandbox",
        external_id=f"{payload['providerMessageId']}:{payload['status']}",
        kind="status",
        payload={
            "messageId": payload["providerMessageId"],
            "status": payload["status"],
            "timestamp": datetime.now(UTC).isoformat(),
        },
    )
    if payload["status"] == "delivered" and payload.get("readAfter") is not None:
        await _schedule_receipt(
            ctx,
            session,
            job.tenant_id,
            session_id,
            payload["providerMessageId"],
            "read",
            float(payload["readAfter"]),
            None,
        )


register_job(RECEIPT_JOB, receipt)
