"""Tenants da plataforma (superadmin) e as configurações de cada tenant, incluindo o limite de requisições."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, Actor, Factory, assert_problem
from wacs.auth.scopes import SCOPES
from wacs.kit.context import AppContext
from wacs.models import AIAgent, Tenant, User
from wacs.providers import registry
from wacs.tenants.schemas import TenantSettings

TENANTS = "/api/v1/tenants"
SETTINGS = "/api/v1/tenant/settings"

# O valor guardado de requestsPerMinute é o padrão do esquema; o limite efetivo (100) é conferido pelos cabeçalhos.
DEFAULT_RPM = TenantSettings().requests_per_minute
DEFAULT_SETTINGS = {
    # Os provedores instalados, na ordem de registro (a lista vem do registro, não de uma lista fixa).
    "providerPreference": list(registry.available_types()),
    "automaticFallback": True,
    "requestsPerMinute": DEFAULT_RPM,
    "businessHours": {"enabled": False, "timezone": "America/Sao_Paulo", "intervals": [], "outOfHoursMessage": None},
    "defaultAgentId": None,
    "retention": {"messagesDays": None, "mediaDays": None},
}


def errors_by_field(body: dict[str, Any]) -> dict[str, str]:
    return {e["field"]: e["message"] for e in body["errors"]}


def foreign(owner_client_id: str, intruder: Actor) -> dict[str, str]:
    return {"X-Client-Id": owner_client_id, "Authorization": intruder.headers["Authorization"]}


async def db_tenant(ctx: AppContext, client_id: str) -> Tenant | None:
    async with ctx.sessionmaker() as session:
        return (await session.execute(select(Tenant).where(Tenant.client_id == client_id))).scalar_one_or_none()


async def add_agent(ctx: AppContext, tenant: Tenant, *, is_active: bool = True) -> AIAgent:
    async with ctx.sessionmaker() as session:
        agent = AIAgent(tenant_id=tenant.id, name="Atendente", type="openai", configuration={}, is_active=is_active)
        session.add(agent)
        await session.commit()
    return agent


async def avoid_window_edge() -> None:
    """O limite usa janela fixa de um minuto: não começar colado na virada, que zeraria a contagem no meio."""
    if 60 - time.time() % 60 < 5:
        await asyncio.sleep(60 - time.time() % 60 + 0.2)


def new_client_id() -> str:
    return f"loja-{uuid.uuid4().hex[:8]}"


class TestCreateTenant:
    async def test_create_with_first_admin_who_can_log_in(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor
    ) -> None:
        client_id = new_client_id()
        payload = {
            "clientId": client_id,
            "name": "Loja Nova",
            "admin": {"email": "Dona@LojaNova.com.br", "name": "Dona da Loja", "password": "senha-da-dona-1"},
        }
        response = await client.post(TENANTS, headers=superadmin.headers, json=payload)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["clientId"] == client_id and body["name"] == "Loja Nova" and body["isActive"] is True
        assert body["adminUserId"]

        login = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": client_id},
            json={"email": "dona@lojanova.com.br", "password": "senha-da-dona-1"},
        )
        assert login.status_code == 200, login.text
        assert login.json()["user"]["id"] == body["adminUserId"]
        assert login.json()["user"]["role"] == "admin"
        headers = {"X-Client-Id": client_id, "Authorization": f"Bearer {login.json()['accessToken']}"}
        settings = await client.get(SETTINGS, headers=headers)
        assert settings.json() == DEFAULT_SETTINGS
        # O novo admin só vê o próprio tenant.
        users = (await client.get("/api/v1/users", headers=headers)).json()
        assert [u["id"] for u in users["items"]] == [body["adminUserId"]]

    async def test_create_without_admin_and_with_settings(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor
    ) -> None:
        client_id = new_client_id()
        response = await client.post(
            TENANTS,
            headers=superadmin.headers,
            json={"clientId": client_id, "name": "Sem Admin", "settings": {"requestsPerMinute": 50}},
        )
        assert response.status_code == 201, response.text
        assert response.json()["adminUserId"] is None
        row = await db_tenant(factory.ctx, client_id)
        assert row is not None and row.settings is not None and row.settings["requestsPerMinute"] == 50
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(User).where(User.tenant_id == row.id))).first() is None
        detail = (await client.get(f"{TENANTS}/{client_id}", headers=superadmin.headers)).json()
        assert detail["settings"] == DEFAULT_SETTINGS | {"requestsPerMinute": 50}

    async def test_new_tenant_usable_at_once_despite_negative_cache(
        self, client: httpx.AsyncClient, superadmin: Actor
    ) -> None:
        client_id = new_client_id()
        credentials = {"email": "admin@nova.com.br", "password": PASSWORD}
        early = await client.post("/api/v1/auth/login", headers={"X-Client-Id": client_id}, json=credentials)
        # Igual a uma senha errada (o login não revela quais tenants existem); e o "não existe" fica em cache.
        assert_problem(early, 401, "credenciais_invalidas")
        created = await client.post(
            TENANTS,
            headers=superadmin.headers,
            json={"clientId": client_id, "name": "Nova", "admin": {**credentials, "name": "Admin"}},
        )
        assert created.status_code == 201, created.text
        login = await client.post("/api/v1/auth/login", headers={"X-Client-Id": client_id}, json=credentials)
        assert login.status_code == 200, login.text

    async def test_duplicate_client_id_is_409(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, tenant_second: Tenant
    ) -> None:
        response = await client.post(
            TENANTS,
            headers=superadmin.headers,
            json={
                "clientId": tenant_second.client_id,
                "name": "Cópia",
                "admin": {"email": "x@teste.com.br", "name": "X", "password": PASSWORD},
            },
        )
        body = assert_problem(response, 409, "tenant_existente")
        assert body["detail"] == "Já existe um tenant com este client_id."
        row = await db_tenant(factory.ctx, tenant_second.client_id)
        assert row is not None and row.name == tenant_second.name
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(User).where(User.email == "x@teste.com.br"))).first() is None

    @pytest.mark.parametrize(
        ("client_id", "message"),
        [
            ("Loja-Grande", "Use de 3 a 100 caracteres: letras minúsculas, números, '-' ou '_'"),
            ("loja nova", "Use de 3 a 100 caracteres: letras minúsculas, números, '-' ou '_'"),
            ("-loja", "Use de 3 a 100 caracteres: letras minúsculas, números, '-' ou '_'"),
            ("loja-", "Use de 3 a 100 caracteres: letras minúsculas, números, '-' ou '_'"),
            ("ab", "Deve ter pelo menos 3 caractere(s)."),
            ("a" * 101, "Deve ter no máximo 100 caractere(s)."),
        ],
    )
    async def test_invalid_client_id_is_422(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, client_id: str, message: str
    ) -> None:
        response = await client.post(TENANTS, headers=superadmin.headers, json={"clientId": client_id, "name": "X"})
        assert errors_by_field(assert_problem(response, 422, "validacao"))["clientId"] == message
        assert await db_tenant(factory.ctx, client_id) is None

    async def test_bad_admin_and_settings_are_422(self, client: httpx.AsyncClient, superadmin: Actor) -> None:
        response = await client.post(
            TENANTS,
            headers=superadmin.headers,
            json={
                "clientId": new_client_id(),
                "admin": {"email": "sem-arroba", "name": "A", "password": "curta"},
                "settings": {"requestsPerMinute": 0},
            },
        )
        fields = errors_by_field(assert_problem(response, 422, "validacao"))
        assert fields["name"] == "Campo obrigatório."
        assert fields["admin.email"] == "E-mail inválido"
        assert fields["admin.password"] == "Deve ter pelo menos 8 caractere(s)."
        assert fields["settings.requestsPerMinute"] == "Deve ser maior ou igual a 1."

    async def test_create_rejects_foreign_default_agent(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, tenant_second: Tenant
    ) -> None:
        agent = await add_agent(factory.ctx, tenant_second)
        client_id = new_client_id()
        response = await client.post(
            TENANTS,
            headers=superadmin.headers,
            json={"clientId": client_id, "name": "X", "settings": {"defaultAgentId": str(agent.id)}},
        )
        assert_problem(response, 400, "agente_inexistente")
        assert await db_tenant(factory.ctx, client_id) is None

    @pytest.mark.parametrize("role", ["admin", "user"])
    async def test_non_superadmin_is_forbidden(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant, role: str
    ) -> None:
        actor = await factory.actor(tenant, role)
        client_id = new_client_id()
        response = await client.post(TENANTS, headers=actor.headers, json={"clientId": client_id, "name": "X"})
        body = assert_problem(response, 403, "acesso_negado")
        assert "superadmin" in body["detail"]
        assert await db_tenant(factory.ctx, client_id) is None

    async def test_api_key_is_forbidden(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        key = await factory.api_key(admin, sorted(SCOPES))
        client_id = new_client_id()
        response = await client.post(TENANTS, headers=key, json={"clientId": client_id, "name": "X"})
        assert_problem(response, 403, "acesso_negado")
        assert await db_tenant(factory.ctx, client_id) is None

    async def test_superadmin_token_with_other_client_id_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, tenant_second: Tenant
    ) -> None:
        client_id = new_client_id()
        response = await client.post(
            TENANTS, headers=foreign(tenant_second.client_id, superadmin), json={"clientId": client_id, "name": "X"}
        )
        assert_problem(response, 403, "tenant_divergente")
        assert await db_tenant(factory.ctx, client_id) is None


class TestListAndGetTenants:
    async def test_list_search_filter_and_paginate(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, tenant_second: Tenant
    ) -> None:
        padaria = await factory.tenant("padaria-do-ze")
        async with factory.ctx.sessionmaker() as session:
            row = await session.get(Tenant, padaria.id)
            assert row is not None
            row.name = "Panificadora Zé"
            row.is_active = False
            await session.commit()

        everything = (await client.get(TENANTS, headers=superadmin.headers)).json()
        client_ids = {t["clientId"] for t in everything["items"]}
        assert {superadmin.tenant.client_id, tenant_second.client_id, "padaria-do-ze"} <= client_ids
        assert everything["total"] == len(client_ids)

        by_id = (await client.get(TENANTS, headers=superadmin.headers, params={"search": "PADARIA"})).json()
        assert [t["clientId"] for t in by_id["items"]] == ["padaria-do-ze"]
        by_name = (await client.get(TENANTS, headers=superadmin.headers, params={"search": "panificadora"})).json()
        assert [t["clientId"] for t in by_name["items"]] == ["padaria-do-ze"]

        inactive = (await client.get(TENANTS, headers=superadmin.headers, params={"isActive": "false"})).json()
        assert [t["clientId"] for t in inactive["items"]] == ["padaria-do-ze"]
        active = (await client.get(TENANTS, headers=superadmin.headers, params={"isActive": "true"})).json()
        assert "padaria-do-ze" not in {t["clientId"] for t in active["items"]}

        page = (await client.get(TENANTS, headers=superadmin.headers, params={"pageSize": 1, "page": 2})).json()
        assert len(page["items"]) == 1 and page["total"] == everything["total"] and page["page"] == 2

    async def test_search_treats_wildcards_literally(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor
    ) -> None:
        await factory.tenant("padaria_1")
        await factory.tenant("padariax1")
        body = (await client.get(TENANTS, headers=superadmin.headers, params={"search": "padaria_1"})).json()
        assert [t["clientId"] for t in body["items"]] == ["padaria_1"]

    async def test_list_bad_query_is_422(self, client: httpx.AsyncClient, superadmin: Actor) -> None:
        response = await client.get(TENANTS, headers=superadmin.headers, params={"isActive": "x", "page": -1})
        fields = errors_by_field(assert_problem(response, 422, "validacao"))
        assert fields["isActive"] == "Deve ser verdadeiro ou falso."
        assert fields["page"] == "Deve ser maior ou igual a 1."

    async def test_get_returns_settings(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, admin_second: Actor
    ) -> None:
        put = await client.put(SETTINGS, headers=admin_second.headers, json={"automaticFallback": False})
        assert put.status_code == 200, put.text
        response = await client.get(f"{TENANTS}/{admin_second.tenant.client_id}", headers=superadmin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["id"] == str(admin_second.tenant.id)
        assert body["clientId"] == admin_second.tenant.client_id
        assert body["settings"] == DEFAULT_SETTINGS | {"automaticFallback": False}

    async def test_get_unknown_is_404(self, client: httpx.AsyncClient, superadmin: Actor) -> None:
        response = await client.get(f"{TENANTS}/nao-existe", headers=superadmin.headers)
        body = assert_problem(response, 404, "tenant_nao_encontrado")
        assert body["detail"] == "Tenant não encontrado."

    async def test_admin_cannot_list_nor_get(self, client: httpx.AsyncClient, admin: Actor) -> None:
        assert_problem(await client.get(TENANTS, headers=admin.headers), 403, "acesso_negado")
        response = await client.get(f"{TENANTS}/{admin.tenant.client_id}", headers=admin.headers)
        assert_problem(response, 403, "acesso_negado")

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, superadmin: Actor, tenant_second: Tenant
    ) -> None:
        headers = foreign(tenant_second.client_id, superadmin)
        assert_problem(await client.get(TENANTS, headers=headers), 403, "tenant_divergente")
        response = await client.get(f"{TENANTS}/{tenant_second.client_id}", headers=headers)
        assert_problem(response, 403, "tenant_divergente")


class TestUpdateTenant:
    async def test_rename_shows_up_at_once(
        self, client: httpx.AsyncClient, superadmin: Actor, admin_second: Actor
    ) -> None:
        # /auth/me lê o nome do tenant do cache: o PATCH precisa invalidá-lo.
        warm = await client.get("/api/v1/auth/me", headers=admin_second.headers)
        assert warm.json()["tenant"]["name"] == "Empresa de Teste"
        url = f"{TENANTS}/{admin_second.tenant.client_id}"
        response = await client.patch(url, headers=superadmin.headers, json={"name": "  Novo Nome  "})
        assert response.status_code == 200, response.text
        assert response.json()["name"] == "Novo Nome" and response.json()["isActive"] is True
        me = (await client.get("/api/v1/auth/me", headers=admin_second.headers)).json()
        assert me["tenant"]["name"] == "Novo Nome"

    async def test_deactivate_and_reactivate_with_patch(
        self, client: httpx.AsyncClient, superadmin: Actor, admin_second: Actor
    ) -> None:
        url = f"{TENANTS}/{admin_second.tenant.client_id}"
        off = await client.patch(url, headers=superadmin.headers, json={"isActive": False})
        assert off.status_code == 200 and off.json()["isActive"] is False
        assert_problem(await client.get("/api/v1/auth/me", headers=admin_second.headers), 401, "tenant_invalido")
        on = await client.patch(url, headers=superadmin.headers, json={"isActive": True})
        assert on.status_code == 200 and on.json()["isActive"] is True
        assert (await client.get("/api/v1/auth/me", headers=admin_second.headers)).status_code == 200

    async def test_cannot_deactivate_own_tenant(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor
    ) -> None:
        url = f"{TENANTS}/{superadmin.tenant.client_id}"
        response = await client.patch(url, headers=superadmin.headers, json={"isActive": False, "name": "Outro"})
        body = assert_problem(response, 400, "proprio_tenant")
        assert body["detail"] == "Você não pode desativar o tenant da sua própria conta."
        row = await db_tenant(factory.ctx, superadmin.tenant.client_id)
        assert row is not None and row.is_active and row.name == superadmin.tenant.name
        renamed = await client.patch(url, headers=superadmin.headers, json={"name": "Plataforma"})
        assert renamed.status_code == 200 and renamed.json()["name"] == "Plataforma"

    @pytest.mark.parametrize(
        ("payload", "field", "message"),
        [
            ({"name": ""}, "name", "Deve ter pelo menos 1 caractere(s)."),
            ({"isActive": "sim senhor"}, "isActive", "Deve ser verdadeiro ou falso."),
            ({"clientId": "novo-id"}, "clientId", "Campo não permitido."),
        ],
    )
    async def test_bad_input_is_422(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        superadmin: Actor,
        tenant_second: Tenant,
        payload: dict[str, Any],
        field: str,
        message: str,
    ) -> None:
        response = await client.patch(f"{TENANTS}/{tenant_second.client_id}", headers=superadmin.headers, json=payload)
        assert errors_by_field(assert_problem(response, 422, "validacao"))[field] == message
        row = await db_tenant(factory.ctx, tenant_second.client_id)
        assert row is not None and row.name == tenant_second.name and row.is_active

    async def test_unknown_is_404(self, client: httpx.AsyncClient, superadmin: Actor) -> None:
        response = await client.patch(f"{TENANTS}/nao-existe", headers=superadmin.headers, json={"name": "X"})
        assert_problem(response, 404, "tenant_nao_encontrado")

    async def test_admin_is_forbidden(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, tenant_second: Tenant
    ) -> None:
        for target in (admin.tenant, tenant_second):
            response = await client.patch(
                f"{TENANTS}/{target.client_id}", headers=admin.headers, json={"name": "Tomado", "isActive": False}
            )
            assert_problem(response, 403, "acesso_negado")
            row = await db_tenant(factory.ctx, target.client_id)
            assert row is not None and row.is_active and row.name != "Tomado"

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, tenant_second: Tenant
    ) -> None:
        response = await client.patch(
            f"{TENANTS}/{tenant_second.client_id}",
            headers=foreign(tenant_second.client_id, superadmin),
            json={"name": "Tomado"},
        )
        assert_problem(response, 403, "tenant_divergente")
        row = await db_tenant(factory.ctx, tenant_second.client_id)
        assert row is not None and row.name == tenant_second.name


class TestDeactivateTenant:
    async def test_deactivation_blocks_tenant_and_keeps_data(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, admin_second: Actor
    ) -> None:
        key = await factory.api_key(admin_second, ["users:read"])
        assert (await client.get("/api/v1/users", headers=key)).status_code == 200
        client_id = admin_second.tenant.client_id

        response = await client.delete(f"{TENANTS}/{client_id}", headers=superadmin.headers)
        assert response.status_code == 204, response.text

        body = assert_problem(await client.get("/api/v1/auth/me", headers=admin_second.headers), 401, "tenant_invalido")
        assert body["detail"] == "O tenant informado em X-Client-Id não existe ou está inativo."
        assert_problem(await client.get("/api/v1/users", headers=key), 401, "tenant_invalido")
        login = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": client_id},
            json={"email": admin_second.user.email, "password": PASSWORD},
        )
        assert_problem(login, 401, "tenant_invalido")  # com a senha certa, o login pode dizer que foi desativado

        # Dados preservados; o superadmin ainda vê o tenant, inativo.
        async with factory.ctx.sessionmaker() as session:
            assert await session.get(User, admin_second.user.id) is not None
        detail = (await client.get(f"{TENANTS}/{client_id}", headers=superadmin.headers)).json()
        assert detail["isActive"] is False

        # Reativado, tudo volta a funcionar, inclusive os tokens e chaves já emitidos.
        back = await client.patch(f"{TENANTS}/{client_id}", headers=superadmin.headers, json={"isActive": True})
        assert back.status_code == 200, back.text
        assert (await client.get("/api/v1/auth/me", headers=admin_second.headers)).status_code == 200
        assert (await client.get("/api/v1/users", headers=key)).status_code == 200

    async def test_cannot_deactivate_own_tenant(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor
    ) -> None:
        response = await client.delete(f"{TENANTS}/{superadmin.tenant.client_id}", headers=superadmin.headers)
        assert_problem(response, 400, "proprio_tenant")
        assert (await client.get(TENANTS, headers=superadmin.headers)).status_code == 200
        row = await db_tenant(factory.ctx, superadmin.tenant.client_id)
        assert row is not None and row.is_active

    async def test_unknown_is_404(self, client: httpx.AsyncClient, superadmin: Actor) -> None:
        response = await client.delete(f"{TENANTS}/nao-existe", headers=superadmin.headers)
        assert_problem(response, 404, "tenant_nao_encontrado")

    async def test_admins_are_forbidden(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        response = await client.delete(f"{TENANTS}/{admin_second.tenant.client_id}", headers=admin.headers)
        assert_problem(response, 403, "acesso_negado")
        own = await client.delete(f"{TENANTS}/{admin_second.tenant.client_id}", headers=admin_second.headers)
        assert_problem(own, 403, "acesso_negado")
        row = await db_tenant(factory.ctx, admin_second.tenant.client_id)
        assert row is not None and row.is_active
        assert (await client.get("/api/v1/auth/me", headers=admin_second.headers)).status_code == 200

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor, tenant_second: Tenant
    ) -> None:
        response = await client.delete(
            f"{TENANTS}/{tenant_second.client_id}", headers=foreign(tenant_second.client_id, superadmin)
        )
        assert_problem(response, 403, "tenant_divergente")
        row = await db_tenant(factory.ctx, tenant_second.client_id)
        assert row is not None and row.is_active


class TestTenantSettings:
    async def test_defaults(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await client.get(SETTINGS, headers=admin.headers)
        assert response.status_code == 200, response.text
        assert response.json() == DEFAULT_SETTINGS
        assert response.headers["X-RateLimit-Limit"] == "100"

    async def test_put_replaces_everything(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        full = {
            # Todos os instalados, noutra ordem (os que faltassem voltariam no fim da lista lida).
            "providerPreference": list(reversed(registry.available_types())),
            "automaticFallback": False,
            "requestsPerMinute": 250,
            "businessHours": {
                "enabled": True,
                "timezone": "America/Manaus",
                "intervals": [
                    {"day": "monday", "start": "08:00", "end": "12:00"},
                    {"day": "monday", "start": "13:30", "end": "18:00"},
                ],
                "outOfHoursMessage": "Estamos fora do horário de atendimento.",
            },
            "defaultAgentId": None,
            "retention": {"messagesDays": 180, "mediaDays": 90},
        }
        response = await client.put(SETTINGS, headers=admin.headers, json=full)
        assert response.status_code == 200, response.text
        expected = full | {
            "businessHours": full["businessHours"]
            | {
                "intervals": [
                    {"day": "monday", "start": "08:00:00", "end": "12:00:00"},
                    {"day": "monday", "start": "13:30:00", "end": "18:00:00"},
                ]
            }
        }
        assert response.json() == expected
        assert (await client.get(SETTINGS, headers=admin.headers)).json() == expected

        # Campos omitidos voltam ao padrão.
        partial = await client.put(SETTINGS, headers=admin.headers, json={"automaticFallback": False})
        assert partial.status_code == 200, partial.text
        assert (await client.get(SETTINGS, headers=admin.headers)).json() == DEFAULT_SETTINGS | {
            "automaticFallback": False
        }
        # O outro tenant não foi tocado.
        assert (await client.get(SETTINGS, headers=admin_second.headers)).json() == DEFAULT_SETTINGS

    @pytest.mark.parametrize(
        ("payload", "field", "message"),
        [
            ({"businessHours": {"timezone": "Marte/Olympus"}}, "businessHours.timezone",
             "Fuso horário desconhecido: Marte/Olympus"),
            ({"businessHours": {"intervals": [{"day": "monday", "start": "18:00", "end": "09:00"}]}},
             "businessHours.intervals.0", "O horário de fim deve ser depois do início"),
            ({"businessHours": {"intervals": [{"day": "friday", "start": "09:00", "end": "09:00"}]}},
             "businessHours.intervals.0", "O horário de fim deve ser depois do início"),
            ({"businessHours": {"intervals": [{"day": "feriado", "start": "09:00", "end": "10:00"}]}},
             "businessHours.intervals.0.day", None),
            ({"businessHours": {"intervals": [{"day": "monday", "start": "25:00", "end": "26:00"}]}},
             "businessHours.intervals.0.start", "Horário inválido (use HH:MM)."),
            ({"providerPreference": ["sandbox", "sandbox"]}, "providerPreference",
             "Provedores repetidos na ordem de preferência"),
            ({"providerPreference": []}, "providerPreference", "Deve ter pelo menos 1 item(ns)."),
            ({"providerPreference": ["telegram"]}, "providerPreference.0", None),
            ({"requestsPerMinute": 0}, "requestsPerMinute", "Deve ser maior ou igual a 1."),
            ({"requestsPerMinute": 100_001}, "requestsPerMinute", "Deve ser menor ou igual a 100000."),
            ({"requestsPerMinute": "muitas"}, "requestsPerMinute", "Deve ser um número inteiro."),
            ({"defaultAgentId": "agente-1"}, "defaultAgentId", "Deve ser um UUID válido."),
            ({"idioma": "pt-BR"}, "idioma", "Campo não permitido."),
            ({"retention": {"messagesDays": 0}}, "retention.messagesDays", "Deve ser maior ou igual a 1."),
            ({"retention": {"mediaDays": 3651}}, "retention.mediaDays", "Deve ser menor ou igual a 3650."),
        ],
    )  # fmt: skip
    async def test_invalid_settings_are_422_and_change_nothing(
        self,
        client: httpx.AsyncClient,
        admin: Actor,
        payload: dict[str, Any],
        field: str,
        message: str | None,
    ) -> None:
        response = await client.put(SETTINGS, headers=admin.headers, json=payload)
        fields = errors_by_field(assert_problem(response, 422, "validacao"))
        assert field in fields, fields
        if message is None:
            assert "aceitos:" in fields[field]
        else:
            assert fields[field] == message
        assert (await client.get(SETTINGS, headers=admin.headers)).json() == DEFAULT_SETTINGS

    async def test_literal_error_message_is_fully_portuguese(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await client.put(SETTINGS, headers=admin.headers, json={"providerPreference": ["telegram"]})
        message = errors_by_field(assert_problem(response, 422, "validacao"))["providerPreference.0"]
        assert " or " not in message

    async def test_default_agent_must_be_an_active_agent_of_this_tenant(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        theirs = await add_agent(factory.ctx, admin_second.tenant)
        inactive = await add_agent(factory.ctx, admin.tenant, is_active=False)
        for agent_id in (uuid.uuid4(), theirs.id, inactive.id):
            response = await client.put(SETTINGS, headers=admin.headers, json={"defaultAgentId": str(agent_id)})
            body = assert_problem(response, 400, "agente_inexistente")
            assert body["detail"] == "defaultAgentId não corresponde a um agente ativo deste tenant."
        assert (await client.get(SETTINGS, headers=admin.headers)).json()["defaultAgentId"] is None

        mine = await add_agent(factory.ctx, admin.tenant)
        response = await client.put(
            SETTINGS, headers=admin.headers, json={"defaultAgentId": str(mine.id), "requestsPerMinute": 80}
        )
        assert response.status_code == 200, response.text
        stored = (await client.get(SETTINGS, headers=admin.headers)).json()
        assert stored["defaultAgentId"] == str(mine.id) and stored["requestsPerMinute"] == 80

    async def test_per_tenant_rate_limit_applies_at_once(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        await avoid_window_edge()
        response = await client.put(SETTINGS, headers=admin.headers, json={"requestsPerMinute": 3})
        assert response.status_code == 200, response.text
        # O PUT foi contado sob o limite antigo (100) e é a primeira requisição autenticada do tenant.
        assert response.headers["X-RateLimit-Remaining"] == "99"

        for remaining in ("1", "0"):
            ok = await client.get("/api/v1/auth/me", headers=admin.headers)
            assert ok.status_code == 200, ok.text
            assert ok.headers["X-RateLimit-Limit"] == "3"
            assert ok.headers["X-RateLimit-Remaining"] == remaining

        blocked = await client.get("/api/v1/auth/me", headers=admin.headers)
        body = assert_problem(blocked, 429, "limite_excedido")
        assert 1 <= int(blocked.headers["Retry-After"]) <= 61
        assert body["retryAfter"] == int(blocked.headers["Retry-After"])
        assert "3 requisições por minuto" in body["detail"]
        # Outro tenant segue com o próprio limite.
        assert (await client.get("/api/v1/auth/me", headers=admin_second.headers)).status_code == 200

    async def test_only_valid_tokens_spend_the_limit_and_only_of_their_own_tenant(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        await avoid_window_edge()
        mine = admin.headers["X-Client-Id"]
        start = int((await client.get("/api/v1/auth/me", headers=admin.headers)).headers["X-RateLimit-Remaining"])
        other = int(
            (await client.get("/api/v1/auth/me", headers=admin_second.headers)).headers["X-RateLimit-Remaining"]
        )
        forged = {**admin.headers, "Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.assinatura-falsa"}
        for _ in range(3):
            assert (await client.get("/api/v1/auth/me", headers=forged)).status_code == 401
        # Token válido de outro tenant com o X-Client-Id deste: 403, contado no tenant do token.
        foreign = {**admin_second.headers, "X-Client-Id": mine}
        assert (await client.get("/api/v1/auth/me", headers=foreign)).status_code == 403
        again = await client.get("/api/v1/auth/me", headers=admin.headers)
        assert int(again.headers["X-RateLimit-Remaining"]) == start - 1
        theirs = await client.get("/api/v1/auth/me", headers=admin_second.headers)
        assert int(theirs.headers["X-RateLimit-Remaining"]) == other - 2

    async def test_global_default_applies_when_tenant_has_no_override(
        self, client: httpx.AsyncClient, ctx: AppContext, superadmin: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(ctx.settings, "rate_limit_per_minute", 2)
        await avoid_window_edge()
        client_id = new_client_id()
        credentials = {"email": "admin@limite.com.br", "password": PASSWORD}
        created = await client.post(
            TENANTS,
            headers=superadmin.headers,
            json={"clientId": client_id, "name": "Sem limite próprio", "admin": {**credentials, "name": "A"}},
        )
        assert created.status_code == 201, created.text
        login = await client.post("/api/v1/auth/login", headers={"X-Client-Id": client_id}, json=credentials)
        headers = {"X-Client-Id": client_id, "Authorization": f"Bearer {login.json()['accessToken']}"}
        first = await client.get("/api/v1/auth/me", headers=headers)
        assert first.headers["X-RateLimit-Limit"] == "2"
        await client.get("/api/v1/auth/me", headers=headers)
        assert_problem(await client.get("/api/v1/auth/me", headers=headers), 429, "limite_excedido")

    async def test_member_is_forbidden(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        assert_problem(await client.get(SETTINGS, headers=member.headers), 403, "acesso_negado")
        response = await client.put(SETTINGS, headers=member.headers, json={"requestsPerMinute": 1})
        assert_problem(response, 403, "acesso_negado")
        row = await db_tenant(factory.ctx, member.tenant.client_id)
        assert row is not None and row.settings is not None and row.settings["requestsPerMinute"] == DEFAULT_RPM

    async def test_api_key_scopes(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        reader = await factory.api_key(admin, ["settings:read"])
        assert (await client.get(SETTINGS, headers=reader)).json() == DEFAULT_SETTINGS
        assert_problem(await client.put(SETTINGS, headers=reader, json={}), 403, "acesso_negado")
        writer = await factory.api_key(admin, ["settings:write"])
        assert_problem(await client.get(SETTINGS, headers=writer), 403, "acesso_negado")
        response = await client.put(SETTINGS, headers=writer, json={"automaticFallback": False})
        assert response.status_code == 200, response.text
        assert (await client.get(SETTINGS, headers=reader)).json()["automaticFallback"] is False

    async def test_other_tenant_credential_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        headers = foreign(admin.tenant.client_id, admin_second)
        assert_problem(await client.get(SETTINGS, headers=headers), 403, "tenant_divergente")
        assert_problem(await client.put(SETTINGS, headers=headers, json={"requestsPerMinute": 1}), 403)
        key = await factory.api_key(admin_second, ["settings:read", "settings:write"])
        key_here = {**key, "X-Client-Id": admin.tenant.client_id}
        response = await client.put(SETTINGS, headers=key_here, json={"requestsPerMinute": 1})
        assert_problem(response, 403, "tenant_divergente")
        for actor in (admin, admin_second):
            assert (await client.get(SETTINGS, headers=actor.headers)).json() == DEFAULT_SETTINGS
