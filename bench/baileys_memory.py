"""Benchmark: memória do serviço Baileys por sessão (modo simulado) e vazão dos callbacks dele para a API.

Mede, na MESMA execução:

1. **Memória residente** (RSS, de /proc) do processo `node baileys/dist/src/main.js` com 0, 10 e 100 sessões
   conectadas no modo simulado (`BAILEYS_FAKE=true`, QR "lido" na hora) e o custo por sessão
   ((RSS com 100 − RSS com 0) ÷ 100). Referência publicada para comparar: o WAHA documenta ~200 MB para uma sessão
   NOWEB e ~80 MB por sessão com 100. O que o modo simulado NÃO mostra: numa sessão real, o Baileys guarda chaves
   de sinal, cache de mensagens para reenvio e o histórico que o WhatsApp sincroniza — o custo real por sessão é
   maior que o daqui.
2. **Callbacks por segundo**: `--messages` textos mandados pela rota `POST /sessions/{id}/messages` (em 10 sessões);
   o "contato" simulado responde cada um e o "telefone" avisa entregue e lido, então cada texto gera 3 eventos para a
   API. Um receptor HTTP mínimo neste processo (em 127.0.0.1) confere a assinatura e responde 202 como a API. Ele
   fica "fora do ar" (503) enquanto os eventos se acumulam na fila em disco do serviço; depois volta, e mede-se a
   espera até a primeira entrega (a repetição com espera exponencial de cada sessão) e a vazão com que a fila
   esvazia (eventos/s; as sessões voltam cada uma no fim da sua espera, então com poucos eventos a vazão mede mais
   essas esperas que a entrega — o padrão de 2.000 textos, 6.000 eventos, dilui isso). Razões: contra os envios
   aceitos por segundo na mesma execução e contra 1.200 eventos/s (a meta de despacho do núcleo, 400 mensagens/s,
   × 3 eventos por mensagem).

Uso: `.venv/bin/python bench/baileys_memory.py [--messages 2000]` (compila o serviço antes com `npm run build`, se
`baileys/dist` não existir).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import orjson
from _common import LOOPBACK, ROOT, BenchError, RawHttp, Server, free_port, machine_line, run, wait_ready

BAILEYS_DIR = ROOT / "baileys"
MAIN_JS = BAILEYS_DIR / "dist" / "src" / "main.js"
TOKEN = secrets.token_urlsafe(32)
SECRET = secrets.token_urlsafe(32)
CORE_EVENTS_PER_SECOND = 1200
WAHA_ONE_MB = 200
WAHA_PER_SESSION_MB = 80


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise BenchError("VmRSS não encontrado em /proc (só Linux)")


class Receiver:
    """Recebe os callbacks como a API: confere a assinatura "wacs" e responde 202; conta os eventos."""

    def __init__(self) -> None:
        self.down = False  # responde 503 (a API fora do ar): os eventos se acumulam na fila em disco do serviço
        self.events = 0
        self.target = 0  # quando `events` chega aqui, `reached` é acionado
        self.reached = asyncio.Event()
        self.bad_signatures = 0
        self.last_at = 0.0
        self.first_at = 0.0  # primeiro evento aceito desde que foi zerado
        self.port = free_port()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                headers = {}
                for line in head.decode("latin-1").split("\r\n")[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                if self.down:
                    writer.write(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n")
                    await writer.drain()
                    continue
                timestamp = headers.get("x-wacs-timestamp", "")
                expected = hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
                if headers.get("x-wacs-signature") != f"sha256={expected}":
                    self.bad_signatures += 1
                count = len(orjson.loads(body)["events"])
                self.events += count
                self.last_at = time.perf_counter()
                if not self.first_at:
                    self.first_at = self.last_at
                if self.target and self.events >= self.target:
                    self.reached.set()
                answer = orjson.dumps({"accepted": count, "duplicates": 0, "ignored": 0})
                writer.write(
                    b"HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
                    % (len(answer), answer)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()


def queue_depth(metrics: str) -> float:
    for line in metrics.splitlines():
        if line.startswith("baileys_callback_queue") and not line.startswith("#"):
            return float(line.split()[-1])
    return float("nan")


def start_service(receiver: Receiver, data_dir: Path) -> Server:
    """O serviço em modo simulado numa porta livre, chamando o receptor; pronto quando `/health` responde."""
    port = free_port()
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "BAILEYS_FAKE": "true",
        "BAILEYS_FAKE_SCAN_SECONDS": "0",
        "BAILEYS_PORT": str(port),
        "BAILEYS_DATA_DIR": str(data_dir),
        "BAILEYS_TOKEN": TOKEN,
        "BAILEYS_CALLBACK_URL": f"http://{LOOPBACK}:{receiver.port}",
        "BAILEYS_CALLBACK_SECRET": SECRET,
        # Sem o ritmo anti-banimento (1–2 s entre envios da sessão): aqui se mede o caminho do software.
        "BAILEYS_SEND_INTERVAL_MS": "0",
        "BAILEYS_SEND_JITTER_MS": "0",
        "LOG_LEVEL": "warn",
    }
    log_path = data_dir / "service.log"
    log = log_path.open("wb")
    process = subprocess.Popen(["node", str(MAIN_JS)], cwd=data_dir, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server("baileys", process, f"http://{LOOPBACK}:{port}", log_path, log)
    try:
        wait_ready(server, "/health")
    except BaseException:
        server.stop()
        raise
    return server


def build() -> None:
    if MAIN_JS.exists():
        return
    print("compilando o serviço Baileys (npm run build)…", flush=True)
    if not (BAILEYS_DIR / "node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BAILEYS_DIR, check=True)
    subprocess.run(["npm", "run", "build", "--silent"], cwd=BAILEYS_DIR, check=True)


async def settle(pid: int) -> float:
    """RSS depois de a memória assentar (duas leituras iguais em ±1 MB com 0,5 s de intervalo)."""
    previous = rss_mb(pid)
    for _ in range(20):
        await asyncio.sleep(0.5)
        current = rss_mb(pid)
        if abs(current - previous) < 1:
            return current
        previous = current
    return previous


async def start_sessions(client: httpx.AsyncClient, ids: list[str]) -> None:
    for index, session_id in enumerate(ids):
        response = await client.post(f"/sessions/{session_id}/start", json={"phoneNumber": f"55119{index:08d}"})
        if response.status_code != 200:
            raise BenchError(f"start da sessão devolveu {response.status_code}: {response.text[:200]}")
    deadline = time.monotonic() + 60
    pending = set(ids)
    while pending:
        if time.monotonic() > deadline:
            raise BenchError(f"{len(pending)} sessões não conectaram em 60 s")
        for session_id in list(pending):
            if (await client.get(f"/sessions/{session_id}")).json().get("state") == "connected":
                pending.discard(session_id)
        await asyncio.sleep(0.1)


async def benchmark(service: Server, receiver: Receiver, messages: int) -> int:
    listening = await asyncio.start_server(receiver.handle, LOOPBACK, receiver.port)
    process = service.process
    try:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with httpx.AsyncClient(base_url=service.base_url, headers=headers, timeout=30, trust_env=False) as client:
            rss: dict[int, float] = {0: await settle(process.pid)}
            ids = [str(uuid.uuid4()) for _ in range(100)]
            await start_sessions(client, ids[:10])
            rss[10] = await settle(process.pid)
            await start_sessions(client, ids[10:])
            rss[100] = await settle(process.pid)
            per_session = (rss[100] - rss[0]) / 100
            print(f"  memória: 0 sessões {rss[0]:.0f} MB, 10 sessões {rss[10]:.0f} MB, 100 sessões {rss[100]:.0f} MB")
            print(f"  de 10 para 100 sessões: {(rss[100] - rss[10]) / 90:.2f} MB por sessão")
            print(
                f"  por sessão: {per_session:.2f} MB (WAHA documenta ~{WAHA_PER_SESSION_MB} MB por sessão com 100:"
                f" razão {per_session / WAHA_PER_SESSION_MB:.3f}×; uma sessão: {rss[0] + per_session:.0f} MB contra"
                f" ~{WAHA_ONE_MB} MB)"
            )
            await asyncio.sleep(1)
            receiver.down = True
            before = receiver.events
            http = RawHttp(service, 32)
            auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
            queue = list(range(messages))
            started = time.perf_counter()

            async def sender() -> None:
                while queue:
                    n = queue.pop()
                    body = orjson.dumps(
                        {"messageId": str(uuid.uuid4()), "to": f"5511977{n:06d}", "type": "text", "text": f"m{n}"}
                    )
                    status = await http.post(f"/sessions/{ids[n % 10]}/messages", body, auth)
                    if status != 200:
                        raise BenchError(f"envio devolveu {status}")

            await asyncio.gather(*(sender() for _ in range(32)))
            accepted_at = time.perf_counter()
            http.close()
            # Os recibos e as respostas do simulador saem em até 3 s; depois disso a fila em disco tem tudo.
            await asyncio.sleep(4)
            queued = queue_depth((await client.get("/metrics")).text)
            receiver.first_at = 0.0
            receiver.down = False
            reopened = time.perf_counter()
            receiver.target = before + 3 * messages
            if receiver.events < receiver.target:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(receiver.reached.wait(), 120)
            delivered = receiver.events - before
            waited = receiver.first_at - reopened  # a espera de repetição (backoff) de cada sessão depois da queda
            seconds = receiver.last_at - receiver.first_at
            send_rate = messages / (accepted_at - started)
            event_rate = delivered / seconds
            print(
                f"  envios: {messages} aceitos em {accepted_at - started:.2f} s ({send_rate:.0f}/s);"
                f" fila em disco com a API fora do ar: {queued:.0f} eventos"
            )
            print(
                f"  callbacks com a API de volta: primeira entrega {waited:.2f} s depois (espera de repetição);"
                f" {delivered} eventos em {seconds:.2f} s ({event_rate:.0f} eventos/s)"
            )
            print(
                f"  razões: eventos/s ÷ (3 × envios aceitos/s nesta execução) = {event_rate / (3 * send_rate):.2f}"
                f" (o simulador aceita envios bem mais rápido que o WhatsApp); eventos/s ÷ {CORE_EVENTS_PER_SECOND}"
                f" (400 mensagens/s da meta de despacho do núcleo × 3 eventos)"
                f" = {event_rate / CORE_EVENTS_PER_SECOND:.2f}"
            )
            problems = []
            if delivered != 3 * messages:
                problems.append(f"{delivered} eventos entregues de {3 * messages}")
            if receiver.bad_signatures:
                problems.append(f"{receiver.bad_signatures} callbacks com assinatura errada")
            if problems:
                print("ATENÇÃO: " + "; ".join(problems))
                return 1
            return 0
    finally:
        service.stop()  # antes de o laço acabar: as conexões dele com o receptor fecham sem tarefas canceladas
        listening.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="Memória por sessão e vazão de callbacks do serviço Baileys.")
    parser.add_argument("--messages", type=int, default=2000, help="textos mandados (padrão 2000)")
    args = parser.parse_args()
    try:
        build()
        print("Serviço Baileys (modo simulado): memória por sessão e callbacks por segundo")
        print(f"  máquina: {machine_line()}")
        receiver = Receiver()
        data_dir = Path(tempfile.mkdtemp(prefix="wacs-bench-baileys-"))
        try:
            # O receptor só escuta dentro do laço assíncrono: até lá o serviço não tem o que avisar (nenhuma sessão).
            service = start_service(receiver, data_dir)
            try:
                result: int = run(benchmark(service, receiver, args.messages))
            finally:
                service.stop()
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)
        return result
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
