"""Records in = records out for hostile files: a bad element, a stray quote, an encoding that
does not fit, a key given twice; each is one bad record, never the whole file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import iasalaire
from iasalaire.batch import MAX_QUOTED_LINES, element_end
from iasalaire.cli import app

runner = CliRunner()


def records(stdout: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in stdout.split("\n") if line]


def batch(path: Path, *args: str) -> Any:
    return runner.invoke(app, ["batch", str(path), *args])


def median(**profile: Any) -> int:
    return int(iasalaire.estimate(profile)["median"])


@pytest.mark.parametrize(("element", "message"), [
    ("[" * 100_000 + "]" * 100_000, "malformed JSON: nested too deeply"),
    ('{"years": ' + "9" * 5001 + "}", "malformed JSON: a number too long to read"),
    ('{"years": 5, "years": 50}', "key 'years' is given twice in one record"),
])
def test_a_json_array_with_one_unreadable_element_keeps_every_other_record(
        tmp_path: Path, element: str, message: str) -> None:
    good = [f'{{"years": {i % 30}}}' for i in range(5000)]
    path = tmp_path / "team.json"
    path.write_text("[" + ",".join([*good, element, '{"years": 3}']) + "]")
    result = batch(path)
    out = records(result.stdout)
    assert result.exit_code == 1, result.stderr
    assert len(out) == 5002
    assert out[5000] == {"line": 5001, "ok": False, "error": {"field": None, "message": message}}
    assert out[4999]["median"] == median(years=4999 % 30)
    assert out[5001]["line"] == 5002 and out[5001]["median"] == median(years=3)


@settings(max_examples=60, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=8))
def test_element_end_finds_the_end_of_any_json_value(value: Any) -> None:
    text = json.dumps(value)
    assert element_end(text + " , 1]", 0) == len(text)


def test_one_stray_quote_costs_one_record_and_reading_goes_on_at_the_next_line(
        tmp_path: Path) -> None:
    rows = [f"{i % 40},Paris" for i in range(3, 20_003)]
    path = tmp_path / "team.csv"
    path.write_text("years,city\n5,\"Paris\n" + "\n".join(rows) + "\n")
    result = batch(path)
    out = records(result.stdout)
    assert len(out) == 20_001
    assert out[0]["line"] == 2 and not out[0]["ok"]
    assert "stray quote" in out[0]["error"]["message"]
    assert [r["line"] for r in out[1:]] == list(range(3, 20_003))
    assert all(r["ok"] for r in out[1:])
    assert out[1]["median"] == median(years=3, city="Paris")


def test_a_quoted_cell_over_a_few_lines_is_still_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    lines = "\n".join(["x"] * (MAX_QUOTED_LINES - 2))
    path.write_text(f'years,city,Note\n5,Paris,"{lines}"\n3,Austin,\n')
    result = batch(path, "--keep", "Note")
    out = records(result.stdout)
    assert [r["line"] for r in out] == [2, 2 + MAX_QUOTED_LINES - 2]
    assert out[0]["keep"] == {"Note": lines} and out[1]["ok"]


def test_utf_16_without_a_byte_order_mark_is_read_as_little_endian(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_bytes("years,city\n5,Paris\n".encode("utf-16-le"))
    result = batch(path, "--encoding", "utf_16")
    assert result.exit_code == 0, result.stderr
    assert records(result.stdout)[0]["median"] == median(years=5, city="Paris")


@pytest.mark.parametrize("codec", ["idna", "rot13", "base64", "hex"])
def test_an_encoding_that_is_not_a_text_codec_is_exit_2(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "team.csv"
    path.write_text("years\n5\n")
    result = batch(path, "--encoding", codec)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr and result.stderr.startswith("Error: ")


def test_undecodable_lines_are_bad_records_in_the_given_encoding(tmp_path: Path) -> None:
    path = tmp_path / "team.jsonl"
    path.write_bytes(b'{"years": 5}\n{"years": 6}\n')  # UTF-8, read as UTF-16: no JSON
    result = batch(path, "--encoding", "utf_16")
    out = records(result.stdout)
    assert result.exit_code == 1 and out and all(not r["ok"] for r in out)


def test_batch_with_stdin_closed_is_exit_1_with_one_line() -> None:
    done = subprocess.run([sys.executable, "-m", "iasalaire", "batch"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60,
                          preexec_fn=lambda: __import__("os").close(0))
    assert done.returncode == 1
    assert done.stderr == "Error: cannot read standard input: it is closed\n"
    assert done.stdout == ""


@pytest.mark.parametrize("line", [
    b'{"years": 5, "years": 50}', b'{"years" : 5, "city": "Paris", "years":5}',
    b'{"city": "Paris", "skills": ["python"], "city": "Austin"}'])
def test_a_json_line_giving_a_key_twice_is_a_bad_record_never_last_wins(
        tmp_path: Path, line: bytes) -> None:
    path = tmp_path / "team.jsonl"
    path.write_bytes(line + b'\n{"city": "a\\":b", "years": 5}\n{"years": 5}\n')
    out = records(batch(path).stdout)
    assert len(out) == 3
    assert not out[0]["ok"] and "given twice" in out[0]["error"]["message"]
    assert "given twice" not in out[1]["error"]["message"]  # an odd string is not a key
    assert out[2]["median"] == median(years=5)
