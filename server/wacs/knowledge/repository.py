"""SQL da base de conhecimento: documentos, trechos e as buscas (textual por dialeto; vetores lidos em lotes)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Text,
    bindparam,
    column,
    delete,
    func,
    insert,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.kit.repository import TenantScopedRepository
from wacs.knowledge.query import SearchTerms
from wacs.models import AIAgent, KnowledgeChunk, KnowledgeDocument

TextRow = tuple[int, uuid.UUID, str, str, float]  # (id do trecho, documento, título, conteúdo, relevância)

# A expressão do índice GIN da migração 0008, idêntica (senão o PostgreSQL não usa o índice).
_PORTUGUESE: ColumnElement[Any] = literal_column("'portuguese'::regconfig")
_SIMPLE: ColumnElement[Any] = literal_column("'simple'::regconfig")
_CHUNK_VECTOR = func.to_tsvector(_PORTUGUESE, func.wacs_unaccent(KnowledgeChunk.content))

# A tabela FTS5 do SQLite (conteúdo externo: rowid = knowledge_chunks.id), criada na migração.
_FTS = table("knowledge_chunks_fts", column("rowid", Integer))
_BM25: ColumnElement[Any] = literal_column("bm25(knowledge_chunks_fts)")


class KnowledgeDocumentRepository(TenantScopedRepository[KnowledgeDocument]):
    model = KnowledgeDocument

    def listing(self, agent_id: uuid.UUID | None) -> Select[Any]:
        statement = self.select()
        if agent_id is not None:
            statement = statement.where(KnowledgeDocument.agent_id == agent_id)
        return statement.order_by(KnowledgeDocument.created_at.desc(), KnowledgeDocument.id)

    async def agent_exists(self, agent_id: uuid.UUID) -> bool:
        found = await self.session.execute(
            select(AIAgent.id).where(AIAgent.id == agent_id, AIAgent.tenant_id == self.tenant_id)
        )
        return found.first() is not None

    async def add_chunks(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            await self.session.execute(insert(KnowledgeChunk), rows)

    async def delete(self, row: KnowledgeDocument) -> None:
        # Os trechos saem primeiro, num DELETE explícito: no SQLite, é o gatilho de DELETE de knowledge_chunks que
        # tira as linhas do índice FTS5, e assim ele dispara sem depender do ON DELETE CASCADE.
        await self.session.execute(
            delete(KnowledgeChunk).where(
                KnowledgeChunk.document_id == row.id, KnowledgeChunk.tenant_id == self.tenant_id
            )
        )
        await self.session.delete(row)
        await self.session.flush()


class KnowledgeSearchRepository:
    """Os trechos que um agente enxerga: os do tenant todo (agent_id vazio) e os do próprio agente."""

    def __init__(self, session: AsyncSession, tenant_id: uuid.UUID, agent_id: uuid.UUID | None) -> None:
        self.session = session
        self.tenant_id = tenant_id
        self.agent_id = agent_id

    def _scope(self) -> ColumnElement[bool]:
        own: ColumnElement[bool] = KnowledgeChunk.agent_id.is_(None)
        if self.agent_id is not None:
            own = own | (KnowledgeChunk.agent_id == self.agent_id)
        return (KnowledgeChunk.tenant_id == self.tenant_id) & own

    @property
    def _postgres(self) -> bool:
        bind = self.session.bind
        return bind is not None and bind.dialect.name == "postgresql"

    async def text_search(self, terms: SearchTerms, limit: int) -> list[TextRow]:
        """Os trechos que casam com algum termo, do mais relevante ao menos."""
        if not terms:
            return []
        if self._postgres:
            query: ColumnElement[Any] = func.websearch_to_tsquery(
                _PORTUGUESE, func.wacs_unaccent(bindparam("words", terms.websearch(), type_=Text))
            )
            prefixes = terms.prefixes()
            if prefixes:
                query = query.op("||")(func.to_tsquery(_SIMPLE, bindparam("prefixes", prefixes, type_=Text)))
            score = func.ts_rank_cd(_CHUNK_VECTOR, query)
            statement = (
                select(KnowledgeChunk.id, KnowledgeChunk.document_id, KnowledgeDocument.title, KnowledgeChunk.content)
                .add_columns(score.label("score"))
                .join(KnowledgeDocument, KnowledgeDocument.id == KnowledgeChunk.document_id)
                .where(self._scope(), _CHUNK_VECTOR.bool_op("@@")(query))
                .order_by(literal_column("score").desc(), KnowledgeChunk.id.desc())
                .limit(limit)
            )
            rows = await self.session.execute(statement)
            return [(r[0], r[1], r[2], r[3], float(r[4])) for r in rows.all()]
        statement = (
            select(KnowledgeChunk.id, KnowledgeChunk.document_id, KnowledgeDocument.title, KnowledgeChunk.content)
            .add_columns(_BM25.label("score"))
            .select_from(_FTS)
            .join(KnowledgeChunk, KnowledgeChunk.id == _FTS.c.rowid)
            .join(KnowledgeDocument, KnowledgeDocument.id == KnowledgeChunk.document_id)
            .where(text("knowledge_chunks_fts MATCH :match").bindparams(match=terms.fts5()), self._scope())
            .order_by(_BM25, KnowledgeChunk.id.desc())
            .limit(limit)
        )
        rows = await self.session.execute(statement)
        # bm25() do FTS5: quanto menor, mais relevante; invertido para "maior = melhor", como no PostgreSQL.
        return [(r[0], r[1], r[2], r[3], -float(r[4])) for r in rows.all()]

    async def vectors(self, model: str, before: int | None, batch: int) -> list[tuple[int, bytes]]:
        """Um lote de (id, vetor) dos trechos com vetores do modelo, do mais novo ao mais antigo (id < `before`)."""
        statement = (
            select(KnowledgeChunk.id, KnowledgeChunk.embedding)
            .join(KnowledgeDocument, KnowledgeDocument.id == KnowledgeChunk.document_id)
            .where(
                self._scope(),
                KnowledgeDocument.embedding_model == model,
                KnowledgeChunk.embedding.is_not(None),
            )
            .order_by(KnowledgeChunk.id.desc())
            .limit(batch)
        )
        if before is not None:
            statement = statement.where(KnowledgeChunk.id < before)
        rows = await self.session.execute(statement)
        return [(r[0], r[1]) for r in rows.all() if r[1] is not None]

    async def chunks(self, ids: list[int]) -> dict[int, tuple[uuid.UUID, str, str]]:
        """(documento, título, conteúdo) dos trechos pedidos (só os do escopo)."""
        if not ids:
            return {}
        rows = await self.session.execute(
            select(KnowledgeChunk.id, KnowledgeChunk.document_id, KnowledgeDocument.title, KnowledgeChunk.content)
            .join(KnowledgeDocument, KnowledgeDocument.id == KnowledgeChunk.document_id)
            .where(self._scope(), KnowledgeChunk.id.in_(ids))
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows.all()}
