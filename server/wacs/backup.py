"""Backup e restauração de uma instalação: banco, mídia, sessões do Baileys em arquivo e os segredos que decifram o
que está guardado (`python -m wacs backup ARQUIVO` / `python -m wacs restore ARQUIVO`).

O arquivo é um tar com `manifest.json` (formato, backend, revisão das migrations, contagem de linhas por tabela),
`database/` (o `pg_dump -Fc` do PostgreSQL ou a cópia do SQLite pela API de backup online), `secrets/` (chaves de
criptografia, segredo do JWT, token e segredo de callback do Baileys — os do ambiente ou os de DATA_DIR), `media/`
(o armazenamento local) e `baileys/` (credenciais das sessões, quando guardadas em arquivos).

Consistente com o serviço rodando: o `pg_dump` lê um instantâneo e o backup online do SQLite copia páginas de uma
leitura só; a mídia é copiada depois do banco, então todo arquivo citado pelo banco já existe (um arquivo novo a
mais não atrapalha). O arquivo contém segredos: guarde-o cifrado e com acesso restrito (é criado com modo 0600)."""

# Comando de linha (nada mais roda no laço de eventos): E/S de arquivo bloqueante aqui é o esperado.
# ruff: noqa: ASYNC240

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg

from wacs.config import Settings

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_PG = "database/wacs.pgdump"
DATABASE_SQLITE = "database/wacs.db"

# Segredo → (arquivo em DATA_DIR, configuração que o substitui).
SECRETS: dict[str, tuple[str, str]] = {
    "encryption_keys": ("encryption.keys", "encryption_keys"),
    "jwt_secret": ("jwt_secret.key", "jwt_secret"),
    "baileys_token": ("baileys.token", "baileys_token"),
    "provider_callback_secret": ("provider_callback.key", "provider_callback_secret"),
}


class BackupError(Exception):
    """Falha com mensagem para a pessoa que roda o comando (pt-BR, sem pilha)."""


@dataclass
class Report:
    seconds: float = 0.0
    bytes: int = 0
    backend: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    media_files: int = 0
    baileys_files: int = 0
    secrets: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def summary(self, verb: str) -> str:
        messages = self.rows.get("messages", 0)
        lines = [
            f"{verb} em {self.seconds:.1f} s ({self.bytes / 1_048_576:.1f} MiB, {self.backend}): "
            f"{sum(self.rows.values())} linhas em {len(self.rows)} tabelas ({messages} mensagens), "
            f"{self.media_files} arquivos de mídia, {self.baileys_files} arquivos do Baileys, "
            f"segredos: {', '.join(self.secrets) or 'nenhum'}."
        ]
        lines += [f"atenção: {warning}" for warning in self.warnings]
        return "\n".join(lines)


def libpq_url(database_url: str) -> str:
    """A URL do SQLAlchemy (`postgresql+asyncpg://…?ssl=require`) no formato do pg_dump/pg_restore."""
    parts = urlsplit(database_url)
    scheme = "postgresql"
    query = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "ssl":
            query.append(("sslmode", "require" if value in {"true", "1"} else value))
        elif key in {"prepared_statement_cache_size", "statement_cache_size"}:
            continue
        else:
            query.append((key, value))
    return urlunsplit((scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def _sqlite_path(settings: Settings) -> Path:
    return Path(settings.resolved_database_url.split(":///", 1)[1])


def _backend(settings: Settings) -> str:
    return "sqlite" if settings.is_sqlite else "postgresql"


_PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
_SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"


def _sqlite_counts(path: Path) -> tuple[dict[str, int], str | None]:
    """Linhas por tabela e a revisão das migrations de um arquivo SQLite."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in connection.execute(_SQLITE_TABLES)]
        # Os nomes vêm do catálogo do próprio banco.
        counts = {name: int(connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}  # noqa: S608
        revision = None
        if "alembic_version" in names:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        return counts, revision
    finally:
        connection.close()


async def _pg_counts(connection: asyncpg.Connection) -> tuple[dict[str, int], str | None]:
    names = [row["tablename"] for row in await connection.fetch(_PG_TABLES)]
    counts = {name: int(await connection.fetchval(f'SELECT count(*) FROM "{name}"')) for name in names}  # noqa: S608
    revision = (
        await connection.fetchval("SELECT version_num FROM alembic_version") if "alembic_version" in names else None
    )
    return counts, revision


async def table_counts(settings: Settings) -> dict[str, int]:
    """Linhas por tabela do banco configurado (o que o backup promete e a restauração confere)."""
    if settings.is_sqlite:
        path = _sqlite_path(settings)
        return (await asyncio.to_thread(_sqlite_counts, path))[0] if path.exists() else {}
    connection = await asyncpg.connect(libpq_url(settings.resolved_database_url))
    try:
        return (await _pg_counts(connection))[0]
    finally:
        await connection.close()


def _effective_secrets(settings: Settings) -> dict[str, str]:
    """O valor de cada segredo em uso: o configurado no ambiente ou o do arquivo em DATA_DIR."""
    found: dict[str, str] = {}
    for name, (filename, setting) in SECRETS.items():
        configured = getattr(settings, setting, None)
        path = settings.data_dir / filename
        if configured:
            found[name] = str(configured)
        elif path.is_file() and path.read_text().strip():
            found[name] = path.read_text().strip()
    return found


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _add_tree(archive: tarfile.TarFile, root: Path, prefix: str) -> int:
    """Os arquivos regulares de `root` (recursivo) sob `prefix/`; arquivos temporários de escrita atômica ficam fora."""
    count = 0
    if not root.is_dir():
        return 0
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name.startswith(".tmp") or path.suffix == ".tmp":
            continue
        try:
            archive.add(path, arcname=f"{prefix}/{path.relative_to(root).as_posix()}", recursive=False)
        except FileNotFoundError:
            continue  # apagado durante o backup (mídia vencida, sessão removida)
        count += 1
    return count


async def _dump_database(settings: Settings, workdir: Path, report: Report) -> tuple[str, Path, str | None]:
    """O banco num arquivo, e as contagens e a revisão **do mesmo instantâneo** (o serviço pode estar gravando)."""
    if settings.is_sqlite:
        source_path = _sqlite_path(settings)
        if not source_path.exists():
            raise BackupError(f"O banco SQLite não existe: {source_path}.")
        target = workdir / "wacs.db"
        await asyncio.to_thread(_sqlite_backup, source_path, target)
        report.rows, revision = await asyncio.to_thread(_sqlite_counts, target)
        return DATABASE_SQLITE, target, revision
    target = workdir / "wacs.pgdump"
    url = libpq_url(settings.resolved_database_url)
    connection = await asyncpg.connect(url)
    try:
        # Uma transação REPEATABLE READ exporta o instantâneo; o pg_dump lê esse mesmo instantâneo (--snapshot) e as
        # contagens do manifesto saem dele também: o manifesto descreve exatamente o que está no arquivo.
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
            report.rows, revision = await _pg_counts(connection)
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            await asyncio.to_thread(_run, [*command, "--file", str(target)], url, "pg_dump")
    finally:
        await connection.close()
    return DATABASE_PG, target, revision


def _sqlite_backup(source_path: Path, target: Path) -> None:
    # API de backup online: cópia consistente mesmo com a API e o worker gravando.
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination, pages=4096)
    finally:
        destination.close()
        source.close()


def _run(command: list[str], url: str, tool: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{tool} não encontrado no PATH: instale o cliente do PostgreSQL (pacote postgresql-client, da mesma "
            "versão do servidor ou mais nova)."
        )
    result = subprocess.run([*command, "--dbname", url], capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{tool} falhou: {detail[-1] if detail else f'código {result.returncode}'}")


async def backup(settings: Settings, target: Path) -> Report:
    """Grava o backup em `target` (substitui de forma atômica: um backup pela metade nunca fica com o nome final)."""
    started = time.monotonic()
    report = Report(backend=_backend(settings))
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wacs-backup-", dir=target.parent) as workdir:
        work = Path(workdir)
        database_name, database_file, revision = await _dump_database(settings, work, report)
        secrets = _effective_secrets(settings)
        report.secrets = sorted(secrets)
        partial = work / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            archive.add(database_file, arcname=database_name)
            for name, value in secrets.items():
                _add_bytes(archive, f"secrets/{SECRETS[name][0]}", (value + "\n").encode())
            if settings.media_storage == "local":
                report.media_files = _add_tree(archive, settings.resolved_media_dir, "media")
            else:
                report.warnings.append(
                    "a mídia está no S3: ela não entra no arquivo — use o versionamento/replicação do bucket."
                )
            report.baileys_files = _add_tree(archive, settings.data_dir / "baileys", "baileys")
            manifest = {
                "format": FORMAT,
                "createdAt": datetime.now(UTC).isoformat(),
                "backend": report.backend,
                "revision": revision,
                "database": database_name,
                "rows": report.rows,
                "mediaStorage": settings.media_storage,
                "mediaFiles": report.media_files,
                "baileysFiles": report.baileys_files,
                "secrets": report.secrets,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    report.bytes = target.stat().st_size
    report.seconds = time.monotonic() - started
    return report


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        member = None
    if member is None:
        raise BackupError("Arquivo sem manifest.json: não é um backup do wacs.")
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Formato de backup {manifest.get('format')} não suportado (esta versão lê o {FORMAT}).")
    return manifest


async def _database_is_empty(settings: Settings) -> bool:
    return not await table_counts(settings)


def _safe_members(archive: tarfile.TarFile, prefix: str) -> list[tarfile.TarInfo]:
    """Os arquivos sob `prefix/`, recusando caminhos que escapariam do destino."""
    members = []
    for member in archive.getmembers():
        if not member.name.startswith(f"{prefix}/") or not member.isfile():
            continue
        relative = Path(member.name).relative_to(prefix)
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"Caminho inválido no backup: {member.name}")
        members.append(member)
    return members


def _extract_tree(archive: tarfile.TarFile, prefix: str, root: Path) -> int:
    count = 0
    for member in _safe_members(archive, prefix):
        destination = root / Path(member.name).relative_to(prefix)
        destination.parent.mkdir(parents=True, exist_ok=True)
        source = archive.extractfile(member)
        assert source is not None
        with destination.open("wb") as handle:
            shutil.copyfileobj(source, handle)
        count += 1
    return count


def _restore_secrets(settings: Settings, archive: tarfile.TarFile, force: bool, report: Report) -> None:
    """Os segredos do backup viram arquivos em DATA_DIR — salvo os que o ambiente já configura: esses precisam bater
    (chaves de criptografia diferentes deixariam as credenciais guardadas ilegíveis)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    for name, (filename, setting) in SECRETS.items():
        try:
            member = archive.extractfile(f"secrets/{filename}")
        except KeyError:
            continue
        if member is None:
            continue
        value = member.read().decode().strip()
        configured = getattr(settings, setting, None)
        if configured:
            if name == "encryption_keys" and not _keys_cover(str(configured), value):
                raise BackupError(
                    "ENCRYPTION_KEYS deste ambiente não contém as chaves do backup: as credenciais dos provedores não "
                    "seriam decifradas. Acrescente ao ENCRYPTION_KEYS as chaves de secrets/encryption.keys do backup "
                    "(podem vir depois da atual) e rode de novo."
                )
            if str(configured) != value and name != "encryption_keys":
                report.warnings.append(f"{setting.upper()} do ambiente difere do backup; vale o do ambiente.")
            report.secrets.append(name)
            continue
        path = settings.data_dir / filename
        if path.exists() and path.read_text().strip() != value and not force:
            raise BackupError(
                f"{path} já existe com outro valor. Use --force para substituir pelos segredos do backup."
            )
        path.write_text(value + "\n")
        os.chmod(path, 0o600)
        report.secrets.append(name)


def _keys_cover(configured: str, backed_up: str) -> bool:
    def versions(raw: str) -> set[str]:
        return {item.strip() for item in raw.replace("\n", ",").split(",") if item.strip()}

    return versions(backed_up) <= versions(configured)


async def restore(settings: Settings, source: Path, *, force: bool = False) -> Report:
    """Restaura o backup no banco e nos diretórios configurados. O banco de destino precisa estar vazio (ou `force`,
    que o substitui); as migrations de versões mais novas rodam no próximo `serve`/`migrate`."""
    started = time.monotonic()
    if not source.is_file():
        raise BackupError(f"Arquivo não encontrado: {source}")
    report = Report(backend=_backend(settings), bytes=source.stat().st_size)
    try:
        archive = tarfile.open(source, "r")  # noqa: SIM115 - o `with` vem logo abaixo, fora do try
    except tarfile.TarError as exc:
        raise BackupError(f"Não é um arquivo de backup válido: {exc}") from None
    with archive:
        manifest = read_manifest(archive)
        if manifest["backend"] != report.backend:
            raise BackupError(
                f"O backup é de {manifest['backend']} e o DATABASE_URL aponta para {report.backend}: restaure num "
                "banco do mesmo tipo."
            )
        if not force and not await _database_is_empty(settings):
            raise BackupError(
                "O banco de destino já tem tabelas. Restaure num banco vazio (recomendado) ou use --force para "
                "substituir o conteúdo."
            )
        # Segredos primeiro: se a chave do ambiente não serve, nada é alterado.
        _restore_secrets(settings, archive, force, report)
        with tempfile.TemporaryDirectory(prefix="wacs-restore-") as workdir:
            member = archive.extractfile(manifest["database"])
            if member is None:
                raise BackupError("O backup não tem o banco de dados.")
            dump = Path(workdir) / Path(manifest["database"]).name
            with dump.open("wb") as handle:
                shutil.copyfileobj(member, handle)
            await asyncio.to_thread(_load_database, settings, dump, force)
        report.media_files = _extract_tree(archive, "media", settings.resolved_media_dir)
        report.baileys_files = _extract_tree(archive, "baileys", settings.data_dir / "baileys")
    report.rows = await table_counts(settings)
    missing = {
        table: expected for table, expected in manifest.get("rows", {}).items() if report.rows.get(table, 0) < expected
    }
    if missing:
        raise BackupError(f"Restauração incompleta: tabelas com menos linhas que no backup: {missing}")
    report.seconds = time.monotonic() - started
    return report


def _load_database(settings: Settings, dump: Path, force: bool) -> None:
    if settings.is_sqlite:
        target = _sqlite_path(settings)
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(dump, target)
        return
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if force:
        command += ["--clean", "--if-exists"]
    _run([*command, str(dump)], libpq_url(settings.resolved_database_url), "pg_restore")
