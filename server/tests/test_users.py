"""Usuários do tenant: listagem paginada e filtrada, criação, leitura, edição, exclusão e troca da própria senha."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, Actor, Factory, assert_problem
from wacs.kit.context import AppContext
from wacs.models import RefreshToken, Tenant, User

USERS = "/api/v1/users"


async def db_user(ctx: AppContext, user_id: uuid.UUID | str) -> User | None:
    async with ctx.sessionmaker() as session:
        return await session.get(User, uuid.UUID(str(user_id)))


async def tenant_users(ctx: AppContext, tenant: Tenant) -> list[User]:
    async with ctx.sessionmaker() as session:
        return list((await session.execute(select(User).where(User.tenant_id == tenant.id))).scalars())


async def login(client: httpx.AsyncClient, tenant: Tenant, email: str, password: str = PASSWORD) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/login", headers={"X-Client-Id": tenant.client_id}, json={"email": email, "password": password}
    )


def errors_by_field(body: dict[str, Any]) -> dict[str, str]:
    return {e["field"]: e["message"] for e in body["errors"]}


def foreign(owner: Actor, intruder: Actor) -> dict[str, str]:
    """Credencial válida de `intruder` apresentada com o X-Client-Id do tenant de `owner`."""
    return {"X-Client-Id": owner.tenant.client_id, "Authorization": intruder.headers["Authorization"]}


def new_user_payload(**overrides: Any) -> dict[str, Any]:
    return {
        "email": f"nova-{uuid.uuid4().hex[:8]}@teste.com.br",
        "name": "Nova Pessoa",
        "password": PASSWORD,
    } | overrides


class TestListUsers:
    async def test_paginates_only_this_tenant(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        own = [admin.user] + [await factory.user(admin.tenant) for _ in range(4)]
        await factory.user(admin_second.tenant)

        seen: list[str] = []
        for page in (1, 2, 3):
            response = await client.get(USERS, headers=admin.headers, params={"page": page, "pageSize": 2})
            assert response.status_code == 200, response.text
            body = response.json()
            assert body["total"] == 5
            assert body["page"] == page
            assert body["pageSize"] == 2
            assert len(body["items"]) == (2 if page < 3 else 1)
            seen += [item["id"] for item in body["items"]]
        assert sorted(seen) == sorted(str(u.id) for u in own)
        assert str(admin_second.user.id) not in seen

        # Página além do fim: vazia, mas com o total.
        beyond = (await client.get(USERS, headers=admin.headers, params={"page": 4, "pageSize": 2})).json()
        assert beyond["items"] == [] and beyond["total"] == 5

    async def test_items_expose_no_secret(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = (await client.get(USERS, headers=admin.headers)).json()
        item = body["items"][0]
        assert set(item) == {"id", "email", "name", "role", "isActive", "lastLoginAt", "createdAt", "updatedAt"}
        assert item["lastLoginAt"] is not None  # o admin acabou de logar
        assert body["pageSize"] == 20

    async def test_search_by_name_or_email_case_insensitive(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        joana = await factory.user(admin.tenant, email="joana.prado@empresa.com.br")
        async with factory.ctx.sessionmaker() as session:
            row = await session.get(User, joana.id)
            assert row is not None
            row.name = "Joana Prado"
            await session.commit()
        carlos = await factory.user(admin.tenant, email="carlos@outra.com.br")

        by_name = (await client.get(USERS, headers=admin.headers, params={"search": "JOANA pr"})).json()
        assert [i["id"] for i in by_name["items"]] == [str(joana.id)]
        by_email = (await client.get(USERS, headers=admin.headers, params={"search": "@OUTRA.com"})).json()
        assert [i["id"] for i in by_email["items"]] == [str(carlos.id)]
        nothing = (await client.get(USERS, headers=admin.headers, params={"search": "ninguem-aqui"})).json()
        assert nothing == {"items": [], "total": 0, "page": 1, "pageSize": 20}

    async def test_search_does_not_leak_other_tenant(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, tenant_second: Tenant
    ) -> None:
        await factory.user(tenant_second, email="segredo@vizinho.com.br")
        body = (await client.get(USERS, headers=admin.headers, params={"search": "vizinho"})).json()
        assert body["total"] == 0 and body["items"] == []

    async def test_search_treats_wildcards_literally(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        literal = await factory.user(admin.tenant, email="ana_lima@teste.com.br")
        await factory.user(admin.tenant, email="anaxlima@teste.com.br")
        body = (await client.get(USERS, headers=admin.headers, params={"search": "ana_lima"})).json()
        assert [i["id"] for i in body["items"]] == [str(literal.id)]

    async def test_search_handles_accented_capitals(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        angela = await factory.user(admin.tenant, email="angela@teste.com.br")
        async with factory.ctx.sessionmaker() as session:
            row = await session.get(User, angela.id)
            assert row is not None
            row.name = "ÂNGELA SOUZA"
            await session.commit()
        for term in ("ÂNGELA", "ângela", "Ângela Souza"):
            body = (await client.get(USERS, headers=admin.headers, params={"search": term})).json()
            assert [i["id"] for i in body["items"]] == [str(angela.id)], term

    async def test_filter_by_role_and_active(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        active_user = await factory.user(admin.tenant, "user")
        inactive_user = await factory.user(admin.tenant, "user", is_active=False)
        other_admin = await factory.user(admin.tenant, "admin")

        admins = (await client.get(USERS, headers=admin.headers, params={"role": "admin"})).json()
        assert {i["id"] for i in admins["items"]} == {str(admin.user.id), str(other_admin.id)}
        assert admins["total"] == 2

        inactive = (await client.get(USERS, headers=admin.headers, params={"isActive": "false"})).json()
        assert [i["id"] for i in inactive["items"]] == [str(inactive_user.id)]
        assert inactive["items"][0]["isActive"] is False

        active_users = (
            await client.get(USERS, headers=admin.headers, params={"role": "user", "isActive": "true"})
        ).json()
        assert [i["id"] for i in active_users["items"]] == [str(active_user.id)]

    @pytest.mark.parametrize(
        ("params", "field", "message"),
        [
            ({"pageSize": 0}, "pageSize", "Deve ser maior ou igual a 1."),
            ({"pageSize": 101}, "pageSize", "Deve ser menor ou igual a 100."),
            ({"page": 0}, "page", "Deve ser maior ou igual a 1."),
            ({"page": "um"}, "page", "Deve ser um número inteiro."),
            ({"role": "root"}, "role", "Formato inválido."),
            ({"isActive": "talvez"}, "isActive", "Deve ser verdadeiro ou falso."),
            ({"search": "x" * 101}, "search", "Deve ter no máximo 100 caractere(s)."),
        ],
    )
    async def test_bad_query_is_422(
        self, client: httpx.AsyncClient, admin: Actor, params: dict[str, Any], field: str, message: str
    ) -> None:
        body = assert_problem(await client.get(USERS, headers=admin.headers, params=params), 422, "validacao")
        assert errors_by_field(body)[field] == message
        assert body["errors"][0]["location"] == "query"

    async def test_member_is_forbidden(self, client: httpx.AsyncClient, member: Actor) -> None:
        body = assert_problem(await client.get(USERS, headers=member.headers), 403, "acesso_negado")
        assert "admin" in body["detail"]

    async def test_requires_credentials(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        assert_problem(await client.get(USERS, headers={"X-Client-Id": tenant.client_id}), 401, "nao_autenticado")
        assert_problem(await client.get(USERS), 400, "tenant_nao_informado")

    async def test_other_tenant_token_or_key_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        assert_problem(await client.get(USERS, headers=foreign(admin, admin_second)), 403, "tenant_divergente")
        key = await factory.api_key(admin_second, ["users:read"])
        response = await client.get(USERS, headers={**key, "X-Client-Id": admin.tenant.client_id})
        assert_problem(response, 403, "tenant_divergente")


class TestCreateUser:
    async def test_admin_creates_user_who_can_log_in(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        payload = {"email": "  Nova.Pessoa@Empresa.COM.br ", "name": "  Nova Pessoa  ", "password": "senha-nova-123"}
        response = await client.post(USERS, headers=admin.headers, json=payload)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["email"] == "nova.pessoa@empresa.com.br"
        assert body["name"] == "Nova Pessoa"
        assert body["role"] == "user"
        assert body["isActive"] is True
        assert body["lastLoginAt"] is None
        assert "password" not in body and "passwordHash" not in body

        row = await db_user(factory.ctx, body["id"])
        assert row is not None and row.tenant_id == admin.tenant.id
        assert row.password_hash != "senha-nova-123"
        logged = await login(client, admin.tenant, "nova.pessoa@empresa.com.br", "senha-nova-123")
        assert logged.status_code == 200, logged.text
        assert logged.json()["user"]["id"] == body["id"]

    async def test_roles_up_to_own_rank(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, superadmin: Actor
    ) -> None:
        as_admin = await client.post(USERS, headers=admin.headers, json=new_user_payload(role="admin"))
        assert as_admin.status_code == 201, as_admin.text
        assert as_admin.json()["role"] == "admin"

        escalation = await client.post(
            USERS, headers=admin.headers, json=new_user_payload(email="chefe@teste.com.br", role="superadmin")
        )
        assert_problem(escalation, 403, "acesso_negado")
        assert "chefe@teste.com.br" not in {u.email for u in await tenant_users(factory.ctx, admin.tenant)}

        as_super = await client.post(USERS, headers=superadmin.headers, json=new_user_payload(role="superadmin"))
        assert as_super.status_code == 201, as_super.text
        assert as_super.json()["role"] == "superadmin"

    async def test_duplicate_email_is_409_but_other_tenant_may_reuse_it(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, tenant_second: Tenant
    ) -> None:
        await factory.user(tenant_second, email="mesmo@teste.com.br")
        first = await client.post(USERS, headers=admin.headers, json=new_user_payload(email="mesmo@teste.com.br"))
        assert first.status_code == 201, first.text
        again = await client.post(USERS, headers=admin.headers, json=new_user_payload(email="MESMO@Teste.com.br"))
        body = assert_problem(again, 409, "usuario_existente")
        assert body["detail"] == "Já existe um usuário com este e-mail neste tenant."
        emails = [u.email for u in await tenant_users(factory.ctx, admin.tenant)]
        assert emails.count("mesmo@teste.com.br") == 1

    async def test_concurrent_duplicate_is_409_not_500(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # As duas requisições passam pela checagem de e-mail antes de qualquer uma gravar.
        original_hash = factory.ctx.passwords.hash
        arrived: list[str] = []
        both_checked = asyncio.Event()

        async def gated_hash(password: str) -> str:
            arrived.append(password)
            if len(arrived) == 2:
                both_checked.set()
            await asyncio.wait_for(both_checked.wait(), 5)
            return await original_hash(password)

        monkeypatch.setattr(factory.ctx.passwords, "hash", gated_hash)
        payload = new_user_payload(email="corrida@teste.com.br")
        responses = await asyncio.gather(
            client.post(USERS, headers=admin.headers, json=payload),
            client.post(USERS, headers=admin.headers, json=payload),
            return_exceptions=True,
        )
        assert [r.status_code for r in responses if isinstance(r, httpx.Response)] in ([201, 409], [409, 201])
        emails = [u.email for u in await tenant_users(factory.ctx, admin.tenant)]
        assert emails.count("corrida@teste.com.br") == 1

    async def test_bad_input_lists_fields_in_portuguese(self, client: httpx.AsyncClient, admin: Actor) -> None:
        response = await client.post(
            USERS,
            headers=admin.headers,
            json={"email": "nao-e-email", "password": "curta", "role": "root", "apelido": "x"},
        )
        fields = errors_by_field(assert_problem(response, 422, "validacao"))
        assert fields["email"] == "E-mail inválido"
        assert fields["password"] == "Deve ter pelo menos 8 caractere(s)."
        assert fields["name"] == "Campo obrigatório."
        assert fields["role"].startswith("Valor inválido; aceitos:")
        assert fields["apelido"] == "Campo não permitido."

    async def test_blank_name_and_malformed_json(self, client: httpx.AsyncClient, admin: Actor) -> None:
        blank = await client.post(USERS, headers=admin.headers, json=new_user_payload(name="   "))
        assert errors_by_field(assert_problem(blank, 422, "validacao"))["name"] == "Deve ter pelo menos 1 caractere(s)."
        broken = await client.post(
            USERS, headers={**admin.headers, "Content-Type": "application/json"}, content=b'{"email": '
        )
        body = assert_problem(broken, 422, "validacao")
        assert body["errors"][0]["field"] == "body"
        assert body["errors"][0]["message"].startswith("JSON inválido")

    async def test_member_is_forbidden(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        response = await client.post(USERS, headers=member.headers, json=new_user_payload(email="x@teste.com.br"))
        assert_problem(response, 403, "acesso_negado")
        assert len(await tenant_users(factory.ctx, member.tenant)) == 1

    async def test_other_tenant_token_creates_nothing(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        response = await client.post(
            USERS, headers=foreign(admin, admin_second), json=new_user_payload(email="intruso@teste.com.br")
        )
        assert_problem(response, 403, "tenant_divergente")
        for tenant in (admin.tenant, admin_second.tenant):
            assert "intruso@teste.com.br" not in {u.email for u in await tenant_users(factory.ctx, tenant)}

    async def test_api_key_never_creates_users(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        # Criar um usuário é escolher a senha dele: com a chave, isso viraria login humano (tests/test_credentials.py).
        key = await factory.api_key(admin, ["users:write"])
        for payload in (new_user_payload(), new_user_payload(email="adm@teste.com.br", role="admin")):
            assert_problem(await client.post(USERS, headers=key, json=payload), 403, "acesso_negado")
        emails = {u.email for u in await tenant_users(factory.ctx, admin.tenant)}
        assert "adm@teste.com.br" not in emails and new_user_payload()["email"] not in emails


class TestGetUser:
    async def test_get_user(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        user = await factory.user(admin.tenant, email="leitura@teste.com.br")
        response = await client.get(f"{USERS}/{user.id}", headers=admin.headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["id"] == str(user.id)
        assert body["email"] == "leitura@teste.com.br"
        assert body["role"] == "user"

    async def test_unknown_and_other_tenant_user_are_404(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        for user_id in (uuid.uuid4(), admin_second.user.id):
            body = assert_problem(
                await client.get(f"{USERS}/{user_id}", headers=admin.headers), 404, "usuario_nao_encontrado"
            )
            assert admin_second.user.email not in str(body)

    async def test_malformed_id_is_422(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = assert_problem(await client.get(f"{USERS}/nao-e-uuid", headers=admin.headers), 422, "validacao")
        assert errors_by_field(body)["user_id"] == "Deve ser um UUID válido."

    async def test_member_is_forbidden(self, client: httpx.AsyncClient, member: Actor) -> None:
        assert_problem(await client.get(f"{USERS}/{member.user.id}", headers=member.headers), 403, "acesso_negado")

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        response = await client.get(f"{USERS}/{admin.user.id}", headers=foreign(admin, admin_second))
        assert_problem(response, 403, "tenant_divergente")


class TestUpdateUser:
    async def test_rename(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        user = await factory.user(admin.tenant)
        response = await client.patch(f"{USERS}/{user.id}", headers=admin.headers, json={"name": " Nome Novo "})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["name"] == "Nome Novo"
        assert body["role"] == "user" and body["isActive"] is True
        assert body["updatedAt"] > body["createdAt"]
        row = await db_user(factory.ctx, user.id)
        assert row is not None and row.name == "Nome Novo"
        assert row.tokens_valid_after is None  # renomear não derruba sessões

    async def test_deactivate_kills_sessions_and_reactivate_restores_login(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        target = await factory.actor(admin.tenant, "user")
        assert (await client.get("/api/v1/auth/me", headers=target.headers)).status_code == 200

        response = await client.patch(f"{USERS}/{target.user.id}", headers=admin.headers, json={"isActive": False})
        assert response.status_code == 200, response.text
        assert response.json()["isActive"] is False
        assert_problem(await client.get("/api/v1/auth/me", headers=target.headers), 401, "nao_autenticado")
        assert_problem(await login(client, admin.tenant, target.user.email), 401, "credenciais_invalidas")
        refresh = await client.post(
            "/api/v1/auth/refresh",
            headers={"X-Client-Id": admin.tenant.client_id},
            json={"refreshToken": target.refresh_token},
        )
        assert_problem(refresh, 401, "refresh_token_invalido")

        back = await client.patch(f"{USERS}/{target.user.id}", headers=admin.headers, json={"isActive": True})
        assert back.status_code == 200 and back.json()["isActive"] is True
        assert (await login(client, admin.tenant, target.user.email)).status_code == 200

    async def test_demotion_takes_effect_at_once(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        other_admin = await factory.actor(admin.tenant, "admin")
        assert (await client.get(USERS, headers=other_admin.headers)).status_code == 200
        response = await client.patch(f"{USERS}/{other_admin.user.id}", headers=admin.headers, json={"role": "user"})
        assert response.status_code == 200, response.text
        assert response.json()["role"] == "user"
        # Trocar o papel encerra as sessões na hora; num login novo, o papel novo vale.
        assert_problem(await client.get(USERS, headers=other_admin.headers), 401, "nao_autenticado")
        relogged = await factory.login(admin.tenant, other_admin.user)
        assert_problem(await client.get(USERS, headers=relogged.headers), 403, "acesso_negado")

    async def test_password_reset_revokes_sessions(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        target = await factory.actor(admin.tenant, "user")
        response = await client.put(
            f"{USERS}/{target.user.id}/password", headers=admin.headers, json={"newPassword": "redefinida-456"}
        )
        assert response.status_code == 204, response.text
        assert_problem(await client.get("/api/v1/auth/me", headers=target.headers), 401)
        refresh = await client.post(
            "/api/v1/auth/refresh",
            headers={"X-Client-Id": admin.tenant.client_id},
            json={"refreshToken": target.refresh_token},
        )
        assert_problem(refresh, 401, "refresh_token_invalido")
        assert_problem(await login(client, admin.tenant, target.user.email), 401, "credenciais_invalidas")
        assert (await login(client, admin.tenant, target.user.email, "redefinida-456")).status_code == 200

    async def test_admin_cannot_lock_out_self(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        for payload in ({"role": "user"}, {"isActive": False}):
            response = await client.patch(f"{USERS}/{admin.user.id}", headers=admin.headers, json=payload)
            body = assert_problem(response, 400, "auto_alteracao")
            assert "próprio papel" in body["detail"]
        row = await db_user(factory.ctx, admin.user.id)
        assert row is not None and row.role == "admin" and row.is_active
        # O próprio nome (e o mesmo papel) pode.
        same = await client.patch(
            f"{USERS}/{admin.user.id}", headers=admin.headers, json={"name": "Eu Mesmo", "role": "admin"}
        )
        assert same.status_code == 200 and same.json()["name"] == "Eu Mesmo"

    async def test_admin_cannot_touch_superadmin_nor_promote_to_it(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        boss = await factory.user(admin.tenant, "superadmin")
        response = await client.patch(f"{USERS}/{boss.id}", headers=admin.headers, json={"isActive": False})
        assert_problem(response, 403, "acesso_negado")
        plain = await factory.user(admin.tenant, "user")
        response = await client.patch(f"{USERS}/{plain.id}", headers=admin.headers, json={"role": "superadmin"})
        assert_problem(response, 403, "acesso_negado")
        boss_row, plain_row = await db_user(factory.ctx, boss.id), await db_user(factory.ctx, plain.id)
        assert boss_row is not None and boss_row.is_active
        assert plain_row is not None and plain_row.role == "user"

    @pytest.mark.parametrize(
        ("payload", "field", "message"),
        [
            ({"name": ""}, "name", "Deve ter pelo menos 1 caractere(s)."),
            ({"isActive": "talvez"}, "isActive", "Deve ser verdadeiro ou falso."),
            ({"password": "senha-nova-123"}, "password", "Campo não permitido."),
            ({"email": "novo@teste.com.br"}, "email", "Campo não permitido."),
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
        user = await factory.user(admin.tenant)
        response = await client.patch(f"{USERS}/{user.id}", headers=admin.headers, json=payload)
        assert errors_by_field(assert_problem(response, 422, "validacao"))[field] == message
        row = await db_user(factory.ctx, user.id)
        assert row is not None and row.email == user.email and row.name == user.name

    async def test_invalid_role_is_422(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        user = await factory.user(admin.tenant)
        response = await client.patch(f"{USERS}/{user.id}", headers=admin.headers, json={"role": "dono"})
        message = errors_by_field(assert_problem(response, 422, "validacao"))["role"]
        assert message.startswith("Valor inválido; aceitos:") and "'admin'" in message

    async def test_member_is_forbidden(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        colleague = await factory.user(member.tenant)
        response = await client.patch(f"{USERS}/{colleague.id}", headers=member.headers, json={"name": "Hack"})
        assert_problem(response, 403, "acesso_negado")
        row = await db_user(factory.ctx, colleague.id)
        assert row is not None and row.name == colleague.name

    async def test_other_tenant_user_is_404_and_unchanged(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        victim = await factory.user(admin_second.tenant)
        response = await client.patch(
            f"{USERS}/{victim.id}", headers=admin.headers, json={"name": "Invadido", "isActive": False}
        )
        assert_problem(response, 404, "usuario_nao_encontrado")
        owner_view = (await client.get(f"{USERS}/{victim.id}", headers=admin_second.headers)).json()
        assert owner_view["name"] == victim.name and owner_view["isActive"] is True

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        user = await factory.user(admin.tenant)
        response = await client.patch(
            f"{USERS}/{user.id}", headers=foreign(admin, admin_second), json={"isActive": False}
        )
        assert_problem(response, 403, "tenant_divergente")
        row = await db_user(factory.ctx, user.id)
        assert row is not None and row.is_active


class TestDeleteUser:
    async def test_delete_removes_user_and_sessions(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        target = await factory.actor(admin.tenant, "user")
        assert (await client.get("/api/v1/auth/me", headers=target.headers)).status_code == 200
        response = await client.delete(f"{USERS}/{target.user.id}", headers=admin.headers)
        assert response.status_code == 204, response.text
        assert response.content == b""
        assert await db_user(factory.ctx, target.user.id) is None
        async with factory.ctx.sessionmaker() as session:
            tokens = (await session.execute(select(RefreshToken).where(RefreshToken.user_id == target.user.id))).all()
        assert tokens == []
        assert_problem(await client.get(f"{USERS}/{target.user.id}", headers=admin.headers), 404)
        assert_problem(await client.get("/api/v1/auth/me", headers=target.headers), 401)
        assert_problem(await login(client, admin.tenant, target.user.email), 401, "credenciais_invalidas")

    async def test_delete_twice_is_404(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        user = await factory.user(admin.tenant)
        assert (await client.delete(f"{USERS}/{user.id}", headers=admin.headers)).status_code == 204
        assert_problem(await client.delete(f"{USERS}/{user.id}", headers=admin.headers), 404, "usuario_nao_encontrado")

    async def test_cannot_delete_self(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        assert_problem(await client.delete(f"{USERS}/{admin.user.id}", headers=admin.headers), 400, "auto_alteracao")
        assert await db_user(factory.ctx, admin.user.id) is not None

    async def test_admin_cannot_delete_superadmin(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        boss = await factory.user(admin.tenant, "superadmin")
        assert_problem(await client.delete(f"{USERS}/{boss.id}", headers=admin.headers), 403, "acesso_negado")
        assert await db_user(factory.ctx, boss.id) is not None

    async def test_member_is_forbidden(self, client: httpx.AsyncClient, factory: Factory, member: Actor) -> None:
        colleague = await factory.user(member.tenant)
        assert_problem(await client.delete(f"{USERS}/{colleague.id}", headers=member.headers), 403, "acesso_negado")
        assert await db_user(factory.ctx, colleague.id) is not None

    async def test_other_tenant_user_is_404_and_kept(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        victim = await factory.user(admin_second.tenant)
        for target in (victim.id, admin_second.user.id):
            response = await client.delete(f"{USERS}/{target}", headers=admin.headers)
            assert_problem(response, 404, "usuario_nao_encontrado")
        assert (await client.get(f"{USERS}/{victim.id}", headers=admin_second.headers)).status_code == 200
        assert await db_user(factory.ctx, victim.id) is not None
        assert (await client.get("/api/v1/auth/me", headers=admin_second.headers)).status_code == 200

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor, admin_second: Actor
    ) -> None:
        user = await factory.user(admin.tenant)
        response = await client.delete(f"{USERS}/{user.id}", headers=foreign(admin, admin_second))
        assert_problem(response, 403, "tenant_divergente")
        assert await db_user(factory.ctx, user.id) is not None

    async def test_malformed_id_is_422(self, client: httpx.AsyncClient, admin: Actor) -> None:
        body = assert_problem(await client.delete(f"{USERS}/123", headers=admin.headers), 422, "validacao")
        assert errors_by_field(body)["user_id"] == "Deve ser um UUID válido."


class TestChangeOwnPassword:
    URL = f"{USERS}/me/password"

    async def test_change_keeps_current_session_and_ends_the_others(
        self, client: httpx.AsyncClient, factory: Factory, member: Actor
    ) -> None:
        other_session = await factory.login(member.tenant, member.user)
        response = await client.put(
            self.URL, headers=member.headers, json={"currentPassword": PASSWORD, "newPassword": "trocada-789"}
        )
        assert response.status_code == 204, response.text

        assert (await client.get("/api/v1/auth/me", headers=member.headers)).status_code == 200
        headers = {"X-Client-Id": member.tenant.client_id}
        own = await client.post("/api/v1/auth/refresh", headers=headers, json={"refreshToken": member.refresh_token})
        assert own.status_code == 200, own.text
        other = await client.post(
            "/api/v1/auth/refresh", headers=headers, json={"refreshToken": other_session.refresh_token}
        )
        assert_problem(other, 401, "refresh_token_invalido")

        assert_problem(await login(client, member.tenant, member.user.email), 401, "credenciais_invalidas")
        assert (await login(client, member.tenant, member.user.email, "trocada-789")).status_code == 200

    async def test_other_sessions_access_token_dies_at_once(
        self, client: httpx.AsyncClient, factory: Factory, member: Actor
    ) -> None:
        other_session = await factory.login(member.tenant, member.user)
        response = await client.put(
            self.URL, headers=member.headers, json={"currentPassword": PASSWORD, "newPassword": "trocada-789"}
        )
        assert response.status_code == 204, response.text
        assert_problem(await client.get("/api/v1/auth/me", headers=other_session.headers), 401)

    async def test_admin_changes_own_password_too(
        self, client: httpx.AsyncClient, factory: Factory, admin: Actor
    ) -> None:
        response = await client.put(
            self.URL, headers=admin.headers, json={"currentPassword": PASSWORD, "newPassword": "admin-nova-123"}
        )
        assert response.status_code == 204, response.text
        assert (await login(client, admin.tenant, admin.user.email, "admin-nova-123")).status_code == 200

    async def test_wrong_current_password_is_401_and_nothing_changes(
        self, client: httpx.AsyncClient, factory: Factory, member: Actor
    ) -> None:
        before = await db_user(factory.ctx, member.user.id)
        response = await client.put(
            self.URL, headers=member.headers, json={"currentPassword": "nao-e-esta", "newPassword": "trocada-789"}
        )
        body = assert_problem(response, 401, "senha_incorreta")
        assert body["detail"] == "A senha atual está incorreta."
        after = await db_user(factory.ctx, member.user.id)
        assert before is not None and after is not None and after.password_hash == before.password_hash
        assert (await login(client, member.tenant, member.user.email)).status_code == 200

    async def test_bad_input_is_422(self, client: httpx.AsyncClient, member: Actor) -> None:
        response = await client.put(self.URL, headers=member.headers, json={"newPassword": "123"})
        fields = errors_by_field(assert_problem(response, 422, "validacao"))
        assert fields["currentPassword"] == "Campo obrigatório."
        assert fields["newPassword"] == "Deve ter pelo menos 8 caractere(s)."
        too_long = await client.put(
            self.URL, headers=member.headers, json={"currentPassword": PASSWORD, "newPassword": "x" * 129}
        )
        fields = errors_by_field(assert_problem(too_long, 422, "validacao"))
        assert fields["newPassword"] == "Deve ter no máximo 128 caractere(s)."

    async def test_api_key_cannot_use_it(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        key = await factory.api_key(admin, ["users:read", "users:write"])
        response = await client.put(
            self.URL, headers=key, json={"currentPassword": PASSWORD, "newPassword": "trocada-789"}
        )
        body = assert_problem(response, 403, "acesso_negado")
        assert "só para usuários" in body["detail"]

    async def test_other_tenant_token_is_tenant_mismatch(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        response = await client.put(
            self.URL,
            headers=foreign(admin, admin_second),
            json={"currentPassword": PASSWORD, "newPassword": "trocada-789"},
        )
        assert_problem(response, 403, "tenant_divergente")
        assert (await login(client, admin_second.tenant, admin_second.user.email)).status_code == 200
