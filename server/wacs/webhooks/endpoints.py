from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.schemas import Page, page_of
from wacs.realtime.events import EVENT_TYPES
from wacs.webhooks.schemas import (
    DeliveryStatus,
    EventTypeOut,
    WebhookDeliveryDetail,
    WebhookDeliveryOut,
    WebhookEndpointCreate,
    WebhookEndpointOut,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)
from wacs.webhooks.service import (
    WebhookDeliveryInProgress,
    WebhookDeliveryNotFound,
    WebhookEndpointInactive,
    WebhookEndpointNotFound,
    WebhookService,
    WebhookUrlRefused,
    WebhookUrlUnresolvable,
)

router = APIRouter(prefix="/api/v1/webhooks", tags=["Webhooks"])

AdminRead = Annotated[Principal, Depends(Authenticator("admin", "webhooks:read"))]
AdminWrite = Annotated[Principal, Depends(Authenticator("admin", "webhooks:write"))]

ENDPOINT = "webhook-endpoints"
DELIVERY = "webhook-deliveries"


@router.get(
    "/event-types",
    response_model=list[EventTypeOut],
    summary="Tipos de evento que um endpoint pode receber",
    description='Use estes tipos em `events` ao cadastrar um endpoint, ou `["*"]` para todos. O evento '
    "`webhook.test` não entra na lista: ele só é enviado pela rota de teste de um endpoint.",
    responses=problem_responses(Forbidden),
)
async def list_event_types(principal: AdminRead) -> list[EventTypeOut]:
    return [EventTypeOut(type=name, description=text) for name, text in EVENT_TYPES.items()]


@router.get(
    "/endpoints",
    response_model=Page[WebhookEndpointOut],
    summary="Listar endpoints de webhook",
    description="Do mais novo para o mais antigo. O segredo de assinatura nunca aparece aqui.",
    responses=problem_responses(Forbidden),
)
async def list_webhook_endpoints(
    principal: AdminRead,
    ctx: ContextDep,
    session: SessionDep,
    paging: PageDep,
    is_active: Annotated[bool | None, Query(alias="isActive", description="Filtra por ativos/inativos.")] = None,
) -> dict[str, object]:
    service = WebhookService(ctx, session, principal)
    items, total = await service.endpoints.paginate(service.listing(is_active), paging.page, paging.page_size)
    return page_of(items, total, paging.page, paging.page_size)


@router.post(
    "/endpoints",
    response_model=WebhookEndpointWithSecret,
    status_code=status.HTTP_201_CREATED,
    summary="Criar endpoint de webhook",
    description="O segredo de assinatura (`whsec_...`) aparece só nesta resposta (e ao rotacioná-lo). "
    "A URL precisa ser http(s), sem usuário/senha, e resolver para um endereço público da internet: "
    "endereços internos (loopback, redes privadas, link-local, CGNAT, metadados de nuvem...) são recusados "
    "com 422, salvo se o operador ligar WEBHOOK_ALLOW_PRIVATE.",
    responses=problem_responses(Forbidden, WebhookUrlRefused, WebhookUrlUnresolvable),
)
async def create_webhook_endpoint(
    data: WebhookEndpointCreate, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> WebhookEndpointWithSecret:
    row, secret = await WebhookService(ctx, session, principal).create(data)
    set_resource(request, ENDPOINT, row.id, url=row.url, events=row.events, isActive=row.is_active)
    return WebhookEndpointWithSecret(**WebhookEndpointOut.model_validate(row).model_dump(), secret=secret)


@router.get(
    "/endpoints/{endpoint_id}",
    response_model=WebhookEndpointOut,
    summary="Obter endpoint de webhook",
    responses=problem_responses(Forbidden, WebhookEndpointNotFound),
)
async def get_webhook_endpoint(
    endpoint_id: uuid.UUID, principal: AdminRead, ctx: ContextDep, session: SessionDep
) -> object:
    return await WebhookService(ctx, session, principal).get(endpoint_id)


@router.patch(
    "/endpoints/{endpoint_id}",
    response_model=WebhookEndpointOut,
    summary="Atualizar endpoint de webhook",
    description="Altera URL (verificada de novo), eventos, descrição ou ativa/desativa. Entregas pendentes de um "
    "endpoint desativado terminam como `failed`.",
    responses=problem_responses(Forbidden, WebhookEndpointNotFound, WebhookUrlRefused, WebhookUrlUnresolvable),
)
async def update_webhook_endpoint(
    endpoint_id: uuid.UUID,
    data: WebhookEndpointUpdate,
    principal: AdminWrite,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> object:
    row = await WebhookService(ctx, session, principal).update(endpoint_id, data)
    changed = sorted(data.model_dump(exclude_unset=True, by_alias=True))
    set_resource(request, ENDPOINT, row.id, changed=changed)
    return row


@router.delete(
    "/endpoints/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Excluir endpoint de webhook",
    description="Exclui o endpoint e o seu histórico de entregas; tentativas pendentes são canceladas.",
    responses=problem_responses(Forbidden, WebhookEndpointNotFound),
)
async def delete_webhook_endpoint(
    endpoint_id: uuid.UUID, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> None:
    row = await WebhookService(ctx, session, principal).delete(endpoint_id)
    set_resource(request, ENDPOINT, row.id, url=row.url)


@router.post(
    "/endpoints/{endpoint_id}/rotate-secret",
    response_model=WebhookEndpointWithSecret,
    summary="Gerar novo segredo de assinatura",
    description="O segredo antigo deixa de valer imediatamente; o novo aparece só nesta resposta. Tentativas "
    "seguintes (inclusive reenvios de eventos antigos) já saem assinadas com ele.",
    responses=problem_responses(Forbidden, WebhookEndpointNotFound),
)
async def rotate_webhook_secret(
    endpoint_id: uuid.UUID, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> WebhookEndpointWithSecret:
    row, secret = await WebhookService(ctx, session, principal).rotate_secret(endpoint_id)
    set_resource(request, ENDPOINT, row.id, secretRotated=True)
    return WebhookEndpointWithSecret(**WebhookEndpointOut.model_validate(row).model_dump(), secret=secret)


@router.post(
    "/endpoints/{endpoint_id}/test",
    response_model=WebhookDeliveryDetail,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Enviar evento de teste",
    description="Enfileira um evento `webhook.test` só para este endpoint, pela mesma entrega durável (assinada, "
    "com novas tentativas). Acompanhe o resultado em `GET /api/v1/webhooks/deliveries/{id}`.",
    responses=problem_responses(Forbidden, WebhookEndpointNotFound, WebhookEndpointInactive),
)
async def send_webhook_test(
    endpoint_id: uuid.UUID, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> object:
    delivery = await WebhookService(ctx, session, principal).send_test(endpoint_id)
    set_resource(request, ENDPOINT, endpoint_id, deliveryId=str(delivery.id), eventId=delivery.event_id)
    return delivery


@router.get(
    "/endpoints/{endpoint_id}/deliveries",
    response_model=Page[WebhookDeliveryOut],
    summary="Listar entregas de um endpoint",
    description="Da mais nova para a mais antiga, com filtro por status e tipo de evento.",
    responses=problem_responses(Forbidden, WebhookEndpointNotFound),
)
async def list_webhook_deliveries(
    endpoint_id: uuid.UUID,
    principal: AdminRead,
    ctx: ContextDep,
    session: SessionDep,
    paging: PageDep,
    delivery_status: Annotated[DeliveryStatus | None, Query(alias="status", description="Filtra pelo status.")] = None,
    event_type: Annotated[
        str | None, Query(alias="eventType", max_length=50, description="Filtra pelo tipo de evento.")
    ] = None,
) -> dict[str, object]:
    service = WebhookService(ctx, session, principal)
    statement = await service.deliveries_of(endpoint_id, delivery_status, event_type)
    items, total = await service.deliveries.paginate(statement, paging.page, paging.page_size)
    return page_of(items, total, paging.page, paging.page_size)


@router.get(
    "/deliveries/{delivery_id}",
    response_model=WebhookDeliveryDetail,
    summary="Obter entrega de webhook",
    description="Inclui o envelope enviado, as tentativas, o último status HTTP ou erro, a próxima tentativa e "
    "quando foi entregue.",
    responses=problem_responses(Forbidden, WebhookDeliveryNotFound),
)
async def get_webhook_delivery(
    delivery_id: uuid.UUID, principal: AdminRead, ctx: ContextDep, session: SessionDep
) -> object:
    return await WebhookService(ctx, session, principal).get_delivery(delivery_id)


@router.post(
    "/deliveries/{delivery_id}/replay",
    response_model=WebhookDeliveryDetail,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Reenviar entrega",
    description="Para entregas `delivered`, `failed` ou `dead`: começa um ciclo novo de tentativas com o mesmo "
    "envelope e o mesmo id de evento (`X-Webhook-Id`), para o receptor poder deduplicar. Entrega ainda `pending` "
    "→ 409.",
    responses=problem_responses(Forbidden, WebhookDeliveryNotFound, WebhookDeliveryInProgress, WebhookEndpointInactive),
)
async def replay_webhook_delivery(
    delivery_id: uuid.UUID, principal: AdminWrite, ctx: ContextDep, session: SessionDep, request: Request
) -> object:
    delivery = await WebhookService(ctx, session, principal).replay(delivery_id)
    set_resource(request, DELIVERY, delivery.id, eventId=delivery.event_id, endpointId=str(delivery.endpoint_id))
    return delivery
