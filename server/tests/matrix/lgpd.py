"""Rotas LGPD por contato (exportar e apagar os dados de um número). O `{phone}` vira um UUID na matriz: a
autenticação e o papel vêm antes da validação do número."""

from __future__ import annotations

from typing import Any

# (método, caminho, corpo, papel mínimo para usuários, escopo para chaves de API: None = só usuários, "*" = qualquer)
ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("GET", "/api/v1/contacts/{phone}/export", None, "admin", "contacts:export"),
    ("DELETE", "/api/v1/contacts/{phone}", None, "admin", "contacts:erase"),
]
