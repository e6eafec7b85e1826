"""Cache (Redis no backend postgres, em processo no sqlite): as operações combinadas dos caminhos quentes."""

from __future__ import annotations

import uuid

from wacs.kit.cache import Memo
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
