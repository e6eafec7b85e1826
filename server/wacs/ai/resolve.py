"""Qual modelo um agente usa: o override do agente (URL base, modelo, chave cifrada) sobre os padrões da instalação
(AI_* ou, vazios, OPENAI_*). Sem nada configurado, não há modelo: responde o atendente offline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.ai.llm import LLMConfig, embeddings
from wacs.config import Settings
from wacs.kit.secrets import Encryptor
from wacs.models import AIAgent

OPENAI_BASE_URL = "https://api.openai.com/v1"


def global_config(settings: Settings) -> LLMConfig | None:
    """O modelo padrão da instalação, ou None (modo offline)."""
    key = settings.ai_api_key or settings.openai_api_key
    base = settings.ai_base_url or settings.openai_base_url
    if not key and not base:
        return None
    return LLMConfig(
        base_url=base or OPENAI_BASE_URL,
        api_key=key or "",
        model=settings.ai_model,
        azure_api_version=settings.ai_azure_api_version,
        timeout_seconds=settings.ai_timeout_seconds,
        max_retries=settings.ai_max_retries,
    )


@dataclass(frozen=True)
class ModelChoice:
    """O que um agente usa: o chat (None = offline) e o modelo de embeddings (None = só busca textual)."""

    chat: LLMConfig | None
    embeddings_model: str | None

    @property
    def embedder(self) -> Embedder | None:
        if self.chat is None or not self.embeddings_model:
            return None
        return Embedder(self.chat, self.embeddings_model)


@dataclass(frozen=True)
class Embedder:
    """Gera os vetores de textos com o modelo de embeddings escolhido (`/embeddings`, compatível com a OpenAI)."""

    config: LLMConfig
    model: str

    async def __call__(self, texts: list[str]) -> list[list[float]]:
        return await embeddings(self.config, texts, self.model)


def choose(
    settings: Settings, encryptor: Encryptor, configuration: dict[str, Any] | None, api_key_encrypted: str | None
) -> ModelChoice:
    """O modelo de um agente a partir da configuração gravada (`llm`: baseUrl, model, azureApiVersion,
    embeddingsModel; a chave vem cifrada à parte)."""
    base = global_config(settings)
    override: dict[str, Any] = dict((configuration or {}).get("llm") or {})
    key = encryptor.decrypt(api_key_encrypted) if api_key_encrypted else None
    embeddings_model = override.get("embeddingsModel") or settings.ai_embeddings_model
    if not override.get("baseUrl") and not key and not override.get("model"):
        return ModelChoice(base, embeddings_model if base else None)
    if base is None and not override.get("baseUrl") and not key:
        # Só o nome do modelo, sem provedor configurado: continua offline.
        return ModelChoice(None, None)
    own_url = bool(override.get("baseUrl"))
    chat = replace(
        base or LLMConfig(base_url=OPENAI_BASE_URL, api_key="", model=settings.ai_model),
        base_url=override.get("baseUrl") or (base.base_url if base else OPENAI_BASE_URL),
        api_key=key if key is not None else (base.api_key if base else ""),
        model=override.get("model") or settings.ai_model,
        azure_api_version=override.get("azureApiVersion") or (None if own_url else settings.ai_azure_api_version),
        timeout_seconds=settings.ai_timeout_seconds,
        max_retries=settings.ai_max_retries,
        # URL escolhida pelo tenant: só endereço público (guarda contra SSRF na conexão).
        allow_private=not own_url or settings.ai_allow_private_base_url,
    )
    return ModelChoice(chat, embeddings_model)


async def for_agent(
    settings: Settings, encryptor: Encryptor, db: AsyncSession, tenant_id: uuid.UUID, agent_id: uuid.UUID | None
) -> ModelChoice:
    """O modelo de um agente do tenant (ou o padrão da instalação, sem agente ou com um agente de outro tenant)."""
    if agent_id is None:
        return choose(settings, encryptor, None, None)
    row = (
        await db.execute(
            select(AIAgent.configuration, AIAgent.api_key_encrypted).where(
                AIAgent.id == agent_id, AIAgent.tenant_id == tenant_id
            )
        )
    ).first()
    if row is None:
        return choose(settings, encryptor, None, None)
    return choose(settings, encryptor, row[0], row[1])
