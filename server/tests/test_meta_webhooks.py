"""Webhook da Meta (`/api/v1/webhooks/meta`): verificação, assinatura por número, lotes, tipos e isolamento.

As sessões da Meta são gravadas direto no banco (a configuração cifrada como a API grava): estes testes exercitam só a
entrada; o envio pela Graph API (falsa) tem os seus em test_meta_provider.py.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select

from tests.conftest import Actor, Factory, assert_problem
from tests.messaging_helpers import wait_for, wait_inbound_processed
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.models import InboundEvent, Message, Tenant, WhatsAppSession
from wacs.providers import registry
from wacs.providers.meta import MetaProvider, bump_routes, classify

HOOK = "/api/v1/webhooks/meta"
NUMBER_A, SECRET_A, WABA_A = "109000000000001", "segredo-do-app-a-0123456789", "209000000000001"
NUMBER_B, SECRET_B, WABA_B = "109000000000002", "segredo-do-app-b-0123456789", "209000000000002"
CONTACT = "5511977776666"


async def meta_session(
    ctx: AppContext, tenant: Tenant, phone: str, number: str, secret: str, waba: str, verify: str
) -> WhatsAppSession:
    config = MetaProvider.config_schema.model_validate(
        {
            "phoneNumberId": number,
            "wabaId": waba,
            "accessToken": "EAAG" + "x" * 40,
            "appSecret": secret,
            "verifyToken": verify,
            # Uma porta local fechada: o download da mídia recebida nunca sai da máquina.
            "baseUrl": "http://127.0.0.1:9",
        }
    )
    async with ctx.sessionmaker() as db:
        row = WhatsAppSession(
            tenant_id=tenant.id,
            phone_number=phone,
            provider_type="meta_api",
            status="connected",
            session_data=registry.encrypt_config(ctx, config),
            is_active=True,
        )
        db.add(row)
        await commit(db)
    await bump_routes(ctx)
    return row


def notification(number: str, waba: str, **value: Any) -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": waba,
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {"display_phone_number": "551130000000", "phone_number_id": number},
                            **value,
                        },
                    }
                ],
            }
        ],
    }


def signed(payload: Any, secret: str) -> tuple[bytes, dict[str, str]]:
    body = payload if isinstance(payload, bytes) else orjson.dumps(payload)
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"content-type": "application/json", "x-hub-signature-256": f"sha256={digest}"}


async def post(client: httpx.AsyncClient, payload: Any, secret: str) -> httpx.Response:
    body, headers = signed(payload, secret)
    return await client.post(HOOK, content=body, headers=headers)


@pytest.fixture
async def session_a(ctx: AppContext, admin: Actor) -> WhatsAppSession:
    return await meta_session(ctx, admin.tenant, "+551130000001", NUMBER_A, SECRET_A, WABA_A, "verifica-a-123")


async def _outbound(ctx: AppContext, session: WhatsAppSession, wamid: str) -> uuid.UUID:
    async with ctx.sessionmaker() as db:
        row = Message(
            tenant_id=session.tenant_id,
            session_id=session.id,
            message_id=wamid,
            to_number=CONTACT,
            message_type="text",
            content={"text": "Seu pedido saiu."},
            status="sent",
            direction="outbound",
            provider="meta_api",
            attempts=1,
        )
        db.add(row)
        await commit(db)
    return row.id


async def _messages(ctx: AppContext, tenant_id: uuid.UUID) -> list[Message]:
    async with ctx.sessionmaker() as db:
        return list((await db.execute(select(Message).where(Message.tenant_id == tenant_id))).scalars())


class TestVerification:
    async def test_echoes_the_challenge_for_a_session_verify_token(
        self, client: httpx.AsyncClient, session_a: WhatsAppSession
    ) -> None:
        params = {"hub.mode": "subscribe", "hub.verify_token": "verifica-a-123", "hub.challenge": "1158201444"}
        response = await client.get(HOOK, params=params)
        assert response.status_code == 200 and response.text == "1158201444"

    async def test_global_token_from_settings(
        self, client: httpx.AsyncClient, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(ctx.settings, "meta_verify_token", "token-global-456")
        params = {"hub.mode": "subscribe", "hub.verify_token": "token-global-456", "hub.challenge": "42"}
        response = await client.get(HOOK, params=params)
        assert response.status_code == 200 and response.text == "42"

    @pytest.mark.parametrize(
        "params",
        [
            {"hub.mode": "subscribe", "hub.verify_token": "errado-000", "hub.challenge": "1"},
            {"hub.mode": "unsubscribe", "hub.verify_token": "verifica-a-123", "hub.challenge": "1"},
            {"hub.challenge": "1"},
        ],
    )
    async def test_refuses_anything_else(
        self, client: httpx.AsyncClient, session_a: WhatsAppSession, params: dict[str, str]
    ) -> None:
        body = assert_problem(await client.get(HOOK, params=params), 403, "verify_token_invalido")
        assert "verify_token" in body["detail"]


class TestSignature:
    async def test_missing_wrong_and_malformed(self, client: httpx.AsyncClient, session_a: WhatsAppSession) -> None:
        payload = notification(NUMBER_A, WABA_A, messages=[])
        response = await client.post(HOOK, content=orjson.dumps(payload), headers={"content-type": "application/json"})
        assert_problem(response, 401, "assinatura_ausente")
        assert_problem(await post(client, payload, "outro-segredo-qualquer"), 403, "assinatura_invalida")
        body, headers = signed(b'{"object": "whatsapp_business_account", "entry": [', SECRET_A)
        assert_problem(await client.post(HOOK, content=body, headers=headers), 422)

    async def test_unknown_number_is_acknowledged_without_effect(
        self, client: httpx.AsyncClient, ctx: AppContext, session_a: WhatsAppSession
    ) -> None:
        item = {"from": CONTACT, "id": "wamid.X1", "timestamp": "1700000000", "type": "text", "text": {"body": "oi"}}
        response = await post(client, notification("109999999999999", "299999", messages=[item]), "qualquer-um")
        assert response.status_code == 200, response.text
        assert response.json() == {"accepted": 0, "duplicates": 0, "ignored": 0}
        async with ctx.sessionmaker() as db:
            assert (await db.execute(select(InboundEvent))).first() is None


class TestNotifications:
    async def test_mixed_batch_every_type_and_out_of_order_statuses(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, session_a: WhatsAppSession
    ) -> None:
        sent_id = await _outbound(ctx, session_a, "wamid.ENVIADA1")
        failed_id = await _outbound(ctx, session_a, "wamid.ENVIADA2")
        base = {"from": CONTACT, "timestamp": "1700000000"}
        messages = [
            {**base, "id": "wamid.T1", "type": "text", "text": {"body": "Quero o plano anual"}},
            {
                **base,
                "id": "wamid.I1",
                "type": "image",
                "image": {"id": "9001", "mime_type": "image/jpeg", "sha256": "abc", "caption": "comprovante"},
                "context": {"from": "551130000001", "id": "wamid.ENVIADA1"},
            },
            {
                **base,
                "id": "wamid.A1",
                "type": "audio",
                "audio": {"id": "9002", "mime_type": "audio/ogg", "voice": True},
            },
            {**base, "id": "wamid.L1", "type": "location", "location": {"latitude": -23.5, "longitude": -46.6}},
            {
                **base,
                "id": "wamid.B1",
                "type": "interactive",
                "interactive": {"type": "button_reply", "button_reply": {"id": "sim", "title": "Sim, quero"}},
            },
            {**base, "id": "wamid.R1", "type": "reaction", "reaction": {"message_id": "wamid.ENVIADA1", "emoji": "👍"}},
            {
                **base,
                "id": "wamid.U1",
                "type": "unsupported",
                "errors": [{"code": 131051, "title": "Message type unknown", "error_data": {"details": "enquete"}}],
            },
        ]
        statuses = [
            {"id": "wamid.ENVIADA1", "status": "read", "timestamp": "1700000003", "recipient_id": CONTACT},
            {
                "id": "wamid.ENVIADA1",
                "status": "delivered",
                "timestamp": "1700000002",
                "recipient_id": CONTACT,
                "conversation": {"id": "c1", "origin": {"type": "service"}},
                "pricing": {"billable": False, "pricing_model": "PMP", "category": "service"},
            },
            {
                "id": "wamid.ENVIADA2",
                "status": "failed",
                "timestamp": "1700000002",
                "recipient_id": CONTACT,
                "errors": [{"code": 131026, "title": "Message undeliverable"}],
            },
        ]
        payload = notification(
            NUMBER_A,
            WABA_A,
            contacts=[{"profile": {"name": "Maria Souza"}, "wa_id": CONTACT}],
            messages=messages,
            statuses=statuses,
        )
        response = await post(client, payload, SECRET_A)
        assert response.status_code == 200, response.text
        assert response.json()["accepted"] == len(messages) + len(statuses)
        # A Meta repete notificações: a segunda vez não grava nada de novo.
        again = await post(client, payload, SECRET_A)
        assert again.json()["accepted"] == 0 and again.json()["duplicates"] == len(messages) + len(statuses)
        await wait_inbound_processed(ctx, admin.tenant.id, len(messages) + len(statuses))

        rows = {m.message_id: m for m in await _messages(ctx, admin.tenant.id)}
        assert rows["wamid.T1"].content == {"text": "Quero o plano anual"}
        assert rows["wamid.T1"].from_number == CONTACT
        image = rows["wamid.I1"].content or {}
        assert image["text"] == "comprovante" and image["replyTo"]["messageId"] == str(sent_id)
        assert image["media"]["mimeType"] == "image/jpeg"
        assert (rows["wamid.A1"].content or {})["media"].get("voice") is True
        assert (rows["wamid.L1"].content or {})["location"] == {"latitude": -23.5, "longitude": -46.6}
        assert (rows["wamid.B1"].content or {})["selection"] == {
            "type": "button_reply",
            "id": "sim",
            "title": "Sim, quero",
        }
        assert (rows["wamid.R1"].content or {})["reaction"]["emoji"] == "👍"
        assert rows["wamid.U1"].message_type == "unsupported" and (rows["wamid.U1"].content or {})["error"] == "enquete"
        # Recibos fora de ordem: lido não volta para entregue; a falha leva código e motivo em pt-BR.
        assert rows["wamid.ENVIADA1"].status == "read" and rows["wamid.ENVIADA1"].id == sent_id
        failed = rows["wamid.ENVIADA2"]
        assert failed.id == failed_id and failed.status == "failed" and failed.error_code == "meta_131026"
        assert failed.error is not None and "não pôde ser entregue" in failed.error
        # O nome do perfil do contato chega à conversa.
        conversations = await client.get("/api/v1/conversations", headers=admin.headers)
        assert conversations.json()["items"][0]["contactName"] == "Maria Souza"
        # Cobrança e conversa ficam no evento bruto.
        async with ctx.sessionmaker() as db:
            payloads = (await db.execute(select(InboundEvent.payload))).scalars().all()
        assert any((p or {}).get("pricing", {}).get("category") == "service" for p in payloads)

    async def test_a_tenant_never_receives_another_tenants_number(
        self,
        client: httpx.AsyncClient,
        ctx: AppContext,
        factory: Factory,
        admin: Actor,
        session_a: WhatsAppSession,
    ) -> None:
        other = await factory.tenant()
        await meta_session(ctx, other, "+551130000002", NUMBER_B, SECRET_B, WABA_B, "verifica-b-123")
        item = {"from": CONTACT, "id": "wamid.SO-A", "timestamp": "1700000000", "type": "text", "text": {"body": "A"}}
        # Assinado com o segredo do outro app: recusado, nada gravado.
        assert_problem(await post(client, notification(NUMBER_A, WABA_A, messages=[item]), SECRET_B), 403)
        # Um lote que cita os dois números, assinado pelo app A: só o número A entra.
        payload = notification(NUMBER_A, WABA_A, messages=[item])
        intruder = {**item, "id": "wamid.PARA-B", "text": {"body": "B"}}
        payload["entry"].append(notification(NUMBER_B, WABA_B, messages=[intruder])["entry"][0])
        response = await post(client, payload, SECRET_A)
        assert response.status_code == 200 and response.json()["accepted"] == 1, response.text
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        assert [m.message_id for m in await _messages(ctx, admin.tenant.id)] == ["wamid.SO-A"]
        assert await _messages(ctx, other.id) == []

    async def test_account_events_become_session_updates(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, session_a: WhatsAppSession
    ) -> None:
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": WABA_A,
                    "changes": [
                        {"field": "account_update", "value": {"phone_number": "551130000001", "event": "BANNED"}}
                    ],
                }
            ],
        }
        response = await post(client, payload, SECRET_A)
        assert response.status_code == 200 and response.json()["accepted"] == 1, response.text

        async def failed() -> WhatsAppSession | None:
            async with ctx.sessionmaker() as db:
                row = await db.get(WhatsAppSession, session_a.id)
            return row if row is not None and row.status == "failed" else None

        row = await wait_for(failed, what="sessão marcada como failed pelo aviso da conta")
        assert row.last_error is not None and "baniu" in row.last_error


@pytest.mark.parametrize(
    ("status", "body", "kind", "scope", "code"),
    [
        (400, {"error": {"code": 130429, "message": "Rate limit hit"}}, "transient", "number", "meta_130429"),
        (400, {"error": {"code": 131056, "message": "pair rate"}}, "transient", "message", "meta_131056"),
        (400, {"error": {"code": 131047, "message": "Re-engagement"}}, "permanent", "message", "meta_131047"),
        (400, {"error": {"code": 190, "message": "Invalid OAuth access token"}}, "credentials", "message", "meta_190"),
        (403, {"error": {"code": 200, "message": "Permissions error"}}, "credentials", "message", "meta_200"),
        (400, {"error": {"code": 131026, "message": "undeliverable"}}, "permanent", "message", "meta_131026"),
        (500, {"error": {"code": 1, "message": "unknown"}}, "transient", "message", "meta_1"),
        (502, None, "transient", "message", "meta_indisponivel"),
    ],
)
def test_errors_are_classified_by_meta_code(status: int, body: Any, kind: str, scope: str, code: str) -> None:
    error = classify(status, body)
    assert (error.kind, error.scope, error.code) == (kind, scope, code)
    assert error.message and error.message[0].isupper()
    if code == "meta_131047":
        assert "template" in error.message and "24 horas" in error.message
