"""Properties users rely on, for any profile built from valid values."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iasalaire import core
from iasalaire.data import Data, load_data
from iasalaire.schema import Profile

DATA: Data = load_data()
FILE = DATA.file
ORDER = ("p10", "p25", "p50", "p75", "p90")


def ids(entries: list[Any]) -> list[str]:
    return [e.id for e in entries]


years = st.floats(min_value=0, max_value=60, allow_nan=False)
optional = lambda values: st.none() | st.sampled_from(values)  # noqa: E731
profiles = st.fixed_dictionaries({
    "city": optional(ids(FILE.cities)),
    "sector": optional(ids(FILE.sectors)),
    "company": optional(ids(FILE.companies)),
    "role": optional(ids(FILE.roles)),
    "certs": st.lists(st.sampled_from(ids(FILE.certs)), max_size=5),
    "skills": st.lists(st.sampled_from(ids(FILE.skills)), max_size=8),
    "remote": optional(["0", "50", "100"]),
})


def run(fields: dict[str, Any], **more: Any) -> core.Estimate:
    return core.estimate(Profile(**fields, **more), DATA)


@given(profiles, years, years)
def test_more_experience_never_lowers_any_percentile(fields: dict[str, Any], a: float,
                                                      b: float) -> None:
    low, high = sorted((a, b))
    fewer, more = run(fields, years=low), run(fields, years=high)
    for name in ORDER:
        assert more.percentiles[name] >= fewer.percentiles[name] * (1 - 1e-12)


@given(profiles, st.none() | years)
def test_percentiles_are_ordered_and_the_range_is_p25_to_p75(fields: dict[str, Any],
                                                             y: float | None) -> None:
    document = run(fields, years=y).to_dict()
    values = [document["percentiles"][name] for name in ORDER]
    assert values == sorted(values)
    assert document["range"] == {"low": values[1], "high": values[3]}
    assert document["median"] == values[2] <= document["mean"]


@given(profiles, st.none() | years)
def test_the_same_input_gives_the_same_output(fields: dict[str, Any], y: float | None) -> None:
    assert run(fields, years=y).to_dict() == run(fields, years=y).to_dict()


@settings(max_examples=200)
@given(profiles)
def test_stacked_premiums_never_exceed_the_documented_cap(fields: dict[str, Any]) -> None:
    result = run(fields)
    premiums = [f.multiplier for f in result.factors if f.dimension in ("certs", "skills")]
    cap = [f.multiplier for f in result.factors if f.dimension == "premium-cap"]
    assert all(m >= 1 for m in premiums)
    assert math.prod(premiums + cap) <= FILE.stacking.cap * (1 + 1e-12)


@given(profiles, st.sampled_from(ids(FILE.experience.levels)))
def test_every_valid_profile_gives_a_finite_positive_estimate(fields: dict[str, Any],
                                                              level: str) -> None:
    result = run(fields, level=level)
    assert all(math.isfinite(v) and v > 0 for v in result.percentiles.values())


def test_the_cap_binds_on_a_long_stack_and_is_shown_as_a_factor() -> None:
    result = run({"skills": ids(FILE.skills), "certs": ids(FILE.certs)})
    assert result.factors[-1].dimension == "premium-cap"
    assert result.factors[-1].multiplier < 1
    premiums = [f.multiplier for f in result.factors if f.dimension != "premium-cap"]
    assert math.prod(premiums) > FILE.stacking.cap
    assert result.median == pytest.approx(FILE.base.median * FILE.stacking.cap)


def test_a_second_premium_counts_less_than_alone() -> None:
    alone = run({"skills": ["pytorch"]}).median / FILE.base.median
    after_llm = run({"skills": ["llm", "pytorch"]}).median / run({"skills": ["llm"]}).median
    assert 1 < after_llm < alone


def test_results_share_no_mutable_state() -> None:
    first = run({"skills": ["llm"], "certs": ["advanced-ml"]})
    first.profile["skills"].append("changed")
    again = run({"skills": ["llm"], "certs": ["advanced-ml"]})
    assert again.profile["skills"] == ["llm"]


@given(st.lists(profiles, min_size=1, max_size=6))
def test_the_bounded_memo_never_changes_a_result(many: list[dict[str, Any]]) -> None:
    expected = [run(f).to_dict() for f in many]
    original = core.MEMO_SIZE
    core.MEMO_SIZE = 2  # force clearing between almost every lookup
    try:
        DATA.memo.clear()
        assert [run(f).to_dict() for f in many] == expected
    finally:
        core.MEMO_SIZE = original
