"""Respostas (replyTo), reações e "marcar como lida" pela API, de ponta a ponta com o sandbox (e dublês dele)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any, ClassVar

import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import Actor, assert_problem
from tests.messaging_helpers import (
    FINAL_OR_BEYOND,
    NO_RECEIPTS,
    PNG,
    connect_sandbox,
    events_of,
    outbox_rows,
    wait_for,
    wait_inbound_processed,
    wait_status,
)
from wacs.conversations.receipts import READ_JOB
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.messages.schemas import is_single_emoji
from wacs.models import Job, Message
from wacs.providers import registry
from wacs.providers.base import ProviderError
from wacs.providers.sandbox import SandboxProvider, read_receipts_count

MESSAGES = "/api/v1/messages"
CONTACT = "5511977776666"
OTHER_CONTACT = "5511966665555"


async def _incoming(client: httpx.AsyncClient, actor: Actor, session: dict[str, Any], text: str) -> str:
    """Um cliente escreve ao número; devolve o id do provedor da mensagem."""
    response = await client.post(
        f"/api/v1/sandbox/sessions/{session['id']}/incoming",
        headers=actor.headers,
        json={"from": CONTACT, "text": text},
    )
    assert response.status_code == 202, response.text
    return response.json()["messageId"]  # type: ignore[no-any-return]


async def _received(ctx: AppContext, actor: Actor, provider_message_id: str) -> Message:
    async def probe() -> Message | None:
        async with ctx.sessionmaker() as db:
            statement = select(Message).where(
                Message.tenant_id == actor.tenant.id, Message.message_id == provider_message_id
            )
            return (await db.execute(statement)).scalar_one_or_none()

    return await wait_for(probe, what=f"mensagem recebida {provider_message_id}")


async def _store(ctx: AppContext, actor: Actor, **values: Any) -> uuid.UUID:
    """Uma mensagem gravada direto no banco (estados difíceis de produzir pela API, como `pending` parado)."""
    async with ctx.sessionmaker() as db:
        row = Message(tenant_id=actor.tenant.id, attempts=0, **values)
        db.add(row)
        await commit(db)
    return row.id


async def _sent(client: httpx.AsyncClient, ctx: AppContext, actor: Actor, path: str, **kwargs: Any) -> Message:
    response = await client.post(f"{MESSAGES}/{path}", headers=actor.headers, **kwargs)
    assert response.status_code in {200, 202}, response.text
    return await wait_status(ctx, response.json()["messageId"], FINAL_OR_BEYOND)


async def _message_count(ctx: AppContext) -> int:
    async with ctx.sessionmaker() as db:
        return int(await db.scalar(select(func.count()).select_from(Message)) or 0)


class TestReply:
    async def test_reply_to_an_inbound_message(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        provider_id = await _incoming(client, admin, session, "Qual o preço do plano anual?")
        quoted = await _received(ctx, admin, provider_id)
        body = {"to": CONTACT, "content": "R$ 1.200,00 à vista.", "replyTo": str(quoted.id)}
        headers = {**admin.headers, "Idempotency-Key": "resposta-1"}
        response = await client.post(f"{MESSAGES}/text", headers=headers, json=body)
        assert response.status_code in {200, 202}, response.text
        message_id = response.json()["messageId"]
        row = await wait_status(ctx, message_id, FINAL_OR_BEYOND)
        reference = {
            "messageId": str(quoted.id),
            "providerMessageId": provider_id,
            "fromMe": False,
            "text": "Qual o preço do plano anual?",
        }
        assert row.content == {"text": "R$ 1.200,00 à vista.", "replyTo": reference}
        assert str(row.session_id) == session["id"]
        # O provedor recebeu a citação no conteúdo canônico.
        delivered = [
            item for item in await outbox_rows(ctx, session["id"]) if item.provider_message_id == row.message_id
        ]
        assert delivered[0].content["replyTo"] == reference
        # Repetir o pedido com a mesma chave devolve a mesma mensagem (o conteúdo resolvido é determinístico)...
        again = await client.post(f"{MESSAGES}/text", headers=headers, json=body)
        assert again.status_code == 200, again.text
        assert again.json()["messageId"] == message_id
        # ...e a mesma chave citando outra mensagem é outro pedido.
        other = await _incoming(client, admin, session, "E o mensal?")
        changed = {**body, "replyTo": str((await _received(ctx, admin, other)).id)}
        assert_problem(await client.post(f"{MESSAGES}/text", headers=headers, json=changed), 422)

    async def test_inbound_reply_points_to_the_quoted_message_in_the_same_shape(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        """Uma resposta do cliente guarda `replyTo` no mesmo formato das enviadas, com o nosso id quando a citada
        está aqui (e só o id do provedor quando não está, ex.: anterior à conexão do número)."""
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        ours = await _sent(client, ctx, admin, "text", json={"to": CONTACT, "content": "Seu pedido saiu."})
        response = await client.post(
            f"/api/v1/sandbox/sessions/{session['id']}/incoming",
            headers=admin.headers,
            json={"from": CONTACT, "text": "Obrigado!", "replyTo": ours.message_id},
        )
        assert response.status_code == 202, response.text
        answer = await _received(ctx, admin, response.json()["messageId"])
        assert answer.content is not None
        assert answer.content["replyTo"] == {
            "messageId": str(ours.id),
            "providerMessageId": ours.message_id,
            "fromMe": True,
            "text": "Seu pedido saiu.",
        }
        response = await client.post(
            f"/api/v1/sandbox/sessions/{session['id']}/incoming",
            headers=admin.headers,
            json={"from": CONTACT, "text": "E aquela?", "replyTo": "wamid.ANTIGA"},
        )
        unknown = await _received(ctx, admin, response.json()["messageId"])
        assert unknown.content is not None
        assert unknown.content["replyTo"] == {
            "messageId": None,
            "providerMessageId": "wamid.ANTIGA",
            "fromMe": None,
            "text": None,
        }

    async def test_reply_to_a_sent_message_goes_out_through_its_number(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        first = await connect_sandbox(client, admin, "5511900000001", **NO_RECEIPTS)
        second = await connect_sandbox(client, admin, "5511900000002", **NO_RECEIPTS)
        long_text = "Segue o catálogo: " + "x" * 300
        original = await _sent(
            client, ctx, admin, "text", json={"to": CONTACT, "content": long_text, "sessionId": second["id"]}
        )
        # Multipart (mídia) com replyTo e sem sessionId: sai pelo número que enviou a citada, não pelo preferido.
        reply = await _sent(
            client,
            ctx,
            admin,
            "media",
            data={"to": CONTACT, "type": "image", "caption": "Página 2", "replyTo": str(original.id)},
            files={"file": ("pagina.png", PNG, "image/png")},
        )
        assert str(reply.session_id) == second["id"]
        assert reply.content is not None
        assert reply.content["replyTo"] == {
            "messageId": str(original.id),
            "providerMessageId": original.message_id,
            "fromMe": True,
            "text": long_text[:200],
        }
        assert reply.content["media"]["caption"] == "Página 2"
        # Pelo envio genérico, com o número errado fixado: recusado antes da fila.
        location = {
            "to": CONTACT,
            "type": "location",
            "content": {"latitude": -23.5, "longitude": -46.6},
            "replyTo": str(original.id),
            "sessionId": first["id"],
        }
        refused = assert_problem(
            await client.post(f"{MESSAGES}/send", headers=admin.headers, json=location),
            422,
            "mensagem_citada_de_outra_sessao",
        )
        assert second["id"] in refused["detail"]
        del location["sessionId"]
        located = await _sent(client, ctx, admin, "send", json=location)
        assert located.content is not None and located.content["replyTo"]["messageId"] == str(original.id)
        assert str(located.session_id) == second["id"]

    async def test_refusals_are_precise(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        session_id = uuid.UUID(session["id"])
        quoted = await _received(ctx, admin, await _incoming(client, admin, session, "Oi"))
        before = await _message_count(ctx)

        async def reply(target: uuid.UUID | str, to: str = CONTACT) -> httpx.Response:
            body = {"to": to, "content": "resposta", "replyTo": str(target)}
            return await client.post(f"{MESSAGES}/text", headers=admin.headers, json=body)

        missing = assert_problem(await reply(uuid.uuid4()), 404, "mensagem_citada_nao_encontrada")
        assert "replyTo" in missing["detail"]
        other = assert_problem(await reply(quoted.id, OTHER_CONTACT), 422, "mensagem_citada_de_outro_contato")
        assert OTHER_CONTACT in other["detail"]
        pending = await _store(
            ctx,
            admin,
            session_id=session_id,
            direction="outbound",
            to_number=CONTACT,
            message_type="text",
            content={"text": "na fila"},
            status="pending",
        )
        waiting = assert_problem(await reply(pending), 422, "mensagem_citada_nao_enviada")
        assert "ainda não foi enviada" in waiting["detail"]
        failed = await _store(
            ctx,
            admin,
            session_id=session_id,
            direction="outbound",
            to_number=CONTACT,
            message_type="text",
            content={"text": "falhou"},
            status="failed",
        )
        assert "falhou" in assert_problem(await reply(failed), 422, "mensagem_citada_nao_enviada")["detail"]
        reaction = await _store(
            ctx,
            admin,
            session_id=session_id,
            direction="inbound",
            from_number=CONTACT,
            message_id="sandbox.in.reacao",
            message_type="reaction",
            content={"reaction": {"messageId": "x", "emoji": "👍"}},
            status="received",
        )
        assert_problem(await reply(reaction), 422, "mensagem_citada_invalida")
        invalid = assert_problem(await reply("nao-e-uuid"), 422, "validacao")
        assert invalid["errors"][0]["field"] == "replyTo"
        # O envio em massa não cita nem reage.
        bulk = {"recipients": [{"to": CONTACT}], "content": "oi", "replyTo": str(quoted.id)}
        assert_problem(await client.post(f"{MESSAGES}/send-bulk", headers=admin.headers, json=bulk), 422, "validacao")
        bulk = {"recipients": [{"to": CONTACT}], "type": "reaction", "content": {"messageId": str(quoted.id)}}
        assert_problem(await client.post(f"{MESSAGES}/send-bulk", headers=admin.headers, json=bulk), 422, "validacao")
        assert await _message_count(ctx) == before + 3  # só as gravadas direto pelo teste

    async def test_contact_stored_without_the_ninth_digit_is_the_same_contact(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        quoted = await _store(
            ctx,
            admin,
            session_id=uuid.UUID(session["id"]),
            direction="inbound",
            from_number="551177776666",  # como o WhatsApp entrega muitos celulares brasileiros
            message_id="wamid.SEM9",
            message_type="text",
            content={"text": "oi"},
            status="received",
        )
        row = await _sent(client, ctx, admin, "text", json={"to": CONTACT, "content": "olá", "replyTo": str(quoted)})
        assert row.content is not None and row.content["replyTo"]["providerMessageId"] == "wamid.SEM9"


class TestReaction:
    async def test_send_and_remove(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        provider_id = await _incoming(client, admin, session, "Chegou o pedido!")
        target = await _received(ctx, admin, provider_id)
        body = {"to": CONTACT, "messageId": str(target.id), "emoji": "👍"}
        row = await _sent(client, ctx, admin, "reaction", json=body)
        assert row.message_type == "reaction"
        assert row.content == {
            "reaction": {"messageId": str(target.id), "providerMessageId": provider_id, "fromMe": False, "emoji": "👍"}
        }
        delivered = [
            item for item in await outbox_rows(ctx, session["id"]) if item.provider_message_id == row.message_id
        ]
        assert delivered[0].message_type == "reaction" and delivered[0].content == row.content
        conversations = (await client.get("/api/v1/conversations", headers=admin.headers)).json()["items"]
        assert conversations[0]["lastMessagePreview"] == "Reação 👍"
        created = [e for e in await events_of(ctx, admin.tenant.id, "message.created") if e["type"] == "reaction"]
        assert created[0]["content"] == row.content
        # Emoji vazio remove a reação.
        removed = await _sent(client, ctx, admin, "reaction", json={**body, "emoji": ""})
        assert removed.content is not None and removed.content["reaction"]["emoji"] == ""
        conversations = (await client.get("/api/v1/conversations", headers=admin.headers)).json()["items"]
        assert conversations[0]["lastMessagePreview"] == "Reação removida"
        # O envio genérico também reage; reagir a uma mensagem enviada por nós leva fromMe.
        generic = {"to": CONTACT, "type": "reaction", "content": {"messageId": str(row.id), "emoji": "❤️"}}
        assert_problem(
            await client.post(f"{MESSAGES}/send", headers=admin.headers, json=generic), 422, "mensagem_citada_invalida"
        )
        text = await _sent(client, ctx, admin, "text", json={"to": CONTACT, "content": "Obrigado!"})
        generic["content"] = {"messageId": str(text.id), "emoji": "❤️"}
        loved = await _sent(client, ctx, admin, "send", json=generic)
        assert loved.content is not None
        assert loved.content["reaction"] == {
            "messageId": str(text.id),
            "providerMessageId": text.message_id,
            "fromMe": True,
            "emoji": "❤️",
        }

    async def test_validation(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        target = await _received(ctx, admin, await _incoming(client, admin, session, "Oi"))
        before = await _message_count(ctx)
        for emoji in ("abc", "👍👍", "ok👍", "ção", "1", "😀 😀", "x" * 21):
            body = {"to": CONTACT, "messageId": str(target.id), "emoji": emoji}
            refused = assert_problem(await client.post(f"{MESSAGES}/reaction", headers=admin.headers, json=body), 422)
            assert refused["errors"][0]["field"] == "emoji", (emoji, refused)
        generic = {"to": CONTACT, "type": "reaction", "content": {"messageId": str(target.id), "emoji": "oi"}}
        refused = assert_problem(await client.post(f"{MESSAGES}/send", headers=admin.headers, json=generic), 422)
        assert refused["errors"][0]["field"] == "content.emoji"
        assert "único emoji" in refused["errors"][0]["message"]
        quoting = {**generic, "content": {"messageId": str(target.id), "emoji": "👍"}, "replyTo": str(target.id)}
        refused = assert_problem(await client.post(f"{MESSAGES}/send", headers=admin.headers, json=quoting), 422)
        assert refused["errors"][0]["field"] == "replyTo"
        other = {"to": OTHER_CONTACT, "messageId": str(target.id), "emoji": "👍"}
        assert_problem(
            await client.post(f"{MESSAGES}/reaction", headers=admin.headers, json=other),
            422,
            "mensagem_citada_de_outro_contato",
        )
        missing = {"to": CONTACT, "messageId": str(uuid.uuid4()), "emoji": "👍"}
        refused = assert_problem(
            await client.post(f"{MESSAGES}/reaction", headers=admin.headers, json=missing),
            404,
            "mensagem_citada_nao_encontrada",
        )
        assert "messageId" in refused["detail"]
        assert await _message_count(ctx) == before

    def test_single_emoji_rule(self) -> None:
        for emoji in ("👍", "❤️", "👍🏽", "👨‍👩‍👧", "🏳️‍🌈", "🇧🇷", "1️⃣", "#️⃣", "‼️", "🏴󠁧󠁢󠁳󠁣󠁴󠁿"):
            assert is_single_emoji(emoji), emoji
        for text in ("", "a", "1", "abc", "👍👍", "🇧🇷🇧🇷", "🏽", "\u200d👍", "👍\u200d", "日本", "©x", "😀 "):
            assert not is_single_emoji(text), text


class TestTenancy:
    async def test_another_tenant_cannot_quote_or_react(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor
    ) -> None:
        mine = await connect_sandbox(client, admin, "5511900000001", **NO_RECEIPTS)
        await connect_sandbox(client, admin_second, "5511900000002", **NO_RECEIPTS)
        target = await _received(ctx, admin, await _incoming(client, admin, mine, "segredo"))

        def attempts(message_id: str) -> list[tuple[str, dict[str, Any]]]:
            return [
                ("text", {"to": CONTACT, "content": "oi", "replyTo": message_id}),
                ("reaction", {"to": CONTACT, "messageId": message_id, "emoji": "👍"}),
                ("send", {"to": CONTACT, "type": "reaction", "content": {"messageId": message_id, "emoji": "👍"}}),
            ]

        for (path, body), (_, unknown_body) in zip(attempts(str(target.id)), attempts(str(uuid.uuid4())), strict=True):
            foreign = assert_problem(
                await client.post(f"{MESSAGES}/{path}", headers=admin_second.headers, json=body),
                404,
                "mensagem_citada_nao_encontrada",
            )
            # A mesma resposta de um id que não existe: nada vaza sobre a mensagem do outro tenant.
            unknown = assert_problem(
                await client.post(f"{MESSAGES}/{path}", headers=admin_second.headers, json=unknown_body), 404
            )
            assert foreign["detail"] == unknown["detail"]
            assert "segredo" not in str(foreign)
        async with ctx.sessionmaker() as db:
            count = await db.scalar(
                select(func.count()).select_from(Message).where(Message.tenant_id == admin_second.tenant.id)
            )
        assert count == 0


class TextOnly(SandboxProvider):
    """Dublê: um provedor real que só envia texto (nem resposta, nem reação, nem confirmação de leitura)."""

    type = "duble"
    display_name = "Só texto (dublê de teste)"
    capabilities = frozenset({"text"})
    default_rank = 0


async def test_provider_without_the_capability_refuses_before_the_queue(
    client: httpx.AsyncClient, ctx: AppContext, admin: Actor
) -> None:
    registry.register(TextOnly)
    try:
        await connect_sandbox(client, admin, provider="duble", **NO_RECEIPTS)
        sent = await _sent(client, ctx, admin, "text", json={"to": CONTACT, "content": "Pedido confirmado."})
        before = await _message_count(ctx)
        reaction = {"to": CONTACT, "messageId": str(sent.id), "emoji": "👍"}
        refused = assert_problem(
            await client.post(f"{MESSAGES}/reaction", headers=admin.headers, json=reaction),
            422,
            "recurso_nao_suportado",
        )
        assert "reaction" in refused["detail"] and "duble" in refused["detail"]
        reply = {"to": CONTACT, "content": "E mais uma coisa", "replyTo": str(sent.id)}
        refused = assert_problem(
            await client.post(f"{MESSAGES}/text", headers=admin.headers, json=reply), 422, "recurso_nao_suportado"
        )
        assert "reply" in refused["detail"]
        assert await _message_count(ctx) == before
        async with ctx.sessionmaker() as db:
            assert await db.scalar(select(func.count()).select_from(Job).where(Job.kind == "message.send")) == 0
    finally:
        registry.unregister("duble")


# ---------------------------------------------------------------------------------------------------------------
# Marcar como lida


class Recorder(SandboxProvider):
    """Dublê do sandbox que registra as confirmações de leitura (e pode falhar nas primeiras)."""

    calls: ClassVar[list[tuple[str, list[str]]]] = []
    failures: ClassVar[list[ProviderError]] = []

    async def mark_read(self, contact: str, provider_message_ids: list[str], typing: bool = False) -> None:
        type(self).calls.append((contact, list(provider_message_ids)))
        if type(self).failures:
            raise type(self).failures.pop(0)
        await super().mark_read(contact, provider_message_ids, typing)


class Unreadable(Recorder):
    """Sandbox sem a capacidade `mark_read`: o núcleo nunca deve chamá-la."""

    capabilities = SandboxProvider.capabilities - {"mark_read"}


@pytest.fixture
def recorder(request: pytest.FixtureRequest) -> Iterator[type[Recorder]]:
    cls: type[Recorder] = getattr(request, "param", Recorder)
    Recorder.calls.clear()
    Recorder.failures.clear()
    registry.register(cls)  # no lugar do sandbox: o worker em processo usa o dublê
    try:
        yield cls
    finally:
        registry.register(SandboxProvider)
        Recorder.calls.clear()
        Recorder.failures.clear()


async def _read_jobs(ctx: AppContext) -> int:
    async with ctx.sessionmaker() as db:
        return int(await db.scalar(select(func.count()).select_from(Job).where(Job.kind == READ_JOB)) or 0)


async def _unread_inbound(ctx: AppContext, actor: Actor) -> int:
    async with ctx.sessionmaker() as db:
        statement = (
            select(func.count())
            .select_from(Message)
            .where(Message.tenant_id == actor.tenant.id, Message.direction == "inbound", Message.read_at.is_(None))
        )
        return int(await db.scalar(statement) or 0)


async def _conversation(client: httpx.AsyncClient, actor: Actor) -> dict[str, Any]:
    items = (await client.get("/api/v1/conversations", headers=actor.headers)).json()["items"]
    assert len(items) == 1, items
    return items[0]  # type: ignore[no-any-return]


async def _mark_read(client: httpx.AsyncClient, actor: Actor, conversation_id: str) -> dict[str, Any]:
    response = await client.post(f"/api/v1/conversations/{conversation_id}/read", headers=actor.headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def _settled(ctx: AppContext, actor: Actor) -> None:
    async def done() -> bool:
        return await _read_jobs(ctx) == 0 and await _unread_inbound(ctx, actor) == 0

    await wait_for(done, what="confirmações de leitura gravadas")


class TestMarkRead:
    async def test_tells_the_contact_once(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, recorder: type[Recorder]
    ) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        ids = [await _incoming(client, admin, session, f"mensagem {i}") for i in range(3)]
        await wait_inbound_processed(ctx, admin.tenant.id, 3)
        conversation = await _conversation(client, admin)
        assert conversation["unreadCount"] == 3
        assert (await _mark_read(client, admin, conversation["id"]))["unreadCount"] == 0
        await _settled(ctx, admin)
        assert [(contact, sorted(marked)) for contact, marked in Recorder.calls] == [(CONTACT, sorted(ids))]
        assert await read_receipts_count(ctx, uuid.UUID(session["id"])) == 1  # o sandbox de verdade foi chamado
        # Marcar de novo sem mensagens novas não avisa nada (nem enfileira).
        await _mark_read(client, admin, conversation["id"])
        assert await _read_jobs(ctx) == 0
        await asyncio.sleep(0.3)
        assert len(Recorder.calls) == 1
        # Uma mensagem nova: só ela é confirmada.
        newer = await _incoming(client, admin, session, "mais uma")
        await wait_inbound_processed(ctx, admin.tenant.id, 4)
        await _mark_read(client, admin, conversation["id"])
        await _settled(ctx, admin)
        assert Recorder.calls[1:] == [(CONTACT, [newer])]
        newer_id = (await _received(ctx, admin, newer)).id
        status = await client.get(f"{MESSAGES}/{newer_id}/status", headers=admin.headers)
        assert status.json()["readAt"] is not None

    async def test_transient_error_is_retried_and_permanent_is_recorded(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, recorder: type[Recorder]
    ) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        first = await _incoming(client, admin, session, "oi")
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        conversation = await _conversation(client, admin)
        Recorder.failures.append(ProviderError("transient", "Conexão com o WhatsApp caiu."))
        await _mark_read(client, admin, conversation["id"])
        await _settled(ctx, admin)
        assert Recorder.calls == [(CONTACT, [first]), (CONTACT, [first])]  # a segunda tentativa deu certo
        # Recusa definitiva: registrada como lida, sem nova tentativa.
        second = await _incoming(client, admin, session, "tudo bem?")
        await wait_inbound_processed(ctx, admin.tenant.id, 2)
        Recorder.failures.append(ProviderError("permanent", "Número bloqueado."))
        await _mark_read(client, admin, conversation["id"])
        await _settled(ctx, admin)
        assert Recorder.calls[2:] == [(CONTACT, [second])]

    @pytest.mark.parametrize("recorder", [Unreadable], indirect=True)
    async def test_provider_without_mark_read_is_not_called(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, recorder: type[Recorder]
    ) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        await _incoming(client, admin, session, "oi")
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        await _mark_read(client, admin, (await _conversation(client, admin))["id"])
        await _settled(ctx, admin)  # registradas como lidas: não há a quem avisar
        assert Recorder.calls == []

    async def test_another_tenants_conversation_is_404(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor, admin_second: Actor, recorder: type[Recorder]
    ) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        await _incoming(client, admin, session, "oi")
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        conversation = await _conversation(client, admin)
        response = await client.post(f"/api/v1/conversations/{conversation['id']}/read", headers=admin_second.headers)
        assert_problem(response, 404, "conversa_nao_encontrada")
        assert await _read_jobs(ctx) == 0
        assert (await _conversation(client, admin))["unreadCount"] == 1
        assert Recorder.calls == []
