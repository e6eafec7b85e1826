"""Rotas da base de conhecimento dos agentes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/knowledge", tags=["Base de conhecimento"])
