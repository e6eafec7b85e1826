"""Métricas Prometheus do processo (registro global: um por processo)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "wacs_http_requests_total",
    "Requisições HTTP por rota, método, status e tenant.",
    ["method", "route", "status", "tenant"],
)
HTTP_LATENCY = Histogram(
    "wacs_http_request_duration_seconds",
    "Latência das requisições HTTP por rota e tenant.",
    ["method", "route", "tenant"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

MESSAGES = Counter(
    "wacs_messages_total", "Mensagens por provedor, direção e status alcançado.", ["provider", "direction", "status"]
)
SEND_ATTEMPTS = Counter(
    "wacs_send_attempts_total",
    "Tentativas de envio por provedor e resultado (ok, transient, permanent).",
    ["provider", "result"],
)
READ_RECEIPTS = Counter(
    "wacs_read_receipts_total",
    "Confirmações de leitura ao contato (marcar conversa como lida), por provedor e resultado "
    "(ok, transient, permanent, unsupported).",
    ["provider", "result"],
)
SEND_LATENCY = Histogram(
    "wacs_send_latency_seconds",
    "Do aceite da mensagem até o provedor confirmar (sent).",
    ["provider"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
INBOUND_LATENCY = Histogram(
    "wacs_inbound_latency_seconds",
    "Da chegada do evento do provedor até a mensagem gravada.",
    ["provider"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ACTIVE_SESSIONS = Gauge("wacs_active_sessions", "Sessões conectadas por tenant e provedor.", ["tenant", "provider"])
QUEUE_DEPTH = Gauge("wacs_queue_depth", "Jobs pendentes na fila durável por tipo.", ["kind"])

# Agentes de IA (PRD §9.1 "Tempo de resposta da IA").
AI_RESPONSE_SECONDS = Histogram(
    "wacs_ai_response_seconds",
    "Da última mensagem do cliente (fim da rajada) até a resposta do agente gravada para envio, por modo "
    "(llm, offline, fallback).",
    ["mode"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
AI_MODEL_SECONDS = Histogram(
    "wacs_ai_model_seconds",
    "Tempo gasto esperando o modelo numa resposta (todas as rodadas de ferramenta).",
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
AI_OVERHEAD_SECONDS = Histogram(
    "wacs_ai_overhead_seconds",
    "Custo do pipeline por resposta, sem o tempo do modelo nem a espera da rajada.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1),
)
AI_RUNS = Counter("wacs_ai_runs_total", "Rodadas do agente por modo e resultado.", ["mode", "outcome"])
AI_TOKENS = Counter("wacs_ai_tokens_total", "Tokens consumidos no modelo, por tipo (prompt, completion).", ["kind"])
AI_TOOL_CALLS = Counter("wacs_ai_tool_calls_total", "Ferramentas chamadas pelo agente, por nome.", ["tool"])
AI_HANDOFFS = Counter(
    "wacs_ai_handoffs_total", "Passagens para humano por motivo (keyword, model, operator, failure).", ["reason"]
)
AI_FALLBACKS = Counter(
    "wacs_ai_fallbacks_total", "Respostas do atendente offline porque o modelo falhou, por tipo de erro.", ["kind"]
)
