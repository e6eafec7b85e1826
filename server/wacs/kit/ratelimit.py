"""Limite de taxa em janela fixa sobre o cache (Redis compartilha a contagem entre réplicas)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from wacs.kit.cache import Cache


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    limit: int
    remaining: int
    reset_after: int


def now() -> float:
    """O relógio das janelas (um só, para a autenticação e o `hit` contarem na mesma janela)."""
    return time.time()


def window_key(name: str, ident: str, window_seconds: int, now: float) -> str:
    return f"rl:{name}:{ident}:{int(now // window_seconds)}"


def decide(count: int, limit: int, window_seconds: int, now: float) -> RateDecision:
    """Decisão para a contagem já incrementada da janela que contém `now`."""
    reset_after = max(1, int(window_seconds - (now % window_seconds)) + 1)
    return RateDecision(count <= limit, limit, max(0, limit - count), reset_after)


async def hit(cache: Cache, name: str, ident: str, limit: int, window_seconds: int) -> RateDecision:
    at = now()
    count = await cache.incr_window(window_key(name, ident, window_seconds, at), window_seconds + 1)
    return decide(count, limit, window_seconds, at)
