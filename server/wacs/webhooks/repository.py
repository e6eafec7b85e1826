from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, update

from wacs.kit.repository import TenantScopedRepository
from wacs.models import WebhookDelivery, WebhookEndpoint


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
