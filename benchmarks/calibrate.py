"""Benchmark: `iasalaire calibrate` on the 58k dev rows of the aijobs.net survey.

    python benchmarks/calibrate.py [SURVEY.csv]

Prints the wall-clock time (best of 3, start-up included) of calibrate writing a data file,
and, measured in the same run as a reference, the time of a Python script that only reads the
same CSV with the csv module (goal: calibrate under 5 s on the dev rows).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEV = Path("/work/shared/data/aijobs-salaries-dev.csv")
READ_ONLY = "import csv, sys\nfor row in csv.reader(open(sys.argv[1], newline='')): pass\n"


def best(command: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> int:
    survey = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV
    if not survey.is_file():
        print(f"{survey} not found: give a survey CSV", file=sys.stderr)
        return 1
    rows = sum(1 for _ in survey.open("rb")) - 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "model.json"
        ours = best([sys.executable, "-m", "iasalaire", "calibrate", str(survey), "-o", str(out),
                     "--force"])
        script = Path(tmp) / "read.py"
        script.write_text(READ_ONLY)
        reading = best([sys.executable, str(script), str(survey)])
    print(f"calibrate on {rows:,} rows: {ours:.2f} s (goal: under 5 s); reading the CSV alone: "
          f"{reading:.2f} s; ratio {ours / reading:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
