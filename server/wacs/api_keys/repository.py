from __future__ import annotations

from sqlalchemy import Select

from wacs.kit.repository import TenantScopedRepository
from wacs.models import ApiKey


class ApiKeyRepository(TenantScopedRepository[ApiKey]):
    model = ApiKey

    def listing(self, include_revoked: bool) -> Select[ApiKey]:
        statement = self.select()
        if not include_revoked:
            statement = statement.where(ApiKey.revoked_at.is_(None))
        return statement.order_by(ApiKey.created_at.desc(), ApiKey.id)
