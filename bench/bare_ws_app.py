"""Aplicação FastAPI mínima de referência do `inbound_ws_latency.py`: WebSocket sem banco, sem fila, sem autenticação.

* `/ws-echo` (WebSocket): devolve cada quadro de texto recebido, como está;
* `/ws-push` (WebSocket) + `POST /push` `{"text": "..."}`: o POST valida o corpo com Pydantic e manda, a todas as
  conexões abertas em `/ws-push`, um quadro no formato do evento do wacs
  (`{"type": "message.created", "data": {"content": {"text": ...}}}`); responde 202.

Iniciada como processo uvicorn separado: `python -m uvicorn bare_ws_app:app --app-dir bench`.
"""

from __future__ import annotations

import json

from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from pydantic import BaseModel, Field

app = FastAPI(title="bench-bare-ws", docs_url=None, redoc_url=None, openapi_url=None)
listeners: set[WebSocket] = set()


class Push(BaseModel):
    text: str = Field(min_length=1, max_length=4096)


@app.get("/health")
async def health() -> dict[str, bool]:
    return {"ok": True}


@app.websocket("/ws-echo")
async def ws_echo(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        while True:
            await websocket.send_text(await websocket.receive_text())
    except WebSocketDisconnect:
        pass


@app.websocket("/ws-push")
async def ws_push(websocket: WebSocket) -> None:
    await websocket.accept()
    listeners.add(websocket)
    try:
        while True:
            await websocket.receive_text()
    except WebSocketDisconnect:
        pass
    finally:
        listeners.discard(websocket)


@app.post("/push", status_code=202)
async def push(body: Push) -> dict[str, int]:
    frame = json.dumps({"type": "message.created", "data": {"content": {"text": body.text}}}, ensure_ascii=False)
    for websocket in list(listeners):
        await websocket.send_text(frame)
    return {"listeners": len(listeners)}
