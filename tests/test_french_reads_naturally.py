"""Issue 18: a French view reads as French: euros for a euro-area place, French words for the
closed options, French numbers in messages, no 'Value error,' leaking, the core's warnings
translated, confidence words that do not read as 'average median'."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import run

FR = {"IASALAIRE_LANG": "fr", "COLUMNS": "100"}
NNBSP = "\u202f"


def test_a_french_view_of_a_euro_area_place_reads_in_euros() -> None:
    out = run("estimate", "--exp", "3", "--city", "Lyon", "--lang", "fr", **FR).stdout
    euros = json.loads(run("estimate", "--exp", "3", "--city", "Lyon", "--currency", "EUR",
                           "--json").stdout)
    assert out.startswith("Salaire estimé\u00a0: 3 ans d'expérience, Lyon (€ brut / an)")
    low, high = (f"{euros['range'][k]:,}".replace(",", NNBSP) for k in ("low", "high"))
    assert f"Fourchette  de {low} à {high}\u00a0€" in out


def test_usd_stays_when_asked_and_json_stays_in_the_data_currency() -> None:
    asked = run("estimate", "--exp", "3", "--city", "Lyon", "--lang", "fr", "--currency", "USD",
                **FR).stdout
    assert "($US brut / an)" in asked.splitlines()[0]
    document = json.loads(run("estimate", "--exp", "3", "--city", "Lyon", "--json",
                              **FR).stdout)
    assert document["currency"] == "USD" and document["exchange"] is None


def test_a_french_view_outside_the_euro_area_keeps_the_data_currency() -> None:
    out = run("estimate", "--exp", "3", "--city", "Austin", "--lang", "fr", **FR).stdout
    assert "($US brut / an)" in out.splitlines()[0]


def test_compare_across_currencies_falls_back_to_one_currency_in_french() -> None:
    result = run("compare", "city", "Lyon", "Austin", "--exp", "3", "--lang", "fr", **FR)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Salaire estimé ($US brut / an)"
    assert lines[1].split()[0] == "ville"  # the compared field, in French


@pytest.mark.parametrize(("given", "unit"), [("mois", "month"), ("month", "month"),
                                             ("an", "year"), ("YEAR", "year")])
def test_period_takes_french_words(given: str, unit: str) -> None:
    result = run("estimate", "--exp", "3", "--city", "Lyon", "--period", given, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["period"]["unit"] == unit


def test_format_takes_tableau() -> None:
    result = run("estimate", "--exp", "3", "--format", "tableau", "--lang", "fr", **FR)
    assert result.exit_code == 0 and result.stdout.startswith("Salaire estimé")


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "semaine"], "Error: Invalid value for '--period': 'semaine' is not one of "
                              "year, month (or an, annee, année, mois)"),
    (["--format", "yaml"], "Error: Invalid value for '--format': 'yaml' is not one of table, "
                           "json, csv, markdown (or tableau)"),
    (["--lang", "de"], "Error: Invalid value for '--lang': 'de' is not one of en, fr"),
])
def test_a_wrong_closed_value_is_one_plain_line(args: list[str], message: str) -> None:
    result = run("estimate", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and "Value error" not in result.stderr


def test_amounts_in_a_french_message_are_french_numbers() -> None:
    result = run("estimate", "--exp", "3", "--city", "Lyon", "--lang", "fr", "--offer", "2000",
                 **FR)
    median = json.loads(run("estimate", "--exp", "3", "--city", "Lyon", "--currency", "EUR",
                            "--json").stdout)["median"]
    assert result.exit_code == 2
    assert result.stderr == (
        f"Erreur\u00a0: --offer 2{NNBSP}000 n'est pas une offre plausible pour ce profil "
        f"(médiane {median:,} EUR par an)\u00a0: vérifiez sa devise (--currency) et sa période "
        "(--period)\n".replace(",", NNBSP))


def test_the_same_message_in_english_keeps_english_numbers() -> None:
    result = run("estimate", "--exp", "5", "--city", "Austin", "--offer", "165", "--lang", "en")
    median = json.loads(run("estimate", "--exp", "5", "--city", "Austin", "--json").stdout)[
        "median"]
    assert (f"--offer 165 is not a plausible offer for this profile (median {median:,} USD a "
            "year)") in result.stderr


def test_the_core_s_warnings_are_french() -> None:
    result = run("estimate", "--city", "Toulouse", "--lang", "fr", **FR)
    assert result.exit_code == 0
    assert result.stderr == ("avertissement\u00a0: aucun chiffre propre à Toulouse : le chiffre "
                             "de France hors de ses villes listées est utilisé\n")


def test_confidence_and_experience_read_naturally() -> None:
    out = run("estimate", "--exp", "3", "--city", "Lyon", "--lang", "fr", **FR).stdout
    assert re.search("Fiabilité\u00a0: (faible|moyenne|élevée) pour la médiane "
                     "\\(son chiffre le plus fragile\\)", out)
    assert "médiane moyenne" not in out
    assert "Expérience\u00a0: 3 ans " in out and "Expérience\u00a0: 3 ans d'expérience" not in out
    assert "Ce qui l'a fait varier" not in out and "Facteur" in out
    assert "Base\u00a0: Ingénieurs IA, niveau US (enquêtes)" in out


@pytest.mark.parametrize(("french", "english"), [("villes", "cities"), ("pays", "countries"),
                                                 ("métiers", "roles"), ("compétences", "skills"),
                                                 ("Secteurs", "sectors")])
def test_list_takes_french_names(french: str, english: str) -> None:
    assert json.loads(run("list", french, "--json").stdout) == json.loads(
        run("list", english, "--json").stdout)


@pytest.mark.parametrize("args", [["list", "x"], ["batch", "--output-format", "x"],
                                  ["batch", "--input-format", "x"]])
def test_no_value_error_prefix_anywhere(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and "is not one of" in result.stderr
    assert "Value error" not in result.stderr
