"""Métricas Prometheus do processo (registro global: um por processo)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

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
