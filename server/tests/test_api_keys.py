"""Chaves de API: criação (a chave aparece uma vez), listagem, escopos, revogação imediata, expiração e isolamento."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from tests.conftest import Actor, Factory, assert_problem
from wacs.auth.scopes import SCOPES
from wacs.kit.context import AppContext
from wacs.kit.security import sha256_hex
from wacs.models import ApiKey, User

KEYS = "/api/v1/api-keys"
USERS = "/api/v1/users"


async def create_key(client: httpx.AsyncClient, admin: Actor, **payload: Any) -> dict[str, Any]:
    body = {"name": "integração", "scopes": ["users:read"]} | payload
    response = await client.post(KEYS, headers=admin.headers, json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def key_headers(admin: Actor, raw: str) -> dict[str, str]:
    return {"X-Client-Id": admin.tenant.client_id, "X-Api-Key": raw}


def bearer_headers(admin: Actor, raw: str) -> dict[str, str]:
    return {"X-Client-Id": admin.tenant.client_id, "Authorization": f"Bearer {raw}"}


async def db_key(ctx: AppContext, key_id: str | uuid.UUID) -> ApiKey | None:
    async with ctx.sessionmaker() as session:
        return await session.get(ApiKey, uuid.UUID(str(key_id)))


def errors_by_field(body: dict[str, Any]) -> dict[str, str]:
    return {e["field"]: e["message"] for e in body["errors"]}


def foreign(owner: Actor, intruder: Actor) -> dict[str, str]:
    return {"X-Client-Id": owner.tenant.client_id, "Authorization": intruder.headers["Authorization"]}


class TestCreateApiKey:
    async def test_key_is_shown_once_and_works(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        response = await client.post(
            KEYS,
            headers=admin.headers,
            json={"name": "  ERP  ", "scopes": ["users:write", "users:read", "users:read"]},
        )
        assert response.status_code == 201, response.text
        body = response.json()
        raw = body["key"]
        assert raw.startswith("wacs_") and len(raw) > 40
        assert body["prefix"] == raw[: len(body["prefix"])] and body["prefix"].startswith("wacs_")
        assert body["name"] == "ERP"
        assert body["scopes"] == ["users:read", "users:write"]  # ordenados e sem repetição
        assert body["expiresAt"] is None and body["revokedAt"] is None and body["lastUsedAt"] is None

        # O banco guarda só o hash.
        row = await db_key(factory.ctx, body["id"])
        assert row is not None and row.tenant_id == admin.tenant.id and row.created_by == admin.user.id
        assert row.key_hash == sha256_hex(raw)
        assert raw not in {row.key_hash, row.prefix, row.name}

        me = await client.get("/api/v1/auth/me", headers=key_headers(admin, raw))
        assert me.status_code == 200, me.text
        assert me.json()["apiKeyId"] == body["id"]
        assert me.json()["apiKeyName"] == "ERP"

    async def test_future_expiry_is_kept(self, client: httpx.AsyncClient, admin: Actor) -> None:
        expires = datetime.now(UTC) + timedelta(days=30)
        body = await create_key(client, admin, expiresAt=expires.isoformat())
        assert datetime.fromisoformat(body["expiresAt"].replace("Z", "+00:00")) == expires
        assert (await client.get(USERS, headers=key_headers(admin, body["key"]))).status_code == 200

    @pytest.mark.parametrize(
        ("payload", "field", "message"),
        [
            ({"expiresAt": "2020-01-01T00:00:00Z"}, "expiresAt", "A data de expiração deve estar no futuro"),
            ({"expiresAt": "amanhã"}, "expiresAt", "Data e hora inválida (use ISO 8601)."),
            ({"scopes": ["users:read", "tudo:liberado"]}, "scopes", "Escopo(s) desconhecido(s): tudo:liberado"),
            ({"scopes": []}, "scopes", "Deve ter pelo menos 1 item(ns)."),
            ({"name": "  "}, "name", "Deve ter pelo menos 1 caractere(s)."),
            ({"name": "x" * 101}, "name", "Deve ter no máximo 100 caractere(s)."),
            ({"key": "wacs_escolhida"}, "key", "Campo não permitido."),
        ],
    )
    async def test_bad_input_is_422(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        admin: Actor,
        payload: dict[str, Any],
        field: str,
        message: str,
    ) -> None:
        body = {"name": "integração", "scopes": ["users:read"]} | payload
        problem = assert_problem(await client.post(KEYS, headers=admin.headers, json=body), 422, "validacao")
        assert errors_by_field(problem)[field] == message
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(ApiKey))).first() is None

    async def test_missing_fields_are_listed(self, client: httpx.AsyncClient, admin: Actor) -> None:
        fields = errors_by_field(assert_problem(await client.post(KEYS, headers=admin.headers, json={}), 422))
        assert fields == {"name": "Campo obrigatório.", "scopes": "Campo obrigatório."}

    async def test_member_is_forbidden(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        response = await client.post(KEYS, headers=member.headers, json={"name": "x", "scopes": ["users:read"]})
        assert_problem(response, 403, "acesso_negado")
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(ApiKey))).first() is None

    async def test_api_key_cannot_create_keys(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        key = await factory.api_key(admin, sorted(SCOPES))
        response = await client.post(KEYS, headers=key, json={"name": "filha", "scopes": ["users:read"]})
        body = assert_problem(response, 403, "acesso_negado")
        assert "só para usuários" in body["detail"]
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(ApiKey).where(ApiKey.name == "filha"))).first() is None

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        response = await client.post(
            KEYS, headers=foreign(admin, admin_second), json={"name": "intrusa", "scopes": ["users:read"]}
        )
        assert_problem(response, 403, "tenant_divergente")
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(ApiKey))).first() is None


class TestListApiKeys:
    async def test_list_never_shows_the_key(self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor) -> None:
        mine = [await create_key(client, admin, name=f"chave {i}") for i in range(3)]
        theirs = await create_key(client, admin_second, name="do vizinho")

        response = await client.get(KEYS, headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == 3
        assert {item["id"] for item in body["items"]} == {k["id"] for k in mine}
        assert theirs["id"] not in response.text
        for item in body["items"]:
            assert "key" not in item
            assert item["prefix"].startswith("wacs_")
        for created in mine:
            assert created["key"] not in response.text

    async def test_pagination_and_revoked_filter(self, client: httpx.AsyncClient, admin: Actor) -> None:
        keys = [await create_key(client, admin, name=f"chave {i}") for i in range(3)]
        assert (await client.delete(f"{KEYS}/{keys[0]['id']}", headers=admin.headers)).status_code == 204

        active = (await client.get(KEYS, headers=admin.headers)).json()
        assert active["total"] == 2
        assert keys[0]["id"] not in {i["id"] for i in active["items"]}

        everything = (await client.get(KEYS, headers=admin.headers, params={"includeRevoked": "true"})).json()
        assert everything["total"] == 3
        revoked = next(i for i in everything["items"] if i["id"] == keys[0]["id"])
        assert revoked["revokedAt"] is not None

        page = (await client.get(KEYS, headers=admin.headers, params={"pageSize": 1, "page": 2})).json()
        assert page["total"] == 2 and len(page["items"]) == 1 and page["pageSize"] == 1

    async def test_bad_query_is_422(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await client.get(KEYS, headers=admin.headers, params={"includeRevoked": "quase", "pageSize": 500})
        fields = errors_by_field(assert_problem(response, 422, "validacao"))
        assert fields["includeRevoked"] == "Deve ser verdadeiro ou falso."
        assert fields["pageSize"] == "Deve ser menor ou igual a 100."

    async def test_last_used_is_recorded(self, client: httpx.AsyncClient, admin: Actor) -> None:
        created = await create_key(client, admin)
        assert (await client.get(USERS, headers=key_headers(admin, created["key"]))).status_code == 200
        item = (await client.get(KEYS, headers=admin.headers)).json()["items"][0]
        assert item["id"] == created["id"] and item["lastUsedAt"] is not None

    async def test_member_and_keys_are_forbidden(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor
    ) -> None:
        assert_problem(await client.get(KEYS, headers=member.headers), 403, "acesso_negado")
        key = await factory.api_key(admin, sorted(SCOPES))
        assert_problem(await client.get(KEYS, headers=key), 403, "acesso_negado")

    async def test_other_tenant_token_or_key_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        assert_problem(await client.get(KEYS, headers=foreign(admin, admin_second)), 403, "tenant_divergente")
        key = await factory.api_key(admin_second, sorted(SCOPES))
        response = await client.get(KEYS, headers={**key, "X-Client-Id": admin.tenant.client_id})
        assert_problem(response, 403, "tenant_divergente")


class TestScopes:
    async def test_lists_every_scope_with_description(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await client.get(f"{KEYS}/scopes", headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert {item["scope"]: item["description"] for item in body} == SCOPES
        assert {"scope": "users:read", "description": "Listar usuários"} in body

    async def test_forbidden_for_member_and_keys(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor
    ) -> None:
        assert_problem(await client.get(f"{KEYS}/scopes", headers=member.headers), 403, "acesso_negado")
        key = await factory.api_key(admin, sorted(SCOPES))
        assert_problem(await client.get(f"{KEYS}/scopes", headers=key), 403, "acesso_negado")

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        response = await client.get(f"{KEYS}/scopes", headers=foreign(admin, admin_second))
        assert_problem(response, 403, "tenant_divergente")


class TestRevoke:
    async def test_revoked_key_stops_working_at_once(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        created = await create_key(client, admin)
        headers = key_headers(admin, created["key"])
        # Usada antes: os dados da chave estão em cache quando ela é revogada.
        assert (await client.get(USERS, headers=headers)).status_code == 200
        assert (await client.get(USERS, headers=headers)).status_code == 200

        response = await client.delete(f"{KEYS}/{created['id']}", headers=admin.headers)
        assert response.status_code == 204, response.text
        rejected = await client.get(USERS, headers=headers)
        body = assert_problem(rejected, 401, "nao_autenticado")
        assert body["detail"] == "Chave de API inválida ou revogada."
        assert rejected.headers["WWW-Authenticate"] == "Bearer"
        bearer = await client.get(USERS, headers=bearer_headers(admin, created["key"]))
        assert_problem(bearer, 401, "nao_autenticado")
        row = await db_key(factory.ctx, created["id"])
        assert row is not None and row.revoked_at is not None

    async def test_revoking_twice_keeps_first_timestamp(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        created = await create_key(client, admin)
        assert (await client.delete(f"{KEYS}/{created['id']}", headers=admin.headers)).status_code == 204
        first = await db_key(factory.ctx, created["id"])
        assert (await client.delete(f"{KEYS}/{created['id']}", headers=admin.headers)).status_code == 204
        second = await db_key(factory.ctx, created["id"])
        assert first is not None and second is not None and first.revoked_at == second.revoked_at

    async def test_unknown_or_malformed_id(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = assert_problem(
            await client.delete(f"{KEYS}/{uuid.uuid4()}", headers=admin.headers), 404, "chave_nao_encontrada"
        )
        assert body["detail"] == "Chave de API não encontrada."
        malformed = assert_problem(await client.delete(f"{KEYS}/xyz", headers=admin.headers), 422, "validacao")
        assert errors_by_field(malformed)["key_id"] == "Deve ser um UUID válido."

    async def test_other_tenant_key_is_404_and_keeps_working(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        theirs = await create_key(client, admin_second)
        response = await client.delete(f"{KEYS}/{theirs['id']}", headers=admin.headers)
        assert_problem(response, 404, "chave_nao_encontrada")
        row = await db_key(factory.ctx, theirs["id"])
        assert row is not None and row.revoked_at is None
        assert (await client.get(USERS, headers=key_headers(admin_second, theirs["key"]))).status_code == 200

    async def test_member_cannot_revoke(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor
    ) -> None:
        created = await create_key(client, admin)
        assert_problem(await client.delete(f"{KEYS}/{created['id']}", headers=member.headers), 403, "acesso_negado")
        assert (await client.get(USERS, headers=key_headers(admin, created["key"]))).status_code == 200

    async def test_key_cannot_revoke_itself(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        created = await create_key(client, admin, scopes=sorted(SCOPES))
        headers = key_headers(admin, created["key"])
        assert_problem(await client.delete(f"{KEYS}/{created['id']}", headers=headers), 403, "acesso_negado")
        row = await db_key(factory.ctx, created["id"])
        assert row is not None and row.revoked_at is None

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        created = await create_key(client, admin)
        response = await client.delete(f"{KEYS}/{created['id']}", headers=foreign(admin, admin_second))
        assert_problem(response, 403, "tenant_divergente")
        row = await db_key(factory.ctx, created["id"])
        assert row is not None and row.revoked_at is None


class TestScopeEnforcement:
    async def test_read_scope_reads_but_cannot_write(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        key = await factory.api_key(admin, ["users:read"])
        listing = await client.get(USERS, headers=key)
        assert listing.status_code == 200, listing.text
        assert listing.json()["total"] == 1
        assert (await client.get(f"{USERS}/{admin.user.id}", headers=key)).status_code == 200

        response = await client.post(
            USERS, headers=key, json={"email": "via-chave@teste.com.br", "name": "X", "password": "senha-123456"}
        )
        body = assert_problem(response, 403, "acesso_negado")
        assert "só para usuários" in body["detail"]  # criar usuário é de pessoas, com escopo algum
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(User).where(User.email == "via-chave@teste.com.br"))).first() is None
        assert_problem(await client.delete(f"{USERS}/{admin.user.id}", headers=key), 403, "acesso_negado")

    async def test_write_scope_does_not_imply_read(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        key = await factory.api_key(admin, ["users:write"])
        assert_problem(await client.get(USERS, headers=key), 403, "acesso_negado")
        plain = await factory.user(admin.tenant)
        response = await client.patch(f"{USERS}/{plain.id}", headers=key, json={"name": "Via Chave"})
        assert response.status_code == 200, response.text
        assert response.json()["name"] == "Via Chave"

    async def test_write_key_manages_only_plain_users(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        key = await factory.api_key(admin, ["users:write"])
        response = await client.patch(f"{USERS}/{admin.user.id}", headers=key, json={"isActive": False})
        assert_problem(response, 403, "acesso_negado")
        plain = await factory.user(admin.tenant)
        promote = await client.patch(f"{USERS}/{plain.id}", headers=key, json={"role": "admin"})
        assert_problem(promote, 403, "so_pessoas")
        async with factory.ctx.sessionmaker() as session:
            admin_row = await session.get(User, admin.user.id)
            plain_row = await session.get(User, plain.id)
        assert admin_row is not None and admin_row.is_active
        assert plain_row is not None and plain_row.role == "user"

    async def test_unrelated_scope_is_forbidden(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        key = await factory.api_key(admin, ["messages:send"])
        body = assert_problem(await client.get(USERS, headers=key), 403, "acesso_negado")
        assert "users:read" in body["detail"]
        assert_problem(await client.get("/api/v1/audit-logs", headers=key), 403, "acesso_negado")

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("GET", KEYS),
            ("GET", f"{KEYS}/scopes"),
            ("POST", KEYS),
            ("GET", "/api/v1/tenants"),
            ("POST", "/api/v1/tenants"),
            ("PUT", f"{USERS}/me/password"),
        ],
    )
    async def test_key_never_reaches_user_only_routes(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, method: str, path: str
    ) -> None:
        key = await factory.api_key(admin, sorted(SCOPES))
        response = await client.request(method, path, headers=key, json={})
        body = assert_problem(response, 403, "acesso_negado")
        assert "só para usuários" in body["detail"]

    async def test_bearer_works_like_x_api_key(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        created = await create_key(client, admin, scopes=["users:read"])
        headers = bearer_headers(admin, created["key"])
        assert (await client.get(USERS, headers=headers)).status_code == 200
        me = (await client.get("/api/v1/auth/me", headers=headers)).json()
        assert me["kind"] == "api_key" and me["scopes"] == ["users:read"]
        response = await client.post(USERS, headers=headers, json={"email": "b@teste.com.br", "name": "B"})
        assert_problem(response, 403, "acesso_negado")
        assert_problem(await client.get(KEYS, headers=headers), 403, "acesso_negado")

    async def test_unknown_key_is_401(self, client: httpx.AsyncClient, admin: Actor) -> None:
        for headers in (key_headers(admin, "wacs_inventada_123"), bearer_headers(admin, "wacs_inventada_123")):
            body = assert_problem(await client.get(USERS, headers=headers), 401, "nao_autenticado")
            assert body["detail"] == "Chave de API inválida ou revogada."

    async def test_other_tenant_key_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        created = await create_key(client, admin_second, scopes=["users:read", "users:write"])
        for headers in (key_headers(admin, created["key"]), bearer_headers(admin, created["key"])):
            assert_problem(await client.get(USERS, headers=headers), 403, "tenant_divergente")
        response = await client.post(
            USERS,
            headers=key_headers(admin, created["key"]),
            json={"email": "cruzado@teste.com.br", "name": "Cruzado", "password": "senha-123456"},
        )
        assert_problem(response, 403, "tenant_divergente")
        async with factory.ctx.sessionmaker() as session:
            assert (await session.execute(select(User).where(User.email == "cruzado@teste.com.br"))).first() is None


class TestExpiry:
    async def _expire(self, ctx: AppContext, key_id: str, raw: str) -> None:
        async with ctx.sessionmaker() as session:
            await session.execute(
                update(ApiKey)
                .where(ApiKey.id == uuid.UUID(key_id))
                .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
            )
            await session.commit()
        await ctx.cache.delete(f"api-key:{sha256_hex(raw)}")

    async def test_expired_key_is_401(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        created = await create_key(client, admin, expiresAt=(datetime.now(UTC) + timedelta(hours=1)).isoformat())
        headers = key_headers(admin, created["key"])
        assert (await client.get(USERS, headers=headers)).status_code == 200
        await self._expire(factory.ctx, created["id"], created["key"])
        body = assert_problem(await client.get(USERS, headers=headers), 401, "nao_autenticado")
        assert body["detail"] == "Chave de API expirada."
        assert_problem(await client.get(USERS, headers=bearer_headers(admin, created["key"])), 401)

    async def test_fresh_key_without_expiry_keeps_working(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        expiring = await create_key(client, admin, name="vence")
        lasting = await create_key(client, admin, name="fica")
        await self._expire(factory.ctx, expiring["id"], expiring["key"])
        assert_problem(await client.get(USERS, headers=key_headers(admin, expiring["key"])), 401)
        assert (await client.get(USERS, headers=key_headers(admin, lasting["key"]))).status_code == 200
