"""Infra dos testes: o mesmo conjunto roda contra PostgreSQL + Redis reais e contra SQLite + cache em processo.

`TEST_BACKEND=postgres` (padrão) ou `sqlite`. Em CI (`CI=true`), PostgreSQL/Redis fora do ar é falha, não pulo.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.databases import REDIS_URL, drop_database, ping_redis, recreate_database
from wacs.assembly import install_providers
from wacs.config import Settings
from wacs.kit.context import AppContext
from wacs.main import create_app
from wacs.messages.ackwait import ack_wait
from wacs.models import Base, Tenant, User
from wacs.tenants.schemas import TenantSettings
from wacs.tenants.service import dump_settings

install_providers()  # como na inicialização: os esquemas e as expectativas dos testes vêm do registro

BACKEND = os.environ.get("TEST_BACKEND", "postgres")
# Nomes únicos por execução: várias suítes podem rodar ao mesmo tempo no mesmo PostgreSQL/Redis.
RUN_ID = f"{os.getpid()}"
PG_DB = os.environ.get("TEST_PG_DB", f"wacs_test_{RUN_ID}")
REDIS_PREFIX = f"wacs-test-{RUN_ID}:"
PASSWORD = "senha-de-teste-123"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.exit(f"CI exige PostgreSQL e Redis: {reason}", returncode=3)
    pytest.skip(f"backend postgres indisponível: {reason}", allow_module_level=True)


async def _prepare_postgres() -> str:
    try:
        url = await recreate_database(PG_DB)
    except (OSError, asyncpg.PostgresError) as exc:
        _unavailable(f"PostgreSQL inacessível ({exc})")
    try:
        await ping_redis()
    except Exception as exc:
        _unavailable(f"Redis inacessível ({exc})")
    return url


def make_settings(data_dir: Path, database_url: str | None, redis_url: str | None, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "environment": "test",
        "data_dir": data_dir,
        "database_url": database_url,
        "redis_url": redis_url,
        "bootstrap_admin_password": "senha-bootstrap-123",
        "argon2_time_cost": 1,
        "argon2_memory_cost": 64,
        "argon2_parallelism": 1,
        "log_level": "WARNING",
        "redis_prefix": REDIS_PREFIX,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def backend() -> str:
    return BACKEND


@pytest.fixture(scope="session")
async def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("data")
    if BACKEND == "postgres":
        return make_settings(data_dir, await _prepare_postgres(), REDIS_URL)
    return make_settings(data_dir, None, None)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application
    if BACKEND == "postgres":
        await drop_database(PG_DB)


@pytest.fixture(scope="session")
def ctx(app: Any) -> AppContext:
    return app.state.ctx  # type: ignore[no-any-return]


@pytest.fixture(autouse=True)
async def _clean(request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """Cada teste começa com banco e cache vazios (menos o esquema)."""
    if "app" not in request.fixturenames:
        yield
        return
    ctx: AppContext = request.getfixturevalue("ctx")
    # Um envio que esperou o aceite até o fim num teste (ex.: número pausado) não deixa o próximo sem espera.
    ack_wait(ctx).backoff_until = 0.0
    # `workers` fica: é o registro (e o sinal de vida) do worker do app da sessão, que continua rodando.
    tables = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name != "workers"]
    # O worker do app da sessão pode estar terminando jobs do teste anterior (várias tabelas numa transação): se o
    # PostgreSQL escolher o TRUNCATE como vítima de um deadlock, tenta de novo.
    for attempt in range(5):
        try:
            async with ctx.engine.begin() as conn:
                if conn.dialect.name == "postgresql":
                    await conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
                else:
                    for table in tables:
                        await conn.execute(text(f"DELETE FROM {table}"))
            break
        except DBAPIError as exc:
            if "deadlock" not in str(exc) or attempt == 4:
                raise
            await asyncio.sleep(0.1)
    if ctx.settings.redis_url:
        redis = ctx.cache.redis  # type: ignore[attr-defined]
        keys = [key async for key in redis.scan_iter(match=f"{REDIS_PREFIX}*", count=1000)]
        if keys:
            await redis.delete(*keys)
    else:
        await ctx.cache.close()
    yield


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.10", 4321))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture
async def loopback_client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Cliente chamando do próprio servidor (127.0.0.1): o único que lê /metrics sem METRICS_TOKEN."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 4321))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@dataclass
class Actor:
    """Um usuário de teste já logado, com os cabeçalhos prontos."""

    tenant: Tenant
    user: User
    headers: dict[str, str]
    refresh_token: str


class Factory:
    def __init__(self, ctx: AppContext, client: httpx.AsyncClient) -> None:
        self.ctx = ctx
        self.client = client

    async def tenant(self, client_id: str | None = None, **settings: Any) -> Tenant:
        async with self.ctx.sessionmaker() as session:
            tenant = Tenant(
                client_id=client_id or f"t-{uuid.uuid4().hex[:10]}",
                name="Empresa de Teste",
                settings=dump_settings(TenantSettings(**settings)),
            )
            session.add(tenant)
            await session.commit()
        return tenant

    async def user(
        self,
        tenant: Tenant,
        role: str = "user",
        email: str | None = None,
        password: str = PASSWORD,
        is_active: bool = True,
    ) -> User:
        async with self.ctx.sessionmaker() as session:
            user = User(
                tenant_id=tenant.id,
                email=(email or f"{role}-{uuid.uuid4().hex[:8]}@teste.com.br").lower(),
                name=f"Pessoa {role}",
                role=role,
                is_active=is_active,
                password_hash=await self.ctx.passwords.hash(password),
            )
            session.add(user)
            await session.commit()
        return user

    async def login(self, tenant: Tenant, user: User, password: str = PASSWORD) -> Actor:
        response = await self.client.post(
            "/api/v1/auth/login",
            headers={"X-Client-Id": tenant.client_id},
            json={"email": user.email, "password": password},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        headers = {"X-Client-Id": tenant.client_id, "Authorization": f"Bearer {body['accessToken']}"}
        return Actor(tenant, user, headers, body["refreshToken"])

    async def actor(self, tenant: Tenant, role: str = "user") -> Actor:
        return await self.login(tenant, await self.user(tenant, role))

    async def api_key(self, admin: Actor, scopes: list[str]) -> dict[str, str]:
        response = await self.client.post(
            "/api/v1/api-keys", headers=admin.headers, json={"name": "integração", "scopes": scopes}
        )
        assert response.status_code == 201, response.text
        return {"X-Client-Id": admin.tenant.client_id, "X-Api-Key": response.json()["key"]}


@pytest.fixture
def factory(ctx: AppContext, client: httpx.AsyncClient) -> Factory:
    return Factory(ctx, client)


@pytest.fixture
async def tenant(factory: Factory) -> Tenant:
    return await factory.tenant()


@pytest.fixture
async def tenant_second(factory: Factory) -> Tenant:
    return await factory.tenant()


@pytest.fixture
async def admin(factory: Factory, tenant: Tenant) -> Actor:
    return await factory.actor(tenant, "admin")


@pytest.fixture
async def member(factory: Factory, tenant: Tenant) -> Actor:
    return await factory.actor(tenant, "user")


@pytest.fixture
async def admin_second(factory: Factory, tenant_second: Tenant) -> Actor:
    return await factory.actor(tenant_second, "admin")


@pytest.fixture
async def superadmin(factory: Factory, tenant: Tenant) -> Actor:
    return await factory.actor(tenant, "superadmin")


def api_routes(app: Any) -> list[Any]:
    """As `APIRoute` da aplicação (o FastAPI guarda os routers incluídos como nós próprios)."""
    from fastapi.routing import APIRoute

    found: list[Any] = []
    pending = list(app.routes)
    while pending:
        route = pending.pop(0)
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            pending.extend(route.original_router.routes)
    return found


def assert_problem(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert body["status"] == status
    assert body["title"] and body["detail"]
    assert "Traceback" not in response.text
    if code is not None:
        assert body["code"] == code, body
    return body  # type: ignore[no-any-return]
