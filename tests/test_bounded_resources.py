"""Every resource is bounded: the batch cache by bytes, 'did you mean' by value length and
candidates compared, and a message by the number of names it lists."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from iasalaire import batch as batch_module
from iasalaire.batch import CACHE_RECORD_BYTES, Pricer
from iasalaire.cli import app
from iasalaire.columns import SHOWN_NAMES, parse_options
from iasalaire.data import load_data
from iasalaire.errors import InvalidValue
from iasalaire.text import SUGGEST_MAX_CHARS, close_match, closest

runner = CliRunner()


def records(stdout: str) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in stdout.split("\n") if line]


def test_a_record_larger_than_the_cache_bound_is_never_cached() -> None:
    pricer = Pricer(load_data())
    big = b'{"city": "' + b"x" * CACHE_RECORD_BYTES + b'"}\n'
    outcome = pricer.price_exact({"city": "x"})
    pricer.remember(big, outcome)
    pricer.remember(b'{"years": 5}\n', outcome)
    assert big not in pricer.cache and b'{"years": 5}\n' in pricer.cache


def test_the_cache_is_emptied_when_its_keys_reach_the_byte_bound(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_module, "CACHE_BYTES", 1000)
    pricer = Pricer(load_data())
    outcome = pricer.price_exact({"years": 1})
    for i in range(200):
        pricer.remember(b'{"years": %d}\n' % i, outcome)
        assert pricer.cache_bytes <= 1000
    assert 0 < len(pricer.cache) < 200


def test_distinct_long_lines_keep_every_record_and_a_short_message(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as out:
        for i in range(5):
            out.write(orjson.dumps({"city": "x" * 200_000 + str(i)}) + b"\n")
        out.write(b'{"years": 5}\n')
    started = time.perf_counter()
    result = runner.invoke(app, ["batch", str(path)])
    assert time.perf_counter() - started < 10
    out = records(result.stdout)
    assert [r["line"] for r in out] == [1, 2, 3, 4, 5, 6]
    assert all(len(r["error"]["message"]) < 200 for r in out[:5])
    assert out[5]["ok"]


def test_a_value_too_long_to_be_a_name_gets_no_suggestion_and_costs_nothing() -> None:
    started = time.perf_counter()
    assert close_match("paris" * 200_000, ("paris", "lyon")) is None
    assert close_match("p" * (SUGGEST_MAX_CHARS + 1), ("p" * SUGGEST_MAX_CHARS,)) is None
    assert time.perf_counter() - started < 0.5


def test_a_typo_still_gets_its_suggestion_among_many_candidates() -> None:
    names = [f"town{i:05d}" for i in range(5000)] + ["montpellier", "marseille"]
    assert closest("Monpelier", names) == "montpellier"
    assert closest("zzzzqqqq", names) is None


def test_many_random_unknown_cities_are_priced_fast(tmp_path: Path) -> None:
    import random
    import string

    rng = random.Random(3)
    path = tmp_path / "cities.jsonl"
    path.write_text("".join(
        orjson.dumps({"city": "".join(rng.choices(string.ascii_lowercase, k=8))}).decode()
        + "\n" for _ in range(1000)))
    started = time.perf_counter()
    result = runner.invoke(app, ["batch", str(path)])
    assert time.perf_counter() - started < 5  # 100 records/s before the bound: 10 s
    assert len(records(result.stdout)) == 1000


def test_a_record_with_thousands_of_unknown_keys_names_a_few_and_counts_the_rest(
        tmp_path: Path) -> None:
    path = tmp_path / "keys.jsonl"
    path.write_bytes(orjson.dumps({f"k{j}": 1 for j in range(20_000)}) + b"\n")
    started = time.perf_counter()
    result = runner.invoke(app, ["batch", str(path)])
    assert time.perf_counter() - started < 5
    (record,) = records(result.stdout)
    message = record["error"]["message"]
    assert message.startswith("unknown fields 'k0', 'k1', 'k2', 'k3', 'k4' and 19,995 more")
    assert message.count("'k") == SHOWN_NAMES


def test_a_csv_header_with_many_unknown_columns_names_a_few(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{j}" for j in range(1000)) + "\n" + "," * 999 + "\n")
    result = runner.invoke(app, ["batch", str(path)])
    assert result.exit_code == 2
    assert "and 995 more" in result.stderr and len(result.stderr) < 1000


def test_map_giving_one_column_two_fields_is_refused_not_last_wins() -> None:
    with pytest.raises(InvalidValue, match="twice"):
        parse_options(["Lieu=city", "Lieu=country"], [])
    assert parse_options(["Lieu=city", "lieu=city"], []).mapping  # the same twice is one
