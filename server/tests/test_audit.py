"""Trilha de auditoria: cada escrita bem-sucedida grava uma linha (na mesma transação) e a consulta por tenant."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, Actor, Factory, assert_problem
from wacs.auth.scopes import SCOPES
from wacs.kit.context import AppContext
from wacs.kit.security import sha256_hex
from wacs.models import AIAgent, ApiKey, AuditLog, RefreshToken, Tenant

AUDIT = "/api/v1/audit-logs"
CLIENT_IP = "203.0.113.10"


async def rows(ctx: AppContext, tenant: Tenant, action: str | None = None) -> list[AuditLog]:
    statement = select(AuditLog).where(AuditLog.tenant_id == tenant.id)
    if action is not None:
        statement = statement.where(AuditLog.action == action)
    async with ctx.sessionmaker() as session:
        return list((await session.execute(statement.order_by(AuditLog.created_at))).scalars())


async def only_row(ctx: AppContext, tenant: Tenant, action: str) -> AuditLog:
    found = await rows(ctx, tenant, action)
    assert len(found) == 1, [(r.action, r.resource_id) for r in found]
    return found[0]


async def total_rows(ctx: AppContext) -> int:
    async with ctx.sessionmaker() as session:
        return int((await session.execute(select(func.count()).select_from(AuditLog))).scalar_one())


def assert_request_meta(row: AuditLog, response: httpx.Response, method: str, path: str, status: int) -> None:
    assert row.ip == CLIENT_IP
    assert row.request_id == response.headers["X-Request-Id"]
    assert row.method == method
    assert row.path == path
    assert row.status_code == status
    assert row.user_agent is not None and row.user_agent.startswith("python-httpx/")
    assert row.created_at is not None


def assert_actor(row: AuditLog, actor: Actor) -> None:
    assert row.actor_type == "user"
    assert row.actor_id == actor.user.id
    assert row.actor_label == actor.user.email


def everything_in(row: AuditLog) -> str:
    return repr({c.name: getattr(row, c.name) for c in AuditLog.__table__.columns})


async def family_of(ctx: AppContext, user_id: uuid.UUID) -> str:
    async with ctx.sessionmaker() as session:
        family = (
            await session.execute(select(RefreshToken.family_id).where(RefreshToken.user_id == user_id))
        ).scalar_one()
    return str(family)


class TestEveryWriteIsAudited:
    async def test_login(self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant) -> None:
        user = await factory.user(tenant, "admin")
        response = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tenant.client_id, "X-Request-Id": "login-req-0001"},
            json={"email": user.email, "password": PASSWORD},
        )
        assert response.status_code == 200, response.text
        row = await only_row(factory.ctx, tenant, "login")
        assert row.actor_type == "user" and row.actor_id == user.id and row.actor_label == user.email
        assert row.resource_type == "sessions"
        assert row.resource_id == await family_of(factory.ctx, user.id)
        assert row.request_id == "login-req-0001"
        assert_request_meta(row, response, "POST", "/api/v1/auth/login", 200)
        assert PASSWORD not in everything_in(row)
        assert response.json()["refreshToken"] not in everything_in(row)

    async def test_refresh_and_logout(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        family = await family_of(factory.ctx, admin.user.id)
        refreshed = await client.post(
            "/api/v1/auth/refresh",
            headers={"X-Client-Id": admin.tenant.client_id},
            json={"refreshToken": admin.refresh_token},
        )
        assert refreshed.status_code == 200, refreshed.text
        row = await only_row(factory.ctx, admin.tenant, "refresh")
        assert_actor(row, admin)
        assert (row.resource_type, row.resource_id) == ("sessions", family)

        logout = await client.post("/api/v1/auth/logout", headers=admin.headers)
        assert logout.status_code == 204
        row = await only_row(factory.ctx, admin.tenant, "logout")
        assert_actor(row, admin)
        assert (row.resource_type, row.resource_id) == ("sessions", family)
        assert_request_meta(row, logout, "POST", "/api/v1/auth/logout", 204)

    async def test_create_user(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        response = await client.post(
            "/api/v1/users",
            headers={**admin.headers, "X-Request-Id": "criar-usuario-42"},
            json={"email": "Auditada@Teste.com.br", "name": "Auditada", "password": "senha-secreta-9"},
        )
        assert response.status_code == 201, response.text
        assert response.headers["X-Request-Id"] == "criar-usuario-42"
        row = await only_row(factory.ctx, admin.tenant, "create_user")
        assert_actor(row, admin)
        assert (row.resource_type, row.resource_id) == ("users", response.json()["id"])
        assert row.details == {"email": "auditada@teste.com.br", "role": "user"}
        assert row.request_id == "criar-usuario-42"
        assert_request_meta(row, response, "POST", "/api/v1/users", 201)
        assert "senha-secreta-9" not in everything_in(row)

    async def test_update_user(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        target = await factory.user(admin.tenant)
        path = f"/api/v1/users/{target.id}"
        response = await client.patch(path, headers=admin.headers, json={"isActive": False})
        assert response.status_code == 200, response.text
        row = await only_row(factory.ctx, admin.tenant, "update_user")
        assert_actor(row, admin)
        assert (row.resource_type, row.resource_id) == ("users", str(target.id))
        assert row.details == {"sessionsRevoked": True}
        assert_request_meta(row, response, "PATCH", path, 200)

    async def test_delete_user(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        target = await factory.user(admin.tenant)
        path = f"/api/v1/users/{target.id}"
        response = await client.delete(path, headers=admin.headers)
        assert response.status_code == 204, response.text
        row = await only_row(factory.ctx, admin.tenant, "delete_user")
        assert_actor(row, admin)
        assert (row.resource_type, row.resource_id) == ("users", str(target.id))
        assert_request_meta(row, response, "DELETE", path, 204)

    async def test_change_own_password(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        response = await client.put(
            "/api/v1/users/me/password",
            headers=member.headers,
            json={"currentPassword": PASSWORD, "newPassword": "nova-senha-777"},
        )
        assert response.status_code == 204, response.text
        row = await only_row(factory.ctx, member.tenant, "change_own_password")
        assert_actor(row, member)
        assert (row.resource_type, row.resource_id) == ("users", str(member.user.id))
        assert_request_meta(row, response, "PUT", "/api/v1/users/me/password", 204)
        assert "nova-senha-777" not in everything_in(row) and PASSWORD not in everything_in(row)

    async def test_create_and_revoke_api_key(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        created = await client.post(
            "/api/v1/api-keys", headers=admin.headers, json={"name": "ERP", "scopes": ["users:read"]}
        )
        assert created.status_code == 201, created.text
        key = created.json()
        row = await only_row(factory.ctx, admin.tenant, "create_api_key")
        assert_actor(row, admin)
        assert (row.resource_type, row.resource_id) == ("api-keys", key["id"])
        assert row.details == {"name": "ERP", "scopes": ["users:read"]}
        assert key["key"] not in everything_in(row)
        assert_request_meta(row, created, "POST", "/api/v1/api-keys", 201)

        path = f"/api/v1/api-keys/{key['id']}"
        revoked = await client.delete(path, headers=admin.headers)
        assert revoked.status_code == 204
        row = await only_row(factory.ctx, admin.tenant, "revoke_api_key")
        assert_actor(row, admin)
        assert (row.resource_type, row.resource_id) == ("api-keys", key["id"])
        assert_request_meta(row, revoked, "DELETE", path, 204)

    async def test_put_settings(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        response = await client.put("/api/v1/tenant/settings", headers=admin.headers, json={"requestsPerMinute": 90})
        assert response.status_code == 200, response.text
        row = await only_row(factory.ctx, admin.tenant, "put_settings")
        assert_actor(row, admin)
        assert (row.resource_type, row.resource_id) == ("tenant-settings", admin.tenant.client_id)
        assert_request_meta(row, response, "PUT", "/api/v1/tenant/settings", 200)

    async def test_tenant_lifecycle(self, client: httpx.AsyncClient, factory: Factory, superadmin: Actor) -> None:
        client_id = f"auditado-{uuid.uuid4().hex[:6]}"
        created = await client.post(
            "/api/v1/tenants",
            headers=superadmin.headers,
            json={
                "clientId": client_id,
                "name": "Auditado",
                "admin": {"email": "dono@auditado.com.br", "name": "Dono", "password": "senha-do-dono-1"},
            },
        )
        assert created.status_code == 201, created.text
        updated = await client.patch(f"/api/v1/tenants/{client_id}", headers=superadmin.headers, json={"name": "N"})
        assert updated.status_code == 200
        deactivated = await client.delete(f"/api/v1/tenants/{client_id}", headers=superadmin.headers)
        assert deactivated.status_code == 204

        # As linhas ficam no tenant de quem agiu (o superadmin).
        row = await only_row(factory.ctx, superadmin.tenant, "create_tenant")
        assert_actor(row, superadmin)
        assert (row.resource_type, row.resource_id) == ("tenants", client_id)
        assert row.details == {"adminEmail": "dono@auditado.com.br"}
        assert "senha-do-dono-1" not in everything_in(row)
        assert_request_meta(row, created, "POST", "/api/v1/tenants", 201)

        row = await only_row(factory.ctx, superadmin.tenant, "update_tenant")
        assert (row.resource_type, row.resource_id) == ("tenants", client_id)
        assert_request_meta(row, updated, "PATCH", f"/api/v1/tenants/{client_id}", 200)

        row = await only_row(factory.ctx, superadmin.tenant, "deactivate_tenant")
        assert_actor(row, superadmin)
        assert (row.resource_type, row.resource_id) == ("tenants", client_id)
        assert_request_meta(row, deactivated, "DELETE", f"/api/v1/tenants/{client_id}", 204)

    async def test_api_key_is_the_actor(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        key = await factory.api_key(admin, ["users:write"])
        async with factory.ctx.sessionmaker() as session:
            key_id = (
                await session.execute(select(ApiKey.id).where(ApiKey.key_hash == sha256_hex(key["X-Api-Key"])))
            ).scalar_one()
        plain = await factory.user(admin.tenant)
        response = await client.patch(f"/api/v1/users/{plain.id}", headers=key, json={"name": "Por Chave"})
        assert response.status_code == 200, response.text
        row = await only_row(factory.ctx, admin.tenant, "update_user")
        assert row.actor_type == "api_key"
        assert row.actor_id == key_id
        assert row.actor_label == "integração"
        assert row.ip == CLIENT_IP

    async def test_unsafe_request_id_is_replaced(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        response = await client.put(
            "/api/v1/tenant/settings", headers={**admin.headers, "X-Request-Id": "id com espaco;drop"}, json={}
        )
        assert response.status_code == 200, response.text
        generated = response.headers["X-Request-Id"]
        assert generated != "id com espaco;drop" and generated.isalnum()
        row = await only_row(factory.ctx, admin.tenant, "put_settings")
        assert row.request_id == generated

    async def test_reads_are_not_audited(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        before = await total_rows(factory.ctx)
        for path in ("/api/v1/users", "/api/v1/auth/me", "/api/v1/tenant/settings", "/api/v1/api-keys", AUDIT):
            assert (await client.get(path, headers=admin.headers)).status_code == 200
        assert await total_rows(factory.ctx) == before


class TestFailedWritesLeaveNoRow:
    async def test_rejected_requests_write_nothing(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor, superadmin: Actor
    ) -> None:
        other = await factory.tenant()
        async with factory.ctx.sessionmaker() as session:
            foreign_agent = AIAgent(tenant_id=other.id, name="Alheio")
            session.add(foreign_agent)
            await session.commit()
        before = await total_rows(factory.ctx)

        attempts: list[tuple[httpx.Response, int]] = [
            # 409: o serviço rejeitou depois de autenticar (sessão aberta, rollback).
            (
                await client.post(
                    "/api/v1/users",
                    headers=admin.headers,
                    json={"email": member.user.email, "name": "Dup", "password": PASSWORD},
                ),
                409,
            ),
            (await client.delete(f"/api/v1/users/{admin.user.id}", headers=admin.headers), 400),
            (await client.delete(f"/api/v1/users/{uuid.uuid4()}", headers=admin.headers), 404),
            (await client.delete(f"/api/v1/api-keys/{uuid.uuid4()}", headers=admin.headers), 404),
            (
                await client.put(
                    "/api/v1/users/me/password",
                    headers=member.headers,
                    json={"currentPassword": "errada-000", "newPassword": "qualquer-123"},
                ),
                401,
            ),
            (
                await client.put(
                    "/api/v1/tenant/settings",
                    headers=admin.headers,
                    json={"defaultAgentId": str(foreign_agent.id)},
                ),
                400,
            ),
            (await client.delete(f"/api/v1/tenants/{superadmin.tenant.client_id}", headers=superadmin.headers), 400),
            (await client.post("/api/v1/users", headers=member.headers, json={}), 403),
            (await client.post("/api/v1/users", headers=admin.headers, json={"email": "x"}), 422),
            (
                await client.post(
                    "/api/v1/auth/login",
                    headers={"X-Client-Id": admin.tenant.client_id},
                    json={"email": admin.user.email, "password": "errada-000"},
                ),
                401,
            ),
        ]
        for response, status in attempts:
            assert response.status_code == status, response.text
        assert await total_rows(factory.ctx) == before

    async def test_success_after_failure_writes_exactly_one(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        payload = {"email": "uma-vez@teste.com.br", "name": "Uma", "password": PASSWORD}
        assert (await client.post("/api/v1/users", headers=admin.headers, json=payload)).status_code == 201
        assert (await client.post("/api/v1/users", headers=admin.headers, json=payload)).status_code == 409
        assert len(await rows(factory.ctx, admin.tenant, "create_user")) == 1


async def seed(ctx: AppContext, tenant: Tenant, **fields: Any) -> AuditLog:
    values: dict[str, Any] = {
        "tenant_id": tenant.id,
        "actor_type": "user",
        "action": "importado",
        "method": "POST",
        "path": "/api/v1/importacao",
    } | fields
    async with ctx.sessionmaker() as session:
        row = AuditLog(**values)
        session.add(row)
        await session.commit()
    return row


class TestListAuditLogs:
    async def test_admin_reads_newest_first(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        created = await client.post(
            "/api/v1/users",
            headers=admin.headers,
            json={"email": "lista@teste.com.br", "name": "L", "password": PASSWORD},
        )
        assert created.status_code == 201
        response = await client.get(AUDIT, headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["total"] == 2
        assert [i["action"] for i in body["items"]] == ["create_user", "login"]
        newest = body["items"][0]
        assert set(newest) == {
            "id", "actorType", "actorId", "actorLabel", "action", "resourceType", "resourceId", "method", "path",
            "statusCode", "ip", "userAgent", "requestId", "details", "createdAt",
        }  # fmt: skip
        assert newest["actorId"] == str(admin.user.id)
        assert newest["resourceId"] == created.json()["id"]
        assert newest["ip"] == CLIENT_IP
        assert newest["requestId"] == created.headers["X-Request-Id"]
        assert newest["details"] == {"email": "lista@teste.com.br", "role": "user"}

    async def test_filters(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        member = await factory.actor(admin.tenant, "user")  # grava um login de outro ator
        target = await factory.user(admin.tenant)
        patched = await client.patch(f"/api/v1/users/{target.id}", headers=admin.headers, json={"name": "Filtro"})
        assert patched.status_code == 200
        key = await client.post("/api/v1/api-keys", headers=admin.headers, json={"name": "K", "scopes": ["audit:read"]})
        assert key.status_code == 201

        async def ids(**params: str) -> list[str]:
            response = await client.get(AUDIT, headers=admin.headers, params=params)
            assert response.status_code == 200, response.text
            return [i["action"] for i in response.json()["items"]]

        assert await ids(action="login") == ["login", "login"]
        assert await ids(actorId=str(member.user.id)) == ["login"]
        assert await ids(actorId=str(admin.user.id)) == ["create_api_key", "update_user", "login"]
        assert await ids(resourceType="users") == ["update_user"]
        assert await ids(resourceType="api-keys") == ["create_api_key"]
        assert await ids(resourceId=str(target.id)) == ["update_user"]
        assert await ids(action="update_user", actorId=str(member.user.id)) == []
        assert await ids(action="nada_disso") == []

    async def test_time_window(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        for month in (1, 3, 6, 9):
            await seed(
                factory.ctx, admin.tenant, resource_id=f"m{month}", created_at=datetime(2025, month, 1, tzinfo=UTC)
            )

        async def months(**params: str) -> list[str]:
            response = await client.get(AUDIT, headers=admin.headers, params={"action": "importado", **params})
            assert response.status_code == 200, response.text
            return [i["resourceId"] for i in response.json()["items"]]

        assert await months() == ["m9", "m6", "m3", "m1"]
        assert await months(since="2025-03-01T00:00:00Z") == ["m9", "m6", "m3"]  # since inclusivo
        assert await months(until="2025-06-01T00:00:00Z") == ["m3", "m1"]  # until exclusivo
        assert await months(since="2025-02-01T00:00:00Z", until="2025-07-01T00:00:00Z") == ["m6", "m3"]
        # Com fuso: 2025-05-31T22:00-03:00 é 2025-06-01T01:00Z, depois de m6.
        assert await months(since="2025-05-31T22:00:00-03:00") == ["m9"]
        assert await months(since="2026-01-01T00:00:00Z", until="2025-01-01T00:00:00Z") == []

    async def test_pagination(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        for day in range(1, 6):
            await seed(factory.ctx, admin.tenant, resource_id=f"d{day}", created_at=datetime(2025, 1, day, tzinfo=UTC))
        seen: list[str] = []
        for page in (1, 2, 3):
            response = await client.get(
                AUDIT, headers=admin.headers, params={"action": "importado", "page": page, "pageSize": 2}
            )
            body = response.json()
            assert body["total"] == 5 and body["page"] == page and body["pageSize"] == 2
            seen += [i["resourceId"] for i in body["items"]]
        assert seen == ["d5", "d4", "d3", "d2", "d1"]

    @pytest.mark.parametrize(
        ("params", "field", "message"),
        [
            ({"actorId": "fulano"}, "actorId", "Deve ser um UUID válido."),
            ({"since": "ontem"}, "since", "Data e hora inválida (use ISO 8601)."),
            ({"until": "2025-13-45"}, "until", "Data e hora inválida (use ISO 8601)."),
            ({"pageSize": 0}, "pageSize", "Deve ser maior ou igual a 1."),
            ({"action": "a" * 101}, "action", "Deve ter no máximo 100 caractere(s)."),
            ({"resourceType": "r" * 51}, "resourceType", "Deve ter no máximo 50 caractere(s)."),
        ],
    )
    async def test_bad_query_is_422(
        self, client: httpx.AsyncClient, admin: Actor, params: dict[str, Any], field: str, message: str
    ) -> None:
        body = assert_problem(await client.get(AUDIT, headers=admin.headers, params=params), 422, "validacao")
        assert {e["field"]: e["message"] for e in body["errors"]}[field] == message

    async def test_plain_user_is_forbidden(self, client: httpx.AsyncClient, member: Actor) -> None:
        body = assert_problem(await client.get(AUDIT, headers=member.headers), 403, "acesso_negado")
        assert "admin" in body["detail"]

    async def test_api_key_needs_audit_scope(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        reader = await factory.api_key(admin, ["audit:read"])
        response = await client.get(AUDIT, headers=reader)
        assert response.status_code == 200, response.text
        assert "create_api_key" in [i["action"] for i in response.json()["items"]]
        others = await factory.api_key(admin, sorted(set(SCOPES) - {"audit:read"}))
        body = assert_problem(await client.get(AUDIT, headers=others), 403, "acesso_negado")
        assert "audit:read" in body["detail"]

    async def test_tenants_never_see_each_other(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        target = await factory.user(admin.tenant)
        assert (await client.delete(f"/api/v1/users/{target.id}", headers=admin.headers)).status_code == 204

        mine = (await client.get(AUDIT, headers=admin_second.headers)).json()
        assert mine["total"] == 1
        assert [(i["action"], i["actorId"]) for i in mine["items"]] == [("login", str(admin_second.user.id))]
        for params in (
            {"actorId": str(admin.user.id)},
            {"resourceId": str(target.id)},
            {"action": "delete_user"},
        ):
            response = await client.get(AUDIT, headers=admin_second.headers, params=params)
            assert response.json() == {"items": [], "total": 0, "page": 1, "pageSize": 20}

        key = await factory.api_key(admin_second, ["audit:read"])
        via_key = (await client.get(AUDIT, headers=key)).json()
        assert str(admin.user.id) not in str(via_key)
        assert {i["action"] for i in via_key["items"]} == {"login", "create_api_key"}

    async def test_other_tenant_credentials_are_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        token_here = {"X-Client-Id": admin.tenant.client_id, "Authorization": admin_second.headers["Authorization"]}
        assert_problem(await client.get(AUDIT, headers=token_here), 403, "tenant_divergente")
        key = await factory.api_key(admin_second, ["audit:read"])
        key_here = {**key, "X-Client-Id": admin.tenant.client_id}
        assert_problem(await client.get(AUDIT, headers=key_here), 403, "tenant_divergente")


async def test_long_client_supplied_ids_do_not_break_the_audit(
    client: httpx.AsyncClient, factory: Factory, admin: Actor
) -> None:
    """Achado do fuzzing: um `messageId` de 200 caracteres (aceito pelo esquema) estourava a coluna da auditoria e
    virava 500 no PostgreSQL."""
    session = await client.post(
        "/api/v1/sessions/initialize",
        headers=admin.headers,
        json={"phoneNumber": "5511900000001", "provider": "sandbox", "config": {}},
    )
    assert session.status_code == 200, session.text
    response = await client.post(
        f"/api/v1/sandbox/sessions/{session.json()['id']}/incoming",
        headers=admin.headers,
        json={"from": "5511977776666", "text": "oi", "messageId": "m" * 200},
    )
    assert response.status_code == 202, response.text
    row = await only_row(factory.ctx, admin.tenant, "sandbox_incoming")
    assert row.resource_id is not None and len(row.resource_id) == 100
