"""Tira o token de acesso das URLs de WebSocket que o uvicorn escreve no log.

O uvicorn registra `"WebSocket /api/v1/realtime?clientId=...&token=..." [accepted]` no logger `uvicorn.error`
(mesmo com o log de acesso desligado). Navegadores só conseguem mandar o token na query, então ele é mascarado
antes de o registro chegar a qualquer handler.
"""

from __future__ import annotations

import logging

# A mesma máscara de todo log (kit/logging.py), aplicada já no registro: vale também para handlers de fora.
from wacs.kit.logging import redact


class TokenRedactionFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(redact(a) if isinstance(a, str) and "=" in a else a for a in record.args)
        elif isinstance(record.msg, str) and "=" in record.msg:
            record.msg = redact(record.msg)
        return True


_FILTER = TokenRedactionFilter()


def install_token_redaction() -> None:
    """Idempotente: instala o filtro nos loggers do uvicorn que escrevem a URL."""
    for name in ("uvicorn.error", "uvicorn.access"):
        log = logging.getLogger(name)
        if _FILTER not in log.filters:
            log.addFilter(_FILTER)
