"""O agente como o pipeline o usa: a configuração gravada (camelCase, como na API) com os padrões aplicados."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from wacs.agents.templates import TEMPLATES
from wacs.ai.resolve import ModelChoice, choose
from wacs.config import Settings
from wacs.kit.secrets import Encryptor
from wacs.models import AIAgent

DEFAULT_HANDOFF_KEYWORDS = ["atendente", "humano", "falar com uma pessoa", "falar com alguém"]
DEFAULT_HANDOFF_MESSAGE = (
    "Certo! Vou chamar um atendente da nossa equipe, que continua a conversa com você em instantes."
)
DEFAULT_OUT_OF_HOURS = (
    "Olá! Nosso atendimento funciona em horário comercial. Recebemos a sua mensagem e respondemos assim que voltarmos."
)
DEFAULTS: dict[str, Any] = {
    "systemPrompt": "Você é um assistente virtual que atende clientes pelo WhatsApp em português do Brasil. Seja "
    "cordial e objetivo.",
    "capabilities": [],
    "knowledgeBase": {"type": "full_text"},
    "responseSettings": {"maxTokens": 500, "temperature": 0.7, "language": "pt-BR", "maxReplyChars": 1000},
    "llm": {},
    "triggers": {"mode": "all", "keywords": []},
    "handoff": {"keywords": DEFAULT_HANDOFF_KEYWORDS, "message": DEFAULT_HANDOFF_MESSAGE, "resumeAfterMinutes": None},
    "debounceSeconds": 3.0,
    "businessHours": "always",
    "outOfHoursMessage": None,
    "ignoreGroups": True,
    "contextTtlHours": 24,
}


def merged(configuration: dict[str, Any] | None) -> dict[str, Any]:
    """A configuração gravada sobre os padrões (objetos aninhados campo a campo)."""
    result = {key: (dict(value) if isinstance(value, dict) else value) for key, value in DEFAULTS.items()}
    for key, value in (configuration or {}).items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = {**result[key], **value}
        else:
            result[key] = value
    return result


@dataclass(frozen=True)
class AgentSpec:
    id: uuid.UUID
    tenant_id: uuid.UUID
    name: str
    type: str | None
    is_active: bool
    system_prompt: str
    capabilities: frozenset[str]
    vector_search: bool
    max_tokens: int
    temperature: float
    max_reply_chars: int
    trigger_mode: str
    trigger_keywords: tuple[str, ...]
    handoff_keywords: tuple[str, ...]
    handoff_message: str
    resume_after_minutes: int | None
    debounce_seconds: float
    business_hours: str
    out_of_hours_message: str | None
    ignore_groups: bool
    context_ttl_hours: int
    greeting: str
    model: ModelChoice

    @property
    def mode(self) -> str:
        return "llm" if self.model.chat is not None else "offline"


def spec_of(row: AIAgent, settings: Settings, encryptor: Encryptor) -> AgentSpec:
    config = merged(row.configuration)
    template = TEMPLATES.get(row.type or "")
    handoff = config["handoff"]
    response = config["responseSettings"]
    triggers = config["triggers"]
    return AgentSpec(
        id=row.id,
        tenant_id=row.tenant_id,
        name=row.name,
        type=row.type,
        is_active=row.is_active,
        system_prompt=str(config["systemPrompt"]),
        capabilities=frozenset(config["capabilities"] or []),
        vector_search=(config["knowledgeBase"] or {}).get("type") == "vector_db",
        max_tokens=int(response.get("maxTokens") or 500),
        temperature=float(response.get("temperature") if response.get("temperature") is not None else 0.7),
        max_reply_chars=int(response.get("maxReplyChars") or 1000),
        trigger_mode=str(triggers.get("mode") or "all"),
        trigger_keywords=tuple(triggers.get("keywords") or ()),
        handoff_keywords=tuple(handoff.get("keywords") or ()),
        handoff_message=str(handoff.get("message") or DEFAULT_HANDOFF_MESSAGE),
        resume_after_minutes=handoff.get("resumeAfterMinutes"),
        debounce_seconds=float(config["debounceSeconds"]),
        business_hours=str(config["businessHours"]),
        out_of_hours_message=config.get("outOfHoursMessage"),
        ignore_groups=bool(config["ignoreGroups"]),
        context_ttl_hours=int(config["contextTtlHours"]),
        greeting=template.greeting if template else "Olá! Como posso ajudar?",
        model=choose(settings, encryptor, row.configuration, row.api_key_encrypted),
    )
