"""Rotas públicas de callback dos provedores (esquema assinado do serviço Baileys e do sandbox): autenticação só pela
assinatura, tenant só pela sessão assinada, resposta rápida (grava e processa depois), nada perdido nem duplicado."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import orjson
from sqlalchemy import func, select

from tests.conftest import Actor, assert_problem
from tests.messaging_helpers import (
    NO_RECEIPTS,
    connect_sandbox,
    events_of,
    wait_for,
    wait_inbound_processed,
)
from wacs.kit.context import AppContext
from wacs.models import InboundEvent, Message, WhatsAppSession
from wacs.providers.callbacks import callback_secret, signature, signed_headers

INCOMING = "/api/v1/webhooks/incoming-message"
STATUS = "/api/v1/webhooks/status-update"
SESSION = "/api/v1/webhooks/session-update"
CONTACT = "5511977776666"


def _body(*events: dict[str, Any]) -> bytes:
    return orjson.dumps({"events": list(events)})


async def _post(client: httpx.AsyncClient, ctx: AppContext, path: str, body: bytes, **headers: str) -> httpx.Response:
    signed = signed_headers(callback_secret(ctx), body)
    return await client.post(path, content=body, headers=signed | headers)


def _message(session_id: str, message_id: str, **extra: Any) -> dict[str, Any]:
    return {"sessionId": session_id, "messageId": message_id, "from": CONTACT, "type": "text", "text": "oi"} | extra


async def test_signature_is_required_and_checked(client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
    session = await connect_sandbox(client, admin)
    body = _body(_message(session["id"], "m-1"))
    missing = await client.post(INCOMING, content=body, headers={"content-type": "application/json"})
    assert assert_problem(missing, 401, "assinatura_ausente")["detail"].startswith("O callback do provedor não trouxe")
    stamp = str(int(time.time()))
    wrong = await client.post(
        INCOMING,
        content=body,
        headers={"x-wacs-timestamp": stamp, "x-wacs-signature": signature("outro-segredo", stamp, body)},
    )
    assert_problem(wrong, 403, "assinatura_invalida")
    # Corpo trocado depois de assinado: a assinatura vale sobre os bytes exatos.
    headers = signed_headers(callback_secret(ctx), body)
    tampered = await client.post(INCOMING, content=body.replace(b"oi", b"oi!"), headers=headers)
    assert_problem(tampered, 403, "assinatura_invalida")
    # Pedido antigo (capturado e repetido depois da janela): recusado.
    old = signed_headers(callback_secret(ctx), body, now=time.time() - 3600)
    assert "fora da janela" in assert_problem(await client.post(INCOMING, content=body, headers=old), 403)["detail"]
    async with ctx.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(InboundEvent)) == 0
    accepted = await _post(client, ctx, INCOMING, body)
    assert accepted.status_code == 202, accepted.text
    assert accepted.json() == {"accepted": 1, "duplicates": 0, "ignored": 0}


async def test_no_tenant_header_or_jwt_is_needed_or_trusted(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
) -> None:
    """O tenant sai da sessão assinada: o X-Client-Id de outro tenant (ou um campo no corpo) não muda nada."""
    mine = await connect_sandbox(client, admin)
    body = _body(_message(mine["id"], "m-1", tenantId=str(admin_second.tenant.id), clientId="outro"))
    response = await _post(client, ctx, INCOMING, body, **{"X-Client-Id": admin_second.tenant.client_id})
    assert response.status_code == 202, response.text
    await wait_inbound_processed(ctx, admin.tenant.id, 1)
    async with ctx.sessionmaker() as db:
        owners = (await db.execute(select(Message.tenant_id))).scalars().all()
    assert owners == [admin.tenant.id]
    assert await events_of(ctx, admin_second.tenant.id, "message.created") == []


async def test_unknown_session_is_acknowledged_without_effect(client: httpx.AsyncClient, ctx: AppContext) -> None:
    """Sessão apagada ou inexistente: 202 (o provedor não deve insistir), nada gravado."""
    response = await _post(client, ctx, INCOMING, _body(_message(str(uuid.uuid4()), "m-1")))
    assert response.status_code == 202, response.text
    assert response.json() == {"accepted": 0, "duplicates": 0, "ignored": 1}
    async with ctx.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(InboundEvent)) == 0


async def test_events_of_two_tenants_in_one_callback_land_in_each_tenant(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
) -> None:
    mine = await connect_sandbox(client, admin)
    theirs = await connect_sandbox(client, admin_second)
    body = _body(
        _message(mine["id"], "igual", text="para A"),
        _message(theirs["id"], "igual", text="para B"),  # mesmo id do provedor, outra sessão: não é duplicata
    )
    response = await _post(client, ctx, INCOMING, body)
    assert response.json() == {"accepted": 2, "duplicates": 0, "ignored": 0}
    await wait_inbound_processed(ctx, admin.tenant.id, 1)
    await wait_inbound_processed(ctx, admin_second.tenant.id, 1)
    a = await events_of(ctx, admin.tenant.id, "message.created")
    b = await events_of(ctx, admin_second.tenant.id, "message.created")
    assert [e["content"]["text"] for e in a] == ["para A"]
    assert [e["content"]["text"] for e in b] == ["para B"]


async def test_repeated_callback_is_a_duplicate_and_stored_once(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    session = await connect_sandbox(client, admin)
    body = _body(_message(session["id"], "m-1"))
    assert (await _post(client, ctx, INCOMING, body)).json()["accepted"] == 1
    assert (await _post(client, ctx, INCOMING, body)).json() == {"accepted": 0, "duplicates": 1, "ignored": 0}
    await wait_inbound_processed(ctx, admin.tenant.id, 1)
    async with ctx.sessionmaker() as db:
        assert await db.scalar(select(func.count()).select_from(Message)) == 1


async def test_route_accepts_only_its_kind_and_invalid_bodies_are_422(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    session = await connect_sandbox(client, admin)
    receipt = {"kind": "status", "sessionId": session["id"], "messageId": "x", "status": "read"}
    wrong_route = assert_problem(await _post(client, ctx, INCOMING, _body(receipt)), 422, "validacao")
    assert "status" in wrong_route["detail"]
    bad = assert_problem(await _post(client, ctx, STATUS, _body(receipt | {"status": "lido"})), 422, "validacao")
    assert bad["errors"] and all(e["location"] == "body" for e in bad["errors"])
    assert_problem(await _post(client, ctx, STATUS, b"{nao e json"), 422, "validacao")
    assert_problem(await _post(client, ctx, STATUS, _body()), 422, "validacao")


async def test_provider_text_with_nul_and_lone_surrogates_is_cleaned_not_lost(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    """A API recusa esses caracteres na borda (422), mas um provedor pode entregá-los: o evento é limpo e a mensagem
    do cliente é guardada sem eles, em vez de se perder (ou de o provedor receber 422 e desistir)."""
    session = await connect_sandbox(client, admin)
    head = f'{{"events":[{{"sessionId":"{session["id"]}","from":"{CONTACT}",'
    raw = head + r'"messageId":"nul\u0000-1","pushName":"Jo\u0000\u00e3o \ud800","text":"ol\u00e1\u0000 mundo\udfff"}]}'

    response = await _post(client, ctx, INCOMING, raw.encode())
    assert response.status_code == 202, response.text
    await wait_inbound_processed(ctx, admin.tenant.id, 1)
    async with ctx.sessionmaker() as db:
        row = (await db.execute(select(Message).where(Message.tenant_id == admin.tenant.id))).scalar_one()
    assert row.content == {"text": "olá mundo"}
    assert row.message_id == "nul-1"
    conversation = (await events_of(ctx, admin.tenant.id, "conversation.updated"))[-1]
    assert conversation["contactName"] == "João "


async def test_session_updates_at_any_time_are_stored_and_emitted(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    session = await connect_sandbox(client, admin)
    sid = session["id"]
    updates = [
        {"sessionId": sid, "state": "qr", "qr": "2@abc,def"},
        {"sessionId": sid, "state": "qr", "qr": "2@ghi,jkl", "pairingCode": "ABCD-1234"},
        {"sessionId": sid, "state": "connected", "phoneNumber": "5511900000001", "profileName": "Loja Centro"},
    ]
    # Num só callback, em ordem (em callbacks separados processados em paralelo, um aviso mais antigo que o estado
    # já gravado é descartado, então só a ordem final é garantida).
    response = await _post(client, ctx, SESSION, _body(*updates))
    assert response.status_code == 202, response.text

    async def connected() -> dict[str, Any] | None:
        body = (await client.get(f"/api/v1/sessions/status?sessionId={sid}", headers=admin.headers)).json()
        return body[0] if body[0]["profileName"] else None  # o sandbox já nasce conectado

    row = await wait_for(connected, what="sessão conectada pelo callback")
    assert (row["profileName"], row["accountNumber"], row["qrCode"], row["pairingCode"]) == (
        "Loja Centro",
        "5511900000001",
        None,
        None,
    )
    emitted = await events_of(ctx, admin.tenant.id, "session.status")
    assert [(e["status"], e["qrCode"], e["pairingCode"]) for e in emitted][-3:] == [
        ("qr", "2@abc,def", None),
        ("qr", "2@ghi,jkl", "ABCD-1234"),
        ("connected", None, None),
    ]
    # Deslogado pelo celular: a sessão sai das candidatas a envio.
    await _post(client, ctx, SESSION, _body({"kind": "session", "sessionId": sid, "state": "logged_out"}))

    async def logged_out() -> bool:
        async with ctx.sessionmaker() as db:
            return (await db.get(WhatsAppSession, uuid.UUID(sid))).status == "logged_out"  # type: ignore[union-attr]

    await wait_for(logged_out, what="sessão deslogada")


async def test_receipts_by_callback_move_status_forward_only(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    session = await connect_sandbox(client, admin, **NO_RECEIPTS)
    sent = await client.post("/api/v1/messages/text", headers=admin.headers, json={"to": CONTACT, "content": "olá"})
    message_id = sent.json()["messageId"]

    async def provider_id() -> str | None:
        async with ctx.sessionmaker() as db:
            return (await db.get(Message, uuid.UUID(message_id))).message_id  # type: ignore[union-attr]

    pid = await wait_for(provider_id, what="envio registrado")
    sid = session["id"]
    # Fora de ordem e repetidos, num só callback: "lido" vence, "entregue" atrasado não o desfaz.
    body = _body(
        {"kind": "status", "sessionId": sid, "messageId": pid, "status": "read"},
        {"kind": "status", "sessionId": sid, "messageId": pid, "status": "delivered"},
        {"kind": "status", "sessionId": sid, "messageId": pid, "status": "delivered"},
    )
    response = await _post(client, ctx, STATUS, body)
    assert response.json() == {"accepted": 2, "duplicates": 1, "ignored": 0}

    async def read() -> bool:
        status = (await client.get(f"/api/v1/messages/{message_id}/status", headers=admin.headers)).json()
        return status["status"] == "read"

    await wait_for(read, what="mensagem lida")
    late = _body({"kind": "status", "sessionId": sid, "messageId": pid, "status": "delivered", "eventId": "tarde"})
    await _post(client, ctx, STATUS, late)
    await wait_inbound_processed(ctx, admin.tenant.id, 3)
    statuses = [e["status"] for e in await events_of(ctx, admin.tenant.id, "message.status")]
    assert statuses == ["sent", "delivered", "read"]


async def test_inbound_order_per_conversation_is_kept_under_batching(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    """Callbacks em sequência, processados em lotes paralelos pelo worker: a conversa mostra as mensagens na ordem em
    que chegaram e a prévia é a da última."""
    session = await connect_sandbox(client, admin)
    total = 40
    for index in range(total):
        body = _body(_message(session["id"], f"ordem-{index}", text=f"mensagem {index}"))
        assert (await _post(client, ctx, INCOMING, body)).status_code == 202
    await wait_inbound_processed(ctx, admin.tenant.id, total)
    conversation = (await client.get("/api/v1/conversations", headers=admin.headers)).json()["items"][0]
    assert conversation["lastMessagePreview"] == f"mensagem {total - 1}"
    assert conversation["unreadCount"] == total
    thread = await client.get(
        f"/api/v1/conversations/{conversation['id']}/messages", headers=admin.headers, params={"limit": 100}
    )
    texts = [m["content"]["text"] for m in thread.json()["items"]]
    assert texts == [f"mensagem {i}" for i in reversed(range(total))]  # mais recentes primeiro


async def test_sandbox_state_endpoint_validates_and_is_tenant_scoped(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
) -> None:
    session = await connect_sandbox(client, admin)
    url = f"/api/v1/sandbox/sessions/{session['id']}/state"
    bad = assert_problem(await client.post(url, headers=admin.headers, json={"state": "ligado"}), 422, "validacao")
    assert bad["errors"][0]["field"] == "state"
    long_code = {"state": "qr", "pairingCode": "X" * 21}
    assert_problem(await client.post(url, headers=admin.headers, json=long_code), 422, "validacao")
    # A sessão de outro tenant não existe para quem pergunta (404), e nada muda nela.
    foreign = await client.post(url, headers=admin_second.headers, json={"state": "logged_out"})
    assert_problem(foreign, 404)
    ok = await client.post(url, headers=admin.headers, json={"state": "disconnected", "detail": "celular sem rede"})
    assert ok.status_code == 202, ok.text
    await wait_inbound_processed(ctx, admin.tenant.id, 1)
    emitted = await events_of(ctx, admin.tenant.id, "session.status")
    assert (emitted[-1]["status"], emitted[-1]["detail"]) == ("disconnected", "celular sem rede")
    assert await events_of(ctx, admin_second.tenant.id, "session.status") == []


async def test_a_dropped_connection_shows_why_until_it_reconnects(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    """Conexão caída que o provedor está refazendo: o motivo aparece em `lastError` (o painel mostra "por que meu
    número caiu?") e some quando a sessão volta a conectar."""
    session = await connect_sandbox(client, admin)
    sid = session["id"]
    detail = "A conexão caiu (código 408); reconectando."

    async def state(expected: str) -> dict[str, Any] | None:
        body = (await client.get(f"/api/v1/sessions/status?sessionId={sid}", headers=admin.headers)).json()
        return body[0] if body[0]["status"] == expected else None

    response = await _post(client, ctx, SESSION, _body({"sessionId": sid, "state": "disconnected", "detail": detail}))
    assert response.status_code == 202, response.text
    row = await wait_for(lambda: state("disconnected"), what="sessão desconectada pelo callback")
    assert row["lastError"] == detail
    response = await _post(client, ctx, SESSION, _body({"sessionId": sid, "state": "connected"}))
    assert response.status_code == 202, response.text
    row = await wait_for(lambda: state("connected"), what="sessão reconectada")
    assert row["lastError"] is None
