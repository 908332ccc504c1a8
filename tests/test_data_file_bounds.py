"""A data file must be a salary model: bounded base, multipliers and products, a minimum
spread, price levels that can divide, and no control character in what a view shows."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from iasalaire.cli import app

runner = CliRunner()
BASELINE = Path(__file__).resolve().parents[1] / "data" / "baseline.json"


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8"))
    return result


def every_multiplier(value: float) -> Any:
    def change(d: dict[str, Any]) -> None:
        for name in ("cities", "countries", "sectors", "companies", "roles", "remote"):
            for entry in d[name]:
                if entry.get("multiplier") is not None:
                    entry["multiplier"] = value
    return change


def first_price_level(d: dict[str, Any]) -> None:
    d["price_levels"][0]["index"] = 1e-300


def first_label(d: dict[str, Any]) -> None:
    d["cities"][0]["label"] = "Paris\x1b[2J"


@pytest.mark.parametrize(("change", "message"), [
    (every_multiplier(99.99), "multipliers: the largest reach a median of"),
    (every_multiplier(0.011), "multipliers: the smallest reach a median of"),
    (lambda d: d["base"].__setitem__("median", 1e300), "base.median"),
    (lambda d: d["base"].__setitem__("median", 1), "base.median"),
    (lambda d: d["spread"].__setitem__("sigma", 1e-20), "spread.sigma"),
    (first_price_level, "price_levels[0].index"),
    (first_label, "cities[0].label: holds a control character (\\x1b)"),
])
def test_a_data_file_that_cannot_be_a_salary_model_is_refused_by_validate_and_by_loading(
        tmp_path: Path, baseline: dict[str, Any], change: Any, message: str) -> None:
    hostile = copy.deepcopy(baseline)
    change(hostile)
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile), encoding="utf-8")
    checked = runner.invoke(app, ["data", "validate", str(path)])
    assert checked.exit_code == 1 and message in checked.stderr, checked.stderr
    for args in (["estimate", "--exp", "5", "--city", "Paris"], ["batch", "-"]):
        used = runner.invoke(app, [*args, "--data", str(path)], input='{"years": 5}\n')
        assert used.exit_code == 1 and used.stdout == ""
        assert "\x1b" not in used.stderr


def test_the_shipped_baseline_is_inside_every_bound(tmp_path: Path) -> None:
    checked = runner.invoke(app, ["data", "validate", str(BASELINE)])
    assert checked.exit_code == 0, checked.stderr
