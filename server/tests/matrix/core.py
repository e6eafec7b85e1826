"""Rotas da plataforma (auth, usuários, chaves, tenants, configurações, auditoria)."""

from __future__ import annotations

from typing import Any

# (método, caminho, corpo, papel mínimo para usuários, escopo para chaves de API: None = só usuários, "*" = qualquer)
ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("GET", "/api/v1/auth/me", None, "user", "*"),
    ("POST", "/api/v1/auth/logout", None, "user", "*"),
    ("GET", "/api/v1/users", None, "admin", "users:read"),
    (
        "POST",
        "/api/v1/users",
        {"email": "novo@teste.com.br", "name": "Novo", "password": "12345678"},
        "admin",
        None,
    ),
    ("PUT", "/api/v1/users/me/password", {"currentPassword": "x", "newPassword": "12345678"}, "user", None),
    ("GET", "/api/v1/users/{user_id}", None, "admin", "users:read"),
    ("PATCH", "/api/v1/users/{user_id}", {"name": "X"}, "admin", "users:write"),
    ("PUT", "/api/v1/users/{user_id}/password", {"newPassword": "12345678"}, "admin", None),
    ("DELETE", "/api/v1/users/{user_id}", None, "admin", "users:write"),
    ("GET", "/api/v1/api-keys/scopes", None, "admin", None),
    ("GET", "/api/v1/api-keys", None, "admin", None),
    ("POST", "/api/v1/api-keys", {"name": "k", "scopes": ["messages:send"]}, "admin", None),
    ("DELETE", "/api/v1/api-keys/{key_id}", None, "admin", None),
    ("GET", "/api/v1/tenant/settings", None, "admin", "settings:read"),
    ("PUT", "/api/v1/tenant/settings", {}, "admin", "settings:write"),
    ("GET", "/api/v1/tenants", None, "superadmin", None),
    ("POST", "/api/v1/tenants", {"clientId": "nova-empresa", "name": "Nova"}, "superadmin", None),
    ("GET", "/api/v1/tenants/{client_id}", None, "superadmin", None),
    ("PATCH", "/api/v1/tenants/{client_id}", {"name": "X"}, "superadmin", None),
    ("DELETE", "/api/v1/tenants/{client_id}", None, "superadmin", None),
    ("GET", "/api/v1/audit-logs", None, "admin", "audit:read"),
]
