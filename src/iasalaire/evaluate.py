"""How well a data file predicts real salaries (`iasalaire evaluate`).

Every row is estimated by the estimator itself (one call per distinct profile), so the scores
are those of what `estimate` prints. numpy is imported here only.
"""

from __future__ import annotations

from typing import Any

from iasalaire.core import Z
from iasalaire.data import Data
from iasalaire.errors import DataFileError
from iasalaire.survey import Survey, normalise

SCHEMA = "iasalaire.evaluation/1"
QUANTILES = {"p10": 0.1, "p50": 0.5, "p90": 0.9}


def scores(salaries: Any, medians: Any, sigmas: Any) -> dict[str, Any]:
    """The metrics, from arrays of real salaries, predicted medians and log-space sigmas.
    Pinball losses are in log space (scale-free, like MAE_log)."""
    import numpy as np

    y = np.log(np.asarray(salaries, dtype=float))
    m = np.log(np.asarray(medians, dtype=float))
    s = np.asarray(sigmas, dtype=float)
    resid = y - m
    pinball = {}
    for name, q in QUANTILES.items():
        diff = y - (m + Z[name] * s)
        pinball[name] = float(np.mean(np.maximum(q * diff, (q - 1) * diff)))
    return {
        "n": int(len(y)),
        "median_ape": float(np.median(np.abs(np.expm1(-resid)))),  # |pred - real| / real
        "mae_log": float(np.mean(np.abs(resid))),
        "pinball_log": pinball,
        "coverage": {
            "p10_p90": float(np.mean(np.abs(resid) <= Z["p90"] * s)),
            "p25_p75": float(np.mean(np.abs(resid) <= Z["p75"] * s)),
        },
    }


def evaluate(survey: Survey, data: Data) -> dict[str, Any]:
    """The "iasalaire.evaluation/1" document for `data` scored on `survey`."""
    scored = normalise(survey, data)
    if not scored.salaries:
        raise DataFileError(f"{survey.path}: no row could be scored "
                            f"({sum(survey.skipped.values())} skipped)")
    return {
        "schema": SCHEMA,
        "file": survey.path,
        "layout": survey.layout,
        "data": {"name": data.name, "version": data.version, "sha256": data.sha256},
        "rows": survey.rows_read,
        **scores(scored.salaries, scored.medians, scored.sigmas),
        "skipped": dict(survey.skipped.most_common()),
        "notes": dict(survey.notes.most_common()),
    }
