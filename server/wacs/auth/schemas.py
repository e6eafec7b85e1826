from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field, field_validator

from wacs.kit.schemas import InputSchema, Schema
from wacs.users.schemas import UserOut


class LoginRequest(InputSchema):
    email: str = Field(min_length=3, max_length=255, examples=["admin@demo.local"])
    password: str = Field(min_length=1, max_length=128)

    @field_validator("email")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class RefreshRequest(InputSchema):
    refresh_token: str = Field(min_length=10, max_length=200)


class TokenPair(Schema):
    access_token: str
    refresh_token: str
    token_type: str = "Bearer"
    expires_in: int = Field(description="Validade do token de acesso, em segundos.")
    refresh_expires_at: datetime
    user: UserOut


class TenantSummary(Schema):
    id: uuid.UUID
    client_id: str
    name: str


class MeOut(Schema):
    kind: str = Field(description="user ou api_key.")
    tenant: TenantSummary
    user: UserOut | None = None
    api_key_id: uuid.UUID | None = None
    api_key_name: str | None = None
    scopes: list[str] | None = None
