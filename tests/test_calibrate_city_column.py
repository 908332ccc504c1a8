"""A survey's `city` column is fitted like its `country` column, each row's currency honoured:
noise-free rows come back at their own pay."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run


def test_noise_free_paris_eur_and_austin_usd_rows_come_out_at_their_own_pay(
        tmp_path: Path) -> None:
    survey = tmp_path / "cities.csv"
    rows = ["city,salary,currency"] + [
        "Paris,60000,EUR" if i % 2 else "Austin,150000,USD" for i in range(200)]
    survey.write_text("\n".join(rows) + "\n", encoding="utf-8")
    model = tmp_path / "model.json"
    done = run("calibrate", str(survey), "-o", str(model))
    assert done.exit_code == 0, done.stderr
    assert "city" in done.stderr  # "refitted ...: city"
    fitted = json.loads(model.read_text(encoding="utf-8"))
    paris = next(c for c in fitted["cities"] if c["id"] == "paris")
    assert paris["source"] == "data:cities" and paris["count"] == 100
    report = json.loads(run("evaluate", str(survey), "--data", str(model), "--json").stdout)
    assert report["n"] == 200 and report["median_ape"] < 0.01
    austin = json.loads(run("estimate", "--city", "Austin", "--data", str(model),
                            "--json").stdout)
    assert abs(austin["median"] / 150_000 - 1) < 0.01
