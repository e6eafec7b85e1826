"""`POST /api/v1/webhooks/supabase` (PRD §6.2): o Database Webhook do Supabase avisa de uma linha gravada.

Rota pública como os callbacks dos provedores: sem `X-Client-Id` nem JWT. Autentica pelo segredo compartilhado
`SUPABASE_WEBHOOK_SECRET`, que o webhook manda no cabeçalho `X-Supabase-Webhook-Secret` (comparação em tempo
constante). O corpo é o do Supabase (`type`, `table`, `schema`, `record`, `old_record`); só o id e o tenant do
registro são usados — o resto é lido da linha gravada no banco.
"""

from __future__ import annotations

import hmac
import uuid
from typing import Any, Literal

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wacs.kit.context import ContextDep
from wacs.kit.db import SessionDep
from wacs.kit.errors import AppError, Unauthorized, problem_responses, translate_validation_error
from wacs.kit.schemas import Schema
from wacs.supabase_webhook.metrics import DB_WEBHOOK_REQUESTS, DB_WEBHOOK_ROWS
from wacs.supabase_webhook.service import MESSAGES_TABLE, Taken, take

PATH = "/api/v1/webhooks/supabase"
SECRET_HEADER = "X-Supabase-Webhook-Secret"
TAG = "Callbacks dos provedores"

router = APIRouter(tags=[TAG])


class SupabaseWebhookDisabled(AppError):
    status_code = 404
    code = "webhook_supabase_desativado"
    title = "Webhook do Supabase desativado"
    detail = (
        "O Database Webhook do Supabase não está habilitado nesta instalação: defina SUPABASE_WEBHOOK_SECRET "
        "(veja docs/supabase.md)."
    )


class SupabaseSecretMissing(Unauthorized):
    code = "segredo_ausente"
    title = "Segredo ausente"
    detail = f"O webhook do Supabase não trouxe o cabeçalho {SECRET_HEADER}."


class SupabaseSecretInvalid(AppError):
    status_code = 403
    code = "segredo_invalido"
    title = "Segredo inválido"
    detail = f"O valor de {SECRET_HEADER} não confere com SUPABASE_WEBHOOK_SECRET."


class SupabaseWebhookInvalid(AppError):
    status_code = 422
    code = "validacao"
    title = "Dados inválidos"
    detail = "O corpo não é um Database Webhook do Supabase (type, table, schema, record, old_record)."


class DatabaseWebhook(BaseModel):
    """O corpo que o Supabase manda (`supabase_functions.http_request`)."""

    model_config = ConfigDict(extra="allow")

    type: Literal["INSERT", "UPDATE", "DELETE"] = Field(description="Operação que disparou o webhook.")
    table: str = Field(max_length=255, description="Tabela da linha (só `messages` é processada).")
    schema_: str = Field(alias="schema", max_length=255, description="Esquema da tabela (ex.: `public`).")
    record: dict[str, Any] | None = Field(description="A linha depois da operação (null em DELETE).")
    old_record: dict[str, Any] | None = Field(
        default=None, description="A linha antes da operação (UPDATE e DELETE; null em INSERT)."
    )


class SupabaseWebhookAck(Schema):
    result: Literal["enqueued", "duplicate", "ignored", "failed"] = Field(
        description="enqueued: envio enfileirado; duplicate: já estava na fila; ignored: nada a fazer (outra tabela, "
        "DELETE, mensagem recebida ou que não está pending); failed: a mensagem é inválida e terminou failed com o "
        "motivo gravado na linha."
    )
    reason: str = Field(description="O porquê, em pt-BR.")
    message_id: str | None = Field(description="Id da mensagem (quando a entrega é de uma linha de `messages`).")


_secret_scheme = APIKeyHeader(
    name=SECRET_HEADER,
    scheme_name="SupabaseWebhookSecret",
    auto_error=False,
    description=f"Segredo compartilhado (SUPABASE_WEBHOOK_SECRET) no cabeçalho {SECRET_HEADER}.",
)


def _authenticate(expected: str | None, given: str | None) -> None:
    if not expected:
        DB_WEBHOOK_REQUESTS.labels("disabled").inc()
        raise SupabaseWebhookDisabled()
    if not given:
        DB_WEBHOOK_REQUESTS.labels("unauthorized").inc()
        raise SupabaseSecretMissing()
    # Bytes: compare_digest com str recusa não-ASCII (um cabeçalho qualquer não pode virar um 500).
    if not hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8")):
        DB_WEBHOOK_REQUESTS.labels("forbidden").inc()
        raise SupabaseSecretInvalid()


def _parse(body: bytes) -> DatabaseWebhook:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        DB_WEBHOOK_REQUESTS.labels("invalid").inc()
        raise SupabaseWebhookInvalid("O corpo não é JSON válido.") from None
    try:
        return DatabaseWebhook.model_validate(data)
    except ValidationError as exc:
        DB_WEBHOOK_REQUESTS.labels("invalid").inc()
        errors = []
        for error in exc.errors():
            item = translate_validation_error(dict(error))
            item["location"] = "body"
            errors.append(item)
        raise SupabaseWebhookInvalid(errors=errors) from None


def _record_id(payload: DatabaseWebhook) -> tuple[Any, Any]:
    record = payload.record or {}
    return record.get("id"), record.get("tenant_id")


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


async def _process(ctx: Any, session: Any, payload: DatabaseWebhook) -> Taken:
    if payload.table != MESSAGES_TABLE:
        return Taken("ignored", f"A tabela {payload.table} não é processada (só {MESSAGES_TABLE}).")
    if payload.type == "DELETE":
        return Taken("ignored", "DELETE não é processado: só INSERT e UPDATE enviam mensagens.")
    raw_id, raw_tenant = _record_id(payload)
    message_id = _uuid(raw_id)
    if message_id is None:
        return Taken("ignored", "O registro não traz um id (UUID) de mensagem.")
    tenant_id = _uuid(raw_tenant) if raw_tenant is not None else None
    if raw_tenant is not None and tenant_id is None:
        return Taken("ignored", "O tenant_id do registro não é um UUID.", message_id)
    return await take(ctx, session, message_id, tenant_id)


@router.post(
    PATH,
    name="supabase_database_webhook",
    summary="Database Webhook do Supabase",
    description=(
        "Recebe o Database Webhook do Supabase (INSERT/UPDATE na tabela `messages`): uma mensagem de saída com "
        "status `pending` gravada direto no banco (por um CRM ou uma Edge Function) entra na fila de envio. "
        "Idempotente: entregas repetidas da mesma linha enfileiram um envio só. O tenant vem da linha gravada. "
        f"Autenticação: o segredo SUPABASE_WEBHOOK_SECRET no cabeçalho {SECRET_HEADER} (sem X-Client-Id nem JWT). "
        "Outras tabelas, DELETE e linhas que não são mensagens de saída pendentes respondem 200 com o motivo. "
        "Passo a passo em docs/supabase.md."
    ),
    response_model=SupabaseWebhookAck,
    responses=problem_responses(
        SupabaseSecretMissing, SupabaseSecretInvalid, SupabaseWebhookDisabled, SupabaseWebhookInvalid
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": DatabaseWebhook.model_json_schema(by_alias=True)}},
        }
    },
)
async def supabase_database_webhook(
    request: Request,
    ctx: ContextDep,
    session: SessionDep,
    secret: str | None = Depends(_secret_scheme),
) -> SupabaseWebhookAck:
    _authenticate(ctx.settings.supabase_webhook_secret, secret)
    payload = _parse(await request.body())
    DB_WEBHOOK_REQUESTS.labels("processed").inc()
    taken = await _process(ctx, session, payload)
    DB_WEBHOOK_ROWS.labels(taken.result).inc()
    return SupabaseWebhookAck(
        result=taken.result,
        reason=taken.reason,
        message_id=str(taken.message_id) if taken.message_id else None,
    )
