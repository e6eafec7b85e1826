"""Cliente de LLM compatível com a OpenAI (`wacs.ai.llm`) contra o servidor falso, por HTTP de verdade no 127.0.0.1."""

from __future__ import annotations

import json
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from tests.messaging_helpers import serve
from wacs.ai.llm import LLMConfig, LLMError, chat, embeddings
from wacs.fakes.openai_compat import EMBEDDING_DIMENSIONS, FakeLLMState, create_app

KEY = "sk-teste-123"

TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "simular_financiamento",
            "description": "Simula um financiamento imobiliário.",
            "parameters": {
                "type": "object",
                "properties": {"valor": {"type": "number"}, "meses": {"type": "integer"}},
                "required": ["valor", "meses"],
            },
        },
    }
]


@asynccontextmanager
async def fake_llm(state: FakeLLMState, **config: Any) -> AsyncIterator[LLMConfig]:
    async with serve(create_app(state)) as base:
        options: dict[str, Any] = {"backoff_seconds": 0.01, "timeout_seconds": 5.0} | config
        yield LLMConfig(base_url=base.replace("ws://", "http://"), api_key=KEY, model="gpt-teste", **options)


async def test_plain_answer() -> None:
    state = FakeLLMState(api_key=KEY)
    state.reply("Olá, tudo bem?")
    async with fake_llm(state) as config:
        result = await chat(config, [{"role": "user", "content": "Oi"}], temperature=0.2, max_tokens=100)
    assert result.content == "Olá, tudo bem?"
    assert result.tool_calls == []
    assert result.finish_reason == "stop"
    assert result.usage.prompt_tokens > 0 and result.usage.completion_tokens == 3
    assert result.usage.total_tokens == result.usage.prompt_tokens + result.usage.completion_tokens
    assert result.latency_seconds > 0
    assert state.requests == [
        {"model": "gpt-teste", "messages": [{"role": "user", "content": "Oi"}], "temperature": 0.2, "max_tokens": 100}
    ]


async def test_default_responder_echo_and_callable() -> None:
    state = FakeLLMState(api_key=KEY)
    async with fake_llm(state) as config:
        echoed = await chat(config, [{"role": "user", "content": "quanto custa?"}])
        state.responder = lambda body: {"role": "assistant", "content": f"{len(body['messages'])} mensagens"}
        custom = await chat(config, [{"role": "system", "content": "x"}, {"role": "user", "content": "y"}])
    assert echoed.content == "Você disse: quanto custa?"
    assert custom.content == "2 mensagens"


async def test_tool_call_round_trip() -> None:
    state = FakeLLMState(api_key=KEY)
    call_id = state.call_tool("simular_financiamento", {"valor": 300000, "meses": 360})
    state.reply("A parcela fica em torno de R$ 2.500,00.")
    messages: list[dict[str, Any]] = [{"role": "user", "content": "Simule 300 mil em 30 anos"}]
    async with fake_llm(state) as config:
        first = await chat(config, messages, TOOLS, tool_choice="auto")
        assert first.finish_reason == "tool_calls"
        assert first.content is None
        [call] = first.tool_calls
        assert (call.id, call.name, call.arguments, call.arguments_invalid) == (
            call_id,
            "simular_financiamento",
            {"valor": 300000, "meses": 360},
            False,
        )
        messages = [
            *messages,
            first.message,
            {"role": "tool", "tool_call_id": call.id, "content": json.dumps({"parcela": 2500.0})},
        ]
        second = await chat(config, messages, TOOLS, tool_choice="auto")
    assert second.content == "A parcela fica em torno de R$ 2.500,00."
    assert second.finish_reason == "stop"
    tool_call = {
        "id": call_id,
        "type": "function",
        "function": {"name": "simular_financiamento", "arguments": '{"valor": 300000, "meses": 360}'},
    }
    user = {"role": "user", "content": "Simule 300 mil em 30 anos"}
    assert state.requests == [
        {"model": "gpt-teste", "messages": [user], "tools": TOOLS, "tool_choice": "auto"},
        {
            "model": "gpt-teste",
            "messages": [
                user,
                {"role": "assistant", "content": None, "tool_calls": [tool_call]},
                {"role": "tool", "tool_call_id": call_id, "content": '{"parcela": 2500.0}'},
            ],
            "tools": TOOLS,
            "tool_choice": "auto",
        },
    ]


async def test_invalid_tool_arguments_are_flagged() -> None:
    state = FakeLLMState(api_key=KEY)
    state.call_tool("simular_financiamento", '{"valor": 300000, "meses":')
    state.call_tool("simular_financiamento", "[1, 2]")
    async with fake_llm(state) as config:
        broken = (await chat(config, [{"role": "user", "content": "a"}], TOOLS)).tool_calls[0]
        not_object = (await chat(config, [{"role": "user", "content": "b"}], TOOLS)).tool_calls[0]
    assert broken.arguments == {} and broken.arguments_invalid
    assert broken.raw_arguments == '{"valor": 300000, "meses":'
    assert not_object.arguments == {} and not_object.arguments_invalid and not_object.raw_arguments == "[1, 2]"


async def test_rate_limit_then_success_honours_retry_after() -> None:
    state = FakeLLMState(api_key=KEY)
    state.fail_next(429, retry_after=0.3)
    state.reply("Depois da espera.")
    async with fake_llm(state) as config:
        started = time.monotonic()
        result = await chat(config, [{"role": "user", "content": "Oi"}])
        elapsed = time.monotonic() - started
    assert result.content == "Depois da espera."
    assert len(state.requests) == 2
    assert elapsed >= 0.3  # respeitou o Retry-After (o backoff próprio seria ~0,01 s)


async def test_server_errors_exhaust_retries_as_transient() -> None:
    state = FakeLLMState(api_key=KEY)
    state.fail_next(500, times=5)
    async with fake_llm(state, max_retries=2) as config:
        with pytest.raises(LLMError) as caught:
            await chat(config, [{"role": "user", "content": "Oi"}])
    assert caught.value.kind == "transient"
    assert caught.value.status == 500
    assert "HTTP 500" in caught.value.message_pt
    assert len(state.requests) == 3  # 1 + 2 novas tentativas


async def test_wrong_key_is_credentials_error_without_retry() -> None:
    state = FakeLLMState(api_key="outra-chave")
    async with fake_llm(state) as config:
        with pytest.raises(LLMError) as caught:
            await chat(config, [{"role": "user", "content": "Oi"}])
    assert caught.value.kind == "credentials"
    assert caught.value.status == 401
    assert "Incorrect API key provided." in caught.value.message_pt
    assert len(state.requests) == 1


async def test_other_client_error_is_permanent_with_server_message() -> None:
    state = FakeLLMState(api_key=KEY)
    state.fail_next(400, message="This model's maximum context length is 8192 tokens.")
    async with fake_llm(state) as config:
        with pytest.raises(LLMError) as caught:
            await chat(config, [{"role": "user", "content": "Oi"}])
    assert caught.value.kind == "permanent" and caught.value.status == 400
    assert caught.value.message_pt == (
        "O provedor de IA rejeitou o pedido (HTTP 400): This model's maximum context length is 8192 tokens."
    )
    assert len(state.requests) == 1


async def test_timeout_is_transient_after_retries() -> None:
    state = FakeLLMState(api_key=KEY, delay_seconds=1.0)
    async with fake_llm(state, timeout_seconds=0.2, max_retries=1) as config:
        with pytest.raises(LLMError) as caught:
            await chat(config, [{"role": "user", "content": "Oi"}])
    assert caught.value.kind == "transient"
    assert caught.value.status is None
    assert "tempo esgotado" in caught.value.message_pt
    assert len(state.requests) == 2


async def test_azure_url_and_header() -> None:
    state = FakeLLMState(api_key=KEY)
    state.reply("Resposta da Azure.")
    async with fake_llm(state, azure_api_version="2024-10-21") as config:
        result = await chat(config, [{"role": "user", "content": "Oi"}])
        vectors = await embeddings(config, ["casa"], model="embed-teste")
    assert result.content == "Resposta da Azure."
    assert [(c["path"], c["query"]) for c in state.calls] == [
        ("/openai/deployments/gpt-teste/chat/completions", {"api-version": "2024-10-21"}),
        ("/openai/deployments/embed-teste/embeddings", {"api-version": "2024-10-21"}),
    ]
    assert all(c["headers"]["api-key"] == KEY and "authorization" not in c["headers"] for c in state.calls)
    assert len(vectors) == 1
    # Sem api-version, a rota da Azure não existe.
    async with fake_llm(state) as plain:
        azure_base = plain.base_url + "/openai/deployments/gpt-teste"
        with pytest.raises(LLMError) as caught:
            await chat(LLMConfig(base_url=azure_base, api_key=KEY, model="x"), [{"role": "user", "content": "Oi"}])
    assert caught.value.status == 404  # sem api-version


async def test_embeddings_shape_and_determinism() -> None:
    state = FakeLLMState(api_key=KEY)
    texts = ["apartamento de dois quartos", "Apartamento de dois quartos!", "financiamento pela Caixa"]
    async with fake_llm(state) as config:
        first = await embeddings(config, texts, model="text-embedding-3-small")
        again = await embeddings(config, texts)
    assert len(first) == 3 and all(len(v) == EMBEDDING_DIMENSIONS for v in first)
    assert first == again
    assert all(math.isclose(sum(x * x for x in v), 1.0) for v in first)

    def cosine(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert math.isclose(cosine(first[0], first[1]), 1.0)
    assert cosine(first[0], first[2]) < 0.9
    assert state.requests[0] == {"model": "text-embedding-3-small", "input": texts}
    assert state.requests[1]["model"] == "gpt-teste"
