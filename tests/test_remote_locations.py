"""Locations that say the work is remote (titles.parse_location)."""

from __future__ import annotations

import pytest

import iasalaire
from iasalaire.titles import Remote, parse_location


@pytest.mark.parametrize(("text", "place"), [
    ("Remote", None), ("remote", None), ("Anywhere", None), ("Fully remote", None),
    ("Remote - US", "US"), ("Remote (EU)", "EU"), ("Remote, Germany", "Germany"),
    ("US (Remote)", "US"), ("Télétravail", None)])
def test_rule_remote_words_mean_remote_with_the_place_given(text: str, place: str | None) -> None:
    assert parse_location(text) == Remote(place)


@pytest.mark.parametrize("text", ["Paris, France", "San Francisco, CA", "Remoteville", ""])
def test_rule_a_place_that_is_not_remote_is_none(text: str) -> None:
    assert parse_location(text) is None


def profile(**fields: object) -> dict[str, object]:
    found: dict[str, object] = iasalaire.estimate(fields)["profile"]
    return found


def test_remote_is_remote_100_with_no_city() -> None:
    assert (profile(city="Remote")["remote"], profile(city="Remote")["city"]) == (100, None)


def test_remote_with_a_country_gives_the_country() -> None:
    found = profile(city="Remote - US")
    assert (found["country"], found["remote"]) == ("US", 100)


def test_remote_with_a_region_gives_no_country() -> None:
    assert profile(city="Remote (EU)")["country"] is None


def test_explicit_remote_and_country_win() -> None:
    found = profile(city="Remote - US", country="FR", remote=50)
    assert (found["country"], found["remote"]) == ("FR", 50)


def test_city_country_reads_as_before() -> None:
    assert profile(city="Paris, France")["country"] == "FR"
