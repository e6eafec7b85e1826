"""Recebimento pelo sandbox: conversas, mensagens, mídia, duplicatas, busca, leitura, paginação, tenancy e WebSocket."""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from sqlalchemy import func, select
from websockets.asyncio.client import connect

from tests.conftest import Actor, assert_problem
from tests.messaging_helpers import (
    PNG,
    connect_sandbox,
    events_of,
    serve,
    wait_inbound_processed,
    wait_media_settled,
)
from wacs.kit.context import AppContext
from wacs.models import InboundEvent, Message

CONVERSATIONS = "/api/v1/conversations"
CONTACT = "5511977776666"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\x00" * 32


async def _incoming(client: httpx.AsyncClient, actor: Actor, session: dict[str, Any], **body: Any) -> dict[str, Any]:
    payload = {"from": CONTACT, **body}
    response = await client.post(
        f"/api/v1/sandbox/sessions/{session['id']}/incoming", headers=actor.headers, json=payload
    )
    assert response.status_code == 202, response.text
    return response.json()  # type: ignore[no-any-return]


async def _conversations(client: httpx.AsyncClient, actor: Actor, **params: Any) -> dict[str, Any]:
    response = await client.get(CONVERSATIONS, headers=actor.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def _messages(client: httpx.AsyncClient, actor: Actor, conversation_id: str, **params: Any) -> dict[str, Any]:
    response = await client.get(f"{CONVERSATIONS}/{conversation_id}/messages", headers=actor.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


class TestIncoming:
    async def test_text_location_and_media_build_the_conversation(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        session = await connect_sandbox(client, admin)
        first = await _incoming(client, admin, session, name="Maria Silva", text="Olá, quero um orçamento")
        assert first["duplicate"] is False and first["messageId"].startswith("sandbox.in.")
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        page = await _conversations(client, admin)
        assert page["total"] == 1
        conversation = page["items"][0]
        assert conversation["contactNumber"] == CONTACT
        assert conversation["contactName"] == "Maria Silva"
        assert conversation["sessionId"] == session["id"]
        assert conversation["lastMessagePreview"] == "Olá, quero um orçamento"
        assert conversation["lastMessageDirection"] == "inbound"
        assert conversation["unreadCount"] == 1
        messages = (await _messages(client, admin, conversation["id"]))["items"]
        assert len(messages) == 1
        stored = messages[0]
        assert stored["direction"] == "inbound"
        assert stored["from"] == CONTACT and stored["to"] == session["phoneNumber"]
        assert stored["type"] == "text" and stored["content"] == {"text": "Olá, quero um orçamento"}
        assert stored["status"] == "received" and stored["provider"] == "sandbox"
        assert stored["providerMessageId"] == first["messageId"]
        assert stored["conversationId"] == conversation["id"] and stored["sessionId"] == session["id"]
        status = (await client.get(f"/api/v1/messages/{stored['messageId']}/status", headers=admin.headers)).json()
        assert (status["direction"], status["status"], status["type"]) == ("inbound", "received", "text")
        inbound = await client.get("/api/v1/messages", headers=admin.headers, params={"direction": "inbound"})
        assert [m["messageId"] for m in inbound.json()["items"]] == [stored["messageId"]]

        location = {"latitude": -22.9519, "longitude": -43.2105, "name": "Cristo Redentor"}
        await _incoming(client, admin, session, type="location", location=location)
        await wait_inbound_processed(ctx, admin.tenant.id, 2)
        conversation = (await _conversations(client, admin))["items"][0]
        assert conversation["unreadCount"] == 2
        assert conversation["lastMessagePreview"] == "📍 Localização"
        assert conversation["contactName"] == "Maria Silva"  # sem nome no evento: mantém o conhecido

        encoded = base64.b64encode(PNG).decode()
        await _incoming(
            client,
            admin,
            session,
            name="Maria S.",
            type="image",
            media={"base64": encoded, "mimeType": "image/png", "filename": "produto.png", "caption": "Este aqui"},
        )
        await wait_inbound_processed(ctx, admin.tenant.id, 3)
        # A mídia chega por referência: um job a baixa pelo provedor e avisa com message.updated.
        await wait_media_settled(ctx, admin.tenant.id)
        conversation = (await _conversations(client, admin))["items"][0]
        assert conversation["unreadCount"] == 3
        assert conversation["lastMessagePreview"] == "📷 Imagem: Este aqui"
        assert conversation["contactName"] == "Maria S."
        items = (await _messages(client, admin, conversation["id"]))["items"]
        assert [m["type"] for m in items] == ["image", "location", "text"]
        assert items[1]["content"] == {"location": location}
        media = items[0]["content"]["media"]
        assert media["mimeType"] == "image/png" and media["size"] == len(PNG)
        assert media["caption"] == "Este aqui" and media["filename"] == "produto.png"
        download = await client.get(f"/api/v1/media/{media['mediaId']}/content", headers=admin.headers)
        assert download.status_code == 200
        assert download.content == PNG
        assert download.headers["content-type"] == "image/png"

        created = await events_of(ctx, admin.tenant.id, "message.created")
        assert [e["type"] for e in created] == ["text", "location", "image"]
        assert {e["direction"] for e in created} == {"inbound"}
        updates = await events_of(ctx, admin.tenant.id, "conversation.updated")
        assert [e["unreadCount"] for e in updates] == [1, 2, 3]
        downloaded = await events_of(ctx, admin.tenant.id, "message.updated")
        assert [e["content"]["media"]["mediaId"] for e in downloaded] == [media["mediaId"]]
        async with ctx.sessionmaker() as db:
            raw = await db.execute(select(InboundEvent.payload).where(InboundEvent.tenant_id == admin.tenant.id))
            assert all("base64" not in str(payload) for payload in raw.scalars())  # nada de blob no evento bruto

    async def test_media_uploaded_before_by_id(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        session = await connect_sandbox(client, admin)
        upload = await client.post("/api/v1/media", headers=admin.headers, files={"file": ("a.png", PNG, "image/png")})
        media_id = upload.json()["id"]
        await _incoming(client, admin, session, type="document", media={"mediaId": media_id, "caption": "Nota"})
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        await wait_media_settled(ctx, admin.tenant.id)
        conversation = (await _conversations(client, admin))["items"][0]
        assert conversation["lastMessagePreview"] == "📄 Documento: Nota"
        item = (await _messages(client, admin, conversation["id"]))["items"][0]
        media = item["content"]["media"]
        # A mensagem guarda a própria cópia, baixada pelo provedor como qualquer mídia recebida.
        assert (media["caption"], media["mimeType"], media["size"]) == ("Nota", "image/png", len(PNG))
        download = await client.get(f"/api/v1/media/{media['mediaId']}/content", headers=admin.headers)
        assert download.content == PNG

    async def test_same_message_id_is_stored_once(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        session = await connect_sandbox(client, admin)
        first = await _incoming(client, admin, session, text="oi", messageId="wamid.ABC123")
        second = await _incoming(client, admin, session, text="oi", messageId="wamid.ABC123")
        assert first == {"messageId": "wamid.ABC123", "duplicate": False}
        assert second == {"messageId": "wamid.ABC123", "duplicate": True}
        # Mesmo id com outro conteúdo também é duplicata (o id do provedor manda).
        third = await _incoming(client, admin, session, text="outro texto", messageId="wamid.ABC123")
        assert third["duplicate"] is True
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        async with ctx.sessionmaker() as db:
            count = await db.scalar(
                select(func.count()).select_from(Message).where(Message.tenant_id == admin.tenant.id)
            )
        assert count == 1
        assert (await _conversations(client, admin))["items"][0]["unreadCount"] == 1
        assert len(await events_of(ctx, admin.tenant.id, "message.created")) == 1

    async def test_same_message_id_in_another_tenant_is_not_a_duplicate(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
    ) -> None:
        """Ids informados ao sandbox valem na sessão: outro tenant com o mesmo id não é duplicata nem descobre nada."""
        mine = await connect_sandbox(client, admin)
        theirs = await connect_sandbox(client, admin_second)
        first = await _incoming(client, admin, mine, text="oi", messageId="pedido-1")
        second = await _incoming(client, admin_second, theirs, text="olá", messageId="pedido-1")
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        assert first["duplicate"] is False
        assert second["duplicate"] is False
        await wait_inbound_processed(ctx, admin_second.tenant.id, 1)
        texts = {}
        for actor in (admin, admin_second):
            conversation = (await _conversations(client, actor))["items"][0]
            items = (await _messages(client, actor, conversation["id"]))["items"]
            texts[actor.tenant.client_id] = [m["content"]["text"] for m in items]
        assert texts == {admin.tenant.client_id: ["oi"], admin_second.tenant.client_id: ["olá"]}

    async def test_read_marks_and_new_message_counts_again(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, member: Actor
    ) -> None:
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, text="um")
        await _incoming(client, admin, session, text="dois")
        await wait_inbound_processed(ctx, admin.tenant.id, 2)
        conversation = (await _conversations(client, member))["items"][0]
        assert conversation["unreadCount"] == 2
        read = await client.post(f"{CONVERSATIONS}/{conversation['id']}/read", headers=member.headers)
        assert read.status_code == 200, read.text
        assert read.json()["unreadCount"] == 0
        assert (await client.get(f"{CONVERSATIONS}/{conversation['id']}", headers=member.headers)).json()[
            "unreadCount"
        ] == 0
        assert (await events_of(ctx, admin.tenant.id, "conversation.updated"))[-1]["unreadCount"] == 0
        await _incoming(client, admin, session, text="três")
        await wait_inbound_processed(ctx, admin.tenant.id, 3)
        assert (await _conversations(client, member))["items"][0]["unreadCount"] == 1

    async def test_invalid_incoming_payloads_are_422(self, client: httpx.AsyncClient, admin: Actor) -> None:
        session = await connect_sandbox(client, admin)
        url = f"/api/v1/sandbox/sessions/{session['id']}/incoming"
        cases: list[tuple[dict[str, Any], str, str]] = [
            ({"from": CONTACT}, "body", "Mensagem de texto precisa de text"),
            ({"from": CONTACT, "type": "location"}, "body", "Mensagem de localização precisa de location"),
            ({"from": CONTACT, "type": "image"}, "body", "Mensagem de mídia precisa de media"),
            (
                {"from": CONTACT, "type": "image", "media": {"base64": "AAAA", "mediaId": str(uuid.uuid4())}},
                "media",
                "Informe exatamente um entre mediaId e base64",
            ),
            ({"from": "abc", "text": "oi"}, "from", "O telefone não pode conter letras."),
            ({"text": "oi"}, "from", "Campo obrigatório."),
        ]
        for body, field, message in cases:
            problem = assert_problem(await client.post(url, headers=admin.headers, json=body), 422, "validacao")
            assert [(e["field"], e["message"]) for e in problem["errors"]] == [(field, message)], problem

    async def test_invalid_attachment_does_not_lose_the_message(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        session = await connect_sandbox(client, admin)
        await _incoming(
            client,
            admin,
            session,
            type="image",
            media={"base64": base64.b64encode(GIF).decode(), "mimeType": "image/gif", "caption": "animado"},
        )

        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        await wait_media_settled(ctx, admin.tenant.id)
        conversation = (await _conversations(client, admin))["items"][0]
        assert conversation["unreadCount"] == 1
        assert conversation["lastMessagePreview"] == "📷 Imagem: animado"
        item = (await _messages(client, admin, conversation["id"]))["items"][0]
        media = item["content"]["media"]
        assert "mediaId" not in media
        assert media["caption"] == "animado"
        assert media["error"].startswith("O WhatsApp não aceita arquivos do tipo image/gif.")
        # base64 corrompido também não perde a mensagem.
        await _incoming(client, admin, session, type="audio", media={"base64": "###não é base64###"})
        await wait_inbound_processed(ctx, admin.tenant.id, 2)
        await wait_media_settled(ctx, admin.tenant.id)
        item = (await _messages(client, admin, conversation["id"]))["items"][0]
        assert item["type"] == "audio"
        assert (
            item["content"]["media"]["error"] == "Não foi possível baixar a mídia: Mídia recebida em formato inválido."
        )
        async with ctx.sessionmaker() as db:
            count = await db.scalar(
                select(func.count()).select_from(Message).where(Message.tenant_id == admin.tenant.id)
            )
        assert count == 2


class TestConversationList:
    async def test_search_and_unread_first_ordering(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        session = await connect_sandbox(client, admin)
        contacts = [("5511911110001", "Ângela Souza"), ("5521922220002", "Bruno Lima"), ("5531933330003", "Carla")]
        for number, name in contacts:
            await _incoming(client, admin, session, **{"from": number, "name": name, "text": f"oi de {name}"})
            await wait_inbound_processed(ctx, admin.tenant.id, contacts.index((number, name)) + 1)
        ids = {c["contactNumber"]: c["id"] for c in (await _conversations(client, admin))["items"]}
        # Bruno (no meio) foi lido: não lidas primeiro (mais recentes antes), depois as lidas.
        await client.post(f"{CONVERSATIONS}/{ids['5521922220002']}/read", headers=admin.headers)
        order = [c["contactNumber"] for c in (await _conversations(client, admin))["items"]]
        assert order == ["5531933330003", "5511911110001", "5521922220002"]
        recent = await _conversations(client, admin, unreadFirst="false")
        assert [c["contactNumber"] for c in recent["items"]] == ["5531933330003", "5521922220002", "5511911110001"]
        unread = await _conversations(client, admin, onlyUnread="true")
        assert unread["total"] == 2 and {c["contactName"] for c in unread["items"]} == {"Ângela Souza", "Carla"}
        for term, expected in (("bruno", ["Bruno Lima"]), ("ÂNGELA", ["Ângela Souza"]), ("3333", ["Carla"]), ("%", [])):
            found = await _conversations(client, admin, search=term)
            assert [c["contactName"] for c in found["items"]] == expected, term
        paged = await _conversations(client, admin, pageSize=2, page=2)
        assert paged["total"] == 3 and [c["contactNumber"] for c in paged["items"]] == ["5521922220002"]

    async def test_messages_cursor_pagination(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        session = await connect_sandbox(client, admin)
        for i in range(5):
            await _incoming(client, admin, session, text=f"msg {i}")
            await wait_inbound_processed(ctx, admin.tenant.id, i + 1)
        conversation = (await _conversations(client, admin))["items"][0]
        seen: list[str] = []
        cursor = None
        for expected_size in (2, 2, 1):
            params: dict[str, Any] = {"limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = await _messages(client, admin, conversation["id"], **params)
            assert len(page["items"]) == expected_size
            seen += [m["content"]["text"] for m in page["items"]]
            cursor = page["nextCursor"]
        assert cursor is None
        assert seen == [f"msg {i}" for i in reversed(range(5))]
        bad = await client.get(
            f"{CONVERSATIONS}/{conversation['id']}/messages", headers=admin.headers, params={"cursor": "x"}
        )
        assert_problem(bad, 400, "requisicao_invalida")
        # O mesmo histórico pela listagem geral de mensagens, filtrado pela conversa.
        listed = await client.get(
            "/api/v1/messages", headers=admin.headers, params={"conversationId": conversation["id"], "limit": 10}
        )
        assert [m["content"]["text"] for m in listed.json()["items"]] == seen

    async def test_other_tenant_cannot_see_conversations(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
    ) -> None:
        session = await connect_sandbox(client, admin)
        await _incoming(client, admin, session, name="Cliente Secreto", text="dados sigilosos")
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        conversation = (await _conversations(client, admin))["items"][0]
        cid = conversation["id"]
        other = await _conversations(client, admin_second)
        assert other == {"items": [], "total": 0, "page": 1, "pageSize": 20}
        assert (await _conversations(client, admin_second, search="Secreto"))["total"] == 0
        for response in (
            await client.get(f"{CONVERSATIONS}/{cid}", headers=admin_second.headers),
            await client.get(f"{CONVERSATIONS}/{cid}/messages", headers=admin_second.headers),
            await client.post(f"{CONVERSATIONS}/{cid}/read", headers=admin_second.headers),
        ):
            body = assert_problem(response, 404, "conversa_nao_encontrada")
            assert body["detail"] == "Conversa não encontrada."
        listed = await client.get("/api/v1/messages", headers=admin_second.headers, params={"conversationId": cid})
        assert listed.json()["items"] == []
        # A tentativa de marcar como lida não mexeu na conversa do dono.
        assert (await _conversations(client, admin))["items"][0]["unreadCount"] == 1
        mixed = {"X-Client-Id": admin.tenant.client_id, "Authorization": admin_second.headers["Authorization"]}
        assert_problem(await client.get(CONVERSATIONS, headers=mixed), 403, "tenant_divergente")


async def test_websocket_client_sees_inbound_message(
    app: Any, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, member: Actor
) -> None:
    session = await connect_sandbox(client, admin)
    token = member.headers["Authorization"].removeprefix("Bearer ")
    async with serve(app) as base:
        query = urlencode({"clientId": member.tenant.client_id, "token": token})
        async with connect(f"{base}/api/v1/realtime?{query}", proxy=None, open_timeout=5, compression=None) as ws:
            ready = json.loads(await asyncio.wait_for(ws.recv(), 5))
            assert ready["type"] == "ready"
            started = time.perf_counter()
            accepted = await _incoming(client, admin, session, name="Joana", text="Chegou pelo WebSocket?")
            received: dict[str, Any] | None = None
            async with asyncio.timeout(10):
                while received is None:
                    event = json.loads(await ws.recv())
                    if event["type"] == "message.created":
                        received = event
            latency = time.perf_counter() - started
    data = received["data"]
    assert data["content"] == {"text": "Chegou pelo WebSocket?"}
    assert data["direction"] == "inbound"
    assert data["from"] == CONTACT
    assert data["providerMessageId"] == accepted["messageId"]
    assert received["seq"] > ready["cursor"]
    print(f"\nlatência entrada → WebSocket: {latency * 1000:.1f} ms")


async def test_websocket_of_another_tenant_sees_nothing(
    app: Any, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
) -> None:
    session = await connect_sandbox(client, admin)
    token = admin_second.headers["Authorization"].removeprefix("Bearer ")
    async with serve(app) as base:
        query = urlencode({"clientId": admin_second.tenant.client_id, "token": token})
        async with connect(f"{base}/api/v1/realtime?{query}", proxy=None, open_timeout=5, compression=None) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 5))["type"] == "ready"
            await _incoming(client, admin, session, text="só para o dono")
            await wait_inbound_processed(ctx, admin.tenant.id, 1)
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(ws.recv(), 0.5)
