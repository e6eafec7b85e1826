from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from wacs.kit.schemas import Schema


class AuditLogOut(Schema):
    id: uuid.UUID
    actor_type: str
    actor_id: uuid.UUID | None
    actor_label: str | None
    action: str
    resource_type: str | None
    resource_id: str | None
    method: str
    path: str
    status_code: int | None
    ip: str | None
    user_agent: str | None
    request_id: str | None
    details: dict[str, Any] | None
    created_at: datetime
