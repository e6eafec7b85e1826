"""Painel do tenant."""

from __future__ import annotations

from typing import Any

ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("GET", "/api/v1/dashboard", None, "user", "messages:read"),
]
