"""Cache (Redis no backend postgres, em processo no sqlite): as operações combinadas dos caminhos quentes."""

from __future__ import annotations

import asyncio
import uuid

from wacs.kit.cache import AttemptSlot, Memo
from wacs.kit.context import AppContext


def _key(name: str) -> str:
    return f"teste-cache:{name}:{uuid.uuid4().hex}"


async def test_get_many_and_incr_reads_and_counts_in_one_call(ctx: AppContext) -> None:
    present, absent, counter = _key("a"), _key("b"), _key("n")
    await ctx.cache.set(present, b"valor", 60)
    values, count = await ctx.cache.get_many_and_incr([present, absent], counter, 60)
    assert values == [b"valor", None] and count == 1
    _, count = await ctx.cache.get_many_and_incr([present], counter, 60)
    assert count == 2
    assert await ctx.cache.get(counter) == b"2"  # contador lido com get: texto, nos dois caches
    assert await ctx.cache.get_counter(counter) == 2


async def test_take_tokens_is_all_or_nothing(ctx: AppContext) -> None:
    number, recipient = _key("numero"), _key("destinatario")
    # O número tem 2 tokens; o destinatário, 1 a cada 10 s.
    assert await ctx.cache.take_tokens([(number, 0.001, 2), (recipient, 0.1, 1)]) == 0
    wait = await ctx.cache.take_tokens([(number, 0.001, 2), (recipient, 0.1, 1)])
    assert 9 < wait <= 10  # falta o token do destinatário...
    # ...e o do número NÃO foi gasto na tentativa recusada: ainda há um para outro destinatário.
    assert await ctx.cache.take_tokens([(number, 0.001, 2), (_key("outro"), 0.1, 1)]) == 0
    assert await ctx.cache.take_tokens([(number, 0.001, 2)]) > 100  # agora o número acabou


async def test_reserve_attempts_is_atomic_under_concurrency(ctx: AppContext) -> None:
    slot = AttemptSlot(_key("janela"), 5, 60)
    waits = await asyncio.gather(*(ctx.cache.reserve_attempts([slot]) for _ in range(50)))
    assert sum(1 for w in waits if w == 0) == 5
    assert all(55 < w <= 60 for w in waits if w > 0)  # janela fixa: espera até ela acabar


async def test_reserve_attempts_is_all_or_nothing(ctx: AppContext) -> None:
    tight, loose = AttemptSlot(_key("apertada"), 1, 60), AttemptSlot(_key("folgada"), 2, 60)
    assert await ctx.cache.reserve_attempts([tight, loose]) == 0
    assert await ctx.cache.reserve_attempts([tight, loose]) > 0
    # A recusa não contou nada na folgada: ainda cabe uma tentativa nela.
    assert await ctx.cache.reserve_attempts([loose]) == 0
    assert await ctx.cache.reserve_attempts([loose]) > 0


async def test_release_refunds_but_never_below_zero(ctx: AppContext) -> None:
    slot = AttemptSlot(_key("devolve"), 1, 60)
    await ctx.cache.release_attempts([slot.key, _key("inexistente")])  # nada a devolver: não cria nem fica negativo
    assert await ctx.cache.reserve_attempts([slot]) == 0
    assert await ctx.cache.reserve_attempts([slot]) > 0
    await ctx.cache.release_attempts([slot.key])
    assert await ctx.cache.reserve_attempts([slot]) == 0
    assert await ctx.cache.reserve_attempts([slot]) > 0


async def test_window_ends_with_its_ttl(ctx: AppContext) -> None:
    slot = AttemptSlot(_key("janela-curta"), 1, 1)
    assert await ctx.cache.reserve_attempts([slot]) == 0
    assert 0 < await ctx.cache.reserve_attempts([slot]) <= 1
    await asyncio.sleep(1.1)
    assert await ctx.cache.reserve_attempts([slot]) == 0


async def test_backoff_doubles_up_to_the_cap_and_delete_resets(ctx: AppContext) -> None:
    slot = AttemptSlot(_key("backoff"), 2, 60, backoff_base=0.2, backoff_max=0.5)
    assert await ctx.cache.reserve_attempts([slot]) == 0  # 1ª: livre
    assert await ctx.cache.reserve_attempts([slot]) == 0  # 2ª: passa, mas arma 0,2 s
    for expected in (0.2, 0.4, 0.5):  # base, dobro, teto
        wait = await ctx.cache.reserve_attempts([slot])
        assert expected - 0.1 < wait <= expected
        await asyncio.sleep(wait + 0.02)
        assert await ctx.cache.reserve_attempts([slot]) == 0
    await ctx.cache.delete(slot.key)
    assert await ctx.cache.reserve_attempts([slot]) == 0
    assert await ctx.cache.reserve_attempts([slot]) == 0


def test_memo_expires_and_clears() -> None:
    memo = Memo()
    memo.set("a", [1], 60)
    memo.set("b", {"x": 1}, -1)  # já vencido
    assert memo.get("a") == [1] and memo.get("b") is None
    memo.delete("a")
    assert memo.get("a") is None
    memo.set("c", 3, 60)
    memo.clear()
    assert memo.get("c") is None
