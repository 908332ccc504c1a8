"""A calibrated file keeps the built-in promise: for the same other fields, a higher level never
lowers a percentile, whatever level x country (or level x role) adjustments the survey has."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iasalaire
from tests.conftest import PROFILE_HEADER, run

LEVELS = ("junior", "mid", "senior", "executive")


def crossed_rows(n: int = 1600, seed: int = 3) -> list[list[Any]]:
    """A survey where, in FR, seniors earn less than mids (an interaction that breaks the
    order), and in DE executives less than seniors; elsewhere pay rises with level."""
    rng = np.random.default_rng(seed)
    pay = {"US": [100, 130, 170, 220], "FR": [60, 90, 70, 110], "DE": [70, 90, 120, 100]}
    rows = []
    for i in range(n):
        country = ("US", "FR", "DE")[i % 3]
        level = (i // 3) % 4
        salary = 1000 * pay[country][level] * math.exp(rng.normal(0, 0.1))
        role = "Data Scientist" if i % 2 else "Machine Learning Engineer"
        rows.append([LEVELS[level], country, "M", role, "0", round(salary)])
    return rows


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crossed")
    survey = folder / "crossed.csv"
    survey.write_text(",".join(PROFILE_HEADER) + "\n" + "\n".join(
        ",".join(str(c) for c in row) for row in crossed_rows()) + "\n", encoding="utf-8")
    model = folder / "model.json"
    result = run("calibrate", str(survey), "-o", str(model))
    assert result.exit_code == 0, result.stderr
    return model


def test_the_crossed_survey_does_fit_level_adjustments(calibrated: Path) -> None:
    doc = json.loads(calibrated.read_text(encoding="utf-8"))
    assert any("level" in item["dimensions"] for item in doc["interactions"])


@settings(max_examples=80, deadline=None)
@given(country=st.sampled_from(["US", "FR", "DE", None]),
       role=st.sampled_from(["data-scientist", "ml-engineer", None]),
       company=st.sampled_from(["medium", "large", None]),
       remote=st.sampled_from([0, 100, None]))
def test_a_higher_level_never_lowers_a_percentile(calibrated: Path, country: str | None,
                                                  role: str | None, company: str | None,
                                                  remote: int | None) -> None:
    fields = {k: v for k, v in {"country": country, "role": role, "company": company,
                                "remote": remote}.items() if v is not None}
    before: dict[str, float] | None = None
    for level in LEVELS:
        pct = iasalaire.estimate({**fields, "level": level}, calibrated)["percentiles"]
        if before is not None:
            assert all(pct[name] >= before[name] for name in pct), (level, fields)
        before = pct


def test_more_years_never_lower_a_percentile_on_a_calibrated_file(
        calibrated: Path, write_csv: Callable[..., Path]) -> None:
    medians = [iasalaire.estimate({"years": y, "country": "FR"}, calibrated)["median"]
               for y in (0, 1, 2, 3, 5, 8, 12, 20, 30)]
    assert medians == sorted(medians)
