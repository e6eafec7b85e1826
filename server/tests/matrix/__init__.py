"""Tabela de todas as rotas de tenant para a matriz de tenancy: um arquivo por domínio, cada um com `ROUTES`.

Formato de cada linha: (método, caminho, corpo, papel mínimo para usuários, escopo para chaves de API), com escopo
None = só usuários e "*" = qualquer chave do tenant. Parâmetros `{algo_id}` viram UUIDs aleatórios.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

Route = tuple[str, str, dict[str, Any] | None, str, str | None]


def all_routes() -> list[Route]:
    routes: list[Route] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        routes.extend(importlib.import_module(f"{__name__}.{module.name}").ROUTES)
    return routes
