"""One number grammar at every entry point: ASCII digits, a sign, one decimal mark."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from iasalaire.cli import app
from iasalaire.text import parse_number

runner = CliRunner()
REFUSED = ["1_5", "\uff15", "\u0665", "1e1", "nan", "inf", "5.5.5", "", " ", "0x10", "\u00bd"]


@pytest.mark.parametrize("text", REFUSED)
def test_a_number_outside_the_grammar_is_refused_by_exp_batch_and_scenarios(
        text: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        parse_number(text)
    if text.strip():
        flag = runner.invoke(app, ["estimate", "--exp", text, "--json"])
        assert flag.exit_code == 2 and flag.stdout == ""
        scenario = runner.invoke(app, ["compare", f"years={text}", "years=3", "--json"])
        assert scenario.exit_code == 2 and scenario.stdout == ""
        path = tmp_path / "n.csv"
        path.write_text(f"years\n{text}\n", encoding="utf-8")
        (record,) = [orjson.loads(x) for x in runner.invoke(app, ["batch", str(path)]
                                                            ).stdout.splitlines()]
        assert not record["ok"] and record["error"]["field"] == "years"


@pytest.mark.parametrize(("text", "value"), [("5", 5.0), ("5.5", 5.5), (".5", 0.5),
                                             ("+3", 3.0), ("-1", -1.0), (" 7 ", 7.0)])
def test_plain_ascii_numbers_are_read(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_the_decimal_mark_can_be_a_comma() -> None:
    assert parse_number("3,5", ",") == 3.5
    with pytest.raises(ValueError):
        parse_number("3.5", ",")


@given(st.decimals(min_value=0, max_value=60, places=2, allow_nan=False))
def test_every_plain_decimal_reads_as_python_reads_it(number: object) -> None:
    assert parse_number(str(number)) == float(str(number))


def test_exp_flag_and_batch_agree_on_a_plain_number(tmp_path: Path) -> None:
    flag = orjson.loads(runner.invoke(app, ["estimate", "--exp", "4.5", "--json"]).stdout)
    path = tmp_path / "n.csv"
    path.write_text("years\n4.5\n")
    record = orjson.loads(runner.invoke(app, ["batch", str(path)]).stdout.splitlines()[0])
    assert record["median"] == flag["median"]
