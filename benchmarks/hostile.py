"""Hostile inputs against clean ones: `iasalaire batch` on each hostile file and on a clean
file of the same record count, wall-clock time (best of 3) and peak memory of each.

    python benchmarks/hostile.py            # about a minute
    python benchmarks/hostile.py --scale 10 # the long-line case with 10x the lines

The bound the issue sets: at most 2x the clean file's time, and flat memory (the hostile
file's peak close to the clean one's). Each line says where it stands; nothing is asserted
(the machine is shared: a benchmark, not a timed test).
"""

from __future__ import annotations

import argparse
import json
import random
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Runs a command with stdout to /dev/null and prints the child's peak RSS (KiB on Linux).
MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)
BATCH = [sys.executable, "-m", "iasalaire", "batch"]


def measure(path: Path) -> tuple[float, float]:
    """(best wall-clock seconds of 3, peak RSS in MiB)."""
    times, peaks = [], []
    for _ in range(3):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", MEASURE, *BATCH, str(path)],
                             capture_output=True, text=True, check=True).stdout
        times.append(time.perf_counter() - started)
        peaks.append(int(out) / 1024)
    return min(times), max(peaks)


def clean_lines(count: int) -> list[str]:
    rng = random.Random(1)
    cities = ["Paris", "Austin", "Berlin", "London", "Seattle"]
    return [json.dumps({"years": round(rng.uniform(0, 30), 1), "city": rng.choice(cities)})
            for _ in range(count)]


def long_lines(count: int) -> list[str]:
    """Distinct lines of almost 1 MiB each (an unknown city): the cache's old worst case."""
    return [json.dumps({"city": f"{i:08d}" + "x" * (1_000_000 - 30)}) for i in range(count)]


def random_cities(count: int) -> list[str]:
    """Unknown 8-letter cities, all distinct: 'did you mean' for each."""
    rng = random.Random(2)
    return [json.dumps({"city": "".join(rng.choices(string.ascii_lowercase, k=8))})
            for _ in range(count)]


def many_keys(count: int) -> list[str]:
    """Records of 60,000 unknown keys each."""
    return [json.dumps({f"k{i}_{j}": 1 for j in range(60_000)}) for i in range(count)]


def write_jsonl(folder: Path, name: str, lines: list[str]) -> Path:
    path = folder / f"{name}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stray_quote_csv(folder: Path, count: int) -> tuple[Path, Path]:
    rows = [f"{i % 40},Paris" for i in range(count)]
    hostile, clean = folder / "stray.csv", folder / "clean.csv"
    hostile.write_text('years,city\n5,"Paris\n' + "\n".join(rows[1:]) + "\n", encoding="utf-8")
    clean.write_text("years,city\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return hostile, clean


def deep_array(folder: Path, count: int) -> tuple[Path, Path]:
    good = [json.dumps({"years": i % 30}) for i in range(count)]
    hostile, clean = folder / "deep.json", folder / "flat.json"
    hostile.write_text("[" + ",".join([*good[:-1], "[" * 100_000 + "]" * 100_000]) + "]")
    clean.write_text("[" + ",".join(good) + "]")
    return hostile, clean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="multiply the long-line case")
    scale = parser.parse_args().scale
    cases: list[tuple[str, int, Callable[[int], list[str]]]] = [
        ("1 MB distinct lines", 100 * scale, long_lines),
        ("random unknown cities", 5_000, random_cities),
        ("60,000 unknown keys", 20, many_keys),
    ]
    print(f"{'case':<24} {'records':>8}  {'time':>15} {'x':>6}  {'peak MiB':>15} {'x':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pairs = []
        for name, count, make in cases:
            pairs.append((name, count, write_jsonl(folder, name.split()[1], make(count)),
                          write_jsonl(folder, f"clean{count}", clean_lines(count))))
        pairs.append(("stray CSV quote", 20_000, *stray_quote_csv(folder, 20_000)))
        pairs.append(("JSON array, deep elem.", 5_000, *deep_array(folder, 5_000)))
        for name, count, hostile, clean in pairs:
            (t_bad, m_bad), (t_ok, m_ok) = measure(hostile), measure(clean)
            verdict = "ok" if t_bad <= 2 * t_ok and m_bad <= 1.5 * m_ok else "OVER"
            print(f"{name:<24} {count:>8,}  {t_bad:6.2f} vs {t_ok:5.2f} s {t_bad / t_ok:5.1f}x"
                  f"  {m_bad:6.1f} vs {m_ok:5.1f} {m_bad / m_ok:5.2f}x  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
