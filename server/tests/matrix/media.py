"""Rotas de mídia. O envio é multipart: corpo None (a autenticação vem antes da leitura do corpo)."""

from __future__ import annotations

from typing import Any

# (método, caminho, corpo, papel mínimo para usuários, escopo para chaves de API: None = só usuários, "*" = qualquer)
ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("POST", "/api/v1/media", None, "user", "messages:send"),
    ("GET", "/api/v1/media/{media_id}", None, "user", "messages:read"),
    ("GET", "/api/v1/media/{media_id}/content", None, "user", "messages:read"),
]
