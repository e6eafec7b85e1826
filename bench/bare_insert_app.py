"""Aplicação FastAPI de referência do `send_throughput.py`: valida um JSON pequeno e faz UM `INSERT` no PostgreSQL.

É o mínimo que um endpoint "aceitar e gravar" faz: Pydantic no corpo, uma transação com um `INSERT` (SQLAlchemy
assíncrono + asyncpg, com a mesma política de conexão do wacs: pool de 40 sem overflow, sem pre-ping, sem TLS em
127.0.0.1) e um JSON de resposta. Sem autenticação, sem fila, sem eventos.

Configuração: `BENCH_DATABASE_URL` (`postgresql://…`, só 127.0.0.1). A tabela é criada ao iniciar.
Iniciada como processo uvicorn separado: `python -m uvicorn bare_insert_app:app --app-dir bench`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from _bare_db import create_engine, lifespan
from fastapi import FastAPI
from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, MetaData, String, Table, insert
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.ext.asyncio import async_sessionmaker

metadata = MetaData()
inserts = Table(
    "bench_inserts",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("to_number", String(20), nullable=False),
    Column("content", JSONB, nullable=False),
    Column("status", String(50), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


engine = create_engine()
sessionmaker = async_sessionmaker(engine, expire_on_commit=False)


app = FastAPI(
    title="bench-bare-insert", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan(engine, metadata)
)


class InsertBody(BaseModel):
    to: str = Field(min_length=8, max_length=20, pattern=r"^\+?[0-9]+$")
    content: str = Field(min_length=1, max_length=4096)


@app.get("/health")
async def health() -> dict[str, bool]:
    return {"ok": True}


@app.post("/insert")
async def insert_row(body: InsertBody) -> dict[str, Any]:
    row_id = uuid.uuid4()
    now = datetime.now(UTC)
    async with sessionmaker() as session:
        await session.execute(
            insert(inserts).values(
                id=row_id, to_number=body.to, content={"text": body.content}, status="pending", created_at=now
            )
        )
        await session.commit()
    return {"id": str(row_id), "status": "pending", "timestamp": now.isoformat()}
