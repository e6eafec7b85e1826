"""Texto aceitável para gravar: sem NUL (o PostgreSQL recusa em `text`/`jsonb`) e sem surrogates soltos (nenhum banco
grava). Funções puras, usadas pela regra de entrada (kit/inputs.py, kit/schemas.py) e ao limpar dados de provedores."""

from __future__ import annotations

from typing import Any

INVALID_TEXT_TYPE = "texto_invalido"
INVALID_TEXT_MESSAGE = "Contém caractere não permitido (nulo \\u0000 ou Unicode inválido)."


def is_invalid_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # surrogate solto
        return True
    return False


def find_invalid_text(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Caminho do primeiro texto inválido (em valores, chaves e listas aninhadas), ou None."""
    if isinstance(value, str):
        return path if is_invalid_text(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and is_invalid_text(key):
                return (*path, key)
            found = find_invalid_text(item, (*path, key))
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = find_invalid_text(item, (*path, index))
            if found is not None:
                return found
    return None


def printable(value: str) -> str:
    """O texto sem NUL e sem surrogates soltos (para ecoar numa resposta ou num log)."""
    return "".join(ch for ch in value if ch != "\x00" and not 0xD800 <= ord(ch) <= 0xDFFF)


def sanitized(value: Any) -> Any:
    """Cópia com NUL e surrogates soltos removidos de todo texto (dados de provedores: melhor limpar que perder)."""
    if isinstance(value, str):
        return printable(value) if is_invalid_text(value) else value
    if isinstance(value, dict):
        return {sanitized(k) if isinstance(k, str) else k: sanitized(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [sanitized(item) for item in value]
    return value
