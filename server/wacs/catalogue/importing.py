"""Leitura do arquivo de importação do catálogo (CSV ou JSON), sem banco: colunas com apelidos em pt-BR e inglês,
valores no formato brasileiro e validação de todas as linhas antes de gravar qualquer uma.

Imóvel sem código ganha um código estável derivado dos dados que o identificam (tipo, finalidade, quartos, bairro,
cidade, UF, área e link — não o preço, a disponibilidade nem a descrição, que mudam entre uma importação e outra):
reimportar a mesma planilha com o preço novo atualiza o imóvel em vez de duplicá-lo. O número da linha não serviria:
muda quando a planilha é reordenada.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal
from urllib.parse import urlsplit

from wacs.catalogue.normalize import (
    KNOWN_TYPES,
    canonical_purpose,
    canonical_state,
    canonical_type,
    clean_line,
    fold,
)
from wacs.kit.errors import AppError, PayloadTooLarge
from wacs.kit.text import is_invalid_text

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
MAX_REPORTED_ERRORS = 50
MAX_PRICE = Decimal("999999999999.99")  # Numeric(14, 2)
MAX_AREA = Decimal("99999999.99")  # Numeric(10, 2)
MAX_BEDROOMS = 100
MAX_DESCRIPTION = 10_000
MAX_COLUMNS = 200
CENT = Decimal("0.01")

Format = Literal["csv", "json"]


class PropertyImportInvalid(AppError):
    status_code = 422
    code = "importacao_invalida"
    title = "Arquivo de imóveis inválido"
    detail = "O arquivo não pôde ser importado; nada foi gravado."


class PropertyImportTooManyRows(AppError):
    status_code = 422
    code = "imoveis_demais"
    title = "Imóveis demais no arquivo"
    detail = f"O arquivo tem mais de {MAX_IMPORT_ROWS:,} imóveis; divida-o em partes.".replace(",", ".")


class PropertyImportTooLarge(PayloadTooLarge):
    code = "arquivo_muito_grande"
    title = "Arquivo muito grande"
    detail = f"O arquivo excede o limite de {MAX_IMPORT_BYTES // (1024 * 1024)} MB."


# Campo → apelidos aceitos no cabeçalho do CSV ou nas chaves do JSON, na forma de `header_key`.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "code": (
        "codigo",
        "cod",
        "code",
        "id",
        "ref",
        "referencia",
        "reference",
        "sku",
        "codigodoimovel",
        "codigoimovel",
        "codimovel",
        "idimovel",
        "propertycode",
        "propertyid",
        "listingid",
    ),
    "type": ("tipo", "type", "tipodeimovel", "tipodoimovel", "tipoimovel", "propertytype", "categoria", "category"),
    "purpose": ("finalidade", "purpose", "negocio", "tipodenegocio", "transacao", "operacao", "transaction"),
    "bedrooms": (
        "quartos",
        "quarto",
        "dormitorios",
        "dormitorio",
        "dorms",
        "dorm",
        "bedrooms",
        "bedroom",
        "beds",
        "qtdquartos",
        "numquartos",
        "nquartos",
        "nodequartos",
        "ndequartos",
        "numerodequartos",
        "quantidadedequartos",
    ),
    "neighbourhood": ("bairro", "neighbourhood", "neighborhood", "district"),
    "city": ("cidade", "city", "municipio"),
    "state": ("uf", "estado", "state"),
    "price": ("preco", "valor", "price", "value"),
    "area": ("area", "m2", "metragem", "areautil", "areaprivativa", "areaconstruida", "tamanho", "size"),
    "description": ("descricao", "description", "desc", "detalhes", "details", "observacoes", "obs"),
    "url": ("url", "link", "site", "href", "linkdoanuncio", "urldoanuncio", "anuncio", "permalink"),
    "is_available": ("disponivel", "available", "disponibilidade", "isavailable", "status", "situacao", "ativo"),
}
_FIELD_BY_KEY = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
# Rótulo do campo nas mensagens de erro quando a coluna não existe no arquivo.
FIELD_LABELS = {
    "code": "código",
    "type": "tipo",
    "purpose": "finalidade",
    "bedrooms": "quartos",
    "neighbourhood": "bairro",
    "city": "cidade",
    "state": "uf",
    "price": "preço",
    "area": "área",
    "description": "descrição",
    "url": "url",
    "is_available": "disponível",
}
# Unidades que vêm no nome da coluna ("Preço R$", "Área em m²") e não fazem parte dele.
_HEADER_NOISE = re.compile(r"\(.*?\)|\[.*?\]|r\$|\b(?:em|rs|brl|reais)\b")


def header_key(name: str) -> str:
    """Forma comparável do nome de uma coluna: "Preço (R$)" → "preco", "Nº de quartos" → "nodequartos"."""
    folded = fold(name)
    cleaned = _HEADER_NOISE.sub(" ", folded)
    key = re.sub(r"[^a-z0-9]", "", cleaned)
    if key.endswith("m2") and key != "m2":
        key = key.removesuffix("m2")
    return key or re.sub(r"[^a-z0-9]", "", folded)


@dataclass
class PropertyRow:
    """Um imóvel válido do arquivo; `position` é a linha (CSV) ou o item (JSON) de onde veio."""

    position: int
    code: str
    type: str
    values: dict[str, Any]  # só os campos presentes no arquivo (os ausentes ficam como estão no banco)
    derived_code: bool = False


@dataclass
class RowError:
    position: int
    column: str
    message: str
    kind: str = "valor_invalido"


@dataclass
class ParsedImport:
    format: Format
    rows: list[PropertyRow]
    columns: list[str]  # campos presentes no arquivo
    ignored_columns: list[str]
    errors: list[RowError] = field(default_factory=list)


# ----------------------------------------------------------------------------------------------- valores


class _Invalid(ValueError):
    """Valor inválido; a mensagem (pt-BR) vai para o relatório de erros."""


_NOT_INFORMED = frozenset({"sob consulta", "consulte", "a consultar", "-", "--", "n/a", "na", "nd", "null", "none"})
_AMOUNT_NOISE = re.compile(r"(?i)r\$|brl|reais|m²|m2|mts?|metros?(?: quadrados)?|m(?![a-z])|[\s\u00a0\u202f]")


def _thousands(integer: str, separator: str) -> str:
    if not re.fullmatch(rf"[0-9]{{1,3}}(?:\{separator}[0-9]{{3}})+", integer):
        raise _Invalid("separador de milhar fora do lugar")
    return integer.replace(separator, "")


def _decimal_text(text: str) -> str:
    """Texto decimal com ponto, a partir de "R$ 450.000,00", "450.000", "450000.50" ou "1,234.56"."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
        thousands_sep = "," if decimal_sep == "." else "."
        integer, _, fraction = text.rpartition(decimal_sep)
        if thousands_sep not in integer or decimal_sep in integer:
            raise _Invalid("separadores misturados")
        return f"{_thousands(integer, thousands_sep)}.{fraction}"
    if commas > 1:
        return _thousands(text, ",")
    if commas == 1:
        return text.replace(",", ".")
    if dots > 1:
        return _thousands(text, ".")
    if dots == 1 and re.fullmatch(r"[1-9][0-9]{0,2}\.[0-9]{3}", text):
        return text.replace(".", "")  # "450.000": milhar, como se escreve no Brasil
    return text


def parse_amount(raw: Any, *, maximum: Decimal, examples: str) -> Decimal | None:
    """Número de dinheiro ou área, como texto brasileiro ou número do JSON; vazio → None. Arredonda ao centavo."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _Invalid("deve ser um número, não verdadeiro/falso")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))
    else:
        text = str(raw).strip()
        if not text or fold(text) in _NOT_INFORMED:
            return None
        compact = _AMOUNT_NOISE.sub("", text)
        if not compact or not re.fullmatch(r"[0-9.,]+", compact) or not compact[0].isdigit():
            raise _Invalid(f"valor inválido: {_echo(text)} (use, por exemplo, {examples})")
        try:
            value = Decimal(_decimal_text(compact))
        except (_Invalid, InvalidOperation):
            raise _Invalid(f"valor inválido: {_echo(text)} (use, por exemplo, {examples})") from None
    if not value.is_finite():
        raise _Invalid("deve ser um número finito")
    # Limites antes do arredondamento: quantize() de um número enorme (1E+400, do JSON) estouraria a precisão.
    if value > maximum:
        raise _Invalid(f"grande demais (máximo {br_number(maximum)})")
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP) if value > 0 else value
    if rounded <= 0:
        raise _Invalid("deve ser maior que zero (deixe vazio se não houver)")
    return rounded


_BEDROOMS = re.compile(r"([0-9]{1,3})(?:\s*(?:quartos?|dorms?|dormitorios?|bedrooms?|q))?")


def parse_bedrooms(raw: Any) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _Invalid("deve ser um número inteiro")
    if isinstance(raw, int | Decimal | float):
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        if not number.is_finite() or number != number.to_integral_value():
            raise _Invalid("deve ser um número inteiro")
        if not 0 <= number <= MAX_BEDROOMS:  # antes do int(): 1E+999999999 viraria um inteiro gigante
            raise _Invalid(f"deve estar entre 0 e {MAX_BEDROOMS}")
        value = int(number)
    else:
        text = fold(str(raw))
        if not text or text in _NOT_INFORMED:
            return None
        match = _BEDROOMS.fullmatch(text) or re.fullmatch(r"([0-9]{1,3})[.,]0+", text)
        if match is None:
            raise _Invalid(f"valor inválido: {_echo(str(raw))} (use um número inteiro, como 2)")
        value = int(match.group(1))
    if not 0 <= value <= MAX_BEDROOMS:
        raise _Invalid(f"deve estar entre 0 e {MAX_BEDROOMS}")
    return value


_TRUE = frozenset(
    ["sim", "s", "yes", "y", "true", "t", "1", "x", "disponivel", "ativo", "ativa", "available", "active"]
)
_FALSE = frozenset(
    [
        "nao",
        "n",
        "no",
        "false",
        "f",
        "0",
        "indisponivel",
        "inativo",
        "inativa",
        "vendido",
        "vendida",
        "alugado",
        "alugada",
        "reservado",
        "reservada",
        "unavailable",
        "inactive",
        "sold",
        "rented",
    ]
)


def parse_available(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | Decimal) and raw in (0, 1):
        return bool(raw)
    text = fold(str(raw))
    if not text:
        return True
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Invalid(f"valor inválido: {_echo(str(raw))} (use sim ou não)")


def _text(raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | Decimal | float):
        raise _Invalid("deve ser um texto")
    if isinstance(raw, float | Decimal):
        number = Decimal(repr(raw)) if isinstance(raw, float) else raw
        # Código 102 vindo como 102.0 vira "102"; números enormes ficam na notação do Decimal (sem int() gigante).
        integral = number.is_finite() and number.adjusted() < 30 and number == number.to_integral_value()
        raw = str(int(number)) if integral else str(raw)
    text = str(raw)
    if is_invalid_text(text) or any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text):
        raise _Invalid("contém caractere de controle ou Unicode inválido")
    return text


def _line(raw: Any, limit: int) -> str | None:
    text = clean_line(_text(raw))
    if not text:
        return None
    if len(text) > limit:
        raise _Invalid(f"deve ter no máximo {limit} caracteres")
    return text


def parse_url(raw: Any) -> str | None:
    text = _line(raw, 2000)
    if text is None:
        return None
    try:
        parts = urlsplit(text)
        scheme, host = parts.scheme.lower(), parts.hostname
    except ValueError:
        scheme, host = "", None
    if " " in text or scheme not in {"http", "https"} or not host:
        raise _Invalid(f"valor inválido: {_echo(text)} (use um endereço http:// ou https://)")
    return text


def br_number(value: Decimal) -> str:
    """Número no formato brasileiro, sem casas decimais vazias: 1500 → "1.500", 85.5 → "85,5"."""
    integer, _, cents = f"{value:,.2f}".translate(str.maketrans(",.", ".,")).partition(",")
    cents = cents.rstrip("0")
    return f"{integer},{cents}" if cents else integer


def _echo(value: str) -> str:
    """O valor recebido entre aspas, curto, para a mensagem de erro."""
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f'"{shown}"'


def _parse_field(name: str, raw: Any) -> Any:
    if name == "code":
        return _line(raw, 100)
    if name == "type":
        text = _line(raw, 50)
        return canonical_type(text) if text else None
    if name == "purpose":
        text = _line(raw, 50)
        if text is None:
            return "venda"
        purpose = canonical_purpose(text)
        if purpose is None:
            raise _Invalid(f"valor inválido: {_echo(text)} (use venda ou aluguel)")
        return purpose
    if name == "bedrooms":
        return parse_bedrooms(raw)
    if name in {"neighbourhood", "city"}:
        return _line(raw, 255)
    if name == "state":
        text = _line(raw, 50)
        if text is None:
            return None
        state = canonical_state(text)
        if state is None:
            raise _Invalid(f"valor inválido: {_echo(text)} (use a sigla do estado, como SP)")
        return state
    if name == "price":
        return parse_amount(raw, maximum=MAX_PRICE, examples="450000, 450.000 ou R$ 450.000,00")
    if name == "area":
        return parse_amount(raw, maximum=MAX_AREA, examples="85, 85,5 ou 85 m²")
    if name == "description":
        text = unicodedata.normalize("NFC", _text(raw)).replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > MAX_DESCRIPTION:
            raise _Invalid(f"deve ter no máximo {MAX_DESCRIPTION} caracteres")
        return text or None
    if name == "url":
        return parse_url(raw)
    if name == "is_available":
        return parse_available(raw)
    raise AssertionError(name)


# Campos que identificam um imóvel sem código (ver o início do módulo).
_IDENTITY = ("type", "purpose", "bedrooms", "neighbourhood", "city", "state", "area", "url")


def derived_code(values: dict[str, Any]) -> str:
    """Código estável de um imóvel sem código: "auto-" + 12 hexadecimais do SHA-256 dos dados que o identificam."""
    parts = [fold(str(values.get(name) if values.get(name) is not None else "")) for name in _IDENTITY]
    return "auto-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]


# ------------------------------------------------------------------------------------------------ arquivo


def decode(data: bytes) -> str:
    """UTF-8 (com ou sem BOM) ou UTF-16 com BOM; senão Windows-1252/Latin-1 (planilhas antigas do Excel)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    body = data.removeprefix(b"\xef\xbb\xbf")
    for encoding in ("utf-8", "cp1252"):
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    return body.decode("latin-1")


def detect_format(text: str, filename: str | None, content_type: str | None) -> Format:
    """JSON se o conteúdo começa com [ ou { (ou o arquivo se diz JSON); senão CSV."""
    head = text.lstrip()[:1]
    if head in {"[", "{"}:
        return "json"
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if (filename or "").lower().endswith(".json") or declared in {"application/json", "text/json"}:
        return "json"
    return "csv"


class _Columns:
    """Colunas do CSV (ou chaves de um item do JSON) ligadas aos campos; recusa duas para o mesmo campo."""

    def __init__(self, names: list[str], noun: str = "colunas") -> None:
        self.by_index: dict[int, str] = {}
        self.label: dict[str, str] = {}
        self.ignored: list[str] = []
        self.problems: list[str] = []
        if len(names) > MAX_COLUMNS:
            self.problems.append(f"{len(names)} {noun}; o máximo é {MAX_COLUMNS}.")
            return
        for index, name in enumerate(names):
            if not name.strip():
                continue
            target = _FIELD_BY_KEY.get(header_key(name))
            if target is None:
                self.ignored.append(clean_line(name))
                continue
            if target in self.label:
                self.problems.append(
                    f'as {noun} "{self.label[target]}" e "{clean_line(name)}" são o mesmo campo '
                    f"({FIELD_LABELS[target]}); deixe só uma."
                )
                continue
            self.by_index[index] = target
            self.label[target] = clean_line(name)

    @property
    def fields(self) -> list[str]:
        return list(self.label)


_MISSING_TYPE = "Falta a coluna do tipo do imóvel (tipo ou type), obrigatória."


def _file_problem(messages: list[str]) -> PropertyImportInvalid:
    """Problema do arquivo todo (não de uma linha): vazio, malformado, colunas que não dão para ler."""
    errors = [{"field": "file", "location": "body", "message": m, "type": "arquivo_invalido"} for m in messages]
    return PropertyImportInvalid(" ".join(messages), errors=errors, errorCount=len(errors))


def rejection(parsed: ParsedImport) -> PropertyImportInvalid:
    """O 422 de um arquivo com linhas inválidas: os primeiros erros, cada um com a linha (CSV) ou o item (JSON)."""
    position = "line" if parsed.format == "csv" else "item"
    rows = len({error.position for error in parsed.errors})
    noun = ("linha", "linhas") if parsed.format == "csv" else ("item", "itens")
    detail = (
        f"{len(parsed.errors)} erro(s) em {rows} {noun[0] if rows == 1 else noun[1]}; nada foi importado. "
        "Corrija o arquivo e envie de novo."
    )
    if len(parsed.errors) > MAX_REPORTED_ERRORS:
        detail += f" Mostrando os {MAX_REPORTED_ERRORS} primeiros."
    errors = [
        {"field": e.column, "location": "body", "message": e.message, "type": e.kind, position: e.position}
        for e in parsed.errors[:MAX_REPORTED_ERRORS]
    ]
    return PropertyImportInvalid(detail, errors=errors, errorCount=len(parsed.errors))


def _read_csv(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(cabeçalho, [(linha, células)]) — linhas em branco puladas; a linha é a do começo do registro."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise _file_problem(["O arquivo está vazio."])
    offset = 0
    header_line = lines[first]
    sep = re.fullmatch(r'\s*"?sep=(.)"?\s*', header_line)  # primeira linha "sep=;" que o Excel entende
    if sep:
        delimiter = sep.group(1)
        offset = first + 1
    else:
        counts = {d: header_line.count(d) for d in (";", ",", "\t")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    stream = io.StringIO("\n".join(lines[offset:]) if offset else text, newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            position = start + offset
            start = reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
                continue
            records.append((position, cells))
            if len(records) > MAX_IMPORT_ROWS:
                raise PropertyImportTooManyRows()
    except csv.Error as exc:
        line = reader.line_num + offset
        raise _file_problem([f"Linha {line}: CSV malformado ({exc}). Confira as aspas e o separador."]) from None
    if header is None:
        raise _file_problem(["O arquivo está vazio."])
    return header, records


def _parse_csv(text: str) -> ParsedImport:
    header, records = _read_csv(text)
    columns = _Columns(header)
    problems = [f"Cabeçalho: {problem}" for problem in columns.problems]
    if not problems and "type" not in columns.label:
        problems.append(_MISSING_TYPE)
    if problems:
        raise _file_problem(problems)
    parsed = ParsedImport("csv", [], columns.fields, columns.ignored)
    width = len(header)
    for line, cells in records:
        extra = [cell for cell in cells[width:] if cell.strip()]
        if extra:
            parsed.errors.append(
                RowError(line, "file", f"Linha {line}: {len(cells)} colunas, mas o cabeçalho tem {width}.", "colunas")
            )
            continue
        raw = {target: cells[index] if index < len(cells) else "" for index, target in columns.by_index.items()}
        _collect(parsed, line, raw, columns.label, "Linha")
    return parsed


_JSON_CONTAINERS = ("properties", "imoveis", "items", "data")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} não é um número válido em JSON")


def _parse_json(text: str) -> ParsedImport:
    try:
        document = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise _file_problem([f"JSON inválido na linha {exc.lineno}, coluna {exc.colno}: {exc.msg}."]) from None
    except (ValueError, RecursionError):
        raise _file_problem(["JSON inválido: números fora do formato ou aninhamento profundo demais."]) from None
    items: Any = document
    if isinstance(document, dict):
        keys = {fold(str(key)): key for key in document}
        container = next((keys[name] for name in _JSON_CONTAINERS if name in keys), None)
        items = document[container] if container is not None else None
    if not isinstance(items, list):
        raise _file_problem(['O JSON deve ser uma lista de imóveis ou um objeto {"properties": [...]}.'])
    if len(items) > MAX_IMPORT_ROWS:
        raise PropertyImportTooManyRows()
    if not items:
        raise _file_problem(["O JSON não tem nenhum imóvel."])
    parsed = ParsedImport("json", [], [], [])
    layouts: dict[tuple[str, ...], _Columns] = {}  # os itens costumam ter as mesmas chaves
    fields: dict[str, None] = {}
    ignored: dict[str, None] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            parsed.errors.append(RowError(number, "item", f"Item {number}: deve ser um objeto com os dados do imóvel."))
            continue
        layout = tuple(str(key) for key in item)
        columns = layouts.get(layout)
        if columns is None:
            columns = layouts[layout] = _Columns(list(layout), "chaves")
        fields.update(dict.fromkeys(columns.fields))
        ignored.update(dict.fromkeys(columns.ignored))
        if columns.problems:
            parsed.errors.extend(RowError(number, "item", f"Item {number}: {p}", "chaves") for p in columns.problems)
            continue
        raw: dict[str, Any] = {}
        for index, value in enumerate(item.values()):
            target = columns.by_index.get(index)
            if target is None:
                continue
            if isinstance(value, dict | list):
                label = columns.label[target]
                message = f"{_where('Item', number, label)}: deve ser texto, número ou verdadeiro/falso."
                parsed.errors.append(RowError(number, label, message))
                break
            raw[target] = value
        else:
            _collect(parsed, number, raw, columns.label, "Item")
    if "type" not in fields:
        raise _file_problem([_MISSING_TYPE])
    parsed.columns, parsed.ignored_columns = list(fields), list(ignored)
    return parsed


def _where(noun: str, position: int, label: str) -> str:
    return f'{noun} {position}, {"coluna" if noun == "Linha" else "campo"} "{label}"'


def _collect(parsed: ParsedImport, position: int, raw: dict[str, Any], labels: dict[str, str], noun: str) -> None:
    """Valida os campos de um imóvel; acumula os erros (todos, não só o primeiro) ou a linha válida."""
    values: dict[str, Any] = {}
    failed = False
    for name, value in raw.items():
        try:
            values[name] = _parse_field(name, value)
        except _Invalid as exc:
            failed = True
            parsed.errors.append(RowError(position, labels[name], f"{_where(noun, position, labels[name])}: {exc}."))
        except ArithmeticError:  # número do JSON fora do que o Decimal representa (1E+999999999...)
            failed = True
            message = f"{_where(noun, position, labels[name])}: número fora do intervalo aceito."
            parsed.errors.append(RowError(position, labels[name], message))
    if failed:
        return
    if not values.get("type"):
        label = labels.get("type", FIELD_LABELS["type"])
        example = ", ".join(KNOWN_TYPES[:4])
        parsed.errors.append(
            RowError(position, label, f"{_where(noun, position, label)}: obrigatório (ex.: {example}).", "obrigatorio")
        )
        return
    code = values.pop("code", None)
    derived = code is None
    parsed.rows.append(PropertyRow(position, code or derived_code(values), values.pop("type"), values, derived))


def _check_duplicates(parsed: ParsedImport) -> None:
    noun = "Linha" if parsed.format == "csv" else "Item"
    seen: dict[str, int] = {}
    for row in parsed.rows:
        first = seen.setdefault(row.code, row.position)
        if first == row.position:
            continue
        if row.derived_code:
            message = (
                f"{noun} {row.position}: repete os dados de {noun.lower()} {first} (tipo, finalidade, quartos, "
                "bairro, cidade, UF, área e link) e nenhuma das duas tem código: informe o código dos imóveis."
            )
        else:
            message = f"{noun} {row.position}: código {row.code} repetido ({noun.lower()} {first})."
        parsed.errors.append(RowError(row.position, "código", message, "codigo_repetido"))


def parse_import(data: bytes, filename: str | None = None, content_type: str | None = None) -> ParsedImport:
    """Lê e valida o arquivo inteiro. Erros de linha ficam em `errors` (o serviço recusa o arquivo se houver);
    problemas do arquivo todo (vazio, malformado, sem a coluna do tipo) levantam `PropertyImportInvalid`."""
    if not data.strip():
        raise _file_problem(["O arquivo está vazio."])
    text = decode(data)
    if is_invalid_text(text):
        raise _file_problem(["O arquivo contém caractere nulo (\\u0000): não é um CSV ou JSON de texto."])
    parsed = _parse_json(text) if detect_format(text, filename, content_type) == "json" else _parse_csv(text)
    if not parsed.rows and not parsed.errors:
        raise _file_problem(["O arquivo não tem nenhum imóvel (só o cabeçalho)."])
    _check_duplicates(parsed)
    parsed.errors.sort(key=lambda error: error.position)
    return parsed
