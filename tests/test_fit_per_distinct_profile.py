"""calibrate works per distinct profile (cells) and evaluate per distinct key: the numbers must
be those of the row-by-row implementation they replaced, bit for bit (a data file written by
calibrate is the same file, byte for byte). The row-by-row backfit is kept here as it was."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iasalaire import calibrate
from iasalaire.calibrate import PAIR_MIN, PAIRS, SHRINK, SHRINK_PAIR, SWEEPS, Groups, fit
from iasalaire.data import load_data
from iasalaire.survey import Survey, normalise


def per_row_fit(profiles: list[dict[str, Any]], salaries: list[float], min_count: int,
                offsets: list[float] | None = None,
                dims: tuple[str, ...] = ("level", "country", "company", "role", "remote"),
                ) -> calibrate.Fit:
    """calibrate.fit as it was before cells: every sum over every row."""
    y = np.log(np.asarray(salaries, dtype=float))
    if offsets:
        y = y - np.asarray(offsets, dtype=float)
    columns: dict[Any, tuple[np.ndarray, list[Any], float]] = {}
    values: dict[str, list[Any]] = {}
    for dim in dims:
        seen = sorted({p[dim] for p in profiles if p.get(dim) is not None}, key=str)
        if not seen:
            continue
        index = {v: i for i, v in enumerate(seen)}
        codes = np.array([index.get(p.get(dim), -1) for p in profiles], dtype=np.int64)
        columns[dim] = (codes, seen, SHRINK)
        values[dim] = seen
    for a, b in PAIRS:
        if a in columns and b in columns:
            ca, cb = columns[a][0], columns[b][0]
            nb = len(values[b])
            codes = np.where((ca >= 0) & (cb >= 0), ca * nb + cb, -1)
            labels = [(va, vb) for va in values[a] for vb in values[b]]
            counts = np.bincount(codes[codes >= 0], minlength=len(labels))
            codes = np.where((codes >= 0) & (counts[np.maximum(codes, 0)] >= PAIR_MIN),
                             codes, -1)
            columns[(a, b)] = (codes, labels, SHRINK_PAIR)
    effects = {d: np.zeros(len(labels)) for d, (_, labels, _) in columns.items()}
    mains = [d for d in columns if isinstance(d, str)]
    grouped = {d: Groups(codes, len(labels)) for d, (codes, labels, _) in columns.items()}
    intercept = _per_row_backfit(y, float(np.mean(y)), effects, columns, mains, min_count,
                                 grouped, mean=True)
    for active in (mains, [d for d in columns if d not in mains]):
        intercept = _per_row_backfit(y, intercept, effects, columns, active, min_count, grouped)
    out = calibrate.Fit(intercept, {}, {}, len(y))
    for d, (codes, labels, _) in columns.items():
        counts = np.bincount(codes[codes >= 0], minlength=len(labels))
        table = {lab: (float(effects[d][i]), int(counts[i])) for i, lab in enumerate(labels)
                 if counts[i] > 0}
        if isinstance(d, str):
            out.effects[d] = {v: e for v, e in table.items() if e[1] >= min_count}
        else:
            out.pairs[d] = {v: e for v, e in table.items()
                            if e[1] >= PAIR_MIN and abs(e[0]) >= calibrate.PAIR_MIN_EFFECT}
    return out


def _per_row_backfit(y: np.ndarray, intercept: float, effects: dict[Any, np.ndarray],
                     columns: dict[Any, tuple[np.ndarray, list[Any], float]], active: list[Any],
                     min_count: int, grouped: dict[Any, Groups], mean: bool = False) -> float:
    taken = {d: grouped[d].take(effects[d]) for d in columns}
    for _ in range(SWEEPS):
        moved = 0.0
        for d in active:
            codes, labels, k = columns[d]
            groups = grouped[d]
            total = _summed(intercept, taken) - taken[d]
            counts = groups.counts
            if mean:
                sums = np.bincount(codes[codes >= 0], (y - total)[codes >= 0], len(labels))
                med = sums / np.maximum(counts, 1)
            else:
                med = groups.medians(y - total)
            new = np.where(counts >= (min_count if isinstance(d, str) else PAIR_MIN),
                           med * counts / (counts + k), 0.0)
            if isinstance(d, str) and np.any(codes >= 0):
                centre = float(np.median(new[codes[codes >= 0]]))
                new = new - centre
                intercept += centre
            moved = max(moved, float(np.max(np.abs(new - effects[d]), initial=0.0)))
            effects[d] = new
            taken[d] = groups.take(new)
        rest = y - _summed(intercept, taken)
        shift = float(np.mean(rest) if mean else np.median(rest))
        intercept += shift
        if moved < 1e-5 and abs(shift) < 1e-5:
            break
    return intercept


def _summed(intercept: float, taken: dict[Any, np.ndarray]) -> np.ndarray:
    total: np.ndarray = np.asarray(intercept, dtype=float)
    for effect in taken.values():
        total = total + effect
    return total


def survey_rows(seed: int, n: int) -> tuple[list[dict[str, Any]], list[float], list[float]]:
    """Rows with repeated profiles (as a real survey's are), some fields left out."""
    rng = np.random.default_rng(seed)
    choices = {"level": ["junior", "mid", "senior", None], "country": ["US", "FR", "DE", "GB"],
               "company": ["small", "medium", "large", None], "role": ["a", "b", "c", None],
               "remote": ["0", "50", "100"]}
    profiles = [{dim: options[rng.integers(len(options))] for dim, options in choices.items()}
                for _ in range(n)]
    profiles = [{k: v for k, v in p.items() if v is not None} for p in profiles]
    salaries = list(np.round(np.exp(rng.normal(11.5, 0.4, n)), 2))
    offsets = list(rng.normal(0, 0.05, n))
    return profiles, salaries, offsets


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 10_000), st.integers(40, 1500), st.booleans())
def test_the_fit_per_cell_is_the_row_by_row_fit_bit_for_bit(seed: int, n: int,
                                                           offset: bool) -> None:
    profiles, salaries, offsets = survey_rows(seed, n)
    dims = ("level", "country", "company", "role", "remote")
    new = fit(profiles, salaries, 3, offsets=offsets if offset else None, dims=dims)
    old = per_row_fit(profiles, salaries, 3, offsets=offsets if offset else None, dims=dims)
    assert new.intercept == old.intercept  # exactly: the same operations on the same floats
    assert new.effects == old.effects
    assert new.pairs == old.pairs
    assert new.rows == old.rows


def test_normalise_gives_each_row_what_estimate_gives_its_profile() -> None:
    from iasalaire.api import make_profile
    from iasalaire.core import estimate

    data = load_data()
    profiles, salaries, _ = survey_rows(3, 400)
    profiles[5]["country"] = "Atlantis"  # an unknown value: the row is skipped with its reason
    survey = Survey("rows.csv", "profile", "", len(profiles), profiles=profiles,
                    salaries=salaries, titles=False)
    scored = normalise(survey, data)
    assert len(scored.salaries) == len(profiles) - 1
    assert sum(survey.skipped.values()) == 1 and "Atlantis" in next(iter(survey.skipped))
    read = [p for p in profiles if p.get("country") != "Atlantis"]
    for i, profile in enumerate(read):
        # roles a, b, c name no known role: priced at the all-roles level
        result = estimate(make_profile(profile), data, any_title=True, titles=False)
        assert ("role" in profile) == any(f.dimension == "role" for f in result.factors)
        assert scored.medians[i] == result.median and scored.sigmas[i] == result.sigma
        assert scored.countries[i] == result.profile["country"]
    assert scored.profiles[0] is not scored.profiles[1]  # each row's own dict


@pytest.mark.parametrize("keys", [["b", "a", None, "b", "c"], [("x", "y"), (), ("x", "y")]])
def test_evaluate_groups_the_same_rows_as_comparing_text(keys: list[Any]) -> None:
    from iasalaire.evaluate import _groups

    n = len(keys)
    resid, sigmas, ratio = np.linspace(-1, 1, n), np.full(n, 0.4), np.linspace(0.5, 2, n)
    order = list(dict.fromkeys(k for k in keys if k is not None))
    found = _groups(keys, resid, sigmas, ratio, order, calibrate.Z)
    for value, group in zip(order, found):
        mask = np.asarray([str(k) for k in keys]) == str(value)
        assert group["n"] == int(mask.sum()) and group["ratio"] == float(np.median(ratio[mask]))
