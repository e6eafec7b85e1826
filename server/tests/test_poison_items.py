"""Item venenoso: um item ruim nunca derruba o lote. No envio em massa, o que dá para ver no aceite é recusado com 422
apontando as linhas; o que falhar depois falha só aquele destinatário; um pedaço que esgota as tentativas termina
`failed` com o motivo, em vez de o envio ficar parado em `queued`. Na entrada, um evento que não pode ser processado
termina com o motivo e não segura os outros."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text

from tests.conftest import Actor, assert_problem
from tests.messaging_helpers import NO_RECEIPTS, connect_sandbox, isolated_app, wait_for
from wacs.kit.context import AppContext
from wacs.messages.service import BULK_JOB
from wacs.models import BulkSend, Job, Message

BULK = "/api/v1/messages/send-bulk"
FAST = {"job_max_attempts": 2, "job_retry_base_seconds": 0.05, "job_retry_max_seconds": 0.1}


def _phone(i: int) -> str:
    return f"55119{70000000 + i}"


async def _progress(client: httpx.AsyncClient, actor: Actor, bulk_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/messages/bulk/{bulk_id}", headers=actor.headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def test_accept_refuses_naming_the_recipient_lines(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    await connect_sandbox(client, admin, **NO_RECEIPTS)
    recipients: list[dict[str, Any]] = [{"to": _phone(i), "variables": {"msg": f"Olá {i}"}} for i in range(602)]
    recipients[5]["variables"]["msg"] = "x" * 4097  # longo demais depois de trocar
    recipients[300]["variables"]["msg"] = "y" * 5000
    recipients[10]["variables"]["msg"] = ""  # vazio depois de trocar
    recipients[601]["variables"] = {}  # sem a variável: o texto fica "{{msg}}", que é válido
    response = await client.post(BULK, headers=admin.headers, json={"recipients": recipients, "content": "{{msg}}"})
    body = assert_problem(response, 422, "validacao")
    assert body["detail"].startswith("3 destinatário(s)")
    fields = {e["field"]: e["message"] for e in body["errors"]}
    assert set(fields) == {"recipients.5", "recipients.10", "recipients.300"}
    assert fields["recipients.5"].startswith(_phone(5) + ": depois de trocar as variáveis, texto obrigatório, até 4096")
    assert fields["recipients.10"].startswith(_phone(10))
    async with ctx.sessionmaker() as session:
        assert (await session.execute(select(func.count()).select_from(BulkSend))).scalar_one() == 0
        assert (await session.execute(select(func.count()).select_from(Message))).scalar_one() == 0


async def test_media_caption_too_long_after_rendering_is_refused(client: httpx.AsyncClient, admin: Actor) -> None:
    await connect_sandbox(client, admin, **NO_RECEIPTS)
    content = {"url": "https://exemplo.com.br/a.png", "caption": "Oi {{nome}}"}
    recipients = [{"to": _phone(1), "variables": {"nome": "Ana"}}, {"to": _phone(2), "variables": {"nome": "z" * 1100}}]
    response = await client.post(
        BULK, headers=admin.headers, json={"recipients": recipients, "type": "image", "content": content}
    )
    errors = assert_problem(response, 422, "validacao")["errors"]
    assert [e["field"] for e in errors] == ["recipients.1"]


async def test_item_failing_after_accept_fails_only_that_recipient(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    """Uma lista gravada com itens ruins (dados antigos, edição direta no banco): os bons seguem, os ruins viram
    `failed` com o motivo, e o envio em massa termina."""
    await connect_sandbox(client, admin, **NO_RECEIPTS)
    bulk_id = uuid.uuid4()
    recipients = [
        [_phone(1), {"nome": "Ana"}],
        [_phone(2), {"nome": "x" * 5000}],
        ["malformado"],
        [_phone(3), {}],
    ]
    async with ctx.sessionmaker() as session:
        session.add(
            BulkSend(
                id=bulk_id,
                tenant_id=admin.tenant.id,
                status="queued",
                total=len(recipients),
                request={"type": "text", "content": "Olá {{nome}}", "provider": "auto", "recipients": recipients},
            )
        )
        await session.flush()
        session.add(
            Job(kind=BULK_JOB, tenant_id=admin.tenant.id, payload={"bulkId": str(bulk_id), "offset": 0}, attempts=0)
        )
        await session.commit()
    ctx.job_wakeup.set()

    async def completed() -> dict[str, Any] | None:
        progress = await _progress(client, admin, str(bulk_id))
        return progress if progress["status"] == "completed" else None

    final = await wait_for(completed, what="envio em massa completo")
    assert (final["total"], final["created"], final["failed"], final["sent"]) == (4, 4, 2, 2)
    async with ctx.sessionmaker() as session:
        failed = (
            await session.execute(select(Message).where(Message.bulk_id == bulk_id, Message.status == "failed"))
        ).scalars()
        reasons = {m.to_number: (m.error_code, m.error) for m in failed}
    assert set(reasons) == {_phone(2), None}
    assert reasons[_phone(2)][0] == "conteudo_invalido" and "4096" in (reasons[_phone(2)][1] or "")
    assert "malformado" in (reasons[None][1] or "")


async def test_chunk_that_exhausts_its_attempts_fails_its_recipients(tmp_path: Path, backend: str) -> None:
    async with isolated_app(tmp_path / "dados", **FAST) as iso:
        admin = await iso.factory.actor(await iso.factory.tenant(), "admin")
        await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
        # Falha real e persistente do banco ao criar as mensagens pendentes (as que terminam `failed` passam).
        async with iso.ctx.engine.begin() as conn:
            if backend == "postgres":
                await conn.execute(
                    text(
                        "CREATE FUNCTION wacs_test_recusa() RETURNS trigger AS $$ BEGIN "
                        "IF NEW.status = 'pending' THEN RAISE EXCEPTION 'falha persistente'; END IF; RETURN NEW; "
                        "END $$ LANGUAGE plpgsql"
                    )
                )
                await conn.execute(
                    text(
                        "CREATE TRIGGER wacs_test_recusa BEFORE INSERT ON messages "
                        "FOR EACH ROW EXECUTE FUNCTION wacs_test_recusa()"
                    )
                )
            else:
                await conn.execute(
                    text(
                        "CREATE TRIGGER wacs_test_recusa BEFORE INSERT ON messages WHEN NEW.status = 'pending' "
                        "BEGIN SELECT RAISE(ABORT, 'falha persistente'); END"
                    )
                )
        recipients = [{"to": _phone(i)} for i in range(3)]
        response = await iso.client.post(BULK, headers=admin.headers, json={"recipients": recipients, "content": "Oi"})
        assert response.status_code == 202, response.text
        bulk_id = response.json()["bulkId"]

        async def completed() -> dict[str, Any] | None:
            progress = await _progress(iso.client, admin, bulk_id)
            return progress if progress["status"] == "completed" else None

        final = await wait_for(completed, what="envio em massa encerrado")
        assert (final["created"], final["failed"], final["pending"]) == (3, 3, 0)
        async with iso.ctx.sessionmaker() as session:
            rows = (await session.execute(select(Message).where(Message.bulk_id == uuid.UUID(bulk_id)))).scalars()
            assert {(m.error_code, "falha persistente" in (m.error or "")) for m in rows} == {("preparo_falhou", True)}


async def test_long_but_valid_personalized_text_is_accepted(client: httpx.AsyncClient, admin: Actor) -> None:
    await connect_sandbox(client, admin, **NO_RECEIPTS)
    recipients = [{"to": _phone(1), "variables": {"nome": "Ana " * 1000}}]
    response = await client.post(BULK, headers=admin.headers, json={"recipients": recipients, "content": "{{nome}}"})
    assert response.status_code == 202, response.text  # 4000 caracteres: dentro do limite


async def test_inbound_event_that_cannot_be_processed_ends_with_its_reason(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from wacs.inbound.service import PROCESS_JOB
    from wacs.kit.db import commit
    from wacs.models import InboundEvent
    from wacs.worker.queue import enqueue

    async with isolated_app(tmp_path / "dados", **FAST) as iso:
        admin = await iso.factory.actor(await iso.factory.tenant(), "admin")
        session = await connect_sandbox(iso.client, admin, **NO_RECEIPTS)
        good = {"kind": "message", "sessionId": session["id"], "messageId": "bom-1", "from": _phone(1), "text": "Olá"}
        # Um evento guardado por uma versão anterior, que o contrato atual não aceita: falha sempre.
        bad = {"kind": "message", "sessionId": session["id"], "messageId": "ruim-1", "text": "sem remetente"}
        async with iso.ctx.sessionmaker() as db:
            for payload in (bad, good):
                event = InboundEvent(
                    id=uuid.uuid4(),
                    tenant_id=admin.tenant.id,
                    session_id=uuid.UUID(session["id"]),
                    provider="sandbox",
                    external_id=payload["messageId"],
                    kind="message",
                    payload=payload,
                    created_at=datetime.now(UTC),
                )
                db.add(event)
                await db.flush()
                await enqueue(iso.ctx, db, PROCESS_JOB, {"eventIds": [str(event.id)]}, tenant_id=admin.tenant.id)
            await commit(db)

        async def settled() -> list[InboundEvent] | None:
            async with iso.ctx.sessionmaker() as db:
                rows = list((await db.execute(select(InboundEvent).order_by(InboundEvent.external_id))).scalars())
            return rows if rows and all(r.processed_at is not None for r in rows) else None

        events = {e.external_id: e for e in await wait_for(settled, what="eventos de entrada encerrados")}
        assert events["bom-1"].error is None
        assert "ValidationError" in (events["ruim-1"].error or "")
        async with iso.ctx.sessionmaker() as db:
            stored = (await db.execute(select(Message.message_id))).scalars().all()
        assert stored == ["bom-1"]
