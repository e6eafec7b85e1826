"""Fuzzing baseado em propriedades: o schemathesis gera requisições a partir da OpenAPI e as envia a um processo real
do serviço (`python -m wacs serve`), no backend da suíte (TEST_BACKEND: PostgreSQL + Redis ou SQLite + em processo).

Falha em qualquer 5xx, em status não documentado, em Content-Type, cabeçalho ou corpo de resposta fora do esquema,
e em `Traceback` ou status 500 no log do servidor. Só a loopback recebe tráfego (`tests/fuzz/hooks.py`).

Orçamento: FUZZ_MAX_EXAMPLES casos por operação e fase (padrão pequeno, para `make test` continuar rápido). Execução
profunda: `FUZZ_MAX_EXAMPLES=200 TEST_BACKEND=sqlite ../.venv/bin/python -m pytest -p no:cacheprovider
tests/test_fuzz.py -s` (FUZZ_SEED=aleatoria sorteia a semente; o padrão é fixo, para a suíte ser repetível).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from redis.exceptions import RedisError

from tests.conftest import BACKEND, _unavailable
from tests.fuzz.network import webhook_url_is_safe
from tests.fuzz.seed import Seeds, seed_with_worker, seed_without_worker
from tests.fuzz.server import SERVER_DIR, SUPABASE_WEBHOOK_SECRET, TENANT, backend, serve

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "20"))
SEED = os.environ.get("FUZZ_SEED", "20261201")
CONFIG = Path(__file__).parent / "fuzz" / "schemathesis.toml"
SCHEMATHESIS_TIMEOUT_SECONDS = 1800


def _schemathesis(url: str, seeds: Seeds, workdir: Path) -> tuple[int, str, dict[str, Any]]:
    """Roda o CLI do schemathesis num processo próprio (os hooks trocam o transporte do `requests` só lá)."""
    seeds_path = workdir / "seeds.json"
    seeds_path.write_text(json.dumps(seeds.as_json()))
    report = workdir / "schemathesis.json"
    seed = str(secrets.randbits(64)) if SEED == "aleatoria" else SEED
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(CONFIG),
        "run",
        f"{url}/openapi/v1.json",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        seed,
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": str(SERVER_DIR),
        "SCHEMATHESIS_HOOKS": "tests.fuzz.hooks",
        "WACS_FUZZ_SEEDS": str(seeds_path),
        "WACS_FUZZ_CLIENT_ID": TENANT,
        "WACS_FUZZ_TOKEN": seeds.token,
        "WACS_FUZZ_API_KEY": seeds.api_key,
        "WACS_FUZZ_SUPABASE_SECRET": SUPABASE_WEBHOOK_SECRET,
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        command,
        env=env,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=SCHEMATHESIS_TIMEOUT_SECONDS,
        check=False,
    )
    output = done.stdout + done.stderr
    data = json.loads(report.read_text()) if report.exists() else {}
    return done.returncode, output, data


def _webhook_urls(url: str, seeds: Seeds) -> list[str]:
    """As URLs de webhook que o fuzzing conseguiu gravar (todas deveriam ser de loopback)."""
    headers = {"X-Client-Id": TENANT, "Authorization": f"Bearer {seeds.token}"}
    urls: list[str] = []
    with httpx.Client(base_url=url, headers=headers, timeout=30) as client:
        for page in range(1, 1000):
            response = client.get("/api/v1/webhooks/endpoints", params={"page": page, "pageSize": 100})
            assert response.status_code == 200, response.text
            urls += [item["url"] for item in response.json()["items"]]
            if len(urls) >= response.json()["total"]:
                return urls
    return urls


def _server_log_problems(log_path: Path) -> list[str]:
    """Linhas do log do servidor com Traceback ou com uma resposta 500."""
    problems = []
    for line in log_path.read_text(errors="replace").splitlines():
        if "Traceback" in line:
            problems.append(line)
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("status") == 500:
            problems.append(line)
    return problems


def _summary(data: dict[str, Any], elapsed: float, log_problems: list[str]) -> str:
    operations = data.get("operations", {})
    cases = data.get("test_cases", {})
    lines = [
        f"fuzzing ({BACKEND}): {operations.get('tested', '?')} operações testadas de {operations.get('total', '?')}, "
        f"{cases.get('generated', '?')} casos gerados, {cases.get('unique_failures', '?')} falha(s) única(s), "
        f"{len(log_problems)} problema(s) no log do servidor, {elapsed:.0f} s "
        f"(FUZZ_MAX_EXAMPLES={MAX_EXAMPLES}, semente {data.get('seed', SEED)})",
    ]
    for failure in data.get("failures", []):
        lines.append(
            f"  {failure['code']} {failure['title']}: {failure['count']} em {', '.join(failure['operations'])}"
        )
    for error in data.get("errors", []):
        lines.append(f"  erro: {json.dumps(error, ensure_ascii=False)[:500]}")
    return "\n".join(lines)


def test_fuzz_api(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    log_path = tmp_path / "servidor.log"
    seeds = Seeds()
    with ExitStack() as stack:
        try:
            storage = stack.enter_context(backend(BACKEND, tmp_path))
        except (OSError, asyncpg.PostgresError, RedisError) as exc:
            _unavailable(f"PostgreSQL/Redis inacessível ({exc})")
            raise
        with serve(storage, log_path, run_worker=True) as server:
            seed_with_worker(server.url, seeds)
        with serve(storage, log_path, run_worker=False) as server:
            seed_without_worker(server.url, seeds)
            code, output, data = _schemathesis(server.url, seeds, tmp_path)
            stored_urls = _webhook_urls(server.url, seeds)
    elapsed = time.monotonic() - started
    log_problems = _server_log_problems(log_path)
    summary = _summary(data, elapsed, log_problems)
    with capsys.disabled():
        print(f"\n{summary}")
    assert data, f"o schemathesis não gerou relatório (saída {code}):\n{output[-6000:]}"
    outside = [stored for stored in stored_urls if not webhook_url_is_safe(stored)]
    assert not outside, f"URLs de webhook fora da loopback foram gravadas: {outside[:10]}"
    log_section = "\n\nNo log do servidor (" + str(log_path) + "):\n" + "\n".join(p[:3000] for p in log_problems[:10])
    assert not data.get("errors") and code == 0 and not log_problems, summary + "\n\n" + output + log_section


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("http://127.0.0.1:9/webhooks", True),
        ("https://[::1]/eventos", True),
        ("http://127.0.0.2:65535/", True),
        ("https://meusistema.com.br/webhooks", False),  # seria resolvido no DNS
        ("http://localhost/x", False),  # nome: o resolvedor poderia ser consultado
        ("http://8.8.8.8/x", False),  # IP público: guardado e, com worker, contatado
        ("  HTTP://10.0.0.1:80/x  ", False),
        ("ftp://exemplo.com/x", True),  # recusada antes de resolver
        ("http://a b.com/", False),  # o servidor a recusaria antes do DNS, mas a guarda é conservadora
        ("", True),
        ("http://exemplo.com/" + "a" * 2000, True),  # longa demais: recusada antes de resolver
        (None, True),
        (42, True),
    ],
)
def test_webhook_url_guard(url: object, safe: bool) -> None:
    """A regra dos hooks: só passa ao servidor uma `url` que não leve a DNS nem a conexão fora da loopback."""
    assert webhook_url_is_safe(url) is safe
