"""Tipos de job e quem os executa. Cada domínio registra aqui os seus."""

from __future__ import annotations

from wacs.worker.runner import DeadHandler, Handler

HANDLERS: dict[str, Handler] = {}
DEAD_HANDLERS: dict[str, DeadHandler] = {}


def register(kind: str, handler: Handler, on_dead: DeadHandler | None = None) -> None:
    HANDLERS[kind] = handler
    if on_dead is not None:
        DEAD_HANDLERS[kind] = on_dead


def load_all() -> None:
    """Importa os módulos que registram handlers (import tardio evita ciclos)."""
    import wacs.inbound.service
    import wacs.messages.dispatch
    import wacs.providers.sandbox
    import wacs.webhooks.delivery  # noqa: F401
