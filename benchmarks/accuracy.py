"""Accuracy of `iasalaire calibrate` against reference models, on the aijobs.net dev data.

    pip install -e ".[bench]"
    python benchmarks/accuracy.py [--seed 0] [--data ../shared/data/aijobs-salaries-dev.csv]

Full-time rows whose job title is among the 30 most frequent are split 80/20 (seeded). Every
model is fitted on the 80% and scored on the 20%: the calibrated data file (through the
estimator itself, as `iasalaire evaluate` scores it), the overall median, a median per
experience level, and scikit-learn's HistGradientBoostingRegressor with quantile loss at
0.1 / 0.5 / 0.9 on the same columns (level, country, company size, job title, remote).
MAE_log is the mean |log(real / predicted median)|; coverage is the share of real salaries
inside the model's p10-p90.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from iasalaire.calibrate import calibrate  # noqa: E402
from iasalaire.data import load_data, parse  # noqa: E402
from iasalaire.evaluate import evaluate  # noqa: E402
from iasalaire.output import dumps  # noqa: E402
from iasalaire.survey import read_survey  # noqa: E402

DEFAULT = REPO.parent / "shared" / "data" / "aijobs-salaries-dev.csv"
FEATURES = ("experience_level", "employee_residence", "company_size", "job_title",
            "remote_ratio")


def load(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = list(reader)
    col = header.index("employment_type")
    title = header.index("job_title")
    rows = [r for r in rows if r[col] == "FT"]
    top = {t for t, _ in Counter(r[title] for r in rows).most_common(30)}
    return header, [r for r in rows if r[title] in top]


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def score(y: np.ndarray, p10: np.ndarray, p50: np.ndarray, p90: np.ndarray) -> tuple[float,
                                                                                     float]:
    log_y = np.log(y)
    mae = float(np.mean(np.abs(log_y - np.log(p50))))
    inside = float(np.mean((y >= p10) & (y <= p90)))
    return mae, inside


def by_group(train_keys: list[str], train_y: np.ndarray, test_keys: list[str]) -> np.ndarray:
    """p10, p50, p90 per group of the training rows (the overall ones for an unseen group)."""
    groups: dict[str, list[float]] = {}
    for k, v in zip(train_keys, train_y):
        groups.setdefault(k, []).append(v)
    overall = np.quantile(train_y, [0.1, 0.5, 0.9])
    table = {k: np.quantile(v, [0.1, 0.5, 0.9]) for k, v in groups.items()}
    return np.array([table.get(k, overall) for k in test_keys]).T


def gbm(header: list[str], train: list[list[str]], test: list[list[str]],
        seed: int) -> np.ndarray:
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.preprocessing import OrdinalEncoder

    cols = [header.index(f) for f in FEATURES]
    encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1,
                             encoded_missing_value=-1)
    x_train = encoder.fit_transform([[r[c] for c in cols] for r in train])
    x_test = encoder.transform([[r[c] for c in cols] for r in test])
    y_train = np.log([float(r[header.index("salary_in_usd")]) for r in train])
    out = []
    for q in (0.1, 0.5, 0.9):
        model = HistGradientBoostingRegressor(loss="quantile", quantile=q,
                                              categorical_features=[True] * len(cols),
                                              random_state=seed)
        model.fit(x_train, y_train)
        out.append(np.exp(model.predict(x_test)))
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not args.data.is_file():
        sys.exit(f"accuracy: {args.data} not found (see ../shared/data/README.md)")
    header, rows = load(args.data)
    order = np.random.default_rng(args.seed).permutation(len(rows))
    cut = int(len(rows) * 0.8)
    train = [rows[i] for i in order[:cut]]
    test = [rows[i] for i in order[cut:]]
    usd = header.index("salary_in_usd")
    level = header.index("experience_level")
    y_train = np.array([float(r[usd]) for r in train])
    y_test = np.array([float(r[usd]) for r in test])
    print(f"{len(rows)} full-time rows with a top-30 job title: {len(train)} to fit, "
          f"{len(test)} to score (seed {args.seed})")

    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        train_csv, test_csv = Path(tmp) / "train.csv", Path(tmp) / "test.csv"
        write(train_csv, header, train)
        write(test_csv, header, test)
        started = time.perf_counter()
        document = calibrate(read_survey(train_csv), load_data())
        took = time.perf_counter() - started
        fitted = parse(dumps(document).encode(), "calibrated")
        report = evaluate(read_survey(test_csv), fitted)
    results["calibrated (iasalaire)"] = (report["mae_log"], report["coverage"]["p10_p90"])
    results["overall median"] = score(y_test, *np.quantile(y_train, [0.1, 0.5, 0.9])[:, None]
                                      * np.ones_like(y_test))
    results["median per level"] = score(y_test, *by_group(
        [r[level] for r in train], y_train, [r[level] for r in test]))
    results["gradient boosting (quantile)"] = score(y_test, *gbm(header, train, test, args.seed))

    gbm_mae = results["gradient boosting (quantile)"][0]
    print(f"calibrate took {took:.1f} s on {len(train)} rows "
          f"({len(document['interactions'])} interactions)\n")
    print(f"{'model':32} {'MAE_log':>8} {'p10-p90':>8} {'vs GBM':>7}")
    for name, (mae, inside) in results.items():
        print(f"{name:32} {mae:8.4f} {inside:8.1%} {mae / gbm_mae:7.3f}")


if __name__ == "__main__":
    main()
