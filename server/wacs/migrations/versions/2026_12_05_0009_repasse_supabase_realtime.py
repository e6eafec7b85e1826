"""repasse ao supabase realtime

- `supabase_relay_cursors`: por tenant, o último `seq` de `realtime_events` aceito pelo Supabase Realtime.
- `supabase_relay_lease`: a vez de repassar (um processo por vez) e a marca de início do repasse.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import wacs.models.base

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "supabase_relay_cursors",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_supabase_relay_cursors_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_supabase_relay_cursors")),
    )
    op.create_table(
        "supabase_relay_lease",
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("holder", sa.String(length=100), nullable=False),
        sa.Column("expires_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_supabase_relay_lease")),
    )


def downgrade() -> None:
    op.drop_table("supabase_relay_lease")
    op.drop_table("supabase_relay_cursors")
