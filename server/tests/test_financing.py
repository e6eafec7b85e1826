"""Simulador de financiamento (wacs/ai/financing.py): vetores de /work/shared/spec/PROTOCOLS.md §4 e invariantes."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from wacs.ai.financing import Schedule, brl, describe, monthly_rate, price, sac, simulate

CENT = D("0.01")


def close(value: D, expected: str) -> bool:
    return abs(value - D(expected)) <= CENT


def assert_consistent(schedule: Schedule) -> None:
    lines = schedule.instalments
    assert [line.number for line in lines] == list(range(1, schedule.months + 1))
    assert sum(line.amortization for line in lines) == schedule.principal
    assert lines[-1].balance == D("0.00")
    assert schedule.total_paid == sum(line.instalment for line in lines)
    assert schedule.total_interest == schedule.total_paid - schedule.principal
    assert schedule.total_interest == sum(line.interest for line in lines)
    previous = schedule.principal
    for line in lines:
        assert line.instalment == line.amortization + line.interest
        assert line.balance == previous - line.amortization
        assert line.interest >= 0 and line.amortization >= 0
        for value in (line.instalment, line.interest, line.amortization, line.balance):
            assert value == value.quantize(CENT)
        previous = line.balance
    assert schedule.first_instalment == lines[0].instalment
    assert schedule.last_instalment == lines[-1].instalment


def test_price_vectors() -> None:
    small = price(D(5000), D("0.02"), 10)
    assert small.first_instalment == D("556.63")
    assert all(line.instalment == D("556.63") for line in small.instalments[:-1])
    assert small.last_instalment == D("556.67")  # quita a sobra de pagar 556,63 em vez de 556,6327…
    assert_consistent(small)

    big = price(D(10000), D("0.10"), 4)
    assert big.first_instalment == D("3154.71")
    assert big.total_interest == D("2618.83")
    assert big.amortization == D("2154.71")
    assert_consistent(big)


def test_sac_vectors() -> None:
    schedule = sac(D(70000), D("0.02"), 120)
    assert schedule.system == "sac"
    assert schedule.amortization == D("583.33")
    assert schedule.first_instalment == D("1983.33")
    assert schedule.instalments[1].interest == D("1388.33")
    assert schedule.last_instalment == D("595.00")
    assert schedule.total_interest == D("84700.00")
    assert all(close(line.amortization, "583.33") for line in schedule.instalments)
    assert_consistent(schedule)


def test_monthly_rate() -> None:
    effective = monthly_rate(D("0.12"), "effective")
    assert abs(effective - D("0.0094888")) < D("0.0000001")
    assert abs((1 + effective) ** 12 - D("1.12")) < D("1e-20")
    assert monthly_rate(D("0.12"), "nominal") == D("0.01")
    assert monthly_rate(D(0), "effective") == 0


@pytest.mark.parametrize("system", ["price", "sac"])
def test_zero_rate(system: str) -> None:
    schedule = simulate(D(1000), D(0), "nominal", 3, system)  # type: ignore[arg-type]
    assert schedule.total_interest == D("0.00")
    assert schedule.total_paid == D("1000.00")
    assert all(close(line.instalment, "333.33") for line in schedule.instalments)
    assert_consistent(schedule)


@pytest.mark.parametrize(
    ("principal", "annual", "kind", "months"),
    [
        (D(300000), D("0.12"), "effective", 360),
        (D("123456.78"), D("0.0999"), "nominal", 420),
        (D("1000000000"), D(10), "effective", 600),
        (D("0.01"), D("0.01"), "nominal", 600),
        (D(1500), D("0.5"), "effective", 1),
    ],
)
@pytest.mark.parametrize("system", ["price", "sac"])
def test_invariants(principal: D, annual: D, kind: str, months: int, system: str) -> None:
    schedule = simulate(principal, annual, kind, months, system)  # type: ignore[arg-type]
    assert schedule.months == months
    assert_consistent(schedule)
    if system == "price":  # parcela fixa; só a última absorve a sobra do arredondamento
        assert len({line.instalment for line in schedule.instalments[:-1]}) <= 1


def test_brl() -> None:
    assert brl(D("1983.333")) == "R$ 1.983,33"
    assert brl(D("0.005")) == "R$ 0,01"
    assert brl(D("1234567.8")) == "R$ 1.234.567,80"
    assert brl(D(0)) == "R$ 0,00"
    assert brl(D("-12.5")) == "-R$ 12,50"


def test_describe() -> None:
    text = describe(sac(D(70000), D("0.02"), 120))
    assert text == (
        "Financiamento de R$ 70.000,00 em 120 meses pela tabela SAC a 2,00% a.m.: 1ª parcela R$ 1.983,33, "
        "última R$ 595,00, juros totais R$ 84.700,00, total pago R$ 154.700,00."
    )
    text = describe(price(D(10000), D("0.10"), 4))
    assert text.startswith("Financiamento de R$ 10.000,00 em 4 meses pela tabela Price a 10,00% a.m.: ")
    assert "parcelas fixas de R$ 3.154,71" in text and "juros totais R$ 2.618,83" in text
    assert "1 mês" in describe(price(D(100), D("0.01"), 1))
    assert "0,95% a.m." in describe(simulate(D(1000), D("0.12"), "effective", 12, "price"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: price(D(0), D("0.01"), 10), "Valor financiado"),
        (lambda: price(D(-1), D("0.01"), 10), "Valor financiado"),
        (lambda: sac(D("1000000000.01"), D("0.01"), 10), "Valor financiado"),
        (lambda: price(D("NaN"), D("0.01"), 10), "finito"),
        (lambda: price(1000.0, D("0.01"), 10), "float"),  # type: ignore[arg-type]
        (lambda: price(D(1000), D("0.01"), 0), "Prazo"),
        (lambda: sac(D(1000), D("0.01"), 601), "Prazo"),
        (lambda: sac(D(1000), D("0.01"), True), "Prazo"),
        (lambda: price(D(1000), D("-0.01"), 10), "Taxa mensal"),
        (lambda: sac(D(1000), D("1.01"), 10), "Taxa mensal"),
        (lambda: monthly_rate(D("10.5"), "effective"), "Taxa anual"),
        (lambda: monthly_rate(D("0.1"), "composta"), "Tipo de taxa"),  # type: ignore[arg-type]
        (lambda: simulate(D(1000), D("0.1"), "nominal", 10, "germanica"), "Sistema"),  # type: ignore[arg-type]
    ],
)
def test_invalid_inputs(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]
