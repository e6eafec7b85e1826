"""Rotas do catálogo de imóveis e dos agendamentos. A importação é multipart: corpo None (a autenticação vem antes
da leitura do corpo)."""

from __future__ import annotations

from typing import Any

# (método, caminho, corpo, papel mínimo para usuários, escopo para chaves de API: None = só usuários, "*" = qualquer)
ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("POST", "/api/v1/properties/import", None, "admin", "agents:write"),
    ("GET", "/api/v1/properties", None, "user", "agents:read"),
    ("GET", "/api/v1/properties/{property_id}", None, "user", "agents:read"),
    ("DELETE", "/api/v1/properties/{property_id}", None, "admin", "agents:write"),
    ("GET", "/api/v1/appointments", None, "user", "agents:read"),
    (
        "POST",
        "/api/v1/appointments",
        {"contactNumber": "5511988887777", "scheduledFor": "2030-01-15T10:00:00-03:00", "notes": "Visita"},
        "user",
        "agents:write",
    ),
    ("GET", "/api/v1/appointments/{appointment_id}", None, "user", "agents:read"),
    ("PATCH", "/api/v1/appointments/{appointment_id}", {"status": "cancelled", "notes": "X"}, "user", "agents:write"),
]
