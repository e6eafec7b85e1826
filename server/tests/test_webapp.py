"""O app web servido pela API em `/`: rotas do app voltam o index.html, os caminhos da API nunca."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.messaging_helpers import isolated_app


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text('<!doctype html><div id="root"></div><script src="/assets/app-1a2b.js"></script>')
    (root / "assets" / "app-1a2b.js").write_text("console.log('app')")
    (root / "favicon.svg").write_text("<svg/>")
    return root


async def test_client_routes_survive_a_reload_and_assets_are_cached(tmp_path: Path, dist: Path) -> None:
    async with isolated_app(tmp_path / "dados", web_dist_dir=dist) as iso:
        client: httpx.AsyncClient = iso.client
        for path in ("/", "/conversas", "/conversas/0b7c1e52-1111-4222-8333-944445555666", "/agentes?aba=metricas"):
            response = await client.get(path)
            assert response.status_code == 200, path
            assert '<div id="root">' in response.text
            assert response.headers["cache-control"] == "no-cache"
        asset = await client.get("/assets/app-1a2b.js")
        assert asset.status_code == 200 and "immutable" in asset.headers["cache-control"]
        assert (await client.get("/favicon.svg")).text == "<svg/>"
        assert (await client.get("/assets/nao-existe.js")).status_code == 404
        assert (await client.get("/../../etc/passwd")).status_code in (200, 404)  # nunca sai da pasta do build
        assert "root:" not in (await client.get("/%2e%2e/%2e%2e/etc/passwd")).text


async def test_api_paths_are_never_the_web_app(tmp_path: Path, dist: Path) -> None:
    async with isolated_app(tmp_path / "dados", web_dist_dir=dist) as iso:
        client = iso.client
        missing = await client.get("/api/v1/nao-existe")
        assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")
        wrong_method = await client.get("/api/v1/agents/create", headers={"X-Client-Id": "x"})
        assert wrong_method.status_code == 405
        assert (await client.get("/openapi/v1.json")).json()["openapi"].startswith("3.")
        assert (await client.get("/health")).json()["status"] == "ok"
        assert "Scalar" in (await client.get("/scalar/v1")).text


async def test_without_a_build_the_root_explains_how_to_build(tmp_path: Path) -> None:
    async with isolated_app(tmp_path / "dados", web_dist_dir=tmp_path / "sem-build") as iso:
        response = await iso.client.get("/")
        assert response.status_code == 200 and "make run" in response.text
