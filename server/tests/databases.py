"""Bancos e prefixos de Redis descartáveis dos testes (a suíte, os apps isolados e o fuzzing usam os mesmos)."""

from __future__ import annotations

import os

import asyncpg
from redis.asyncio import Redis

PG_ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def database_url(name: str) -> str:
    return PG_ADMIN_DSN.rsplit("/", 1)[0] + f"/{name}"


async def recreate_database(name: str) -> str:
    """Apaga (se existir) e cria o banco; devolve a URL dele. PostgreSQL fora do ar sobe como OSError/PostgresError."""
    conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return database_url(name)


async def drop_database(name: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def ping_redis() -> None:
    redis = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        await redis.ping()
    finally:
        await redis.aclose()


async def clear_redis(prefix: str) -> None:
    redis = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        keys = [key async for key in redis.scan_iter(match=f"{prefix}*", count=1000)]
        if keys:
            await redis.delete(*keys)
    finally:
        await redis.aclose()
