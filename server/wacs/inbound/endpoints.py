"""As rotas públicas de callback dos provedores, montadas a partir do que cada provedor registrado declara.

Nenhuma usa `X-Client-Id` ou JWT: o provedor se autentica pelo próprio esquema (assinatura HMAC, verify token) e o
tenant sai da sessão que ele assina. A resposta sai assim que os eventos estão gravados; o worker processa depois.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import PlainTextResponse
from fastapi.security import APIKeyHeader
from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.inbound.service import Ingested, ingest
from wacs.kit.context import AppContext, ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import problem_responses
from wacs.kit.schemas import Schema
from wacs.providers import registry
from wacs.providers.callbacks import (
    CallbackBadSignature,
    CallbackInvalid,
    CallbackRequest,
    CallbackRoute,
    CallbackUnsigned,
)

TAG = "Callbacks dos provedores"


class CallbackAck(Schema):
    accepted: int = Field(description="Eventos novos gravados (serão processados pelo worker).")
    duplicates: int = Field(description="Eventos que já tinham chegado antes (ignorados).")
    ignored: int = Field(description="Eventos de sessão desconhecida ou de outro provedor (sem efeito).")


async def receive(
    ctx: AppContext, db: AsyncSession, route: CallbackRoute, provider_types: frozenset[str], request: CallbackRequest
) -> Ingested | str:
    """Verifica e grava um callback (o caminho da rota HTTP, também usado em processo pelo sandbox). O commit é de
    quem chama: a unidade de trabalho da requisição, ou a transação do job que simula o provedor."""
    result = await route.handle(ctx, request)
    if result.response is not None:
        return result.response
    return await ingest(ctx, db, result.events, provider_types)


def _endpoint(route: CallbackRoute, provider_types: frozenset[str]) -> Callable[..., Awaitable[Any]]:
    async def endpoint(request: Request, ctx: ContextDep, session: SessionDep) -> Any:
        call = CallbackRequest(
            method=request.method,
            path=request.url.path,
            headers=request.headers,
            query=request.query_params,
            body=await request.body(),
        )
        outcome = await receive(ctx, session, route, provider_types, call)
        if isinstance(outcome, str):
            return PlainTextResponse(outcome)
        return CallbackAck(accepted=outcome.accepted, duplicates=outcome.duplicates, ignored=outcome.ignored)

    return endpoint


def _signature_scheme(route: CallbackRoute) -> APIKeyHeader:
    """Só documenta (a verificação é do provedor, sobre o corpo bruto): a OpenAPI mostra como a rota se autentica."""
    return APIKeyHeader(
        name=route.signature_header,
        scheme_name=f"Assinatura{route.signature_header.replace('-', '')}",
        auto_error=False,
        description=f"Assinatura do provedor no cabeçalho {route.signature_header} (sem X-Client-Id nem JWT).",
    )


def callback_router() -> APIRouter:
    """As rotas de todos os provedores registrados (cada uma uma vez, mesmo se vários provedores a declaram)."""
    router = APIRouter(tags=[TAG])
    for route, provider_types in registry.callback_routes():
        name = "callback_" + route.path.rsplit("/", 1)[-1].replace("-", "_") + "_" + route.method.lower()
        router.add_api_route(
            route.path,
            _endpoint(route, provider_types),
            methods=[route.method],
            name=name,
            summary=route.summary,
            description=route.description,
            status_code=route.success_status
            or (status.HTTP_202_ACCEPTED if route.method == "POST" else status.HTTP_200_OK),
            response_model=CallbackAck if route.method == "POST" else None,
            responses=problem_responses(CallbackUnsigned, CallbackBadSignature, CallbackInvalid),
            dependencies=[Depends(_signature_scheme(route))],
        )
    return router


def raw_body_paths() -> frozenset[str]:
    return frozenset(route.path for route, _ in registry.callback_routes())
