"""Aplicação FastAPI mínima, referência do benchmark: uma rota que não faz nada além de devolver um JSON pequeno.

Iniciada pelo `auth_overhead.py` como processo uvicorn separado:
`python -m uvicorn bare_app:app --app-dir bench`.
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI(title="bench-bare", docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/bare")
async def bare() -> dict[str, bool]:
    return {"ok": True}
