"""Credenciais humanas: nenhuma chave de API cria ou assume um login de pessoa; a própria senha só muda com a atual;
a redefinição da senha de outra pessoa é de administradores (pessoas), auditada e encerra as sessões dela."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from pydantic import BaseModel
from sqlalchemy import select

from tests.conftest import PASSWORD, Actor, Factory, api_routes, assert_problem
from wacs.auth.dependencies import Authenticator
from wacs.auth.scopes import SCOPES
from wacs.models import AuditLog, User

USERS = "/api/v1/users"
ATTACKER_PASSWORD = "senha-do-atacante-1"
PUBLIC_WITH_PASSWORD = {("POST", "/api/v1/auth/login")}


def _password_fields(model: Any, prefix: str = "") -> list[str]:
    """Campos com "password" no nome, também em modelos aninhados."""
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    found: list[str] = []
    for name, field in model.model_fields.items():
        if "password" in name.lower():
            found.append(prefix + name)
        annotation = field.annotation
        for candidate in (annotation, *getattr(annotation, "__args__", ())):
            found += _password_fields(candidate, f"{prefix}{name}.")
    return found


def _authenticators(route: APIRoute) -> list[Authenticator]:
    pending, found = list(route.dependant.dependencies), []
    while pending:
        dependency = pending.pop()
        if isinstance(dependency.call, Authenticator):
            found.append(dependency.call)
        pending.extend(dependency.dependencies)
    return found


def test_every_route_that_sets_a_password_is_for_people_only(app: Any) -> None:
    """Regra estrutural: rota cujo corpo leva uma senha só aceita pessoas (Authenticator sem escopo)."""
    checked = []
    for route in api_routes(app):
        if route.body_field is None:
            continue
        fields = _password_fields(route.body_field.field_info.annotation)
        if not fields:
            continue
        for method in route.methods:
            checked.append((method, route.path))
            if (method, route.path) in PUBLIC_WITH_PASSWORD:
                continue
            authenticators = _authenticators(route)
            assert authenticators, f"{method} {route.path} recebe {fields} sem autenticação"
            assert all(a.scope is None for a in authenticators), (
                f"{method} {route.path} recebe {fields} e aceita chaves de API"
            )
    # A regra cobre as rotas conhecidas (se sumirem, o teste precisa ser revisto).
    assert {("POST", USERS), ("PUT", f"{USERS}/me/password"), ("PUT", f"{USERS}/{{user_id}}/password")} <= set(checked)


async def _can_login(client: httpx.AsyncClient, actor: Actor, email: str, password: str) -> bool:
    response = await client.post(
        "/api/v1/auth/login",
        headers={"X-Client-Id": actor.tenant.client_id},
        json={"email": email, "password": password},
    )
    return response.status_code == 200


@pytest.mark.parametrize("scopes", [[s] for s in sorted(SCOPES)] + [sorted(SCOPES)], ids=[*sorted(SCOPES), "todos"])
async def test_no_api_key_scope_mints_or_takes_over_a_human_credential(
    client: httpx.AsyncClient, factory: Factory, admin: Actor, scopes: list[str]
) -> None:
    key = await factory.api_key(admin, scopes)
    victim = await factory.user(admin.tenant, "user")
    minted = f"criada-pela-chave-{len(scopes)}@teste.com.br"
    attempts = [
        ("POST", USERS, {"email": minted, "name": "X", "password": ATTACKER_PASSWORD}),
        ("POST", USERS, {"email": minted, "name": "X", "password": ATTACKER_PASSWORD, "role": "admin"}),
        ("PUT", f"{USERS}/{victim.id}/password", {"newPassword": ATTACKER_PASSWORD}),
        ("PATCH", f"{USERS}/{victim.id}", {"password": ATTACKER_PASSWORD}),
        ("PATCH", f"{USERS}/{victim.id}", {"role": "admin"}),
        ("PUT", f"{USERS}/me/password", {"currentPassword": PASSWORD, "newPassword": ATTACKER_PASSWORD}),
        ("POST", "/api/v1/api-keys", {"name": "outra", "scopes": sorted(SCOPES)}),
        (
            "POST",
            "/api/v1/tenants",
            {
                "clientId": f"via-chave-{len(scopes)}",
                "name": "X",
                "admin": {"email": minted, "name": "X", "password": ATTACKER_PASSWORD},
            },
        ),
    ]
    for method, path, body in attempts:
        response = await client.request(method, path, headers=key, json=body)
        assert response.status_code in {403, 422}, f"{method} {path}: {response.status_code} {response.text}"
        assert response.headers["content-type"].startswith("application/problem+json")
    assert not await _can_login(client, admin, minted, ATTACKER_PASSWORD)
    assert not await _can_login(client, admin, victim.email, ATTACKER_PASSWORD)
    assert await _can_login(client, admin, victim.email, PASSWORD)
    async with factory.ctx.sessionmaker() as session:
        row = await session.get(User, victim.id)
    assert row is not None and row.role == "user"


async def test_write_key_still_manages_plain_users_data(
    client: httpx.AsyncClient, factory: Factory, admin: Actor
) -> None:
    """O que `users:write` ainda faz: nome e ativação de usuários de papel user (ex.: desligar quem saiu da empresa)."""
    key = await factory.api_key(admin, ["users:write"])
    plain = await factory.user(admin.tenant)
    renamed = await client.patch(f"{USERS}/{plain.id}", headers=key, json={"name": "Renomeada", "isActive": False})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "Renomeada" and renamed.json()["isActive"] is False
    assert (await client.delete(f"{USERS}/{plain.id}", headers=key)).status_code == 204


class TestOwnPassword:
    async def test_patch_never_changes_a_password(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        # O caso do teste externo: token de 15 minutos roubado → PATCH da própria senha → posse permanente.
        response = await client.patch(
            f"{USERS}/{admin.user.id}", headers=admin.headers, json={"password": ATTACKER_PASSWORD}
        )
        body = assert_problem(response, 422, "validacao")
        assert body["errors"][0]["field"] == "password"
        assert not await _can_login(client, admin, admin.user.email, ATTACKER_PASSWORD)

    async def test_reset_route_refuses_own_account(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await client.put(
            f"{USERS}/{admin.user.id}/password", headers=admin.headers, json={"newPassword": ATTACKER_PASSWORD}
        )
        body = assert_problem(response, 400, "use_troca_da_propria_senha")
        assert "/api/v1/users/me/password" in body["detail"]
        assert not await _can_login(client, admin, admin.user.email, ATTACKER_PASSWORD)

    async def test_own_password_always_needs_the_current_one(self, client: httpx.AsyncClient, admin: Actor) -> None:
        url = f"{USERS}/me/password"
        missing = await client.put(url, headers=admin.headers, json={"newPassword": ATTACKER_PASSWORD})
        assert_problem(missing, 422, "validacao")
        wrong = await client.put(
            url, headers=admin.headers, json={"currentPassword": "nao-e-esta", "newPassword": ATTACKER_PASSWORD}
        )
        assert_problem(wrong, 401, "senha_incorreta")
        assert not await _can_login(client, admin, admin.user.email, ATTACKER_PASSWORD)
        right = await client.put(
            url, headers=admin.headers, json={"currentPassword": PASSWORD, "newPassword": "nova-senha-propria-1"}
        )
        assert right.status_code == 204, right.text
        assert await _can_login(client, admin, admin.user.email, "nova-senha-propria-1")


class TestAdminReset:
    async def test_reset_is_audited_and_ends_every_session(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        target = await factory.actor(admin.tenant, "user")
        second_session = await factory.login(admin.tenant, target.user)
        response = await client.put(
            f"{USERS}/{target.user.id}/password", headers=admin.headers, json={"newPassword": "redefinida-pelo-adm"}
        )
        assert response.status_code == 204, response.text
        for session in (target, second_session):
            assert_problem(await client.get("/api/v1/auth/me", headers=session.headers), 401, "nao_autenticado")
            refresh = await client.post(
                "/api/v1/auth/refresh",
                headers={"X-Client-Id": admin.tenant.client_id},
                json={"refreshToken": session.refresh_token},
            )
            assert_problem(refresh, 401, "refresh_token_invalido")
        assert await _can_login(client, admin, target.user.email, "redefinida-pelo-adm")
        async with factory.ctx.sessionmaker() as session:
            rows = (await session.execute(select(AuditLog).where(AuditLog.action == "reset_password"))).scalars().all()
        assert len(rows) == 1
        entry = rows[0]
        assert (entry.actor_type, entry.actor_id, entry.resource_id) == ("user", admin.user.id, str(target.user.id))
        assert entry.details == {"passwordReset": True, "sessionsRevoked": True}
        assert "redefinida-pelo-adm" not in str(entry.details)

    async def test_admin_cannot_reset_a_superadmin(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        boss = await factory.user(admin.tenant, "superadmin")
        response = await client.put(
            f"{USERS}/{boss.id}/password", headers=admin.headers, json={"newPassword": ATTACKER_PASSWORD}
        )
        assert_problem(response, 403, "acesso_negado")
        assert not await _can_login(client, admin, boss.email, ATTACKER_PASSWORD)

    async def test_member_and_other_tenant_cannot_reset(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, member: Actor, admin_second: Actor
    ) -> None:
        url = f"{USERS}/{admin.user.id}/password"
        body = {"newPassword": ATTACKER_PASSWORD}
        assert_problem(await client.put(url, headers=member.headers, json=body), 403, "acesso_negado")
        # Um admin de outro tenant, no próprio tenant, não acha o usuário (404, sem revelar que existe).
        foreign_user = await client.put(f"{USERS}/{admin.user.id}/password", headers=admin_second.headers, json=body)
        assert_problem(foreign_user, 404, "usuario_nao_encontrado")
        assert not await _can_login(client, admin, admin.user.email, ATTACKER_PASSWORD)
