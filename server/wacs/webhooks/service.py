"""Regras dos webhooks: cadastro com verificação de destino (SSRF), segredo cifrado, teste, log e reenvio."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.auth.dependencies import Principal
from wacs.kit import ssrf
from wacs.kit.context import AppContext
from wacs.kit.errors import AppError, Conflict, NotFound
from wacs.models import WebhookDelivery, WebhookEndpoint
from wacs.webhooks import fanout, signing
from wacs.webhooks.repository import WebhookDeliveryRepository, WebhookEndpointRepository
from wacs.webhooks.schemas import WebhookEndpointCreate, WebhookEndpointUpdate

REPLAYABLE = ("delivered", "failed", "dead")


class WebhookEndpointNotFound(NotFound):
    code = "webhook_nao_encontrado"
    detail = "Endpoint de webhook não encontrado."


class WebhookDeliveryNotFound(NotFound):
    code = "entrega_nao_encontrada"
    detail = "Entrega de webhook não encontrada."


class WebhookUrlRefused(AppError):
    status_code = 422
    code = "url_nao_permitida"
    title = "URL não permitida"
    detail = "A URL aponta para um endereço interno; webhooks só são entregues a endereços públicos."


class WebhookUrlUnresolvable(AppError):
    status_code = 422
    code = "url_nao_resolvida"
    title = "URL inválida"
    detail = "Não foi possível resolver o host da URL."


class WebhookEndpointInactive(Conflict):
    code = "webhook_inativo"
    title = "Endpoint desativado"
    detail = "O endpoint está desativado. Ative-o (isActive: true) antes de enviar eventos a ele."


class WebhookDeliveryInProgress(Conflict):
    code = "entrega_em_andamento"
    title = "Entrega em andamento"
    detail = "Esta entrega ainda está em andamento (pending); o reenvio só é possível depois que ela terminar."


def _url_error(message: str, kind: str) -> dict[str, Any]:
    return {"errors": [{"field": "url", "location": "body", "message": message, "type": kind}]}


class WebhookService:
    def __init__(self, ctx: AppContext, session: AsyncSession, principal: Principal) -> None:
        self.ctx = ctx
        self.session = session
        self.tenant_id = principal.tenant.id
        self.endpoints = WebhookEndpointRepository(session, self.tenant_id)
        self.deliveries = WebhookDeliveryRepository(session, self.tenant_id)

    async def check_destination(self, url: str) -> None:
        """Resolve o host agora e recusa endereços internos (a entrega verifica de novo, a cada conexão)."""
        target = httpx.URL(url)
        host = target.raw_host.decode("ascii")
        port = target.port or (443 if target.scheme == "https" else 80)
        try:
            await ssrf.addresses_for(host, port, allow_private=self.ctx.settings.webhook_allow_private)
        except ssrf.UnsafeDestination as exc:
            raise WebhookUrlRefused(exc.message, **_url_error(exc.message, WebhookUrlRefused.code)) from None
        except ssrf.UnresolvableHost as exc:
            message = f"{exc.message} Confira o endereço e o DNS."
            raise WebhookUrlUnresolvable(message, **_url_error(message, WebhookUrlUnresolvable.code)) from None

    # Endpoints

    def listing(self, is_active: bool | None) -> Select[WebhookEndpoint]:
        return self.endpoints.listing(is_active)

    async def get(self, endpoint_id: uuid.UUID) -> WebhookEndpoint:
        row = await self.endpoints.get(endpoint_id)
        if row is None:
            raise WebhookEndpointNotFound()
        return row

    async def create(self, data: WebhookEndpointCreate) -> tuple[WebhookEndpoint, str]:
        """Devolve o endpoint e o segredo em claro (só para a resposta; no banco ele fica cifrado)."""
        await self.check_destination(data.url)
        secret = signing.new_secret()
        row = await self.endpoints.add(
            WebhookEndpoint(
                url=data.url,
                events=data.events,
                description=data.description,
                is_active=data.is_active,
                secret_encrypted=self.ctx.encryptor.encrypt(secret),
            )
        )
        await fanout.invalidate_endpoints(self.ctx, self.session, self.tenant_id)
        return row, secret

    async def update(self, endpoint_id: uuid.UUID, data: WebhookEndpointUpdate) -> WebhookEndpoint:
        row = await self.get(endpoint_id)
        if data.url is not None and data.url != row.url:
            await self.check_destination(data.url)
            row.url = data.url
        if data.events is not None:
            row.events = data.events
        if "description" in data.model_fields_set:
            row.description = data.description
        if data.is_active is not None:
            row.is_active = data.is_active
        row.updated_at = datetime.now(UTC)
        await self.session.flush()
        await fanout.invalidate_endpoints(self.ctx, self.session, self.tenant_id)
        return row

    async def delete(self, endpoint_id: uuid.UUID) -> WebhookEndpoint:
        row = await self.get(endpoint_id)
        await self.endpoints.delete(row)
        await fanout.invalidate_endpoints(self.ctx, self.session, self.tenant_id)
        return row

    async def rotate_secret(self, endpoint_id: uuid.UUID) -> tuple[WebhookEndpoint, str]:
        """O segredo antigo deixa de valer na hora; as próximas tentativas já saem assinadas com o novo."""
        row = await self.get(endpoint_id)
        secret = signing.new_secret()
        row.secret_encrypted = self.ctx.encryptor.encrypt(secret)
        row.updated_at = datetime.now(UTC)
        await self.session.flush()
        return row, secret

    async def send_test(self, endpoint_id: uuid.UUID) -> WebhookDelivery:
        row = await self.get(endpoint_id)
        if not row.is_active:
            raise WebhookEndpointInactive()
        scheduled = await fanout.schedule(
            self.ctx, self.session, self.tenant_id, [row.id], fanout.build_test_envelope(row.id)
        )
        if not scheduled:  # desativado ou excluído entre a leitura acima e a gravação
            raise WebhookEndpointInactive()
        return await self.get_delivery(scheduled[0])

    # Entregas

    async def deliveries_of(
        self, endpoint_id: uuid.UUID, status: str | None, event_type: str | None
    ) -> Select[WebhookDelivery]:
        await self.get(endpoint_id)
        return self.deliveries.for_endpoint(endpoint_id, status, event_type)

    async def get_delivery(self, delivery_id: uuid.UUID) -> WebhookDelivery:
        delivery = await self.deliveries.get(delivery_id)
        if delivery is None:
            raise WebhookDeliveryNotFound()
        return delivery

    async def replay(self, delivery_id: uuid.UUID) -> WebhookDelivery:
        """Ciclo novo de tentativas com o mesmo envelope (mesmo id de evento: o receptor deduplica)."""
        delivery = await self.get_delivery(delivery_id)
        if delivery.status not in REPLAYABLE:
            raise WebhookDeliveryInProgress()
        endpoint = await self.get(delivery.endpoint_id)
        if not endpoint.is_active:
            raise WebhookEndpointInactive()
        # Condicional no banco: dois reenvios simultâneos não abrem dois ciclos.
        if not await self.deliveries.restart(delivery_id, REPLAYABLE):
            raise WebhookDeliveryInProgress()
        await self.session.refresh(delivery)
        await fanout.enqueue(self.ctx, self.session, self.tenant_id, [delivery.id])
        await self.session.flush()
        return delivery
