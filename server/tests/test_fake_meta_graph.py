"""Meta falsa (wacs.fakes.meta_graph): a Graph API imitada, exercitada por HTTP de verdade em 127.0.0.1.

Confere o que os clientes dela (o provedor Meta, o receptor de webhooks, os benchmarks) vão assumir: token, cada tipo
de envio aceito e os corpos inválidos recusados com o código da Meta, mídia, templates, limite de vazão, falhas
injetadas, latência, webhooks assinados sobre os bytes exatos e recibos automáticos (fora de ordem, repetidos).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.messaging_helpers import OGG, PDF, PNG, SERVER_DIR, serve, wait_for
from wacs.fakes.meta_graph import (
    AutoStatuses,
    FakeGraphState,
    FakeNumber,
    button_message,
    button_reply_message,
    change,
    contacts_message,
    create_app,
    entry,
    failed_status,
    forwarded_context,
    list_reply_message,
    location_message,
    notification,
    reaction_message,
    reply_context,
    text_message,
    unsupported_message,
)

PID = "106540352242922"
PID_2 = "106540352242923"
WABA = "102290129340398"
TOKEN = "EAAG-token-de-teste-do-numero-1"
TOKEN_2 = "EAAG-token-de-teste-do-numero-2"
SECRET = "segredo-do-app-de-teste-123"
VERIFY = "verifica-123"
CUSTOMER = "5511988887777"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _http(base: str) -> str:
    return base.replace("ws://", "http://", 1)


@dataclass
class Receiver:
    """O nosso lado, em miniatura: confere a assinatura sobre os bytes crus e guarda cada POST."""

    secret: str
    bodies: list[bytes] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            if request.method == "GET":
                query = request.query_params
                if query.get("hub.mode") == "subscribe" and query.get("hub.verify_token") == VERIFY:
                    return PlainTextResponse(query.get("hub.challenge", ""))
                return Response(status_code=403)
            raw = await request.body()
            given = request.headers.get("x-hub-signature-256")
            if not given:
                return Response(status_code=401)
            expected = "sha256=" + hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(given, expected):
                return Response(status_code=403)
            self.bodies.append(raw)
            self.headers.append(dict(request.headers))
            return PlainTextResponse("EVENT_RECEIVED")

        return Starlette(routes=[Route("/hook", hook, methods=["GET", "POST"])])

    @property
    def payloads(self) -> list[dict[str, Any]]:
        return [json.loads(raw) for raw in self.bodies]

    def statuses(self) -> list[dict[str, Any]]:
        return [
            status
            for payload in self.payloads
            for item in payload["entry"]
            for ch in item["changes"]
            for status in ch["value"].get("statuses", [])
        ]


@dataclass
class Env:
    fake: FakeGraphState
    number: FakeNumber
    client: httpx.AsyncClient  # base .../v26.0, com o token do número
    receiver: Receiver
    base: str  # raiz da Meta falsa (sem versão)

    async def send(self, body: dict[str, Any], **kwargs: Any) -> httpx.Response:
        return await self.client.post(f"/{PID}/messages", json=body, **kwargs)


@contextlib.asynccontextmanager
async def environment(**number: Any) -> AsyncIterator[Env]:
    receiver = Receiver(SECRET)
    fake = FakeGraphState()
    async with serve(receiver.app()) as hook_base, serve(create_app(fake)) as graph_base:
        registered = fake.add_number(
            PID,
            access_token=TOKEN,
            app_secret=SECRET,
            waba_id=WABA,
            display_phone_number="5511940000000",
            webhook_url=f"{_http(hook_base)}/hook",
            verify_token=VERIFY,
            **number,
        )
        async with httpx.AsyncClient(
            base_url=f"{_http(graph_base)}/v26.0", headers=AUTH, trust_env=False, timeout=10
        ) as client:
            try:
                yield Env(fake, registered, client, receiver, _http(graph_base))
            finally:
                await fake.aclose()


def _message(to: str = CUSTOMER, **content: Any) -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, **content}


def _error(response: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code, error
    assert isinstance(error["type"], str) and error["fbtrace_id"], error
    return error  # type: ignore[no-any-return]


# ------------------------------------------------------------------------------------------------- número e token


async def test_phone_number_fields_and_token_check() -> None:
    async with environment(quality_rating="YELLOW") as env:
        response = await env.client.get(f"/{PID}")
        assert response.status_code == 200
        body = response.json()
        assert body["verified_name"] == "Empresa Teste"
        assert body["display_phone_number"] == "5511940000000"
        assert body["quality_rating"] == "YELLOW"
        assert body["id"] == PID
        chosen = await env.client.get(f"/{PID}", params={"fields": "verified_name,quality_rating"})
        assert chosen.json() == {"verified_name": "Empresa Teste", "quality_rating": "YELLOW", "id": PID}
        # Qualquer versão vX.Y.
        assert (await env.client.get(f"{env.base}/v21.0/{PID}")).status_code == 200

        for headers in ({"Authorization": ""}, {"Authorization": "Bearer errado"}, {"Authorization": f"Basic {TOKEN}"}):
            refused = await env.client.get(f"/{PID}", headers=headers)
            error = _error(refused, 401, 190)
            assert error == {
                "message": "Invalid OAuth access token - Cannot parse access token",
                "type": "OAuthException",
                "code": 190,
                "fbtrace_id": error["fbtrace_id"],
            }
            assert "invalid_token" in refused.headers["www-authenticate"]
        _error(
            await env.send(_message(type="text", text={"body": "x"}), headers={"Authorization": "Bearer x"}), 401, 190
        )

        unknown = _error(await env.client.get("/999999"), 400, 100)
        assert unknown["error_subcode"] == 33
        assert unknown["type"] == "GraphMethodException"
        assert unknown["message"].startswith("Unsupported get request. Object with ID '999999' does not exist")
        unknown_post = _error(await env.client.post("/999999/messages", json=_message(text={"body": "x"})), 400, 100)
        assert unknown_post["message"].startswith("Unsupported post request.")

        field = _error(await env.client.get(f"/{PID}", params={"fields": "nao_existe"}), 400, 100)
        assert "nonexisting field (nao_existe)" in field["message"]
        _error(await env.client.get(f"{env.base}/latest/{PID}"), 400, 2500)
        _error(await env.client.get(f"{env.base}/v26.0/{PID}/nada"), 400, 2500)

        # Token válido, mas de outro número: para a Graph API o objeto "não existe" para ele.
        env.fake.add_number(PID_2, access_token=TOKEN_2, app_secret=SECRET, waba_id=WABA)
        other = await env.client.get(f"/{PID}", headers={"Authorization": f"Bearer {TOKEN_2}"})
        assert _error(other, 400, 100)["error_subcode"] == 33


# ----------------------------------------------------------------------------------------------------- envios


async def test_every_send_type_is_accepted_with_the_real_success_body() -> None:
    async with environment() as env:
        image = env.fake.add_media(PID, PNG, "image/png")
        audio = env.fake.add_media(PID, OGG, "audio/ogg; codecs=opus")
        pdf = env.fake.add_media(PID, PDF, "application/pdf")
        env.fake.add_template(
            WABA,
            "pedido_enviado",
            components=[
                {"type": "HEADER", "format": "TEXT", "text": "Pedido {{1}}"},
                {"type": "BODY", "text": "Olá {{1}}, seu pedido {{2}} saiu para entrega."},
            ],
        )
        bodies = {
            "texto": _message(type="text", text={"preview_url": False, "body": "Olá! ção 😀"}),
            "texto sem type (padrão text)": _message(text={"body": "sem type"}),
            "texto limite": _message(type="text", text={"body": "x" * 4096}),
            "resposta": _message(type="text", context={"message_id": "wamid.ABC="}, text={"body": "respondendo"}),
            "imagem por id": _message(type="image", image={"id": image.id, "caption": "legenda"}),
            "imagem por link": _message(type="image", image={"link": "https://example.com/a.png"}),
            "vídeo": _message(type="video", video={"link": "https://example.com/v.mp4", "caption": "c"}),
            "áudio de voz": _message(type="audio", audio={"id": audio.id, "voice": True}),
            "documento": _message(type="document", document={"id": pdf.id, "filename": "a.pdf", "caption": "c"}),
            "figurinha": _message(type="sticker", sticker={"link": "https://example.com/s.webp"}),
            "localização": _message(
                type="location", location={"latitude": -23.56, "longitude": "-46.65", "name": "Av", "address": "SP"}
            ),
            "contatos": _message(
                type="contacts",
                contacts=[
                    {
                        "name": {"formatted_name": "Ana Souza", "first_name": "Ana"},
                        "phones": [{"phone": "+5511999990000", "type": "CELL", "wa_id": "5511999990000"}],
                        "emails": [{"email": "ana@example.com", "type": "WORK"}],
                        "org": {"company": "ACME"},
                    }
                ],
            ),
            "botões": _message(
                type="interactive",
                interactive={
                    "type": "button",
                    "header": {"type": "text", "text": "Cabeçalho"},
                    "body": {"text": "Escolha"},
                    "footer": {"text": "rodapé"},
                    "action": {
                        "buttons": [
                            {"type": "reply", "reply": {"id": "sim", "title": "Sim"}},
                            {"type": "reply", "reply": {"id": "nao", "title": "Não"}},
                        ]
                    },
                },
            ),
            "lista": _message(
                type="interactive",
                interactive={
                    "type": "list",
                    "body": {"text": "Cardápio"},
                    "action": {
                        "button": "Ver opções",
                        "sections": [
                            {"title": "Pizzas", "rows": [{"id": "p1", "title": "Mussarela", "description": "Grande"}]},
                            {"title": "Bebidas", "rows": [{"id": "b1", "title": "Suco"}]},
                        ],
                    },
                },
            ),
            "template": _message(
                type="template",
                template={
                    "name": "pedido_enviado",
                    "language": {"code": "pt_BR"},
                    "components": [
                        {"type": "header", "parameters": [{"type": "text", "text": "123"}]},
                        {
                            "type": "body",
                            "parameters": [{"type": "text", "text": "Ana"}, {"type": "text", "text": "123"}],
                        },
                    ],
                },
            ),
            "reação": _message(type="reaction", reaction={"message_id": "wamid.ABC=", "emoji": "👍"}),
            "reação removida": _message(type="reaction", reaction={"message_id": "wamid.ABC=", "emoji": ""}),
            "destino com +": _message(to="+55 11 98888-7777", type="text", text={"body": "formatado"}),
        }
        for name, body in bodies.items():
            response = await env.send(body)
            assert response.status_code == 200, (name, response.text)
            got = response.json()
            wamid = got["messages"][0]["id"]
            assert wamid.startswith("wamid.") and base64.b64decode(wamid.removeprefix("wamid.")), name
            expected_message: dict[str, Any] = {"id": wamid}
            if body.get("type") == "template":
                expected_message["message_status"] = "accepted"
            assert got == {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": CUSTOMER}],
                "messages": [expected_message],
            }, name
            sent = env.fake.sent[-1]
            assert sent.body == body and sent.wamid == wamid and sent.to == body["to"], name
        assert env.fake.counters["messages.accepted"] == len(bodies)
        assert len({s.wamid for s in env.fake.sent}) == len(bodies)


async def test_invalid_bodies_are_refused_with_the_meta_code() -> None:
    async with environment() as env:
        image = env.fake.add_media(PID, PNG, "image/png")
        env.fake.add_template(WABA, "boas_vindas", components=[{"type": "BODY", "text": "Olá {{1}}"}])
        env.fake.add_template(WABA, "pausado", status="PAUSED")
        env.fake.add_template(WABA, "em_analise", status="PENDING")
        buttons = [{"type": "reply", "reply": {"id": f"b{i}", "title": f"B{i}"}} for i in range(4)]
        rows = [{"id": f"r{i}", "title": f"Linha {i}"} for i in range(11)]
        cases: list[tuple[str, Any, int, int, str]] = [
            (
                "sem messaging_product",
                {"to": CUSTOMER, "text": {"body": "x"}},
                400,
                100,
                "messaging_product is required",
            ),
            ("produto errado", _message(text={"body": "x"}) | {"messaging_product": "sms"}, 400, 100, "must be one of"),
            ("sem destino", {"messaging_product": "whatsapp", "text": {"body": "x"}}, 400, 100, "parameter to is"),
            ("destino inválido", _message(to="abc", text={"body": "x"}), 400, 131009, ""),
            ("tipo desconhecido", _message(type="poll", poll={}), 400, 100, 'got "poll"'),
            ("chave a mais no topo", _message(text={"body": "x"}, extra=1), 400, 100, 'Unexpected key "extra"'),
            ("texto sem corpo", _message(type="text", text={}), 400, 100, "text['body'] is required"),
            ("texto vazio", _message(type="text", text={"body": "  "}), 400, 100, "non-empty"),
            ("texto longo", _message(type="text", text={"body": "x" * 4097}), 400, 100, "at most 4096"),
            ("chave estranha no texto", _message(text={"body": "x", "foo": 1}), 400, 100, 'Unexpected key "foo"'),
            ("preview_url não booleano", _message(text={"body": "x", "preview_url": "sim"}), 400, 100, "boolean"),
            (
                "imagem com id e link",
                _message(type="image", image={"id": image.id, "link": "https://e.com/a"}),
                400,
                100,
                "exactly one",
            ),
            ("imagem sem id nem link", _message(type="image", image={"caption": "c"}), 400, 100, "exactly one"),
            ("mídia desconhecida", _message(type="image", image={"id": "123"}), 400, 131009, ""),
            ("link não http", _message(type="document", document={"link": "ftp://e.com/a.pdf"}), 400, 131009, ""),
            (
                "legenda em áudio",
                _message(type="audio", audio={"id": image.id, "caption": "c"}),
                400,
                100,
                'Unexpected key "caption"',
            ),
            ("latitude fora", _message(type="location", location={"latitude": 91, "longitude": 0}), 400, 131009, ""),
            ("sem longitude", _message(type="location", location={"latitude": 1}), 400, 100, "longitude"),
            ("contato sem nome", _message(type="contacts", contacts=[{"phones": []}]), 400, 100, "name"),
            (
                "contato só com formatted_name",
                _message(type="contacts", contacts=[{"name": {"formatted_name": "A"}}]),
                400,
                131009,
                "",
            ),
            (
                "quatro botões",
                _message(
                    type="interactive",
                    interactive={"type": "button", "body": {"text": "x"}, "action": {"buttons": buttons}},
                ),
                400,
                131009,
                "",
            ),
            (
                "título de botão longo",
                _message(
                    type="interactive",
                    interactive={
                        "type": "button",
                        "body": {"text": "x"},
                        "action": {"buttons": [{"type": "reply", "reply": {"id": "a", "title": "x" * 21}}]},
                    },
                ),
                400,
                131009,
                "",
            ),
            (
                "botões repetidos",
                _message(
                    type="interactive",
                    interactive={
                        "type": "button",
                        "body": {"text": "x"},
                        "action": {"buttons": [buttons[0], buttons[0]]},
                    },
                ),
                400,
                131009,
                "",
            ),
            (
                "botão sem corpo",
                _message(type="interactive", interactive={"type": "button", "action": {"buttons": buttons[:1]}}),
                400,
                100,
                "interactive['body']",
            ),
            (
                "lista com 11 linhas",
                _message(
                    type="interactive",
                    interactive={
                        "type": "list",
                        "body": {"text": "x"},
                        "action": {"button": "Ver", "sections": [{"title": "S", "rows": rows}]},
                    },
                ),
                400,
                131009,
                "",
            ),
            (
                "lista com cabeçalho de imagem",
                _message(
                    type="interactive",
                    interactive={
                        "type": "list",
                        "header": {"type": "image", "image": {"link": "https://e.com/a.png"}},
                        "body": {"text": "x"},
                        "action": {"button": "Ver", "sections": [{"rows": rows[:1]}]},
                    },
                ),
                400,
                131009,
                "",
            ),
            (
                "duas seções sem título",
                _message(
                    type="interactive",
                    interactive={
                        "type": "list",
                        "body": {"text": "x"},
                        "action": {"button": "Ver", "sections": [{"rows": rows[:1]}, {"rows": rows[1:2]}]},
                    },
                ),
                400,
                100,
                "['title'] is required",
            ),
            (
                "interativo de tipo estranho",
                _message(type="interactive", interactive={"type": "carrossel", "action": {}}),
                400,
                100,
                'got "carrossel"',
            ),
            (
                "template sem idioma",
                _message(type="template", template={"name": "boas_vindas"}),
                400,
                100,
                "template['language']",
            ),
            (
                "template de outro idioma",
                _message(type="template", template={"name": "boas_vindas", "language": {"code": "en_US"}}),
                404,
                132001,
                "",
            ),
            (
                "template em análise",
                _message(type="template", template={"name": "em_analise", "language": {"code": "pt_BR"}}),
                404,
                132001,
                "",
            ),
            (
                "template pausado",
                _message(type="template", template={"name": "pausado", "language": {"code": "pt_BR"}}),
                400,
                132015,
                "",
            ),
            (
                "template com parâmetros a menos",
                _message(type="template", template={"name": "boas_vindas", "language": {"code": "pt_BR"}}),
                400,
                132000,
                "",
            ),
            ("reação sem emoji", _message(type="reaction", reaction={"message_id": "wamid.A"}), 400, 100, "emoji"),
            ("context sem message_id", _message(text={"body": "x"}, context={}), 400, 100, "context['message_id']"),
            ("corpo não JSON", None, 400, 100, "Invalid parameter"),
        ]
        for name, body, status, code, snippet in cases:
            if body is None:
                response = await env.client.post(f"/{PID}/messages", content=b"{nao json", headers=AUTH)
            else:
                response = await env.send(body)
            error = _error(response, status, code)
            assert snippet in error["message"], (name, error)
            if code in {131009, 132000, 132001, 132015}:
                assert error["error_data"]["messaging_product"] == "whatsapp" and error["error_data"]["details"], name
                assert error["message"].startswith(f"(#{code}) "), name
        assert env.fake.sent == []

        missing = _error(
            await env.send(_message(type="template", template={"name": "nao_existe", "language": {"code": "pt_BR"}})),
            404,
            132001,
        )
        assert missing["message"] == "(#132001) Template name does not exist in the translation"
        assert missing["error_data"]["details"] == "template name (nao_existe) does not exist in pt_BR"


async def test_mark_read_and_typing_indicator() -> None:
    async with environment() as env:
        read = await env.send({"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.IN="})
        assert read.status_code == 200 and read.json() == {"success": True}
        typing = await env.send(
            {
                "messaging_product": "whatsapp",
                "status": "read",
                "message_id": "wamid.IN2=",
                "typing_indicator": {"type": "text"},
            }
        )
        assert typing.json() == {"success": True}
        assert [(r.message_id, r.typing) for r in env.fake.reads] == [("wamid.IN=", False), ("wamid.IN2=", True)]
        wrong = {
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": "x",
            "typing_indicator": {"type": "a"},
        }
        _error(await env.send(wrong), 400, 100)
        _error(await env.send({"messaging_product": "whatsapp", "status": "read"}), 400, 100)
        assert env.fake.sent == [] and env.fake.counters["reads"] == 2


# ------------------------------------------------------------------------------------------------------- mídia


async def test_media_upload_get_download_and_delete() -> None:
    async with environment() as env:
        env.fake.add_number(PID_2, access_token=TOKEN_2, app_secret=SECRET, waba_id=WABA)
        uploaded = await env.client.post(
            f"/{PID}/media",
            data={"messaging_product": "whatsapp", "type": "image/png"},
            files={"file": ("foto.png", PNG, "image/png")},
        )
        assert uploaded.status_code == 200, uploaded.text
        media_id = uploaded.json()["id"]
        assert list(uploaded.json()) == ["id"] and media_id.isdigit()

        info = await env.client.get(f"/{media_id}")
        assert info.status_code == 200
        body = info.json()
        assert body == {
            "url": body["url"],
            "mime_type": "image/png",
            "sha256": hashlib.sha256(PNG).hexdigest(),
            "file_size": len(PNG),
            "id": media_id,
            "messaging_product": "whatsapp",
        }
        assert body["url"].startswith(f"{env.base}/media-download/{media_id}?")
        assert b"\\/" in info.content  # a Graph API escapa "/" no JSON

        downloaded = await env.client.get(body["url"])
        assert downloaded.status_code == 200 and downloaded.content == PNG
        assert downloaded.headers["content-type"] == "image/png"
        async with httpx.AsyncClient(trust_env=False) as bare:
            assert (await bare.get(body["url"])).status_code == 401
            other = await bare.get(body["url"], headers={"Authorization": f"Bearer {TOKEN_2}"})
            assert other.status_code == 404
            tampered = body["url"].replace("hash=", "hash=0")
            assert (await bare.get(tampered, headers=AUTH)).status_code == 404
        assert _error(await env.client.get(f"/{media_id}", headers={"Authorization": f"Bearer {TOKEN_2}"}), 400, 100)

        env.fake.media_url_ttl_s = -1  # URL já vencida (vale ~5 minutos na Meta)
        expired = (await env.client.get(f"/{media_id}")).json()["url"]
        assert (await env.client.get(expired)).status_code == 404

        deleted = await env.client.delete(f"/{media_id}")
        assert deleted.status_code == 200 and deleted.json() == {"success": True}
        assert _error(await env.client.get(f"/{media_id}"), 400, 100)["error_subcode"] == 33
        assert _error(await env.client.delete(f"/{media_id}"), 400, 100)["error_subcode"] == 33

        voice = await env.client.post(
            f"/{PID}/media",
            data={"messaging_product": "whatsapp", "type": "audio/ogg; codecs=opus"},
            files={"file": ("voz.ogg", OGG, "audio/ogg")},
        )
        assert voice.status_code == 200
        assert (await env.client.get(f"/{voice.json()['id']}")).json()["mime_type"] == "audio/ogg; codecs=opus"

        zipped = await env.client.post(
            f"/{PID}/media",
            data={"messaging_product": "whatsapp", "type": "application/zip"},
            files={"file": ("a.zip", b"PK", "application/zip")},
        )
        assert "Received file of type 'application/zip'" in _error(zipped, 400, 100)["message"]
        big = await env.client.post(
            f"/{PID}/media",
            data={"messaging_product": "whatsapp", "type": "image/webp"},
            files={"file": ("s.webp", b"\x00" * (500 * 1024 + 1), "image/webp")},
        )
        _error(big, 400, 131053)
        no_file = await env.client.post(f"/{PID}/media", data={"messaging_product": "whatsapp", "type": "image/png"})
        assert "file is required" in _error(no_file, 400, 100)["message"]
        no_product = await env.client.post(
            f"/{PID}/media", data={"type": "image/png"}, files={"file": ("a.png", PNG, "image/png")}
        )
        _error(no_product, 400, 100)
        assert env.fake.counters["media.uploaded"] == 2 and env.fake.counters["media.downloaded"] == 1


# --------------------------------------------------------------------------------------------------- templates


async def test_templates_listing_pages_with_cursors() -> None:
    async with environment() as env:
        names = [f"template_{i}" for i in range(5)]
        for name in names:
            env.fake.add_template(
                WABA, name, category="MARKETING", components=[{"type": "BODY", "text": f"Oi {{{{1}}}} {name}"}]
            )
        env.fake.add_template("999000", "de_outra_waba")

        first = await env.client.get(f"/{WABA}/message_templates", params={"limit": 2})
        assert first.status_code == 200
        page = first.json()
        assert [t["name"] for t in page["data"]] == names[:2]
        template = page["data"][0]
        assert set(template) == {"name", "parameter_format", "components", "language", "status", "category", "id"}
        assert template["status"] == "APPROVED" and template["language"] == "pt_BR"
        assert template["components"] == [{"type": "BODY", "text": "Oi {{1}} template_0"}]
        assert set(page["paging"]["cursors"]) == {"before", "after"}

        seen, url = [], f"/{WABA}/message_templates?limit=2"
        while url:
            body = (await env.client.get(url)).json()
            seen += [t["name"] for t in body["data"]]
            url = body.get("paging", {}).get("next")
        assert seen == names

        after = page["paging"]["cursors"]["after"]
        rest = (await env.client.get(f"/{WABA}/message_templates", params={"after": after, "limit": 10})).json()
        assert [t["name"] for t in rest["data"]] == names[2:] and "next" not in rest["paging"]
        only = await env.client.get(
            f"/{WABA}/message_templates", params={"fields": "name,status", "name": "template_3"}
        )
        assert only.json()["data"] == [{"name": "template_3", "status": "APPROVED", "id": only.json()["data"][0]["id"]}]

        _error(await env.client.get(f"/{WABA}/message_templates", headers={"Authorization": "Bearer x"}), 401, 190)
        _error(await env.client.get("/999000/message_templates"), 400, 100)
        _error(await env.client.get(f"/{WABA}/message_templates", params={"after": "@@"}), 400, 100)


# ---------------------------------------------------------------------- vazão, falhas injetadas e latência


async def test_bursting_over_the_throughput_limit_gets_130429() -> None:
    async with environment(throughput_mps=5) as env:
        body = _message(type="text", text={"body": "rajada"})
        responses = await asyncio.gather(*(env.send(body) for _ in range(20)))
        accepted = [r for r in responses if r.status_code == 200]
        limited = [r for r in responses if r.status_code != 200]
        assert 5 <= len(accepted) <= 6, [r.status_code for r in responses]
        for response in limited:
            error = _error(response, 400, 130429)
            assert error["message"] == "(#130429) Rate limit hit"
            assert error["error_data"] == {
                "messaging_product": "whatsapp",
                "details": "Cloud API message throughput has been reached.",
            }
        assert env.fake.counters["messages.rate_limited"] == len(limited)
        assert len(env.fake.sent) == len(accepted)
        await asyncio.sleep(0.25)  # o balde volta a encher a 5 por segundo
        assert (await env.send(body)).status_code == 200


async def test_injected_failures_come_first_and_in_order() -> None:
    async with environment() as env:
        body = _message(type="text", text={"body": "x"})
        env.fake.fail_next(PID, 131047)
        env.fake.fail_next(PID, 190)
        env.fake.fail_next(PID, 500)
        env.fake.fail_next(PID, 503)
        env.fake.fail_next(PID, 130429, times=2)
        env.fake.fail_next(PID, 131000, on="read")
        env.fake.fail_next(PID, 131053, on="media")

        window = _error(await env.send(body), 400, 131047)
        assert window["message"] == "(#131047) Re-engagement message"
        assert "24 hours" in window["error_data"]["details"]
        expired = _error(await env.send(body), 401, 190)
        assert expired["error_subcode"] == 463 and "error_data" not in expired
        server = _error(await env.send(body), 500, 1)
        assert server["is_transient"] is True
        _error(await env.send(body), 503, 2)
        # Falhas vêm antes da validação: até um corpo inválido recebe a falha injetada.
        _error(await env.send({"lixo": True}), 400, 130429)
        _error(await env.send(body), 400, 130429)
        assert (await env.send(body)).status_code == 200
        assert len(env.fake.sent) == 1

        mark = {"messaging_product": "whatsapp", "status": "read", "message_id": "wamid.X"}
        _error(await env.send(mark), 500, 131000)
        assert (await env.send(mark)).json() == {"success": True}
        upload = await env.client.post(
            f"/{PID}/media",
            data={"messaging_product": "whatsapp", "type": "image/png"},
            files={"file": ("a.png", PNG, "image/png")},
        )
        _error(upload, 400, 131053)
        assert env.fake.counters["injected_failures"] == 8

        env.fake.fail_next(PID, 131026, http_status=400, body={"error": {"code": 131026, "message": "sob medida"}})
        assert (await env.send(body)).json() == {"error": {"code": 131026, "message": "sob medida"}}


async def test_latency_and_slow_failures() -> None:
    async with environment(latency_ms=150) as env:
        started = time.perf_counter()
        assert (await env.send(_message(text={"body": "devagar"}))).status_code == 200
        assert time.perf_counter() - started >= 0.15
        started = time.perf_counter()
        assert (await env.client.get(f"/{PID}")).status_code == 200
        assert time.perf_counter() - started >= 0.15

        env.number.latency_ms = 0
        env.fake.fail_next(PID, 131000, delay_s=1.0)
        with pytest.raises(httpx.ReadTimeout):
            await env.send(_message(text={"body": "x"}), timeout=0.2)


# ----------------------------------------------------------------------------------------------------- webhooks


async def test_inbound_webhook_is_the_meta_envelope_signed_over_the_raw_bytes() -> None:
    async with environment() as env:
        message = text_message(CUSTOMER, "Olá, ação/teste 😀", context=reply_context("wamid.OUT=", "5511940000000"))
        response = await env.fake.send_inbound(PID, message, contact_name="Maria José")
        assert response.status_code == 200 and response.text == "EVENT_RECEIVED"
        raw = env.receiver.bodies[0]
        headers = env.receiver.headers[0]
        assert headers["x-hub-signature-256"] == "sha256=" + hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
        assert headers["x-hub-signature"].startswith("sha1=")
        assert headers["content-type"] == "application/json"
        # Serializado como a Meta: não-ASCII escapado e "/" como "\/" — re-serializar muda os bytes (e a assinatura).
        assert b"\\u00e7" in raw and b"\\/" in raw
        assert json.dumps(json.loads(raw)).encode() != raw
        assert json.loads(raw) == {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": WABA,
                    "changes": [
                        {
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {"display_phone_number": "5511940000000", "phone_number_id": PID},
                                "contacts": [{"profile": {"name": "Maria José"}, "wa_id": CUSTOMER}],
                                "messages": [message],
                            },
                            "field": "messages",
                        }
                    ],
                }
            ],
        }
        assert message["context"] == {"from": "5511940000000", "id": "wamid.OUT="}
        assert message["timestamp"].isdigit() and message["type"] == "text"

        # Assinatura ausente → 401 e errada → 403 no receptor.
        payload = env.receiver.payloads[0]
        assert (await env.fake.post_webhook(payload, signed=False)).status_code == 401
        assert (await env.fake.post_webhook(payload, app_secret="outro-segredo")).status_code == 403
        assert env.fake.counters["webhooks.failed"] == 2 and env.fake.counters["webhooks.posted"] == 1

        verified = await env.fake.verify_webhook(PID, challenge="1158201444")
        assert verified.status_code == 200 and verified.text == "1158201444"
        assert (await env.fake.verify_webhook(PID, verify_token="errado")).status_code == 403


async def test_every_inbound_type_in_one_batch_and_media_served() -> None:
    async with environment() as env:
        fake = env.fake
        image = fake.inbound_media(PID, "image", CUSTOMER, PNG, "image/jpeg", caption="foto")
        voice = fake.inbound_media(PID, "audio", CUSTOMER, OGG, "audio/ogg; codecs=opus", voice=True)
        document = fake.inbound_media(PID, "document", CUSTOMER, PDF, "application/pdf", filename="nota.pdf")
        sticker = fake.inbound_media(PID, "sticker", CUSTOMER, b"RIFF....WEBP", "image/webp")
        video = fake.inbound_media(PID, "video", CUSTOMER, b"\x00\x00\x00\x18ftypmp42", "video/mp4")
        card = {
            "name": {"formatted_name": "Ana Souza", "first_name": "Ana"},
            "phones": [{"phone": "+55 11 99999-0000", "wa_id": "5511999990000", "type": "CELL"}],
        }
        batch = [
            text_message(CUSTOMER, "oi"),
            image,
            voice,
            document,
            sticker,
            video,
            location_message(CUSTOMER, -23.56, -46.65, name="Paulista", address="Av. Paulista, 1000"),
            contacts_message(CUSTOMER, [card]),
            reaction_message(CUSTOMER, "wamid.OUT=", "❤️"),
            reaction_message(CUSTOMER, "wamid.OUT=", None),
            button_reply_message("5511977776666", "sim", "Sim", context=reply_context("wamid.BTN=", "5511940000000")),
            list_reply_message(CUSTOMER, "p1", "Mussarela", description="Grande"),
            button_message(CUSTOMER, "Parar promoções", "STOP"),
            unsupported_message(CUSTOMER),
            text_message(CUSTOMER, "encaminhada", context=forwarded_context()),
        ]
        response = await fake.send_inbound(PID, batch, contact_name={CUSTOMER: "Maria", "5511977776666": "João"})
        assert response.status_code == 200
        assert len(env.receiver.bodies) == 1
        value = env.receiver.payloads[0]["entry"][0]["changes"][0]["value"]
        assert value["messages"] == batch
        assert value["contacts"] == [
            {"profile": {"name": "Maria"}, "wa_id": CUSTOMER},
            {"profile": {"name": "João"}, "wa_id": "5511977776666"},
        ]
        assert [m["type"] for m in batch] == [
            "text", "image", "audio", "document", "sticker", "video", "location", "contacts", "reaction",
            "reaction", "interactive", "interactive", "button", "unsupported", "text",
        ]  # fmt: skip
        assert voice["audio"]["voice"] is True and sticker["sticker"]["animated"] is False
        assert document["document"]["filename"] == "nota.pdf" and image["image"]["caption"] == "foto"
        assert batch[9]["reaction"] == {"message_id": "wamid.OUT="}
        assert batch[13]["errors"][0]["code"] == 131051 and "unsupported" not in batch[13]
        # O webhook traz o sha256 em base64; o GET da mídia, em hexadecimal.
        assert image["image"]["sha256"] == base64.b64encode(hashlib.sha256(PNG).digest()).decode()

        for item, data in ((image, PNG), (voice, OGG), (document, PDF)):
            kind = item["type"]
            info = (await env.client.get(f"/{item[kind]['id']}")).json()
            assert info["mime_type"] == item[kind]["mime_type"] and info["sha256"] == hashlib.sha256(data).hexdigest()
            assert (await env.client.get(info["url"])).content == data

        # Várias entradas e mudanças num POST só (dois números do mesmo app).
        fake.add_number(
            PID_2, access_token=TOKEN_2, app_secret=SECRET, waba_id=WABA, display_phone_number="551130000000"
        )
        payload = notification(
            [
                entry(WABA, [change(fake.value(PID, messages=[text_message(CUSTOMER, "1")]))]),
                entry(
                    WABA,
                    [
                        change(fake.value(PID_2, statuses=[failed_status("wamid.Z=", CUSTOMER, 131026)])),
                        change(fake.value(PID_2, messages=[text_message(CUSTOMER, "2")])),
                    ],
                ),
            ]
        )
        assert (await fake.post_webhook(payload)).status_code == 200
        received = env.receiver.payloads[-1]
        assert received == payload
        failed = received["entry"][1]["changes"][0]["value"]["statuses"][0]
        assert failed["status"] == "failed" and failed["errors"][0]["code"] == 131026
        assert failed["errors"][0]["error_data"]["details"]

        quality = {"display_phone_number": "5511940000000", "event": "FLAGGED", "current_limit": "TIER_1K"}
        assert (await fake.send_change(PID, "phone_number_quality_update", quality)).status_code == 200
        assert env.receiver.payloads[-1]["entry"][0]["changes"] == [
            {"value": quality, "field": "phone_number_quality_update"}
        ]


async def test_webhooks_never_leave_the_machine() -> None:
    fake = FakeGraphState()
    for url in ("http://example.com/hook", "http://10.0.0.5/hook", "https://graph.facebook.com/x", "file:///etc"):
        with pytest.raises(ValueError):
            fake.add_number(PID, access_token=TOKEN, app_secret=SECRET, waba_id=WABA, webhook_url=url)
    fake.add_number(PID, access_token=TOKEN, app_secret=SECRET, waba_id=WABA, webhook_url="http://[::1]:9/x")
    fake.add_number(PID_2, access_token=TOKEN, app_secret=SECRET, waba_id=WABA, webhook_url="http://localhost:9/x")
    fake.numbers[PID].webhook_url = "http://192.0.2.1/hook"  # mudado à mão depois do cadastro: ainda recusado
    with pytest.raises(ValueError):
        await fake.send_inbound(PID, text_message(CUSTOMER, "x"))
    with pytest.raises(ValueError):
        await fake.post_webhook(notification([]), phone_number_id=PID, url="http://203.0.113.9/")
    assert fake.webhooks == []
    await fake.aclose()


# ------------------------------------------------------------------------------------------ recibos automáticos


async def _statuses(env: Env, count: int) -> list[dict[str, Any]]:
    await env.fake.drain()
    return await wait_for(lambda: _at_least(env, count), within=5, what=f"{count} recibos")


async def _at_least(env: Env, count: int) -> list[dict[str, Any]] | None:
    statuses = env.receiver.statuses()
    return statuses if len(statuses) >= count else None


FAST = {"sent_after": 0.0, "delivered_after": 0.05, "read_after": 0.1, "played_after": 0.15}


async def test_auto_statuses_in_order_one_post_each() -> None:
    async with environment(auto_statuses=AutoStatuses(**FAST)) as env:
        wamid = (await env.send(_message(text={"body": "oi"}))).json()["messages"][0]["id"]
        statuses = await _statuses(env, 3)
        assert [s["status"] for s in statuses] == ["sent", "delivered", "read"]
        assert len(env.receiver.bodies) == 3
        assert {s["id"] for s in statuses} == {wamid} and {s["recipient_id"] for s in statuses} == {CUSTOMER}
        sent, delivered, read = statuses
        assert sent["pricing"] == {"billable": False, "pricing_model": "PMP", "category": "service", "type": "regular"}
        assert sent["conversation"]["origin"] == {"type": "service"} and "expiration_timestamp" in sent["conversation"]
        assert "expiration_timestamp" not in delivered["conversation"]
        assert "pricing" not in read and "conversation" not in read
        assert all(s["timestamp"].isdigit() for s in statuses)

        env.fake.add_template(WABA, "aviso", category="MARKETING")
        template = _message(type="template", template={"name": "aviso", "language": {"code": "pt_BR"}})
        assert (await env.send(template)).status_code == 200
        priced = (await _statuses(env, 6))[3]
        assert priced["pricing"]["category"] == "marketing" and priced["pricing"]["billable"] is True


async def test_auto_statuses_out_of_order_duplicated_played_and_failed() -> None:
    async with environment(auto_statuses=AutoStatuses(**FAST, out_of_order=True, duplicate=True)) as env:
        await env.send(_message(text={"body": "fora de ordem"}))
        assert [s["status"] for s in await _statuses(env, 4)] == ["sent", "read", "delivered", "delivered"]

    async with environment(auto_statuses=AutoStatuses(**FAST)) as env:
        voice = env.fake.add_media(PID, OGG, "audio/ogg; codecs=opus")
        await env.send(_message(type="audio", audio={"id": voice.id, "voice": True}))
        assert [s["status"] for s in await _statuses(env, 4)] == ["sent", "delivered", "read", "played"]

    async with environment(auto_statuses=AutoStatuses(**FAST, skip_delivered=True)) as env:
        await env.send(_message(text={"body": "lida na hora"}))
        assert [s["status"] for s in await _statuses(env, 2)] == ["sent", "read"]

    async with environment(auto_statuses=AutoStatuses(**FAST, fail_with=131026)) as env:
        wamid = (await env.send(_message(text={"body": "não entrega"}))).json()["messages"][0]["id"]
        sent, failed = await _statuses(env, 2)
        assert (sent["status"], failed["status"], failed["id"]) == ("sent", "failed", wamid)
        assert failed["errors"][0]["code"] == 131026 and failed["errors"][0]["href"]
        assert "pricing" not in failed


async def test_service_window_and_brazilian_wa_id() -> None:
    async with environment(auto_statuses=AutoStatuses(**FAST), enforce_service_window=True) as env:
        # O wa_id de celulares brasileiros antigos não tem o nono dígito: a resposta e os recibos usam o wa_id.
        env.fake.wa_ids[CUSTOMER] = "551188887777"
        response = await env.send(_message(text={"body": "sem janela"}))
        assert response.status_code == 200  # a Meta aceita e só depois avisa a falha
        assert response.json()["contacts"] == [{"input": CUSTOMER, "wa_id": "551188887777"}]
        (failed,) = await _statuses(env, 1)
        assert failed["status"] == "failed" and failed["errors"][0]["code"] == 131047
        assert failed["recipient_id"] == "551188887777"

        env.fake.add_template(WABA, "reabrir")
        await env.send(_message(type="template", template={"name": "reabrir", "language": {"code": "pt_BR"}}))
        assert [s["status"] for s in (await _statuses(env, 4))[1:]] == ["sent", "delivered", "read"]

        await env.fake.send_inbound(PID, text_message("551188887777", "voltei"))
        await env.send(_message(text={"body": "agora pode"}))
        assert [s["status"] for s in (await _statuses(env, 7))[4:]] == ["sent", "delivered", "read"]


# ------------------------------------------------------------------------------------- rotas de controle e CLI


async def test_control_routes_for_manual_use() -> None:
    async with environment() as env, httpx.AsyncClient(base_url=env.base, trust_env=False) as bare:
        posted = await bare.post(f"/_fake/{PID}/inbound", json={"from": CUSTOMER, "text": "Oi", "name": "Bia"})
        assert posted.status_code == 200 and posted.json()["webhook_status"] == 200
        value = env.receiver.payloads[0]["entry"][0]["changes"][0]["value"]
        assert value["messages"][0]["text"] == {"body": "Oi"} and value["contacts"][0]["profile"]["name"] == "Bia"
        assert (await bare.post(f"/_fake/{PID}/inbound", json={})).status_code == 422
        await env.send(_message(text={"body": "registrado"}))
        listed = (await bare.get("/_fake/sent")).json()
        assert listed["data"][0]["body"]["text"] == {"body": "registrado"}
        assert listed["counters"]["messages.accepted"] == 1


async def test_command_line_serves_a_number() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(SERVER_DIR)}
    args = ["--port", str(port), "--phone-number-id", PID, "--token", TOKEN, "--app-secret", SECRET]
    args += ["--webhook-url", "http://127.0.0.1:5000/api/v1/webhooks/meta"]
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wacs.fakes.meta_graph",
        *args,
        cwd=SERVER_DIR,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        async with httpx.AsyncClient(trust_env=False, headers=AUTH) as client:

            async def answered() -> httpx.Response | None:
                assert proc.returncode is None, "a Meta falsa de linha de comando terminou antes de responder"
                with contextlib.suppress(httpx.TransportError):
                    return await client.get(f"http://127.0.0.1:{port}/v26.0/{PID}")
                return None

            response = await wait_for(answered, within=15, what="a Meta falsa de linha de comando")
            assert response.json()["id"] == PID
            templates = (await client.get(f"http://127.0.0.1:{port}/v26.0/{WABA}/message_templates")).json()
            assert {t["name"] for t in templates["data"]} == {"hello_world", "boas_vindas"}
    finally:
        if proc.returncode is None:
            os.kill(proc.pid, signal.SIGTERM)
        raw, _ = await asyncio.wait_for(proc.communicate(), 10)
    output = raw.decode()
    assert "Cole na configuração da sessão" in output
    assert f'"accessToken": "{TOKEN}"' in output and f'"baseUrl": "http://127.0.0.1:{port}"' in output
