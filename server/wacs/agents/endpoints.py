"""Rotas dos agentes de IA (PRD §4.2)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/agents", tags=["Agentes de IA"])
