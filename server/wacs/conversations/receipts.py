"""Confirmação de leitura ao contato (os tiques azuis) quando a conversa é marcada como lida.

`POST /api/v1/conversations/{id}/read` enfileira `READ_JOB` na mesma transação que zera as não lidas. O job:

1. lê numa transação curta as mensagens recebidas da conversa ainda sem `read_at` (as `READ_BATCH` mais recentes) e
   as sessões delas; confirma e devolve a conexão ao pool;
2. chama `Provider.mark_read(contato, ids do provedor)` uma vez por sessão, só se o provedor declara `mark_read`;
3. grava `read_at` das que foram avisadas (ou que não há como avisar) e, se o lote chegou ao limite, das mais antigas
   que ele (ficam lidas sem aviso: o contato vê as recentes lidas).

Erro transitório (ou sessão ainda não conectada): grava o que deu certo e levanta `RetryLater` (o worker tenta de
novo só o que faltou). Erro permanente: registra no log e grava como lidas — um provedor que recusa nunca trava a
conversa. Entrega pelo menos uma vez: um worker que morre entre o aviso e a gravação avisa de novo (inofensivo).
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit import metrics
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.models import Conversation, Job, Message, WhatsAppSession
from wacs.providers import registry
from wacs.providers.base import ProviderError
from wacs.sessions.service import info_of
from wacs.worker.queue import RetryLater

logger = logging.getLogger("wacs.conversations")

READ_JOB = "conversation.read_receipts"
READ_BATCH = 100


def _unread(tenant_id: uuid.UUID, conversation_id: uuid.UUID) -> ColumnElement[bool]:
    """Mensagens recebidas da conversa que o contato ainda não sabe que foram lidas."""
    return and_(
        Message.tenant_id == tenant_id,
        Message.conversation_id == conversation_id,
        Message.direction == "inbound",
        Message.read_at.is_(None),
        Message.message_id.is_not(None),
    )


async def has_unread(db: AsyncSession, tenant_id: uuid.UUID, conversation_id: uuid.UUID) -> bool:
    """Há o que confirmar? (Marcar de novo uma conversa já lida não enfileira nada.)"""
    statement = select(Message.id).where(_unread(tenant_id, conversation_id)).limit(1)
    return (await db.execute(statement)).first() is not None


async def send_read_receipts(ctx: AppContext, db: AsyncSession, job: Job) -> None:
    tenant_id = job.tenant_id
    if tenant_id is None:
        return
    conversation_id = uuid.UUID(job.payload["conversationId"])
    contact = (
        await db.execute(
            select(Conversation.contact_number).where(
                Conversation.id == conversation_id, Conversation.tenant_id == tenant_id
            )
        )
    ).scalar_one_or_none()
    if contact is None:
        return
    typing = bool(job.payload.get("typing"))
    columns = (Message.id, Message.session_id, Message.message_id, Message.created_at)
    newest_first = (Message.created_at.desc(), Message.id.desc())
    rows = (
        await db.execute(
            select(*columns).where(_unread(tenant_id, conversation_id)).order_by(*newest_first).limit(READ_BATCH)
        )
    ).all()
    if not rows and typing:
        # Nada a confirmar, mas o "digitando…" precisa de uma mensagem do contato: a mais recente.
        rows = (
            await db.execute(
                select(*columns)
                .where(
                    Message.tenant_id == tenant_id,
                    Message.conversation_id == conversation_id,
                    Message.direction == "inbound",
                    Message.message_id.is_not(None),
                )
                .order_by(*newest_first)
                .limit(1)
            )
        ).all()
    if not rows:
        return
    by_session: dict[uuid.UUID | None, list[Any]] = defaultdict(list)
    for row in rows:
        by_session[row.session_id].append(row)
    found = await db.execute(
        select(WhatsAppSession).where(
            WhatsAppSession.tenant_id == tenant_id, WhatsAppSession.id.in_([s for s in by_session if s is not None])
        )
    )
    sessions = {row.id: (info_of(row), row.session_data, row.status) for row in found.scalars()}
    # Fim da leitura: nenhuma transação aberta durante as chamadas aos provedores.
    await db.commit()
    done: list[uuid.UUID] = []
    retry: list[str] = []
    for session_id, items in by_session.items():
        ids = [item.message_id for item in items]
        target = sessions.get(session_id) if session_id is not None else None
        cls = registry.get(target[0].provider_type) if target is not None else None
        if target is None or cls is None or "mark_read" not in cls.capabilities:
            # Sessão excluída, provedor não instalado ou sem confirmação de leitura: só registra.
            metrics.READ_RECEIPTS.labels(target[0].provider_type if target else "-", "unsupported").inc()
            done += [item.id for item in items]
            continue
        info, session_data, status = target
        if status != "connected":
            retry.append(f"a sessão {info.id} não está conectada ({status})")
            continue
        try:
            await registry.build(ctx, info, session_data).mark_read(contact, ids, typing=typing)
        except ProviderError as exc:
            metrics.READ_RECEIPTS.labels(info.provider_type, "transient" if exc.transient else "permanent").inc()
            if exc.transient:
                retry.append(exc.message)
                continue
            logger.warning(
                "confirmação de leitura recusada pelo provedor; mensagens registradas como lidas",
                extra={"session_id": str(info.id), "error": exc.message, "messages": len(ids)},
            )
        else:
            metrics.READ_RECEIPTS.labels(info.provider_type, "ok").inc()
        done += [item.id for item in items]
    # As além do limite só são registradas quando o lote inteiro terminou (numa nova tentativa, elas voltam).
    older_than = rows[-1].created_at if len(rows) == READ_BATCH and not retry else None
    await _record(db, tenant_id, conversation_id, done, older_than)
    if retry:
        await commit(db)  # o que já foi avisado fica gravado; a nova tentativa cuida só do resto
        raise RetryLater("Confirmação de leitura pendente: " + "; ".join(retry))


async def _record(
    db: AsyncSession,
    tenant_id: uuid.UUID,
    conversation_id: uuid.UUID,
    ids: list[uuid.UUID],
    older_than: datetime | None,
) -> None:
    if not ids and older_than is None:
        return
    targets: list[ColumnElement[bool]] = [Message.id.in_(ids)] if ids else []
    if older_than is not None:
        targets.append(Message.created_at < older_than)
    now = datetime.now(UTC)
    await db.execute(
        update(Message)
        .where(_unread(tenant_id, conversation_id), or_(*targets))
        .values(read_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
