"""Documentação interativa (Scalar) servida sem internet: o JS fica em `wacs/static/scalar`."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

OPENAPI_URL = "/openapi/v1.json"
SCALAR_JS_URL = "/static/scalar/standalone.js"

_PAGE = """<!doctype html>
<html lang="pt-BR">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>API de Comunicação WhatsApp — referência</title>
</head>
<body>
  <div id="app"></div>
  <script src="{js}"></script>
  <script>
    Scalar.createApiReference('#app', {{ url: '{spec}', withDefaultFonts: false }});
  </script>
</body>
</html>
"""


@router.get("/scalar/v1", response_class=HTMLResponse)
async def scalar() -> HTMLResponse:
    return HTMLResponse(_PAGE.format(js=SCALAR_JS_URL, spec=OPENAPI_URL))
