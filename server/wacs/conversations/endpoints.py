from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import Field
from sqlalchemy import case, or_, select, update

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.conversations.receipts import READ_JOB, has_unread
from wacs.conversations.service import conversation_payload
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import BadRequest, Forbidden, NotFound, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.repository import TenantScopedRepository, contains_pattern
from wacs.kit.schemas import InputSchema, Page, Schema, page_of
from wacs.messages.endpoints import message_page
from wacs.messages.schemas import MessagePage
from wacs.models import Conversation, Message
from wacs.realtime.events import emit
from wacs.worker.queue import enqueue

router = APIRouter(prefix="/api/v1/conversations", tags=["Conversas"])

Reader = Annotated[Principal, Depends(Authenticator("user", "conversations:read"))]
Writer = Annotated[Principal, Depends(Authenticator("user", "conversations:write"))]


class ConversationNotFound(NotFound):
    code = "conversa_nao_encontrada"
    detail = "Conversa não encontrada."


class ConversationOut(Schema):
    id: uuid.UUID
    session_id: uuid.UUID
    contact_number: str
    contact_name: str | None
    last_message_at: datetime | None
    last_message_preview: str | None
    last_message_direction: str | None
    last_inbound_at: datetime | None = Field(
        description="Última mensagem recebida do contato. Em números da Meta, mensagens que não são template só saem "
        "até 24 horas depois dela (janela de atendimento)."
    )
    unread_count: int
    assigned_agent_id: uuid.UUID | None
    bot_state: str | None
    created_at: datetime
    updated_at: datetime


class ConversationRepository(TenantScopedRepository[Conversation]):
    model = Conversation


async def _get(repo: ConversationRepository, conversation_id: uuid.UUID) -> Conversation:
    row = await repo.get(conversation_id)
    if row is None:
        raise ConversationNotFound()
    return row


@router.get(
    "",
    response_model=Page[ConversationOut],
    summary="Listar conversas",
    description="Não lidas primeiro (por padrão) e depois as mais recentes. Busca por nome ou número.",
    responses=problem_responses(Forbidden),
)
async def list_conversations(
    principal: Reader,
    session: SessionDep,
    paging: PageDep,
    search: Annotated[str | None, Query(max_length=100)] = None,
    session_id: Annotated[uuid.UUID | None, Query(alias="sessionId")] = None,
    unread_first: Annotated[bool, Query(alias="unreadFirst")] = True,
    only_unread: Annotated[bool, Query(alias="onlyUnread")] = False,
) -> dict[str, object]:
    repo = ConversationRepository(session, principal.tenant.id)
    statement = repo.select()
    if search:
        pattern = contains_pattern(search)
        statement = statement.where(
            or_(
                Conversation.contact_name.ilike(pattern, escape="\\"),
                Conversation.contact_number.ilike(pattern, escape="\\"),
            )
        )
    if session_id:
        statement = statement.where(Conversation.session_id == session_id)
    if only_unread:
        statement = statement.where(Conversation.unread_count > 0)
    ordering = [Conversation.last_message_at.desc(), Conversation.id]
    if unread_first:
        ordering.insert(0, case((Conversation.unread_count > 0, 0), else_=1))
    items, total = await repo.paginate(statement.order_by(*ordering), paging.page, paging.page_size)
    return page_of(items, total, paging.page, paging.page_size)


@router.get(
    "/{conversation_id}",
    response_model=ConversationOut,
    summary="Obter conversa",
    responses=problem_responses(Forbidden, ConversationNotFound),
)
async def get_conversation(conversation_id: uuid.UUID, principal: Reader, session: SessionDep) -> Conversation:
    return await _get(ConversationRepository(session, principal.tenant.id), conversation_id)


@router.get(
    "/{conversation_id}/messages",
    response_model=MessagePage,
    summary="Mensagens da conversa",
    description="Mais recentes primeiro, com paginação por cursor.",
    responses=problem_responses(Forbidden, ConversationNotFound, BadRequest),
)
async def conversation_messages(
    conversation_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> MessagePage:
    conversation = await _get(ConversationRepository(session, principal.tenant.id), conversation_id)
    statement = select(Message).where(
        Message.tenant_id == principal.tenant.id, Message.conversation_id == conversation.id
    )
    return await message_page(session, statement, limit, cursor)


class ReadOptions(InputSchema):
    typing: bool = Field(
        default=False, description='Mostrar também "digitando…" ao contato (Meta), como faz quem vai responder.'
    )


@router.post(
    "/{conversation_id}/read",
    response_model=ConversationOut,
    summary="Marcar conversa como lida",
    description="Zera as não lidas (evento `conversation.updated`) e, em segundo plano, avisa o contato que as "
    "mensagens dele foram lidas (os tiques azuis), se o provedor do número faz isso (capacidade `mark_read`). "
    'Marcar de novo uma conversa sem mensagens novas não avisa nada. Com `{"typing": true}`, mostra também '
    '"digitando…" ao contato (Meta), como faz quem vai responder.',
    responses=problem_responses(Forbidden, ConversationNotFound),
)
async def mark_read(
    conversation_id: uuid.UUID,
    principal: Writer,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
    options: ReadOptions | None = None,
) -> Conversation:
    repo = ConversationRepository(session, principal.tenant.id)
    conversation = await _get(repo, conversation_id)
    await session.execute(update(Conversation).where(Conversation.id == conversation.id).values(unread_count=0))
    conversation.unread_count = 0
    await emit(ctx, session, principal.tenant.id, "conversation.updated", conversation_payload(conversation))
    typing = options is not None and options.typing
    if typing or await has_unread(session, principal.tenant.id, conversation.id):
        # Na mesma transação: o aviso ao contato sai só se a conversa foi mesmo marcada (e nunca se perde).
        payload: dict[str, Any] = {"conversationId": str(conversation.id), **({"typing": True} if typing else {})}
        await enqueue(ctx, session, READ_JOB, payload, tenant_id=principal.tenant.id)
    set_resource(request, "conversations", conversation.id)
    return conversation
