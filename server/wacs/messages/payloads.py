"""O formato de uma mensagem nos eventos (WebSocket e webhooks), igual para entradas e envios."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from wacs.models import Message

QUOTED_TEXT_LENGTH = 200


def quoted_text(content: Mapping[str, Any] | None) -> str | None:
    """O texto (ou a legenda, ou o corpo dos botões/lista) de uma mensagem citada, cortado: o provedor mostra a
    citação, a conversa também."""
    content = content or {}
    text = content.get("text")
    if not isinstance(text, str) or not text:
        media = content.get("media")
        text = media.get("caption") if isinstance(media, dict) else None
    if not isinstance(text, str) or not text:
        interactive = content.get("interactive")
        text = interactive.get("body") if isinstance(interactive, dict) else None
    return text[:QUOTED_TEXT_LENGTH] if isinstance(text, str) and text else None


def message_payload(message: Message | Mapping[str, Any]) -> dict[str, Any]:
    """De uma mensagem do ORM ou de uma linha (dict) da tabela `messages` (o despacho em lote não usa o ORM)."""
    m: Any = message if isinstance(message, Mapping) else _Attributes(message)
    return {
        "messageId": str(m["id"]),
        "providerMessageId": m.get("message_id"),
        "sessionId": str(m["session_id"]) if m.get("session_id") else None,
        "conversationId": str(m["conversation_id"]) if m.get("conversation_id") else None,
        "direction": m.get("direction"),
        "from": m.get("from_number"),
        "to": m.get("to_number"),
        "type": m.get("message_type"),
        "content": m.get("content"),
        "status": m.get("status"),
        "provider": m.get("provider"),
        "error": m.get("error"),
        "timestamp": (m.get("created_at") or datetime.now(UTC)).isoformat(),
    }


class _Attributes:
    """`get` sobre os atributos de uma mensagem do ORM (carrega os que estiverem expirados)."""

    def __init__(self, message: Message) -> None:
        self.message = message

    def __getitem__(self, key: str) -> Any:
        return getattr(self.message, key)

    def get(self, key: str) -> Any:
        return getattr(self.message, key, None)
