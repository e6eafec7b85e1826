"""Parâmetros de paginação por página (listas administrativas)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int


async def _page_params(
    page: Annotated[int, Query(ge=1, le=100_000, description="Página, a partir de 1.")] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=100, description="Itens por página.")] = 20,
) -> PageParams:
    return PageParams(page, page_size)


PageDep = Annotated[PageParams, Depends(_page_params)]
