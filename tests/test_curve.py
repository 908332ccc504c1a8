"""curve: the median and the middle half by years of experience, 0 to 30."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run


def test_curve_points_are_the_estimates_at_each_year() -> None:
    doc = json.loads(run("curve", "--city", "Paris", "--role", "data-scientist", "--json").stdout)
    for point in (doc["points"][0], doc["points"][7], doc["points"][30]):
        alone = json.loads(run("estimate", "--json", "--exp", str(point["years"]), "--city",
                               "Paris", "--role", "data-scientist").stdout)
        assert (point["median"], point["low"], point["high"]) == (
            alone["median"], alone["range"]["low"], alone["range"]["high"])
    medians = [p["median"] for p in doc["points"]]
    assert medians == sorted(medians)  # experience never lowers pay
    assert doc["profile"]["city"] == "paris" and "years" not in doc["profile"]


def test_curve_in_euros_per_month() -> None:
    year = json.loads(run("curve", "--city", "Lyon", "--currency", "EUR", "--json").stdout)
    month = json.loads(run("curve", "--city", "Lyon", "--currency", "EUR", "--period", "month",
                           "--json").stdout)
    assert year["currency"] == month["currency"] == "EUR"
    assert abs(month["points"][5]["median"] - year["points"][5]["median"] / 12) <= 10


def test_curve_draws_one_line_a_year_within_the_terminal() -> None:
    out = run("curve", "--city", "Austin", COLUMNS="80").stdout
    lines = out.splitlines()
    assert lines[0].startswith("Median and middle half by years of experience: Austin")
    years = [line for line in lines if line[:8].strip().isdigit()]
    assert [int(line[:8]) for line in years] == list(range(31))
    assert all(len(line) <= 80 for line in lines)
    assert all("│" in line and "█" in line for line in years)


@pytest.mark.parametrize("option", ["--exp", "--level"])
def test_curve_takes_no_experience_option(option: str) -> None:
    result = run("curve", option, "5")
    assert result.exit_code == 2
    assert "No such option" in result.stderr
