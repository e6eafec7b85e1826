"""Benchmark: `python -m wacs backup` e `restore` de uma instalação com 1 milhão de mensagens.

Mede, na MESMA execução e na mesma máquina, o backup e a restauração do wacs contra a referência crua do banco:

- PostgreSQL: `pg_dump -Fc` puro do mesmo banco e `pg_restore` puro num banco novo (o wacs faz o mesmo mais o
  instantâneo exportado com as contagens, os segredos, a mídia e a conferência das linhas);
- SQLite (`--embedded`): a cópia simples do arquivo do banco, nos dois sentidos.

Razão = tempo do wacs / tempo da referência. O banco é semeado com 1 tenant, 1 sessão, 1.000 conversas e
`--messages` mensagens (padrão 1.000.000) de textos curtos variados, o formato que `messages` tem em produção.

Padrão: PostgreSQL `postgresql://postgres@127.0.0.1:5432/wacs_bench_backup` (mais `…_restaurado` e `…_base`,
recriados e apagados pelo benchmark). Uso: `.venv/bin/python bench/backup_restore.py [--embedded] [--messages N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from _common import (
    SERVER_DIR,
    BenchError,
    asyncpg_url,
    machine_line,
    python_bin,
    recreate_database,
    require_local,
    sibling_database,
)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/wacs_bench_backup"


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(SERVER_DIR),
        "DATA_DIR": str(data_dir),
        "LOG_LEVEL": "WARNING",
    }
    env["DATABASE_URL"] = database_url or ""
    env.pop("REDIS_URL", None)
    return env


def _wacs(args: list[str], data_dir: Path, database_url: str | None) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [python_bin(), "-m", "wacs", *args],
        cwd=data_dir,
        env=_env(data_dir, database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise BenchError(f"wacs {' '.join(args)} falhou: {result.stderr.strip()[-500:]}")
    return elapsed


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BenchError(f"{command[0]} falhou: {result.stderr.strip()[-500:]}")
    return time.perf_counter() - started


def _seed_sql(tenant: uuid.UUID, session: uuid.UUID, messages: int) -> list[str]:
    """Semeadura no PostgreSQL por generate_series (segundos, não minutos, para 1 milhão)."""
    return [
        (
            f"INSERT INTO tenants (id, client_id, name, settings, is_active, created_at, updated_at) VALUES "
            f"('{tenant}', 'bench', 'Benchmark', '{{}}', true, now(), now())"
        ),
        (
            "INSERT INTO whatsapp_sessions (id, tenant_id, phone_number, provider_type, is_active, status, "
            f"created_at, updated_at) VALUES ('{session}', '{tenant}', '5511988880000', 'sandbox', true, "
            "'connected', now(), now())"
        ),
        (
            "INSERT INTO conversations (id, tenant_id, session_id, contact_number, unread_count, created_at, "
            "updated_at) "
            f"SELECT gen_random_uuid(), '{tenant}', '{session}', '55119' || lpad(i::text, 8, '0'), 0, now(), now() "
            "FROM generate_series(1, 1000) AS i"
        ),
        (
            "INSERT INTO messages (id, tenant_id, session_id, message_id, from_number, to_number, message_type, "
            "content, status, ai_processed, direction, provider, attempts, enable_ai, created_at, updated_at, sent_at) "
            f"SELECT gen_random_uuid(), '{tenant}', '{session}', 'sbx-' || i, '5511988880000', "
            "'55119' || lpad((i % 1000)::text, 8, '0'), 'text', "
            "jsonb_build_object('text', 'Olá, seu pedido ' || i || ' saiu para entrega hoje.'), 'sent', false, "
            "'outbound', 'sandbox', 1, false, now() - (i || ' seconds')::interval, now(), now() "
            f"FROM generate_series(1, {messages}) AS i"
        ),
        "ANALYZE",
    ]


async def _seed_postgres(url: str, messages: int) -> None:
    import asyncpg

    connection = await asyncpg.connect(asyncpg_url(url))
    try:
        for statement in _seed_sql(uuid.uuid4(), uuid.uuid4(), messages):
            await connection.execute(statement)
    finally:
        await connection.close()


def _seed_sqlite(path: Path, messages: int) -> None:
    """No SQLite, pelo Core do SQLAlchemy com as tabelas do wacs: os tipos (uuid, datas, JSON) gravados como o
    serviço grava."""
    sys.path.insert(0, str(SERVER_DIR))
    from sqlalchemy import create_engine, insert
    from wacs.models import Conversation, Message, Tenant, WhatsAppSession

    engine = create_engine(f"sqlite:///{path}")
    now = datetime.now(UTC)
    tenant, session = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            insert(Tenant),
            [
                {
                    "id": tenant,
                    "client_id": "bench",
                    "name": "Benchmark",
                    "settings": {},
                    "is_active": True,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        connection.execute(
            insert(WhatsAppSession),
            [
                {
                    "id": session,
                    "tenant_id": tenant,
                    "phone_number": "5511988880000",
                    "provider_type": "sandbox",
                    "is_active": True,
                    "status": "connected",
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        connection.execute(
            insert(Conversation),
            [
                {
                    "id": uuid.uuid4(),
                    "tenant_id": tenant,
                    "session_id": session,
                    "contact_number": f"55119{i:08d}",
                    "unread_count": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(1000)
            ],
        )
        for start in range(0, messages, 20_000):
            rows = [
                {
                    "id": uuid.uuid4(),
                    "tenant_id": tenant,
                    "session_id": session,
                    "message_id": f"sbx-{i}",
                    "from_number": "5511988880000",
                    "to_number": f"55119{i % 1000:08d}",
                    "message_type": "text",
                    "content": {"text": f"Olá, seu pedido {i} saiu para entrega hoje."},
                    "status": "sent",
                    "ai_processed": False,
                    "direction": "outbound",
                    "provider": "sandbox",
                    "attempts": 1,
                    "enable_ai": False,
                    "created_at": now - timedelta(seconds=i),
                    "updated_at": now,
                    "sent_at": now,
                }
                for i in range(start, min(start + 20_000, messages))
            ]
            connection.execute(insert(Message), rows)
    engine.dispose()


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1_048_576:.0f} MiB"


async def bench_postgres(url: str, messages: int, work: Path) -> list[str]:
    restored_url = sibling_database(url, "_restaurado")
    baseline_url = sibling_database(url, "_base")
    for target in (url, restored_url, baseline_url):
        await recreate_database(target, create=True)
    try:
        source_dir, target_dir = work / "origem", work / "destino"
        source_dir.mkdir()
        target_dir.mkdir()
        wacs_url = url.replace("postgresql://", "postgresql+asyncpg://")
        _wacs(["migrate"], source_dir, wacs_url)
        started = time.perf_counter()
        await _seed_postgres(url, messages)
        print(f"semeadura: {messages:,} mensagens em {time.perf_counter() - started:.1f} s".replace(",", "."))

        raw = work / "puro.pgdump"
        archive = work / "wacs.tar"
        raw_dump = _timed(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(raw),
                url,
            ]
        )
        ours_dump = _wacs(["backup", str(archive)], source_dir, wacs_url)
        raw_restore = _timed(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                baseline_url,
                str(raw),
            ]
        )
        ours_restore = _wacs(
            ["restore", str(archive)],
            target_dir,
            restored_url.replace("postgresql://", "postgresql+asyncpg://"),
        )
    finally:
        for target in (url, restored_url, baseline_url):
            await recreate_database(target, create=False)
    return [
        f"PostgreSQL, {messages:,} mensagens (arquivo {_size(archive)}; pg_dump puro {_size(raw)}):".replace(",", "."),
        f"  backup     wacs {ours_dump:6.1f} s | pg_dump puro    {raw_dump:6.1f} s | razão {ours_dump / raw_dump:.2f}",
        (
            f"  restauração wacs {ours_restore:6.1f} s | pg_restore puro {raw_restore:6.1f} s | "
            f"razão {ours_restore / raw_restore:.2f}"
        ),
    ]


def bench_sqlite(messages: int, work: Path) -> list[str]:
    source_dir, target_dir = work / "origem", work / "destino"
    source_dir.mkdir()
    target_dir.mkdir()
    _wacs(["migrate"], source_dir, None)
    started = time.perf_counter()
    _seed_sqlite(source_dir / "wacs.db", messages)
    print(f"semeadura: {messages:,} mensagens em {time.perf_counter() - started:.1f} s".replace(",", "."))
    archive = work / "wacs.tar"
    started = time.perf_counter()
    shutil.copyfile(source_dir / "wacs.db", work / "copia.db")
    raw_copy = time.perf_counter() - started
    ours_dump = _wacs(["backup", str(archive)], source_dir, None)
    started = time.perf_counter()
    shutil.copyfile(work / "copia.db", work / "copia-de-volta.db")
    raw_back = time.perf_counter() - started
    ours_restore = _wacs(["restore", str(archive)], target_dir, None)
    return [
        f"SQLite, {_count(messages)} mensagens (arquivo {_size(archive)}):",
        f"  backup      wacs {ours_dump:6.1f} s | cópia do arquivo {raw_copy:6.1f} s | "
        f"razão {ours_dump / raw_copy:.1f}",
        (
            f"  restauração wacs {ours_restore:6.1f} s | cópia do arquivo {raw_back:6.1f} s | "
            f"razão {ours_restore / raw_back:.1f}"
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description="Backup e restauração do wacs com 1 milhão de mensagens.")
    parser.add_argument("--embedded", action="store_true", help="SQLite em vez de PostgreSQL")
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
    )
    args = parser.parse_args()
    print(machine_line())
    try:
        with tempfile.TemporaryDirectory(prefix="wacs-bench-backup-") as workdir:
            if args.embedded:
                lines = bench_sqlite(args.messages, Path(workdir))
            else:
                require_local(args.database_url, "--database-url")
                if shutil.which("pg_dump") is None:
                    raise BenchError("pg_dump não encontrado: instale o cliente do PostgreSQL.")
                lines = asyncio.run(bench_postgres(args.database_url, args.messages, Path(workdir)))
    except BenchError as exc:
        print(f"erro: {exc}", file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
