"""Rotas do catálogo de imóveis e dos agendamentos de visita."""

from __future__ import annotations

from fastapi import APIRouter

properties_router = APIRouter(prefix="/api/v1/properties", tags=["Imóveis"])
appointments_router = APIRouter(prefix="/api/v1/appointments", tags=["Agendamentos"])
