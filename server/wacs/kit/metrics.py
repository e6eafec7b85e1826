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
