"""Formas canônicas do catálogo: texto sem acentos para comparar, tipo de imóvel no singular, finalidade e UF.

Funções puras, usadas na importação (o que é gravado) e na busca (o que é comparado): as duas pontas precisam
normalizar do mesmo jeito, senão "Apartamentos" buscado não acha "apartamento" gravado.
"""

from __future__ import annotations

import re
import unicodedata

# Acentos que a comparação no banco remove (translate no PostgreSQL, replace no SQLite). A busca aplica a mesma
# tabela ao termo (`fold_like_sql`): as duas pontas precisam tirar exatamente os mesmos acentos.
SQL_FOLD_FROM = "áàâãäåéèêëíìîïóòôõöúùûüçñýÿÁÀÂÃÄÅÉÈÊËÍÌÎÏÓÒÔÕÖÚÙÛÜÇÑÝ"
SQL_FOLD_TO = "aaaaaaeeeeiiiiooooouuuucnyyaaaaaaeeeeiiiiooooouuuucny"
_SQL_FOLD = str.maketrans(SQL_FOLD_FROM, SQL_FOLD_TO)


def fold(value: str) -> str:
    """Minúsculas, sem acentos e com espaços simples: "  São   Paulo " → "sao paulo"."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


def fold_like_sql(value: str) -> str:
    """A dobra que o banco aplica às colunas (só os acentos de `SQL_FOLD_FROM`), para comparar termo e coluna."""
    return " ".join(unicodedata.normalize("NFC", value).lower().translate(_SQL_FOLD).split())


def clean_line(value: str) -> str:
    """Texto de uma linha: NFC (acentos compostos, como a dobra do banco espera) e espaços simples."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def _singular_word(word: str) -> str:
    if len(word) <= 3 or (word.endswith(("ss", "us", "is")) and not word.endswith(("ais", "eis"))):
        return word
    for plural, singular in (("ões", "ão"), ("ães", "ão"), ("oes", "ao"), ("aes", "ao"), ("ais", "al"), ("eis", "el")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    if word.endswith("ns"):
        return word[:-2] + "m"
    if word.endswith(("res", "zes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def singular(value: str) -> str:
    """Plural → singular, palavra a palavra, pelas regras comuns do português: "salas comerciais" → "sala comercial"."""
    return " ".join(_singular_word(word) for word in value.split())


# Tipo canônico (o que é gravado) → apelidos, já dobrados e no singular.
_TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "apartamento": ("apartamento", "apto", "apt", "ap", "apartment", "apartamento padrao"),
    "casa": ("casa", "house", "home", "casa terrea", "residencia"),
    "sobrado": ("sobrado", "townhouse"),
    "casa de condomínio": ("casa de condominio", "casa em condominio", "casa condominio"),
    "cobertura": ("cobertura", "penthouse"),
    "kitnet": ("kitnet", "kitinete", "kitinet", "quitinete", "quitinet", "studio", "estudio", "conjugado"),
    "loft": ("loft",),
    "flat": ("flat",),
    "sala comercial": ("sala comercial", "sala", "conjunto comercial", "escritorio", "office", "commercial room"),
    "loja": ("loja", "ponto comercial", "store", "shop"),
    "galpão": ("galpao", "barracao", "deposito", "warehouse"),
    "terreno": ("terreno", "lote", "land", "lot"),
    "chácara": ("chacara",),
    "sítio": ("sitio",),
    "fazenda": ("fazenda", "farm"),
    "prédio": ("predio", "building"),
}
_TYPES = {alias: canonical for canonical, aliases in _TYPE_ALIASES.items() for alias in aliases}
KNOWN_TYPES = tuple(_TYPE_ALIASES)


def canonical_type(raw: str) -> str:
    """Tipo gravado: o canônico se for um apelido conhecido ("Aptos" → "apartamento", "Studio" → "kitnet"); senão o
    próprio texto em minúsculas e no singular ("Galpões Logísticos" → "galpão logístico")."""
    key = singular(fold(raw))
    if key in _TYPES:
        return _TYPES[key]
    if (plain := fold(raw)) in _TYPES:  # palavras que as regras do plural estragariam
        return _TYPES[plain]
    return singular(clean_line(raw).lower())


_PURPOSES: dict[str, str] = {
    alias: canonical
    for canonical, aliases in {
        "venda": ("venda", "vendas", "a venda", "compra", "comprar", "vender", "sale", "sell", "buy", "for sale"),
        "aluguel": (
            "aluguel",
            "alugueis",
            "locacao",
            "locacoes",
            "alugar",
            "aluga",
            "locar",
            "rent",
            "rental",
            "lease",
            "for rent",
        ),
    }.items()
    for alias in aliases
}
PURPOSES = ("venda", "aluguel")


def canonical_purpose(raw: str) -> str | None:
    """ "venda" ou "aluguel" ("Locação" e "rent" também valem); None se não for uma finalidade conhecida."""
    return _PURPOSES.get(fold(raw))


UF_NAMES: dict[str, str] = {
    "AC": "Acre",
    "AL": "Alagoas",
    "AP": "Amapá",
    "AM": "Amazonas",
    "BA": "Bahia",
    "CE": "Ceará",
    "DF": "Distrito Federal",
    "ES": "Espírito Santo",
    "GO": "Goiás",
    "MA": "Maranhão",
    "MT": "Mato Grosso",
    "MS": "Mato Grosso do Sul",
    "MG": "Minas Gerais",
    "PA": "Pará",
    "PB": "Paraíba",
    "PR": "Paraná",
    "PE": "Pernambuco",
    "PI": "Piauí",
    "RJ": "Rio de Janeiro",
    "RN": "Rio Grande do Norte",
    "RS": "Rio Grande do Sul",
    "RO": "Rondônia",
    "RR": "Roraima",
    "SC": "Santa Catarina",
    "SP": "São Paulo",
    "SE": "Sergipe",
    "TO": "Tocantins",
}
_UF_BY_NAME = {fold(name): uf for uf, name in UF_NAMES.items()}


def canonical_state(raw: str) -> str | None:
    """A UF ("sp", "São Paulo" → "SP"); None se não for um estado brasileiro."""
    key = fold(raw)
    if key.upper() in UF_NAMES:
        return key.upper()
    return _UF_BY_NAME.get(key)


# Palavras que não ajudam a achar um imóvel no texto livre ("apartamento com piscina em Pinheiros").
_STOP_WORDS = frozenset(
    [
        "a",
        "o",
        "as",
        "os",
        "um",
        "uma",
        "uns",
        "umas",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "e",
        "em",
        "no",
        "na",
        "nos",
        "nas",
        "com",
        "sem",
        "para",
        "pra",
        "por",
        "que",
        "ou",
        "ao",
        "aos",
        "the",
        "of",
        "and",
        "in",
    ]
)
_WORD = re.compile(r"[0-9a-z]+")


def search_words(text: str) -> list[tuple[str, ...]]:
    """As palavras de uma busca livre, cada uma com as variantes aceitas (ela e o singular): todas precisam
    aparecer no texto do imóvel, em qualquer variante."""
    words: list[tuple[str, ...]] = []
    for word in _WORD.findall(fold(text)):
        if word in _STOP_WORDS or (len(word) < 2 and not word.isdigit()):
            continue
        variants = tuple(dict.fromkeys((word, _singular_word(word))))
        if variants not in words:
            words.append(variants)
    return words


def search_text(*parts: str | None) -> str:
    """O texto pesquisável gravado em `properties.search_text`: as partes, dobradas, separadas por espaço."""
    return " ".join(fold(part) for part in parts if part)
