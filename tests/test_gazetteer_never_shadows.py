"""The gazetteer never shadows a data city: an alternate name or near-typo the gazetteer knows
for a data city gets that city's own figure; a bare name that several places share says which
one was taken and how to choose another."""

from __future__ import annotations

import pytest

import iasalaire


@pytest.mark.parametrize(("typed", "city"), [("San Fransisco", "san-francisco"),
                                             ("Nueva York", "new-york"),
                                             ("Chikago", "chicago"),
                                             ("New York City", "new-york")])
def test_a_gazetteer_name_of_a_data_city_gets_the_data_citys_figure(typed: str,
                                                                     city: str) -> None:
    doc = iasalaire.estimate({"city": typed})
    assert doc["profile"]["city"] == city
    own = iasalaire.estimate({"city": city})
    assert doc["median"] == own["median"]
    assert not any("no figure for" in w for w in doc["warnings"])


def test_a_namesake_in_another_state_stays_its_own_place() -> None:
    doc = iasalaire.estimate({"city": "Portland, ME"})
    assert doc["profile"]["city"] != "portland"
    assert doc["median"] < iasalaire.estimate({"city": "Portland"})["median"]


@pytest.mark.parametrize(("name", "taken", "hint"), [
    ("Cambridge", "boston", "'Cambridge, GB'"),
    ("Alexandria", "washington-dc", "'Alexandria, EG'"),
    ("Springfield", "springfield-us", "'Springfield, MA'")])
def test_an_ambiguous_name_says_which_place_it_took_and_how_to_choose(name: str, taken: str,
                                                                     hint: str) -> None:
    doc = iasalaire.estimate({"city": name})
    assert doc["profile"]["city"] == taken
    said = [w for w in doc["warnings"] if w.startswith(f"'{name}' is taken as")]
    assert len(said) == 1 and hint in said[0]


def test_the_suggested_spelling_takes_the_other_place() -> None:
    doc = iasalaire.estimate({"city": "Cambridge, GB"})
    assert doc["profile"]["country"] == "GB"
    assert not any("is taken as" in w for w in doc["warnings"])


def test_a_name_only_one_place_has_says_nothing_more() -> None:
    for city in ("San Francisco", "SF", "Paris", "Lyon"):
        assert not any("is taken as" in w for w in iasalaire.estimate({"city": city})[
            "warnings"])
