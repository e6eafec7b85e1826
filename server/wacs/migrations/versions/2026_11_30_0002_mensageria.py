"""mensageria

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 09:02:33.189586
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import wacs.models.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "bulk_sends",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column(
            "request", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("created_by", sa.String(length=255), nullable=True),
        sa.Column("completed_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            wacs.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            wacs.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_bulk_sends_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_sends")),
        sa.UniqueConstraint("tenant_id", "idempotency_key", name=op.f("uq_bulk_sends_tenant_id_idempotency_key")),
    )
    with op.batch_alter_table("bulk_sends", schema=None) as batch_op:
        batch_op.create_index("idx_bulk_sends_tenant_id", ["tenant_id"], unique=False)

    op.create_table(
        "sandbox_outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("provider_message_id", sa.String(length=255), nullable=False),
        sa.Column("to_number", sa.String(length=20), nullable=False),
        sa.Column("message_type", sa.String(length=50), nullable=False),
        sa.Column(
            "content", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_sandbox_outbox_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["whatsapp_sessions.id"],
            name=op.f("fk_sandbox_outbox_session_id_whatsapp_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_outbox")),
    )
    op.create_index("idx_sandbox_outbox_session", "sandbox_outbox", ["session_id", "id"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=True),
        sa.Column(
            "payload", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("run_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_by", sa.String(length=100), nullable=True),
        sa.Column("locked_until", wacs.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_jobs_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("idx_jobs_ready", ["status", "run_at"], unique=False)
        batch_op.create_index("idx_jobs_tenant", ["tenant_id"], unique=False)

    op.create_table(
        "media",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("storage_key", sa.String(length=500), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("created_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_media_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media")),
    )
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.create_index("idx_media_tenant_id", ["tenant_id"], unique=False)

    op.create_table(
        "realtime_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=50), nullable=False),
        sa.Column(
            "data", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("created_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_realtime_events_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_realtime_events")),
    )
    with op.batch_alter_table("realtime_events", schema=None) as batch_op:
        batch_op.create_index("idx_realtime_events_tenant", ["tenant_id", "id"], unique=False)

    op.create_table(
        "webhook_endpoints",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column(
            "events", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("secret_encrypted", sa.Text(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("(true)"), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            wacs.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            wacs.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_webhook_endpoints_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_endpoints")),
    )
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.create_index("idx_webhook_endpoints_tenant", ["tenant_id"], unique=False)

    op.create_table(
        "conversations",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("contact_number", sa.String(length=20), nullable=False),
        sa.Column("contact_name", sa.String(length=255), nullable=True),
        sa.Column("last_message_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_message_preview", sa.String(length=255), nullable=True),
        sa.Column("last_message_direction", sa.String(length=10), nullable=True),
        sa.Column("unread_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("assigned_agent_id", sa.Uuid(), nullable=True),
        sa.Column("bot_state", sa.String(length=20), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            wacs.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            wacs.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["assigned_agent_id"],
            ["ai_agents.id"],
            name=op.f("fk_conversations_assigned_agent_id_ai_agents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["whatsapp_sessions.id"],
            name=op.f("fk_conversations_session_id_whatsapp_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_conversations_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversations")),
        sa.UniqueConstraint("session_id", "contact_number", name=op.f("uq_conversations_session_id_contact_number")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index("idx_conversations_tenant_last", ["tenant_id", "last_message_at"], unique=False)

    op.create_table(
        "inbound_events",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column(
            "payload", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("processed_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["whatsapp_sessions.id"],
            name=op.f("fk_inbound_events_session_id_whatsapp_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_inbound_events_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_events")),
        sa.UniqueConstraint("provider", "external_id", name=op.f("uq_inbound_events_provider_external_id")),
    )
    with op.batch_alter_table("inbound_events", schema=None) as batch_op:
        batch_op.create_index("idx_inbound_events_tenant", ["tenant_id"], unique=False)

    op.create_table(
        "webhook_deliveries",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("event_type", sa.String(length=50), nullable=False),
        sa.Column(
            "payload", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("next_attempt_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            wacs.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            wacs.models.base.UTCDateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["webhook_endpoints.id"],
            name=op.f("fk_webhook_deliveries_endpoint_id_webhook_endpoints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_webhook_deliveries_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index("idx_webhook_deliveries_endpoint", ["endpoint_id", "created_at"], unique=False)
        batch_op.create_index("idx_webhook_deliveries_tenant_status", ["tenant_id", "status"], unique=False)

    # O modo batch do SQLite recria a tabela e não sabe copiar índices de expressão: sai e volta.
    op.drop_index("idx_messages_created_at", table_name="messages")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("direction", sa.String(length=10), server_default="outbound", nullable=False))
        batch_op.add_column(sa.Column("conversation_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("provider", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("requested_provider", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("error_code", sa.String(length=50), nullable=True))
        batch_op.add_column(sa.Column("error", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("idempotency_key", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("bulk_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("agent_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("enable_ai", sa.Boolean(), server_default=sa.text("(false)"), nullable=False))
        batch_op.add_column(sa.Column("created_by", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("sent_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("delivered_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("read_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("failed_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_index("idx_messages_bulk_id", ["bulk_id"], unique=False)
        batch_op.create_index("idx_messages_conversation", ["conversation_id", "created_at"], unique=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_messages_tenant_id_idempotency_key"), ["tenant_id", "idempotency_key"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_conversation_id_conversations"),
            "conversations",
            ["conversation_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_bulk_id_bulk_sends"), "bulk_sends", ["bulk_id"], ["id"], ondelete="SET NULL"
        )
    op.create_index("idx_messages_created_at", "messages", [sa.text("created_at DESC")])

    with op.batch_alter_table("whatsapp_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), server_default="connecting", nullable=False))
        batch_op.add_column(sa.Column("name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("qr_code", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("connected_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("status_changed_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("whatsapp_sessions", schema=None) as batch_op:
        batch_op.drop_column("status_changed_at")
        batch_op.drop_column("connected_at")
        batch_op.drop_column("last_error")
        batch_op.drop_column("qr_code")
        batch_op.drop_column("name")
        batch_op.drop_column("status")

    # O modo batch do SQLite recria a tabela e não sabe copiar índices de expressão: sai e volta.
    op.drop_index("idx_messages_created_at", table_name="messages")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_messages_bulk_id_bulk_sends"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_messages_conversation_id_conversations"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_messages_tenant_id_idempotency_key"), type_="unique")
        batch_op.drop_index("idx_messages_conversation")
        batch_op.drop_index("idx_messages_bulk_id")
        batch_op.drop_column("failed_at")
        batch_op.drop_column("read_at")
        batch_op.drop_column("delivered_at")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("created_by")
        batch_op.drop_column("enable_ai")
        batch_op.drop_column("agent_id")
        batch_op.drop_column("bulk_id")
        batch_op.drop_column("idempotency_key")
        batch_op.drop_column("attempts")
        batch_op.drop_column("error")
        batch_op.drop_column("error_code")
        batch_op.drop_column("requested_provider")
        batch_op.drop_column("provider")
        batch_op.drop_column("conversation_id")
        batch_op.drop_column("direction")
    op.create_index("idx_messages_created_at", "messages", [sa.text("created_at DESC")])

    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_index("idx_webhook_deliveries_tenant_status")
        batch_op.drop_index("idx_webhook_deliveries_endpoint")

    op.drop_table("webhook_deliveries")
    with op.batch_alter_table("inbound_events", schema=None) as batch_op:
        batch_op.drop_index("idx_inbound_events_tenant")

    op.drop_table("inbound_events")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index("idx_conversations_tenant_last")

    op.drop_table("conversations")
    with op.batch_alter_table("webhook_endpoints", schema=None) as batch_op:
        batch_op.drop_index("idx_webhook_endpoints_tenant")

    op.drop_table("webhook_endpoints")
    with op.batch_alter_table("realtime_events", schema=None) as batch_op:
        batch_op.drop_index("idx_realtime_events_tenant")

    op.drop_table("realtime_events")
    with op.batch_alter_table("media", schema=None) as batch_op:
        batch_op.drop_index("idx_media_tenant_id")

    op.drop_table("media")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("idx_jobs_tenant")
        batch_op.drop_index("idx_jobs_ready")

    op.drop_table("jobs")
    op.drop_index("idx_sandbox_outbox_session", table_name="sandbox_outbox")
    op.drop_table("sandbox_outbox")
    with op.batch_alter_table("bulk_sends", schema=None) as batch_op:
        batch_op.drop_index("idx_bulk_sends_tenant_id")

    op.drop_table("bulk_sends")
