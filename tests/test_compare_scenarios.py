"""compare: values of one field, or 2 to 6 scenarios of field=value changes; narrow terminals,
CSV and Markdown; purchasing power everywhere."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest

from iasalaire.commands.compare import parse_scenario
from iasalaire.errors import InvalidValue
from tests.conftest import run

SCENARIOS = ["city=Austin offer=165000", "city=Seattle cert=aws-ml-specialty offer=180000"]
COMMON = ["--exp", "5", "--role", "ml-engineer"]


def compare_json(*args: str) -> Any:
    result = run("compare", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def estimate_json(*args: str) -> dict[str, Any]:
    return json.loads(run("estimate", "--json", *args).stdout)


def test_scenarios_are_estimates_of_their_changes_over_the_common_options() -> None:
    doc = compare_json(*SCENARIOS, *COMMON)
    assert doc["schema"] == "iasalaire.compare/1" and doc["currency"] == "USD"
    austin, seattle = doc["scenarios"]
    assert austin["scenario"] == SCENARIOS[0] and austin["changes"] == {
        "city": "Austin", "offer": 165000.0}
    assert seattle["changes"] == {"city": "Seattle", "certs": ["aws-ml-specialty"],
                                  "offer": 180000.0}
    alone = estimate_json("--city", "Seattle", "--cert", "aws-ml-specialty", *COMMON,
                          "--offer", "180000")
    assert seattle["estimate"] == alone
    assert austin["vs_first"] == {"amount": 0, "percent": 0.0}
    gap = seattle["estimate"]["median"] - austin["estimate"]["median"]
    assert abs(seattle["vs_first"]["amount"] - gap) <= 100
    assert austin["estimate"]["purchasing_power"]["source"] == "ref:R6"
    assert 0 < austin["estimate"]["offer"]["percentile"] < 50


def test_scenario_table_shows_offers_differences_and_factors() -> None:
    result = run("compare", *SCENARIOS, *COMMON, COLUMNS="230")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Estimated pay (USD / year)"
    assert "offer" in lines[1] and "what makes it" in lines[1] and "in US prices" in lines[1]
    austin, seattle = compare_json(*SCENARIOS, *COMMON)["scenarios"]
    pct = round(austin["estimate"]["offer"]["percentile"])
    city = next(f for f in austin["estimate"]["factors"] if f["dimension"] == "city")
    assert f"165,000 ({pct}" in lines[2] and f"Austin x{city['multiplier']:.3f}" in lines[2]
    gap = seattle["vs_first"]
    assert f"{gap['amount']:+,} ({gap['percent']:+.1f}%)" in lines[3]
    assert "aws-ml-specialty x1.065" in lines[3]


def test_a_change_of_years_replaces_a_common_level() -> None:
    doc = compare_json("exp=2", "level=senior", "--level", "junior")
    assert [s["estimate"]["profile"]["years"] for s in doc["scenarios"]] == [2.0, None]
    assert doc["scenarios"][1]["estimate"]["profile"]["level"] == "senior"


@pytest.mark.parametrize(("args", "message"), [
    (["city", "city=Paris"], "malformed scenario 'city': 'city' is not FIELD=VALUE"),
    (["=x", "city=Paris"], "malformed scenario '=x': '=x' is not FIELD=VALUE"),
    (["town=Paris", "city=Paris"], "unknown field 'town' in scenario 'town=Paris'"),
    (["city=", "city=Paris"], "empty value for city in scenario 'city='"),
    (["exp=five", "city=Paris"], "exp must be a number in scenario 'exp=five' (got 'five')"),
    (["city=A city=B", "city=Paris"], "city is given twice in scenario 'city=A city=B'"),
    (["city='San Francisco", "city=Paris"], "malformed scenario"),
    (["city=Paris"], "give 2 to 6 scenarios (got 1)"),
    ([f"exp={n}" for n in range(7)], "give 2 to 6 scenarios (got 7)"),
    (["city=Pariss", "city=Austin"], "unknown city 'Pariss' (did you mean 'Paris'?)"),
    (["city=Austin offer=-3", "city=Paris"], "--offer must be a positive amount"),
    (["city=Paris", "city=London", "--currency", "local"], "different currencies (EUR, GBP)"),
])
def test_malformed_scenarios_exit_2_naming_them(args: list[str], message: str) -> None:
    result = run("compare", *args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert message in result.stderr


def test_scenario_values_with_spaces_are_quoted() -> None:
    assert parse_scenario("city='San Francisco' skill=llm skill=python") == {
        "city": "San Francisco", "skills": ["llm", "python"]}
    with pytest.raises(InvalidValue, match="empty scenario"):
        parse_scenario("  ")


def test_the_field_form_still_works_and_its_json_is_a_list_of_estimates() -> None:
    docs = compare_json("city", "SF", "Austin", "Paris", "--exp", "5")
    assert isinstance(docs, list) and [d["profile"]["city"] for d in docs] == [
        "san-francisco", "austin", "paris"]
    assert docs[1] == estimate_json("--exp", "5", "--city", "Austin")
    # purchasing power ("Buys") is a documented key: a figure for US metros, null elsewhere
    power = docs[0]["purchasing_power"]
    assert power["source"] == "ref:R6" and power["price_level"] > 100
    assert power["amount"] == round(docs[0]["median"] / (power["price_level"] / 100), -2)
    assert docs[2]["purchasing_power"] is None


@pytest.mark.parametrize("columns", ["40", "60", "80", "100"])
def test_compare_never_cuts_a_number_at_any_width(columns: str) -> None:
    args = ("compare", "city", "SF", "Austin", "Seattle", "Paris", "--exp", "5")
    out = run(*args, COLUMNS=columns).stdout
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    flat = " ".join(out.split())
    for doc in compare_json(*args[1:]):
        for value in (doc["median"], doc["range"]["low"], doc["range"]["high"]):
            assert f"{value:,}" in flat


def test_compare_at_40_columns_is_stacked() -> None:
    out = run("compare", "city", "SF", "Austin", "--exp", "5", COLUMNS="40").stdout
    sf = compare_json("city", "SF", "Austin", "--exp", "5")[0]
    low, high = sf["range"]["low"], sf["range"]["high"]
    assert out.splitlines()[1:4] == ["SF", f"  median           {sf['median']:,}",
                                     f"  range (p25-p75)  {low:,} - {high:,}"]


def test_compare_csv_has_one_record_per_profile_with_buys() -> None:
    result = run("compare", "city", "SF", "Paris", "--exp", "5", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["name"] for r in rows] == ["SF", "Paris"]
    docs = compare_json("city", "SF", "Paris", "--exp", "5")
    assert rows[0]["buys"] == str(docs[0]["purchasing_power"]["amount"]) and rows[1]["buys"] == ""
    change = round((docs[1]["median"] / docs[0]["median"] - 1) * 100, 1)
    assert rows[0]["currency"] == "USD" and abs(float(rows[1]["vs_first_percent"]) - change) < 0.2
    assert [int(r["median"]) for r in rows] == [d["median"] for d in docs]


def test_compare_markdown_is_a_table_with_buys_and_offers() -> None:
    out = run("compare", *SCENARIOS, *COMMON, "--format", "markdown").stdout
    lines = out.splitlines()
    assert lines[0] == "**Estimated pay** (USD / year)"
    assert lines[2].startswith("| scenario | median | range (p25-p75) |")
    assert "in US prices" in lines[2] and "offer" in lines[2]
    austin = compare_json(*SCENARIOS, *COMMON)["scenarios"][0]["estimate"]
    assert re.search(rf"\| Austin \| {austin['median']:,} \| .* \| "
                     rf"{austin['purchasing_power']['amount']:,} \| "
                     r"165,000 \(\d+\w\w pct\) \|", out)


def test_compare_in_french_and_euros() -> None:
    result = run("compare", "city", "Paris", "Lyon", "--exp", "5", "--lang", "fr",
                 "--currency", "EUR", COLUMNS="100")
    assert result.stdout.startswith("Salaire estimé (€ brut / an)\n")
    median = compare_json("city", "Paris", "Lyon", "--exp", "5", "--currency", "EUR")[0]["median"]
    assert f"{median:,}".replace(",", "\u202f") in result.stdout
