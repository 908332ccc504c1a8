"""The data file's schema ("iasalaire.data/1") and the user's Profile, as pydantic models.

Every figure in a data file carries a `source` (a key of its `sources` table), a `confidence`
and a `note` saying how it was derived. The checks below are what `iasalaire data validate`
enforces on top of the types: sources exist, assumptions are never more than low confidence,
the experience curve never goes down, premiums never lower pay, names are unambiguous.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from iasalaire.profile import MAX_YEARS as MAX_YEARS  # the profile's names, as they were
from iasalaire.profile import PROFILE_FIELDS as PROFILE_FIELDS
from iasalaire.profile import YEARS_DECIMALS as YEARS_DECIMALS
from iasalaire.profile import blank_is_absent, remote_as_text, split_lists, years_value
from iasalaire.profile import round_years as round_years
from iasalaire.text import MAX_NAME_CHARS

SCHEMA = "iasalaire.data/1"
Confidence = Literal["high", "medium", "low"]
CONFIDENCE_RANK: dict[str, int] = {"low": 0, "medium": 1, "high": 2}
SOURCE_KEY = r"^(seed:S[0-9]+|ref:R[0-9]+|data:[a-z0-9][a-z0-9._-]*|assumption)$"
Multiplier = Annotated[float, Field(gt=0, lt=100, allow_inf_nan=False)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class Strict(BaseModel):
    # defer_build: the validators are built on first use (a --data file, `data validate`),
    # not at import; the packaged baseline is constructed without them (see data.construct).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(Strict):
    title: str
    year: int | None = None
    detail: str | None = None
    url: str | None = None
    rows: int | None = Field(default=None, ge=0)
    sha256: str | None = None


class Sourced(Strict):
    source: Annotated[str, Field(pattern=SOURCE_KEY)]
    confidence: Confidence
    note: str = ""
    # The note in French (French views show it; a file without it, as `calibrate` writes
    # them, shows the English note, labelled so).
    note_fr: str = ""
    count: int | None = Field(default=None, ge=0)  # dataset rows behind the figure

    @model_validator(mode="after")
    def _assumptions_are_low_confidence(self) -> Sourced:
        if self.source == "assumption" and self.confidence != "low":
            raise ValueError("a figure whose source is 'assumption' must have confidence 'low'")
        if self.source.startswith("seed:") and self.confidence == "high":
            # The article gives rounded figures from unnamed surveys ("environ", "jusqu'à").
            raise ValueError("a seed figure cannot have confidence 'high'")
        return self


# What a salary model can be: a yearly USD median between these bounds for the base and for
# every profile (the base times the largest, or smallest, multipliers it can meet), and a
# spread of at least MIN_SIGMA, so that no figure overflows, rounds to 0 or divides by 0.
MIN_MEDIAN = 1_000
MAX_MEDIAN = 10_000_000
MIN_PROFILE_MEDIAN = 100
MIN_SIGMA = 0.01


class Base(Sourced):
    median: float = Field(ge=MIN_MEDIAN, le=MAX_MEDIAN, allow_inf_nan=False)
    label: str


# What a profile may leave out, each with the spread it adds when left out.
SPREAD_DIMENSIONS = ("experience", "location", "sector", "company", "role", "remote")


class Omitted(Sourced):
    """How much pay varies across one dimension's values in the population: a profile that
    leaves the dimension out adds this log-space spread (in quadrature) to the residual."""

    sigma: float = Field(ge=0, le=2, allow_inf_nan=False)


class Spread(Sourced):
    # Log-space standard deviation of pay around the median of a profile that gives every
    # dimension (the residual spread).
    sigma: float = Field(ge=MIN_SIGMA, le=2, allow_inf_nan=False)
    omitted: dict[Literal["experience", "location", "sector", "company", "role", "remote"],
                  Omitted] = {}
    # p25 and p75 sit at median x exp(-/+ middle_z x sigma): 0.6745 for a log-normal; pay
    # with heavier tails than that (a peaked middle) has a smaller one. p10 and p90 stay at
    # -/+ 1.2816 sigma: sigma is defined by them.
    middle_z: float = Field(default=0.6744897501960817, gt=0.2, lt=1.28, allow_inf_nan=False)
    # Where the surveys the level is measured on disagree for the same profile (R7 pays below
    # R5): a part of every profile's range, since which population one belongs to is unknown.
    population: Omitted | None = None


class Stacking(Sourced):
    """Certifications and skills together: the k-th largest premium counts at decay**k (in log
    space), and their product never exceeds `cap`."""

    decay: float = Field(gt=0, le=1)
    cap: float = Field(ge=1, le=10)


class Anchor(Sourced):
    years: float = Field(ge=0, le=60)
    multiplier: Multiplier


class Entry(Sourced):
    id: Slug
    label: str
    multiplier: Multiplier
    aliases: list[str] = []


class Level(Sourced):
    id: Slug
    label: str
    years: float = Field(ge=0, le=60)  # where the level sits on the experience curve
    aliases: list[str] = []


class City(Sourced):
    id: Slug
    label: str
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    multiplier: Multiplier | None = None  # None: the city uses its country's figure
    aliases: list[str] = []


class Elsewhere(Sourced):
    """A country's places outside its listed cities (a town of the gazetteer), where a
    national statistic puts them below the national figure (the US outside R1's metros)."""

    multiplier: Multiplier


class Country(Entry):
    id: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    elsewhere: Elsewhere | None = None
    # Log-space spread this country's figure adds: how unsure the figure is (few rows, or a
    # prior from GDP per capita) and how much wider pay varies there than the residual.
    sigma: float = Field(default=0.0, ge=0, le=2, allow_inf_nan=False)


class AllRoles(Sourced):
    """What a job title that names no known role is priced at: the level of all the surveys'
    rows, whatever their role, against the base's (the role is unknown: the range is the one
    of a profile that leaves the role out)."""

    label: str = "All roles (job title not recognised)"
    multiplier: Multiplier


class Remote(Entry):
    id: Literal["0", "50", "100"]


class Experience(Strict):
    curve: list[Anchor] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)

    @field_validator("curve")
    @classmethod
    def _curve_rises(cls, curve: list[Anchor]) -> list[Anchor]:
        for before, after in zip(curve, curve[1:]):
            if after.years <= before.years:
                raise ValueError("anchors must be in strictly increasing order of years")
            if after.multiplier < before.multiplier:
                raise ValueError(
                    f"the curve goes down between {before.years:g} and {after.years:g} years:"
                    " more experience must never lower pay"
                )
        return curve


class Interaction(Sourced):
    """A pairwise adjustment, applied when the profile has both values (e.g. senior in GB)."""

    dimensions: tuple[Literal["level", "country", "company", "role", "remote"], ...] = Field(
        min_length=2, max_length=2
    )
    values: tuple[str, ...] = Field(min_length=2, max_length=2)
    multiplier: Multiplier


class PriceLevel(Sourced):
    """How expensive a city is (100 = the US average): shows what its pay buys, never
    changes the estimate."""

    city: Slug
    index: float = Field(ge=1, lt=1000, allow_inf_nan=False)


DIMENSIONS = ("cities", "countries", "sectors", "companies", "roles", "certs", "skills", "remote")


class DataFile(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True,
                              defer_build=True)

    schema_: Literal["iasalaire.data/1"] = Field(alias="schema")
    name: str
    version: str
    description: str = ""
    currency: Literal["USD"] = "USD"
    base: Base
    spread: Spread
    experience: Experience
    stacking: Stacking
    cities: list[City] = []
    countries: list[Country] = []
    sectors: list[Entry] = []
    companies: list[Entry] = []
    roles: list[Entry] = []
    certs: list[Entry] = []
    skills: list[Entry] = []
    remote: list[Remote] = []
    interactions: list[Interaction] = []
    price_levels: list[PriceLevel] = []
    # A job title no role names: priced at this level (None: at the base's, multiplier 1).
    all_roles: AllRoles | None = None
    # A built-in data file whose figure for the same profile the views show beside this one's
    # ("article": the seed article's figures, reproducible with --data article).
    reference: Literal["article"] | None = None
    sources: dict[Annotated[str, Field(pattern=SOURCE_KEY)], Source]

    @model_validator(mode="after")
    def _consistent(self) -> DataFile:
        problems: list[str] = []
        for path, item in self.sourced_items():
            if item.source not in self.sources:
                problems.append(f"{path}.source: '{item.source}' is not in the sources table")
        for name in ("certs", "skills"):
            for i, entry in enumerate(getattr(self, name)):
                if entry.multiplier < 1:
                    problems.append(f"{name}[{i}].multiplier: a premium must be >= 1")
        for name, entries in [("levels", self.experience.levels)] + [
            (d, getattr(self, d)) for d in DIMENSIONS
        ]:
            problems.extend(_ambiguous_names(name, entries))
        problems.extend(self._extremes())
        problems.extend(self._control_characters())
        cities = {c.id for c in self.cities}
        for i, level in enumerate(self.price_levels):
            if level.city not in cities:
                problems.append(f"price_levels[{i}].city: '{level.city}' is not in cities")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _extremes(self) -> list[str]:
        """The base times the largest (smallest) multiplier of each dimension, the curve, the
        premiums' cap and the interactions: every median a profile can get lies between."""
        high = low = self.base.median
        curve = [a.multiplier for a in self.experience.curve]
        high, low = high * max(curve), low * min(curve)
        for name in ("cities", "countries", "sectors", "companies", "roles", "remote"):
            found = [e.multiplier for e in getattr(self, name) if e.multiplier is not None]
            if name == "roles" and self.all_roles is not None:
                found.append(self.all_roles.multiplier)
            high *= max([1.0, *found])
            low *= min([1.0, *found])
        high *= self.stacking.cap
        pairs: dict[tuple[str, ...], list[float]] = {}  # a profile meets one per pair
        for pair in self.interactions:
            pairs.setdefault(tuple(sorted(pair.dimensions)), []).append(pair.multiplier)
        for found in pairs.values():
            high *= max([1.0, *found])
            low *= min([1.0, *found])
        problems = []
        if high > MAX_MEDIAN:
            problems.append(f"multipliers: the largest reach a median of {high:.3g} USD a year "
                            f"(the base times the largest of each dimension; at most "
                            f"{MAX_MEDIAN:,}): not a salary model")
        if low < MIN_PROFILE_MEDIAN:
            problems.append(f"multipliers: the smallest reach a median of {low:.3g} USD a year "
                            f"(at least {MIN_PROFILE_MEDIAN:,}): not a salary model")
        return problems

    def _control_characters(self) -> list[str]:
        """No control character (ESC, BEL...) in a text a view shows: a label must not drive
        the terminal."""
        texts: list[tuple[str, str]] = [("name", self.name), ("description", self.description),
                                        ("base.label", self.base.label)]
        if self.all_roles is not None:
            texts += [("all_roles.label", self.all_roles.label),
                      ("all_roles.note", self.all_roles.note)]
        for name in ("levels", *DIMENSIONS):
            entries = self.experience.levels if name == "levels" else getattr(self, name)
            for i, entry in enumerate(entries):
                texts += [(f"{name}[{i}].label", entry.label), (f"{name}[{i}].note", entry.note),
                          (f"{name}[{i}].note_fr", entry.note_fr)]
                texts += [(f"{name}[{i}].aliases", a) for a in entry.aliases]
        for key_, source in self.sources.items():
            texts += [(f"sources.{key_}.title", source.title),
                      (f"sources.{key_}.detail", source.detail or "")]
        return [f"{path}: holds a control character ({_first_control(text)})"
                for path, text in texts if _CONTROL.search(text)]

    def sourced_items(self) -> list[tuple[str, Sourced]]:
        items: list[tuple[str, Sourced]] = [
            ("base", self.base),
            ("spread", self.spread),
            ("stacking", self.stacking),
        ]
        items += [(f"spread.omitted.{d}", o) for d, o in self.spread.omitted.items()]
        if self.spread.population is not None:
            items.append(("spread.population", self.spread.population))
        if self.all_roles is not None:
            items.append(("all_roles", self.all_roles))
        items += [(f"experience.curve[{i}]", a) for i, a in enumerate(self.experience.curve)]
        items += [(f"experience.levels[{i}]", lv) for i, lv in enumerate(self.experience.levels)]
        for name in (*DIMENSIONS, "interactions", "price_levels"):
            items += [(f"{name}[{i}]", e) for i, e in enumerate(getattr(self, name))]
        items += [(f"countries[{i}].elsewhere", c.elsewhere)
                  for i, c in enumerate(self.countries) if c.elsewhere is not None]
        return items


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _first_control(text: str) -> str:
    found = _CONTROL.search(text)
    return repr(found.group())[1:-1] if found else ""


def _ambiguous_names(dimension: str, entries: list[Any]) -> list[str]:
    from iasalaire.text import _key

    fold = _key.__wrapped__  # uncached: 10^5 names met once would only churn the lookup cache
    # One pass with a dict and a set: linear in the list's length (a hostile --data has 10^5).
    seen: dict[str, str] = {}
    ids: set[str] = set()
    problems = []
    for i, entry in enumerate(entries):
        if entry.id in ids:
            problems.append(f"{dimension}[{i}].id: '{entry.id}' appears twice")
        ids.add(entry.id)
        for name in (entry.id, entry.label, *entry.aliases):
            owner = seen.setdefault(fold(name), entry.id)
            if owner != entry.id:
                problems.append(
                    f"{dimension}[{i}]: name '{name}' also names '{owner}' in the same list"
                )
    return problems


# ---------------------------------------------------------------------------------------------
# The profile: what a user asks about. Names are resolved against a data file by the estimator.

# The fields, the years' rounding and each field's rules live in profile.py, without pydantic
# (start-up reads a profile there); the model below calls the same rules.
class Profile(BaseModel):
    """One person's profile, as typed by a user; every field is optional."""

    # str_max_length: no name is longer, so a 1 MB value is refused at once, in bounded time,
    # instead of being matched, folded and suggested for
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              str_max_length=MAX_NAME_CHARS)

    years: float | None = None
    level: str | None = None
    city: str | None = None
    country: str | None = None
    sector: str | None = None
    company: str | None = None
    role: str | None = None
    certs: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    remote: str | None = None

    @field_validator("years", mode="before")
    @classmethod
    def _years_in_range(cls, value: Any) -> Any:
        return years_value(value)

    @field_validator("level", "city", "country", "sector", "company", "role", mode="before")
    @classmethod
    def _blank_is_absent(cls, value: Any) -> Any:
        return blank_is_absent(value)

    @field_validator("remote", mode="before")
    @classmethod
    def _remote_as_text(cls, value: Any) -> Any:
        return remote_as_text(value)

    @field_validator("certs", "skills", mode="before")
    @classmethod
    def _split_lists(cls, value: Any) -> Any:
        return split_lists(value)
