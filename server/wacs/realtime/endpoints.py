"""WebSocket `/api/v1/realtime`: os eventos do tenant ao vivo, com recuperação pelo cursor (docs/tempo-real.md)."""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

from wacs.realtime.connection import RealtimeConnection
from wacs.realtime.logredact import install_token_redaction

router = APIRouter(tags=["Tempo real"])

# O uvicorn registra a URL do WebSocket (com a query) no log "uvicorn.error"; o token não pode ir junto.
install_token_redaction()


@router.websocket("/api/v1/realtime", name="realtime")
async def realtime(websocket: WebSocket) -> None:
    """Eventos do tenant em tempo real. Autenticação por `clientId` + `token` na query (ou cabeçalhos)."""
    await RealtimeConnection(websocket.app.state.ctx, websocket).run()
