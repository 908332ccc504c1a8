"""Hostile input costs about what clean input does (issue 16, benchmarks/hostile.py): a bad
value is resolved once, a record of many unknown keys costs its parsing, a 1 MB record is not
kept alive after it is priced. The figures they give are the exact path's."""

from __future__ import annotations

import io
import random
import string
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest

from iasalaire import batch, places
from iasalaire.batch import Pricer, Reading
from iasalaire.data import load_data
from iasalaire.text import key, keys_of, pairs, sharing


def run_batch(path: Path, reading: Reading | None = None) -> tuple[list[dict[str, Any]], str]:
    out, err = io.BytesIO(), io.StringIO()
    batch.run(str(path), load_data(), stdout=out, stderr=err, reading=reading)
    return [orjson.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def counting_find_city(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    calls: Counter[str] = Counter()
    original = places.find_city

    def find_city(value: str, country: str | None, data: Any) -> Any:
        calls[value] += 1
        return original(value, country, data)

    monkeypatch.setattr(places, "find_city", find_city)
    return calls


def test_a_bad_city_is_resolved_once_not_again_to_word_its_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    cities = ["".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(300)]
    path = tmp_path / "bad.jsonl"
    # each city twice, with other years: distinct records, one distinct bad value
    path.write_text("".join(orjson.dumps({"city": c, "years": y}).decode() + "\n"
                            for y in (3, 4) for c in cities))
    calls = counting_find_city(monkeypatch)
    out, _ = run_batch(path)
    assert len(out) == 600 and not any(r["ok"] for r in out)
    assert out[0]["error"]["message"].startswith(f"unknown city '{cities[0]}'")
    assert set(calls) == set(cities) and max(calls.values()) == 1


def test_a_bad_record_in_a_chunk_says_what_the_exact_path_says(tmp_path: Path) -> None:
    rows = [{"city": "Pariss", "role": "wizard", "years": 5},
            {"city": "Nowhereville", "sector": "alchemy"},
            {"city": "Paris", "certs": "aws-ml, nocert"},
            {"city": "Berlin", "years": 3},
            {"role": "wizard", "remote": 100, "company": "huge"}]
    path = tmp_path / "mixed.jsonl"
    path.write_text("".join(orjson.dumps(r).decode() + "\n" for r in rows))
    for lenient in (False, True):
        out, _ = run_batch(path, Reading(lenient=lenient))
        exact = Pricer(load_data(), lenient=lenient)
        for record, got in zip(rows, out):
            want = orjson.loads(b'{"line":0,' + exact.price_exact(record).value)
            assert {**got, "line": 0} == want


def test_a_record_of_many_unknown_keys_counts_once_in_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "keys.jsonl"
    path.write_bytes(b"".join(orjson.dumps({f"k{i}_{j}": 1 for j in range(500)}) + b"\n"
                              for i in range(30)))
    out, err = run_batch(path)
    assert out[3]["error"] == {"field": "k3_0", "message": "unknown fields 'k3_0', 'k3_1', "
                               "'k3_2', 'k3_3', 'k3_4' and 495 more"}
    assert "bad records by cause: 30 unknown field\n" in err


def test_many_keys_with_a_field_among_them_are_read_as_few_are(tmp_path: Path) -> None:
    record = {f"note {j}": j for j in range(100)} | {"Location": "Paris", "Years of experience": 4}
    path = tmp_path / "wide.jsonl"
    path.write_bytes(orjson.dumps(record) + b"\n")
    out, _ = run_batch(path, Reading(names=batch.Options(keep_all=True)))
    assert out[0]["ok"] and out[0]["keep"] == {f"note {j}": j for j in range(100)}
    out, _ = run_batch(path)
    assert out[0]["error"]["message"] == ("unknown fields 'note 0', 'note 1', 'note 2', "
                                          "'note 3', 'note 4' and 95 more")


def test_folding_many_keys_at_once_is_folding_each() -> None:
    rng = random.Random(11)
    alphabet = "abcXYZ09 _-.,/'’()\t\x1cé\u0301ßﬁ\u00a0"
    for _ in range(200):
        names = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
                 for _ in range(rng.choice((10, 80)))]
        assert keys_of(names) == [key(name) for name in names]
    assert keys_of(["a\0b"] * 70) == [key("a\0b")] * 70


def test_looking_up_only_the_rarest_pairs_finds_what_counting_them_all_does() -> None:
    rng = random.Random(5)
    names = ["".join(rng.choices("abcdefgh", k=rng.randint(1, 9))) for _ in range(3000)]
    index: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        for pair in pairs(name):
            index.setdefault(pair, []).append(name)
    for _ in range(300):
        wanted = "".join(rng.choices("abcdefgh", k=rng.randint(1, 9)))
        counted = Counter(n for p in pairs(wanted) for n in index.get(p, ()))
        least = len(pairs(wanted)) / 3
        best = sorted((-c, n) for n, c in counted.items() if c >= least)[:12]
        assert sharing(wanted, [index]) == tuple(n for _, n in best)


def test_a_gazetteer_typo_still_gets_its_suggestion(tmp_path: Path) -> None:
    path = tmp_path / "typo.jsonl"
    path.write_text('{"city": "Grenoblw"}\n{"city": "Zzqxwv"}\n')
    out, _ = run_batch(path)
    assert "did you mean 'Grenoble, FR'" in out[0]["error"]["message"]
    assert "did you mean" not in out[1]["error"]["message"]


def test_distinct_1_mb_records_are_not_kept_alive_once_priced(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as out:
        for i in range(40):
            out.write(orjson.dumps({"city": f"{i:08d}" + "x" * 1_000_000}) + b"\n")
    load_data()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        out_records, _ = run_batch(path)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert len(out_records) == 40 and not any(r["ok"] for r in out_records)
    assert peak < 16 * 1024 * 1024  # a few lines at a time, not 40 MB
