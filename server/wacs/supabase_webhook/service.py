"""Mensagens de saída gravadas direto no banco (CRM, Edge Function do Supabase): o Database Webhook as põe na fila.

Uma linha em `messages` com `direction = 'outbound'` e `status = 'pending'` gravada por outro sistema não tem job de
envio. Quem cria o job é `take`, chamado pelo webhook (`POST /api/v1/webhooks/supabase`) e pela varredura do worker
(`sweep`: as linhas cujo webhook nunca chegou). As duas portas dão o mesmo resultado e podem repetir à vontade:

- o tenant sai da própria linha gravada (nunca do corpo do webhook); a sessão fixada na linha precisa ser dele;
- só há um job vivo por mensagem (`jobs.dedupe_key` único, `enqueue_unique`): entregas repetidas do webhook, o
  webhook junto com a varredura, ou o webhook de uma mensagem aceita pela própria API (que já nasce com o job) não
  criam um segundo — e o despacho nunca tem dois jobs para chamar o provedor duas vezes;
- uma linha inválida (destinatário, conteúdo, sessão de outro tenant) termina `failed` com o motivo, como um envio
  recusado pelo provedor: a varredura não a encontra de novo e quem gravou vê o porquê na própria linha.

Nada aqui chama serviço remoto: cada linha é uma transação curta (no PostgreSQL, com a linha travada até o commit).
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, get_args

from sqlalchemy import String, cast, exists, func, literal, literal_column, select, type_coerce, update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.kit.phone import PhoneError, normalize_phone
from wacs.messages.dispatch import Outcome, record
from wacs.messages.schemas import MessageType
from wacs.messages.service import InvalidContent, normalize_content
from wacs.models import Job, Message, Tenant, WhatsAppSession
from wacs.models.base import table_of
from wacs.providers import registry
from wacs.supabase_webhook.metrics import DB_SWEEP_ROWS
from wacs.worker.queue import SEND_KIND, NewJob, dedupe_key, enqueue_unique

logger = logging.getLogger("wacs.supabase_webhook")

MESSAGES_TABLE = "messages"
SWEEP_BATCH = 200
_TABLE = table_of(Message)
_JOBS = table_of(Job)
_KINDS = frozenset(get_args(MessageType))
_MEDIA_KINDS = frozenset({"image", "video", "document", "audio", "sticker"})

Result = Literal["enqueued", "duplicate", "ignored", "failed"]


@dataclass(frozen=True)
class Taken:
    """O que aconteceu com uma linha: enfileirada, já na fila, ignorada (com o motivo) ou terminada `failed`."""

    result: Result
    reason: str
    message_id: uuid.UUID | None = None


class RowProblem(Exception):
    """A linha não pode ser enviada: vira `failed` com este código e motivo (pt-BR, gravados na própria linha)."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason[:500]


def _content_problem(exc: InvalidContent) -> RowProblem:
    errors = exc.extra.get("errors") or []
    details = "; ".join(f"{e.get('field')}: {e.get('message')}" for e in errors[:3]) or exc.detail
    return RowProblem("conteudo_invalido", f"Conteúdo inválido para o tipo da mensagem: {details}")


def canonical_content(kind: str, content: Any) -> dict[str, Any]:
    """O conteúdo gravado na forma que o despacho usa. Aceita a forma canônica (a que a API grava, ex.:
    `{"media": {...}}`) ou o corpo do pedido da API (ex.: `{"url": ..., "caption": ...}`); RowProblem se não serve."""
    if kind == "reaction":
        raise RowProblem(
            "tipo_nao_suportado",
            "Reações não podem ser gravadas direto no banco (dependem do id da mensagem no provedor): use "
            "POST /api/v1/messages/reaction.",
        )
    if kind == "text" and isinstance(content, str):
        content = {"text": content}
    if not isinstance(content, dict):
        raise RowProblem("conteudo_invalido", 'A coluna content precisa ser um objeto JSON (ex.: {"text": "Olá"}).')
    try:
        if kind in _MEDIA_KINDS:
            inner = content.get("media", content)
            if not isinstance(inner, dict):
                raise RowProblem("conteudo_invalido", "content.media precisa ser um objeto JSON.")
            request = dict(inner)
            if kind == "audio" and "ptt" in content:
                request["ptt"] = content["ptt"]
            return normalize_content(kind, request)
        if kind in {"location", "interactive", "template"}:
            return normalize_content(kind, content.get(kind, content))
        return normalize_content(kind, content)
    except InvalidContent as exc:
        raise _content_problem(exc) from None


async def _checked(db: AsyncSession, row: dict[str, Any]) -> dict[str, Any]:
    """Confere a linha e devolve as colunas na forma canônica (destinatário E.164, tipo, conteúdo, provedor)."""
    tenant_id = row["tenant_id"]
    tenant = await db.get(Tenant, tenant_id)
    if tenant is None or not tenant.is_active:
        raise RowProblem("tenant_inativo", "O tenant da mensagem está inativo: nada é enviado por ele.")
    kind = row["message_type"] or "text"
    if kind not in _KINDS:
        known = ", ".join(sorted(_KINDS))
        raise RowProblem("tipo_invalido", f"Tipo de mensagem desconhecido em message_type: {kind}. Use um de: {known}.")
    try:
        to = normalize_phone(row["to_number"] or "")
    except PhoneError as exc:
        raise RowProblem("destinatario_invalido", f"Destinatário (to_number) inválido: {exc}") from None
    content = canonical_content(kind, row["content"])
    provider = row["requested_provider"] or "auto"
    if provider != "auto" and registry.get(provider) is None:
        raise RowProblem(
            "provedor_invalido",
            f"Provedor desconhecido em requested_provider: {provider}. Use auto ou um de: "
            f"{', '.join(registry.available_types())}.",
        )
    if row["session_id"] is not None:
        session = await db.get(WhatsAppSession, row["session_id"])
        # Sessão de outro tenant: a mensagem nunca sai por ela (mesma resposta de uma que não existe).
        if session is None or session.tenant_id != tenant_id:
            raise RowProblem("sessao_nao_encontrada", "A sessão (session_id) não existe no tenant da mensagem.")
    return {"to_number": to, "message_type": kind, "content": content, "requested_provider": provider}


def _postgres(db: AsyncSession) -> bool:
    return db.bind is not None and db.bind.dialect.name == "postgresql"


async def take(
    ctx: AppContext, db: AsyncSession, message_id: uuid.UUID, expected_tenant: uuid.UUID | None = None
) -> Taken:
    """Põe na fila o envio de uma mensagem gravada direto no banco (na transação de `db`; o commit é de quem chama).

    `expected_tenant`: o `tenant_id` que o webhook trouxe no registro; diferente do gravado, a entrega é ignorada (o
    registro não é a linha que temos)."""
    statement = select(_TABLE).where(_TABLE.c.id == message_id)
    # Entregas repetidas ao mesmo tempo (e a gravação do envio pelo despacho) passam aqui uma por vez, até o commit:
    # no PostgreSQL, a linha travada; no SQLite, uma escrita sem efeito que toma a trava de escrita do banco já no
    # começo (sem ela, cada SELECT veria um instante diferente e duas entregas poderiam achar a fila vazia).
    if _postgres(db):
        statement = statement.with_for_update()
    else:
        await db.execute(update(_TABLE).where(_TABLE.c.id == message_id).values(updated_at=_TABLE.c.updated_at))
    found = (await db.execute(statement)).mappings().one_or_none()
    if found is None:
        return Taken("ignored", "A mensagem não existe no banco do serviço.", message_id)
    row = dict(found)
    if expected_tenant is not None and row["tenant_id"] != expected_tenant:
        return Taken("ignored", "O tenant_id do registro não confere com o da mensagem gravada.", message_id)
    if row["direction"] != "outbound":
        return Taken("ignored", "Mensagem recebida (inbound): só mensagens de saída são enviadas.", message_id)
    if row["status"] != "pending":
        return Taken("ignored", f"A mensagem está {row['status']}, não pending: nada a enviar.", message_id)
    key = dedupe_key(SEND_KIND, {"messageId": str(message_id)})
    if (await db.execute(select(_JOBS.c.id).where(_JOBS.c.dedupe_key == key).limit(1))).first() is not None:
        # Inclui as mensagens aceitas pela API (o job nasce com elas): nada a conferir nem a enfileirar.
        return Taken("duplicate", "O envio desta mensagem já está na fila.", message_id)
    try:
        columns = await _checked(db, row)
    except RowProblem as problem:
        outcome = Outcome("failed", 0, error=problem.reason, error_code=problem.code)
        await record(ctx, db, [(row, outcome)])
        logger.info("mensagem gravada no banco recusada", extra={"message_id": str(message_id), "code": problem.code})
        return Taken("failed", problem.reason, message_id)
    changed = {name: value for name, value in columns.items() if row[name] != value}
    if changed:
        await db.execute(
            update(_TABLE)
            .where(_TABLE.c.id == message_id, _TABLE.c.status == "pending")
            .values(**changed, updated_at=datetime.now(UTC))
        )
    job = NewJob(SEND_KIND, {"messageId": str(message_id)}, tenant_id=row["tenant_id"])
    if not await enqueue_unique(ctx, db, job):
        return Taken("duplicate", "O envio desta mensagem já está na fila.", message_id)
    return Taken("enqueued", "Envio da mensagem enfileirado.", message_id)


def _send_key_of_row(postgres: bool) -> Any:
    """`dedupe_key` do job de envio de cada linha de `messages`, em SQL (a mesma de `wacs.worker.queue.dedupe_key`):
    no PostgreSQL o UUID vira texto sem hífens; no SQLite ele já é guardado assim (32 dígitos hexadecimais)."""
    ident = func.replace(cast(_TABLE.c.id, String), "-", "") if postgres else type_coerce(_TABLE.c.id, String)
    return literal(f"{SEND_KIND}:", String).op("||")(ident)


async def orphans(ctx: AppContext, older_than: timedelta, limit: int = SWEEP_BATCH) -> list[uuid.UUID]:
    """Mensagens de saída `pending` mais velhas que `older_than` e sem job de envio vivo: gravadas direto no banco e
    cujo webhook não chegou (ou não está configurado). Pelo índice parcial das pendentes, do mais antigo."""
    cutoff = datetime.now(UTC) - older_than
    async with ctx.sessionmaker() as db:
        has_job = exists().where(_JOBS.c.dedupe_key == _send_key_of_row(_postgres(db)))
        rows = await db.execute(
            select(_TABLE.c.id)
            .where(
                # Literais, não parâmetros: só assim o planejador (PostgreSQL e SQLite) usa o índice parcial.
                _TABLE.c.status == literal_column("'pending'"),
                _TABLE.c.direction == literal_column("'outbound'"),
                _TABLE.c.created_at < cutoff,
                ~has_job,
            )
            .order_by(_TABLE.c.created_at)
            .limit(limit)
        )
        return list(rows.scalars())


async def sweep(ctx: AppContext, older_than: timedelta | None = None) -> dict[str, int]:
    """Uma volta da varredura: enfileira (ou recusa) as órfãs encontradas, cada uma na sua transação curta."""
    age = older_than if older_than is not None else timedelta(seconds=ctx.settings.supabase_sweep_after_seconds)
    counts: Counter[str] = Counter()
    for message_id in await orphans(ctx, age):
        async with ctx.sessionmaker() as db:
            taken = await take(ctx, db, message_id)
            await commit(db)
        counts[taken.result] += 1
        if taken.result != "ignored":  # ignorada: mudou entre a consulta e a trava (ex.: o webhook chegou antes)
            DB_SWEEP_ROWS.labels(taken.result).inc()
    if counts.get("enqueued") or counts.get("failed"):
        logger.warning("mensagens do banco sem webhook, tratadas pela varredura", extra={"counts": dict(counts)})
    return dict(counts)
