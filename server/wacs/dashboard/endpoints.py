"""Painel do tenant (PRD: "Dashboard avançado de métricas"): o que o app web desenha em gráficos."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from wacs.auth.dependencies import Authenticator, Principal
from wacs.dashboard.schemas import DashboardOut
from wacs.dashboard.service import InvalidPeriod, summary
from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import Forbidden, problem_responses
from wacs.kit.schemas import UtcDateTime

router = APIRouter(prefix="/api/v1/dashboard", tags=["Painel"])

Reader = Annotated[Principal, Depends(Authenticator("user", "messages:read"))]


@router.get(
    "",
    response_model=DashboardOut,
    summary="Resumo do painel",
    description="Mensagens por dia (recebidas; enviadas por status e por provedor), taxa de entrega (enviadas que "
    "chegaram ao provedor sobre as que terminaram), respostas da IA e passagens para humano por dia com o tempo de "
    "resposta, e as sessões por provedor e status. Dias no fuso do horário comercial do tenant; padrão: os últimos "
    "14 dias (máximo 92).",
    responses=problem_responses(Forbidden, InvalidPeriod),
)
async def dashboard(
    principal: Reader,
    ctx: ContextDep,
    session: SessionDep,
    since: Annotated[UtcDateTime | None, Query(alias="from", description="Início (ISO 8601).")] = None,
    until: Annotated[UtcDateTime | None, Query(alias="to", description="Fim (ISO 8601).")] = None,
) -> DashboardOut:
    return await summary(ctx, session, principal.tenant.id, since, until)
