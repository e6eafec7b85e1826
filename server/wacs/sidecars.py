"""Serviços que o `make run` sobe ao lado da API: hoje o serviço Baileys (Node), compilado em `baileys/dist`.

Em produção cada um é um processo (ou contêiner) próprio; aqui, para a instalação de um comando só, a API o inicia
como processo filho, com os segredos que ela mesma gera em DATA_DIR, e o encerra ao sair.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from wacs.config import Settings

logger = logging.getLogger("wacs.sidecars")

BAILEYS_DIR = Path(__file__).resolve().parents[2] / "baileys"
BAILEYS_MAIN = BAILEYS_DIR / "dist" / "src" / "main.js"
DEFAULT_BAILEYS_PORT = 3001


def baileys_env(settings: Settings, port: int) -> dict[str, str]:
    """O ambiente do serviço Baileys: escuta em 127.0.0.1:`port`, guarda as sessões em DATA_DIR/baileys, usa os mesmos
    token e segredo de callback da API (arquivos em DATA_DIR, criados aqui se faltarem) e chama a API local."""
    from wacs.providers.baileys import service_token
    from wacs.providers.callbacks import settings_callback_secret

    data_dir = settings.data_dir.resolve()
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "BAILEYS_HOST": "127.0.0.1",
        "BAILEYS_PORT": str(port),
        "BAILEYS_DATA_DIR": str(data_dir / "baileys"),
        "BAILEYS_TOKEN": service_token(settings),
        "BAILEYS_CALLBACK_SECRET": settings_callback_secret(settings),
        "BAILEYS_CALLBACK_URL": f"http://127.0.0.1:{settings.port}",
    }
    for name in ("BAILEYS_FAKE", "BAILEYS_FAKE_SCAN_SECONDS", "HOME", "LANG"):
        if os.environ.get(name):
            env[name] = os.environ[name]
    env["LOG_LEVEL"] = pino_level(settings.log_level)
    return env


# Níveis do logging do Python → os do pino (o serviço Node cai com um nível que não conhece, como WARNING).
_PINO_LEVELS = {"CRITICAL": "fatal", "FATAL": "fatal", "ERROR": "error", "WARNING": "warn", "WARN": "warn",
                "INFO": "info", "DEBUG": "debug", "NOTSET": "trace"}  # fmt: skip


def pino_level(level: str) -> str:
    return _PINO_LEVELS.get(level.strip().upper(), "info")


def start_baileys(settings: Settings) -> subprocess.Popen[bytes] | None:
    """Sobe o serviço Baileys e aponta a API para ele (BAILEYS_URL); sem Node ou sem o serviço compilado, avisa e
    segue sem o provedor `baileys` (a API funciona com o sandbox)."""
    if settings.baileys_url:
        return None  # já apontada para um serviço de fora
    node = shutil.which("node")
    if node is None or not BAILEYS_MAIN.exists():
        logger.warning(
            "serviço Baileys não iniciado: %s; o provedor baileys fica indisponível",
            "Node.js não encontrado" if node is None else "compile com `make baileys-build`",
        )
        return None
    port = int(os.environ.get("BAILEYS_PORT") or DEFAULT_BAILEYS_PORT)
    process = subprocess.Popen(  # noqa: S603 - caminho fixo do próprio repositório
        [node, str(BAILEYS_MAIN)],
        cwd=BAILEYS_DIR,
        env=baileys_env(settings, port),
        stdin=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,  # só chama prctl, antes de o filho executar o node
    )
    # O processo da API (e o create_app do uvicorn) lê BAILEYS_URL do ambiente.
    os.environ["BAILEYS_URL"] = f"http://127.0.0.1:{port}"
    logger.info("serviço Baileys iniciado", extra={"pid": process.pid, "port": port})
    return process


def _die_with_parent() -> None:
    """No Linux, o kernel manda SIGTERM ao serviço quando a API morre — inclusive num `kill -9` ou quando o uvicorn
    termina pelo sinal recebido sem voltar ao `finally` de quem o chamou. Noutros sistemas, vale só o `stop`."""
    if sys.platform != "linux":
        return
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()  # o serviço fecha os sockets sem deslogar e guarda a fila de callbacks
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
