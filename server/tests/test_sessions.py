"""Sessões do WhatsApp: inicializar (configuração validada e cifrada), status, eventos, desconexão, listas e acesso."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import orjson
from prometheus_client import REGISTRY
from sqlalchemy import text

from tests.conftest import Actor, Factory, assert_problem
from tests.messaging_helpers import connect_sandbox, events_of
from wacs.kit.context import AppContext
from wacs.models import Tenant
from wacs.providers import registry

INIT = "/api/v1/sessions/initialize"
STATUS = "/api/v1/sessions/status"
DISCONNECT = "/api/v1/sessions/disconnect"
SECRET = "tok-ULTRA-secreto-9f3a1c"


def _init(phone: str = "5511900000001", provider: str = "sandbox", **config: Any) -> dict[str, Any]:
    return {"phoneNumber": phone, "provider": provider, "name": "Vendas", "config": config}


class TestInitialize:
    async def test_sandbox_connects_with_validated_config(
        self, client: httpx.AsyncClient, admin: Actor, ctx: AppContext
    ) -> None:
        response = await client.post(
            INIT,
            headers=admin.headers,
            json=_init("+55 (11) 90000-0001", messagesPerSecond=12.5, recipientIntervalSeconds=2, displayName="Loja"),
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["phoneNumber"] == "5511900000001"
        assert body["provider"] == "sandbox"
        assert body["name"] == "Vendas"
        assert body["status"] == "connected"
        assert body["isActive"] is True
        assert body["connectedAt"] and body["statusChangedAt"]
        assert body["qrCode"] is None and body["lastError"] is None
        assert body["config"]["messagesPerSecond"] == 12.5
        assert body["config"]["recipientIntervalSeconds"] == 2
        assert body["config"]["displayName"] == "Loja"
        assert body["config"]["apiToken"] is None
        uuid.UUID(body["id"])

    async def test_bad_messages_per_second_is_422_on_config_field(
        self, client: httpx.AsyncClient, admin: Actor
    ) -> None:
        cases = ((0, "Deve ser maior que 0"), (-1, "Deve ser maior que 0"), (5000, "Deve ser menor ou igual a 1000"))
        for value, message in (*cases, ("x", "Deve ser um número.")):
            response = await client.post(INIT, headers=admin.headers, json=_init(messagesPerSecond=value))
            body = assert_problem(response, 422, "validacao")
            fields = {e["field"]: e for e in body["errors"]}
            assert "config.messagesPerSecond" in fields, body
            assert fields["config.messagesPerSecond"]["location"] == "body"
            assert fields["config.messagesPerSecond"]["message"].startswith(message), fields

    async def test_unknown_config_field_is_rejected(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = assert_problem(await client.post(INIT, headers=admin.headers, json=_init(senha="x")), 422, "validacao")
        assert body["errors"][0]["field"] == "config.senha"
        assert body["errors"][0]["message"] == "Campo não permitido."

    async def test_unknown_provider_value_is_422(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = assert_problem(
            await client.post(INIT, headers=admin.headers, json=_init(provider="telegram")), 422, "validacao"
        )
        error = next(e for e in body["errors"] if e["field"] == "provider")
        assert error["message"].startswith("O provedor 'telegram' não está disponível nesta instalação; aceitos:")
        assert "sandbox" in error["message"]

    async def test_unavailable_providers_are_422(self, client: httpx.AsyncClient, admin: Actor) -> None:
        # O enum `provider` (e a OpenAPI) só lista os provedores instalados: os demais são recusados na validação.
        for provider in ("baileys",):  # sem BAILEYS_URL, o serviço Baileys não está instalado
            body = assert_problem(
                await client.post(INIT, headers=admin.headers, json=_init(provider=provider)),
                422,
                "validacao",
            )
            error = next(e for e in body["errors"] if e["field"] == "provider")
            assert provider in error["message"]
            assert "sandbox" in error["message"]
        listing = await client.get("/api/v1/sessions", headers=admin.headers)
        assert listing.json()["total"] == 0

    async def test_invalid_phone_is_422_in_portuguese(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = assert_problem(await client.post(INIT, headers=admin.headers, json=_init("12345")), 422, "validacao")
        assert body["errors"][0]["field"] == "phoneNumber"
        assert body["errors"][0]["message"].startswith("Telefone curto demais")

    async def test_secret_is_encrypted_at_rest_and_masked(
        self, client: httpx.AsyncClient, admin: Actor, ctx: AppContext
    ) -> None:
        session = await connect_sandbox(client, admin, apiToken=SECRET)
        assert session["config"]["apiToken"] == "********"
        async with ctx.engine.connect() as conn:
            raw = (
                await conn.execute(
                    text("SELECT session_data FROM whatsapp_sessions WHERE id = :id"),
                    {"id": session["id"] if conn.dialect.name == "postgresql" else uuid.UUID(session["id"]).hex},
                )
            ).scalar_one()
        stored = raw if isinstance(raw, str) else orjson.dumps(raw).decode()
        assert SECRET not in stored
        assert "apiToken" not in stored  # nem o nome do campo: a configuração inteira vai cifrada
        assert orjson.loads(stored)["encrypted"].startswith(ctx.encryptor.current_version + ":")
        # Status e lista também mascaram.
        status = (await client.get(STATUS, headers=admin.headers, params={"sessionId": session["id"]})).json()
        assert status[0]["config"]["apiToken"] == "********"
        listing = (await client.get("/api/v1/sessions", headers=admin.headers)).json()
        assert SECRET not in orjson.dumps(listing).decode()

    async def test_reinitialize_same_number_updates_the_same_session(
        self, client: httpx.AsyncClient, admin: Actor
    ) -> None:
        first = await connect_sandbox(client, admin, messagesPerSecond=5)
        second = await connect_sandbox(client, admin, messagesPerSecond=7)
        assert second["id"] == first["id"]
        assert second["config"]["messagesPerSecond"] == 7
        assert (await client.get("/api/v1/sessions", headers=admin.headers)).json()["total"] == 1


class TestLifecycle:
    async def test_status_events_disconnect_and_reconnect(
        self, client: httpx.AsyncClient, admin: Actor, member: Actor, ctx: AppContext
    ) -> None:
        session = await connect_sandbox(client, admin)
        sid = session["id"]
        events = await events_of(ctx, admin.tenant.id, "session.status")
        assert [(e["sessionId"], e["status"], e["provider"]) for e in events] == [(sid, "connected", "sandbox")]
        assert events[0]["phoneNumber"] == "5511900000001"
        assert events[0]["detail"] == "Número simulado pronto."

        status = await client.get(STATUS, headers=member.headers, params={"sessionId": sid})
        assert status.status_code == 200
        assert [s["status"] for s in status.json()] == ["connected"]

        drops = {"provider": "sandbox", "status": "disconnected"}
        drops_before = REGISTRY.get_sample_value("wacs_session_drops_total", drops) or 0
        gone = await client.delete(DISCONNECT, headers=admin.headers, params={"sessionId": sid})
        assert gone.status_code == 200, gone.text
        assert gone.json()["status"] == "disconnected"
        assert gone.json()["statusChangedAt"] >= session["statusChangedAt"]
        # A queda (saída do estado conectado) conta para o alerta de "tempestade de quedas".
        assert REGISTRY.get_sample_value("wacs_session_drops_total", drops) == drops_before + 1
        status = await client.get(STATUS, headers=member.headers, params={"sessionId": sid})
        assert status.json()[0]["status"] == "disconnected"

        again = await connect_sandbox(client, admin)
        assert again["id"] == sid
        events = await events_of(ctx, admin.tenant.id, "session.status")
        assert [e["status"] for e in events] == ["connected", "disconnected", "connected"]

    async def test_reconnect_uses_the_stored_configuration(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor, member: Actor
    ) -> None:
        session = await connect_sandbox(client, admin, apiToken=SECRET, deliveredAfterSeconds=7)
        sid = session["id"]
        await client.delete(DISCONNECT, headers=admin.headers, params={"sessionId": sid})
        url = f"/api/v1/sessions/{sid}/reconnect"
        # Outro tenant não enxerga a sessão; quem só lê não reconecta.
        assert_problem(await client.post(url, headers=admin_second.headers), 404, "sessao_nao_encontrada")
        assert_problem(await client.post(url, headers=member.headers), 403)
        back = await client.post(url, headers=admin.headers)
        assert back.status_code == 200, back.text
        body = back.json()
        assert body["id"] == sid and body["status"] == "connected"
        # A configuração guardada (cifrada) foi usada como estava, sem pedir as credenciais de novo.
        assert body["config"] == session["config"] and body["config"]["deliveredAfterSeconds"] == 7
        assert SECRET not in back.text
        assert_problem(await client.post(f"/api/v1/sessions/{uuid.uuid4()}/reconnect", headers=admin.headers), 404)

    async def test_initialize_and_disconnect_are_audited(self, client: httpx.AsyncClient, admin: Actor) -> None:
        session = await connect_sandbox(client, admin, apiToken=SECRET)
        await client.delete(DISCONNECT, headers=admin.headers, params={"sessionId": session["id"]})
        audit = await client.get(
            "/api/v1/audit-logs", headers=admin.headers, params={"resourceType": "sessions", "pageSize": 10}
        )
        assert audit.status_code == 200, audit.text
        entries = {e["action"]: e for e in audit.json()["items"]}
        assert entries["initialize_session"]["resourceId"] == session["id"]
        assert entries["initialize_session"]["details"] == {"provider": "sandbox", "phone": "5511900000001"}
        assert entries["disconnect_session"]["resourceId"] == session["id"]
        assert SECRET not in audit.text

    async def test_status_list_and_filter(self, client: httpx.AsyncClient, admin: Actor, member: Actor) -> None:
        a = await connect_sandbox(client, admin, "5511900000001")
        b = await connect_sandbox(client, admin, "5521900000002")
        await client.delete(DISCONNECT, headers=admin.headers, params={"sessionId": b["id"]})

        all_status = (await client.get(STATUS, headers=member.headers)).json()
        assert [(s["id"], s["status"]) for s in all_status] == [(a["id"], "connected"), (b["id"], "disconnected")]

        page = (await client.get("/api/v1/sessions", headers=member.headers)).json()
        assert page["total"] == 2 and page["page"] == 1
        assert [s["phoneNumber"] for s in page["items"]] == ["5511900000001", "5521900000002"]
        connected = (
            await client.get("/api/v1/sessions", headers=member.headers, params={"status": "connected"})
        ).json()
        assert [s["id"] for s in connected["items"]] == [a["id"]]
        bad = await client.get("/api/v1/sessions", headers=member.headers, params={"status": "ligado"})
        assert_problem(bad, 422, "validacao")

    async def test_providers(self, client: httpx.AsyncClient, member: Actor) -> None:
        response = await client.get("/api/v1/sessions/providers", headers=member.headers)
        assert response.status_code == 200
        # Só os instalados, vindos do registro, com o que cada um sabe enviar.
        providers = {p["type"]: p for p in response.json()}
        assert set(providers) == set(registry.available_types())
        sandbox = providers["sandbox"]
        assert (sandbox["name"], sandbox["available"]) == ("Sandbox (número simulado)", True)
        assert {"text", "image", "location", "reply", "reaction"} <= set(sandbox["capabilities"])
        # O sandbox simula também o que só a Meta faz (templates, botões/listas), para experimentar sem uma conta.
        assert {"sticker", "contacts", "interactive", "templates"} <= set(sandbox["capabilities"])

    async def test_unknown_session_is_404(self, client: httpx.AsyncClient, admin: Actor) -> None:
        missing = str(uuid.uuid4())
        body = assert_problem(
            await client.get(STATUS, headers=admin.headers, params={"sessionId": missing}),
            404,
            "sessao_nao_encontrada",
        )
        assert body["detail"] == "Sessão do WhatsApp não encontrada."
        assert_problem(await client.delete(DISCONNECT, headers=admin.headers, params={"sessionId": missing}), 404)
        assert_problem(await client.delete(DISCONNECT, headers=admin.headers), 422, "validacao")


class TestAccess:
    async def test_member_reads_but_cannot_initialize_or_disconnect(
        self, client: httpx.AsyncClient, admin: Actor, member: Actor
    ) -> None:
        body = assert_problem(await client.post(INIT, headers=member.headers, json=_init()), 403, "acesso_negado")
        assert body["detail"] == "Esta operação exige o papel admin."
        session = await connect_sandbox(client, admin)
        assert_problem(
            await client.delete(DISCONNECT, headers=member.headers, params={"sessionId": session["id"]}), 403
        )
        assert (await client.get(STATUS, headers=member.headers)).status_code == 200

    async def test_other_tenants_credential_is_403(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        mixed = {"X-Client-Id": admin.tenant.client_id, "Authorization": admin_second.headers["Authorization"]}
        for response in (
            await client.post(INIT, headers=mixed, json=_init()),
            await client.get(STATUS, headers=mixed),
            await client.get("/api/v1/sessions", headers=mixed),
        ):
            assert_problem(response, 403, "tenant_divergente")

    async def test_other_tenants_session_id_is_404_everywhere(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor, ctx: AppContext
    ) -> None:
        theirs = await connect_sandbox(client, admin_second)
        sid = theirs["id"]
        assert_problem(
            await client.get(STATUS, headers=admin.headers, params={"sessionId": sid}), 404, "sessao_nao_encontrada"
        )
        assert_problem(
            await client.delete(DISCONNECT, headers=admin.headers, params={"sessionId": sid}),
            404,
            "sessao_nao_encontrada",
        )
        base = f"/api/v1/sandbox/sessions/{sid}"
        for response in (
            await client.post(f"{base}/incoming", headers=admin.headers, json={"from": "5511988887777", "text": "oi"}),
            await client.post(
                f"{base}/status", headers=admin.headers, json={"messageId": str(uuid.uuid4()), "status": "read"}
            ),
            await client.post(f"{base}/failures", headers=admin.headers, json={"mode": "transient", "count": 1}),
            await client.get(f"{base}/outbox", headers=admin.headers),
        ):
            assert_problem(response, 404, "sessao_nao_encontrada")
        # Nada mudou na sessão do outro tenant e nenhuma mensagem entrou por ela.
        status = await client.get(STATUS, headers=admin_second.headers, params={"sessionId": sid})
        assert status.json()[0]["status"] == "connected"
        assert (await client.get("/api/v1/sessions", headers=admin.headers)).json()["total"] == 0
        assert await events_of(ctx, admin.tenant.id, "session.status") == []

    async def test_api_key_scopes(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        writer = await factory.api_key(admin, ["sessions:write"])
        reader = await factory.api_key(admin, ["sessions:read"])
        session = (await client.post(INIT, headers=writer, json=_init())).json()
        assert session["status"] == "connected"
        assert_problem(await client.post(INIT, headers=reader, json=_init()), 403, "acesso_negado")
        assert (await client.get(STATUS, headers=reader)).json()[0]["id"] == session["id"]
        assert_problem(await client.get(STATUS, headers=writer), 403, "acesso_negado")


async def test_sessions_of_two_tenants_with_the_same_number_are_separate(
    client: httpx.AsyncClient, admin: Actor, admin_second: Actor, tenant_second: Tenant
) -> None:
    mine = await connect_sandbox(client, admin)
    theirs = await connect_sandbox(client, admin_second)
    assert mine["id"] != theirs["id"]
    await client.delete(DISCONNECT, headers=admin.headers, params={"sessionId": mine["id"]})
    status = await client.get(STATUS, headers=admin_second.headers)
    assert [s["status"] for s in status.json()] == ["connected"]
