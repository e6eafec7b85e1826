"""Segredos gerados no primeiro start e guardados em `DATA_DIR` (reinícios mantêm tokens e dados legíveis)."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


def load_or_create(path: Path, generate: Callable[[], str]) -> str:
    """Lê o segredo do arquivo ou o cria de forma atômica (várias réplicas podem iniciar juntas)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            value = path.read_text().strip()
            if value:
                return value
            time.sleep(0.05)
        raise RuntimeError(f"arquivo de segredo vazio: {path}") from None
    value = str(generate())
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


_shared: dict[Path, str] = {}


def shared_token(configured: str | None, path: Path) -> str:
    """Um segredo dividido com outro processo (ex.: o serviço Baileys): o configurado, ou o do arquivo em DATA_DIR,
    criado no primeiro uso e lido uma vez por processo."""
    if configured:
        return configured
    if path not in _shared:
        _shared[path] = load_or_create(path, lambda: secrets.token_urlsafe(48))
    return _shared[path]


def jwt_secret(data_dir: Path, configured: str | None) -> str:
    return configured or load_or_create(data_dir / "jwt_secret.key", lambda: secrets.token_urlsafe(48))


class Encryptor:
    """Criptografia em repouso com chave versionada: cifra com a primeira, decifra com qualquer uma.

    Formato: `<versão>:<token Fernet>`. Para rotacionar, coloque a chave nova à frente; os dados antigos
    continuam legíveis e são recifrados quando regravados.
    """

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        if not keys:
            raise ValueError("ao menos uma chave de criptografia é necessária")
        self._keys = {version: Fernet(key.encode()) for version, key in keys}
        self._current_version, _ = keys[0]
        self._all = MultiFernet(list(self._keys.values()))

    @classmethod
    def from_config(cls, data_dir: Path, configured: str | None) -> Encryptor:
        raw = configured or load_or_create(data_dir / "encryption.keys", lambda: f"v1:{Fernet.generate_key().decode()}")
        keys = []
        for item in raw.replace("\n", ",").split(","):
            item = item.strip()
            if not item:
                continue
            version, _, key = item.partition(":")
            if not key:
                raise ValueError("ENCRYPTION_KEYS deve ter o formato versao:chave[,versao:chave]")
            keys.append((version, key))
        return cls(keys)

    @property
    def current_version(self) -> str:
        return self._current_version

    def encrypt(self, plaintext: str) -> str:
        token = self._keys[self._current_version].encrypt(plaintext.encode()).decode()
        return f"{self._current_version}:{token}"

    def decrypt(self, ciphertext: str) -> str:
        version, _, token = ciphertext.partition(":")
        fernet = self._keys.get(version)
        try:
            if fernet is not None:
                return fernet.decrypt(token.encode()).decode()
            return self._all.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise ValueError("dado cifrado ilegível com as chaves configuradas") from exc

    def needs_rotation(self, ciphertext: str) -> bool:
        return not ciphertext.startswith(f"{self._current_version}:")
