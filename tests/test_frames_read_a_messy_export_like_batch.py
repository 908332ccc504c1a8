"""estimate_frame reads a recruiter's export as `batch --lenient --decimal ,` does: job titles
with seniority, size bands, "Remote" locations and decimal-comma years go through the same
parsers (titles.py), so every engine gives each row batch's figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import iasalaire
from tests.messy_export import write_export

pd = pytest.importorskip("pandas")
pytest.importorskip("narwhals")


def batch_medians(path: Path) -> list[Any]:
    done = subprocess.run([sys.executable, "-m", "iasalaire", "batch", str(path), "--lenient",
                           "--decimal", ",", "--keep", "all"], capture_output=True, text=True,
                          check=False)
    assert done.returncode in (0, 1), done.stderr
    return [json.loads(line).get("median") for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[Any]]:
    path = write_export(tmp_path_factory.mktemp("export") / "export.csv", 300)
    frame = pd.read_csv(path, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    frame = frame.replace("", None)
    return frame, batch_medians(path)


def frame_medians(out: Any) -> list[Any]:
    return [None if value != value else int(value) for value in out]  # NaN: a bad row


def test_pandas_gives_batch_s_figures_for_every_row_of_the_export(
        export: tuple[Any, list[Any]]) -> None:
    frame, expected = export
    out = iasalaire.estimate_frame(frame, lenient=True, decimal=",")
    assert len(out) == len(expected) == 300
    assert frame_medians(out["p50"].tolist()) == expected
    assert sum(m is not None for m in expected) >= 0.97 * 300


def test_polars_and_duckdb_give_batch_s_figures_too(export: tuple[Any, list[Any]]) -> None:
    pl = pytest.importorskip("polars")
    frame, expected = export
    table = pl.from_pandas(frame)
    got = iasalaire.estimate_frame(table.lazy(), lenient=True, decimal=",").collect()
    assert frame_medians(got["p50"].to_list()) == expected
    duckdb = pytest.importorskip("duckdb")
    relation = duckdb.from_arrow(table.to_arrow())
    rows = iasalaire.estimate_frame(relation, lenient=True, decimal=",").select(
        "ID, p50").fetchall()
    by_id = dict(rows)
    assert [None if by_id[i] is None else int(by_id[i]) for i in frame["ID"]] == expected


def test_a_title_s_seniority_and_a_size_band_move_the_frame_s_figure() -> None:
    frame = pd.DataFrame({"Job Title": ["Junior ML Engineer", "ML Engineer", "Senior ML Engineer"],
                          "Company size": ["2-10", "51-200", "10,001+"],
                          "Location": ["Remote - US", "Remote - US", "Remote - US"]})
    out = iasalaire.estimate_frame(frame)
    medians = out["p50"].tolist()
    assert medians[0] < medians[1] < medians[2]
    single = iasalaire.estimate({"role": "Senior ML Engineer", "company": "10,001+",
                                 "city": "Remote - US"})
    assert medians[2] == single["median"]


def test_decimal_comma_years_need_the_decimal_keyword() -> None:
    frame = pd.DataFrame({"years": ["4,5", "4", "5"]})
    plain = iasalaire.estimate_frame(frame)
    assert "years" in plain["error"][0]
    comma = iasalaire.estimate_frame(frame, decimal=",")["p50"].tolist()
    assert comma[1] <= comma[0] <= comma[2]
    assert comma[0] == iasalaire.estimate({"years": 4.5})["median"]
    with pytest.raises(ValueError, match="decimal must be"):
        iasalaire.estimate_frame(frame, decimal=";")
