"""The built-in default follows the salary surveys (R5 and R7, each counting once); the article's
figures stay reproducible as `--data article`, shown beside the measured figure; every view says
what the figure is (base salary); places rank as national statistics say."""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import pytest

import iasalaire
from iasalaire.core import BASIS
from iasalaire.data import load_data
from tests.conftest import run

BASIS_TEXT = "base salary: gross, before tax, yearly, without bonus or equity"


def median(**fields: object) -> int:
    return int(iasalaire.estimate(fields)["median"])


def test_the_default_level_is_measured_on_the_surveys_below_the_articles() -> None:
    default, article = load_data().file, load_data("article").file
    assert article.name == "article" and article.base.median == 175_600
    assert default.name == "baseline" and default.reference == "article"
    # The surveys put the US level at about 0.7-0.9 of the article's S1.
    assert 0.7 <= default.base.median / article.base.median <= 0.9
    assert default.base.source.startswith("data:") and "R7" in default.base.note


def test_the_gap_between_the_two_surveys_is_a_population_part_of_every_range() -> None:
    doc = iasalaire.estimate({"years": 5, "country": "US"})
    parts = {p["part"]: p for p in doc["spread"]["parts"]}
    assert 0 < parts["population"]["sigma"] < 0.3
    assert "surveys disagree" in parts["population"]["why"]
    article = iasalaire.estimate({"years": 5, "country": "US"}, "article")
    assert "population" not in {p["part"] for p in article["spread"]["parts"]}


def test_estimate_json_says_the_basis_and_the_articles_figure_beside() -> None:
    result = run("estimate", "--exp", "3", "--city", "Lyon", "--currency", "EUR", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["basis"] == BASIS == BASIS_TEXT
    said = doc["article"]
    assert said["data"] == "article" and said["source"] == "seed:S1"
    on_article = json.loads(run("estimate", "--exp", "3", "--city", "Lyon", "--currency",
                                "EUR", "--data", "article", "--json").stdout)
    assert said["median"] == on_article["median"]  # in the shown currency, EUR
    assert said["range"] == on_article["range"]
    assert on_article["article"] is None and on_article["basis"] == BASIS_TEXT
    assert said["ratio"] == pytest.approx(doc["median"] / said["median"], abs=0.01)


@pytest.mark.parametrize("form", [[], ["--format", "markdown"]])
def test_the_human_views_state_the_basis_and_the_articles_figure(form: list[str]) -> None:
    result = run("estimate", "--exp", "5", "--city", "SF", *form, COLUMNS="200")
    assert result.exit_code == 0, result.stderr
    article = iasalaire.estimate({"years": 5, "city": "SF"}, "article")["median"]
    assert BASIS_TEXT in result.stdout
    assert f"the article says {article:,} for this profile (seed:S1, --data article)" in (
        result.stdout)


@pytest.mark.parametrize("command", [["estimate", "--json"], ["compare", "years", "0", "5",
                                                                "--json"],
                                      ["curve", "--json"], ["list", "cities"]])
def test_data_article_is_taken_wherever_data_is(command: list[str]) -> None:
    result = run(*command, "--data", "article")
    assert result.exit_code == 0, result.stderr
    if "--json" in command and command[0] == "estimate":
        assert json.loads(result.stdout)["data"]["name"] == "article"


def test_a_file_named_article_is_reached_through_its_directory(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    from iasalaire.data import packaged_path

    doc = json.loads(packaged_path("article").read_text(encoding="utf-8"))
    doc["name"] = "my-own"
    (tmp_path / "article").write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    built_in = json.loads(run("estimate", "--data", "article", "--json").stdout)
    own = json.loads(run("estimate", "--data", str(tmp_path / "article"), "--json").stdout)
    assert (built_in["data"]["name"], own["data"]["name"]) == ("article", "my-own")


def test_a_calibrated_file_names_no_reference_and_no_population_part(
        write_csv: object, tmp_path: Path) -> None:
    from tests.conftest import PROFILE_HEADER, planted_rows

    survey = tmp_path / "s.csv"
    survey.write_text(",".join(PROFILE_HEADER) + "\n" + "\n".join(
        ",".join(str(c) for c in row) for row in planted_rows(400)) + "\n", encoding="utf-8")
    model = tmp_path / "m.json"
    assert run("calibrate", str(survey), "-o", str(model)).exit_code == 0
    fitted = json.loads(model.read_text(encoding="utf-8"))
    assert "reference" not in fitted and "population" not in fitted["spread"]
    assert json.loads(run("estimate", "--data", str(model), "--json").stdout)["article"] is None


# --- what it must show ---------------------------------------------------------------------

def test_lyon_with_3_years_in_eur_is_where_french_ai_engineers_are_paid() -> None:
    doc = json.loads(run("estimate", "--city", "Lyon", "--exp", "3", "--currency", "EUR",
                         "--json").stdout)
    assert doc["currency"] == "EUR" and 45_000 <= doc["median"] <= 62_000


@pytest.mark.parametrize(("big", "other", "at_least"), [("Paris", "Lyon", 1.05),
                                                        ("London", "Manchester", 1.10)])
def test_a_capital_is_above_the_rest_of_its_country(big: str, other: str,
                                                    at_least: float) -> None:
    assert median(city=big, years=3) >= at_least * median(city=other, years=3)


def test_new_york_is_within_12_percent_below_san_francisco() -> None:
    sf, ny = median(city="San Francisco"), median(city="New York")
    assert 0.88 * sf <= ny < sf


@pytest.mark.parametrize("town", ["Denver", "Boulder", "Richmond, VA"])
def test_a_us_town_outside_the_metros_is_below_their_average_and_the_national_level(
        town: str) -> None:
    data = load_data()
    metros = [c.multiplier for c in data.file.cities if c.country == "US" and c.multiplier]
    average = math.exp(statistics.fmean(math.log(m) for m in metros))
    doc = iasalaire.estimate({"city": town})
    assert doc["factors"][0]["multiplier"] < min(average, 1.0)
    assert doc["median"] < median(country="US") < median(city="San Francisco")
    assert any("outside its listed cities" in w for w in doc["warnings"])


def test_us_metros_sit_against_the_national_median_by_r1() -> None:
    data = load_data()
    austin = data.find("city", "Austin")
    assert austin.source == "ref:R1" and austin.multiplier == pytest.approx(122_440 / 112_590,
                                                                           abs=1e-3)
    assert data.country("US").multiplier == 1.0


def test_fully_remote_is_not_more_than_2_percent_above_on_site() -> None:
    assert median(remote=100) <= 1.02 * median(remote=0)
    remote = load_data().find("remote", "100")
    assert remote.source.startswith("data:") and "R7" in remote.note
