from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from wacs.kit.schemas import Schema

HitSource = Literal["text", "vector", "hybrid"]


class KnowledgeDocumentOut(Schema):
    id: uuid.UUID
    agent_id: uuid.UUID | None = Field(
        description="Agente dono do documento; vazio: vale para todos os agentes do tenant."
    )
    title: str
    filename: str | None = Field(description="Nome original do arquivo, sem diretórios.")
    mime_type: str = Field(description="Formato identificado: text/plain, text/markdown, text/csv ou application/pdf.")
    size: int = Field(description="Tamanho do arquivo em bytes.")
    sha256: str = Field(description="Hash SHA-256 do arquivo, em hexadecimal.")
    chunk_count: int = Field(description="Quantos trechos pesquisáveis o texto rendeu.")
    embedding_model: str | None = Field(
        description="Modelo de embeddings dos vetores dos trechos; vazio: o documento só entra na busca textual."
    )
    created_by: str | None = Field(description="Quem enviou (usuário ou chave de API).")
    created_at: datetime
    updated_at: datetime


class KnowledgeDocumentCreated(KnowledgeDocumentOut):
    embedding_error: str | None = Field(
        default=None,
        description="Por que os vetores (embeddings) não foram gerados, se um modelo estava configurado e falhou. "
        "O documento foi salvo assim mesmo e é encontrado pela busca textual.",
    )


class KnowledgeHitOut(Schema):
    chunk_id: int = Field(description="Id do trecho.")
    document_id: uuid.UUID
    title: str = Field(description="Título do documento.")
    excerpt: str = Field(description="Pedaço do trecho (até ~300 caracteres) em volta do primeiro termo encontrado.")
    score: float = Field(
        description="Relevância (maior = melhor), só para ordenar os resultados de uma mesma busca: é a nota da busca "
        "textual ou, quando há vetores, a fusão por posição (Reciprocal Rank Fusion)."
    )
    source: HitSource = Field(
        description="Quem encontrou o trecho: text (busca textual), vector (similaridade dos vetores) ou hybrid "
        "(as duas)."
    )


class KnowledgeSearchOut(Schema):
    items: list[KnowledgeHitOut]
