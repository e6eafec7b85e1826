"""Supabase Realtime falso: o endpoint REST de broadcast imitado num app ASGI pequeno, para testes e benchmarks.

Fala o formato público do Realtime: `POST /realtime/v1/api/broadcast` com a chave em `apikey` e em
`Authorization: Bearer`, corpo `{"messages": [{"topic", "event", "payload", "private"?}, ...]}` e `202 Accepted`
sem corpo. Chave errada ou ausente → 401 (`{"message": "Invalid API key"}`, como o gateway do Supabase); corpo fora do
formato → 422 com `errors`; corpo grande demais → 413. Guarda as mensagens aceitas por tópico, na ordem.

Para simular problemas: `latency_ms` (cada resposta espera isso), `down("503")` (responde 503 até `up()`),
`fail_next(status, times)` e, com o servidor de `FakeRealtimeServer`, `down("refused")` — a porta fecha e as
conexões são recusadas até `up()`, que volta a escutar na mesma porta.

Uso nos testes:

    state = FakeRealtimeState(service_key="chave-de-servico", latency_ms=50)
    async with FakeRealtimeServer(state) as fake:          # http://127.0.0.1:<porta>
        ... SUPABASE_URL=fake.url ...
        await fake.down("refused"); ...; await fake.up()
        state.topics["tenant:acme"]                        # mensagens aceitas, em ordem

Linha de comando: `python -m wacs.fakes.supabase_realtime --port 54321 --service-key ... --latency-ms 50`
(`GET /_fake/stats` devolve as contagens). Não importa nada do resto de `wacs`: é um serviço externo de mentira.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

BROADCAST_PATH = "/realtime/v1/api/broadcast"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


@dataclass
class BroadcastRequest:
    """Um POST recebido (aceito ou não): quantas mensagens, o status devolvido e quando."""

    messages: int
    status: int
    at: float


@dataclass
class FakeRealtimeState:
    """Tudo o que o Realtime falso sabe e registrou; os testes mexem e conferem direto aqui."""

    service_key: str = "chave-de-servico-falsa"
    latency_ms: float = 0.0
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    # Mensagens aceitas por tópico, na ordem de chegada (cada uma como veio: topic, event, payload, private).
    topics: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    requests: list[BroadcastRequest] = field(default_factory=list)
    unavailable: bool = False
    _failures: list[list[int]] = field(default_factory=list)  # [status, vezes]

    def fail_next(self, status: int, times: int = 1) -> None:
        """Os próximos `times` POSTs respondem `status` (antes de validar)."""
        self._failures.append([status, times])

    @property
    def accepted(self) -> int:
        return sum(len(messages) for messages in self.topics.values())

    @property
    def posts(self) -> int:
        return len(self.requests)

    def _take_failure(self) -> int | None:
        if not self._failures:
            return None
        failure = self._failures[0]
        failure[1] -= 1
        if failure[1] <= 0:
            self._failures.pop(0)
        return failure[0]


def _state(request: Request) -> FakeRealtimeState:
    state: FakeRealtimeState = request.app.state.fake
    return state


def _invalid(errors: dict[str, Any]) -> JSONResponse:
    return JSONResponse({"errors": errors}, status_code=422)


def _validate(body: Any) -> tuple[list[dict[str, Any]] | None, JSONResponse | None]:
    if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
        return None, _invalid({"messages": ["can't be blank"]})
    messages: list[dict[str, Any]] = []
    for index, message in enumerate(body["messages"]):
        if not isinstance(message, dict):
            return None, _invalid({"messages": [{"index": index, "message": ["is invalid"]}]})
        problems: dict[str, list[str]] = {}
        for key in ("topic", "event"):
            if not isinstance(message.get(key), str) or not message[key]:
                problems[key] = ["can't be blank"]
        if not isinstance(message.get("payload"), dict):
            problems["payload"] = ["is invalid"]
        if "private" in message and not isinstance(message["private"], bool):
            problems["private"] = ["is invalid"]
        if problems:
            return None, _invalid({"messages": [{"index": index, **problems}]})
        messages.append(message)
    return messages, None


async def broadcast(request: Request) -> Response:
    state = _state(request)
    if state.latency_ms:
        await asyncio.sleep(state.latency_ms / 1000)

    def answer(response: Response, count: int = 0) -> Response:
        state.requests.append(BroadcastRequest(count, response.status_code, time.monotonic()))
        return response

    if state.unavailable:
        return answer(JSONResponse({"message": "Service Unavailable"}, status_code=503))
    failure = state._take_failure()
    if failure is not None:
        return answer(JSONResponse({"message": "falha injetada"}, status_code=failure))
    key = request.headers.get("apikey")
    authorization = request.headers.get("authorization", "")
    if key != state.service_key:
        return answer(JSONResponse({"message": "Invalid API key"}, status_code=401))
    if authorization != f"Bearer {state.service_key}":
        return answer(JSONResponse({"message": "Invalid JWT"}, status_code=401))
    raw = await request.body()
    if len(raw) > state.max_body_bytes:
        return answer(JSONResponse({"message": "Payload too large"}, status_code=413))
    try:
        body = json.loads(raw)
    except ValueError:
        return answer(JSONResponse({"message": "Invalid JSON"}, status_code=400))
    messages, error = _validate(body)
    if error is not None or messages is None:
        return answer(error or _invalid({}))
    for message in messages:
        state.topics[message["topic"]].append(message)
    return answer(Response(status_code=202), len(messages))


async def stats(request: Request) -> Response:
    """Só do falso: contagens (POSTs, mensagens aceitas por tópico)."""
    state = _state(request)
    return JSONResponse(
        {
            "posts": state.posts,
            "accepted": state.accepted,
            "topics": {name: len(messages) for name, messages in state.topics.items()},
            "failedPosts": sum(1 for r in state.requests if r.status >= 300),
        }
    )


async def control_down(request: Request) -> Response:
    _state(request).unavailable = True
    return JSONResponse({"unavailable": True})


async def control_up(request: Request) -> Response:
    _state(request).unavailable = False
    return JSONResponse({"unavailable": False})


def create_app(state: FakeRealtimeState | None = None) -> Starlette:
    """O app ASGI do Realtime falso; o estado fica em `app.state.fake`."""
    app = Starlette(
        routes=[
            Route(BROADCAST_PATH, broadcast, methods=["POST"]),
            Route("/_fake/stats", stats, methods=["GET"]),
            Route("/_fake/down", control_down, methods=["POST"]),
            Route("/_fake/up", control_up, methods=["POST"]),
        ]
    )
    app.state.fake = state if state is not None else FakeRealtimeState()
    return app


def create_app_from_env() -> Starlette:
    """Fábrica para `uvicorn --factory` (benchmarks): chave em FAKE_SUPABASE_SERVICE_KEY, atraso em
    FAKE_SUPABASE_LATENCY_MS."""
    return create_app(
        FakeRealtimeState(
            service_key=os.environ.get("FAKE_SUPABASE_SERVICE_KEY", "chave-de-servico-falsa"),
            latency_ms=float(os.environ.get("FAKE_SUPABASE_LATENCY_MS", "0")),
        )
    )


class _QuietServer(uvicorn.Server):
    """Sem os sinais do processo: quem roda os testes continua dono do Ctrl+C."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class FakeRealtimeServer:
    """Serve o Realtime falso num uvicorn em processo, em 127.0.0.1 (porta livre, ou a dada); `down("refused")` fecha
    a porta de verdade (conexão recusada) e `up()` volta a escutar nela."""

    def __init__(self, state: FakeRealtimeState | None = None, port: int = 0) -> None:
        self.state = state if state is not None else FakeRealtimeState()
        self.app = create_app(self.state)
        self.port = port
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __aenter__(self) -> FakeRealtimeServer:
        await self._start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._stop()

    async def down(self, mode: Literal["503", "refused"] = "503") -> None:
        if mode == "503":
            self.state.unavailable = True
        else:
            await self._stop()

    async def up(self) -> None:
        self.state.unavailable = False
        if self._task is None:
            await self._start()

    async def _start(self) -> None:
        # Protocolo explícito: o asyncio liga TCP_NODELAY nas conexões aceitas (sem a espera do ACK atrasado).
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, lifespan="off", log_config=None, access_log=False)
        server = _QuietServer(config)
        self._server = server
        self._task = asyncio.create_task(self._serve(server, sock))
        async with asyncio.timeout(10):
            while not server.started:
                if self._task.done():
                    await self._task
                await asyncio.sleep(0.01)

    @staticmethod
    async def _serve(server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            await server.serve(sockets=[sock])
        finally:
            sock.close()

    async def _stop(self) -> None:
        if self._task is None or self._server is None:
            return
        self._server.should_exit = True
        self._server.force_exit = True  # conexões keep-alive abertas não seguram a parada
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._task, 10)
        self._task = None
        self._server = None


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m wacs.fakes.supabase_realtime",
        description="Supabase Realtime falso: o endpoint de broadcast local, para testar sem projeto no Supabase.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="endereço de escuta (padrão 127.0.0.1)")
    parser.add_argument("--port", type=int, default=54321, help="porta (padrão 54321)")
    parser.add_argument("--service-key", default="chave-de-servico-falsa", help="a chave de serviço aceita")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="atraso de cada resposta, em ms")
    args = parser.parse_args(argv)
    state = FakeRealtimeState(service_key=args.service_key, latency_ms=args.latency_ms)
    base = f"http://{args.host}:{args.port}"
    print("Supabase Realtime falso em", base)
    print(f"  SUPABASE_URL={base} SUPABASE_SERVICE_KEY={args.service_key} SUPABASE_ALLOW_PRIVATE_URL=true")
    print(f"  contagens: curl -s {base}/_fake/stats; fora do ar: curl -X POST {base}/_fake/down (volta: /_fake/up)")
    uvicorn.run(create_app(state), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
