"""Registro tipo de provedor → implementação: a única fonte dos tipos de provedor (enums da OpenAPI, validação dos
envios e das sessões, rotas de callback).

Os provedores são registrados num só lugar explícito na inicialização (`wacs.assembly`), nunca por efeito de import;
os testes registram dublês pela mesma função pública `register`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationError
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from wacs.kit.context import AppContext
from wacs.providers.base import CAPABILITIES, Provider, ProviderConfig, SessionInfo
from wacs.providers.callbacks import CallbackRoute

_REGISTRY: dict[str, type[Provider]] = {}


def register(cls: type[Provider]) -> type[Provider]:
    unknown = cls.capabilities - CAPABILITIES
    if unknown:
        raise ValueError(f"capacidades desconhecidas em {cls.__name__}: {sorted(unknown)}")
    _REGISTRY[cls.type] = cls
    return cls


def unregister(provider_type: str) -> None:
    _REGISTRY.pop(provider_type, None)


def available() -> dict[str, type[Provider]]:
    return {name: _REGISTRY[name] for name in available_types()}


def available_types() -> tuple[str, ...]:
    """Tipos instalados, na ordem da preferência padrão (`default_rank`, depois a de registro): é o que os envios e
    `initialize` aceitam (os enums `provider` da API são gerados daqui)."""
    return tuple(sorted(_REGISTRY, key=lambda name: _REGISTRY[name].default_rank))


def callback_routes() -> list[tuple[CallbackRoute, frozenset[str]]]:
    """Cada rota de callback uma vez, com os tipos de provedor que a declaram (o Baileys e o sandbox dividem as
    rotas assinadas): um evento só vale para sessão de um desses tipos."""
    routes: dict[tuple[str, str], tuple[CallbackRoute, set[str]]] = {}
    for provider_type, cls in _REGISTRY.items():
        for route in cls.callbacks:
            entry = routes.setdefault((route.method, route.path), (route, set()))
            entry[1].add(provider_type)
    return [(route, frozenset(types)) for route, types in routes.values()]


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
        raise ValueError(f"O provedor '{value}' não está disponível nesta instalação; aceitos: {expected}.")

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["enum"] = list(self.allowed())
        return json_schema


def get(provider_type: str) -> type[Provider] | None:
    return _REGISTRY.get(provider_type)


def parse_config(cls: type[Provider], raw: dict[str, Any] | None) -> ProviderConfig:
    """Valida pela configuração do provedor; erros sobem como ValidationError (viram 422 em pt-BR)."""
    return cls.config_schema.model_validate(raw or {})


def encrypt_config(ctx: AppContext, config: ProviderConfig) -> dict[str, Any]:
    plaintext = orjson.dumps(config.model_dump(mode="json", by_alias=True)).decode()
    return {"encrypted": ctx.encryptor.encrypt(plaintext)}


# Configurações já decifradas, pelo texto cifrado (que muda a cada gravação): cada envio monta o provedor da sessão,
# e decifrar + validar a cada vez custava mais que o resto da montagem. Limitado para não crescer sem fim.
_DECRYPTED: dict[tuple[type[Provider], str], ProviderConfig] = {}
_DECRYPTED_MAX = 10_000


def decrypt_config(ctx: AppContext, cls: type[Provider], session_data: dict[str, Any] | None) -> ProviderConfig:
    if not session_data:
        return cls.config_schema.model_validate({})
    key = (cls, str(session_data["encrypted"]))
    config = _DECRYPTED.get(key)
    if config is None:
        config = cls.config_schema.model_validate(orjson.loads(ctx.encryptor.decrypt(session_data["encrypted"])))
        if len(_DECRYPTED) >= _DECRYPTED_MAX:
            _DECRYPTED.clear()
        _DECRYPTED[key] = config
    return config


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
    "InstalledProvider",
    "ValidationError",
    "available",
    "available_types",
    "build",
    "callback_routes",
    "get",
    "parse_config",
    "register",
    "unregister",
]
