"""Recursos do processo (banco, cache, chaves), criados na inicialização e guardados em `app.state.ctx`.

Quem os cria é `wacs.assembly.create_context`: o kit não conhece as implementações que vêm de camadas acima dele
(ex.: o armazenamento de mídia).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from wacs.config import Settings
from wacs.kit.blobs import BlobStore
from wacs.kit.bus import EventBus
from wacs.kit.cache import Cache, Memo
from wacs.kit.db import Notifier
from wacs.kit.secrets import Encryptor
from wacs.kit.security import AccessTokens, Passwords

JOBS_CHANNEL = "wacs_jobs"  # canal do LISTEN/NOTIFY da fila de jobs
EVENTS_CHANNEL = "wacs_events"  # canal do LISTEN/NOTIFY dos eventos gravados (repasse ao Supabase Realtime)


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
    media_store: BlobStore
    # Avisa os workers de outros processos (NOTIFY agrupado, só no PostgreSQL).
    job_notifier: Notifier
    # Cópias locais de curtíssima duração (ex.: sessões do tenant no aceite de envios).
    memo: Memo = field(default_factory=Memo)
    # Acorda o worker em processo logo após um commit que enfileirou jobs.
    job_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    # Repasse ao Supabase Realtime (só com ele configurado): eventos confirmados acordam o repasse deste processo e,
    # no PostgreSQL, o dos outros (NOTIFY agrupado).
    events_notifier: Notifier | None = None
    events_wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    # Este processo tem a vez de repassar: acordá-lo direto basta, sem NOTIFY (uma ida ao banco por commit).
    events_relay_here: bool = False
    # Estado por processo dos domínios (ex.: a espera pelo aceite em `messages`), por chave do dono: o kit guarda
    # sem conhecer o conteúdo.
    extensions: dict[str, Any] = field(default_factory=dict)

    async def wake_workers(self) -> None:
        """Depois de um commit que enfileirou jobs (é um callback de `on_commit`): acorda o worker deste processo e
        avisa os outros."""
        self.job_wakeup.set()
        self.job_notifier.poke()

    def events_committed(self) -> None:
        """Depois de um commit que gravou eventos: acorda o repasse ao Supabase (nada, se ele não está configurado)."""
        if self.events_notifier is not None:
            self.events_wakeup.set()
            if not self.events_relay_here:
                self.events_notifier.poke()

    async def close(self) -> None:
        await self.job_notifier.close()
        if self.events_notifier is not None:
            await self.events_notifier.close()
        await self.media_store.aclose()
        await self.bus.close()
        await self.cache.close()
        await self.engine.dispose()


async def get_context(request: Request) -> AppContext:
    # async de propósito: dependência síncrona roda num thread do pool a cada requisição.
    return request.app.state.ctx


ContextDep = Annotated[AppContext, Depends(get_context)]
