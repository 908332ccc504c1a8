"""How well a data file predicts real salaries (`iasalaire evaluate`).

Every row is estimated by the estimator itself (one call per distinct profile), so the scores
are those of what `estimate` prints. Besides the overall scores, it shows where a data file is
wrong: range coverage for each set of profile fields the rows give, and the median ratio of the
tool's median to real pay per country and per experience band. numpy is imported here only.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from iasalaire.core import Z, zs
from iasalaire.data import Data
from iasalaire.errors import DataFileError
from iasalaire.survey import EXPERIENCE_BANDS, Survey, normalise

SCHEMA = "iasalaire.evaluation/1"
QUANTILES = {"p10": 0.1, "p50": 0.5, "p90": 0.9}
TOP_COUNTRIES = 10


def scores(salaries: Any, medians: Any, sigmas: Any, z: dict[str, float] = Z) -> dict[str, Any]:
    """The metrics, from arrays of real salaries, predicted medians and log-space sigmas (the
    percentiles at median x exp(z x sigma)). Pinball losses are in log space (scale-free,
    like MAE_log)."""
    import numpy as np

    y = np.log(np.asarray(salaries, dtype=float))
    m = np.log(np.asarray(medians, dtype=float))
    s = np.asarray(sigmas, dtype=float)
    resid = y - m
    pinball = {}
    for name, q in QUANTILES.items():
        diff = y - (m + z[name] * s)
        pinball[name] = float(np.mean(np.maximum(q * diff, (q - 1) * diff)))
    return {
        "n": int(len(y)),
        "median_ape": float(np.median(np.abs(np.expm1(-resid)))),  # |pred - real| / real
        "mae_log": float(np.mean(np.abs(resid))),
        "pinball_log": pinball,
        "coverage": coverage(resid, s, z),
    }


def coverage(resid: Any, sigmas: Any, z: dict[str, float] = Z) -> dict[str, float]:
    import numpy as np

    return {"p10_p90": float(np.mean(np.abs(resid) <= z["p90"] * sigmas)),
            "p25_p75": float(np.mean(np.abs(resid) <= z["p75"] * sigmas))}


def _groups(keys: list[Any], resid: Any, sigmas: Any, ratio: Any,
            order: list[Any], z: dict[str, float]) -> list[dict[str, Any]]:
    import numpy as np

    # Each row's group as a number (its key read once per distinct key), then one integer
    # comparison per group: the same rows as comparing the keys' text, in the same order.
    index = {str(value): i for i, value in enumerate(order)}
    seen: dict[Any, int] = {}
    codes = np.fromiter((seen[k] if k in seen else seen.setdefault(k, index.get(str(k), -1))
                         for k in keys), dtype=np.int64, count=len(keys))
    out = []
    for i, _ in enumerate(order):
        mask = codes == i
        out.append({"n": int(mask.sum()), "ratio": float(np.median(ratio[mask])),
                    "coverage": coverage(resid[mask], sigmas[mask], z)})
    return out


def evaluate(survey: Survey, data: Data, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The "iasalaire.evaluation/1" document for `data` scored on `survey`; `fields`: only
    the profile fields of these dimensions are given to the estimator."""
    import numpy as np

    scored = normalise(survey, data, fields)
    if not scored.salaries:
        reasons = "; ".join(f"{n} {why}" for why, n in survey.skipped.most_common())
        raise DataFileError(f"{survey.path}: no row could be scored "
                            f"({sum(survey.skipped.values())} skipped"
                            + (f": {reasons})" if reasons else ")"))
    y = np.log(np.asarray(scored.salaries, dtype=float))
    m = np.log(np.asarray(scored.medians, dtype=float))
    s = np.asarray(scored.sigmas, dtype=float)
    resid, ratio = y - m, np.exp(m - y)
    z = zs(data)
    named = {g: ", ".join(g) or "nothing" for g in set(scored.given)}
    given = [named[g] for g in scored.given]
    by_fields = [g for g, _ in Counter(given).most_common()]
    listed = {", ".join(g) or "nothing": list(g) for g in scored.given}
    countries = [c for c, _ in Counter(c for c in scored.countries if c).most_common(
        TOP_COUNTRIES)]
    seen = set(scored.experience)
    levels = [lv.id for lv in sorted(data.file.experience.levels, key=lambda lv: lv.years)]
    bands = [b for b in [label for _, label in EXPERIENCE_BANDS] + levels if b in seen]
    return {
        "schema": SCHEMA,
        "file": survey.path,
        "layout": survey.layout,
        "data": {"name": data.name, "version": data.version, "sha256": data.sha256},
        "rows": survey.rows_read,
        **scores(scored.salaries, scored.medians, scored.sigmas, z),
        "by_fields": [{"fields": listed[g], **r} for g, r in zip(
            by_fields, _groups(given, resid, s, ratio, by_fields, z))],
        "by_country": [{"country": c, **r} for c, r in zip(
            countries, _groups(scored.countries, resid, s, ratio, countries, z))],
        "by_experience": [{"experience": b, **r} for b, r in zip(
            bands, _groups(scored.experience, resid, s, ratio, bands, z))],
        "skipped": dict(survey.skipped.most_common()),
        "notes": dict(survey.notes.most_common()),
    }
