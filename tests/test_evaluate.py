"""`iasalaire evaluate`: the metrics, the coverage on the data a file was fitted from, and the
separation of results (stdout) from messages (stderr)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iasalaire.evaluate import scores
from tests.conftest import planted_rows

KEYS = {"schema", "file", "layout", "data", "rows", "n", "median_ape", "mae_log",
        "pinball_log", "coverage", "by_fields", "by_country", "by_experience", "skipped",
        "notes"}


@pytest.fixture
def fitted(write_csv: Callable[..., Path], cli: Any, tmp_path: Path) -> tuple[Path, Path]:
    survey = write_csv(planted_rows())
    model = tmp_path / "model.json"
    assert cli("calibrate", survey, "-o", model).exit_code == 0
    return survey, model


def test_coverage_on_the_fitted_data_is_the_calibrated_one(fitted: tuple[Path, Path],
                                                           cli: Any) -> None:
    survey, model = fitted
    result = cli("evaluate", survey, "--data", model, "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)  # stdout is exactly one JSON document
    assert set(report) == KEYS and report["schema"] == "iasalaire.evaluation/1"
    assert report["n"] == 2000 and report["skipped"] == {}
    assert report["coverage"]["p10_p90"] == pytest.approx(0.80, abs=0.01)
    assert report["coverage"]["p25_p75"] == pytest.approx(0.50, abs=0.04)
    # Planted noise: log-normal with sigma 0.2, so MAE_log is about 0.2 * sqrt(2 / pi).
    assert report["mae_log"] == pytest.approx(0.2 * math.sqrt(2 / math.pi), rel=0.1)
    assert report["pinball_log"]["p50"] == pytest.approx(report["mae_log"] / 2)
    assert "aijobs" not in result.stderr and "2000 used, 0 skipped" in result.stderr


def test_the_fitted_file_beats_the_baseline_on_its_data(fitted: tuple[Path, Path],
                                                        cli: Any) -> None:
    survey, model = fitted
    base = json.loads(cli("evaluate", survey, "--json").stdout)
    own = json.loads(cli("evaluate", survey, "--data", model, "--json").stdout)
    assert own["mae_log"] < base["mae_log"]
    assert own["median_ape"] < base["median_ape"]


def test_table_for_people(fitted: tuple[Path, Path], cli: Any) -> None:
    survey, model = fitted
    result = cli("evaluate", survey, "--data", model)
    assert result.exit_code == 0
    for label in ("MAE_log", "median abs. % error", "pinball p90", "inside p10-p90"):
        assert label in result.stdout
    assert "skipped" not in result.stdout and "skipped" in result.stderr


def test_rows_it_cannot_score_are_reported_with_reasons(write_csv: Callable[..., Path],
                                                        cli: Any) -> None:
    rows = planted_rows(100)
    rows += [["wizard", "US", "M", "Data Scientist", "0", 100_000]]
    rows += [["senior", "US", "M", "Chief Vibes Officer", "0", 100_000]]
    rows += [["senior", "US", "M", "Data Scientist", "0", "-5"]]
    result = cli("evaluate", write_csv(rows), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["n"] == 101
    assert report["skipped"] == {"unknown level 'wizard'": 1,
                                 "salary is not a positive number": 1}
    assert report["notes"] == {"job title not a known role: priced at the all-roles level": 1}
    assert "skipped 1: unknown level 'wizard'" in result.stderr


@pytest.mark.parametrize("content,message", [
    (b"", "empty file"),
    (b"years,bonus\n3,100\n", "missing columns"),
    (b"years,salary\n3,abc\n", "no row could be scored"),
    (b"city,salary\n\xe9,1\n", "not UTF-8"),
])
def test_bad_csv_exits_1(tmp_path: Path, cli: Any, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = cli("evaluate", path, "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr


def test_bad_data_file_exits_1(write_csv: Callable[..., Path], cli: Any,
                               tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{}")
    result = cli("evaluate", write_csv(planted_rows(10)), "--data", broken)
    assert result.exit_code == 1 and "invalid data file" in result.stderr


def test_scores_on_known_numbers() -> None:
    result = scores([100.0, 200.0], [100.0, 100.0], [0.5, 0.5])
    assert result["n"] == 2
    assert result["mae_log"] == pytest.approx(math.log(2) / 2)
    assert result["median_ape"] == pytest.approx(0.25)  # |100-100|/100 and |100-200|/200
    assert result["coverage"]["p10_p90"] == 0.5  # log 2 > 1.28 * 0.5


def test_estimate_json_does_not_import_numpy() -> None:
    code = ("import sys; from iasalaire.cli import main; sys.argv=['iasalaire','estimate',"
            "'--json']; import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
            "    try: main()\n    except SystemExit: pass\nprint('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_an_absurd_salary_is_skipped_with_its_reason(write_csv: Callable[..., Path],
                                                     cli: Callable[..., Any]) -> None:
    survey = write_csv([[5, 100_000], [3, 150_000], [2, "1e308"]], header=["years", "salary"])
    result = cli("evaluate", survey, "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["n"] == 2
    assert report["skipped"] == {"salary above 5,000,000 USD a year": 1}
