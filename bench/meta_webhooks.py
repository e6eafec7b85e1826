"""Benchmark: webhooks da Meta recebidos por segundo (`POST /api/v1/webhooks/meta`) contra um FastAPI que só confere
a assinatura e faz um INSERT — e, depois, o processamento de todos os recibos recebidos.

Compara, na MESMA execução e na mesma máquina (2 núcleos com ruído: o que vale é a razão contra a referência medida
junto), com 64 pedidos simultâneos (padrão) e o mesmo cliente HTTP mínimo (`_common.RawHttp`), os webhooks que a
WhatsApp Cloud API manda a cada recibo, **um recibo por POST, como a Meta manda**:

* `POST /webhooks/meta` de `bench/bare_meta_app.py`: corpo bruto, `X-Hub-Signature-256` conferida com
  `hmac.compare_digest`, Pydantic na notificação e UM `INSERT` do recibo no mesmo PostgreSQL (mesma política de
  conexão do wacs);
* `POST /api/v1/webhooks/meta` do wacs (rota pública, sem X-Client-Id nem JWT): número procurado na tabela de
  números da Meta (em memória), assinatura pelo app secret da sessão, notificação convertida no contrato, recibo
  bruto gravado e processamento enfileirado num só comando. Conta como aceita a resposta 200.

Cada POST é uma notificação inteira (`{"object": "whatsapp_business_account", "entry": [{"id": WABA, "changes":
[{"field": "messages", "value": {"messaging_product", "metadata", "statuses": [UM item]}}]}]}`), serializada como a
Meta serializa e assinada com `sha256=<hex HMAC-SHA256(app secret, corpo bruto)>`. Os itens são `sent` (com
`conversation` e `pricing`), `delivered` (idem) e `read`, para wamids de mensagens enviadas que EXISTEM no banco do
wacs: antes da medição o benchmark grava direto por SQL as mensagens de saída (`status = 'sent'`, como o despacho
as deixa) de uma sessão `meta_api`. A sessão é criada pelo caminho de verdade, `POST /api/v1/sessions/initialize`,
contra a Meta falsa (`python -m wacs.fakes.meta_graph`, num processo próprio, sem recibos automáticos), que só
responde à conferência do número. Cada mensagem recebe os três recibos, em blocos de 500 mensagens (os `sent` do
bloco, depois os `delivered`, depois os `read`), de modo que os recibos de uma mensagem não chegam colados. As duas
aplicações recebem exatamente os mesmos corpos em cada rodada; as rodadas se alternam (referência, wacs, referência,
wacs…), cada uma com mensagens novas, e a razão wacs/referência é a mediana das razões por rodada.

O wacs roda SEM worker durante a medição (`RUN_WORKER=false`): mede-se a ingestão, como a referência. Depois, um
worker (`python -m wacs worker`, outro processo) processa tudo o que chegou; o benchmark mede o tempo até o último
recibo processado (a drenagem) e confere no banco que cada mensagem ficou no status mais avançado que recebeu (`read`
para todas as das rodadas), sem evento com erro nem job morto. Também confere, depois de cada medição, que as linhas
gravadas por cada servidor batem com os POSTs aceitos.

"Ritmo de envio suportado": a Meta manda ~3 recibos por mensagem enviada (sent, delivered, read), então um número
que envia X mensagens/s gera ~3·X webhooks/s (mais as mensagens recebidas): recibos/s ÷ 3, pela ingestão e pelo
processamento.

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_meta` (e `…_meta_base` para a referência; os
dois recriados e apagados pelo benchmark) e Redis `redis://127.0.0.1:6379/14` com o prefixo `wacs-bench-meta:`
(chaves apagadas antes e depois).

Uso: `.venv/bin/python bench/meta_webhooks.py [--concurrency 64] [--messages 3000] [--rounds 3]
[--warmup-messages 300] [--drain-timeout 180]`.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from _common import (
    DEFAULT_REDIS_URL,
    LOOPBACK,
    BenchError,
    RawHttp,
    Server,
    Workspace,
    asyncpg_url,
    login,
    machine_line,
    percentile,
    print_table,
    process_cpu_seconds,
    python_bin,
    raise_rate_limit,
    require_local,
    require_loopback_url,
    run,
    sibling_database,
    tenant_client,
    wacs_env,
    wait_ready,
)
from _meta import FakeGraph, connect_meta, start_fake_graph
from receipt_ingest import Check, check_responses, latency_rows, num, ratio_text, verdict

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_meta"
REDIS_PREFIX = "wacs-bench-meta:"
WACS_PATH = "/api/v1/webhooks/meta"
BARE_PATH = "/webhooks/meta"
PHONE_NUMBER_ID = "109000000000001"
DISPLAY_PHONE = "5511940000001"
TARGET_RATIO = 0.5
STATUSES_PER_MESSAGE = 3  # sent, delivered, read
STATUS_SEQUENCE = ("sent", "delivered", "read")
BLOCK = 500  # mensagens por bloco: os `sent` do bloco, depois os `delivered`, depois os `read`
PRICING_CATEGORY = "utility"
DRAIN_POLL_SECONDS = 0.1
OK = 200


# ----------------------------------------------------------------------------------------- corpos da Meta


def recipient(index: int) -> str:
    """Celulares de São Paulo, um por mensagem: 55119 + 8 dígitos."""
    return f"55119{index:08d}"


def wamid(run_tag: int, index: int, wa_id: str) -> str:
    """Um id no formato dos da Meta (`wamid.` + base64 de um envelope com o número), derivado da execução e do
    índice da mensagem: o mesmo em todo lugar que o calcula (mensagens gravadas e corpos dos recibos)."""
    number = wa_id.encode()
    raw = b"\x1c\x18" + bytes([len(number)]) + number + b"\x15\x02\x00\x11\x18\x12"
    tail = f"{run_tag:06X}{index:012X}".encode()
    return "wamid." + base64.b64encode(raw + tail + b"\x00").decode()


def encode_like_meta(payload: Any) -> bytes:
    """JSON como a Meta serializa: compacto, não-ASCII em \\uXXXX e "/" como "\\/" (a assinatura é sobre estes
    bytes; quem re-serializa antes de conferir falha)."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/").encode()


def status_item(status: str, message_id: str, wa_id: str, now: int) -> dict[str, Any]:
    """Um item de `statuses[]` como a Meta manda: `sent` e `delivered` com `conversation` e `pricing`."""
    item: dict[str, Any] = {"id": message_id, "status": status, "timestamp": str(now), "recipient_id": wa_id}
    if status in {"sent", "delivered"}:
        conversation_id = hashlib.sha1(f"{wa_id}:{PRICING_CATEGORY}".encode(), usedforsecurity=False).hexdigest()
        item["conversation"] = {"id": conversation_id[:32], "origin": {"type": PRICING_CATEGORY}}
        if status == "sent":
            item["conversation"]["expiration_timestamp"] = str(now + 86400)
        item["pricing"] = {"billable": True, "pricing_model": "PMP", "category": PRICING_CATEGORY, "type": "regular"}
    return item


def notification(fake: FakeGraph, item: dict[str, Any]) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": fake.display_phone_number, "phone_number_id": fake.phone_number_id},
        "statuses": [item],
    }
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": fake.waba_id, "changes": [{"value": value, "field": "messages"}]}],
    }
    return encode_like_meta(payload)


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


SignedPost = tuple[bytes, dict[str, str]]


def signed(fake: FakeGraph, body: bytes) -> SignedPost:
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": signature(fake.app_secret, body)}


def receipt_posts(fake: FakeGraph, run_tag: int, indices: range) -> list[SignedPost]:
    """Os POSTs de uma rodada: para cada bloco de mensagens, os `sent`, depois os `delivered`, depois os `read`."""
    now = int(time.time())
    posts: list[SignedPost] = []
    for start in range(indices.start, indices.stop, BLOCK):
        block = range(start, min(start + BLOCK, indices.stop))
        for status in STATUS_SEQUENCE:
            for index in block:
                wa_id = recipient(index)
                item = status_item(status, wamid(run_tag, index, wa_id), wa_id, now)
                posts.append(signed(fake, notification(fake, item)))
    return posts


# ------------------------------------------------------------------------------------------------ banco


async def seed_sent_messages(
    conn: asyncpg.Connection, session_id: uuid.UUID, run_tag: int, indices: range, from_number: str
) -> int:
    """As mensagens de saída que os recibos vão atualizar, como o despacho as deixa: `sent`, com o wamid da Meta."""
    tenant_id = await conn.fetchval("SELECT tenant_id FROM whatsapp_sessions WHERE id = $1", session_id)
    if tenant_id is None:
        raise BenchError(f"a sessão {session_id} não está no banco do wacs")
    numbers = [recipient(index) for index in indices]
    ids = [wamid(run_tag, index, number) for index, number in zip(indices, numbers, strict=True)]
    await conn.execute(
        """
        INSERT INTO messages (id, tenant_id, session_id, message_id, from_number, to_number, message_type, content,
                              status, ai_processed, direction, provider, attempts, enable_ai, sent_at, created_at,
                              updated_at)
        SELECT gen_random_uuid(), $1, $2, t.pid, $3, t.contact, 'template',
               '{"template": {"name": "boas_vindas", "language": "pt_BR", "components": []}}'::jsonb,
               'sent', false, 'outbound', 'meta_api', 1, false, now(), now(), now()
        FROM unnest($4::text[], $5::text[]) AS t(pid, contact)
        """,
        tenant_id,
        session_id,
        from_number,
        ids,
        numbers,
    )
    return len(ids)


COUNT_QUERIES = {
    "baseline": "SELECT count(*) FROM bench_meta_statuses",
    "wacs": "SELECT count(*) FROM inbound_events WHERE kind = 'status'",
}


class RowCounter:
    """Conta as linhas de recibos brutos que cada servidor gravou (conexão direta ao banco de cada um)."""

    def __init__(self, urls: dict[str, str]) -> None:
        self.urls = urls
        self.conns: dict[str, asyncpg.Connection] = {}

    async def __aenter__(self) -> RowCounter:
        for key, url in self.urls.items():
            self.conns[key] = await asyncpg.connect(asyncpg_url(url), timeout=10)
        return self

    async def __aexit__(self, *_: object) -> None:
        for conn in self.conns.values():
            await conn.close()

    async def count(self, key: str) -> int:
        return int(await self.conns[key].fetchval(COUNT_QUERIES[key]))


# ------------------------------------------------------------------------------------------------ alvos


@dataclass
class Target:
    key: str
    label: str
    server: Server
    path: str


@dataclass
class Blast:
    """Uma rodada de POSTs num alvo."""

    posts: int
    elapsed: float
    latencies: list[float]  # ms, só os pedidos respondidos
    statuses: Counter[int]
    transport_errors: int
    cpu: float | None  # CPU do processo do servidor no intervalo
    client_cpu: float
    stored: int = 0

    @property
    def accepted(self) -> int:
        return self.statuses.get(OK, 0)

    @property
    def failures(self) -> int:
        return self.posts - self.accepted

    @property
    def rate(self) -> float:
        return self.accepted / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def cpu_us_per_post(self) -> float | None:
        return None if self.cpu is None or not self.posts else self.cpu / self.posts * 1e6


async def blast(target: Target, posts: list[SignedPost], concurrency: int) -> Blast:
    """Manda todos os POSTs com `concurrency` pedidos sempre em andamento (laço fechado) pelo cliente mínimo."""
    http = RawHttp(target.server, concurrency)
    pending = iter(posts)
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    errors = 0

    async def sender() -> None:
        nonlocal errors
        for body, headers in pending:
            began = time.perf_counter()
            try:
                status = await http.post(target.path, body, headers)
            except (OSError, TimeoutError, ConnectionError):
                errors += 1
                continue
            latencies.append((time.perf_counter() - began) * 1000)
            statuses[status] += 1

    cpu_before = target.server.cpu_seconds()
    client_before = time.process_time()
    started = time.perf_counter()
    try:
        await asyncio.gather(*(sender() for _ in range(concurrency)))
    finally:
        http.close()
    elapsed = time.perf_counter() - started
    cpu_after = target.server.cpu_seconds()
    cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    return Blast(len(posts), elapsed, latencies, statuses, errors, cpu, time.process_time() - client_before)


async def precheck(target: Target, fake: FakeGraph, post: SignedPost) -> None:
    """Antes da carga: sem assinatura → 401, assinatura errada → 403, assinado → 200 com 1 aceito, o mesmo de novo →
    200 com 1 duplicata. O alvo confere a assinatura sobre o corpo bruto e grava de verdade."""
    require_loopback_url(target.server.base_url)
    body, good = post
    bad = good | {"X-Hub-Signature-256": signature("outro-app-secret-0123456789", body)}
    checks: list[Check] = [
        ("sem assinatura", {"Content-Type": "application/json"}, 401, None),
        ("assinatura errada", bad, 403, None),
        ("assinado", good, OK, {"accepted": 1, "duplicates": 0, "ignored": 0}),
        ("repetido", good, OK, {"accepted": 0, "duplicates": 1, "ignored": 0}),
    ]
    await check_responses(target.server.base_url, target.path, target.label, body, checks)


# -------------------------------------------------------------------------------------------- drenagem


@dataclass
class Drain:
    seconds: float  # do início do worker até o último recibo processado
    active_seconds: float  # do primeiro recibo processado visto até o último
    events: int  # recibos processados pelo worker
    active_events: int  # … depois do primeiro visto
    worker_cpu: float | None  # CPU do worker entre o primeiro e o último recibo processado visto
    complete: bool
    touched: int = 0  # mensagens que receberam algum recibo
    found: int = 0  # … que existem no banco
    as_expected: int = 0  # … no status mais avançado que receberam
    read: int = 0  # … em `read`
    errors: int = 0  # eventos terminados com erro
    dead_jobs: int = 0

    @property
    def rate(self) -> float:
        return self.active_events / self.active_seconds if self.active_seconds > 0 else 0.0

    @property
    def cpu_us_per_event(self) -> float | None:
        if self.worker_cpu is None or not self.active_events:
            return None
        return self.worker_cpu / self.active_events * 1e6


def start_worker(workspace: Workspace, database_url: str, redis_url: str) -> Server:
    """`python -m wacs worker` com o mesmo ambiente da API (parado junto com o workspace)."""
    env = wacs_env(workspace.work_dir / "data-wacs", database_url, redis_url, REDIS_PREFIX)
    env |= {"META_ALLOW_PRIVATE_BASE_URL": "true"}
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
    server = Server("worker", process, f"http://{LOOPBACK}:0", log_path, log)
    workspace.servers.append(server)
    return server


PENDING_SQL = """
SELECT (SELECT count(*) FROM inbound_events WHERE kind = 'status' AND processed_at IS NULL) AS pending,
       (SELECT count(*) FROM inbound_events WHERE kind = 'status' AND processed_at IS NOT NULL) AS processed,
       (SELECT count(*) FROM jobs WHERE kind = 'inbound.process' AND status IN ('queued', 'running')) AS jobs
"""

# O status mais avançado que cada mensagem recebeu (pelos recibos gravados) contra o status dela no banco.
VERIFY_SQL = """
WITH received AS (
    SELECT payload->>'messageId' AS wamid,
           max(CASE payload->>'status' WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 END) AS rank
    FROM inbound_events WHERE kind = 'status' AND session_id = $1 GROUP BY 1
)
SELECT count(*) AS touched,
       count(m.id) AS found,
       count(*) FILTER (WHERE m.status = CASE r.rank WHEN 1 THEN 'sent' WHEN 2 THEN 'delivered' ELSE 'read' END)
           AS as_expected,
       count(*) FILTER (WHERE m.status = 'read') AS read
FROM received r LEFT JOIN messages m ON m.session_id = $1 AND m.message_id = r.wamid
"""


async def drain(workspace: Workspace, database_url: str, redis_url: str, session_id: uuid.UUID, limit: float) -> Drain:
    """Sobe o worker e espera não haver recibo sem processar nem job de processamento na fila; confere o resultado."""
    conn = await asyncpg.connect(asyncpg_url(database_url), timeout=10)
    try:
        before = await conn.fetchrow(PENDING_SQL)
        assert before is not None
        already = int(before["processed"])
        worker = start_worker(workspace, database_url, redis_url)
        spawned = time.perf_counter()
        first: tuple[float, int, float | None] | None = None
        last: tuple[float, int, float | None] = (spawned, already, None)
        complete = False
        next_report = spawned + 10
        while time.perf_counter() - spawned < limit:
            if worker.process.poll() is not None:
                raise BenchError(f"o worker terminou durante a drenagem:\n{worker.log_tail()}")
            row = await conn.fetchrow(PENDING_SQL)
            assert row is not None
            now, processed = time.perf_counter(), int(row["processed"])
            cpu = process_cpu_seconds(worker.process.pid)
            if first is None and processed > already:
                first = (now, processed, cpu)
            if processed != last[1]:
                last = (now, processed, cpu)
            if row["pending"] == 0 and row["jobs"] == 0:
                complete = True
                last = (now, processed, cpu)
                break
            if now >= next_report:
                print(
                    f"               {now - spawned:5.0f} s: processados {processed - already},"
                    f" pendentes {row['pending']}",
                    flush=True,
                )
                next_report += 10
            await asyncio.sleep(DRAIN_POLL_SECONDS)
        if first is None:
            first = last
        cpu_used = None if first[2] is None or last[2] is None else last[2] - first[2]
        result = Drain(
            seconds=last[0] - spawned,
            active_seconds=last[0] - first[0],
            events=last[1] - already,
            active_events=last[1] - first[1],
            worker_cpu=cpu_used,
            complete=complete,
        )
        checked = await conn.fetchrow(VERIFY_SQL, session_id)
        assert checked is not None
        result.touched, result.found = int(checked["touched"]), int(checked["found"])
        result.as_expected, result.read = int(checked["as_expected"]), int(checked["read"])
        result.errors = int(await conn.fetchval("SELECT count(*) FROM inbound_events WHERE error IS NOT NULL"))
        result.dead_jobs = int(await conn.fetchval("SELECT count(*) FROM jobs WHERE status = 'dead'"))
        return result
    finally:
        await conn.close()


# ----------------------------------------------------------------------------------------------- medição


@dataclass
class Plan:
    baseline: Target
    wacs: Target
    fake: FakeGraph
    concurrency: int
    messages: int
    rounds: int
    warmup: int
    run_tag: int
    drain_timeout: float
    next_index: int = 0
    results: dict[str, list[Blast]] = field(default_factory=dict)

    @property
    def targets(self) -> tuple[Target, Target]:
        return self.baseline, self.wacs

    def take(self, count: int) -> range:
        indices = range(self.next_index, self.next_index + count)
        self.next_index += count
        return indices


def blast_line(prefix: str, target: Target, result: Blast) -> str:
    line = (
        f"  {prefix:<13} {target.label:<34} {result.rate:>7.0f} POSTs/s"
        f"  p50 {percentile(result.latencies, 0.5):6.1f} ms  p99 {percentile(result.latencies, 0.99):7.1f} ms"
        f"  gravados {result.stored}/{result.accepted}"
    )
    if result.failures:
        line += f"  FALHAS {result.failures} {dict(result.statuses)} erros de transporte {result.transport_errors}"
    return line


async def measure(plan: Plan, counter: RowCounter) -> None:
    precheck_index = plan.take(1)
    post = receipt_posts(plan.fake, plan.run_tag, precheck_index)[1]  # o `delivered` da mensagem reservada
    for target in plan.targets:
        await precheck(target, plan.fake, post)
    print("  conferência: os dois alvos recusam pedido sem assinatura (401) e com assinatura errada (403),", flush=True)
    print("               aceitam o assinado (200, 1 aceito) e contam a repetição como duplicata", flush=True)
    if plan.warmup:
        posts = receipt_posts(plan.fake, plan.run_tag, plan.take(plan.warmup))
        for target in plan.targets:
            await blast(target, posts, plan.concurrency)
    for number in range(1, plan.rounds + 1):
        posts = receipt_posts(plan.fake, plan.run_tag, plan.take(plan.messages))
        for target in plan.targets:
            before = await counter.count(target.key)
            result = await blast(target, posts, plan.concurrency)
            result.stored = await counter.count(target.key) - before
            if target.server.process.poll() is not None:
                raise BenchError(
                    f"o processo {target.server.name} terminou durante a medição:\n{target.server.log_tail()}"
                )
            plan.results.setdefault(target.key, []).append(result)
            print(blast_line(f"rodada {number}/{plan.rounds}", target, result), flush=True)


# ----------------------------------------------------------------------------------------------- relatório


def report(plan: Plan, drained: Drain) -> int:
    base_runs, wacs_runs = plan.results["baseline"], plan.results["wacs"]
    ratios = [w.rate / b.rate for w, b in zip(wacs_runs, base_runs, strict=True) if b.rate]
    ratio = statistics.median(ratios) if ratios else float("nan")
    base_rate = statistics.median(r.rate for r in base_runs)
    wacs_rate = statistics.median(r.rate for r in wacs_runs)

    rows: list[tuple[str, str, str, str, str]] = [
        ("referência: webhooks/s (= recibos/s)", num(base_rate), "—", ratio_text(1.0), "(referência)"),
        (
            "wacs: webhooks/s (= recibos/s)",
            num(wacs_rate),
            f"≥ {num(TARGET_RATIO, 2)}× referência",
            ratio_text(ratio),
            verdict(ratio >= TARGET_RATIO),
        ),
    ]
    rows += latency_rows("", [x for r in base_runs for x in r.latencies], [x for r in wacs_runs for x in r.latencies])
    problems = 0
    for key, label in (("baseline", "referência"), ("wacs", "wacs")):
        runs = plan.results[key]
        failures = sum(r.failures for r in runs)
        statuses: Counter[int] = Counter()
        for r in runs:
            statuses.update(r.statuses)
        transport = sum(r.transport_errors for r in runs)
        detail = ", ".join(f"HTTP {code}: {n}" for code, n in sorted(statuses.items()) if code != OK)
        if transport:
            detail = ", ".join(x for x in (detail, f"transporte: {transport}") if x)
        measured = f"{failures}" + (f" ({detail})" if detail else "")
        rows.append((f"{label}: respostas não-200", measured, "0", "—", verdict(not failures)))
        stored, accepted = sum(r.stored for r in runs), sum(r.accepted for r in runs)
        rows.append(
            (
                f"{label}: linhas gravadas / POSTs aceitos",
                f"{num(stored)} / {num(accepted)}",
                "iguais",
                "—",
                verdict(stored == accepted),
            )
        )
        problems += failures + (stored != accepted)
    for key, label in (("baseline", "referência"), ("wacs", "wacs")):
        cpu = [c for r in plan.results[key] if (c := r.cpu_us_per_post) is not None]
        rows.append(
            (
                f"{label}: CPU do servidor por webhook (µs)",
                "—" if not cpu else num(statistics.median(cpu)),
                "—",
                "—",
                "(informativo)",
            )
        )
    rows.append(
        (
            "envio suportado pela ingestão (msg/s)",
            num(wacs_rate / STATUSES_PER_MESSAGE),
            "—",
            "—",
            "(recibos/s ÷ 3)",
        )
    )
    drain_ok = drained.complete and drained.errors == 0 and drained.dead_jobs == 0
    rows.append(
        (
            "drenagem: tempo até o último processado (s)",
            num(drained.seconds, 1),
            f"< {num(plan.drain_timeout)} s",
            "—",
            verdict(drained.complete),
        )
    )
    rows.append(("drenagem: recibos processados/s", num(drained.rate), "—", "—", "(informativo)"))
    worker_us = drained.cpu_us_per_event
    rows.append(
        (
            "drenagem: CPU do worker por recibo (µs)",
            "—" if worker_us is None else num(worker_us),
            "—",
            "—",
            "(informativo)",
        )
    )
    rows.append(
        (
            "envio suportado pelo processamento (msg/s)",
            num(drained.rate / STATUSES_PER_MESSAGE),
            "—",
            "—",
            "(processados/s ÷ 3)",
        )
    )
    rows.append(
        (
            "mensagens no status do último recibo",
            f"{num(drained.as_expected)} / {num(drained.touched)}",
            "todas",
            "—",
            verdict(drained.touched > 0 and drained.as_expected == drained.touched == drained.found),
        )
    )
    rows.append(("  … delas em `read`", num(drained.read), "—", "—", "(informativo)"))
    rows.append(
        (
            "eventos com erro / jobs mortos",
            f"{drained.errors} / {drained.dead_jobs}",
            "0 / 0",
            "—",
            verdict(drain_ok),
        )
    )
    problems += (not drain_ok) + (drained.as_expected != drained.touched or drained.found != drained.touched)

    print()
    print_table(
        f"Resultado (1 recibo por POST; webhooks/s: mediana das {plan.rounds} rodadas; razão wacs/referência: mediana"
        " das razões por rodada; latência: todos os pedidos das rodadas)",
        rows,
    )
    print()
    print(
        f"Razão wacs/referência: {num(ratio, 2)}× (meta ≥ {num(TARGET_RATIO, 2)}×: {verdict(ratio >= TARGET_RATIO)});"
        f" razões por rodada: {', '.join(num(x, 2) for x in ratios)}"
    )
    print(
        f"  em laço fechado a latência média é conexões ÷ vazão: {plan.concurrency} conexões a {num(wacs_rate)}/s"
        f" = {num(plan.concurrency / wacs_rate * 1000) if wacs_rate else '—'} ms no wacs"
    )
    print(
        f"Drenagem: {num(drained.events)} recibos processados em {num(drained.seconds, 1)} s desde o início do worker"
        f" (inclui ~1–2 s de inicialização do processo); {num(drained.rate)}/s do primeiro ao último processado;"
        f" {num(drained.read)} de {num(drained.touched)} mensagens em `read`"
    )
    print()
    print(
        "Notas: o wacs roda SEM worker durante a medição (RUN_WORKER=false): mede só a ingestão (número na tabela em\n"
        "memória, assinatura pelo app secret da sessão, notificação convertida, recibo bruto e job num só comando);\n"
        "o processamento é medido à parte, na drenagem, por um `python -m wacs worker` sozinho na máquina. Com o\n"
        "worker embutido (make run) os dois dividem a CPU: o ritmo sustentado fica abaixo dos dois números.\n"
        "A referência confere a mesma assinatura, valida a notificação e faz um INSERT (chave única número + id).\n"
        "Cliente, servidores, PostgreSQL e Redis dividem os mesmos núcleos; a razão compara os dois servidores nas\n"
        "mesmas condições. A CPU por webhook é só a do processo uvicorn; o relógio do /proc anda em passos de 10 ms.\n"
        "O que este benchmark NÃO mostra: o ritmo e as rajadas reais da Meta (ela agrupa recibos em lotes às vezes,\n"
        "repete por até 7 dias o que não recebeu 200, e o atraso entre sent, delivered e read é de segundos a\n"
        "horas), a latência da internet até o serviço e o TLS; nem preço ou cobrança (o `pricing` dos recibos é\n"
        "gravado, não conferido) nem os níveis de mensageria do número."
    )
    if problems:
        print(
            "\nATENÇÃO: houve respostas diferentes de 200, linhas gravadas que não batem com os POSTs aceitos ou"
            " recibos não processados como esperado; o resultado não é confiável."
        )
    return 1 if problems else 0


# ----------------------------------------------------------------------------------------------- principal


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Webhooks da Meta recebidos por segundo no wacs contra um FastAPI com assinatura + um INSERT,"
        " e o processamento dos recibos depois."
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL, help="PostgreSQL (só 127.0.0.1)")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="Redis (só 127.0.0.1)")
    parser.add_argument("--concurrency", type=int, default=64, help="pedidos simultâneos (padrão 64)")
    parser.add_argument(
        "--messages", type=int, default=3000, help="mensagens por rodada, 3 recibos cada (padrão 3000 = 9000 POSTs)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rodadas alternadas (padrão 3)")
    parser.add_argument(
        "--warmup-messages", type=int, default=300, help="mensagens do aquecimento de cada alvo (padrão 300; 0 desliga)"
    )
    parser.add_argument(
        "--drain-timeout", type=float, default=180.0, help="limite da drenagem pelo worker, em segundos (padrão 180)"
    )
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 512:
        parser.error("--concurrency deve estar entre 1 e 512")
    if not 100 <= args.messages <= 100_000:
        parser.error("--messages deve estar entre 100 e 100000")
    if not 1 <= args.rounds <= 10:
        parser.error("--rounds deve estar entre 1 e 10")
    if not 0 <= args.warmup_messages <= 10_000:
        parser.error("--warmup-messages deve estar entre 0 e 10000")
    if not 10 <= args.drain_timeout <= 1800:
        parser.error("--drain-timeout deve estar entre 10 e 1800 segundos")
    return args


async def prepare_session(wacs: Server, fake: FakeGraph) -> uuid.UUID:
    async with tenant_client(wacs.base_url) as client:
        token = await login(client)
        auth = {"Authorization": f"Bearer {token}"}
        await raise_rate_limit(client, auth)
        session = await connect_meta(client, auth, fake, 80, "bench-meta-webhooks")
    return uuid.UUID(str(session["id"]))


async def benchmark(
    plan: Plan, workspace: Workspace, database_url: str, baseline_url: str, redis_url: str, session_id: uuid.UUID
) -> Drain:
    total = 1 + plan.warmup + plan.rounds * plan.messages
    conn = await asyncpg.connect(asyncpg_url(database_url), timeout=10)
    try:
        started = time.perf_counter()
        await seed_sent_messages(conn, session_id, plan.run_tag, range(total), plan.fake.display_phone_number)
        print(
            f"  preparo:     {num(total)} mensagens enviadas (status sent, wamid da Meta) gravadas por SQL em"
            f" {num(time.perf_counter() - started, 1)} s",
            flush=True,
        )
    finally:
        await conn.close()
    async with RowCounter({"baseline": baseline_url, "wacs": database_url}) as counter:
        await measure(plan, counter)
    print("  drenagem:    `python -m wacs worker` processa os recibos recebidos pelo wacs", flush=True)
    return await drain(workspace, database_url, redis_url, session_id, plan.drain_timeout)


def main() -> int:
    args = parse_args()
    database_url: str = args.database_url
    redis_url: str = args.redis_url
    baseline_url = sibling_database(database_url, "_base")
    try:
        require_local(database_url, "--database-url")
        require_local(redis_url, "--redis-url")
        with Workspace(
            False, databases=[database_url, baseline_url], redis_url=redis_url, redis_prefix=REDIS_PREFIX
        ) as workspace:
            wacs = workspace.start_wacs(
                database_url, redis_url, name="wacs", RUN_WORKER="false", META_ALLOW_PRIVATE_BASE_URL="true"
            )
            fake = start_fake_graph(
                workspace,
                "meta-falsa",
                phone_number_id=PHONE_NUMBER_ID,
                display_phone_number=DISPLAY_PHONE,
                mps=80,
                latency_ms=0,
            )
            baseline = workspace.start_bench_app(
                "referencia", "bare_meta_app", BENCH_DATABASE_URL=baseline_url, BENCH_APP_SECRET=fake.app_secret
            )
            wait_ready(wacs, "/health")
            wait_ready(baseline, "/health")
            session_id = run(prepare_session(wacs, fake))
            plan = Plan(
                baseline=Target("baseline", f"POST {BARE_PATH} (FastAPI)", baseline, BARE_PATH),
                wacs=Target("wacs", f"POST {WACS_PATH}", wacs, WACS_PATH),
                fake=fake,
                concurrency=args.concurrency,
                messages=args.messages,
                rounds=args.rounds,
                warmup=args.warmup_messages,
                run_tag=int.from_bytes(uuid.uuid4().bytes[:3], "big"),
                drain_timeout=args.drain_timeout,
            )
            print("Webhooks da Meta recebidos: wacs × FastAPI com X-Hub-Signature-256 e um INSERT")
            print(f"  modo:        PostgreSQL + Redis ({database_url}, {redis_url}); referência em {baseline_url}")
            print(
                f"  carga:       {args.concurrency} pedidos simultâneos (cliente RawHttp), {args.rounds} rodadas ×"
                f" {num(args.messages)} mensagens × 3 recibos = {num(args.messages * 3)} POSTs por alvo e rodada;"
                f" aquecimento {num(args.warmup_messages * 3)} POSTs por alvo"
            )
            print(
                "  wacs:        SEM worker (RUN_WORKER=false) na medição; sessão meta_api criada por"
                f" /sessions/initialize contra a Meta falsa em {fake.server.base_url}"
            )
            print(f"  máquina:     {machine_line()}")
            print()
            drained = run(benchmark(plan, workspace, database_url, baseline_url, redis_url, session_id))
            return report(plan, drained)
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
