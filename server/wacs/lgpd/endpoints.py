"""Rotas LGPD por contato: exportar (zip) e apagar, só para administradores, auditadas com o número mascarado."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import StreamingResponse
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.audit.recorder import AUDIT_LOGS, build_entry, set_audit_path, set_resource
from wacs.auth.dependencies import Authenticator, Principal
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep, add_insert
from wacs.kit.errors import Forbidden, RequestInvalid, problem_responses
from wacs.kit.phone import PHONE_RULE, PhoneError, normalize_phone
from wacs.kit.schemas import Schema
from wacs.lgpd import service
from wacs.lgpd.matching import mask_phone

router = APIRouter(prefix="/api/v1/contacts", tags=["LGPD"])

Exporter = Annotated[Principal, Depends(Authenticator("admin", "contacts:export"))]
Eraser = Annotated[Principal, Depends(Authenticator("admin", "contacts:erase"))]

PhonePath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        description="Telefone do contato, como em toda a API (ex.: 5511999999999, +55 11 99999-9999). Celulares "
        "brasileiros casam com e sem o nono dígito.",
        examples=["5511999999999"],
    ),
]


def _invalid(message: str) -> RequestInvalid:
    return RequestInvalid(errors=[{"field": "phone", "location": "path", "message": message, "type": "value_error"}])


async def _phone(session: AsyncSession, tenant_id: uuid.UUID, raw: str) -> str:
    try:
        number = normalize_phone(raw)
    except PhoneError as exc:
        raise _invalid(str(exc)) from None
    if await service.is_company_number(session, tenant_id, number):
        raise _invalid("Este é um número da própria empresa (uma sessão do WhatsApp), não de um contato.")
    return number


def _masked_path(request: Request, phone: str) -> str:
    # O caminho real leva o número inteiro; a trilha guarda só os 4 últimos dígitos.
    raw = request.path_params.get("phone", "")
    return request.scope["path"].replace(raw, mask_phone(phone)) if raw else request.scope["path"]


class ErasureCounts(Schema):
    messages: int = Field(description="Mensagens apagadas.")
    conversations: int = Field(description="Conversas apagadas.")
    media: int = Field(description="Mídias apagadas (linhas e arquivos). Mídia usada também por outros contatos fica.")
    ai_conversations: int = Field(description="Contextos de IA apagados (ai_conversations).")
    appointments: int = Field(description="Agendamentos apagados.")
    inbound_events: int = Field(description="Eventos brutos recebidos dos provedores apagados.")
    webhook_deliveries: int = Field(description="Entregas de webhook (com o payload) apagadas.")
    jobs: int = Field(description="Jobs pendentes que citavam o contato, apagados.")
    sandbox_outbox: int = Field(description="Registros do número simulado (sandbox) apagados.")
    realtime_events_redacted: int = Field(description="Eventos de tempo real com o conteúdo removido (o seq fica).")
    bulk_sends_redacted: int = Field(description="Envios em massa com o número retirado da lista de destinatários.")
    audit_logs_masked: int = Field(description="Linhas de auditoria mascaradas (sem recurso e detalhes).")


class ErasureResult(Schema):
    phone: str = Field(description="O número, mascarado (só os 4 últimos dígitos).", examples=["*********9999"])
    counts: ErasureCounts
    total: int = Field(description="Soma das contagens; 0 numa segunda chamada (a eliminação é idempotente).")


@router.get(
    "/{phone}/export",
    summary="Exportar dados do contato (LGPD)",
    description="Um arquivo zip, em streaming, com `contato.json`, `conversas.json`, `mensagens.json`, "
    "`contexto_ia.json`, `agendamentos.json`, `midias.json` e os arquivos de mídia das mensagens em `midias/`. "
    "Considera o número em todas as sessões do tenant, com e sem o nono dígito. Só administradores (ou chaves com "
    "`contacts:export`); a exportação fica na auditoria com o número mascarado.\n\n"
    f"Regra do telefone: {PHONE_RULE}.",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "O pacote zip.",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        },
        **problem_responses(Forbidden, RequestInvalid),
    },
)
async def export_contact_data(
    phone: PhonePath, principal: Exporter, ctx: ContextDep, session: SessionDep, request: Request
) -> StreamingResponse:
    number = await _phone(session, principal.tenant.id, phone)
    data = await service.collect(session, principal.tenant.id, number)
    # GET não passa pela auditoria automática (só escritas): a exportação é registrada aqui, na transação da rota.
    add_insert(
        session,
        AUDIT_LOGS,
        build_entry(
            request,
            action="export_contact_data",
            tenant_id=principal.tenant.id,
            actor_type=principal.kind,
            actor_id=principal.id,
            actor_label=principal.label,
            resource_type="contacts",
            resource_id=mask_phone(number),
            status_code=200,
            details={"messages": len(data.messages), "media": len(data.media)},
        )
        | {"path": _masked_path(request, number)[:500]},
    )
    filename = service.export_filename(number)
    return StreamingResponse(
        service.export_zip(ctx, principal.tenant.client_id, data),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.delete(
    "/{phone}",
    response_model=ErasureResult,
    summary="Apagar dados do contato (LGPD)",
    description="Apaga numa transação as mensagens, conversas, mídias (linhas; os arquivos logo depois do commit), "
    "contexto de IA, agendamentos, eventos brutos dos provedores, entregas de webhook e jobs do contato; retira o "
    "conteúdo dos eventos de tempo real e o número dos envios em massa; mascara a auditoria que o citava. Repetir "
    "devolve 200 com contagens zeradas. Só administradores (ou chaves com `contacts:erase`).\n\n"
    f"Regra do telefone: {PHONE_RULE}.",
    responses=problem_responses(Forbidden, RequestInvalid),
)
async def erase_contact_data(
    phone: PhonePath, principal: Eraser, ctx: ContextDep, session: SessionDep, request: Request
) -> ErasureResult:
    number = await _phone(session, principal.tenant.id, phone)
    counts = await service.erase(ctx, session, principal.tenant.id, number)
    masked = mask_phone(number)
    set_audit_path(request, _masked_path(request, number))
    set_resource(request, "contacts", masked, counts=counts)
    return ErasureResult(phone=masked, counts=ErasureCounts.model_validate(counts), total=sum(counts.values()))
