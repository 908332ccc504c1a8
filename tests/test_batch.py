"""`iasalaire batch`: records in = records out, one error shape per bad kind, CSV, pipes, Ctrl-C.

Every test builds its own small input; none reads ../shared/data.
"""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import iasalaire
from iasalaire import batch
from iasalaire.api import as_data
from iasalaire.cli import app

runner = CliRunner()
GOOD = [
    {"years": 5, "city": "San Francisco"},
    {"years": 3.5, "city": "Austin", "sector": "finance", "certs": ["advanced-ml"]},
    {"level": "senior", "country": "FR", "company": "startup", "remote": 100},
    {"years": 0, "role": "Data Scientist", "skills": ["python", "pytorch", "llm"]},
    {"years": 12, "country": "NZ"},  # a country with no data of its own: one warning
    {},
]
BAD: list[tuple[bytes, str | None, str]] = [
    (b'{"years": 5,', None, "malformed JSON: unexpected end of data"),
    (b"[1, 2]", None, "a record must be a JSON object, not array"),
    (b'"SF"', None, "a record must be a JSON object, not string"),
    (b'{"town": "Paris"}', "town", "unknown field 'town'"),
    (b'{"years": "five"}', "years", "years: must be a number of years, not 'five'"),
    (b'{"city": ["Paris"]}', "city", "city: Input should be a valid string"),
    (b'{"city": "Pariss"}', "city", "unknown city 'Pariss' (did you mean 'Paris'?)"),
    (b'{"years": 61}', "years", "years: must be a number from 0 to 60 (got 61)"),
    (b'{"years": -1}', "years", "years: must be a number from 0 to 60 (got -1)"),
    (b'{"city": "Par\xefs"}', None, "invalid UTF-8 at byte 14"),
]


def run_batch(stdin: bytes, *args: str) -> Any:
    return runner.invoke(app, ["batch", *args], input=stdin)


def records(stdout: str) -> list[dict[str, Any]]:
    # split on \n only: str.splitlines() would also split inside a string holding U+0085
    return [orjson.loads(line) for line in stdout.split("\n") if line]


def jsonl(profiles: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(p) + b"\n" for p in profiles)


def test_good_records_exit_0_with_one_record_each_and_summary_on_stderr() -> None:
    result = run_batch(jsonl(GOOD))
    assert result.exit_code == 0
    out = records(result.stdout)
    assert [r["line"] for r in out] == list(range(1, len(GOOD) + 1))
    assert all(r["ok"] for r in out)
    assert set(out[0]) == {"line", "ok", "median", "range", "percentiles", "warnings"}
    assert result.stderr.startswith(f"batch: {len(GOOD)} records, {len(GOOD)} good, 0 bad in ")
    assert "{" not in result.stderr


def test_batch_equals_the_python_api_and_estimate_json_for_the_same_profiles() -> None:
    out = records(run_batch(jsonl(GOOD), "--explain").stdout)
    for record, profile in zip(out, GOOD):
        expected = iasalaire.estimate(profile)
        for name in ("median", "range", "percentiles", "warnings", "factors"):
            assert record[name] == expected[name], name
    flags = ["estimate", "--json", "--exp", "3.5", "--city", "Austin", "--sector", "finance",
             "--cert", "advanced-ml"]
    cli = orjson.loads(runner.invoke(app, flags).stdout)
    for name in ("median", "range", "percentiles", "warnings", "factors"):
        assert out[1][name] == cli[name]


def test_estimate_many_matches_estimate_and_raises_at_a_bad_profile() -> None:
    assert list(iasalaire.estimate_many(GOOD)) == [iasalaire.estimate(p) for p in GOOD]
    many = iasalaire.estimate_many([GOOD[0], {"city": "Pariss"}])
    assert next(many)["median"] == iasalaire.estimate(GOOD[0])["median"]
    with pytest.raises(iasalaire.errors.InvalidValue, match="unknown city 'Pariss'"):
        next(many)


@pytest.mark.parametrize(("line", "field", "message"), BAD, ids=[m for _, _, m in BAD])
def test_each_bad_kind_gives_its_error_record_and_exit_1(
        line: bytes, field: str | None, message: str) -> None:
    result = run_batch(b'{"years": 1}\n' + line + b"\n")
    assert result.exit_code == 1
    first, second = records(result.stdout)
    assert first["ok"] is True
    assert second["line"] == 2
    assert second["ok"] is False
    assert second["error"]["field"] == field
    assert second["error"]["message"].startswith(message)
    assert "1 good, 1 bad" in result.stderr


def test_an_enormous_line_is_one_bad_record_and_the_next_line_still_counts() -> None:
    big = b'{"city": "' + b"x" * (batch.MAX_LINE_BYTES + 10) + b'"}\n'
    result = run_batch(big + b'{"years": 2}\n')
    first, second = records(result.stdout)
    assert first == {"line": 1, "ok": False,
                     "error": {"field": None, "message": "line longer than 1,048,576 bytes"}}
    assert second["line"] == 2 and second["ok"] is True
    assert result.exit_code == 1


def test_blank_lines_are_skipped_but_line_numbers_stay_those_of_the_input() -> None:
    result = run_batch(b'\n{"years": 1}\n   \n\r\n{"years": 2}')
    assert [r["line"] for r in records(result.stdout)] == [2, 5]
    assert result.exit_code == 0


def test_empty_input_writes_nothing_and_exits_0() -> None:
    result = run_batch(b"")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "0 records" in result.stderr


line_strategy = st.one_of(
    st.sampled_from([orjson.dumps(p) for p in GOOD]),
    st.sampled_from([line for line, _, _ in BAD]),
    st.builds(orjson.dumps, st.dictionaries(st.sampled_from(["years", "city", "x"]),
                                            st.one_of(st.none(), st.integers(-10**12, 10**12),
                                                      st.floats(), st.text()))),
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"").replace(b"\r", b"")),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(line_strategy, max_size=25))
def test_records_in_equal_records_out_in_order(lines: list[bytes]) -> None:
    pricer = batch.Pricer(as_data(None))
    numbered = list(enumerate(lines, 1))
    expected = [n for n, line in numbered if line.strip()]
    out = [n for n, _ in batch.jsonl_outcomes(numbered, pricer)]
    assert out == expected
    # A UTF-16 or UTF-32 byte-order mark makes the whole input that encoding (its records are
    # test_batch_files.py's); here the lines are UTF-8 or bytes.
    assume(not (lines and lines[0].startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))))
    result = run_batch(b"\n".join(lines))
    if lines and lines[0].startswith(b"\xef\xbb\xbf") and not lines[0][3:].strip():
        expected = expected[1:]  # a byte-order mark alone on line 1 is a blank line
    assert [r["line"] for r in records(result.stdout)] == expected
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stderr


def test_the_cache_gives_the_same_records_as_no_cache() -> None:
    lines = [orjson.dumps(p) for p in GOOD] * 3 + [line for line, _, _ in BAD] * 2
    numbered = list(enumerate(lines, 1))
    data = as_data(None)
    small = batch.Pricer(data, cache_size=4)
    cached = list(small.settle(batch.jsonl_outcomes(numbered, small)))
    none = batch.Pricer(data, cache_size=0)
    fresh = list(none.settle(batch.jsonl_outcomes(numbered, none)))
    assert cached == fresh
    assert 0 < len(small.cache) <= 4  # bounded (emptied when full): memory stays flat


CSV_IN = (
    "years,city,sector,certs,skills,remote\n"
    "5,San Francisco,,,,\n"
    "3.5,Austin,finance,advanced-ml,,\n"
    ",,,,python;pytorch;llm,50\n"
    "2,Pariss,,,,\n"
)


def test_csv_input_gives_the_same_records_as_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(CSV_IN)
    from_csv = records(runner.invoke(app, ["batch", str(path)]).stdout)
    rows = list(csv.DictReader(io.StringIO(CSV_IN)))
    as_json = [{k: v for k, v in row.items() if v} for row in rows]
    from_json = records(run_batch(jsonl(as_json)).stdout)
    assert [r["line"] for r in from_csv] == [2, 3, 4, 5]
    for a, b in zip(from_csv, from_json):
        assert {k: v for k, v in a.items() if k != "line"} == \
            {k: v for k, v in b.items() if k != "line"}


def test_csv_output_round_trips_to_the_json_lines_figures(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(CSV_IN)
    result = runner.invoke(app, ["batch", str(path), "--output-format", "csv"])
    assert result.exit_code == 1  # Pariss
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(batch.CSV_COLUMNS)
    expected = records(runner.invoke(app, ["batch", str(path)]).stdout)
    for row, record in zip(rows, expected):
        assert int(row["line"]) == record["line"]
        assert row["ok"] == ("true" if record["ok"] else "false")
        if record["ok"]:
            assert int(row["median"]) == record["median"]
            assert int(row["low"]) == record["range"]["low"]
            names = ("p10", "p25", "p50", "p75", "p90")
            assert {p: int(row[p]) for p in names} == record["percentiles"]
        else:
            assert row["error_message"] == record["error"]["message"]


def test_csv_rows_with_too_many_cells_or_bad_bytes_are_bad_records(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"\xef\xbb\xbfyears,city\n1,Austin,extra\n2,Aus\xfftin\n3,Austin,\n")
    # with --encoding utf-8 there is no cp1252 fallback: the bad byte spoils its own row only
    out = records(runner.invoke(app, ["batch", str(path), "--encoding", "utf-8"]).stdout)
    assert [r["line"] for r in out] == [2, 3, 4]
    assert out[0]["error"]["message"] == "row has 3 cells but the header names 2"
    assert out[1]["error"]["message"] == "invalid UTF-8"
    assert out[2]["ok"] is True  # an empty trailing cell is no extra column


def test_malformed_csv_is_a_bad_record_and_the_stream_goes_on() -> None:
    result = run_batch(b"years,city\n5,Aus\rtin\n3,Austin\n", "--input-format", "csv")
    bad, good = records(result.stdout)
    assert bad == {"line": 2, "ok": False, "error": {
        "field": None, "message": "malformed CSV: a line break inside an unquoted cell"}}
    assert good["line"] == 3 and good["ok"] is True


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_output_neutralises_formula_cells(start: str) -> None:
    assert batch.neutralise(start + "1+1") == "'" + start + "1+1"
    assert batch.neutralise("Austin") == "Austin"


def test_csv_output_from_a_hostile_field_name_is_neutralised() -> None:
    result = run_batch(b'{"=HYPERLINK(\\"http://x\\")": 1}\n', "--output-format", "csv")
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["error_field"] == "'=HYPERLINK(\"http://x\")"


def test_input_format_comes_from_the_name_or_the_option(tmp_path: Path) -> None:
    odd = tmp_path / "team.txt"
    odd.write_text('{"years": 1}\n')
    refused = runner.invoke(app, ["batch", str(odd)])
    assert refused.exit_code == 2
    assert "--input-format" in refused.stderr and refused.stdout == ""
    told = runner.invoke(app, ["batch", str(odd), "--input-format", "jsonl"])
    assert told.exit_code == 0 and records(told.stdout)[0]["ok"] is True


def test_missing_input_file_and_bad_data_file_exit_1(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["batch", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1
    assert missing.stderr.startswith("Error: cannot read") and missing.stdout == ""
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    result = run_batch(b'{"years": 1}\n', "--data", str(bad))
    assert result.exit_code == 1 and "invalid data file" in result.stderr


def test_usage_error_exits_2() -> None:
    result = run_batch(b"", "--output-format", "xml")
    assert result.exit_code == 2 and result.stdout == ""


# ---- real processes: pipes and signals ---------------------------------------------------

def big_file(tmp_path: Path, repeats: int) -> Path:
    """More distinct profiles than the cache holds, repeated: slow enough to interrupt."""
    path = tmp_path / "big.jsonl"
    sectors = (b"tech", b"telecom", b"finance", b"health", b"public", b"education",
               b"consulting", b"retail", b"manufacturing", b"automotive")
    lines = b"".join(b'{"years":%d.%d,"city":"%s","sector":"%s","company":"%s","remote":%d}\n'
                     % (y, d, c, s, m, r)
                     for y in range(30) for d in range(10) for s in sectors
                     for c in (b"Austin", b"Boston", b"Seattle", b"Miami")
                     for m in (b"big-tech", b"large", b"medium", b"small", b"startup")
                     for r in (0, 50, 100))
    assert lines.count(b"\n") > batch.CACHE_SIZE
    path.write_bytes(lines * repeats)
    return path


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "iasalaire", "batch", *args]


def test_head_1_ends_quietly(tmp_path: Path) -> None:
    path = big_file(tmp_path, 1)
    shell = f"{' '.join(command(str(path)))} | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True,
                          timeout=60)
    assert orjson.loads(done.stdout)["line"] == 1
    assert done.stderr == b""
    assert done.returncode == 0


def test_ctrl_c_exits_130_without_traceback(tmp_path: Path) -> None:
    path = big_file(tmp_path, 3)
    process = subprocess.Popen(command(str(path)), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    time.sleep(1.5)  # past start-up, inside the loop
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert stderr.strip().endswith(b"Interrupted.")


def test_dash_and_stdin_csv_with_input_format() -> None:
    result = run_batch(CSV_IN.encode(), "-", "--input-format", "csv")
    assert [r["line"] for r in records(result.stdout)] == [2, 3, 4, 5]
    assert result.exit_code == 1


def test_explain_adds_a_factors_column_to_csv_output() -> None:
    result = run_batch(b'{"years": 5, "city": "SF"}\n', "--output-format", "csv", "--explain",
                       "--data", "article")
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["factors"] == "years: 5 years of experience x1.139; city: San Francisco x1.0364"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_leaves_stdout_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "team.jsonl"
    path.write_bytes(jsonl(GOOD * 1000))
    plain, shown = io.BytesIO(), io.BytesIO()
    data = as_data(None)
    assert batch.run(str(path), data, stdout=plain, stderr=io.StringIO()) == 0
    assert batch.run(str(path), data, stdout=shown, stderr=Terminal()) == 0
    assert plain.getvalue() == shown.getvalue()


def test_rich_is_not_imported_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "team.jsonl"
    path.write_bytes(jsonl(GOOD))
    code = ("import sys; from iasalaire.cli import main; sys.argv = ['iasalaire', 'batch', "
            f"{str(path)!r}]\ntry:\n    main()\nfinally:\n    print('rich' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip().endswith("False")


# No NUL: the test's own csv.writer cannot write one before Python 3.11 (a NUL in the input is
# test_any_bytes_as_csv_never_crash's; one in the output, test_a_nul_in_a_message_...).
cell = st.one_of(st.sampled_from(["", "5", "2.5", "Austin", "Pariss", "tech", "-1", "=1+1"]),
                 st.text(st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)),
                         max_size=8))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(cell, min_size=1, max_size=4), max_size=15))
def test_csv_records_in_equal_records_out(rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # so that a lone \r gets quoted too
    writer.writerow(["years", "city", "sector", "skills"])
    writer.writerows(rows)
    raw = buffer.getvalue().encode("utf-8", "surrogateescape")
    # blank lines are skipped; a row of empty cells is an empty profile, so a record
    expected = sum(1 for row in csv.reader(io.StringIO(buffer.getvalue(), newline="")) if
                   row and not (len(row) == 1 and not row[0].strip())) - 1
    result = run_batch(raw, "--input-format", "csv", "--output-format", "csv")
    assert result.exit_code in (0, 1)
    out = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(out) == expected
    assert [int(r["line"]) for r in out] == sorted(int(r["line"]) for r in out)


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_csv_never_crash(raw: bytes) -> None:
    result = run_batch(b"years,city\n" + raw, "--input-format", "csv")
    assert result.exit_code in (0, 1)
    assert result.stderr.splitlines()[-1].startswith("batch: ")  # after any cp1252 warning


def test_a_csv_row_of_empty_cells_is_an_empty_profile_not_a_blank_line(tmp_path: Path) -> None:
    source = tmp_path / "empty.csv"
    source.write_text("years,city\n,\n\n5,SF\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(source)])
    records = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert [(r["line"], r["ok"], r["median"]) for r in records] == [
        (2, True, iasalaire.estimate({})["median"]),
        (4, True, iasalaire.estimate({"years": 5, "city": "SF"})["median"])]


@pytest.mark.parametrize(("header", "message"), [
    (",", "the header row names no column"),
    (",years", "the header row has no name for column 1"),
    ("years,years", "the header row names 'years' twice"),
    ("Years,years of experience", "columns 'Years' and 'years of experience' both give years"),
])
def test_a_bad_csv_header_is_exit_2_before_any_row(tmp_path: Path, header: str,
                                                   message: str) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(f"{header}\n5,6\n7,8\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(source)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"Error: {message}")


def test_a_bad_list_item_names_the_profile_field() -> None:
    result = runner.invoke(app, ["batch"], input='{"certs": [1]}\n')
    assert orjson.loads(result.stdout)["error"]["field"] == "certs"
