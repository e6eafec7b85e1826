"""Cliente assíncrono de chat completions compatível com a OpenAI (e a variante Azure), sobre httpx.

Fala o formato público de `../shared/spec/PROTOCOLS.md` §3: `POST {base_url}/chat/completions` com `model`,
`messages`, `tools` e `tool_choice`; na Azure, `{base_url}/openai/deployments/{model}/chat/completions?api-version=…`
com o cabeçalho `api-key`. Serve para qualquer servidor compatível (OpenAI, Azure, Ollama, vLLM, OpenRouter) só
trocando a URL base.

Erros viram `LLMError` já classificado: `transient` (429, 5xx, tempo esgotado, falha de conexão — repetidos com
espera exponencial e jitter, respeitando `Retry-After`, até `max_retries` vezes), `credentials` (401/403) e
`permanent` (demais 4xx e respostas malformadas).
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Literal

import httpx

from wacs.kit import ssrf

ErrorKind = Literal["transient", "permanent", "credentials"]


def http_client(allow_private: bool = True) -> httpx.AsyncClient:
    """O cliente compartilhado do processo (reaproveita conexões; sem proxies do ambiente). A URL da instalação
    (AI_BASE_URL) pode ser interna (um Ollama na mesma rede); a escolhida por um agente passa pela guarda contra SSRF
    (`allow_private=False`), que confere o endereço a cada conexão."""
    return ssrf.http_client("llm", allow_private, httpx.Limits())


@dataclass(frozen=True)
class LLMConfig:
    """Onde e como falar com o modelo. Com `azure_api_version`, `model` é o nome do deployment na Azure."""

    base_url: str
    api_key: str
    model: str
    azure_api_version: str | None = None
    timeout_seconds: float = 30.0
    max_retries: int = 2
    # Espera antes da n-ésima nova tentativa: backoff_seconds * 2**(n-1), com jitter, limitada a max_backoff_seconds
    # (o teto também vale para o Retry-After do servidor, para um pedido não ficar preso por minutos).
    backoff_seconds: float = 0.5
    max_backoff_seconds: float = 10.0
    # Falso quando a URL veio de um agente (tenant): só endereços públicos, salvo AI_ALLOW_PRIVATE_BASE_URL.
    allow_private: bool = True


class LLMError(Exception):
    """Falha ao falar com o modelo, já classificada; `message_pt` é a explicação para humanos."""

    def __init__(self, kind: ErrorKind, message_pt: str, status: int | None = None) -> None:
        super().__init__(message_pt)
        self.kind: ErrorKind = kind
        self.message_pt = message_pt
        self.status = status

    def __repr__(self) -> str:
        return f"LLMError({self.kind!r}, {self.message_pt!r}, status={self.status!r})"


@dataclass(frozen=True)
class ToolCall:
    """Pedido do modelo para chamar uma ferramenta. Se os argumentos não eram JSON válido (objeto), `arguments` fica
    vazio, `arguments_invalid` fica verdadeiro e `raw_arguments` guarda o texto original — para avisar o modelo."""

    id: str
    name: str
    arguments: dict[str, Any]
    raw_arguments: str = ""
    arguments_invalid: bool = False


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0


@dataclass(frozen=True)
class ChatResult:
    content: str | None
    tool_calls: list[ToolCall] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    finish_reason: str | None = None
    latency_seconds: float = 0.0
    # A mensagem do assistente como veio (para reenviar no histórico antes das respostas das ferramentas).
    message: dict[str, Any] = field(default_factory=dict)


def _chat_url(config: LLMConfig) -> tuple[str, dict[str, str]]:
    base = config.base_url.rstrip("/")
    if config.azure_api_version:
        url = f"{base}/openai/deployments/{config.model}/chat/completions"
        return url, {"api-version": config.azure_api_version}
    return f"{base}/chat/completions", {}


def _headers(config: LLMConfig) -> dict[str, str]:
    if config.azure_api_version:
        return {"api-key": config.api_key}
    return {"Authorization": f"Bearer {config.api_key}"}


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _server_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300].strip()
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
        if isinstance(error, str):
            return error
        if isinstance(body.get("message"), str):
            return str(body["message"])
    return response.text[:300].strip()


def _classify(response: httpx.Response) -> LLMError:
    status = response.status_code
    detail = _server_message(response)
    suffix = f": {detail}" if detail else ""
    if status in (401, 403):
        return LLMError("credentials", f"O provedor de IA recusou as credenciais (HTTP {status}){suffix}", status)
    if status == 429 or status >= 500:
        return LLMError("transient", f"O provedor de IA está indisponível no momento (HTTP {status}){suffix}", status)
    return LLMError("permanent", f"O provedor de IA rejeitou o pedido (HTTP {status}){suffix}", status)


async def _post(
    config: LLMConfig, url: str, body: dict[str, Any], params: dict[str, str] | None = None
) -> dict[str, Any]:
    """POST com novas tentativas para falhas transitórias; devolve o JSON da resposta 2xx."""
    attempt = 0
    while True:
        wait: float | None = None
        try:
            response = await http_client(config.allow_private).post(
                url, json=body, params=params, headers=_headers(config), timeout=config.timeout_seconds
            )
        except ssrf.UnsafeDestination:
            raise LLMError(
                "permanent", "A URL do provedor de IA aponta para um endereço interno, não permitido."
            ) from None
        except ssrf.UnresolvableHost as exc:
            error = LLMError("transient", exc.message)
        except httpx.TimeoutException:
            error = LLMError("transient", "O provedor de IA não respondeu a tempo (tempo esgotado).")
        except httpx.HTTPError as exc:
            error = LLMError("transient", f"Falha de conexão com o provedor de IA: {exc.__class__.__name__}.")
        else:
            if response.is_success:
                try:
                    data = response.json()
                except ValueError:
                    data = None
                if not isinstance(data, dict):
                    raise LLMError("permanent", "O provedor de IA devolveu uma resposta que não é JSON.", 200)
                return data
            error = _classify(response)
            wait = _retry_after(response) if error.kind == "transient" else None
        if error.kind != "transient" or attempt >= config.max_retries:
            raise error
        attempt += 1
        if wait is None:
            wait = config.backoff_seconds * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)  # noqa: S311 (jitter, não criptografia)
        await asyncio.sleep(min(wait, config.max_backoff_seconds))


def _parse_tool_call(raw: Any) -> ToolCall:
    if not isinstance(raw, dict):
        raw = {}
    function = raw.get("function") if isinstance(raw.get("function"), dict) else {}
    arguments_raw = function.get("arguments")
    arguments: dict[str, Any] = {}
    invalid = False
    if isinstance(arguments_raw, dict):  # alguns servidores compatíveis já mandam o objeto
        arguments, text = arguments_raw, json.dumps(arguments_raw, ensure_ascii=False)
    else:
        text = arguments_raw if isinstance(arguments_raw, str) else ""
        if text.strip():
            try:
                parsed = json.loads(text)
            except ValueError:
                invalid = True
            else:
                if isinstance(parsed, dict):
                    arguments = parsed
                else:
                    invalid = True
    return ToolCall(
        id=str(raw.get("id") or ""),
        name=str(function.get("name") or ""),
        arguments=arguments,
        raw_arguments=text,
        arguments_invalid=invalid,
    )


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


async def chat(
    config: LLMConfig,
    messages: list[dict[str, Any]],
    tools: list[dict[str, Any]] | None = None,
    *,
    temperature: float | None = None,
    max_tokens: int | None = None,
    tool_choice: str | None = None,
) -> ChatResult:
    """Uma rodada de chat completions; devolve o texto e/ou os pedidos de ferramenta do modelo."""
    url, params = _chat_url(config)
    body: dict[str, Any] = {"model": config.model, "messages": messages}
    if tools:
        body["tools"] = tools
    if tool_choice is not None:
        body["tool_choice"] = tool_choice
    if temperature is not None:
        body["temperature"] = temperature
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    started = time.monotonic()
    data = await _post(config, url, body, params or None)
    latency = time.monotonic() - started
    choices = data.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise LLMError("permanent", "O provedor de IA devolveu uma resposta sem escolhas (choices).", 200)
    choice = choices[0]
    raw_message = choice.get("message")
    message: dict[str, Any] = raw_message if isinstance(raw_message, dict) else {}
    content = message.get("content")
    raw_calls = message.get("tool_calls") or []
    raw_usage = data.get("usage")
    usage_raw: dict[str, Any] = raw_usage if isinstance(raw_usage, dict) else {}
    return ChatResult(
        content=content if isinstance(content, str) else None,
        tool_calls=[_parse_tool_call(raw) for raw in raw_calls] if isinstance(raw_calls, list) else [],
        usage=Usage(
            prompt_tokens=_int(usage_raw.get("prompt_tokens")),
            completion_tokens=_int(usage_raw.get("completion_tokens")),
            total_tokens=_int(usage_raw.get("total_tokens")),
        ),
        finish_reason=choice.get("finish_reason") if isinstance(choice.get("finish_reason"), str) else None,
        latency_seconds=latency,
        message=message,
    )


async def embeddings(config: LLMConfig, inputs: list[str], model: str | None = None) -> list[list[float]]:
    """Vetores de `inputs` (na mesma ordem) via `POST {base_url}/embeddings` (na Azure, no deployment `model`)."""
    name = model or config.model
    base = config.base_url.rstrip("/")
    if config.azure_api_version:
        url, params = f"{base}/openai/deployments/{name}/embeddings", {"api-version": config.azure_api_version}
    else:
        url, params = f"{base}/embeddings", {}
    data = await _post(config, url, {"model": name, "input": inputs}, params or None)
    items = data.get("data")
    if not isinstance(items, list) or len(items) != len(inputs):
        raise LLMError("permanent", "O provedor de IA devolveu embeddings em quantidade inesperada.", 200)
    ordered = sorted(items, key=lambda item: item.get("index", 0) if isinstance(item, dict) else 0)
    vectors: list[list[float]] = []
    for item in ordered:
        vector = item.get("embedding") if isinstance(item, dict) else None
        if not isinstance(vector, list):
            raise LLMError("permanent", "O provedor de IA devolveu um embedding malformado.", 200)
        vectors.append([float(x) for x in vector])
    return vectors
