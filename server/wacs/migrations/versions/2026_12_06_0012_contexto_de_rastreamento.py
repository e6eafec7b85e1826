"""contexto de rastreamento dos jobs

- `jobs.trace_context`: de onde o job veio — o `traceparent`/`tracestate` (W3C) do span que o enfileirou e o id da
  requisição. O worker continua o mesmo trace (requisição → job → chamada ao provedor) e loga o mesmo id. Coluna
  própria em vez de uma chave no `payload`: o payload é o contrato de cada tipo de job (e a chave única do envio sai
  dele); o contexto é da fila. Anulável: o código da versão anterior não a conhece e continua gravando jobs.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "jobs",
        sa.Column(
            "trace_context",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("trace_context")
