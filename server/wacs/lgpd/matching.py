"""Reconhecer, em qualquer coluna de texto ou JSON, um valor que aponta para o contato: o número (em qualquer das
formas do 9º dígito) ou o id de uma linha dele (mensagem, conversa, evento...).

Os candidatos são extraídos do texto (sequências de dígitos, UUIDs) e procurados em conjuntos: o custo não cresce com
o número de ids do contato, ao contrário de uma expressão com milhares de alternativas ou de um LIKE por id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Dígitos inteiros (não um pedaço de um número maior): "5511999999999" não casa dentro de "55511999999999".
_DIGIT_RUNS = re.compile(r"(?<!\d)\d{8,15}(?!\d)")
_UUIDS = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX32 = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")


def mask_phone(phone: str) -> str:
    """O número só com os 4 últimos dígitos à mostra (auditoria, logs, respostas)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


@dataclass
class Tokens:
    phones: set[str] = field(default_factory=set)
    # Ids como texto: UUIDs (minúsculos, com hífens) e ids de provedor (wamid..., sandbox.in...).
    ids: set[str] = field(default_factory=set)

    def add(self, values: Iterable[object]) -> None:
        for value in values:
            if value is not None:
                self.ids.add(str(value).lower() if _UUIDS.fullmatch(str(value).lower()) else str(value))

    def text_matches(self, text: str) -> bool:
        if text in self.ids:
            return True
        if self.phones and any(run in self.phones for run in _DIGIT_RUNS.findall(text)):
            return True
        lowered = text.lower()
        if any(found in self.ids for found in _UUIDS.findall(lowered)):
            return True
        # UUID sem hífens (ex.: chaves de armazenamento, ids de evento derivados).
        return any(_dashed(found) in self.ids for found in _HEX32.findall(lowered))

    def matches(self, value: Any) -> bool:
        """Procura em profundidade: chaves e valores de dicts, listas, textos e números."""
        if value is None or isinstance(value, bool):
            return False
        if isinstance(value, str):
            return self.text_matches(value)
        if isinstance(value, int | float):
            return self.text_matches(str(value))
        if isinstance(value, dict):
            return any(self.text_matches(str(k)) or self.matches(v) for k, v in value.items())
        if isinstance(value, list | tuple):
            return any(self.matches(item) for item in value)
        return self.text_matches(str(value))


def _dashed(hex32: str) -> str:
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"
