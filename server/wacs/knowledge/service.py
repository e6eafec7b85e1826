"""Regras da base de conhecimento: cadastro de documentos (texto, trechos e vetores), consulta, exclusão e a busca
que os agentes usam — textual em português, por similaridade de vetores e a fusão das duas."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from wacs.ai.llm import LLMError
from wacs.ai.resolve import Embedder
from wacs.kit.context import AppContext
from wacs.kit.errors import NotFound
from wacs.knowledge import parsing
from wacs.knowledge.chunking import split_into_chunks
from wacs.knowledge.query import has_words, terms_of
from wacs.knowledge.repository import KnowledgeDocumentRepository, KnowledgeSearchRepository, TextRow
from wacs.media.service import clean_filename, human_size
from wacs.models import KnowledgeDocument

logger = logging.getLogger("wacs.knowledge")

EMBEDDING_BATCH = 64  # textos por chamada ao /embeddings
# A busca por vetores é uma varredura em processo (numpy) dos vetores do escopo, lidos do banco em lotes: sem
# pgvector no PostgreSQL desta instalação e sem extensões carregáveis no sqlite3 do Python, não há índice vetorial.
# O custo cresce com o número de trechos (com 1536 dimensões, 20 mil vetores são ~120 MB lidos por busca): por isso
# só os VECTOR_SCAN_LIMIT trechos mais novos entram; os mais antigos continuam achados pela busca textual.
VECTOR_SCAN_LIMIT = 20_000
VECTOR_BATCH = 2_000
RRF_K = 60  # constante da Reciprocal Rank Fusion (o valor do artigo original)
MAX_QUERY_CHARS = 2_000  # da pergunta, o que vai para o modelo de embeddings
DEFAULT_TITLE = "Documento sem título"


class AgentNotFound(NotFound):
    code = "agente_nao_encontrado"
    detail = "Agente não encontrado."


class KnowledgeDocumentNotFound(NotFound):
    code = "documento_nao_encontrado"
    detail = "Documento da base de conhecimento não encontrado."


HitSource = Literal["text", "vector", "hybrid"]


@dataclass(frozen=True)
class KnowledgeHit:
    """Um trecho encontrado. `score` só ordena os resultados de uma mesma busca (maior = melhor)."""

    chunk_id: int
    document_id: uuid.UUID
    title: str
    content: str
    score: float
    source: HitSource


@dataclass(frozen=True)
class AddedDocument:
    document: KnowledgeDocument
    # Por que os vetores não foram gerados (o modelo de embeddings falhou); o documento foi gravado sem eles.
    embedding_error: str | None = None


async def end_read(db: AsyncSession) -> None:
    """Fecha a transação de leitura e devolve a conexão ao pool antes de uma chamada demorada a um serviço externo
    (o modelo de embeddings). Só para sessões sem escritas pendentes."""
    if db.in_transaction():
        await db.commit()


async def ensure_agent(db: AsyncSession, tenant_id: uuid.UUID, agent_id: uuid.UUID | None) -> None:
    """Agente de outro tenant é o mesmo 404 que um inexistente."""
    if agent_id is not None and not await KnowledgeDocumentRepository(db, tenant_id).agent_exists(agent_id):
        raise AgentNotFound()


def _prepare(data: bytes, mime_type: str | None, filename: str | None) -> tuple[str, list[str]]:
    extracted = parsing.extract(data, mime_type, filename)
    chunks = split_into_chunks(extracted.text)
    if not chunks:
        raise parsing.NoTextFound()
    return extracted.mime_type, chunks


def _as_float32(vectors: list[list[float]], count: int) -> list[bytes]:
    """Os vetores em float32 little-endian (o formato do sqlite-vec); dimensões diferentes ou valores não finitos
    são resposta inválida do provedor."""
    if len(vectors) != count:
        raise LLMError("permanent", "O provedor de IA devolveu embeddings em quantidade inesperada.")
    matrix = np.asarray(vectors, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[1] == 0 or not np.isfinite(matrix).all():
        raise LLMError("permanent", "O provedor de IA devolveu embeddings malformados (dimensões ou valores).")
    return [row.astype("<f4").tobytes() for row in matrix]


async def _embed(embedder: Embedder, chunks: list[str]) -> list[bytes]:
    vectors: list[list[float]] = []
    for start in range(0, len(chunks), EMBEDDING_BATCH):
        vectors += await embedder(chunks[start : start + EMBEDDING_BATCH])
    try:
        return _as_float32(vectors, len(chunks))
    except ValueError:  # listas de tamanhos diferentes (entre lotes) ou valores que não são números
        raise LLMError("permanent", "O provedor de IA devolveu embeddings malformados.") from None


async def add_document(
    ctx: AppContext,
    db: AsyncSession,
    tenant_id: uuid.UUID,
    agent_id: uuid.UUID | None,
    title: str | None,
    filename: str | None,
    mime_type: str | None,
    data: bytes,
    created_by: str | None,
    embedder: Embedder | None,
) -> AddedDocument:
    """Extrai o texto, divide em trechos, gera os vetores (se houver modelo de embeddings) e grava documento e
    trechos (sem commit).

    A leitura inicial (o agente) é encerrada antes de chamar o modelo: nenhuma conexão fica presa enquanto ele
    responde. Falha do modelo não impede o cadastro: o documento fica só com a busca textual e a resposta diz por
    quê (`embedding_error`)."""
    limit = ctx.settings.media_max_bytes
    if len(data) > limit:
        raise parsing.DocumentTooLarge(
            f"O arquivo excede o limite de {human_size(limit)} ({limit} bytes).", maxBytes=limit
        )
    await ensure_agent(db, tenant_id, agent_id)
    name = clean_filename(filename)
    kind, chunks = await asyncio.to_thread(_prepare, data, mime_type, name)
    await end_read(db)
    vectors: list[bytes] | None = None
    embedding_error: str | None = None
    if embedder is not None:
        try:
            vectors = await _embed(embedder, chunks)
        except LLMError as exc:
            logger.warning("embeddings da base de conhecimento falharam (%s): %s", exc.kind, exc.message_pt)
            embedding_error = (
                f"Os vetores (embeddings) não foram gerados: {exc.message_pt} O documento foi salvo e é encontrado "
                "pela busca textual; envie-o de novo para gerar os vetores."
            )
    now = datetime.now(UTC)
    document = KnowledgeDocument(
        id=uuid.uuid4(),
        agent_id=agent_id,
        title=((title or "").strip() or _title_from(name))[:255],
        filename=name,
        mime_type=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        chunk_count=len(chunks),
        embedding_model=embedder.model if embedder is not None and vectors is not None else None,
        created_by=created_by[:255] if created_by else None,
        created_at=now,
        updated_at=now,
    )
    repository = KnowledgeDocumentRepository(db, tenant_id)
    await repository.add(document)
    await repository.add_chunks(
        [
            {
                "tenant_id": tenant_id,
                "agent_id": agent_id,
                "document_id": document.id,
                "position": position,
                "content": content,
                "embedding": vectors[position] if vectors is not None else None,
                "created_at": now,
            }
            for position, content in enumerate(chunks)
        ]
    )
    return AddedDocument(document, embedding_error)


def _title_from(filename: str | None) -> str:
    if not filename:
        return DEFAULT_TITLE
    stem = filename.rsplit(".", 1)[0].strip() if "." in filename[1:] else filename
    return stem[:255] or DEFAULT_TITLE


async def list_documents(
    db: AsyncSession, tenant_id: uuid.UUID, agent_id: uuid.UUID | None, page: int, page_size: int
) -> tuple[list[KnowledgeDocument], int]:
    repository = KnowledgeDocumentRepository(db, tenant_id)
    return await repository.paginate(repository.listing(agent_id), page, page_size)


async def get_document(
    db: AsyncSession, tenant_id: uuid.UUID, document_id: uuid.UUID, *, for_update: bool = False
) -> KnowledgeDocument:
    row = await KnowledgeDocumentRepository(db, tenant_id).get(document_id, for_update=for_update)
    if row is None:
        raise KnowledgeDocumentNotFound()
    return row


async def delete_document(db: AsyncSession, tenant_id: uuid.UUID, document_id: uuid.UUID) -> KnowledgeDocument:
    """Exclui o documento e os seus trechos (também do índice textual); 404 se não for do tenant."""
    row = await get_document(db, tenant_id, document_id, for_update=True)
    await KnowledgeDocumentRepository(db, tenant_id).delete(row)
    return row


# ---------------------------------------------------------------------------------------------------- busca


async def _query_vector(embedder: Embedder, query: str) -> np.ndarray[Any, Any] | None:
    try:
        [vector] = await embedder([query.strip()[:MAX_QUERY_CHARS]])
        result = np.asarray(vector, dtype=np.float32)
    except (LLMError, ValueError, TypeError) as exc:
        logger.warning("embedding da pergunta falhou; busca só textual: %s", getattr(exc, "message_pt", exc))
        return None
    norm = float(np.linalg.norm(result))
    if result.ndim != 1 or not result.size or not math.isfinite(norm) or norm == 0.0:
        logger.warning("embedding da pergunta inválido; busca só textual")
        return None
    return result / norm


async def _vector_search(
    repository: KnowledgeSearchRepository, model: str, query: np.ndarray[Any, Any], limit: int
) -> list[tuple[int, float]]:
    """(id do trecho, similaridade do cosseno) dos `limit` trechos mais parecidos, entre os VECTOR_SCAN_LIMIT mais
    novos com vetores do mesmo modelo. Vetores de outra dimensão são ignorados; similaridade <= 0 não conta."""
    dimension = query.shape[0]
    ids: list[np.ndarray[Any, Any]] = []
    scores: list[np.ndarray[Any, Any]] = []
    before: int | None = None
    scanned = 0
    while scanned < VECTOR_SCAN_LIMIT:
        rows = await repository.vectors(model, before, min(VECTOR_BATCH, VECTOR_SCAN_LIMIT - scanned))
        if not rows:
            break
        scanned += len(rows)
        before = rows[-1][0]
        usable = [(chunk_id, blob) for chunk_id, blob in rows if len(blob) == dimension * 4]
        if not usable:
            continue
        matrix = np.frombuffer(b"".join(blob for _, blob in usable), dtype="<f4").reshape(len(usable), dimension)
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = np.inf
        ids.append(np.fromiter((chunk_id for chunk_id, _ in usable), dtype=np.int64, count=len(usable)))
        scores.append((matrix @ query) / norms)
    if not ids:
        return []
    all_ids = np.concatenate(ids)
    all_scores = np.nan_to_num(np.concatenate(scores), nan=-1.0)
    top = np.argsort(-all_scores, kind="stable")[:limit]
    return [(int(all_ids[i]), float(all_scores[i])) for i in top if all_scores[i] > 0]


def _fuse(text_rows: list[TextRow], vector_rows: list[tuple[int, float]]) -> list[tuple[int, float, HitSource]]:
    """Reciprocal Rank Fusion: cada lista soma 1/(k + posição) ao trecho; as notas de origens diferentes (ts_rank,
    bm25, cosseno) não são comparáveis entre si, as posições são."""
    scores: dict[int, float] = {}
    sources: dict[int, set[str]] = {}
    for name, ranked in (("text", [row[0] for row in text_rows]), ("vector", [row[0] for row in vector_rows])):
        for position, chunk_id in enumerate(ranked, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + position)
            sources.setdefault(chunk_id, set()).add(name)
    ordered = sorted(scores, key=lambda chunk_id: (-scores[chunk_id], -chunk_id))
    fused: list[tuple[int, float, HitSource]] = []
    for chunk_id in ordered:
        found = sources[chunk_id]
        fused.append(
            (chunk_id, scores[chunk_id], "hybrid" if len(found) == 2 else "text" if "text" in found else "vector")
        )
    return fused


async def search(
    ctx: AppContext,
    db: AsyncSession,
    tenant_id: uuid.UUID,
    agent_id: uuid.UUID | None,
    query: str,
    limit: int = 5,
    embedder: Embedder | None = None,
) -> list[KnowledgeHit]:
    """Os trechos mais relevantes para a pergunta, entre os do tenant todo (agent_id vazio) e os do agente.

    Busca textual em português (sem acento nem caixa, com radicais; palavras unidas por OU). Com `embedder`, também
    por similaridade dos vetores dos trechos gerados pelo mesmo modelo, e as duas listas são fundidas (RRF, k=60);
    se o modelo falhar na pergunta, a busca segue só textual. Pergunta sem palavras → nenhum resultado.

    O modelo é chamado antes de qualquer leitura desta função; para não segurar uma conexão durante a chamada,
    quem chama não deve ter uma transação aberta (veja `end_read`)."""
    if not has_words(query):
        return []
    limit = max(1, min(int(limit), 50))
    candidates = max(limit * 4, 20)
    vector = await _query_vector(embedder, query) if embedder is not None else None
    terms = terms_of(query)
    repository = KnowledgeSearchRepository(db, tenant_id, agent_id)
    text_rows = await repository.text_search(terms, candidates)
    vector_rows: list[tuple[int, float]] = []
    if embedder is not None and vector is not None:
        vector_rows = await _vector_search(repository, embedder.model, vector, candidates)
    if not vector_rows:
        return [
            KnowledgeHit(chunk_id, document_id, title, content, score, "text")
            for chunk_id, document_id, title, content, score in text_rows[:limit]
        ]
    fused = _fuse(text_rows, vector_rows)[:limit]
    known = {row[0]: (row[1], row[2], row[3]) for row in text_rows}
    details = known | await repository.chunks([chunk_id for chunk_id, _, _ in fused if chunk_id not in known])
    hits: list[KnowledgeHit] = []
    for chunk_id, score, source in fused:
        found = details.get(chunk_id)
        if found is not None:  # excluído entre as duas leituras
            hits.append(KnowledgeHit(chunk_id, found[0], found[1], found[2], score, source))
    return hits
