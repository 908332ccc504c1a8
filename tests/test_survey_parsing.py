"""`calibrate` and `evaluate` read surveys as `batch` reads exports: the delimiter sniffed from
the header, job titles, size bands and decimal-comma years through the same parsers."""

from __future__ import annotations

import io
import json
from pathlib import Path

from typer.testing import CliRunner

from iasalaire import batch
from iasalaire.cli import app
from iasalaire.data import load_data
from iasalaire.survey import normalise, read_survey

runner = CliRunner()
TITLES = ("Senior Data Scientist", "Data Scientist", "Junior ML Engineer", "Head of AI",
          "Intern")


def survey(tmp_path: Path, delimiter: str = ";") -> Path:
    rows = [delimiter.join(["Job Title", "Years of experience", "Country", "Company size",
                            "salary"])]
    for i in range(200):
        years = f"{i % 12},5" if delimiter == ";" else str(i % 12)
        rows.append(delimiter.join([TITLES[i % 5], years if i % 3 else "", "US",
                                    ("51-200", "10,001+" if delimiter == ";" else "1000+",
                                     "2-10")[i % 3], str(60_000 + 700 * i)]))
    path = tmp_path / "survey.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode("utf-8"))
    return path


def test_rule_a_semicolon_survey_is_read_with_its_delimiter(tmp_path: Path) -> None:
    read = read_survey(survey(tmp_path), ",")
    assert read.layout == "profile" and len(read.profiles) == 200
    assert read.profiles[1]["years"] == "1.5"  # decimal comma read


def test_rule_titles_and_sizes_are_read_as_batch_reads_them(tmp_path: Path) -> None:
    scored = normalise(read_survey(survey(tmp_path), ","), load_data())
    assert scored.profiles[0]["role"] == "data-scientist"
    assert scored.profiles[0]["level"] == "senior"  # no years given in row 0
    assert scored.profiles[3]["role"] == "ai-engineer"
    assert scored.profiles[9]["level"] == "junior" and scored.profiles[9]["role"] is None
    assert {p["company"] for p in scored.profiles} == {"medium", "large", "small"}


def test_calibrate_and_evaluate_run_on_a_semicolon_survey(tmp_path: Path) -> None:
    path = survey(tmp_path)
    result = runner.invoke(app, ["evaluate", str(path), "--decimal", ",", "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["n"] == 200
    out = tmp_path / "model.json"
    result = runner.invoke(app, ["calibrate", str(path), "--decimal", ",", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert {r["id"] for r in json.loads(out.read_text())["companies"]} >= {"small", "large"}


def test_a_comma_survey_reads_as_before(tmp_path: Path) -> None:
    assert len(read_survey(survey(tmp_path, ",")).profiles) == 200


def test_progress_moves_by_bytes_read_before_the_chunks_are_priced() -> None:
    stream = io.BytesIO(b"x" * 1000)
    items = [(i, batch.Outcome(True, b"")) for i in range(batch.PROGRESS_EVERY * 2)]
    seen = []

    def reading() -> object:
        for item in items:
            stream.seek(min(1000, item[0] * 5))
            seen.append(item[0])
            yield item

    wrapped = batch.with_progress(reading(), stream, 1000)  # type: ignore[arg-type]
    first = next(wrapped)
    assert first == items[0] and seen == [0]  # records pass through one by one, unheld
    assert list(wrapped) == items[1:]


def test_a_survey_in_any_currency_that_estimate_shows_is_read_at_the_same_rates(
        tmp_path: Path) -> None:
    """calibrate converts with the table `--currency` uses (rates.py), so a row in JPY counts
    (it was skipped with a second, nine-currency table) and 1 EUR is what --currency EUR says."""
    from iasalaire.rates import RATES

    path = tmp_path / "yen.csv"
    path.write_text("country,years,salary,currency\nJP,5,9000000,JPY\nFR,5,50000,EUR\n"
                    "FR,5,50000,XYZ\n", encoding="utf-8")
    read = read_survey(path, ".")
    assert len(read.profiles) == 2
    yen, euro = RATES["JPY"][2024][0], RATES["EUR"][2024][0]
    assert read.salaries == [9_000_000 / yen, 50_000 / euro]
    assert round(read.salaries[0]) == 59_433  # 151.4 yen to the dollar in 2024 (ECB)
