"""Configuração de um agente de IA, com os nomes do PRD §13.A (`name`, `systemPrompt`, `capabilities`,
`knowledgeBase`, `responseSettings`) e o resto do comportamento (gatilhos, passagem para humano, rajada, horário)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from wacs.kit.schemas import InputSchema, Schema
from wacs.webhooks.schemas import WebhookUrl

Capability = Literal["search_properties", "schedule_visits", "provide_documentation", "calculate_financing"]
TemplateName = Literal["real_estate", "customer_support"]
BusinessHoursMode = Literal["always", "inside_only", "outside_only"]
CAPABILITY_TEXT: dict[str, str] = {
    "search_properties": "Buscar imóveis no catálogo do tenant",
    "schedule_visits": "Agendar visitas",
    "provide_documentation": "Responder com a base de conhecimento",
    "calculate_financing": "Simular financiamento (SAC e Price)",
}


def _keywords(value: list[str]) -> list[str]:
    cleaned: list[str] = []
    for word in value:
        word = " ".join(word.split()).lower()
        if not word:
            raise ValueError("Palavras-chave não podem ser vazias")
        if word not in cleaned:
            cleaned.append(word)
    return cleaned


class KnowledgeBaseSettings(InputSchema):
    type: Literal["full_text", "vector_db"] = Field(
        default="full_text",
        description="`full_text`: busca textual em português. `vector_db`: também por similaridade de embeddings "
        "(precisa de um modelo de embeddings: AI_EMBEDDINGS_MODEL ou `llm.embeddingsModel`), com ranking híbrido.",
    )
    connection_string: str | None = Field(
        default=None,
        max_length=2000,
        description="Aceito pela compatibilidade com o PRD e ignorado: a base de conhecimento fica no banco do wacs.",
    )


class ResponseSettings(InputSchema):
    max_tokens: int = Field(default=500, ge=16, le=4000, description="Máximo de tokens da resposta do modelo.")
    temperature: float = Field(default=0.7, ge=0, le=2)
    language: Literal["pt-BR"] = Field(default="pt-BR", description="Idioma das respostas (só pt-BR por ora).")
    max_reply_chars: int = Field(
        default=1000,
        ge=200,
        le=4096,
        description="Respostas maiores que isto saem em várias mensagens (quebradas em parágrafos ou frases).",
    )


class LLMOverride(InputSchema):
    """Modelo próprio do agente; o que faltar vem da instalação (AI_*)."""

    base_url: WebhookUrl | None = Field(
        default=None,
        description="URL base compatível com a OpenAI (ex.: https://api.openai.com/v1, um Azure OpenAI, OpenRouter). "
        "Só endereços públicos, salvo AI_ALLOW_PRIVATE_BASE_URL.",
    )
    model: str | None = Field(
        default=None, min_length=1, max_length=200, description="Modelo (na Azure, o deployment)."
    )
    azure_api_version: str | None = Field(default=None, min_length=1, max_length=50)
    embeddings_model: str | None = Field(default=None, min_length=1, max_length=200)
    api_key: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description='Chave do provedor de IA. Guardada cifrada e nunca devolvida; envie "" para apagar.',
    )

    @field_validator("api_key", mode="before")
    @classmethod
    def _empty_key(cls, value: Any) -> Any:
        return "-" if value == "" else value  # "-" = apagar a chave guardada


class Triggers(InputSchema):
    mode: Literal["all", "keywords"] = Field(
        default="all",
        description="Quando o agente padrão do tenant assume uma conversa nova: `all` (toda mensagem) ou `keywords`.",
    )
    keywords: list[str] = Field(default_factory=list, max_length=50, description="Com `mode: keywords`.")

    @field_validator("keywords")
    @classmethod
    def _clean(cls, value: list[str]) -> list[str]:
        return _keywords(value)


class Handoff(InputSchema):
    keywords: list[str] = Field(
        default_factory=lambda: ["atendente", "humano", "falar com uma pessoa", "falar com alguém"],
        max_length=50,
        description="Mensagem do cliente com uma destas palavras passa a conversa para um humano.",
    )
    message: str = Field(
        default="Certo! Vou chamar um atendente da nossa equipe, que continua a conversa com você em instantes.",
        min_length=1,
        max_length=1000,
    )
    resume_after_minutes: int | None = Field(
        default=None,
        ge=1,
        le=43200,
        description="O agente volta a responder sozinho este tempo depois da passagem para humano (vazio: só "
        "retomando pela API).",
    )

    @field_validator("keywords")
    @classmethod
    def _clean(cls, value: list[str]) -> list[str]:
        return _keywords(value)


class AgentSettings(InputSchema):
    """O que pode ser configurado (em `create` e em `configure`)."""

    system_prompt: str | None = Field(default=None, min_length=1, max_length=8000)
    capabilities: list[Capability] | None = Field(default=None, max_length=4, json_schema_extra={"uniqueItems": True})
    knowledge_base: KnowledgeBaseSettings | None = None
    response_settings: ResponseSettings | None = None
    llm: LLMOverride | None = None
    triggers: Triggers | None = None
    handoff: Handoff | None = None
    debounce_seconds: float | None = Field(
        default=None, ge=0, le=60, description="Espera por mais mensagens da mesma rajada antes de responder."
    )
    business_hours: BusinessHoursMode | None = Field(
        default=None,
        description="`always`: responde a qualquer hora. `inside_only`: só no horário comercial do tenant (fora "
        "dele manda uma vez a mensagem de fora do horário). `outside_only`: só fora do horário (dentro, a equipe "
        "atende).",
    )
    out_of_hours_message: str | None = Field(default=None, min_length=1, max_length=1000)
    ignore_groups: bool | None = Field(default=None, description="Não responder mensagens vindas de grupos.")
    context_ttl_hours: int | None = Field(
        default=None, ge=1, le=720, description="Por quanto tempo o contexto da conversa é lembrado."
    )
    is_active: bool | None = None

    @field_validator("capabilities")
    @classmethod
    def _unique(cls, value: list[str] | None) -> list[str] | None:
        if value is not None and len(set(value)) != len(value):
            raise ValueError("Capacidades repetidas")
        return value


class AgentCreate(AgentSettings):
    name: str = Field(min_length=1, max_length=255, examples=["Especialista em Imóveis"])
    template: TemplateName | None = Field(
        default=None, description="Parte de um modelo pronto (GET /api/v1/agents/templates); os campos enviados valem."
    )
    make_default: bool = Field(default=False, description="Tornar o agente padrão do tenant (conversas novas).")


class AgentConfigure(AgentSettings):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    make_default: bool | None = Field(default=None, description="Tornar (ou deixar de ser) o agente padrão do tenant.")


class KnowledgeBaseOut(Schema):
    type: str


class LLMOut(Schema):
    base_url: str | None
    model: str | None
    azure_api_version: str | None
    embeddings_model: str | None
    has_api_key: bool = Field(description="Se o agente tem chave própria (a chave nunca é devolvida).")


class AgentOut(Schema):
    id: uuid.UUID
    name: str
    type: str | None
    is_active: bool
    is_default: bool
    mode: Literal["llm", "offline"] = Field(
        description="`llm`: responde com o modelo configurado. `offline`: atendente de regras em pt-BR + base de "
        "conhecimento + ferramentas, sem modelo de linguagem."
    )
    system_prompt: str
    capabilities: list[str]
    knowledge_base: KnowledgeBaseOut
    response_settings: dict[str, Any]
    llm: LLMOut
    triggers: dict[str, Any]
    handoff: dict[str, Any]
    debounce_seconds: float
    business_hours: str
    out_of_hours_message: str | None
    ignore_groups: bool
    context_ttl_hours: int
    created_at: datetime
    updated_at: datetime


class TemplateOut(Schema):
    name: str
    title: str
    description: str
    system_prompt: str
    capabilities: list[str]
    handoff_keywords: list[str]


class ConversationRef(InputSchema):
    conversation_id: uuid.UUID = Field(description="Conversa (GET /api/v1/conversations).")


class AssignConversation(ConversationRef):
    pass


class ConversationAgentOut(Schema):
    conversation_id: uuid.UUID
    agent_id: uuid.UUID | None
    bot_state: str | None = Field(description="`active` (o agente responde), `handoff` (pausado) ou vazio.")
    handoff_reason: str | None = None
    handoff_until: datetime | None = None


class TestTurn(InputSchema):
    role: Literal["user", "assistant"]
    content: str = Field(min_length=1, max_length=4000)


class AgentTest(InputSchema):
    message: str = Field(min_length=1, max_length=4000, examples=["Quero ver apartamentos de 2 quartos"])
    history: list[TestTurn] = Field(default_factory=list, max_length=40, description="Conversa até aqui (opcional).")


class ToolCallOut(Schema):
    name: str
    arguments: dict[str, Any]
    result: str


class AgentTestOut(Schema):
    reply: str
    parts: list[str] = Field(description="A resposta como seria enviada (respostas longas em várias mensagens).")
    mode: str = Field(description="`llm`, `offline` ou `fallback` (o modelo falhou e o atendente offline respondeu).")
    handoff: str | None = Field(description="Motivo, se a resposta passaria a conversa para um humano.")
    tool_calls: list[ToolCallOut]
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int
    error: str | None = Field(default=None, description="O erro do modelo, quando houve fallback.")


class MetricsDay(Schema):
    day: str
    replies: int
    handoffs: int
    avg_response_ms: float | None


class AgentMetricsOut(Schema):
    since: datetime
    until: datetime
    runs: int
    replies: int
    handoffs: int
    fallbacks: int
    discarded: int
    out_of_hours: int
    failed: int
    by_mode: dict[str, int]
    avg_response_ms: float | None
    p50_response_ms: float | None
    p95_response_ms: float | None
    avg_model_ms: float | None
    prompt_tokens: int
    completion_tokens: int
    tool_calls: int
    per_day: list[MetricsDay]
