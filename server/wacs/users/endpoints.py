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
from wacs.users.schemas import PasswordChange, PasswordReset, UserCreate, UserOut, UserUpdate
from wacs.users.service import (
    HumanOnly,
    OwnPasswordReset,
    SelfModification,
    UserExists,
    UserNotFound,
    UserService,
    WrongPassword,
)

router = APIRouter(prefix="/api/v1/users", tags=["Usuários"])

AdminRead = Annotated[Principal, Depends(Authenticator("admin", "users:read"))]
AdminWrite = Annotated[Principal, Depends(Authenticator("admin", "users:write"))]
# Credenciais humanas (criar usuário, definir senha) só por pessoas: nenhuma chave de API, com escopo algum.
AdminPerson = Annotated[Principal, Depends(Authenticator("admin"))]
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
    description="Só administradores autenticados como pessoa: uma chave de API não cria credenciais humanas.",
    responses=problem_responses(Forbidden, UserExists),
)
async def create_user(
    data: UserCreate, principal: AdminPerson, ctx: ContextDep, session: SessionDep, request: Request
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
    description="Altera nome, papel ou ativa/desativa. Desativar ou trocar o papel encerra as sessões do usuário "
    "na hora. Papel só por administradores (pessoas); chaves de API com `users:write` alteram nome e ativação de "
    "usuários de papel user. Senhas têm rotas próprias.",
    responses=problem_responses(Forbidden, HumanOnly, UserNotFound, SelfModification),
)
async def update_user(
    user_id: uuid.UUID, data: UserUpdate, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> object:
    user, revoked = await UserService(ctx, session, principal).update(user_id, data)
    set_resource(request, "users", user.id, sessionsRevoked=revoked)
    on_commit(session, lambda: invalidate_user_state(ctx, user_id))
    return user


@router.put(
    "/{user_id}/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Redefinir a senha de outro usuário",
    description="Um administrador (pessoa, nunca uma chave de API) define uma senha nova para outro usuário do "
    "tenant. Todas as sessões do usuário são encerradas na hora e a redefinição fica na auditoria. Para a própria "
    "senha use `PUT /api/v1/users/me/password` (exige a senha atual).",
    responses=problem_responses(Forbidden, UserNotFound, OwnPasswordReset),
)
async def reset_password(
    user_id: uuid.UUID,
    data: PasswordReset,
    principal: AdminPerson,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> None:
    user = await UserService(ctx, session, principal).reset_password(user_id, data.new_password)
    set_resource(request, "users", user.id, passwordReset=True, sessionsRevoked=True)
    on_commit(session, lambda: invalidate_user_state(ctx, user_id))


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
