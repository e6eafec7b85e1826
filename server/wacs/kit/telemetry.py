"""Rastreamento distribuído (OpenTelemetry): desligado por padrão, ligado pelas variáveis `OTEL_*` padrão.

Ligado quando `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` ou `OTEL_TRACES_EXPORTER=otlp`
pedem (e `OTEL_SDK_DISABLED` não é `true`). O resto — nome do serviço, atributos do recurso, amostragem, cabeçalhos e
tempo do exportador, lote — o SDK lê sozinho das variáveis de sempre. Desligado, nada é instrumentado: nenhum
middleware, nenhum gancho no banco, no Redis ou no httpx; só as funções deste módulo, que viram quase nada.

O provedor de spans fica neste módulo (e as instrumentações o recebem explicitamente): os testes instalam e removem
um provedor próprio com `install`/`uninstall` sem mexer no provedor global do OpenTelemetry, que só a inicialização
dos processos (`configure_tracing`) registra.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult
from opentelemetry.trace import Link, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import Attributes
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wacs.kit.logging import mask_phone_digits, request_id_var

logger = logging.getLogger("wacs.telemetry")

# Só o W3C Trace Context atravessa a fila (nada de baggage, que poderia carregar dados do cliente).
_W3C = TraceContextTextMapPropagator()
# Rotas que não viram span: sondas de saúde e a coleta do Prometheus, chamadas a cada poucos segundos.
UNTRACED_PATHS = frozenset({"/health", "/health/ready", "/metrics"})
_QUERY = re.compile(r"\?.*$")


@dataclass
class _Installed:
    provider: TracerProvider
    tracer: trace.Tracer
    engine_tracers: list[Any] = field(default_factory=list)


_installed: _Installed | None = None
# O job cujo span está aberto neste contexto: o lote de envios abre o span de cada job, e o job que roda sozinho
# pelo mesmo handler já tem o seu (aberto pelo worker) — um só span por job.
_current_job: ContextVar[int | None] = ContextVar("current_job", default=None)


def requested(environ: Mapping[str, str] | None = None) -> bool:
    """As variáveis OTEL_* pedem o exportador OTLP de traces."""
    env = os.environ if environ is None else environ
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporters = {name.strip().lower() for name in env.get("OTEL_TRACES_EXPORTER", "").split(",") if name.strip()}
    if "none" in exporters:
        return False
    endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    return bool(endpoint) or "otlp" in exporters


class _WithoutOrphanClients(Sampler):
    """Descarta spans de cliente (SQL, Redis, HTTP de saída) sem um span pai: os laços de fundo (a reivindicação da
    fila a cada volta do worker, o sinal de vida, as sondas de saúde) virariam milhares de traces de um span só.
    O resto decide o amostrador configurado (OTEL_TRACES_SAMPLER)."""

    def __init__(self, inner: Sampler) -> None:
        self.inner = inner

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: Any = None,
    ) -> SamplingResult:
        if kind == SpanKind.CLIENT and not trace.get_current_span(parent_context).get_span_context().is_valid:
            return SamplingResult(Decision.DROP)
        return self.inner.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

    def get_description(self) -> str:
        return f"SemClientesOrfaos{{{self.inner.get_description()}}}"


def build_provider(service_name: str, exporter: SpanExporter | None = None) -> TracerProvider:
    """O provedor do processo: recurso das variáveis OTEL_* (com `service_name` quando elas não dão um nome),
    amostragem de OTEL_TRACES_SAMPLER e exportação em lote (OTLP/HTTP, salvo outro `exporter`)."""
    from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource

    from wacs import __version__

    resource = Resource.create({SERVICE_VERSION: __version__})
    if str(resource.attributes.get(SERVICE_NAME, "")).startswith("unknown_service"):
        resource = resource.merge(Resource({SERVICE_NAME: service_name}))
    provider = TracerProvider(resource=resource)
    provider.sampler = _WithoutOrphanClients(provider.sampler)
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


def configure_tracing(service_name: str) -> bool:
    """Na inicialização da API (`wacs-api`) e do worker (`wacs-worker`): liga o rastreamento se as variáveis OTEL_*
    pedem. Idempotente (a fábrica da API roda mais de uma vez num processo de testes)."""
    if _installed is not None:
        return True
    if not requested():
        return False
    provider = build_provider(service_name)
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):
        trace.set_tracer_provider(provider)
    install(provider)
    logger.info("rastreamento OpenTelemetry ligado", extra={"service": provider.resource.attributes["service.name"]})
    return True


def install(provider: TracerProvider) -> None:
    """Usa `provider` para os spans deste processo e instrumenta Redis e httpx (o banco é instrumentado por motor,
    em `instrument_engine`, e o HTTP de entrada pelo middleware de `create_app`)."""
    global _installed
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor

    if _installed is not None:
        uninstall()
    _installed = _Installed(provider, provider.get_tracer("wacs"))
    HTTPXClientInstrumentor().instrument(tracer_provider=provider, async_request_hook=_outgoing_request)
    RedisInstrumentor().instrument(tracer_provider=provider)


def uninstall() -> None:
    """Desfaz `install` (testes): tira os ganchos do httpx, do Redis e dos motores; o provedor fica com quem o criou."""
    global _installed
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

    if _installed is None:
        return
    HTTPXClientInstrumentor().uninstrument()
    RedisInstrumentor().uninstrument()
    EngineTracer.remove_all_event_listeners()
    _installed = None


def shutdown() -> None:
    """Exporta o que falta e encerra o provedor (desligamento do processo)."""
    installed = _installed
    if installed is not None:
        installed.provider.force_flush()
        installed.provider.shutdown()


def flush() -> None:
    if _installed is not None:
        _installed.provider.force_flush()


def active() -> bool:
    return _installed is not None


class _Engine(Protocol):
    @property
    def sync_engine(self) -> Any: ...


def instrument_engine(engine: _Engine) -> None:
    """Spans de SQL para o motor (assíncrono) recém-criado; nada com o rastreamento desligado."""
    if _installed is None:
        return
    from opentelemetry.instrumentation.sqlalchemy import __version__ as version
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import get_meter

    tracer = _installed.provider.get_tracer("opentelemetry.instrumentation.sqlalchemy", version)
    usage = get_meter("opentelemetry.instrumentation.sqlalchemy", version).create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    _installed.engine_tracers.append(EngineTracer(tracer, engine.sync_engine, usage))


# ------------------------------------------------------------------------------------------------- spans nomeados


def tracer() -> trace.Tracer:
    return _installed.tracer if _installed is not None else trace.NoOpTracer()


@contextlib.contextmanager
def span(
    name: str, attributes: Mapping[str, Any] | None = None, quiet: tuple[type[BaseException], ...] = ()
) -> Iterator[trace.Span]:
    """Um span interno filho do corrente. Exceções marcam erro só com o tipo (a mensagem pode trazer dados do
    cliente); as de `quiet` (ex.: um adiamento) não são erro."""
    if _installed is None:
        yield trace.INVALID_SPAN
        return
    with _installed.tracer.start_as_current_span(
        name, attributes=_clean(attributes), record_exception=False, set_status_on_exception=False
    ) as current:
        try:
            yield current
        except BaseException as exc:
            if not isinstance(exc, quiet):
                failed(exc, current)
            raise


def annotate(attributes: Mapping[str, Any]) -> None:
    """Atributos no span corrente (nada sem rastreamento)."""
    if _installed is not None:
        trace.get_current_span().set_attributes(_clean(attributes) or {})


def failed(exc: BaseException, target: trace.Span | None = None) -> None:
    """Marca o span (o corrente, por padrão) como erro, com o tipo da exceção — sem a mensagem."""
    current = target or trace.get_current_span()
    current.set_attribute("error.type", type(exc).__name__)
    code = getattr(exc, "code", None)
    if isinstance(code, str):  # código estável do erro (ex.: de um provedor), nunca texto livre
        current.set_attribute("wacs.error.code", code)
    current.set_status(Status(StatusCode.ERROR, type(exc).__name__))


def _clean(attributes: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not attributes:
        return None
    return {k: v if isinstance(v, bool | int | float | str) else str(v) for k, v in attributes.items() if v is not None}


# ----------------------------------------------------------------------------------------- contexto pela fila


class _Job(Protocol):
    id: int
    kind: str
    attempts: int
    tenant_id: Any
    trace_context: dict[str, str] | None


def job_context() -> dict[str, str] | None:
    """O que um job enfileirado agora guarda de quem o criou (`jobs.trace_context`): o `traceparent`/`tracestate`
    do span corrente, quando há um, e o id da requisição — para o worker continuar o mesmo trace e logar o mesmo id."""
    carrier: dict[str, str] = {}
    if trace.get_current_span().get_span_context().is_valid:
        _W3C.inject(carrier)
    request_id = request_id_var.get()
    if request_id:
        carrier["request_id"] = request_id
    return carrier or None


@contextlib.contextmanager
def job_span(job: _Job, quiet: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """A execução de um job: o span `job <kind>` filho do span que o enfileirou (mesmo trace da requisição) e o id
    da requisição de origem nos logs. Aberto uma vez por job, mesmo se chamado de novo por dentro."""
    stored = job.trace_context or {}
    request_token = request_id_var.set(stored.get("request_id"))
    try:
        if _installed is None or _current_job.get() == job.id:
            yield
            return
        parent = _W3C.extract(stored) if "traceparent" in stored else Context()
        attributes = {
            "wacs.job.id": job.id,
            "wacs.job.kind": job.kind,
            "wacs.job.attempt": job.attempts,
            "wacs.tenant_id": str(job.tenant_id) if job.tenant_id is not None else None,
            "wacs.request_id": stored.get("request_id"),
        }
        job_token = _current_job.set(job.id)
        try:
            with _installed.tracer.start_as_current_span(
                f"job {job.kind}",
                context=parent,
                kind=SpanKind.CONSUMER,
                attributes=_clean(attributes),
                record_exception=False,
                set_status_on_exception=False,
            ) as current:
                try:
                    yield
                except BaseException as exc:
                    if not isinstance(exc, quiet):
                        failed(exc, current)
                    raise
        finally:
            _current_job.reset(job_token)
    finally:
        request_id_var.reset(request_token)


@contextlib.contextmanager
def batch_span(kind: str, jobs: Sequence[_Job]) -> Iterator[None]:
    """Um lote de jobs do mesmo tipo: um span `jobs <kind>` ligado (links) aos traces de origem de cada job; quem
    trata o lote abre o span de cada job por dentro quando o trabalho é por job (o envio)."""
    if _installed is None:
        yield
        return
    links = []
    for job in jobs:
        if job.trace_context and "traceparent" in job.trace_context:
            context = trace.get_current_span(_W3C.extract(job.trace_context)).get_span_context()
            if context.is_valid:
                links.append(Link(context, {"wacs.job.id": job.id}))
    with _installed.tracer.start_as_current_span(
        f"jobs {kind}",
        context=Context(),
        kind=SpanKind.CONSUMER,
        links=links,
        attributes={"wacs.job.kind": kind, "wacs.jobs": len(jobs)},
    ):
        yield


# ------------------------------------------------------------------------------------------ HTTP de entrada


class TracingMiddleware:
    """O span de cada requisição HTTP (W3C `traceparent` de entrada respeitado: os callbacks do serviço Baileys
    continuam o trace de quem os causou). Fica por fora de todos os middlewares, para o log de acesso já sair com o
    trace. Sem span: WebSocket (uma conexão longa; nenhum span por quadro) e as rotas de `UNTRACED_PATHS`."""

    def __init__(self, app: ASGIApp) -> None:
        from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

        self.app = app
        provider = _installed.provider if _installed is not None else None
        self.traced = OpenTelemetryMiddleware(
            _RouteName(app),
            default_span_details=_span_details,
            server_request_hook=_incoming_request,
            tracer_provider=provider,
            exclude_spans=["receive", "send"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNTRACED_PATHS:
            await self.app(scope, receive, send)
            return
        await self.traced(scope, receive, send)


def _span_details(scope: Scope) -> tuple[str, dict[str, Any]]:
    # O nome definitivo usa o molde da rota (`_RouteName`): o caminho tem ids e, às vezes, telefones.
    return str(scope.get("method") or "HTTP"), {}


def _incoming_request(current: trace.Span, scope: Scope) -> None:
    """Sem query string (tokens de verificação, filtros com dados do cliente) e com telefones mascarados no caminho."""
    attributes = getattr(current, "attributes", None) or {}
    path = mask_phone_digits(str(scope.get("path") or ""))
    for key in ("http.target", "url.path"):
        if key in attributes:
            current.set_attribute(key, path)
    if "http.url" in attributes:
        current.set_attribute("http.url", mask_phone_digits(_QUERY.sub("", str(attributes["http.url"]))))
    if "url.query" in attributes:
        current.set_attribute("url.query", "")


class _RouteName:
    """Dentro do span da requisição: no início da resposta (a rota já resolvida; o span termina com o corpo), o nome
    `MÉTODO /molde/{id}`, o id da requisição e o tenant como atributos."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        current = trace.get_current_span()

        async def naming_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                route = getattr(scope.get("route"), "path", None)
                if route:
                    current.update_name(f"{scope['method']} {route}")
                    current.set_attribute("http.route", route)
                state = scope.get("state") or {}
                if state.get("request_id"):
                    current.set_attribute("wacs.request_id", state["request_id"])
                principal = state.get("principal")
                if principal is not None:
                    current.set_attribute("wacs.tenant", principal.tenant.client_id)
            await send(message)

        await self.app(scope, receive, naming_send)


async def _outgoing_request(current: trace.Span, request: Any) -> None:
    """Chamadas de saída: URL sem query string (chaves em query) e sem telefones no caminho."""
    url = mask_phone_digits(_QUERY.sub("", str(request.url)))
    attributes = getattr(current, "attributes", None) or {}
    for key in ("http.url", "url.full"):
        if key in attributes:
            current.set_attribute(key, url)
