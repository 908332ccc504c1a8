"""One rule for every CSV the tool writes: a text cell a spreadsheet would run is neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from iasalaire.batch import safe_cell as batch_safe_cell
from iasalaire.output import to_csv
from iasalaire.text import safe_cell


@pytest.mark.parametrize("cell", ["=1+1", "+33", "-x", "@SUM(A1)", "\tx", "\rx"])
def test_compare_csv_neutralises_a_formula_cell_as_batch_does(cell: str) -> None:
    text = to_csv([{"name": cell, "median": -5, "warnings": "fine"}])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"] == batch_safe_cell(cell) == safe_cell(cell)
    assert row["name"].startswith("'")
    assert row["median"] == "-5"  # numbers are never altered
    assert row["warnings"] == "fine"


def test_a_nul_in_a_compare_cell_becomes_the_replacement_character() -> None:
    text = to_csv([{"name": "a\0b"}])
    assert next(csv.DictReader(io.StringIO(text)))["name"] == "a\ufffdb"
