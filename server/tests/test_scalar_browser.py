"""A referência da API em /scalar/v1 renderiza num Chromium headless de verdade, sem internet."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from playwright.sync_api import sync_playwright

SERVER_DIR = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Um processo real do serviço, nos padrões embutidos (SQLite), como `make run` faz."""
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("scalar-data")
    env = {
        **os.environ,
        "PYTHONPATH": str(SERVER_DIR),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
        "BOOTSTRAP_ADMIN_PASSWORD": "senha-navegador-123",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "wacs", "serve"],
        env=env,
        cwd=data_dir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"o serviço não subiu: {process.stderr.read().decode() if process.stderr else ''}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_scalar_renders_offline(server_url: str, tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium não encontrado; `make test` instala o pacote chromium do Debian.")
    blocked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()

            def offline(route):  # type: ignore[no-untyped-def]
                # Sem internet: tudo que não for o próprio serviço é recusado.
                if urlparse(route.request.url).hostname in {"127.0.0.1", "localhost"}:
                    return route.continue_()
                blocked.append(route.request.url)
                return route.abort("internetdisconnected")

            page.route("**/*", offline)
            page.goto(f"{server_url}/scalar/v1", wait_until="networkidle")
            page.get_by_text("API de Comunicação WhatsApp").first.wait_for(timeout=20_000)
            page.get_by_text("Entrar com e-mail e senha").first.wait_for(timeout=20_000)
            # Navegação real: abrir o grupo "Usuários" na barra lateral mostra as suas operações.
            page.get_by_text("Usuários", exact=True).first.click()
            page.get_by_text("Criar usuário").first.wait_for(timeout=20_000)
            page.screenshot(path=str(tmp_path / "scalar.png"), full_page=False)
            body_text = page.inner_text("body")
        finally:
            browser.close()
    assert "Listar usuários do tenant" in body_text
    assert "Quem sou eu" in body_text
    assert (tmp_path / "scalar.png").stat().st_size > 10_000
    # A página não pede nada fora do próprio serviço (nem fontes, nem scripts).
    assert blocked == []
