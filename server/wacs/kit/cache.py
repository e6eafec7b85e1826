"""Cache chave-valor com TTL: Redis quando `REDIS_URL` existe (compartilhado entre réplicas), senão em processo."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, Protocol

from redis.asyncio import Redis

Bucket = tuple[str, float, int]  # (chave, tokens por segundo, capacidade)


class Cache(Protocol):
    async def get(self, key: str) -> bytes | None: ...
    async def get_many(self, *keys: str) -> list[bytes | None]: ...
    async def set(self, key: str, value: bytes, ttl: int) -> None: ...
    async def delete(self, *keys: str) -> None: ...
    async def incr_window(self, key: str, ttl: int) -> int:
        """Incrementa um contador que expira `ttl` segundos após sua criação; devolve o valor novo."""
        ...

    async def get_many_and_incr(self, keys: list[str], counter: str, ttl: int) -> tuple[list[bytes | None], int]:
        """`get_many(*keys)` e `incr_window(counter, ttl)` numa só ida ao cache (o caminho de toda requisição)."""
        ...

    async def get_counter(self, key: str) -> int: ...
    async def take_tokens(self, buckets: Sequence[Bucket]) -> float:
        """Token buckets (chave, tokens/s, capacidade): se TODOS têm um token, consome um de cada e devolve 0; senão
        não consome nada e devolve quantos segundos faltam para todos terem."""
        ...

    async def ping(self) -> bool: ...
    async def close(self) -> None: ...


class Memo:
    """Cópia local de valores já decodificados, por poucos segundos, para os caminhos mais quentes (sem ir ao cache).

    Só serve quando um valor um pouco antigo em outra réplica é aceitável; invalidação local por `delete`.
    """

    def __init__(self, max_entries: int = 10_000) -> None:
        self._data: dict[str, tuple[float, Any]] = {}
        self._max = max_entries

    def get(self, key: str) -> Any:
        item = self._data.get(key)
        if item is None or item[0] < time.monotonic():
            return None
        return item[1]

    def set(self, key: str, value: Any, ttl: float) -> None:
        if len(self._data) >= self._max:
            self._data.clear()
        self._data[key] = (time.monotonic() + ttl, value)

    def delete(self, key: str) -> None:
        self._data.pop(key, None)

    def clear(self) -> None:
        self._data.clear()


class MemoryCache:
    """Cache em processo, limitado em número de chaves (LRU) para não crescer sem fim."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self._data: OrderedDict[str, tuple[float, bytes | int]] = OrderedDict()
        self._buckets: dict[str, tuple[float, float]] = {}
        self._max = max_entries

    def _live(self, key: str) -> bytes | int | None:
        item = self._data.get(key)
        if item is None:
            return None
        expires, value = item
        if expires < time.monotonic():
            del self._data[key]
            return None
        self._data.move_to_end(key)
        return value

    def _store(self, key: str, value: bytes | int, expires: float) -> None:
        self._data[key] = (expires, value)
        self._data.move_to_end(key)
        while len(self._data) > self._max:
            self._data.popitem(last=False)

    async def get(self, key: str) -> bytes | None:
        value = self._live(key)
        # Contadores lidos com `get` vêm em texto, como no Redis.
        return str(value).encode() if isinstance(value, int) else value

    async def get_many(self, *keys: str) -> list[bytes | None]:
        return [await self.get(k) for k in keys]

    async def set(self, key: str, value: bytes, ttl: int) -> None:
        self._store(key, value, time.monotonic() + ttl)

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._data.pop(key, None)

    async def incr_window(self, key: str, ttl: int) -> int:
        current = self._live(key)
        if isinstance(current, int):
            expires = self._data[key][0]
            self._store(key, current + 1, expires)
            return current + 1
        self._store(key, 1, time.monotonic() + ttl)
        return 1

    async def get_many_and_incr(self, keys: list[str], counter: str, ttl: int) -> tuple[list[bytes | None], int]:
        return await self.get_many(*keys), await self.incr_window(counter, ttl)

    async def get_counter(self, key: str) -> int:
        value = self._live(key)
        return value if isinstance(value, int) else 0

    async def take_tokens(self, buckets: Sequence[Bucket]) -> float:
        now = time.monotonic()
        if len(self._buckets) > self._max:
            self._buckets.clear()  # perder o estado só devolve baldes cheios; a memória não cresce sem fim
        levels = []
        for key, rate, capacity in buckets:
            tokens, stamp = self._buckets.get(key, (float(capacity), now))
            levels.append(min(float(capacity), tokens + (now - stamp) * rate))
        wait = max(
            ((1 - level) / rate for level, (_, rate, _) in zip(levels, buckets, strict=True) if level < 1), default=0.0
        )
        for level, (key, _, _) in zip(levels, buckets, strict=True):
            self._buckets[key] = (level - 1 if wait == 0 else level, now)
        return wait

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._data.clear()
        self._buckets.clear()


_INCR_WINDOW = """
local v = redis.call('INCR', KEYS[1])
if v == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return v
"""


_GET_MANY_AND_INCR = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('MGET', unpack(KEYS, 2))}
"""


_TAKE_TOKENS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local levels = {}
local wait = 0
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local capacity = tonumber(ARGV[2 * i])
  local data = redis.call('HMGET', KEYS[i], 'tokens', 'stamp')
  local tokens = tonumber(data[1])
  local stamp = tonumber(data[2])
  if tokens == nil then tokens = capacity; stamp = now end
  tokens = math.min(capacity, tokens + (now - stamp) * rate)
  levels[i] = tokens
  if tokens < 1 then wait = math.max(wait, (1 - tokens) / rate) end
end
for i = 1, #KEYS do
  local rate = tonumber(ARGV[2 * i - 1])
  local capacity = tonumber(ARGV[2 * i])
  local tokens = levels[i]
  if wait == 0 then tokens = tokens - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tokens, 'stamp', now)
  redis.call('EXPIRE', KEYS[i], math.ceil(capacity / rate) + 60)
end
return tostring(wait)
"""


class RedisCache:
    def __init__(self, url: str, prefix: str = "wacs:") -> None:
        self.redis: Redis = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5, health_check_interval=30)
        self._prefix = prefix
        self._incr = self.redis.register_script(_INCR_WINDOW)
        self._take = self.redis.register_script(_TAKE_TOKENS)
        self._get_incr = self.redis.register_script(_GET_MANY_AND_INCR)

    def _k(self, key: str) -> str:
        return self._prefix + key

    async def get(self, key: str) -> bytes | None:
        value = await self.redis.get(self._k(key))
        return value.encode() if isinstance(value, str) else value

    async def get_many(self, *keys: str) -> list[bytes | None]:
        values = await self.redis.mget([self._k(k) for k in keys])
        return [v.encode() if isinstance(v, str) else v for v in values]

    async def set(self, key: str, value: bytes, ttl: int) -> None:
        await self.redis.set(self._k(key), value, ex=max(1, ttl))

    async def delete(self, *keys: str) -> None:
        if keys:
            await self.redis.delete(*[self._k(k) for k in keys])

    async def incr_window(self, key: str, ttl: int) -> int:
        return int(await self._incr(keys=[self._k(key)], args=[ttl]))

    async def get_many_and_incr(self, keys: list[str], counter: str, ttl: int) -> tuple[list[bytes | None], int]:
        count, values = await self._get_incr(keys=[self._k(counter), *[self._k(k) for k in keys]], args=[ttl])
        return [v.encode() if isinstance(v, str) else v for v in values], int(count)

    async def get_counter(self, key: str) -> int:
        value = await self.redis.get(self._k(key))
        return int(value) if value else 0

    async def take_tokens(self, buckets: Sequence[Bucket]) -> float:
        args = [value for _, rate, capacity in buckets for value in (rate, capacity)]
        return float(await self._take(keys=[self._k(key) for key, _, _ in buckets], args=args))

    async def ping(self) -> bool:
        return bool(await self.redis.ping())

    async def close(self) -> None:
        await self.redis.aclose()


def create_cache(redis_url: str | None, prefix: str = "wacs:") -> Cache:
    return RedisCache(redis_url, prefix) if redis_url else MemoryCache()
