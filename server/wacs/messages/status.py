"""Ordem dos status de mensagem: o status nunca anda para trás (um "delivered" atrasado não apaga o "read")."""

from __future__ import annotations

RANK = {"pending": 0, "queued": 0, "sent": 1, "delivered": 2, "read": 3, "played": 3}
FINAL = {"sent", "delivered", "read", "played", "failed", "received"}


def can_transition(current: str | None, new: str) -> bool:
    current = current or "pending"
    if current == new:
        return False
    if current == "failed":
        return False
    if new == "failed":
        # Falha só vale antes da entrega (a Meta pode avisar falha depois de "sent").
        return RANK.get(current, 0) < RANK["delivered"]
    return RANK.get(new, -1) > RANK.get(current, 0)


def predecessors(new: str) -> list[str]:
    """Status dos quais se pode ir para `new` — a condição do UPDATE atômico que impede regressão."""
    candidates = ["pending", "queued", "sent", "delivered", "read", "played"]
    return [status for status in candidates if can_transition(status, new)]
