"""Barramento de eventos entre réplicas: Redis pub/sub quando configurado, senão em processo.

Cada processo mantém uma só conexão de assinatura no Redis e distribui as mensagens aos assinantes locais
(conexões WebSocket, envios esperando o aceite), para que mil clientes não virem mil conexões no Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence

from redis.asyncio import Redis

logger = logging.getLogger("wacs.bus")

QUEUE_SIZE = 1000


class Subscription:
    def __init__(self, bus: LocalFanout, channel: str) -> None:
        self.channel = channel
        self.queue: asyncio.Queue[bytes] = asyncio.Queue(QUEUE_SIZE)
        self.overflowed = False
        self._bus = bus

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[bytes]:
        while True:
            yield await self.queue.get()

    async def get(self, timeout: float | None = None) -> bytes | None:  # noqa: ASYNC109 - API de conveniência
        try:
            return await asyncio.wait_for(self.queue.get(), timeout)
        except TimeoutError:
            return None


class LocalFanout:
    def __init__(self) -> None:
        self._subs: dict[str, set[Subscription]] = defaultdict(set)

    def add(self, channel: str) -> tuple[Subscription, bool]:
        sub = Subscription(self, channel)
        first = not self._subs[channel]
        self._subs[channel].add(sub)
        return sub, first

    def remove(self, sub: Subscription) -> bool:
        subs = self._subs.get(sub.channel)
        if subs is None:
            return False
        subs.discard(sub)
        if not subs:
            del self._subs[sub.channel]
            return True
        return False

    def mark_all_overflowed(self) -> None:
        for subs in self._subs.values():
            for sub in subs:
                sub.overflowed = True

    def deliver(self, channel: str, message: bytes) -> None:
        for sub in list(self._subs.get(channel, ())):
            try:
                sub.queue.put_nowait(message)
            except asyncio.QueueFull:
                # Consumidor lento: marca para que ele se reconecte e recupere pelo cursor, sem travar os outros.
                sub.overflowed = True


class InProcessBus:
    def __init__(self) -> None:
        self._local = LocalFanout()

    async def publish(self, messages: Sequence[tuple[str, bytes]]) -> None:
        for channel, message in messages:
            self._local.deliver(channel, message)

    @contextlib.asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        sub, _ = self._local.add(channel)
        try:
            yield sub
        finally:
            self._local.remove(sub)

    async def close(self) -> None:
        return None


class RedisBus:
    def __init__(self, url: str, prefix: str = "wacs:") -> None:
        self._redis = Redis.from_url(url, socket_connect_timeout=5)
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._prefix = prefix
        self._local = LocalFanout()
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()

    async def publish(self, messages: Sequence[tuple[str, bytes]]) -> None:
        """(canal, mensagem) em ordem, numa ida ao Redis (pipeline sem transação)."""
        if len(messages) == 1:
            channel, message = messages[0]
            await self._redis.publish(self._prefix + channel, message)
            return
        async with self._redis.pipeline(transaction=False) as pipe:
            for channel, message in messages:
                pipe.publish(self._prefix + channel, message)
            await pipe.execute()

    @contextlib.asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        sub, first = self._local.add(channel)
        try:
            if first:
                async with self._lock:
                    await self._pubsub.subscribe(self._prefix + channel)
                    if self._reader is None or self._reader.done():
                        self._reader = asyncio.create_task(self._read(), name="wacs-bus-reader")
            yield sub
        finally:
            if self._local.remove(sub):
                async with self._lock:
                    with contextlib.suppress(Exception):
                        await self._pubsub.unsubscribe(self._prefix + channel)

    async def _read(self) -> None:
        while True:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("falha lendo o pub/sub do Redis; tentando de novo")
                # O que chegou nesse intervalo pode ter se perdido: os assinantes recuperam pelo cursor.
                self._local.mark_all_overflowed()
                await asyncio.sleep(1)
                continue
            if message is None:
                if not self._pubsub.subscribed:
                    await asyncio.sleep(0.05)
                continue
            channel = message["channel"].decode().removeprefix(self._prefix)
            self._local.deliver(channel, message["data"])

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        with contextlib.suppress(Exception):
            await self._pubsub.aclose()
        await self._redis.aclose()


EventBus = InProcessBus | RedisBus


def create_bus(redis_url: str | None, prefix: str = "wacs:") -> EventBus:
    return RedisBus(redis_url, prefix) if redis_url else InProcessBus()
