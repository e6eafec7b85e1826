"""Retenção por tenant (`settings.retention`): mensagens e mídia mais antigas que o prazo saem, em lotes.

Cada lote é uma transação curta (o worker não segura o banco) e a rodada tem um teto de lotes por tenant: o que
sobrar sai na próxima limpeza periódica. Decisões (docs/lgpd.md):
- mensagens vencidas são apagadas; a mídia que só elas citavam sai junto (linha + arquivo);
- conversa que fica sem mensagem nenhuma é apagada, com o contexto de IA dela (a prévia da última mensagem e o
  contexto guardam o conteúdo que venceu); conversa com mensagens recentes fica como está;
- mídia vencida é apagada (linha + arquivo) mesmo que a mensagem fique: a mensagem perde o `mediaId` e ganha o aviso
  em `content.media.error`, o mesmo campo de uma mídia que não pôde ser baixada.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Text, cast, delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.lgpd.service import media_ids_of, schedule_purge, shared_media
from wacs.models import AIConversation, Conversation, InboundEvent, Media, Message, Tenant, WebhookDelivery

logger = logging.getLogger("wacs.retention")

BATCH = 500
MAX_BATCHES = 20  # por tenant e por rodada


def retention_of(settings: dict[str, Any] | None) -> tuple[int | None, int | None]:
    raw = (settings or {}).get("retention") or {}
    messages = raw.get("messagesDays", raw.get("messages_days"))
    media = raw.get("mediaDays", raw.get("media_days"))
    return (messages if isinstance(messages, int) else None, media if isinstance(media, int) else None)


async def apply_retention(ctx: AppContext, now: datetime | None = None) -> dict[str, int]:
    now = now or datetime.now(UTC)
    removed = {"retention_messages": 0, "retention_media": 0, "retention_conversations": 0, "retention_technical": 0}
    async with ctx.sessionmaker() as session:
        tenants = (await session.execute(select(Tenant.id, Tenant.settings))).all()
    for tenant_id, settings in tenants:
        messages_days, media_days = retention_of(settings)
        if messages_days is not None:
            cutoff = now - timedelta(days=messages_days)
            for _ in range(MAX_BATCHES):
                messages, media, conversations = await _messages_batch(ctx, tenant_id, cutoff)
                removed["retention_messages"] += messages
                removed["retention_media"] += media
                removed["retention_conversations"] += conversations
                if messages < BATCH:
                    break
            # Os registros técnicos levam o conteúdo das mensagens (payload bruto, evento entregue): com prazo menor que
            # o da plataforma (HISTORY_RETENTION_DAYS), saem no prazo do tenant. Só os já encerrados.
            removed["retention_technical"] += await _technical(ctx, tenant_id, cutoff)
        if media_days is not None:
            cutoff = now - timedelta(days=media_days)
            for _ in range(MAX_BATCHES):
                media = await _media_batch(ctx, tenant_id, cutoff, media_days)
                removed["retention_media"] += media
                if media < BATCH:
                    break
    return removed


async def _technical(ctx: AppContext, tenant_id: uuid.UUID, cutoff: datetime) -> int:
    async with ctx.sessionmaker() as session:
        events = await session.execute(
            delete(InboundEvent).where(
                InboundEvent.tenant_id == tenant_id,
                InboundEvent.processed_at.is_not(None),
                InboundEvent.created_at < cutoff,
            )
        )
        deliveries = await session.execute(
            delete(WebhookDelivery).where(
                WebhookDelivery.tenant_id == tenant_id,
                WebhookDelivery.status.in_(("delivered", "dead", "failed")),
                WebhookDelivery.created_at < cutoff,
            )
        )
        await commit(session)
    return (events.rowcount or 0) + (deliveries.rowcount or 0)  # type: ignore[attr-defined]


async def _messages_batch(ctx: AppContext, tenant_id: uuid.UUID, cutoff: datetime) -> tuple[int, int, int]:
    async with ctx.sessionmaker() as session:
        rows = (
            await session.execute(
                select(Message.id, Message.content, Message.conversation_id)
                .where(Message.tenant_id == tenant_id, Message.created_at < cutoff)
                .order_by(Message.created_at)
                .limit(BATCH)
            )
        ).all()
        if not rows:
            return 0, 0, 0
        ids = [row[0] for row in rows]
        await session.execute(delete(Message).where(Message.id.in_(ids)).execution_options(synchronize_session=False))
        candidates = sorted(media_ids_of(row[1] for row in rows))
        # Depois do DELETE: "compartilhada" aqui é citada por uma mensagem que fica.
        keep = await shared_media(session, tenant_id, candidates, set())
        media = await _delete_media(ctx, session, tenant_id, [m for m in candidates if m not in keep])
        touched = sorted({row[2] for row in rows if row[2] is not None})
        conversations = 0
        if touched:
            empty = (
                await session.execute(
                    select(Conversation.id).where(
                        Conversation.id.in_(touched),
                        ~exists(select(Message.id).where(Message.conversation_id == Conversation.id)),
                    )
                )
            ).scalars()
            empty_ids = list(empty)
            if empty_ids:
                # Explícito: o CASCADE do SQLite depende do PRAGMA foreign_keys.
                await session.execute(
                    delete(AIConversation)
                    .where(AIConversation.conversation_id.in_(empty_ids))
                    .execution_options(synchronize_session=False)
                )
                result = await session.execute(
                    delete(Conversation)
                    .where(Conversation.id.in_(empty_ids))
                    .execution_options(synchronize_session=False)
                )
                conversations = result.rowcount or 0  # type: ignore[attr-defined]
        await commit(session)
    return len(ids), media, conversations


async def _delete_media(
    ctx: AppContext, session: AsyncSession, tenant_id: uuid.UUID, media_ids: list[uuid.UUID]
) -> int:
    if not media_ids:
        return 0
    keys = list(
        (
            await session.execute(
                select(Media.storage_key).where(Media.tenant_id == tenant_id, Media.id.in_(media_ids))
            )
        ).scalars()
    )
    result = await session.execute(
        delete(Media)
        .where(Media.tenant_id == tenant_id, Media.id.in_(media_ids))
        .execution_options(synchronize_session=False)
    )
    await schedule_purge(ctx, session, tenant_id, keys)
    return result.rowcount or 0  # type: ignore[attr-defined]


async def _media_batch(ctx: AppContext, tenant_id: uuid.UUID, cutoff: datetime, days: int) -> int:
    async with ctx.sessionmaker() as session:
        ids = list(
            (
                await session.execute(
                    select(Media.id)
                    .where(Media.tenant_id == tenant_id, Media.created_at < cutoff)
                    .order_by(Media.created_at)
                    .limit(BATCH)
                )
            ).scalars()
        )
        if not ids:
            return 0
        removed = await _delete_media(ctx, session, tenant_id, ids)
        await _mark_expired(session, tenant_id, ids, days)
        await commit(session)
    return removed


async def _mark_expired(session: AsyncSession, tenant_id: uuid.UUID, media_ids: list[uuid.UUID], days: int) -> None:
    """As mensagens que citavam as mídias apagadas deixam de citá-las e dizem por quê."""
    gone = {str(m) for m in media_ids}
    notice = f"A mídia expirou: o tenant guarda arquivos de mídia por {days} dias."
    for start in range(0, len(media_ids), 50):
        chunk = media_ids[start : start + 50]
        text = cast(Message.content, Text)
        messages = (
            await session.execute(
                select(Message).where(Message.tenant_id == tenant_id, or_(*[text.like(f"%{m}%") for m in chunk]))
            )
        ).scalars()
        for message in messages:
            content = dict(message.content or {})
            media = content.get("media")
            if isinstance(media, dict) and media.get("mediaId") in gone:
                cleaned = {k: v for k, v in media.items() if k != "mediaId"}
                message.content = {**content, "media": {**cleaned, "error": notice, "expired": True}}
    await session.flush()
