"""Cache chave-valor com TTL: Redis quando `REDIS_URL` existe (compartilhado entre réplicas), senão em processo."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from redis.asyncio import BlockingConnectionPool, Redis

Bucket = tuple[str, float, int]  # (chave, tokens por segundo, capacidade)
MAX_DOUBLINGS = 60  # 2^60 já passa de qualquer teto; limitar o expoente evita estouro de float


class AttemptSlot(NamedTuple):
    """Cota de tentativas sob uma chave: as `free` primeiras passam de imediato; depois, espera.

    Com `backoff_base` > 0: a tentativa n >= `free` bloqueia a chave por min(`backoff_max`, `backoff_base` *
    2^(n - `free`)), e o estado dura `ttl` segundos após a última tentativa. Com `backoff_base` = 0: janela fixa de
    `ttl` segundos contada da primeira tentativa; esgotada a cota, espera-se a janela acabar.
    """

    key: str
    free: int
    ttl: int
    backoff_base: float = 0.0
    backoff_max: float = 0.0


def backoff_seconds(slot: AttemptSlot, count: int) -> float:
    return min(slot.backoff_max, slot.backoff_base * 2.0 ** min(count - slot.free, MAX_DOUBLINGS))


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

    async def reserve_attempts(self, slots: Sequence[AttemptSlot]) -> float:
        """Atômico e tudo-ou-nada: se nenhuma cota exige espera, conta uma tentativa em cada e devolve 0; senão não
        conta nada e devolve quantos segundos faltam. Reservar ANTES do trabalho caro impede que requisições
        paralelas passem todas pela mesma verificação."""
        ...

    async def release_attempts(self, keys: Sequence[str]) -> None:
        """Devolve uma tentativa reservada em cada chave (nunca abaixo de zero; chave vencida continua ausente)."""
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
        # Cotas de tentativa: (contagem, bloqueada até, expira em), em LRU como `_data`.
        self._attempts: OrderedDict[str, tuple[int, float, float]] = OrderedDict()
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
            self._attempts.pop(key, None)

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

    def _attempt_state(self, key: str, now: float) -> tuple[int, float, float] | None:
        state = self._attempts.get(key)
        if state is not None and state[2] <= now:
            del self._attempts[key]
            return None
        return state

    # Atômicos no laço de eventos porque não há nenhum `await` entre ler e gravar.
    async def reserve_attempts(self, slots: Sequence[AttemptSlot]) -> float:
        now = time.monotonic()
        states = [self._attempt_state(slot.key, now) for slot in slots]
        wait = 0.0
        for slot, state in zip(slots, states, strict=True):
            if state is None:
                continue
            count, until, expires = state
            if slot.backoff_base > 0:
                wait = max(wait, until - now)
            elif count >= slot.free:
                wait = max(wait, expires - now)
        if wait > 0:
            return wait
        for slot, state in zip(slots, states, strict=True):
            count, until, expires = state or (0, 0.0, now + slot.ttl)
            count += 1
            if slot.backoff_base > 0:
                expires = now + slot.ttl
                if count >= slot.free:
                    until = now + backoff_seconds(slot, count)
            self._attempts[slot.key] = (count, until, expires)
            self._attempts.move_to_end(slot.key)
        while len(self._attempts) > self._max:
            self._attempts.popitem(last=False)
        return 0.0

    async def release_attempts(self, keys: Sequence[str]) -> None:
        now = time.monotonic()
        for key in keys:
            state = self._attempt_state(key, now)
            if state is not None and state[0] > 0:
                self._attempts[key] = (state[0] - 1, state[1], state[2])

    async def ping(self) -> bool:
        return True

    async def close(self) -> None:
        self._data.clear()
        self._buckets.clear()
        self._attempts.clear()


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


# ARGV por chave: livres, ttl, base do backoff, teto do backoff. Mesma regra de MemoryCache.reserve_attempts.
_RESERVE_ATTEMPTS = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local counts = {}
local wait = 0
for i = 1, #KEYS do
  local free = tonumber(ARGV[4 * i - 3])
  local base = tonumber(ARGV[4 * i - 1])
  local data = redis.call('HMGET', KEYS[i], 'n', 'until')
  local n = tonumber(data[1]) or 0
  counts[i] = n
  if base > 0 then
    local untl = tonumber(data[2]) or 0
    if untl > now then wait = math.max(wait, untl - now) end
  elseif n >= free then
    wait = math.max(wait, math.max(redis.call('PTTL', KEYS[i]), 1) / 1000)
  end
end
if wait > 0 then return tostring(wait) end
for i = 1, #KEYS do
  local free = tonumber(ARGV[4 * i - 3])
  local ttl = tonumber(ARGV[4 * i - 2])
  local base = tonumber(ARGV[4 * i - 1])
  local cap = tonumber(ARGV[4 * i])
  local n = counts[i] + 1
  redis.call('HSET', KEYS[i], 'n', n)
  if base > 0 then
    if n >= free then
      local delay = math.min(cap, base * 2 ^ math.min(n - free, tonumber(ARGV[#ARGV])))
      redis.call('HSET', KEYS[i], 'until', string.format('%.6f', now + delay))
    end
    redis.call('EXPIRE', KEYS[i], ttl)
  elseif redis.call('PTTL', KEYS[i]) < 0 then
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
return '0'
"""


_RELEASE_ATTEMPTS = """
for i = 1, #KEYS do
  local n = tonumber(redis.call('HGET', KEYS[i], 'n'))
  if n and n > 0 then redis.call('HINCRBY', KEYS[i], 'n', -1) end
end
return 0
"""


class RedisCache:
    def __init__(self, url: str, prefix: str = "wacs:", max_connections: int = 100) -> None:
        # Pool que ESPERA por uma conexão livre (até 5 s) em vez de falhar na hora quando todas estão em uso: um
        # pico de requisições simultâneas fica mais lento, não vira erro.
        pool = BlockingConnectionPool.from_url(
            url,
            max_connections=max_connections,
            timeout=5,
            socket_timeout=5,
            socket_connect_timeout=5,
            health_check_interval=30,
        )
        self.redis: Redis = Redis(connection_pool=pool)
        self._prefix = prefix
        self._incr = self.redis.register_script(_INCR_WINDOW)
        self._take = self.redis.register_script(_TAKE_TOKENS)
        self._get_incr = self.redis.register_script(_GET_MANY_AND_INCR)
        self._reserve = self.redis.register_script(_RESERVE_ATTEMPTS)
        self._release = self.redis.register_script(_RELEASE_ATTEMPTS)

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

    async def reserve_attempts(self, slots: Sequence[AttemptSlot]) -> float:
        args: list[float] = [v for s in slots for v in (s.free, s.ttl, s.backoff_base, s.backoff_max)]
        return float(await self._reserve(keys=[self._k(s.key) for s in slots], args=[*args, MAX_DOUBLINGS]))

    async def release_attempts(self, keys: Sequence[str]) -> None:
        if keys:
            await self._release(keys=[self._k(k) for k in keys])

    async def ping(self) -> bool:
        return bool(await self.redis.ping())

    async def close(self) -> None:
        await self.redis.aclose()


def create_cache(redis_url: str | None, prefix: str = "wacs:", max_connections: int = 100) -> Cache:
    return RedisCache(redis_url, prefix, max_connections) if redis_url else MemoryCache()
