"""Regra única de entrada de texto: nenhum texto recebido pela API contém NUL nem Unicode inválido.

O PostgreSQL recusa `\\u0000` em `text` e `jsonb`, e nenhum banco grava surrogates soltos (`\\ud800`): sem esta regra,
esses caracteres chegariam ao banco e virariam 500. A verificação é feita uma vez, na borda, para TODA rota:
- `InputGuardMiddleware`: caminho, query string e corpos JSON ou `x-www-form-urlencoded`;
- `InputSchema` (kit/schemas.py) repete a regra para valores montados a partir de formulários multipart.
A recusa é um 422 `validacao` com o campo e o tipo `texto_invalido`, como os demais erros de validação.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_plus

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wacs.kit.errors import PayloadTooLarge
from wacs.kit.logging import request_id_var
from wacs.kit.text import INVALID_TEXT_MESSAGE, INVALID_TEXT_TYPE, find_invalid_text, is_invalid_text, printable

# Só vale examinar o corpo JSON quando há um escape que pode produzir NUL ou surrogate; NUL e controles crus já
# tornam o JSON inválido (o parser recusa).
_SUSPECT_JSON = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_JSON_TYPES = ("application/json",)
_FORM_TYPE = "application/x-www-form-urlencoded"


def _field(path: tuple[str | int, ...]) -> str:
    return ".".join(printable(str(part)) for part in path)


def _problem(location: str, field: str, request_path: str) -> bytes:
    body: dict[str, Any] = {
        "type": "https://wacs.dev/problemas/validacao",
        "title": "Dados inválidos",
        "status": 422,
        "detail": "Um ou mais campos são inválidos.",
        "code": "validacao",
        "instance": request_path,
    }
    request_id = request_id_var.get()
    if request_id:
        body["requestId"] = request_id
    body["errors"] = [
        {"field": field or location, "location": location, "message": INVALID_TEXT_MESSAGE, "type": INVALID_TEXT_TYPE}
    ]
    return orjson.dumps(body)


def _form_field_with_nul(raw: bytes) -> str | None:
    """Nome do campo de uma query string ou corpo urlencoded que tem NUL depois de decodificar os %XX (vazio se o
    nome não sobra); None se não há."""
    if b"%00" not in raw and b"\x00" not in raw:
        return None
    for pair in raw.decode("latin-1").split("&"):
        name, _, value = pair.partition("=")
        if "\x00" in unquote_plus(name) or "\x00" in unquote_plus(value):
            return unquote_plus(name).replace("\x00", "")
    return None


def _check_body(content_type: str, body: bytes) -> tuple[str, ...] | None:
    """Caminho do campo com texto inválido num corpo JSON ou urlencoded; None se está tudo certo (ou não é JSON)."""
    if content_type == _FORM_TYPE:
        name = _form_field_with_nul(body)
        return None if name is None else (name,)
    if not _SUSPECT_JSON.search(body):
        return None
    try:
        # O parser da biblioteca padrão, como o do FastAPI: aceita surrogates soltos, que é o que se quer achar.
        parsed = json.loads(body)
    except ValueError:
        return None  # JSON malformado: o próprio FastAPI responde 422 json_invalid
    found = find_invalid_text(parsed)
    return None if found is None else tuple(str(p) for p in found)


def _checked_type(scope: Scope) -> str | None:
    """O tipo de corpo que esta regra examina: JSON ou urlencoded (sem Content-Type, o FastAPI não lê o corpo como
    JSON). Multipart fica com o `InputSchema`: arquivos podem conter qualquer byte."""
    if scope["method"] in {"GET", "HEAD", "OPTIONS", "DELETE"}:
        return None
    raw = dict(scope.get("headers") or []).get(b"content-type")
    if raw is None:
        return None
    main = raw.decode("latin-1").split(";", 1)[0].strip().lower()
    if main in _JSON_TYPES or main.endswith("+json"):
        return "application/json"
    if main == _FORM_TYPE:
        return _FORM_TYPE
    return None


class InputGuardMiddleware:
    """`raw_body_paths`: rotas cujo corpo não é examinado (callbacks de provedores: a assinatura vale sobre os bytes
    exatos, e a mensagem de um cliente com um caractere estranho é limpa e guardada, não recusada)."""

    def __init__(self, app: ASGIApp, raw_body_paths: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.raw_body_paths = raw_body_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if is_invalid_text(path):
            await self._reject(scope, receive, send, "path", "path")
            return
        name = _form_field_with_nul(scope.get("query_string", b""))
        if name is not None:
            await self._reject(scope, receive, send, "query", name)
            return
        content_type = _checked_type(scope) if scope["type"] == "http" else None
        if content_type is None or path in self.raw_body_paths:
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        more = True
        while more:
            try:
                message = await receive()
            except PayloadTooLarge:
                # O middleware de contexto (por fora) troca esta resposta pelo 413 com o limite.
                await self._send(scope, send, "body", "body", status=413)
                return
            if message["type"] != "http.request":
                # O cliente desistiu no meio: a aplicação vê o mesmo desligamento.
                await self.app(scope, _replay([message], receive), send)
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)
        found = _check_body(content_type, body)
        if found is not None:
            await self._send(scope, send, "body", _field(found))
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, location: str, field: str) -> None:
        if scope["type"] == "websocket":
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 4400, "reason": INVALID_TEXT_MESSAGE})
            return
        await self._send(scope, send, location, field)

    async def _send(self, scope: Scope, send: Send, location: str, field: str, status: int = 422) -> None:
        body = _problem(location, field, printable(scope["path"]))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay
