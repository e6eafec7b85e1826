"""Tabelas dos agentes de IA: agentes, estado da IA por conversa, base de conhecimento, catálogo de imóveis,
agendamentos de visita e o registro de cada resposta (métricas)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from wacs.models.base import Base, IdMixin, JSONType, TimestampMixin, utcnow


class AIAgent(IdMixin, TimestampMixin, Base):
    __tablename__ = "ai_agents"
    __table_args__ = (Index("idx_ai_agents_tenant_id", "tenant_id"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str | None] = mapped_column(String(100))
    # Forma do PRD §13.A (systemPrompt, capabilities, knowledgeBase, responseSettings) e o resto da configuração.
    configuration: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    # Chave própria do provedor de IA deste agente, cifrada; nunca sai pela API.
    api_key_encrypted: Mapped[str | None] = mapped_column(Text)


class AIConversation(IdMixin, TimestampMixin, Base):
    """Estado da IA numa conversa (sessão + contato): contexto guardado, rodada da rajada e passagem para humano.

    `generation` sobe a cada mensagem do cliente; a resposta da rodada `g` só é gravada se ainda for a mais nova
    (`generation == g`) e não tiver sido gravada (`answered_generation < g`) — é o que descarta respostas velhas e
    torna a retentativa do job idempotente, entre réplicas."""

    __tablename__ = "ai_conversations"
    __table_args__ = (
        Index("idx_ai_conversations_tenant_id", "tenant_id"),
        UniqueConstraint("conversation_id"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ai_agents.id", ondelete="SET NULL"))
    session_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("whatsapp_sessions.id", ondelete="SET NULL"))
    context: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    contact_number: Mapped[str | None] = mapped_column(String(20))
    generation: Mapped[int] = mapped_column(default=0, server_default="0")
    answered_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # Motivo da pausa atual (keyword, model, operator, failure) e até quando ela vale (vazio: até retomar).
    handoff_reason: Mapped[str | None] = mapped_column(String(50))
    handoff_until: Mapped[datetime | None]
    # Fora do horário: o aviso sai uma vez por período fechado.
    out_of_hours_notified_at: Mapped[datetime | None]
    last_reply_at: Mapped[datetime | None]
    # O contexto guardado vale até aqui (renovado a cada resposta); depois a conversa recomeça do zero.
    expires_at: Mapped[datetime | None]


class KnowledgeDocument(IdMixin, TimestampMixin, Base):
    """Um arquivo da base de conhecimento (do tenant todo, ou só de um agente), já dividido em trechos."""

    __tablename__ = "knowledge_documents"
    __table_args__ = (Index("idx_knowledge_documents_tenant", "tenant_id", "agent_id"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ai_agents.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(255))
    filename: Mapped[str | None] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    chunk_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Modelo de embeddings dos vetores dos trechos (vazio: só busca textual).
    embedding_model: Mapped[str | None] = mapped_column(String(200))
    created_by: Mapped[str | None] = mapped_column(String(255))


class KnowledgeChunk(Base):
    """Trecho pesquisável. A busca textual em português fica fora do modelo: no PostgreSQL, um índice GIN de
    expressão (`portuguese` + `unaccent`); no SQLite, a tabela FTS5 `knowledge_chunks_fts` (criadas na migração)."""

    __tablename__ = "knowledge_chunks"
    __table_args__ = (Index("idx_knowledge_chunks_scope", "tenant_id", "agent_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ai_agents.id", ondelete="CASCADE"))
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("knowledge_documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    # float32 little-endian (o formato do sqlite-vec); vazio sem modelo de embeddings.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Property(IdMixin, TimestampMixin, Base):
    """Imóvel do catálogo do tenant (importado por CSV/JSON), pesquisado pelo agente imobiliário."""

    __tablename__ = "properties"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        Index("idx_properties_tenant_filters", "tenant_id", "city", "bedrooms"),
    )

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    # Código do imóvel no sistema do cliente: a reimportação atualiza em vez de duplicar.
    code: Mapped[str] = mapped_column(String(100))
    type: Mapped[str] = mapped_column(String(50))
    purpose: Mapped[str] = mapped_column(String(20), default="venda", server_default="venda")  # venda | aluguel
    bedrooms: Mapped[int | None] = mapped_column(Integer)
    neighbourhood: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str | None] = mapped_column(String(255))
    state: Mapped[str | None] = mapped_column(String(2))
    price: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    area: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    is_available: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    # Texto sem acentos e em minúsculas (tipo, bairro, cidade, descrição): a busca textual portável.
    search_text: Mapped[str] = mapped_column(Text, default="")


class Appointment(IdMixin, TimestampMixin, Base):
    """Visita agendada (pelo agente, com a ferramenta schedule_visits, ou por um operador)."""

    __tablename__ = "appointments"
    __table_args__ = (Index("idx_appointments_tenant_time", "tenant_id", "scheduled_for"),)

    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ai_agents.id", ondelete="SET NULL"))
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    property_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("properties.id", ondelete="SET NULL"))
    contact_number: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str | None] = mapped_column(String(255))
    scheduled_for: Mapped[datetime]
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="scheduled")  # scheduled | cancelled | done
    created_by: Mapped[str | None] = mapped_column(String(255))


class AIRun(Base):
    """Uma rodada do agente (resposta, passagem para humano, descarte...): a fonte das métricas por tenant."""

    __tablename__ = "ai_runs"
    __table_args__ = (Index("idx_ai_runs_tenant_time", "tenant_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True)
    tenant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"))
    agent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("ai_agents.id", ondelete="SET NULL"))
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("conversations.id", ondelete="SET NULL"))
    mode: Mapped[str] = mapped_column(String(20))  # llm | offline | fallback
    outcome: Mapped[str] = mapped_column(String(20))  # replied | handoff | discarded | out_of_hours | failed
    response_ms: Mapped[int] = mapped_column(Integer, default=0)  # da mensagem do cliente à resposta gravada
    model_ms: Mapped[int] = mapped_column(Integer, default=0)  # só o tempo do modelo
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    tool_calls: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
