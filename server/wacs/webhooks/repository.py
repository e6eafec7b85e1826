from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, Uuid, insert, literal, select, union_all, update

from wacs.kit.repository import TenantScopedRepository
from wacs.models import WebhookDelivery, WebhookEndpoint
from wacs.models.base import JSONType, UTCDateTime


class WebhookEndpointRepository(TenantScopedRepository[WebhookEndpoint]):
    model = WebhookEndpoint

    def listing(self, is_active: bool | None) -> Select[WebhookEndpoint]:
        statement = self.select()
        if is_active is not None:
            statement = statement.where(WebhookEndpoint.is_active.is_(is_active))
        return statement.order_by(WebhookEndpoint.created_at.desc(), WebhookEndpoint.id)

    async def active_subscriptions(self) -> list[tuple[uuid.UUID, list[str]]]:
        """(id, tipos assinados) dos endpoints ativos, na ordem de criação."""
        rows = await self.session.execute(
            self.select()
            .with_only_columns(WebhookEndpoint.id, WebhookEndpoint.events)
            .where(WebhookEndpoint.is_active.is_(True))
            .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
        )
        return [(row_id, list(events)) for row_id, events in rows.all()]

    async def subscribed_ids(self, event_type: str) -> list[uuid.UUID]:
        """Endpoints ativos que assinam o tipo (ou todos, com `*`). O filtro do JSON é feito aqui, portável."""
        return [i for i, events in await self.active_subscriptions() if "*" in events or event_type in events]

    async def delete(self, row: WebhookEndpoint) -> None:
        # As entregas caem junto (ON DELETE CASCADE); jobs já enfileirados as encontram ausentes e terminam.
        await self.session.delete(row)
        await self.session.flush()


class WebhookDeliveryRepository(TenantScopedRepository[WebhookDelivery]):
    model = WebhookDelivery

    async def add_for_endpoints(self, endpoint_ids: Sequence[uuid.UUID], envelope: dict[str, Any]) -> list[uuid.UUID]:
        """Uma entrega `pending` por endpoint que ainda existe e está ativo, num só INSERT … SELECT; devolve os ids.

        A lista de endpoints vem de um cache: um endpoint excluído ou desativado nesse meio tempo é simplesmente
        pulado (no PostgreSQL a linha fica travada FOR KEY SHARE até o commit; a exclusão concorrente espera ou é
        vista), em vez de uma violação de chave estrangeira derrubar o evento inteiro — e com ele o envio da
        mensagem que o gerou.
        """
        now = datetime.now(UTC)
        # SELECT … UNION ALL em vez de VALUES: o SQLite não nomeia as colunas de um VALUES.
        wanted = union_all(
            *(
                select(literal(uuid.uuid4(), Uuid()).label("id"), literal(endpoint_id, Uuid()).label("endpoint_id"))
                for endpoint_id in endpoint_ids
            )
        ).subquery("wanted")
        rows = (
            select(
                wanted.c.id,
                literal(self.tenant_id, Uuid()),
                wanted.c.endpoint_id,
                literal(envelope["id"]),
                literal(envelope["type"]),
                literal(envelope, JSONType),
                literal("pending"),
                literal(0),
                literal(now, UTCDateTime()),
                literal(now, UTCDateTime()),
                literal(now, UTCDateTime()),
            )
            .join(WebhookEndpoint, WebhookEndpoint.id == wanted.c.endpoint_id)
            .where(WebhookEndpoint.tenant_id == self.tenant_id, WebhookEndpoint.is_active.is_(True))
            .with_for_update(key_share=True, of=WebhookEndpoint)
        )
        columns = [
            "id",
            "tenant_id",
            "endpoint_id",
            "event_id",
            "event_type",
            "payload",
            "status",
            "attempts",
            "next_attempt_at",
            "created_at",
            "updated_at",
        ]
        statement = insert(WebhookDelivery).from_select(columns, rows).returning(WebhookDelivery.id)
        return list((await self.session.execute(statement)).scalars())

    def for_endpoint(
        self, endpoint_id: uuid.UUID, status: str | None, event_type: str | None
    ) -> Select[WebhookDelivery]:
        statement = self.select().where(WebhookDelivery.endpoint_id == endpoint_id)
        if status is not None:
            statement = statement.where(WebhookDelivery.status == status)
        if event_type is not None:
            statement = statement.where(WebhookDelivery.event_type == event_type)
        return statement.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())

    async def restart(self, delivery_id: uuid.UUID, from_statuses: tuple[str, ...]) -> bool:
        """Volta a entrega a `pending` para um ciclo novo de tentativas; False se ela já não estava terminada."""
        now = datetime.now(UTC)
        result = await self.session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.tenant_id == self.tenant_id,
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.status.in_(from_statuses),
            )
            .values(
                status="pending",
                attempts=0,
                last_status_code=None,
                last_error=None,
                delivered_at=None,
                next_attempt_at=now,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def record(self, delivery_id: uuid.UUID, **values: Any) -> bool:
        """Grava o resultado de uma tentativa, só se a entrega ainda estiver em andamento (`pending`)."""
        result = await self.session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.tenant_id == self.tenant_id,
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.status == "pending",
            )
            .values(updated_at=datetime.now(UTC), **values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))
