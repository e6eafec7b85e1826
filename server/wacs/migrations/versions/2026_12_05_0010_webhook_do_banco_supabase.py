"""webhook do banco (supabase)

- `jobs.dedupe_key` (índice único `uq_jobs_dedupe_key`): só um job vivo por chave — o envio de uma mensagem
  (`message.send:<id>`) nunca tem dois jobs, nem quando o Database Webhook do Supabase chega repetido ou a varredura
  encontra a mesma linha. Os jobs de envio vivos ganham a chave aqui.
- `idx_messages_pending`: índice parcial das mensagens `pending`, para a varredura de linhas gravadas direto no banco.
- PostgreSQL: `messages.id` com padrão `gen_random_uuid()`, para um INSERT direto (CRM, Edge Function) não precisar
  inventar o id.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.add_column("jobs", sa.Column("dedupe_key", sa.String(length=100), nullable=True))
    # A mesma chave que `wacs.worker.queue.dedupe_key` calcula: o id da mensagem em hexadecimal, sem hífens.
    message_id = "payload->>'messageId'" if postgres else "json_extract(payload, '$.messageId')"
    op.execute(
        f"UPDATE jobs SET dedupe_key = 'message.send:' || lower(replace({message_id}, '-', '')) "  # noqa: S608
        "WHERE kind = 'message.send' AND status IN ('queued', 'running')"
    )
    op.create_index("uq_jobs_dedupe_key", "jobs", ["dedupe_key"], unique=True)
    op.create_index(
        "idx_messages_pending",
        "messages",
        ["created_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    if postgres:
        op.execute("ALTER TABLE messages ALTER COLUMN id SET DEFAULT gen_random_uuid()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE messages ALTER COLUMN id DROP DEFAULT")
    op.drop_index("idx_messages_pending", table_name="messages")
    op.drop_index("uq_jobs_dedupe_key", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("dedupe_key")
