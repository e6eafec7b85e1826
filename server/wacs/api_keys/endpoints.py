from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from wacs.api_keys.repository import ApiKeyRepository
from wacs.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyOut, ScopeOut
from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal, invalidate_api_key
from wacs.auth.scopes import SCOPES
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep, on_commit
from wacs.kit.errors import Forbidden, NotFound, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.schemas import Page, page_of
from wacs.kit.security import new_api_key, sha256_hex
from wacs.models import ApiKey

router = APIRouter(prefix="/api/v1/api-keys", tags=["Chaves de API"])

# Só administradores (pessoas) gerenciam chaves: uma chave não cria outra.
Admin = Annotated[Principal, Depends(Authenticator("admin"))]


class ApiKeyNotFound(NotFound):
    code = "chave_nao_encontrada"
    detail = "Chave de API não encontrada."


@router.get("/scopes", response_model=list[ScopeOut], summary="Escopos disponíveis para chaves de API")
async def list_scopes(principal: Admin) -> list[ScopeOut]:
    return [ScopeOut(scope=k, description=v) for k, v in SCOPES.items()]


@router.get("", response_model=Page[ApiKeyOut], summary="Listar chaves de API", responses=problem_responses(Forbidden))
async def list_api_keys(
    principal: Admin,
    session: SessionDep,
    paging: PageDep,
    include_revoked: Annotated[bool, Query(alias="includeRevoked")] = False,
) -> dict[str, object]:
    repo = ApiKeyRepository(session, principal.tenant.id)
    items, total = await repo.paginate(repo.listing(include_revoked), paging.page, paging.page_size)
    return page_of(items, total, paging.page, paging.page_size)


@router.post(
    "",
    response_model=ApiKeyCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Criar chave de API",
    description="A chave completa aparece só nesta resposta. Use-a em `Authorization: Bearer <chave>` "
    "ou `X-Api-Key: <chave>`, sempre com `X-Client-Id`.",
    responses=problem_responses(Forbidden),
)
async def create_api_key(data: ApiKeyCreate, principal: Admin, session: SessionDep, request: Request) -> ApiKeyCreated:
    raw, prefix = new_api_key()
    row = await ApiKeyRepository(session, principal.tenant.id).add(
        ApiKey(
            name=data.name,
            prefix=f"wacs_{prefix}",
            key_hash=sha256_hex(raw),
            scopes=data.scopes,
            created_by=principal.user_id,
            expires_at=data.expires_at,
        )
    )
    set_resource(request, "api-keys", row.id, name=row.name, scopes=row.scopes)
    return ApiKeyCreated(**ApiKeyOut.model_validate(row).model_dump(), key=raw)


@router.delete(
    "/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revogar chave de API",
    description="A chave deixa de funcionar imediatamente, em todas as réplicas.",
    responses=problem_responses(Forbidden, ApiKeyNotFound),
)
async def revoke_api_key(
    key_id: uuid.UUID, principal: Admin, ctx: ContextDep, session: SessionDep, request: Request
) -> None:
    row = await ApiKeyRepository(session, principal.tenant.id).get(key_id)
    if row is None:
        raise ApiKeyNotFound()
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
    key_hash = row.key_hash
    on_commit(session, lambda: invalidate_api_key(ctx, key_hash))
