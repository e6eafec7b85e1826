"""Divisão do texto em trechos pesquisáveis de ~900 caracteres (no máximo 1000).

Os cortes preferem, nesta ordem, o fim de um parágrafo, o fim de uma frase, o fim de uma linha (as linhas de um CSV)
e, em último caso, um espaço. Quando um parágrafo continua no trecho seguinte, o novo trecho começa repetindo a
última frase do anterior (até 150 caracteres): quem lê só o trecho não perde o fio. Um título (parágrafo curto de uma
linha) nunca fica sozinho no fim de um trecho: vai para o começo do seguinte, junto do texto que ele apresenta.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHUNK_SIZE = 900  # ao passar disso, o trecho fecha
MAX_CHUNK = 1000  # nenhum trecho passa disso (sobreposição incluída)
OVERLAP = 150
_PIECE_MAX = MAX_CHUNK - OVERLAP - 2  # cabe junto com a sobreposição e o separador

_PARAGRAPHS = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_HEADING_MAX = 120


@dataclass(frozen=True)
class _Piece:
    text: str
    joiner: str  # o que o separa da peça anterior: "\n\n" (novo parágrafo), "\n" ou " "
    heading: bool = False


def _is_heading(block: str) -> bool:
    return "\n" not in block and len(block) <= _HEADING_MAX and not block.endswith((".", "!", "?", ";", ","))


def _hard_split(text: str, size: int) -> list[str]:
    """Pedaços de até `size` caracteres, cortando num espaço quando há um na segunda metade."""
    parts: list[str] = []
    while len(text) > size:
        cut = text.rfind(" ", size // 2, size + 1)
        cut = cut if cut > 0 else size
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def _split_keeping_joiners(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """(parte, separador antes dela): "\n" se o separador tinha quebra de linha, senão " "."""
    result: list[tuple[str, str]] = []
    position = 0
    joiner = ""
    for match in pattern.finditer(text):
        result.append((text[position : match.start()], joiner))
        joiner = "\n" if "\n" in match.group() else " "
        position = match.end()
    result.append((text[position:], joiner))
    return [(part, sep) for part, sep in result if part.strip()]


def _pieces(block: str, first_joiner: str) -> list[_Piece]:
    if len(block) <= _PIECE_MAX:
        return [_Piece(block, first_joiner, _is_heading(block))]
    pieces: list[_Piece] = []
    for sentence, joiner in _split_keeping_joiners(block, _SENTENCE_END):
        if len(sentence) <= _PIECE_MAX:
            pieces.append(_Piece(sentence, joiner))
            continue
        for line, line_joiner in _split_keeping_joiners(sentence, re.compile(r"\n")):
            for index, part in enumerate(_hard_split(line, _PIECE_MAX)):
                pieces.append(_Piece(part, (line_joiner or joiner) if index == 0 else " "))
    if pieces:
        pieces[0] = _Piece(pieces[0].text, first_joiner)
    return pieces


def _render(pieces: list[_Piece]) -> str:
    return "".join((piece.joiner if i else "") + piece.text for i, piece in enumerate(pieces)).strip()


def _tail(piece: _Piece) -> str:
    """A sobreposição: a última frase do trecho anterior, ou o fim dela (a partir de um espaço)."""
    if len(piece.text) <= OVERLAP:
        return piece.text
    tail = piece.text[-OVERLAP:]
    space = tail.find(" ")
    return tail[space + 1 :] if 0 <= space < len(tail) - 1 else tail


def split_into_chunks(text: str) -> list[str]:
    """Os trechos do texto, na ordem; texto vazio → lista vazia."""
    pieces: list[_Piece] = []
    for block in _PARAGRAPHS.split(text):
        block = block.strip()
        if block:
            pieces.extend(_pieces(block, "\n\n"))
    chunks: list[str] = []
    current: list[_Piece] = []
    size = 0
    for piece in pieces:
        addition = len(piece.text) + (len(piece.joiner) if current else 0)
        if current and size + addition > CHUNK_SIZE:
            carried: list[_Piece] = []
            if current[-1].heading and len(current) > 1:
                carried = [current.pop()]
            chunks.append(_render(current))
            if carried:
                current = carried
            elif piece.joiner != "\n\n":
                # O parágrafo continua: o novo trecho repete o fim do anterior.
                current = [_Piece(_tail(current[-1]), "")]
            else:
                current = []
            size = len(_render(current))
            addition = len(piece.text) + (len(piece.joiner) if current else 0)
        current.append(piece)
        size += addition
    if current:
        chunks.append(_render(current))
    return [chunk for chunk in chunks if chunk]
