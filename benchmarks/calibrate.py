"""Benchmark: `iasalaire calibrate` on the 58k dev rows of the aijobs.net survey, against a
plain numpy backfit of the same columns, timed in the same run.

    python benchmarks/calibrate.py [SURVEY.csv] [--runs 3]

Both run as scripts from a cold interpreter (start-up and imports included), interleaved, best
of `--runs`. The reference (REFERENCE below) is what calibrate's fit does written plainly: read
the CSV with the csv module, keep full-time rows, code the five columns calibrate fits
(experience_level, employee_residence, company_size, job_title, remote_ratio) and the ten
pairs of calibrate.PAIRS, then backfit log salaries: a least-squares start, then sweeps of
shrunk group medians of the residuals, centred, main effects first and the pairs after, up to
40 sweeps each, with a running total of the prediction. calibrate does all of that and more:
it reads names as `estimate` does (job titles to roles), keeps the base file's figures as
offsets, fits the spread and writes a data file. Goal: at most 1.3x the reference.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEV = Path("/work/shared/data/aijobs-salaries-dev.csv")

REFERENCE = r'''
import csv, sys
import numpy as np

COLUMNS = ("experience_level", "employee_residence", "company_size", "job_title",
           "remote_ratio")
NAMES = ("level", "country", "company", "role", "remote")
PAIRS = (("level", "country"), ("level", "role"), ("level", "company"), ("level", "remote"),
         ("role", "remote"), ("country", "remote"), ("role", "company"), ("country", "role"),
         ("country", "company"), ("company", "remote"))
SHRINK, SHRINK_PAIR, MIN_COUNT, PAIR_MIN, SWEEPS = 5.0, 30.0, 3, 20, 40

with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    reader = csv.reader(handle)
    header = next(reader)
    at = [header.index(c) for c in COLUMNS]
    salary_at, kind_at = header.index("salary_in_usd"), header.index("employment_type")
    raw = {name: [] for name in NAMES}
    salaries = []
    for row in reader:
        if row[kind_at] != "FT":
            continue
        salaries.append(float(row[salary_at]))
        for name, i in zip(NAMES, at):
            raw[name].append(row[i])
y = np.log(np.array(salaries))
codes, sizes = {}, {}
for name in NAMES:
    index = {}
    codes[name] = np.array([index.setdefault(v, len(index)) for v in raw[name]])
    sizes[name] = len(index)
for a, b in PAIRS:
    pair = codes[a] * sizes[b] + codes[b]
    counts = np.bincount(pair, minlength=sizes[a] * sizes[b])
    codes[(a, b)] = np.where(counts[pair] >= PAIR_MIN, pair, -1)
    sizes[(a, b)] = sizes[a] * sizes[b]


def medians(resid, code, size):
    """Each group's median of `resid` (one sort by group, then by residual)."""
    keep = code >= 0
    r, c = resid[keep], code[keep]
    order = np.lexsort((r, c))
    r, c = r[order], c[order]
    counts = np.bincount(c, minlength=size)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    low = starts + np.maximum(counts - 1, 0) // 2
    high = starts + counts // 2
    last = max(len(r) - 1, 0)
    found = (r[np.minimum(low, last)] + r[np.minimum(high, last)]) / 2 if len(r) else 0.0
    return np.where(counts > 0, found, 0.0), counts


def backfit(columns, effects, intercept, mean=False):
    """Sweeps over `columns`; the others' effects stay. Returns the new intercept."""
    total = intercept + sum(np.where(codes[d] >= 0, effects[d][np.maximum(codes[d], 0)], 0.0)
                            for d in effects)
    for _ in range(SWEEPS):
        moved = 0.0
        for d in columns:
            code, size = codes[d], sizes[d]
            row_effect = np.where(code >= 0, effects[d][np.maximum(code, 0)], 0.0)
            partial = total - row_effect
            if mean:
                keep = code >= 0
                counts = np.bincount(code[keep], minlength=size)
                found = np.bincount(code[keep], (y - partial)[keep], size) / np.maximum(counts, 1)
            else:
                found, counts = medians(y - partial, code, size)
            k = SHRINK if isinstance(d, str) else SHRINK_PAIR
            new = np.where(counts >= (MIN_COUNT if isinstance(d, str) else PAIR_MIN),
                           found * counts / (counts + k), 0.0)
            if isinstance(d, str):
                centre = float(np.median(new[code]))
                new = new - centre
                partial = partial + centre
                intercept += centre
            moved = max(moved, float(np.max(np.abs(new - effects[d]))))
            effects[d] = new
            total = partial + np.where(code >= 0, new[np.maximum(code, 0)], 0.0)
        shift = float(np.mean(y - total) if mean else np.median(y - total))
        total = total + shift
        intercept += shift
        if moved < 1e-5 and abs(shift) < 1e-5:
            break
    return intercept


effects = {d: np.zeros(sizes[d]) for d in NAMES}
intercept = backfit(NAMES, effects, float(np.mean(y)), mean=True)
intercept = backfit(NAMES, effects, intercept)
effects.update({p: np.zeros(sizes[p]) for p in PAIRS})
intercept = backfit(PAIRS, effects, intercept)
print(len(y), "rows;", sum(len(e) for e in effects.values()), "effects; base",
      round(float(np.exp(intercept))))
'''


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("survey", nargs="?", type=Path, default=DEV)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    survey = arguments.survey
    if not survey.is_file():
        print(f"{survey} not found: give a survey CSV", file=sys.stderr)
        return 1
    rows = sum(1 for _ in survey.open("rb")) - 1
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "model.json"
        script = Path(tmp) / "backfit.py"
        script.write_text(REFERENCE)
        ours_command = [sys.executable, "-m", "iasalaire", "calibrate", str(survey), "-o",
                        str(out), "--force"]
        reference_command = [sys.executable, str(script), str(survey)]
        ours, reference = [], []
        for _ in range(arguments.runs):  # interleaved: the machine's state affects both alike
            ours.append(timed(ours_command))
            reference.append(timed(reference_command))
    print(f"calibrate on {rows:,} rows: {min(ours):.2f} s; a plain numpy backfit of the same "
          f"columns: {min(reference):.2f} s; ratio {min(ours) / min(reference):.2f}x "
          "(goal: at most 1.3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
