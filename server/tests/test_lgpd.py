"""LGPD: exportar e apagar os dados de um contato, retenção por tenant e logs sem telefone nem corpo de mensagem."""

from __future__ import annotations

import base64
import io
import json
import logging
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import JSON, String, Text, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import Actor, Factory
from tests.messaging_helpers import (
    JPEG,
    NO_RECEIPTS,
    PNG,
    connect_sandbox,
    wait_for,
    wait_inbound_processed,
    wait_media_settled,
)
from wacs.kit.context import AppContext
from wacs.kit.logging import JsonFormatter, PersonalDataFilter, mask_phone_digits
from wacs.lgpd.retention import apply_retention
from wacs.models import (
    AIConversation,
    Appointment,
    AuditLog,
    Conversation,
    InboundEvent,
    Media,
    Message,
    Tenant,
    WebhookDelivery,
    WebhookEndpoint,
)
from wacs.models.base import Base

CONTACTS = "/api/v1/contacts"
CONTACT = "5511987654321"  # celular: também gravado sem o 9º dígito por alguns provedores
CONTACT_SHORT = "551187654321"
OTHER = "5511912345678"
SECRET_TEXT = "meu CPF é 123.456.789-00, pode apagar?"
OTHER_TEXT = "mensagem de outra pessoa"


async def _incoming(client: httpx.AsyncClient, actor: Actor, session: dict[str, Any], **body: Any) -> None:
    response = await client.post(f"/api/v1/sandbox/sessions/{session['id']}/incoming", headers=actor.headers, json=body)
    assert response.status_code == 202, response.text


async def _upload(client: httpx.AsyncClient, actor: Actor, data: bytes, name: str, mime: str) -> str:
    response = await client.post("/api/v1/media", headers=actor.headers, files={"file": (name, data, mime)})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _send(client: httpx.AsyncClient, actor: Actor, to: str, kind: str, content: Any) -> str:
    response = await client.post(
        "/api/v1/messages/send", headers=actor.headers, json={"to": to, "type": kind, "content": content}
    )
    assert response.status_code in (200, 201, 202), response.text
    return str(response.json()["messageId"])


async def _webhook_endpoint(ctx: AppContext, tenant_id: uuid.UUID) -> None:
    """Um endpoint que assina tudo: cada evento vira uma entrega com o payload guardado (o envio falha: loopback)."""
    async with ctx.sessionmaker() as session:
        session.add(
            WebhookEndpoint(
                tenant_id=tenant_id,
                url="http://127.0.0.1:9/gancho",
                events=["*"],
                secret_encrypted=ctx.encryptor.encrypt("whsec_teste"),
            )
        )
        await session.commit()


async def _populate(client: httpx.AsyncClient, ctx: AppContext, actor: Actor) -> dict[str, Any]:
    """O contato com texto, mídia recebida, mídia enviada, mídia compartilhada, contexto de IA, agendamento, uma
    mensagem gravada sem o 9º dígito; e outro contato com a mesma mídia compartilhada."""
    tenant_id = actor.tenant.id
    await _webhook_endpoint(ctx, tenant_id)
    session = await connect_sandbox(client, actor, **NO_RECEIPTS)
    await _incoming(client, actor, session, **{"from": "(11) 98765-4321", "name": "Maria Titular", "text": SECRET_TEXT})
    await _incoming(
        client,
        actor,
        session,
        **{
            "from": CONTACT,
            "type": "image",
            "media": {"base64": base64.b64encode(PNG).decode(), "mimeType": "image/png", "caption": "meu documento"},
        },
    )
    await _incoming(client, actor, session, **{"from": OTHER, "name": "Outra Pessoa", "text": OTHER_TEXT})
    await wait_inbound_processed(ctx, tenant_id, 3)
    await wait_media_settled(ctx, tenant_id)
    own_media = await _upload(client, actor, JPEG, "so-dela.jpg", "image/jpeg")
    shared_media = await _upload(client, actor, PDF_BYTES, "folheto.pdf", "application/pdf")
    sent = [
        await _send(client, actor, CONTACT, "text", "Olá Maria, recebemos seu pedido"),
        await _send(client, actor, CONTACT, "image", {"mediaId": own_media, "caption": "sua foto"}),
        await _send(client, actor, CONTACT, "document", {"mediaId": shared_media, "filename": "folheto.pdf"}),
        await _send(client, actor, OTHER, "document", {"mediaId": shared_media, "filename": "folheto.pdf"}),
    ]
    async with ctx.sessionmaker() as db:
        conversation = (
            await db.execute(
                select(Conversation).where(Conversation.tenant_id == tenant_id, Conversation.contact_number == CONTACT)
            )
        ).scalar_one()
        db.add(
            AIConversation(
                tenant_id=tenant_id,
                conversation_id=conversation.id,
                contact_number=CONTACT,
                context={"history": [{"role": "user", "content": SECRET_TEXT}]},
            )
        )
        db.add(
            Appointment(
                tenant_id=tenant_id,
                conversation_id=conversation.id,
                contact_number=CONTACT,
                contact_name="Maria Titular",
                scheduled_for=datetime.now(UTC) + timedelta(days=2),
                notes="visita ao apartamento",
            )
        )
        # Como o Baileys grava às vezes: sem o 9º dígito, fora da conversa.
        db.add(
            Message(
                tenant_id=tenant_id,
                session_id=uuid.UUID(session["id"]),
                message_id="baileys-3EB0AAAA",
                from_number=CONTACT_SHORT,
                to_number=session["phoneNumber"],
                direction="inbound",
                message_type="text",
                content={"text": "mensagem antiga sem o nono dígito"},
                status="received",
            )
        )
        await db.commit()
    return {"session": session, "sent": sent, "own_media": own_media, "shared_media": shared_media}


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


async def _contact_message_ids(db: AsyncSession, tenant_id: uuid.UUID, phones: list[str]) -> tuple[set[str], set[str]]:
    rows = (
        await db.execute(
            select(
                Message.id, Message.message_id, Message.conversation_id, Message.from_number, Message.to_number
            ).where(Message.tenant_id == tenant_id)
        )
    ).all()
    conversations = set(
        (
            await db.execute(
                select(Conversation.id).where(
                    Conversation.tenant_id == tenant_id, Conversation.contact_number.in_(phones)
                )
            )
        ).scalars()
    )
    ours = [r for r in rows if r[2] in conversations or r[3] in phones or r[4] in phones]
    return {str(r[0]) for r in ours}, {r[1] for r in ours if r[1]}


def _texts(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


async def _traces(ctx: AppContext, tenant_id: uuid.UUID, needles: set[str]) -> list[str]:
    """Toda tabela, toda coluna de texto ou JSON, toda linha do tenant: onde aparece algum dos valores."""
    found: list[str] = []
    async with ctx.sessionmaker() as db:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text | JSON) or "JSON" in repr(c.type)]
            if not columns:
                continue
            statement = select(*columns)
            if "tenant_id" in table.columns:
                statement = statement.where(table.columns["tenant_id"] == tenant_id)
            elif table.name == "tenants":
                statement = statement.where(table.columns["id"] == tenant_id)
            for row in (await db.execute(statement)).all():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = _texts(value)
                    found += [f"{table.name}.{column.name}: {n}" for n in needles if n in text]
    return found


class TestExport:
    async def test_export_has_everything_about_the_contact_and_nothing_else(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        seeded = await _populate(client, ctx, admin)
        response = await client.get(f"{CONTACTS}/+55 (11) 98765-4321/export", headers=admin.headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/zip"
        disposition = response.headers["content-disposition"]
        assert disposition.startswith('attachment; filename="lgpd-contato-') and disposition.endswith('.zip"')
        assert CONTACT not in disposition and "4321" in disposition
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = set(archive.namelist())
        assert {"contato.json", "conversas.json", "mensagens.json", "contexto_ia.json", "agendamentos.json"} <= names
        messages = json.loads(archive.read("mensagens.json"))
        texts = [json.dumps(m["content"], ensure_ascii=False) for m in messages]
        assert any(SECRET_TEXT in t for t in texts)
        assert any("sem o nono dígito" in t for t in texts)  # a forma sem o 9 também é do contato
        assert {str(i) for i in seeded["sent"][:3]} <= {m["id"] for m in messages}
        assert len(messages) == 6  # 2 recebidas + 3 enviadas + a gravada sem o 9º dígito
        conversations = json.loads(archive.read("conversas.json"))
        assert [c["contactNumber"] for c in conversations] == [CONTACT]
        assert "visita ao apartamento" in archive.read("agendamentos.json").decode()
        assert SECRET_TEXT in archive.read("contexto_ia.json").decode()
        media = json.loads(archive.read("midias.json"))
        assert {seeded["own_media"], seeded["shared_media"]} <= {m["id"] for m in media}
        assert len(media) == 3  # a recebida, a só dela e a compartilhada
        contents = {archive.read(m["arquivo"]) for m in media}
        assert {PNG, JPEG, PDF_BYTES} == contents
        everything = b"".join(archive.read(n) for n in names).decode("utf-8", "replace")
        assert OTHER not in everything and OTHER_TEXT not in everything and "Outra Pessoa" not in everything
        # Auditada, com o número mascarado.
        async with ctx.sessionmaker() as db:
            audit = (await db.execute(select(AuditLog).where(AuditLog.action == "export_contact_data"))).scalar_one()
        assert audit.resource_id == "*********4321" and CONTACT not in audit.path and "98765" not in audit.path

    async def test_only_admins_and_valid_numbers(
        self, client: httpx.AsyncClient, admin: Actor, member: Actor, factory: Factory
    ) -> None:
        for method, url in (("GET", f"{CONTACTS}/{CONTACT}/export"), ("DELETE", f"{CONTACTS}/{CONTACT}")):
            response = await client.request(method, url, headers=member.headers)
            assert response.status_code == 403, response.text
        response = await client.get(f"{CONTACTS}/12345/export", headers=admin.headers)
        assert response.status_code == 422
        body = response.json()
        assert body["errors"][0]["field"] == "phone" and "curto" in body["errors"][0]["message"]
        response = await client.delete(f"{CONTACTS}/abc", headers=admin.headers)
        assert response.status_code == 422
        key = await factory.api_key(admin, ["contacts:erase"])
        assert (await client.delete(f"{CONTACTS}/{OTHER}", headers=key)).status_code == 200
        assert (await client.get(f"{CONTACTS}/{OTHER}/export", headers=key)).status_code == 403

    async def test_contact_with_no_data_exports_an_empty_package(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await client.get(f"{CONTACTS}/{CONTACT}/export", headers=admin.headers)
        assert response.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert json.loads(archive.read("mensagens.json")) == []
        assert json.loads(archive.read("contato.json"))["telefone"] == CONTACT


class TestErase:
    async def test_erase_leaves_no_trace_and_spares_others(
        self,
        client: httpx.AsyncClient,
        ctx: AppContext,
        admin: Actor,
        admin_second: Actor,
    ) -> None:
        seeded = await _populate(client, ctx, admin)
        await _populate(client, ctx, admin_second)  # o mesmo número noutro tenant
        async with ctx.sessionmaker() as db:
            message_ids, provider_ids = await _contact_message_ids(db, admin.tenant.id, [CONTACT, CONTACT_SHORT])
            other_ids, _ = await _contact_message_ids(db, admin.tenant.id, [OTHER])
            second_ids, _ = await _contact_message_ids(db, admin_second.tenant.id, [CONTACT, CONTACT_SHORT])
            media_rows = {str(m.id): m.storage_key for m in (await db.execute(select(Media))).scalars()}
            deliveries = (
                await db.execute(select(WebhookDelivery.id).where(WebhookDelivery.tenant_id == admin.tenant.id))
            ).all()
        assert len(message_ids) == 6 and provider_ids and deliveries
        needles = {CONTACT, CONTACT_SHORT, SECRET_TEXT, *message_ids, *provider_ids}
        assert await _traces(ctx, admin.tenant.id, needles)  # o teste enxerga os rastros antes de apagar

        response = await client.delete(f"{CONTACTS}/11987654321", headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["phone"] == "*********4321"
        counts = body["counts"]
        assert counts["messages"] == 6 and counts["conversations"] == 1
        assert counts["aiConversations"] == 1 and counts["appointments"] == 1
        assert counts["media"] == 2  # a recebida e a só dela; a compartilhada fica
        assert counts["inboundEvents"] == 2 and counts["webhookDeliveries"] > 0 and counts["realtimeEventsRedacted"] > 0
        assert body["total"] == sum(counts.values())

        assert await _traces(ctx, admin.tenant.id, needles) == []
        # Outros contatos e o outro tenant intactos.
        async with ctx.sessionmaker() as db:
            left = {str(i) for i in (await db.execute(select(Message.id))).scalars()}
            assert other_ids <= left and second_ids <= left
            remaining_media = {str(m) for m in (await db.execute(select(Media.id))).scalars()}
        assert seeded["shared_media"] in remaining_media
        assert seeded["own_media"] not in remaining_media
        second = await client.get(f"{CONTACTS}/{CONTACT}/export", headers=admin_second.headers)
        assert len(json.loads(zipfile.ZipFile(io.BytesIO(second.content)).read("mensagens.json"))) == 6
        # Arquivos: os das mídias apagadas saem do armazenamento; o compartilhado fica.
        store = ctx.media_store

        async def files_gone() -> bool:
            gone = [
                not await store.exists(key)
                for media_id, key in media_rows.items()
                if media_id not in remaining_media and key.startswith(str(admin.tenant.id))
            ]
            return len(gone) == 2 and all(gone)

        await wait_for(files_gone, what="arquivos das mídias apagadas removidos")
        assert await store.exists(media_rows[seeded["shared_media"]])

        # Idempotente: de novo, 200 e nada a apagar.
        again = await client.delete(f"{CONTACTS}/{CONTACT}", headers=admin.headers)
        assert again.status_code == 200
        assert again.json()["total"] == 0
        # Auditoria: as duas eliminações, mascaradas, com as contagens.
        async with ctx.sessionmaker() as db:
            audits = list(
                (
                    await db.execute(
                        select(AuditLog).where(AuditLog.action == "erase_contact_data").order_by(AuditLog.created_at)
                    )
                ).scalars()
            )
        assert len(audits) == 2
        assert all(a.resource_id == "*********4321" and "98765" not in a.path for a in audits)
        assert audits[0].details == {"counts": counts}

    async def test_company_number_is_refused(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        """O número de uma sessão aparece em toda mensagem dela: tratá-lo como contato apagaria o histórico todo."""
        seeded = await _populate(client, ctx, admin)
        company = seeded["session"]["phoneNumber"]
        async with ctx.sessionmaker() as db:
            before = len((await db.execute(select(Message.id))).all())
        for method, url in (("DELETE", f"{CONTACTS}/{company}"), ("GET", f"{CONTACTS}/{company}/export")):
            response = await client.request(method, url, headers=admin.headers)
            assert response.status_code == 422, response.text
            assert "própria empresa" in response.json()["errors"][0]["message"]
        async with ctx.sessionmaker() as db:
            assert len((await db.execute(select(Message.id))).all()) == before


class TestRetention:
    async def test_settings_validate_retention(self, client: httpx.AsyncClient, admin: Actor) -> None:
        current = (await client.get("/api/v1/tenant/settings", headers=admin.headers)).json()
        assert current["retention"] == {"messagesDays": None, "mediaDays": None}
        bad = await client.put(
            "/api/v1/tenant/settings", headers=admin.headers, json={**current, "retention": {"messagesDays": 0}}
        )
        assert bad.status_code == 422
        assert "retention" in bad.text and "maior" in bad.text.lower()
        good = await client.put(
            "/api/v1/tenant/settings",
            headers=admin.headers,
            json={**current, "retention": {"messagesDays": 180, "mediaDays": 90}},
        )
        assert good.status_code == 200, good.text
        assert good.json()["retention"] == {"messagesDays": 180, "mediaDays": 90}

    async def test_retention_removes_only_what_is_due(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
    ) -> None:
        seeded = await _populate(client, ctx, admin)
        await _populate(client, ctx, admin_second)  # sem retenção: nada sai
        now = datetime.now(UTC)
        tenant_id = admin.tenant.id
        async with ctx.sessionmaker() as db:
            tenant = await db.get(Tenant, tenant_id)
            assert tenant is not None
            tenant.settings = {**(tenant.settings or {}), "retention": {"messagesDays": 30, "mediaDays": 10}}
            # O contato: tudo com 40 dias (vence); o outro: a mensagem recebida com 40 dias, o resto recente.
            await db.execute(
                update(Message)
                .where(Message.tenant_id == tenant_id, Message.direction == "inbound")
                .values(created_at=now - timedelta(days=40))
            )
            await db.execute(
                update(Message)
                .where(Message.tenant_id == tenant_id, Message.to_number == CONTACT)
                .values(created_at=now - timedelta(days=40))
            )
            # A mídia só do contato tem 20 dias (vence pela mídia); a compartilhada, 5 (fica).
            await db.execute(
                update(Media)
                .where(Media.id == uuid.UUID(seeded["own_media"]))
                .values(created_at=now - timedelta(days=20))
            )
            await db.execute(
                update(Media)
                .where(Media.id == uuid.UUID(seeded["shared_media"]))
                .values(created_at=now - timedelta(days=5))
            )
            await db.execute(
                update(InboundEvent)
                .where(InboundEvent.tenant_id == tenant_id)
                .values(created_at=now - timedelta(days=40))
            )
            await db.commit()
            before_second = len(
                (await db.execute(select(Message.id).where(Message.tenant_id == admin_second.tenant.id))).all()
            )
        removed = await apply_retention(ctx, now)
        assert removed["retention_messages"] == 7  # as 6 do contato + a recebida do outro
        assert removed["retention_conversations"] == 1  # a do contato ficou vazia; a do outro tem a enviada recente
        assert removed["retention_media"] == 2  # a recebida (com a mensagem) e a só dela (pela idade)
        assert removed["retention_technical"] == 3  # os eventos brutos das 3 mensagens recebidas, já processados
        async with ctx.sessionmaker() as db:
            left = list((await db.execute(select(Message).where(Message.tenant_id == tenant_id))).scalars())
            assert [m.to_number for m in left] == [OTHER]
            assert left[0].content["media"]["mediaId"] == seeded["shared_media"]
            conversations = list(
                (
                    await db.execute(select(Conversation.contact_number).where(Conversation.tenant_id == tenant_id))
                ).scalars()
            )
            assert conversations == [OTHER]
            assert (
                await db.execute(select(AIConversation.id).where(AIConversation.tenant_id == tenant_id))
            ).all() == []
            media = {str(m) for m in (await db.execute(select(Media.id).where(Media.tenant_id == tenant_id))).scalars()}
            assert media == {seeded["shared_media"]}
            after_second = len(
                (await db.execute(select(Message.id).where(Message.tenant_id == admin_second.tenant.id))).all()
            )
        assert after_second == before_second
        # Uma segunda rodada não tem o que apagar.
        assert not any((await apply_retention(ctx, now)).values())

    async def test_expired_media_marks_the_message(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        await connect_sandbox(client, admin, **NO_RECEIPTS)
        media_id = await _upload(client, admin, JPEG, "foto.jpg", "image/jpeg")
        message_id = await _send(client, admin, OTHER, "image", {"mediaId": media_id, "caption": "foto"})
        now = datetime.now(UTC)
        async with ctx.sessionmaker() as db:
            tenant = await db.get(Tenant, admin.tenant.id)
            assert tenant is not None
            tenant.settings = {**(tenant.settings or {}), "retention": {"mediaDays": 7}}
            await db.execute(update(Media).values(created_at=now - timedelta(days=8)))
            await db.commit()
        assert (await apply_retention(ctx, now))["retention_media"] == 1
        async with ctx.sessionmaker() as db:
            message = await db.get(Message, uuid.UUID(message_id))
        assert message is not None
        media = message.content["media"]
        assert "mediaId" not in media and media["expired"] is True and "7 dias" in media["error"]


class TestLogs:
    def _render(self, logger_name: str, message: str, *args: Any, **extra: Any) -> str:
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter())
        handler.addFilter(PersonalDataFilter())
        log = logging.getLogger(logger_name)
        log.addHandler(handler)
        log.propagate = False
        try:
            log.warning(message, *args, extra=extra)
        finally:
            log.removeHandler(handler)
            log.propagate = True
        return stream.getvalue()

    def test_phones_are_masked_and_bodies_dropped(self) -> None:
        line = self._render(
            "wacs.teste.lgpd",
            "mensagem de %s para %s@s.whatsapp.net",
            CONTACT,
            "+55 (11) 91234-5678",
            text=SECRET_TEXT,
            caption="legenda secreta",
            payload={"to": CONTACT, "body": "corpo secreto", "nested": [{"content": "conteúdo secreto"}]},
        )
        entry = json.loads(line)
        assert CONTACT not in line and "91234-5678" not in line
        assert "*********4321" in entry["msg"] and "*********5678" in entry["msg"]
        for secret in (SECRET_TEXT, "legenda secreta", "corpo secreto", "conteúdo secreto"):
            assert secret not in line
        assert entry["payload"] == {"to": "*********4321", "nested": [{}]}

    async def test_request_logs_of_the_lgpd_routes_mask_the_number(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(JsonFormatter())
        handler.addFilter(PersonalDataFilter())
        root = logging.getLogger()
        engine_log = logging.getLogger("sqlalchemy.engine")  # como um operador que liga o log de SQL
        previous = root.level, engine_log.level
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
        engine_log.setLevel(logging.INFO)
        try:
            await _populate(client, ctx, admin)
            assert (await client.get(f"{CONTACTS}/{CONTACT}/export", headers=admin.headers)).status_code == 200
            assert (await client.delete(f"{CONTACTS}/{CONTACT}", headers=admin.headers)).status_code == 200
        finally:
            root.removeHandler(handler)
            root.setLevel(previous[0])
            engine_log.setLevel(previous[1])
        output = stream.getvalue()
        assert "DELETE FROM messages" in output
        assert "/api/v1/contacts/*********4321/export" in output  # o log de acesso saiu, mascarado
        for secret in (CONTACT, CONTACT_SHORT, OTHER, SECRET_TEXT, OTHER_TEXT):
            assert secret not in output

    def test_ids_and_timestamps_survive(self) -> None:
        identifier = str(uuid.UUID("12345678-1234-1234-1234-123456789012"))
        text = f"{identifier} 2026-12-02T16:43:43.123Z wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFjNFQjA a1b2c3d4e5f6a7b8c9d0"
        assert mask_phone_digits(text) == text
        assert mask_phone_digits("/api/v1/contacts/5511987654321/export") == "/api/v1/contacts/*********4321/export"

    @pytest.mark.parametrize("raw", ["5511987654321", "+5511987654321", "(11) 98765-4321", "+55 11 98765-4321"])
    def test_phone_forms(self, raw: str) -> None:
        assert mask_phone_digits(f"número {raw} aqui").endswith("4321 aqui")
        assert "98765" not in mask_phone_digits(raw)
