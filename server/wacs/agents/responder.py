"""Atendente offline: responde sem modelo de linguagem (o padrão embutido, e o plano B quando o modelo falha).

Regras determinísticas em pt-BR: reconhece a intenção (financiamento, visita, busca de imóveis, saudação,
agradecimento), tira os parâmetros do texto e chama as mesmas ferramentas do modo com modelo; o resto vai para a base
de conhecimento. Não finge ser uma pessoa nem um modelo: quando não entende, diz isso e oferece um atendente."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from wacs.agents import tools
from wacs.agents.spec import AgentSpec
from wacs.agents.tools import ToolScope


def normalize(text: str) -> str:
    """Minúsculas, sem acentos e com espaços simples: a forma em que as regras comparam."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())


def has_keyword(normalized_text: str, keyword: str) -> bool:
    """Palavra-chave como palavra(s) inteira(s), sem acento nem caixa."""
    key = normalize(keyword)
    return bool(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", normalized_text) is not None


@dataclass
class ToolRecord:
    name: str
    arguments: dict[str, Any]
    result: str


@dataclass
class Answer:
    text: str
    understood: bool
    handoff: str | None = None
    tool_calls: list[ToolRecord] = field(default_factory=list)


_NUMBER_WORDS = {
    "um": 1, "uma": 1, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6,
}  # fmt: skip
_TYPES = {
    "apartamento": "apartamento", "apto": "apartamento", "ap": "apartamento", "casa": "casa", "sobrado": "casa",
    "cobertura": "cobertura", "kitnet": "kitnet", "kitinete": "kitnet", "studio": "studio", "estudio": "studio",
    "loft": "loft", "terreno": "terreno", "lote": "terreno", "sala": "sala comercial", "loja": "loja",
}  # fmt: skip
_WEEKDAYS = {
    "segunda": 0, "terca": 1, "quarta": 2, "quinta": 3, "sexta": 4, "sabado": 5, "domingo": 6,
}  # fmt: skip
_GREETINGS = ("oi", "ola", "bom dia", "boa tarde", "boa noite", "e ai", "opa", "tudo bem", "hello", "oie")
_THANKS = ("obrigad", "valeu", "agradeco", "grato", "grata")


def _money(raw: str, unit: str | None) -> float | None:
    """ "300 mil", "1,2 milhão", "R$ 450.000,00", "450000" → reais."""
    digits = raw.strip()
    if not digits:
        return None
    if unit:
        value = float(digits.replace(".", "").replace(",", "."))
        return value * (1_000_000 if unit.startswith("milh") else 1_000)
    if "," in digits:
        digits = digits.replace(".", "").replace(",", ".")
    elif digits.count(".") >= 1 and len(digits.rsplit(".", 1)[1]) == 3:
        digits = digits.replace(".", "")
    try:
        return float(digits)
    except ValueError:
        return None


_MONEY = r"(?:r\$\s*)?(\d[\d.,]*)\s*(mil\b|milhao\b|milhoes\b|k\b)?"


def _amount_after(text: str, words: str) -> float | None:
    match = re.search(rf"(?:{words})\s*(?:de|do|em|:)?\s*{_MONEY}", text)
    if not match:
        return None
    unit = match.group(2)
    return _money(match.group(1), "mil" if unit == "k" else unit)


def _bedrooms(text: str) -> int | None:
    match = re.search(
        r"(\d+|um|uma|dois|duas|tres|quatro|cinco|seis)\s*(?:quartos?|dormitorios?|dorms?\b|suites?)", text
    )
    if not match:
        return None
    word = match.group(1)
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _property_type(text: str) -> str | None:
    for word in re.findall(r"[a-z]+", text):
        singular = word[:-1] if word.endswith("s") and word[:-1] in _TYPES else word
        if singular in _TYPES:
            return _TYPES[singular]
    return None


_PLACE = re.compile(
    r"\b(?:no bairro|bairro|em|no|na|perto de|perto do|perto da)\s+([a-z][a-z ]{2,40}?)"
    r"(?=\s*(?:[,.!?]|$|\bcom\b|\bate\b|\bde\b|\bpor\b|\bpara\b|\bque\b))"
)


def _place(text: str) -> str | None:
    match = _PLACE.search(text)
    if not match:
        return None
    place = match.group(1).strip()
    return None if place in {"casa", "apartamento", "um", "uma", "ate", "torno"} else place


def _when(text: str, now: datetime) -> datetime | None:
    """Data e hora de uma visita: "15/12 às 10h", "amanhã às 14:30", "sexta 9h"."""
    hour = re.search(r"\b(?:as\s*)?(\d{1,2})\s*(?:h|:|horas?\b)\s*(\d{2})?", text)
    if not hour:
        return None
    h, m = int(hour.group(1)), int(hour.group(2) or 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        return None
    day: datetime | None = None
    date = re.search(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", text)
    if date:
        d, mo = int(date.group(1)), int(date.group(2))
        year = int(date.group(3)) if date.group(3) else now.year
        year = year + 2000 if year < 100 else year
        try:
            day = now.replace(year=year, month=mo, day=d)
        except ValueError:
            return None
        if day.date() < now.date() and not date.group(3):
            day = day.replace(year=now.year + 1)
    elif "depois de amanha" in text:
        day = now + timedelta(days=2)
    elif "amanha" in text:
        day = now + timedelta(days=1)
    elif "hoje" in text:
        day = now
    else:
        for name, weekday in _WEEKDAYS.items():
            if re.search(rf"\b{name}\b", text):
                day = tools.next_weekday(now, weekday)
                break
    if day is None:
        return None
    return day.replace(hour=h, minute=m, second=0, microsecond=0)


def _code(text: str) -> str | None:
    match = re.search(r"(?:cod(?:igo)?\.?|imovel|ref\.?)\s*:?\s*([a-z0-9][a-z0-9-]{1,30})", text)
    if match and any(ch.isdigit() for ch in match.group(1)):
        return match.group(1).upper()
    match = re.search(r"\b([a-z]{1,4}-\d{1,6})\b", text)
    return match.group(1).upper() if match else None


async def _call(scope: ToolScope, name: str, arguments: dict[str, Any], answer: Answer) -> tools.ToolOutcome:
    outcome = await tools.run(scope, name, arguments)
    answer.tool_calls.append(ToolRecord(name, arguments, outcome.content))
    return outcome


async def reply(spec: AgentSpec, scope: ToolScope, text: str) -> Answer:
    answer = await _reply(spec, scope, text)
    if not answer.text.strip():  # uma ferramenta indisponível: melhor dizer que não deu do que mandar vazio
        answer.understood = False
        answer.text = _not_understood(spec)
    return answer


def _not_understood(spec: AgentSpec) -> str:
    offers = [label for cap, label in _OFFERS.items() if cap in spec.capabilities]
    helps = f" Posso ajudar com: {', '.join(offers)}." if offers else ""
    return (
        f"Desculpe, não entendi a sua mensagem.{helps} Se preferir falar com uma pessoa da equipe, responda "
        "*atendente*."
    )


async def _reply(spec: AgentSpec, scope: ToolScope, text: str) -> Answer:
    norm = normalize(text)
    caps = spec.capabilities
    answer = Answer("", understood=True)

    if "calculate_financing" in caps and re.search(r"financ|simul|parcela|prestac", norm):
        args: dict[str, Any] = {}
        value = _amount_after(norm, r"imovel|casa|apartamento|valor|custa|de")
        down = _amount_after(norm, r"entrada")
        financed = _amount_after(norm, r"financiar|financiamento|financiado")
        if financed is not None:
            args["principal"] = financed
        elif value is not None:
            args["property_value"] = value
            if down is not None:
                args["down_payment"] = down
        term = re.search(r"(\d{1,3})\s*(anos?|meses|mes)\b", norm)
        if term:
            args["years" if term.group(2).startswith("ano") else "months"] = int(term.group(1))
        rate = re.search(r"(\d+(?:[.,]\d+)?)\s*%\s*(?:ao|a\.?)\s*(ano|a\.?|mes|m\.?)", norm) or re.search(
            r"(\d+(?:[.,]\d+)?)\s*%()", norm
        )
        if rate:
            number = float(rate.group(1).replace(",", "."))
            monthly = rate.group(2).startswith("m")
            args["monthly_rate_percent" if monthly else "annual_rate_percent"] = number
        if "sac" in norm.split():
            args["system"] = "sac"
        elif "price" in norm.split():
            args["system"] = "price"
        outcome = await _call(scope, "calculate_financing", args, answer)
        answer.text = outcome.reply
        return answer

    if "schedule_visits" in caps and re.search(r"agend|visit|marcar|conhecer o", norm):
        when = _when(norm, tools.local_now(scope.timezone))
        if when is None:
            answer.text = "Claro! Qual dia e horário você prefere para a visita? (por exemplo: 15/12 às 10h)"
            return answer
        args = {"date_time": when.replace(tzinfo=None).isoformat(timespec="minutes")}
        if code := _code(norm):
            args["property_code"] = code
        outcome = await _call(scope, "schedule_visits", args, answer)
        answer.text = outcome.reply
        return answer

    kind = _property_type(norm)
    bedrooms = _bedrooms(norm)
    wants_property = kind is not None or bedrooms is not None or re.search(r"\bimove|alug|comprar|quartos?\b", norm)
    if "search_properties" in caps and wants_property:
        args = {}
        if kind:
            args["type"] = kind
        if bedrooms:
            args["bedrooms"] = bedrooms
        if re.search(r"alug|locac", norm):
            args["purpose"] = "aluguel"
        elif re.search(r"compr|venda", norm):
            args["purpose"] = "venda"
        if (limit := _amount_after(norm, r"ate|maximo|no maximo")) is not None:
            args["max_price"] = limit
        place = _place(norm)
        found: tools.ToolOutcome | None = None
        if place:
            found = await _call(scope, "search_properties", {**args, "neighbourhood": place}, answer)
            if not found.data.get("count"):
                found = await _call(scope, "search_properties", {**args, "city": place}, answer)
        if found is None or not found.data.get("count"):
            found = await _call(scope, "search_properties", args, answer)
        answer.text = found.reply
        return answer

    words = norm.split()
    if len(words) <= 5 and any(norm.startswith(g) or norm == g for g in _GREETINGS):
        answer.text = spec.greeting
        return answer
    if any(t in norm for t in _THANKS) and len(words) <= 8:
        answer.text = "Por nada! Se precisar de mais alguma coisa, é só chamar."
        return answer

    if "provide_documentation" in caps:
        outcome = await _call(scope, "provide_documentation", {"query": text}, answer)
        if outcome.reply:
            answer.text = outcome.reply
            return answer

    answer.understood = False
    answer.text = _not_understood(spec)
    return answer


_OFFERS = {
    "search_properties": "busca de imóveis",
    "schedule_visits": "agendamento de visitas",
    "calculate_financing": "simulação de financiamento",
    "provide_documentation": "dúvidas sobre a empresa e documentos",
}
