"""workers e outbox idempotente

- `workers`: cada processo que executa jobs se registra e dá sinal de vida (heartbeat). Os jobs em execução de um
  worker que morreu voltam à fila assim que a morte é conhecida (mesma máquina: o processo não existe mais; outra
  máquina: o sinal de vida parou), em vez de esperar o prazo (lease) vencer.
- `sandbox_outbox` único por (sessão, id do provedor): o número simulado deduplica um reenvio da mesma mensagem, como
  o WhatsApp faz com o id escolhido pelo cliente no Baileys.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 01:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import wacs.models.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", wacs.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers")),
    )
    op.create_index("idx_jobs_locked_by", "jobs", ["locked_by"])
    with op.batch_alter_table("sandbox_outbox") as batch:
        batch.create_unique_constraint(
            op.f("uq_sandbox_outbox_session_id_provider_message_id"), ["session_id", "provider_message_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("sandbox_outbox") as batch:
        batch.drop_constraint(op.f("uq_sandbox_outbox_session_id_provider_message_id"), type_="unique")
    op.drop_index("idx_jobs_locked_by", table_name="jobs")
    op.drop_table("workers")
