"""The estimator: a pure function from (profile, data) to an Estimate. No I/O, no printing.

Pay for a profile is log-normal. Its median is base x the product of one multiplier per
dimension the profile gives (a dimension left out means the whole population: multiplier 1).
Its spread (sigma, in log space) is the residual spread of a fully described profile plus, in
quadrature, what each dimension left out adds and how unsure a country's own figure is: the
less a profile says, the wider its honest range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from collections.abc import Callable
from functools import partial
from typing import Any

from iasalaire.data import Data
from iasalaire.errors import InvalidValue
from iasalaire.schema import CONFIDENCE_RANK, Anchor, Profile

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
        }


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


def _spread(data: Data, normal: dict[str, Any]) -> Spread:
    spread = data.file.spread
    given = {"experience": normal["years"] is not None or normal["level"] is not None,
             "location": normal["country"] is not None, "sector": normal["sector"] is not None,
             "company": normal["company"] is not None, "role": normal["role"] is not None,
             "remote": normal["remote"] is not None}
    parts = [(f"omitted:{d}", o.sigma, LEFT_OUT[d]) for d, o in spread.omitted.items()
             if not given[d] and o.sigma > 0]
    code, city = normal["country"], normal["city"]
    entry = data.find("city", city) if city is not None else None  # None: a gazetteer city
    own = entry is not None and entry.multiplier is not None
    if code is not None and not own:  # a city with its own figure does not use the country's
        country = data.country(code)
        if country is not None and country.sigma > 0:
            rows = f"{country.count:,} survey rows" if country.count else "no survey rows"
            parts.append(("country", country.sigma,
                          f"{country.label}'s figure is uncertain ({rows}, "
                          f"{country.confidence} confidence)"))
    parts.sort(key=lambda part: -part[1])
    return Spread(spread.sigma, tuple(parts))


def money(value: float) -> int:
    return int(round(value / ROUND_TO)) * ROUND_TO


MEMO_SIZE = 50_000  # resolved profile parts kept per data file; cleared when full


def _memo(data: Data, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """build() once per key and data file. The parts are pure functions of their key, so this
    changes nothing but speed (batch resolves the same cities and years again and again)."""
    memo = data.memo
    found = memo.get(key)
    if found is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        found = memo[key] = build()
    return found


def estimate(profile: Profile, data: Data) -> Estimate:
    """Estimate the pay for `profile` from `data`. Raises InvalidValue / UnknownValue."""
    factors: list[Factor] = []
    normal: dict[str, Any] = dict.fromkeys(("years", "level"))

    years, level, remote = profile.years, profile.level, profile.remote
    if years is not None and level is not None:
        raise InvalidValue("give years (--exp) or level (--level), not both", "level")
    if years is not None:
        normal["years"] = years
        factors.append(_memo(data, ("years", years), partial(_years, data, years)))
    elif level is not None:
        factor, normal["level"] = _memo(data, ("level", level), partial(_level, data, level))
        factors.append(factor)

    located, warnings, normal["city"], normal["country"] = _memo(
        data, ("location", profile.city, profile.country), partial(_location, profile, data))
    factors += located

    for name in ("sector", "company", "role"):
        value = getattr(profile, name)
        normal[name] = None
        if value is not None:
            factor, normal[name] = _memo(data, (name, value), partial(_simple, data, name, value))
            factors.append(factor)

    premiums, certs, skills = _memo(
        data, ("premiums", profile.certs, profile.skills), partial(_premiums, data, profile))
    factors += premiums
    normal["certs"], normal["skills"] = list(certs), list(skills)  # fresh: memo values are shared

    normal["remote"] = None
    if remote is not None:
        factor, normal["remote"] = _memo(data, ("remote", remote),
                                         partial(_simple, data, "remote", remote))
        factors.append(factor)

    factors += _interactions(data, normal)

    base = data.file.base.median
    median = base * math.prod(f.multiplier for f in factors)
    spread = _memo(data, ("spread", *(v is None for v in normal.values()), normal["city"],
                              normal["country"]), partial(_spread, data, normal))
    sigma = math.sqrt(spread.residual**2 + sum(value**2 for _, value, _ in spread.parts))
    return Estimate(
        profile=normal,
        base=base,
        median=median,
        mean=median * math.exp(sigma * sigma / 2),
        sigma=sigma,
        percentiles={name: median * math.exp(z * sigma) for name, z in zs(data).items()},
        factors=tuple(factors),
        warnings=warnings,
        data=data,
        spread=spread,
    )


def _years(data: Data, years: float) -> Factor:
    label = f"{years:g} year{'' if years == 1 else 's'} of experience"
    return _experience(data, "years", f"{years:g}", years, label)


def _level(data: Data, value: str) -> tuple[Factor, str]:
    level = data.lookup("level", value)
    label = f"{level.label} (placed at {level.years:g} years)"
    return _experience(data, "level", value, level.years, label), level.id


def _simple(data: Data, name: str, value: str) -> tuple[Factor, Any]:
    """A dimension with one multiplier per value (sector, company, role, remote)."""
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


def _location(profile: Profile, data: Data) -> tuple[tuple[Factor, ...], tuple[str, ...],
                                                   str | None, str | None]:
    """A city carries its country; a country alone uses its own figure, or the world's.
    Returns the factors, the warnings, the city id and the country code."""
    from iasalaire.places import City, find_city

    warnings: list[str] = []
    code = _country_code(profile.country, data) if profile.country is not None else None
    if profile.city is not None:
        city = find_city(profile.city, code, data)
        if isinstance(city, City) and city.multiplier is not None:
            return (_factor("city", profile.city, city),), (), city.id, city.country
        country = _country_factor(city.country, profile.city, data, warnings)
        if isinstance(city, City):
            note = f"no figure for the city itself: {country.label}'s is used. "
        else:  # a city of the gazetteer: placed in its country, and the user is told
            note = (f"no figure for {city.label} itself: placed in {country.label} "
                    f"({city.country}) by the GeoNames gazetteer; the country's figure is used. ")
            warnings.insert(0, f"no figure for {city.label} itself: placed in {country.label}")
        factor = Factor("city", profile.city, city.label, country.multiplier, country.source,
                        country.confidence, note + country.note)
        return (factor,), tuple(warnings), city.id, city.country
    if code is not None and profile.country is not None:
        factor = _country_factor(code, profile.country, data, warnings)
        return (factor,), tuple(warnings), None, code
    return (), (), None, None


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


def _premiums(data: Data, profile: Profile) -> tuple[tuple[Factor, ...], tuple[str, ...],
                                                     tuple[str, ...]]:
    """Certifications and skills stack with diminishing returns, under a cap. Returns the
    factors and the cert and skill ids (a repeat counts once)."""
    found = [("certs", c, data.lookup("certs", c)) for c in profile.certs]
    found += [("skills", s, data.lookup("skills", s)) for s in profile.skills]
    premiums = list({(dim, entry.id): (dim, value, entry)
                     for dim, value, entry in found}.values())
    certs = tuple(e.id for dim, _, e in premiums if dim == "certs")
    skills = tuple(e.id for dim, _, e in premiums if dim == "skills")
    stacking = data.file.stacking
    ranked = sorted(range(len(premiums)), key=lambda i: -premiums[i][2].multiplier)
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
    return tuple(shown), certs, skills


def _interactions(data: Data, normal: dict[str, Any]) -> list[Factor]:
    """The pairwise adjustments whose two values the normalised profile has."""
    factors = []
    for dimensions, table in data.interactions.items():
        given = tuple(normal.get(d) for d in dimensions)
        if None in given:
            continue
        item = table.get(tuple(str(g) for g in given))
        if item is not None:
            label = " x ".join(f"{d} {v}" for d, v in zip(item.dimensions, item.values))
            factors.append(Factor("interaction", "/".join(item.values), label, item.multiplier,
                                  item.source, item.confidence, item.note))
    return factors
