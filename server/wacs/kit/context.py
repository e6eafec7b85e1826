"""Recursos do processo (banco, cache, chaves), criados na inicialização e guardados em `app.state.ctx`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from wacs.config import Settings
from wacs.kit.bus import EventBus, create_bus
from wacs.kit.cache import Cache, Memo, create_cache
from wacs.kit.db import Notifier, create_engine, create_sessionmaker
from wacs.kit.secrets import Encryptor, jwt_secret
from wacs.kit.security import AccessTokens, Passwords
from wacs.media.store import MediaStore, create_media_store

JOBS_CHANNEL = "wacs_jobs"  # canal do LISTEN/NOTIFY da fila de jobs


@dataclass
class AppContext:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    cache: Cache
    passwords: Passwords
    tokens: AccessTokens
    encryptor: Encryptor
    bus: EventBus
    media_store: MediaStore
    # Avisa os workers de outros processos (NOTIFY agrupado, só no PostgreSQL).
    job_notifier: Notifier
    # Cópias locais de curtíssima duração (ex.: sessões do tenant no aceite de envios).
    memo: Memo = field(default_factory=Memo)
    # Acorda o worker em processo logo após um commit que enfileirou jobs.
    job_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    # Quantas requisições de envio estão esperando o aceite do provedor neste processo.
    ack_waiters: int = 0
    # Até quando não vale esperar o aceite (um envio esperou e o tempo acabou: a fila está atrasada).
    ack_backoff_until: float = 0.0

    @classmethod
    def create(cls, settings: Settings) -> AppContext:
        engine = create_engine(settings)
        return cls(
            settings=settings,
            engine=engine,
            sessionmaker=create_sessionmaker(engine),
            cache=create_cache(settings.redis_url, settings.redis_prefix, settings.redis_max_connections),
            passwords=Passwords(settings.argon2_time_cost, settings.argon2_memory_cost, settings.argon2_parallelism),
            tokens=AccessTokens(jwt_secret(settings.data_dir, settings.jwt_secret), settings.access_token_ttl_seconds),
            encryptor=Encryptor.from_config(settings.data_dir, settings.encryption_keys),
            bus=create_bus(settings.redis_url, settings.redis_prefix),
            media_store=create_media_store(settings),
            job_notifier=Notifier(engine, JOBS_CHANNEL),
        )

    async def wake_workers(self) -> None:
        """Depois de um commit que enfileirou jobs (é um callback de `on_commit`): acorda o worker deste processo e
        avisa os outros."""
        self.job_wakeup.set()
        self.job_notifier.poke()

    async def close(self) -> None:
        await self.job_notifier.close()
        await self.media_store.aclose()
        await self.bus.close()
        await self.cache.close()
        await self.engine.dispose()


async def get_context(request: Request) -> AppContext:
    # async de propósito: dependência síncrona roda num thread do pool a cada requisição.
    return request.app.state.ctx


ContextDep = Annotated[AppContext, Depends(get_context)]
