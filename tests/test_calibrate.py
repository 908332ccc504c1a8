"""`iasalaire calibrate`: planted multipliers come back, small groups shrink, bad CSVs exit 1."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iasalaire.calibrate import source_key
from iasalaire.data import load_data
from iasalaire.schema import DataFile
from tests.conftest import planted_rows

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "aijobs-salaries-dev.csv"


def multiplier(doc: dict[str, Any], listed: str, id: str) -> float:
    return float(next(e["multiplier"] for e in doc[listed] if e["id"] == id))


def curve(doc: dict[str, Any], years: float) -> float:
    return float(next(a["multiplier"] for a in doc["experience"]["curve"]
                      if a["years"] == years))


def test_planted_multipliers_are_recovered(write_csv: Callable[..., Path], cli: Any,
                                           tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    result = cli("calibrate", write_csv(planted_rows()), "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # results go to the file, messages to stderr
    assert f"wrote {out}" in result.stderr
    doc = json.loads(out.read_text())
    fr = multiplier(doc, "countries", "FR") / multiplier(doc, "countries", "US")
    assert fr == pytest.approx(0.6, rel=0.04)
    # junior sits at 1 year, senior at 7 on the curve: their ratio is the planted one.
    assert curve(doc, 1) / curve(doc, 7) == pytest.approx(0.7 / 1.3, rel=0.04)
    assert doc["spread"]["sigma"] == pytest.approx(0.2, rel=0.15)


def test_fitted_values_name_the_survey_with_counts(write_csv: Callable[..., Path], cli: Any,
                                                   tmp_path: Path) -> None:
    survey = write_csv(planted_rows(), name="My Survey 2025.csv")
    out = tmp_path / "model.json"
    assert cli("calibrate", survey, "-o", out).exit_code == 0
    doc = json.loads(out.read_text())
    key = source_key(str(survey))
    assert key == "data:my-survey-2025"
    assert doc["sources"][key]["rows"] == 2000 and len(doc["sources"][key]["sha256"]) == 64
    fr = next(e for e in doc["countries"] if e["id"] == "FR")
    assert (fr["source"], fr["count"], fr["confidence"]) == (key, 500, "medium")
    # A dimension the survey lacks keeps the base file's figure and source.
    base = load_data().file
    tech = next(e for e in doc["sectors"] if e["id"] == "tech")
    assert tech["source"] == base.sectors[0].source
    assert tech["multiplier"] == base.sectors[0].multiplier


def test_shrinkage_pulls_a_three_row_group_toward_one(write_csv: Callable[..., Path],
                                                      cli: Any, tmp_path: Path) -> None:
    rows = planted_rows()
    rows += [["senior", "DE", "M", "Data Scientist", "0", 150_000 * 1.3 * 0.5]] * 3
    out = tmp_path / "model.json"
    assert cli("calibrate", write_csv(rows), "-o", out, "--min-count", "1").exit_code == 0
    doc = json.loads(out.read_text())
    de = multiplier(doc, "countries", "DE") / multiplier(doc, "countries", "US")
    assert 0.5 * 1.2 < de < 0.95  # planted 0.5, pulled toward 1
    assert math.log(de) == pytest.approx(math.log(0.5) * 3 / (3 + 5), abs=0.08)
    entry = next(e for e in doc["countries"] if e["id"] == "DE")
    assert entry["count"] == 3 and entry["confidence"] == "low"


def test_min_count_leaves_small_groups_at_the_world_figure(write_csv: Callable[..., Path],
                                                           cli: Any, tmp_path: Path) -> None:
    rows = planted_rows() + [["senior", "DE", "M", "Data Scientist", "0", 90_000]] * 3
    out = tmp_path / "model.json"
    assert cli("calibrate", write_csv(rows), "-o", out, "--min-count", "5").exit_code == 0
    de = next(e for e in json.loads(out.read_text())["countries"] if e["id"] == "DE")
    assert de["source"] == load_data().country("DE").source  # the base file's, untouched


def test_written_file_validates_and_round_trips(write_csv: Callable[..., Path], cli: Any,
                                                tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    assert cli("calibrate", write_csv(planted_rows()), "-o", out).exit_code == 0
    validated = cli("data", "validate", out)
    assert validated.exit_code == 0 and "valid" in validated.stdout
    loaded = load_data(out).file
    again = DataFile.model_validate_json(loaded.model_dump_json(by_alias=True))
    assert again.model_dump() == loaded.model_dump()  # the pydantic model, and the records
    estimated = cli("estimate", "--country", "FR", "--level", "EN", "--data", out, "--json")
    assert estimated.exit_code == 0, estimated.stderr
    assert json.loads(estimated.stdout)["median"] > 0


def test_aijobs_layout_keeps_full_time_rows(write_csv: Callable[..., Path], cli: Any,
                                            tmp_path: Path) -> None:
    header = ["work_year", "experience_level", "employment_type", "job_title", "salary",
              "salary_currency", "salary_in_usd", "employee_residence", "remote_ratio",
              "company_location", "company_size"]
    rows = []
    for i, (level, pay) in enumerate([("EN", 90_000), ("SE", 160_000)] * 30):
        kind = "PT" if i % 10 == 0 else "FT"
        rows.append([2024, level, kind, "Data Engineer", pay + i * 100, "USD", pay + i * 100,
                     "US", 0 if i % 3 else 100, "US", "L" if i % 2 else "S"])
    out = tmp_path / "model.json"
    result = cli("calibrate", write_csv(rows, header), "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "aijobs layout, 60 rows, 54 used, 6 skipped" in result.stderr
    assert "skipped 6: not full-time (employment_type PT)" in result.stderr
    doc = json.loads(out.read_text())
    assert curve(doc, 1) < curve(doc, 7)


def test_currency_column_converts_to_usd(write_csv: Callable[..., Path], cli: Any,
                                         tmp_path: Path) -> None:
    rows = [[r[0], r[1], r[2], r[3], r[4], r[5], "USD"] for r in planted_rows(200)]
    rows += [["senior", "GB", "M", "Data Scientist", "0", 100_000, "GBP"]] * 10
    rows += [["senior", "GB", "M", "Data Scientist", "0", 100_000, "XYZ"]]
    out = tmp_path / "model.json"
    result = cli("calibrate", write_csv(rows, [*PROFILE_HEADER_C]), "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "skipped 1: no exchange rate for currency XYZ" in result.stderr


PROFILE_HEADER_C = ["level", "country", "company", "role", "remote", "salary", "currency"]


@pytest.mark.parametrize("content,message", [
    (b"name,age\nann,3\n", "missing columns: 'salary'"),
    (b"salary,colour\n100,red\n", "missing columns: at least one profile field"),
    (b"", "empty file"),
    (b"country,salary\n", "no salary rows"),
    (b"country,salary\nFR,abc\nUS,n/a\n", "only 0 usable rows"),
    ("country,salary\nCôte d'Ivoire,100000\n".encode("latin-1"), "not UTF-8 text (line 2)"),
])
def test_bad_csv_exits_1_with_a_clear_message(tmp_path: Path, cli: Any, content: bytes,
                                              message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = cli("calibrate", path, "-o", tmp_path / "out.json")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_when_nothing_is_usable_the_skip_reasons_are_printed(tmp_path: Path, cli: Any) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b'country,salary\nFR,55.000\nUS,"55,5"\nDE,0\n')
    for command in (("calibrate", path, "-o", tmp_path / "out.json"), ("evaluate", path)):
        result = cli(*command)
        assert result.exit_code == 1 and result.stdout == ""
        assert "skipped 1: salary under 1,000 USD a year" in result.stderr  # 55.000 is 55
        assert "skipped 1: salary is not a number in the C locale" in result.stderr  # 55,5
        assert "skipped 1: salary is not a positive number" in result.stderr
        assert result.stderr.splitlines()[-1].startswith("Error: ")


def test_non_numeric_salary_rows_are_skipped_with_a_reason(write_csv: Callable[..., Path],
                                                           cli: Any, tmp_path: Path) -> None:
    rows = planted_rows(100) + [["senior", "US", "M", "Data Scientist", "0", "lots"]]
    result = cli("calibrate", write_csv(rows), "-o", tmp_path / "m.json")
    assert result.exit_code == 0
    assert "skipped 1: salary is not a number" in result.stderr


def test_missing_input_file_exits_1(cli: Any, tmp_path: Path) -> None:
    result = cli("calibrate", tmp_path / "nope.csv", "-o", tmp_path / "m.json")
    assert result.exit_code == 1 and "cannot read" in result.stderr


def test_output_is_required(cli: Any, write_csv: Callable[..., Path]) -> None:
    assert cli("calibrate", write_csv(planted_rows(10))).exit_code == 2


@pytest.mark.skipif(not DEV.is_file(), reason="../shared/data/aijobs-salaries-dev.csv absent")
@pytest.mark.slow
def test_calibrating_on_the_dev_data_beats_the_baseline(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    assert cli("calibrate", DEV, "-o", out).exit_code == 0
    before = json.loads(cli("evaluate", DEV, "--json").stdout)
    after = json.loads(cli("evaluate", DEV, "--data", out, "--json").stdout)
    assert after["mae_log"] < before["mae_log"]
    assert after["coverage"]["p10_p90"] == pytest.approx(0.8, abs=0.01)


def test_a_planted_interaction_is_shown_as_a_factor(write_csv: Callable[..., Path], cli: Any,
                                                    tmp_path: Path) -> None:
    rows = planted_rows()
    for row in rows:
        if row[0] == "junior" and row[1] == "FR":
            row[5] = round(row[5] * 0.8)  # juniors in France earn 20% less than the product
    out = tmp_path / "model.json"
    assert cli("calibrate", write_csv(rows), "-o", out).exit_code == 0
    doc = json.loads(out.read_text())
    pair = next(i for i in doc["interactions"]
                if i["dimensions"] == ["level", "country"] and i["values"] == ["junior", "FR"])
    # Main effects take what they can; the pair holds the rest, so the product is right.
    assert pair["multiplier"] < 0.97 and pair["count"] == 250
    result = cli("estimate", "--level", "junior", "--country", "FR", "--data", out, "--json")
    document = json.loads(result.stdout)
    assert any(f["dimension"] == "interaction" and f["input"] == "junior/FR"
               for f in document["factors"])
    # With the pair, the estimate is nearer the group's real median than without it.
    real = sorted(r[5] for r in rows if r[0] == "junior" and r[1] == "FR")[125]
    doc["interactions"] = []
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(doc))
    without = json.loads(cli("estimate", "--level", "junior", "--country", "FR", "--data",
                             plain, "--json").stdout)
    assert abs(math.log(document["median"] / real)) < abs(math.log(without["median"] / real))


def test_more_years_never_lower_a_percentile(write_csv: Callable[..., Path], cli: Any,
                                             tmp_path: Path) -> None:
    import iasalaire

    rows = planted_rows()
    rows += [["executive", "US", "M", "Data Scientist", "0", 100_000]] * 20  # below senior
    out = tmp_path / "model.json"
    assert cli("calibrate", write_csv(rows), "-o", out).exit_code == 0
    previous = None
    for years in [y / 2 for y in range(61)]:
        pct = iasalaire.estimate({"years": years, "country": "FR"}, out)["percentiles"]
        values = [pct[k] for k in ("p10", "p25", "p50", "p75", "p90")]
        assert values == sorted(values)
        if previous is not None:
            assert all(now >= before for now, before in zip(values, previous))
        previous = values
    executive = next(a for a in json.loads(out.read_text())["experience"]["curve"]
                     if a["years"] == 15)
    assert "raised to the level below it" in executive["note"]


def test_recalibrating_keeps_only_the_base_pairs_it_did_not_refit(
        write_csv: Callable[..., Path], cli: Any, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert cli("calibrate", write_csv(planted_rows()), "-o", first).exit_code == 0
    doc = json.loads(first.read_text())
    extra = {"dimensions": ["role", "remote"], "values": ["data-scientist", "100"],
             "multiplier": 1.1, "source": "assumption", "confidence": "low"}
    doc["interactions"] = [extra, {**extra, "dimensions": ["level", "role"],
                                   "values": ["junior", "data-scientist"]}]
    first.write_text(json.dumps(doc))
    second = tmp_path / "second.json"
    only_levels = write_csv([[r[0], r[5]] for r in planted_rows()], ["level", "salary"],
                            name="levels.csv")
    assert cli("calibrate", only_levels, "-o", second, "--base", first).exit_code == 0
    assert json.loads(second.read_text())["interactions"] == [{**extra, "note": ""}]


def test_years_are_read_through_the_base_curve(write_csv: Callable[..., Path], cli: Any,
                                               tmp_path: Path) -> None:
    import numpy as np

    import iasalaire

    curve = load_data().experience_at
    rng = np.random.default_rng(3)
    rows = []
    for i in range(1200):
        years, country = [0, 3, 5, 10, 20][i % 5], ("FR" if i % 3 == 0 else "US")
        pay = 100_000 * curve(years)[0] * (0.6 if country == "FR" else 1.0)
        rows.append([years, country, round(pay * math.exp(rng.normal(0, 0.1)))])
    out = tmp_path / "model.json"
    assert cli("calibrate", write_csv(rows, ["years", "country", "salary"]), "-o",
               out).exit_code == 0
    for years in (0, 10):
        us = iasalaire.estimate({"years": years, "country": "US"}, out)["median"]
        assert us == pytest.approx(100_000 * curve(years)[0], rel=0.03)
    fr = iasalaire.estimate({"years": 5, "country": "FR"}, out)["median"]
    assert fr / iasalaire.estimate({"years": 5, "country": "US"}, out)["median"] == \
        pytest.approx(0.6, rel=0.03)


def test_a_survey_whose_only_profile_column_is_years_fits_the_base_and_spread(
        write_csv: Callable[..., Path], cli: Callable[..., Any], tmp_path: Path) -> None:
    survey = write_csv([[y, 100_000 + 10_000 * y] for y in range(10)], header=["years", "salary"])
    out = tmp_path / "fitted.json"
    result = cli("calibrate", survey, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "unexpected" not in result.stderr
    assert json.loads(out.read_text())["spread"]["sigma"] > 0


def test_a_rewritten_note_keeps_no_french_of_the_base(write_csv: Callable[..., Path], cli: Any,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    assert cli("calibrate", write_csv(planted_rows()), "-o", out).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    base = {c["id"]: c for c in json.loads(
        (Path(__file__).parents[1] / "data" / "baseline.json").read_text("utf-8"))["cities"]}
    assert "note_fr" not in doc["base"]  # fitted: an English note of its own
    fr = next(c for c in doc["countries"] if c["id"] == "FR")
    assert "note_fr" not in fr
    # A figure kept as the base has it keeps its French note.
    kept = [c for c in doc["cities"] if c["note"] == base[c["id"]]["note"]]
    assert kept and all(c.get("note_fr") == base[c["id"]]["note_fr"] for c in kept)
    shown = cli("estimate", "--country", "FR", "--lang", "fr", "--data", out)
    assert shown.exit_code == 0, shown.stderr
    assert "(en anglais)" in shown.stdout
