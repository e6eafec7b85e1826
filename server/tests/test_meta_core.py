"""O núcleo do provedor da Meta: figurinha, contatos, botões/listas e templates pela API; a janela de 24 horas de
atendimento no despacho; a pausa do número inteiro (130429); a listagem de templates; e a qualidade do número.

Os provedores "da Meta" aqui são dublês do sandbox (registrados com `registry.register`): com `service_window`, com
erros programados, ou sem a capacidade `templates`.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy import func, select, update

from tests.conftest import BACKEND, Actor, Factory, assert_problem, make_settings
from tests.databases import drop_database, recreate_database
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
from wacs.kit.context import AppContext
from wacs.kit.db import commit, create_engine
from wacs.messages import dispatch
from wacs.models import Conversation, Job, Message, WhatsAppSession
from wacs.providers import registry
from wacs.providers.base import OutboundMessage, ProviderError, ProviderState, SendResult, SessionInfo
from wacs.providers.contract import InboundMessage
from wacs.providers.sandbox import SandboxProvider
from wacs.sandbox.simulator import INCOMING_PATH, post_callback
from wacs.sessions.service import SessionService
from wacs.worker.queue import Postpone, RetryLater

MESSAGES = "/api/v1/messages"
SEND = f"{MESSAGES}/send"
CONTACT = "5511977776666"
CONTACT_WITHOUT_NINE = "551177776666"  # o mesmo celular, como o WhatsApp às vezes o entrega
OTHER = "5511966665555"
WEBP = b"RIFF" + (64).to_bytes(4, "little") + b"WEBPVP8 " + b"\x00" * 56
WINDOW_REASON = (
    "A conversa está fora da janela de 24 horas do WhatsApp: só templates aprovados podem ser enviados. "
    "Use type: template."
)
TEMPLATE = {
    "name": "confirmacao_pedido",
    "language": "pt_BR",
    "components": [
        {"type": "body", "parameters": [{"type": "text", "text": "Maria"}, {"type": "text", "text": "#1234"}]},
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": "0",
            "parameters": [{"type": "payload", "payload": "OK"}],
        },
    ],
}


class MetaLike(SandboxProvider):
    """Dublê da Meta: o sandbox com a janela de 24 h, qualidade do número e erros programáveis."""

    type = "meta_teste"
    display_name = "Meta (dublê com janela de 24 h)"
    service_window = True
    default_rank = 0
    # Próximos erros de envio por sessão; chamadas recebidas (hora, sessão, id da mensagem, tipo).
    send_errors: ClassVar[dict[str, list[ProviderError]]] = {}
    calls: ClassVar[list[tuple[float, str, str, str]]] = []
    template_error: ClassVar[ProviderError | None] = None
    template_calls: ClassVar[int] = 0

    @classmethod
    def reset(cls) -> None:
        cls.send_errors, cls.calls, cls.template_error, cls.template_calls = {}, [], None, 0

    async def initialize(self) -> ProviderState:
        return ProviderState("connected", profile_name="Loja Verificada", quality_rating="GREEN")

    async def _deliver(self, message: OutboundMessage) -> SendResult:
        MetaLike.calls.append((time.time(), str(self.session.id), str(message.message_id), message.type))
        planned = MetaLike.send_errors.get(str(self.session.id))
        if planned:
            raise planned.pop(0)
        return await super()._deliver(message)

    async def list_templates(self) -> list[dict[str, Any]]:
        MetaLike.template_calls += 1
        if MetaLike.template_error is not None:
            raise MetaLike.template_error
        return await super().list_templates()


class Throttled(MetaLike):
    """Como a Meta, mas sem a janela de 24 h: para a pausa do número (qualquer tipo sai)."""

    type = "limite_teste"
    display_name = "Número com limite (dublê)"
    service_window = False
    default_rank = 1


class Plain(SandboxProvider):
    """Um provedor que só faz texto e imagem (sem templates, figurinha, contatos nem botões)."""

    type = "simples_teste"
    display_name = "Provedor simples (dublê)"
    capabilities = frozenset({"text", "image", "reply"})
    default_rank = 50


@pytest.fixture
def doubles() -> Iterator[None]:
    MetaLike.reset()
    for cls in (MetaLike, Throttled, Plain):
        registry.register(cls)
    try:
        yield
    finally:
        for cls in (MetaLike, Throttled, Plain):
            registry.unregister(cls.type)
        MetaLike.reset()


async def _admin(factory: Factory, *preference: str) -> Actor:
    settings: dict[str, Any] = {"provider_preference": list(preference)} if preference else {}
    return await factory.actor(await factory.tenant(**settings), "admin")


async def _send(client: httpx.AsyncClient, actor: Actor, **body: Any) -> dict[str, Any]:
    response = await client.post(SEND, headers=actor.headers, json={"to": CONTACT, **body})
    assert response.status_code in {200, 202}, response.text
    return response.json()  # type: ignore[no-any-return]


async def _errors(client: httpx.AsyncClient, actor: Actor, path: str = SEND, **body: Any) -> dict[str, str]:
    response = await client.post(path, headers=actor.headers, json={"to": CONTACT, **body})
    problem = assert_problem(response, 422, "validacao")
    return {e["field"]: e["message"] for e in problem["errors"]}


async def _delivered(ctx: AppContext, message_id: str) -> tuple[Message, dict[str, Any]]:
    """A mensagem enviada e o conteúdo que o "telefone" do sandbox recebeu."""
    row = await wait_status(ctx, message_id, FINAL_OR_BEYOND)
    assert row.session_id is not None
    delivered = [r for r in await outbox_rows(ctx, row.session_id) if r.provider_message_id == row.message_id]
    assert len(delivered) == 1
    return row, delivered[0].content


async def _incoming(ctx: AppContext, session_id: str, sender: str, text: str = "Oi, tudo bem?") -> None:
    """Uma mensagem do contato entra pelo caminho real (callback assinado → evento → worker)."""
    event = InboundMessage(
        session_id=uuid.UUID(session_id),
        message_id=f"in-{uuid.uuid4().hex[:12]}",
        from_number=sender,  # type: ignore[call-arg]
        text=text,
    )
    async with ctx.sessionmaker() as db:
        await post_callback(ctx, db, INCOMING_PATH, [event])
        await commit(db)


# ---------------------------------------------------------------------------------------------------------------
# Tipos novos pela API


class TestNewTypes:
    async def test_sticker(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        await connect_sandbox(client, admin, **NO_RECEIPTS)
        upload = await client.post(
            "/api/v1/media", headers=admin.headers, files={"file": ("figurinha.webp", WEBP, "image/webp")}
        )
        assert upload.status_code == 201, upload.text
        media_id = upload.json()["id"]
        sent = await _send(client, admin, type="sticker", content={"mediaId": media_id})
        row, content = await _delivered(ctx, sent["messageId"])
        assert row.message_type == "sticker"
        assert content == {"media": {"mediaId": media_id}}
        # Pelo formulário multipart também.
        form = await client.post(
            f"{MESSAGES}/media",
            headers=admin.headers,
            data={"to": CONTACT, "type": "sticker"},
            files={"file": ("outra.webp", WEBP, "image/webp")},
        )
        assert form.status_code in {200, 202}, form.text
        _, content = await _delivered(ctx, form.json()["messageId"])
        assert content["media"]["mimeType"] == "image/webp"

        png = await client.post("/api/v1/media", headers=admin.headers, files={"file": ("a.png", PNG, "image/png")})
        assert await _errors(client, admin, type="sticker", content={"mediaId": png.json()["id"]}) == {
            "content.mediaId": "Figurinha precisa ser WebP (image/webp); a mídia enviada é image/png."
        }
        bad = {"url": "https://cdn.loja.com.br/f.webp", "caption": "oi", "mimeType": "image/png"}
        assert await _errors(client, admin, type="sticker", content=bad) == {
            "content.caption": "Figurinha não tem legenda.",
            "content.mimeType": "Figurinha precisa ser WebP (image/webp).",
        }
        assert await _errors(client, admin, type="sticker", content={}) == {
            "content": "Informe exatamente um entre mediaId e url"
        }

    async def test_contacts(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        await connect_sandbox(client, admin, **NO_RECEIPTS)
        card = {
            "name": "Maria Souza",
            "phones": ["+55 (11) 98888-7777", "1133334444"],
            "emails": ["Maria@Empresa.com.br"],
            "organization": "Empresa Ltda",
        }
        sent = await _send(
            client, admin, type="contacts", content={"contacts": [card, {"name": "João", "phones": [OTHER]}]}
        )
        _, content = await _delivered(ctx, sent["messageId"])
        assert content == {
            "contacts": [
                {
                    "name": "Maria Souza",
                    "phones": ["5511988887777", "551133334444"],
                    "emails": ["maria@empresa.com.br"],
                    "organization": "Empresa Ltda",
                },
                {"name": "João", "phones": [OTHER]},
            ]
        }
        conversations = (await client.get("/api/v1/conversations", headers=admin.headers)).json()["items"]
        assert conversations[0]["lastMessagePreview"] == "👤 Contatos: Maria Souza, João"

        assert await _errors(client, admin, type="contacts", content={"contacts": []}) == {
            "content.contacts": "Deve ter pelo menos 1 item(ns)."
        }
        eleven = {"contacts": [{"name": f"C{i}", "phones": [OTHER]} for i in range(11)]}
        assert await _errors(client, admin, type="contacts", content=eleven) == {
            "content.contacts": "Deve ter no máximo 10 item(ns)."
        }
        broken = {"contacts": [{"name": "Maria", "phones": ["123"], "emails": ["maria@"]}, {"name": "João"}]}
        errors = await _errors(client, admin, type="contacts", content=broken)
        assert errors["content.contacts.0.phones.0"].startswith("Telefone curto demais")
        assert errors["content.contacts.0.emails.0"] == "E-mail inválido"
        assert errors["content.contacts.1.phones"] == "Campo obrigatório."
        assert await _errors(client, admin, type="contacts", content={"contacts": [{"phones": [OTHER], "x": 1}]}) == {
            "content.contacts.0.name": "Campo obrigatório.",
            "content.contacts.0.x": "Campo não permitido.",
        }

    async def test_interactive_buttons(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        await connect_sandbox(client, admin, **NO_RECEIPTS)
        buttons = {
            "type": "button",
            "header": "Pedido #1234",
            "body": "Confirma a entrega amanhã entre 8h e 12h?",
            "footer": "Loja Centro",
            "buttons": [{"id": "sim", "title": "Sim, confirmo"}, {"id": "nao", "title": "Outro horário"}],
        }
        sent = await _send(client, admin, type="interactive", content=buttons)
        _, content = await _delivered(ctx, sent["messageId"])
        assert content == {"interactive": buttons}
        conversations = (await client.get("/api/v1/conversations", headers=admin.headers)).json()["items"]
        assert conversations[0]["lastMessagePreview"] == "🔘 Botões: Confirma a entrega amanhã entre 8h e 12h?"

        def with_(**changes: Any) -> dict[str, Any]:
            return {**buttons, **changes}

        many = [{"id": f"b{i}", "title": f"Opção {i}"} for i in range(4)]
        assert await _errors(client, admin, type="interactive", content=with_(buttons=many)) == {
            "content.buttons": "Deve ter no máximo 3 item(ns)."
        }
        long_title = [{"id": "a", "title": "x" * 21}]
        assert await _errors(client, admin, type="interactive", content=with_(buttons=long_title)) == {
            "content.buttons.0.title": "Deve ter no máximo 20 caractere(s)."
        }
        long_id = [{"id": "i" * 257, "title": "Ok"}]
        assert await _errors(client, admin, type="interactive", content=with_(buttons=long_id)) == {
            "content.buttons.0.id": "Deve ter no máximo 256 caractere(s)."
        }
        twice = [{"id": "sim", "title": "Sim"}, {"id": "sim", "title": "Claro"}]
        assert await _errors(client, admin, type="interactive", content=with_(buttons=twice)) == {
            "content.buttons.1.id": "Id repetido (sim): cada botão precisa de um id próprio."
        }
        assert await _errors(client, admin, type="interactive", content=with_(buttons=None)) == {
            "content.buttons": "Obrigatório em type button: de 1 a 3 botões ({id, title})."
        }
        sections = [{"rows": [{"id": "r", "title": "Linha"}]}]
        assert await _errors(client, admin, type="interactive", content=with_(sections=sections, button="Ver")) == {
            "content.button": "Só vale em type list; em type button use buttons.",
            "content.sections": "Só vale em type list; em type button use buttons.",
        }
        assert await _errors(
            client, admin, type="interactive", content=with_(body="", header="h" * 61, footer="f" * 61)
        ) == {
            "content.body": "Deve ter pelo menos 1 caractere(s).",
            "content.header": "Deve ter no máximo 60 caractere(s).",
            "content.footer": "Deve ter no máximo 60 caractere(s).",
        }
        assert await _errors(client, admin, type="interactive", content=with_(type="carrossel")) == {
            "content.type": "Valor inválido; aceitos: 'button' ou 'list'."
        }
        assert await _errors(client, admin, type="interactive", content=with_(body="x" * 1025)) == {
            "content.body": "Deve ter no máximo 1024 caractere(s)."
        }

    async def test_interactive_list(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        await connect_sandbox(client, admin, **NO_RECEIPTS)
        listing = {
            "type": "list",
            "body": "Escolha o horário da entrega.",
            "button": "Ver horários",
            "sections": [
                {"title": "Manhã", "rows": [{"id": "m8", "title": "8h às 10h", "description": "Chega antes das 10h"}]},
                {
                    "title": "Tarde",
                    "rows": [{"id": "t14", "title": "14h às 16h"}, {"id": "t16", "title": "16h às 18h"}],
                },
            ],
        }
        sent = await _send(client, admin, type="interactive", content=listing)
        _, content = await _delivered(ctx, sent["messageId"])
        assert content == {"interactive": listing}
        conversations = (await client.get("/api/v1/conversations", headers=admin.headers)).json()["items"]
        assert conversations[0]["lastMessagePreview"] == "📋 Lista: Escolha o horário da entrega."

        def with_(**changes: Any) -> dict[str, Any]:
            return {**listing, **changes}

        assert await _errors(client, admin, type="interactive", content=with_(button=None, sections=None)) == {
            "content.button": "Obrigatório em type list: o rótulo do botão que abre a lista (até 20 caracteres).",
            "content.sections": "Obrigatório em type list: de 1 a 10 seções com as linhas da lista.",
        }
        eleven = [
            {"title": "A", "rows": [{"id": f"a{i}", "title": f"A{i}"} for i in range(6)]},
            {"title": "B", "rows": [{"id": f"b{i}", "title": f"B{i}"} for i in range(5)]},
        ]
        assert await _errors(client, admin, type="interactive", content=with_(sections=eleven)) == {
            "content.sections": "A lista tem 11 linhas; o WhatsApp aceita no máximo 10 somando as seções."
        }
        repeated = [
            {"title": "A", "rows": [{"id": "x", "title": "Um"}]},
            {"title": "B", "rows": [{"id": "x", "title": "Dois"}]},
        ]
        assert await _errors(client, admin, type="interactive", content=with_(sections=repeated)) == {
            "content.sections.1.rows.0.id": "Id repetido (x): cada linha precisa de um id próprio."
        }
        untitled = [{"rows": [{"id": "a", "title": "Um"}]}, {"title": "B", "rows": [{"id": "b", "title": "Dois"}]}]
        assert await _errors(client, admin, type="interactive", content=with_(sections=untitled)) == {
            "content.sections.0.title": "Obrigatório quando a lista tem mais de uma seção."
        }
        long_row = [{"rows": [{"id": "a", "title": "t" * 25, "description": "d" * 73}]}]
        assert await _errors(client, admin, type="interactive", content=with_(sections=long_row, button="b" * 21)) == {
            "content.button": "Deve ter no máximo 20 caractere(s).",
            "content.sections.0.rows.0.title": "Deve ter no máximo 24 caractere(s).",
            "content.sections.0.rows.0.description": "Deve ter no máximo 72 caractere(s).",
        }
        assert await _errors(client, admin, type="interactive", content=with_(buttons=[{"id": "a", "title": "A"}])) == {
            "content.buttons": "Só vale em type button; em type list use button e sections."
        }
        too_many = [{"title": f"S{i}", "rows": [{"id": f"r{i}", "title": "R"}]} for i in range(11)]
        assert await _errors(client, admin, type="interactive", content=with_(sections=too_many)) == {
            "content.sections": "Deve ter no máximo 10 item(ns)."
        }

    async def test_template(self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor) -> None:
        await connect_sandbox(client, admin, **NO_RECEIPTS)
        sent = await _send(client, admin, type="template", content=TEMPLATE)
        row, content = await _delivered(ctx, sent["messageId"])
        # Os componentes seguem no formato da Meta, como vieram (inclusive sub_type e index do botão).
        assert content == {"template": TEMPLATE}
        assert row.content == {"template": TEMPLATE}
        conversations = (await client.get("/api/v1/conversations", headers=admin.headers)).json()["items"]
        assert conversations[0]["lastMessagePreview"] == "📝 Template: confirmacao_pedido"
        minimal = await _send(client, admin, type="template", content={"name": "boas_vindas", "language": "pt_BR"})
        _, content = await _delivered(ctx, minimal["messageId"])
        assert content == {"template": {"name": "boas_vindas", "language": "pt_BR", "components": []}}

        def with_(**changes: Any) -> dict[str, Any]:
            return {**TEMPLATE, **changes}

        assert await _errors(
            client, admin, type="template", content=with_(name="Confirmação Pedido", language="pt-br")
        ) == {
            "content.name": "Use só letras minúsculas, algarismos e _ (até 512 caracteres), como aprovado na Meta",
            "content.language": "Código de idioma do template inválido; use o formato da Meta, como pt_BR, en_US ou es",
        }
        assert await _errors(client, admin, type="template", content={"language": "pt_BR"}) == {
            "content.name": "Campo obrigatório."
        }
        components = [
            {"type": "carousel"},
            {"type": "body", "parameters": "Maria"},
            {"type": "body", "parameters": [{}]},
        ]
        assert await _errors(client, admin, type="template", content=with_(components=components)) == {
            "content.components.0.type": "Valor inválido; aceitos: 'header', 'body', 'button' ou 'footer'.",
            "content.components.1.parameters": "Deve ser uma lista.",
            "content.components.2.parameters.0.type": "Campo obrigatório.",
        }
        assert await _errors(client, admin, type="template", content=with_(components=[{"type": "button"}])) == {
            "content.components.0.sub_type": "Obrigatório em componentes button (ex.: quick_reply).",
            "content.components.0.index": "Obrigatório em componentes button: a posição do botão.",
        }
        assert await _errors(client, admin, type="template", content=with_(components={"type": "body"})) == {
            "content.components": "Deve ser uma lista."
        }
        assert await _errors(client, admin, type="template", content="confirmacao_pedido") == {
            "content": "Deve ser um objeto."
        }

    async def test_provider_without_the_capability_refuses_before_the_queue(
        self, client: httpx.AsyncClient, ctx: AppContext, factory: Factory, doubles: None
    ) -> None:
        admin = await _admin(factory)
        await connect_sandbox(client, admin, provider="simples_teste", **NO_RECEIPTS)
        cases = {
            "template": (TEMPLATE, "templates"),
            "contacts": ({"contacts": [{"name": "Maria", "phones": [OTHER]}]}, "contacts"),
            "interactive": ({"type": "button", "body": "Ok?", "buttons": [{"id": "s", "title": "Sim"}]}, "interactive"),
            "sticker": ({"url": "https://cdn.loja.com.br/f.webp"}, "sticker"),
        }
        for kind, (content, capability) in cases.items():
            response = await client.post(
                SEND, headers=admin.headers, json={"to": CONTACT, "type": kind, "content": content}
            )
            body = assert_problem(response, 422, "recurso_nao_suportado")
            assert body["required"] == [capability], body
            assert "simples_teste" in body["detail"]
        async with ctx.sessionmaker() as db:
            assert await db.scalar(select(func.count()).select_from(Message)) == 0

    async def test_bulk_template_and_buttons_with_variables(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        recipients = [{"to": CONTACT, "variables": {"nome": "Maria"}}, {"to": OTHER, "variables": {"nome": "João"}}]
        template = {
            "name": "confirmacao_pedido",
            "language": "pt_BR",
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": "{{nome}}"}, {"type": "text", "text": "#1"}]}
            ],
        }
        buttons = {"type": "button", "body": "{{nome}}, confirma?", "buttons": [{"id": "s", "title": "Sim"}]}
        for kind, content in (("template", template), ("interactive", buttons)):
            response = await client.post(
                f"{MESSAGES}/send-bulk",
                headers=admin.headers,
                json={"recipients": recipients, "type": kind, "content": content},
            )
            assert response.status_code == 202, response.text

        async def all_sent() -> list[Any] | None:
            rows = await outbox_rows(ctx, session["id"])
            return rows if len(rows) == 4 else None

        rows = await wait_for(all_sent, what="4 envios em massa entregues")
        by_kind = {(r.message_type, r.to_number): r.content for r in rows}
        assert by_kind[("template", CONTACT)]["template"]["components"][0]["parameters"][0] == {
            "type": "text",
            "text": "Maria",
        }
        assert by_kind[("template", OTHER)]["template"]["components"][0]["parameters"][0]["text"] == "João"
        assert by_kind[("interactive", OTHER)]["interactive"]["body"] == "João, confirma?"
        # Um valor que estoura o limite do corpo recusa o pedido apontando a linha (como no texto).
        long = [{"to": CONTACT, "variables": {"nome": "x" * 1100}}]
        refused = await client.post(
            f"{MESSAGES}/send-bulk",
            headers=admin.headers,
            json={"recipients": long, "type": "interactive", "content": buttons},
        )
        problem = assert_problem(refused, 422, "validacao")
        assert problem["errors"][0]["field"] == "recipients.0"
        assert "1024" in problem["errors"][0]["message"]
        # Reação continua fora do envio em massa.
        reaction = await client.post(
            f"{MESSAGES}/send-bulk",
            headers=admin.headers,
            json={
                "recipients": recipients,
                "type": "reaction",
                "content": {"messageId": str(uuid.uuid4()), "emoji": "👍"},
            },
        )
        assert assert_problem(reaction, 422, "validacao")["errors"][0]["field"] == "type"


# ---------------------------------------------------------------------------------------------------------------
# Janela de 24 horas


class TestServiceWindow:
    async def test_outside_fails_template_goes_inside_goes(
        self, client: httpx.AsyncClient, ctx: AppContext, factory: Factory, doubles: None
    ) -> None:
        admin = await _admin(factory, "meta_teste", "sandbox")
        meta = await connect_sandbox(client, admin, provider="meta_teste", **NO_RECEIPTS)
        # Sem nenhuma mensagem do contato: texto (e reação, botões...) não sai.
        refused = await _send(client, admin, content="Oi! Seu pedido saiu.")
        row = await wait_status(ctx, refused["messageId"], "failed")
        assert (row.error_code, row.error) == ("fora_da_janela_24h", WINDOW_REASON)
        assert (row.provider, str(row.session_id), row.attempts) == ("meta_teste", meta["id"], 1)
        status = (await client.get(f"{MESSAGES}/{refused['messageId']}/status", headers=admin.headers)).json()
        assert (status["errorCode"], status["error"]) == ("fora_da_janela_24h", WINDOW_REASON)
        assert [e["status"] for e in await events_of(ctx, admin.tenant.id, "message.status")] == ["failed"]
        assert MetaLike.calls == []  # o provedor nem foi chamado
        # O template sai fora da janela.
        template = await _send(client, admin, type="template", content=TEMPLATE)
        sent = await wait_status(ctx, template["messageId"], FINAL_OR_BEYOND)
        assert str(sent.session_id) == meta["id"]
        # O contato responde (aqui, sem o nono dígito): a janela abre e o texto sai.
        await _incoming(ctx, meta["id"], CONTACT_WITHOUT_NINE)
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        inside = await _send(client, admin, content="Que bom que respondeu!")
        delivered = await wait_status(ctx, inside["messageId"], FINAL_OR_BEYOND)
        assert (delivered.provider, str(delivered.session_id)) == ("meta_teste", meta["id"])
        conversations = (await client.get("/api/v1/conversations", headers=admin.headers)).json()["items"]
        inbound = next(c for c in conversations if c["contactNumber"] == CONTACT_WITHOUT_NINE)
        assert inbound["lastInboundAt"] is not None
        outbound = next(c for c in conversations if c["contactNumber"] == CONTACT)
        assert outbound["lastInboundAt"] is None  # só envios: a janela não conta daqui
        # 25 horas depois da última mensagem do contato, a janela fechou de novo.
        async with ctx.sessionmaker() as db:
            await db.execute(
                update(Conversation)
                .where(Conversation.session_id == uuid.UUID(meta["id"]))
                .values(last_inbound_at=datetime.now(UTC) - timedelta(hours=25))
            )
            await commit(db)
        late = await _send(client, admin, type="reaction", content={"messageId": inside["messageId"], "emoji": "👍"})
        assert (await wait_status(ctx, late["messageId"], "failed")).error_code == "fora_da_janela_24h"

    async def test_falls_back_to_a_session_without_window(
        self, client: httpx.AsyncClient, ctx: AppContext, factory: Factory, doubles: None
    ) -> None:
        admin = await _admin(factory, "meta_teste", "sandbox")
        meta = await connect_sandbox(client, admin, "5511900000001", provider="meta_teste", **NO_RECEIPTS)
        sandbox = await connect_sandbox(client, admin, "5511900000002", **NO_RECEIPTS)
        text = await wait_status(ctx, (await _send(client, admin, content="Oi"))["messageId"], FINAL_OR_BEYOND)
        assert (text.provider, str(text.session_id), text.attempts) == ("sandbox", sandbox["id"], 1)
        template = await _send(client, admin, type="template", content=TEMPLATE)
        sent = await wait_status(ctx, template["messageId"], FINAL_OR_BEYOND)
        assert (sent.provider, str(sent.session_id)) == ("meta_teste", meta["id"])
        # Dentro da janela, a preferência volta a valer para qualquer tipo.
        await _incoming(ctx, meta["id"], CONTACT)
        await wait_inbound_processed(ctx, admin.tenant.id, 1)
        inside = await wait_status(
            ctx, (await _send(client, admin, content="Oi de novo"))["messageId"], FINAL_OR_BEYOND
        )
        assert inside.provider == "meta_teste"
        # Sem fallback (sessão fixada), fora da janela termina failed.
        pinned = await _send(client, admin, to=OTHER, content="Oi", sessionId=meta["id"])
        assert (await wait_status(ctx, pinned["messageId"], "failed")).error_code == "fora_da_janela_24h"

    async def test_upsert_keeps_the_latest_inbound(
        self, client: httpx.AsyncClient, ctx: AppContext, admin: Actor
    ) -> None:
        from wacs.conversations.service import Touch, upsert_conversations

        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        sid = uuid.UUID(session["id"])
        base = datetime.now(UTC) - timedelta(hours=1)
        touches = [
            Touch(admin.tenant.id, sid, CONTACT, "oi", "inbound", base),
            Touch(admin.tenant.id, sid, CONTACT, "olá", "outbound", base + timedelta(minutes=5)),
            Touch(admin.tenant.id, sid, OTHER, "tchau", "outbound", base),
        ]
        async with ctx.sessionmaker() as db:
            await upsert_conversations(db, touches)
            # Um lote atrasado, com uma entrada mais antiga, não volta a janela para trás.
            await upsert_conversations(
                db, [Touch(admin.tenant.id, sid, CONTACT, "antiga", "inbound", base - timedelta(hours=2))]
            )
            await commit(db)
            rows = {
                c.contact_number: c
                for c in (await db.execute(select(Conversation).where(Conversation.session_id == sid))).scalars()
            }
        assert rows[CONTACT].last_inbound_at == base
        assert rows[CONTACT].last_message_direction == "outbound"
        assert rows[CONTACT].unread_count == 2
        assert rows[OTHER].last_inbound_at is None


# ---------------------------------------------------------------------------------------------------------------
# Pausa do número inteiro e retry_after


def _info(session_id: uuid.UUID, tenant_id: uuid.UUID, provider_type: str) -> SessionInfo:
    return SessionInfo(session_id, tenant_id, "5511900000009", provider_type)


def _job() -> Job:
    return Job(id=1, kind="message.send", payload={}, attempts=1, max_attempts=8)


class TestNumberPause:
    async def test_attempt_honours_retry_after_and_number_pause(self, ctx: AppContext, doubles: None) -> None:
        tenant_id, first, second = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        outbound = OutboundMessage(uuid.uuid4(), CONTACT, "text", {"text": "oi"})
        option_a = (first, _info(first, tenant_id, "limite_teste"), None, "5511900000001")
        option_b = (second, _info(second, tenant_id, "limite_teste"), None, "5511900000002")
        breaker = dispatch.CircuitBreaker(ctx)

        # Erro só desta mensagem, com retry_after: a espera da nova tentativa é a do provedor.
        MetaLike.send_errors[str(first)] = [ProviderError("transient", "Tente depois.", "131056", retry_after=7)]
        gates = dispatch.Gates({}, {}, set())
        with pytest.raises(RetryLater) as retried:
            await dispatch._attempt(ctx, breaker, gates, _job(), [option_a], outbound)
        assert retried.value.delay == 7
        assert gates.paused == {}
        assert await ctx.cache.get(dispatch.number_pause_key(first)) is None

        # Limite do número inteiro sem retry_after: pausa padrão, no cache e no lote.
        limit = ProviderError("transient", "(#130429) Limite de envio do número.", "130429", scope="number")
        MetaLike.send_errors[str(first)] = [limit]
        with pytest.raises(RetryLater) as paused:
            await dispatch._attempt(ctx, breaker, gates, _job(), [option_a], outbound)
        assert paused.value.delay == dispatch.DEFAULT_NUMBER_PAUSE_SECONDS
        assert 4 < gates.pause_left(first) <= 5
        assert await ctx.cache.get_counter(f"cb-fail:{first}") == 1  # só o erro da mensagem contou no circuito
        calls = len(MetaLike.calls)
        # Outra mensagem para o número pausado: adiada (sem chamar o provedor e sem contar tentativa)...
        with pytest.raises(Postpone) as postponed:
            await dispatch._attempt(ctx, breaker, gates, _job(), [option_a], outbound)
        assert 4 < postponed.value.delay <= 5 + dispatch.PAUSE_JITTER_SECONDS
        assert len(MetaLike.calls) == calls
        # ...também noutra réplica (o lote seguinte lê a pausa do cache)...
        fresh = dispatch.Gates({}, await dispatch._pauses(ctx, [first, second]), set())
        assert set(fresh.paused) == {first}
        with pytest.raises(Postpone):
            await dispatch._attempt(ctx, breaker, fresh, _job(), [option_a], outbound)
        # ...e com outra sessão candidata, vai por ela.
        async with ctx.sessionmaker() as db:
            await _real_session(db, tenant_id, second)
        outcome = await dispatch._attempt(ctx, breaker, fresh, _job(), [option_a, option_b], outbound)
        assert (outcome.status, outcome.session_id) == ("sent", second)

    async def test_number_pause_postpones_the_queue_of_that_number_only(
        self, client: httpx.AsyncClient, ctx: AppContext, factory: Factory, doubles: None
    ) -> None:
        admin = await _admin(factory)
        limited = await connect_sandbox(client, admin, "5511900000001", provider="limite_teste", **NO_RECEIPTS)
        other = await connect_sandbox(client, admin, "5511900000002", **NO_RECEIPTS)
        pause = 3.0
        MetaLike.send_errors[limited["id"]] = [
            ProviderError(
                "transient", "(#130429) Limite de envio do número.", "130429", retry_after=pause, scope="number"
            )
        ]
        first = asyncio.create_task(_send(client, admin, content="primeira", sessionId=limited["id"]))

        async def throttled() -> float | None:
            return MetaLike.calls[0][0] if MetaLike.calls else None

        hit = await wait_for(throttled, what="o provedor recusar pelo limite do número")

        async def paused() -> bytes | None:
            return await ctx.cache.get(dispatch.number_pause_key(uuid.UUID(limited["id"])))

        await wait_for(paused, within=2, what="a pausa do número no cache")
        queued = await asyncio.gather(
            *(
                _send(client, admin, to=f"55119555500{i:02d}", content=f"fila {i}", sessionId=limited["id"])
                for i in range(3)
            ),
            _send(client, admin, to=OTHER, content="outro número", sessionId=other["id"]),
        )
        elsewhere = await wait_status(ctx, queued[-1]["messageId"], FINAL_OR_BEYOND)
        assert elsewhere.sent_at is not None and elsewhere.sent_at.timestamp() < hit + pause  # não esperou a pausa
        ids = [(await first)["messageId"], *(q["messageId"] for q in queued[:-1])]
        rows = [await wait_status(ctx, message_id, FINAL_OR_BEYOND, within=20) for message_id in ids]
        # Nada saiu pelo número pausado antes do fim da pausa (só a primeira chamada, a que recebeu o 130429).
        later = [call for call in MetaLike.calls[1:] if call[1] == limited["id"]]
        assert len(later) == 4 and all(at >= hit + pause - 0.05 for at, *_ in later), (hit, later)
        # A que recebeu o erro contou uma tentativa; as adiadas, não.
        assert [row.attempts for row in rows] == [2, 1, 1, 1]
        assert all(row.status in FINAL_OR_BEYOND and str(row.session_id) == limited["id"] for row in rows)
        delivered = await outbox_rows(ctx, limited["id"])
        assert sorted(r.provider_message_id for r in delivered) == sorted(str(row.message_id) for row in rows)
        async with ctx.sessionmaker() as db:
            assert await db.scalar(select(func.count()).select_from(Message)) == 5


async def _real_session(db: Any, tenant_id: uuid.UUID, session_id: uuid.UUID) -> None:
    """Tenant e sessão de verdade para o sandbox gravar a entrega (chaves estrangeiras do outbox)."""
    from wacs.models import Tenant

    db.add(Tenant(id=tenant_id, client_id=f"t-{tenant_id.hex[:10]}", name="Pausa"))
    await db.flush()
    db.add(
        WhatsAppSession(id=session_id, tenant_id=tenant_id, phone_number="5511900000002", provider_type="limite_teste")
    )
    await commit(db)


# ---------------------------------------------------------------------------------------------------------------
# Templates do número


def _templates(session_id: str, query: str = "") -> str:
    return f"/api/v1/sessions/{session_id}/templates{query}"


class TestTemplatesListing:
    async def test_sandbox_lists_approved_by_default(
        self, client: httpx.AsyncClient, admin: Actor, member: Actor
    ) -> None:
        session = await connect_sandbox(client, admin, **NO_RECEIPTS)
        response = await client.get(_templates(session["id"]), headers=member.headers)
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        assert [(t["name"], t["status"]) for t in items] == [
            ("confirmacao_pedido", "APPROVED"),
            ("lembrete_consulta", "APPROVED"),
        ]
        assert set(items[0]) == {"name", "language", "status", "category", "components"}
        assert (items[0]["language"], items[0]["category"]) == ("pt_BR", "UTILITY")
        assert items[0]["components"][1]["type"] == "BODY"
        every = (await client.get(_templates(session["id"], "?status=all"), headers=member.headers)).json()["items"]
        assert {t["status"] for t in every} == {"APPROVED", "PENDING", "REJECTED"}
        assert len(every) == 4
        wrong = await client.get(_templates(session["id"], "?status=pending"), headers=member.headers)
        assert assert_problem(wrong, 422, "validacao")["errors"][0]["field"] == "status"

    async def test_other_tenant_session_is_the_same_404(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        foreign = await connect_sandbox(client, admin_second, **NO_RECEIPTS)
        other = assert_problem(await client.get(_templates(foreign["id"]), headers=admin.headers), 404)
        unknown = assert_problem(await client.get(_templates(str(uuid.uuid4())), headers=admin.headers), 404)
        assert other["code"] == unknown["code"] == "sessao_nao_encontrada"
        assert other["detail"] == unknown["detail"]

    async def test_provider_without_templates(self, client: httpx.AsyncClient, factory: Factory, doubles: None) -> None:
        admin = await _admin(factory)
        session = await connect_sandbox(client, admin, provider="simples_teste", **NO_RECEIPTS)
        body = assert_problem(await client.get(_templates(session["id"]), headers=admin.headers), 422)
        assert body["code"] == "recurso_nao_suportado"
        assert "simples_teste" in body["detail"] and "templates" in body["detail"]

    async def test_provider_errors_and_cache(
        self, client: httpx.AsyncClient, ctx: AppContext, factory: Factory, doubles: None
    ) -> None:
        admin = await _admin(factory)
        session = await connect_sandbox(client, admin, provider="meta_teste", **NO_RECEIPTS)
        url = _templates(session["id"])
        MetaLike.template_error = ProviderError("transient", "A Graph API não respondeu.", "2", retry_after=7)
        busy = assert_problem(
            await client.get(url, headers=admin.headers), 503, "provedor_indisponivel_temporariamente"
        )
        assert busy["detail"] == (
            "O provedor meta_teste não conseguiu listar os templates agora: A Graph API não respondeu. Tente "
            "novamente em 7 s."
        )
        MetaLike.template_error = ProviderError("transient", "Tempo esgotado.")
        response = await client.get(url, headers=admin.headers)
        assert_problem(response, 503)
        assert response.headers["retry-after"] == "5"
        MetaLike.template_error = ProviderError("permanent", "(#100) Parâmetro inválido.", "100")
        refused = assert_problem(await client.get(url, headers=admin.headers), 502, "falha_provedor")
        assert refused["detail"] == "O provedor meta_teste recusou a listagem de templates: (#100) Parâmetro inválido."
        MetaLike.template_error = ProviderError("credentials", "(#190) Token expirado.", "190")
        expired = assert_problem(await client.get(url, headers=admin.headers), 502, "falha_provedor")
        assert "credenciais" in expired["detail"] and "(#190) Token expirado." in expired["detail"]
        MetaLike.template_error = ProviderError("permanent", "Sem templates.", "recurso_nao_suportado")
        assert_problem(await client.get(url, headers=admin.headers), 422, "recurso_nao_suportado")
        assert MetaLike.template_calls == 5  # erros não ficam em cache
        MetaLike.template_error = None
        for query in ("", "?status=all", ""):
            assert (await client.get(url + query, headers=admin.headers)).status_code == 200
        assert MetaLike.template_calls == 6  # a lista fica em cache por 60 s (um pedido ao provedor)


# ---------------------------------------------------------------------------------------------------------------
# Qualidade do número


async def test_quality_rating_is_stored_and_returned(
    client: httpx.AsyncClient, ctx: AppContext, factory: Factory, doubles: None
) -> None:
    admin = await _admin(factory)
    session = await connect_sandbox(client, admin, provider="meta_teste", **NO_RECEIPTS)
    assert (session["qualityRating"], session["profileName"]) == ("GREEN", "Loja Verificada")
    events = await events_of(ctx, admin.tenant.id, "session.status")
    assert events[-1]["qualityRating"] == "GREEN"
    async with ctx.sessionmaker() as db:
        service = SessionService(ctx, db, admin.tenant.id)
        row = await service.get(uuid.UUID(session["id"]))
        await service.set_state(row, ProviderState("connected", quality_rating="YELLOW"))
        await commit(db)
        await service.set_state(row, ProviderState("connected"))  # sem a informação, mantém a última
        await commit(db)
    listed = (await client.get("/api/v1/sessions/status", headers=admin.headers)).json()
    assert [(s["qualityRating"], s["profileName"]) for s in listed] == [("YELLOW", "Loja Verificada")]
    page = (await client.get("/api/v1/sessions", headers=admin.headers)).json()
    assert page["items"][0]["qualityRating"] == "YELLOW"
    sandbox = await connect_sandbox(client, admin, "5511900000002", **NO_RECEIPTS)
    assert sandbox["qualityRating"] is None


# ---------------------------------------------------------------------------------------------------------------
# Migration 0007


_TENANTS = sa.table(
    "tenants",
    sa.column("id", sa.Uuid()),
    sa.column("client_id", sa.String()),
    sa.column("name", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_SESSIONS = sa.table(
    "whatsapp_sessions",
    sa.column("id", sa.Uuid()),
    sa.column("tenant_id", sa.Uuid()),
    sa.column("phone_number", sa.String()),
    sa.column("provider_type", sa.String()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_CONVERSATIONS = sa.table(
    "conversations",
    sa.column("id", sa.Uuid()),
    sa.column("tenant_id", sa.Uuid()),
    sa.column("session_id", sa.Uuid()),
    sa.column("contact_number", sa.String()),
    sa.column("last_message_at", sa.DateTime(timezone=True)),
    sa.column("last_message_direction", sa.String()),
    sa.column("unread_count", sa.Integer()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)


async def test_migration_backfills_the_window_and_round_trips(tmp_path: Path) -> None:
    from tests.test_database import _alembic, _diff

    name = None
    if BACKEND == "postgres":
        name = f"wacs_mig_{uuid.uuid4().hex[:8]}"
        url = await recreate_database(name)
    else:
        url = f"sqlite:///{tmp_path / 'janela.db'}"
    engine = create_engine(make_settings(tmp_path, url, None))
    try:
        await _alembic(engine, "upgrade", "0006")
        tenant_id, session_id = uuid.uuid4(), uuid.uuid4()
        at = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
        async with engine.begin() as connection:
            await connection.execute(
                sa.insert(_TENANTS).values(
                    id=tenant_id, client_id="antigo", name="Antigo", created_at=at, updated_at=at
                )
            )
            await connection.execute(
                sa.insert(_SESSIONS).values(
                    id=session_id,
                    tenant_id=tenant_id,
                    phone_number="5511900000001",
                    provider_type="sandbox",
                    created_at=at,
                    updated_at=at,
                )
            )
            for contact, direction in ((CONTACT, "inbound"), (OTHER, "outbound")):
                await connection.execute(
                    sa.insert(_CONVERSATIONS).values(
                        id=uuid.uuid4(),
                        tenant_id=tenant_id,
                        session_id=session_id,
                        contact_number=contact,
                        last_message_at=at,
                        last_message_direction=direction,
                        unread_count=0,
                        created_at=at,
                        updated_at=at,
                    )
                )
        await _alembic(engine, "upgrade", "head")
        async with engine.connect() as connection:
            rows = dict(
                (await connection.execute(select(Conversation.contact_number, Conversation.last_inbound_at))).all()
            )
            quality = (await connection.execute(select(WhatsAppSession.quality_rating))).scalar_one()
            assert await connection.run_sync(_diff) == []
        assert rows == {CONTACT: at, OTHER: None}
        assert quality is None
        await _alembic(engine, "downgrade", "0006")
        async with engine.connect() as connection:

            def columns(sync: Any) -> tuple[set[str], set[str]]:
                inspector = sa.inspect(sync)
                return (
                    {c["name"] for c in inspector.get_columns("conversations")},
                    {c["name"] for c in inspector.get_columns("whatsapp_sessions")},
                )

            conversation_columns, session_columns = await connection.run_sync(columns)
        assert "last_inbound_at" not in conversation_columns and "quality_rating" not in session_columns
        await _alembic(engine, "upgrade", "head")
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()
        if name is not None:
            await drop_database(name)
