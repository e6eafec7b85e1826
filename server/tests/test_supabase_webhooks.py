"""Database Webhook do Supabase (POST /api/v1/webhooks/supabase) e a varredura de mensagens gravadas direto no banco.

O "Supabase" aqui é `wacs.fakes.supabase_db_webhook`: o mesmo corpo (texto de jsonb) e os mesmos cabeçalhos que o
gatilho `supabase_functions.http_request` manda pelo pg_net. A linha é gravada direto no banco, como um CRM ou uma
Edge Function faria, sem passar pela API.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from tests.conftest import BACKEND, Actor, Factory, assert_problem
from tests.messaging_helpers import (
    NO_RECEIPTS,
    connect_sandbox,
    isolated_app,
    message_row,
    outbox_rows,
    wait_for,
    wait_status,
)
from wacs.fakes.supabase_db_webhook import FakeDatabaseWebhook, jsonb_text, record_of
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.models import Job, Message
from wacs.supabase_webhook.endpoints import PATH, SECRET_HEADER
from wacs.supabase_webhook.service import orphans, sweep
from wacs.worker.queue import SEND_KIND, NewJob, bury, dedupe_key, enqueue_unique

SECRET = "segredo-do-webhook-" + uuid.uuid4().hex
MESSAGES = Message.__table__


@pytest.fixture
def enabled(ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(ctx.settings, "supabase_webhook_secret", SECRET)
    return SECRET


@pytest.fixture
async def hook(client: httpx.AsyncClient, enabled: str) -> AsyncIterator[FakeDatabaseWebhook]:
    yield FakeDatabaseWebhook(
        url=f"http://testserver{PATH}",
        client=client,
        headers={"Content-Type": "application/json", SECRET_HEADER: enabled},
    )


async def write_row(ctx: AppContext, tenant_id: uuid.UUID, **columns: Any) -> dict[str, Any]:
    """Grava uma mensagem direto no banco (como um CRM), com o mínimo de colunas, e devolve a linha inteira."""
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "tenant_id": tenant_id,
        "to_number": "5511988887777",
        "content": {"text": "Olá! Seu pedido saiu para entrega."},
        "status": "pending",
        **columns,
    }
    async with ctx.sessionmaker() as session:
        await session.execute(insert(MESSAGES).values(values))
        await session.commit()
    return await read_row(ctx, values["id"])


async def read_row(ctx: AppContext, message_id: uuid.UUID) -> dict[str, Any]:
    async with ctx.sessionmaker() as session:
        row = (await session.execute(select(MESSAGES).where(MESSAGES.c.id == message_id))).mappings().one()
        return dict(row)


async def sandbox(client: httpx.AsyncClient, admin: Actor, phone: str = "5511900000001") -> uuid.UUID:
    return uuid.UUID((await connect_sandbox(client, admin, phone=phone, **NO_RECEIPTS))["id"])


async def send_jobs(ctx: AppContext, message_id: uuid.UUID) -> int:
    async with ctx.sessionmaker() as session:
        statement = select(func.count()).select_from(Job).where(Job.payload["messageId"].as_string() == str(message_id))
        return int((await session.execute(statement)).scalar_one())


# ------------------------------------------------------------------------------------------------ autenticação


async def test_disabled_without_secret(client: httpx.AsyncClient, ctx: AppContext) -> None:
    assert not ctx.settings.supabase_webhook_secret
    response = await client.post(PATH, json={"type": "INSERT"}, headers={SECRET_HEADER: "qualquer"})
    body = assert_problem(response, 404, "webhook_supabase_desativado")
    assert "SUPABASE_WEBHOOK_SECRET" in body["detail"]


async def test_secret_missing_wrong_and_right(client: httpx.AsyncClient, enabled: str) -> None:
    payload = {"type": "INSERT", "table": "outra", "schema": "public", "record": {"id": 1}, "old_record": None}
    assert_problem(await client.post(PATH, json=payload), 401, "segredo_ausente")
    assert_problem(await client.post(PATH, json=payload, headers={SECRET_HEADER: ""}), 401, "segredo_ausente")
    wrong = await client.post(PATH, json=payload, headers={SECRET_HEADER: enabled[:-1] + "x"})
    assert_problem(wrong, 403, "segredo_invalido")
    # Não-ASCII no cabeçalho (latin-1 no HTTP) é só um segredo errado, nunca um 500.
    odd = await client.post(PATH, json=payload, headers={SECRET_HEADER: "sênha".encode("latin-1")})
    assert_problem(odd, 403, "segredo_invalido")
    right = await client.post(PATH, json=payload, headers={SECRET_HEADER: enabled})
    assert right.status_code == 200, right.text
    assert right.json()["result"] == "ignored"
    assert "outra" in right.json()["reason"]


async def test_garbage_bodies_are_pt_br_problems_never_500(client: httpx.AsyncClient, enabled: str) -> None:
    headers = {SECRET_HEADER: enabled, "Content-Type": "application/json"}
    bodies: list[bytes] = [
        b"",
        b"{",
        b"\xff\xfe\x00",
        b"[]",
        b"null",
        b'"INSERT"',
        b'{"type": "TRUNCATE", "table": "messages", "schema": "public", "record": null, "old_record": null}',
        b'{"type": "INSERT", "table": 1, "schema": "public", "record": {}, "old_record": null}',
        b'{"type": "INSERT", "table": "messages", "schema": "public", "record": [1], "old_record": null}',
        b'{"type": "INSERT"}',
        b"[" * 5000 + b"]" * 5000,
    ]
    for body in bodies:
        response = await client.post(PATH, content=body, headers=headers)
        problem = assert_problem(response, 422, "validacao")
        assert problem["title"] == "Dados inválidos", body[:40]
    # Sem segredo, o corpo nem é lido: 401 antes de qualquer validação.
    assert_problem(await client.post(PATH, content=b"{", headers={"Content-Type": "application/json"}), 401)
    # Registro com id que não é UUID, ou de mensagem que não existe: 200 com o motivo.
    for record in ({"id": "nao-e-uuid"}, {"id": 12}, {}, {"id": str(uuid.uuid4())}):
        payload = {"type": "INSERT", "table": "messages", "schema": "public", "record": record, "old_record": None}
        response = await client.post(PATH, json=payload, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["result"] == "ignored"


# ------------------------------------------------------------------------------------------- envio pelo webhook


async def test_insert_of_pending_outbound_row_is_sent(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    session_id = await sandbox(client, admin)
    # Como um CRM escreveria: telefone "humano", só as colunas necessárias.
    row = await write_row(ctx, admin.tenant.id, to_number="+55 (11) 98888-7777")
    response = await hook.insert(row)
    assert response is not None and response.status_code == 200, response and response.text
    assert response.json() == {
        "result": "enqueued",
        "reason": "Envio da mensagem enfileirado.",
        "messageId": str(row["id"]),
    }
    sent = await wait_status(ctx, row["id"], "sent")
    assert sent.to_number == "5511988887777" and sent.provider == "sandbox" and sent.session_id == session_id
    outbox = await outbox_rows(ctx, session_id)
    assert [(o.to_number, o.content) for o in outbox] == [
        ("5511988887777", {"text": "Olá! Seu pedido saiu para entrega."})
    ]
    # O corpo que chegou é o do Supabase, byte a byte.
    delivered = hook.deliveries[0].body.decode()
    assert delivered.startswith('{"type": "INSERT", "table": "messages", "record": {"id": "')
    assert delivered.endswith(', "schema": "public", "old_record": null}')


async def test_duplicate_deliveries_send_once(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    session_id = await sandbox(client, admin)
    row = await write_row(ctx, admin.tenant.id)
    first = await hook.insert(row)
    assert first is not None and first.json()["result"] == "enqueued"
    # A mesma entrega de novo, várias ao mesmo tempo: nenhuma cria outro envio.
    replays = await asyncio.gather(*(hook.replay(0) for _ in range(5)))
    assert all(r.status_code == 200 for r in replays), [r.text for r in replays]
    assert {r.json()["result"] for r in replays} <= {"duplicate", "ignored"}
    await wait_status(ctx, row["id"], "sent")
    # Depois do envio, ainda outra: a mensagem não está mais pendente.
    late = await hook.replay(0)
    assert late.json()["result"] == "ignored" and "sent" in late.json()["reason"]
    assert len(await outbox_rows(ctx, session_id)) == 1
    assert await send_jobs(ctx, row["id"]) == 0


async def test_concurrent_first_deliveries_enqueue_one_job(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    session_id = await sandbox(client, admin)
    row = await write_row(ctx, admin.tenant.id)
    results = await asyncio.gather(*(hook.insert(row) for _ in range(6)))
    outcomes = sorted(r.json()["result"] for r in results if r is not None)
    assert outcomes.count("enqueued") == 1, outcomes
    await wait_status(ctx, row["id"], "sent")
    assert len(await outbox_rows(ctx, session_id)) == 1


async def test_update_to_pending_is_sent(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    session_id = await sandbox(client, admin)
    draft = await write_row(ctx, admin.tenant.id, status="draft")
    ignored = await hook.insert(draft)
    assert ignored is not None and ignored.json()["result"] == "ignored"
    async with ctx.sessionmaker() as session:
        await session.execute(update(MESSAGES).where(MESSAGES.c.id == draft["id"]).values(status="pending"))
        await session.commit()
    pending = await read_row(ctx, draft["id"])
    response = await hook.update(pending, draft)
    assert response is not None and response.json()["result"] == "enqueued"
    assert '"old_record": {' in hook.deliveries[-1].body.decode()
    await wait_status(ctx, draft["id"], "sent")
    # Um UPDATE qualquer depois (ex.: o CRM marca a linha como vista) não envia de novo.
    again = await hook.update(await read_row(ctx, draft["id"]), pending)
    assert again is not None and again.json()["result"] == "ignored"
    assert len(await outbox_rows(ctx, session_id)) == 1


async def test_other_tables_operations_and_rows_are_ignored(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    await sandbox(client, admin)
    row = await write_row(ctx, admin.tenant.id)
    other = FakeDatabaseWebhook(url=hook.url, client=hook.client, headers=hook.headers, table="conversations")
    response = await other.insert(row)
    assert response is not None and response.json()["result"] == "ignored"
    assert "conversations" in response.json()["reason"]
    everything = FakeDatabaseWebhook(
        url=hook.url, client=hook.client, headers=hook.headers, events=("INSERT", "UPDATE", "DELETE")
    )
    deleted = await everything.delete(row)
    assert deleted is not None and deleted.json()["result"] == "ignored" and "DELETE" in deleted.json()["reason"]
    inbound = await write_row(ctx, admin.tenant.id, direction="inbound", status="received")
    response = await hook.insert(inbound)
    assert response is not None and response.json()["result"] == "ignored"
    assert await message_row(ctx, row["id"]) is not None
    assert (await read_row(ctx, row["id"]))["status"] == "pending"  # nada mexeu nela
    assert await send_jobs(ctx, row["id"]) == 0


async def test_message_accepted_by_the_api_is_not_enqueued_again(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    """Com o webhook em toda a tabela, o INSERT de um envio da própria API também chega: ele já tem job."""
    session_id = await sandbox(client, admin)
    accepted = await client.post(
        "/api/v1/messages/text", headers=admin.headers, json={"to": "5511977776666", "content": "Pela API"}
    )
    assert accepted.status_code in {200, 202}, accepted.text
    message_id = uuid.UUID(accepted.json()["messageId"])
    response = await hook.insert(await read_row(ctx, message_id))
    assert response is not None and response.json()["result"] in {"duplicate", "ignored"}
    await wait_status(ctx, message_id, "sent")
    assert len(await outbox_rows(ctx, session_id)) == 1


async def test_invalid_rows_end_failed_with_the_reason(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    session_id = await sandbox(client, admin)
    cases = [
        ({"to_number": "abc"}, "destinatario_invalido"),
        ({"content": {"texto": "sem a chave text"}}, "conteudo_invalido"),
        ({"message_type": "fax"}, "tipo_invalido"),
        ({"message_type": "reaction", "content": {"reaction": {"emoji": "👍"}}}, "tipo_nao_suportado"),
        ({"requested_provider": "pombo"}, "provedor_invalido"),
    ]
    for columns, code in cases:
        row = await write_row(ctx, admin.tenant.id, **columns)
        response = await hook.insert(row)
        assert response is not None and response.json()["result"] == "failed", (columns, response.text)
        stored = await read_row(ctx, row["id"])
        assert (stored["status"], stored["error_code"]) == ("failed", code), stored
        assert stored["error"] == response.json()["reason"]
    # A forma do pedido da API também serve e é gravada na forma canônica.
    image = await write_row(
        ctx, admin.tenant.id, message_type="location", content={"latitude": -23.55, "longitude": -46.63}
    )
    response = await hook.insert(image)
    assert response is not None and response.json()["result"] == "enqueued", response.text
    sent = await wait_status(ctx, image["id"], "sent")
    assert sent.content == {"location": {"latitude": -23.55, "longitude": -46.63}}
    assert len(await outbox_rows(ctx, session_id)) == 1


# ------------------------------------------------------------------------------------------------------ tenants


async def test_row_cannot_go_out_through_another_tenants_session(
    ctx: AppContext,
    client: httpx.AsyncClient,
    admin: Actor,
    admin_second: Actor,
    hook: FakeDatabaseWebhook,
) -> None:
    await sandbox(client, admin, phone="5511900000001")
    foreign_session = await sandbox(client, admin_second, phone="5511900000002")
    row = await write_row(ctx, admin.tenant.id, session_id=foreign_session)
    response = await hook.insert(row)
    assert response is not None and response.json()["result"] == "failed"
    stored = await read_row(ctx, row["id"])
    assert (stored["status"], stored["error_code"]) == ("failed", "sessao_nao_encontrada")
    # Um registro que diz ser de outro tenant não é a linha gravada: ignorado.
    second = await write_row(ctx, admin.tenant.id)
    forged = {**second, "tenant_id": admin_second.tenant.id}
    response = await hook.insert(forged)
    assert response is not None and response.json()["result"] == "ignored"
    await asyncio.sleep(0.3)
    assert await outbox_rows(ctx, foreign_session) == []
    assert (await read_row(ctx, second["id"]))["status"] == "pending"
    # O tenant vem da linha: a mensagem do tenant B sai pela sessão de B, nunca pela de A.
    own = await write_row(ctx, admin_second.tenant.id)
    response = await hook.insert(own)
    assert response is not None and response.json()["result"] == "enqueued"
    sent = await wait_status(ctx, own["id"], "sent")
    assert sent.session_id == foreign_session


# ------------------------------------------------------------------------------------------------------ varredura


async def _age(ctx: AppContext, message_id: uuid.UUID, seconds: float) -> None:
    async with ctx.sessionmaker() as session:
        await session.execute(
            update(MESSAGES)
            .where(MESSAGES.c.id == message_id)
            .values(created_at=datetime.now(UTC) - timedelta(seconds=seconds))
        )
        await session.commit()


async def test_sweep_sends_rows_whose_webhook_never_came(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, enabled: str
) -> None:
    session_id = await sandbox(client, admin)
    missed = await write_row(ctx, admin.tenant.id)
    fresh = await write_row(ctx, admin.tenant.id, to_number="5511955554444")
    await _age(ctx, missed["id"], 600)
    # Pendente com job (como um envio aceito pela API esperando a vez): a varredura não toca.
    queued = await write_row(ctx, admin.tenant.id, to_number="5511944443333")
    await _age(ctx, queued["id"], 600)
    async with ctx.sessionmaker() as session:
        later = datetime.now(UTC) + timedelta(hours=1)
        job = NewJob(SEND_KIND, {"messageId": str(queued["id"])}, tenant_id=admin.tenant.id, run_at=later)
        assert await enqueue_unique(ctx, session, job)
        await commit(session)
    assert await orphans(ctx, timedelta(seconds=60)) == [missed["id"]]
    counts = await sweep(ctx, timedelta(seconds=60))
    assert counts == {"enqueued": 1}
    await wait_status(ctx, missed["id"], "sent")
    assert (await read_row(ctx, fresh["id"]))["status"] == "pending"  # mais nova que o limite: o webhook ainda vem
    assert (await read_row(ctx, queued["id"]))["status"] == "pending"
    assert await send_jobs(ctx, queued["id"]) == 1
    assert await sweep(ctx, timedelta(seconds=60)) == {}
    assert [o.to_number for o in await outbox_rows(ctx, session_id)] == ["5511988887777"]


async def test_sweep_and_webhook_together_send_once(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    session_id = await sandbox(client, admin)
    row = await write_row(ctx, admin.tenant.id)
    await _age(ctx, row["id"], 600)
    results = await asyncio.gather(hook.insert(row), sweep(ctx, timedelta(seconds=60)), hook.insert(row))
    await wait_status(ctx, row["id"], "sent")
    assert len(await outbox_rows(ctx, session_id)) == 1, results


async def test_worker_sweeps_periodically(tmp_path: Path) -> None:
    """O worker de verdade (laço do app) varre sozinho quando o webhook está habilitado."""
    async with isolated_app(
        tmp_path,
        supabase_webhook_secret=SECRET,
        supabase_sweep_after_seconds=0.2,
        supabase_sweep_interval_seconds=0.2,
    ) as iso:
        tenant = await iso.factory.tenant()
        admin = await iso.factory.actor(tenant, "admin")
        session_id = await sandbox(iso.client, admin)
        row = await write_row(iso.ctx, tenant.id)
        await wait_status(iso.ctx, row["id"], "sent", within=20)
        assert len(await outbox_rows(iso.ctx, session_id)) == 1


# ---------------------------------------------------------------------------------------------- fila e banco


async def test_one_live_send_job_per_message(ctx: AppContext, factory: Factory, admin: Actor) -> None:
    row = await write_row(ctx, admin.tenant.id)
    job = NewJob(
        SEND_KIND,
        {"messageId": str(row["id"])},
        tenant_id=admin.tenant.id,
        run_at=datetime.now(UTC) + timedelta(hours=1),
    )
    async with ctx.sessionmaker() as session:
        assert await enqueue_unique(ctx, session, job)
        assert not await enqueue_unique(ctx, session, job)
        await commit(session)
    # Nem um INSERT cru consegue o segundo job vivo: é o índice único que garante.
    async with ctx.sessionmaker() as session:
        with pytest.raises(IntegrityError):
            await session.execute(
                insert(Job).values(
                    kind=SEND_KIND,
                    payload={"messageId": str(row["id"])},
                    dedupe_key=dedupe_key(SEND_KIND, {"messageId": str(row["id"])}),
                )
            )
        await session.rollback()
    # O job morto solta a chave.
    async with ctx.sessionmaker() as session:
        stored = (await session.execute(select(Job).where(Job.dedupe_key.is_not(None)))).scalar_one()
        await bury(session, stored, "teste")
        await commit(session)
    async with ctx.sessionmaker() as session:
        assert await enqueue_unique(ctx, session, job)
        await commit(session)


async def test_dedupe_key_matches_the_sql_of_the_sweep(ctx: AppContext, admin: Actor) -> None:
    """A chave calculada em Python é a mesma que a varredura monta em SQL (UUID em hexadecimal nos dois bancos)."""
    row = await write_row(ctx, admin.tenant.id)
    await _age(ctx, row["id"], 600)
    assert await orphans(ctx, timedelta(seconds=60)) == [row["id"]]
    async with ctx.sessionmaker() as session:
        job = NewJob(
            SEND_KIND,
            {"messageId": str(row["id"])},
            tenant_id=admin.tenant.id,
            run_at=datetime.now(UTC) + timedelta(hours=1),
        )
        await enqueue_unique(ctx, session, job)
        await commit(session)
    assert await orphans(ctx, timedelta(seconds=60)) == []


@pytest.mark.skipif(BACKEND != "postgres", reason="o INSERT mínimo usa o padrão gen_random_uuid() do PostgreSQL")
async def test_minimal_sql_insert_like_a_crm(
    ctx: AppContext, client: httpx.AsyncClient, admin: Actor, hook: FakeDatabaseWebhook
) -> None:
    """O INSERT do docs/supabase.md: sem id, datas nem direção (padrões do banco)."""
    session_id = await sandbox(client, admin)
    async with ctx.engine.begin() as conn:
        inserted = await conn.execute(
            text(
                "INSERT INTO messages (tenant_id, to_number, message_type, content, status) "
                "VALUES (:tenant, '5511988887777', 'text', '{\"text\": \"Oi do CRM\"}', 'pending') RETURNING *"
            ),
            {"tenant": admin.tenant.id},
        )
        row = dict(inserted.mappings().one())
    response = await hook.insert(row)
    assert response is not None and response.json()["result"] == "enqueued", response.text
    await wait_status(ctx, row["id"], "sent")
    assert [o.content for o in await outbox_rows(ctx, session_id)] == [{"text": "Oi do CRM"}]


# ------------------------------------------------------------------------------------------------ fake e métricas


def test_fake_body_is_jsonb_text() -> None:
    row = {
        "id": uuid.UUID("6f1c6d2e-8d1b-4f55-9a59-0f7d1d7d3c11"),
        "status": "pending",
        "content": {"text": 'Olá "cliente"\n', "previewUrl": True},
        "created_at": datetime(2026, 12, 2, 16, 42, 28, 123400, tzinfo=UTC),
        "to_number": "5511988887777",
        "ai_processed": False,
        "attempts": 0,
    }
    record = record_of(row)
    assert jsonb_text(record) == (
        '{"id": "6f1c6d2e-8d1b-4f55-9a59-0f7d1d7d3c11", "status": "pending", "content": '
        '{"text": "Olá \\"cliente\\"\\n", "previewUrl": true}, "attempts": 0, "to_number": "5511988887777", '
        '"created_at": "2026-12-02T16:42:28.1234+00:00", "ai_processed": false}'
    )
    fake = FakeDatabaseWebhook(url="http://x", client=httpx.AsyncClient(), headers={"X-B": "2", "Content-Type": "a"})
    assert fake.request_headers() == [("X-B", "2"), ("Content-Type", "a"), ("User-Agent", "pg_net/0.14.0")]


async def test_metrics_count_deliveries(
    ctx: AppContext,
    client: httpx.AsyncClient,
    loopback_client: httpx.AsyncClient,
    admin: Actor,
    hook: FakeDatabaseWebhook,
) -> None:
    await sandbox(client, admin)
    row = await write_row(ctx, admin.tenant.id)
    await hook.insert(row)
    await hook.replay()
    await client.post(PATH, json={})
    metrics = (await loopback_client.get("/metrics")).text
    for line in (
        'wacs_supabase_db_webhook_requests_total{result="processed"}',
        'wacs_supabase_db_webhook_requests_total{result="unauthorized"}',
        'wacs_supabase_db_webhook_rows_total{outcome="enqueued"}',
        'wacs_supabase_db_webhook_rows_total{outcome="duplicate"}',
        "wacs_supabase_db_sweep_rows_total",
    ):
        assert line in metrics, line
    await wait_for(lambda: _sent(ctx, row["id"]), what="envio")


async def _sent(ctx: AppContext, message_id: uuid.UUID) -> bool:
    row = await message_row(ctx, message_id)
    return row is not None and row.status == "sent"
