from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from wacs.audit.repository import AuditLogRepository
from wacs.audit.schemas import AuditLogOut
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.db import SessionDep
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.schemas import Page, UtcDateTime, page_of

router = APIRouter(prefix="/api/v1/audit-logs", tags=["Auditoria"])

AuditRead = Annotated[Principal, Depends(Authenticator("admin", "audit:read"))]


@router.get(
    "",
    response_model=Page[AuditLogOut],
    summary="Consultar a trilha de auditoria",
    description="Toda operação que altera estado gera um registro: quem, o quê, em qual recurso, de qual "
    "IP e quando. Mais recentes primeiro.",
    responses=problem_responses(Forbidden),
)
async def list_audit_logs(
    principal: AuditRead,
    session: SessionDep,
    paging: PageDep,
    action: Annotated[str | None, Query(max_length=100, description="Ex.: create_user, login.")] = None,
    actor_id: Annotated[uuid.UUID | None, Query(alias="actorId")] = None,
    resource_type: Annotated[str | None, Query(alias="resourceType", max_length=50)] = None,
    resource_id: Annotated[str | None, Query(alias="resourceId", max_length=100)] = None,
    since: Annotated[UtcDateTime | None, Query(description="A partir de (ISO 8601).")] = None,
    until: Annotated[UtcDateTime | None, Query(description="Antes de (ISO 8601).")] = None,
) -> dict[str, object]:
    repo = AuditLogRepository(session, principal.tenant.id)
    statement = repo.search(
        action=action, actor_id=actor_id, resource_type=resource_type, resource_id=resource_id, since=since, until=until
    )
    items, total = await repo.paginate(statement, paging.page, paging.page_size)
    return page_of(items, total, paging.page, paging.page_size)
