"""Erros RFC 9457, limites de corpo e de taxa, saúde, métricas, logs e a documentação OpenAPI."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any

import httpx
import pytest

from tests.conftest import Actor, Factory, assert_problem, make_settings
from wacs.config import Settings
from wacs.kit import ratelimit
from wacs.kit.logging import JsonFormatter
from wacs.main import create_app
from wacs.models import Tenant


class TestErrors:
    async def test_unknown_route_and_method(self, client: httpx.AsyncClient) -> None:
        assert_problem(await client.get("/api/v1/nao-existe"), 404, "nao_encontrado")
        body = assert_problem(await client.delete("/health"), 405, "metodo_nao_permitido")
        assert body["detail"] == "O método HTTP não é aceito neste endereço."

    async def test_invalid_json_is_422_with_portuguese_message(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        response = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tenant.client_id, "Content-Type": "application/json"},
            content=b"{quebrado",
        )
        body = assert_problem(response, 422, "validacao")
        assert body["errors"][0]["field"] == "body"
        assert body["errors"][0]["message"].startswith("JSON inválido")

    async def test_unexpected_error_is_500_without_trace(self, app: Any, client: httpx.AsyncClient) -> None:
        async def explode() -> None:
            raise RuntimeError("segredo interno que não pode vazar")

        app.router.add_api_route("/api/v1/__teste/explode", explode, include_in_schema=False)
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            response = await c.get("/api/v1/__teste/explode")
        body = assert_problem(response, 500, "erro_interno")
        assert "segredo" not in response.text
        assert body["requestId"] == response.headers["x-request-id"]

    async def test_request_id_is_echoed(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/health", headers={"X-Request-Id": "abc-123"})
        assert response.headers["x-request-id"] == "abc-123"
        generated = await client.get("/health", headers={"X-Request-Id": "com espaco; drop"})
        assert len(generated.headers["x-request-id"]) == 32


class TestBodyLimit:
    async def test_declared_length_over_limit(
        self, client: httpx.AsyncClient, settings: Settings, tenant: Tenant
    ) -> None:
        payload = b"x" * (settings.max_request_body_bytes + 1)
        response = await client.post("/api/v1/auth/login", headers={"X-Client-Id": tenant.client_id}, content=payload)
        body = assert_problem(response, 413, "corpo_muito_grande")
        assert str(settings.max_request_body_bytes) in body["detail"]

    async def test_streamed_body_over_limit(
        self, client: httpx.AsyncClient, settings: Settings, tenant: Tenant
    ) -> None:
        chunk = b"x" * 1024 * 1024

        async def stream() -> Any:
            for _ in range(settings.max_request_body_bytes // len(chunk) + 2):
                yield chunk

        response = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tenant.client_id, "Content-Type": "application/json"},
            content=stream(),
        )
        assert_problem(response, 413, "corpo_muito_grande")


def _freeze_rate_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Janela do limite parada no meio de um minuto: com a máquina carregada, cem requisições podiam atravessar a virada
    da janela (fixa, alinhada ao relógio) e o contador recomeçar no meio do teste."""
    frozen = (time.time() // 60) * 60 + 30
    monkeypatch.setattr(ratelimit, "now", lambda: frozen)


class TestRateLimit:
    async def test_default_limit_per_tenant_with_retry_after(
        self, client: httpx.AsyncClient, admin: Actor, factory: Factory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        other = await factory.actor(await factory.tenant(), "admin")
        _freeze_rate_window(monkeypatch)
        for i in range(100):
            response = await client.get("/api/v1/auth/me", headers=admin.headers)
            assert response.status_code == 200, (i, response.text)
        assert response.headers["x-ratelimit-limit"] == "100"
        assert response.headers["x-ratelimit-remaining"] == "0"
        blocked = await client.get("/api/v1/auth/me", headers=admin.headers)
        body = assert_problem(blocked, 429, "limite_excedido")
        assert 1 <= int(blocked.headers["Retry-After"]) <= 61  # janela parada no segundo 30: 31
        assert "100" in body["detail"]
        # O limite é por tenant: outro tenant segue livre.
        assert (await client.get("/api/v1/auth/me", headers=other.headers)).status_code == 200

    async def test_limit_is_shared_between_replicas(
        self,
        backend: str,
        settings: Settings,
        client: httpx.AsyncClient,
        admin: Actor,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        if backend != "postgres":
            pytest.skip("compartilhamento entre réplicas exige Redis")
        _freeze_rate_window(monkeypatch)
        replica = create_app(settings)
        async with replica.router.lifespan_context(replica):
            transport = httpx.ASGITransport(app=replica)
            async with httpx.AsyncClient(transport=transport, base_url="http://replica") as second:
                for i in range(100):
                    target = client if i % 2 else second
                    assert (await target.get("/api/v1/auth/me", headers=admin.headers)).status_code == 200
                assert_problem(await second.get("/api/v1/auth/me", headers=admin.headers), 429)
                assert_problem(await client.get("/api/v1/auth/me", headers=admin.headers), 429)


class TestHealth:
    async def test_live_and_ready(self, client: httpx.AsyncClient, backend: str) -> None:
        assert (await client.get("/health")).json()["status"] == "ok"
        ready = await client.get("/health/ready")
        assert ready.status_code == 200
        checks = ready.json()["checks"]
        assert checks["database"] == "ok"
        if backend == "postgres":
            assert checks["redis"] == "ok"

    async def test_ready_fails_when_redis_is_down(self, settings: Settings, tmp_path: Any) -> None:
        broken = make_settings(tmp_path, settings.database_url, "redis://127.0.0.1:1/0")
        app = create_app(broken)
        transport = httpx.ASGITransport(app=app)
        async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            response = await c.get("/health/ready")
        assert response.status_code == 503
        assert response.json()["checks"]["redis"].startswith("falha")

    async def test_metrics_by_route_and_tenant(
        self, client: httpx.AsyncClient, loopback_client: httpx.AsyncClient, admin: Actor
    ) -> None:
        await client.get("/api/v1/auth/me", headers=admin.headers)
        text = (await loopback_client.get("/metrics")).text
        line = next(
            (
                row
                for row in text.splitlines()
                if row.startswith("wacs_http_requests_total{")
                and 'route="/api/v1/auth/me"' in row
                and f'tenant="{admin.tenant.client_id}"' in row
                and 'status="200"' in row
            ),
            None,
        )
        assert line is not None
        assert float(line.rsplit(" ", 1)[1]) >= 1
        assert "wacs_http_request_duration_seconds_bucket" in text


class TestLogs:
    async def test_access_log_is_json_with_request_id_and_tenant(
        self, client: httpx.AsyncClient, admin: Actor, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.INFO, logger="wacs.access"):
            response = await client.get("/api/v1/auth/me", headers=admin.headers)
        record = next(r for r in caplog.records if r.name == "wacs.access")
        entry = json.loads(JsonFormatter().format(record))
        assert entry["request_id"] == response.headers["x-request-id"]
        assert entry["tenant"] == admin.tenant.client_id
        assert entry["route"] == "/api/v1/auth/me"
        assert entry["status"] == 200
        assert entry["msg"] == "requisição"


class TestOpenApi:
    async def test_every_operation_has_portuguese_summary_and_declared_errors(self, client: httpx.AsyncClient) -> None:
        spec = (await client.get("/openapi/v1.json")).json()
        assert spec["info"]["title"] == "API de Comunicação WhatsApp"
        operations = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()]
        assert len(operations) >= 20
        for path, method, op in operations:
            summary = op.get("summary", "")
            generated = op["operationId"].replace("_", " ").title()
            assert summary and summary != generated, (path, method, summary)
            assert op.get("tags"), (path, method)
            if path.startswith("/api/v1/") and path not in {"/api/v1/auth/login", "/api/v1/auth/refresh"}:
                assert op.get("security"), (path, method)
        schemes = spec["components"]["securitySchemes"]
        assert {"Bearer", "ApiKey", "ClientId"} <= set(schemes)
        assert "422" in spec["paths"]["/api/v1/users"]["post"]["responses"]
        assert "409" in spec["paths"]["/api/v1/users"]["post"]["responses"]

    async def test_scalar_page_uses_local_script(self, client: httpx.AsyncClient) -> None:
        page = await client.get("/scalar/v1")
        assert page.status_code == 200
        assert 'src="/static/scalar/standalone.js"' in page.text
        assert "http" not in page.text.split("<body>")[1].replace("/openapi/v1.json", "")
        script = await client.get("/static/scalar/standalone.js")
        assert script.status_code == 200 and len(script.content) > 1_000_000


async def test_exhausted_connection_pool_is_503_with_retry_after(settings: Settings) -> None:
    tight = settings.model_copy(
        update={
            "database_pool_size": 1,
            "database_max_overflow": 0,
            "database_pool_timeout_seconds": 0.3,
            "run_worker": False,
        }
    )
    app = create_app(tight)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        async with app.state.ctx.engine.connect() as held:  # a única conexão do pool, ocupada
            await held.exec_driver_sql("SELECT 1")
            response = await c.post(
                "/api/v1/auth/login",
                headers={"X-Client-Id": tight.bootstrap_tenant_id},
                json={"email": tight.bootstrap_admin_email, "password": "senha-bootstrap-123"},
            )
        body = assert_problem(response, 503, "banco_ocupado")
        assert response.headers["Retry-After"] == "5"
        assert "Tente novamente" in body["detail"]
        # Com a conexão de volta ao pool, a mesma requisição funciona.
        again = await c.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tight.bootstrap_tenant_id},
            json={"email": tight.bootstrap_admin_email, "password": "senha-bootstrap-123"},
        )
        assert again.status_code == 200, again.text


async def test_more_simultaneous_requests_than_redis_connections_wait_instead_of_failing(
    settings: Settings, backend: str
) -> None:
    if backend != "postgres":
        pytest.skip("só há pool de conexões com o Redis no backend postgres")
    tight = settings.model_copy(update={"redis_max_connections": 3, "run_worker": False})
    app = create_app(tight)
    transport = httpx.ASGITransport(app=app)
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        login = await c.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tight.bootstrap_tenant_id},
            json={"email": tight.bootstrap_admin_email, "password": "senha-bootstrap-123"},
        )
        assert login.status_code == 200, login.text
        headers = {"X-Client-Id": tight.bootstrap_tenant_id, "Authorization": f"Bearer {login.json()['accessToken']}"}
        responses = await asyncio.gather(*(c.get("/api/v1/auth/me", headers=headers) for _ in range(60)))
    assert [r.status_code for r in responses] == [200] * 60, {r.text for r in responses if r.status_code != 200}


class TestMetricsProtection:
    """As métricas citam tenants e volumes: fechadas por padrão (só loopback) ou com METRICS_TOKEN."""

    async def test_without_token_only_loopback_reads(
        self, client: httpx.AsyncClient, loopback_client: httpx.AsyncClient
    ) -> None:
        body = assert_problem(await client.get("/metrics"), 403, "metricas_restritas")
        assert "METRICS_TOKEN" in body["detail"]
        local = await loopback_client.get("/metrics")
        assert local.status_code == 200 and "wacs_http_requests_total" in local.text

    async def test_with_token_everyone_needs_it(
        self,
        client: httpx.AsyncClient,
        loopback_client: httpx.AsyncClient,
        ctx: Any,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(ctx.settings, "metrics_token", "token-de-metricas-123")
        for caller in (client, loopback_client):
            assert_problem(await caller.get("/metrics"), 401, "token_de_metricas_invalido")
            wrong = await caller.get("/metrics", headers={"Authorization": "Bearer outro"})
            assert_problem(wrong, 401, "token_de_metricas_invalido")
            right = await caller.get("/metrics", headers={"Authorization": "Bearer token-de-metricas-123"})
            assert right.status_code == 200, right.text


def test_database_server_out_of_connections_is_a_transient_503() -> None:
    """`too many clients` (53300) e servidor iniciando (57P03) são momentâneos: 503 banco_ocupado, não 500."""
    from sqlalchemy.exc import DBAPIError

    from wacs.kit.errors import _is_transient

    class Driver(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__("sorry, too many clients already")
            self.sqlstate = sqlstate

    for state, transient in [("53300", True), ("57P03", True), ("40P01", True), ("23505", False), ("42P01", False)]:
        error = DBAPIError("SELECT 1", {}, Driver(state))
        assert _is_transient(error) is transient, state
