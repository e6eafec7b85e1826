"""Entrega dos webhooks: POST assinado, novas tentativas com backoff exponencial e fila de mortos (dead-letter).

Cada entrega é um job `webhook.deliver` na fila durável. O job faz UMA tentativa:
- 2xx → `delivered`;
- outra resposta ou falha de rede → grava a tentativa (numa sessão própria, porque a do job é desfeita quando ele
  falha) e pede nova tentativa com `RetryLater`; quando o worker enterra o job (última tentativa), `on_dead` marca
  a entrega como `dead`;
- destino interno (SSRF) ou segredo ilegível → `dead` na hora, sem novas tentativas;
- endpoint desativado → `failed`; endpoint excluído → a entrega já não existe e o job só termina.

Cliente HTTP: um `httpx.AsyncClient` compartilhado por processo (conexões reaproveitadas entre entregas), criado
na primeira entrega (`kit.ssrf.http_client`; `kit.ssrf.close_http_clients()` o fecha no desligamento).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import orjson
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit import ssrf, telemetry
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.models import Job
from wacs.webhooks import signing
from wacs.webhooks.repository import WebhookDeliveryRepository, WebhookEndpointRepository
from wacs.worker.queue import RetryLater, backoff_seconds

logger = logging.getLogger("wacs.webhooks")

USER_AGENT = "wacs-webhooks/1.0"
RESPONSE_READ_LIMIT = 64 * 1024  # lido só para devolver a conexão ao pool; o conteúdo é descartado
ERROR_MAX_LENGTH = 500
# Todas as conexões reutilizáveis: com só 20 de reserva, um lote de entregas ao mesmo endpoint fecha e reabre conexões
# (e refaz o TLS) a cada pedido.
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=100, keepalive_expiry=30)

ATTEMPTS = Counter(
    "wacs_webhook_attempts_total",
    "Tentativas de entrega de webhooks por resultado: delivered, error (haverá nova tentativa ou dead-letter), "
    "refused (destino interno ou segredo ilegível) e skipped (endpoint desativado).",
    ["result"],
)
DEAD_LETTERS = Counter("wacs_webhook_dead_letters_total", "Entregas de webhook que esgotaram as tentativas.")

ENDPOINT_INACTIVE = "Endpoint desativado: a entrega não foi feita."
SECRET_UNREADABLE = "O segredo do endpoint não pôde ser decifrado com as chaves configuradas (ENCRYPTION_KEYS)."


# Cliente HTTP compartilhado


def http_client(allow_private: bool) -> httpx.AsyncClient:
    return ssrf.http_client("webhooks", allow_private, LIMITS)


# Uma tentativa


@dataclass(frozen=True)
class AttemptResult:
    delivered: bool
    status_code: int | None = None
    error: str | None = None
    permanent: bool = False
    retry_after: float | None = None


def _retry_after(value: str | None) -> float | None:
    if value is None or not value.strip().isdigit():
        return None
    return float(value.strip())


def _network_error(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        seconds = f"{timeout:g}".replace(".", ",")
        return f"Tempo esgotado: o endpoint não respondeu em {seconds} s."
    if isinstance(exc, httpx.ConnectError) and "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return "O certificado TLS do endpoint não pôde ser verificado."
    if isinstance(exc, httpx.ConnectError):
        return "Não foi possível conectar ao endpoint (conexão recusada ou host inacessível)."
    if isinstance(exc, httpx.RemoteProtocolError):
        return "O endpoint encerrou a conexão sem uma resposta HTTP válida."
    return f"Falha de rede ao enviar ({type(exc).__name__})."


def _status_error(status_code: int) -> str:
    if 300 <= status_code < 400:
        return f"O endpoint respondeu HTTP {status_code}; redirecionamentos não são seguidos."
    return f"O endpoint respondeu HTTP {status_code}."


async def send(ctx: AppContext, url: str, secret: str, payload: dict[str, object]) -> AttemptResult:
    """POST do envelope (JSON compacto, exatamente os bytes assinados) com o tempo total limitado."""
    settings = ctx.settings
    allow_private = settings.webhook_allow_private
    timeout = settings.webhook_timeout_seconds
    body = orjson.dumps(payload)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Webhook-Id": str(payload.get("id", "")),
        "X-Webhook-Event": str(payload.get("type", "")),
        "X-Webhook-Timestamp": str(timestamp),
        "X-Webhook-Signature": signing.signature_header(secret, timestamp, body),
    }
    status_code: int | None = None
    retry_after: float | None = None
    try:
        target = httpx.URL(url)
        async with asyncio.timeout(timeout):
            if not allow_private:
                # O DNS pode ter mudado desde o cadastro: verifica de novo (e outra vez ao conectar).
                port = target.port or (443 if target.scheme == "https" else 80)
                await ssrf.addresses_for(target.raw_host.decode("ascii"), port, allow_private=False)
            client = http_client(allow_private)
            async with client.stream("POST", target, content=body, headers=headers, timeout=timeout) as response:
                status_code = response.status_code
                retry_after = _retry_after(response.headers.get("retry-after"))
                received = 0
                async for chunk in response.aiter_raw():
                    received += len(chunk)
                    if received > RESPONSE_READ_LIMIT:
                        break
    except ssrf.UnsafeDestination as exc:
        return AttemptResult(False, error=exc.message, permanent=True)
    except ssrf.UnresolvableHost as exc:
        return AttemptResult(False, error=exc.message)
    except (httpx.HTTPError, OSError, TimeoutError) as exc:
        if status_code is None:
            logger.info("webhook: falha de rede", extra={"error": repr(exc)})
            return AttemptResult(False, error=_network_error(exc, timeout))
        # Os cabeçalhos já chegaram: vale o status, mesmo que o corpo da resposta tenha falhado.
    except httpx.InvalidURL:
        return AttemptResult(False, error="A URL do endpoint é inválida.", permanent=True)
    except Exception as exc:  # falha inesperada vira tentativa registrada, nunca entrega perdida em silêncio
        logger.exception("webhook: falha inesperada ao enviar")
        return AttemptResult(False, error=f"Falha inesperada ao enviar ({type(exc).__name__}).")
    assert status_code is not None
    if 200 <= status_code < 300:
        return AttemptResult(True, status_code=status_code)
    return AttemptResult(False, status_code=status_code, error=_status_error(status_code), retry_after=retry_after)


# Handlers da fila


def _delivery_id(job: Job) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(job.payload.get("deliveryId")))
    except ValueError:
        return None


async def deliver(ctx: AppContext, session: AsyncSession, job: Job) -> None:
    delivery_id = _delivery_id(job)
    if job.tenant_id is None or delivery_id is None:
        logger.error("job de webhook malformado", extra={"job_id": job.id})
        return
    tenant_id = job.tenant_id
    deliveries = WebhookDeliveryRepository(session, tenant_id)
    delivery = await deliveries.get(delivery_id)
    if delivery is None or delivery.status != "pending":
        return  # endpoint excluído (a entrega caiu junto) ou ciclo já encerrado
    endpoint = await WebhookEndpointRepository(session, tenant_id).get(delivery.endpoint_id)
    if endpoint is None or not endpoint.is_active:
        await deliveries.record(delivery_id, status="failed", last_error=ENDPOINT_INACTIVE, next_attempt_at=None)
        ATTEMPTS.labels("skipped").inc()
        return
    attempt = max(job.attempts, delivery.attempts + 1)
    try:
        secret = ctx.encryptor.decrypt(endpoint.secret_encrypted)
    except ValueError:
        await deliveries.record(
            delivery_id, status="dead", attempts=attempt, last_error=SECRET_UNREADABLE, next_attempt_at=None
        )
        ATTEMPTS.labels("refused").inc()
        return
    url, payload = endpoint.url, dict(delivery.payload)
    # Nada a escrever até a resposta: a transação termina aqui e a conexão do banco não fica presa na chamada HTTP.
    await session.commit()

    started = time.monotonic()
    attributes = {
        "wacs.webhook.delivery_id": delivery_id,
        "wacs.webhook.endpoint_id": endpoint.id,
        "wacs.webhook.event": payload.get("type"),
        "wacs.webhook.attempt": attempt,
    }
    with telemetry.span("webhook delivery", attributes) as attempt_span:
        result = await send(ctx, url, secret, payload)
        outcome = "delivered" if result.delivered else "refused" if result.permanent else "error"
        attempt_span.set_attribute("wacs.webhook.outcome", outcome)
        if result.status_code is not None:
            attempt_span.set_attribute("http.response.status_code", result.status_code)
    elapsed_ms = round((time.monotonic() - started) * 1000)
    now = datetime.now(UTC)
    log_extra = {
        "tenant_id": str(tenant_id),
        "delivery_id": str(delivery_id),
        "endpoint_id": str(endpoint.id),
        "event_id": delivery.event_id,
        "attempt": attempt,
        "status_code": result.status_code,
        "elapsed_ms": elapsed_ms,
    }
    if result.delivered:
        await deliveries.record(
            delivery_id,
            status="delivered",
            attempts=attempt,
            last_status_code=result.status_code,
            last_error=None,
            next_attempt_at=None,
            delivered_at=now,
        )
        ATTEMPTS.labels("delivered").inc()
        logger.info("webhook entregue", extra=log_extra)
        return
    error = (result.error or "Falha desconhecida.")[:ERROR_MAX_LENGTH]
    if result.permanent:
        await deliveries.record(
            delivery_id,
            status="dead",
            attempts=attempt,
            last_status_code=result.status_code,
            last_error=error,
            next_attempt_at=None,
        )
        ATTEMPTS.labels("refused").inc()
        logger.warning("webhook recusado sem nova tentativa", extra={**log_extra, "error": error})
        return

    last = job.attempts >= job.max_attempts
    delay = backoff_seconds(ctx, job.attempts, ctx.settings.webhook_retry_base_seconds)
    if result.retry_after is not None:
        delay = max(delay, min(result.retry_after, ctx.settings.job_retry_max_seconds))
    # A sessão do job é desfeita quando ele pede nova tentativa: o registro da tentativa vai numa sessão própria.
    async with ctx.sessionmaker() as bookkeeping:
        await WebhookDeliveryRepository(bookkeeping, tenant_id).record(
            delivery_id,
            status="pending",
            attempts=attempt,
            last_status_code=result.status_code,
            last_error=error,
            next_attempt_at=None if last else now + timedelta(seconds=delay),
        )
        await commit(bookkeeping)
    ATTEMPTS.labels("error").inc()
    logger.warning("webhook: tentativa falhou", extra={**log_extra, "error": error, "last": last, "delay": delay})
    raise RetryLater(error, delay)


async def on_dead(ctx: AppContext, session: AsyncSession, job: Job, error: str) -> None:
    """Última tentativa esgotada: a entrega vai para a fila de mortos (pode ser reenviada pela API)."""
    delivery_id = _delivery_id(job)
    if job.tenant_id is None or delivery_id is None:
        return
    deliveries = WebhookDeliveryRepository(session, job.tenant_id)
    delivery = await deliveries.get(delivery_id)
    if delivery is None or delivery.status != "pending":
        return
    attempts = max(delivery.attempts, job.attempts)
    last_error = f"Tentativas esgotadas ({attempts}). Último erro: {delivery.last_error or error}"
    await deliveries.record(
        delivery_id,
        status="dead",
        attempts=attempts,
        last_error=last_error[:ERROR_MAX_LENGTH],
        next_attempt_at=None,
    )
    DEAD_LETTERS.inc()
    logger.error("webhook na fila de mortos", extra={"delivery_id": str(delivery_id), "error": last_error})
