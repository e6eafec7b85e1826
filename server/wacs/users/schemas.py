from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from wacs.kit.schemas import Email, InputSchema, Schema

RoleIn = Literal["user", "admin", "superadmin"]
Password = Field(min_length=8, max_length=128, description="Entre 8 e 128 caracteres.")


class UserOut(Schema):
    id: uuid.UUID
    email: str
    name: str
    role: str
    is_active: bool
    last_login_at: datetime | None
    created_at: datetime
    updated_at: datetime


class UserCreate(InputSchema):
    email: Email
    name: str = Field(min_length=1, max_length=255)
    password: str = Password
    role: RoleIn = "user"


class UserUpdate(InputSchema):
    """Senha não se altera aqui: a própria em PUT /api/v1/users/me/password (com a senha atual), a de outra pessoa
    em PUT /api/v1/users/{userId}/password (administrador)."""

    name: str | None = Field(default=None, min_length=1, max_length=255)
    role: RoleIn | None = Field(default=None, description="Só por administradores (pessoas); encerra as sessões.")
    is_active: bool | None = None


class PasswordChange(InputSchema):
    current_password: str = Field(min_length=1, max_length=128)
    new_password: str = Password


class PasswordReset(InputSchema):
    new_password: str = Password
