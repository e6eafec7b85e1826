"""Rotas de webhooks (endpoints, entregas, reenvio, teste)."""

from __future__ import annotations

from typing import Any

# (método, caminho, corpo, papel mínimo para usuários, escopo para chaves de API: None = só usuários, "*" = qualquer)
ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("GET", "/api/v1/webhooks/event-types", None, "admin", "webhooks:read"),
    ("GET", "/api/v1/webhooks/endpoints", None, "admin", "webhooks:read"),
    (
        "POST",
        "/api/v1/webhooks/endpoints",
        {"url": "https://hooks.cliente.example/wacs", "events": ["*"]},
        "admin",
        "webhooks:write",
    ),
    ("GET", "/api/v1/webhooks/endpoints/{endpoint_id}", None, "admin", "webhooks:read"),
    ("PATCH", "/api/v1/webhooks/endpoints/{endpoint_id}", {"description": "X"}, "admin", "webhooks:write"),
    ("DELETE", "/api/v1/webhooks/endpoints/{endpoint_id}", None, "admin", "webhooks:write"),
    ("POST", "/api/v1/webhooks/endpoints/{endpoint_id}/rotate-secret", None, "admin", "webhooks:write"),
    ("POST", "/api/v1/webhooks/endpoints/{endpoint_id}/test", None, "admin", "webhooks:write"),
    ("GET", "/api/v1/webhooks/endpoints/{endpoint_id}/deliveries", None, "admin", "webhooks:read"),
    ("GET", "/api/v1/webhooks/deliveries/{delivery_id}", None, "admin", "webhooks:read"),
    ("POST", "/api/v1/webhooks/deliveries/{delivery_id}/replay", None, "admin", "webhooks:write"),
]
