"""Rastreamento OpenTelemetry: desligado por padrão; ligado, um trace só da requisição ao provedor, atravessando a
fila, e os ids do trace em cada linha de log.

Os spans vão por OTLP/HTTP a um coletor falso em 127.0.0.1 (o protobuf de `POST /v1/traces`, decodificado como o
coletor de verdade faria). Os testes em processo instalam um provedor próprio (`telemetry.install`) e o removem no fim;
a ponta a ponta sobe a API e o worker como processos separados, configurados só por `OTEL_EXPORTER_OTLP_ENDPOINT`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.conftest import BACKEND, REDIS_PREFIX, RUN_ID, make_settings
from tests.databases import REDIS_URL, drop_database, recreate_database
from tests.messaging_helpers import NO_RECEIPTS, connect_sandbox, isolated_app, serve, wait_for, wait_status
from wacs.fakes.meta_graph import FakeGraphState
from wacs.fakes.meta_graph import create_app as create_graph
from wacs.kit import ssrf, telemetry
from wacs.kit.logging import JsonFormatter, request_id_var
from wacs.providers import baileys
from wacs.providers.callbacks import callback_secret, signed_headers

SERVER_DIR = Path(__file__).resolve().parent.parent
OTEL_VARIABLES = (
    "OTEL_SDK_DISABLED",
    "OTEL_TRACES_EXPORTER",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_TRACES_SAMPLER",
)
SERVER, CLIENT, CONSUMER = 2, 3, 5  # Span.SpanKind do protobuf


# ---------------------------------------------------------------------------------------------------------------
# Coletor OTLP/HTTP falso


@dataclass
class Span:
    service: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_id: str
    attributes: dict[str, Any]
    links: list[str]


def _value(any_value: Any) -> Any:
    which = any_value.WhichOneof("value")
    return getattr(any_value, which) if which else None


@dataclass
class Collector:
    url: str
    spans: list[Span] = field(default_factory=list)
    requests: int = 0

    def receive(self, body: bytes) -> None:
        request = ExportTraceServiceRequest.FromString(body)
        self.requests += 1
        for resource_spans in request.resource_spans:
            resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for item in scope_spans.spans:
                    self.spans.append(
                        Span(
                            service=str(resource.get("service.name")),
                            name=item.name,
                            kind=item.kind,
                            trace_id=item.trace_id.hex(),
                            span_id=item.span_id.hex(),
                            parent_id=item.parent_span_id.hex(),
                            attributes={a.key: _value(a.value) for a in item.attributes},
                            links=[link.span_id.hex() for link in item.links],
                        )
                    )

    def named(self, name: str) -> list[Span]:
        return [span for span in self.spans if span.name == name]

    def by_id(self, span_id: str) -> Span:
        return next(span for span in self.spans if span.span_id == span_id)

    def children(self, parent: Span) -> list[Span]:
        return [span for span in self.spans if span.parent_id == parent.span_id]


@contextlib.contextmanager
def collector() -> Iterator[Collector]:
    state = Collector("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            if self.path != "/v1/traces" or self.headers.get("content-type") != "application/x-protobuf":
                self.send_response(404)
                self.end_headers()
                return
            state.receive(body)
            answer = ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("content-type", "application/x-protobuf")
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def traced(sink: Collector) -> Iterator[Any]:
    """Rastreamento ligado neste processo (exportador OTLP para o coletor falso) e desligado no fim."""
    provider = telemetry.build_provider("wacs-teste", OTLPSpanExporter(endpoint=f"{sink.url}/v1/traces"))
    telemetry.install(provider)
    try:
        yield provider
    finally:
        provider.force_flush()
        telemetry.uninstall()
        provider.shutdown()


async def spans_until(provider: Any, sink: Collector, *names: str, within: float = 20) -> None:
    async def arrived() -> bool:
        provider.force_flush()
        return all(sink.named(name) for name in names)

    await wait_for(arrived, within, interval=0.1, what=f"spans {names}")


@pytest.fixture
def no_otel_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OTEL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------------------------------------------------------
# Desligado por padrão


def test_only_the_standard_variables_turn_it_on() -> None:
    assert not telemetry.requested({})
    assert telemetry.requested({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://coletor:4318"})
    assert telemetry.requested({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://coletor:4318/v1/traces"})
    assert telemetry.requested({"OTEL_TRACES_EXPORTER": "otlp"})
    assert not telemetry.requested({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"})
    assert not telemetry.requested({"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"})
    assert not telemetry.requested({"OTEL_SERVICE_NAME": "wacs-api"})  # nome sem exportador não liga nada


def test_disabled_sdk_wins_over_the_endpoint(monkeypatch: pytest.MonkeyPatch, no_otel_env: None) -> None:
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("OTEL_SDK_DISABLED", "true")
    assert telemetry.configure_tracing("wacs-api") is False
    assert not telemetry.active()


async def test_off_by_default_nothing_is_instrumented_nor_exported(tmp_path: Path, no_otel_env: None) -> None:
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

    with collector() as sink:
        async with isolated_app(tmp_path / "dados") as iso:
            assert not telemetry.active()
            assert not any(m.cls is telemetry.TracingMiddleware for m in iso.app.user_middleware)
            # Nenhum gancho: nem no httpx, nem no Redis, nem no motor do banco.
            assert not hasattr(httpx.AsyncHTTPTransport.handle_async_request, "__wrapped__")
            from redis.asyncio import Redis

            assert not hasattr(Redis.execute_command, "__wrapped__")
            assert EngineTracer._remove_event_listener_params == []
            admin = await iso.factory.actor(await iso.factory.tenant(), "admin")
            session = await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
            response = await iso.client.post(
                "/api/v1/messages/send",
                headers=admin.headers,
                json={"sessionId": session["id"], "to": "5511977776666", "content": "Oi"},
            )
            assert response.status_code in {200, 202}, response.text
            await wait_status(iso.ctx, response.json()["messageId"], "sent")
            async with iso.ctx.sessionmaker() as db:
                from sqlalchemy import select

                from wacs.models import Job

                contexts = (await db.execute(select(Job.trace_context))).scalars().all()
            # Sem rastreamento, o job ainda leva o id da requisição (para os logs do worker), sem traceparent.
            assert all(c is None or "traceparent" not in c for c in contexts)
        await asyncio.sleep(0.3)
    assert sink.requests == 0 and sink.spans == []


# ---------------------------------------------------------------------------------------------------------------
# Ligado, em processo


async def test_send_request_job_and_provider_call_are_one_trace(
    tmp_path: Path, no_otel_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with collector() as sink, traced(sink) as provider:
        async with isolated_app(tmp_path / "dados") as iso:
            admin = await iso.factory.actor(await iso.factory.tenant(), "admin")
            session = await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
            logging.getLogger("wacs.access").setLevel(logging.INFO)
            response = await iso.client.post(
                "/api/v1/messages/send?token=segredo-na-query",
                headers=admin.headers,
                json={"sessionId": session["id"], "to": "5511977776666", "content": "Oi, tudo bem?"},
            )
            assert response.status_code in {200, 202}, response.text
            await wait_status(iso.ctx, response.json()["messageId"], "sent")
            await spans_until(provider, sink, "POST /api/v1/messages/send", "job message.send", "provider send sandbox")

    request = sink.named("POST /api/v1/messages/send")[0]
    assert request.kind == SERVER and request.parent_id == ""
    assert request.attributes["http.route"] == "/api/v1/messages/send"
    assert request.attributes["wacs.request_id"] == response.headers["x-request-id"]
    assert request.attributes["wacs.tenant"] == admin.tenant.client_id
    assert "segredo-na-query" not in json.dumps(request.attributes)
    # Requisição → job (pela fila, filho do span que o enfileirou) → chamada ao provedor: um trace só.
    job = sink.named("job message.send")[0]
    assert (job.trace_id, job.parent_id, job.kind) == (request.trace_id, request.span_id, CONSUMER)
    assert job.attributes["wacs.job.kind"] == "message.send" and job.attributes["wacs.job.attempt"] == 1
    assert job.attributes["wacs.tenant_id"] == str(admin.tenant.id)
    assert job.attributes["wacs.request_id"] == response.headers["x-request-id"]
    send = sink.named("provider send sandbox")[0]
    assert (send.trace_id, send.parent_id) == (request.trace_id, job.span_id)
    # Banco (e Redis, quando há) dentro da requisição, sem os valores dos parâmetros.
    inside = sink.children(request)
    sql = [span for span in inside if span.kind == CLIENT and "db.statement" in span.attributes]
    assert sql and all("Oi, tudo bem" not in str(span.attributes) for span in sink.spans)
    if BACKEND == "postgres":
        assert any(span.attributes.get("db.system") == "redis" for span in inside), [s.name for s in inside]
    # Nada de milhares de traces de um span só: SQL do laço do worker (reivindicação, sinal de vida) fica de fora.
    assert not [span for span in sink.spans if span.kind == CLIENT and span.parent_id == ""]
    # A linha do log de acesso tem o trace e o span da requisição.
    logging.getLogger("wacs.access").setLevel(logging.NOTSET)
    lines = [json.loads(raw) for raw in capsys.readouterr().out.splitlines() if raw.startswith("{")]
    line = next(entry for entry in lines if entry["msg"] == "requisição" and entry["route"] == "/api/v1/messages/send")
    assert (line["trace_id"], line["span_id"], line["request_id"]) == (
        request.trace_id,
        request.span_id,
        response.headers["x-request-id"],
    )


async def test_websocket_and_probes_get_no_span(no_otel_env: None) -> None:
    reached: list[str] = []

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        reached.append(scope["path"])

    with collector() as sink, traced(sink) as provider:
        middleware = telemetry.TracingMiddleware(inner)
        for scope in (
            {"type": "websocket", "path": "/api/v1/realtime", "headers": []},
            {"type": "http", "method": "GET", "path": "/health", "headers": []},
            {"type": "http", "method": "GET", "path": "/health/ready", "headers": []},
            {"type": "http", "method": "GET", "path": "/metrics", "headers": []},
        ):
            await middleware(scope, None, None)  # type: ignore[arg-type]
        provider.force_flush()
    assert reached == ["/api/v1/realtime", "/health", "/health/ready", "/metrics"]
    assert sink.spans == []


async def test_inbound_callback_continues_the_callers_trace(tmp_path: Path, no_otel_env: None) -> None:
    caller_trace, caller_span = uuid.uuid4().hex, uuid.uuid4().hex[:16]
    with collector() as sink, traced(sink) as provider:
        async with isolated_app(tmp_path / "dados") as iso:
            admin = await iso.factory.actor(await iso.factory.tenant(), "admin")
            session = await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
            body = json.dumps(
                {"events": [{"sessionId": session["id"], "messageId": "m-1", "from": "5511977776666", "text": "oi"}]}
            ).encode()
            headers = signed_headers(callback_secret(iso.ctx), body) | {
                "traceparent": f"00-{caller_trace}-{caller_span}-01"
            }
            response = await iso.client.post("/api/v1/webhooks/incoming-message", content=body, headers=headers)
            assert response.status_code == 202, response.text
            await spans_until(provider, sink, "POST /api/v1/webhooks/incoming-message", "job inbound.process")
    callback = sink.named("POST /api/v1/webhooks/incoming-message")[0]
    assert (callback.trace_id, callback.parent_id) == (caller_trace, caller_span)
    processing = sink.named("job inbound.process")[0]
    assert (processing.trace_id, processing.parent_id) == (caller_trace, callback.span_id)


async def test_calls_to_the_baileys_service_carry_traceparent(tmp_path: Path, no_otel_env: None) -> None:
    seen: list[str | None] = []

    async def health(request: Request) -> Response:
        seen.append(request.headers.get("traceparent"))
        return JSONResponse({"status": "ok"})

    fake = Starlette(routes=[Route("/health", health)])
    with collector() as sink, traced(sink) as provider:
        async with serve(fake) as url:
            settings = make_settings(tmp_path, None, None, baileys_url=url.replace("ws://", "http://"))
            with telemetry.span("teste") as parent:
                await baileys.ping(settings)
                response = await baileys.http_client().get(f"{settings.baileys_url}/health?token=segredo")
                assert response.status_code == 200
            await ssrf.close_http_clients()
        await spans_until(provider, sink, "teste", "GET")
    trace_id = format(parent.get_span_context().trace_id, "032x")
    calls = [span for span in sink.named("GET") if span.kind == CLIENT]
    assert len(calls) == 2 and all(span.trace_id == trace_id for span in calls)
    # O serviço recebe o contexto da chamada: o span pai do outro lado é o span de cliente do httpx.
    assert [header.split("-")[1:3] if header else None for header in seen] == [
        [trace_id, span.span_id] for span in calls
    ]
    assert all("segredo" not in str(span.attributes) for span in calls)


async def test_webhook_delivery_continues_the_send_trace(tmp_path: Path, no_otel_env: None) -> None:
    seen: list[str | None] = []

    async def hook(request: Request) -> Response:
        seen.append(request.headers.get("traceparent"))
        return Response(status_code=204)

    with collector() as sink, traced(sink) as provider:
        async with (
            serve(Starlette(routes=[Route("/gancho", hook, methods=["POST"])])) as url,
            isolated_app(tmp_path / "dados", webhook_allow_private=True) as iso,
        ):
            admin = await iso.factory.actor(await iso.factory.tenant(), "admin")
            session = await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
            endpoint = {"url": url.replace("ws://", "http://") + "/gancho", "events": ["message.status"]}
            created = await iso.client.post("/api/v1/webhooks/endpoints", headers=admin.headers, json=endpoint)
            assert created.status_code == 201, created.text
            response = await iso.client.post(
                "/api/v1/messages/send",
                headers=admin.headers,
                json={"sessionId": session["id"], "to": "5511977776666", "content": "Oi"},
            )
            assert response.status_code in {200, 202}, response.text
            await spans_until(provider, sink, "POST /api/v1/messages/send", "webhook delivery")
            await ssrf.close_http_clients()
    request = sink.named("POST /api/v1/messages/send")[0]
    delivery = sink.named("webhook delivery")[0]
    assert delivery.trace_id == request.trace_id
    assert delivery.attributes["wacs.webhook.outcome"] == "delivered"
    assert delivery.attributes["wacs.webhook.event"] == "message.status"
    assert delivery.attributes["http.response.status_code"] == 204
    job = sink.by_id(delivery.parent_id)
    assert job.name == "job webhook.deliver" and sink.by_id(job.parent_id).name == "job message.send"
    post = next(span for span in sink.children(delivery) if span.kind == CLIENT)
    assert seen and seen[0] is not None and seen[0].split("-")[1:3] == [request.trace_id, post.span_id]


async def test_ai_pipeline_answer_is_in_the_trace_of_the_inbound_message(tmp_path: Path, no_otel_env: None) -> None:
    """Mensagem do cliente → job ai.reply → span do pipeline de IA → envio da resposta: um trace só."""
    with collector() as sink, traced(sink) as provider:
        async with isolated_app(tmp_path / "dados") as iso:
            admin = await iso.factory.actor(await iso.factory.tenant(), "admin")
            session = await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
            agent = await iso.client.post(
                "/api/v1/agents/create",
                headers=admin.headers,
                json={"name": "Imóveis", "template": "real_estate", "debounceSeconds": 0, "makeDefault": True},
            )
            assert agent.status_code == 201, agent.text
            incoming = await iso.client.post(
                f"/api/v1/sandbox/sessions/{session['id']}/incoming",
                headers=admin.headers,
                json={"from": "5511977776666", "text": "Simular financiamento de 300 mil em 30 anos a 10% ao ano"},
            )
            assert incoming.status_code == 202, incoming.text
            await spans_until(provider, sink, "ai pipeline", "job ai.reply", "provider send sandbox")

    request = next(span for span in sink.spans if span.attributes.get("http.route", "").endswith("/incoming"))
    pipeline = sink.named("ai pipeline")[0]
    assert pipeline.trace_id == request.trace_id
    assert pipeline.attributes["wacs.ai.mode"] == "offline" and pipeline.attributes["wacs.ai.outcome"] == "replied"
    assert pipeline.attributes["wacs.ai.agent_id"] == agent.json()["id"]
    job = sink.by_id(pipeline.parent_id)
    assert job.name == "job ai.reply" and job.kind == CONSUMER
    # A resposta do agente sai por um job message.send que continua o mesmo trace, até a chamada ao provedor.
    send = next(span for span in sink.named("provider send sandbox") if span.trace_id == request.trace_id)
    assert sink.by_id(send.parent_id).name == "job message.send"
    assert all("financiamento" not in str(span.attributes) for span in sink.spans)


def test_worker_logs_carry_the_jobs_request_and_trace_ids(no_otel_env: None) -> None:
    origin = {"traceparent": f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01", "request_id": "abc123"}
    job = SimpleNamespace(id=7, kind="webhook.deliver", attempts=2, tenant_id=uuid.uuid4(), trace_context=origin)
    formatter = JsonFormatter()
    logger = logging.getLogger("wacs.teste.telemetria")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        with collector() as sink, traced(sink):
            with telemetry.job_span(job):  # type: ignore[arg-type]
                logger.warning("tentativa para %s", "+55 (11) 97777-6666")
            with telemetry.job_span(SimpleNamespace(**{**vars(job), "trace_context": None})):  # type: ignore[arg-type]
                logger.warning("sem origem")
        logger.warning("fora de job")
    finally:
        logger.removeHandler(handler)
    with_origin, without, outside = (json.loads(formatter.format(r)) for r in records)
    assert with_origin["request_id"] == "abc123"
    assert with_origin["trace_id"] == origin["traceparent"].split("-")[1]
    assert len(with_origin["span_id"]) == 16
    assert "97777" not in with_origin["msg"]  # o mascaramento de telefones continua valendo
    assert "request_id" not in without and len(without["trace_id"]) == 32
    assert "trace_id" not in outside and request_id_var.get() is None


# ---------------------------------------------------------------------------------------------------------------
# Ponta a ponta: API e worker em processos, configurados só pelas variáveis OTEL_*

NUMBER, TOKEN, SECRET, WABA = "109000000000888", "EAAG" + "t" * 40, "segredo-do-app-0123456789", "209000000000888"
PASSWORD = "senha-bootstrap-123"
CONTACT = "5511977776666"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Process:
    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path, log: Path) -> None:
        self.log_path = log
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: o desligamento exporta os spans que faltam
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()

    def lines(self) -> list[dict[str, Any]]:
        found = []
        for raw in self.log_path.read_text(errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                found.append(json.loads(raw))
        return found


@contextlib.asynccontextmanager
async def deployment(tmp_path: Path, sink: Collector) -> AsyncIterator[tuple[str, list[Process]]]:
    data = tmp_path / "dados"
    data.mkdir()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")} | {
        "PYTHONPATH": str(SERVER_DIR),
        "ENVIRONMENT": "test",
        "DATA_DIR": str(data),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "LOG_LEVEL": "INFO",
        "LOG_FORMAT": "json",
        "BOOTSTRAP_ADMIN_PASSWORD": PASSWORD,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "64",
        "ARGON2_PARALLELISM": "1",
        "META_ALLOW_PRIVATE_BASE_URL": "true",
        "DATABASE_POOL_SIZE": "4",
        "DATABASE_MAX_OVERFLOW": "4",
        # A única configuração do rastreamento: o endereço do coletor (e um lote curto, para o teste não esperar).
        "OTEL_EXPORTER_OTLP_ENDPOINT": sink.url,
        "OTEL_BSP_SCHEDULE_DELAY": "100",
    }
    name = None
    if BACKEND == "postgres":
        name = f"wacs_test_{RUN_ID}_otel_{uuid.uuid4().hex[:8]}"
        env |= {"DATABASE_URL": await recreate_database(name), "REDIS_URL": REDIS_URL, "REDIS_PREFIX": REDIS_PREFIX}
        env |= {"RUN_WORKER": "false"}  # o worker é outro processo, como no compose
    started: list[Process] = []
    try:
        api = Process([sys.executable, "-m", "wacs", "serve"], env, data, tmp_path / "api.log")
        started.append(api)
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, timeout=10) as http:

            async def healthy() -> bool:
                assert api.proc.poll() is None, api.log_path.read_text()
                with contextlib.suppress(httpx.HTTPError):
                    return (await http.get("/health")).status_code == 200
                return False

            await wait_for(healthy, 60, interval=0.2, what="API no ar")
        if BACKEND == "postgres":
            started.append(Process([sys.executable, "-m", "wacs", "worker"], env, data, tmp_path / "worker.log"))
        yield base, started
    finally:
        for process in started:
            process.stop()
        if name is not None:
            await drop_database(name)


def _recording(app: Any, seen: list[str | None]) -> Any:
    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].endswith("/messages"):
            seen.append(dict(scope["headers"]).get(b"traceparent", b"").decode() or None)
        await app(scope, receive, send)

    return wrapped


async def test_end_to_end_api_queue_worker_and_meta_configured_only_by_otel_endpoint(tmp_path: Path) -> None:
    graph = FakeGraphState()
    graph.add_number(NUMBER, access_token=TOKEN, app_secret=SECRET, waba_id=WABA)
    graph.add_template(WABA, "boas_vindas", components=[{"type": "BODY", "text": "Olá!"}])
    seen: list[str | None] = []
    with collector() as sink:
        async with (
            serve(_recording(create_graph(graph), seen)) as graph_url,
            deployment(tmp_path, sink) as (base, processes),
            httpx.AsyncClient(base_url=base, timeout=20) as http,
        ):
            login = await http.post(
                "/api/v1/auth/login",
                headers={"X-Client-Id": "demo"},
                json={"email": "admin@demo.local", "password": PASSWORD},
            )
            assert login.status_code == 200, login.text
            headers = {"X-Client-Id": "demo", "Authorization": f"Bearer {login.json()['accessToken']}"}
            config = {
                "phoneNumberId": NUMBER,
                "wabaId": WABA,
                "accessToken": TOKEN,
                "appSecret": SECRET,
                "verifyToken": "verifica-123",
                "baseUrl": graph_url.replace("ws://", "http://"),
            }
            body = {"phoneNumber": "+551130000888", "provider": "meta_api", "name": "Atendimento", "config": config}
            connected = await http.post("/api/v1/sessions/initialize", headers=headers, json=body)
            assert connected.status_code == 200 and connected.json()["status"] == "connected", connected.text
            template = {"name": "boas_vindas", "language": "pt_BR"}
            sent = await http.post(
                "/api/v1/messages/send",
                headers=headers,
                json={
                    "sessionId": connected.json()["id"],
                    "to": "5511977776666",
                    "type": "template",
                    "content": template,
                },
            )
            assert sent.status_code in {200, 202}, sent.text
            await wait_for(lambda: _ready(graph), 30, what="envio aceito pela Meta falsa")

            async def exported() -> bool:
                return bool(sink.named("POST /api/v1/messages/send") and sink.named("job message.send")) and any(
                    span.kind == CLIENT and span.attributes.get("http.method") == "POST"
                    for span in sink.spans
                    if span.service == ("wacs-worker" if BACKEND == "postgres" else "wacs-api") and span.name == "POST"
                )

            await wait_for(exported, 30, interval=0.1, what="spans da API e do worker no coletor")
            logs = [line for process in processes for line in process.lines()]

    request = sink.named("POST /api/v1/messages/send")[0]
    assert request.service == "wacs-api" and request.parent_id == ""
    job = sink.named("job message.send")[0]
    assert job.service == ("wacs-worker" if BACKEND == "postgres" else "wacs-api")
    assert (job.trace_id, job.parent_id) == (request.trace_id, request.span_id), [
        (s.name, s.span_id, s.parent_id, s.service) for s in sink.spans if s.trace_id == request.trace_id
    ]
    provider_send = sink.named("provider send meta_api")[0]
    assert (provider_send.trace_id, provider_send.parent_id) == (request.trace_id, job.span_id)
    graph_call = next(s for s in sink.children(provider_send) if s.kind == CLIENT)
    assert graph_call.trace_id == request.trace_id
    # A Graph API (falsa) recebeu o traceparent da chamada: o próximo salto poderia continuar o trace.
    assert seen and seen[-1] is not None and seen[-1].split("-")[1:3] == [request.trace_id, graph_call.span_id]
    assert TOKEN not in json.dumps([s.attributes for s in sink.spans])
    # A linha de log de acesso do envio tem o trace do span da requisição.
    access = [line for line in logs if line.get("msg") == "requisição" and line.get("route") == "/api/v1/messages/send"]
    assert access and access[0]["trace_id"] == request.trace_id and access[0]["span_id"] == request.span_id


async def _ready(graph: FakeGraphState) -> bool:
    return bool(graph.sent)


def test_the_sampler_still_honours_otel_traces_sampler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTEL_TRACES_SAMPLER", "always_off")
    monkeypatch.setenv("OTEL_SERVICE_NAME", "wacs-api-sp")
    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=homologacao")
    provider = telemetry.build_provider("wacs-api", OTLPSpanExporter(endpoint="http://127.0.0.1:9/v1/traces"))
    try:
        assert "AlwaysOffSampler" in provider.sampler.get_description()
        assert provider.resource.attributes["service.name"] == "wacs-api-sp"
        assert provider.resource.attributes["deployment.environment"] == "homologacao"
        assert not provider.get_tracer("t").start_span("x").is_recording()
    finally:
        provider.shutdown()
    monkeypatch.delenv("OTEL_SERVICE_NAME")
    provider = telemetry.build_provider("wacs-worker", OTLPSpanExporter(endpoint="http://127.0.0.1:9/v1/traces"))
    assert provider.resource.attributes["service.name"] == "wacs-worker"
    provider.shutdown()
