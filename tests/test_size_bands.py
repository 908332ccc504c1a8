"""Company sizes as exports write them (titles.parse_size): bands and head counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import iasalaire
from iasalaire.titles import LARGE_ABOVE, SMALL_BELOW, parse_size, size_category


@pytest.mark.parametrize(("band", "size"), [
    ("2-10", "small"), ("11-50", "small"), ("51-200", "medium"), ("201-500", "large"),
    ("1,001-5,000", "large"), ("501 to 1000", "large")])
def test_rule_a_band_is_read_at_the_geometric_middle_of_its_bounds(band: str, size: str) -> None:
    assert parse_size(band) == size


@pytest.mark.parametrize(("band", "size"), [
    ("10,001+", "large"), ("1000+", "large"), ("10,000+ employees", "large"),
    ("over 250", "large"), ("50+", "medium")])
def test_rule_an_open_band_is_read_at_its_lower_bound(band: str, size: str) -> None:
    assert parse_size(band) == size


@pytest.mark.parametrize(("count", "size"), [
    ("350", "large"), ("49", "small"), ("50", "medium"), ("250", "medium"), ("251", "large"),
    ("12 employees", "small"), ("under 50", "small"), ("10 000", "large")])
def test_rule_a_head_count_maps_by_the_documented_thresholds(count: str, size: str) -> None:
    assert parse_size(count) == size


def test_rule_what_is_not_a_size_is_none() -> None:
    for text in ("", "abc", "0", "500-100", "big-tech"):
        assert parse_size(text) is None, text


def test_thresholds_are_those_of_the_data_files_labels() -> None:
    labels = {e.id: e.label for e in iasalaire.api.as_data(None).file.companies}
    assert str(SMALL_BELOW) in labels["small"] and str(LARGE_ABOVE) in labels["large"]


def test_larger_bands_are_priced_above_small_ones() -> None:
    medians = [iasalaire.estimate({"company": band})["median"]
               for band in ("2-10", "51-200", "10,001+")]
    assert medians == sorted(medians) and len(set(medians)) == 3
    assert iasalaire.estimate({"company": "51-200"})["profile"]["company"] == "medium"


@given(st.integers(min_value=1, max_value=10**6))
def test_a_head_count_is_monotone_in_size(count: int) -> None:
    order = ["small", "medium", "large"]
    assert order.index(size_category(count)) <= order.index(size_category(count + 1))
    assert parse_size(str(count)) == size_category(count)
