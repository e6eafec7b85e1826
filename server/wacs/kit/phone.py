"""Números de telefone: normalização para E.164 só com dígitos ("5511999999999") e mensagens de erro em pt-BR.

Regras brasileiras (o caso comum):
- sem '+' e com até 11 dígitos, o número é lido como brasileiro (DDD + 8 ou 9 dígitos). Exceção: só dígitos, sem
  formatação, que não formam um número brasileiro mas formam um estrangeiro válido com o código do país (como
  "14155552671", a forma canônica que este módulo devolve) são aceitos como estrangeiros. Na dúvida o Brasil vence:
  "6591234567" é Cuiabá, não Singapura; números estrangeiros devem vir com '+' (ou passar por `normalize_e164`);
- o DDD precisa existir (ver `BRAZILIAN_DDDS`);
- 9 dígitos após o DDD: celular, começa com 9;
- 8 dígitos começando com 2–5: fixo, fica como está;
- 8 dígitos começando com 6–9: celular escrito sem o nono dígito; a forma canônica ganha o 9.

Números de outros países são validados pelo `phonenumbers` e mantidos. JIDs do WhatsApp
("5511999999999@s.whatsapp.net", com ou sem o sufixo de aparelho ":12") viram só os dígitos; JIDs de grupo são
recusados.
"""

from __future__ import annotations

import re
from typing import Annotated

import phonenumbers
from phonenumbers import NumberParseException
from pydantic import AfterValidator, Field

from wacs.kit.schemas import semantic_validation

__all__ = [
    "BRAZILIAN_DDDS",
    "PHONE_RULE",
    "Phone",
    "PhoneError",
    "brazilian_variants",
    "normalize_e164",
    "normalize_phone",
]


class PhoneError(ValueError):
    """Número de telefone inválido; a mensagem (pt-BR) é mostrada como está ao cliente da API."""


# Códigos de área em uso no Brasil (Anatel): 67 DDDs.
BRAZILIAN_DDDS: frozenset[str] = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "22",
        "24",
        "27",
        "28",
        "31",
        "32",
        "33",
        "34",
        "35",
        "37",
        "38",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "47",
        "48",
        "49",
        "51",
        "53",
        "54",
        "55",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "67",
        "68",
        "69",
        "71",
        "73",
        "74",
        "75",
        "77",
        "79",
        "81",
        "82",
        "83",
        "84",
        "85",
        "86",
        "87",
        "88",
        "89",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
        "97",
        "98",
        "99",
    ]
)

BRAZIL = "55"
_MAX_INPUT = 64  # um JID com sufixo de aparelho cabe com folga
_MAX_E164 = 15
_MIN_E164 = 8
_ALLOWED = re.compile(r"[0-9\s+\-().]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# usuário[.agente][:aparelho]@servidor
_JID = re.compile(r"(?P<user>[0-9]+)(?:\.[0-9]+)?(?::[0-9]+)?@(?P<server>[a-z.]+)")
_PERSON_SERVERS = {"s.whatsapp.net", "c.us"}

_EXAMPLE = "ex.: 11 99999-9999 ou +55 11 99999-9999"


def normalize_phone(raw: str) -> str:
    """Forma canônica E.164 sem '+' (ex.: "5511999999999"); `PhoneError` com o motivo em pt-BR se inválido."""
    if not isinstance(raw, str):
        raise PhoneError("O telefone deve ser informado como texto.")
    text = raw.strip()
    if not text:
        raise PhoneError("Informe o número de telefone.")
    if len(text) > _MAX_INPUT:
        raise PhoneError(f"Telefone longo demais: no máximo {_MAX_E164} dígitos (padrão E.164).")
    if "@" in text:
        return _international(_jid_digits(text))
    if not _ALLOWED.fullmatch(text):
        if _HAS_LETTER.search(text):
            raise PhoneError("O telefone não pode conter letras.")
        raise PhoneError("O telefone contém caracteres inválidos: use só dígitos, espaços, +, -, ( e ).")
    if "+" in text[1:]:
        raise PhoneError("O sinal + só pode aparecer no início do telefone.")
    digits = re.sub(r"[^0-9]", "", text)
    if not digits:
        raise PhoneError("O telefone não contém dígitos.")
    if text.startswith("+"):
        return _international(digits)
    if digits.startswith("00"):
        raise PhoneError(
            "Em vez do prefixo de discagem internacional 00, use + e o código do país (ex.: +55 11 99999-9999)."
        )
    if digits.startswith("0"):
        return _with_trunk_prefix(text)
    if len(digits) <= 11:
        return _national(digits, bare=text.isdigit())
    if digits.startswith(BRAZIL) and len(digits) <= 13:
        return _brazilian(digits[2:])
    # Sem '+', com mais de 11 dígitos e sem o 55: número internacional com o código do país (como no WhatsApp).
    return _international(digits)


def normalize_e164(value: str) -> str:
    """Como `normalize_phone`, para números que já trazem o código do país (provedores, JIDs, valores gravados).

    Aceita "5511999999999", "+5511999999999", "14155552671" ou um JID; nunca supõe o Brasil: "11999999999"
    aqui seria +1 199..., inválido. Use em dados vindos de máquinas; `normalize_phone` é para o que pessoas digitam.
    """
    if not isinstance(value, str):
        raise PhoneError("O telefone deve ser informado como texto.")
    text = value.strip()
    if "@" in text:
        return _international(_jid_digits(text))
    digits = text.removeprefix("+")
    if not digits.isascii() or not digits.isdigit():
        raise PhoneError("Informe o telefone em E.164: só dígitos, com o código do país (ex.: 5511999999999).")
    return _international(digits)


def brazilian_variants(e164: str) -> list[str]:
    """As formas de um número para casar/deduplicar: canônica primeiro e, para celular brasileiro, sem o nono dígito.

    "5511999999999" e "551199999999" dão ambos ["5511999999999", "551199999999"]. Fixos, celulares cujo número
    sem o 9 viraria outro número (9 seguido de 1–5) e números estrangeiros dão só a forma canônica.
    """
    canonical = normalize_e164(e164)
    if canonical.startswith(BRAZIL) and len(canonical) == 13 and canonical[4] == "9" and canonical[5] in "6789":
        return [canonical, canonical[:4] + canonical[5:]]
    return [canonical]


def _jid_digits(text: str) -> str:
    jid = text.lower()
    server = jid.rsplit("@", 1)[1]
    if server == "g.us":
        raise PhoneError("JID de grupo do WhatsApp não é um número de telefone.")
    if server == "broadcast":
        raise PhoneError("JID de lista de transmissão do WhatsApp não é um número de telefone.")
    if server == "newsletter":
        raise PhoneError("JID de canal do WhatsApp não é um número de telefone.")
    if server == "lid":
        raise PhoneError("JID do tipo @lid é um identificador interno do WhatsApp, não um número de telefone.")
    match = _JID.fullmatch(jid)
    if match is None or match["server"] not in _PERSON_SERVERS:
        raise PhoneError("JID do WhatsApp inválido: use o formato 5511999999999@s.whatsapp.net.")
    return match["user"]


def _with_trunk_prefix(text: str) -> str:
    """Discagem nacional com o 0 (e talvez o código da operadora): "0 11 99999-9999", "0 15 11 99999-9999"."""
    try:
        parsed = phonenumbers.parse(text, "BR")
    except NumberParseException:
        raise PhoneError(f"Telefone inválido: informe DDD e número ({_EXAMPLE}).") from None
    national = phonenumbers.national_significant_number(parsed)
    if parsed.country_code != 55:
        return _international(f"{parsed.country_code}{national}")
    if national[:1] in {"3", "5", "8", "9"} and national[1:3] == "00":
        raise PhoneError("Números 0300, 0500, 0800 e 0900 não são aceitos: informe um celular ou fixo com DDD.")
    return _brazilian(national)


def _national(digits: str, *, bare: bool) -> str:
    """Sem '+' e com até 11 dígitos: DDD + número.

    Só dígitos, sem formatação, que não formam um número brasileiro mas formam um estrangeiro válido com o código do
    país são aceitos como estrangeiros: é a forma canônica que este módulo devolve ("14155552671"), e normalizar de
    novo não pode mudá-la nem recusá-la. Com formatação ("12 81234-5678") é alguém digitando um número brasileiro:
    erro, com uma dica se couber.
    """
    try:
        return _brazilian(digits)
    except PhoneError as exc:
        if len(digits) < _MIN_E164 or not _is_valid_international(digits):
            raise
        if bare:
            return _international(digits)
        raise PhoneError(f"{exc} Se for um número de outro país, comece com + e o código do país.") from None


def _is_valid_international(digits: str) -> bool:
    try:
        parsed = phonenumbers.parse(f"+{digits}", None)
    except NumberParseException:
        return False
    return parsed.country_code != 55 and phonenumbers.is_valid_number(parsed)


def _brazilian(national: str) -> str:
    if len(national) < 10:
        raise PhoneError(f"Telefone curto demais: informe DDD + número com 8 ou 9 dígitos ({_EXAMPLE}).")
    if len(national) > 11:
        raise PhoneError("Telefone brasileiro longo demais: DDD + no máximo 9 dígitos.")
    ddd, subscriber = national[:2], national[2:]
    if ddd not in BRAZILIAN_DDDS:
        raise PhoneError(f"DDD {ddd} não existe no Brasil.")
    if len(subscriber) == 9:
        if subscriber[0] != "9":
            raise PhoneError("Número com 9 dígitos após o DDD é celular e deve começar com 9.")
    elif subscriber[0] in "6789":
        subscriber = "9" + subscriber  # celular escrito sem o nono dígito
    elif subscriber[0] not in "2345":
        raise PhoneError("Número inválido: após o DDD, o telefone não pode começar com 0 ou 1.")
    return f"{BRAZIL}{ddd}{subscriber}"


def _international(digits: str) -> str:
    if len(digits) > _MAX_E164:
        raise PhoneError(f"Telefone longo demais: no máximo {_MAX_E164} dígitos (padrão E.164).")
    if digits.startswith(BRAZIL):
        return _brazilian(digits[2:])
    if len(digits) < _MIN_E164:
        raise PhoneError("Telefone curto demais: informe o código do país, o código de área e o número.")
    try:
        parsed = phonenumbers.parse(f"+{digits}", None)
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise PhoneError("Código de país inexistente: confira o início do número.") from None
        raise PhoneError("Telefone internacional inválido.") from None
    country_code = parsed.country_code or 0
    if phonenumbers.region_code_for_country_code(country_code) == phonenumbers.UNKNOWN_REGION:
        raise PhoneError("Código de país inexistente: confira o início do número.")
    if not phonenumbers.is_valid_number(parsed):
        raise PhoneError(f"Número inválido para o código de país +{country_code}.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).removeprefix("+")


# O que nenhum esquema expressa: a OpenAPI explica no 422 das rotas que recebem um telefone (`wacs.kit.openapi`).
PHONE_RULE = (
    "telefone conferido pela biblioteca phonenumbers: DDD brasileiro existente, celular com 9 dígitos começando com "
    "9, número estrangeiro válido para o código do país (com +); JIDs de grupo, lista ou canal não são aceitos"
)

Phone = Annotated[
    str,
    Field(
        examples=["5511999999999"],
        description="Telefone; aceita formatos como +55 (11) 99999-9999, 11999999999 ou JID do WhatsApp. "
        "É devolvido em E.164 sem '+', com o nono dígito nos celulares brasileiros.",
        # Condição necessária (algum dígito); o resto da regra é semântico.
        json_schema_extra={"pattern": r"\d", **semantic_validation(PHONE_RULE)},
    ),
    AfterValidator(normalize_phone),
]
