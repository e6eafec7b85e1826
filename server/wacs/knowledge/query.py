"""A pergunta do cliente virando consulta de busca textual, sem nada da sintaxe de busca vir do usuário.

Da pergunta ficam só as palavras (letras e dígitos), sem acento, em minúsculas e sem as palavras vazias do português
("qual", "o", "de", "vocês"...). Cada palavra também ganha um radical simples (plural e sufixos comuns tirados:
"horários" → "horari", "funcionamento" → "funcion"), usado como busca por prefixo. Os termos são combinados com OU:
uma pergunta nunca tem todas as palavras do trecho que a responde.

- SQLite (FTS5, que não tem radicais do português): `"horari"* OR "funcion"*`.
- PostgreSQL: o radical do próprio PostgreSQL (`websearch_to_tsquery('portuguese', ...)`, palavras separadas por
  " or ") mais os mesmos prefixos (`to_tsquery('simple', 'horari:* | funcion:*')`), que cobrem casos em que o
  radicalizador do PostgreSQL, sem acentos, separa singular e plural ("imovel" e "imoveis").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_TERMS = 32  # palavras usadas de uma pergunta (uma pergunta real tem bem menos)
MAX_WORD = 64
MIN_STEM = 4  # radical mais curto que isso casaria palavras demais como prefixo

_WORD = re.compile(r"[^\W_]+")
_ASCII_WORD = re.compile(r"^[a-z0-9]+$")

# Palavras vazias do português (a lista do Snowball, sem acentos), mais as das perguntas de clientes.
_STOPWORDS = """
    a ao aos aquela aquelas aquele aqueles aquilo as ate com como da das de dela delas dele deles depois do dos e
    ela elas ele eles em entre era eram eramos essa essas esse esses esta estamos estao estas estava estavam
    estavamos este esteja estejam estejamos estes esteve estive estivemos estiver estivera estiveram estiveramos
    estiverem estivermos estivesse estivessem estivessemos estou eu foi fomos for fora foram foramos forem formos
    fosse fossem fossemos fui ha haja hajam hajamos hao havemos haver hei houve houvemos houver houvera houverao
    houveram houveramos houverei houverem houveremos houveria houveriam houveriamos houvermos houvesse houvessem
    houvessemos isso isto ja lhe lhes mais mas me mesmo meu meus minha minhas muito na nao nas nem no nos nossa
    nossas nosso nossos num numa o os ou para pela pelas pelo pelos por qual quando que quem sao se seja sejam
    sejamos sem ser sera serao serei seremos seria seriam seriamos seu seus so somos sou sua suas tambem te tem
    temos tenha tenham tenhamos tenho ter tera terao terei teremos teria teriam teriamos teu teus teve tinha
    tinham tinhamos tive tivemos tiver tivera tiveram tiveramos tiverem tivermos tivesse tivessem tivessemos tu
    tua tuas um uma umas uns voce voces vos vcs vc oi ola obrigado obrigada favor gostaria queria quero saber
    qualquer quais onde
"""
STOPWORDS = frozenset(_STOPWORDS.split())

# Plurais (aplicados primeiro) e sufixos tirados do radical, do mais longo ao mais curto.
_PLURALS = (("oes", "ao"), ("aes", "ao"), ("ais", "al"), ("eis", "el"), ("ois", "ol"), ("ns", "m"), ("res", "r"))
_SUFFIXES = (
    "amentos",
    "imentos",
    "amento",
    "imento",
    "mente",
    "acoes",
    "icoes",
    "acao",
    "icao",
    "idades",
    "idade",
    "adores",
    "adora",
    "ador",
    "istas",
    "ista",
    "ismo",
    "aveis",
    "iveis",
    "avel",
    "ivel",
    "ario",
    "aria",
    "ando",
    "endo",
    "indo",
    "aram",
    "eram",
    "iram",
    "amos",
    "emos",
    "imos",
    "ados",
    "adas",
    "idos",
    "idas",
    "ado",
    "ada",
    "ido",
    "ida",
    "ao",
    "al",
    "el",
    "ar",
    "er",
    "ir",
    "a",
    "e",
    "o",
)


def fold(text: str) -> str:
    """Sem acentos e em minúsculas ("Horário" → "horario")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _fold_in_place(text: str) -> str:
    """Como `fold`, caractere por caractere: o tamanho não muda e as posições continuam valendo no original."""
    out = []
    for char in text:
        base = [c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)]
        out.append((base[0] if base else char).lower()[:1])
    return "".join(out)


def _strip_suffix(word: str) -> str | None:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return None


def stem(word: str) -> str:
    """Radical aproximado de uma palavra já sem acentos (plural → singular, sufixos comuns fora)."""
    if len(word) > 4:
        for suffix, replacement in _PLURALS:
            if word.endswith(suffix):
                word = word[: -len(suffix)] + replacement
                break
    root = _strip_suffix(word)
    if root is None and len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
        root = _strip_suffix(word)
    return root or word


@dataclass(frozen=True)
class SearchTerms:
    words: tuple[str, ...]  # sem acento, minúsculas, sem palavras vazias
    stems: tuple[str, ...]  # radicais com MIN_STEM+ caracteres (busca por prefixo)

    def __bool__(self) -> bool:
        return bool(self.words)

    def fts5(self) -> str:
        """Expressão MATCH do FTS5: cada termo entre aspas (nada da pergunta vira operador), unidos por OR."""
        stems = set(self.stems)
        terms: list[str] = []
        for word in self.words:
            root = stem(word)
            terms.append(f'"{root}"*' if root in stems else f'"{word}"')
        return " OR ".join(dict.fromkeys(terms))

    def websearch(self) -> str:
        """Entrada do `websearch_to_tsquery` (que não tem erro de sintaxe): as palavras separadas por " or "."""
        return " or ".join(self.words)

    def prefixes(self) -> str:
        """Entrada do `to_tsquery('simple', ...)`: radicais só com [a-z0-9] (sintaxe segura) como prefixos."""
        return " | ".join(f"{root}:*" for root in self.stems if _ASCII_WORD.match(root))


def terms_of(query: str) -> SearchTerms:
    """As palavras úteis da pergunta; nenhuma (só pontuação, só palavras vazias) → termos vazios."""
    words: list[str] = []
    for match in _WORD.finditer(fold(query)):
        word = match.group()[:MAX_WORD]
        if word in STOPWORDS or word in words:
            continue
        words.append(word)
        if len(words) >= MAX_TERMS:
            break
    stems = [root for root in dict.fromkeys(stem(word) for word in words) if len(root) >= MIN_STEM]
    return SearchTerms(tuple(words), tuple(stems))


def has_words(query: str) -> bool:
    return _WORD.search(query) is not None


EXCERPT_CHARS = 300


def excerpt(content: str, terms: SearchTerms, size: int = EXCERPT_CHARS) -> str:
    """Um pedaço do trecho em volta do primeiro termo encontrado (ou o começo), cortado em espaços."""
    if len(content) <= size:
        return content
    folded = _fold_in_place(content)
    positions = [found for root in (*terms.stems, *terms.words) if (found := folded.find(root)) >= 0]
    first = min(positions) if positions else 0
    start = max(0, first - size // 3)
    if start:
        space = content.find(" ", start, first if first > start else start + 40)
        start = space + 1 if space >= 0 else start
    end = min(len(content), start + size)
    if end < len(content):
        space = content.rfind(" ", start + size // 2, end)
        end = space if space > 0 else end
    text = content[start:end].strip()
    return ("…" if start > 0 else "") + text + ("…" if end < len(content) else "")
