from __future__ import annotations

import uuid
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal, invalidate_user_state, revoke_access
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep, on_commit
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.schemas import Page, page_of
from wacs.users.schemas import PasswordChange, UserCreate, UserOut, UserUpdate
from wacs.users.service import SelfModification, UserExists, UserNotFound, UserService, WrongPassword

router = APIRouter(prefix="/api/v1/users", tags=["Usuários"])

AdminRead = Annotated[Principal, Depends(Authenticator("admin", "users:read"))]
AdminWrite = Annotated[Principal, Depends(Authenticator("admin", "users:write"))]
AnyUser = Annotated[Principal, Depends(Authenticator("user"))]


@router.get(
    "", response_model=Page[UserOut], summary="Listar usuários do tenant", responses=problem_responses(Forbidden)
)
async def list_users(
    principal: AdminRead,
    ctx: ContextDep,
    session: SessionDep,
    paging: PageDep,
    search: Annotated[str | None, Query(max_length=100, description="Busca por nome ou e-mail.")] = None,
    role: Annotated[str | None, Query(pattern="^(user|admin|superadmin)$")] = None,
    is_active: Annotated[bool | None, Query(alias="isActive")] = None,
) -> dict[str, object]:
    service = UserService(ctx, session, principal)
    items, total = await service.users.paginate(
        service.users.search(query=search, role=role, is_active=is_active), paging.page, paging.page_size
    )
    return page_of(items, total, paging.page, paging.page_size)


@router.post(
    "",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    summary="Criar usuário",
    responses=problem_responses(Forbidden, UserExists),
)
async def create_user(
    data: UserCreate, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> object:
    user = await UserService(ctx, session, principal).create(data)
    set_resource(request, "users", user.id, email=user.email, role=user.role)
    return user


@router.put(
    "/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Trocar a própria senha",
    description="Exige a senha atual. Encerra as outras sessões do usuário; a atual continua válida.",
    responses=problem_responses(WrongPassword),
)
async def change_own_password(
    data: PasswordChange, principal: AnyUser, ctx: ContextDep, session: SessionDep, request: Request
) -> None:
    user, ended = await UserService(ctx, session, principal).change_own_password(data)
    set_resource(request, "users", user.id, sessionsEnded=len(ended))
    for family_id in ended:
        on_commit(session, partial(revoke_access, ctx, family_id))


@router.get(
    "/{user_id}", response_model=UserOut, summary="Obter usuário", responses=problem_responses(Forbidden, UserNotFound)
)
async def get_user(user_id: uuid.UUID, principal: AdminRead, ctx: ContextDep, session: SessionDep) -> object:
    return await UserService(ctx, session, principal).get(user_id)


@router.patch(
    "/{user_id}",
    response_model=UserOut,
    summary="Atualizar usuário",
    description="Altera nome, papel, senha ou ativa/desativa. Desativar, trocar papel ou senha "
    "encerra as sessões do usuário na hora.",
    responses=problem_responses(Forbidden, UserNotFound, SelfModification),
)
async def update_user(
    user_id: uuid.UUID, data: UserUpdate, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> object:
    user, revoked = await UserService(ctx, session, principal).update(user_id, data)
    set_resource(request, "users", user.id, sessionsRevoked=revoked)
    on_commit(session, lambda: invalidate_user_state(ctx, user_id))
    return user


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Excluir usuário",
    responses=problem_responses(Forbidden, UserNotFound, SelfModification),
)
async def delete_user(
    user_id: uuid.UUID, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> None:
    await UserService(ctx, session, principal).delete(user_id)
    on_commit(session, lambda: invalidate_user_state(ctx, user_id))
