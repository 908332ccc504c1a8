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
from iasalaire.errors import InvalidValue
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
_UNSET = object()


def column(data: Data, build: Callable[..., Any], keys: Sequence[Any], bad: list[Any],
           strict: bool, *fixed: Any) -> list[Any]:
    """build(data, *fixed, *key) for every key (a tuple of arguments), each distinct key once
    per data file: the parts are pure functions of their key, so the memo changes nothing but
    speed (batch meets the same cities and years again and again). A key that raises is not
    remembered: with `strict` its error is raised, otherwise it is put in `bad` at the
    record's index (and that record's later parts are None)."""
    memo = data.memo.get((build, *fixed))
    if memo is None:
        memo = data.memo[(build, *fixed)] = {}
    try:
        return [memo[key] for key in keys]  # every key met before: the whole column at once
    except (KeyError, TypeError):
        pass
    found = []
    for i, key in enumerate(keys):
        value = _UNSET if bad[i] is not None else memo.get(key, _UNSET)
        if value is _UNSET and bad[i] is None:
            try:
                value = build(data, *fixed, *key)
            except Exception as error:
                if strict:
                    raise
                bad[i] = error.with_traceback(None)  # kept without its frames: no cycle
            else:
                if len(memo) >= MEMO_SIZE:
                    memo.clear()
                memo[key] = value
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
                 strict: bool = True, bad: list[Any] | None = None) -> None:
        """`fields`: a column per profile field, of validated values (a Profile's: None or ()
        when absent). With `strict`, the first error is raised, dimension by dimension in the
        order of one estimate's checks."""
        self.bad = bad = bad if bad is not None else [None] * size
        from iasalaire.titles import read_columns

        fields = read_columns(data, fields)  # job titles, size bands, "Remote"
        self.years = years = fields["years"]
        pairs = list(zip(years, fields["level"]))
        experience = column(data, _experience_part, pairs, bad, strict)
        self.experience = [NOTHING if e is None else e for e in experience]
        self.located = column(data, _location, list(zip(fields["city"], fields["country"])),
                              bad, strict)
        simple = {name: column(data, _simple, [(v,) for v in fields[name]], bad, strict, name)
                  for name in ("sector", "company", "role")}
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
        return Resolved(multipliers, self.scale[i], located.warnings,
                        (experience, located, simple, premiums, paired, self.years[i],
                         self.level[i]))


def resolve(data: Data, fields: Mapping[str, Any]) -> Resolved:
    """Resolve validated profile fields (a Profile's values) into their factors: a chunk of
    one. Raises InvalidValue / UnknownValue."""
    return Chunk(data, {name: (fields[name],) for name in PROFILE_FIELDS}, 1).resolved(0)


def estimate(profile: Profile, data: Data) -> Estimate:
    """Estimate the pay for `profile` from `data` (a records.Profile, or schema.Profile's
    pydantic model of the same fields). Raises InvalidValue / UnknownValue."""
    resolved = resolve(data, {name: getattr(profile, name) for name in PROFILE_FIELDS})
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


def _factor(dimension: str, value: str, entry: Any, note: str | None = None) -> Factor:
    return Factor(dimension, value, entry.label, entry.multiplier, entry.source,
                  entry.confidence, entry.note if note is None else note)


def _experience(data: Data, dimension: str, value: str, years: float, label: str) -> Factor:
    multiplier, below, above = data.experience_at(years)
    curve = data.file.experience.curve
    low, high = curve[below], curve[above]
    # The weaker of the two anchors the value is interpolated between speaks for it.
    anchor: Anchor = min((high, low), key=lambda a: CONFIDENCE_RANK[a.confidence])
    if below == above:
        note = f"curve anchor at {low.years:g} years ({low.source}): {low.note}".rstrip(": ")
    else:
        note = (f"interpolated between {low.years:g} years ({low.source}) and "
                f"{high.years:g} years ({high.source})")
    return Factor(dimension, value, label, multiplier, anchor.source, anchor.confidence, note)


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
        if isinstance(city, City):
            note = f"no figure for the city itself: {country.label}'s is used. "
        else:  # a city of the gazetteer: placed in its country, and the user is told
            entry = data.country(city.country)
            outside = entry.elsewhere if entry is not None else None
            if outside is not None:  # below the national figure, which the big cities lift
                warnings.insert(0, f"no figure for {city.label} itself: placed in "
                                f"{country.label}, outside its listed cities")
                return Located((Factor(
                    "city", city_value, city.label, outside.multiplier, outside.source,
                    outside.confidence, f"no figure for {city.label} itself: placed in "
                    f"{country.label} ({city.country}) by the GeoNames gazetteer, outside the "
                    f"cities of the data file: {outside.note}"),), tuple(warnings), city.id,
                    city.country)
            note = (f"no figure for {city.label} itself: placed in {country.label} "
                    f"({city.country}) by the GeoNames gazetteer; the country's figure is used. ")
            warnings.insert(0, f"no figure for {city.label} itself: placed in {country.label}")
        factor = Factor("city", city_value, city.label, country.multiplier, country.source,
                        country.confidence, note + country.note)
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
                  f"no figure of its own: the world-level median ({base.source}) is used")


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
        note = entry.note
        if weight < 1:
            note = (f"x{entry.multiplier:g} alone, counted at {weight:.0%} as premium no. "
                    f"{rank + 1} of {len(premiums)} (diminishing returns). {note}").strip()
        factors.append((i, Factor(dimension, value, entry.label, entry.multiplier**weight,
                                  entry.source, entry.confidence, note)))
    shown = [f for _, f in sorted(factors, key=lambda pair: pair[0])]  # in the order given
    total = math.prod(f.multiplier for f in shown)
    if total > stacking.cap:
        shown.append(Factor("premium-cap", f"x{total:.3f}",
                            f"Cap on stacked premiums (x{stacking.cap:g})", stacking.cap / total,
                            stacking.source, stacking.confidence, stacking.note))
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
                                  item.source, item.confidence, item.note))
    return Stacked(tuple(factors), math.prod(f.multiplier for f in factors))
