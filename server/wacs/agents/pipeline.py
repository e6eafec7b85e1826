"""O caminho de uma mensagem do cliente até a resposta do agente.

1. `on_received` (gancho do processamento de entrada, na mesma transação que grava as mensagens): a conversa tem
   agente ativo (atribuído, ou o agente padrão do tenant com gatilho que casa)? Então sobe a rodada (`generation`) do
   estado da IA da conversa e agenda o job `ai.reply` para depois da espera da rajada (`debounceSeconds`). É durável e
   vale entre réplicas: o estado está no banco, o job na fila.
2. `reply` (job): só a rodada mais nova responde (as mensagens da rajada vão juntas); sem segurar conexão, gera a
   resposta (`brain.respond`); grava-a só se nenhuma mensagem nova chegou enquanto gerava (senão descarta: a rodada
   nova responde a tudo) — UPDATE condicional na rodada, que também torna a retentativa do job idempotente.
3. `on_sent` (gancho do envio): mensagem de operador (API/web) numa conversa com agente pausa o agente nela
   (passagem para humano); `enableAI` + `agentId` num envio atribui esse agente à conversa.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.agents import brain
from wacs.agents.responder import has_keyword, normalize
from wacs.agents.spec import DEFAULT_OUT_OF_HOURS, AgentSpec, spec_of
from wacs.agents.tools import ToolScope
from wacs.conversations.service import PAYLOAD_COLUMNS, conversation_payload
from wacs.inbound.service import Received
from wacs.kit import metrics, telemetry
from wacs.kit.context import AppContext
from wacs.kit.db import add_insert, dialect_insert
from wacs.messages.dispatch import Sent
from wacs.messages.routing import tenant_settings
from wacs.messages.service import accept_system_text
from wacs.models import AIAgent, AIConversation, AIRun, Conversation, Message
from wacs.models.base import table_of
from wacs.realtime.events import emit, emit_many
from wacs.tenants.schemas import BusinessHours
from wacs.worker.queue import NewJob, enqueue_many

logger = logging.getLogger("wacs.agents")

REPLY_JOB = "ai.reply"
_STATES = table_of(AIConversation)
_MESSAGES = table_of(Message)
_RUNS = table_of(AIRun)
AGENT_MEMO_SECONDS = 2.0
# Um aviso de "fora do horário" por conversa a cada tanto (um período fechado).
OUT_OF_HOURS_REPEAT = timedelta(hours=12)
MAX_BURST_MESSAGES = 20
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def agent_by(creator: str | None) -> bool:
    return bool(creator) and str(creator).startswith("agent:")


async def load_spec(ctx: AppContext, db: AsyncSession, agent_id: uuid.UUID) -> AgentSpec | None:
    """O agente (com cópia local de até 2 s: cada mensagem recebida consulta o agente da conversa)."""
    key = f"agent-spec:{agent_id}"
    cached: AgentSpec | None = ctx.memo.get(key)
    if cached is not None:
        return cached
    row = await db.get(AIAgent, agent_id)
    if row is None:
        return None
    spec = spec_of(row, ctx.settings, ctx.encryptor)
    ctx.memo.set(key, spec, AGENT_MEMO_SECONDS)
    return spec


def forget_spec(ctx: AppContext, agent_id: uuid.UUID) -> None:
    ctx.memo.delete(f"agent-spec:{agent_id}")


def is_open(hours: BusinessHours, now: datetime) -> bool:
    """Dentro do horário comercial do tenant (sem horário configurado, sempre aberto)."""
    if not hours.enabled or not hours.intervals:
        return True
    local = now.astimezone(ZoneInfo(hours.timezone))
    day = _WEEKDAYS[local.weekday()]
    moment = local.time().replace(tzinfo=None)
    return any(i.day == day and i.start <= moment < i.end for i in hours.intervals)


def _triggers(spec: AgentSpec, text: str | None) -> bool:
    if spec.trigger_mode == "all":
        return True
    norm = normalize(text or "")
    return any(has_keyword(norm, keyword) for keyword in spec.trigger_keywords)


async def on_received(ctx: AppContext, db: AsyncSession, items: list[Received]) -> None:
    """Agenda a resposta do agente para as conversas com agente ativo (gancho de `inbound.RECEIVED_HOOKS`)."""
    texts = [item for item in items if item.conversation_id is not None and (item.text or "").strip()]
    if not texts:
        return
    ids = {item.conversation_id for item in texts}
    rows = await db.execute(
        select(
            Conversation.id,
            Conversation.tenant_id,
            Conversation.session_id,
            Conversation.contact_number,
            Conversation.assigned_agent_id,
            Conversation.bot_state,
            AIConversation.id,
            AIConversation.handoff_until,
        )
        .outerjoin(AIConversation, AIConversation.conversation_id == Conversation.id)
        .where(Conversation.id.in_(ids))
    )
    now = datetime.now(UTC)
    burst: dict[uuid.UUID, list[Received]] = defaultdict(list)
    for item in texts:
        assert item.conversation_id is not None
        burst[item.conversation_id].append(item)
    jobs: list[NewJob] = []
    events: dict[uuid.UUID, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for conv_id, tenant_id, session_id, contact, assigned, state, ai_id, handoff_until in rows.all():
        received = burst[conv_id]
        agent_id = assigned
        if agent_id is None:
            if state == "off":
                continue  # o operador desligou o agente nesta conversa
            settings = await tenant_settings(ctx, db, tenant_id)
            agent_id = settings.default_agent_id
            if agent_id is None:
                continue
        spec = await load_spec(ctx, db, agent_id)
        if spec is None or not spec.is_active or spec.tenant_id != tenant_id:
            continue
        if assigned is None:
            if not any(_triggers(spec, item.text) for item in received):
                continue
            taken = await db.execute(
                update(Conversation)
                .where(Conversation.id == conv_id, Conversation.assigned_agent_id.is_(None))
                .values(assigned_agent_id=agent_id, bot_state="active")
                .returning(*PAYLOAD_COLUMNS)
            )
            for row in taken.all():
                events[tenant_id].append(("conversation.updated", conversation_payload(row)))
            state = "active"
        if state == "handoff":
            if handoff_until is None or handoff_until > now:
                continue  # pausado: um humano atende
            updated = await _set_state(db, conv_id, "active", None, None)
            events[tenant_id] += [
                ("conversation.updated", updated),
                ("ai.resumed", {"conversationId": str(conv_id), "agentId": str(agent_id), "reason": "prazo"}),
            ]
        if spec.ignore_groups:
            received = [item for item in received if not item.chat]
            if not received:
                continue
        generation = await _bump(db, ai_id, tenant_id, agent_id, session_id, conv_id, contact, len(received))
        last = max(item.at for item in received)
        jobs.append(
            NewJob(
                REPLY_JOB,
                {"conversationId": str(conv_id), "generation": generation, "agentId": str(agent_id)},
                tenant_id=tenant_id,
                run_at=last + timedelta(seconds=spec.debounce_seconds),
                max_attempts=4,
            )
        )
    for tenant_id, tenant_events in events.items():
        await emit_many(ctx, db, tenant_id, tenant_events)
    await enqueue_many(ctx, db, jobs)


async def _bump(
    db: AsyncSession,
    ai_id: uuid.UUID | None,
    tenant_id: uuid.UUID,
    agent_id: uuid.UUID,
    session_id: uuid.UUID,
    conversation_id: uuid.UUID,
    contact: str,
    count: int,
) -> int:
    """Sobe a rodada da conversa (cria o estado da IA na primeira mensagem); devolve a rodada nova."""
    if ai_id is None:
        values = {
            "id": uuid.uuid4(),
            "tenant_id": tenant_id,
            "agent_id": agent_id,
            "session_id": session_id,
            "conversation_id": conversation_id,
            "contact_number": contact,
            "generation": count,
            "answered_generation": 0,
            "context": {},
        }
        insert = dialect_insert(db)(AIConversation).values(values)
        statement = insert.on_conflict_do_update(
            index_elements=["conversation_id"],
            set_={"generation": AIConversation.generation + count, "agent_id": agent_id, "session_id": session_id},
        ).returning(AIConversation.generation)
        return int((await db.execute(statement)).scalar_one())
    result = await db.execute(
        update(AIConversation)
        .where(AIConversation.id == ai_id)
        .values(generation=AIConversation.generation + count, agent_id=agent_id, session_id=session_id)
        .returning(AIConversation.generation)
    )
    return int(result.scalar_one())


async def _set_state(
    db: AsyncSession, conversation_id: uuid.UUID, state: str | None, reason: str | None, until: datetime | None
) -> dict[str, Any]:
    """Muda o estado do bot na conversa; devolve a conversa como vai no evento `conversation.updated`."""
    row = (
        await db.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(bot_state=state)
            .returning(*PAYLOAD_COLUMNS)
        )
    ).one()
    await db.execute(
        update(AIConversation)
        .where(AIConversation.conversation_id == conversation_id)
        .values(handoff_reason=reason, handoff_until=until)
    )
    return conversation_payload(row)


def handoff_payload(
    conversation: Any, agent_id: uuid.UUID | None, reason: str, until: datetime | None
) -> dict[str, Any]:
    return {
        "conversationId": str(conversation.id),
        "sessionId": str(conversation.session_id),
        "contactNumber": conversation.contact_number,
        "agentId": str(agent_id) if agent_id else None,
        "reason": reason,
        "until": until.isoformat() if until else None,
    }


async def pause(
    ctx: AppContext, db: AsyncSession, conversation: Conversation, spec: AgentSpec | None, reason: str
) -> datetime | None:
    """Passa a conversa para humano: o agente para de responder nela (até retomar, ou o prazo do agente)."""
    minutes = spec.resume_after_minutes if spec else None
    until = datetime.now(UTC) + timedelta(minutes=minutes) if minutes else None
    updated = await _set_state(db, conversation.id, "handoff", reason, until)
    metrics.AI_HANDOFFS.labels(reason).inc()
    agent_id = spec.id if spec else conversation.assigned_agent_id
    handoff = handoff_payload(conversation, agent_id, reason, until)
    await emit_many(ctx, db, conversation.tenant_id, [("conversation.updated", updated), ("ai.handoff", handoff)])
    return until


async def on_sent(ctx: AppContext, db: AsyncSession, items: list[Sent]) -> None:
    """Envio de operador pausa o agente na conversa; `enableAI` + `agentId` atribui o agente (gancho do envio)."""
    human = [item for item in items if not agent_by(item.created_by)]
    if not human:
        return
    assign = {item.conversation_id: item.agent_id for item in human if item.enable_ai and item.agent_id}
    for conversation_id, agent_id in assign.items():
        tenant_id = _tenant_of(human, conversation_id)
        assigned = await db.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id, Conversation.tenant_id == tenant_id)
            .values(assigned_agent_id=agent_id, bot_state="active")
            .returning(*PAYLOAD_COLUMNS)
        )
        for row in assigned.all():
            await emit(ctx, db, tenant_id, "conversation.updated", conversation_payload(row))
    operator = {item.conversation_id for item in human if item.conversation_id not in assign}
    if not operator:
        return
    found = await db.execute(
        select(Conversation).where(
            Conversation.id.in_(operator),
            Conversation.assigned_agent_id.is_not(None),
            or_(Conversation.bot_state.is_(None), Conversation.bot_state == "active"),
        )
    )
    for conversation in found.scalars():
        assert conversation.assigned_agent_id is not None
        spec = await load_spec(ctx, db, conversation.assigned_agent_id)
        await _ensure_state_row(db, conversation)
        await pause(ctx, db, conversation, spec, "operator")


def _tenant_of(items: list[Sent], conversation_id: uuid.UUID) -> uuid.UUID:
    return next(item.tenant_id for item in items if item.conversation_id == conversation_id)


async def _ensure_state_row(db: AsyncSession, conversation: Conversation) -> None:
    insert = dialect_insert(db)(AIConversation).values(
        id=uuid.uuid4(),
        tenant_id=conversation.tenant_id,
        agent_id=conversation.assigned_agent_id,
        session_id=conversation.session_id,
        conversation_id=conversation.id,
        contact_number=conversation.contact_number,
        generation=0,
        answered_generation=0,
        context={},
    )
    await db.execute(insert.on_conflict_do_nothing(index_elements=["conversation_id"]))


async def _record_run(
    db: AsyncSession,
    tenant_id: uuid.UUID,
    agent_id: uuid.UUID | None,
    conversation_id: uuid.UUID,
    mode: str,
    outcome: str,
    reply: brain.Reply | None = None,
    response_seconds: float = 0.0,
) -> None:
    metrics.AI_RUNS.labels(mode, outcome).inc()
    telemetry.annotate({"wacs.ai.agent_id": agent_id, "wacs.ai.mode": mode, "wacs.ai.outcome": outcome})
    # INSERT adiado do Core (vai no commit, junto com o resto): a rodada é o caminho quente das respostas.
    add_insert(
        db,
        _RUNS,
        {
            "tenant_id": tenant_id,
            "agent_id": agent_id,
            "conversation_id": conversation_id,
            "mode": mode,
            "outcome": outcome,
            "response_ms": int(response_seconds * 1000),
            "model_ms": int(reply.model_seconds * 1000) if reply else 0,
            "prompt_tokens": reply.prompt_tokens if reply else 0,
            "completion_tokens": reply.completion_tokens if reply else 0,
            "tool_calls": len(reply.tool_calls) if reply else 0,
            "created_at": datetime.now(UTC),
        },
    )


REPLY_SLOTS = "agents.reply_slots"


@dataclass
class Turn:
    """Uma rodada lida do banco, pronta para o modelo (nenhuma conexão presa enquanto ele pensa)."""

    state_id: uuid.UUID
    generation: int
    conversation: Conversation
    spec: AgentSpec
    message_ids: list[uuid.UUID]
    last_inbound: datetime
    incoming: str
    context: dict[str, Any]
    session_phone: str | None
    scope: ToolScope


async def reply(ctx: AppContext, db: AsyncSession, job: Any) -> None:
    """Job `ai.reply`: responde à rajada da rodada `generation`, se ela ainda for a mais nova.

    As fases de banco (leitura e gravação) rodam no máximo AI_REPLY_CONCURRENCY por processo; a espera pelo modelo
    fica fora desse limite (com um modelo de segundos, centenas de respostas em voo custam só memória)."""
    with telemetry.span("ai pipeline", {"wacs.conversation_id": job.payload.get("conversationId")}):
        await _reply(ctx, db, job)


async def _reply(ctx: AppContext, db: AsyncSession, job: Any) -> None:
    slots: asyncio.Semaphore = ctx.extensions.setdefault(
        REPLY_SLOTS, asyncio.Semaphore(ctx.settings.ai_reply_concurrency)
    )
    async with slots:
        started = time.monotonic()
        turn = await _prepare(ctx, db, job)
        spent = time.monotonic() - started
    if turn is None:
        return
    thinking = time.monotonic()
    answer = await brain.respond(turn.spec, turn.scope, turn.context, turn.incoming, ctx.settings.ai_max_tool_rounds)
    spent += max(0.0, time.monotonic() - thinking - answer.model_seconds)  # o atendente offline e as ferramentas
    async with slots:
        writing = time.monotonic()
        await _finish(ctx, db, turn, answer)
        spent += time.monotonic() - writing
    # O que o pipeline custa por resposta (leituras, regras e ferramentas, gravação), sem o tempo do modelo nem a
    # espera pela vez; o commit vem logo depois, no runner.
    metrics.AI_OVERHEAD_SECONDS.observe(spent)


async def _prepare(ctx: AppContext, db: AsyncSession, job: Any) -> Turn | None:
    """Lê a rodada; devolve None quando não há o que responder (rodada velha, agente pausado, fora do horário)."""
    conversation_id = uuid.UUID(job.payload["conversationId"])
    generation = int(job.payload["generation"])
    found = (
        await db.execute(
            select(AIConversation, Conversation)
            .join(Conversation, Conversation.id == AIConversation.conversation_id)
            .where(AIConversation.conversation_id == conversation_id)
        )
    ).first()
    if found is None:
        return None
    state, conversation = found
    if state.generation != generation or state.answered_generation >= generation:
        return None  # outra mensagem chegou depois: a rodada dela responde a tudo
    if conversation.bot_state != "active" or conversation.assigned_agent_id is None:
        return None
    spec = await load_spec(ctx, db, conversation.assigned_agent_id)
    if spec is None or not spec.is_active:
        return None
    since = state.last_reply_at or datetime(1970, 1, 1, tzinfo=UTC)
    pending = list(
        (
            await db.execute(
                select(Message.id, Message.content, Message.created_at, Message.to_number)
                .where(
                    Message.conversation_id == conversation_id,
                    Message.direction == "inbound",
                    Message.ai_processed.is_(False),
                    Message.created_at > since,
                )
                .order_by(Message.created_at.desc())
                .limit(MAX_BURST_MESSAGES)
            )
        ).all()
    )
    pending.reverse()
    texts = [str((content or {}).get("text") or (content or {}).get("media", {}).get("caption") or "").strip()
             for _, content, _, _ in pending]  # fmt: skip
    incoming = "\n".join(text for text in texts if text)
    settings = await tenant_settings(ctx, db, conversation.tenant_id)
    session_phone = pending[-1][3] if pending else None  # o número da empresa: para quem o cliente escreveu
    context = dict(state.context or {})
    if state.expires_at is not None and state.expires_at < datetime.now(UTC):
        context = {}
    # Fim da leitura: a conexão volta ao pool antes do modelo e das ferramentas.
    await db.commit()
    if not incoming:
        return None
    now = datetime.now(UTC)
    hours = settings.business_hours
    open_now = is_open(hours, now)
    message_ids = [row[0] for row in pending]
    last_inbound = pending[-1][2]
    if spec.business_hours == "outside_only" and open_now:
        # No horário comercial a equipe atende: a rajada fica como tratada (não volta numa resposta mais tarde).
        if await _claim_round(db, state.id, generation, {"last_reply_at": last_inbound}):
            await _mark_processed(db, message_ids)
        return None
    if spec.business_hours == "inside_only" and not open_now:
        notified = state.out_of_hours_notified_at
        notify = notified is None or now - notified > OUT_OF_HOURS_REPEAT
        values: dict[str, Any] = {"last_reply_at": last_inbound}
        if notify:
            values["out_of_hours_notified_at"] = now
        if not await _claim_round(db, state.id, generation, values):
            return None
        if notify:
            text = spec.out_of_hours_message or hours.out_of_hours_message or DEFAULT_OUT_OF_HOURS
            await _send(ctx, db, conversation, spec, session_phone, [text])
        await _mark_processed(db, message_ids)
        await _record_run(db, conversation.tenant_id, spec.id, conversation_id, spec.mode, "out_of_hours")
        return None
    scope = ToolScope(
        ctx=ctx,
        tenant_id=conversation.tenant_id,
        agent_id=spec.id,
        conversation_id=conversation_id,
        contact_number=conversation.contact_number,
        contact_name=conversation.contact_name,
        timezone=hours.timezone,
        embedder=spec.model.embedder if spec.vector_search else None,
    )
    return Turn(
        state.id, generation, conversation, spec, message_ids, last_inbound, incoming, context, session_phone, scope
    )


async def _finish(ctx: AppContext, db: AsyncSession, turn: Turn, answer: brain.Reply) -> None:
    """Grava a resposta se a rodada ainda for a mais nova; senão, descarta (uma mensagem nova chegou)."""
    conversation, spec = turn.conversation, turn.spec
    at = datetime.now(UTC)
    remembered = brain.remember(turn.context, turn.incoming, answer.text, at.isoformat())
    won = await _claim_round(
        db,
        turn.state_id,
        turn.generation,
        {
            "context": remembered,
            "last_reply_at": turn.last_inbound,
            "expires_at": at + timedelta(hours=spec.context_ttl_hours),
        },
    )
    if not won:
        # Chegou mensagem nova enquanto gerava (ou outra execução já gravou): esta resposta ficou velha.
        await _record_run(db, conversation.tenant_id, spec.id, conversation.id, answer.mode, "discarded", answer)
        return
    parts = brain.split_reply(answer.text, spec.max_reply_chars)
    await _send(ctx, db, conversation, spec, turn.session_phone, parts)
    await _mark_processed(db, turn.message_ids)
    outcome = "handoff" if answer.handoff else "replied"
    if answer.handoff:
        await pause(ctx, db, conversation, spec, answer.handoff)
    # Até a resposta gravada na transação (o commit vem logo depois, no runner).
    response_seconds = (datetime.now(UTC) - turn.last_inbound).total_seconds()
    await _record_run(db, conversation.tenant_id, spec.id, conversation.id, answer.mode, outcome, answer,
                      response_seconds)  # fmt: skip
    await emit(
        ctx,
        db,
        conversation.tenant_id,
        "ai.replied",
        {
            "conversationId": str(conversation.id),
            "agentId": str(spec.id),
            "mode": answer.mode,
            "handoff": answer.handoff,
            "parts": len(parts),
            "toolCalls": [call.name for call in answer.tool_calls],
            "responseMs": int(response_seconds * 1000),
        },
    )
    metrics.AI_RESPONSE_SECONDS.labels(answer.mode).observe(response_seconds)
    if answer.mode != "offline":
        metrics.AI_MODEL_SECONDS.observe(answer.model_seconds)
    metrics.AI_TOKENS.labels("prompt").inc(answer.prompt_tokens)
    metrics.AI_TOKENS.labels("completion").inc(answer.completion_tokens)


async def _claim_round(db: AsyncSession, state_id: uuid.UUID, generation: int, values: dict[str, Any]) -> bool:
    """Grava a rodada se ela ainda for a mais nova e não tiver sido gravada (descarte de resposta velha e
    idempotência da retentativa, entre réplicas)."""
    c = _STATES.c
    result = await db.execute(
        update(_STATES)
        .where(c.id == state_id, c.generation == generation, c.answered_generation < generation)
        .values(answered_generation=generation, updated_at=datetime.now(UTC), **values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def _mark_processed(db: AsyncSession, message_ids: list[uuid.UUID]) -> None:
    if message_ids:
        await db.execute(update(_MESSAGES).where(_MESSAGES.c.id.in_(message_ids)).values(ai_processed=True))


async def _send(
    ctx: AppContext,
    db: AsyncSession,
    conversation: Conversation,
    spec: AgentSpec,
    session_phone: str | None,
    parts: list[str],
) -> None:
    await accept_system_text(
        ctx,
        db,
        tenant_id=conversation.tenant_id,
        session_id=conversation.session_id,
        from_number=session_phone,
        to=conversation.contact_number,
        texts=parts,
        created_by=f"agent:{spec.id}",
        agent_id=spec.id,
    )


async def reply_exhausted(ctx: AppContext, db: AsyncSession, job: Any, error: str) -> None:
    """O job esgotou as tentativas (erro inesperado): o cliente não fica sem resposta — vai a mensagem de passagem
    para humano e o agente pausa na conversa."""
    conversation = await db.get(Conversation, uuid.UUID(job.payload["conversationId"]))
    if conversation is None or conversation.assigned_agent_id is None or conversation.bot_state != "active":
        return
    spec = await load_spec(ctx, db, conversation.assigned_agent_id)
    if spec is None:
        return
    await _send(ctx, db, conversation, spec, None, [spec.handoff_message])
    await pause(ctx, db, conversation, spec, "failure")
    await _record_run(db, conversation.tenant_id, spec.id, conversation.id, spec.mode, "failed")
