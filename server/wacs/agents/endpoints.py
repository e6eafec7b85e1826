"""Rotas dos agentes de IA (PRD §4.2: create, list, configure, assign-conversation; mais obter, excluir, desatribuir,
pausar/retomar, modelos prontos, playground e métricas)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.agents.schemas import (
    AgentConfigure,
    AgentCreate,
    AgentMetricsOut,
    AgentOut,
    AgentTest,
    AgentTestOut,
    AssignConversation,
    ConversationAgentOut,
    ConversationRef,
    TemplateOut,
)
from wacs.agents.service import (
    AgentInactive,
    AgentNotFound,
    AgentService,
    ConversationNotFound,
    ConversationOfOtherAgent,
    InvalidPeriod,
)
from wacs.agents.templates import TEMPLATES
from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.context import AppContext, ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.schemas import Page, UtcDateTime

router = APIRouter(prefix="/api/v1/agents", tags=["Agentes de IA"])

Reader = Annotated[Principal, Depends(Authenticator("user", "agents:read"))]
Admin = Annotated[Principal, Depends(Authenticator("admin", "agents:write"))]
Operator = Annotated[Principal, Depends(Authenticator("user", "conversations:write"))]
AGENT = "ai-agents"


@router.post(
    "/create",
    response_model=AgentOut,
    status_code=status.HTTP_201_CREATED,
    summary="Criar agente de IA",
    description="Configuração no formato do PRD §13.A (`name`, `systemPrompt`, `capabilities`, `knowledgeBase`, "
    "`responseSettings`) mais modelo próprio (`llm`, com a chave guardada cifrada e nunca devolvida), gatilhos, "
    "passagem para humano, espera da rajada e horário. Com `template`, parte de um modelo pronto.",
    responses=problem_responses(Forbidden),
)
async def create_agent(
    data: AgentCreate, principal: Admin, ctx: ContextDep, session: SessionDep, request: Request
) -> AgentOut:
    service = AgentService(ctx, session, principal)
    row = await service.create(data)
    set_resource(request, AGENT, row.id, name=row.name, template=data.template, default=data.make_default)
    return await service.out(row, row.id if data.make_default else await service.default_agent_id())


@router.get(
    "/list",
    response_model=Page[AgentOut],
    summary="Listar agentes de IA",
    description="Do mais novo para o mais antigo. `mode` diz se o agente responde com um modelo (`llm`) ou com o "
    "atendente offline de regras (`offline`).",
    responses=problem_responses(Forbidden),
)
async def list_agents(
    principal: Reader,
    ctx: ContextDep,
    session: SessionDep,
    paging: PageDep,
    is_active: Annotated[bool | None, Query(alias="isActive", description="Filtra por ativos/inativos.")] = None,
) -> Page[AgentOut]:
    service = AgentService(ctx, session, principal)
    rows, total = await service.agents.paginate(service.listing(is_active), paging.page, paging.page_size)
    default_id = await service.default_agent_id()
    items = [await service.out(row, default_id) for row in rows]
    return Page[AgentOut](items=items, total=total, page=paging.page, page_size=paging.page_size)


@router.get(
    "/templates",
    response_model=list[TemplateOut],
    summary="Modelos prontos de agente",
    description="Use o `name` em `template` ao criar um agente.",
    responses=problem_responses(Forbidden),
)
async def list_agent_templates(principal: Reader) -> list[TemplateOut]:
    return [
        TemplateOut(
            name=t.name,
            title=t.title,
            description=t.description,
            system_prompt=t.system_prompt,
            capabilities=t.capabilities,
            handoff_keywords=t.handoff_keywords,
        )
        for t in TEMPLATES.values()
    ]


@router.get(
    "/metrics",
    response_model=AgentMetricsOut,
    summary="Métricas dos agentes de IA",
    description="Respostas, passagens para humano, respostas do atendente offline por falha do modelo (fallbacks), "
    "descartes (mensagem nova chegou enquanto gerava), tempo de resposta (média, p50, p95), tempo do modelo, tokens "
    "e ferramentas, no período (padrão: últimos 30 dias), por dia. Com `agentId`, só desse agente.",
    responses=problem_responses(Forbidden, AgentNotFound, InvalidPeriod),
)
async def agents_metrics(
    principal: Reader,
    ctx: ContextDep,
    session: SessionDep,
    since: Annotated[UtcDateTime | None, Query(alias="from", description="Início (ISO 8601).")] = None,
    until: Annotated[UtcDateTime | None, Query(alias="to", description="Fim (ISO 8601).")] = None,
    agent_id: Annotated[uuid.UUID | None, Query(alias="agentId")] = None,
) -> AgentMetricsOut:
    return await AgentService(ctx, session, principal).metrics(since, until, agent_id)


@router.get(
    "/{agent_id:uuid}",
    response_model=AgentOut,
    summary="Obter agente de IA",
    responses=problem_responses(Forbidden, AgentNotFound),
)
async def get_agent(agent_id: uuid.UUID, principal: Reader, ctx: ContextDep, session: SessionDep) -> AgentOut:
    service = AgentService(ctx, session, principal)
    return await service.out(await service.get(agent_id), await service.default_agent_id())


@router.put(
    "/{agent_id:uuid}/configure",
    response_model=AgentOut,
    summary="Configurar agente de IA",
    description="Altera só os campos enviados (objetos como `responseSettings` são trocados inteiros). `llm.apiKey` "
    'vazio ("") apaga a chave própria; `llm: null` volta ao modelo da instalação.',
    responses=problem_responses(Forbidden, AgentNotFound),
)
async def configure_agent(
    agent_id: uuid.UUID,
    data: AgentConfigure,
    principal: Admin,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> AgentOut:
    service = AgentService(ctx, session, principal)
    row = await service.configure(agent_id, data)
    changed = sorted(data.model_dump(exclude_unset=True, by_alias=True))
    set_resource(request, AGENT, row.id, changed=changed)
    return await service.out(row, await service.default_agent_id())


@router.delete(
    "/{agent_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Excluir agente de IA",
    description="As conversas atribuídas a ele ficam sem agente; a base de conhecimento só dele é apagada junto.",
    responses=problem_responses(Forbidden, AgentNotFound),
)
async def delete_agent(
    agent_id: uuid.UUID, principal: Admin, ctx: ContextDep, session: SessionDep, request: Request
) -> None:
    await AgentService(ctx, session, principal).delete(agent_id)
    set_resource(request, AGENT, agent_id)


ConversationAction = Literal["assign", "unassign", "pause", "resume"]


async def _conversation_action(
    action: ConversationAction,
    agent_id: uuid.UUID,
    data: ConversationRef,
    principal: Principal,
    ctx: AppContext,
    session: AsyncSession,
    request: Request,
) -> ConversationAgentOut:
    """As quatro ações do agente numa conversa: a mesma chamada ao serviço e o mesmo registro na auditoria."""
    result: ConversationAgentOut = await getattr(AgentService(ctx, session, principal), action)(
        agent_id, data.conversation_id
    )
    set_resource(request, AGENT, agent_id, conversationId=str(data.conversation_id), action=action)
    return result


@router.post(
    "/{agent_id:uuid}/assign-conversation",
    response_model=ConversationAgentOut,
    summary="Atribuir conversa ao agente",
    description="O agente passa a responder as próximas mensagens do contato nesta conversa (e volta a responder, "
    "se estava pausado).",
    responses=problem_responses(Forbidden, AgentNotFound, ConversationNotFound, AgentInactive),
)
async def assign_conversation(
    agent_id: uuid.UUID,
    data: AssignConversation,
    principal: Operator,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> ConversationAgentOut:
    return await _conversation_action("assign", agent_id, data, principal, ctx, session, request)


@router.post(
    "/{agent_id:uuid}/unassign-conversation",
    response_model=ConversationAgentOut,
    summary="Desligar o agente na conversa",
    description="O agente para de responder nesta conversa (nem o agente padrão do tenant a assume de novo) até "
    "uma nova atribuição.",
    responses=problem_responses(Forbidden, AgentNotFound, ConversationNotFound, ConversationOfOtherAgent),
)
async def unassign_conversation(
    agent_id: uuid.UUID,
    data: ConversationRef,
    principal: Operator,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> ConversationAgentOut:
    return await _conversation_action("unassign", agent_id, data, principal, ctx, session, request)


@router.post(
    "/{agent_id:uuid}/pause-conversation",
    response_model=ConversationAgentOut,
    summary="Passar a conversa para humano",
    description="Pausa o agente nesta conversa (evento `ai.handoff`, motivo `operator`). Uma mensagem enviada por "
    "um operador na conversa faz o mesmo.",
    responses=problem_responses(Forbidden, AgentNotFound, ConversationNotFound, ConversationOfOtherAgent),
)
async def pause_conversation(
    agent_id: uuid.UUID,
    data: ConversationRef,
    principal: Operator,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> ConversationAgentOut:
    return await _conversation_action("pause", agent_id, data, principal, ctx, session, request)


@router.post(
    "/{agent_id:uuid}/resume-conversation",
    response_model=ConversationAgentOut,
    summary="Retomar o agente na conversa",
    description="Depois de uma passagem para humano, o agente volta a responder (evento `ai.resumed`).",
    responses=problem_responses(Forbidden, AgentNotFound, ConversationNotFound, ConversationOfOtherAgent),
)
async def resume_conversation(
    agent_id: uuid.UUID,
    data: ConversationRef,
    principal: Operator,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> ConversationAgentOut:
    return await _conversation_action("resume", agent_id, data, principal, ctx, session, request)


@router.post(
    "/{agent_id:uuid}/test",
    response_model=AgentTestOut,
    summary="Testar o agente (playground)",
    description="O mesmo caminho que responde às conversas, com a mensagem dada e, se quiser, o histórico — sem "
    "enviar nada e sem gravar (agendamentos são só simulados). Mostra o modo usado, as ferramentas chamadas, os "
    "tokens e o tempo.",
    responses=problem_responses(Forbidden, AgentNotFound),
)
async def test_agent(
    agent_id: uuid.UUID, data: AgentTest, principal: Reader, ctx: ContextDep, session: SessionDep
) -> AgentTestOut:
    return await AgentService(ctx, session, principal).test(agent_id, data)
