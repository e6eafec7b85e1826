"""Provedor Baileys: o contrato HTTP com o serviço Node (docs/baileys.md) e a ponta a ponta com o serviço de verdade.

Os testes de unidade falam com um serviço falso servido por um uvicorn de verdade em 127.0.0.1 (o provedor usa a rede
como em produção). A ponta a ponta sobe `baileys/dist/src/main.js` em modo simulado (`BAILEYS_FAKE=true`) e uma API
isolada num uvicorn que o serviço chama de volta pelos callbacks assinados.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import shutil
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.conftest import BACKEND, make_settings
from tests.messaging_helpers import ChildProcess, isolated_app, serve, wait_for, wait_status
from wacs.assembly import install_providers
from wacs.config import Settings
from wacs.kit import metrics, ssrf
from wacs.kit.context import AppContext
from wacs.models import Message
from wacs.providers import baileys, registry
from wacs.providers.baileys import BaileysProvider
from wacs.providers.base import OutboundMessage, ProviderError, SessionInfo
from wacs.providers.callbacks import SIGNED_ROUTES, callback_secret
from wacs.sidecars import BAILEYS_MAIN

TOKEN = "token-de-teste-do-servico"
PHONE = "5511988887777"
TO = "5511977776666"
PDF = b"%PDF-1.4"
PNG_FILE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 2
MEDIA_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _problem(status: int, code: str, detail: str) -> JSONResponse:
    body = {"type": f"https://wacs.dev/problemas/{code}", "title": code, "status": status, "detail": detail}
    return JSONResponse({**body, "code": code}, status, media_type="application/problem+json")


@dataclass
class FakeService:
    """O contrato do serviço Baileys, com as respostas que cada teste programa."""

    views: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    send_reply: Response | None = None
    delay_seconds: float = 0.0
    calls: list[tuple[str, str, str | None, Any]] = field(default_factory=list)

    def app(self) -> Starlette:
        async def health(request: Request) -> Response:
            return JSONResponse({"status": "ok"})

        async def session(request: Request) -> Response:
            denied = await self._enter(request)
            if denied is not None:
                return denied
            sid, action = request.path_params["sid"], request.path_params.get("action")
            queue = self.views.get(sid)
            if action in {"messages", "read", "media"} and self.send_reply is not None:
                return self.send_reply
            if action == "messages":
                return JSONResponse({"providerMessageId": "3EB0ABCDEF0123456789AB", "jid": f"{TO}@s.whatsapp.net"})
            if action == "read":
                return Response(status_code=204)
            if action == "media":
                return Response(MEDIA_BYTES, media_type="image/png")
            if not queue:
                return _problem(404, "sessao_nao_encontrada", "Esta sessão não existe neste serviço.")
            # Cada consulta avança na lista de estados programados (o último se repete).
            view = queue.pop(0) if len(queue) > 1 else queue[0]
            return JSONResponse({"sessionId": sid, "qrDataUrl": None, **view})

        return Starlette(
            routes=[
                Route("/health", health),
                Route("/sessions/{sid}", session, methods=["GET"]),
                Route("/sessions/{sid}/{action}", session, methods=["POST"]),
            ]
        )

    async def _enter(self, request: Request) -> Response | None:
        body = await request.body()
        self.calls.append(
            (request.method, request.url.path, request.headers.get("authorization"), json.loads(body) if body else None)
        )
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return _problem(401, "nao_autenticado", "Token do serviço ausente ou inválido.")
        return None


def _view(state: str, **extra: Any) -> dict[str, Any]:
    base = {"state": state, "qr": None, "pairingCode": None, "phoneNumber": None, "profileName": None, "detail": None}
    return {**base, **extra}


@contextlib.asynccontextmanager
async def running(fake: FakeService) -> AsyncIterator[str]:
    async with serve(fake.app()) as url:
        yield url.replace("ws://", "http://")
    await ssrf.close_http_clients()


def _provider(tmp_path: Path, url: str, **config: Any) -> BaileysProvider:
    settings = _settings(tmp_path, url)
    ctx = cast(AppContext, SimpleNamespace(settings=settings))
    info = SessionInfo(uuid.uuid4(), uuid.uuid4(), f"+{PHONE}", "baileys")
    return BaileysProvider(ctx, info, BaileysProvider.config_schema.model_validate(config))


def _settings(tmp_path: Path, url: str, **overrides: Any) -> Settings:
    values = {"baileys_url": url, "baileys_token": TOKEN, "baileys_timeout_seconds": 2.0, **overrides}
    return make_settings(tmp_path, None, None, **values)


def _text(message_id: uuid.UUID | None = None, text: str = "Olá!") -> OutboundMessage:
    return OutboundMessage(message_id or uuid.uuid4(), f"+{TO}", "text", {"text": text})


# ---------------------------------------------------------------------------------------------------------------
# Declaração e instalação


def test_declares_every_whatsapp_web_send_signed_callbacks_and_precedes_the_sandbox() -> None:
    from wacs.providers.sandbox import SandboxProvider

    assert BaileysProvider.capabilities == frozenset(
        {"text", "image", "video", "document", "audio", "voice_note", "location", "reply", "reaction", "mark_read"}
    )
    assert BaileysProvider.callbacks is SIGNED_ROUTES
    assert BaileysProvider.default_rank < SandboxProvider.default_rank
    config = BaileysProvider.config_schema.model_validate({})
    assert config.model_dump(by_alias=True) == {
        "usePairingCode": False,
        "receiveGroups": False,
        "receiveStatus": False,
        "receiveNewsletters": False,
        "messagesPerSecond": 1.0,
        "jitterSeconds": 1.0,
    }
    # A fila da API segue a média do ritmo do serviço: 1 s de intervalo + 0,5 s de atraso médio.
    assert BaileysProvider.throughput(cast(Any, SimpleNamespace(config=config))).messages_per_second == 1 / 1.5
    with pytest.raises(ValueError, match="messagesPerSecond"):
        BaileysProvider.config_schema.model_validate({"messagesPerSecond": 5000})


def test_installed_only_with_baileys_url(tmp_path: Path) -> None:
    install_providers()
    assert "baileys" not in registry.available_types()
    install_providers(_settings(tmp_path, ""))
    assert "baileys" not in registry.available_types()
    try:
        install_providers(_settings(tmp_path, "http://127.0.0.1:1", baileys_token=None))
        assert registry.available_types() == ("baileys", "meta_api", "sandbox")
        # Sem BAILEYS_TOKEN, o token nasce em DATA_DIR/baileys.token (o serviço Node lê o mesmo arquivo).
        token = (tmp_path / "baileys.token").read_text().strip()
        assert len(token) >= 64
        assert baileys.service_token(_settings(tmp_path, "http://x", baileys_token=None)) == token
    finally:
        registry.unregister("baileys")


# ---------------------------------------------------------------------------------------------------------------
# Contrato HTTP (serviço falso)


async def test_initialize_waits_for_the_qr_and_sends_the_session_options(tmp_path: Path) -> None:
    fake = FakeService()
    async with running(fake) as url:
        provider = _provider(tmp_path, url, receiveGroups=True, messagesPerSecond=0.5, jitterSeconds=2.5)
        sid = str(provider.session.id)
        fake.views[sid] = [_view("connecting"), _view("connecting"), _view("qr", qr="FAKE-QR-1")]
        state = await provider.initialize()
    assert (state.status, state.qr_code, state.pairing_code) == ("qr", "FAKE-QR-1", None)
    method, path, authorization, body = fake.calls[0]
    assert (method, path, authorization) == ("POST", f"/sessions/{sid}/start", f"Bearer {TOKEN}")
    assert body == {
        "phoneNumber": PHONE,
        "usePairingCode": False,
        "receiveGroups": True,
        "receiveStatus": False,
        "receiveNewsletters": False,
        # O ritmo da sessão vai para o serviço, que espaça os envios: 1/teto de intervalo + atraso aleatório.
        "pace": {"minIntervalMs": 2000, "jitterMs": 2500},
    }
    assert all(call[2] == f"Bearer {TOKEN}" for call in fake.calls)


async def test_initialize_with_pairing_code_and_connected_profile(tmp_path: Path) -> None:
    fake = FakeService()
    async with running(fake) as url:
        provider = _provider(tmp_path, url, usePairingCode=True)
        sid = str(provider.session.id)
        fake.views[sid] = [_view("qr", pairingCode="ABCD-1234", detail="Digite o código no celular.")]
        state = await provider.initialize()
        assert (state.status, state.qr_code, state.pairing_code) == ("qr", None, "ABCD-1234")
        assert state.detail == "Digite o código no celular."
        assert fake.calls[0][3]["usePairingCode"] is True

        fake.views[sid] = [_view("connected", phoneNumber=PHONE, profileName="Loja")]
        state = await provider.status()
        assert (state.status, state.account_number, state.profile_name) == ("connected", PHONE, "Loja")
        assert await provider.health() is True


async def test_status_of_a_session_unknown_to_the_service_is_disconnected(tmp_path: Path) -> None:
    async with running(FakeService()) as url:
        state = await _provider(tmp_path, url).status()
    assert state.status == "disconnected"


async def test_send_text_returns_the_service_id(tmp_path: Path) -> None:
    fake = FakeService()
    message_id = uuid.uuid4()
    async with running(fake) as url:
        provider = _provider(tmp_path, url)
        result = await provider.send(_text(message_id, "Bom dia"))
    assert result.provider_message_id == "3EB0ABCDEF0123456789AB"
    method, path, authorization, body = fake.calls[-1]
    assert (method, path, authorization) == ("POST", f"/sessions/{provider.session.id}/messages", f"Bearer {TOKEN}")
    assert body == {"messageId": str(message_id), "to": TO, "type": "text", "text": "Bom dia"}


async def test_disconnected_number_is_transient(tmp_path: Path) -> None:
    fake = FakeService(send_reply=_problem(409, "sessao_desconectada", "O número não está conectado agora."))
    async with running(fake) as url:
        with pytest.raises(ProviderError) as caught:
            await _provider(tmp_path, url).send_text(_text())
    assert caught.value.kind == "transient"
    assert caught.value.code == "sessao_desconectada"
    assert caught.value.message == "O número não está conectado agora."


async def test_wrong_token_is_transient_and_explains_the_configuration(tmp_path: Path) -> None:
    fake = FakeService()
    async with running(fake) as url:
        provider = _provider(tmp_path, url)
        provider.ctx.settings.baileys_token = "outro-token"
        with pytest.raises(ProviderError) as caught:
            await provider.send_text(_text())
    assert caught.value.kind == "transient"
    assert caught.value.code == "baileys_token_invalido"
    assert "BAILEYS_TOKEN" in caught.value.message and "token" in caught.value.message


async def test_invalid_request_is_permanent_with_the_service_detail(tmp_path: Path) -> None:
    detail = "O destinatário (to) deve ter de 10 a 15 dígitos, só números."
    fake = FakeService(send_reply=_problem(422, "validacao", detail))
    async with running(fake) as url:
        with pytest.raises(ProviderError) as caught:
            await _provider(tmp_path, url).send_text(_text())
    assert (caught.value.kind, caught.value.message, caught.value.code) == ("permanent", detail, "validacao")


async def test_service_errors_and_timeouts_are_transient(tmp_path: Path) -> None:
    fake = FakeService(send_reply=_problem(502, "falha_no_envio", "O WhatsApp não aceitou o envio agora."))
    async with running(fake) as url:
        provider = _provider(tmp_path, url)
        with pytest.raises(ProviderError) as caught:
            await provider.send_text(_text())
        assert caught.value.kind == "transient"
        assert caught.value.message.startswith("O serviço Baileys não respondeu")

        fake.send_reply = None
        fake.delay_seconds = 1.0
        provider.ctx.settings.baileys_timeout_seconds = 0.2
        with pytest.raises(ProviderError) as caught:
            await provider.send_text(_text())
        assert (caught.value.kind, caught.value.code) == ("transient", "baileys_timeout")


async def test_service_down_is_transient(tmp_path: Path) -> None:
    provider = _provider(tmp_path, f"http://127.0.0.1:{free_port()}")
    for call in (provider.send_text(_text()), provider.initialize(), provider.status()):
        with pytest.raises(ProviderError) as caught:
            await call
        assert caught.value.kind == "transient"
        assert caught.value.message.startswith("O serviço Baileys não respondeu")
    assert await provider.health() is False
    await ssrf.close_http_clients()


def _message(kind: str, content: dict[str, Any], media_bytes: bytes | None = None) -> OutboundMessage:
    return OutboundMessage(uuid.uuid4(), f"+{TO}", kind, content, media_bytes)


async def test_sends_every_type_in_the_service_format(tmp_path: Path) -> None:
    fake = FakeService()
    reply = {"messageId": str(uuid.uuid4()), "providerMessageId": "ABC", "fromMe": False, "text": "pergunta"}
    cases: list[tuple[OutboundMessage, dict[str, Any]]] = [
        (
            _message("image", {"media": {"mediaId": "x", "caption": "foto", "mimeType": "image/png"}}, MEDIA_BYTES),
            {"media": {"data": base64.b64encode(MEDIA_BYTES).decode(), "mimeType": "image/png", "caption": "foto"}},
        ),
        (
            _message("document", {"media": {"mediaId": "x", "filename": "a.pdf", "mimeType": "application/pdf"}}, PDF),
            {"media": {"data": base64.b64encode(PDF).decode(), "mimeType": "application/pdf", "filename": "a.pdf"}},
        ),
        (
            _message("audio", {"media": {"mediaId": "x", "mimeType": "audio/ogg"}, "ptt": True}, b"OggS"),
            {"media": {"data": base64.b64encode(b"OggS").decode(), "mimeType": "audio/ogg"}, "ptt": True},
        ),
        (
            _message("location", {"location": {"latitude": -23.5, "longitude": -46.6, "name": "Loja"}}),
            {"location": {"latitude": -23.5, "longitude": -46.6, "name": "Loja"}},
        ),
        (
            _message("reaction", {"reaction": {**reply, "emoji": "👍"}}),
            {"reaction": {"providerMessageId": "ABC", "fromMe": False, "text": "pergunta", "emoji": "👍"}},
        ),
        (
            _message("text", {"text": "respondendo", "replyTo": reply}),
            {"text": "respondendo", "replyTo": {"providerMessageId": "ABC", "fromMe": False, "text": "pergunta"}},
        ),
    ]
    async with running(fake) as url:
        provider = _provider(tmp_path, url)
        for message, expected in cases:
            result = await provider.send(message)
            assert result.provider_message_id == "3EB0ABCDEF0123456789AB"
            body = fake.calls[-1][3]
            assert body["messageId"] == str(message.message_id) and body["to"] == TO and body["type"] == message.type
            for key, value in expected.items():
                got = body[key]
                if isinstance(value, dict):
                    got = {k: v for k, v in got.items() if v is not None}
                assert got == value, (message.type, key, got)


async def test_media_by_url_is_fetched_by_the_api_and_sent_as_bytes(tmp_path: Path) -> None:
    async def media(request: Request) -> Response:
        if request.url.path == "/grande.bin":
            return Response(b"x" * 4096, media_type="application/octet-stream")
        if request.url.path == "/falha":
            return Response(status_code=503)
        return Response(MEDIA_BYTES, media_type="image/png; charset=binary")

    fake = FakeService()
    origin = Starlette(routes=[Route("/{name:path}", media)])
    async with running(fake) as url, serve(origin) as media_url:
        base = media_url.replace("ws://", "http://")
        settings = _settings(tmp_path, url, media_url_allow_private=True, media_max_bytes=2048)
        provider = _provider(tmp_path, url)
        provider.ctx = cast(AppContext, SimpleNamespace(settings=settings))
        await provider.send(_message("image", {"media": {"url": f"{base}/foto.png"}}))
        sent = fake.calls[-1][3]["media"]
        assert base64.b64decode(sent["data"]) == MEDIA_BYTES and sent["mimeType"] == "image/png"
        with pytest.raises(ProviderError) as too_big:
            await provider.send(_message("document", {"media": {"url": f"{base}/grande.bin"}}))
        assert too_big.value.kind == "permanent" and too_big.value.code == "midia_grande_demais"
        with pytest.raises(ProviderError) as server_error:
            await provider.send(_message("image", {"media": {"url": f"{base}/falha"}}))
        assert server_error.value.kind == "transient"
        # Sem MEDIA_URL_ALLOW_PRIVATE, um link para a rede interna é recusado sem nenhuma conexão.
        calls = len(fake.calls)
        guarded = _provider(tmp_path, url)
        with pytest.raises(ProviderError) as internal:
            await guarded.send(_message("image", {"media": {"url": f"{base}/foto.png"}}))
        assert internal.value.kind == "permanent" and internal.value.code == "midia_url_interna"
        assert "endereço interno" in internal.value.message and "loopback" in internal.value.message
        assert len(fake.calls) == calls


async def test_mark_read_and_download_media(tmp_path: Path) -> None:
    fake = FakeService()
    async with running(fake) as url:
        provider = _provider(tmp_path, url)
        await provider.mark_read(f"+{TO}", ["A1", "A2"])
        assert fake.calls[-1][1].endswith("/read") and fake.calls[-1][3] == {"to": TO, "messageIds": ["A1", "A2"]}
        downloaded = await provider.download_media("wa1:abc")
        assert downloaded.data == MEDIA_BYTES and downloaded.mime_type == "image/png"
        assert fake.calls[-1][3] == {"ref": "wa1:abc"}


async def test_calls_follow_the_instance_that_owns_the_session(tmp_path: Path) -> None:
    """Várias instâncias: a que não roda a sessão responde 421 com a dona; o provedor repete lá e guarda o endereço."""
    owner = FakeService()
    async with running(owner) as owner_url:
        front = FakeService(
            send_reply=JSONResponse(
                {"code": "sessao_em_outra_instancia", "owner": owner_url, "status": 421},
                421,
                media_type="application/problem+json",
            )
        )
        async with running(front) as front_url:
            provider = _provider(tmp_path, front_url)
            first = await provider.send(_text())
            second = await provider.send(_text())
            assert first.provider_message_id == second.provider_message_id == "3EB0ABCDEF0123456789AB"
            assert len(front.calls) == 1  # só o primeiro pedido passou pela instância errada
            assert [call[1] for call in owner.calls] == [f"/sessions/{provider.session.id}/messages"] * 2
    # A dona sumiu: o próximo pedido volta ao BAILEYS_URL (que leva a qualquer instância).
    async with running(FakeService()) as url:
        provider.ctx = cast(AppContext, SimpleNamespace(settings=_settings(tmp_path, url)))
        assert (await provider.send(_text())).provider_message_id == "3EB0ABCDEF0123456789AB"
    assert provider.session.id not in baileys._owners


@pytest.mark.parametrize(
    ("status", "code", "kind"),
    [
        (429, "ritmo_excedido", "transient"),
        (409, "sessao_desconectada", "transient"),
        (404, "sessao_nao_encontrada", "transient"),
        (422, "numero_sem_whatsapp", "permanent"),
        (410, "midia_expirada", "permanent"),
        (413, "midia_grande_demais", "permanent"),
        (421, "sessao_em_outra_instancia", "transient"),
    ],
)
async def test_service_answers_are_classified(tmp_path: Path, status: int, code: str, kind: str) -> None:
    fake = FakeService(send_reply=_problem(status, code, f"detalhe {code} em pt-BR"))
    async with running(fake) as url:
        provider = _provider(tmp_path, url)
        for call in (provider.send(_text()), provider.download_media("wa1:x"), provider.mark_read(TO, ["A"])):
            with pytest.raises(ProviderError) as caught:
                await call
            assert (caught.value.kind, caught.value.code) == (kind, code)
            assert caught.value.message == f"detalhe {code} em pt-BR"


async def test_ready_checks_the_service_when_configured(
    client: httpx.AsyncClient, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "baileys" not in (await client.get("/health/ready")).json()["checks"]
    async with running(FakeService()) as url:
        monkeypatch.setattr(ctx.settings, "baileys_url", url)
        response = await client.get("/health/ready")
        assert response.status_code == 200, response.text
        assert response.json()["checks"]["baileys"] == "ok"
    monkeypatch.setattr(ctx.settings, "baileys_url", f"http://127.0.0.1:{free_port()}")
    response = await client.get("/health/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "indisponivel"
    assert body["checks"]["baileys"].startswith("falha: O serviço Baileys não respondeu")
    # Em cluster (READY_REQUIRES_BAILEYS=false) a API segue pronta para a Meta e o sandbox; a falha fica no corpo.
    monkeypatch.setattr(ctx.settings, "ready_requires_baileys", False)
    response = await client.get("/health/ready")
    assert response.status_code == 200, response.text
    assert response.json()["checks"]["baileys"].startswith("falha: O serviço Baileys não respondeu")
    await ssrf.close_http_clients()


# ---------------------------------------------------------------------------------------------------------------
# Ponta a ponta com o serviço Node de verdade (modo simulado)


class NodeService(ChildProcess):
    def __init__(self, port: int, data_dir: Path, callback_url: str, secret: str, log_path: Path) -> None:
        env = {
            **os.environ,
            "BAILEYS_FAKE": "true",
            "BAILEYS_FAKE_SCAN_SECONDS": "1",
            "BAILEYS_HOST": "127.0.0.1",
            "BAILEYS_PORT": str(port),
            "BAILEYS_DATA_DIR": str(data_dir),
            "BAILEYS_TOKEN": TOKEN,
            "BAILEYS_CALLBACK_URL": callback_url,
            "BAILEYS_CALLBACK_SECRET": secret,
            "LOG_LEVEL": "warn",
        }
        super().__init__([shutil.which("node") or "node", str(BAILEYS_MAIN)], env, data_dir, log_path, "baileys")


@contextlib.contextmanager
def node_service(port: int, tmp_path: Path, callback_url: str, secret: str) -> Iterator[NodeService]:
    data_dir = tmp_path / "baileys"
    data_dir.mkdir()
    service = NodeService(port, data_dir, callback_url, secret, tmp_path / "baileys.log")
    try:
        yield service
    finally:
        service.stop()


def _require_node_service() -> None:
    if not BAILEYS_MAIN.exists() or shutil.which("node") is None:
        reason = "serviço Baileys não compilado (rode `make baileys-build`) ou Node.js ausente"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI exige o serviço Baileys compilado: {reason}")  # em CI, pular esconderia a regressão
        pytest.skip(reason)


async def test_end_to_end_with_the_real_service_in_fake_mode(tmp_path: Path) -> None:
    _require_node_service()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    try:
        async with (
            isolated_app(tmp_path / "dados", baileys_url=url, baileys_token=TOKEN) as iso,
            serve(iso.app) as api,
        ):
            callback_url = api.replace("ws://", "http://")
            with node_service(port, tmp_path, callback_url, callback_secret(iso.ctx)) as node:
                await _end_to_end(iso, node)
    finally:
        registry.unregister("baileys")  # o registro é do processo: os outros testes não veem o Baileys
        await ssrf.close_http_clients()


async def _end_to_end(iso: Any, node: NodeService) -> None:
    client: httpx.AsyncClient = iso.client

    async def service_up() -> bool:
        assert node.proc.poll() is None, f"serviço Baileys saiu ({BACKEND}):\n{node.log()}"
        try:
            await baileys.ping(iso.settings)
        except ProviderError:
            return False
        return True

    await wait_for(service_up, 20, what="serviço Baileys no ar")
    ready = await client.get("/health/ready")
    assert ready.status_code == 200 and ready.json()["checks"]["baileys"] == "ok", ready.text

    tenant = await iso.factory.tenant()
    admin = await iso.factory.actor(tenant, "admin")
    providers = await client.get("/api/v1/sessions/providers", headers=admin.headers)
    assert "baileys" in providers.text, providers.text

    response = await client.post(
        "/api/v1/sessions/initialize",
        headers=admin.headers,
        # Ritmo rápido só para o teste (o padrão espaça os envios em 1–2 s).
        json={
            "phoneNumber": PHONE,
            "provider": "baileys",
            "name": "Loja",
            "config": {"messagesPerSecond": 20, "jitterSeconds": 0},
        },
    )
    assert response.status_code == 200, response.text
    session = response.json()
    assert session["provider"] == "baileys"
    assert session["status"] == "qr", session
    assert session["qrCode"].startswith("FAKE-QR-"), session

    async def connected() -> dict[str, Any] | None:
        status = await client.get("/api/v1/sessions/status", headers=admin.headers, params={"sessionId": session["id"]})
        assert status.status_code == 200, status.text
        row: dict[str, Any] = status.json()[0]
        return row if row["status"] == "connected" else None

    row = await wait_for(connected, 20, what="sessão conectada pelo callback do serviço")
    assert row["qrCode"] is None and row["accountNumber"] == PHONE

    sent = await client.post(
        "/api/v1/messages/text", headers=admin.headers, json={"to": TO, "content": "Oi, tudo bem?"}
    )
    assert sent.status_code in {200, 202}, sent.text
    message_id = sent.json()["messageId"]
    await wait_status(iso.ctx, message_id, {"sent", "delivered", "read"}, within=20)
    # O fake confirma o envio, depois avisa entregue e lido pelo callback de status.
    await wait_status(iso.ctx, message_id, "read", within=20)
    status = (await client.get(f"/api/v1/messages/{message_id}/status", headers=admin.headers)).json()
    assert status["provider"] == "baileys" and status["sessionId"] == session["id"], status
    assert status["providerMessageId"].startswith("3EB0"), status
    assert status["sentAt"] <= status["deliveredAt"] <= status["readAt"], status
    assert status["error"] is None and status["attempts"] == 1, status

    async def reply() -> list[dict[str, Any]] | None:
        found = await client.get("/api/v1/messages", headers=admin.headers, params={"direction": "inbound"})
        assert found.status_code == 200, found.text
        items: list[dict[str, Any]] = found.json()["items"]
        return items or None

    (answer,) = await wait_for(reply, 20, what="resposta do contato simulado")
    # O contato simulado responde citando a nossa mensagem (pelo id do WhatsApp).
    assert answer["content"] == {
        "text": "Recebido: Oi, tudo bem?",
        "replyTo": {
            "messageId": message_id,
            "providerMessageId": status["providerMessageId"],
            "fromMe": True,
            "text": "Oi, tudo bem?",
        },
    }, answer
    assert answer["from"] == TO and answer["sessionId"] == session["id"], answer

    # Resposta citando a mensagem do contato, reação a ela e "marcar como lida": todos chegam ao WhatsApp simulado.
    quoted = await client.post(
        "/api/v1/messages/text",
        headers=admin.headers,
        json={"to": TO, "content": "Que bom!", "replyTo": answer["messageId"]},
    )
    assert quoted.status_code in {200, 202}, quoted.text
    await wait_status(iso.ctx, quoted.json()["messageId"], "read", within=20)
    reaction = await client.post(
        "/api/v1/messages/reaction",
        headers=admin.headers,
        json={"to": TO, "messageId": answer["messageId"], "emoji": "👍"},
    )
    assert reaction.status_code in {200, 202}, reaction.text
    await wait_status(iso.ctx, reaction.json()["messageId"], "sent", within=20)
    receipts_ok = metrics.READ_RECEIPTS.labels("baileys", "ok")
    receipts_before = receipts_ok._value.get()
    read = await client.post(f"/api/v1/conversations/{answer['conversationId']}/read", headers=admin.headers)
    assert read.status_code == 200, read.text

    async def read_receipt_sent() -> bool:
        async with iso.ctx.sessionmaker() as db:
            read_at = await db.scalar(select(Message.read_at).where(Message.id == uuid.UUID(answer["messageId"])))
        return read_at is not None

    await wait_for(read_receipt_sent, 20, what="recibo de leitura enviado ao contato pelo serviço")
    # O serviço aceitou o aviso de leitura (204), não só a marcação local.
    assert receipts_ok._value.get() == receipts_before + 1

    # Imagem: sobe na API, vai em bytes ao serviço, o contato simulado a devolve e a API baixa a mídia recebida
    # pela referência (job inbound.media) para o media store, byte a byte.
    uploaded = await client.post(
        "/api/v1/media", headers=admin.headers, files={"file": ("foto.png", PNG_FILE, "image/png")}
    )
    assert uploaded.status_code == 201, uploaded.text
    image = await client.post(
        "/api/v1/messages/send",
        headers=admin.headers,
        json={"to": TO, "type": "image", "content": {"mediaId": uploaded.json()["id"], "caption": "fachada"}},
    )
    assert image.status_code in {200, 202}, image.text
    await wait_status(iso.ctx, image.json()["messageId"], "read", within=20)

    async def echoed() -> dict[str, Any] | None:
        # Direto no banco: consultar a API em laço esbarra no limite de requisições do tenant.
        async with iso.ctx.sessionmaker() as db:
            rows = (
                await db.execute(
                    select(Message.id, Message.content).where(
                        Message.message_type == "image", Message.direction == "inbound"
                    )
                )
            ).all()
        done = [row for row in rows if (row.content or {}).get("media", {}).get("mediaId")]
        if not done:
            return None
        found = await client.get(f"/api/v1/messages/{done[0].id}/status", headers=admin.headers)
        return {"content": done[0].content, "status": found.json()}

    echo = await wait_for(echoed, 20, what="imagem devolvida pelo contato e baixada")
    assert echo["content"]["media"]["mimeType"] == "image/png", echo
    assert echo["content"]["media"]["caption"] == "Recebido: fachada", echo
    media_id = echo["content"]["media"]["mediaId"]
    stored = await client.get(f"/api/v1/media/{media_id}/content", headers=admin.headers)
    assert stored.status_code == 200 and stored.content == PNG_FILE, stored.status_code

    location = await client.post(
        "/api/v1/messages/location",
        headers=admin.headers,
        json={"to": TO, "latitude": -23.5613, "longitude": -46.6565, "name": "Loja Paulista"},
    )
    assert location.status_code in {200, 202}, location.text
    await wait_status(iso.ctx, location.json()["messageId"], {"sent", "delivered", "read"}, within=20)


# ----------------------------------------------------------------------------------- make run: o serviço ao lado


def test_sidecar_env_shares_the_api_secrets_and_calls_the_local_api(tmp_path: Path) -> None:
    """O serviço que o `make run` sobe usa o token e o segredo de callback que a API gera em DATA_DIR (criados aqui se
    faltarem) e chama a API local na porta dela."""
    from wacs import sidecars
    from wacs.providers.baileys import service_token
    from wacs.providers.callbacks import settings_callback_secret

    settings = make_settings(tmp_path / "dados", None, None, port=5077)
    env = sidecars.baileys_env(settings, 3999)
    assert (tmp_path / "dados" / "baileys.token").read_text().strip() == env["BAILEYS_TOKEN"] == service_token(settings)
    assert env["BAILEYS_CALLBACK_SECRET"] == settings_callback_secret(settings)
    assert (tmp_path / "dados" / "provider_callback.key").exists()
    assert env["BAILEYS_CALLBACK_URL"] == "http://127.0.0.1:5077"
    assert env["BAILEYS_PORT"] == "3999" and env["BAILEYS_HOST"] == "127.0.0.1"
    assert Path(env["BAILEYS_DATA_DIR"]).is_absolute()
    # O nível de log do Python vira o do pino (WARNING derrubava o serviço Node).
    assert env["LOG_LEVEL"] == "warn"  # os testes rodam com LOG_LEVEL=WARNING
    assert sidecars.baileys_env(make_settings(tmp_path / "dados", None, None, log_level="debug"), 1)["LOG_LEVEL"] == (
        "debug"
    )


async def test_sidecar_starts_the_service_points_the_api_at_it_and_stops_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve --with-baileys`: o serviço sobe (modo simulado aqui), a API passa a apontar para ele (BAILEYS_URL) e ele
    para junto; com BAILEYS_URL já definida (serviço de fora), nada é iniciado."""
    from wacs import sidecars

    _require_node_service()
    port = free_port()
    monkeypatch.setenv("BAILEYS_PORT", str(port))
    monkeypatch.setenv("BAILEYS_FAKE", "true")
    # start_baileys escreve BAILEYS_URL direto em os.environ (é assim que o create_app do uvicorn a recebe): o teste
    # guarda e devolve o valor anterior à mão — sem isso, as próximas apps da sessão de testes instalariam o baileys.
    previous = os.environ.pop("BAILEYS_URL", None)
    settings = make_settings(tmp_path / "dados", None, None)
    outside = make_settings(tmp_path / "outro", None, None, baileys_url="http://127.0.0.1:1")
    assert sidecars.start_baileys(outside) is None
    process = sidecars.start_baileys(settings)
    assert process is not None
    try:
        assert os.environ["BAILEYS_URL"] == f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(trust_env=False) as client:
            for _ in range(200):
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/health")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.05)
            else:
                pytest.fail("o serviço Baileys não respondeu /health")
            token = (tmp_path / "dados" / "baileys.token").read_text().strip()
            metrics = await client.get(f"http://127.0.0.1:{port}/metrics", headers={"Authorization": f"Bearer {token}"})
            assert metrics.status_code == 200  # o serviço aceita o token que a API gerou
    finally:
        sidecars.stop(process)
        os.environ.pop("BAILEYS_URL", None)
        if previous is not None:
            os.environ["BAILEYS_URL"] = previous
    assert process.returncode is not None
