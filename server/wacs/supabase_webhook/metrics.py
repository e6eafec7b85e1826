"""Métricas do Database Webhook do Supabase e da varredura de linhas gravadas direto no banco."""

from __future__ import annotations

from prometheus_client import Counter

DB_WEBHOOK_REQUESTS = Counter(
    "wacs_supabase_db_webhook_requests_total",
    "Entregas recebidas em POST /api/v1/webhooks/supabase, por resultado (processed, disabled, unauthorized, "
    "forbidden, invalid).",
    ["result"],
)
DB_WEBHOOK_ROWS = Counter(
    "wacs_supabase_db_webhook_rows_total",
    "Linhas das entregas processadas, por desfecho (enqueued: envio enfileirado; duplicate: já estava na fila; "
    "ignored: outra tabela, outra operação ou linha que não é uma mensagem de saída pendente; failed: mensagem "
    "inválida, terminou failed com o motivo).",
    ["outcome"],
)
DB_SWEEP_ROWS = Counter(
    "wacs_supabase_db_sweep_rows_total",
    "Mensagens pendentes gravadas direto no banco sem job de envio (o webhook não veio) encontradas pela varredura "
    "do worker, por desfecho (enqueued, duplicate, failed).",
    ["outcome"],
)
