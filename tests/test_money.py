"""Currencies, periods and French net pay: presentation only, never the model."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iasalaire.errors import InvalidValue
from iasalaire.money import NET_FR, Money, Presentation, exchange, net_ratio
from iasalaire.rates import RATES, SOURCES
from tests.conftest import run


def doc(*args: str) -> dict[str, Any]:
    result = run("estimate", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def fails(*args: str) -> str:
    result = run("estimate", *args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    return result.stderr


def test_every_rate_names_its_year_and_source() -> None:
    assert {"USD", "EUR", "GBP", "CAD", "CHF", "INR", "JPY"} <= set(RATES)
    for code, years in RATES.items():
        for year, (rate, source) in years.items():
            assert 2020 <= year <= 2030 and rate > 0 and source in SOURCES, code
    assert 0.8 < RATES["EUR"][2025][0] < 1.0  # euros per dollar, 2025 average
    assert RATES["CLP"][2021][1] == "ref:R5"  # the ECB has no peso rate: aijobs.net's


@settings(max_examples=200, deadline=None)
@given(usd=st.floats(1_000, 5_000_000), code=st.sampled_from(sorted(RATES)))
def test_usd_to_another_currency_and_back_is_within_rounding(usd: float, code: str) -> None:
    there = Money(code, exchange("USD", code, 2025))
    back = Money("USD", exchange(code, "USD", 2025))
    shown = there.amount(usd)  # rounded to 100 of that currency
    returned = back.amount(shown)  # and back to dollars, rounded to 100
    assert abs(returned - usd) <= 50 / there.rate + 50 + 1e-6  # one rounding step each way
    assert there.back(there.show(usd)) == pytest.approx(usd)


def test_currency_changes_the_amounts_and_says_the_rate() -> None:
    usd, eur = doc("--exp", "5", "--city", "Paris"), doc("--exp", "5", "--city", "Paris",
                                                         "--currency", "eur")
    rate = RATES["EUR"][2025][0]
    assert eur["currency"] == "EUR" and usd["currency"] == "USD" and usd["exchange"] is None
    assert eur["exchange"] == {"from": "USD", "to": "EUR", "rate": round(rate, 6),
                               "year": 2025, "source": "ref:R10"}
    assert abs(eur["median"] - usd["median"] * rate) <= 100
    assert eur["factors"] == usd["factors"] and eur["profile"] == usd["profile"]  # same model


@pytest.mark.parametrize(("args", "currency"), [
    (["--city", "Paris"], "EUR"), (["--city", "London"], "GBP"), (["--country", "IN"], "INR"),
    (["--city", "Zurich"], "CHF"), (["--city", "Austin"], "USD"), (["--country", "JP"], "JPY"),
])
def test_local_currency_is_the_profile_country_s(args: list[str], currency: str) -> None:
    assert doc(*args, "--currency", "local")["currency"] == currency


@pytest.mark.parametrize(("args", "message"), [
    (["--currency", "EUO"], "unknown currency 'EUO' (did you mean 'EUR'?)"),
    (["--currency", "XYZ"], "unknown currency 'XYZ'"),
    (["--currency", "local"], "--currency local needs a country"),
    (["--country", "VE", "--currency", "local"], "no exchange rate for the currency of VE"),
    (["--period", "year", "--months", "13"], "--months needs --period month"),
    (["--period", "month", "--months", "20"], "--months must be from 12 to 16"),
    (["--city", "Berlin", "--net"], "there is one for France (FR) only, not for DE"),
    (["--net"], "no country is given"),
    (["--country", "BE", "--net", "--currency", "EUR"], "not for BE"),
])
def test_bad_presentation_options_exit_2(args: list[str], message: str) -> None:
    assert message in fails(*args)


def test_month_is_a_twelfth_or_a_thirteenth() -> None:
    year = doc("--exp", "5", "--city", "Paris", "--currency", "EUR")
    month = doc("--exp", "5", "--city", "Paris", "--currency", "EUR", "--period", "month")
    thirteen = doc("--exp", "5", "--city", "Paris", "--currency", "EUR", "--period", "month",
                   "--months", "13")
    assert month["period"] == {"unit": "month", "per_year": 12}
    assert thirteen["period"] == {"unit": "month", "per_year": 13}
    assert abs(month["median"] - year["median"] / 12) <= 10
    assert abs(thirteen["median"] - year["median"] / 13) <= 10
    assert month["median"] % 10 == 0


@pytest.mark.parametrize(("gross", "ratio"), list(NET_FR))
def test_net_ratio_at_r9_points(gross: float, ratio: float) -> None:
    assert net_ratio(gross) == pytest.approx(ratio)


@pytest.mark.parametrize(("gross", "ratio"), [
    (37_500, (0.781 + 0.784) / 2),
    (70_000, (0.787 + 0.791) / 2),
    (125_000, (0.793 + 0.796) / 2),
    (10_000, 0.781),  # flat below the table
    (400_000, 0.796),  # and above it
])
def test_net_ratio_between_r9_points(gross: float, ratio: float) -> None:
    assert net_ratio(gross) == pytest.approx(ratio)


@given(st.floats(0, 1e7), st.floats(0, 1e7))
def test_net_ratio_never_falls_as_pay_rises(a: float, b: float) -> None:
    low, high = sorted((a, b))
    assert net_ratio(low) <= net_ratio(high)


def test_net_applies_r9_to_the_gross_in_euros() -> None:
    gross = doc("--exp", "5", "--city", "Paris", "--currency", "EUR")
    net = doc("--exp", "5", "--city", "Paris", "--currency", "EUR", "--net")
    ratio = net_ratio(gross["median"])
    assert abs(net["median"] - gross["median"] * ratio) <= 100
    assert net["net"] == {"basis": "net before income tax", "country": "FR",
                          "ratio_at_median": pytest.approx(ratio, abs=1e-3), "source": "ref:R9"}
    # net in dollars still reads R9 by the gross in euros
    in_usd = doc("--exp", "5", "--city", "Paris", "--net")
    assert in_usd["currency"] == "USD" and in_usd["net"]["ratio_at_median"] == net["net"][
        "ratio_at_median"]


def test_money_back_inverts_net_month_and_currency() -> None:
    rate = exchange("USD", "EUR", 2025)
    money = Money("EUR", rate, "month", 13, True, rate.rate if rate else 1.0)
    for yearly in (40_000.0, 90_000.0, 250_000.0):
        assert money.back(money.show(yearly)) == pytest.approx(yearly, rel=1e-9)


def test_presentation_needs_france_for_net() -> None:
    with pytest.raises(InvalidValue, match="France"):
        Presentation(net=True).money("USD", "2025.1", "DE")
    assert Presentation(net=True).money("USD", "2025.1", "FR").net


def test_rates_fall_back_to_the_latest_year_a_currency_has() -> None:
    rate = exchange("USD", "CLP", 2025)
    assert rate is not None and rate.year == 2021 and rate.source == "ref:R5"
    assert math.isclose(rate.rate, RATES["CLP"][2021][0])


def test_batch_currency_converts_each_record_and_says_which() -> None:
    lines = '{"years": 5, "city": "Paris"}\n{"years": 5, "city": "London"}\n{"years": 5}\n'
    from typer.testing import CliRunner

    from iasalaire.cli import app

    out = CliRunner().invoke(app, ["batch", "--currency", "local"], input=lines)
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r.get("currency") for r in records] == ["EUR", "GBP", None]
    assert records[2]["ok"] is False and records[2]["error"]["field"] == "currency"
    assert out.exit_code == 1
    bad = CliRunner().invoke(app, ["batch", "--currency", "XEU"], input=lines)
    assert bad.exit_code == 2 and "unknown currency" in bad.stderr and bad.stdout == ""
    csv = CliRunner().invoke(app, ["batch", "--currency", "GBP", "--output-format", "csv"],
                             input=lines)
    header, first = csv.stdout.splitlines()[:2]
    assert header.endswith(",currency") and first.endswith(",GBP")
