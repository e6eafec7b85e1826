"""Agentes de IA do tenant: criar, configurar, listar, atribuir conversas, pausar/retomar, playground e métricas."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.agents import brain, pipeline
from wacs.agents.schemas import (
    AgentConfigure,
    AgentCreate,
    AgentMetricsOut,
    AgentOut,
    AgentSettings,
    AgentTest,
    AgentTestOut,
    ConversationAgentOut,
    KnowledgeBaseOut,
    LLMOut,
    MetricsDay,
    ToolCallOut,
)
from wacs.agents.spec import merged, spec_of
from wacs.agents.templates import TEMPLATES
from wacs.agents.tools import ToolScope
from wacs.auth.dependencies import Principal
from wacs.conversations.service import conversation_payload
from wacs.kit.context import AppContext
from wacs.kit.errors import AppError, Conflict, NotFound
from wacs.messages.repository import AgentRepository
from wacs.messages.routing import tenant_settings
from wacs.messages.service import AgentNotFound
from wacs.models import AIAgent, AIConversation, AIRun, Conversation, Tenant
from wacs.realtime.events import emit, emit_many


class ConversationNotFound(NotFound):
    code = "conversa_nao_encontrada"
    detail = "Conversa não encontrada neste tenant."


class AgentInactive(Conflict):
    code = "agente_inativo"
    detail = "O agente está desativado: ative-o (isActive) antes de atribuir conversas a ele."


class ConversationOfOtherAgent(Conflict):
    code = "conversa_de_outro_agente"
    detail = "A conversa está atribuída a outro agente."


class InvalidPeriod(AppError):
    status_code = 422
    code = "periodo_invalido"
    title = "Período inválido"


# Campos da API (snake_case do schema) → chave gravada em `configuration` (camelCase, como no PRD §13.A).
_CONFIG_KEYS = {
    "system_prompt": "systemPrompt",
    "capabilities": "capabilities",
    "knowledge_base": "knowledgeBase",
    "response_settings": "responseSettings",
    "triggers": "triggers",
    "handoff": "handoff",
    "debounce_seconds": "debounceSeconds",
    "business_hours": "businessHours",
    "out_of_hours_message": "outOfHoursMessage",
    "ignore_groups": "ignoreGroups",
    "context_ttl_hours": "contextTtlHours",
}


class AgentService:
    def __init__(self, ctx: AppContext, db: AsyncSession, principal: Principal) -> None:
        self.ctx = ctx
        self.db = db
        self.principal = principal
        self.tenant_id = principal.tenant.id
        self.agents = AgentRepository(db, self.tenant_id)

    async def get(self, agent_id: uuid.UUID) -> AIAgent:
        row = await self.agents.get(agent_id)
        if row is None:
            raise AgentNotFound()
        return row

    def listing(self, is_active: bool | None) -> Any:
        statement = self.agents.select().order_by(AIAgent.created_at.desc(), AIAgent.id)
        if is_active is not None:
            statement = statement.where(AIAgent.is_active.is_(is_active))
        return statement

    async def default_agent_id(self) -> uuid.UUID | None:
        return (await tenant_settings(self.ctx, self.db, self.tenant_id)).default_agent_id

    def _apply(self, row: AIAgent, data: AgentSettings, base: dict[str, Any]) -> None:
        config = dict(base)
        for field, key in _CONFIG_KEYS.items():
            if field in data.model_fields_set:
                value = getattr(data, field)
                if value is None:
                    config.pop(key, None)
                elif hasattr(value, "model_dump"):
                    config[key] = value.model_dump(mode="json", by_alias=True, exclude={"connection_string"})
                else:
                    config[key] = value
        if "llm" in data.model_fields_set:
            llm = data.llm
            if llm is None:
                config.pop("llm", None)
                row.api_key_encrypted = None
            else:
                stored = dict(config.get("llm") or {})
                for field in ("base_url", "model", "azure_api_version", "embeddings_model"):
                    if field in llm.model_fields_set:
                        key = {"base_url": "baseUrl", "azure_api_version": "azureApiVersion"}.get(field, field)
                        key = "embeddingsModel" if field == "embeddings_model" else key
                        value = getattr(llm, field)
                        if value is None:
                            stored.pop(key, None)
                        else:
                            stored[key] = value
                config["llm"] = stored
                if llm.api_key == "-":
                    row.api_key_encrypted = None
                elif llm.api_key is not None:
                    row.api_key_encrypted = self.ctx.encryptor.encrypt(llm.api_key)
        if data.is_active is not None:
            row.is_active = data.is_active
        row.configuration = config

    async def create(self, data: AgentCreate) -> AIAgent:
        template = TEMPLATES.get(data.template or "")
        base: dict[str, Any] = {}
        if template is not None:
            base = {
                "systemPrompt": template.system_prompt,
                "capabilities": list(template.capabilities),
                "handoff": {"keywords": list(template.handoff_keywords)},
                **template.settings,
            }
        row = AIAgent(tenant_id=self.tenant_id, name=data.name, type=data.template or "custom", is_active=True)
        self._apply(row, data, base)
        await self.agents.add(row)
        if data.make_default:
            await self._set_default(row.id)
        return row

    async def configure(self, agent_id: uuid.UUID, data: AgentConfigure) -> AIAgent:
        row = await self.get(agent_id)
        if data.name is not None:
            row.name = data.name
        self._apply(row, data, dict(row.configuration or {}))
        row.updated_at = datetime.now(UTC)
        await self.db.flush()
        if data.make_default is True:
            await self._set_default(row.id)
        elif data.make_default is False and await self.default_agent_id() == row.id:
            await self._set_default(None)
        if not row.is_active and await self.default_agent_id() == row.id:
            await self._set_default(None)
        pipeline.forget_spec(self.ctx, row.id)
        return row

    async def delete(self, agent_id: uuid.UUID) -> None:
        row = await self.get(agent_id)
        if await self.default_agent_id() == row.id:
            await self._set_default(None)
        await self.db.execute(
            update(Conversation)
            .where(Conversation.tenant_id == self.tenant_id, Conversation.assigned_agent_id == row.id)
            .values(assigned_agent_id=None, bot_state=None)
        )
        await self.db.delete(row)
        await self.db.flush()
        pipeline.forget_spec(self.ctx, row.id)

    async def _set_default(self, agent_id: uuid.UUID | None) -> None:
        tenant = await self.db.get(Tenant, self.tenant_id)
        assert tenant is not None
        settings = dict(tenant.settings or {})
        settings.pop("default_agent_id", None)
        settings["defaultAgentId"] = str(agent_id) if agent_id else None
        tenant.settings = settings
        await self.db.flush()
        self.ctx.memo.delete(f"tenant-settings:{self.tenant_id}")

    async def out(self, row: AIAgent, default_id: uuid.UUID | None = None) -> AgentOut:
        config = merged(row.configuration)
        spec = spec_of(row, self.ctx.settings, self.ctx.encryptor)
        llm = config.get("llm") or {}
        return AgentOut(
            id=row.id,
            name=row.name,
            type=row.type,
            is_active=row.is_active,
            is_default=default_id == row.id,
            mode=spec.mode,  # type: ignore[arg-type]
            system_prompt=spec.system_prompt,
            capabilities=sorted(spec.capabilities),
            knowledge_base=KnowledgeBaseOut(type="vector_db" if spec.vector_search else "full_text"),
            response_settings=config["responseSettings"],
            llm=LLMOut(
                base_url=llm.get("baseUrl"),
                model=llm.get("model"),
                azure_api_version=llm.get("azureApiVersion"),
                embeddings_model=llm.get("embeddingsModel"),
                has_api_key=row.api_key_encrypted is not None,
            ),
            triggers=config["triggers"],
            handoff=config["handoff"],
            debounce_seconds=spec.debounce_seconds,
            business_hours=spec.business_hours,
            out_of_hours_message=spec.out_of_hours_message,
            ignore_groups=spec.ignore_groups,
            context_ttl_hours=spec.context_ttl_hours,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    async def _conversation(self, conversation_id: uuid.UUID) -> Conversation:
        row = (
            await self.db.execute(
                select(Conversation).where(Conversation.id == conversation_id, Conversation.tenant_id == self.tenant_id)
            )
        ).scalar_one_or_none()
        if row is None:
            raise ConversationNotFound()
        return row

    async def conversation_state(self, conversation: Conversation) -> ConversationAgentOut:
        state = (
            await self.db.execute(
                select(AIConversation.handoff_reason, AIConversation.handoff_until).where(
                    AIConversation.conversation_id == conversation.id
                )
            )
        ).first()
        return ConversationAgentOut(
            conversation_id=conversation.id,
            agent_id=conversation.assigned_agent_id,
            bot_state=conversation.bot_state,
            handoff_reason=state[0] if state and conversation.bot_state == "handoff" else None,
            handoff_until=state[1] if state and conversation.bot_state == "handoff" else None,
        )

    async def assign(self, agent_id: uuid.UUID, conversation_id: uuid.UUID) -> ConversationAgentOut:
        agent = await self.get(agent_id)
        if not agent.is_active:
            raise AgentInactive()
        conversation = await self._conversation(conversation_id)
        conversation.assigned_agent_id = agent.id
        conversation.bot_state = "active"
        await self.db.execute(
            update(AIConversation)
            .where(AIConversation.conversation_id == conversation.id)
            .values(agent_id=agent.id, handoff_reason=None, handoff_until=None)
        )
        await self.db.flush()
        await emit(self.ctx, self.db, self.tenant_id, "conversation.updated", conversation_payload(conversation))
        return await self.conversation_state(conversation)

    async def _owned(self, agent_id: uuid.UUID, conversation_id: uuid.UUID) -> Conversation:
        await self.get(agent_id)
        conversation = await self._conversation(conversation_id)
        if conversation.assigned_agent_id != agent_id:
            raise ConversationOfOtherAgent()
        return conversation

    async def unassign(self, agent_id: uuid.UUID, conversation_id: uuid.UUID) -> ConversationAgentOut:
        """Desliga o agente na conversa (nem o agente padrão do tenant a assume de novo)."""
        conversation = await self._owned(agent_id, conversation_id)
        conversation.assigned_agent_id = None
        conversation.bot_state = "off"
        await self.db.flush()
        await emit(self.ctx, self.db, self.tenant_id, "conversation.updated", conversation_payload(conversation))
        return await self.conversation_state(conversation)

    async def pause(self, agent_id: uuid.UUID, conversation_id: uuid.UUID) -> ConversationAgentOut:
        conversation = await self._owned(agent_id, conversation_id)
        if conversation.bot_state != "handoff":
            spec = await pipeline.load_spec(self.ctx, self.db, agent_id)
            await pipeline._ensure_state_row(self.db, conversation)
            await pipeline.pause(self.ctx, self.db, conversation, spec, "operator")
            conversation.bot_state = "handoff"
        return await self.conversation_state(conversation)

    async def resume(self, agent_id: uuid.UUID, conversation_id: uuid.UUID) -> ConversationAgentOut:
        conversation = await self._owned(agent_id, conversation_id)
        if conversation.bot_state != "active":
            updated = await pipeline._set_state(self.db, conversation.id, "active", None, None)
            conversation.bot_state = "active"
            resumed = {"conversationId": str(conversation.id), "agentId": str(agent_id), "reason": "api"}
            events = [("conversation.updated", updated), ("ai.resumed", resumed)]
            await emit_many(self.ctx, self.db, self.tenant_id, events)
        return await self.conversation_state(conversation)

    async def test(self, agent_id: uuid.UUID, data: AgentTest) -> AgentTestOut:
        """Playground: o mesmo `brain.respond` da conversa de verdade, sem enviar nem gravar nada."""
        row = await self.get(agent_id)
        spec = spec_of(row, self.ctx.settings, self.ctx.encryptor)
        settings = await tenant_settings(self.ctx, self.db, self.tenant_id)
        await self.db.commit()  # a conexão volta ao pool enquanto o modelo pensa
        scope = ToolScope(
            ctx=self.ctx,
            tenant_id=self.tenant_id,
            agent_id=row.id,
            conversation_id=None,
            contact_number=None,
            contact_name=None,
            timezone=settings.business_hours.timezone,
            embedder=spec.model.embedder if spec.vector_search else None,
            dry_run=True,
        )
        context = {"turns": [turn.model_dump() for turn in data.history], "summary": ""}
        started = time.monotonic()
        answer = await brain.respond(spec, scope, context, data.message, self.ctx.settings.ai_max_tool_rounds)
        return AgentTestOut(
            reply=answer.text,
            parts=brain.split_reply(answer.text, spec.max_reply_chars),
            mode=answer.mode,
            handoff=answer.handoff,
            tool_calls=[ToolCallOut(name=c.name, arguments=c.arguments, result=c.result) for c in answer.tool_calls],
            prompt_tokens=answer.prompt_tokens,
            completion_tokens=answer.completion_tokens,
            latency_ms=int((time.monotonic() - started) * 1000),
            error=answer.error,
        )

    async def metrics(
        self, since: datetime | None, until: datetime | None, agent_id: uuid.UUID | None
    ) -> AgentMetricsOut:
        until = until or datetime.now(UTC)
        since = since or until - timedelta(days=30)
        if since >= until:
            raise InvalidPeriod("O início do período (from) deve ser antes do fim (to).")
        if until - since > timedelta(days=366):
            raise InvalidPeriod("O período pode ter no máximo 366 dias.")
        if agent_id is not None:
            await self.get(agent_id)
        filters = [AIRun.tenant_id == self.tenant_id, AIRun.created_at >= since, AIRun.created_at < until]
        if agent_id is not None:
            filters.append(AIRun.agent_id == agent_id)
        rows = (
            await self.db.execute(
                select(
                    AIRun.mode,
                    AIRun.outcome,
                    func.count(),
                    func.sum(AIRun.prompt_tokens),
                    func.sum(AIRun.completion_tokens),
                    func.sum(AIRun.tool_calls),
                )
                .where(*filters)
                .group_by(AIRun.mode, AIRun.outcome)
            )
        ).all()
        outcomes: dict[str, int] = {}
        modes: dict[str, int] = {}
        prompt = completion = tool_calls = 0
        for mode, outcome, count, p, c, t in rows:
            outcomes[outcome] = outcomes.get(outcome, 0) + count
            modes[mode] = modes.get(mode, 0) + count
            prompt += int(p or 0)
            completion += int(c or 0)
            tool_calls += int(t or 0)
        # Tempos só das respostas enviadas (as últimas 10 mil do período: percentis em memória, portável).
        timings = (
            await self.db.execute(
                select(AIRun.response_ms, AIRun.model_ms, AIRun.created_at, AIRun.outcome)
                .where(*filters, AIRun.outcome.in_(["replied", "handoff"]))
                .order_by(AIRun.created_at.desc())
                .limit(10_000)
            )
        ).all()
        responses = sorted(row[0] for row in timings)
        model_times = [row[1] for row in timings if row[1]]
        days: dict[str, list[Any]] = {}
        for response_ms, _, created_at, outcome in timings:
            day = created_at.date().isoformat()
            entry = days.setdefault(day, [0, 0, 0])
            entry[0 if outcome == "replied" else 1] += 1
            entry[2] += response_ms

        def pct(q: float) -> float | None:
            return float(responses[min(len(responses) - 1, int(q * len(responses)))]) if responses else None

        return AgentMetricsOut(
            since=since,
            until=until,
            runs=sum(outcomes.values()),
            replies=outcomes.get("replied", 0),
            handoffs=outcomes.get("handoff", 0),
            fallbacks=modes.get("fallback", 0),
            discarded=outcomes.get("discarded", 0),
            out_of_hours=outcomes.get("out_of_hours", 0),
            failed=outcomes.get("failed", 0),
            by_mode=modes,
            avg_response_ms=sum(responses) / len(responses) if responses else None,
            p50_response_ms=pct(0.5),
            p95_response_ms=pct(0.95),
            avg_model_ms=sum(model_times) / len(model_times) if model_times else None,
            prompt_tokens=prompt,
            completion_tokens=completion,
            tool_calls=tool_calls,
            per_day=[
                MetricsDay(day=day, replies=v[0], handoffs=v[1], avg_response_ms=v[2] / (v[0] + v[1]))
                for day, v in sorted(days.items())
            ],
        )
