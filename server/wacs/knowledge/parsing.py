"""Texto dos arquivos da base de conhecimento: identifica o formato (assinatura dos bytes, extensão do nome,
Content-Type) e extrai o texto de TXT, Markdown, CSV e PDF. Funções puras e síncronas: o serviço as chama numa
thread, porque ler um PDF grande ocupa a CPU."""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from wacs.kit.errors import AppError, PayloadTooLarge

logger = logging.getLogger("wacs.knowledge")

PLAIN = "text/plain"
MARKDOWN = "text/markdown"
CSV = "text/csv"
PDF = "application/pdf"
ACCEPTED_TYPES = (PLAIN, MARKDOWN, CSV, PDF)
ACCEPTED_LABEL = "TXT, Markdown (.md), CSV e PDF"

# Texto extraído de um arquivo: ~2 milhões de caracteres são ~2.400 trechos (um livro de 600 páginas). Mais que
# isso é melhor dividir em vários documentos (e não segurar a geração de vetores por minutos numa requisição).
MAX_TEXT_CHARS = 2_000_000
MAX_PDF_PAGES = 2_000

_EXTENSIONS = {
    ".txt": PLAIN,
    ".text": PLAIN,
    ".log": PLAIN,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".mdown": MARKDOWN,
    ".mkd": MARKDOWN,
    ".csv": CSV,
    ".pdf": PDF,
}
_CONTENT_TYPES = {
    "text/plain": PLAIN,
    "text/markdown": MARKDOWN,
    "text/x-markdown": MARKDOWN,
    "text/csv": CSV,
    "application/csv": CSV,
    "text/comma-separated-values": CSV,
    "application/pdf": PDF,
    "application/x-pdf": PDF,
}
# O que clientes mandam quando não sabem o tipo: decide a extensão (ou, sem ela, o texto é lido como texto simples).
_GENERIC = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/binary", "unknown"})

# Formatos binários comuns que as pessoas tentam enviar: a recusa diz o que o arquivo é e o que fazer.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "um arquivo ZIP ou documento do Office (DOCX, XLSX, PPTX)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "um documento do Office no formato antigo (DOC, XLS, PPT)"),
    (b"{\\rtf", "um documento RTF"),
    (b"\x89PNG\r\n\x1a\n", "uma imagem PNG"),
    (b"\xff\xd8\xff", "uma imagem JPEG"),
    (b"GIF87a", "uma imagem GIF"),
    (b"GIF89a", "uma imagem GIF"),
    (b"\x1f\x8b", "um arquivo compactado (gzip)"),
    (b"Rar!", "um arquivo compactado (RAR)"),
    (b"7z\xbc\xaf", "um arquivo compactado (7z)"),
    (b"\x7fELF", "um executável"),
)


class DocumentTooLarge(PayloadTooLarge):
    code = "arquivo_muito_grande"
    title = "Arquivo muito grande"
    detail = "O arquivo excede o tamanho máximo permitido."


class UnsupportedDocumentType(AppError):
    status_code = 415
    code = "formato_nao_suportado"
    title = "Formato não suportado"
    detail = f"A base de conhecimento aceita {ACCEPTED_LABEL}."


class EmptyDocument(AppError):
    status_code = 422
    code = "arquivo_vazio"
    title = "Arquivo vazio"
    detail = "O arquivo está vazio."


class InvalidDocument(AppError):
    status_code = 422
    code = "arquivo_invalido"
    title = "Arquivo inválido"
    detail = "Não foi possível ler o arquivo."


class ProtectedPdf(AppError):
    status_code = 422
    code = "pdf_protegido"
    title = "PDF protegido por senha"
    detail = "O PDF está protegido por senha. Envie uma versão sem senha."


class NoTextFound(AppError):
    status_code = 422
    code = "documento_sem_texto"
    title = "Documento sem texto"
    detail = "Não há texto para pesquisar no arquivo."


class TextTooLong(AppError):
    status_code = 422
    code = "texto_muito_longo"
    title = "Texto muito longo"
    detail = f"O texto do arquivo passa de {MAX_TEXT_CHARS:,} caracteres. Divida-o em arquivos menores.".replace(
        ",", "."
    )


@dataclass(frozen=True)
class ExtractedText:
    mime_type: str  # um de ACCEPTED_TYPES
    text: str


def _suffix(filename: str | None) -> str:
    return PurePosixPath(filename or "").suffix.lower()


def _normalize_mime(declared: str | None) -> str:
    return (declared or "").split(";", 1)[0].strip().lower()


def detect_type(data: bytes, declared: str | None, filename: str | None) -> str:
    """O formato do arquivo. Os bytes mandam: %PDF é PDF, e um binário conhecido é recusado pelo que é, seja qual for
    o nome; depois vale a extensão e, sem ela, o Content-Type."""
    if b"%PDF-" in data[:1024]:  # a especificação admite lixo antes do cabeçalho
        return PDF
    for signature, description in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedDocumentType(
                f"O arquivo é {description}, formato que a base de conhecimento não aceita. Envie {ACCEPTED_LABEL} "
                "(uma planilha pode ser exportada como CSV; um documento, como PDF)."
            )
    suffix = _suffix(filename)
    mime = _normalize_mime(declared)
    kind = _EXTENSIONS.get(suffix) or _CONTENT_TYPES.get(mime)
    if kind is None:
        if mime not in _GENERIC:
            raise UnsupportedDocumentType(
                f"Arquivos do tipo {mime} não são aceitos na base de conhecimento. Envie {ACCEPTED_LABEL}."
            )
        if suffix:
            raise UnsupportedDocumentType(
                f"Arquivos {suffix} não são aceitos na base de conhecimento. Envie {ACCEPTED_LABEL}."
            )
        kind = PLAIN
    if kind == PDF:
        raise InvalidDocument("O arquivo não é um PDF válido: falta a assinatura %PDF no início.")
    return kind


def extract(data: bytes, declared: str | None, filename: str | None) -> ExtractedText:
    """O texto do arquivo, já limpo. Erros de formato e conteúdo viram os AppError deste módulo (415/422)."""
    if not data:
        raise EmptyDocument()
    kind = detect_type(data, declared, filename)
    if kind == PDF:
        text = pdf_to_text(data)
    else:
        raw = decode_text(data)
        if len(raw) > 2 * MAX_TEXT_CHARS:  # nem a marcação mais densa encolhe tanto: recusa antes de processar
            raise TextTooLong()
        text = markdown_to_text(raw) if kind == MARKDOWN else csv_to_text(raw) if kind == CSV else raw
    text = clean_text(text)
    if not text.strip():
        raise NoTextFound("O arquivo não contém texto (só espaços ou marcações).")
    if len(text) > MAX_TEXT_CHARS:
        raise TextTooLong()
    return ExtractedText(kind, text)


# ----------------------------------------------------------------------------------------------------- texto


def decode_text(data: bytes) -> str:
    """UTF-8 (com ou sem BOM), UTF-16 com BOM, ou — para arquivos salvos no Windows/Excel — Windows-1252/Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidDocument("O arquivo diz ser UTF-16, mas a codificação está corrompida.") from None
    if b"\x00" in data[:8192]:
        raise InvalidDocument("O arquivo não parece ser texto: contém bytes binários (nulos).")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # decodifica qualquer byte


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Quebras de linha uniformes, sem caracteres de controle (o PostgreSQL recusa NUL), espaços repetidos nem
    surrogates soltos."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _CONTROL.sub("", text)
    text = text.encode("utf-8", "ignore").decode("utf-8")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# -------------------------------------------------------------------------------------------------- markdown

_FRONT_MATTER = re.compile(r"\A---\n.*?\n(---|\.\.\.)\n", re.DOTALL)
_FENCE = re.compile(r"^\s*(```|~~~)")
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*))?$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_QUOTE = re.compile(r"^\s*(>\s?)+")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(\[[ xX]\]\s+)?")
_SEPARATOR_CELL = re.compile(r":?-{2,}:?")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_IMAGE = re.compile(r"!\[([^\[\]\n]{0,500})\]\([^()\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\([^()\n]{0,2000}\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]{1,500})\]\[[^\[\]\n]{0,500}\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>")
_CODE = re.compile(r"`{1,3}([^`\n]{1,2000})`{1,3}")
_STRONG = re.compile(r"\*\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*\*|__(?=\S)([^_\n]{1,500}?)(?<=\S)__")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)([^_\n]{1,500}?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~([^~\n]{1,500})~~")
# Linha enorme é texto corrido: nela não se procura título, tabela nem regra. As expressões da marcação em linha
# (ênfase, links, tags) não atravessam o próprio delimitador e têm limites de tamanho: sem isso, uma linha feita para
# isso custaria tempo quadrático.
_LINE_MARKUP_MAX = 1_000
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _inline(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    text = _EMPHASIS_STAR.sub(r"\1", text)
    text = _EMPHASIS_UNDERSCORE.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text)


def _heading_text(match: re.Match[str]) -> str:
    """O texto de um título ATX, sem a sequência opcional de # no fim (precedida de espaço)."""
    content = (match.group(1) or "").rstrip()
    trimmed = content.rstrip("#")
    if trimmed != content and (not trimmed or trimmed[-1] in " \t"):
        content = trimmed.rstrip()
    return _inline(content)


def _is_table_separator(line: str) -> bool:
    """A linha `|---|:---:|` que separa o cabeçalho de uma tabela."""
    inner = line.strip()
    if "-" not in inner:
        return False
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return all(_SEPARATOR_CELL.fullmatch(cell.strip()) for cell in inner.split("|"))


def _cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [_inline(cell.strip()) for cell in inner.split("|")]


def _without_comments(text: str) -> str:
    """Tira os comentários HTML numa passada linear (uma expressão com `.*?` seria quadrática com muitos `<!--`)."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts.append(text[position:start])
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def markdown_to_text(text: str) -> str:
    """O texto de um Markdown sem a marcação: títulos viram parágrafos próprios (o divisor em trechos os mantém junto
    do texto que vem depois), links e imagens viram o seu texto, tabelas viram linhas "coluna: valor"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _FRONT_MATTER.sub("", text)
    text = _without_comments(text)
    lines = text.split("\n")
    out: list[str] = []
    in_fence = False
    header: list[str] | None = None
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        if len(line) > _LINE_MARKUP_MAX:
            header = None
            out.append(_inline(line))
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        following = following if len(following) <= _LINE_MARKUP_MAX else ""
        if "|" in line and "|" in following and _is_table_separator(following) and not _is_table_separator(line):
            header = _cells(line)  # a linha de títulos da tabela: usada em cada linha seguinte
            out.append("")
            continue
        if header is not None:
            if _is_table_separator(line):
                continue
            if "|" in line and line.strip():
                values = _cells(line)
                names = header + [f"coluna {i + 1}" for i in range(len(header), len(values))]
                pairs = zip(names, values, strict=False)
                out.append("; ".join(f"{name}: {value}" if name else value for name, value in pairs))
                continue
            header = None
        if _RULE.match(line) or _REFERENCE.match(line):
            out.append("")
            continue
        if _SETEXT_UNDERLINE.match(line) and out and out[-1].strip():
            # "Título\n=====": a linha anterior é o título.
            out[-1:] = ["", out[-1], ""]
            continue
        line = _QUOTE.sub("", line)
        heading = _ATX_HEADING.match(line)
        if heading:
            out += ["", _heading_text(heading), ""]
            continue
        line = _BULLET.sub(r"\1- ", line)
        out.append(_inline(line))
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------------- CSV


def _delimiter(text: str) -> str:
    """`;` (Excel em português) ou `,` (ou tabulação), pelo que mais aparece fora de aspas no cabeçalho."""
    first = next((line for line in text.split("\n", 50) if line.strip()), "")
    outside = re.sub(r'"[^"]*"', "", first)
    counts = {delimiter: outside.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_to_text(text: str) -> str:
    """Cada linha vira "coluna: valor; coluna: valor" (com os nomes do cabeçalho), uma por linha; valores vazios
    ficam de fora."""
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), delimiter=_delimiter(text))
    header: list[str] | None = None
    rows: list[str] = []
    try:
        for row in reader:
            values = [value.strip() for value in row]
            if not any(values):
                continue
            if header is None:
                header = [value or f"coluna {i + 1}" for i, value in enumerate(values)]
                continue
            names = header + [f"coluna {i + 1}" for i in range(len(header), len(values))]
            pairs = [f"{name}: {value}" for name, value in zip(names, values, strict=False) if value]
            if pairs:
                rows.append("; ".join(pairs))
    except csv.Error as exc:
        raise InvalidDocument(f"O CSV está malformado perto da linha {reader.line_num}: {exc}.") from None
    if header is None:
        raise NoTextFound("O CSV não tem linhas.")
    if not rows:
        raise NoTextFound("O CSV só tem o cabeçalho, sem linhas de dados.")
    return "\n".join(rows)


# ------------------------------------------------------------------------------------------------------- PDF

_HYPHENATED = re.compile(r"(\w)-\n(\w)")


def pdf_to_text(data: bytes) -> str:
    """O texto de cada página (a camada de texto do PDF: um PDF digitalizado, só com imagens, não tem)."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except Exception as exc:  # o pypdf levanta de tudo com um arquivo corrompido
        logger.info("PDF ilegível: %s", exc)
        raise InvalidDocument("O PDF está corrompido ou incompleto e não pôde ser lido.") from None
    if encrypted:
        try:
            opened = bool(reader.decrypt(""))  # muitos PDFs só têm senha do proprietário (abrem sem senha)
        except Exception:
            opened = False
        if not opened:
            raise ProtectedPdf()
    try:
        pages = list(reader.pages)
    except Exception as exc:
        logger.info("PDF sem páginas legíveis: %s", exc)
        raise InvalidDocument("O PDF está corrompido: não foi possível ler as páginas.") from None
    if not pages:
        raise NoTextFound("O PDF não tem páginas.")
    if len(pages) > MAX_PDF_PAGES:
        raise TextTooLong(f"O PDF tem {len(pages)} páginas; o limite é {MAX_PDF_PAGES}. Divida-o em partes.")
    texts: list[str] = []
    failed = 0
    total = 0
    for page in pages:
        try:
            text = page.extract_text() or ""
        except Exception as exc:
            logger.info("página de PDF ilegível: %s", exc)
            failed += 1
            continue
        total += len(text)
        if total > MAX_TEXT_CHARS:
            raise TextTooLong()
        texts.append(_HYPHENATED.sub(r"\1\2", text.replace("\r\n", "\n")))
    if failed == len(pages):
        raise InvalidDocument("O PDF está corrompido: o texto de nenhuma página pôde ser lido.")
    joined = "\n\n".join(texts)
    if not joined.strip():
        raise NoTextFound(
            "O PDF não tem texto extraível (provavelmente é digitalizado, só com imagens). Envie um PDF com texto "
            "selecionável ou o conteúdo em .txt."
        )
    return joined
