"""Issue 8, hardening: no file lost, no endless read, no silent wrong answer, no crash on a
terminal that is not UTF-8. One test (or more) per numbered item, asserting the exit code, the
message and the output."""

from __future__ import annotations

import csv
import errno
import importlib.metadata
import io
import json
import math
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iasalaire import data as data_module
from tests.conftest import planted_rows, run

BASELINE = Path(__file__).resolve().parents[1] / "data" / "baseline.json"


def iasalaire(*args: str, env: dict[str, str] | None = None, **kwargs: Any,
              ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "iasalaire", *args], capture_output=True,
                          timeout=120, env={**os.environ, **(env or {})}, **kwargs)


# 1. calibrate -o never loses a file ----------------------------------------------------------


@pytest.fixture
def survey(write_csv: Callable[..., Path]) -> Path:
    return write_csv(planted_rows(200))


def test_calibrate_refuses_to_write_over_its_survey(survey: Path) -> None:
    before = survey.read_bytes()
    result = run("calibrate", str(survey), "-o", str(survey), "--force")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"Error: -o {survey} is the survey: refusing to overwrite an input" in result.stderr
    assert survey.read_bytes() == before


def test_calibrate_refuses_to_write_over_any_of_several_surveys(
        survey: Path, write_csv: Callable[..., Path]) -> None:
    second = write_csv(planted_rows(200, seed=2), name="second.csv")
    before = second.read_bytes()
    result = run("calibrate", str(survey), str(second), "-o", str(second), "--force")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"Error: -o {second} is the survey {second}: refusing" in result.stderr
    assert second.read_bytes() == before


def test_calibrate_refuses_a_hard_link_or_symlink_to_its_survey(survey: Path,
                                                                tmp_path: Path) -> None:
    before = survey.read_bytes()
    os.link(survey, tmp_path / "hard.json")
    (tmp_path / "soft.json").symlink_to(survey)
    for name in ("hard.json", "soft.json"):
        result = run("calibrate", str(survey), "-o", str(tmp_path / name), "--force")
        assert result.exit_code == 2, name
        assert "is the survey: refusing to overwrite an input" in result.stderr
    assert survey.read_bytes() == before


def test_calibrate_refuses_to_write_over_its_base_file(survey: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.json"
    base.write_bytes(BASELINE.read_bytes())
    result = run("calibrate", str(survey), "--base", str(base), "-o", str(base), "--force")
    assert result.exit_code == 2
    assert f"Error: -o {base} is the --base file: refusing to overwrite an input" in result.stderr
    assert base.read_bytes() == BASELINE.read_bytes()


def test_calibrate_replaces_an_existing_file_only_with_force(survey: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    out.write_text("precious", encoding="utf-8")
    out.chmod(0o640)
    refused = run("calibrate", str(survey), "-o", str(out))
    assert refused.exit_code == 2
    assert f"Error: {out} already exists: use --force to replace it" in refused.stderr
    assert out.read_text(encoding="utf-8") == "precious"
    forced = run("calibrate", str(survey), "-o", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "iasalaire.data/1"
    assert out.stat().st_mode & 0o777 == 0o640  # the replaced file keeps its permissions
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json", "survey.csv"]


def test_calibrate_dash_o_writes_the_data_file_to_stdout(survey: Path, tmp_path: Path) -> None:
    result = run("calibrate", str(survey), "-o", "-")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema"] == "iasalaire.data/1"
    assert "wrote stdout: " in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["survey.csv"]


def test_calibrate_checks_the_output_folder_before_fitting(
        survey: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fits: list[object] = []
    monkeypatch.setattr("iasalaire.calibrate.calibrate", lambda *a: fits.append(a))
    missing = tmp_path / "no-such-folder" / "model.json"
    result = run("calibrate", str(survey), "-o", str(missing))
    assert result.exit_code == 1
    assert f"Error: cannot write {missing}: No such file or directory" in result.stderr
    folder = run("calibrate", str(survey), "-o", str(tmp_path))
    assert folder.exit_code == 2
    assert f"-o {tmp_path} is a folder" in folder.stderr
    assert fits == []  # refused before any fitting


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_calibrate_refuses_a_read_only_folder_before_fitting(
        survey: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fits: list[object] = []
    monkeypatch.setattr("iasalaire.calibrate.calibrate", lambda *a: fits.append(a))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = run("calibrate", str(survey), "-o", str(locked / "model.json"))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Permission denied" in result.stderr
    assert fits == []


def test_an_interrupted_calibrate_leaves_the_old_file_whole(
        survey: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("iasalaire.calibrate.calibrate", interrupted)
    out = tmp_path / "model.json"
    out.write_text("previous model", encoding="utf-8")
    result = run("calibrate", str(survey), "-o", str(out), "--force")
    assert result.exit_code == 130
    assert result.stderr.endswith("\nInterrupted.\n")  # after the survey's own report
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous model"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json", "survey.csv"]


# 2. a data file is read up to a limit; Ctrl-C ends every command -----------------------------


def _limit_memory() -> None:
    import resource

    one_gib = 1024**3  # far above what a run needs, far below an endless read
    resource.setrlimit(resource.RLIMIT_AS, (one_gib, one_gib))


@pytest.mark.parametrize("args", [["estimate", "--json", "--data", "/dev/zero"],
                                  ["data", "validate", "/dev/zero"],
                                  ["list", "--data", "/dev/zero"]])
def test_an_endless_data_file_is_refused_in_bounded_memory(args: list[str]) -> None:
    done = iasalaire(*args, preexec_fn=_limit_memory)
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.decode() == ("Error: data file /dev/zero is larger than 64 MiB, the limit "
                                    "for a data file\n")


def test_a_data_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:  # sparse: 65 MiB that take no disk
        handle.truncate(data_module.MAX_DATA_BYTES + 1)
    result = run("estimate", "--data", str(huge))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "is larger than 64 MiB, the limit for a data file" in result.stderr


def test_a_data_file_just_under_the_limit_is_read(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    raw = BASELINE.read_bytes()
    copy = tmp_path / "baseline.json"
    copy.write_bytes(raw)
    monkeypatch.setattr(data_module, "MAX_DATA_BYTES", len(raw))
    assert run("data", "validate", str(copy)).exit_code == 0
    monkeypatch.setattr(data_module, "MAX_DATA_BYTES", len(raw) - 1)
    data_module._load.cache_clear()
    assert run("data", "validate", str(copy)).exit_code == 1


def _interrupt_while_reading(args: list[str], fifo: Path) -> subprocess.CompletedProcess[bytes]:
    """Run a command that reads `fifo`, wait until it has opened it (then it is past start-up
    and blocked in its own code), press Ctrl-C."""
    process = subprocess.Popen([sys.executable, "-m", "iasalaire", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    writer = None
    try:
        while writer is None:
            try:  # a non-blocking writer can open a FIFO only once a reader has it open
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as error:
                if error.errno != errno.ENXIO or process.poll() is not None or \
                        time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if writer is not None:
            os.close(writer)
        if process.poll() is None:
            process.kill()
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


@pytest.mark.parametrize("args", [
    ["estimate", "--data", "{fifo}"],
    ["compare", "city", "SF", "Austin", "--data", "{fifo}"],
    ["list", "cities", "--data", "{fifo}"],
    ["data", "validate", "{fifo}"],
    ["batch", "{fifo}"],
    ["evaluate", "{fifo}"],
    ["calibrate", "{fifo}", "-o", "{out}"],
])
def test_ctrl_c_ends_every_command_with_130(args: list[str], tmp_path: Path) -> None:
    fifo, out = tmp_path / "input.csv", tmp_path / "out" / "model.json"
    os.mkfifo(fifo)
    out.parent.mkdir()
    done = _interrupt_while_reading([a.format(fifo=fifo, out=out) for a in args], fifo)
    assert done.returncode == 130, done.stderr
    assert done.stderr.decode().endswith("Interrupted.\n")
    assert b"Traceback" not in done.stderr and b"Aborted" not in done.stderr
    assert done.stdout == b""
    assert list(out.parent.iterdir()) == []  # calibrate's temporary file is gone


# 3. checking a data file is linear in its size -----------------------------------------------


def test_duplicate_ids_and_shared_names_are_still_reported(tmp_path: Path) -> None:
    doc = json.loads(BASELINE.read_text(encoding="utf-8"))
    skill = doc["skills"][0]
    doc["skills"] += [dict(skill), dict(skill, id="other", label="Other", aliases=[skill["id"]])]
    path = tmp_path / "dup.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("data", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    n = len(doc["skills"])
    assert f"skills[{n - 2}].id: '{skill['id']}' appears twice" in result.stderr
    assert f"skills[{n - 1}]: name '{skill['id']}' also names '{skill['id']}'" in result.stderr


# 8. an empty option value is an error, an empty batch cell is absent -------------------------


@pytest.mark.parametrize("flag", ["--level", "--city", "--country", "--sector", "--company",
                                  "--role", "--cert", "--skill", "--remote"])
@pytest.mark.parametrize("value", ["", "   "])
def test_an_empty_profile_option_exits_2(flag: str, value: str) -> None:
    for command in (["estimate"], ["compare", "years", "1", "5"]):
        result = run(*command, flag, value)
        assert result.exit_code == 2, command
        assert result.stdout == ""
        assert result.stderr == f"Error: {flag} is empty\n"


def test_an_empty_value_to_compare_exits_2() -> None:
    result = run("compare", "city", "SF", "")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: a city value to compare is empty\n"


def test_an_empty_csv_cell_in_batch_is_still_absent() -> None:
    from typer.testing import CliRunner

    from iasalaire.cli import app

    out = CliRunner().invoke(app, ["batch", "--input-format", "csv"],
                             input="years,city,cert\n5,,\n5, ,\n")
    assert out.exit_code == 0, out.stderr
    records = [json.loads(line) for line in out.stdout.splitlines()]
    expected = json.loads(run("estimate", "--exp", "5", "--json").stdout)["median"]
    assert [r["median"] for r in records] == [expected, expected]


# 9. data files are read strictly: numbers are numbers ----------------------------------------


@pytest.mark.parametrize(("where", "message"), [
    (lambda d: d["cities"][0].update(multiplier="1.1"), "cities[0].multiplier: Input should be "
     "a valid number"),
    (lambda d: d["experience"]["curve"][0].update(years="0"), "experience.curve[0].years: "
     "Input should be a valid number"),
    (lambda d: d["base"].update(median=True), "base.median: Input should be a valid number"),
])
def test_a_number_written_as_text_in_a_data_file_is_refused(
        tmp_path: Path, where: Callable[[dict[str, Any]], None], message: str) -> None:
    doc = json.loads(BASELINE.read_text(encoding="utf-8"))
    where(doc)
    path = tmp_path / "strings.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("data", "validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"invalid data file {path}:" in result.stderr
    assert message in result.stderr


# 10. a terminal that is not UTF-8 gets ASCII bars and text -----------------------------------


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "ascii"])
def test_the_table_falls_back_to_ascii_on_a_terminal_that_is_not_utf8(encoding: str) -> None:
    env = {"PYTHONIOENCODING": encoding, "COLUMNS": "100"}
    done = iasalaire("estimate", "--exp", "5", "--country", "Türkiye", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode(encoding)
    assert re.search(r"p10 [\d,]+ \|-+#+\|#+-+\| [\d,]+ p90", text)
    name = "Turkiye" if encoding == "ascii" else "Türkiye"
    assert f"Country: {name}" in text
    median = json.loads(iasalaire("estimate", "--exp", "5", "--country", "TR",
                                  "--json").stdout)["median"]
    assert f"Median  {median:,}" in text
    listed = iasalaire("list", "countries", env=env)
    assert listed.returncode == 0, listed.stderr
    assert name in listed.stdout.decode(encoding)


def test_json_on_an_ascii_terminal_is_the_same_json_escaped() -> None:
    args = ("estimate", "--exp", "5", "--country", "TR", "--json")
    ascii_out = iasalaire(*args, env={"PYTHONIOENCODING": "ascii"})
    assert ascii_out.returncode == 0, ascii_out.stderr
    assert ascii_out.stdout.isascii()
    assert b"T\\u00fcrkiye" in ascii_out.stdout
    assert json.loads(ascii_out.stdout) == json.loads(run(*args).stdout)


# 11. numpy is a dependency, kept out of start-up ---------------------------------------------


def test_numpy_is_a_regular_dependency() -> None:
    requirements = importlib.metadata.requires("iasalaire") or []
    plain = [r for r in requirements if ";" not in r]  # no marker: not an extra
    assert any(re.match(r"numpy\b", r) for r in plain), requirements


# 15. the same value means the same thing everywhere ------------------------------------------


def test_remote_100_0_is_100_on_the_command_line_and_in_batch() -> None:
    from typer.testing import CliRunner

    from iasalaire.cli import app

    expected = json.loads(run("estimate", "--remote", "100", "--json").stdout)
    given = run("estimate", "--remote", "100.0", "--json")
    assert given.exit_code == 0, given.stderr
    assert json.loads(given.stdout)["median"] == expected["median"]
    assert json.loads(given.stdout)["profile"]["remote"] == expected["profile"]["remote"]
    out = CliRunner().invoke(app, ["batch", "--input-format", "csv"],
                             input="remote\n100.0\n100\n 50.0 \n")
    assert out.exit_code == 0, out.stdout
    medians = [json.loads(line)["median"] for line in out.stdout.splitlines()]
    assert medians[:2] == [expected["median"]] * 2
    bad = run("estimate", "--remote", "50.5")
    assert bad.exit_code == 2
    assert "unknown remote '50.5'" in bad.stderr


@pytest.mark.parametrize(("given", "years", "label"), [
    ("-0", 0.0, "0 years of experience"),
    ("0.000000001", 0.0, "0 years of experience"),  # no exponent: one number grammar
    ("2.345678", 2.35, "2.35 years of experience"),
])
def test_years_are_normalised_to_two_decimals(given: str, years: float, label: str) -> None:
    result = run("estimate", "--exp", given, "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["profile"]["years"] == years
    assert math.copysign(1, document["profile"]["years"]) == 1  # never -0
    assert document["factors"][0]["label"] == label
    markdown = run("estimate", "--exp", given, "--format", "markdown").stdout
    assert markdown.startswith(f"**Estimated pay: {label}**")


def test_years_print_as_5_in_csv() -> None:
    result = run("estimate", "--exp", "5", "--format", "csv")
    assert result.exit_code == 0
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["years"] == "5"
    half = next(csv.DictReader(io.StringIO(run("estimate", "--exp", "2.5", "-f", "csv").stdout)))
    assert half["years"] == "2.5"


def test_batch_summary_says_1_record() -> None:
    from typer.testing import CliRunner

    from iasalaire.cli import app

    out = CliRunner().invoke(app, ["batch"], input='{"years": 5}\n')
    assert out.exit_code == 0
    assert out.stderr.startswith("batch: 1 record, 1 good, 0 bad in ")


@pytest.mark.parametrize("other", ["csv", "markdown", "table"])
def test_json_with_another_format_is_a_usage_error(other: str) -> None:
    result = run("estimate", "--exp", "5", "--format", other, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"Error: --json and --format {other} together: give one of them\n"
    same = run("estimate", "--exp", "5", "--format", "json", "--json")
    assert same.exit_code == 0
    assert json.loads(same.stdout)["schema"] == "iasalaire.estimate/1"


def test_a_nul_in_a_batch_message_is_written_to_csv_on_every_python() -> None:
    from typer.testing import CliRunner

    from iasalaire.cli import app

    out = CliRunner().invoke(app, ["batch", "--output-format", "csv"],
                             input='{"city": "a\\u0000b"}\n{"years": 5}\n')
    assert out.exit_code == 1
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["ok"] for r in rows] == ["false", "true"]  # records in = records out
    # The message escapes the control character, so no NUL reaches the CSV writer at all.
    assert rows[0]["error_message"].startswith("unknown city 'a\\x00b'")
