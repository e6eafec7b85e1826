"""Registro tipo de provedor → implementação. Provedores reais se registram aqui ao serem adicionados."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

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


def available_types() -> tuple[str, ...]:
    """Tipos com implementação instalada, na ordem de PROVIDER_TYPES: é o que os envios e `initialize` aceitam (os
    enums `provider` da API são gerados daqui)."""
    _load()
    return tuple(t for t in PROVIDER_TYPES if t in _REGISTRY)


@dataclass(frozen=True)
class InstalledProvider:
    """Restringe um `str` aos provedores instalados (mais `extra`, como "auto"), consultando o registro na hora:
    o enum da OpenAPI e a validação aceitam exatamente o que o serviço consegue usar.

    Uso: `Annotated[str, InstalledProvider(("auto",))]`.
    """

    extra: tuple[str, ...] = ()

    def allowed(self) -> tuple[str, ...]:
        return (*self.extra, *available_types())

    def _check(self, value: str) -> str:
        allowed = self.allowed()
        if value in allowed:
            return value
        quoted = [f"'{name}'" for name in allowed]
        expected = ", ".join(quoted[:-1]) + " ou " + quoted[-1] if len(quoted) > 1 else quoted[0]
        if value in PROVIDER_TYPES:
            raise ValueError(f"O provedor {value} não está disponível nesta instalação; aceitos: {expected}.")
        raise ValueError(f"Valor inválido; aceitos: {expected}.")

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = list(self.allowed())
        return json_schema


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


__all__ = [
    "PROVIDER_TYPES",
    "InstalledProvider",
    "ValidationError",
    "available",
    "available_types",
    "build",
    "get",
    "parse_config",
    "register",
]
