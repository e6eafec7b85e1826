"""Limites de tentativas de login: reserva atômica antes do Argon2, backoff por conta + IP, limite por IP e por conta
(com IPs conhecidos), e respostas que não revelam se o tenant existe."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from tests.conftest import PASSWORD, Factory, assert_problem
from wacs.auth.tenancy import invalidate_tenant
from wacs.kit.context import AppContext
from wacs.models import Tenant

LOGIN = "/api/v1/auth/login"
REFRESH = "/api/v1/auth/refresh"
WRONG = "senha-errada-123"


@asynccontextmanager
async def client_from(app: Any, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    """Cliente HTTP que chega de outro IP (o `client` dos testes vem sempre de 203.0.113.10)."""
    transport = httpx.ASGITransport(app=app, client=(ip, 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def login(client: httpx.AsyncClient, client_id: str, email: str, password: str) -> httpx.Response:
    return await client.post(LOGIN, headers={"X-Client-Id": client_id}, json={"email": email, "password": password})


def statuses(responses: list[httpx.Response]) -> Counter[int]:
    return Counter(r.status_code for r in responses)


def assert_throttled(response: httpx.Response) -> int:
    body = assert_problem(response, 429, "login_bloqueado_temporariamente")
    retry_after = int(response.headers["Retry-After"])
    assert retry_after > 0 and body["retryAfter"] == retry_after
    return retry_after


def refusals(caplog: pytest.LogCaptureFixture) -> int:
    """Falhas avaliadas: o aviso só é escrito depois da verificação da senha (Argon2)."""
    return sum(1 for r in caplog.records if r.name == "wacs.auth" and r.getMessage() == "login recusado")


async def deactivate(ctx: AppContext, tenant: Tenant) -> None:
    async with ctx.sessionmaker() as session:
        await session.execute(update(Tenant).where(Tenant.id == tenant.id).values(is_active=False))
        await session.commit()
    await invalidate_tenant(ctx, tenant.client_id)


class TestParallelGuesses:
    @pytest.mark.parametrize("target", ["usuario", "email_desconhecido", "tenant_desconhecido"])
    async def test_parallel_wrong_passwords_evaluate_exactly_the_limit(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        tenant: Tenant,
        ctx: AppContext,
        caplog: pytest.LogCaptureFixture,
        target: str,
    ) -> None:
        user = await factory.user(tenant)
        client_id = "tenant-que-nao-existe" if target == "tenant_desconhecido" else tenant.client_id
        email = "ninguem@teste.com.br" if target == "email_desconhecido" else user.email
        caplog.set_level(logging.WARNING, logger="wacs.auth")
        responses = await asyncio.gather(*(login(client, client_id, email, WRONG) for _ in range(40)))
        limit = ctx.settings.login_max_attempts
        assert statuses(responses) == {401: limit, 429: 40 - limit}
        assert refusals(caplog) == limit  # as recusadas com 429 nem chegaram ao Argon2
        for response in responses:
            if response.status_code == 429:
                assert_throttled(response)
            else:
                assert_problem(response, 401, "credenciais_invalidas")

    async def test_parallel_spraying_from_one_ip_evaluates_exactly_the_ip_limit(
        self,
        app: Any,
        client: httpx.AsyncClient,
        factory: Factory,
        tenant: Tenant,
        ctx: AppContext,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        real = [(await factory.user(tenant)).email for _ in range(3)]
        emails = real + [f"pessoa{i}@teste.com.br" for i in range(97)]
        caplog.set_level(logging.WARNING, logger="wacs.auth")
        responses = await asyncio.gather(*(login(client, tenant.client_id, e, WRONG) for e in emails))
        limit = ctx.settings.login_ip_max_attempts
        assert statuses(responses) == {401: limit, 429: 100 - limit}
        assert refusals(caplog) == limit
        # O bloqueio é do IP: outro IP tenta normalmente.
        async with client_from(app, "198.51.100.20") as other:
            assert_problem(await login(other, tenant.client_id, emails[0], WRONG), 401, "credenciais_invalidas")

    async def test_owner_logs_in_from_another_ip_while_attacker_ip_is_throttled(
        self, app: Any, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
    ) -> None:
        user = await factory.user(tenant, "admin")
        attacker = await asyncio.gather(*(login(client, tenant.client_id, user.email, WRONG) for _ in range(10)))
        assert statuses(attacker) == {401: 5, 429: 5}
        # Do IP do atacante, nem a senha certa passa (senão o backoff não valeria nada)...
        assert_throttled(await login(client, tenant.client_id, user.email, PASSWORD))
        # ...mas o dono, de outro IP, entra, e os erros dele não herdam o bloqueio do atacante.
        async with client_from(app, "198.51.100.7") as owner:
            assert (await login(owner, tenant.client_id, user.email, PASSWORD)).status_code == 200
            assert_problem(await login(owner, tenant.client_id, user.email, WRONG), 401, "credenciais_invalidas")
        assert_throttled(await login(client, tenant.client_id, user.email, WRONG))


class TestBackoff:
    async def test_wait_doubles_after_each_failure_up_to_the_cap(
        self,
        client: httpx.AsyncClient,
        factory: Factory,
        tenant: Tenant,
        ctx: AppContext,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(ctx.settings, "login_max_attempts", 2)
        monkeypatch.setattr(ctx.settings, "login_backoff_base_seconds", 1.0)
        monkeypatch.setattr(ctx.settings, "login_backoff_max_seconds", 2.0)
        user = await factory.user(tenant)
        for _ in range(2):  # as tentativas livres
            assert (await login(client, tenant.client_id, user.email, WRONG)).status_code == 401
        waits = []
        for _ in range(3):
            retry_after = assert_throttled(await login(client, tenant.client_id, user.email, WRONG))
            assert_throttled(await login(client, tenant.client_id, user.email, PASSWORD))  # nem a senha certa
            waits.append(retry_after)
            await asyncio.sleep(retry_after + 0.1)
            assert (await login(client, tenant.client_id, user.email, WRONG)).status_code == 401
        assert waits == [1, 2, 2]  # base, dobro, teto

    async def test_success_resets_the_account_ip_backoff(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
    ) -> None:
        user = await factory.user(tenant)
        for _ in range(4):
            assert (await login(client, tenant.client_id, user.email, WRONG)).status_code == 401
        assert (await login(client, tenant.client_id, user.email, PASSWORD)).status_code == 200
        # Sem o reset, a 5ª tentativa (a da senha certa) já teria armado o bloqueio.
        for _ in range(4):
            assert (await login(client, tenant.client_id, user.email, WRONG)).status_code == 401


class TestIpLimit:
    async def test_successful_logins_do_not_use_the_ip_quota(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant, ctx: AppContext
    ) -> None:
        limit = ctx.settings.login_ip_max_attempts
        users = [await factory.user(tenant) for _ in range(5)]
        # Um escritório atrás de um NAT: muitos logins certos do mesmo IP nunca bloqueiam.
        for i in range(limit + 5):
            response = await login(client, tenant.client_id, users[i % len(users)].email, PASSWORD)
            assert response.status_code == 200, response.text
        # Um erro de vez em quando, com acertos no meio, também não.
        for i in range(limit - 1):
            assert (await login(client, tenant.client_id, f"errou{i}@teste.com.br", WRONG)).status_code == 401
            assert (await login(client, tenant.client_id, users[0].email, PASSWORD)).status_code == 200
        # Só as falhas contam: a última cabe, a seguinte não.
        assert (await login(client, tenant.client_id, "ultima@teste.com.br", WRONG)).status_code == 401
        assert_throttled(await login(client, tenant.client_id, "outra@teste.com.br", WRONG))

    async def test_ipv6_counts_per_64_block(
        self, app: Any, factory: Factory, tenant: Tenant, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(ctx.settings, "login_ip_max_attempts", 2)
        for n, ip in enumerate(["2001:db8:0:1::1", "2001:db8:0:1::2"]):
            async with client_from(app, ip) as c:
                assert (await login(c, tenant.client_id, f"a{n}@teste.com.br", WRONG)).status_code == 401
        async with client_from(app, "2001:db8:0:1:ffff::9") as same_block:  # trocar de endereço no /64 não adianta
            assert_throttled(await login(same_block, tenant.client_id, "b@teste.com.br", WRONG))
        async with client_from(app, "2001:db8:0:2::1") as other_block:
            assert (await login(other_block, tenant.client_id, "b@teste.com.br", WRONG)).status_code == 401


class TestAccountLimit:
    async def test_distributed_guessing_locks_out_unknown_ips_only(
        self,
        app: Any,
        client: httpx.AsyncClient,
        factory: Factory,
        tenant: Tenant,
        ctx: AppContext,
        caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # Menor que o padrão (100) para caber num só lote paralelo: o pool do redis-py abre no máximo 100 conexões.
        monkeypatch.setattr(ctx.settings, "login_account_max_attempts", 40)
        user = await factory.user(tenant, "admin")
        # O dono já entrou deste IP (203.0.113.10): ele passa a ser conhecido.
        assert (await login(client, tenant.client_id, user.email, PASSWORD)).status_code == 200
        limit = ctx.settings.login_account_max_attempts
        per_ip = ctx.settings.login_max_attempts
        # Cada IP fica dentro do próprio limite (conta + IP e IP); juntos, passam 10 tentativas do limite da conta.
        ips = [f"198.51.100.{i}" for i in range(1, limit // per_ip + 3)]
        caplog.set_level(logging.WARNING, logger="wacs.auth")
        async with AsyncExitStack() as stack:
            clients = [await stack.enter_async_context(client_from(app, ip)) for ip in ips]
            calls = [login(c, tenant.client_id, user.email, WRONG) for c in clients for _ in range(per_ip)]
            responses = await asyncio.gather(*calls)
        assert statuses(responses) == {401: limit, 429: len(calls) - limit}
        assert refusals(caplog) == limit
        # Um IP novo não tenta mais, nem com a senha certa...
        async with client_from(app, "192.0.2.50") as fresh:
            assert_throttled(await login(fresh, tenant.client_id, user.email, PASSWORD))
        # ...mas o IP de onde o dono já entrou continua entrando.
        assert (await login(client, tenant.client_id, user.email, PASSWORD)).status_code == 200
        # Outra conta do mesmo tenant não é afetada.
        other = await factory.user(tenant)
        async with client_from(app, "192.0.2.51") as fresh:
            assert (await login(fresh, tenant.client_id, other.email, PASSWORD)).status_code == 200

    async def test_successful_logins_from_new_ips_do_not_use_the_account_quota(
        self, app: Any, factory: Factory, tenant: Tenant, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(ctx.settings, "login_account_max_attempts", 2)
        user = await factory.user(tenant)
        for i in range(5):  # celular, casa, hotel...: cada IP é novo, e o acerto devolve a cota
            async with client_from(app, f"192.0.2.{10 + i}") as c:
                assert (await login(c, tenant.client_id, user.email, PASSWORD)).status_code == 200
        for i in range(2):
            async with client_from(app, f"198.51.100.{10 + i}") as c:
                assert (await login(c, tenant.client_id, user.email, WRONG)).status_code == 401
        async with client_from(app, "198.51.100.30") as c:
            assert_throttled(await login(c, tenant.client_id, user.email, WRONG))
        async with client_from(app, "192.0.2.10") as known:
            assert (await login(known, tenant.client_id, user.email, PASSWORD)).status_code == 200


def _shape(response: httpx.Response) -> tuple[Any, ...]:
    """Tudo o que o cliente vê, menos o id da requisição."""
    body = {k: v for k, v in response.json().items() if k != "requestId"}
    headers = {k: v for k, v in response.headers.items() if k.lower() not in {"x-request-id", "content-length", "date"}}
    return response.status_code, headers, body


class TestTenantIsNotRevealed:
    async def test_login_answers_the_same_for_unknown_tenant_unknown_email_and_wrong_password(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant, ctx: AppContext
    ) -> None:
        user = await factory.user(tenant)
        inactive = await factory.tenant()
        inactive_user = await factory.user(inactive)
        await deactivate(ctx, inactive)
        wrong_password = await login(client, tenant.client_id, user.email, WRONG)
        assert_problem(wrong_password, 401, "credenciais_invalidas")
        for response in [
            await login(client, "tenant-que-nao-existe", user.email, WRONG),
            await login(client, "tenant-que-nao-existe", user.email, PASSWORD),
            await login(client, tenant.client_id, "ninguem@teste.com.br", WRONG),
            await login(client, inactive.client_id, inactive_user.email, WRONG),
        ]:
            assert _shape(response) == _shape(wrong_password)

    async def test_inactive_tenant_is_revealed_only_with_the_right_password(
        self, client: httpx.AsyncClient, factory: Factory, ctx: AppContext
    ) -> None:
        inactive = await factory.tenant()
        user = await factory.user(inactive)
        await deactivate(ctx, inactive)
        body = assert_problem(await login(client, inactive.client_id, user.email, PASSWORD), 401, "tenant_invalido")
        assert body["detail"] == "O tenant informado em X-Client-Id não existe ou está inativo."

    async def test_refresh_answers_the_same_for_unknown_and_inactive_tenants(
        self, client: httpx.AsyncClient, factory: Factory, tenant: Tenant, ctx: AppContext
    ) -> None:
        other = await factory.tenant()
        actor = await factory.actor(other)

        async def refresh(client_id: str, token: str) -> httpx.Response:
            return await client.post(REFRESH, headers={"X-Client-Id": client_id}, json={"refreshToken": token})

        garbage = await refresh(tenant.client_id, "x" * 40)
        assert_problem(garbage, 401, "refresh_token_invalido")
        assert _shape(await refresh("tenant-que-nao-existe", "x" * 40)) == _shape(garbage)
        assert _shape(await refresh("tenant-que-nao-existe", actor.refresh_token)) == _shape(garbage)
        await deactivate(ctx, other)
        assert _shape(await refresh(other.client_id, actor.refresh_token)) == _shape(garbage)
        # A recusa não gastou o token: reativado o tenant, ele ainda renova.
        async with ctx.sessionmaker() as session:
            await session.execute(update(Tenant).where(Tenant.id == other.id).values(is_active=True))
            await session.commit()
        await invalidate_tenant(ctx, other.client_id)
        assert (await refresh(other.client_id, actor.refresh_token)).status_code == 200

    async def test_missing_client_id_is_still_400(self, client: httpx.AsyncClient) -> None:
        payload = {"email": "a@b.com.br", "password": "x"}
        assert_problem(await client.post(LOGIN, json=payload), 400, "tenant_nao_informado")
        assert_problem(await client.post(REFRESH, json={"refreshToken": "x" * 40}), 400, "tenant_nao_informado")

    def test_openapi_lists_what_login_and_refresh_can_answer(self, app: Any) -> None:
        paths = app.openapi()["paths"]
        # Além do que a rota decide (400, 401, 429 no login), o que vale para toda rota com corpo e banco: 413, 422,
        # 409 (escrita concorrente) e 503 (banco ocupado). Nenhum 403/404 que denunciasse tenant existente.
        infrastructure = {"409", "413", "422", "503"}
        assert set(paths[LOGIN]["post"]["responses"]) == {"200", "400", "401", "429"} | infrastructure
        assert set(paths[REFRESH]["post"]["responses"]) == {"200", "400", "401"} | infrastructure
