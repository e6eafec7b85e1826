"""Servidor falso compatível com a OpenAI (chat completions e embeddings), num app Starlette pequeno, para testes.

Fala o formato público de `../shared/spec/PROTOCOLS.md` §3: `POST /chat/completions` (e a variante Azure
`POST /openai/deployments/{deployment}/chat/completions?api-version=…` com o cabeçalho `api-key`) e
`POST /embeddings`. Erros no formato da OpenAI (`{"error": {"message", "type", "code"}}`). Só fala com 127.0.0.1.

Uso nos testes:

    fake = FakeLLMState(api_key="sk-teste")
    fake.reply("Olá! Como posso ajudar?")                      # próxima resposta: texto
    fake.call_tool("simular_financiamento", {"valor": 300000})  # próxima: pedido de ferramenta
    fake.fail_next(429, retry_after=0.1)                        # próximo pedido: erro (antes da fila)
    app = create_app(fake)                                      # servir com uvicorn; fake.requests para conferir

Com a fila vazia, responde com `responder(corpo_do_pedido) -> dict` (uma mensagem do assistente, ou um corpo
completo com `choices`) ou, sem ele, um eco em pt-BR da última mensagem do usuário.
Não importa nada do resto de `wacs`: é um serviço externo de mentira.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import math
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

EMBEDDING_DIMENSIONS = 64
_WORD = re.compile(r"\w+", re.UNICODE)

Responder = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class _Failure:
    status: int
    times: int
    retry_after: float | None
    message: str | None


@dataclass
class FakeLLMState:
    """Estado do servidor falso: roteiro de respostas, falhas injetadas e tudo o que chegou."""

    api_key: str = "sk-teste"
    responder: Responder | None = None
    delay_seconds: float = 0.0
    # Corpo JSON de cada pedido recebido, na ordem (mesmo os recusados); `calls` guarda também caminho, query e
    # cabeçalhos.
    requests: list[dict[str, Any]] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    _queue: deque[dict[str, Any]] = field(default_factory=deque)
    _failures: deque[_Failure] = field(default_factory=deque)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def reply(self, text: str) -> None:
        """A próxima resposta de chat é este texto."""
        self._queue.append({"role": "assistant", "content": text})

    def call_tool(self, name: str, arguments: dict[str, Any] | str, call_id: str | None = None) -> str:
        """A próxima resposta pede a ferramenta `name`; `arguments` em texto vai como está (para JSON inválido).
        Devolve o id do tool_call."""
        call_id = call_id or f"call_{next(self._ids):06d}"
        raw = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
        call = {"id": call_id, "type": "function", "function": {"name": name, "arguments": raw}}
        self._queue.append({"role": "assistant", "content": None, "tool_calls": [call]})
        return call_id

    def fail_next(
        self, status: int, times: int = 1, retry_after: float | None = None, message: str | None = None
    ) -> None:
        """Os próximos `times` pedidos respondem `status` (com `Retry-After`, se dado) antes de consumir a fila."""
        self._failures.append(_Failure(status, times, retry_after, message))

    def _take_failure(self) -> _Failure | None:
        if not self._failures:
            return None
        failure = self._failures[0]
        failure.times -= 1
        if failure.times <= 0:
            self._failures.popleft()
        return failure

    def _next_message(self, body: dict[str, Any]) -> dict[str, Any]:
        if self._queue:
            return self._queue.popleft()
        if self.responder is not None:
            return self.responder(body)
        last = ""
        for message in reversed(body.get("messages") or []):
            if isinstance(message, dict) and message.get("role") == "user":
                last = str(message.get("content") or "")
                break
        return {"role": "assistant", "content": f"Você disse: {last}" if last else "Olá! Como posso ajudar?"}


def _tokens(value: Any) -> int:
    """Contagem aproximada de tokens: palavras do texto serializado."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return len(_WORD.findall(text))


def _error(status: int, message: str, kind: str, code: str | None, retry_after: float | None = None) -> JSONResponse:
    headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else None
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


_DEFAULT_MESSAGES = {
    400: ("Invalid request.", "invalid_request_error", None),
    401: ("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
    403: ("You are not allowed to access this resource.", "invalid_request_error", None),
    404: ("The model does not exist.", "invalid_request_error", "model_not_found"),
    429: ("Rate limit reached for requests.", "requests", "rate_limit_exceeded"),
}


def _failure_response(failure: _Failure) -> JSONResponse:
    message, kind, code = _DEFAULT_MESSAGES.get(
        failure.status, ("The server had an error while processing your request.", "server_error", None)
    )
    return _error(failure.status, failure.message or message, kind, code, failure.retry_after)


def embed(text: str) -> list[float]:
    """Vetor determinístico: saco de palavras (minúsculas) espalhado por hash em 64 dimensões, normalizado."""
    vector = [0.0] * EMBEDDING_DIMENSIONS
    for word in _WORD.findall(text.lower()):
        digest = hashlib.sha256(word.encode()).digest()
        index = int.from_bytes(digest[:4], "big") % EMBEDDING_DIMENSIONS
        vector[index] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(x * x for x in vector))
    return [x / norm for x in vector] if norm else vector


def create_app(state: FakeLLMState | None = None) -> Starlette:
    state = state or FakeLLMState()

    async def _prepare(request: Request, azure: bool) -> tuple[dict[str, Any] | None, JSONResponse | None]:
        if azure:
            key = request.headers.get("api-key")
            if not request.query_params.get("api-version"):
                return None, _error(404, "Resource not found", "invalid_request_error", "404")
        else:
            auth = request.headers.get("authorization", "")
            key = auth[7:] if auth.lower().startswith("bearer ") else None
        try:
            body = await request.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            state.requests.append(body)
            state.calls.append(
                {
                    "path": request.url.path,
                    "query": dict(request.query_params),
                    "headers": dict(request.headers),
                    "body": body,
                }
            )
        if state.delay_seconds:
            await asyncio.sleep(state.delay_seconds)
        if key != state.api_key:
            message = "Incorrect API key provided." if key else "You didn't provide an API key."
            return None, _error(401, message, "invalid_request_error", "invalid_api_key")
        if not isinstance(body, dict):
            return None, _error(400, "We could not parse the JSON body of your request.", "invalid_request_error", None)
        failure = state._take_failure()
        if failure is not None:
            return None, _failure_response(failure)
        return body, None

    async def _chat(request: Request, azure: bool) -> JSONResponse:
        body, problem = await _prepare(request, azure)
        if problem is not None or body is None:
            assert problem is not None
            return problem
        if not isinstance(body.get("messages"), list) or not body["messages"]:
            return _error(400, "'messages' is a required property", "invalid_request_error", None)
        model = request.path_params.get("deployment") or body.get("model") or "fake-model"
        produced = state._next_message(body)
        if "choices" in produced:  # corpo completo vindo do responder
            return JSONResponse(produced)
        message = {"role": "assistant", "content": produced.get("content")}
        if produced.get("tool_calls"):
            message["tool_calls"] = produced["tool_calls"]
        finish = "tool_calls" if produced.get("tool_calls") else "stop"
        prompt = _tokens(body["messages"]) + (_tokens(body["tools"]) if body.get("tools") else 0)
        completion = _tokens(message.get("content") or "") + _tokens(message.get("tool_calls") or "")
        return JSONResponse(
            {
                "id": f"chatcmpl-{next(state._ids):06d}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            }
        )

    async def _embeddings(request: Request, azure: bool) -> JSONResponse:
        body, problem = await _prepare(request, azure)
        if problem is not None or body is None:
            assert problem is not None
            return problem
        raw = body.get("input")
        inputs = [raw] if isinstance(raw, str) else raw
        if not isinstance(inputs, list) or not inputs or not all(isinstance(x, str) for x in inputs):
            return _error(400, "'input' must be a string or a list of strings", "invalid_request_error", None)
        tokens = sum(_tokens(x) for x in inputs)
        return JSONResponse(
            {
                "object": "list",
                "data": [{"object": "embedding", "index": i, "embedding": embed(x)} for i, x in enumerate(inputs)],
                "model": request.path_params.get("deployment") or body.get("model") or "fake-embedding",
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    async def chat(request: Request) -> JSONResponse:
        return await _chat(request, azure=False)

    async def azure_chat(request: Request) -> JSONResponse:
        return await _chat(request, azure=True)

    async def embeddings(request: Request) -> JSONResponse:
        return await _embeddings(request, azure=False)

    async def azure_embeddings(request: Request) -> JSONResponse:
        return await _embeddings(request, azure=True)

    routes = [
        Route("/chat/completions", chat, methods=["POST"]),
        Route("/v1/chat/completions", chat, methods=["POST"]),
        Route("/embeddings", embeddings, methods=["POST"]),
        Route("/v1/embeddings", embeddings, methods=["POST"]),
        Route("/openai/deployments/{deployment}/chat/completions", azure_chat, methods=["POST"]),
        Route("/openai/deployments/{deployment}/embeddings", azure_embeddings, methods=["POST"]),
    ]
    app = Starlette(routes=routes)
    app.state.fake = state
    return app
