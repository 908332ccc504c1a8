"""`data validate`: the rules every data file follows, each shown failing on a small change."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iasalaire.data import Data
from tests.conftest import run


def broken(tmp_path: Path, baseline: Data, change: Callable[[dict[str, Any]], None]) -> Path:
    document = baseline.file.model_dump(by_alias=True)
    change(document)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def set_in(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


def test_the_shipped_baseline_is_valid_and_every_figure_has_a_source(baseline: Data) -> None:
    from iasalaire.schema import DataFile  # the pydantic model: every check of data validate

    items = DataFile.model_validate_json(Path(baseline.path).read_bytes(),
                                         strict=True).sourced_items()
    assert len(items) > 100
    assert all(item.source in baseline.file.sources for _, item in items)
    assert all(item.confidence == "low" for _, item in items if item.source == "assumption")


@pytest.mark.parametrize(("path", "value", "message"), [
    ("sectors/6/confidence", "medium", "sectors[6]: a figure whose source is 'assumption' "
     "must have confidence 'low'"),
    ("experience/levels/0/confidence", "high",
     "experience.levels[0]: a seed figure cannot have confidence 'high'"),
    ("cities/0/source", "seed:S99", "cities[0].source: 'seed:S99' is not in the sources table"),
    ("experience/curve/2/multiplier", 0.5, "the curve goes down between 1 and 2 years"),
    ("skills/0/multiplier", 0.9, "skills[0].multiplier: a premium must be >= 1"),
    ("roles/1/aliases", ["AI Engineer"], "name 'AI Engineer' also names 'ai-engineer'"),
    ("spread/sigma", 0, "spread.sigma: Input should be greater than or equal to 0.01"),
    ("cities/0/colour", "red", "cities[0].colour: Extra inputs are not permitted"),
    ("schema", "iasalaire.data/2", "schema: Input should be 'iasalaire.data/1'"),
])
def test_data_validate_rejects_a_bad_figure_with_its_path(
        tmp_path: Path, baseline: Data, path: str, value: Any, message: str) -> None:
    bad = broken(tmp_path, baseline, set_in(path, value))
    result = run("data", "validate", str(bad))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert message in result.stderr


def test_a_data_file_can_be_used_with_data(tmp_path: Path, baseline: Data) -> None:
    changed = broken(tmp_path, baseline, set_in("base/median", 100_000))
    result = run("estimate", "--json", "--data", str(changed))
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["median"] == 100_000
    assert document["data"]["sha256"] != baseline.sha256


def test_a_price_level_must_name_a_known_city(tmp_path: Path, baseline: Data) -> None:
    bad = broken(tmp_path, baseline, set_in("price_levels/0/city", "atlantis"))
    result = run("data", "validate", str(bad))
    assert result.exit_code == 1
    assert "price_levels[0].city: 'atlantis' is not in cities" in result.stderr


def test_the_packaged_baseline_built_without_validators_equals_the_validated_one() -> None:
    """load_data() constructs the shipped file without re-running the schema's validators (a
    start-up saving); this test is what keeps that honest."""
    from iasalaire.data import packaged_path, parse

    raw = packaged_path().read_bytes()
    assert parse(raw, "x", trusted=True).file == parse(raw, "x", trusted=False).file


def test_an_edited_packaged_file_is_still_validated(tmp_path: Path) -> None:
    from iasalaire.data import parse
    from iasalaire.errors import DataFileError

    with pytest.raises(DataFileError, match="invalid data file"):
        parse(b'{"schema": "iasalaire.data/1"}', "edited.json", trusted=True)
