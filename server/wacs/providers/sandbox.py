"""Provedor sandbox: um número de WhatsApp simulado, embutido.

Serve para experimentar o produto sem celular e para testar o pipeline inteiro: aceita envios (também respostas e
reações) com um id de provedor, depois avisa "entregue" e "lido" por callbacks assinados (HMAC) nas mesmas rotas que o
serviço Baileys usa, conta as confirmações de leitura que mandaria ao contato, pode ser instruído a falhar
(transitória ou permanentemente) e recebe mensagens "do cliente" pela API do sandbox (`wacs.sandbox`), que também
entram por callback assinado.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import orjson
from pydantic import Field
from sqlalchemy import bindparam

from wacs.kit.context import AppContext
from wacs.kit.db import commit, dialect_statement, execute_rows
from wacs.kit.errors import AppError
from wacs.models import SandboxOutbox
from wacs.providers.base import (
    DownloadedMedia,
    OutboundMessage,
    Provider,
    ProviderConfig,
    ProviderError,
    ProviderState,
    SendResult,
    Throughput,
)
from wacs.providers.callbacks import SIGNED_ROUTES
from wacs.worker.queue import NewJob, enqueue_many

logger = logging.getLogger("wacs.sandbox")

RECEIPT_JOB = "sandbox.receipt"
FAILURE_PLAN_MEMO_SECONDS = 1.0
# Referências de mídia do sandbox: uma mídia já enviada pelo tenant (`media:<id>`), ou os bytes que o "cliente" mandou,
# guardados como estão (sem validação: quem valida é o recebimento, como faria com a mídia da Meta ou do Baileys).
MEDIA_REF_PREFIX = "media:"
BLOB_REF_PREFIX = "blob:"


# Templates do número simulado (formato da listagem da Meta): dois aprovados, um em análise e um recusado.
SANDBOX_TEMPLATES: tuple[dict[str, Any], ...] = (
    {
        "id": "sandbox-1",
        "name": "confirmacao_pedido",
        "language": "pt_BR",
        "status": "APPROVED",
        "category": "UTILITY",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Pedido confirmado"},
            {
                "type": "BODY",
                "text": "Olá, {{1}}! Seu pedido {{2}} foi confirmado e chega em até {{3}} dias úteis.",
                "example": {"body_text": [["Maria", "#1234", "5"]]},
            },
            {"type": "FOOTER", "text": "Responda PARAR para não receber mais avisos."},
        ],
    },
    {
        "id": "sandbox-2",
        "name": "lembrete_consulta",
        "language": "pt_BR",
        "status": "APPROVED",
        "category": "UTILITY",
        "components": [
            {"type": "BODY", "text": "Oi, {{1}}. Lembrete da sua consulta em {{2}}. Podemos confirmar?"},
            {
                "type": "BUTTONS",
                "buttons": [{"type": "QUICK_REPLY", "text": "Confirmar"}, {"type": "QUICK_REPLY", "text": "Remarcar"}],
            },
        ],
    },
    {
        "id": "sandbox-3",
        "name": "promocao_fim_de_semana",
        "language": "pt_BR",
        "status": "PENDING",
        "category": "MARKETING",
        "components": [{"type": "BODY", "text": "{{1}}, só neste fim de semana: {{2}} de desconto em toda a loja!"}],
    },
    {
        "id": "sandbox-4",
        "name": "cobranca_atrasada",
        "language": "pt_BR",
        "status": "REJECTED",
        "category": "UTILITY",
        "components": [{"type": "BODY", "text": "Sua fatura de {{1}} está atrasada."}],
    },
)


def phone_blob_prefix(session_id: uuid.UUID) -> str:
    return f"sandbox/{session_id.hex}/"


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


def _read_receipts_key(session_id: uuid.UUID) -> str:
    return f"sandbox:read-receipts:{session_id}"


async def read_receipts_count(ctx: AppContext, session_id: uuid.UUID) -> int:
    """Quantas confirmações de leitura (`mark_read`) o número simulado mandou (contador que vence 24 h após a 1ª)."""
    return await ctx.cache.get_counter(_read_receipts_key(session_id))


def _failure_key(session_id: uuid.UUID) -> str:
    return f"sandbox:fail:{session_id}"


def _failure_used_key(session_id: uuid.UUID) -> str:
    return f"sandbox:fail-used:{session_id}"


async def inject_failures(ctx: AppContext, session_id: uuid.UUID, mode: FailureMode, count: int) -> None:
    """As próximas `count` tentativas de envio deste número falham do jeito pedido."""
    ctx.memo.delete(_failure_key(session_id))
    await ctx.cache.delete(_failure_used_key(session_id))
    if count <= 0:
        await ctx.cache.delete(_failure_key(session_id))
        return
    await ctx.cache.set(_failure_key(session_id), orjson.dumps({"mode": mode, "count": count}), 86400)


class SandboxProvider(Provider):
    type = "sandbox"
    display_name = "Sandbox (número simulado)"
    config_schema = SandboxConfig
    secret_fields = frozenset({"apiToken"})
    capabilities = frozenset(
        {
            "text",
            "image",
            "video",
            "document",
            "audio",
            "voice_note",
            "sticker",
            "location",
            "contacts",
            "interactive",
            "templates",
            "reply",
            "reaction",
            "mark_read",
        }
    )
    callbacks = SIGNED_ROUTES
    default_rank = 100
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

    async def send_reaction(self, message: OutboundMessage) -> SendResult:
        return await self._deliver(message)

    async def send_contacts(self, message: OutboundMessage) -> SendResult:
        return await self._deliver(message)

    async def send_interactive(self, message: OutboundMessage) -> SendResult:
        return await self._deliver(message)

    async def send_template(self, message: OutboundMessage) -> SendResult:
        # O número simulado não confere aprovação: qualquer template bem formado "chega" (o que a Meta recusaria,
        # como um nome que não existe, só aparece com o provedor real).
        return await self._deliver(message)

    async def list_templates(self) -> list[dict[str, Any]]:
        """Uma lista fixa, no formato da Meta, para experimentar templates sem uma conta da Meta."""
        return copy.deepcopy(list(SANDBOX_TEMPLATES))

    async def mark_read(self, contact: str, provider_message_ids: list[str], typing: bool = False) -> None:
        # O "contato" veria os tiques azuis; o simulado conta as confirmações (a integração e os testes conferem).
        await self.ctx.cache.incr_window(_read_receipts_key(self.session.id), 86400)
        logger.info(
            "sandbox: leitura confirmada ao contato",
            extra={"session_id": str(self.session.id), "messages": len(provider_message_ids)},
        )

    async def download_media(self, ref: str) -> DownloadedMedia:
        from wacs.media.service import MediaStorageUnavailable, get_object, load_media

        try:
            if ref.startswith(MEDIA_REF_PREFIX):
                media_id = uuid.UUID(ref.removeprefix(MEDIA_REF_PREFIX))
                async with self.ctx.sessionmaker() as session:
                    media, data = await load_media(self.ctx, session, self.session.tenant_id, media_id)
                return DownloadedMedia(data, media.mime_type, media.filename)
            if ref.startswith(BLOB_REF_PREFIX + phone_blob_prefix(self.session.id)):
                data = await get_object(self.ctx, ref.removeprefix(BLOB_REF_PREFIX))
                return DownloadedMedia(data, "application/octet-stream")
        except MediaStorageUnavailable as exc:
            # Armazenamento fora do ar é passageiro: o download tenta de novo, a mídia não se perde.
            raise ProviderError("transient", f"Mídia do sandbox indisponível: {exc.detail}") from None
        except (ValueError, AppError) as exc:
            detail = exc.detail if isinstance(exc, AppError) else "referência inválida"
            raise ProviderError("permanent", f"Mídia do sandbox indisponível: {detail}") from None
        raise ProviderError("permanent", "Mídia recebida em formato inválido.")

    async def _maybe_fail(self) -> None:
        key = _failure_key(self.session.id)
        # "Sem falhas programadas" fica em memória por um instante: um envio em massa não pergunta ao cache a cada
        # mensagem. Programar falhas neste processo limpa a cópia na hora; noutro processo, vale em até 1 s.
        if self.ctx.memo.get(key) == b"":
            return
        raw = await self.ctx.cache.get(key)
        if raw is None:
            self.ctx.memo.set(key, b"", FAILURE_PLAN_MEMO_SECONDS)
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
        receipt = NewJob(
            RECEIPT_JOB,
            receipt_payload(
                self.session.id, provider_message_id, "delivered", read_after if self.config.auto_read else None
            ),
            tenant_id=self.session.tenant_id,
            run_at=datetime.now(UTC) + timedelta(seconds=delivered_after),
        )
        row = {
            "tenant_id": self.session.tenant_id,
            "session_id": self.session.id,
            "provider_message_id": provider_message_id,
            "to_number": message.to,
            "message_type": message.type,
            "content": message.content,
            "created_at": datetime.now(UTC),
        }
        await _phone(self.ctx).deliver(row, receipt)
        return SendResult(provider_message_id)


class _Phone:
    """O "telefone" do sandbox: grava as entregas na sua própria transação, como um sistema externo, e em grupo — as
    entregas que chegam enquanto uma gravação vai ao banco saem juntas na próxima (um INSERT para todas), como um
    provedor real absorve muitos envios por segundo. Cada envio só é aceito depois de gravado."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.waiting: list[tuple[dict[str, Any], NewJob, asyncio.Future[None]]] = []
        self.writer: asyncio.Task[None] | None = None

    async def deliver(self, row: dict[str, Any], receipt: NewJob) -> None:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append((row, receipt, done))
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write())
        await done

    async def _write(self) -> None:
        while self.waiting:
            await asyncio.sleep(0)  # quem ficou pronto na mesma volta do loop entra neste grupo
            batch, self.waiting = self.waiting, []
            try:
                async with self.ctx.sessionmaker() as session:
                    rows = [row for row, _, _ in batch]
                    result = await execute_rows(session, dialect_statement(session, "sandbox.outbox", _outbox), rows)
                    # Já entregue antes (o mesmo id de novo): nada de novo, nem recibos em dobro.
                    new = set(result.scalars())
                    await enqueue_many(
                        self.ctx,
                        session,
                        [receipt for row, receipt, _ in batch if row["provider_message_id"] in new],
                    )
                    await commit(session)
            except Exception as exc:
                for _, _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for _, _, done in batch:
                if not done.done():
                    done.set_result(None)


def _phone(ctx: AppContext) -> _Phone:
    phone: _Phone | None = ctx.extensions.get("sandbox.phone")
    if phone is None:
        phone = ctx.extensions["sandbox.phone"] = _Phone(ctx)
    return phone


def _outbox(insert: Any) -> Any:
    table = SandboxOutbox.__table__
    return (
        insert(table)
        .values({column: bindparam(column) for column in _OUTBOX_COLUMNS})
        .on_conflict_do_nothing(index_elements=["session_id", "provider_message_id"])
        .returning(table.c.provider_message_id, sort_by_parameter_order=True)
    )


_OUTBOX_COLUMNS = (
    "tenant_id",
    "session_id",
    "provider_message_id",
    "to_number",
    "message_type",
    "content",
    "created_at",
)


def receipt_payload(
    session_id: uuid.UUID, provider_message_id: str, status: str, read_after: float | None
) -> dict[str, object]:
    """O job que, na hora marcada, faz o "telefone" avisar o status (por callback assinado, em `wacs.sandbox`)."""
    return {
        "sessionId": str(session_id),
        "providerMessageId": provider_message_id,
        "status": status,
        "readAfter": read_after,
    }
