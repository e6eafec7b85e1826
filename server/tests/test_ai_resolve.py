"""Qual modelo um agente usa: padrões da instalação (AI_*, com OPENAI_* de reserva) e o modelo próprio do agente."""

from __future__ import annotations

from pathlib import Path

from wacs.ai.resolve import OPENAI_BASE_URL, choose, global_config
from wacs.config import Settings
from wacs.kit.secrets import Encryptor


def _settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp_path, _env_file=None, **values)  # type: ignore[call-arg]


def test_nothing_configured_means_offline(tmp_path: Path) -> None:
    assert global_config(_settings(tmp_path)) is None


def test_openai_variables_are_the_fallback(tmp_path: Path) -> None:
    config = global_config(_settings(tmp_path, openai_api_key="sk-openai", openai_base_url="http://ollama:11434/v1"))
    assert config is not None
    assert (config.api_key, config.base_url, config.model) == ("sk-openai", "http://ollama:11434/v1", "gpt-4o-mini")
    own = global_config(_settings(tmp_path, ai_api_key="sk-ai", openai_api_key="sk-openai"))
    assert own is not None and (own.api_key, own.base_url) == ("sk-ai", OPENAI_BASE_URL)


def test_azure_and_installation_urls_may_be_internal(tmp_path: Path) -> None:
    config = global_config(
        _settings(
            tmp_path, ai_api_key="k", ai_base_url="https://empresa.openai.azure.com", ai_azure_api_version="2024-10-21"
        )
    )
    assert config is not None and config.azure_api_version == "2024-10-21" and config.allow_private is True


def test_agent_override_takes_precedence_and_its_url_is_guarded(tmp_path: Path) -> None:
    settings = _settings(tmp_path, ai_api_key="sk-instalacao", ai_embeddings_model="text-embedding-3-small")
    encryptor = Encryptor.from_config(tmp_path, None)
    inherited = choose(settings, encryptor, {"systemPrompt": "x"}, None)
    assert inherited.chat is not None and inherited.chat.api_key == "sk-instalacao"
    assert inherited.embedder is not None and inherited.embedder.model == "text-embedding-3-small"
    own = choose(
        settings,
        encryptor,
        {"llm": {"baseUrl": "https://openrouter.ai/api/v1", "model": "meta/llama", "embeddingsModel": "e5"}},
        encryptor.encrypt("sk-do-agente"),
    )
    assert own.chat is not None
    assert (own.chat.base_url, own.chat.model, own.chat.api_key) == (
        "https://openrouter.ai/api/v1",
        "meta/llama",
        "sk-do-agente",
    )
    assert own.chat.allow_private is False  # URL escolhida pelo tenant: só endereço público
    assert own.embeddings_model == "e5"
    liberated = choose(
        _settings(tmp_path, ai_allow_private_base_url=True), encryptor, {"llm": {"baseUrl": "http://x"}}, None
    )
    assert liberated.chat is not None and liberated.chat.allow_private is True


def test_model_name_alone_without_provider_stays_offline(tmp_path: Path) -> None:
    choice = choose(_settings(tmp_path), Encryptor.from_config(tmp_path, None), {"llm": {"model": "gpt-4o"}}, None)
    assert choice.chat is None and choice.embedder is None
