"""Benchmark: ritmo de despacho por uma sessão Baileys (serviço Node no modo simulado) contra o sandbox.

Mede, na MESMA execução e na mesma máquina (2 núcleos com ruído: o que vale é a razão contra a referência medida
junto), o envio em massa por UMA sessão:

- **A (referência)** — número sandbox com `messagesPerSecond` 1000 e `ackDelayMs` 0;
- **B** — número Baileys (`provider: baileys`, `{"messagesPerSecond": 1000, "jitterSeconds": 0}`) ligado ao serviço
  Node em modo simulado (`BAILEYS_FAKE=true`): o QR "é lido" em 0,2 s e o socket simulado confirma cada envio na hora.

Cada cenário manda `POST /api/v1/messages/send-bulk` com `sessionId` para `--recipients` (padrão 1.000) destinatários
diferentes (nenhum número se repete entre cenários). As rodadas são A, B, A, B… (`--rounds`, padrão 2): para cada
cenário o relatório mostra cada rodada e a MELHOR (maior ritmo; menor CPU por mensagem), e a razão B/A. Medidas:

- **ritmo** = mensagens `sent` (ou além) ÷ tempo do envio do pedido de aceite até a última `sent_at` (lida no banco);
- **CPU por mensagem** do processo wacs (API + worker embutido) e, em B, do processo Node, lida de /proc no intervalo
  do aceite até o fim do acompanhamento;
- **falhas** (`failed` do progresso da lista).

Recibos (`--receipts`): `after` (padrão) adia todos para depois da medição — sandbox com entregue/lido em 3.600 s e
`BAILEYS_FAKE_STEP_MS=3600000` —, e mede só o caminho do despacho; `during` deixa os padrões (sandbox: entregue em 1 s,
lido em 3 s; Baileys simulado: entregue, lido e uma resposta "Recebido: …" do contato, um passo de 1 s cada), e B
processa também uma mensagem recebida por mensagem enviada. Com `during`, antes de cada rodada o benchmark espera os
recibos da anterior chegarem. Com `after`, ele confere que nenhum recibo chegou durante a medição.

Um processo wacs como `make run` o sobe (`RUN_WORKER=true`), uvicorn com 1 worker numa porta livre de 127.0.0.1, com
`BAILEYS_URL`, `BAILEYS_TOKEN` e `PROVIDER_CALLBACK_SECRET` aleatórios; o serviço `node baileys/dist/src/main.js`
noutra porta livre, com o mesmo token e segredo, chamando o wacs de volta, e os dados num diretório temporário
(compilado antes com `make baileys-build` se `baileys/dist` não existir). Padrão: PostgreSQL
`postgresql://postgres@127.0.0.1:5432/wacs_bench_baileys` (recriado e apagado pelo benchmark) e Redis
`redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-baileys:` (chaves apagadas antes e depois).

O modo simulado NÃO mostra o que um número real custa: a consulta `onWhatsApp`, o ack do servidor do WhatsApp e,
sobretudo, o ritmo que o WhatsApp tolera (o padrão do produto é 1 mensagem/s com até 1 s de jitter). Mede só o
caminho do software.

Uso: `.venv/bin/python bench/baileys_dispatch.py [--recipients 1000] [--receipts after]`.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from _common import (
    DEFAULT_REDIS_URL,
    LOOPBACK,
    ROOT,
    BenchError,
    Server,
    WacsAccess,
    Workspace,
    base_env,
    free_port,
    machine_line,
    prepare_tenant,
    print_table,
    require_local,
    run,
    tenant_client,
    wait_ready,
)
from baileys_memory import MAIN_JS, queue_depth
from dispatch_latency import disconnect, follow_bulk, num

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_baileys"
REDIS_PREFIX = "wacs-bench-baileys:"
RECIPIENTS = 1000
ROUNDS = 2
SCENARIO_TIMEOUT = 120.0
RATE = 1000  # messagesPerSecond dos dois números: o teto do provedor Baileys (só para medir o caminho)
CONTENT = "Olá! Seu pedido saiu para entrega e chega hoje até as 18 h."
SCAN_SECONDS = "0.2"
CONNECT_TIMEOUT = 30.0
STEP_DURING_MS = 1000  # o padrão do serviço: entregue, lido e resposta a cada 1 s
STEP_AFTER_MS = 3_600_000  # recibos e respostas do Baileys simulado depois do fim do benchmark
SANDBOX_AFTER_SECONDS = "3600"  # recibos do sandbox depois do fim do benchmark
SANDBOX_DURING = (
    1.0,
    3.0,
)  # padrões de SANDBOX_DELIVERED_AFTER_SECONDS e SANDBOX_READ_AFTER_SECONDS
QUIET_WINDOW = 0.5  # s: janela de amostra da CPU na espera pelo repouso
QUIET_CPU = 0.05  # fração de um núcleo (wacs + Node) abaixo da qual a máquina está "em repouso"
QUIET_TIMEOUT = 30.0
SANDBOX_PHONE_PREFIX = "55119888801"
BAILEYS_PHONE_PREFIX = "55119777701"
# O mesmo token (API → serviço) e o mesmo segredo dos callbacks (serviço → API) para os dois processos.
_TOKEN = secrets.token_urlsafe(32)
_SECRET = secrets.token_urlsafe(32)


# ---------------------------------------------------------------------------------------------------- serviço


def build() -> None:
    """Compila o serviço com `make baileys-build` se `baileys/dist/src/main.js` não existir."""
    if MAIN_JS.exists():
        return
    print("compilando o serviço Baileys (make baileys-build)…", flush=True)
    try:
        subprocess.run(["make", "--no-print-directory", "baileys-build"], cwd=ROOT, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise BenchError(f"não foi possível compilar o serviço Baileys com `make baileys-build` ({exc})") from exc
    if not MAIN_JS.exists():
        raise BenchError(f"`make baileys-build` terminou, mas {MAIN_JS} não existe")


def step_supported() -> bool:
    """Se o serviço compilado lê BAILEYS_FAKE_STEP_MS (o passo do socket simulado entre entregue, lido e resposta)."""
    try:
        return "BAILEYS_FAKE_STEP_MS" in (MAIN_JS.parent / "config.js").read_text()
    except OSError:
        return False


def start_service(
    workspace: Workspace,
    port: int,
    callback_url: str,
    token: str,
    secret: str,
    step_ms: int,
) -> Server:
    """O serviço Node em modo simulado, como um `Server` do workspace (parado e apagado junto com ele)."""
    node = shutil.which("node")
    if node is None:
        raise BenchError("Node.js não encontrado no PATH (o serviço Baileys precisa do Node 20+)")
    data_dir = workspace.work_dir / "baileys"
    data_dir.mkdir()
    env = base_env() | {
        "BAILEYS_FAKE": "true",
        "BAILEYS_FAKE_SCAN_SECONDS": SCAN_SECONDS,
        "BAILEYS_FAKE_STEP_MS": str(step_ms),
        "BAILEYS_SEND_INTERVAL_MS": "0",
        "BAILEYS_SEND_JITTER_MS": "0",
        "BAILEYS_HOST": LOOPBACK,
        "BAILEYS_PORT": str(port),
        "BAILEYS_DATA_DIR": str(data_dir),
        "BAILEYS_TOKEN": token,
        "BAILEYS_CALLBACK_URL": callback_url,
        "BAILEYS_CALLBACK_SECRET": secret,
        "BAILEYS_STORE": "files",
        "LOG_LEVEL": "warn",
    }
    log_path = workspace.work_dir / "baileys.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [node, str(MAIN_JS)],
        cwd=data_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    server = Server("baileys", process, f"http://{LOOPBACK}:{port}", log_path, log)
    workspace.servers.append(server)
    return server


# --------------------------------------------------------------------------------------------------- sessões


async def initialize(
    client: httpx.AsyncClient,
    access: WacsAccess,
    phone: str,
    provider: str,
    config: dict[str, Any],
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/sessions/initialize",
        json={
            "phoneNumber": phone,
            "provider": provider,
            "name": f"bench-{provider}",
            "config": config,
        },
        headers=access.auth,
    )
    if response.status_code != 200:
        raise BenchError(
            f"não foi possível conectar o número {provider} {phone}: {response.status_code} {response.text[:300]}"
        )
    session: dict[str, Any] = response.json()
    return session


async def connect_sandbox(client: httpx.AsyncClient, access: WacsAccess, phone: str) -> str:
    session = await initialize(client, access, phone, "sandbox", {"messagesPerSecond": RATE, "ackDelayMs": 0})
    if session.get("status") != "connected":
        raise BenchError(f"o número sandbox {phone} não ficou conectado: {session}")
    return str(session["id"])


async def connect_baileys(client: httpx.AsyncClient, access: WacsAccess, phone: str) -> str:
    """Inicia a sessão Baileys (a resposta traz o QR) e espera o QR simulado "ser lido" (estado `connected`)."""
    session = await initialize(
        client,
        access,
        phone,
        "baileys",
        {"messagesPerSecond": RATE, "jitterSeconds": 0},
    )
    session_id = str(session["id"])
    if session.get("status") == "qr" and not session.get("qrCode"):
        raise BenchError(f"a sessão Baileys {phone} está em `qr` sem o QR code: {session}")
    if session.get("status") not in ("qr", "connected"):
        raise BenchError(f"a sessão Baileys {phone} não mostrou o QR (estado {session.get('status')}): {session}")
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while session.get("status") != "connected":
        if time.monotonic() > deadline:
            raise BenchError(
                f"a sessão Baileys {phone} não conectou em {num(CONNECT_TIMEOUT)} s (estado {session.get('status')},"
                f" {session.get('lastError') or 'sem detalhe'}): o callback session-update chegou ao wacs?"
            )
        await asyncio.sleep(0.1)
        response = await client.get(
            "/api/v1/sessions/status",
            params={"sessionId": session_id},
            headers=access.auth,
        )
        if response.status_code != 200:
            raise BenchError(f"GET /api/v1/sessions/status devolveu {response.status_code}: {response.text[:300]}")
        session = response.json()[0]
    return session_id


# ------------------------------------------------------------------------------------------------- despacho


@dataclass
class Result:
    kind: str  # "A" ou "B"
    round: int
    recipients: int
    accept_seconds: float
    seconds: float
    done: int
    failed: int
    receipts: int  # entregues + lidas já registradas no fim do acompanhamento
    complete: bool
    wacs_cpu: float | None
    node_cpu: float | None

    @property
    def rate(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    def per_message_us(self, cpu: float | None) -> float | None:
        return None if cpu is None or not self.done else cpu / self.done * 1e6

    @property
    def wacs_us(self) -> float | None:
        return self.per_message_us(self.wacs_cpu)

    @property
    def node_us(self) -> float | None:
        return self.per_message_us(self.node_cpu)

    @property
    def total_us(self) -> float | None:
        if self.wacs_us is None or self.node_us is None:
            return None
        return self.wacs_us + self.node_us


def recipients(series: int, count: int) -> list[dict[str, str]]:
    """Celulares de São Paulo: 5511 + 9 dígitos começando por 9; o 2º dígito é a série (listas sem repetição)."""
    return [{"to": f"55119{series}{i:07d}"} for i in range(count)]


def cpu_delta(server: Server, before: float | None) -> float | None:
    after = server.cpu_seconds()
    return None if before is None or after is None else after - before


async def dispatch(
    client: httpx.AsyncClient,
    access: WacsAccess,
    wacs: Server,
    node: Server,
    database_url: str,
    *,
    kind: str,
    round_number: int,
    series: int,
    session_id: str,
    count: int,
    limit: float,
) -> Result:
    """Aceita a lista pela sessão e acompanha o despacho até a última `sent` (ou até `limit` s)."""
    body = orjson.dumps(
        {
            "recipients": recipients(series, count),
            "content": CONTENT,
            "sessionId": session_id,
        }
    )
    wacs_before, node_before = wacs.cpu_seconds(), node.cpu_seconds()
    run = await follow_bulk(client, access.auth, body, count, limit, indent="               ")
    wacs_cpu, node_cpu = cpu_delta(wacs, wacs_before), cpu_delta(node, node_before)

    done, seconds = await run.finish(database_url)
    return Result(
        kind,
        round_number,
        count,
        run.accept_seconds,
        seconds,
        done,
        int(run.progress.get("failed", 0)),
        int(run.progress.get("delivered", 0)) + int(run.progress.get("read", 0)),
        run.complete,
        wacs_cpu,
        node_cpu if kind == "B" else None,
    )


async def settle(node: Server, wacs: Server, receipts: str, step_ms: int, first: bool) -> None:
    """Antes de cada rodada: com `during`, espera os recibos (e respostas) da rodada anterior chegarem ao wacs; nos
    dois modos, espera wacs e Node ficarem em repouso (CPU somada abaixo de QUIET_CPU de um núcleo)."""
    if receipts == "during" and not first:
        await asyncio.sleep(max(SANDBOX_DURING[1], 3 * step_ms / 1000) + 1)
        headers = {"Authorization": f"Bearer {_TOKEN}"}
        async with httpx.AsyncClient(base_url=node.base_url, headers=headers, timeout=10, trust_env=False) as client:
            deadline = time.monotonic() + QUIET_TIMEOUT
            while time.monotonic() < deadline:
                if queue_depth((await client.get("/metrics")).text) == 0:
                    break
                await asyncio.sleep(0.2)
            else:
                print(
                    "               aviso: a fila de callbacks do serviço não esvaziou a tempo",
                    flush=True,
                )
    deadline = time.monotonic() + QUIET_TIMEOUT
    while time.monotonic() < deadline:
        before = [(server, server.cpu_seconds()) for server in (wacs, node)]
        await asyncio.sleep(QUIET_WINDOW)
        used = sum(cpu_delta(server, cpu) or 0.0 for server, cpu in before)
        if used < QUIET_CPU * QUIET_WINDOW:
            return
    print(
        "               aviso: wacs e Node não ficaram em repouso antes da rodada",
        flush=True,
    )


async def benchmark(
    wacs: Server,
    node: Server,
    database_url: str,
    args: argparse.Namespace,
    step_ms: int,
) -> list[Result]:
    results: list[Result] = []
    async with tenant_client(wacs.base_url, timeout=60) as client:
        access = await prepare_tenant(client, "baileys")
        previous = ""
        series = 0
        for round_number in range(1, args.rounds + 1):
            for kind in ("A", "B"):
                series += 1
                await settle(node, wacs, args.receipts, step_ms, first=not previous)
                if previous:
                    await disconnect(client, access, previous)
                if kind == "A":
                    label = "A (sandbox)"
                    session_id = await connect_sandbox(client, access, f"{SANDBOX_PHONE_PREFIX}{round_number:02d}")
                else:
                    label = "B (Baileys)"
                    session_id = await connect_baileys(client, access, f"{BAILEYS_PHONE_PREFIX}{round_number:02d}")
                previous = session_id
                print(f"  rodada {round_number}, {label}:", flush=True)
                result = await dispatch(
                    client,
                    access,
                    wacs,
                    node,
                    database_url,
                    kind=kind,
                    round_number=round_number,
                    series=series,
                    session_id=session_id,
                    count=args.recipients,
                    limit=args.timeout,
                )
                print(f"               {describe(result, args.timeout)}", flush=True)
                for server in (wacs, node):
                    if server.process.poll() is not None:
                        raise BenchError(f"o processo {server.name} terminou durante a medição:\n{server.log_tail()}")
                results.append(result)
    return results


# ------------------------------------------------------------------------------------------------- relatório


def describe(result: Result, limit: float) -> str:
    if result.complete:
        text = (
            f"as {num(result.recipients)} saíram em {num(result.seconds, 2)} s (aceite em"
            f" {num(result.accept_seconds * 1000)} ms): {num(result.rate, 1)} mensagens/s"
        )
    else:
        text = (
            f"INCOMPLETO no limite de {num(limit)} s: {num(result.done)} de {num(result.recipients)} enviadas;"
            f" ritmo {num(result.rate, 1)} mensagens/s"
        )
    cpu = [f"CPU do wacs {us(result.wacs_us)} µs/mensagem"]
    if result.node_us is not None:
        cpu.append(f"do Node {us(result.node_us)} µs/mensagem")
    text += "; " + ", ".join(cpu)
    return text + (f"; {result.failed} falharam" if result.failed else "")


def us(value: float | None) -> str:
    return "—" if value is None else num(value)


def ratio(value: float | None, base: float | None) -> str:
    return "—" if value is None or not base else f"{num(value / base, 2)}×"


def best_rate(results: list[Result]) -> Result:
    return max(results, key=lambda r: r.rate)


def lowest(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def report(results: list[Result], receipts: str, step_ms: int, step_ok: bool) -> int:
    a = [r for r in results if r.kind == "A"]
    b = [r for r in results if r.kind == "B"]
    rows: list[tuple[str, str, str, str, str]] = []
    for ra, rb in zip(a, b, strict=True):
        rows.append(
            (
                f"A. sandbox, rodada {ra.round} (mensagens/s)",
                num(ra.rate),
                "—",
                "—",
                "(referência)",
            )
        )
        rows.append(
            (
                f"B. Baileys, rodada {rb.round} (mensagens/s)",
                num(rb.rate),
                f"A{ra.round}: {num(ra.rate)}",
                ratio(rb.rate, ra.rate),
                "(informativo)",
            )
        )
    best_a, best_b = best_rate(a), best_rate(b)
    rows.append(
        (
            "B/A, melhor rodada de cada (mensagens/s)",
            num(best_b.rate),
            f"A: {num(best_a.rate)}",
            ratio(best_b.rate, best_a.rate),
            "(informativo)",
        )
    )
    cpu_a = lowest([r.wacs_us for r in a])
    cpu_b = lowest([r.wacs_us for r in b])
    node_b = lowest([r.node_us for r in b])
    total_b = lowest([r.total_us for r in b])
    rows.append(("A. CPU do wacs por mensagem (µs, menor)", us(cpu_a), "—", "—", "(referência)"))
    rows.append(
        (
            "B. CPU do wacs por mensagem (µs, menor)",
            us(cpu_b),
            f"A: {us(cpu_a)}",
            ratio(cpu_b, cpu_a),
            "(informativo)",
        )
    )
    rows.append(
        (
            "B. CPU do Node por mensagem (µs, menor)",
            us(node_b),
            "—",
            "—",
            "(informativo)",
        )
    )
    rows.append(
        (
            "B. CPU wacs + Node por mensagem (µs, menor)",
            us(total_b),
            f"A: {us(cpu_a)}",
            ratio(total_b, cpu_a),
            "(informativo)",
        )
    )
    failed_a, failed_b = sum(r.failed for r in a), sum(r.failed for r in b)
    incomplete = [r for r in results if not r.complete]
    rows.append(
        (
            "falhas (A / B, todas as rodadas)",
            f"{failed_a} / {failed_b}",
            "0",
            "—",
            "ok" if failed_a == failed_b == 0 else "FALHAS",
        )
    )
    early = sum(r.receipts for r in results)
    if receipts == "after":
        rows.append(
            (
                "recibos durante a medição (todas)",
                num(early),
                "0",
                "—",
                "ok" if early == 0 else "INJUSTO",
            )
        )
    else:
        rows.append(
            (
                "recibos já gravados no fim (todas)",
                num(early),
                "—",
                "—",
                "(informativo)",
            )
        )

    print()
    print_table(
        "Resultado (melhor rodada = maior ritmo; CPU = menor entre as rodadas; razões B/A desta execução)",
        rows,
    )
    print()
    if receipts == "after":
        used = (
            "recibos: after — adiados para depois da medição (sandbox: SANDBOX_DELIVERED_AFTER_SECONDS e\n"
            f"  SANDBOX_READ_AFTER_SECONDS = {SANDBOX_AFTER_SECONDS}; Baileys simulado:"
            f" BAILEYS_FAKE_STEP_MS = {step_ms}): só o caminho\n"
            "  do despacho é medido."
        )
    else:
        step = f"BAILEYS_FAKE_STEP_MS = {step_ms}" + (
            "" if step_ok else " (padrão do serviço; esta versão não lê a variável)"
        )
        delivered, read = (num(value) for value in SANDBOX_DURING)
        used = (
            f"recibos: during — sandbox com entregue em {delivered} s e lido em {read} s (os padrões); Baileys\n"
            '  simulado com entregue, lido e uma resposta "Recebido: …" do contato, um passo de cada vez\n'
            f"  ({step}). O cenário B processa também UMA MENSAGEM RECEBIDA\n"
            "  POR MENSAGEM ENVIADA, carga que o A não tem."
        )
    print("Notas:")
    print(f"- {used}")
    print(
        "- O ritmo conta do envio do pedido de aceite até a última `sent_at` no banco; a CPU é a dos processos\n"
        "  wacs e Node no mesmo intervalo (inclui o aceite e as consultas de progresso); PostgreSQL, Redis e o\n"
        "  cliente dividem os mesmos núcleos e ficam de fora. Cada rodada usa um número novo; a anterior é\n"
        "  desconectada, e a rodada só começa com wacs e Node em repouso."
    )
    print(
        "- O modo simulado NÃO mostra o custo de um número real: o primeiro envio a cada número novo passa pela\n"
        "  consulta `onWhatsApp` (uma ida e volta ao servidor do WhatsApp; depois fica em cache), e cada envio real\n"
        "  espera o ack do servidor do WhatsApp (latência de rede), que aqui é imediato."
    )
    print(
        "- O WhatsApp bane números que disparam rápido: o padrão do produto é 1 mensagem/s com até 1 s de jitter\n"
        f"  (messagesPerSecond 1, jitterSeconds 1). Os {RATE}/s daqui medem só o caminho do software (API → worker →\n"
        "  serviço Node → socket simulado), nunca um ritmo seguro para um número de verdade."
    )
    problems = []
    if incomplete:
        problems.append(f"{len(incomplete)} rodada(s) não terminaram no limite")
    if failed_a or failed_b:
        problems.append(f"{failed_a + failed_b} mensagens falharam")
    if receipts == "after" and early:
        problems.append(f"{early} recibos chegaram durante a medição (o passo do Baileys simulado não foi adiado?)")
    if problems:
        print("ATENÇÃO: " + "; ".join(problems))
        return 1
    return 0


# ------------------------------------------------------------------------------------------------- principal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Ritmo de despacho por uma sessão Baileys (modo simulado) contra o sandbox, na mesma execução."
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument(
        "--recipients",
        type=int,
        default=RECIPIENTS,
        help=f"destinatários por rodada (padrão {RECIPIENTS})",
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"rodadas A, B (padrão {ROUNDS})")
    parser.add_argument(
        "--receipts",
        choices=("during", "after"),
        default="after",
        help="recibos simulados durante a medição ou adiados para depois dela (padrão after)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=SCENARIO_TIMEOUT,
        help=f"limite de cada rodada em segundos (padrão {SCENARIO_TIMEOUT:.0f})",
    )
    args = parser.parse_args()
    if not 100 <= args.recipients <= 10_000:
        parser.error("--recipients deve estar entre 100 e 10000")
    if not 1 <= args.rounds <= 5:
        parser.error("--rounds deve estar entre 1 e 5")
    if not 5 <= args.timeout <= 900:
        parser.error("--timeout deve estar entre 5 e 900 segundos")
    return args


def main() -> int:
    args = parse_args()
    database_url: str = args.database_url
    redis_url: str = args.redis_url
    try:
        require_local(database_url, "--database-url")
        require_local(redis_url, "--redis-url")
        build()
        step_ok = step_supported()
        if args.receipts == "after" and not step_ok:
            raise BenchError(
                "o serviço Baileys compilado não lê BAILEYS_FAKE_STEP_MS: os recibos e respostas do Baileys simulado"
                " sairiam durante a medição (passo fixo de 1 s) e os do sandbox não. Recompile com `make baileys-build`"
                " se o código já tiver a variável, ou rode com --receipts during"
            )
        step_ms = STEP_AFTER_MS if args.receipts == "after" else STEP_DURING_MS
        sandbox_env = (
            {
                "SANDBOX_DELIVERED_AFTER_SECONDS": SANDBOX_AFTER_SECONDS,
                "SANDBOX_READ_AFTER_SECONDS": SANDBOX_AFTER_SECONDS,
            }
            if args.receipts == "after"
            else {}
        )
        with Workspace(
            False,
            databases=[database_url],
            redis_url=redis_url,
            redis_prefix=REDIS_PREFIX,
        ) as workspace:
            node_port = free_port()
            wacs = workspace.start_wacs(
                database_url,
                redis_url,
                name="wacs",
                RUN_WORKER="true",
                BAILEYS_URL=f"http://{LOOPBACK}:{node_port}",
                BAILEYS_TOKEN=_TOKEN,
                PROVIDER_CALLBACK_SECRET=_SECRET,
                **sandbox_env,
            )
            node = start_service(workspace, node_port, wacs.base_url, _TOKEN, _SECRET, step_ms)
            print("Despacho por uma sessão Baileys (modo simulado) contra o sandbox")
            print(f"  modo:     PostgreSQL + Redis ({database_url}, {redis_url}, prefixo {REDIS_PREFIX})")
            print(
                f"  rodadas:  {args.rounds} × (A sandbox, B Baileys), {num(args.recipients)} destinatários cada;"
                f" messagesPerSecond {RATE}; limite de {num(args.timeout)} s por rodada"
            )
            print(
                f"  recibos:  {args.receipts} (BAILEYS_FAKE_STEP_MS={step_ms}"
                + ("" if step_ok else ", não lida por esta versão do serviço: passo padrão de 1 s")
                + (f"; sandbox {SANDBOX_AFTER_SECONDS} s)" if args.receipts == "after" else "; sandbox nos padrões)")
            )
            print(
                f"  serviço:  {MAIN_JS.relative_to(ROOT)} (BAILEYS_FAKE=true, QR lido em {SCAN_SECONDS} s,"
                " BAILEYS_SEND_INTERVAL_MS=0, BAILEYS_SEND_JITTER_MS=0)"
            )
            print("  wacs:     um processo como `make run` (API + worker embutido)")
            print(f"  máquina:  {machine_line()}")
            print()
            wait_ready(node, "/health")
            wait_ready(wacs, "/health")
            results: list[Result] = run(benchmark(wacs, node, database_url, args, step_ms))
            return report(results, args.receipts, step_ms, step_ok)
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
