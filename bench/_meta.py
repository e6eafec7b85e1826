"""Peças dos benchmarks do provedor Meta (`meta_webhooks.py`, `meta_dispatch.py`): a Meta falsa como processo e a
sessão `meta_api` conectada a ela pelo caminho de verdade (`POST /api/v1/sessions/initialize`).

A Meta falsa é a linha de comando de `server/wacs/fakes/meta_graph.py` (`python -m wacs.fakes.meta_graph`), um
processo uvicorn próprio numa porta livre de 127.0.0.1, com um número só: token, app secret e verify token gerados
aqui, a vazão do número (`--mps`), o atraso de cada resposta (`--latency-ms`) e sem recibos automáticos
(`--no-auto-statuses`): nenhum webhook sai dela durante as medições. Ela traz os templates `hello_world` (en_US) e
`boas_vindas` (pt_BR, um parâmetro no corpo). O wacs precisa de `META_ALLOW_PRIVATE_BASE_URL=true` para chamá-la.
"""

from __future__ import annotations

import secrets
import subprocess
from dataclasses import dataclass
from typing import Any

import httpx
from _common import (
    LOOPBACK,
    SERVER_DIR,
    BenchError,
    Server,
    Workspace,
    base_env,
    free_port,
    process_cpu_seconds,
    python_bin,
    require_loopback_url,
    wait_ready,
)

WABA_ID = "102290129340398"
API_VERSION = "v26.0"
FAKE_READY_PATH = "/_fake/sent"


@dataclass
class FakeGraph:
    """Um processo da Meta falsa com um número registrado; `config` é o que vai em `initialize` (provider meta_api)."""

    server: Server
    phone_number_id: str
    display_phone_number: str
    waba_id: str
    access_token: str
    app_secret: str
    verify_token: str
    mps: float
    latency_ms: float

    def config(self, messages_per_second: float) -> dict[str, Any]:
        return {
            "phoneNumberId": self.phone_number_id,
            "wabaId": self.waba_id,
            "accessToken": self.access_token,
            "appSecret": self.app_secret,
            "verifyToken": self.verify_token,
            "baseUrl": self.server.base_url,
            "apiVersion": API_VERSION,
            "messagesPerSecond": messages_per_second,
        }

    def cpu_seconds(self) -> float | None:
        return process_cpu_seconds(self.server.process.pid)

    async def counters(self) -> dict[str, int]:
        """Os contadores da Meta falsa (`GET /_fake/sent`): `messages.accepted`, `messages.rate_limited` (130429)…"""
        require_loopback_url(self.server.base_url)
        async with httpx.AsyncClient(base_url=self.server.base_url, timeout=10, trust_env=False) as client:
            response = await client.get(FAKE_READY_PATH)
        if response.status_code != 200:
            raise BenchError(f"GET {FAKE_READY_PATH} da Meta falsa devolveu {response.status_code}: {response.text}")
        counters: dict[str, int] = response.json().get("counters") or {}
        return counters


def start_fake_graph(
    workspace: Workspace,
    name: str,
    *,
    phone_number_id: str,
    display_phone_number: str,
    mps: float,
    latency_ms: float,
    waba_id: str = WABA_ID,
) -> FakeGraph:
    """Sobe a Meta falsa pela linha de comando, como um `Server` do workspace (parada junto com ele), e espera ficar
    pronta. Sem `--webhook-url` e com `--no-auto-statuses`: ela só responde à Graph API."""
    token = "EAAFAKE" + secrets.token_urlsafe(32)
    app_secret = secrets.token_hex(16)
    verify_token = secrets.token_urlsafe(12)
    port = free_port()
    command = [
        python_bin(),
        "-m",
        "wacs.fakes.meta_graph",
        "--host",
        LOOPBACK,
        "--port",
        str(port),
        "--phone-number-id",
        phone_number_id,
        "--display-phone-number",
        display_phone_number,
        "--waba-id",
        waba_id,
        "--token",
        token,
        "--app-secret",
        app_secret,
        "--verify-token",
        verify_token,
        "--mps",
        f"{mps:g}",
        "--latency-ms",
        f"{latency_ms:g}",
        "--no-auto-statuses",
    ]
    log_path = workspace.work_dir / f"{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        command,
        cwd=workspace.work_dir,
        env=base_env() | {"PYTHONPATH": str(SERVER_DIR)},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    server = Server(name, process, f"http://{LOOPBACK}:{port}", log_path, log)
    workspace.servers.append(server)
    wait_ready(server, FAKE_READY_PATH)
    return FakeGraph(
        server, phone_number_id, display_phone_number, waba_id, token, app_secret, verify_token, mps, latency_ms
    )


async def connect_meta(
    client: httpx.AsyncClient, auth: dict[str, str], fake: FakeGraph, messages_per_second: float, name: str
) -> dict[str, Any]:
    """Conecta o número da Meta falsa como sessão `meta_api` (o wacs confere o número na Graph API); devolve a
    sessão, que precisa sair `connected`."""
    response = await client.post(
        "/api/v1/sessions/initialize",
        json={
            "phoneNumber": fake.display_phone_number,
            "provider": "meta_api",
            "name": name,
            "config": fake.config(messages_per_second),
        },
        headers=auth,
    )
    if response.status_code != 200:
        raise BenchError(
            f"não foi possível conectar o número {fake.phone_number_id} da Meta falsa como meta_api:"
            f" {response.status_code} {response.text[:500]} (o wacs tem META_ALLOW_PRIVATE_BASE_URL=true?)"
        )
    session: dict[str, Any] = response.json()
    if session.get("status") != "connected":
        raise BenchError(f"a sessão meta_api do número {fake.phone_number_id} não ficou conectada: {session}")
    return session
