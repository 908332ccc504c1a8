"""The estimator: a pure function from (profile, data) to an Estimate. No I/O, no printing.

Pay for a profile is log-normal. Its median is base x the product of one multiplier per
dimension the profile gives (a dimension left out means the whole population: multiplier 1).
Its spread (sigma, in log space) is the residual spread of a fully described profile plus, in
quadrature, what each dimension left out adds and how unsure a country's own figure is: the
less a profile says, the wider its honest range.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

from iasalaire.data import Data
from iasalaire.errors import IasalaireError, InvalidValue
from iasalaire.profile import PROFILE_FIELDS
from iasalaire.records import CONFIDENCE_RANK, SPREAD_DIMENSIONS, Anchor, Profile

SCHEMA = "iasalaire.estimate/1"
# Standard normal quantiles: percentile = median * exp(z * sigma).
Z = {
    "p10": -1.2815515655446004,
    "p25": -0.6744897501960817,
    "p50": 0.0,
    "p75": 0.6744897501960817,
    "p90": 1.2815515655446004,
}
def zs(data: Data) -> dict[str, float]:
    """Where each percentile sits, in sigmas from the median, for this data file's shape."""
    middle = data.file.spread.middle_z
    return {**Z, "p25": -middle, "p75": middle}


ROUND_TO = 100  # USD: the sources are not more precise than that
# What every figure is (the `basis` of estimate --json, stated in every view).
BASIS = "base salary: gross, before tax, yearly, without bonus or equity"


@dataclass(frozen=True, slots=True)
class Factor:
    dimension: str
    input: str
    label: str
    multiplier: float
    source: str
    confidence: str
    note: str = ""
    # For the French views (never in --json): the data file's note in French ('' when the
    # file has none), and the part of `note` the core composes (an English template and its
    # values, which the views translate); `french` is False when the data file's part of the
    # note has no French (a calibrated file), so the views show the English note, labelled.
    note_fr: str = ""
    lead: tuple[str, tuple[tuple[str, Any], ...]] | None = None
    french: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "input": self.input,
            "label": self.label,
            "multiplier": round(self.multiplier, 4),
            "source": self.source,
            "confidence": self.confidence,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Estimate:
    profile: dict[str, Any]  # the normalised fields
    base: float
    median: float
    mean: float
    sigma: float
    percentiles: dict[str, float]
    factors: tuple[Factor, ...]
    warnings: tuple[str, ...]
    data: Data
    spread: Spread
    # The same profile on the data file's reference (the article's figures), when it names one.
    reference: Estimate | None = None

    @property
    def wide(self) -> bool:
        """True when what the profile leaves out or a weak figure doubles the residual spread."""
        return self.sigma >= 2 * self.spread.residual

    @property
    def confidence(self) -> str:
        """How sure the median is: the weakest confidence among the figures behind it (the
        range's own confidence is the spread's)."""
        levels = [self.data.file.base.confidence] + [f.confidence for f in self.factors]
        return min(levels, key=CONFIDENCE_RANK.__getitem__)

    @property
    def range_confidence(self) -> str:
        """How sure the range is: the spread's confidence, or the country figure's when the
        range leans on an uncertain country (few rows, or a GDP prior)."""
        levels: list[str] = [self.data.file.spread.confidence]
        if any(part == "country" for part, _, _ in self.spread.parts):
            levels += [f.confidence for f in self.factors if f.dimension in ("country", "city")]
        return min(levels, key=CONFIDENCE_RANK.__getitem__)

    def source_keys(self) -> list[str]:
        file = self.data.file
        keys = [file.base.source, file.spread.source] + [f.source for f in self.factors]
        return list(dict.fromkeys(keys))

    def figures(self) -> dict[str, Any]:
        """The rounded median, range and percentiles (shared by estimate --json and batch)."""
        pct = {name: money(value) for name, value in self.percentiles.items()}
        return {"median": pct["p50"], "range": {"low": pct["p25"], "high": pct["p75"]},
                "percentiles": pct}

    def to_dict(self) -> dict[str, Any]:
        """The contract's "iasalaire.estimate/1" document."""
        figures = self.figures()
        sources = self.data.file.sources
        return {
            "schema": SCHEMA,
            "currency": self.data.file.currency,
            "profile": self.profile,
            "median": figures["median"],
            "mean": money(self.mean),
            "range": figures["range"],
            "percentiles": figures["percentiles"],
            "factors": [f.to_dict() for f in self.factors],
            "sources": {
                k: sources[k].model_dump(exclude_none=True) for k in self.source_keys()
            },
            "warnings": list(self.warnings),
            "data": {"name": self.data.name, "version": self.data.version,
                     "sha256": self.data.sha256},
            "spread": self.spread.to_dict(self.sigma),
            "basis": BASIS,
            "article": self.article(),
        }

    def article(self, amount: Callable[[float], int] | None = None) -> dict[str, Any] | None:
        """The reference file's figure for this profile (the article's), beside this one's;
        `amount` turns a yearly amount in the data's currency into the shown one."""
        other = self.reference
        if other is None:
            return None
        shown = amount or money
        p = other.percentiles
        return {"data": other.data.name, "median": shown(p["p50"]),
                "range": {"low": shown(p["p25"]), "high": shown(p["p75"])},
                "source": other.data.file.base.source,
                "ratio": round(self.median / other.median, 4)}


@dataclass(frozen=True, slots=True)
class Spread:
    """Where a profile's sigma comes from: sigma**2 = residual**2 + sum of parts**2."""

    residual: float
    parts: tuple[tuple[str, float, str], ...]  # (what, log-space sigma, why), largest first

    def to_dict(self, sigma: float) -> dict[str, Any]:
        return {"sigma": round(sigma, 4), "residual": round(self.residual, 4),
                "parts": [{"part": what, "sigma": round(value, 4), "why": why}
                          for what, value, why in self.parts]}

    def reasons(self) -> list[str]:
        return [why for _, value, why in self.parts if value > 0]


# What leaving a dimension out means, as people read it.
LEFT_OUT = {"experience": "no experience given", "location": "no city or country given",
            "sector": "no sector given", "company": "no company given",
            "role": "no role given", "remote": "no remote share given"}


def _spread(data: Data, given: tuple[bool, ...], city: str | None,
            code: str | None) -> Scale:
    """The spread of a profile that gives the dimensions flagged in `given` (in the order of
    SPREAD_DIMENSIONS), with its sigma and percentile scales."""
    spread = data.file.spread
    said = dict(zip(SPREAD_DIMENSIONS, given))
    parts = [(f"omitted:{d}", o.sigma, LEFT_OUT[d]) for d, o in spread.omitted.items()
             if not said[d] and o.sigma > 0]
    population = spread.population
    if population is not None and population.sigma > 0:
        parts.append(("population", population.sigma,
                      "the salary surveys disagree for the same profile (which one it is like "
                      "is unknown)"))
    if code is not None:  # a city's own figure is a multiple of its country's, as unsure
        country = data.country(code)
        if country is not None and country.sigma > 0:
            rows = f"{country.count:,} survey rows" if country.count else "no survey rows"
            parts.append(("country", country.sigma,
                          f"{country.label}'s figure is uncertain ({rows}, "
                          f"{country.confidence} confidence)"))
    parts.sort(key=lambda part: -part[1])
    found = Spread(spread.sigma, tuple(parts))
    sigma = math.sqrt(found.residual**2 + sum(value**2 for _, value, _ in found.parts))
    scales = {name: math.exp(z * sigma) for name, z in zs(data).items()}
    return Scale(found, sigma, scales, math.exp(sigma * sigma / 2), tuple(scales.values()))


# The resolution's small value classes are plain slotted classes: a dataclass costs about a
# millisecond of start-up each, and estimate --json pays every import.
class Scale:
    """A spread with what the numbers need from it: median x scales[name] is that percentile,
    median x mean the mean (computed once per spread, with math.exp, for every path)."""

    __slots__ = ("spread", "sigma", "scales", "mean", "row")

    def __init__(self, spread: Spread, sigma: float, scales: dict[str, float], mean: float,
                 row: tuple[float, ...]) -> None:
        self.spread, self.sigma, self.scales, self.mean = spread, sigma, scales, mean
        self.row = row  # the scales in Z order


def money(value: float) -> int:
    return int(round(value / ROUND_TO)) * ROUND_TO


MEMO_SIZE = 50_000  # resolved values kept per dimension and data file; cleared when full
FAILED_SIZE = 16_384  # keys that raised, per dimension: more than a chunk holds
_UNSET = object()


def _fresh(error: Exception) -> Exception:
    """A copy of a remembered error, without traceback, context or cause: raising the
    remembered object itself would chain every raise's frames onto it."""
    copy = error.__class__.__new__(error.__class__, *error.args)
    copy.__dict__.update(error.__dict__)
    copy.args = error.args
    return copy


def column(data: Data, build: Callable[..., Any], keys: Sequence[Any], bad: list[Any],
           strict: bool, *fixed: Any) -> list[Any]:
    """build(data, *fixed, *key) for every key (a tuple of arguments), each distinct key once
    per data file: the parts are pure functions of their key, so the memo changes nothing but
    speed (batch meets the same cities and years again and again). A key that raises an
    IasalaireError is remembered too (bounded), so that a bad value is resolved once, not
    once by the columnar engine and again by the exact path that words its error: with
    `strict` its error is raised, otherwise it is put in `bad` at the record's index (and
    that record's later parts are None)."""
    memo = data.memo.get((build, *fixed))
    if memo is None:
        memo = data.memo[(build, *fixed)] = {}
    try:
        return [memo[key] for key in keys]  # every key met before: the whole column at once
    except (KeyError, TypeError):
        pass
    failed = data.memo.get((build, *fixed, "failed"))
    if failed is None:
        failed = data.memo[(build, *fixed, "failed")] = {}
    found = []
    for i, key in enumerate(keys):
        value = _UNSET if bad[i] is not None else memo.get(key, _UNSET)
        if value is _UNSET and bad[i] is None:
            error = failed.get(key)
            if error is None:
                try:
                    value = build(data, *fixed, *key)
                except IasalaireError as raised:
                    error = _fresh(raised)  # without its frames nor its context: no cycle
                    if len(failed) >= FAILED_SIZE:
                        failed.clear()
                    failed[key] = error
                except Exception as raised:
                    if strict:
                        raise
                    bad[i] = raised.with_traceback(None)  # kept without its frames: no cycle
                else:
                    if len(memo) >= MEMO_SIZE:
                        memo.clear()
                    memo[key] = value
            if error is not None:
                if strict:
                    raise _fresh(error)
                bad[i] = error
        found.append(None if value is _UNSET else value)
    return found


Number = TypeVar("Number")  # a float for one profile, a numpy array for a chunk of them


def numbers(base: float, multipliers: Sequence[Number],
            scales: Mapping[str, Number]) -> tuple[Number, dict[str, Number]]:
    """The median and percentiles from one multiplier per dimension group (in GROUPS order)
    and the spread's scales: the same operations, in the same order, whether each is a float
    (one estimate) or an array (a chunk of them in the columnar engine), so both agree to
    the last bit."""
    product = multipliers[0]
    for multiplier in multipliers[1:]:
        product = product * multiplier  # type: ignore[operator]
    median: Number = base * product  # type: ignore[operator, assignment]
    return median, {name: median * scale  # type: ignore[operator]
                    for name, scale in scales.items()}


# The dimension groups whose multipliers make the median, in this order (1.0 when absent).
GROUPS = ("experience", "location", "sector", "company", "role", "premiums", "remote",
          "interactions")


class Resolved:
    """A profile resolved against a data file, before any arithmetic: one multiplier per
    dimension group (GROUPS order), the spread, the warnings, and, built only on demand, the
    factors and the normalised fields (batch needs neither)."""

    __slots__ = ("multipliers", "scale", "warnings", "parts")

    def __init__(self, multipliers: tuple[float, ...], scale: Scale, warnings: tuple[str, ...],
                 parts: tuple[Any, ...]) -> None:
        self.multipliers, self.scale, self.warnings = multipliers, scale, warnings
        self.parts = parts  # what factors() and normal() are built from

    def factors(self) -> tuple[Factor, ...]:
        experience, located, simple, premiums, paired = self.parts[:5]
        found = [experience] if experience is not None else []
        found += located.factors
        found += [factor for factor, _ in simple[:3] if factor is not None]
        found += premiums.factors
        found += [factor for factor, _ in simple[3:] if factor is not None]
        return tuple(found + list(paired.factors))

    def normal(self) -> dict[str, Any]:
        """The normalised fields (fresh lists: memo values are shared between results)."""
        _, located, simple, premiums, _, years, level = self.parts
        ids = [value for _, value in simple]
        return {"years": years, "level": level, "city": located.city, "country": located.code,
                "sector": ids[0], "company": ids[1], "role": ids[2],
                "certs": list(premiums.certs), "skills": list(premiums.skills),
                "remote": ids[3]}


NOTHING = (None, None)


class Chunk:
    """Profiles resolved column by column (one list per dimension, one item per profile):
    the one resolution shared by estimate() (a chunk of one) and the columnar engine of batch
    and estimate_many. `bad[i]` is the error that stops profile i (None: it resolved)."""

    def __init__(self, data: Data, fields: Mapping[str, Sequence[Any]], size: int,
                 strict: bool = True, bad: list[Any] | None = None,
                 any_title: bool = False, titles: bool = True) -> None:
        """`fields`: a column per profile field, of validated values (a Profile's: None or ()
        when absent). With `strict`, the first error is raised, dimension by dimension in the
        order of one estimate's checks. A job title that names no known role is priced at the
        all-roles level with a warning; one a known role is close to ("ML engieer") is an
        UnknownValue with the suggestion, unless `any_title` (--lenient, a survey's rows).
        `titles`: job titles are read ("Senior Data Scientist II"); False: a role is a name of
        the data file's list, whole (the shipped baseline's fit)."""
        self.bad = bad = bad if bad is not None else [None] * size
        from iasalaire.titles import read_columns

        fields = read_columns(data, fields, titles)  # job titles, size bands, "Remote"
        self.years = years = fields["years"]
        pairs = list(zip(years, fields["level"]))
        experience = column(data, _experience_part, pairs, bad, strict)
        self.experience = [NOTHING if e is None else e for e in experience]
        self.located = column(data, _location, list(zip(fields["city"], fields["country"])),
                              bad, strict)
        simple = {name: column(data, _simple, [(v,) for v in fields[name]], bad, strict, name)
                  for name in ("sector", "company")}
        roles = column(data, _role, [(v,) for v in fields["role"]], bad, strict, any_title)
        simple["role"] = [None if r is None else r[:2] for r in roles]
        # What a title no role names says (a tuple per profile, empty for the others).
        self.role_said: list[tuple[str, ...]] = [() if r is None else r[2] for r in roles]
        self.premiums = column(data, _premiums, list(zip(fields["certs"], fields["skills"])),
                               bad, strict)
        simple["remote"] = column(data, _simple, [(v,) for v in fields["remote"]], bad, strict,
                                  "remote")
        self.simple = [[NOTHING if p is None else p for p in simple[name]]
                       for name in ("sector", "company", "role", "remote")]
        self.level = level = [e[1] for e in self.experience]
        codes = [NO_PLACE.code if loc is None else loc.code for loc in self.located]
        ids = [[p[1] for p in dimension] for dimension in self.simple]
        self.paired = column(data, _interactions,
                             list(zip(level, codes, ids[1], ids[2], ids[3])), bad, strict)
        cities = [None if loc is None else loc.city for loc in self.located]
        given = list(zip([y is not None or lv is not None for y, lv in zip(years, level)],
                         [c is not None for c in codes], *[[i is not None for i in d]
                                                           for d in ids]))
        self.scale = column(data, _spread, list(zip(given, cities, codes)), bad, strict)

    def multipliers(self) -> list[list[float]]:
        """One column per dimension group (GROUPS order); 1.0 for a bad profile."""
        def of(parts: Sequence[Any]) -> list[float]:
            return [1.0 if p is None else p.multiplier for p in parts]

        def of_factor(parts: Sequence[tuple[Any, Any]]) -> list[float]:
            return [1.0 if f is None else f.multiplier for f, _ in parts]

        sector, company, role, remote = self.simple
        return [of_factor(self.experience), of(self.located), of_factor(sector),
                of_factor(company), of_factor(role), of(self.premiums), of_factor(remote),
                of(self.paired)]

    def resolved(self, i: int) -> Resolved:
        """Profile i (which resolved) as one Resolved."""
        simple = [dimension[i] for dimension in self.simple]
        experience = self.experience[i][0]
        located, premiums, paired = self.located[i], self.premiums[i], self.paired[i]
        multipliers = (1.0 if experience is None else experience.multiplier, located.multiplier,
                       *[1.0 if f is None else f.multiplier for f, _ in simple[:3]],
                       premiums.multiplier,
                       1.0 if simple[3][0] is None else simple[3][0].multiplier,
                       paired.multiplier)
        return Resolved(multipliers, self.scale[i], self.warnings(i),
                        (experience, located, simple, premiums, paired, self.years[i],
                         self.level[i]))


    def warnings(self, i: int) -> tuple[str, ...]:
        """Profile i's warnings: its place's, then its job title's."""
        said = self.role_said[i]
        located: tuple[str, ...] = self.located[i].warnings
        return located + said if said else located


def resolve(data: Data, fields: Mapping[str, Any], any_title: bool = False,
            titles: bool = True) -> Resolved:
    """Resolve validated profile fields (a Profile's values) into their factors: a chunk of
    one. Raises InvalidValue / UnknownValue (`any_title`, `titles`: see Chunk)."""
    return Chunk(data, {name: (fields[name],) for name in PROFILE_FIELDS}, 1,
                 any_title=any_title, titles=titles).resolved(0)


def estimate(profile: Profile, data: Data, any_title: bool = False,
             titles: bool = True) -> Estimate:
    """Estimate the pay for `profile` from `data` (a records.Profile, or schema.Profile's
    pydantic model of the same fields). Raises InvalidValue / UnknownValue. With
    `any_title`, a job title close to a known role is priced at the all-roles level too;
    `titles`: see Chunk."""
    resolved = resolve(data, {name: getattr(profile, name) for name in PROFILE_FIELDS},
                       any_title, titles)
    median, percentiles = numbers(data.file.base.median, resolved.multipliers,
                                  resolved.scale.scales)
    return finished(data, resolved, median, percentiles)


def finished(data: Data, resolved: Resolved, median: float,
             percentiles: dict[str, float]) -> Estimate:
    """The Estimate of a resolved profile whose numbers are computed (by numbers())."""
    scale = resolved.scale
    return Estimate(
        profile=resolved.normal(),
        base=data.file.base.median,
        median=median,
        mean=median * scale.mean,
        sigma=scale.sigma,
        percentiles=percentiles,
        factors=resolved.factors(),
        warnings=resolved.warnings,
        data=data,
        spread=scale.spread,
    )


def _experience_part(data: Data, years: float | None,
                     level: str | None) -> tuple[Factor | None, str | None]:
    """The experience factor (None when neither is given) and the level's id."""
    if years is not None and level is not None:
        raise InvalidValue("give years (--exp) or level (--level), not both", "level")
    if years is not None:
        return _years(data, years), None
    if level is not None:
        return _level(data, level)
    return NOTHING


def _years(data: Data, years: float) -> Factor:
    label = f"{years:g} year{'' if years == 1 else 's'} of experience"
    return _experience(data, "years", f"{years:g}", years, label)


def _level(data: Data, value: str) -> tuple[Factor, str]:
    level = data.lookup("level", value)
    label = f"{level.label} (placed at {level.years:g} years)"
    return _experience(data, "level", value, level.years, label), level.id


def _simple(data: Data, name: str, value: str | None) -> tuple[Factor | None, Any]:
    """A dimension with one multiplier per value (sector, company, role, remote)."""
    if value is None:
        return NOTHING
    entry = data.lookup(name, value)
    return _factor(name, value, entry), int(entry.id) if name == "remote" else entry.id


ROLE_NOTHING: tuple[None, None, tuple[str, ...]] = (None, None, ())
TITLE_TYPO_EDITS = 2  # a job title this close to a known role is a typo of it


def _role(data: Data, any_title: bool, value: str | None
          ) -> tuple[Factor | None, str | None, tuple[str, ...]]:
    """The role's factor, its id and what the title says: a known role is its entry; a job
    title that names none ("Head of Happiness") is priced at the all-roles level, its id None
    (the range is that of a profile without a role), with a warning; a title a known role is
    close to is an UnknownValue with the suggestion ("ML engieer": did you mean
    'ml-engineer'?), or, with `any_title`, the all-roles level with the suggestion said."""
    if value is None:
        return ROLE_NOTHING
    entry = data.find("role", value)
    if entry is not None:
        return _factor("role", value, entry), entry.id, ()
    from iasalaire.errors import UnknownValue, clipped, printable
    from iasalaire.text import MAX_NAME_CHARS, close_enough, key
    from iasalaire.titles import parse_title

    error = data.unknown("role", value)
    # A typo is a title within TITLE_TYPO_EDITS of a known role ("ML engieer", or the role
    # part of "Senior ML engieer"); a real title the suggestion rule finds near one ("DevOps
    # Engineer" and "MLOps engineer") is another job.
    typo = error.suggestion is not None and close_enough(
        key(value), key(error.suggestion), TITLE_TYPO_EDITS)
    part = parse_title(value).role if not typo and len(value) <= MAX_NAME_CHARS else None
    if part is not None and part != key(value):
        near = data.unknown("role", part).suggestion
        if near is not None and close_enough(key(part), key(near), TITLE_TYPO_EDITS):
            error, typo = UnknownValue("role", value, near), True
    if typo and not any_title:
        raise error

    level = data.file.all_roles
    multiplier = 1.0 if level is None else level.multiplier
    shown = printable(clipped(value))
    hint = f" (did you mean '{error.suggestion}'?)" if typo else ""
    # The French views translate the same words from a template and its values.
    lead = "no role named by this title" + (" (did you mean '{suggestion}'?)" if typo else "")
    said_near = {"suggestion": error.suggestion} if typo else {}
    said = (f"job title '{shown}' names no known role{hint}: priced at the all-roles level "
            f"(x{multiplier:.3f}), with a wide range")
    if level is None:  # a data file without the figure: the base's level, as unsure
        base = data.file.base
        factor = Factor("role", value, "All roles (job title not recognised)", 1.0, base.source,
                        "low", f"no role named by this title{hint}; this data file has no "
                        f"all-roles figure: the base's level ({base.source}) is used",
                        *_french(None, f"{lead}; this data file has no all-roles figure: the "
                                 "base's level ({source}) is used", source=base.source,
                                 **said_near))
    else:
        factor = Factor("role", value, level.label, multiplier, level.source, level.confidence,
                        f"no role named by this title{hint}: {level.note}".rstrip(": "),
                        *_french(level, lead, **said_near))
    return factor, None, (said,)


def _factor(dimension: str, value: str, entry: Any) -> Factor:
    return Factor(dimension, value, entry.label, entry.multiplier, entry.source,
                  entry.confidence, entry.note, *_french(entry))


def _french(entry: Any, lead: str = "", **values: Any) -> tuple[
        str, tuple[str, tuple[tuple[str, Any], ...]] | None, bool]:
    """A factor's French fields: the entry's French note, the lead the core composes before
    it (a template of `note`, with its values), and whether the French is whole."""
    note_fr = getattr(entry, "note_fr", "") if entry is not None else ""
    note = getattr(entry, "note", "") if entry is not None else ""
    return note_fr, (lead, tuple(values.items())) if lead else None, bool(note_fr) or not note


def _experience(data: Data, dimension: str, value: str, years: float, label: str) -> Factor:
    multiplier, below, above = data.experience_at(years)
    curve = data.file.experience.curve
    low, high = curve[below], curve[above]
    # The weaker of the two anchors the value is interpolated between speaks for it.
    anchor: Anchor = min((high, low), key=lambda a: CONFIDENCE_RANK[a.confidence])
    if below == above:
        note = f"curve anchor at {low.years:g} years ({low.source}): {low.note}".rstrip(": ")
        french = _french(low, "curve anchor at {years} years ({source})", years=low.years,
                         source=low.source)
    else:
        note = (f"interpolated between {low.years:g} years ({low.source}) and "
                f"{high.years:g} years ({high.source})")
        french = _french(None, "interpolated between {years} years ({source}) and {years2} "
                         "years ({source2})", years=low.years, source=low.source,
                         years2=high.years, source2=high.source)
    return Factor(dimension, value, label, multiplier, anchor.source, anchor.confidence, note,
                  *french)


class Located:
    """Where a profile is: its factor (none when no place is given), the warnings it brings,
    the city id, the country code, and the multiplier."""

    __slots__ = ("factors", "warnings", "city", "code", "multiplier")

    def __init__(self, factors: tuple[Factor, ...], warnings: tuple[str, ...], city: str | None,
                 code: str | None) -> None:
        self.factors, self.warnings, self.city, self.code = factors, warnings, city, code
        self.multiplier = factors[0].multiplier if factors else 1.0


NO_PLACE = Located((), (), None, None)


def _location(data: Data, city_value: str | None, country_value: str | None) -> Located:
    """A city carries its country; a country alone uses its own figure, or the world's."""
    from iasalaire.places import City, find_city, namesakes

    warnings: list[str] = []
    code = _country_code(country_value, data) if country_value is not None else None
    if city_value is not None:
        city = find_city(city_value, code, data)
        ambiguous = namesakes(city_value, city, data) if code is None else None
        if ambiguous is not None:
            warnings.append(ambiguous)
        if isinstance(city, City) and city.multiplier is not None:
            return Located((_factor("city", city_value, city),), tuple(warnings), city.id,
                           city.country)
        country = _country_factor(city.country, city_value, data, warnings)
        entry = data.country(city.country)
        if isinstance(city, City):
            note = f"no figure for the city itself: {country.label}'s is used. "
            lead, values = ("no figure for the city itself: {country}'s is used",
                            {"country": city.country})
        else:  # a city of the gazetteer: placed in its country, and the user is told
            outside = entry.elsewhere if entry is not None else None
            if outside is not None:  # below the national figure, which the big cities lift
                warnings.insert(0, f"no figure for {city.label} itself: placed in "
                                f"{country.label}, outside its listed cities")
                return Located((Factor(
                    "city", city_value, city.label, outside.multiplier, outside.source,
                    outside.confidence, f"no figure for {city.label} itself: placed in "
                    f"{country.label} ({city.country}) by the GeoNames gazetteer, outside the "
                    f"cities of the data file: {outside.note}", *_french(
                        outside, "no figure for {city} itself: placed in {country} ({code}) "
                        "by the GeoNames gazetteer, outside the cities of the data file",
                        city=city.label, country=city.country, code=city.country)),),
                    tuple(warnings), city.id, city.country)
            note = (f"no figure for {city.label} itself: placed in {country.label} "
                    f"({city.country}) by the GeoNames gazetteer; the country's figure is used. ")
            lead, values = ("no figure for {city} itself: placed in {country} ({code}) by the "
                            "GeoNames gazetteer; the country's figure is used",
                            {"city": city.label, "country": city.country, "code": city.country})
            warnings.insert(0, f"no figure for {city.label} itself: placed in {country.label}")
        factor = Factor("city", city_value, city.label, country.multiplier, country.source,
                        country.confidence, note + country.note, *_french(
                            entry if country.note else None, lead, **values))
        return Located((factor,), tuple(warnings), city.id, city.country)
    if code is not None and country_value is not None:
        factor = _country_factor(code, country_value, data, warnings)
        return Located((factor,), tuple(warnings), None, code)
    return NO_PLACE


def _country_code(value: str, data: Data) -> str:
    from iasalaire.iso3166 import COUNTRIES
    from iasalaire.places import country_code

    code = country_code(value, data)
    if code is None:
        raise data.unknown("country", value, [english for english, _ in COUNTRIES.values()])
    return code


def _country_factor(code: str, value: str, data: Data, warnings: list[str]) -> Factor:
    entry = data.country(code)
    if entry is not None:
        if entry.count == 0 or (entry.count is None and entry.source != "assumption"):
            how = "placed by GDP per capita (R8)" if entry.source == "ref:R8" else (
                f"its figure comes from {entry.source}")
            warnings.append(f"no survey rows for {entry.label} ({code}): {how}, with "
                            f"{entry.confidence} confidence and a wide range")
        elif entry.count is None and entry.sigma > 0.5:
            warnings.append(f"{entry.label} ({code}): {entry.note}")
        return _factor("country", value, entry)
    from iasalaire.iso3166 import COUNTRIES

    name = COUNTRIES[code][0]
    base = data.file.base
    warnings.append(f"no figure for {name} ({code}) in this data file: "
                    "the world-level figure is used, with low confidence")
    return Factor("country", value, name, 1.0, base.source, "low",
                  f"no figure of its own: the world-level median ({base.source}) is used",
                  *_french(None, "no figure of its own: the world-level median ({source}) is "
                           "used", source=base.source))


class Stacked:
    """Several factors of one group (premiums, interactions) and their product. The factors
    may be built on demand by `build` (premiums: batch keeps thousands of stacks and reads
    none of their notes)."""

    __slots__ = ("_factors", "multiplier", "certs", "skills", "build")

    def __init__(self, factors: tuple[Factor, ...], multiplier: float,
                 certs: tuple[str, ...] = (), skills: tuple[str, ...] = (),
                 build: Callable[[], tuple[Factor, ...]] | None = None) -> None:
        self._factors, self.multiplier, self.certs, self.skills = factors, multiplier, certs, skills
        self.build = build

    @property
    def factors(self) -> tuple[Factor, ...]:
        return self._factors if self.build is None else self.build()


def _premiums(data: Data, cert_values: tuple[str, ...], skill_values: tuple[str, ...]) -> Stacked:
    """Certifications and skills stack with diminishing returns, under a cap. Returns the
    factors and the cert and skill ids (a repeat counts once)."""
    found = [("certs", c, data.lookup("certs", c)) for c in cert_values]
    found += [("skills", s, data.lookup("skills", s)) for s in skill_values]
    premiums = list({(dim, entry.id): (dim, value, entry)
                     for dim, value, entry in found}.values())
    certs = tuple(e.id for dim, _, e in premiums if dim == "certs")
    skills = tuple(e.id for dim, _, e in premiums if dim == "skills")
    stacking = data.file.stacking
    ranked = sorted(range(len(premiums)), key=lambda i: -premiums[i][2].multiplier)
    weights = [0.0] * len(premiums)
    for rank, i in enumerate(ranked):
        weights[i] = stacking.decay**rank
    multipliers = [entry.multiplier**weight for (_, _, entry), weight in zip(premiums, weights)]
    total = math.prod(multipliers)  # in the order given, as the factors are shown
    if total > stacking.cap:
        multipliers.append(stacking.cap / total)
    return Stacked((), math.prod(multipliers), certs, skills,
                   partial(_premium_factors, data, tuple(premiums), tuple(ranked)))


def _premium_factors(data: Data, premiums: tuple[tuple[str, str, Any], ...],
                     ranked: tuple[int, ...]) -> tuple[Factor, ...]:
    """The premiums' factors, with their notes, in the order given (and the cap's)."""
    stacking = data.file.stacking
    factors = []
    for rank, i in enumerate(ranked):
        dimension, value, entry = premiums[i]
        weight = stacking.decay**rank
        note, french = entry.note, _french(entry)
        if weight < 1:
            note = (f"x{entry.multiplier:g} alone, counted at {weight:.0%} as premium no. "
                    f"{rank + 1} of {len(premiums)} (diminishing returns). {note}").strip()
            french = _french(entry, "x{multiplier} alone, counted at {weight} as premium no. "
                             "{rank} of {count} (diminishing returns)",
                             multiplier=entry.multiplier, weight=weight, rank=rank + 1,
                             count=len(premiums))
        factors.append((i, Factor(dimension, value, entry.label, entry.multiplier**weight,
                                  entry.source, entry.confidence, note, *french)))
    shown = [f for _, f in sorted(factors, key=lambda pair: pair[0])]  # in the order given
    total = math.prod(f.multiplier for f in shown)
    if total > stacking.cap:
        shown.append(Factor("premium-cap", f"x{total:.3f}",
                            f"Cap on stacked premiums (x{stacking.cap:g})", stacking.cap / total,
                            stacking.source, stacking.confidence, stacking.note,
                            *_french(stacking)))
    return tuple(shown)


# The normalised fields pairwise adjustments may name, in this order.
PAIRED = ("level", "country", "company", "role", "remote")


def _interactions(data: Data, *values: Any) -> Stacked:
    """The pairwise adjustments whose two values the normalised profile has (`values` are
    the PAIRED fields)."""
    normal = dict(zip(PAIRED, values))
    factors = []
    for dimensions, table in data.interactions.items():
        pair = tuple(normal.get(d) for d in dimensions)
        if None in pair:
            continue
        item = table.get(tuple(str(g) for g in pair))
        if item is not None:
            label = " x ".join(f"{d} {v}" for d, v in zip(item.dimensions, item.values))
            factors.append(Factor("interaction", "/".join(item.values), label, item.multiplier,
                                  item.source, item.confidence, item.note, *_french(item)))
    return Stacked(tuple(factors), math.prod(f.multiplier for f in factors))
