"""Validação da implantação (make test-deploy): compose, Kubernetes, workflows, Dockerfiles, nginx e monitoramento.

Nada sobe de verdade nem sai da máquina: cada teste roda a ferramenta que valida o artefato (docker-compose config,
kubectl kustomize + kubernetes-validate, actionlint, hadolint, nginx -t) e confere o que o resto do projeto espera
dele."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def tool(name: str, *candidates: Path, hint: str) -> str:
    """O executável `name` (venv, PATH ou um dos candidatos); falha com a dica de instalação se não houver."""
    for path in (VENV_BIN / name, *candidates):
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    found = shutil.which(name)
    if found:
        return found
    pytest.fail(f"{name} não encontrado: {hint}")


def run(
    argv: list[str], *, env: dict[str, str] | None = None, cwd: Path = REPO, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603 - ferramentas do projeto, argumentos do teste
