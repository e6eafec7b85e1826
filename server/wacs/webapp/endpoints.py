"""O app web (React, pasta `web/` do repositório) servido pela própria API em `/`.

Qualquer GET fora dos caminhos da API devolve o `index.html` do build (as rotas do app são do navegador: recarregar
`/conversas/123` funciona); arquivos do build (`/assets/...`, ícones) saem como estão. Os caminhos da API, da
documentação, do WebSocket, da saúde e das métricas nunca chegam aqui: a rota não casa com eles, então um método não
declarado numa rota da API continua 405 e um caminho desconhecido de API continua o 404 em problem+json."""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, Response
from starlette.requests import Request
from starlette.routing import Match, Route
from starlette.types import Scope

# Caminhos que são da API (ou do servidor) e nunca do app web.
RESERVED = ("/api/", "/openapi/", "/scalar/", "/static/", "/health", "/metrics")
REPO_DIST = Path(__file__).resolve().parents[3] / "web" / "dist"
# Os arquivos com hash no nome (Vite) nunca mudam; o index.html sempre é conferido (aponta para os novos).
IMMUTABLE = "public, max-age=31536000, immutable"

_MISSING = """<!doctype html>
<html lang="pt-BR"><head><meta charset="utf-8"><title>wacs</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>O app web não foi compilado</h1>
<p>Rode <code>make run</code> (que compila o app em <code>web/dist</code>) ou <code>make dev</code> para desenvolver
com recarga automática. A API está no ar: veja a <a href="/scalar/v1">referência da API</a>.</p>
</body></html>
"""


class WebAppRoute(Route):
    """Um GET de qualquer caminho que não seja da API."""

    def matches(self, scope: Scope) -> tuple[Match, MutableMapping[str, Any]]:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(RESERVED) or path in {"/health", "/metrics"}:
            return Match.NONE, {}
        return super().matches(scope)


def install_webapp(app: FastAPI, dist: Path | None) -> None:
    """Serve o build em `dist` (padrão: `web/dist` do repositório); registrada depois de todas as rotas."""
    root = (dist or REPO_DIST).resolve()

    async def page(request: Request) -> Response:
        index = root / "index.html"
        if not index.is_file():
            return HTMLResponse(_MISSING, status_code=200, headers={"Cache-Control": "no-cache"})
        relative = request.path_params.get("path", "")
        candidate = (root / relative).resolve()
        if relative and candidate.is_file() and candidate.is_relative_to(root):
            cache = IMMUTABLE if relative.startswith("assets/") else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
        if relative.startswith("assets/"):
            return Response(status_code=404)  # arquivo de build que não existe: não é uma rota do app
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    app.router.routes.append(WebAppRoute("/{path:path}", page, methods=["GET", "HEAD"], include_in_schema=False))
