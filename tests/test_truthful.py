"""Truthful numbers: ranges that widen with what a profile leaves out, countries placed by
surveys and a GDP prior, several surveys at once, the Stack Overflow layout, and the shipped
baseline rebuilt exactly from ../shared/data. Unit tests generate their own small surveys."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import iasalaire
from iasalaire.calibrate import Fit
from iasalaire.data import load_data

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO / "scripts"))

# --- a spread that knows what the profile leaves out ------------------------------------------

COUNTRY_SPREAD = 0.35  # planted: log pay varies this much across the 16 countries
COUNTRIES = ["US", "FR", "DE", "GB", "ES", "IT", "NL", "PL", "BR", "IN", "CA", "AU", "JP",
             "SE", "CH", "PT"]


EFFECTS = np.random.default_rng(3).normal(0, COUNTRY_SPREAD, len(COUNTRIES))
EFFECTS -= EFFECTS.mean()


def planted_countries(n: int = 4000, seed: int = 3) -> list[list[Any]]:
    """Salary = 100,000 x level x country x noise (sigma 0.2); the same country effects
    whatever the seed, which draws the noise."""
    rng = np.random.default_rng(seed)
    effects = EFFECTS
    rows = []
    for i in range(n):
        c = i % len(COUNTRIES)
        level = ("junior", "senior")[(i // len(COUNTRIES)) % 2]
        salary = 100_000 * (1.3 if level == "senior" else 1.0) * math.exp(
            effects[c] + rng.normal(0, 0.2))
        rows.append([level, COUNTRIES[c], round(salary)])
    return rows


@pytest.fixture
def spread_model(write_csv: Callable[..., Path], cli: Any, tmp_path: Path) -> Path:
    survey = write_csv(planted_countries(), header=["level", "country", "salary"])
    model = tmp_path / "model.json"
    result = cli("calibrate", survey, "-o", model)
    assert result.exit_code == 0, result.stderr
    return model


def test_leaving_a_dimension_out_widens_the_range_by_its_planted_spread(
        spread_model: Path) -> None:
    doc = json.loads(spread_model.read_text(encoding="utf-8"))
    location = doc["spread"]["omitted"]["location"]["sigma"]
    assert location == pytest.approx(float(np.std(EFFECTS)), abs=0.03)
    assert doc["spread"]["sigma"] == pytest.approx(0.2, abs=0.04)  # the planted noise
    given = iasalaire.estimate({"level": "senior", "country": "FR"}, spread_model)
    left_out = iasalaire.estimate({"level": "senior"}, spread_model)
    assert given["spread"]["parts"] == [p for p in given["spread"]["parts"]
                                        if p["part"] == "country"]
    assert left_out["spread"]["sigma"] == pytest.approx(
        math.hypot(doc["spread"]["sigma"], location), abs=0.001)
    assert [p["why"] for p in left_out["spread"]["parts"]] == ["no city or country given"]
    wide = left_out["percentiles"]["p90"] / left_out["percentiles"]["p10"]
    narrow = given["percentiles"]["p90"] / given["percentiles"]["p10"]
    assert wide > narrow * 1.5


def test_the_table_says_why_a_range_is_wide(spread_model: Path, cli: Any) -> None:
    result = cli("estimate", "--level", "senior", "--data", spread_model)
    assert result.exit_code == 0, result.stderr
    # The planted country spread (0.47) more than doubles the residual (0.2): a wide range,
    # and the paragraph that says so names the field left out.
    paragraph = " ".join(result.stdout.split("Wide range: ", 1)[1].split("\n\n")[0].split())
    assert "Range: " not in result.stdout
    assert "no city or country given" in paragraph


def test_coverage_per_set_of_fields_holds_on_the_planted_survey(
        write_csv: Callable[..., Path], spread_model: Path, cli: Any) -> None:
    fresh = write_csv(planted_countries(seed=4), header=["level", "country", "salary"],
                      name="fresh.csv")
    for fields in ("experience,location", "experience", "none"):
        result = cli("evaluate", fresh, "--data", spread_model, "--fields", fields, "--json")
        assert result.exit_code == 0, result.stderr
        report = json.loads(result.stdout)
        assert 0.74 <= report["coverage"]["p10_p90"] <= 0.86, fields
        # 16 planted country values are a lumpy population: the middle holds a little more.
        assert 0.42 <= report["coverage"]["p25_p75"] <= 0.62, fields


def test_evaluate_shows_where_a_file_is_wrong(write_csv: Callable[..., Path],
                                               spread_model: Path, cli: Any) -> None:
    fresh = write_csv(planted_countries(seed=5), header=["level", "country", "salary"],
                      name="fresh.csv")
    report = json.loads(cli("evaluate", fresh, "--data", spread_model, "--json").stdout)
    assert [g["fields"] for g in report["by_fields"]] == [["experience", "location"]]
    assert len(report["by_country"]) == 10  # the ten largest
    assert all(0.8 < c["ratio"] < 1.25 for c in report["by_country"])
    assert [b["experience"] for b in report["by_experience"]] == ["junior", "senior"]
    baseline = json.loads(cli("evaluate", fresh, "--json").stdout)
    india = next(c for c in baseline["by_country"] if c["country"] == "IN")
    assert india["n"] == 250 and india["ratio"] > 0  # the built-in data's ratio, per country
    table = cli("evaluate", fresh, "--data", spread_model)
    assert "By country" in table.stdout and "By experience" in table.stdout


def test_evaluate_fields_must_be_dimensions(write_csv: Callable[..., Path], cli: Any) -> None:
    survey = write_csv([["senior", "US", 100_000]], header=["level", "country", "salary"])
    result = cli("evaluate", survey, "--fields", "experience,colour")
    assert result.exit_code == 2
    assert "--fields: unknown dimension 'colour'" in result.stderr


# --- countries: two surveys and a GDP prior ---------------------------------------------------

def test_a_country_with_no_rows_lands_on_the_gdp_prior() -> None:
    from build_baseline import countries

    gdp = {"US": 80_000.0, "DE": 50_000.0, "FR": 45_000.0, "PL": 20_000.0, "IN": 2_500.0,
           "BR": 10_000.0, "TD": 1_000.0, "NO": 90_000.0}
    # Planted: log pay relative to the US = -0.1 + 0.5 x log(GDP ratio), exactly.
    noise = {"DE": 0.05, "FR": -0.05, "PL": 0.04, "IN": -0.04, "BR": 0.0, "NO": 0.0, "TD": 0.0}
    truth = {c: -0.1 + 0.5 * math.log(g / gdp["US"]) + noise[c] for c, g in gdp.items()
             if c != "US"}
    truth["US"] = 0.0
    so_rows = {"US": 500, "DE": 300, "FR": 200, "PL": 100, "IN": 150, "BR": 80, "NO": 3}
    so = Fit(0.0, {"country": {c: (truth[c], n) for c, n in so_rows.items()}}, {}, 0)
    aijobs = Fit(0.0, {"country": {"US": (0.0, 1000), "DE": (truth["DE"], 40)}}, {}, 0)
    doc: dict[str, Any] = {"countries": [{"id": "US", "label": "United States", "aliases": []}]}
    prior = countries(doc, aijobs, so, gdp)
    assert prior["slope"] == pytest.approx(0.5, abs=0.05)
    assert prior["intercept"] == pytest.approx(-0.1, abs=0.05)
    entries = {c["id"]: c for c in doc["countries"]}
    chad = entries["TD"]  # no row in either survey: exactly on the fitted prior
    expected = prior["intercept"] + prior["slope"] * math.log(gdp["TD"] / gdp["US"])
    assert chad["multiplier"] == pytest.approx(math.exp(expected), rel=1e-3)
    assert chad["multiplier"] == pytest.approx(math.exp(truth["TD"]), rel=0.1)
    assert chad["source"] == "ref:R8" and chad["confidence"] == "low" and "count" not in chad
    assert chad["sigma"] > entries["DE"]["sigma"]
    assert entries["US"]["multiplier"] == 1.0
    assert len(entries) == 249  # every ISO country gets a figure


def test_a_planted_country_effect_is_recovered_from_a_survey(
        write_csv: Callable[..., Path], cli: Any, tmp_path: Path) -> None:
    rows = planted_countries()
    model = tmp_path / "model.json"
    assert cli("calibrate", write_csv(rows, header=["level", "country", "salary"]), "-o",
               model).exit_code == 0
    doc = json.loads(model.read_text(encoding="utf-8"))
    fitted = {c["id"]: c["multiplier"] for c in doc["countries"]}
    by_country: dict[str, list[float]] = {}
    for level, country, salary in rows:
        if level == "junior":
            by_country.setdefault(country, []).append(salary)
    us = float(np.median(by_country["US"]))
    for country in ("FR", "IN", "CH"):
        planted = float(np.median(by_country[country])) / us
        assert fitted[country] / fitted["US"] == pytest.approx(planted, rel=0.05)


# --- the Stack Overflow layout and several surveys --------------------------------------------

SO_HEADER = ["ResponseId", "MainBranch", "Country", "WorkExp", "YearsCodePro", "DevType",
             "OrgSize", "Industry", "RemoteWork", "ConvertedCompYearly"]


def so_rows(n: int = 300, scale: float = 1.0) -> list[list[Any]]:
    rng = np.random.default_rng(7)
    countries = {"United States of America": 1.0, "Germany": 0.55,
                 "United Kingdom of Great Britain and Northern Ireland": 0.6}
    rows = []
    for i in range(n):
        country = list(countries)[i % 3]
        years = int(rng.integers(0, 25))
        pay = 90_000 * countries[country] * (1 + years / 20) * math.exp(rng.normal(0, 0.2))
        rows.append([i, "I am a developer by profession", country, years, years,
                     "Developer, back-end", "20 to 99 employees", "Software Development",
                     "Remote", round(pay * scale)])
    return rows


def test_the_stack_overflow_layout_reports_bad_rows_and_goes_on(
        write_csv: Callable[..., Path], cli: Any, tmp_path: Path) -> None:
    rows = so_rows()
    rows.append([900, "I am a developer by profession", "Germany", 5, 5, "Developer, AI",
                 "NA", "NA", "Remote", "NA"])
    rows.append([901, "I am a developer by profession", "Germany", 5, 5, "Developer, AI",
                 "NA", "NA", "Remote", "0"])
    rows.append([902, "I am a developer by profession", "Atlantis", 5, 5, "Developer, AI",
                 "NA", "NA", "Remote", "100000"])
    model = tmp_path / "model.json"
    result = cli("calibrate", write_csv(rows, header=SO_HEADER), "-o", model)
    assert result.exit_code == 0, result.stderr
    assert "stackoverflow layout, 303 rows, 300 used, 3 skipped" in result.stderr
    assert "skipped 1: no salary given" in result.stderr
    assert "skipped 1: salary is not a positive number" in result.stderr
    assert "skipped 1: unknown country 'Atlantis'" in result.stderr
    assert "columns not read: 'ResponseId', 'MainBranch'" in result.stderr
    doc = json.loads(model.read_text(encoding="utf-8"))
    fitted = {c["id"]: c["multiplier"] for c in doc["countries"]}
    assert fitted["DE"] / fitted["US"] == pytest.approx(0.55, rel=0.1)
    # Years are fitted as anchors of the curve, kept rising.
    curve = [a["multiplier"] for a in doc["experience"]["curve"]]
    assert len(curve) >= 5 and curve == sorted(curve) and curve[-1] / curve[0] > 1.5


def test_several_surveys_get_a_level_offset_each(write_csv: Callable[..., Path], cli: Any,
                                                 tmp_path: Path) -> None:
    own = write_csv(so_rows(), header=SO_HEADER, name="own.csv")
    public = write_csv(so_rows(scale=1.25), header=SO_HEADER, name="public.csv")
    alone, both = tmp_path / "alone.json", tmp_path / "both.json"
    assert cli("calibrate", own, "-o", alone).exit_code == 0
    result = cli("calibrate", own, public, "-o", both)
    assert result.exit_code == 0, result.stderr
    assert "public.csv: level x1.250 of the first survey's" in result.stderr
    single = json.loads(alone.read_text(encoding="utf-8"))["base"]["median"]
    joint = json.loads(both.read_text(encoding="utf-8"))
    assert joint["base"]["median"] == pytest.approx(single, rel=0.02)  # the first's level
    assert {"data:own", "data:public"} <= set(joint["sources"])


def test_a_tiny_survey_warns_and_keeps_the_base_spread(write_csv: Callable[..., Path],
                                                        cli: Any, tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    result = cli("calibrate", write_csv([[2, 90_000], [8, 150_000]], header=["years", "salary"]),
                 "-o", model)
    assert result.exit_code == 0, result.stderr
    assert "warning: only 2 usable rows (fewer than 30)" in result.stderr
    assert "the spread stays baseline's" in result.stderr
    assert json.loads(model.read_text())["spread"] == json.loads(
        (REPO / "data" / "baseline.json").read_text())["spread"]


def test_identical_salaries_keep_the_base_spread(write_csv: Callable[..., Path], cli: Any,
                                                 tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    rows = [[y % 10, 100_000] for y in range(60)]
    result = cli("calibrate", write_csv(rows, header=["years", "salary"]), "-o", model)
    assert result.exit_code == 0, result.stderr
    assert "barely vary" in result.stderr and "the spread stays baseline's" in result.stderr


def test_calibrate_names_ignored_columns_and_the_fields_it_fitted(
        write_csv: Callable[..., Path], cli: Any, tmp_path: Path) -> None:
    rows = [[f"P{i}", i % 20, "US" if i % 2 else "FR", 80_000 + 3_000 * (i % 20)]
            for i in range(80)]
    result = cli("calibrate", write_csv(rows, header=["Name", "Years of experience", "Country",
                                                      "Salary"]), "-o", tmp_path / "m.json")
    assert result.exit_code == 0, result.stderr
    assert "columns not read: 'Name'" in result.stderr
    assert "fitted: country (2 values), years" in result.stderr


def test_a_repeated_salary_column_is_an_error(write_csv: Callable[..., Path], cli: Any,
                                              tmp_path: Path) -> None:
    result = cli("calibrate", write_csv([[5, 1, 2]], header=["years", "salary", "Salary"]),
                 "-o", tmp_path / "m.json")
    assert result.exit_code == 1
    assert "column 'Salary' appears twice in the header" in result.stderr


@pytest.mark.parametrize("amount,decimal,reason", [
    ("55.000", ".", "salary under 1,000 USD a year"),
    ("55,5", ".", "salary is not a number in the C locale"),
    ("1e-300", ".", "salary under 1,000 USD a year"),
    ("0.5", ".", "salary under 1,000 USD a year"),
])
def test_amounts_are_parsed_strictly(write_csv: Callable[..., Path], cli: Any, amount: str,
                                     decimal: str, reason: str) -> None:
    rows = [[5, "55000"], [6, "60,000"], [7, "61 000"], [8, amount]]
    result = cli("evaluate", write_csv(rows, header=["years", "salary"]), "--json",
                 "--decimal", decimal)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["n"] == 3 and report["skipped"] == {next(
        k for k in report["skipped"] if k.startswith(reason)): 1}


def test_a_comma_decimal_mark_is_explicit(write_csv: Callable[..., Path], cli: Any) -> None:
    from iasalaire.survey import parse_amount

    assert parse_amount("55.000", ",") == 55_000 and parse_amount("55000,50", ",") == 55_000.5
    assert parse_amount("55,5") is None and parse_amount("55.000") == 55.0
    result = cli("evaluate", write_csv([[5, "55.000,00"]], header=["years", "salary"]),
                 "--decimal", ",", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["n"] == 1
    assert cli("evaluate", write_csv([[5, "1"]], header=["years", "salary"]), "--decimal",
               ";").exit_code == 2


# --- the shipped baseline is a build product ----------------------------------------------------

@pytest.mark.skipif(not (SHARED / "so-survey-2024.csv").is_file(),
                    reason="../shared/data is not here")
@pytest.mark.slow
def test_the_shipped_baseline_equals_a_rebuild(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "baseline.json"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_baseline.py"), "-o",
                    str(out)], check=True, capture_output=True)
    assert out.read_bytes() == (REPO / "data" / "baseline.json").read_bytes()
    assert (tmp_path / "article.json").read_bytes() == (
        REPO / "data" / "article.json").read_bytes()


def test_every_figure_of_the_spread_names_its_source() -> None:
    spread = load_data().file.spread
    assert spread.source.startswith("data:") and spread.count
    assert set(spread.omitted) == {"experience", "location", "sector", "company", "role",
                                   "remote"}
    for part in spread.omitted.values():
        assert part.source.startswith("data:") and part.count and part.note


@pytest.mark.parametrize("command", ["calibrate", "evaluate"])
def test_an_endless_survey_is_refused_in_bounded_memory(command: str, tmp_path: Path) -> None:
    import resource
    import subprocess

    def limit() -> None:  # 1 GiB of address space: reading /dev/zero whole would need more
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    args = [sys.executable, "-m", "iasalaire", command, "/dev/zero"]
    args += ["-o", str(tmp_path / "m.json")] if command == "calibrate" else []
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, preexec_fn=limit)
    assert done.returncode == 1, done.stderr
    assert "line 1 is longer than 1,048,576 bytes: not a salary CSV" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


# --- found by a hostile review -----------------------------------------------------------------

def test_places_the_survey_does_not_cover_move_with_the_refitted_countries(
        write_csv: Callable[..., Path], cli: Any, tmp_path: Path) -> None:
    """A survey of the US, Germany and the UK at its own level (here far below the baseline's)
    refits those three; Japan and San Francisco, which it lacks, keep their place relative
    to them instead of their old level."""
    model = tmp_path / "model.json"
    assert cli("calibrate", write_csv([r[:-1] + [r[-1] // 3] for r in so_rows()],
                                      header=SO_HEADER), "-o", model).exit_code == 0
    old = {k: iasalaire.estimate({"years": 5, **f})["median"] for k, f in
           (("US", {"country": "US"}), ("JP", {"country": "JP"}), ("SF", {"city": "SF"}))}
    new = {k: iasalaire.estimate({"years": 5, **f}, model)["median"] for k, f in
           (("US", {"country": "US"}), ("JP", {"country": "JP"}), ("SF", {"city": "SF"}))}
    assert new["JP"] / new["US"] == pytest.approx(old["JP"] / old["US"], rel=0.15)
    assert new["SF"] > new["US"]  # San Francisco stays above the US level
    assert new["SF"] / new["US"] == pytest.approx(old["SF"] / old["US"], rel=0.02)


def test_the_same_survey_twice_is_refused(write_csv: Callable[..., Path], cli: Any,
                                          tmp_path: Path) -> None:
    survey = write_csv(so_rows(), header=SO_HEADER)
    result = cli("calibrate", survey, survey, "-o", tmp_path / "m.json")
    assert result.exit_code == 2 and "are the same survey: give it once" in result.stderr
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize("fields,code", [("", 2), (",", 2), ("none,experience", 2),
                                         ("Experience, LOCATION", 0), ("years,country", 0),
                                         ("none", 0)])
def test_evaluate_fields_are_read_like_every_other_name(write_csv: Callable[..., Path],
                                                         cli: Any, fields: str,
                                                         code: int) -> None:
    survey = write_csv([["senior", "US", 100_000]], header=["level", "country", "salary"])
    result = cli("evaluate", survey, "--fields", fields, "--json")
    assert result.exit_code == code, result.stderr
    if code == 0 and fields != "none":
        assert json.loads(result.stdout)["by_fields"][0]["fields"] == ["experience", "location"]


@pytest.mark.parametrize("text", ["--55000", "- -55000", "+55000", "٥٥٠٠٠", "５５０００",
                                  "1_000_000", "55,5", "55.000.000", "1e"])
def test_amounts_that_are_not_c_locale_numbers_are_refused(text: str) -> None:
    from iasalaire.survey import parse_amount

    assert parse_amount(text) is None


@pytest.mark.parametrize("name,code", [("Russie", "RU"), ("Syrie", "SY"),
                                       ("Corée du Nord", "KP"), ("La Réunion", "RE")])
def test_the_french_country_names_the_tool_prints_are_accepted(name: str, code: str) -> None:
    assert iasalaire.estimate({"country": name})["profile"]["country"] == code


def test_a_country_with_rows_but_no_gdp_is_not_placed_at_the_us_level() -> None:
    data = load_data()
    for code in ("TW", "JE"):
        entry = data.country(code)
        assert entry is not None and entry.multiplier < 0.6 and "US level" not in entry.note
