"""Fit a data file's multipliers and spread to a salary survey (`iasalaire calibrate`).

The model is the estimator's own: log(salary) = log(base) + one effect per dimension (+ a few
pairwise interactions). It is fitted for the median, since the median minimises the mean
absolute log error: backfitting, where each dimension's effect is the median of the residuals
of its group, shrunk toward 0 (a multiplier of 1) by n / (n + k) so that small groups say
little, and centred on the typical row (leaving a dimension out means "everyone"). Main
effects are fitted first, then the pairwise adjustments on what they leave. The spread
(sigma) is then set so that the fitted file's p10-p90 holds 80% of the rows.
numpy is imported here only, never on the `estimate` path.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iasalaire.core import Z
from iasalaire.data import Data, build, parse
from iasalaire.errors import DataFileError
from iasalaire.iso3166 import COUNTRIES
from iasalaire.survey import FITTED, Survey, dimensions, normalise

if TYPE_CHECKING:
    import numpy as np

SHRINK = 5.0  # k in n / (n + k): a group of 5 rows keeps half its own effect
SHRINK_PAIR = 30.0  # interactions need more evidence than main effects
# Pairwise adjustments, shown as factors like any other (tuned on benchmarks/accuracy.py).
PAIRS = (("level", "country"), ("level", "role"), ("level", "company"), ("level", "remote"),
         ("role", "remote"), ("country", "remote"), ("role", "company"), ("country", "role"),
         ("country", "company"), ("company", "remote"))
PAIR_MIN = 20  # rows before an interaction gets a figure at all
PAIR_MIN_EFFECT = 0.01  # |log| below this is noise: no interaction written
COVERAGE = 0.8  # share of rows the fitted p10-p90 must hold
SWEEPS = 40
LIST = {"country": "countries", "sector": "sectors", "company": "companies", "role": "roles",
        "remote": "remote"}


def confidence(count: int) -> str:
    """How sure a figure is, from the rows behind it."""
    return "high" if count >= 1000 else "medium" if count >= 100 else "low"


@dataclass
class Fit:
    intercept: float
    effects: dict[str, dict[Any, tuple[float, int]]]  # dim -> value -> (log effect, rows)
    pairs: dict[tuple[str, str], dict[tuple[Any, Any], tuple[float, int]]]
    rows: int


FEW_GROUPS = 64  # up to this many groups, medians by np.partition per group


class Groups:
    """One column's codes, with what every backfit round reuses: the rows in groups (one
    stable sort, done once), the group sizes, where each group's middle sits, and the codes
    with "no value" (-1) pointing at an extra zero effect, so a lookup is one indexing."""

    def __init__(self, codes: np.ndarray, groups: int, cells: np.ndarray | None = None) -> None:
        """`cells`: the code of each distinct profile, when `codes` (each row's) is read
        from them (see fit); take_cells then gives each cell's effect."""
        import numpy as np

        self.codes = codes
        self.groups = groups
        self.lookup = np.where(codes >= 0, codes, groups)  # codes[-1] -> the appended 0.0
        self.cell_lookup = self.lookup if cells is None else np.where(cells >= 0, cells, groups)
        rows = np.flatnonzero(codes >= 0)
        self.rows = rows[np.argsort(codes[rows], kind="stable")]  # grouped by code
        self.sorted_codes = codes[self.rows]
        self.counts = np.bincount(self.sorted_codes, minlength=groups)
        starts = np.concatenate(([0], np.cumsum(self.counts)[:-1])).astype(np.int64)
        safe = np.maximum(self.counts, 1)
        last = max(len(self.rows) - 1, 0)
        self.low = np.minimum(starts + (safe - 1) // 2, last)
        self.high = np.minimum(starts + safe // 2, last)
        # Each non-empty group's slice of the grouped rows and its middle positions in it.
        self.slices = [(g, int(starts[g]), int(starts[g] + self.counts[g]),
                        (int(self.counts[g]) - 1) // 2, int(self.counts[g]) // 2)
                       for g in np.flatnonzero(self.counts)]

    def take(self, effect: np.ndarray) -> np.ndarray:
        """Each row's effect (0 for a row without a value)."""
        import numpy as np

        return np.append(effect, 0.0)[self.lookup]

    def take_cells(self, effect: np.ndarray) -> np.ndarray:
        """Each cell's effect (each row's when the groups were made without cells)."""
        import numpy as np

        return np.append(effect, 0.0)[self.cell_lookup]

    def medians(self, resid: np.ndarray) -> np.ndarray:
        """The median of `resid` within each group (0 for an empty group)."""
        import numpy as np

        r = resid[self.rows]
        if not len(r):
            return np.zeros(self.groups)
        if len(self.slices) <= FEW_GROUPS:  # a partial sort per group beats one full sort
            found = np.zeros(self.groups)
            for g, start, end, low, high in self.slices:
                middle = np.partition(r[start:end], (low, high))
                found[g] = (middle[low] + middle[high]) / 2
            return found
        # Group g shifted by g x (the residuals' span + 1) keeps the groups apart in one sort
        # of floats: cheaper than a lexsort of (residual, code) every round.
        least = float(np.min(r))
        span = float(np.max(r)) - least + 1.0
        r = r[np.argsort((r - least) + self.sorted_codes * span)]
        return np.where(self.counts > 0, (r[self.low] + r[self.high]) / 2, 0.0)


def fit(profiles: list[dict[str, Any]], salaries: list[float], min_count: int,
        pairs: bool = True, offsets: list[float] | None = None,
        dims: tuple[str, ...] = (*FITTED, "experience", "survey"), shrink: float = SHRINK) -> Fit:
    """Backfit per-dimension (and pairwise) medians of log residuals, with shrinkage; the
    offsets (log factors kept from the base file) are taken out first."""
    import numpy as np

    y = np.log(np.asarray(salaries, dtype=float))
    if offsets:
        y = y - np.asarray(offsets, dtype=float)
    # The rows' distinct profiles ("cells"): codes, effects and predictions are worked out per
    # cell (58k aijobs.net rows hold under 5k) and read per row through `inverse`.
    cell_of: dict[tuple[Any, ...], int] = {}
    inverse = np.fromiter((cell_of.setdefault(tuple(map(p.get, dims)), len(cell_of))
                           for p in profiles), dtype=np.int64, count=len(profiles))
    cells = list(cell_of)
    columns: dict[Any, tuple[np.ndarray, list[Any], float]] = {}
    in_cells: dict[Any, np.ndarray] = {}  # column -> each cell's code
    values: dict[str, list[Any]] = {}
    for at, dim in enumerate(dims):
        seen = sorted({c[at] for c in cells if c[at] is not None}, key=str)
        if not seen:
            continue
        index = {v: i for i, v in enumerate(seen)}
        in_cells[dim] = np.array([index.get(c[at], -1) for c in cells], dtype=np.int64)
        # Surveys differ in what they count (bonus or not): their offsets are not shrunk.
        columns[dim] = (in_cells[dim][inverse], seen, 0.0 if dim == "survey" else shrink)
        values[dim] = seen
    if pairs and len(values.get("survey", ())) < 2:  # pairs across surveys would mix levels
        for a, b in PAIRS:
            if a in columns and b in columns:
                ca, cb = in_cells[a], in_cells[b]
                nb = len(values[b])
                paired = np.where((ca >= 0) & (cb >= 0), ca * nb + cb, -1)
                labels = [(va, vb) for va in values[a] for vb in values[b]]
                codes = paired[inverse]
                counts = np.bincount(codes[codes >= 0], minlength=len(labels))
                paired = np.where((paired >= 0) & (counts[np.maximum(paired, 0)] >= PAIR_MIN),
                                  paired, -1)
                in_cells[(a, b)] = paired
                columns[(a, b)] = (paired[inverse], labels, SHRINK_PAIR)
    effects = {d: np.zeros(len(labels)) for d, (_, labels, _) in columns.items()}
    # Main effects first, then the pairs on what is left: a pair must only hold what the main
    # effects cannot (a country seen at one level only keeps its effect as the country's).
    mains = [d for d in columns if isinstance(d, str)]
    # A least-squares start: medians alone can stall where two dimensions overlap (a move of
    # one at a time does not lower the absolute error, a joint move does).
    grouped = {d: Groups(codes, len(labels), in_cells[d])
               for d, (codes, labels, _) in columns.items()}
    intercept = _backfit(y, float(np.mean(y)), effects, columns, mains, min_count, grouped,
                         inverse, mean=True)
    for active in (mains, [d for d in columns if d not in mains]):
        intercept = _backfit(y, intercept, effects, columns, active, min_count, grouped,
                             inverse)
    out = Fit(intercept, {}, {}, len(y))
    for d, (codes, labels, _) in columns.items():
        counts = np.bincount(codes[codes >= 0], minlength=len(labels))
        table = {lab: (float(effects[d][i]), int(counts[i])) for i, lab in enumerate(labels)
                 if counts[i] > 0}
        if isinstance(d, str):
            out.effects[d] = {v: e for v, e in table.items() if e[1] >= min_count}
        else:
            out.pairs[d] = {v: e for v, e in table.items()
                            if e[1] >= PAIR_MIN and abs(e[0]) >= PAIR_MIN_EFFECT}
    return out


def _backfit(y: np.ndarray, intercept: float, effects: dict[Any, np.ndarray],
             columns: dict[Any, tuple[np.ndarray, list[Any], float]], active: list[Any],
             min_count: int, grouped: dict[Any, Groups], inverse: np.ndarray | None = None,
             mean: bool = False) -> float:
    """Sweeps of per-group residual medians (or means) over the `active` columns; returns
    the new intercept. Each column's effect is looked up again only when it moves; the
    prediction is summed afresh in the same order (the fit reacts to the last bit), once per
    cell (`inverse`: each row's cell, see fit; None: a cell per row) and read per row: the
    same numbers, bit for bit, for a tenth of the additions."""
    import numpy as np

    taken = {d: grouped[d].take_cells(effects[d]) for d in columns}

    def rows(cell: np.ndarray) -> np.ndarray:
        return cell if inverse is None else cell[inverse]

    valid = {d: np.flatnonzero(columns[d][0] >= 0) for d in active}
    for _ in range(SWEEPS):
        moved = 0.0
        for d in active:
            codes, labels, k = columns[d]
            groups = grouped[d]
            total = rows(_summed(intercept, taken) - taken[d])
            counts = groups.counts
            if mean:
                at = valid[d]
                sums = np.bincount(codes[at], (y - total)[at], len(labels))
                med = sums / np.maximum(counts, 1)
            else:
                med = groups.medians(y - total)
            new = np.where(counts >= (min_count if isinstance(d, str) else PAIR_MIN),
                           med * counts / (counts + k), 0.0)
            if isinstance(d, str) and len(valid[d]):
                # Centred on the typical row, so that leaving the dimension out means
                # "everyone" and shrinkage pulls toward the multiplier 1 the file shows.
                centre = _weighted_median(new, counts)
                new = new - centre
                intercept += centre
            moved = max(moved, float(np.max(np.abs(new - effects[d]), initial=0.0)))
            effects[d] = new
            taken[d] = groups.take_cells(new)
        rest = y - rows(_summed(intercept, taken))
        shift = float(np.mean(rest) if mean else np.median(rest))
        intercept += shift
        if moved < 1e-5 and abs(shift) < 1e-5:
            break
    return intercept


def _weighted_median(values: np.ndarray, counts: np.ndarray) -> float:
    """np.median of `values` each repeated `counts` times (a column's effect on each of its
    rows), without the repeats: the same two middle values, the same mean of them."""
    import numpy as np

    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(counts[order])
    n = int(cumulative[-1])
    low = values[order[np.searchsorted(cumulative, (n - 1) // 2, side="right")]]
    high = values[order[np.searchsorted(cumulative, n // 2, side="right")]]
    return float(low) if n % 2 else float(np.mean(np.array([low, high])))


def _summed(intercept: float, taken: dict[Any, np.ndarray]) -> np.ndarray:
    """The prediction: the intercept plus each column's effect per row, in column order."""
    import numpy as np

    total: np.ndarray = np.asarray(intercept, dtype=float)  # a scalar when nothing is fitted
    for effect in taken.values():
        total = total + effect
    return total


def source_key(path: str) -> str:
    """'data:<name>' for a survey file: its stem, in the characters a source key allows."""
    stem = re.sub(r"[^a-z0-9._-]+", "-", Path(path).stem.lower()).strip("-._")
    return f"data:{stem or 'survey'}"


def _sourced(key: str, count: int, note: str) -> dict[str, Any]:
    return {"source": key, "confidence": confidence(count), "count": count, "note": note}


MIN_ROWS = 30  # below this, a survey refits the multipliers but not the spread (warned)
# Years bands fitted as anchors of the experience curve (lower edges, in years).
BANDS = (0, 1, 2, 3, 5, 7, 10, 15, 20, 30)


def band(years: float) -> str:
    low = max(b for b in BANDS if b <= years)
    return f"{low:g}+"


@dataclass
class Rows:
    """The usable rows of one or more surveys, as the fit reads them."""

    surveys: list[Survey]
    profiles: list[dict[str, Any]]
    salaries: list[float]
    offsets: list[float]
    years: dict[str, list[float]]  # band -> the years of its rows


def fit_rows(surveys: list[Survey], base: Data) -> Rows:
    """Every survey's rows through the estimator; years become bands of the curve to fit
    when any row gives them, and each row names its survey when there are several."""
    out = Rows(surveys, [], [], [], {})
    for number, survey in enumerate(surveys):
        scored = normalise(survey, base)
        for profile, salary, offset, years_log in zip(scored.profiles, scored.salaries,
                                                      scored.offsets, scored.years_log):
            years = profile.get("years")
            if years is not None:
                label = band(years)
                profile["experience"] = label
                out.years.setdefault(label, []).append(years)
            else:
                offset += years_log
            if len(surveys) > 1:
                profile["survey"] = number
            out.profiles.append(profile)
            out.salaries.append(salary)
            out.offsets.append(offset)
    return out


def calibrate(surveys: Survey | list[Survey], base: Data, min_count: int = 3,
              messages: list[str] | None = None) -> dict[str, Any]:
    """A data-file document: `base` with the figures the surveys cover refitted. With several
    surveys, each gets an offset of its own (one counts bonuses, another does not) and the
    figures are at the first survey's level. `messages` collects what a user should know."""
    surveys = [surveys] if isinstance(surveys, Survey) else list(surveys)
    said = messages if messages is not None else []
    rows = fit_rows(surveys, base)
    names = ", ".join(Path(s.path).name for s in surveys)
    if len(rows.salaries) < 2:
        reasons = "; ".join(f"{n} {why}" for s in surveys for why, n in s.skipped.most_common())
        count = len(rows.salaries)
        raise DataFileError(f"{names}: only {count} usable row{'' if count == 1 else 's'}; "
                            "calibration "
                            f"needs more" + (f" (skipped: {reasons})" if reasons else ""))
    # A survey's city column is fitted like its country (on what the base file's city figure
    # leaves unexplained: that figure is in each row's offset).
    result = fit(rows.profiles, rows.salaries, min_count, offsets=rows.offsets,
                 dims=(*FITTED, "city", "experience", "survey"))
    survey_offsets = result.effects.pop("survey", {})
    if survey_offsets:  # the figures at the first survey's level
        first = survey_offsets.get(0, (0.0, 0))[0]
        result.intercept += first
        for survey, (effect, n) in sorted(survey_offsets.items()):
            said.append(f"{Path(surveys[survey].path).name}: level x{math.exp(effect - first):.3f}"
                        f" of the first survey's ({n} rows)")
    first_survey = surveys[0]
    key = source_key(first_survey.path)
    doc: dict[str, Any] = base.file.model_dump(mode="json", by_alias=True, exclude_none=True)
    translated = {(item["note"], item["note_fr"]) for item in _notes(doc) if "note_fr" in item}
    doc.pop("reference", None)  # a refitted file is its survey's level, not the article's beside
    how = f"median of log residuals in {names}, shrunk toward 1 by n/(n+{SHRINK:g})"
    fitted = [d for d, t in result.effects.items() if t]
    doc["name"] = f"calibrated-{key.removeprefix('data:')}"
    doc["description"] = (f"{base.name} refitted to {names} ({result.rows} rows): "
                          f"{', '.join(fitted) or 'base'}")
    for survey in surveys:
        doc["sources"][source_key(survey.path)] = {
            "title": f"Salary survey {Path(survey.path).name}", "rows": len(survey.salaries),
            "sha256": survey.sha256,
            "detail": f"{survey.layout} layout, fitted by iasalaire calibrate"}
    doc["base"].update(median=round(math.exp(result.intercept), 2), label=(
        f"All rows of {names}, median profile"),
        **_sourced(key, result.rows, "fitted intercept (median-oriented backfit)"))
    if "experience" in result.effects:
        _years(doc, result.effects["experience"], rows.years, key, how)
    elif "level" in result.effects:
        _levels(doc, result.effects["level"], key, how)
    for dim, listed in LIST.items():
        if dim in result.effects:
            _entries(doc, listed, dim, result.effects[dim], key, how)
    if result.effects.get("role"):
        _all_roles(doc, rows.profiles, key, names)
    if result.effects.get("country"):
        _rescale_kept_places(doc, base, key, said)
    _cities(doc, result.effects.get("city", {}), key, how)
    # The base's adjustments on a refitted dimension were relative to figures that changed.
    refitted = {"level" if d == "experience" else d for d in fitted}
    kept = [i for i in doc["interactions"] if not refitted & set(i["dimensions"])]
    doc["interactions"] = kept + [
        {"dimensions": list(dims), "values": [str(v) for v in vals],
         "multiplier": round(math.exp(e), 4),
         **_sourced(key, n, f"pairwise adjustment: median of log residuals in "
                            f"{names}, shrunk by n/(n+{SHRINK_PAIR:g})")}
        for dims, table in result.pairs.items() for vals, (e, n) in table.items()]
    _monotone_levels(doc, key)
    shown = ", ".join(f"{'years' if d == 'experience' else d} ({len(result.effects[d])} values)"
                      for d in fitted)
    said.append(f"fitted: {shown or 'the base median only'}; kept from {base.name}: cities, "
                "certs, skills" + "".join(f", {LIST.get(d, d)}" for d in
                                          ("sector", "company", "role", "remote")
                                          if d not in result.effects))
    if result.rows < MIN_ROWS:
        said.append(f"warning: only {result.rows} usable row{'' if result.rows == 1 else 's'} "
                    f"(fewer than {MIN_ROWS}): the "
                    f"multipliers are shrunk toward 1 and the spread stays {base.name}'s")
    else:
        fit_spread(doc, surveys, key, said, base.name, survey_offsets)
    # A note rewritten here keeps no French of the base's (it said something else): French
    # views show it in English, marked so.
    for item in _notes(doc):
        if "note_fr" in item and (not item["note_fr"]
                                  or (item["note"], item["note_fr"]) not in translated):
            del item["note_fr"]
    return doc


def _notes(doc: Any) -> list[dict[str, Any]]:
    """Every part of a data-file document that has a note."""
    found: list[dict[str, Any]] = []
    if isinstance(doc, dict):
        if isinstance(doc.get("note"), str):
            found.append(doc)
        for value in doc.values():
            found += _notes(value)
    elif isinstance(doc, list):
        for value in doc:
            found += _notes(value)
    return found


def _years(doc: dict[str, Any], table: dict[Any, tuple[float, int]],
           years: dict[str, list[float]], key: str, how: str) -> None:
    """Years bands become the experience curve's anchors (at each band's median years),
    kept rising: more experience never lowers pay."""
    import numpy as np

    curve: list[dict[str, Any]] = []
    highest = 0.0
    for label in sorted(table, key=lambda b: float(b.rstrip("+"))):
        effect, n = table[label]
        at = round(float(np.median(years[label])), 1)
        if curve and at <= curve[-1]["years"]:
            continue
        multiplier = math.exp(effect)
        note = f"{label} years of experience (median {at:g}): {how}"
        if curve and multiplier < highest:
            note += "; raised to the band below it (more experience never lowers pay)"
        highest = max(highest, multiplier)
        curve.append({"years": at, "multiplier": round(highest, 4), **_sourced(key, n, note)})
    if curve:
        doc["experience"]["curve"] = curve


def _rescale_kept_places(doc: dict[str, Any], base: Data, key: str, said: list[str]) -> None:
    """The countries a survey did not refit, and the cities with a figure of their own, were
    placed relative to the base file's level; the refit moved that level. They move with the
    refitted countries (by the row-weighted median of new / old), a city with its country."""
    import numpy as np

    old = {c.id: c.multiplier for c in base.file.countries}
    moved = {e["id"]: (e["multiplier"] / old[e["id"]], e.get("count") or 1)
             for e in doc["countries"] if e.get("source") == key and e["id"] in old}
    if not moved:
        return
    ratios, weights = (np.array(v, dtype=float) for v in zip(*moved.values()))
    order = np.argsort(ratios)
    cumulative = np.cumsum(weights[order])
    scale = float(ratios[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    how = (f"; kept from {base.name}, moved x{{:.3f}} with the refitted countries (their "
           f"row-weighted median ratio to {base.name})")
    for entry in doc["countries"]:
        if entry.get("source") != key:
            entry["multiplier"] = round(min(max(entry["multiplier"] * scale, 1e-4), 99.0), 4)
            entry["note"] = entry.get("note", "") + how.format(scale)
    for city in doc["cities"]:
        if city.get("multiplier") is not None and city.get("source") != key:
            ratio = moved.get(city["country"], (scale, 0))[0]
            city["multiplier"] = round(min(max(city["multiplier"] * ratio, 1e-4), 99.0), 4)
            city["note"] = city.get("note", "") + how.format(ratio).replace(
                "the refitted countries", f"{city['country']}" if city["country"] in moved
                else "the refitted countries")
    said.append(f"countries and cities the survey does not cover moved x{scale:.3f} with the "
                "refitted countries")


def _cities(doc: dict[str, Any], table: dict[Any, tuple[float, int]], key: str,
            how: str) -> None:
    """A survey's cities with a figure of their own: that figure times what the survey's rows
    there say it leaves out (their currency converted as the row says)."""
    for city in doc["cities"]:
        if city["id"] not in table or city.get("multiplier") is None:
            continue
        effect, n = table[city["id"]]
        city.update(multiplier=round(min(max(city["multiplier"] * math.exp(effect), 1e-4), 99.0),
                                     4), **_sourced(key, n, f"{city['label']}: {how}"))


def _curve_log(curve: list[dict[str, Any]], years: float) -> float:
    """log of the curve's multiplier at `years` (log-linear between anchors, flat outside)."""
    xs: list[float] = [a["years"] for a in curve]
    logs: list[float] = [math.log(a["multiplier"]) for a in curve]
    if years <= xs[0]:
        return logs[0]
    for i in range(1, len(xs)):
        if years <= xs[i]:
            t = (years - xs[i - 1]) / (xs[i] - xs[i - 1])
            return logs[i - 1] + t * (logs[i] - logs[i - 1])
    return logs[-1]


def _monotone_levels(doc: dict[str, Any], key: str) -> None:
    """Level x other-field adjustments never let a higher level pay less than a lower one for
    the same other values (a senior in FR below a mid in FR): walking the levels up, each
    level's adjustment is raised to where its median is at least the level below's."""
    levels = sorted(doc["experience"]["levels"], key=lambda lv: lv["years"])
    curve = doc["experience"]["curve"]
    by_other: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for item in doc["interactions"]:
        dims = list(item["dimensions"])
        if "level" not in dims:
            continue
        at = dims.index("level")
        other = (dims[1 - at], item["values"][1 - at])
        by_other.setdefault(other, {})[item["values"][at]] = item
    # Several fields may adjust the same level (country and role): each may take at most its
    # share of the curve's rise, so that together they never turn it down.
    shares = max(len({dim for dim, _ in by_other}), 1)
    for (dim, value), items in by_other.items():
        highest = -math.inf
        for level in levels:
            item = items.get(level["id"])
            own = _curve_log(curve, level["years"]) / shares
            total = own + (math.log(item["multiplier"]) if item else 0.0)
            if total < highest - 1e-9:
                raised = math.ceil(math.exp(highest - own) * 10_000) / 10_000
                if item is None:
                    item = {"dimensions": ["level", dim], "values": [level["id"], value],
                            "multiplier": raised, "source": key, "confidence": "low",
                            "note": ""}
                    doc["interactions"].append(item)
                item["multiplier"] = raised
                item["note"] = (item["note"] + "; " if item["note"] else "") + (
                    "raised so that this level pays no less than the level below it for "
                    f"{dim} {value} (a higher level never lowers pay)")
                total = own + math.log(raised)
            highest = max(highest, total)


def _levels(doc: dict[str, Any], table: dict[Any, tuple[float, int]], key: str,
            how: str) -> None:
    """Levels become the experience curve's anchors (at each level's years), kept rising."""
    levels = sorted(doc["experience"]["levels"], key=lambda lv: lv["years"])
    curve: list[dict[str, Any]] = []
    highest = 0.0
    for level in levels:
        if level["id"] not in table:
            continue
        effect, n = table[level["id"]]
        multiplier = math.exp(effect)
        note = f"{level['label']}: {how}"
        if curve and multiplier < highest:
            note += "; raised to the level below it (more experience never lowers pay)"
        highest = max(highest, multiplier)
        curve.append({"years": level["years"], "multiplier": round(highest, 4),
                      **_sourced(key, n, note)})
        level.update(_sourced(key, n, f"fitted as an anchor of the curve at {level['years']:g} "
                                      "years"))
    if curve:
        doc["experience"]["curve"] = curve


def _entries(doc: dict[str, Any], listed: str, dim: str, table: dict[Any, tuple[float, int]],
             key: str, how: str) -> None:
    entries = doc[listed]
    by_id = {str(e["id"]): e for e in entries}
    for value, (effect, n) in sorted(table.items(), key=lambda item: -item[1][1]):
        entry = by_id.get(str(value))
        if entry is None:
            if dim != "country" or value not in COUNTRIES:
                continue  # only countries can be new: other names come from the base file
            entry = {"id": value, "label": COUNTRIES[value][0], "aliases": []}
            entries.append(entry)
        entry.update(multiplier=round(math.exp(effect), 4), **_sourced(key, n, how))


def _all_roles(doc: dict[str, Any], profiles: list[dict[str, Any]], key: str,
               names: str) -> None:
    """A job title no role names, in a file with refitted roles: the level of all the survey's
    rows, whatever their role (the mean log of the role multiplier the file gives each row;
    a row without a known role is at the base's level)."""
    by_id = {str(e["id"]): math.log(e["multiplier"]) for e in doc["roles"]}
    logs = [by_id.get(str(p.get("role")), 0.0) if p.get("role") is not None else 0.0
            for p in profiles]
    doc["all_roles"] = {"label": "All roles (job title not recognised)",
                        "multiplier": round(math.exp(sum(logs) / len(logs)), 4), **_sourced(
        key, len(logs), f"the level of all rows of {names}, whatever their role: the mean log "
                        "of the role multiplier this file gives each row (a row without a known "
                        "role at the base's level)")}


def _solve(coverages: list[Callable[[float], float]], target: float) -> float:
    """The sigma >= 0 at which the surveys' mean coverage reaches `target` (bisection; the
    coverage rises with sigma)."""
    def mean(sigma: float) -> float:
        return sum(c(sigma) for c in coverages) / len(coverages)

    low, high = 0.0, 3.0
    if mean(low) >= target:
        return 0.0
    for _ in range(50):
        middle = (low + high) / 2
        low, high = (middle, high) if mean(middle) < target else (low, middle)
    return high


def _coverage(resid: Any, extra: Any) -> Callable[[float], float]:
    """The share of rows inside p10-p90 for a residual sigma."""
    import numpy as np

    def inside(sigma: float) -> float:
        return float(np.mean(resid <= Z["p90"] * np.sqrt(sigma**2 + extra))) if len(resid) \
            else 0.0

    return inside


def _middle(resid: Any, sigmas: Any) -> Callable[[float], float]:
    """The share of rows inside p25-p75 for a middle z."""
    import numpy as np

    def inside(z: float) -> float:
        return float(np.mean(resid <= z * sigmas)) if len(resid) else 0.0

    return inside


@dataclass
class _Rows:
    """A survey's rows that give `keep` (all its fields when None), scored by a data file."""

    resid: Any  # |log(salary / median)|, less the survey's level offset
    extra: Any  # the square of what each row's sigma holds beyond the residual
    logs: list[dict[str, float]]


def _scored(survey: Survey, data: Data, keep: tuple[str, ...] | None, offset: float) -> _Rows:
    import numpy as np

    counted = survey.skipped.copy(), survey.notes.copy()
    scored = normalise(survey, data, keep)
    survey.skipped, survey.notes = counted  # the fit already counted them
    resid = np.abs(np.log(np.asarray(scored.salaries)) - np.log(np.asarray(scored.medians))
                   - offset)
    extra = np.maximum(np.asarray(scored.sigmas) ** 2 - data.file.spread.sigma**2, 0.0)
    wanted = set(dimensions(survey.fields) if keep is None else keep)
    gives = {g: set(g) >= wanted for g in set(scored.given)}  # once per distinct tuple
    mask = np.array([gives[g] for g in scored.given], dtype=bool)
    return _Rows(resid[mask], extra[mask], scored.logs)


def _restoring(data: Data, surveys: list[Survey], offsets: list[float], dim: str,
               residual: float) -> float:
    """The part that, added for `dim` left out, covers the rows as well as they are with it."""
    dropped, reached = [], []
    for survey, offset in zip(surveys, offsets):
        fields = dimensions(survey.fields)
        if dim not in fields:
            continue
        full = _scored(survey, data, fields, offset)
        reached.append(_coverage(full.resid, full.extra)(residual))
        less = _scored(survey, data, tuple(f for f in fields if f != dim), offset)
        dropped.append(_coverage(less.resid, less.extra + residual**2))
    return _solve(dropped, sum(reached) / len(reached)) if dropped else 0.0


def _extend_by_dimension(moved: dict[str, list[float]], logs: list[dict[str, float]]) -> None:
    """moved[dim] += each row's log multiplier of dim, in row order (rows without it left
    out). The rows of one profile share its dict: each distinct dict is read once."""
    import numpy as np

    position: dict[int, int] = {}
    distinct: list[dict[str, float]] = []
    for row in logs:
        if id(row) not in position:
            position[id(row)] = len(distinct)
            distinct.append(row)
    at = np.array([position[id(row)] for row in logs], dtype=np.int64)
    for dim in dict.fromkeys(d for row in distinct for d in row):
        has = np.array([dim in row for row in distinct], dtype=bool)[at]
        values = np.array([row.get(dim, 0.0) for row in distinct], dtype=float)[at]
        moved.setdefault(dim, []).extend(values[has].tolist())


def spread_parts(data: Data, surveys: list[Survey], offsets: list[float],
                 coverage: float = COVERAGE, fixed: float | None = None,
                 restoring: bool = False
                 ) -> tuple[float, int, dict[str, tuple[float, int]], float]:
    """The residual sigma and, for each dimension the surveys give, the spread that leaving
    it out adds. The residual: p10-p90 holds `coverage` of the rows that give every field of
    their survey (each survey counting once, whatever its size), a country's own part (its
    entry's sigma) kept. A left-out dimension's part: how much pay varies across its values in
    the surveys' rows, the standard deviation of the log multipliers `data` gives them.
    The middle z: p25-p75 then holds half of those rows. `fixed`: the residual to use
    instead of fitting one."""
    import numpy as np

    empty = data.file.model_copy(update={"spread": data.file.spread.model_copy(
        update={"omitted": {}, "population": None})})
    data = build(empty, data.path, data.sha256)
    full, rows, kept = [], 0, []
    moved: dict[str, list[float]] = {}
    for survey, offset in zip(surveys, offsets):
        scored = _scored(survey, data, None, offset)
        full.append(_coverage(scored.resid, scored.extra))
        kept.append((scored.resid, scored.extra))
        rows += len(scored.resid)
        _extend_by_dimension(moved, scored.logs)
    residual = _solve(full, coverage) if fixed is None else fixed
    omitted = {dim: (float(np.std(values)), len(values)) for dim, values in moved.items()}
    if restoring:  # no more than it takes for the rows to be covered as well as with the field
        for dim, (value, n) in omitted.items():
            omitted[dim] = (min(value, _restoring(data, surveys, offsets, dim, residual)), n)
    middle = _solve([_middle(r, np.sqrt(residual**2 + e)) for r, e in kept], 0.5)
    return residual, rows, omitted, min(max(middle, 0.3), 1.0)


def fit_spread(doc: dict[str, Any], surveys: list[Survey], key: str, said: list[str],
               base_name: str, survey_offsets: dict[Any, tuple[float, int]]) -> None:
    """Write the spread: the residual and what each dimension left out adds, fitted on the
    surveys around the fitted file's own medians."""
    fitted = parse(json.dumps(doc).encode(), "(calibrated)")
    first = survey_offsets.get(0, (0.0, 0))[0]
    offsets = [survey_offsets.get(i, (first, 0))[0] - first for i in range(len(surveys))]
    residual, rows, omitted, middle = spread_parts(fitted, surveys, offsets)
    names = ", ".join(Path(s.path).name for s in surveys)
    if rows < MIN_ROWS or residual < 0.02:
        said.append(f"warning: the salaries barely vary around the fitted medians ({rows} rows "
                    f"with every field): the spread stays {base_name}'s")
        return
    doc["spread"] = {"sigma": round(min(residual, 2.0), 4), "middle_z": round(middle, 4),
                     **_sourced(
        key, rows, f"log-space spread of a profile that gives every field: p10-p90 holds "
                   f"{COVERAGE:.0%} of the rows of {names} around the fitted medians"),
        "omitted": {dim: {"sigma": round(min(value, 2.0), 4), **_sourced(
            key, n, f"what leaving {dim} out adds: how much pay varies across its values "
                    f"in {names} (standard deviation of the fitted log multipliers)")}
                    for dim, (value, n) in omitted.items()}}
    for entry in doc["countries"]:  # how unsure a fitted country's figure is
        if entry.get("source") == key and entry.get("count"):
            entry["sigma"] = round(1.25 * residual / math.sqrt(entry["count"] + SHRINK), 4)
