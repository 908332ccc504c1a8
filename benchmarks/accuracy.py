"""How accurate is it: every figure scored on rows it was not fitted on.

    pip install -e ".[bench]"
    python benchmarks/accuracy.py [--seed 0] [--shared ../shared/data]

Three checks, each printed as a table:

A. `iasalaire calibrate` on aijobs.net (R5): the full-time rows whose job title is among the
   30 most frequent (as R5's own benchmark does) are split 80/20 (seeded); the file
   calibrated on the 80% is scored on the 20% for each set of fields a user may give
   (the other fields are withheld from the estimator), beside scikit-learn's gradient boosting
   (quantile loss) on the same columns, an overall median and a median per level.
B. The built-in data on the same 20%: the baseline is rebuilt by scripts/build_baseline.py from
   the 80% (and R7), so that no scored row was seen.
C. The built-in data on a survey it was not fitted on: R7 (Stack Overflow 2024) is split in
   two halves by respondent; the baseline rebuilt from R5 and one half is scored on the other
   half's AI and data jobs, against a per-country median fitted on those very rows, with the
   ratio of the tool's median to real pay in the 8 largest countries.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "scripts"))

from build_baseline import ai_rows, build, gdp_table, measured  # noqa: E402

from iasalaire.calibrate import calibrate  # noqa: E402
from iasalaire.data import Data, load_data, parse  # noqa: E402
from iasalaire.evaluate import evaluate  # noqa: E402
from iasalaire.survey import Survey, normalise, read_survey  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
SUBSETS = {  # what a user may give: the dimensions the estimator is shown
    "all five": ("experience", "location", "company", "role", "remote"),
    "level+country+role": ("experience", "location", "role"),
    "level+country": ("experience", "location"),
    "level": ("experience",),
    "role": ("role",),
    "nothing": (),
}
FEATURES = ("level", "country", "company", "role", "remote")


def subset(survey: Survey, keep: Any) -> Survey:
    """The survey with only the rows whose index is in `keep`."""
    chosen = set(keep)
    rows = [(p, s) for i, (p, s) in enumerate(zip(survey.profiles, survey.salaries))
            if i in chosen]
    return dataclasses.replace(survey, profiles=[p for p, _ in rows],
                               salaries=[s for _, s in rows], skipped=Counter(),
                               notes=Counter())


def split(survey: Survey, seed: int, share: float) -> tuple[Survey, Survey]:
    order = np.random.default_rng(seed).permutation(len(survey.salaries))
    cut = int(len(order) * share)
    return subset(survey, order[:cut]), subset(survey, order[cut:])


def as_data(doc: dict[str, Any], name: str) -> Data:
    return parse(json.dumps(doc).encode(), name)


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    print(f"\n{title}")
    for row in [header, *rows]:
        print("  " + "  ".join(str(c).rjust(w) if i else str(c).ljust(w)
                               for i, (c, w) in enumerate(zip(row, widths))))


def median_ratio(data: Data, test: Survey, dims: tuple[str, ...]) -> float:
    """The median of the tool's median over real pay on the rows, given only `dims`."""
    scored = normalise(dataclasses.replace(test, skipped=Counter(), notes=Counter()), data,
                       dims)
    return float(np.median(np.asarray(scored.medians) / np.asarray(scored.salaries)))


def by_subset(data: Data, test: Survey) -> list[list[str]]:
    out = []
    for name, dims in SUBSETS.items():
        report = evaluate(dataclasses.replace(test, skipped=Counter(), notes=Counter()), data,
                          dims)
        out.append([name, f"{report['n']:,}", f"{report['coverage']['p10_p90']:.1%}",
                    f"{report['coverage']['p25_p75']:.1%}", f"{report['mae_log']:.4f}",
                    f"{median_ratio(data, test, dims):.3f}"])
    return out


def gbm(train: Survey, test: Survey, seed: int) -> tuple[float, float]:
    """MAE_log and p10-p90 coverage of gradient boosting with quantile loss."""
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.preprocessing import OrdinalEncoder

    encoder = OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1,
                             encoded_missing_value=-1)

    # At most 255 categories a column: rarer job titles are one "other" title.
    common = {t for t, _ in Counter(p.get("role", "") for p in train.profiles).most_common(250)}

    def features(survey: Survey) -> list[list[str]]:
        return [[p.get(f, "") if f != "role" or p.get(f, "") in common else "other"
                 for f in FEATURES] for p in survey.profiles]

    x_train = encoder.fit_transform(features(train))
    x_test = encoder.transform(features(test))
    y_train, y_test = np.log(train.salaries), np.log(test.salaries)
    predicted = []
    for q in (0.1, 0.5, 0.9):
        model = HistGradientBoostingRegressor(loss="quantile", quantile=q, random_state=seed,
                                              categorical_features=[True] * len(FEATURES))
        predicted.append(model.fit(x_train, y_train).predict(x_test))
    p10, p50, p90 = predicted
    return (float(np.mean(np.abs(y_test - p50))),
            float(np.mean((y_test >= p10) & (y_test <= p90))))


def group_median_mae(keys: list[Any], train_y: Any, test_keys: list[Any], test_y: Any) -> float:
    groups: dict[Any, list[float]] = defaultdict(list)
    for k, v in zip(keys, np.log(train_y)):
        groups[k].append(v)
    overall = float(np.median(np.log(train_y)))
    medians = {k: float(np.median(v)) for k, v in groups.items()}
    return float(np.mean(np.abs(np.log(test_y) - [medians.get(k, overall) for k in test_keys])))


def top_titles(survey: Survey, count: int = 30) -> Survey:
    top = {t for t, _ in Counter(p.get("role") for p in survey.profiles).most_common(count)}
    return subset(survey, [i for i, p in enumerate(survey.profiles) if p.get("role") in top])


def check_a_and_b(aijobs: Survey, so: Survey, gdp: dict[str, float], seed: int) -> None:
    all_train, all_test = split(aijobs, seed, 0.8)
    train, test = split(top_titles(aijobs), seed, 0.8)
    print(f"R5 aijobs.net, a top-30 job title: {len(train.salaries):,} full-time rows to fit, "
          f"{len(test.salaries):,} to score (seed {seed})")
    started = time.perf_counter()
    fitted = as_data(calibrate(train, load_data()), "calibrated")
    took = time.perf_counter() - started
    header = ["fields given", "rows", "p10-p90", "p25-p75", "MAE_log", "tool/real"]
    rows = by_subset(fitted, test)
    table(f"A. calibrated on the 80% ({took:.1f} s), scored on the 20% "
          "(ideal: 80% and 50%)", header, rows)
    gbm_mae, gbm_cover = gbm(train, test, seed)
    levels = [p.get("level") for p in train.profiles]
    mae_level = group_median_mae(levels, train.salaries,
                                 [p.get("level") for p in test.profiles], test.salaries)
    mae_all = group_median_mae([0] * len(levels), train.salaries, [0] * len(test.salaries),
                               test.salaries)
    ours = float(rows[0][4])
    table("   against other models on the same split (all five fields)",
          ["model", "MAE_log", "p10-p90", "vs GBM"],
          [["calibrated (iasalaire)", f"{ours:.4f}", rows[0][2], f"{ours / gbm_mae:.3f}"],
           ["gradient boosting (quantile)", f"{gbm_mae:.4f}", f"{gbm_cover:.1%}", "1.000"],
           ["median per level", f"{mae_level:.4f}", "", f"{mae_level / gbm_mae:.3f}"],
           ["overall median", f"{mae_all:.4f}", "", f"{mae_all / gbm_mae:.3f}"]])
    every = as_data(calibrate(all_train, load_data()), "calibrated (all titles)")
    every_mae = evaluate(all_test, every)["mae_log"]
    every_gbm = gbm(all_train, all_test, seed)[0]
    print(f"\n   with every job title ({len(all_test.salaries):,} rows scored): calibrated "
          f"{every_mae:.4f}, gradient boosting {every_gbm:.4f}: {every_mae / every_gbm:.3f}; "
          "titles that are no known role are priced at the all-roles level")
    builtin = as_data(measured(build(train, so, gdp), train, so), "baseline (rebuilt from the 80%)")
    table("B. built-in data, rebuilt without the scored rows, on the same 20% "
          "(ideal: 80% and 50%)", header, by_subset(builtin, test))


def check_c(aijobs: Survey, so: Survey, gdp: dict[str, float], seed: int) -> None:
    fit_half, score_half = split(so, seed, 0.5)
    builtin = as_data(measured(build(aijobs, fit_half, gdp), aijobs, fit_half),
                      "baseline (rebuilt from R5 and half R7)")
    for name, scored in (("AI and data jobs", ai_rows(score_half)),
                         ("all developers", score_half)):
        report = evaluate(scored, builtin)
        countries = [p["country"] for p in scored.profiles]
        per_country = group_median_mae(countries, scored.salaries, countries, scored.salaries)
        table(f"C. built-in data on the other half of R7, {name}: {report['n']:,} rows",
              ["", "MAE_log", "p10-p90", "p25-p75"],
              [["built-in data", f"{report['mae_log']:.4f}",
                f"{report['coverage']['p10_p90']:.1%}", f"{report['coverage']['p25_p75']:.1%}"],
               ["per-country median of these rows", f"{per_country:.4f}", "", ""],
               ["ratio", f"{report['mae_log'] / per_country:.3f}", "", ""]])
        table("   tool median / real pay, 8 largest countries (ideal 1.00)",
              ["country", "rows", "ratio", "p10-p90"],
              [[c["country"], f"{c['n']:,}", f"{c['ratio']:.2f}",
                f"{c['coverage']['p10_p90']:.0%}"] for c in report["by_country"][:8]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = [args.shared / n for n in ("aijobs-salaries-dev.csv", "so-survey-2024.csv",
                                       "gdp-per-capita.csv")]
    if not all(p.is_file() for p in paths):
        sys.exit(f"accuracy: the data is not in {args.shared} (see ../shared/data/README.md)")
    aijobs, so, gdp = read_survey(paths[0]), read_survey(paths[1]), gdp_table(paths[2])
    check_a_and_b(aijobs, so, gdp, args.seed)
    check_c(aijobs, so, gdp, args.seed)


if __name__ == "__main__":
    main()
