"""ids do provedor por sessão e estado completo da sessão

- `messages.message_id` (id do provedor) deixa de ser único no mundo e passa a ser único por sessão: cada provedor
  só garante unicidade no próprio número, e um tenant nunca pode colidir com (nem descobrir) ids de outro.
- `inbound_events` deduplicado por (sessão, id externo), pelo mesmo motivo.
- `whatsapp_sessions` guarda o que o provedor informa a qualquer momento: código de pareamento, número e nome da
  conta conectada.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 04:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint(op.f("uq_messages_message_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_messages_session_id_message_id"), ["session_id", "message_id"])
    with op.batch_alter_table("inbound_events") as batch:
        batch.drop_constraint(op.f("uq_inbound_events_provider_external_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_inbound_events_session_id_external_id"), ["session_id", "external_id"])
    with op.batch_alter_table("whatsapp_sessions") as batch:
        batch.add_column(sa.Column("pairing_code", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("account_number", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("profile_name", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("whatsapp_sessions") as batch:
        batch.drop_column("profile_name")
        batch.drop_column("account_number")
        batch.drop_column("pairing_code")
    with op.batch_alter_table("inbound_events") as batch:
        batch.drop_constraint(op.f("uq_inbound_events_session_id_external_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_inbound_events_provider_external_id"), ["provider", "external_id"])
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint(op.f("uq_messages_session_id_message_id"), type_="unique")
        batch.create_unique_constraint(op.f("uq_messages_message_id"), ["message_id"])
