"""Benchmark: CPU do worker por evento de entrada processado — mensagens recebidas e recibos de status.

A meta da issue 8 é **≤ 2 ms de CPU por evento** no processamento (o que o worker faz depois que o callback do
provedor foi aceito). Para medir só isso, a API e o worker rodam em processos separados, como numa instalação com
`python -m wacs worker`:

* a API (`RUN_WORKER=false`) recebe os callbacks assinados (`POST /api/v1/webhooks/incoming-message` e
  `/status-update`, um evento por pedido, 32 pedidos simultâneos — o pior caso: o serviço Baileys pode agrupar),
  mandados pelo cliente HTTP mínimo de `_common.RawHttp` (com o httpx o cliente gastava tanta CPU quanto o wacs nos
  mesmos 2 núcleos; a entrada chegava a ~200/s em vez de ~700/s, em lotes menores: ~1,5–2 ms por evento);
* o worker (`python -m wacs worker`) processa: mensagens → conversa + mensagem + eventos `conversation.updated` e
  `message.created` (gravados, publicados no Redis e encaminhados aos webhooks); recibos → status da mensagem (só
  avança) + evento `message.status`.

Fases, cada uma com `-n` eventos (padrão 3.000): mensagens recebidas de 200 clientes diferentes; recibos
"delivered" e depois "read" de `-n` mensagens enviadas (gravadas direto no banco como `sent`, com id do provedor:
o envio não é o que se mede aqui). O fim de cada fase é quando o banco não tem evento bruto sem processar e a fila
está vazia; a CPU do worker é lida do /proc no início e no fim (o worker já aquecido e ocioso antes). Conferências:
as mensagens e os status gravados batem com os eventos mandados.

Referência na MESMA execução: o FastAPI de `bench/bare_callback_app.py` (confere a assinatura e faz um INSERT)
recebendo os mesmos recibos, um por pedido, com a mesma concorrência: a razão é CPU do worker por evento ÷ CPU do
servidor de referência por evento (quanto custa processar um evento comparado ao mínimo para recebê-lo). Também a
CPU da API do wacs por evento aceito.

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_processing` (e `…_base` para a referência;
recriados e apagados) e Redis `redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-processing:`.

Uso: `.venv/bin/python bench/inbound_processing.py [-n 3000] [--concurrency 32]`.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg
import orjson
from _common import (
    DEFAULT_REDIS_URL,
    SANDBOX_PHONE,
    BenchError,
    RawHttp,
    Server,
    Workspace,
    asyncpg_url,
    machine_line,
    prepare_sandbox_tenant,
    process_cpu_seconds,
    python_bin,
    require_local,
    require_loopback_url,
    run,
    sibling_database,
    stop_process,
    wacs_env,
    wait_ready,
)
from receipt_ingest import sign

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_processing"
REDIS_PREFIX = "wacs-bench-processing:"
SECRET = secrets.token_hex(32)
MESSAGE_PATH = "/api/v1/webhooks/incoming-message"
STATUS_PATH = "/api/v1/webhooks/status-update"
BARE_PATH = "/webhooks/status-update"
TARGET_MS = 2.0
CONTACTS = 200
PHASE_TIMEOUT = 300.0
IDLE_TIMEOUT = 60.0


# --------------------------------------------------------------------------------------------------- worker


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log_path: Any

    def cpu(self) -> float:
        value = process_cpu_seconds(self.process.pid)
        if value is None:
            raise BenchError("não foi possível ler a CPU do worker em /proc (só Linux)")
        return value

    def stop(self) -> None:
        stop_process(self.process)


def start_worker(workspace: Workspace, database_url: str, redis_url: str) -> WorkerProcess:
    env = wacs_env(workspace.work_dir / "data-wacs", database_url, redis_url, REDIS_PREFIX)
    env |= {"PROVIDER_CALLBACK_SECRET": SECRET}
    log_path = workspace.work_dir / "worker.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [python_bin(), "-m", "wacs", "worker"],
        cwd=workspace.work_dir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    return WorkerProcess(process, log_path)


async def wait_idle(worker: WorkerProcess, settle: float = 1.0) -> None:
    """Espera o worker terminar de iniciar (imports, registro): CPU parada por `settle` segundos."""
    deadline = time.monotonic() + IDLE_TIMEOUT
    last = worker.cpu()
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise BenchError(f"o worker terminou ao iniciar:\n{worker.log_path.read_text(errors='replace')[-3000:]}")
        await asyncio.sleep(settle)
        now = worker.cpu()
        if now - last < 0.05 * settle:
            return
        last = now
    raise BenchError("o worker não ficou ocioso depois de iniciar")


# ---------------------------------------------------------------------------------------------- callbacks


def signed_headers(body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time())).encode()
    return {
        "Content-Type": "application/json",
        "X-Wacs-Timestamp": timestamp.decode(),
        "X-Wacs-Signature": sign(SECRET.encode(), timestamp, body).decode(),
    }


async def post_all(server: Server, path: str, bodies: list[bytes], concurrency: int) -> None:
    """Manda os corpos assinados com `concurrency` pedidos em andamento (cliente HTTP mínimo: a CPU do cliente não
    falta aos servidores); todo pedido precisa de 202. Que cada evento foi aceito é conferido no fim, no banco."""
    queue = list(reversed(bodies))
    http = RawHttp(server, concurrency)

    async def sender() -> None:
        while queue:
            body = queue.pop()
            status = await http.post(path, body, signed_headers(body))
            if status != 202:
                raise BenchError(f"POST {path} devolveu {status}")

    try:
        await asyncio.gather(*(sender() for _ in range(concurrency)))
    finally:
        http.close()


def message_bodies(session_id: str, count: int, tag: str) -> list[bytes]:
    return [
        orjson.dumps(
            {
                "events": [
                    {
                        "kind": "message",
                        "sessionId": session_id,
                        "messageId": f"wamid.in.{tag}.{index:07d}",
                        "from": f"5511955{index % CONTACTS:06d}",
                        "pushName": f"Cliente {index % CONTACTS}",
                        "text": f"mensagem {index} do benchmark",
                    }
                ]
            }
        )
        for index in range(count)
    ]


def receipt_bodies(session_id: str, provider_ids: list[str], status: str) -> list[bytes]:
    return [
        orjson.dumps({"events": [{"kind": "status", "sessionId": session_id, "messageId": pid, "status": status}]})
        for pid in provider_ids
    ]


# --------------------------------------------------------------------------------------------------- banco


async def seed_sent_messages(conn: asyncpg.Connection, session_id: str, count: int, tag: str) -> list[str]:
    """`count` mensagens enviadas (status `sent`, id do provedor), como o despacho as deixa antes dos recibos."""
    tenant_id = await conn.fetchval("SELECT tenant_id FROM whatsapp_sessions WHERE id = $1", uuid.UUID(session_id))
    ids = [f"wamid.out.{tag}.{index:07d}" for index in range(count)]
    await conn.execute(
        """
        INSERT INTO messages (id, tenant_id, session_id, message_id, from_number, to_number, message_type, content,
                              status, ai_processed, direction, provider, attempts, enable_ai, sent_at, created_at,
                              updated_at)
        SELECT gen_random_uuid(), $1, $2, pid, $3, '5511944' || lpad(n::text, 6, '0'), 'text',
               '{"text": "enviada pelo benchmark"}'::jsonb, 'sent', false, 'outbound', 'sandbox', 1, false,
               now(), now(), now()
        FROM unnest($4::text[]) WITH ORDINALITY AS t(pid, n)
        """,
        tenant_id,
        uuid.UUID(session_id),
        SANDBOX_PHONE,
        ids,
    )
    return ids


async def wait_processed(conn: asyncpg.Connection) -> float:
    """Espera não haver evento bruto sem processar nem job na fila; devolve o instante (perf_counter) em que viu."""
    deadline = time.monotonic() + PHASE_TIMEOUT
    while time.monotonic() < deadline:
        pending = await conn.fetchval(
            "SELECT (SELECT count(*) FROM inbound_events WHERE processed_at IS NULL)"
            " + (SELECT count(*) FROM jobs WHERE status <> 'dead')"
        )
        if pending == 0:
            return time.perf_counter()
        await asyncio.sleep(0.05)
    raise BenchError(f"o worker não terminou a fase em {PHASE_TIMEOUT:.0f} s")


# ----------------------------------------------------------------------------------------------------- medição


@dataclass
class PhaseResult:
    name: str
    events: int
    seconds: float
    worker_cpu: float
    api_cpu: float

    @property
    def worker_ms(self) -> float:
        return self.worker_cpu / self.events * 1000

    @property
    def api_ms(self) -> float:
        return self.api_cpu / self.events * 1000


async def run_phase(
    name: str,
    api: Server,
    worker: WorkerProcess,
    conn: asyncpg.Connection,
    path: str,
    bodies: list[bytes],
    concurrency: int,
) -> PhaseResult:
    api_before, worker_before = api.cpu_seconds() or 0.0, worker.cpu()
    started = time.perf_counter()
    await post_all(api, path, bodies, concurrency)
    finished = await wait_processed(conn)
    api_after, worker_after = api.cpu_seconds() or 0.0, worker.cpu()
    result = PhaseResult(name, len(bodies), finished - started, worker_after - worker_before, api_after - api_before)
    print(
        f"  {name:<28} {result.events} eventos em {result.seconds:6.2f} s ({result.events / result.seconds:7.0f}/s):"
        f" worker {result.worker_ms:.2f} ms/evento, API {result.api_ms:.2f} ms/evento",
        flush=True,
    )
    return result


async def bare_reference(bare: Server, session_id: str, count: int, concurrency: int) -> float:
    bodies = receipt_bodies(session_id, [f"wamid.bare.{index:07d}" for index in range(count)], "delivered")
    before = bare.cpu_seconds() or 0.0
    started = time.perf_counter()
    await post_all(bare, BARE_PATH, bodies, concurrency)
    seconds = time.perf_counter() - started
    cpu_ms = ((bare.cpu_seconds() or 0.0) - before) / count * 1000
    print(
        f"  {'referência (HMAC + INSERT)':<28} {count} eventos em {seconds:6.2f} s ({count / seconds:7.0f}/s):"
        f" servidor {cpu_ms:.2f} ms/evento",
        flush=True,
    )
    return cpu_ms


async def benchmark(
    workspace: Workspace, api: Server, bare: Server, database_url: str, redis_url: str, count: int, concurrency: int
) -> int:
    access = await prepare_sandbox_tenant(api.base_url, messages_per_second=1000)
    worker = start_worker(workspace, database_url, redis_url)
    try:
        await wait_idle(worker)
        conn = await asyncpg.connect(asyncpg_url(database_url), timeout=10)
        try:
            # Aquecimento: cada caminho uma vez (statements preparados, caches), fora da medição.
            warm = await seed_sent_messages(conn, access.session_id, 50, "warm")
            await post_all(api, MESSAGE_PATH, message_bodies(access.session_id, 50, "warm"), 8)
            await post_all(api, STATUS_PATH, receipt_bodies(access.session_id, warm, "read"), 8)
            await wait_processed(conn)
            await wait_idle(worker, settle=0.5)
            sent = await seed_sent_messages(conn, access.session_id, count, "run")
            print()
            reference = await bare_reference(bare, access.session_id, count, concurrency)
            inbound = message_bodies(access.session_id, count, "run")
            delivered = receipt_bodies(access.session_id, sent, "delivered")
            read_receipts = receipt_bodies(access.session_id, sent, "read")
            phases = [
                await run_phase("mensagens recebidas", api, worker, conn, MESSAGE_PATH, inbound, concurrency),
                await run_phase("recibos 'delivered'", api, worker, conn, STATUS_PATH, delivered, concurrency),
                await run_phase("recibos 'read'", api, worker, conn, STATUS_PATH, read_receipts, concurrency),
            ]
            stored = await conn.fetchval(
                "SELECT count(*) FROM messages WHERE direction = 'inbound' AND message_id LIKE 'wamid.in.run.%'"
            )
            read = await conn.fetchval(
                "SELECT count(*) FROM messages WHERE status = 'read' AND message_id LIKE 'wamid.out.run.%'"
            )
            dead = await conn.fetchval("SELECT count(*) FROM jobs WHERE status = 'dead'")
        finally:
            await conn.close()
    finally:
        worker.stop()
    problems = []
    if stored != count:
        problems.append(f"{stored} mensagens recebidas gravadas de {count}")
    if read != count:
        problems.append(f"{read} mensagens com status 'read' de {count}")
    if dead:
        problems.append(f"{dead} job(s) esgotaram as tentativas")
    print()
    print("Resumo (CPU do processo worker por evento processado; referência = servidor HMAC + INSERT por evento)")
    for phase in phases:
        verdict = "atingida" if phase.worker_ms <= TARGET_MS else "NÃO atingida"
        print(
            f"  {phase.name:<28} worker {phase.worker_ms:5.2f} ms/evento ({phase.worker_ms / reference:4.1f}× a"
            f" referência; meta ≤ {TARGET_MS:g} ms: {verdict}); API {phase.api_ms:.2f} ms/evento"
        )
    total_events = sum(p.events for p in phases)
    overall = sum(p.worker_cpu for p in phases) / total_events * 1000
    print(f"  {'todos os eventos':<28} worker {overall:5.2f} ms/evento ({overall / reference:4.1f}× a referência)")
    print()
    print(
        "Notas: CPU lida de /proc (passos de 10 ms) do processo worker separado; PostgreSQL e Redis não entram.\n"
        "Um evento por pedido: o worker agrupa o que encontrar na fila (até 100 jobs de entrada por lote)."
    )
    if problems:
        print("\nATENÇÃO: " + "; ".join(problems))
        return 1
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="CPU do worker por evento de entrada processado.")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument("-n", type=int, default=3000, help="eventos por fase (padrão 3000)")
    parser.add_argument("--concurrency", type=int, default=32, help="pedidos simultâneos (padrão 32)")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    try:
        require_local(args.database_url, "--database-url")
        require_local(args.redis_url, "--redis-url")
        base_url = sibling_database(args.database_url, "_base")
        with Workspace(
            False, databases=[args.database_url, base_url], redis_url=args.redis_url, redis_prefix=REDIS_PREFIX
        ) as workspace:
            api = workspace.start_wacs(
                args.database_url, args.redis_url, RUN_WORKER="false", PROVIDER_CALLBACK_SECRET=SECRET
            )
            bare = workspace.start_bench_app(
                "bare-callback", "bare_callback_app", BENCH_DATABASE_URL=base_url, BENCH_CALLBACK_SECRET=SECRET
            )
            wait_ready(api, "/health")
            wait_ready(bare, "/health")
            require_loopback_url(api.base_url)
            print("Processamento de entrada: CPU do worker por evento × servidor mínimo (HMAC + INSERT)")
            print(f"  modo:    PostgreSQL + Redis ({args.database_url}, {args.redis_url}), worker em processo separado")
            print(f"  carga:   {args.n} eventos por fase, um por pedido, {args.concurrency} pedidos simultâneos")
            print(f"  máquina: {machine_line()}")
            result: int = run(
                benchmark(workspace, api, bare, args.database_url, args.redis_url, args.n, args.concurrency)
            )
            return result
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
