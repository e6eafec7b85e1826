"""Rotas de sessões, mensagens, conversas, sandbox e troca de provedor."""

from __future__ import annotations

from typing import Any

TEXT = {"to": "5511999990000", "content": "oi"}

ROUTES: list[tuple[str, str, dict[str, Any] | None, str, str | None]] = [
    ("POST", "/api/v1/tenant/provider-switch", {"provider": "sandbox"}, "admin", "settings:write"),
    (
        "POST",
        "/api/v1/sessions/initialize",
        {"phoneNumber": "5511999990001", "provider": "sandbox"},
        "admin",
        "sessions:write",
    ),
    ("GET", "/api/v1/sessions/status", None, "user", "sessions:read"),
    ("DELETE", "/api/v1/sessions/disconnect?sessionId={session_id}", None, "admin", "sessions:write"),
    ("POST", "/api/v1/sessions/{session_id}/reconnect", None, "admin", "sessions:write"),
    ("GET", "/api/v1/sessions/providers", None, "user", "sessions:read"),
    ("GET", "/api/v1/sessions/{session_id}/templates", None, "user", "sessions:read"),
    ("GET", "/api/v1/sessions", None, "user", "sessions:read"),
    ("POST", "/api/v1/messages/text", TEXT, "user", "messages:send"),
    (
        "POST",
        "/api/v1/messages/location",
        {"to": "5511999990000", "latitude": 1, "longitude": 2},
        "user",
        "messages:send",
    ),
    ("POST", "/api/v1/messages/send", TEXT, "user", "messages:send"),
    (
        "POST",
        "/api/v1/messages/reaction",
        {"to": "5511999990000", "messageId": "00000000-0000-0000-0000-000000000000", "emoji": "👍"},
        "user",
        "messages:send",
    ),
    ("POST", "/api/v1/messages/media", None, "user", "messages:send"),
    ("POST", "/api/v1/messages/audio", None, "user", "messages:send"),
    (
        "POST",
        "/api/v1/messages/send-bulk",
        {"recipients": [{"to": "5511999990000"}], "content": "oi"},
        "user",
        "messages:send",
    ),
    ("GET", "/api/v1/messages/bulk", None, "user", "messages:read"),
    ("GET", "/api/v1/messages/bulk/{bulk_id}", None, "user", "messages:read"),
    ("GET", "/api/v1/messages/{message_id}/status", None, "user", "messages:read"),
    ("GET", "/api/v1/messages", None, "user", "messages:read"),
    ("GET", "/api/v1/conversations", None, "user", "conversations:read"),
    ("GET", "/api/v1/conversations/{conversation_id}", None, "user", "conversations:read"),
    ("GET", "/api/v1/conversations/{conversation_id}/messages", None, "user", "conversations:read"),
    ("POST", "/api/v1/conversations/{conversation_id}/read", None, "user", "conversations:write"),
    (
        "POST",
        "/api/v1/sandbox/sessions/{session_id}/incoming",
        {"from": "5511999990000", "text": "oi"},
        "admin",
        "sessions:write",
    ),
    (
        "POST",
        "/api/v1/sandbox/sessions/{session_id}/status",
        {"messageId": "00000000-0000-0000-0000-000000000000", "status": "read"},
        "admin",
        "sessions:write",
    ),
    (
        "POST",
        "/api/v1/sandbox/sessions/{session_id}/state",
        {"state": "connected"},
        "admin",
        "sessions:write",
    ),
    (
        "POST",
        "/api/v1/sandbox/sessions/{session_id}/failures",
        {"mode": "transient", "count": 1},
        "admin",
        "sessions:write",
    ),
    ("GET", "/api/v1/sandbox/sessions/{session_id}/outbox", None, "user", "sessions:read"),
]
