"""Rotas da base de conhecimento. O envio é multipart: corpo None (a autenticação vem antes da leitura do corpo)."""

from __future__ import annotations

from typing import Any

# (método, caminho, corpo, papel mínimo para usuários, escopo para chaves de API: None = só usuários, "*" = qualquer)
ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("POST", "/api/v1/knowledge/documents", None, "admin", "agents:write"),
    ("GET", "/api/v1/knowledge/documents", None, "user", "agents:read"),
    ("GET", "/api/v1/knowledge/documents/{document_id}", None, "user", "agents:read"),
    ("DELETE", "/api/v1/knowledge/documents/{document_id}", None, "admin", "agents:write"),
    ("GET", "/api/v1/knowledge/search?q=horario", None, "user", "agents:read"),
]
