"""Ferramentas dos agentes. Rodam sempre com o tenant da conversa (`ToolScope`), nunca com um tenant que o modelo
diga: nenhum argumento escolhe tenant, agente ou contato.

Cada ferramenta devolve o texto para o modelo (`content`) e uma frase pronta em pt-BR (`reply`) que o atendente
offline usa direto."""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from wacs.ai import financing
from wacs.ai.resolve import Embedder
from wacs.kit import metrics
from wacs.kit.context import AppContext
from wacs.kit.db import commit
from wacs.kit.errors import AppError

logger = logging.getLogger("wacs.agents")

REQUEST_HUMAN = "request_human"
MAX_PROPERTIES = 5


@dataclass
class ToolScope:
    """Onde a ferramenta age: fixado pelo pipeline a partir da conversa, nunca pelo modelo."""

    ctx: AppContext
    tenant_id: uuid.UUID
    agent_id: uuid.UUID
    conversation_id: uuid.UUID | None
    contact_number: str | None
    contact_name: str | None
    timezone: str
    embedder: Embedder | None
    # Playground: nada é gravado (a visita é só simulada).
    dry_run: bool = False


@dataclass
class ToolOutcome:
    content: str
    reply: str
    handoff: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _fn(name: str, description: str, properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {"type": "object", "properties": properties, "required": required or []},
        },
    }


SPECS: dict[str, dict[str, Any]] = {
    "search_properties": _fn(
        "search_properties",
        "Busca imóveis no catálogo da imobiliária. Use os filtros que o cliente informou.",
        {
            "type": {"type": "string", "description": "apartamento, casa, cobertura, kitnet, terreno, sala..."},
            "purpose": {"type": "string", "enum": ["venda", "aluguel"]},
            "bedrooms": {"type": "integer", "description": "Número exato de quartos."},
            "min_bedrooms": {"type": "integer"},
            "neighbourhood": {"type": "string", "description": "Bairro."},
            "city": {"type": "string"},
            "max_price": {"type": "number", "description": "Preço máximo em reais."},
            "min_price": {"type": "number"},
            "text": {"type": "string", "description": "Outras palavras (ex.: piscina, varanda)."},
        },
    ),
    "schedule_visits": _fn(
        "schedule_visits",
        "Agenda uma visita a um imóvel para o cliente desta conversa.",
        {
            "property_code": {"type": "string", "description": "Código do imóvel (cód.) devolvido pela busca."},
            "date_time": {
                "type": "string",
                "description": "Data e hora local da visita em ISO 8601, ex.: 2026-12-15T10:00.",
            },
            "notes": {"type": "string"},
            "contact_name": {"type": "string", "description": "Nome do cliente, se ele disse."},
        },
        ["date_time"],
    ),
    "provide_documentation": _fn(
        "provide_documentation",
        "Consulta a base de conhecimento da empresa (documentos, processos, perguntas frequentes).",
        {"query": {"type": "string", "description": "A pergunta do cliente, em palavras-chave."}},
        ["query"],
    ),
    "calculate_financing": _fn(
        "calculate_financing",
        "Simula um financiamento imobiliário pelas tabelas Price e/ou SAC.",
        {
            "principal": {"type": "number", "description": "Valor financiado em reais (sem a entrada)."},
            "property_value": {"type": "number", "description": "Valor do imóvel, se o cliente deu este."},
            "down_payment": {"type": "number", "description": "Entrada em reais."},
            "annual_rate_percent": {"type": "number", "description": "Taxa anual em %, ex.: 10.5"},
            "monthly_rate_percent": {"type": "number", "description": "Taxa mensal em %, se dada assim."},
            "rate_type": {"type": "string", "enum": ["effective", "nominal"]},
            "months": {"type": "integer"},
            "years": {"type": "integer"},
            "system": {"type": "string", "enum": ["price", "sac", "both"]},
        },
    ),
    REQUEST_HUMAN: _fn(
        REQUEST_HUMAN,
        "Passa a conversa para um atendente humano (pedido do cliente, assunto sensível ou quando não souber "
        "ajudar). Depois disto o assistente para de responder nesta conversa.",
        {"reason": {"type": "string"}},
    ),
}


def tool_specs(capabilities: frozenset[str]) -> list[dict[str, Any]]:
    return [SPECS[name] for name in SPECS if name in capabilities or name == REQUEST_HUMAN]


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).replace(",", ".")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value: Any, limit: int = 200) -> str | None:
    return value.strip()[:limit] or None if isinstance(value, str) else None


async def run(scope: ToolScope, name: str, arguments: dict[str, Any]) -> ToolOutcome:
    """Executa uma ferramenta; erro de entrada vira texto para o modelo (ele corrige e tenta de novo), nunca exceção."""
    metrics.AI_TOOL_CALLS.labels(name if name in SPECS else "desconhecida").inc()
    try:
        if name == "search_properties":
            return await search_properties(scope, arguments)
        if name == "schedule_visits":
            return await schedule_visits(scope, arguments)
        if name == "provide_documentation":
            return await provide_documentation(scope, str(arguments.get("query") or ""))
        if name == "calculate_financing":
            return calculate_financing(arguments)
        if name == REQUEST_HUMAN:
            reason = _text(arguments.get("reason")) or "pedido do cliente"
            return ToolOutcome(json.dumps({"ok": True}), "", handoff="model", data={"reason": reason})
    except AppError as exc:
        return ToolOutcome(json.dumps({"erro": exc.detail}, ensure_ascii=False), exc.detail)
    except Exception:
        # Uma ferramenta quebrada não derruba a resposta: o modelo (ou o atendente offline) segue sem ela.
        logger.exception("ferramenta falhou", extra={"tool": name})
        text = "A ferramenta está indisponível no momento."
        return ToolOutcome(json.dumps({"erro": text}, ensure_ascii=False), "", data={"failed": True})
    return ToolOutcome(json.dumps({"erro": f"Ferramenta desconhecida: {name}"}, ensure_ascii=False), "")


async def search_properties(scope: ToolScope, args: dict[str, Any]) -> ToolOutcome:
    from wacs.catalogue.service import describe_property
    from wacs.catalogue.service import search_properties as search

    filters: dict[str, Any] = {
        "type": _text(args.get("type"), 50),
        "purpose": _text(args.get("purpose"), 20),
        "bedrooms": _int(args.get("bedrooms")),
        "min_bedrooms": _int(args.get("min_bedrooms")),
        "neighbourhood": _text(args.get("neighbourhood")),
        "city": _text(args.get("city")),
        "max_price": _decimal(args.get("max_price")),
        "min_price": _decimal(args.get("min_price")),
        "text": _text(args.get("text")),
    }
    async with scope.ctx.sessionmaker() as db:
        found = await search(db, scope.tenant_id, **filters, limit=MAX_PROPERTIES)
        await db.commit()
    items = [
        {
            "codigo": p.code,
            "tipo": p.type,
            "finalidade": p.purpose,
            "quartos": p.bedrooms,
            "bairro": p.neighbourhood,
            "cidade": p.city,
            "preco": str(p.price) if p.price is not None else None,
            "descricao": (p.description or "")[:300],
            "link": p.url,
        }
        for p in found
    ]
    return ToolOutcome(
        json.dumps({"imoveis": items, "total": len(items)}, ensure_ascii=False),
        properties_reply(filters, [describe_property(p) for p in found]),
        data={"count": len(items), "codes": [p.code for p in found]},
    )


def _plural(kind: str | None) -> str:
    if not kind:
        return "imóveis"
    word = kind.strip().lower()
    if word.endswith(("m",)):
        return word[:-1] + "ns"
    if word.endswith(("s", "x")):
        return word
    if word.endswith(("r", "z")):
        return word + "es"
    if word.endswith("l"):
        return word[:-1] + "is"
    return word + "s"


def properties_reply(filters: dict[str, Any], lines: list[str]) -> str:
    """A lista de imóveis encontrados em pt-BR ("Encontrei 2 apartamentos com 2 quartos: ...")."""
    what = _plural(filters.get("type"))
    bedrooms = filters.get("bedrooms")
    detail = ""
    if bedrooms:
        detail += f" com {bedrooms} quarto{'s' if bedrooms != 1 else ''}"
    place = filters.get("neighbourhood") or filters.get("city")
    if place:
        detail += f" em {place}"
    if not lines:
        return (
            f"No momento não encontrei {what}{detail} no nosso catálogo. Quer que eu procure com outros critérios "
            "(bairro, número de quartos ou faixa de preço)?"
        )
    count = len(lines)
    head = f"Encontrei {count} {what if count > 1 else what.rstrip('s') if what != 'imóveis' else 'imóvel'}{detail}:"
    body = "\n".join(f"• {line}" for line in lines)
    invite = "Quer agendar uma visita a algum deles?" if count > 1 else "Quer agendar uma visita?"
    return f"{head}\n{body}\n\n{invite}"


async def schedule_visits(scope: ToolScope, args: dict[str, Any]) -> ToolOutcome:
    from wacs.catalogue.service import confirmation_text, schedule_visit

    raw = _text(args.get("date_time"), 40)
    if not raw:
        raise _ToolInput("Informe a data e a hora da visita (date_time, ex.: 2026-12-15T10:00).")
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise _ToolInput(f"Data e hora inválidas: {raw}. Use o formato 2026-12-15T10:00.") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(scope.timezone))
    if scope.contact_number is None:
        raise _ToolInput("Esta conversa não tem um contato para agendar.")
    code = _text(args.get("property_code"), 100)
    name = _text(args.get("contact_name"), 255) or scope.contact_name
    if scope.dry_run:
        text = f"(simulação) Visita seria agendada para {when.strftime('%d/%m/%Y às %H:%M')}"
        text += f", imóvel {code}." if code else "."
        return ToolOutcome(json.dumps({"ok": True, "simulacao": True}, ensure_ascii=False), text)
    async with scope.ctx.sessionmaker() as db:
        appointment = await schedule_visit(
            scope.ctx,
            db,
            scope.tenant_id,
            contact_number=scope.contact_number,
            contact_name=name,
            scheduled_for=when,
            property_code=code,
            notes=_text(args.get("notes"), 1000),
            agent_id=scope.agent_id,
            conversation_id=scope.conversation_id,
            created_by=f"agent:{scope.agent_id}",
        )
        prop = None
        if appointment.property_id is not None:
            from wacs.models import Property

            prop = await db.get(Property, appointment.property_id)
        text = confirmation_text(appointment, prop, scope.timezone)
        appointment_id = str(appointment.id)
        await commit(db)
    return ToolOutcome(
        json.dumps({"ok": True, "agendamento": appointment_id, "confirmacao": text}, ensure_ascii=False),
        text,
        data={"appointmentId": appointment_id},
    )


async def provide_documentation(scope: ToolScope, query: str) -> ToolOutcome:
    from wacs.knowledge.service import search

    query = query.strip()[:500]
    if not query:
        raise _ToolInput("Informe o que procurar na base de conhecimento (query).")
    async with scope.ctx.sessionmaker() as db:
        hits = await search(scope.ctx, db, scope.tenant_id, scope.agent_id, query, limit=3, embedder=scope.embedder)
        await db.commit()
    excerpts = [{"titulo": hit.title, "trecho": hit.content[:1200]} for hit in hits]
    reply = best_passage(hits[0].content, query) if hits else ""
    return ToolOutcome(json.dumps({"resultados": excerpts}, ensure_ascii=False), reply, data={"count": len(hits)})


def _stems(text: str) -> set[str]:
    from wacs.agents.responder import normalize

    return {word[:5] for word in re.findall(r"[a-z0-9]+", normalize(text)) if len(word) >= 4}


def best_passage(content: str, query: str, limit: int = 700) -> str:
    """O parágrafo do trecho que mais responde à pergunta (o atendente offline manda isto, não o trecho inteiro)."""
    paragraphs = [p.strip().lstrip("#").strip() for p in re.split(r"\n\s*\n|\n(?=#)", content) if p.strip()]
    wanted = _stems(query)
    scored = [(len(wanted & _stems(p)), -index, p) for index, p in enumerate(paragraphs)]
    best = max(scored, default=(0, 0, content.strip()))[2]
    return best if len(best) <= limit else best[: best.rfind(" ", 0, limit)].rstrip(",;:") + "…"


def calculate_financing(args: dict[str, Any]) -> ToolOutcome:
    principal = _decimal(args.get("principal"))
    value = _decimal(args.get("property_value"))
    down = _decimal(args.get("down_payment")) or Decimal(0)
    if principal is None and value is not None:
        principal = value - down
    months = _int(args.get("months"))
    if months is None and (years := _int(args.get("years"))) is not None:
        months = years * 12
    annual = _decimal(args.get("annual_rate_percent"))
    monthly = _decimal(args.get("monthly_rate_percent"))
    missing = []
    if principal is None:
        missing.append("o valor financiado (ou o valor do imóvel e a entrada)")
    if months is None:
        missing.append("o prazo (em meses ou anos)")
    if annual is None and monthly is None:
        missing.append("a taxa de juros (% ao ano ou ao mês)")
    if missing:
        raise _ToolInput("Para simular preciso de " + ", ".join(missing) + ".")
    assert principal is not None and months is not None
    system = str(args.get("system") or "both")
    systems = ["price", "sac"] if system not in {"price", "sac"} else [system]
    kind = "nominal" if args.get("rate_type") == "nominal" else "effective"
    try:
        if monthly is not None:
            rate = monthly / 100
            schedules = [
                financing.price(principal, rate, months) if s == "price" else financing.sac(principal, rate, months)
                for s in systems
            ]
        else:
            assert annual is not None
            schedules = [financing.simulate(principal, annual / 100, kind, months, s) for s in systems]  # type: ignore[arg-type]
    except ValueError as exc:
        raise _ToolInput(str(exc)) from None
    lines = [financing.describe(schedule) for schedule in schedules]
    reply = "\n".join(lines) + "\n\nValores estimados; as condições finais dependem da análise do banco."
    content = [
        {
            "sistema": schedule.system,
            "valor_financiado": str(schedule.principal),
            "taxa_mensal": str(schedule.monthly_rate),
            "meses": schedule.months,
            "primeira_parcela": str(schedule.first_instalment),
            "ultima_parcela": str(schedule.last_instalment),
            "juros_totais": str(schedule.total_interest),
            "total_pago": str(schedule.total_paid),
            "resumo": line,
        }
        for schedule, line in zip(schedules, lines, strict=True)
    ]
    return ToolOutcome(json.dumps({"simulacoes": content}, ensure_ascii=False), reply)


class _ToolInput(AppError):
    status_code = 422
    code = "argumento_invalido"
    title = "Argumento inválido"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)


def local_now(timezone: str) -> datetime:
    return datetime.now(ZoneInfo(timezone))


def next_weekday(base: datetime, weekday: int) -> datetime:
    days = (weekday - base.weekday()) % 7 or 7
    return base + timedelta(days=days)
