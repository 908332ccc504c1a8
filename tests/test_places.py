"""Any city a person types: the data file's cities, "City, Qualifier", and the GeoNames
gazetteer that places a city the data file lacks in its country."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import iasalaire
import iasalaire.errors
from iasalaire import places
from iasalaire.api import as_data
from iasalaire.cli import app

runner = CliRunner()


def estimate_json(*args: str) -> tuple[int, dict[str, Any] | None, str]:
    result = runner.invoke(app, ["estimate", *args, "--json"])
    document = orjson.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, document, result.stderr


def country_median(code: str) -> int:
    """The median of a place of the country that is not one of the data file's cities: the
    country's figure, or where a national statistic says, its level outside the main cities."""
    from iasalaire.core import money

    entry = DATA.country(code)
    if entry is not None and entry.elsewhere is not None:
        return money(DATA.file.base.median * entry.elsewhere.multiplier)
    return int(iasalaire.estimate({"country": code})["median"])


def country_factor(code: str, years: float) -> float:
    entry = DATA.country(code)
    if entry is not None and entry.elsewhere is not None:
        return round(entry.elsewhere.multiplier, 4)
    return float(iasalaire.estimate({"country": code, "years": years})["factors"][-1][
        "multiplier"])


@pytest.mark.parametrize(("city", "country", "label"), [
    ("Toulouse", "FR", "Toulouse"),
    ("Grenoble", "FR", "Grenoble"),
    ("Nantes", "FR", "Nantes"),
    ("Edinburgh", "GB", "Edinburgh"),
    ("Milan", "IT", "Milan"),
    ("Milano", "IT", "Milan"),
    ("Mumbai", "IN", "Mumbai"),
    ("Bombay", "IN", "Mumbai"),
    ("Vancouver", "CA", "Vancouver"),
    ("vancouver, wa", "US", "Vancouver, WA"),
    ("Paris, TX", "US", "Paris, TX"),
    ("Portland, ME", "US", "Portland, ME"),
    ("München", "DE", "Munich"),  # the data file's own Munich: no gazetteer
])
def test_a_city_without_a_figure_is_placed_in_its_country(city: str, country: str,
                                                          label: str) -> None:
    code, document, stderr = estimate_json("--city", city, "--exp", "3")
    assert code == 0, stderr
    assert document is not None
    assert document["profile"]["country"] == country
    factor = document["factors"][-1]
    assert (factor["dimension"], factor["label"]) == ("city", label)
    expected = iasalaire.estimate({"country": country, "years": 3})
    assert factor["multiplier"] == country_factor(country, 3)
    if DATA.country(country).elsewhere is None:  # type: ignore[union-attr]
        assert document["median"] == expected["median"]
    else:  # below the national figure, which the main cities lift
        assert document["median"] < expected["median"]
    if label != "Munich":
        assert f"no figure for {label} itself: placed in " in factor["note"]
        assert "GeoNames" in factor["note"]
        assert f"no figure for {label} itself: placed in" in document["warnings"][0]
        assert f"warning: no figure for {label} itself: placed in" in stderr


def test_toulouse_says_so_in_the_table_json_and_warning() -> None:
    code, document, stderr = estimate_json("--city", "Toulouse")
    assert code == 0
    assert document is not None
    assert document["profile"]["city"] == "toulouse-fr"
    assert document["median"] == country_median("FR")
    assert document["warnings"][0] == ("no figure for Toulouse itself: placed in France, "
                                       "outside its listed cities")
    assert stderr == ("warning: no figure for Toulouse itself: placed in France, outside its "
                      "listed cities\n")


@pytest.mark.parametrize(("typed", "city_id"), [
    ("S.F.", "san-francisco"),
    ("s f", "san-francisco"),
    ("Washington, D.C.", "washington-dc"),
    ("Washington DC", "washington-dc"),
    ("San Francisco, CA", "san-francisco"),
    ("San Francisco, California", "san-francisco"),
    ("Austin, TX, USA", "austin"),
    ("Paris, France", "paris"),
    ("Paris, FR", "paris"),
    ("Toronto, CA", "toronto"),  # Canada, not California
    ("Montreal, QC", "montreal"),
    ("St Louis", "st-louis"),
])
def test_punctuation_and_qualifiers_resolve_to_the_data_files_city(typed: str,
                                                                  city_id: str) -> None:
    code, document, stderr = estimate_json("--city", typed)
    assert code == 0, stderr
    assert document is not None
    assert document["profile"]["city"] == city_id
    assert document["warnings"] == []


def test_a_qualifier_or_country_that_disagrees_is_exit_2() -> None:
    code, _, stderr = estimate_json("--city", "Paris, Germany")
    assert code == 2
    assert stderr == ("Error: city 'Paris' is in FR, not in DE: drop what follows the comma "
                      "or pick another city\n")
    code, _, stderr = estimate_json("--city", "Paris, France", "--country", "DE")
    assert code == 2
    assert "city 'Paris' is in FR, not in DE: drop --country" in stderr
    code, _, stderr = estimate_json("--city", "Toulouse, Occitanie")
    assert code == 2
    assert "'Occitanie' after the comma in 'Toulouse, Occitanie' is not a country" in stderr


def test_a_country_given_picks_the_namesake_in_that_country() -> None:
    code, document, _ = estimate_json("--city", "Paris", "--country", "US")
    assert code == 0 and document is not None
    assert (document["profile"]["city"], document["profile"]["country"]) == ("paris-us", "US")
    assert document["factors"][-1]["label"] == "Paris, TX"
    code, document, _ = estimate_json("--city", "Vancouver", "--country", "United States")
    assert code == 0 and document is not None
    assert document["factors"][-1]["label"] == "Vancouver, WA"


@pytest.mark.parametrize(("args", "message"), [
    (["--city", "Pariss"], "unknown city 'Pariss' (did you mean 'Paris'?)\n"),
    (["--city", "Toulouze"], ("unknown city 'Toulouze' (did you mean 'Toulouse, FR'?); "
                              "give its country with --country instead\n")),
    (["--city", "Grenoblle", "--country", "FR"], ("unknown city 'Grenoblle' (did you mean "
                                                  "'Grenoble, FR'?); give its country with "
                                                  "--country instead\n")),
    (["--city", "Qwxzzq"], "unknown city 'Qwxzzq'; give its country with --country instead\n"),
])
def test_a_truly_unknown_city_is_exit_2_with_suggestions_and_a_hint(args: list[str],
                                                                    message: str) -> None:
    code, document, stderr = estimate_json(*args)
    assert (code, document) == (2, None)
    assert stderr == "Error: " + message


def test_an_unknown_city_suggests_from_the_country_given_first() -> None:
    error = places.unknown_city("Nantez", "FR", as_data(None))
    assert error.suggestion == "Nantes, FR"
    error = places.unknown_city("Toulouze", None, as_data(None))
    assert error.suggestion == "Toulouse, FR"  # not St. Louis, as before the gazetteer


def test_batch_places_cities_and_caches_nothing_wrong() -> None:
    lines = b'{"city": "Toulouse"}\n{"city": "Toulouse"}\n{"city": "Toulouze"}\n'
    result = runner.invoke(app, ["batch"], input=lines)
    out = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    assert [r["ok"] for r in out] == [True, True, False]
    assert out[0]["median"] == out[1]["median"] == country_median("FR")
    assert out[0]["warnings"] == ["no figure for Toulouse itself: placed in France, outside "
                                  "its listed cities"]
    assert out[2]["error"]["field"] == "city"


def test_the_gazetteer_is_read_only_when_a_city_is_not_in_the_data_file() -> None:
    code = ("import iasalaire; from iasalaire import places\n"
            "size = lambda: places.gazetteer.cache_info().currsize\n"
            "iasalaire.estimate({'city': 'Austin'}); print(size())\n"
            "iasalaire.estimate({'city': 'Nantes'}); print(size())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == ["0", "1"]


def test_the_gazetteer_is_small_and_names_its_source_and_licence() -> None:
    assert places.GAZETTEER.stat().st_size < 2_000_000
    table = places.gazetteer()
    assert "GeoNames" in table["source"]
    assert table["licence"].startswith("CC BY 4.0")
    assert table["min_population"] == 15_000
    assert len(table["cities"]) > 30_000


# Properties: any text is a city, a placed city or exit 2, never a crash; a city keeps its
# identity whatever case, accents, punctuation or qualifier it is written with.
DATA = as_data(None)
GAZETTEER_ROWS = places.gazetteer()["cities"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=30))
def test_any_city_text_is_found_or_an_invalid_value(text: str) -> None:
    try:
        result = iasalaire.estimate({"city": text})
    except iasalaire.errors.InvalidValue as error:
        assert error.field in ("city", "country")
        assert "\n" not in error.message
    else:  # a blank value is an absent field (the profile's rule), anything else a place
        assert (result["profile"]["country"] is None) == (not text.strip())


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(DATA.file.cities), st.sampled_from(["{}", "{}, {c}", "  {U}  ", "{l}"]))
def test_a_data_city_written_any_way_is_the_same_city(city: Any, pattern: str) -> None:
    from iasalaire.iso3166 import COUNTRIES

    typed = pattern.format(city.label, c=COUNTRIES[city.country][0], U=city.label.upper(),
                           l=city.label.lower().replace(" ", "."))
    assert iasalaire.estimate({"city": typed})["profile"]["city"] == city.id


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(GAZETTEER_ROWS[:5000]))
def test_a_gazetteer_city_with_its_country_lands_in_that_country(row: list[Any]) -> None:
    name, country = row[0], row[1]
    document = iasalaire.estimate({"city": name, "country": country})
    assert document["profile"]["country"] == country
    if DATA.find("city", name) is None:  # not one of the data file's cities: the country's figure
        assert document["median"] == country_median(country)
        assert document["profile"]["city"].endswith("-" + country.lower())


def test_a_survey_with_a_gazetteer_city_is_evaluated_with_its_country(tmp_path: Any) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_text("years,city,salary\n" + "".join(
        f"{i % 10},{city},{base + i * 1000}\n" for i in range(20)
        for city, base in (("Toulouse", 50_000), ("Austin", 120_000))), encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(survey), "--json"])
    assert result.exit_code == 0, result.stderr
    assert orjson.loads(result.stdout)["n"] == 40
