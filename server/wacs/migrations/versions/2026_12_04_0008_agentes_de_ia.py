"""agentes de ia

- `ai_agents.api_key_encrypted`: chave própria do provedor de IA do agente, cifrada.
- `ai_conversations`: uma por conversa (sessão + contato), com a rodada da rajada (`generation`/`answered_generation`),
  a passagem para humano, o aviso fora do horário e a validade do contexto.
- `knowledge_documents`/`knowledge_chunks`: base de conhecimento. A busca textual em português fica fora do modelo:
  PostgreSQL — extensão `unaccent`, função imutável `wacs_unaccent` e índice GIN de
  `to_tsvector('portuguese', wacs_unaccent(content))`; SQLite — tabela FTS5 `knowledge_chunks_fts` (conteúdo externo,
  `unicode61 remove_diacritics 2`) mantida por gatilhos.
- `properties` (catálogo de imóveis), `appointments` (visitas) e `ai_runs` (cada rodada do agente, para as métricas).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import wacs.models.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "properties",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=50), nullable=False),
        sa.Column("purpose", sa.String(length=20), server_default="venda", nullable=False),
        sa.Column("bedrooms", sa.Integer(), nullable=True),
        sa.Column("neighbourhood", sa.String(length=255), nullable=True),
        sa.Column("city", sa.String(length=255), nullable=True),
        sa.Column("state", sa.String(length=2), nullable=True),
        sa.Column("price", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("area", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("is_available", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", wacs.models.base.UTCDateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", wacs.models.base.UTCDateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_properties_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_properties")),
        sa.UniqueConstraint("tenant_id", "code", name=op.f("uq_properties_tenant_id_code")),
    )
    op.create_index("idx_properties_tenant_filters", "properties", ["tenant_id", "city", "bedrooms"], unique=False)
    op.create_table(
        "knowledge_documents",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("chunk_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("embedding_model", sa.String(length=200), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", wacs.models.base.UTCDateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", wacs.models.base.UTCDateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["ai_agents.id"], name=op.f("fk_knowledge_documents_agent_id_ai_agents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_knowledge_documents_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_documents")),
    )
    op.create_index("idx_knowledge_documents_tenant", "knowledge_documents", ["tenant_id", "agent_id"], unique=False)
    op.create_table(
        "ai_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("response_ms", sa.Integer(), nullable=False),
        sa.Column("model_ms", sa.Integer(), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), nullable=False),
        sa.Column("completion_tokens", sa.Integer(), nullable=False),
        sa.Column("tool_calls", sa.Integer(), nullable=False),
        sa.Column("created_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["ai_agents.id"], name=op.f("fk_ai_runs_agent_id_ai_agents"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_ai_runs_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_ai_runs_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ai_runs")),
    )
    op.create_index("idx_ai_runs_tenant_time", "ai_runs", ["tenant_id", "created_at"], unique=False)
    op.create_table(
        "appointments",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("property_id", sa.Uuid(), nullable=True),
        sa.Column("contact_number", sa.String(length=20), nullable=False),
        sa.Column("contact_name", sa.String(length=255), nullable=True),
        sa.Column("scheduled_for", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=255), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", wacs.models.base.UTCDateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", wacs.models.base.UTCDateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["ai_agents.id"], name=op.f("fk_appointments_agent_id_ai_agents"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name=op.f("fk_appointments_conversation_id_conversations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["property_id"], ["properties.id"], name=op.f("fk_appointments_property_id_properties"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_appointments_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointments")),
    )
    op.create_index("idx_appointments_tenant_time", "appointments", ["tenant_id", "scheduled_for"], unique=False)
    op.create_table(
        "knowledge_chunks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("agent_id", sa.Uuid(), nullable=True),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agent_id"], ["ai_agents.id"], name=op.f("fk_knowledge_chunks_agent_id_ai_agents"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["knowledge_documents.id"],
            name=op.f("fk_knowledge_chunks_document_id_knowledge_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_knowledge_chunks_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_chunks")),
    )
    op.create_index("idx_knowledge_chunks_scope", "knowledge_chunks", ["tenant_id", "agent_id"], unique=False)
    with op.batch_alter_table("ai_agents") as batch:
        batch.add_column(sa.Column("api_key_encrypted", sa.Text(), nullable=True))
    with op.batch_alter_table("ai_conversations") as batch:
        batch.add_column(sa.Column("conversation_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("contact_number", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("generation", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("answered_generation", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("handoff_reason", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("handoff_until", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("out_of_hours_notified_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("last_reply_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("expires_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
        batch.create_unique_constraint(op.f("uq_ai_conversations_conversation_id"), ["conversation_id"])
        batch.create_foreign_key(
            op.f("fk_ai_conversations_conversation_id_conversations"),
            "conversations",
            ["conversation_id"],
            ["id"],
            ondelete="CASCADE",
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        # unaccent() não é IMMUTABLE (depende do dicionário e do search_path): o índice usa esta função com o
        # dicionário e o caminho fixos, que também sobrevive a um pg_restore (search_path vazio).
        op.execute(
            "CREATE OR REPLACE FUNCTION wacs_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE "
            "SET search_path = public, extensions, pg_catalog AS $$ SELECT unaccent('unaccent', $1) $$"
        )
        op.execute(
            "CREATE INDEX idx_knowledge_chunks_fts ON knowledge_chunks "
            "USING GIN (to_tsvector('portuguese', wacs_unaccent(content)))"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE knowledge_chunks_fts USING fts5(content, content='knowledge_chunks', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER knowledge_chunks_fts_insert AFTER INSERT ON knowledge_chunks BEGIN "
            "INSERT INTO knowledge_chunks_fts(rowid, content) VALUES (new.id, new.content); END"
        )
        op.execute(
            "CREATE TRIGGER knowledge_chunks_fts_delete AFTER DELETE ON knowledge_chunks BEGIN "
            "INSERT INTO knowledge_chunks_fts(knowledge_chunks_fts, rowid, content) "
            "VALUES ('delete', old.id, old.content); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS idx_knowledge_chunks_fts")
        op.execute("DROP FUNCTION IF EXISTS wacs_unaccent(text)")
    else:
        op.execute("DROP TRIGGER IF EXISTS knowledge_chunks_fts_insert")
        op.execute("DROP TRIGGER IF EXISTS knowledge_chunks_fts_delete")
        op.execute("DROP TABLE IF EXISTS knowledge_chunks_fts")
    with op.batch_alter_table("ai_conversations") as batch:
        batch.drop_constraint(op.f("fk_ai_conversations_conversation_id_conversations"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_ai_conversations_conversation_id"), type_="unique")
        for column in (
            "expires_at",
            "last_reply_at",
            "out_of_hours_notified_at",
            "handoff_until",
            "handoff_reason",
            "answered_generation",
            "generation",
            "contact_number",
            "conversation_id",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("ai_agents") as batch:
        batch.drop_column("api_key_encrypted")
    op.drop_index("idx_knowledge_chunks_scope", table_name="knowledge_chunks")
    op.drop_table("knowledge_chunks")
    op.drop_index("idx_appointments_tenant_time", table_name="appointments")
    op.drop_table("appointments")
    op.drop_index("idx_ai_runs_tenant_time", table_name="ai_runs")
    op.drop_table("ai_runs")
    op.drop_index("idx_knowledge_documents_tenant", table_name="knowledge_documents")
    op.drop_table("knowledge_documents")
    op.drop_index("idx_properties_tenant_filters", table_name="properties")
    op.drop_table("properties")
