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
SESSION_DROPS = Counter(
    "wacs_session_drops_total",
    "Sessões que saíram do estado conectado, por provedor e pelo estado novo (disconnected, logged_out, failed...).",
    ["provider", "status"],
)
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

# Repasse ao Supabase Realtime (`wacs.supabase.realtime`): só o processo que tem a vez de repassar (líder) mexe nestes
# valores; some as séries dos processos ou olhe a do líder (`wacs_supabase_realtime_leader` = 1).
SUPABASE_BROADCASTS = Counter(
    "wacs_supabase_realtime_broadcasts_total", "Eventos aceitos pelo Supabase Realtime (202 do endpoint de broadcast)."
)
SUPABASE_REQUESTS = Counter(
    "wacs_supabase_realtime_requests_total", "POSTs ao endpoint de broadcast (cada um leva um lote de eventos)."
)
SUPABASE_FAILURES = Counter(
    "wacs_supabase_realtime_failures_total",
    "POSTs que falharam, por motivo (timeout, connection, http_5xx, rate_limited, auth, not_found, rejected, "
    "unsafe_url, other).",
    ["reason"],
)
SUPABASE_RETRIES = Counter(
    "wacs_supabase_realtime_retries_total", "Novas tentativas de um lote depois de uma falha (com espera crescente)."
)
SUPABASE_DROPPED = Counter(
    "wacs_supabase_realtime_dropped_total",
    "Eventos recusados de vez pelo Supabase (400/413/422 enviados sozinhos) e pulados para não travar o tenant.",
)
SUPABASE_LOST = Counter(
    "wacs_supabase_realtime_lost_total",
    "Eventos apagados pela retenção (REALTIME_RETENTION_HOURS) antes de chegar ao Supabase.",
)
SUPABASE_LAG = Gauge(
    "wacs_supabase_realtime_lag_events", "Eventos gravados que ainda não chegaram ao Supabase (atraso do repasse)."
)
SUPABASE_LAST_SUCCESS = Gauge(
    "wacs_supabase_realtime_last_success_timestamp_seconds",
    "Hora (Unix) do último lote aceito pelo Supabase; 0 se nenhum neste processo.",
)
SUPABASE_LEADER = Gauge(
    "wacs_supabase_realtime_leader", "1 se este processo tem a vez de repassar ao Supabase Realtime, senão 0."
)
