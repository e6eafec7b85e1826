"""Trilha de auditoria: toda requisição que muda estado grava uma linha na mesma transação da mudança."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.db import add_insert
from wacs.kit.logging import request_id_var
from wacs.models import AuditLog
from wacs.models.base import table_of

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
AUDIT_LOGS = table_of(AuditLog)


def set_resource(request: Request, resource_type: str, resource_id: object, **details: Any) -> None:
    """Diz à auditoria qual recurso a requisição criou ou alterou (útil quando o id não está na URL)."""
    request.state.audit_resource = (resource_type, str(resource_id), details or None)


def set_audit_path(request: Request, path: str) -> None:
    """Caminho gravado no lugar do real, quando este traz dado pessoal (ex.: o telefone do contato, mascarado)."""
    request.state.audit_path = path


def set_actor(request: Request, tenant_id: uuid.UUID, actor_id: uuid.UUID, label: str) -> None:
    """Para rotas sem credencial prévia (login, refresh): o ator é conhecido só depois de validar."""
    request.state.audit_actor = (tenant_id, actor_id, label)


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None


def build_entry(
    request: Request,
    *,
    action: str,
    tenant_id: uuid.UUID,
    actor_type: str,
    actor_id: uuid.UUID | None,
    actor_label: str | None,
    resource_type: str | None,
    resource_id: str | None,
    status_code: int | None,
    details: dict[str, Any] | None,
) -> dict[str, Any]:
    return dict(
        id=uuid.uuid4(),
        created_at=datetime.now(UTC),
        tenant_id=tenant_id,
        actor_type=actor_type,
        actor_id=actor_id,
        # Cortados no tamanho das colunas: um id longo vindo do cliente (ex.: messageId do sandbox) não pode derrubar
        # a requisição inteira na hora de gravar a auditoria.
        actor_label=actor_label[:255] if actor_label else actor_label,
        action=action[:100],
        resource_type=resource_type[:50] if resource_type else resource_type,
        resource_id=resource_id[:100] if resource_id else resource_id,
        method=request.method,
        path=(getattr(request.state, "audit_path", None) or request.scope["path"])[:500],
        status_code=status_code,
        ip=client_ip(request),
        user_agent=(request.headers.get("user-agent") or "")[:255] or None,
        request_id=request_id_var.get(),
        details=details,
    )


async def flush_audit(request: Request, session: AsyncSession) -> None:
    """Adiciona a linha de auditoria da requisição (uma vez só, mesmo se a rota confirmar mais cedo).

    Roda logo antes do commit da requisição: `wacs.assembly` a registra em `kit.db.add_before_request_commit`.
    """
    if request.method not in WRITE_METHODS or getattr(request.state, "audited", False):
        return
    request.state.audited = True
    route = request.scope.get("route")
    principal = getattr(request.state, "principal", None)
    if principal is not None:
        tenant_id, actor_type, actor_id, label = principal.tenant.id, principal.kind, principal.id, principal.label
    elif (actor := getattr(request.state, "audit_actor", None)) is not None:
        tenant_id, actor_id, label = actor
        actor_type = "user"
    else:
        return
    resource = getattr(request.state, "audit_resource", None)
    if resource is not None:
        resource_type, resource_id, details = resource
    else:
        parts = [p for p in request.scope["path"].split("/") if p]
        resource_type = parts[2] if len(parts) > 2 and parts[0] == "api" else None
        params = request.path_params
        resource_id = str(next(iter(params.values()))) if params else None
        details = None
    entry = build_entry(
        request,
        action=getattr(route, "name", None) or str(request.scope["path"]),
        tenant_id=tenant_id,
        actor_type=actor_type,
        actor_id=actor_id,
        actor_label=label,
        resource_type=resource_type,
        resource_id=resource_id,
        status_code=getattr(route, "status_code", None) or 200,
        details=details,
    )
    # INSERT adiado: vai ao banco no commit, no mesmo comando que as outras linhas da requisição.
    add_insert(session, AUDIT_LOGS, entry)
