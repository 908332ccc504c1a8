"""Checking a data file must be linear in its size: a hostile `--data` must not pin a core.

    python benchmarks/validate.py [--entries 50000]

Builds the baseline with `--entries` extra skills (each with a label and two aliases) and one
with a tenth as many, validates both as `--data` does (strict schema, then the consistency
checks, names included), and prints the times. Goals: the big file in under 1 s, and a ratio
of times close to the ratio of sizes (10x; a quadratic check gives about 100x).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from iasalaire.data import _load, load_data, packaged_path


def with_skills(base: dict[str, object], count: int) -> bytes:
    document = json.loads(json.dumps(base))
    document["skills"] += [
        {"id": f"skill-{i}", "label": f"Skill number {i}", "aliases": [f"s{i}", f"sk {i}"],
         "multiplier": 1.01, "source": "assumption", "confidence": "low"}
        for i in range(count)
    ]
    return json.dumps(document).encode()


def seconds(path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        _load.cache_clear()  # time the work, not the cache
        start = time.perf_counter()
        load_data(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    base = json.loads(packaged_path().read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "small.json", Path(tmp) / "big.json"
        small.write_bytes(with_skills(base, args.entries // 10))
        big.write_bytes(with_skills(base, args.entries))
        seconds(small, 1)  # build the validators once, outside the timing
        small_s, big_s = seconds(small, args.runs), seconds(big, args.runs)
    print(f"{args.entries // 10:>7,} extra skills  {small_s * 1000:8.1f} ms")
    print(f"{args.entries:>7,} extra skills  {big_s * 1000:8.1f} ms (goal: under 1 s)")
    print(f"ratio              {big_s / small_s:6.1f}x for 10x the entries "
          "(linear: about 10x; quadratic: about 100x)")


if __name__ == "__main__":
    main()
