"""Aplicação FastAPI de referência do `meta_webhooks.py`: recebe o webhook da Meta, confere a assinatura e faz UM
`INSERT`.

É o mínimo que um endpoint de webhook da WhatsApp Cloud API faz: lê o corpo bruto, confere `X-Hub-Signature-256:
sha256=<hex HMAC-SHA256(app secret, corpo bruto)>` com `hmac.compare_digest` (401 sem assinatura, 403 com assinatura
errada), valida a notificação com Pydantic (`{"object": "whatsapp_business_account", "entry": [{"id", "changes":
[{"field", "value": {"metadata", "statuses": [...]}}]}]}`) e grava os recibos num só `INSERT` no PostgreSQL
(SQLAlchemy assíncrono + asyncpg, com a mesma política de conexão do wacs, em `_bare_db.py`). A tabela tem chave
única (número + id externo `wamid:status`) e o `INSERT` ignora repetidos (`ON CONFLICT DO NOTHING`): a Meta reenvia
recibos e um repetido não vira duas linhas. Responde 200 com as contagens, como o wacs. Sem tenant, sem tabela de
números (um app secret só), sem fila.

Configuração: `BENCH_DATABASE_URL` (`postgresql://…`, só 127.0.0.1) e `BENCH_APP_SECRET` (o app secret do número).
A tabela é criada ao iniciar. Iniciada como processo uvicorn separado:
`python -m uvicorn bare_meta_app:app --app-dir bench`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from _bare_db import create_engine, lifespan
from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import Column, DateTime, MetaData, String, Table, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.ext.asyncio import async_sessionmaker

SECRET = os.environ["BENCH_APP_SECRET"].encode()
metadata = MetaData()
statuses = Table(
    "bench_meta_statuses",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("phone_number_id", String(40), nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("status", String(20), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("phone_number_id", "external_id"),
)

# Um só comando com as linhas como parâmetros: fica no cache de compilação do SQLAlchemy (como no wacs).
INSERT_STATUSES = (
    insert(statuses).on_conflict_do_nothing(index_elements=["phone_number_id", "external_id"]).returning(statuses.c.id)
)
engine = create_engine()
sessionmaker = async_sessionmaker(engine, expire_on_commit=False)

app = FastAPI(
    title="bench-bare-meta", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan(engine, metadata)
)


class StatusItem(BaseModel):
    model_config = ConfigDict(extra="allow")  # conversation, pricing, errors: guardados como vieram

    id: str = Field(min_length=1, max_length=255)
    status: Literal["sent", "delivered", "read", "played", "failed"]
    timestamp: str
    recipient_id: str


class PhoneMetadata(BaseModel):
    display_phone_number: str
    phone_number_id: str


class ChangeValue(BaseModel):
    model_config = ConfigDict(extra="allow")

    messaging_product: Literal["whatsapp"]
    metadata: PhoneMetadata
    statuses: list[StatusItem] = Field(default_factory=list)


class Change(BaseModel):
    field: str
    value: ChangeValue


class Entry(BaseModel):
    id: str
    changes: list[Change]


class Notification(BaseModel):
    object: Literal["whatsapp_business_account"]
    entry: list[Entry]


def verify(given: str | None, body: bytes) -> None:
    if not given:
        raise HTTPException(401, "assinatura ausente")
    expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(403, "assinatura inválida")


@app.get("/health")
async def health() -> dict[str, bool]:
    return {"ok": True}


@app.post("/webhooks/meta")
async def meta_webhook(request: Request) -> dict[str, Any]:
    body = await request.body()
    verify(request.headers.get("x-hub-signature-256"), body)
    try:
        notification = Notification.model_validate_json(body)
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None
    now = datetime.now(UTC)
    items = [
        (change.value.metadata.phone_number_id, item)
        for entry in notification.entry
        for change in entry.changes
        if change.field == "messages"
        for item in change.value.statuses
    ]
    rows = [
        {
            "id": uuid.uuid4(),
            "phone_number_id": number,
            "external_id": f"{item.id}:{item.status}",
            "status": item.status,
            "payload": item.model_dump(mode="json"),
            "created_at": now + timedelta(microseconds=index),
        }
        for index, (number, item) in enumerate(items)
    ]
    if not rows:
        return {"accepted": 0, "duplicates": 0, "ignored": 0}
    async with sessionmaker() as session:
        accepted = len((await session.execute(INSERT_STATUSES, rows)).all())
        await session.commit()
    return {"accepted": accepted, "duplicates": len(rows) - accepted, "ignored": 0}
