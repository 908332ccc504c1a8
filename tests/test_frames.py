"""estimate_frame gives, row by row, what estimate() gives, on pandas, polars (eager and lazy)."""

from __future__ import annotations

import math
import random
from typing import Any

import pytest

import iasalaire

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pytest.importorskip("narwhals")

CITIES = ["SF", "Paris", "london", "Austin", "Pariss", None, "Lyon"]
ROWS_SEED = 11


def rows(count: int = 300) -> list[dict[str, Any]]:
    rng = random.Random(ROWS_SEED)
    out = []
    for _ in range(count):
        years = rng.choice([None, round(rng.uniform(0, 40), 2), 5, 0, 24, 61, -1])
        out.append({
            "years": years,
            "level": rng.choice([None] * 6 + ["senior", "EN", "wizard"]),
            "city": rng.choice(CITIES),
            "country": rng.choice([None] * 5 + ["FR", "US", "DE", "Atlantis"]),
            "sector": rng.choice([None, "tech", "finance", "bakery"]),
            "company": rng.choice([None, "big-tech", "startup", "L"]),
            "role": rng.choice([None, "ml-engineer", "Data Scientist"]),
            "certs": rng.choice([None, "advanced-ml", "advanced-ml;aws-ml-specialty", "nope"]),
            "skills": rng.choice([None, "python", "pytorch;llm;cuda"]),
            "remote": rng.choice([None, "0", "50", "100", "7"]),
        })
    return out


def expected(row: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return iasalaire.estimate({k: v for k, v in row.items() if v is not None})["percentiles"]
    except Exception:  # noqa: BLE001 - a bad row
        return None


def check(records: list[dict[str, Any]]) -> None:
    bad = 0
    for row, want in zip(rows(), [expected(r) for r in rows()]):
        got = records.pop(0)
        if want is None:
            bad += 1
            assert isinstance(got["error"], str) and got["error"], row
            assert all(got[p] is None or math.isnan(got[p]) for p in want or ("p10", "p90"))
        else:
            assert got["error"] is None or got["error"] != got["error"], (row, got["error"])
            assert {p: int(got[p]) for p in want} == want, row
    assert 0 < bad < len(rows())  # both kinds were exercised


def test_estimate_frame_on_pandas_equals_estimate_row_by_row() -> None:
    out = iasalaire.estimate_frame(pd.DataFrame(rows()))
    assert isinstance(out, pd.DataFrame)
    records = out.to_dict("records")
    for record in records:
        if isinstance(record["error"], float):
            record["error"] = None
    check(records)


def test_estimate_frame_on_polars_equals_estimate_row_by_row() -> None:
    out = iasalaire.estimate_frame(pl.DataFrame(rows()))
    assert isinstance(out, pl.DataFrame)
    check(out.to_dicts())


def test_estimate_frame_on_a_polars_lazyframe_stays_lazy_and_equals_estimate() -> None:
    out = iasalaire.estimate_frame(pl.DataFrame(rows()).lazy())
    assert isinstance(out, pl.LazyFrame)
    check(out.collect().to_dicts())


def test_other_columns_are_kept_and_a_missing_profile_column_is_absent() -> None:
    out = iasalaire.estimate_frame(pl.DataFrame({"id": [7], "city": ["SF"]}))
    assert out["id"].to_list() == [7]
    assert out["p50"].to_list() == [iasalaire.estimate({"city": "SF"})["median"]]


def test_text_years_are_read_per_row_and_list_columns_and_name_clashes_are_refused() -> None:
    out = iasalaire.estimate_frame(pl.DataFrame({"years": ["five", "5"]}))
    assert out["error"][0].startswith("years: must be a number of years")
    assert out["p50"][1] == iasalaire.estimate({"years": 5})["median"]
    with pytest.raises(ValueError, match="give it as text, ';'-separated"):
        iasalaire.estimate_frame(pl.DataFrame({"certs": [["advanced-ml"]]}))
    with pytest.raises(ValueError, match="already has column"):
        iasalaire.estimate_frame(pl.DataFrame({"p50": [1]}))


def test_a_pyarrow_table_comes_back_as_one() -> None:
    pa = pytest.importorskip("pyarrow")
    out = iasalaire.estimate_frame(pa.table({"years": [5.0, None], "city": ["SF", "Nowhere"]}))
    assert isinstance(out, pa.Table)
    rows = out.to_pylist()
    assert rows[0]["p50"] == iasalaire.estimate({"years": 5, "city": "SF"})["median"]
    assert rows[1]["p50"] is None and "Nowhere" in rows[1]["error"]
