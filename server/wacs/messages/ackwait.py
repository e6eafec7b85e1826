"""Estado do processo para a espera pelo aceite do provedor na resposta de um envio."""

from __future__ import annotations

from dataclasses import dataclass

from wacs.kit.context import AppContext

_KEY = "messages.ack_wait"


@dataclass
class AckWait:
    # Quantas requisições de envio estão esperando o aceite do provedor neste processo.
    waiters: int = 0
    # Até quando não vale esperar o aceite (um envio esperou e o tempo acabou: a fila está atrasada).
    backoff_until: float = 0.0


def ack_wait(ctx: AppContext) -> AckWait:
    """O estado guardado no contexto (`extensions`): um por `AppContext`, criado no primeiro envio."""
    state: AckWait | None = ctx.extensions.get(_KEY)
    if state is None:
        state = ctx.extensions[_KEY] = AckWait()
    return state
