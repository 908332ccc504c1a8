"""The CLI's streams and arguments: closed stdout, a reader that goes away, a nonsense
COLUMNS, options given twice, control characters and encodings on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from iasalaire.cli import app
from iasalaire.text import for_terminal

runner = CliRunner()
ENV = {**os.environ, "LC_ALL": "C.UTF-8", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
ENV.pop("COLUMNS", None)


def cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**ENV, **kwargs.pop("env", {})}
    return subprocess.run([sys.executable, "-m", "iasalaire", *args], capture_output=True,
                          timeout=60, env=env, encoding=kwargs.pop("encoding", "utf-8"),
                          **kwargs)


@pytest.mark.parametrize("args", [["estimate", "--exp", "5"], ["batch"],
                                  ["list", "cities", "--json"]])
def test_a_closed_stdout_is_exit_1_with_one_line_before_any_work(args: list[str]) -> None:
    done = cli(*args, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write to standard output: it is closed\n"


@pytest.mark.parametrize("args", [["estimate", "--exp", "5"], ["estimate", "--exp", "5",
                                  "--json"], ["list", "cities"], ["curve"]])
def test_a_reader_that_goes_away_ends_quietly_with_exit_0(args: list[str]) -> None:
    child = subprocess.Popen([sys.executable, "-m", "iasalaire", *args], env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # as `| true` does, before anything is read
    err = child.stderr.read().decode()
    child.stderr.close()
    assert child.wait(timeout=60) == 0
    assert "Traceback" not in err and "Broken pipe" not in err


@pytest.mark.parametrize("columns", ["0", "-3", "abc", "5"])
def test_a_nonsense_columns_falls_back_to_a_width_that_shows_the_table(columns: str) -> None:
    result = runner.invoke(app, ["estimate", "--exp", "5"], env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert "Median" in result.stdout and "USD" in result.stdout
    result = runner.invoke(app, ["list", "cities"], env={"COLUMNS": columns})
    assert "paris" in result.stdout.lower()


@pytest.mark.parametrize(("args", "named"), [
    (["--city", "SF", "--city", "Paris"], "--city"),
    (["--exp", "5", "--years", "30"], "--exp / --years"),
    (["--exp=5", "--exp", "5"], "--exp / --years"),
])
def test_an_option_given_twice_is_refused_never_last_wins(args: list[str], named: str) -> None:
    result = runner.invoke(app, ["estimate", *args, "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{named} is given twice" in result.stderr


def test_a_repeatable_option_may_still_be_repeated() -> None:
    result = runner.invoke(app, ["estimate", "--cert", "advanced-ml", "--skill", "python",
                                 "--skill", "pytorch", "--json"])
    assert result.exit_code == 0, result.stderr


def test_control_characters_in_a_message_reach_the_terminal_escaped() -> None:
    result = runner.invoke(app, ["estimate", "--currency", "EU\aR\x1b[2J"])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\a" not in result.stderr
    assert "EU\\x07R\\x1b[2J" in result.stderr


def test_stderr_in_latin_1_gets_ascii_look_alikes_not_escapes() -> None:
    assert for_terminal("100\u202f000 \u20ac", "latin-1") == "100 000 EUR"
    done = cli("estimate", "--city", "Pariss", "--lang", "fr",
               env={"PYTHONIOENCODING": "latin-1"}, encoding="latin-1")
    assert done.returncode == 2
    assert "\\u" not in done.stderr and "\\x" not in done.stderr
