"""Erros da aplicação e sua renderização como RFC 9457 (`application/problem+json`) em pt-BR."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from wacs.kit.logging import request_id_var
from wacs.kit.text import INVALID_TEXT_MESSAGE, INVALID_TEXT_TYPE

logger = logging.getLogger("wacs.errors")

PROBLEM_CONTENT_TYPE = "application/problem+json"


class AppError(Exception):
    """Base de todo erro esperado: status HTTP, código estável e mensagens em pt-BR."""

    status_code = 400
    code = "erro"
    title = "Requisição inválida"
    detail = "A requisição não pôde ser processada."

    def __init__(self, detail: str | None = None, *, headers: dict[str, str] | None = None, **extra: Any) -> None:
        self.detail = detail or self.detail
        self.headers = headers
        self.extra = extra
        super().__init__(self.detail)


class BadRequest(AppError):
    status_code = 400
    code = "requisicao_invalida"
    title = "Requisição inválida"


class TenantHeaderMissing(AppError):
    status_code = 400
    code = "tenant_nao_informado"
    title = "Tenant não informado"
    detail = "O cabeçalho X-Client-Id é obrigatório."


class TenantUnknown(AppError):
    status_code = 401
    code = "tenant_invalido"
    title = "Tenant inválido"
    detail = "O tenant informado em X-Client-Id não existe ou está inativo."


class Unauthorized(AppError):
    status_code = 401
    code = "nao_autenticado"
    title = "Não autenticado"
    detail = "Credenciais ausentes ou inválidas."

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, **extra)


class TenantMismatch(AppError):
    status_code = 403
    code = "tenant_divergente"
    title = "Acesso negado"
    detail = "A credencial apresentada pertence a outro tenant."


class Forbidden(AppError):
    status_code = 403
    code = "acesso_negado"
    title = "Acesso negado"
    detail = "Você não tem permissão para esta operação."


class NotFound(AppError):
    status_code = 404
    code = "nao_encontrado"
    title = "Não encontrado"
    detail = "O recurso solicitado não existe."


class Conflict(AppError):
    status_code = 409
    code = "conflito"
    title = "Conflito"
    detail = "O recurso já existe ou está em um estado incompatível."


class PayloadTooLarge(AppError):
    status_code = 413
    code = "corpo_muito_grande"
    title = "Corpo da requisição muito grande"


class RequestInvalid(AppError):
    """A resposta 422 da validação de entrada (o FastAPI levanta RequestValidationError; ver `_validation_handler`)."""

    status_code = 422
    code = "validacao"
    title = "Dados inválidos"
    detail = "Um ou mais campos são inválidos."


class TooManyRequests(AppError):
    status_code = 429
    code = "limite_excedido"
    title = "Muitas requisições"
    detail = "Limite de requisições excedido. Tente novamente mais tarde."

    def __init__(self, retry_after: int, detail: str | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after))}, retryAfter=max(1, retry_after))


class ServiceUnavailable(AppError):
    status_code = 503
    code = "servico_indisponivel"
    title = "Serviço indisponível"
    detail = "Uma dependência do serviço está indisponível."


class ConcurrentWrite(Conflict):
    code = "conflito_concorrente"
    detail = (
        "O recurso foi alterado ou removido por outra requisição ao mesmo tempo. Consulte o estado atual e tente de "
        "novo."
    )


class CacheUnavailable(ServiceUnavailable):
    """Redis fora do ar ou sem conexão livre no prazo (REDIS_MAX_CONNECTIONS)."""

    detail = "Uma dependência do serviço (cache) está indisponível no momento. Tente novamente em alguns segundos."

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "5"})


class DatabaseBusy(ServiceUnavailable):
    """Todas as conexões do pool ocupadas por mais que DATABASE_POOL_TIMEOUT_SECONDS: sobrecarga, não defeito."""

    code = "banco_ocupado"
    title = "Serviço sobrecarregado"
    detail = "O banco de dados está ocupado no momento. Tente novamente em alguns segundos."
    retry_after_seconds = 5

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": str(self.retry_after_seconds)})


def problem(
    status: int,
    code: str,
    title: str,
    detail: str,
    request: Request | None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://wacs.dev/problemas/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if request is not None:
        body["instance"] = request.url.path
    request_id = request_id_var.get() or (request.scope.get("state", {}).get("request_id") if request else None)
    if request_id:
        body["requestId"] = request_id
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_CONTENT_TYPE)


_HTTP_DEFAULTS: dict[int, tuple[str, str, str]] = {
    400: ("requisicao_invalida", "Requisição inválida", "A requisição está malformada."),
    401: ("nao_autenticado", "Não autenticado", "Credenciais ausentes ou inválidas."),
    403: ("acesso_negado", "Acesso negado", "Você não tem permissão para esta operação."),
    404: ("nao_encontrado", "Não encontrado", "O recurso solicitado não existe."),
    405: ("metodo_nao_permitido", "Método não permitido", "O método HTTP não é aceito neste endereço."),
    406: ("nao_aceitavel", "Formato não aceito", "O formato de resposta pedido não é suportado."),
    413: ("corpo_muito_grande", "Corpo da requisição muito grande", "O corpo excede o limite permitido."),
    415: ("tipo_nao_suportado", "Tipo de conteúdo não suportado", "O Content-Type enviado não é aceito."),
    429: ("limite_excedido", "Muitas requisições", "Limite de requisições excedido."),
}

# Mensagens pt-BR para os tipos de erro do Pydantic v2; `{...}` vem do `ctx` do erro.
_VALIDATION_MESSAGES: dict[str, str] = {
    "missing": "Campo obrigatório.",
    "string_type": "Deve ser um texto.",
    "string_too_short": "Deve ter pelo menos {min_length} caractere(s).",
    "string_too_long": "Deve ter no máximo {max_length} caractere(s).",
    "string_pattern_mismatch": "Formato inválido.",
    "int_type": "Deve ser um número inteiro.",
    "int_parsing": "Deve ser um número inteiro.",
    "int_from_float": "Deve ser um número inteiro.",
    "float_type": "Deve ser um número.",
    "float_parsing": "Deve ser um número.",
    "bool_type": "Deve ser verdadeiro ou falso.",
    "bool_parsing": "Deve ser verdadeiro ou falso.",
    "greater_than": "Deve ser maior que {gt}.",
    "greater_than_equal": "Deve ser maior ou igual a {ge}.",
    "less_than": "Deve ser menor que {lt}.",
    "less_than_equal": "Deve ser menor ou igual a {le}.",
    "literal_error": "Valor inválido; aceitos: {expected}.",
    "enum": "Valor inválido; aceitos: {expected}.",
    "uuid_type": "Deve ser um UUID.",
    "uuid_parsing": "Deve ser um UUID válido.",
    "list_type": "Deve ser uma lista.",
    "dict_type": "Deve ser um objeto.",
    "model_type": "Deve ser um objeto.",
    "model_attributes_type": "Deve ser um objeto.",
    "too_short": "Deve ter pelo menos {min_length} item(ns).",
    "too_long": "Deve ter no máximo {max_length} item(ns).",
    "datetime_type": "Deve ser uma data e hora.",
    "datetime_parsing": "Data e hora inválida (use ISO 8601).",
    "datetime_from_date_parsing": "Data e hora inválida (use ISO 8601).",
    "date_parsing": "Data inválida (use AAAA-MM-DD).",
    "time_parsing": "Horário inválido (use HH:MM).",
    "json_invalid": "JSON inválido: {error}.",
    "json_type": "JSON inválido.",
    "extra_forbidden": "Campo não permitido.",
    "value_error": "{error}",
    "assertion_error": "{error}",
    "url_parsing": "URL inválida.",
    "url_scheme": "Esquema de URL não permitido.",
    "url_type": "Deve ser uma URL.",
    "set_type": "Deve ser uma lista sem repetições.",
    "decimal_parsing": "Deve ser um número decimal.",
    "bytes_type": "Deve ser um arquivo ou binário.",
    INVALID_TEXT_TYPE: INVALID_TEXT_MESSAGE,
}


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "header", "cookie"}]
    return ".".join(parts) or (str(loc[0]) if loc else "")


def translate_validation_error(error: dict[str, Any]) -> dict[str, Any]:
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
    if "error" in ctx:
        ctx["error"] = str(ctx["error"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _VALIDATION_MESSAGES.get(kind)
    if kind == "value_error" and str(error.get("msg", "")).startswith("value is not a valid email"):
        message = "E-mail inválido."
    elif template is None:
        message = "Valor inválido."
    else:
        try:
            message = template.format(**ctx)
        except (KeyError, IndexError):
            message = "Valor inválido."
    loc = tuple(error.get("loc", ()))
    field = "body" if kind == "json_invalid" else _field_path(loc)
    return {"field": field, "location": str(loc[0]) if loc else "", "message": message, "type": kind}


async def _app_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    return problem(exc.status_code, exc.code, exc.title, exc.detail, request, exc.headers, **exc.extra)


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [translate_validation_error(e) for e in exc.errors()]
    return problem(422, RequestInvalid.code, RequestInvalid.title, RequestInvalid.detail, request, errors=errors)


def _allowed_methods(request: Request) -> str | None:
    """Todos os métodos aceitos no caminho. O Starlette põe no `Allow` do 405 só os da primeira rota que casou com o
    caminho, e aqui um mesmo caminho costuma ter uma rota por método (GET e POST em /api/v1/users, por exemplo)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        route_methods = getattr(route, "methods", None)
        if route_methods and route.matches(request.scope)[0] != Match.NONE:
            methods |= set(route_methods)
    return ", ".join(sorted(methods)) if methods else None


async def _http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, title, detail = _HTTP_DEFAULTS.get(exc.status_code, ("erro_http", "Erro", "A requisição falhou."))
    headers = getattr(exc, "headers", None)
    if exc.status_code == 405 and (allowed := _allowed_methods(request)):
        headers = {**(headers or {}), "Allow": allowed}
    return problem(exc.status_code, code, title, detail, request, headers)


async def _pool_timeout_handler(request: Request, exc: Exception) -> JSONResponse:
    logger.warning("pool de conexões esgotado", exc_info=exc)
    return await _app_error_handler(request, DatabaseBusy())


async def _concurrent_write_handler(request: Request, exc: Exception) -> JSONResponse:
    # Duas escritas na mesma linha ao mesmo tempo (ex.: PATCH e DELETE do mesmo usuário; chave única disputada):
    # a perdedora recebe 409, nunca 500. As rotas tratam os conflitos que conhecem; este é o piso para todos.
    logger.warning("escrita concorrente recusada (%s)", type(exc).__name__)
    return await _app_error_handler(request, ConcurrentWrite())


# Erros do banco que são disputa momentânea, não defeito: quem chamou pode repetir (503, nunca 500). Serialização,
# deadlock, trava indisponível, conexões do servidor esgotadas (max_connections), servidor iniciando/desligando.
_TRANSIENT_SQLSTATES = {"40001", "40P01", "55P03", "53300", "57P03"}


def _is_transient(exc: DBAPIError) -> bool:
    orig = getattr(exc, "orig", None)
    state = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "__cause__", None), "sqlstate", None)
    return state in _TRANSIENT_SQLSTATES or "database is locked" in str(orig)


async def _database_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DBAPIError)
    if isinstance(exc, IntegrityError):
        return await _concurrent_write_handler(request, exc)
    if _is_transient(exc):
        logger.warning("disputa no banco; cliente deve repetir (%s)", type(exc.orig).__name__)
        return await _app_error_handler(request, DatabaseBusy())
    return await _unhandled_handler(request, exc)


async def _cache_unavailable_handler(request: Request, exc: Exception) -> JSONResponse:
    # Redis fora do ar ou sem conexão livre no prazo: indisponibilidade momentânea, não defeito.
    logger.warning("cache (Redis) indisponível: %s", type(exc).__name__)
    return await _app_error_handler(request, CacheUnavailable())


async def _unhandled_handler(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("erro não tratado", exc_info=exc)
    # Este tratador roda fora do middleware de contexto: o cabeçalho do id é posto aqui.
    request_id = request.scope.get("state", {}).get("request_id")
    headers = {"X-Request-Id": request_id} if request_id else None
    detail = "Ocorreu um erro inesperado. Informe o requestId ao suporte."
    return problem(500, "erro_interno", "Erro interno", detail, request, headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
    app.add_exception_handler(PoolTimeout, _pool_timeout_handler)
    app.add_exception_handler(StaleDataError, _concurrent_write_handler)
    app.add_exception_handler(DBAPIError, _database_error_handler)
    app.add_exception_handler(RedisConnectionError, _cache_unavailable_handler)
    app.add_exception_handler(RedisTimeoutError, _cache_unavailable_handler)
    app.add_exception_handler(Exception, _unhandled_handler)


def describe_error(err: type[AppError]) -> str:
    """Como um erro aparece na descrição de uma resposta da OpenAPI: título e `code`."""
    return f"{err.title} (`{err.code}`)"


def add_error_description(description: str, err: type[AppError]) -> str:
    """Acrescenta o erro à descrição de uma resposta, se o seu `code` ainda não estiver nela."""
    if f"`{err.code}`" in description:
        return description
    return f"{description} / {describe_error(err)}" if description else describe_error(err)


def problem_responses(*errors: type[AppError]) -> dict[int | str, dict[str, Any]]:
    """Declara na OpenAPI os erros próprios de uma rota (os da autenticação, da validação e do banco a OpenAPI
    acrescenta sozinha, a partir das dependências: veja `wacs.kit.openapi`)."""
    responses: dict[int | str, dict[str, Any]] = {}
    for err in errors:
        entry = responses.setdefault(err.status_code, {"description": "", "model": ProblemDetail})
        entry["description"] = add_error_description(entry["description"], err)
    return responses


from wacs.kit.schemas import ProblemDetail  # noqa: E402
