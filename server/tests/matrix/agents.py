"""Rotas dos agentes de IA."""

from __future__ import annotations

from typing import Any

CONVERSATION = {"conversationId": "00000000-0000-4000-8000-000000000001"}

ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("POST", "/api/v1/agents/create", {"name": "Agente", "template": "customer_support"}, "admin", "agents:write"),
    ("GET", "/api/v1/agents/list", None, "user", "agents:read"),
    ("GET", "/api/v1/agents/templates", None, "user", "agents:read"),
    ("GET", "/api/v1/agents/metrics", None, "user", "agents:read"),
    ("GET", "/api/v1/agents/{agent_id}", None, "user", "agents:read"),
    ("PUT", "/api/v1/agents/{agent_id}/configure", {"name": "Outro"}, "admin", "agents:write"),
    ("DELETE", "/api/v1/agents/{agent_id}", None, "admin", "agents:write"),
    ("POST", "/api/v1/agents/{agent_id}/assign-conversation", CONVERSATION, "user", "conversations:write"),
    ("POST", "/api/v1/agents/{agent_id}/unassign-conversation", CONVERSATION, "user", "conversations:write"),
    ("POST", "/api/v1/agents/{agent_id}/pause-conversation", CONVERSATION, "user", "conversations:write"),
    ("POST", "/api/v1/agents/{agent_id}/resume-conversation", CONVERSATION, "user", "conversations:write"),
    ("POST", "/api/v1/agents/{agent_id}/test", {"message": "oi"}, "user", "agents:read"),
]
