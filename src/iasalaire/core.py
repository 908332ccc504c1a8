"""The estimator: a pure function from (profile, data) to an Estimate. No I/O, no printing.

Pay for a profile is log-normal. Its median is base x the product of one multiplier per
dimension the profile gives (a dimension left out means the whole population: multiplier 1);
the percentiles come from the data file's spread (sigma, in log space).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from iasalaire.data import Data
from iasalaire.errors import InvalidValue
from iasalaire.iso3166 import COUNTRIES
from iasalaire.schema import CONFIDENCE_RANK, Anchor, Interaction, Profile
from iasalaire.text import key

SCHEMA = "iasalaire.estimate/1"
# Standard normal quantiles: percentile = median * exp(z * sigma).
Z = {
    "p10": -1.2815515655446004,
    "p25": -0.6744897501960817,
    "p50": 0.0,
    "p75": 0.6744897501960817,
    "p90": 1.2815515655446004,
}
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

    @property
    def confidence(self) -> str:
        """How sure the median is: the weakest confidence among the figures behind it (the
        range's own confidence is the spread's)."""
        levels = [self.data.file.base.confidence] + [f.confidence for f in self.factors]
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
            "data": {"name": self.data.name, "version": self.data.version, "sha256": self.data.sha256},
        }


def money(value: float) -> int:
    return int(round(value / ROUND_TO)) * ROUND_TO


def estimate(profile: Profile, data: Data) -> Estimate:
    """Estimate the pay for `profile` from `data`. Raises InvalidValue / UnknownValue."""
    factors: list[Factor] = []
    warnings: list[str] = []
    normal: dict[str, Any] = dict.fromkeys(("years", "level", "city", "country", "sector",
                                            "company", "role"))

    if profile.years is not None and profile.level is not None:
        raise InvalidValue("give years (--exp) or level (--level), not both", "level")
    if profile.years is not None:
        normal["years"] = profile.years
        factors.append(_experience(data, "years", f"{profile.years:g}", profile.years,
                                   f"{profile.years:g} year{'' if profile.years == 1 else 's'} of experience"))
    elif profile.level is not None:
        level = data.lookup("level", profile.level)
        normal["level"] = level.id
        factors.append(_experience(data, "level", profile.level, level.years,
                                   f"{level.label} (placed at {level.years:g} years)"))

    factors += _location(profile, data, normal, warnings)

    for name in ("sector", "company", "role"):
        value = getattr(profile, name)
        if value is not None:
            entry = data.lookup(name, value)
            normal[name] = entry.id
            factors.append(_factor(name, value, entry))

    premiums = [("certs", c, data.lookup("certs", c)) for c in profile.certs]
    premiums += [("skills", s, data.lookup("skills", s)) for s in profile.skills]
    premiums = list({(dim, entry.id): (dim, value, entry)
                     for dim, value, entry in premiums}.values())  # a repeat counts once
    normal["certs"] = [e.id for dim, _, e in premiums if dim == "certs"]
    normal["skills"] = [e.id for dim, _, e in premiums if dim == "skills"]
    factors += _premiums(data, premiums)

    normal["remote"] = None
    if profile.remote is not None:
        entry = data.lookup("remote", profile.remote)
        normal["remote"] = int(entry.id)
        factors.append(_factor("remote", profile.remote, entry))

    factors += _interactions(data.file.interactions, normal)

    base = data.file.base.median
    median = base * math.prod(f.multiplier for f in factors)
    sigma = data.file.spread.sigma
    return Estimate(
        profile=normal,
        base=base,
        median=median,
        mean=median * math.exp(sigma * sigma / 2),
        sigma=sigma,
        percentiles={name: median * math.exp(z * sigma) for name, z in Z.items()},
        factors=tuple(factors),
        warnings=tuple(warnings),
        data=data,
    )


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


def _location(profile: Profile, data: Data, normal: dict[str, Any],
              warnings: list[str]) -> list[Factor]:
    """A city carries its country; a country alone uses its own figure, or the world's."""
    code = _country_code(profile.country, data) if profile.country is not None else None
    if profile.city is not None:
        city = data.lookup("city", profile.city)
        if code is not None and code != city.country:
            raise InvalidValue(
                f"city '{city.label}' is in {city.country}, not in {code}: drop --country "
                "or pick another city", "country")
        normal["city"], normal["country"] = city.id, city.country
        if city.multiplier is not None:
            return [_factor("city", profile.city, city)]
        country = _country_factor(city.country, profile.city, data, warnings)
        return [Factor("city", profile.city, city.label, country.multiplier, country.source,
                       country.confidence,
                       f"no figure for the city itself: {country.label}'s is used. "
                       + country.note)]
    if code is not None and profile.country is not None:
        normal["country"] = code
        return [_country_factor(code, profile.country, data, warnings)]
    return []


def _country_code(value: str, data: Data) -> str:
    entry = data.find("country", value)
    if entry is not None:
        return str(entry.id)
    wanted = key(value)
    for code, (english, others) in COUNTRIES.items():
        if wanted in (key(code), key(english)) or wanted in {key(n) for n in others}:
            return code
    extra = [english for english, _ in COUNTRIES.values()]
    raise data.unknown("country", value, extra)


def _country_factor(code: str, value: str, data: Data, warnings: list[str]) -> Factor:
    entry = data.country(code)
    if entry is not None:
        return _factor("country", value, entry)
    name = COUNTRIES[code][0]
    base = data.file.base
    warnings.append(f"no figure for {name} ({code}) in this data file: "
                    "the world-level figure is used, with low confidence")
    return Factor("country", value, name, 1.0, base.source, "low",
                  f"no figure of its own: the world-level median ({base.source}) is used")


def _premiums(data: Data, premiums: list[tuple[str, str, Any]]) -> list[Factor]:
    """Certifications and skills stack with diminishing returns, under a cap."""
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
    return shown


def _interactions(interactions: list[Interaction], normal: dict[str, Any]) -> list[Factor]:
    factors = []
    for item in interactions:
        given = [normal.get(d) for d in item.dimensions]
        if all(g is not None and str(g) == v for g, v in zip(given, item.values)):
            label = " x ".join(f"{d} {v}" for d, v in zip(item.dimensions, item.values))
            factors.append(Factor("interaction", "/".join(item.values), label, item.multiplier,
                                  item.source, item.confidence, item.note))
    return factors
