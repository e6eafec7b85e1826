"""Gerador de carga barato: um processo com N conexões HTTP/1.1 keep-alive em laço fechado (asyncio + uvloop).

Não é importado pelo serviço. É iniciado como subprocesso pelos benchmarks (vários processos dividem as conexões,
para que o cliente, em Python, não seja o gargalo de um único núcleo) e conversa por linhas JSON:

1. lê do stdin a tarefa: `{"host", "port", "method", "path", "headers", "body", "seq_start", "connections",
   "duration", "timeout", "accept"}` (só 127.0.0.1; `{seq}` no corpo vira um número sequencial por requisição);
2. abre as conexões e escreve `{"ready": true}` no stdout;
3. lê `{"start_at": <time.time()>}`, espera até esse instante e dispara: cada conexão só envia a próxima
   requisição depois de ler a resposta inteira, até `duration` segundos;
4. escreve o resultado: contagem por status, erros de transporte, latências (ms), o instante do fim e a CPU
   gasta pelo próprio cliente.

O cliente HTTP é mínimo de propósito (uma requisição pronta em bytes, leitura de `Content-Length` ou `chunked`):
custa uma fração do httpx por requisição, o que importa quando cliente e servidores dividem 2 núcleos.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from typing import Any, cast

LOOPBACK = "127.0.0.1"
MAX_RECONNECTS = 1000  # por processo: acima disso a medição é abandonada (o servidor está recusando conexões)


SEQ_MARK = "{seq}"
SEQ_DIGITS = 8


class RequestFactory:
    """Requisição pronta em bytes; com `{seq}` no corpo, cada requisição leva um número sequencial de 8 dígitos
    (ex.: destinatários diferentes), a partir de `seq_start`, sem mudar o tamanho do corpo."""

    def __init__(self, job: dict[str, Any]) -> None:
        body = job.get("body", "")
        size = len(body.replace(SEQ_MARK, "0" * SEQ_DIGITS).encode()) if SEQ_MARK in body else len(body.encode())
        lines = [f"{job['method']} {job['path']} HTTP/1.1", f"Host: {job['host']}:{job['port']}"]
        lines += [f"{name}: {value}" for name, value in job.get("headers", {}).items()]
        if body or job["method"] in {"POST", "PUT", "PATCH"}:
            lines.append(f"Content-Length: {size}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode()
        before, mark, after = body.partition(SEQ_MARK)
        self.fixed = None if mark else head + body.encode()
        self.prefix = head + before.encode()
        self.suffix = after.encode()
        self.seq = int(job.get("seq_start", 0))

    def next(self) -> bytes:
        if self.fixed is not None:
            return self.fixed
        self.seq = (self.seq + 1) % 10**SEQ_DIGITS
        return self.prefix + str(self.seq).zfill(SEQ_DIGITS).encode() + self.suffix


def parse_response(buf: bytearray) -> tuple[int, int] | None:
    """(status, bytes consumidos) de uma resposta completa no início de `buf`, ou None se ainda falta chegar."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return None
    head = bytes(buf[:end]).lower()
    status = int(head[9:12])
    start = end + 4
    marker = head.find(b"\r\ncontent-length:")
    if marker >= 0:
        line_end = head.find(b"\r\n", marker + 2)
        length = int(head[marker + 17 : line_end if line_end >= 0 else len(head)].strip())
        return (status, start + length) if len(buf) >= start + length else None
    if b"\r\ntransfer-encoding: chunked" in head:
        position = start
        while True:
            size_end = buf.find(b"\r\n", position)
            if size_end < 0:
                return None
            size = int(bytes(buf[position:size_end]).split(b";", 1)[0], 16)
            position = size_end + 2 + size + 2
            if len(buf) < position:
                return None
            if size == 0:
                return status, position
    if status in (204, 304) or 100 <= status < 200:
        return status, start
    raise ValueError("resposta sem Content-Length nem chunked")


class Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[int] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # o do uvloop não herda de asyncio.Transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        waiter = self.waiter
        if waiter is None or waiter.done():
            return
        try:
            parsed = parse_response(self.buffer)
        except ValueError as exc:
            waiter.set_exception(ConnectionError(str(exc)))
            return
        if parsed is not None:
            status, consumed = parsed
            del self.buffer[:consumed]
            waiter.set_result(status)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("conexão encerrada pelo servidor"))

    def request(self, payload: bytes) -> asyncio.Future[int]:
        if self.transport is None or self.closed:
            raise ConnectionError("conexão fechada")
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(payload)
        return self.waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def open_connection(host: str, port: int) -> Connection:
    loop = asyncio.get_running_loop()
    _, protocol = await asyncio.wait_for(loop.create_connection(Connection, host, port), 10)
    return protocol


async def read_line(reader: asyncio.StreamReader, wait_seconds: float) -> dict[str, Any]:
    line = await asyncio.wait_for(reader.readline(), wait_seconds)
    if not line:
        raise SystemExit("stdin fechado antes da ordem de início")
    data: dict[str, Any] = json.loads(line)
    return data


def emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


async def main() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    job = await read_line(reader, 30)
    host, port = job["host"], int(job["port"])
    if host != LOOPBACK:
        raise SystemExit(f"alvo fora de 127.0.0.1 recusado: {host}")
    duration = float(job["duration"])
    timeout = float(job.get("timeout", 10))
    accept = {int(code) for code in job.get("accept", [200])}
    requests = RequestFactory(job)
    connections = [await open_connection(host, port) for _ in range(int(job["connections"]))]
    emit({"ready": True})

    start_at = float((await read_line(reader, 60))["start_at"])
    await asyncio.sleep(max(0.0, start_at - time.time()))
    cpu_started = time.process_time()
    started = time.perf_counter()
    deadline = started + duration
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    errors = 0
    reconnects = 0

    async def worker(index: int) -> None:
        nonlocal errors, reconnects
        conn = connections[index]
        while True:
            sent = time.perf_counter()
            if sent >= deadline:
                return
            try:
                if conn.closed:
                    reconnects += 1
                    if reconnects > MAX_RECONNECTS:
                        return
                    conn = connections[index] = await open_connection(host, port)
                status = await asyncio.wait_for(conn.request(requests.next()), timeout)
            except (OSError, TimeoutError, ConnectionError):
                errors += 1
                conn.close()
                conn.closed = True
                continue
            latencies.append((time.perf_counter() - sent) * 1000)
            statuses[status] += 1

    await asyncio.wait_for(asyncio.gather(*(worker(i) for i in range(len(connections)))), duration + timeout + 5)
    ended = time.time()
    cpu = time.process_time() - cpu_started
    for conn in connections:
        conn.close()
    emit(
        {
            "statuses": {str(code): n for code, n in statuses.items()},
            "accepted": sum(n for code, n in statuses.items() if code in accept),
            "errors": errors,
            "latencies_ms": [round(x, 3) for x in latencies],
            "ended_at": ended,
            "client_cpu_seconds": cpu,
        }
    )


if __name__ == "__main__":
    try:
        import uvloop
    except ImportError:
        asyncio.run(main())
    else:
        uvloop.run(main())
