"""Middleware ASGI puro: id da requisição, limite de corpo, log de acesso e métricas."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wacs.kit.errors import PayloadTooLarge
from wacs.kit.logging import request_id_var, tenant_var
from wacs.kit.metrics import HTTP_LATENCY, HTTP_REQUESTS

access_logger = logging.getLogger("wacs.access")


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        request_id = incoming if incoming.replace("-", "").isalnum() and incoming else uuid.uuid4().hex
        rid_token = request_id_var.set(request_id)
        # Também no escopo: o tratador de erro 500 roda fora deste middleware, já sem o contextvar.
        scope.setdefault("state", {})["request_id"] = request_id
        tenant_token = tenant_var.set(None)
        started = time.perf_counter()
        status_code = 500
        limit = self.max_body_bytes

        declared = headers.get(b"content-length")
        too_large = declared is not None and declared.isdigit() and int(declared) > limit
        received = 0
        replaced = False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise PayloadTooLarge()
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status_code, replaced
            if too_large:
                # O corpo estourou no meio da leitura: a resposta da aplicação dá lugar ao 413.
                if not replaced:
                    replaced = True
                    status_code = 413
                    await _send_problem(send, scope, request_id, limit)
                return
            if message["type"] == "http.response.start":
                status_code = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
                decision = scope.get("state", {}).get("rate_limit")
                if decision is not None:
                    message["headers"] += [
                        (b"x-ratelimit-limit", str(decision.limit).encode()),
                        (b"x-ratelimit-remaining", str(decision.remaining).encode()),
                        (b"x-ratelimit-reset", str(decision.reset_after).encode()),
                    ]
            await send(message)

        try:
            if too_large:
                status_code = 413
                await _send_problem(send, scope, request_id, limit)
            else:
                await self.app(scope, limited_receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route: Any = scope.get("route")
            route_path = getattr(route, "path", None) or "sem_rota"
            principal = scope.get("state", {}).get("principal")
            tenant = principal.tenant.client_id if principal is not None else (tenant_var.get() or "-")
            method = scope["method"]
            HTTP_REQUESTS.labels(method, route_path, str(status_code), tenant).inc()
            HTTP_LATENCY.labels(method, route_path, tenant).observe(elapsed)
            if route_path not in {"/health", "/metrics"}:
                tenant_var.set(None if tenant == "-" else tenant)
                access_logger.info(
                    "requisição",
                    extra={
                        "method": method,
                        "path": scope["path"],
                        "route": route_path,
                        "status": status_code,
                        "duration_ms": round(elapsed * 1000, 2),
                    },
                )
            request_id_var.reset(rid_token)
            tenant_var.reset(tenant_token)


async def _send_problem(send: Send, scope: Scope, request_id: str, limit: int) -> None:
    body = orjson.dumps(
        {
            "type": "https://wacs.dev/problemas/corpo_muito_grande",
            "title": PayloadTooLarge.title,
            "status": 413,
            "detail": f"O corpo da requisição excede o limite de {limit} bytes.",
            "code": PayloadTooLarge.code,
            "instance": scope["path"],
            "requestId": request_id,
        }
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-request-id", request_id.encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
