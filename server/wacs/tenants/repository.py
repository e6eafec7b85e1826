from __future__ import annotations

from sqlalchemy import Select, or_, select

from wacs.kit.repository import Repository, contains_pattern
from wacs.models import Tenant


class TenantRepository(Repository[Tenant]):
    """Tenants são dados da plataforma (não de um tenant): só o superadmin chega aqui."""

    model = Tenant

    async def get_by_client_id(self, client_id: str) -> Tenant | None:
        statement = select(Tenant).where(Tenant.client_id == client_id)
        return (await self.session.execute(statement)).scalar_one_or_none()

    def search(self, query: str | None, is_active: bool | None) -> Select[Tenant]:
        statement = select(Tenant)
        if query:
            pattern = contains_pattern(query)
            statement = statement.where(
                or_(Tenant.client_id.ilike(pattern, escape="\\"), Tenant.name.ilike(pattern, escape="\\"))
            )
        if is_active is not None:
            statement = statement.where(Tenant.is_active == is_active)
        return statement.order_by(Tenant.created_at.desc(), Tenant.id)
