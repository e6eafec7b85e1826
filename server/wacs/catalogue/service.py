"""Regras do catálogo de imóveis e das visitas: importação (CSV/JSON), busca — a mesma que a ferramenta
`search_properties` do agente usa —, a descrição de um imóvel para o chat e os agendamentos, com os eventos
`appointment.created` e `appointment.updated` na mesma transação da gravação.

As funções recebem o `tenant_id` de quem chama (a credencial da requisição, ou a conversa no caso do agente): nada
aqui aceita um tenant vindo do modelo de IA.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from wacs.ai.financing import brl
from wacs.catalogue.importing import (
    CENT,
    MAX_BEDROOMS,
    MAX_PRICE,
    br_number,
    parse_amount,
    parse_import,
    rejection,
)
from wacs.catalogue.normalize import (
    canonical_purpose,
    canonical_type,
    clean_line,
    search_text,
    search_words,
)
from wacs.catalogue.repository import AppointmentRepository, PropertyFilters, PropertyRepository
from wacs.kit.context import AppContext
from wacs.kit.errors import AppError, Conflict, NotFound
from wacs.kit.phone import PhoneError, normalize_phone
from wacs.kit.text import printable
from wacs.messages.routing import tenant_settings
from wacs.models import Appointment, Property
from wacs.realtime.events import emit

DEFAULT_TIMEZONE = "America/Sao_Paulo"
STATUSES = ("scheduled", "cancelled", "done")
# Folga para o relógio de quem pede (e a latência do modelo): "agora" ainda vale por alguns minutos.
PAST_TOLERANCE = timedelta(minutes=5)
MAX_AHEAD = timedelta(days=365)
MAX_SEARCH_LIMIT = 50
MAX_SEARCH_WORDS = 10
CONTACT_NAME_MAX = 255
NOTES_MAX = 2000


class PropertyNotFound(NotFound):
    code = "imovel_nao_encontrado"
    detail = "Imóvel não encontrado."


class PropertyUnavailable(Conflict):
    code = "imovel_indisponivel"
    title = "Imóvel indisponível"
    detail = "O imóvel está marcado como indisponível (vendido, alugado ou reservado): não é possível agendar visita."


class PropertyReferenceMismatch(AppError):
    status_code = 422
    code = "imovel_divergente"
    title = "Imóvel divergente"
    detail = "propertyId e propertyCode indicam imóveis diferentes; envie só um deles."


class PropertyFilterInvalid(AppError):
    status_code = 422
    code = "filtro_invalido"
    title = "Filtro inválido"
    detail = "Um dos filtros da busca de imóveis é inválido."


class AppointmentNotFound(NotFound):
    code = "agendamento_nao_encontrado"
    detail = "Agendamento não encontrado."


class AppointmentConversationNotFound(NotFound):
    code = "conversa_nao_encontrada"
    detail = "Conversa não encontrada."


class AppointmentAgentNotFound(NotFound):
    code = "agente_nao_encontrado"
    detail = "Agente de IA não encontrado neste tenant."


class VisitInThePast(AppError):
    status_code = 422
    code = "horario_no_passado"
    title = "Horário no passado"
    detail = "O horário da visita já passou: escolha uma data e hora futuras."


class VisitTooFarAhead(AppError):
    status_code = 422
    code = "horario_distante_demais"
    title = "Horário distante demais"
    detail = "A visita pode ser marcada para no máximo 365 dias a partir de agora."


class AppointmentClosed(Conflict):
    code = "agendamento_encerrado"
    title = "Agendamento encerrado"
    detail = 'A visita está cancelada ou concluída; para remarcá-la, envie também "status": "scheduled".'


class InvalidAppointmentStatus(AppError):
    status_code = 422
    code = "status_invalido"
    title = "Status inválido"
    detail = "Status inválido: use scheduled, cancelled ou done."


class InvalidContactNumber(AppError):
    status_code = 422
    code = "telefone_invalido"
    title = "Telefone inválido"
    detail = "O telefone do contato é inválido."


def _field_error(field: str, message: str, kind: str) -> dict[str, Any]:
    return {"errors": [{"field": field, "location": "body", "message": message, "type": kind}]}


# ------------------------------------------------------------------------------------------------ catálogo


@dataclass(frozen=True)
class ImportSummary:
    format: str
    created: int
    updated: int
    total: int
    ignored_columns: list[str]


# Valores de um imóvel novo para as colunas que o arquivo não traz.
_NEW_PROPERTY = {
    "purpose": "venda",
    "bedrooms": None,
    "neighbourhood": None,
    "city": None,
    "state": None,
    "price": None,
    "area": None,
    "description": None,
    "url": None,
    "is_available": True,
}
# Colunas que entram em `search_text` além de código e tipo (que todo arquivo traz).
_SEARCHED = {"purpose", "neighbourhood", "city", "state", "description"}


def property_search_text(code: str, type_: str, values: dict[str, Any]) -> str:
    """O `search_text` de um imóvel: código, tipo, finalidade, bairro, cidade, UF e descrição, dobrados."""
    return search_text(
        code,
        type_,
        values.get("purpose"),
        values.get("neighbourhood"),
        values.get("city"),
        values.get("state"),
        values.get("description"),
    )


async def import_properties(
    db: AsyncSession,
    tenant_id: uuid.UUID,
    data: bytes,
    *,
    filename: str | None = None,
    content_type: str | None = None,
) -> ImportSummary:
    """Valida o arquivo inteiro e, só se todas as linhas forem válidas, grava tudo (upsert por código, numa
    transação). Colunas ausentes do arquivo ficam como estão nos imóveis que já existiam."""
    parsed = parse_import(data, filename, content_type)
    if parsed.errors:
        raise rejection(parsed)
    repo = PropertyRepository(db, tenant_id)
    # Ordem fixa: duas importações simultâneas travam as mesmas linhas na mesma ordem (sem deadlock).
    rows = sorted(parsed.rows, key=lambda row: row.code)
    # O texto pesquisável de um imóvel que já existe precisa do que está gravado nas colunas que o arquivo não traz.
    missing = sorted(set().union(*(_SEARCHED - row.values.keys() for row in rows)))
    stored = await repo.stored([row.code for row in rows], missing)
    now = datetime.now(UTC)
    # Um comando por conjunto de campos presentes (no CSV, um só; no JSON, cada item pode trazer chaves diferentes).
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        values = {**_NEW_PROPERTY, **row.values}
        searched = {**values, **stored.get(row.code, {}), **row.values}
        groups.setdefault(tuple(sorted(row.values)), []).append(
            {
                "id": uuid.uuid4(),
                "code": row.code,
                "type": row.type,
                **values,
                "search_text": property_search_text(row.code, row.type, searched),
                "created_at": now,
                "updated_at": now,
            }
        )
    for present, records in groups.items():
        await repo.upsert(records, ["type", *present, "search_text", "updated_at"])
    updated = len(stored)
    return ImportSummary(parsed.format, len(rows) - updated, updated, len(rows), parsed.ignored_columns)


def _money_filter(value: Decimal | int | float | str | None, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, str):
            amount = parse_amount(value, maximum=MAX_PRICE, examples="500000 ou R$ 500.000,00")
        else:
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (ValueError, InvalidOperation):
        raise PropertyFilterInvalid(f"{name}: informe um valor em reais, como 500000.") from None
    if amount is None:
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        raise PropertyFilterInvalid(f"{name}: informe um valor entre 0 e {brl(MAX_PRICE)}.")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def _count_filter(value: int | None, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_BEDROOMS:
        raise PropertyFilterInvalid(f"{name}: informe um número inteiro de quartos entre 0 e {MAX_BEDROOMS}.")
    return value


def property_filters(
    *,
    type: str | None = None,
    purpose: str | None = None,
    bedrooms: int | None = None,
    min_bedrooms: int | None = None,
    neighbourhood: str | None = None,
    city: str | None = None,
    min_price: Decimal | int | float | str | None = None,
    max_price: Decimal | int | float | str | None = None,
    text: str | None = None,
    available: bool | None = None,
) -> PropertyFilters:
    """Normaliza os filtros como a importação normaliza os dados: "Apartamentos" → "apartamento", "locação" →
    "aluguel", "Sao Paulo" casa com "São Paulo". Filtro inválido → `PropertyFilterInvalid` (422, em pt-BR)."""
    canonical = None
    if purpose is not None and purpose.strip():
        canonical = canonical_purpose(purpose)
        if canonical is None:
            raise PropertyFilterInvalid("Finalidade inválida: use venda ou aluguel.")
    words = search_words(printable(text))[:MAX_SEARCH_WORDS] if text else []
    return PropertyFilters(
        type=canonical_type(printable(type)) if type and type.strip() else None,
        purpose=canonical,
        bedrooms=_count_filter(bedrooms, "quartos"),
        min_bedrooms=_count_filter(min_bedrooms, "mínimo de quartos"),
        neighbourhood=clean_line(printable(neighbourhood)) or None if neighbourhood else None,
        city=clean_line(printable(city)) or None if city else None,
        min_price=_money_filter(min_price, "preço mínimo"),
        max_price=_money_filter(max_price, "preço máximo"),
        words=tuple(words),
        available=available,
    )


async def search_properties(
    db: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    type: str | None = None,
    purpose: str | None = None,
    bedrooms: int | None = None,
    min_bedrooms: int | None = None,
    neighbourhood: str | None = None,
    city: str | None = None,
    min_price: Decimal | int | float | str | None = None,
    max_price: Decimal | int | float | str | None = None,
    text: str | None = None,
    only_available: bool = True,
    limit: int = 10,
) -> list[Property]:
    """Imóveis do tenant que atendem a todos os filtros, do mais barato ao mais caro (sem preço por último).

    Tipo, bairro, cidade e `text` ignoram acentos e maiúsculas; o tipo aceita plural e apelidos ("apartamentos",
    "aptos", "studio"); bairro e cidade casam por trecho ("madalena" acha "Vila Madalena"); `text` exige todas as
    palavras (sem as de ligação, como "com" e "em") em código, tipo, finalidade, bairro, cidade, UF ou descrição.
    `limit` fica entre 1 e 50. O `tenant_id` é o da conversa, nunca um valor vindo do modelo.
    """
    filters = property_filters(
        type=type,
        purpose=purpose,
        bedrooms=bedrooms,
        min_bedrooms=min_bedrooms,
        neighbourhood=neighbourhood,
        city=city,
        min_price=min_price,
        max_price=max_price,
        text=text,
        available=True if only_available else None,
    )
    return await PropertyRepository(db, tenant_id).find(filters, max(1, min(limit, MAX_SEARCH_LIMIT)))


async def list_properties(
    db: AsyncSession, tenant_id: uuid.UUID, filters: PropertyFilters, page: int, page_size: int
) -> tuple[list[Property], int]:
    return await PropertyRepository(db, tenant_id).page(filters, page, page_size)


async def get_property(db: AsyncSession, tenant_id: uuid.UUID, property_id: uuid.UUID) -> Property:
    row = await PropertyRepository(db, tenant_id).get(property_id)
    if row is None:
        raise PropertyNotFound()
    return row


async def delete_property(db: AsyncSession, tenant_id: uuid.UUID, property_id: uuid.UUID) -> Property:
    repo = PropertyRepository(db, tenant_id)
    row = await repo.get(property_id, for_update=True)
    if row is None:
        raise PropertyNotFound()
    await repo.delete(row)
    return row


def _headline(p: Property) -> str:
    """ "Apartamento com 2 quartos e 68 m² em Pinheiros, São Paulo"."""
    text = p.type[:1].upper() + p.type[1:]
    features = []
    if p.bedrooms:
        features.append("1 quarto" if p.bedrooms == 1 else f"{p.bedrooms} quartos")
    if p.area:
        features.append(f"{br_number(Decimal(p.area))} m²")
    if features:
        text += " com " + " e ".join(features)
    place = ", ".join(part for part in (p.neighbourhood, p.city) if part)
    return f"{text} em {place}" if place else text


def describe_property(p: Property) -> str:
    """Uma linha em pt-BR para o chat: "Apartamento com 2 quartos em Pinheiros, São Paulo — R$ 650.000,00
    (cód. AP-102)". Aluguel sai como "aluguel de R$ 3.500,00/mês"; sem preço, "preço sob consulta"."""
    if p.price is None:
        price = "preço sob consulta"
    elif p.purpose == "aluguel":
        price = f"aluguel de {brl(Decimal(p.price))}/mês"
    else:
        price = brl(Decimal(p.price))
    unavailable = "" if p.is_available else " — indisponível no momento"
    return f"{_headline(p)} — {price} (cód. {p.code}){unavailable}"


# --------------------------------------------------------------------------------------------- agendamentos

# Sentinela de `update_appointment`: o campo não muda (None já quer dizer "apagar as observações").
KEEP: Any = object()

_WEEKDAYS = ("segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo")
# Fusos no horário de Brasília o ano todo: o nome que o cliente reconhece, em vez do deslocamento.
_BRASILIA_ZONES = frozenset(
    {
        "America/Sao_Paulo",
        "America/Bahia",
        "America/Fortaleza",
        "America/Recife",
        "America/Belem",
        "America/Maceio",
        "America/Araguaina",
        "America/Santarem",
        "Brazil/East",
    }
)


def _zone(timezone: str | tzinfo | None) -> tzinfo:
    if isinstance(timezone, tzinfo):
        return timezone
    try:
        return ZoneInfo(timezone or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


async def tenant_timezone(ctx: AppContext, db: AsyncSession, tenant_id: uuid.UUID) -> tzinfo:
    """O fuso do horário comercial do tenant (padrão America/Sao_Paulo), para ler e escrever horários de visita."""
    settings = await tenant_settings(ctx, db, tenant_id)
    return _zone(settings.business_hours.timezone)


def format_visit_time(moment: datetime, timezone: str | tzinfo | None = DEFAULT_TIMEZONE) -> str:
    """ "terça-feira, 15/12/2026 às 10:00 (horário de Brasília)", no fuso dado."""
    zone = _zone(timezone)
    local = moment.astimezone(zone)
    key = getattr(zone, "key", None)
    if key in _BRASILIA_ZONES:
        label = "horário de Brasília"
    else:
        offset = local.strftime("%z") or "+0000"
        label = f"UTC{offset[0]}{offset[1:3]}:{offset[3:5]}"
    return f"{_WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y} às {local:%H:%M} ({label})"


def _property_label(p: Property) -> str:
    return f"{_headline(p)} (cód. {p.code})"


def confirmation_text(
    appointment: Appointment, property: Property | None = None, timezone: str | tzinfo | None = DEFAULT_TIMEZONE
) -> str:
    """A frase em pt-BR que confirma a visita ao cliente, com data e hora no fuso do tenant:
    "Visita agendada para terça-feira, 15/12/2026 às 10:00 (horário de Brasília) — Apartamento com 2 quartos em
    Pinheiros, São Paulo (cód. AP-102)." Cancelada ou concluída, a frase diz isso."""
    when = format_visit_time(appointment.scheduled_for, timezone)
    where = f" — {_property_label(property)}" if property is not None else ""
    if appointment.status == "cancelled":
        return f"A visita de {when}{where} foi cancelada."
    if appointment.status == "done":
        return f"A visita de {when}{where} foi concluída."
    return f"Visita agendada para {when}{where}."


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def appointment_payload(row: Appointment, property: Property | None = None) -> dict[str, Any]:
    """Os dados dos eventos appointment.* (camelCase, como a API)."""
    return {
        "id": str(row.id),
        "propertyId": str(row.property_id) if row.property_id else None,
        "propertyCode": property.code if property is not None else None,
        "contactNumber": row.contact_number,
        "contactName": row.contact_name,
        "scheduledFor": _iso(row.scheduled_for),
        "status": row.status,
        "notes": row.notes,
        "agentId": str(row.agent_id) if row.agent_id else None,
        "conversationId": str(row.conversation_id) if row.conversation_id else None,
        "createdBy": row.created_by,
        "createdAt": _iso(row.created_at),
        "updatedAt": _iso(row.updated_at),
    }


def _contact_number(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except PhoneError as exc:
        message = str(exc)
        raise InvalidContactNumber(message, **_field_error("contactNumber", message, "telefone_invalido")) from None


def _check_window(moment: datetime, now: datetime) -> None:
    if moment < now - PAST_TOLERANCE:
        raise VisitInThePast(**_field_error("scheduledFor", VisitInThePast.detail, VisitInThePast.code))
    if moment > now + MAX_AHEAD:
        raise VisitTooFarAhead(**_field_error("scheduledFor", VisitTooFarAhead.detail, VisitTooFarAhead.code))


async def _as_utc(ctx: AppContext, db: AsyncSession, tenant_id: uuid.UUID, moment: datetime) -> datetime:
    """Sem fuso, o horário é o do tenant ("às 10h" de quem conversa com a imobiliária); com fuso, é convertido."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=await tenant_timezone(ctx, db, tenant_id))
    return moment.astimezone(UTC)


def _short(value: str | None, limit: int) -> str | None:
    """Texto de quem chama pelo código (o agente): limpo e cortado no tamanho da coluna, em vez de recusado."""
    if value is None:
        return None
    text = printable(value).strip()
    return text[:limit] or None


async def _visited_property(
    db: AsyncSession, tenant_id: uuid.UUID, property_id: uuid.UUID | None, property_code: str | None
) -> Property | None:
    repo = PropertyRepository(db, tenant_id)
    row: Property | None = None
    if property_id is not None:
        row = await repo.get(property_id)
        if row is None:
            raise PropertyNotFound(**_field_error("propertyId", PropertyNotFound.detail, PropertyNotFound.code))
    code = clean_line(printable(property_code)) if property_code else ""
    if code:
        by_code = row if row is not None and row.code == code else await repo.by_code(code)
        if by_code is None:
            message = f"Imóvel de código {code[:100]} não encontrado."
            raise PropertyNotFound(message, **_field_error("propertyCode", message, PropertyNotFound.code))
        if row is not None and by_code.id != row.id:
            raise PropertyReferenceMismatch()
        row = by_code
    return row


async def schedule_visit(
    ctx: AppContext,
    db: AsyncSession,
    tenant_id: uuid.UUID,
    *,
    contact_number: str,
    contact_name: str | None = None,
    scheduled_for: datetime,
    property_id: uuid.UUID | None = None,
    property_code: str | None = None,
    notes: str | None = None,
    agent_id: uuid.UUID | None = None,
    conversation_id: uuid.UUID | None = None,
    created_by: str | None,
) -> Appointment:
    """Agenda uma visita e emite `appointment.created` na mesma transação (o commit é de quem chama).

    `scheduled_for` sem fuso é lido no fuso do tenant; precisa estar no futuro (com 5 minutos de folga) e a no
    máximo 365 dias. O imóvel (por id ou código) precisa ser do tenant e estar disponível; conversa e agente, se
    informados, também precisam ser do tenant. O telefone é normalizado como no resto do serviço (E.164 sem '+').
    """
    number = _contact_number(contact_number)
    moment = await _as_utc(ctx, db, tenant_id, scheduled_for)
    _check_window(moment, datetime.now(UTC))
    visited = await _visited_property(db, tenant_id, property_id, property_code)
    if visited is not None and not visited.is_available:
        raise PropertyUnavailable()
    repo = AppointmentRepository(db, tenant_id)
    if conversation_id is not None and not await repo.owns_conversation(conversation_id):
        raise AppointmentConversationNotFound()
    if agent_id is not None and not await repo.owns_agent(agent_id):
        raise AppointmentAgentNotFound()
    row = await repo.add(
        Appointment(
            property_id=visited.id if visited is not None else None,
            contact_number=number,
            contact_name=_short(contact_name, CONTACT_NAME_MAX),
            scheduled_for=moment,
            notes=_short(notes, NOTES_MAX),
            status="scheduled",
            agent_id=agent_id,
            conversation_id=conversation_id,
            created_by=_short(created_by, 255),
        )
    )
    await emit(ctx, db, tenant_id, "appointment.created", appointment_payload(row, visited))
    return row


async def get_appointment(db: AsyncSession, tenant_id: uuid.UUID, appointment_id: uuid.UUID) -> Appointment:
    row = await AppointmentRepository(db, tenant_id).get(appointment_id)
    if row is None:
        raise AppointmentNotFound()
    return row


async def list_appointments(
    db: AsyncSession,
    tenant_id: uuid.UUID,
    page: int,
    page_size: int,
    *,
    status: str | None = None,
    contact_number: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    property_id: uuid.UUID | None = None,
) -> tuple[list[Appointment], int]:
    """Da visita mais próxima para a mais distante; `contact_number` já normalizado."""
    repo = AppointmentRepository(db, tenant_id)
    statement = repo.listing(
        status=status, contact_number=contact_number, since=since, until=until, property_id=property_id
    )
    return await repo.paginate(statement, page, page_size)


async def update_appointment(
    ctx: AppContext,
    db: AsyncSession,
    tenant_id: uuid.UUID,
    appointment_id: uuid.UUID,
    *,
    status: str = KEEP,
    scheduled_for: datetime = KEEP,
    notes: str | None = KEEP,
) -> Appointment:
    """Cancela, conclui, reabre ou remarca uma visita; emite `appointment.updated` (com `changes` e `previous`) se
    algo mudou. Reabrir ou remarcar exige horário no futuro; remarcar uma visita cancelada ou concluída exige
    reabri-la junto (`status: scheduled`)."""
    repo = AppointmentRepository(db, tenant_id)
    row = await repo.get(appointment_id, for_update=True)
    if row is None:
        raise AppointmentNotFound()
    previous: dict[str, Any] = {}
    new_status = row.status if status is KEEP or status is None else status
    if new_status not in STATUSES:
        raise InvalidAppointmentStatus(**_field_error("status", InvalidAppointmentStatus.detail, "status_invalido"))
    new_time = row.scheduled_for
    if scheduled_for is not KEEP and scheduled_for is not None:
        new_time = await _as_utc(ctx, db, tenant_id, scheduled_for)
        if new_time != row.scheduled_for:
            previous["scheduledFor"] = _iso(row.scheduled_for)
    if new_status != row.status:
        previous["status"] = row.status
    if "scheduledFor" in previous and new_status != "scheduled":
        raise AppointmentClosed()
    if new_status == "scheduled" and previous:
        _check_window(new_time, datetime.now(UTC))
    if notes is not KEEP:
        new_notes = _short(notes, NOTES_MAX)
        if new_notes != row.notes:
            previous["notes"] = row.notes
            row.notes = new_notes
    if not previous:
        return row
    row.status = new_status
    row.scheduled_for = new_time
    row.updated_at = datetime.now(UTC)
    await db.flush()
    visited = await PropertyRepository(db, tenant_id).get(row.property_id) if row.property_id else None
    payload = appointment_payload(row, visited) | {"changes": sorted(previous), "previous": previous}
    await emit(ctx, db, tenant_id, "appointment.updated", payload)
    return row
