"""seq por tenant

O `seq` dos eventos (cursor do tempo real, também nos webhooks) era o id global de `realtime_events`: um tenant via,
pelos próprios números, quanto os outros produziam. Agora cada tenant tem a sua numeração:

- PostgreSQL: uma sequence por tenant (`realtime_seq_<uuid sem hífens>`), criada por gatilho ao inserir o tenant e
  usada por um gatilho BEFORE INSERT em `realtime_events`; `nextval` não trava linha, então transações do mesmo
  tenant não se enfileiram num contador;
- SQLite: `realtime_counters` (um escritor por vez de todo jeito).

Cursores já entregues continuam válidos: os eventos existentes ficam com `seq = id` (o mesmo número, e o mesmo
`evt_…`, que o cliente já viu) e a numeração de cada tenant existente continua depois do maior id já emitido no
banco inteiro. O máximo por tenant não bastaria: a limpeza apagava os eventos antigos de um tenant quieto, e um
cliente dele pode guardar um cursor maior que tudo o que sobrou desse tenant.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 23:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Nome da sequence de um tenant; o mesmo nos gatilhos e em `wacs_event_seq` (IMMUTABLE: o planejador o embute).
PG_SEQ_NAME = """
CREATE FUNCTION wacs_realtime_seq_name(tenant uuid) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT 'realtime_seq_' || replace(tenant::text, '-', '') $$
"""

# Próximo seq do tenant. Se a sequence não existe (tenant gravado com os gatilhos desligados, por exemplo numa
# restauração parcial com --disable-triggers), cria-a aqui, depois do maior seq que o tenant já tem; outra transação
# pode estar criando a mesma ao mesmo tempo.
PG_EVENT_SEQ = """
CREATE FUNCTION wacs_event_seq(tenant uuid) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    seq_name text := wacs_realtime_seq_name(tenant);
    start bigint;
BEGIN
    IF to_regclass(seq_name) IS NULL THEN
        SELECT COALESCE(max(seq), 0) + 1 INTO start FROM realtime_events WHERE tenant_id = tenant;
        BEGIN
            EXECUTE format('CREATE SEQUENCE %I START WITH %s', seq_name, start);
        EXCEPTION WHEN duplicate_table OR unique_violation THEN
            NULL;
        END;
    END IF;
    RETURN nextval(seq_name);
END
$$
"""

PG_FILL_SEQ = """
CREATE FUNCTION wacs_realtime_events_fill_seq() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    NEW.seq := wacs_event_seq(NEW.tenant_id);
    RETURN NEW;
END
$$
"""

# Gatilho (e não o serviço) porque todo caminho que insere tenants passa por ele: API, bootstrap, SQL direto.
PG_TENANT_CREATED = """
CREATE FUNCTION wacs_tenants_create_seq() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', wacs_realtime_seq_name(NEW.id));
    RETURN NULL;
END
$$
"""

PG_TENANT_DELETED = """
CREATE FUNCTION wacs_tenants_drop_seq() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('DROP SEQUENCE IF EXISTS %I', wacs_realtime_seq_name(OLD.id));
    RETURN NULL;
END
$$
"""

PG_TRIGGERS = [
    "CREATE TRIGGER realtime_events_fill_seq BEFORE INSERT ON realtime_events FOR EACH ROW"
    " WHEN (NEW.seq IS NULL) EXECUTE FUNCTION wacs_realtime_events_fill_seq()",
    "CREATE TRIGGER tenants_create_seq AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION wacs_tenants_create_seq()",
    "CREATE TRIGGER tenants_drop_seq AFTER DELETE ON tenants FOR EACH ROW EXECUTE FUNCTION wacs_tenants_drop_seq()",
]

# Maior id já emitido: o da tabela ou o da sequence do id (inclui ids de eventos que não estão mais na tabela).
PG_LAST_ID = """
SELECT GREATEST(
    COALESCE((SELECT max(id) FROM realtime_events), 0),
    COALESCE(pg_sequence_last_value(pg_get_serial_sequence('realtime_events', 'id')::regclass), 0)
)
"""

PG_SEQUENCES_OF_EXISTING_TENANTS = """
DO $$
DECLARE
    tenant uuid;
BEGIN
    FOR tenant IN SELECT id FROM tenants LOOP
        EXECUTE format('CREATE SEQUENCE %I START WITH %s', wacs_realtime_seq_name(tenant), {start});
    END LOOP;
END
$$
"""

PG_DROP_SEQUENCES = """
DO $$
DECLARE
    seq regclass;
BEGIN
    FOR seq IN
        SELECT c.oid::regclass FROM pg_class c
        WHERE c.relkind = 'S' AND c.relname LIKE 'realtime\\_seq\\_%' AND pg_table_is_visible(c.oid)
    LOOP
        EXECUTE format('DROP SEQUENCE %s', seq);
    END LOOP;
END
$$
"""


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("realtime_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
    op.execute("UPDATE realtime_events SET seq = id")
    with op.batch_alter_table("realtime_events", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch_op.drop_index("idx_realtime_events_tenant")
        batch_op.create_index("idx_realtime_events_tenant_seq", ["tenant_id", "seq"], unique=True)

    op.create_table(
        "realtime_counters",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenants.id"], name=op.f("fk_realtime_counters_tenant_id_tenants"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_realtime_counters")),
    )

    if postgres:
        last_id = op.get_bind().execute(sa.text(PG_LAST_ID)).scalar_one()
        for statement in (PG_SEQ_NAME, PG_EVENT_SEQ, PG_FILL_SEQ, PG_TENANT_CREATED, PG_TENANT_DELETED, *PG_TRIGGERS):
            op.execute(statement)
        op.execute(PG_SEQUENCES_OF_EXISTING_TENANTS.format(start=int(last_id) + 1))
    else:
        # Sem AUTOINCREMENT o SQLite não guarda ids acima do maior da tabela; a limpeza sempre manteve o evento mais
        # novo justamente para que esse máximo fosse o maior id já emitido.
        op.execute(
            "INSERT INTO realtime_counters (tenant_id, last_seq)"
            " SELECT id, (SELECT COALESCE(max(id), 0) FROM realtime_events) FROM tenants"
        )


def downgrade() -> None:
    # Depois de voltar, o cursor volta a ser o id global. O id de um evento nunca é menor que o seq dele, então um
    # cliente com um seq por tenant recebe na recuperação eventos repetidos (ou resync_required), mas não perde nenhum.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER tenants_drop_seq ON tenants")
        op.execute("DROP TRIGGER tenants_create_seq ON tenants")
        op.execute("DROP TRIGGER realtime_events_fill_seq ON realtime_events")
        op.execute(PG_DROP_SEQUENCES)
        for function in (
            "wacs_tenants_drop_seq()",
            "wacs_tenants_create_seq()",
            "wacs_realtime_events_fill_seq()",
            "wacs_event_seq(uuid)",
            "wacs_realtime_seq_name(uuid)",
        ):
            op.execute(f"DROP FUNCTION {function}")

    op.drop_table("realtime_counters")
    with op.batch_alter_table("realtime_events", schema=None) as batch_op:
        batch_op.drop_index("idx_realtime_events_tenant_seq")
        batch_op.create_index("idx_realtime_events_tenant", ["tenant_id", "id"], unique=False)
        batch_op.drop_column("seq")
