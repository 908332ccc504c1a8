"""Benchmark: a recruiter's messy export against the same records written clean.

    python benchmarks/messy.py           # 5,000 and 50,000 rows
    python benchmarks/messy.py 20000     # other sizes

The messy file is tests/messy_export.py's (semicolons, BOM, CRLF, blank cells, ID and Name
columns, job titles with seniority words, size bands, "Remote", decimal-comma years, the skill
"R", typos), read with `--lenient --decimal , --keep all`. The clean file holds the same
profiles as JSON Lines, each written as batch --explain read it (ids, numbers), so both
runs price the same profiles. The issue's bar: the messy file costs at most 2x the clean one.
A third run: 200 values of 400 KB each (all bad), which must be answered in seconds.
Figures are wall-clock seconds, best of 3, for the whole command (start-up included).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.messy_export import write_export  # noqa: E402

COMMAND = [sys.executable, "-m", "iasalaire", "batch"]


def seconds(args: list[str]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(COMMAND + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        best = min(best, time.perf_counter() - started)
    return best


def clean_copy(messy: Path, clean: Path) -> None:
    """The profiles batch read from the messy file, as plain JSON Lines."""
    done = subprocess.run(COMMAND + [str(messy), "--lenient", "--decimal", ",", "--keep", "all",
                                     "--explain"], capture_output=True, check=False)
    with clean.open("wb") as out:
        for line in done.stdout.splitlines():
            profile = orjson.loads(line).get("profile", {})
            out.write(orjson.dumps({k: v for k, v in profile.items()
                                    if v not in (None, [])}) + b"\n")


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        print("| rows | messy CSV (s) | clean JSON Lines (s) | ratio |")
        print("|---:|---:|---:|---:|")
        for size in sizes:
            messy = write_export(base / f"export-{size}.csv", size)
            clean = base / f"clean-{size}.jsonl"
            clean_copy(messy, clean)
            a = seconds([str(messy), "--lenient", "--decimal", ",", "--keep", "all"])
            b = seconds([str(clean)])
            print(f"| {size:,} | {a:.2f} | {b:.2f} | {a / b:.2f}x |")
        long = base / "long.jsonl"
        long.write_bytes(b"".join(orjson.dumps({"city": "x" * 400_000 + str(i),
                                                "role": "y" * 400_000 + str(i)}) + b"\n"
                                  for i in range(200)))
        print(f"\n200 values of 400 KB (city and role each): {seconds([str(long)]):.2f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5_000, 50_000])
