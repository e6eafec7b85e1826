"""progresso publicado do envio em massa

- `bulk_sends.last_progress`: as contagens do último `bulk.progress` publicado. Dois jobs de janelas seguidas que
  contam o mesmo (o envio terminou entre eles) não publicam o mesmo aviso duas vezes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "bulk_sends",
        sa.Column(
            "last_progress",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("bulk_sends") as batch:
        batch.drop_column("last_progress")
