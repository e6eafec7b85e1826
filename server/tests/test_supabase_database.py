"""Supabase como banco e Storage (docs/supabase.md, "Banco e Storage no Supabase"): as URLs que o painel do Supabase
fornece viram a configuração certa do asyncpg, as migrations vão pela conexão de sessão, e a mídia vai ao Storage
pelo endpoint compatível com S3 (caminho `/storage/v1/s3`, estilo path, assinatura SigV4 sobre o caminho inteiro).

O pooler de verdade (PgBouncer em modo transação) está em `test_supabase_pooler.py`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx

from tests.conftest import make_settings
from tests.test_media import PNG, FakeS3
from wacs.kit.db import database_target
from wacs.kit.migrate import migrate_configured
from wacs.media.store import S3MediaStore, create_media_store

REF = "abcdefghijklmnopqrst"
TRANSACTION = f"postgresql://postgres.{REF}:senha@aws-0-sa-east-1.pooler.supabase.com:6543/postgres"
SESSION = f"postgresql://postgres.{REF}:senha@aws-0-sa-east-1.pooler.supabase.com:5432/postgres"
DIRECT = f"postgresql://postgres:senha@db.{REF}.supabase.co:5432/postgres"


class TestSupabaseUrls:
    def test_transaction_pooler_turns_the_statement_cache_off(self) -> None:
        for url in (f"{TRANSACTION}?sslmode=require", f"{TRANSACTION}?ssl=require"):
            target = database_target(url)
            assert target.url.drivername == "postgresql+asyncpg"
            assert target.connect_args["statement_cache_size"] == 0
            assert target.url.query["prepared_statement_cache_size"] == "0"
            # Nomes únicos: um statement sem nome repetido entre as conexões do servidor que o pooler alterna.
            name = target.connect_args["prepared_statement_name_func"]
            assert name() != name()

    def test_ssl_require_in_both_spellings(self) -> None:
        # `sslmode` (o do libpq, como o painel mostra) vira o `ssl` do asyncpg; `ssl=require` segue direto.
        assert database_target(f"{TRANSACTION}?sslmode=require").connect_args["ssl"] == "require"
        kept = database_target(f"{TRANSACTION}?ssl=require")
        assert kept.url.query["ssl"] == "require" and "ssl" not in kept.connect_args
        assert database_target(f"{DIRECT}?sslmode=verify-full").connect_args["ssl"].verify_mode.name == "CERT_REQUIRED"
        # Na loopback sem nada, sem TLS; com `ssl=require` explícito, ele vale (antes era trocado por ssl=False).
        assert database_target("postgresql://u@127.0.0.1:6543/db").connect_args["ssl"] is False
        local = database_target("postgresql://u@127.0.0.1:6543/db?ssl=require")
        assert local.url.query["ssl"] == "require" and "ssl" not in local.connect_args

    def test_session_pooler_and_direct_connection_keep_the_cache(self) -> None:
        for url in (SESSION, DIRECT):
            target = database_target(f"{url}?sslmode=require")
            assert "statement_cache_size" not in target.connect_args
            assert "prepared_statement_cache_size" not in target.url.query

    def test_pgbouncer_flag_or_forced_off_for_other_ports(self) -> None:
        assert (
            database_target("postgresql://u@pooler.interno:6432/db?pgbouncer=true").connect_args["statement_cache_size"]
            == 0
        )
        assert database_target("postgresql://u@pooler.interno:6432/db", "off").connect_args["statement_cache_size"] == 0
        assert "statement_cache_size" not in database_target(f"{TRANSACTION}", "on").connect_args


async def test_migrations_go_through_the_session_url(tmp_path: Path) -> None:
    """Com DATABASE_SESSION_URL, `migrate`/`serve` migram por ela (nunca pelo pooler da DATABASE_URL)."""
    app_db, session_db = tmp_path / "app.db", tmp_path / "sessao.db"
    settings = make_settings(
        tmp_path,
        f"sqlite:///{app_db}",
        None,
        database_session_url=f"sqlite:///{session_db}",
    )
    await migrate_configured(settings)
    with sqlite3.connect(session_db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"messages", "jobs", "tenants"} <= tables
    assert not app_db.exists()
    assert settings.resolved_session_database_url == f"sqlite:///{session_db}"
    assert make_settings(tmp_path, f"sqlite:///{app_db}", None).resolved_session_database_url == f"sqlite:///{app_db}"


async def test_media_on_supabase_storage_s3_endpoint(tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path,
        None,
        None,
        media_storage="s3",
        media_s3_endpoint=f"https://{REF}.supabase.co/storage/v1/s3",
        media_s3_bucket="wacs-midia",
        media_s3_access_key_id="chave-de-acesso",
        media_s3_secret_access_key="segredo-de-acesso",
        media_s3_region="sa-east-1",
        media_s3_addressing_style="path",
    )
    store = create_media_store(settings)
    assert isinstance(store, S3MediaStore)
    fake = FakeS3(store.config)  # confere a assinatura SigV4 de cada requisição, com o caminho inteiro
    async with httpx.AsyncClient(transport=httpx.MockTransport(fake.handler)) as client:
        store._client = client
        key = "t/2026/12/arquivo"
        await store.put(key, PNG, "image/png")
        assert str(fake.requests[-1].url) == f"https://{REF}.supabase.co/storage/v1/s3/wacs-midia/t/2026/12/arquivo"
        assert (
            fake.requests[-1].headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=chave-de-acesso/")
            and "/sa-east-1/s3/aws4_request" in fake.requests[-1].headers["authorization"]
        )
        assert await store.get(key) == PNG
        assert await store.exists(key)
        await store.delete(key)
        assert not await store.exists(key)
