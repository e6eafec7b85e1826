"""Registro tipo de provedor → implementação. Provedores reais se registram aqui ao serem adicionados."""

from __future__ import annotations

from typing import Any

import orjson
from pydantic import ValidationError

from wacs.kit.context import AppContext
from wacs.providers.base import Provider, ProviderConfig, SessionInfo

PROVIDER_TYPES = ("baileys", "meta_api", "sandbox")
_REGISTRY: dict[str, type[Provider]] = {}


def register(cls: type[Provider]) -> type[Provider]:
    _REGISTRY[cls.type] = cls
    return cls


def available() -> dict[str, type[Provider]]:
    _load()
    return dict(_REGISTRY)


def get(provider_type: str) -> type[Provider] | None:
    _load()
    return _REGISTRY.get(provider_type)


def _load() -> None:
    import wacs.providers.sandbox  # noqa: F401


def parse_config(cls: type[Provider], raw: dict[str, Any] | None) -> ProviderConfig:
    """Valida pela configuração do provedor; erros sobem como ValidationError (viram 422 em pt-BR)."""
    return cls.config_schema.model_validate(raw or {})


def encrypt_config(ctx: AppContext, config: ProviderConfig) -> dict[str, Any]:
    plaintext = orjson.dumps(config.model_dump(mode="json", by_alias=True)).decode()
    return {"encrypted": ctx.encryptor.encrypt(plaintext)}


def decrypt_config(ctx: AppContext, cls: type[Provider], session_data: dict[str, Any] | None) -> ProviderConfig:
    raw = orjson.loads(ctx.encryptor.decrypt(session_data["encrypted"])) if session_data else {}
    return cls.config_schema.model_validate(raw)


def redacted(cls: type[Provider], config: ProviderConfig) -> dict[str, Any]:
    data = config.model_dump(mode="json", by_alias=True)
    for name in cls.secret_fields:
        if data.get(name):
            data[name] = "********"
    return data


def build(ctx: AppContext, info: SessionInfo, session_data: dict[str, Any] | None) -> Provider:
    cls = get(info.provider_type)
    if cls is None:
        raise LookupError(info.provider_type)
    return cls(ctx, info, decrypt_config(ctx, cls, session_data))


__all__ = ["PROVIDER_TYPES", "ValidationError", "available", "build", "get", "parse_config", "register"]
