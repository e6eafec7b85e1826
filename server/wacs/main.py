"""Fábrica da aplicação FastAPI."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from wacs import __version__
from wacs.agents.endpoints import router as agents_router
from wacs.api_keys.endpoints import router as api_keys_router
from wacs.assembly import build_worker, create_context, install_hooks, install_providers
from wacs.audit.endpoints import router as audit_router
from wacs.auth.endpoints import router as auth_router
from wacs.bootstrap import bootstrap
from wacs.catalogue.endpoints import appointments_router, properties_router
from wacs.config import Settings
from wacs.conversations.endpoints import router as conversations_router
from wacs.dashboard.endpoints import router as dashboard_router
from wacs.docs.endpoints import OPENAPI_URL
from wacs.docs.endpoints import router as docs_router
from wacs.health.endpoints import router as health_router
from wacs.inbound.endpoints import callback_router, raw_body_paths
from wacs.kit import telemetry
from wacs.kit.errors import install_error_handlers
from wacs.kit.inputs import InputGuardMiddleware
from wacs.kit.logging import configure_logging
from wacs.kit.middleware import RequestContextMiddleware
from wacs.kit.migrate import migrate_configured
from wacs.kit.openapi import install_openapi
from wacs.kit.ssrf import close_http_clients
from wacs.kit.telemetry import TracingMiddleware
from wacs.knowledge.endpoints import router as knowledge_router
from wacs.lgpd.endpoints import router as lgpd_router
from wacs.media.endpoints import router as media_router
from wacs.messages.endpoints import router as messages_router
from wacs.realtime.endpoints import router as realtime_router
from wacs.sandbox.endpoints import router as sandbox_router
from wacs.sessions.endpoints import router as sessions_router
from wacs.supabase_webhook.endpoints import PATH as SUPABASE_WEBHOOK_PATH
from wacs.supabase_webhook.endpoints import router as supabase_webhook_router
from wacs.tenants.endpoints import platform_router, tenant_router
from wacs.users.endpoints import router as users_router
from wacs.webapp.endpoints import install_webapp
from wacs.webhooks.endpoints import router as webhooks_router

STATIC_DIR = Path(__file__).resolve().parent / "static"

DESCRIPTION = """
API multi-tenant de comunicação via WhatsApp.

**Autenticação:** toda rota de tenant exige o cabeçalho `X-Client-Id` e uma credencial:
`Authorization: Bearer <token JWT>` (pessoas, obtido em `/api/v1/auth/login`) ou uma chave de API
(`Authorization: Bearer wacs_...` ou `X-Api-Key`). Sem `X-Client-Id` → 400; sem credencial válida → 401 (exista o
tenant ou não); credencial válida de outro tenant, ou `X-Client-Id` inexistente → 403; tenant desativado → 401.

**Erros:** sempre no formato RFC 9457 (`application/problem+json`) com `code` estável e mensagens em pt-BR.

**Limites:** 100 requisições por minuto por tenant (configurável); ao exceder, 429 com `Retry-After`.
"""

TAGS = [
    {"name": "Autenticação", "description": "Login, renovação de tokens, logout e identidade."},
    {"name": "Usuários", "description": "Usuários do tenant e seus papéis (admin ou user)."},
    {"name": "Chaves de API", "description": "Credenciais para integração entre sistemas, com escopos."},
    {"name": "Configurações do tenant", "description": "Provedores, fallback, limites, horário comercial."},
    {"name": "Tenants (plataforma)", "description": "Gestão de tenants pelo superadmin da plataforma."},
    {"name": "Auditoria", "description": "Trilha de todas as operações que alteram estado."},
    {"name": "Sessões do WhatsApp", "description": "Números conectados (sandbox, Baileys, Meta) e seus status."},
    {"name": "Mensagens", "description": "Envio de todos os tipos, em massa, status e histórico."},
    {"name": "Conversas", "description": "Uma conversa por número da empresa + contato: a caixa de entrada."},
    {"name": "Sandbox", "description": "O número simulado: mensagens de clientes, recibos e falhas sob demanda."},
    {"name": "Webhooks", "description": "Endpoints do seu sistema que recebem os eventos, assinados e com reentrega."},
    {"name": "Tempo real", "description": "WebSocket com os eventos do tenant ao vivo."},
    {"name": "Mídia", "description": "Arquivos de mídia enviados e recebidos, servidos só ao próprio tenant."},
    {
        "name": "Agentes de IA",
        "description": "Agentes que respondem sozinhos (com modelo ou atendente offline), passagem para humano, "
        "playground e métricas.",
    },
    {"name": "Base de conhecimento", "description": "Documentos que os agentes consultam (texto, Markdown, CSV, PDF)."},
    {"name": "Imóveis", "description": "Catálogo de imóveis do tenant, pesquisado pelo agente imobiliário."},
    {"name": "Agendamentos", "description": "Visitas agendadas pelo agente ou por operadores."},
    {"name": "Painel", "description": "Números do tenant para os gráficos do painel."},
    {"name": "LGPD", "description": "Direitos do titular: exportar e apagar os dados de um contato."},
    {"name": "Saúde e métricas", "description": "Liveness, readiness e Prometheus."},
]


def _operation_id(route: APIRoute) -> str:
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level, settings.log_format)
    telemetry.configure_tracing("wacs-api")  # só com OTEL_* pedindo; antes do motor do banco, que é instrumentado
    install_hooks()
    install_providers(settings)  # antes das rotas: os enums da OpenAPI e as rotas de callback vêm do registro

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = create_context(settings)
        if settings.run_migrations_on_startup:
            await migrate_configured(settings, ctx.engine)
        await bootstrap(ctx)
        app.state.ctx = ctx
        # O que a inicialização criou (rotas, modelos, metadados) sai das coletas de lixo: pausas menores sob carga.
        gc.freeze()
        worker_task = None
        if settings.run_worker:
            worker = build_worker(ctx)
            worker_task = asyncio.create_task(worker.run(), name="wacs-worker")
        try:
            yield
        finally:
            if worker_task is not None:
                await worker.stop()
                await asyncio.wait_for(worker_task, 30)
            await close_http_clients()
            await ctx.close()
            telemetry.flush()

    app = FastAPI(
        title="API de Comunicação WhatsApp",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        openapi_url=OPENAPI_URL,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        # A telemetria nativa do FastAPI usaria o provedor global (que `configure_tracing` registra) e duplicaria o
        # span de cada requisição; os logs dela levam mensagens de exceção e os valores recusados pela validação
        # (dados de clientes). O rastreamento é o de `wacs.kit.telemetry`.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    install_error_handlers(app)
    install_openapi(app)
    # As rotas são testadas em ordem: as mais chamadas primeiro — os callbacks dos provedores (cada envio gera ~3
    # recibos, e toda mensagem recebida chega por eles) e depois o envio.
    for router in (
        callback_router(),
        messages_router,
        auth_router,
        users_router,
        api_keys_router,
        tenant_router,
        platform_router,
        audit_router,
        sessions_router,
        conversations_router,
        sandbox_router,
        webhooks_router,
        supabase_webhook_router,
        agents_router,
        knowledge_router,
        properties_router,
        appointments_router,
        dashboard_router,
        lgpd_router,
        realtime_router,
        media_router,
        health_router,
        docs_router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_webapp(app, settings.web_dist_dir)  # por último: só o que nenhuma rota acima atende
    # Ordem (de fora para dentro): contexto e limite de corpo → CORS → regra de texto da entrada → rotas.
    # O webhook do Supabase também: o registro traz o texto que outro sistema gravou, e só o id dele é usado.
    app.add_middleware(InputGuardMiddleware, raw_body_paths=raw_body_paths() | {SUPABASE_WEBHOOK_PATH})
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=[
                "X-Request-Id",
                "Retry-After",
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
            ],
        )
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_request_body_bytes)
    if telemetry.active():
        # Por fora de todos: o log de acesso (RequestContextMiddleware) já sai com o trace da requisição.
        app.add_middleware(TracingMiddleware)
    return app
