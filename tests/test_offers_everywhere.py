"""Issue 18: an offer as people write it, in estimate, compare (per scenario, per value) and
curve, and what it buys at US-average prices where a price level is known."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iasalaire.errors import InvalidValue
from iasalaire.offer import parse_amount
from tests.conftest import run


@pytest.mark.parametrize(("text", "amount"), [
    ("165000", 165000), ("165k", 165000), ("165K", 165000), ("165.5k", 165500),
    ("165 000", 165000), ("165\u202f000", 165000), ("165\u00a0000", 165000),
    ("165,000", 165000), ("$165,000", 165000), ("165_000", 165000), ("165 000 €", 165000),
    ("€ 165 000", 165000), ("1,250,000", 1250000), ("4500.50", 4500.5)])
def test_an_offer_reads_as_people_write_it(text: str, amount: float) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["165,00", "1,5k", "165 000,50", "1,000 000", "abc", "1e5",
                                  "$165,000$", "165kk", "", "k"])
def test_an_ambiguous_offer_is_refused_not_guessed(text: str) -> None:
    with pytest.raises(InvalidValue, match="must be an amount such as 165000, 165k"):
        parse_amount(text)


def as_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_every_way_to_write_it_gives_the_same_document() -> None:
    args = ("estimate", "--exp", "5", "--city", "Austin")
    documents = [as_json(*args, "--offer", text) for text in ("165000", "165k", "$165,000",
                                                              "165 000")]
    assert all(d == documents[0] for d in documents)


def test_scenario_offers_show_percentile_and_us_prices() -> None:
    document = as_json("compare", "city=Austin offer=165k", "city=Seattle offer=180k",
                       "--exp", "5")
    austin, seattle = (s["estimate"] for s in document["scenarios"])
    for scenario, amount in ((austin, 165000), (seattle, 180000)):
        offer = scenario["offer"]
        level = scenario["purchasing_power"]["price_level"]
        assert offer["amount"] == amount
        assert offer["purchasing_power"] == round(amount / (level / 100), -2)
    # Austin's smaller offer buys more than Seattle's larger one.
    assert austin["offer"]["purchasing_power"] > seattle["offer"]["purchasing_power"]
    table = run("compare", "city=Austin offer=165k", "city=Seattle offer=180k", "--exp", "5",
                "--lang", "en", COLUMNS="120").stdout.splitlines()
    assert "offer in US prices" in table[1]
    pct = round(austin["offer"]["percentile"])
    assert f"165,000 ({pct}th pct)" in table[2]
    assert f"{austin['offer']['purchasing_power']:,}" in table[2]


def test_compare_by_value_takes_one_offer_or_one_per_value() -> None:
    one = as_json("compare", "city", "Austin", "Seattle", "--exp", "5", "--offer", "165k")
    assert [d["offer"]["amount"] for d in one] == [165000, 165000]
    each = as_json("compare", "city", "Austin", "Seattle", "--exp", "5", "--offer", "165k",
                   "--offer", "180k")
    assert [d["offer"]["amount"] for d in each] == [165000, 180000]
    wrong = run("compare", "city", "Austin", "Seattle", "Paris", "--offer", "1k", "--offer",
                "2k")
    assert wrong.exit_code == 2
    assert "give one --offer for every compared profile, or one per profile (3); got 2" \
        in wrong.stderr
    both = run("compare", "city=Austin offer=165k", "city=Seattle", "--offer", "170k")
    assert both.exit_code == 2 and "has its own offer" in both.stderr


def test_curve_places_the_offer_on_each_year() -> None:
    document = as_json("curve", "--city", "Austin", "--offer", "165k")
    points = document["offer"]["points"]
    assert document["offer"]["amount"] == 165000 and len(points) == 31
    percentiles = [p["percentile"] for p in points]
    assert percentiles == sorted(percentiles, reverse=True)  # pay rises with experience
    table = run("curve", "--city", "Austin", "--offer", "165k", "--lang", "en",
                COLUMNS="80").stdout
    reached = next(p["years"] for p in points if p["percentile"] <= 50)
    assert (f"Offer: 165,000 (◆), the median reaches it from {reached} years of experience"
            in table)
    assert table.count("◆") == 32  # the legend and one a year
    assert as_json("curve", "--city", "Austin")["offer"] is None


@pytest.mark.parametrize(("value", "en", "fr"), [(0.2, "1st", "1er"), (1.4, "1st", "1er"),
                                                 (2, "2nd", "2e"), (11, "11th", "11e"),
                                                 (23, "23rd", "23e"), (99.9, "99th", "99e")])
def test_ordinals_read_right_in_both_languages(value: float, en: str, fr: str) -> None:
    from iasalaire.i18n import language
    from iasalaire.money import Money
    from iasalaire.render import View

    assert View(language("en"), Money("USD", None)).ordinal(value) == en
    assert View(language("fr"), Money("USD", None)).ordinal(value) == fr
