"""Simulador de financiamento imobiliário (tabelas Price e SAC), base da ferramenta `calculate_financing` dos agentes.

Tudo em `Decimal` com precisão 28; valores em dinheiro são arredondados ao centavo (ROUND_HALF_UP) só ao montar as
linhas da tabela, de modo que a tabela apresentada feche: soma das amortizações = principal, último saldo 0,00.
Vetores de teste: /work/shared/spec/PROTOCOLS.md §4.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

RateKind = Literal["effective", "nominal"]
System = Literal["price", "sac"]

CENT = Decimal("0.01")
MAX_PRINCIPAL = Decimal("1000000000")
MAX_MONTHS = 600
MAX_MONTHLY_RATE = Decimal(1)
MAX_ANNUAL_RATE = Decimal(10)
PRECISION = 28
SYSTEM_LABELS: dict[str, str] = {"price": "Price", "sac": "SAC"}


@dataclass(frozen=True)
class Instalment:
    number: int
    instalment: Decimal
    interest: Decimal
    amortization: Decimal
    balance: Decimal


@dataclass(frozen=True)
class Schedule:
    system: System
    principal: Decimal
    monthly_rate: Decimal
    months: int
    first_instalment: Decimal
    last_instalment: Decimal
    amortization: Decimal  # SAC: a constante; Price: a da 1ª parcela
    total_paid: Decimal
    total_interest: Decimal
    instalments: list[Instalment]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value: object, name: str) -> Decimal:
    # float traria erro binário para a conta de dinheiro; bool é int em Python, mas não é número aqui.
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise ValueError(f"{name} deve ser Decimal (não float).")
    result = Decimal(value)
    if not result.is_finite():
        raise ValueError(f"{name} deve ser um número finito.")
    return result


def _check_rate(value: object, limit: Decimal, name: str) -> Decimal:
    rate = _decimal(value, name)
    if rate < 0 or rate > limit:
        raise ValueError(f"{name} deve estar entre 0 e {limit} (fração: 0,12 = 12%).")
    return rate


def _check_principal(value: object) -> Decimal:
    principal = _cents(_decimal(value, "Valor financiado"))
    if principal <= 0 or principal > MAX_PRINCIPAL:
        raise ValueError("Valor financiado deve ser maior que zero e no máximo R$ 1.000.000.000,00.")
    return principal


def _check_months(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_MONTHS:
        raise ValueError(f"Prazo deve ser um número inteiro de meses entre 1 e {MAX_MONTHS}.")
    return value


def monthly_rate(annual: Decimal, kind: RateKind) -> Decimal:
    """Taxa mensal equivalente: efetiva → (1+i_a)^(1/12) − 1; nominal (capitalização mensal) → i_a/12."""
    rate = _check_rate(annual, MAX_ANNUAL_RATE, "Taxa anual")
    with localcontext() as ctx:
        ctx.prec = PRECISION
        if kind == "effective":
            return +((1 + rate) ** (Decimal(1) / 12) - 1)
        if kind == "nominal":
            return +(rate / 12)
    raise ValueError("Tipo de taxa deve ser 'effective' (efetiva) ou 'nominal'.")


def _schedule(system: System, principal: Decimal, rate: Decimal, lines: list[Instalment], amort: Decimal) -> Schedule:
    total_paid = sum((line.instalment for line in lines), Decimal("0.00"))
    return Schedule(
        system=system,
        principal=principal,
        monthly_rate=rate,
        months=len(lines),
        first_instalment=lines[0].instalment,
        last_instalment=lines[-1].instalment,
        amortization=amort,
        total_paid=total_paid,
        total_interest=total_paid - principal,
        instalments=lines,
    )


def price(principal: Decimal, monthly: Decimal, months: int) -> Schedule:
    """Tabela Price: parcela fixa PMT = PV·i/(1−(1+i)^−n), arredondada ao centavo; a última fecha o saldo."""
    pv = _check_principal(principal)
    rate = _check_rate(monthly, MAX_MONTHLY_RATE, "Taxa mensal")
    n = _check_months(months)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        pmt = _cents(pv / n if rate == 0 else pv * rate / (1 - (1 + rate) ** -n))
        lines: list[Instalment] = []
        balance = pv
        for k in range(1, n + 1):
            # Extrato como o do banco: juros sobre o saldo em centavos e parcela fixa em centavos. Pagar a PMT
            # arredondada deixa uma sobra (capitalizada) que a última parcela quita — em prazos longos, alguns reais.
            interest = _cents(balance * rate)
            amort = balance if k == n else min(pmt - interest, balance)  # pmt ≥ juros: saldo nunca cresce
            balance -= amort
            lines.append(Instalment(k, amort + interest, interest, amort, balance))
    return _schedule("price", pv, rate, lines, lines[0].amortization)


def sac(principal: Decimal, monthly: Decimal, months: int) -> Schedule:
    """SAC: amortização constante PV/n; parcela_k = PV/n + saldo_{k−1}·i."""
    pv = _check_principal(principal)
    rate = _check_rate(monthly, MAX_MONTHLY_RATE, "Taxa mensal")
    n = _check_months(months)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        exact_amort = pv / n
        lines: list[Instalment] = []
        shown = pv
        for k in range(1, n + 1):
            # Saldos exatos, arredondados só na linha; a amortização mostrada é a diferença dos saldos mostrados,
            # então a soma fecha no principal (ex.: 583,33 ou 583,34) sem jogar a sobra toda na última parcela.
            interest = _cents((pv - exact_amort * (k - 1)) * rate)
            balance = Decimal("0.00") if k == n else _cents(pv - exact_amort * k)
            amort = shown - balance
            shown = balance
            lines.append(Instalment(k, amort + interest, interest, amort, balance))
    return _schedule("sac", pv, rate, lines, _cents(exact_amort))


def simulate(principal: Decimal, annual_rate: Decimal, rate_kind: RateKind, months: int, system: System) -> Schedule:
    """Simulação a partir da taxa anual (efetiva ou nominal) no sistema pedido."""
    if system not in SYSTEM_LABELS:
        raise ValueError("Sistema de amortização deve ser 'price' ou 'sac'.")
    rate = monthly_rate(annual_rate, rate_kind)
    return price(principal, rate, months) if system == "price" else sac(principal, rate, months)


def brl(value: Decimal) -> str:
    """Moeda brasileira: R$ 1.983,33 (ROUND_HALF_UP ao centavo)."""
    text = f"{abs(_cents(value)):,.2f}".translate(str.maketrans(",.", ".,"))
    return f"-R$ {text}" if value < 0 and _cents(value) != 0 else f"R$ {text}"


def percent(rate: Decimal) -> str:
    """Fração como percentual pt-BR com duas casas: 0.02 → 2,00%."""
    return f"{(rate * 100).quantize(CENT, rounding=ROUND_HALF_UP):.2f}".replace(".", ",") + "%"


def describe(schedule: Schedule) -> str:
    """Resumo curto em pt-BR para responder no WhatsApp."""
    months = "1 mês" if schedule.months == 1 else f"{schedule.months} meses"
    head = (
        f"Financiamento de {brl(schedule.principal)} em {months} pela tabela {SYSTEM_LABELS[schedule.system]} "
        f"a {percent(schedule.monthly_rate)} a.m.: "
    )
    if schedule.months == 1:
        body = f"parcela única de {brl(schedule.first_instalment)}"
    elif schedule.system == "price":
        body = f"parcelas fixas de {brl(schedule.first_instalment)}"
        if schedule.last_instalment != schedule.first_instalment:
            body += f" (última {brl(schedule.last_instalment)}, ajuste de arredondamento)"
    else:
        body = f"1ª parcela {brl(schedule.first_instalment)}, última {brl(schedule.last_instalment)}"
    return f"{head}{body}, juros totais {brl(schedule.total_interest)}, total pago {brl(schedule.total_paid)}."
