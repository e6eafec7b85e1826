"""janela de 24 h e qualidade do número

- `conversations.last_inbound_at`: a última mensagem recebida do contato, de onde conta a janela de 24 horas de
  atendimento da Meta (fora dela, só templates). Preenchida com `last_message_at` nas conversas cuja última mensagem
  foi recebida; nas demais fica vazia (a janela só abre de novo com a próxima mensagem do contato).
- `whatsapp_sessions.quality_rating`: a classificação de qualidade do número que o provedor informa (Meta: GREEN,
  YELLOW, RED, UNKNOWN).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import wacs.models.base

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("last_inbound_at", wacs.models.base.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("whatsapp_sessions") as batch:
        batch.add_column(sa.Column("quality_rating", sa.String(length=20), nullable=True))
    op.execute(
        "UPDATE conversations SET last_inbound_at = last_message_at "
        "WHERE last_message_direction = 'inbound' AND last_message_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("whatsapp_sessions") as batch:
        batch.drop_column("quality_rating")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("last_inbound_at")
