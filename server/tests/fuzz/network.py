"""O que pode sair da máquina: só a loopback. Funções puras, usadas pelos hooks do schemathesis e pelo teste."""

from __future__ import annotations

import ipaddress
from typing import Any

import httpx

URL_MAX_LENGTH = 2000  # o mesmo limite de `wacs.webhooks.schemas.WebhookUrl`
# Destinos das URLs de webhook do fuzzing: loopback, em portas em que nada escuta (e sem worker nada é entregue).
LOOPBACK_URLS = (
    "http://127.0.0.1:9/webhooks/fuzz",
    "https://127.0.0.1/webhooks?origem=fuzz",
    "http://[::1]:9/eventos",
    "http://127.0.0.2:65535/",
)


def is_loopback_literal(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def webhook_url_is_safe(value: Any) -> bool:
    """True se o servidor não vai resolver nem contatar nada fora da loopback por causa deste valor de `url`.

    Espelha a ordem do servidor: o texto é aparado, o tamanho conferido, a URL lida pelo httpx; só uma URL http(s)
    válida chega à resolução do host, e um IP literal não é resolvido. Aqui, só IP literal de loopback passa.
    """
    if not isinstance(value, str):
        return True
    text = value.strip()
    if not 1 <= len(text) <= URL_MAX_LENGTH:
        return True
    try:
        url = httpx.URL(text)
    except Exception:
        return True
    if url.scheme not in {"http", "https"}:
        return True
    host = url.raw_host.decode("ascii", "replace")
    return not host or is_loopback_literal(host)


def safe_webhook_body(body: Any) -> bool:
    return not isinstance(body, dict) or webhook_url_is_safe(body.get("url"))
