"""Login, refresh rotativo, logout, /me e as regras de tenancy (400/401/403)."""

from __future__ import annotations

import time
import uuid

import httpx
import pytest

from tests.conftest import PASSWORD, Actor, Factory, assert_problem
from wacs.kit import security
from wacs.kit.security import AccessTokens
from wacs.models import Tenant


class TestLogin:
    async def test_login_returns_tokens_and_user(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
    ) -> None:
        user = await factory.user(tenant, "admin", email="Maria@Empresa.com.br")
        response = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tenant.client_id},
            json={"email": "MARIA@empresa.com.br", "password": PASSWORD},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["tokenType"] == "Bearer"
        assert body["expiresIn"] == 900
        assert body["user"]["id"] == str(user.id)
        assert body["user"]["role"] == "admin"
        assert body["accessToken"] and body["refreshToken"]

    async def test_wrong_password_is_401_in_portuguese(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
    ) -> None:
        user = await factory.user(tenant)
        response = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tenant.client_id},
            json={"email": user.email, "password": "errada-123"},
        )
        body = assert_problem(response, 401, "credenciais_invalidas")
        assert body["detail"] == "E-mail ou senha incorretos."

    async def test_unknown_email_and_inactive_user_are_rejected(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
    ) -> None:
        inactive = await factory.user(tenant, is_active=False)
        for email in ("ninguem@teste.com.br", inactive.email):
            response = await client.post(
                "/api/v1/auth/login",
                headers={"X-Client-Id": tenant.client_id},
                json={"email": email, "password": PASSWORD},
            )
            assert_problem(response, 401, "credenciais_invalidas")

    async def test_user_of_another_tenant_cannot_log_in_here(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant, tenant_second: Tenant
    ) -> None:
        user = await factory.user(tenant_second)
        response = await client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tenant.client_id},
            json={"email": user.email, "password": PASSWORD},
        )
        assert_problem(response, 401, "credenciais_invalidas")

    async def test_bad_input_lists_fields(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        response = await client.post(
            "/api/v1/auth/login", headers={"X-Client-Id": tenant.client_id}, json={"email": "", "extra": 1}
        )
        body = assert_problem(response, 422, "validacao")
        fields = {e["field"]: e["message"] for e in body["errors"]}
        assert fields["password"] == "Campo obrigatório."
        assert fields["extra"] == "Campo não permitido."
        assert "email" in fields

    async def test_missing_and_unknown_tenant(self, client: httpx.AsyncClient) -> None:
        payload = {"email": "a@b.com.br", "password": "x"}
        assert_problem(await client.post("/api/v1/auth/login", json=payload), 400, "tenant_nao_informado")
        # Tenant inexistente responde como credencial errada: o login não revela quais tenants existem.
        assert_problem(
            await client.post("/api/v1/auth/login", headers={"X-Client-Id": "nao-existe"}, json=payload),
            401,
            "credenciais_invalidas",
        )

    async def test_brute_force_is_throttled(self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant) -> None:
        user = await factory.user(tenant)
        headers = {"X-Client-Id": tenant.client_id}
        for _ in range(5):
            response = await client.post(
                "/api/v1/auth/login", headers=headers, json={"email": user.email, "password": "errada-123"}
            )
            assert response.status_code == 401
        # Deste IP, bloqueado mesmo com a senha certa até o backoff passar (30 s depois da 5ª falha).
        response = await client.post(
            "/api/v1/auth/login", headers=headers, json={"email": user.email, "password": PASSWORD}
        )
        body = assert_problem(response, 429, "login_bloqueado_temporariamente")
        assert 0 < int(response.headers["Retry-After"]) <= 30
        assert body["retryAfter"] == int(response.headers["Retry-After"])


class TestRefresh:
    async def test_rotation_issues_new_pair_and_old_token_dies(self, client: httpx.AsyncClient, admin: Actor) -> None:
        headers = {"X-Client-Id": admin.tenant.client_id}
        first = await client.post("/api/v1/auth/refresh", headers=headers, json={"refreshToken": admin.refresh_token})
        assert first.status_code == 200, first.text
        new_pair = first.json()
        assert new_pair["refreshToken"] != admin.refresh_token
        me = await client.get(
            "/api/v1/auth/me", headers={**headers, "Authorization": f"Bearer {new_pair['accessToken']}"}
        )
        assert me.status_code == 200

    async def test_reuse_revokes_whole_family(self, client: httpx.AsyncClient, admin: Actor) -> None:
        headers = {"X-Client-Id": admin.tenant.client_id}
        rotated = (
            await client.post("/api/v1/auth/refresh", headers=headers, json={"refreshToken": admin.refresh_token})
        ).json()
        # Um atacante reapresenta o token antigo: a família inteira cai.
        reuse = await client.post("/api/v1/auth/refresh", headers=headers, json={"refreshToken": admin.refresh_token})
        assert_problem(reuse, 401, "refresh_token_invalido")
        legit = await client.post(
            "/api/v1/auth/refresh", headers=headers, json={"refreshToken": rotated["refreshToken"]}
        )
        assert_problem(legit, 401, "refresh_token_invalido")
        # E o token de acesso da sessão também deixa de valer.
        me = await client.get(
            "/api/v1/auth/me", headers={**headers, "Authorization": f"Bearer {rotated['accessToken']}"}
        )
        assert_problem(me, 401)

    async def test_refresh_token_of_other_tenant_is_rejected(
        self, client: httpx.AsyncClient, admin: Actor, tenant_second: Tenant
    ) -> None:
        response = await client.post(
            "/api/v1/auth/refresh",
            headers={"X-Client-Id": tenant_second.client_id},
            json={"refreshToken": admin.refresh_token},
        )
        assert_problem(response, 401, "refresh_token_invalido")

    async def test_garbage_token(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        response = await client.post(
            "/api/v1/auth/refresh", headers={"X-Client-Id": tenant.client_id}, json={"refreshToken": "x" * 40}
        )
        assert_problem(response, 401, "refresh_token_invalido")
        short = await client.post(
            "/api/v1/auth/refresh", headers={"X-Client-Id": tenant.client_id}, json={"refreshToken": "x"}
        )
        assert_problem(short, 422, "validacao")


class TestLogout:
    async def test_logout_kills_access_and_refresh(self, client: httpx.AsyncClient, admin: Actor) -> None:
        assert (await client.post("/api/v1/auth/logout", headers=admin.headers)).status_code == 204
        assert_problem(await client.get("/api/v1/auth/me", headers=admin.headers), 401)
        refresh = await client.post(
            "/api/v1/auth/refresh",
            headers={"X-Client-Id": admin.tenant.client_id},
            json={"refreshToken": admin.refresh_token},
        )
        assert_problem(refresh, 401, "refresh_token_invalido")

    async def test_logout_keeps_other_sessions(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        other_session = await factory.login(admin.tenant, admin.user)
        assert (await client.post("/api/v1/auth/logout", headers=admin.headers)).status_code == 204
        assert (await client.get("/api/v1/auth/me", headers=other_session.headers)).status_code == 200

    async def test_logout_requires_credentials(self, client: httpx.AsyncClient, tenant: Tenant) -> None:
        assert_problem(await client.post("/api/v1/auth/logout", headers={"X-Client-Id": tenant.client_id}), 401)


class TestMe:
    async def test_me_for_user(self, client: httpx.AsyncClient, member: Actor) -> None:
        body = (await client.get("/api/v1/auth/me", headers=member.headers)).json()
        assert body["kind"] == "user"
        assert body["user"]["email"] == member.user.email
        assert body["tenant"]["clientId"] == member.tenant.client_id

    async def test_me_for_api_key(self, client: httpx.AsyncClient, factory: Factory, admin: Actor) -> None:
        key_headers = await factory.api_key(admin, ["messages:send"])
        body = (await client.get("/api/v1/auth/me", headers=key_headers)).json()
        assert body["kind"] == "api_key"
        assert body["scopes"] == ["messages:send"]
        assert body["user"] is None

    async def test_tampered_or_foreign_tokens(
        self, client: httpx.AsyncClient, admin: Actor, admin_second: Actor
    ) -> None:
        tampered = {**admin.headers, "Authorization": admin.headers["Authorization"][:-3] + "abc"}
        assert_problem(await client.get("/api/v1/auth/me", headers=tampered), 401)
        # Token válido de outro tenant, apresentado com o X-Client-Id deste: 403.
        foreign = {"X-Client-Id": admin.tenant.client_id, "Authorization": admin_second.headers["Authorization"]}
        assert_problem(await client.get("/api/v1/auth/me", headers=foreign), 403, "tenant_divergente")
        assert_problem(await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer x"}), 400)
        # Tenant inexistente com token válido: a mesma resposta de um tenant alheio (não revela quem existe).
        unknown = {**admin.headers, "X-Client-Id": "nao-existe"}
        assert_problem(await client.get("/api/v1/auth/me", headers=unknown), 403, "tenant_divergente")


class TestAccessTokenCache:
    def test_verified_tokens_are_cached_until_they_expire(self, monkeypatch: pytest.MonkeyPatch) -> None:
        tokens = AccessTokens("segredo-de-teste-com-32-bytes-ok!", 60)
        token = tokens.issue(user_id=uuid.uuid4(), tenant_id=uuid.uuid4(), role="admin", session_id=uuid.uuid4())
        claims = tokens.decode(token)
        assert claims is not None and tokens.decode(token) is claims  # segunda vez: sem verificar a assinatura
        later = time.time() + 120
        monkeypatch.setattr(security.time, "time", lambda: later)
        assert tokens.decode(token) is None  # expirado, mesmo estando no cache

    def test_invalid_tokens_are_not_cached(self) -> None:
        tokens = AccessTokens("segredo-de-teste-com-32-bytes-ok!", 60)
        token = tokens.issue(user_id=uuid.uuid4(), tenant_id=uuid.uuid4(), role="admin", session_id=uuid.uuid4())
        other = AccessTokens("outro-segredo-de-teste-32-bytes!!", 60)
        assert other.decode(token) is None
        head, signature = token.rsplit(".", 1)
        tampered = f"{head}.{signature[:10]}{'A' if signature[10] != 'A' else 'B'}{signature[11:]}"
        assert tokens.decode(tampered) is None
        assert tokens.decode(token) is not None
