"""An offer placed on the profile's range: percentile, gap, words; absurd offers refused."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iasalaire.api import estimate_profile
from iasalaire.errors import InvalidValue
from iasalaire.money import Money, Presentation
from iasalaire.offer import place
from tests.conftest import run


def offer_of(*args: str) -> dict[str, Any]:
    result = run("estimate", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_an_offer_at_the_median_is_at_the_50th_percentile() -> None:
    median = offer_of("--exp", "5", "--city", "Austin")["median"]
    doc = offer_of("--exp", "5", "--city", "Austin", "--offer", str(median))
    offer = dict(doc["offer"])
    # the offer is the rounded median: what it buys is the median's within one rounding step
    assert abs(offer.pop("purchasing_power") - doc["purchasing_power"]["amount"]) <= 100
    assert offer == {"amount": median, "percentile": 50.0, "gap": 0, "gap_percent": 0.0,
                     "position": "middle-half"}
    assert str(offer["gap_percent"]) == "0.0"  # never -0.0


@pytest.mark.parametrize(("name", "percentile", "position"), [
    ("p10", 10, "below-middle-half"), ("p25", 25, "middle-half"), ("p75", 75, "middle-half"),
    ("p90", 90, "above-middle-half")])
def test_an_offer_at_a_percentile_is_placed_at_it(name: str, percentile: int,
                                                  position: str) -> None:
    result = estimate_profile({"years": 5, "city": "Paris", "role": "ml-engineer"})
    money = Money("USD", None)
    placed = place(result, money, result.percentiles[name])
    assert placed.percentile == pytest.approx(percentile, abs=1e-6)
    assert placed.position == position


@given(st.floats(0.2, 5.0))
def test_percentile_rises_with_the_offer(ratio: float) -> None:
    result = estimate_profile({"years": 3, "city": "Seattle"})
    money = Money("USD", None)
    placed = place(result, money, result.median * ratio)
    assert 0 < placed.percentile < 100
    assert place(result, money, result.median * ratio * 1.01).percentile >= placed.percentile


@pytest.mark.parametrize("ratio", [0.3, 0.5, 2.0, 3.0])
def test_beyond_p10_and_p90_the_tails_follow_the_estimate_s_sigma(ratio: float) -> None:
    import math

    result = estimate_profile({"years": 3, "city": "Seattle"})
    placed = place(result, Money("USD", None), result.median * ratio)
    name = "p10" if ratio < 1 else "p90"
    anchor = math.log(result.percentiles[name] / result.median) / result.sigma
    standard = -1.2815515655446004 if ratio < 1 else 1.2815515655446004
    z = standard + math.log(ratio) / result.sigma - anchor
    assert placed.percentile == pytest.approx(50 * (1 + math.erf(z / math.sqrt(2))))


def test_offer_in_euros_per_month_net_is_read_in_those_units() -> None:
    doc = offer_of("--exp", "5", "--city", "Paris", "--currency", "EUR", "--period", "month",
                   "--net")
    median = doc["median"]
    placed = offer_of("--exp", "5", "--city", "Paris", "--currency", "EUR", "--period", "month",
                      "--net", "--offer", str(median))["offer"]
    assert abs(placed["percentile"] - 50) < 0.5  # the median, within the rounding to 10
    low = offer_of("--exp", "5", "--city", "Paris", "--currency", "EUR", "--period", "month",
                   "--net", "--offer", str(doc["percentiles"]["p10"] - 200))["offer"]
    assert low["position"] == "below-p10" and low["gap"] < 0 and low["gap_percent"] < 0


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@pytest.mark.parametrize(("name", "words"), [
    ("p10", "below the middle half"), ("p50", "within the middle half"),
    ("p90", "above the middle half")])
def test_offer_in_the_table_says_where_it_sits(name: str, words: str) -> None:
    args = ("--exp", "5", "--city", "Austin")
    amount = offer_of(*args)["percentiles"][name] + (-100 if name == "p90" else 100)
    placed = offer_of(*args, "--offer", str(amount))["offer"]
    out = run("estimate", *args, "--offer", str(amount), COLUMNS="100").stdout
    pct = ordinal(round(placed["percentile"]))
    assert f"  Offer   {amount:,}   {pct} percentile: {words}\n" in out
    assert (f"  Gap     {placed['gap']:+,} ({placed['gap_percent']:+.1f}%) from the median"
            in out)


@pytest.mark.parametrize(("offer", "message"), [
    ("-5", "--offer must be a positive amount (got -5)"),
    ("0", "--offer must be a positive amount (got 0)"),
    ("nan", "--offer must be an amount such as 165000, 165k, 165 000 or $165,000 (got 'nan')"),
    ("inf", "--offer must be an amount such as 165000, 165k, 165 000 or $165,000 (got 'inf')"),
    ("165", "--offer 165 is not a plausible offer for this profile (median "),
    ("1000000000000", "is not a plausible offer"),
    ("1e12", "--offer must be an amount such as"),
])
def test_a_negative_zero_or_absurd_offer_is_exit_2(offer: str, message: str) -> None:
    result = run("estimate", "--exp", "5", "--city", "Austin", "--offer", offer)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr


def test_a_monthly_offer_given_as_yearly_is_caught() -> None:
    result = run("estimate", "--exp", "5", "--city", "Austin", "--period", "month",
                 "--offer", "150000")
    assert result.exit_code == 2 and "a month)" in result.stderr


def test_presentation_never_changes_the_model() -> None:
    result = estimate_profile({"years": 5, "city": "Paris"})
    money = Presentation("EUR", "month", 13, True).money("USD", "2025.1", "FR")
    with pytest.raises(InvalidValue):
        place(result, money, -1)
    again = estimate_profile({"years": 5, "city": "Paris"})
    assert again.percentiles == result.percentiles and again.sigma == result.sigma
