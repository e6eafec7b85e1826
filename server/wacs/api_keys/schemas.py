from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic import Field, field_validator

from wacs.auth.scopes import SCOPES
from wacs.kit.schemas import InputSchema, Schema, UtcDateTime, semantic_validation


class ApiKeyCreate(InputSchema):
    name: str = Field(min_length=1, max_length=100, examples=["Integração ERP"])
    scopes: list[str] = Field(
        min_length=1,
        max_length=len(SCOPES),
        description="Escopos concedidos: " + ", ".join(SCOPES),
        json_schema_extra={"items": {"type": "string", "enum": list(SCOPES)}},
    )
    expires_at: UtcDateTime | None = Field(
        default=None,
        description="Opcional; sem data a chave não expira.",
        json_schema_extra=semantic_validation("`expiresAt`: precisa estar no futuro"),
    )

    @field_validator("scopes")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [s for s in value if s not in SCOPES]
        if unknown:
            raise ValueError(f"Escopo(s) desconhecido(s): {', '.join(unknown)}")
        return sorted(set(value))

    @field_validator("expires_at")
    @classmethod
    def _future(cls, value: datetime | None) -> datetime | None:
        if value is not None and value <= datetime.now(UTC):
            raise ValueError("A data de expiração deve estar no futuro")
        return value


class ApiKeyOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="Início visível da chave, para identificá-la.")
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="A chave completa. É mostrada só agora: guarde-a em local seguro.")


class ScopeOut(Schema):
    scope: str
    description: str
