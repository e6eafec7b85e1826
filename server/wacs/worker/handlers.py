"""Tipos de job e quem os executa: um mapa montado num só lugar explícito (`wacs.assembly.job_handlers`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from wacs.worker.runner import Batch, DeadHandler, Handler


@dataclass
class JobHandlers:
    handlers: dict[str, Handler] = field(default_factory=dict)
    batches: dict[str, Batch] = field(default_factory=dict)
    on_dead: dict[str, DeadHandler] = field(default_factory=dict)

    def register(self, kind: str, handler: Handler | Batch, on_dead: DeadHandler | None = None) -> None:
        """Um handler por job, ou um `Batch` (o worker entrega vários jobs do tipo de uma vez)."""
        if isinstance(handler, Batch):
            self.batches[kind] = handler
        else:
            self.handlers[kind] = handler
        if on_dead is not None:
            self.on_dead[kind] = on_dead
