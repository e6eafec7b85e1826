"""Backup e restauração (`python -m wacs backup|restore`): o exercício completo — encher um tenant, fazer o backup com o
serviço gravando, apagar tudo, restaurar num banco novo e ver a API servir os mesmos dados, com as credenciais
guardadas ainda decifráveis e os tokens ainda válidos — e as recusas que protegem quem restaura."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import BACKEND, RUN_ID, Actor, make_settings
from tests.databases import REDIS_URL, drop_database, recreate_database
from tests.messaging_helpers import NO_RECEIPTS, PNG, connect_sandbox, isolated_app, wait_no_send_jobs
from wacs import backup
from wacs.config import Settings
from wacs.main import create_app

SERVER_DIR = Path(__file__).resolve().parent.parent


@contextlib.asynccontextmanager
async def fresh_target(root: Path) -> AsyncIterator[Settings]:
    """Configuração de uma instalação nova e vazia: outro DATA_DIR e, no PostgreSQL, outro banco."""
    root.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240
    name = None
    if BACKEND == "postgres":
        name = f"wacs_test_{RUN_ID}_restore_{uuid.uuid4().hex[:10]}"
        settings = make_settings(root, await recreate_database(name), REDIS_URL, webhook_allow_private=True)
    else:
        settings = make_settings(root, None, None, webhook_allow_private=True)
    try:
        yield settings
    finally:
        if name is not None:
            await drop_database(name)


@contextlib.asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.21", 4321))
        async with httpx.AsyncClient(transport=transport, base_url="http://restaurado", timeout=30) as client:
            yield client


async def _snapshot(client: httpx.AsyncClient, admin: Actor, api_key: dict[str, str]) -> dict[str, Any]:
    messages = (await client.get("/api/v1/messages", headers=admin.headers, params={"limit": 200})).json()["items"]
    image = next(m for m in messages if m["type"] == "image")
    media = await client.get(f"/api/v1/media/{image['content']['media']['mediaId']}/content", headers=admin.headers)
    return {
        "messages": {m["messageId"]: (m["status"], m["content"]) for m in messages},
        "sessions": (await client.get("/api/v1/sessions/status", headers=admin.headers)).json(),
        "webhooks": (await client.get("/api/v1/webhooks/endpoints", headers=admin.headers)).json(),
        "users": (await client.get("/api/v1/users", headers=admin.headers)).json()["total"],
        "media": media.content,
        "byKey": (await client.get("/api/v1/messages", headers=api_key, params={"limit": 1})).status_code,
    }


async def test_backup_with_service_running_then_restore_into_a_fresh_database(tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar"
    source_dir = tmp_path / "origem"
    # O webhook aponta para uma porta fechada em 127.0.0.1: as entregas falham sem nada sair da máquina.
    async with isolated_app(source_dir, webhook_allow_private=True) as iso:
        client = iso.client
        tenant = await iso.factory.tenant()
        admin = await iso.factory.actor(tenant, "admin")
        api_key = await iso.factory.api_key(admin, ["messages:read"])
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        for i in range(5):
            sent = await client.post(
                "/api/v1/messages/text", headers=admin.headers, json={"to": f"551197777000{i}", "content": f"oi {i}"}
            )
            assert sent.status_code in {200, 202}, sent.text
        upload = await client.post("/api/v1/media", headers=admin.headers, files={"file": ("a.png", PNG, "image/png")})
        assert upload.status_code == 201, upload.text
        image = await client.post(
            "/api/v1/messages/media",
            headers=admin.headers,
            data={"to": "5511977770009", "type": "image", "mediaId": upload.json()["id"], "caption": "foto"},
        )
        assert image.status_code in {200, 202}, image.text
        hook = await client.post(
            "/api/v1/webhooks/endpoints",
            headers=admin.headers,
            json={"url": "http://127.0.0.1:9/ganchos", "events": ["message.status"]},
        )
        assert hook.status_code == 201, hook.text
        await wait_no_send_jobs(iso.ctx, tenant.id)
        before = await _snapshot(client, admin, api_key)
        assert before["sessions"][0]["id"] == session["id"] and before["sessions"][0]["config"]

        # A quente: envios chegando enquanto o backup roda.
        async def keep_sending() -> int:
            accepted = 0
            for i in range(20):
                response = await client.post(
                    "/api/v1/messages/text",
                    headers=admin.headers,
                    json={"to": "5511966660000", "content": f"durante {i}"},
                )
                accepted += response.status_code in {200, 202}
            return accepted

        writer = asyncio.create_task(keep_sending())
        report = await backup.backup(iso.settings, archive)
        assert await writer == 20
        assert report.rows["messages"] >= 6 and report.media_files >= 1
        assert {"encryption_keys", "jwt_secret"} <= set(report.secrets)
    assert os.stat(archive).st_mode & 0o077 == 0  # só o dono lê: o arquivo tem os segredos

    # Tudo apagado: o DATA_DIR (segredos, mídia, SQLite) e, no PostgreSQL, o banco (isolated_app o derruba ao sair).
    shutil.rmtree(source_dir)
    async with fresh_target(tmp_path / "destino") as target:
        restored = await backup.restore(target, archive)
        with tarfile.open(archive) as opened:
            manifest = backup.read_manifest(opened)
        # O manifesto conta o mesmo instantâneo que foi gravado: a restauração tem exatamente essas linhas.
        assert restored.rows == manifest["rows"]
        assert manifest["backend"] == BACKEND.replace("postgres", "postgresql")
        async with serving(target) as client:
            # O token emitido antes do backup continua válido (segredo do JWT restaurado) e a configuração cifrada da
            # sessão é lida (chaves de criptografia restauradas).
            after = await _snapshot(client, admin, api_key)
            assert after["sessions"] == before["sessions"]
            assert after["webhooks"] == before["webhooks"]
            assert after["users"] == before["users"]
            assert after["media"] == PNG == before["media"]
            assert after["byKey"] == 200
            for message_id, value in before["messages"].items():
                assert after["messages"][message_id] == value
        # De novo no mesmo banco: recusado, nada muda.
        with pytest.raises(backup.BackupError, match="já tem tabelas"):
            await backup.restore(target, archive)


async def test_refusals(tmp_path: Path) -> None:
    async with isolated_app(tmp_path / "origem") as iso:
        archive = tmp_path / "b.tar"
        await backup.backup(iso.settings, archive)
    async with fresh_target(tmp_path / "outra-chave") as target:
        # Um ambiente com ENCRYPTION_KEYS que não inclui a chave do backup: recusado antes de tocar no banco.
        other = target.model_copy(update={"encryption_keys": "v9:" + "A" * 43 + "="})
        with pytest.raises(backup.BackupError, match="ENCRYPTION_KEYS"):
            await backup.restore(other, archive)
        assert await backup.table_counts(target) == {}
    not_a_backup = tmp_path / "qualquer.tar"
    with tarfile.open(not_a_backup, "w") as handle:
        handle.add(__file__, arcname="outro.py")
    async with fresh_target(tmp_path / "vazio") as target:
        with pytest.raises(backup.BackupError, match="manifest"):
            await backup.restore(target, not_a_backup)
        with pytest.raises(backup.BackupError, match="não encontrado"):
            await backup.restore(target, tmp_path / "nao-existe.tar")


def test_cli_reports_errors_in_portuguese_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wacs", "restore", str(tmp_path / "nao-existe.tar")],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(SERVER_DIR), "DATA_DIR": str(tmp_path), "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"erro: Arquivo não encontrado: {tmp_path / 'nao-existe.tar'}"


def test_libpq_url_from_the_sqlalchemy_url() -> None:
    assert (
        backup.libpq_url(
            "postgresql+asyncpg://u:p@db.example:6543/postgres?ssl=require&prepared_statement_cache_size=0"
        )
        == "postgresql://u:p@db.example:6543/postgres?sslmode=require"
    )
