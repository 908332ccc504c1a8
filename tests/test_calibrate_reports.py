"""calibrate's skip reasons are bounded: counts per reason, a few lines, whatever the survey."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from iasalaire.cli import app
from iasalaire.survey import SHOWN_SKIP_REASONS

HEADER = ["work_year", "experience_level", "employment_type", "job_title", "salary",
          "salary_currency", "salary_in_usd", "employee_residence", "remote_ratio",
          "company_location", "company_size"]


def test_a_survey_with_thousands_of_distinct_odd_values_prints_a_few_reason_lines(
        tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(20_000):  # each its own employment type: each row skipped
            writer.writerow([2024, "SE", f"T{i}", "Data Scientist", 150000, "USD", 150000,
                             "US", 0, "US", "M"])
        for i in range(300):
            writer.writerow([2024, "SE" if i % 2 else "MI", "FT", "Data Scientist",
                             100000 + 97 * i, "USD", 100000 + 97 * i, "US", 0, "US", "M"])
    result = CliRunner().invoke(app, ["calibrate", str(path), "-o", str(tmp_path / "m.json")])
    lines = result.stderr.splitlines()
    assert len(lines) < 40, lines[:50]
    skipped = [line for line in lines if line.startswith("  skipped ")]
    assert len(skipped) == SHOWN_SKIP_REASONS + 1
    assert sum(int(line.split()[1].rstrip(":")) for line in skipped) == 20_000
    assert "20300 rows, 300 used, 20000 skipped" in result.stderr
