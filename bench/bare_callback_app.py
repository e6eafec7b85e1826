"""Aplicação FastAPI de referência do `receipt_ingest.py`: recebe um callback assinado de recibos e faz UM `INSERT`.

É o mínimo que um endpoint de webhook de provedor faz: lê o corpo bruto, confere a assinatura HMAC-SHA256 (o mesmo
esquema do wacs: `X-Wacs-Timestamp` e `X-Wacs-Signature: sha256=<hex HMAC(segredo, "<timestamp>." + corpo)>`, com
`hmac.compare_digest` e a mesma janela de 5 minutos; 401 sem assinatura, 403 com assinatura errada), valida o JSON
com Pydantic (`{"events": [...]}`) e grava os eventos brutos num só `INSERT` no PostgreSQL (SQLAlchemy assíncrono +
asyncpg, com a mesma política de conexão do wacs: pool de 40 sem overflow, sem pre-ping, sem TLS em 127.0.0.1).
A tabela tem a mesma chave única do wacs (sessão + id externo) e o `INSERT` ignora repetidos (`ON CONFLICT DO
NOTHING`): um recibo reenviado pelo provedor não vira duas linhas. Responde 202 com as contagens. Sem tenant, sem
consulta da sessão, sem fila.

Configuração: `BENCH_DATABASE_URL` (`postgresql://…`, só 127.0.0.1) e `BENCH_CALLBACK_SECRET` (o segredo HMAC).
A tabela é criada ao iniciar. Iniciada como processo uvicorn separado:
`python -m uvicorn bare_callback_app:app --app-dir bench`.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from _bare_db import create_engine, lifespan
from fastapi import FastAPI, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel
from sqlalchemy import Column, DateTime, MetaData, String, Table, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.ext.asyncio import async_sessionmaker

SECRET = os.environ["BENCH_CALLBACK_SECRET"].encode()
MAX_SKEW_SECONDS = 300
MAX_EVENTS = 500
metadata = MetaData()
receipts = Table(
    "bench_receipts",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("session_id", UUID(as_uuid=True), nullable=False),
    Column("external_id", String(255), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("session_id", "external_id"),
)


# Um só comando com as linhas como parâmetros (num lote, o SQLAlchemy junta tudo num único INSERT … VALUES): fica no
# cache de compilação. `insert(...).values(lista)` não fica (o SQLAlchemy compilaria o INSERT a cada pedido).
INSERT_RECEIPTS = (
    insert(receipts).on_conflict_do_nothing(index_elements=["session_id", "external_id"]).returning(receipts.c.id)
)
engine = create_engine()
sessionmaker = async_sessionmaker(engine, expire_on_commit=False)


app = FastAPI(
    title="bench-bare-callback", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan(engine, metadata)
)


class Receipt(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")

    kind: Literal["status"] = "status"
    session_id: uuid.UUID
    message_id: str = Field(min_length=1, max_length=255)
    status: Literal["sent", "delivered", "read", "played", "failed"]


class ReceiptBatch(BaseModel):
    events: list[Receipt] = Field(min_length=1, max_length=MAX_EVENTS)


def verify(timestamp: str | None, given: str | None, body: bytes) -> None:
    if not timestamp or not given:
        raise HTTPException(401, "assinatura ausente")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
        raise HTTPException(403, "horário assinado fora da janela")
    expected = "sha256=" + hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(403, "assinatura inválida")


@app.get("/health")
async def health() -> dict[str, bool]:
    return {"ok": True}


@app.post("/webhooks/status-update", status_code=202)
async def status_update(request: Request) -> dict[str, Any]:
    body = await request.body()
    verify(request.headers.get("x-wacs-timestamp"), request.headers.get("x-wacs-signature"), body)
    try:
        batch = ReceiptBatch.model_validate_json(body)
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "session_id": event.session_id,
            "external_id": f"{event.message_id}:{event.status}",
            "kind": event.kind,
            "payload": event.model_dump(mode="json", by_alias=True),
            "created_at": now + timedelta(microseconds=index),
        }
        for index, event in enumerate(batch.events)
    ]
    async with sessionmaker() as session:
        accepted = len((await session.execute(INSERT_RECEIPTS, rows)).all())
        await session.commit()
    return {"accepted": accepted, "duplicates": len(rows) - accepted, "ignored": 0}
