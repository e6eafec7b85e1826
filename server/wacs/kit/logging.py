"""Logs estruturados em JSON, com o id da requisição, o tenant e o trace (OpenTelemetry) de cada linha."""

from __future__ import annotations

import logging
import re
import sys
from contextvars import ContextVar
from datetime import UTC, datetime

import orjson
from opentelemetry import trace

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
tenant_var: ContextVar[str | None] = ContextVar("tenant", default=None)

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime", "color_message"}

REDACTED = "***"
# Segredos reconhecíveis pela forma, mascarados em toda linha de log (inclusive em tracebacks e mensagens de erro
# do banco): defesa em profundidade, além de não registrar parâmetros de comandos (hide_parameters).
_SECRETS = re.compile(
    r"\$argon2(?:id|i|d)\$[A-Za-z0-9+/=,$]+"  # hash de senha
    r"|wacs_[0-9a-f]{8}_[A-Za-z0-9_-]{8,}"  # chave de API
    r"|eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+"  # JWT
    r"|whsec_[A-Za-z0-9_-]+"  # segredo de webhook
    r"|gAAAAA[A-Za-z0-9_=-]{20,}"  # texto cifrado (Fernet)
    r"|\b[0-9a-f]{64}\b"  # SHA-256 (hash de chave de API, de refresh token)
    r"|(?:(?<=[?&])|^)(?i:token|access_token|refresh_token|apikey|api_key)=[^&\s\"']+"  # credencial em query
)
# Valores que o banco ecoa em mensagens de erro: "Key (col)=(valor)" e "query argument $1: 'valor'".
_DB_VALUES = re.compile(
    r"(Key \([^)]*\)=\()(.*?)(\) already exists|\) is not present|\) conflicts)|(query argument \$\d+: ).*?(?= \(|$)"
)


def _mask(match: re.Match[str]) -> str:
    text = match.group(0)
    name, sep, _ = text.partition("=")
    return f"{name}={REDACTED}" if sep and not text.startswith(("$", "eyJ")) and len(name) < 20 else REDACTED


def _mask_db(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}{REDACTED}{match.group(3)}"
    return f"{match.group(4)}{REDACTED}"


# Telefones (LGPD): sequências de 10 a 15 dígitos soltas (a forma gravada, JIDs, caminhos como
# /contacts/5511999999999) e as formas digitadas com + ou com DDD entre parênteses. Ficam os 4 últimos dígitos, o
# bastante para um operador reconhecer o caso. Não casa pedaço de UUID nem de id com letras (vizinhos \w e '-').
_PHONES = re.compile(
    r"(?<![\w-])\+?\d{10,15}(?![\w-])"
    r"|\+\d{1,3}[ .-]?\(?\d{2}\)?[ .-]?\d{4,5}[ .-]?\d{4}(?!\d)"
    r"|\(\d{2}\) ?\d{4,5}-?\d{4}(?!\d)"
)
# Campos de corpo de mensagem que nunca vão ao log, nem em `extra` nem dentro de um dict de `extra`.
BODY_FIELDS = frozenset({"text", "content", "caption", "body"})


def _mask_phone(match: re.Match[str]) -> str:
    digits = [ch for ch in match.group(0) if ch.isdigit()]
    return "*" * (len(digits) - 4) + "".join(digits[-4:])


def mask_phone_digits(text: str) -> str:
    """O texto com cada número de telefone reduzido aos 4 últimos dígitos ("*********9999")."""
    return _PHONES.sub(_mask_phone, text)


def redact(text: str) -> str:
    """A linha de log sem segredos reconhecíveis, valores ecoados pelo banco nem telefones por inteiro."""
    return mask_phone_digits(_DB_VALUES.sub(_mask_db, _SECRETS.sub(_mask, text)))


def without_bodies(value: object) -> object:
    """O valor de um `extra` sem os campos de corpo de mensagem (em qualquer profundidade)."""
    if isinstance(value, dict):
        return {k: without_bodies(v) for k, v in value.items() if k not in BODY_FIELDS}
    if isinstance(value, list | tuple):
        return [without_bodies(v) for v in value]
    return value


class PersonalDataFilter(logging.Filter):
    """Tira do registro os campos de corpo passados em `extra` (também para handlers que não sejam os nossos) e
    mascara telefones na mensagem já formatada; o formatador ainda mascara a linha inteira (defesa em profundidade)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key in [k for k in record.__dict__ if k in BODY_FIELDS]:
            delattr(record, key)
        for key, value in list(record.__dict__.items()):
            if key not in _RESERVED and isinstance(value, dict | list | tuple):
                setattr(record, key, without_bodies(value))
        try:
            message = record.getMessage()
        except Exception:  # formato inválido: o logging mostra o erro dele; não escondemos
            return True
        masked = mask_phone_digits(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class RedactingFormatter(logging.Formatter):
    """O formato texto (LOG_FORMAT=text), com os ids da requisição e do trace no fim da linha quando existem."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = [f"{key}={value}" for key in _ID_FIELDS if (value := getattr(record, key, None))]
        return redact(f"{line} [{' '.join(ids)}]" if ids else line)


_ID_FIELDS = ("request_id", "trace_id", "span_id")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_") and value is not None and key not in BODY_FIELDS:
                entry[key] = without_bodies(value)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return redact(orjson.dumps(entry, default=str).decode())


_base_factory = logging.getLogRecordFactory()


def _record_with_context(*args: object, **kwargs: object) -> logging.LogRecord:
    """Anota cada registro, no momento em que nasce, com a requisição, o tenant e o span correntes (o trace_id leva
    do log ao trace no Jaeger/Tempo; sem rastreamento ligado não há span válido e os campos ficam de fora)."""
    record = _base_factory(*args, **kwargs)
    record.request_id = request_id_var.get()
    record.tenant = tenant_var.get()
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        record.trace_id = format(context.trace_id, "032x")
        record.span_id = format(context.span_id, "016x")
    else:
        record.trace_id = record.span_id = None
    return record


_DATA_DUMPING_LOGGERS = ("aiosqlite", "python_multipart", "multipart")


def configure_logging(level: str = "INFO", fmt: str = "json") -> None:
    logging.setLogRecordFactory(_record_with_context)
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(PersonalDataFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # O log de acesso é nosso (middleware), com tenant e duração.
    logging.getLogger("uvicorn.access").disabled = True
    # Bibliotecas que, em DEBUG, escrevem os dados que passam por elas (parâmetros de SQL, partes de formulários):
    # ficam em WARNING mesmo com LOG_LEVEL=DEBUG.
    for name in _DATA_DUMPING_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
