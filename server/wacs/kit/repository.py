"""Base dos repositórios: todo SQL mora neles; os de dados de tenant filtram sempre por `tenant_id`."""

from __future__ import annotations

import uuid
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

M = TypeVar("M")


def contains_pattern(term: str) -> str:
    """Padrão LIKE de "contém" com % e _ do usuário tratados como texto (use com escape="\\")."""
    escaped = term.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Repository(Generic[M]):
    model: type[M]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, row: M) -> M:
        self.session.add(row)
        await self.session.flush()
        return row

    async def paginate(self, statement: Select[Any], page: int, page_size: int) -> tuple[list[M], int]:
        total = (
            await self.session.execute(select(func.count()).select_from(statement.order_by(None).subquery()))
        ).scalar_one()
        rows = (await self.session.execute(statement.limit(page_size).offset((page - 1) * page_size))).scalars()
        return list(rows), int(total)


class TenantScopedRepository(Repository[M]):
    """O único caminho para ler dados de um tenant: a linha de outro tenant simplesmente não existe aqui."""

    def __init__(self, session: AsyncSession, tenant_id: uuid.UUID) -> None:
        super().__init__(session)
        self.tenant_id = tenant_id

    def select(self) -> Select[M]:
        return select(self.model).where(self.model.tenant_id == self.tenant_id)  # type: ignore[attr-defined]

    async def get(self, row_id: uuid.UUID, *, for_update: bool = False) -> M | None:
        """A linha do tenant, ou None. `for_update` trava a linha até o commit (PostgreSQL): uma alteração e uma
        exclusão simultâneas se enfileiram, e a segunda vê o resultado da primeira (404 em vez de erro)."""
        statement = self.select().where(self.model.id == row_id)  # type: ignore[attr-defined]
        if for_update:
            statement = statement.with_for_update()
        row: M | None = (await self.session.execute(statement)).scalar_one_or_none()
        return row

    async def add(self, row: M) -> M:
        row.tenant_id = self.tenant_id  # type: ignore[attr-defined]
        return await super().add(row)
