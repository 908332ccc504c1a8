"""Benchmark: `iasalaire calibrate` on the 58k dev rows of the aijobs.net survey, against a
plain numpy backfit of the same columns, timed in the same run.

    python benchmarks/calibrate.py [SURVEY.csv] [--runs 3]

Both run as scripts from a cold interpreter (start-up and imports included), interleaved, best
of `--runs`. The reference (REFERENCE below) is calibrate's fit written plainly in numpy, on
the same columns: before timing, the survey's rows are written out as calibrate fits them
(level, country, company, role, remote: job titles already read as roles, as calibrate reads
them with the estimator), one CSV of the same rows; the timed script reads it with the csv
module, codes the five columns and the ten pairs of calibrate.PAIRS, and backfits log
salaries: a least-squares start, then sweeps of shrunk group medians of the residuals (a
partial sort per group for a few groups, one sort for many, as calibrate's Groups), centred,
main effects first and the pairs after, up to 40 sweeps each, with a running total of the
prediction. calibrate does that fit and everything around it: it reads the survey's own
file and its names as `estimate` does, keeps the base file's figures as offsets, fits the
spread (pricing every profile again on the fitted file) and writes a data file.
Goal: at most 1.3x the reference.

It also times `iasalaire evaluate SURVEY --json` against a script that only reads the same
CSV with the csv module (the issue measured 23x).
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEV = Path("/work/shared/data/aijobs-salaries-dev.csv")
READ_ONLY = "import csv, sys\nfor row in csv.reader(open(sys.argv[1], newline='')): pass\n"
NAMES = ("level", "country", "company", "role", "remote")

REFERENCE = r'''
import csv, sys
import numpy as np

NAMES = ("level", "country", "company", "role", "remote")
PAIRS = (("level", "country"), ("level", "role"), ("level", "company"), ("level", "remote"),
         ("role", "remote"), ("country", "remote"), ("role", "company"), ("country", "role"),
         ("country", "company"), ("company", "remote"))
SHRINK, SHRINK_PAIR, MIN_COUNT, PAIR_MIN, SWEEPS, FEW = 5.0, 30.0, 3, 20, 40, 64

with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    reader = csv.reader(handle)
    next(reader)
    raw = {name: [] for name in NAMES}
    salaries = []
    for row in reader:
        salaries.append(float(row[-1]))
        for name, value in zip(NAMES, row):
            raw[name].append(value)
y = np.log(np.array(salaries))
codes, sizes = {}, {}
for name in NAMES:
    index = {"": -1}
    codes[name] = np.array([index.setdefault(v, len(index) - 1) for v in raw[name]])
    sizes[name] = len(index) - 1
for a, b in PAIRS:
    ca, cb = codes[a], codes[b]
    pair = np.where((ca >= 0) & (cb >= 0), ca * sizes[b] + cb, -1)
    counts = np.bincount(pair[pair >= 0], minlength=sizes[a] * sizes[b])
    codes[(a, b)] = np.where((pair >= 0) & (counts[np.maximum(pair, 0)] >= PAIR_MIN), pair, -1)
    sizes[(a, b)] = sizes[a] * sizes[b]
rows = {d: np.flatnonzero(c >= 0) for d, c in codes.items()}
rows = {d: r[np.argsort(codes[d][r], kind="stable")] for d, r in rows.items()}  # by group
counts = {d: np.bincount(codes[d][r], minlength=sizes[d]) for d, r in rows.items()}


def medians(resid, d):
    """Each group's median of `resid` (0 for an empty group)."""
    r, n = resid[rows[d]], counts[d]
    starts = np.concatenate(([0], np.cumsum(n)[:-1]))
    found = np.zeros(sizes[d])
    groups = np.flatnonzero(n)
    if len(groups) <= FEW:
        for g in groups:
            low, high = (n[g] - 1) // 2, n[g] // 2
            middle = np.partition(r[starts[g]:starts[g] + n[g]], (low, high))
            found[g] = (middle[low] + middle[high]) / 2
        return found
    code = codes[d][rows[d]]
    least = r.min()
    r = r[np.argsort((r - least) + code * (r.max() - least + 1.0))]
    low, high = starts + (np.maximum(n, 1) - 1) // 2, starts + np.maximum(n, 1) // 2
    last = len(r) - 1
    return np.where(n > 0, (r[np.minimum(low, last)] + r[np.minimum(high, last)]) / 2, 0.0)


def effect_of(d, effect):
    return np.where(codes[d] >= 0, effect[np.maximum(codes[d], 0)], 0.0)


def backfit(columns, effects, intercept, mean=False):
    """Sweeps over `columns`; the others' effects stay. Returns the new intercept."""
    total = intercept + sum(effect_of(d, e) for d, e in effects.items())
    for _ in range(SWEEPS):
        moved = 0.0
        for d in columns:
            n = counts[d]
            partial = total - effect_of(d, effects[d])
            if mean:
                at = rows[d]
                found = np.bincount(codes[d][at], (y - partial)[at], sizes[d]) / np.maximum(n, 1)
            else:
                found = medians(y - partial, d)
            k = SHRINK if isinstance(d, str) else SHRINK_PAIR
            new = np.where(n >= (MIN_COUNT if isinstance(d, str) else PAIR_MIN),
                           found * n / (n + k), 0.0)
            if isinstance(d, str):
                centre = float(np.median(new[codes[d][rows[d]]]))
                new = new - centre
                partial = partial + centre
                intercept += centre
            moved = max(moved, float(np.max(np.abs(new - effects[d]))))
            effects[d] = new
            total = partial + effect_of(d, new)
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


def write_rows(survey: Path, out: Path) -> int:
    """The survey's rows as calibrate fits them (its fit_rows on the built-in baseline)."""
    from iasalaire.api import as_data
    from iasalaire.calibrate import fit_rows
    from iasalaire.survey import read_survey

    rows = fit_rows([read_survey(survey)], as_data(None))
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*NAMES, "salary"])
        for profile, salary in zip(rows.profiles, rows.salaries):
            writer.writerow([*("" if profile.get(n) is None else profile[n] for n in NAMES),
                             repr(salary)])
    return len(rows.salaries)


CPU: dict[str, list[float]] = {}  # command's first word after python -> CPU seconds per run


def timed(command: list[str]) -> float:
    """Wall-clock seconds of one run; its CPU seconds (user + system) are kept in CPU: on a
    machine shared with other work they move less than the wall clock."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(" ".join(command[1:4]), []).append(
        after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


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
        fitted = Path(tmp) / "rows.csv"
        used = write_rows(survey, fitted)
        ours_command = [sys.executable, "-m", "iasalaire", "calibrate", str(survey), "-o",
                        str(out), "--force"]
        reference_command = [sys.executable, str(script), str(fitted)]
        reader = Path(tmp) / "read.py"
        reader.write_text(READ_ONLY)
        evaluate_command = [sys.executable, "-m", "iasalaire", "evaluate", str(survey),
                            "--json"]
        ours, reference, evaluated, reading = [], [], [], []
        for _ in range(arguments.runs):  # interleaved: the machine's state affects all alike
            ours.append(timed(ours_command))
            reference.append(timed(reference_command))
            evaluated.append(timed(evaluate_command))
            reading.append(timed([sys.executable, str(reader), str(survey)]))
    print(f"calibrate on {rows:,} rows ({used:,} fitted): {min(ours):.2f} s; a plain numpy "
          f"backfit of the same columns: {min(reference):.2f} s; ratio "
          f"{min(ours) / min(reference):.2f}x (goal: at most 1.3x)")
    print(f"evaluate --json: {min(evaluated):.2f} s; reading the CSV alone: {min(reading):.2f} s;"
          f" ratio {min(evaluated) / min(reading):.1f}x")
    cpu = {name: min(values) for name, values in CPU.items()}
    ours_cpu = cpu[" ".join(ours_command[1:4])]
    reference_cpu = cpu[" ".join(reference_command[1:4])]
    print(f"CPU time (user + system, best of {arguments.runs}): calibrate {ours_cpu:.2f} s, "
          f"the reference {reference_cpu:.2f} s: ratio {ours_cpu / reference_cpu:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
