from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from sqlalchemy import func, select, text

from wacs import __version__
from wacs.kit import metrics as m
from wacs.kit.context import AppContext, ContextDep
from wacs.kit.errors import Forbidden, Unauthorized, problem_responses
from wacs.models import Job, Tenant, WhatsAppSession
from wacs.providers import baileys
from wacs.providers.base import ProviderError

logger = logging.getLogger("wacs.health")

router = APIRouter(tags=["Saúde e métricas"])


class Liveness(BaseModel):
    status: Literal["ok"]
    version: str


class Readiness(BaseModel):
    status: Literal["ok", "indisponivel"]
    checks: dict[str, str] = Field(
        description='Resultado de cada dependência: "ok" ou "falha: <motivo>" (database e, se configurados, redis e '
        "baileys)."
    )


@router.get(
    "/health",
    response_model=Liveness,
    summary="Processo vivo (liveness)",
    description="Responde 200 enquanto o processo atende requisições; não consulta dependências.",
)
async def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


async def _check(coro: object, limit_seconds: float = 3.0) -> str:
    try:
        await asyncio.wait_for(coro, limit_seconds)  # type: ignore[arg-type]
        return "ok"
    except ProviderError as exc:
        return f"falha: {exc.message}"  # já em pt-BR, diz ao operador o que houve
    except Exception as exc:
        return f"falha: {type(exc).__name__}"


async def _ping_db(ctx: AppContext) -> None:
    async with ctx.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


@router.get(
    "/health/ready",
    summary="Pronto para tráfego (readiness)",
    description="Verifica o banco e, quando configurados, o Redis e o serviço Baileys (`BAILEYS_URL`). 503 se alguma "
    "dependência falhar (o Baileys só conta com `READY_REQUIRES_BAILEYS=true`, o padrão; o resultado dele vem no corpo "
    "de qualquer jeito).",
    response_model=Readiness,
    responses={
        # Não é um problem+json: o mesmo corpo do 200, com `status: indisponivel` (contrato do healthcheck).
        503: {"model": Readiness, "description": "Alguma dependência falhou (`status: indisponivel`)."},
    },
)
async def ready(ctx: ContextDep) -> JSONResponse:
    checks = {"database": await _check(_ping_db(ctx))}
    if ctx.settings.redis_url:
        checks["redis"] = await _check(ctx.cache.ping())
    required = set(checks)
    if ctx.settings.baileys_url:
        # Sem o serviço, nenhum número Baileys envia nem recebe: a instância não está pronta — salvo com
        # READY_REQUIRES_BAILEYS=false (cluster), em que a queda dele não deve tirar a API do balanceador.
        checks["baileys"] = await _check(baileys.ping(ctx.settings))
        if ctx.settings.ready_requires_baileys:
            required.add("baileys")
    healthy = all(checks[name] == "ok" for name in required)
    return JSONResponse(
        {"status": "ok" if healthy else "indisponivel", "checks": checks}, status_code=200 if healthy else 503
    )


class MetricsRestricted(Forbidden):
    code = "metricas_restritas"
    detail = (
        "As métricas só podem ser lidas do próprio servidor (loopback). Para coletá-las de outra máquina, defina "
        "METRICS_TOKEN e envie Authorization: Bearer <METRICS_TOKEN>."
    )


class MetricsTokenInvalid(Unauthorized):
    code = "token_de_metricas_invalido"
    detail = "Token de métricas ausente ou inválido."


_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def _is_loopback(host: str | None) -> bool:
    if host is None:
        return False
    try:
        return host in _LOOPBACK or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@router.get(
    "/metrics",
    summary="Métricas Prometheus",
    description="Formato texto do Prometheus. As métricas citam tenants e volumes: por padrão só respondem a "
    "quem chama do próprio servidor (loopback). Com METRICS_TOKEN definido, exigem "
    "`Authorization: Bearer <METRICS_TOKEN>` (de qualquer origem).",
    response_class=PlainTextResponse,
    responses=problem_responses(MetricsTokenInvalid, MetricsRestricted),
)
async def metrics(request: Request, ctx: ContextDep, authorization: Annotated[str | None, Header()] = None) -> Response:
    token = ctx.settings.metrics_token
    if token:
        if not hmac.compare_digest((authorization or "").encode(), f"Bearer {token}".encode()):
            raise MetricsTokenInvalid()
    elif not _is_loopback(request.client.host if request.client else None):
        raise MetricsRestricted()
    await _refresh_gauges(ctx)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


async def _refresh_gauges(ctx: AppContext) -> None:
    """Medidas de estado (sessões ativas, fila) vêm do banco na hora da coleta: valem para todas as réplicas."""
    try:
        async with ctx.sessionmaker() as session:
            sessions = (
                await session.execute(
                    select(Tenant.client_id, WhatsAppSession.provider_type, func.count())
                    .join(Tenant, Tenant.id == WhatsAppSession.tenant_id)
                    .where(WhatsAppSession.status == "connected", WhatsAppSession.is_active.is_(True))
                    .group_by(Tenant.client_id, WhatsAppSession.provider_type)
                )
            ).all()
            depth = (
                await session.execute(
                    select(Job.kind, func.count()).where(Job.status.in_(("queued", "running"))).group_by(Job.kind)
                )
            ).all()
    except Exception:
        logger.exception("falha ao atualizar métricas de estado")
        return
    m.ACTIVE_SESSIONS.clear()
    for client_id, provider, count in sessions:
        m.ACTIVE_SESSIONS.labels(client_id, provider).set(count)
    m.QUEUE_DEPTH.clear()
    for kind, count in depth:
        m.QUEUE_DEPTH.labels(kind).set(count)
