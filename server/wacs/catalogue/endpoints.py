"""Rotas do catálogo de imóveis e dos agendamentos de visita."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from wacs.audit.recorder import set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.catalogue import service
from wacs.catalogue.importing import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    PropertyImportInvalid,
    PropertyImportTooLarge,
    PropertyImportTooManyRows,
)
from wacs.catalogue.importing import (
    MAX_PRICE as PRICE_LIMIT,
)
from wacs.catalogue.schemas import (
    AppointmentCreate,
    AppointmentOut,
    AppointmentStatus,
    AppointmentUpdate,
    PropertyImportResult,
    PropertyOut,
    Purpose,
)
from wacs.catalogue.service import (
    AppointmentClosed,
    AppointmentConversationNotFound,
    AppointmentNotFound,
    PropertyNotFound,
    PropertyReferenceMismatch,
    PropertyUnavailable,
    VisitInThePast,
    VisitTooFarAhead,
)
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import Forbidden, RequestInvalid, problem_responses
from wacs.kit.pagination import PageDep
from wacs.kit.phone import PHONE_RULE, PhoneError, normalize_phone
from wacs.kit.schemas import Page, UtcDateTime, page_of, semantic_validation
from wacs.kit.uploads import NotMultipart, read_file, upload_body
from wacs.models import Appointment, Property

properties_router = APIRouter(prefix="/api/v1/properties", tags=["Imóveis"])
appointments_router = APIRouter(prefix="/api/v1/appointments", tags=["Agendamentos"])

CatalogueReader = Annotated[Principal, Depends(Authenticator("user", "agents:read"))]
CatalogueAdmin = Annotated[Principal, Depends(Authenticator("admin", "agents:write"))]
AppointmentWriter = Annotated[Principal, Depends(Authenticator("user", "agents:write"))]

PROPERTY = "properties"
APPOINTMENT = "appointments"
# O id no caminho só casa com um UUID: assim GET /api/v1/properties/import é 405 (só POST), não 422 de "id inválido".
PROPERTY_PATH = "/{property_id:uuid}"


IMPORT_RULE = (
    "arquivo de imóveis: CSV (separador ; ou , e codificação UTF-8 ou Latin-1) ou JSON (lista de objetos ou "
    '{"properties": [...]}), com a coluna do tipo; toda linha é validada antes de gravar e qualquer linha inválida '
    "recusa o arquivo inteiro (`importacao_invalida`, com linha/item e coluna de cada erro)"
)

_IMPORT_BODY = upload_body(
    "O arquivo CSV ou JSON (o formato é identificado pelo conteúdo). "
    + f"Até {MAX_IMPORT_BYTES // (1024 * 1024)} MB e {MAX_IMPORT_ROWS:_} imóveis.".replace("_", "."),
    IMPORT_RULE,
)


async def _read_upload(request: Request) -> tuple[bytes, str | None, str | None]:
    data, upload = await read_file(request, MAX_IMPORT_BYTES, lambda: PropertyImportTooLarge(maxBytes=MAX_IMPORT_BYTES))
    if len(data) > MAX_IMPORT_BYTES:
        raise PropertyImportTooLarge(maxBytes=MAX_IMPORT_BYTES)
    return data, upload.filename, upload.content_type


@properties_router.post(
    "/import",
    response_model=PropertyImportResult,
    summary="Importar imóveis (CSV ou JSON)",
    description="Multipart com o campo `file`: CSV (separador `;` ou `,`, UTF-8 ou Latin-1) ou JSON (lista de "
    'objetos ou `{"properties": [...]}`). Colunas aceitas em português ou inglês: código, tipo, finalidade, '
    "quartos, bairro, cidade, uf, preço (`R$ 450.000,00`, `450000`...), área, descrição, url, disponível. "
    "Todas as linhas são validadas antes de gravar: se alguma for inválida, nada é importado e a resposta 422 "
    "lista os erros (linha ou item, coluna e motivo). Reimportar atualiza pelo código, sem duplicar; colunas que "
    "o arquivo não traz ficam como estão. Veja docs/catalogo-e-agendamentos.md.",
    openapi_extra=_IMPORT_BODY,
    responses=problem_responses(
        Forbidden, NotMultipart, PropertyImportTooLarge, PropertyImportInvalid, PropertyImportTooManyRows
    ),
)
async def import_properties(principal: CatalogueAdmin, session: SessionDep, request: Request) -> service.ImportSummary:
    data, filename, content_type = await _read_upload(request)
    summary = await service.import_properties(
        session, principal.tenant.id, data, filename=filename, content_type=content_type
    )
    set_resource(
        request,
        PROPERTY,
        "import",
        filename=filename,
        format=summary.format,
        created=summary.created,
        updated=summary.updated,
    )
    return summary


@properties_router.get(
    "",
    response_model=Page[PropertyOut],
    summary="Listar e buscar imóveis",
    description="Todos os filtros juntos (E). Tipo, bairro, cidade e `q` ignoram acentos e maiúsculas; o tipo "
    'aceita plural e apelidos ("apartamentos", "aptos"); bairro e cidade casam por trecho; `q` exige todas as '
    "palavras no código, tipo, finalidade, bairro, cidade, UF ou descrição. Do mais barato ao mais caro (sem preço "
    "por último). É a mesma busca que o agente de IA usa.",
    responses=problem_responses(Forbidden),
)
async def list_properties(
    principal: CatalogueReader,
    session: SessionDep,
    paging: PageDep,
    type: Annotated[str | None, Query(max_length=50, description="Tipo: apartamento, casa, cobertura...")] = None,
    purpose: Annotated[Purpose | None, Query(description="venda ou aluguel.")] = None,
    bedrooms: Annotated[int | None, Query(ge=0, le=100, description="Exatamente este número de quartos.")] = None,
    min_bedrooms: Annotated[
        int | None, Query(alias="minBedrooms", ge=0, le=100, description="Quartos, no mínimo.")
    ] = None,
    neighbourhood: Annotated[str | None, Query(max_length=255, description="Bairro (ou parte dele).")] = None,
    city: Annotated[str | None, Query(max_length=255, description="Cidade (ou parte dela).")] = None,
    min_price: Annotated[
        Decimal | None, Query(alias="minPrice", ge=0, le=PRICE_LIMIT, description="Preço mínimo, em reais.")
    ] = None,
    max_price: Annotated[
        Decimal | None, Query(alias="maxPrice", ge=0, le=PRICE_LIMIT, description="Preço máximo, em reais.")
    ] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Palavras a procurar (todas precisam aparecer).")
    ] = None,
    available: Annotated[
        bool | None, Query(description="true: só disponíveis; false: só indisponíveis; omitido: todos.")
    ] = None,
) -> dict[str, object]:
    filters = service.property_filters(
        type=type,
        purpose=purpose,
        bedrooms=bedrooms,
        min_bedrooms=min_bedrooms,
        neighbourhood=neighbourhood,
        city=city,
        min_price=min_price,
        max_price=max_price,
        text=q,
        available=available,
    )
    items, total = await service.list_properties(session, principal.tenant.id, filters, paging.page, paging.page_size)
    return page_of(items, total, paging.page, paging.page_size)


@properties_router.get(
    PROPERTY_PATH,
    response_model=PropertyOut,
    summary="Obter imóvel",
    responses=problem_responses(Forbidden, PropertyNotFound),
)
async def get_property(property_id: uuid.UUID, principal: CatalogueReader, session: SessionDep) -> Property:
    return await service.get_property(session, principal.tenant.id, property_id)


@properties_router.delete(
    PROPERTY_PATH,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Excluir imóvel",
    description="As visitas já agendadas para ele continuam, sem o vínculo com o imóvel (`propertyId` vazio).",
    responses=problem_responses(Forbidden, PropertyNotFound),
)
async def delete_property(
    property_id: uuid.UUID, principal: CatalogueAdmin, session: SessionDep, request: Request
) -> None:
    row = await service.delete_property(session, principal.tenant.id, property_id)
    set_resource(request, PROPERTY, row.id, code=row.code)


# ------------------------------------------------------------------------------------------- agendamentos


def _contact_filter(value: str) -> str:
    try:
        return normalize_phone(value)
    except PhoneError as exc:
        raise RequestInvalid(
            errors=[{"field": "contactNumber", "location": "query", "message": str(exc), "type": "value_error"}]
        ) from None


@appointments_router.get(
    "",
    response_model=Page[AppointmentOut],
    summary="Listar agendamentos de visita",
    description="Da visita mais próxima para a mais distante. `from` e `to` filtram pela data da visita "
    "(`from` inclusivo, `to` exclusivo).",
    responses=problem_responses(Forbidden),
)
async def list_appointments(
    principal: CatalogueReader,
    session: SessionDep,
    paging: PageDep,
    appointment_status: Annotated[
        AppointmentStatus | None, Query(alias="status", description="Filtra pelo status.")
    ] = None,
    contact_number: Annotated[
        str | None,
        Query(
            alias="contactNumber",
            max_length=40,
            description="Telefone do contato (qualquer formato aceito no cadastro).",
            json_schema_extra={"pattern": r"\d", **semantic_validation(PHONE_RULE)},
        ),
    ] = None,
    since: Annotated[UtcDateTime | None, Query(alias="from", description="Visitas a partir de (ISO 8601).")] = None,
    until: Annotated[UtcDateTime | None, Query(alias="to", description="Visitas antes de (ISO 8601).")] = None,
    property_id: Annotated[uuid.UUID | None, Query(alias="propertyId", description="Visitas a este imóvel.")] = None,
) -> dict[str, object]:
    items, total = await service.list_appointments(
        session,
        principal.tenant.id,
        paging.page,
        paging.page_size,
        status=appointment_status,
        contact_number=_contact_filter(contact_number) if contact_number else None,
        since=since,
        until=until,
        property_id=property_id,
    )
    return page_of(items, total, paging.page, paging.page_size)


@appointments_router.post(
    "",
    response_model=AppointmentOut,
    status_code=status.HTTP_201_CREATED,
    summary="Agendar visita",
    description="Agendamento feito por um operador (o agente de IA usa a mesma regra). O imóvel, opcional, vem por "
    "`propertyId` ou `propertyCode` e precisa estar disponível. Emite o evento `appointment.created` (WebSocket e "
    "webhooks).",
    responses=problem_responses(
        Forbidden,
        PropertyNotFound,
        AppointmentConversationNotFound,
        PropertyUnavailable,
        VisitInThePast,
        VisitTooFarAhead,
        PropertyReferenceMismatch,
    ),
)
async def create_appointment(
    data: AppointmentCreate, principal: AppointmentWriter, ctx: ContextDep, session: SessionDep, request: Request
) -> Appointment:
    row = await service.schedule_visit(
        ctx,
        session,
        principal.tenant.id,
        contact_number=data.contact_number,
        contact_name=data.contact_name,
        scheduled_for=data.scheduled_for,
        property_id=data.property_id,
        property_code=data.property_code,
        notes=data.notes,
        conversation_id=data.conversation_id,
        created_by=principal.label,
    )
    property_id = str(row.property_id) if row.property_id else None
    set_resource(request, APPOINTMENT, row.id, scheduledFor=row.scheduled_for.isoformat(), propertyId=property_id)
    return row


@appointments_router.get(
    "/{appointment_id}",
    response_model=AppointmentOut,
    summary="Obter agendamento",
    responses=problem_responses(Forbidden, AppointmentNotFound),
)
async def get_appointment(appointment_id: uuid.UUID, principal: CatalogueReader, session: SessionDep) -> Appointment:
    return await service.get_appointment(session, principal.tenant.id, appointment_id)


@appointments_router.patch(
    "/{appointment_id}",
    response_model=AppointmentOut,
    summary="Alterar agendamento (remarcar, cancelar, concluir)",
    description="Só os campos enviados mudam. Remarcar (`scheduledFor`) ou reabrir (`status: scheduled`) exige "
    "horário no futuro; remarcar uma visita cancelada ou concluída exige reabri-la junto. Se algo mudou, emite "
    "`appointment.updated` com `changes` (campos alterados) e `previous` (valores anteriores).",
    responses=problem_responses(Forbidden, AppointmentNotFound, AppointmentClosed, VisitInThePast, VisitTooFarAhead),
)
async def update_appointment(
    appointment_id: uuid.UUID,
    data: AppointmentUpdate,
    principal: AppointmentWriter,
    ctx: ContextDep,
    session: SessionDep,
    request: Request,
) -> Appointment:
    sent = data.model_fields_set
    row = await service.update_appointment(
        ctx,
        session,
        principal.tenant.id,
        appointment_id,
        status=data.status if "status" in sent and data.status is not None else service.KEEP,
        scheduled_for=data.scheduled_for if "scheduled_for" in sent and data.scheduled_for else service.KEEP,
        notes=data.notes if "notes" in sent else service.KEEP,
    )
    changed = sorted(data.model_dump(exclude_unset=True, by_alias=True))
    set_resource(request, APPOINTMENT, row.id, changed=changed, status=row.status)
    return row
