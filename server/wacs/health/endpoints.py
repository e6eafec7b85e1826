from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Header, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from wacs import __version__
from wacs.kit.context import AppContext, ContextDep
from wacs.kit.errors import Unauthorized

router = APIRouter(tags=["Saúde e métricas"])


@router.get(
    "/health",
    summary="Processo vivo (liveness)",
    description="Responde 200 enquanto o processo atende requisições; não consulta dependências.",
)
async def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


async def _check(coro: object, limit_seconds: float = 3.0) -> str:
    try:
        await asyncio.wait_for(coro, limit_seconds)  # type: ignore[arg-type]
        return "ok"
    except Exception as exc:
        return f"falha: {type(exc).__name__}"


async def _ping_db(ctx: AppContext) -> None:
    async with ctx.engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


@router.get(
    "/health/ready",
    summary="Pronto para tráfego (readiness)",
    description="Verifica o banco e, quando configurado, o Redis. 503 se alguma dependência falhar.",
)
async def ready(ctx: ContextDep) -> JSONResponse:
    checks = {"database": await _check(_ping_db(ctx))}
    if ctx.settings.redis_url:
        checks["redis"] = await _check(ctx.cache.ping())
    healthy = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if healthy else "indisponivel", "checks": checks}, status_code=200 if healthy else 503
    )


@router.get(
    "/metrics",
    summary="Métricas Prometheus",
    description="Formato texto do Prometheus. Se METRICS_TOKEN estiver definido, exige "
    "`Authorization: Bearer <METRICS_TOKEN>`.",
)
async def metrics(ctx: ContextDep, authorization: Annotated[str | None, Header()] = None) -> Response:
    token = ctx.settings.metrics_token
    if token and authorization != f"Bearer {token}":
        raise Unauthorized("Token de métricas ausente ou inválido.")
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
