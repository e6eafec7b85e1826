from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select

from wacs.kit.repository import TenantScopedRepository
from wacs.models import AuditLog


class AuditLogRepository(TenantScopedRepository[AuditLog]):
    model = AuditLog

    def search(
        self,
        *,
        action: str | None,
        actor_id: uuid.UUID | None,
        resource_type: str | None,
        resource_id: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> Select[AuditLog]:
        statement = self.select()
        if action:
            statement = statement.where(AuditLog.action == action)
        if actor_id:
            statement = statement.where(AuditLog.actor_id == actor_id)
        if resource_type:
            statement = statement.where(AuditLog.resource_type == resource_type)
        if resource_id:
            statement = statement.where(AuditLog.resource_id == resource_id)
        if since:
            statement = statement.where(AuditLog.created_at >= since)
        if until:
            statement = statement.where(AuditLog.created_at < until)
        return statement.order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
