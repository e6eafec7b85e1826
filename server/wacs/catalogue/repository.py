"""SQL do catálogo e dos agendamentos, sempre restrito ao tenant do repositório."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.catalogue.normalize import SQL_FOLD_FROM, SQL_FOLD_TO, fold_like_sql
from wacs.kit.db import dialect_statement
from wacs.kit.repository import TenantScopedRepository, contains_pattern
from wacs.models import AIAgent, Appointment, Conversation, Property
from wacs.models.base import table_of

PROPERTIES = table_of(Property)
# Lotes da importação: bem abaixo do limite de parâmetros por comando (32.767 no PostgreSQL e no SQLite recente).
BATCH = 500


# SQLite: a dobra é uma função Python registrada na conexão (o SQLite não tem translate(), e um replace() por letra
# acentuada estoura a pilha do parser dele).
_SQLITE_FOLD = "wacs_fold"


def _sqlite_fold(value: object) -> object:
    return fold_like_sql(value) if isinstance(value, str) else value


def _register_sqlite_fold(connection: Connection) -> None:
    record = connection.connection
    driver: Any = record.dbapi_connection
    if not record.info.get(_SQLITE_FOLD):
        driver.create_function(_SQLITE_FOLD, 1, _sqlite_fold, deterministic=True)
        record.info[_SQLITE_FOLD] = True


def _postgres(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


def _folded(session: AsyncSession, column: Any) -> ColumnElement[str]:
    """A coluna em minúsculas e sem acentos, no próprio banco (o texto gravado guarda os acentos, para exibir)."""
    if _postgres(session):
        return func.translate(func.lower(column), SQL_FOLD_FROM, SQL_FOLD_TO)
    folded: ColumnElement[str] = getattr(func, _SQLITE_FOLD)(column)
    return folded


@dataclass(frozen=True)
class PropertyFilters:
    """Filtros já normalizados (tipo canônico, finalidade canônica, palavras dobradas)."""

    type: str | None = None
    purpose: str | None = None
    bedrooms: int | None = None
    min_bedrooms: int | None = None
    neighbourhood: str | None = None
    city: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    words: tuple[tuple[str, ...], ...] = ()
    available: bool | None = None


class PropertyRepository(TenantScopedRepository[Property]):
    model = Property

    def search(self, filters: PropertyFilters) -> Select[Property]:
        """Os imóveis do tenant que atendem a todos os filtros, do mais barato ao mais caro (sem preço por último).
        Execute com `find` ou `page`: no SQLite, eles registram antes a função da dobra na conexão."""
        statement = self.select()
        if filters.type:
            # "casa" também acha "casa de condomínio"; "apartamento" acha "apartamento duplex".
            folded_type = _folded(self.session, Property.type)
            term = fold_like_sql(filters.type)
            starts_with = contains_pattern(term)[1:-1] + " %"  # o termo escapado, seguido de outra palavra
            statement = statement.where(or_(folded_type == term, folded_type.like(starts_with, escape="\\")))
        if filters.purpose:
            statement = statement.where(Property.purpose == filters.purpose)
        if filters.bedrooms is not None:
            statement = statement.where(Property.bedrooms == filters.bedrooms)
        if filters.min_bedrooms is not None:
            statement = statement.where(Property.bedrooms >= filters.min_bedrooms)
        for column, value in ((Property.neighbourhood, filters.neighbourhood), (Property.city, filters.city)):
            if value:
                pattern = contains_pattern(fold_like_sql(value))
                statement = statement.where(_folded(self.session, column).like(pattern, escape="\\"))
        if filters.min_price is not None:
            statement = statement.where(Property.price >= filters.min_price)
        if filters.max_price is not None:
            statement = statement.where(Property.price <= filters.max_price)
        for variants in filters.words:
            statement = statement.where(
                or_(*(Property.search_text.like(contains_pattern(v), escape="\\") for v in variants))
            )
        if filters.available is not None:
            statement = statement.where(Property.is_available.is_(filters.available))
        return statement.order_by(Property.price.is_(None), Property.price, Property.code, Property.id)

    async def _prepare(self, filters: PropertyFilters) -> None:
        if (filters.type or filters.neighbourhood or filters.city) and not _postgres(self.session):
            await (await self.session.connection()).run_sync(_register_sqlite_fold)

    async def find(self, filters: PropertyFilters, limit: int) -> list[Property]:
        await self._prepare(filters)
        return list((await self.session.execute(self.search(filters).limit(limit))).scalars())

    async def page(self, filters: PropertyFilters, page: int, page_size: int) -> tuple[list[Property], int]:
        await self._prepare(filters)
        return await self.paginate(self.search(filters), page, page_size)

    async def by_code(self, code: str) -> Property | None:
        row: Property | None = (
            await self.session.execute(self.select().where(Property.code == code))
        ).scalar_one_or_none()
        return row

    async def stored(self, codes: Sequence[str], columns: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Código → `columns` dos imóveis do tenant que já existem com esses códigos."""
        found: dict[str, dict[str, Any]] = {}
        selected = [PROPERTIES.c.code, *(PROPERTIES.c[name] for name in columns)]
        for start in range(0, len(codes), BATCH):
            rows = await self.session.execute(
                select(*selected).where(
                    PROPERTIES.c.tenant_id == self.tenant_id, PROPERTIES.c.code.in_(codes[start : start + BATCH])
                )
            )
            for row in rows.mappings():
                found[row["code"]] = {name: row[name] for name in columns}
        return found

    async def upsert(self, rows: list[dict[str, Any]], updated_columns: Sequence[str]) -> None:
        """INSERT … ON CONFLICT (tenant_id, code) DO UPDATE, em lotes. Só `updated_columns` mudam nos que já existem:
        uma coluna ausente do arquivo não apaga o que está gravado."""

        def build(insert: Any) -> Any:
            statement = insert(PROPERTIES)
            return statement.on_conflict_do_update(
                index_elements=[PROPERTIES.c.tenant_id, PROPERTIES.c.code],
                set_={name: statement.excluded[name] for name in updated_columns},
            )

        statement = dialect_statement(self.session, "properties-upsert:" + ",".join(updated_columns), build)
        for start in range(0, len(rows), BATCH):
            batch = [{**row, "tenant_id": self.tenant_id} for row in rows[start : start + BATCH]]
            await self.session.execute(statement, batch)

    async def delete(self, row: Property) -> None:
        # As visitas do imóvel ficam, sem o vínculo (ON DELETE SET NULL).
        await self.session.delete(row)
        await self.session.flush()


class AppointmentRepository(TenantScopedRepository[Appointment]):
    model = Appointment

    def listing(
        self,
        *,
        status: str | None = None,
        contact_number: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        property_id: uuid.UUID | None = None,
    ) -> Select[Appointment]:
        statement = self.select()
        if status is not None:
            statement = statement.where(Appointment.status == status)
        if contact_number is not None:
            statement = statement.where(Appointment.contact_number == contact_number)
        if since is not None:
            statement = statement.where(Appointment.scheduled_for >= since)
        if until is not None:
            statement = statement.where(Appointment.scheduled_for < until)
        if property_id is not None:
            statement = statement.where(Appointment.property_id == property_id)
        return statement.order_by(Appointment.scheduled_for, Appointment.id)

    async def owns_conversation(self, conversation_id: uuid.UUID) -> bool:
        return bool(
            await self.session.scalar(
                select(exists().where(Conversation.id == conversation_id, Conversation.tenant_id == self.tenant_id))
            )
        )

    async def owns_agent(self, agent_id: uuid.UUID) -> bool:
        return bool(
            await self.session.scalar(
                select(exists().where(AIAgent.id == agent_id, AIAgent.tenant_id == self.tenant_id))
            )
        )
