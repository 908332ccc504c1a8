"""Reading a salary survey (CSV) for `calibrate` and `evaluate`.

Three layouts, told apart by the header: the aijobs.net salary index, the Stack Overflow
developer survey (../data/README.md), and a profile layout (the contract's profile fields plus
`salary`, and `currency` when not USD). Every row becomes a profile (the contract's field names)
and a salary in USD, or a counted skip reason; profiles are then normalised by the estimator
itself, so that calibration and evaluation read names exactly as `estimate` does.

The file is read as a stream (never whole into memory), hashed on the way.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any

from iasalaire.data import Data
from iasalaire.errors import DataFileError, IasalaireError, clipped, printable
from iasalaire.schema import PROFILE_FIELDS
from iasalaire.text import MAX_NAME_CHARS
from iasalaire.titles import parse_decimal, read_role

# A yearly pay outside this range (USD) is a typo, a monthly figure or a unit mix-up, not data.
MIN_SALARY = 1_000
MAX_SALARY = 5_000_000
MAX_ROWS = 5_000_000  # a survey larger than this is refused rather than filling memory
LINE_LIMIT = 1 << 20  # bytes in one line: an endless line is an error, not a hang

AIJOBS = ("experience_level", "employment_type", "job_title", "salary_in_usd",
          "employee_residence", "company_size", "remote_ratio")
# aijobs column -> profile field. Residence, not company location: pay follows where people live.
AIJOBS_FIELDS = {"experience_level": "level", "employee_residence": "country",
                 "company_size": "company", "job_title": "role", "remote_ratio": "remote"}
# The Stack Overflow developer survey (R7): columns read, the rest ignored.
STACKOVERFLOW = ("convertedcompyearly", "country")
SO_COLUMNS = ("convertedcompyearly", "country", "workexp", "yearscodepro", "devtype", "orgsize",
              "industry", "remotework")
# A survey's amounts in another currency are converted at the surveys' year's rates, from the
# one table `--currency` reads (rates.py: ECB yearly means, R10).
SURVEY_YEAR = 2024
# Dimensions fitted by `calibrate` (cities, certs and skills keep the base file's figures).
FITTED = ("level", "country", "sector", "company", "role", "remote")
# Salary columns people write, as keys of text.key (profile fields: batch's aliases, columns.py).
SALARY_ALIASES = {"pay": "salary", "annual salary": "salary", "yearly salary": "salary"}

# Stack Overflow answers -> profile values. An answer not listed leaves the field out (any role,
# any sector...), so a new edition's extra answers are read, never refused.
SO_ROLES = {
    "Developer, AI": "ai-engineer",
    "Data scientist or machine learning specialist": "data-scientist",
    "Data scientist": "data-scientist",
    "Data engineer": "data-engineer",
    "Data or business analyst": "data-analyst",
    "Research & Development role": "research-engineer",
    "Engineering manager": "engineering-manager",
    "Developer, back-end": "software-engineer",
    "Developer, full-stack": "software-engineer",
    "Developer, front-end": "software-engineer",
    "Developer, desktop or enterprise applications": "software-engineer",
    "Developer, mobile": "software-engineer",
    "Developer, embedded applications or devices": "software-engineer",
    "Developer, game or graphics": "software-engineer",
    "Developer, QA or test": "software-engineer",
    "Cloud infrastructure engineer": "software-engineer",
    "DevOps specialist": "software-engineer",
    "Engineer, site reliability": "software-engineer",
}
SO_SECTORS = {
    "Software Development": "tech",
    "Computer Systems Design and Services": "tech",
    "Internet, Telecomm or Information Services": "telecom",
    "Information Services, IT, Software Development, or other Technology": "tech",
    "Fintech": "finance",
    "Banking/Financial Services": "finance",
    "Financial Services": "finance",
    "Insurance": "finance",
    "Healthcare": "health",
    "Government": "public",
    "Higher Education": "education",
    "Retail and Consumer Services": "retail",
    "Manufacturing": "manufacturing",
    "Manufacturing, Transportation, or Supply Chain": "manufacturing",
    "Media & Advertising Services": "media",
    "Energy": "energy",
    "Oil & Gas": "energy",
}
SO_COMPANY = {
    "Just me - I am a freelancer, sole proprietor, etc.": "small",
    "2 to 9 employees": "small",
    "10 to 19 employees": "small",
    "20 to 99 employees": "small",
    "100 to 499 employees": "medium",
    "500 to 999 employees": "large",
    "1,000 to 4,999 employees": "large",
    "5,000 to 9,999 employees": "large",
    "10,000 or more employees": "large",
}
SO_REMOTE = {"Remote": "100", "In-person": "0", "Hybrid (some remote, some in-person)": "50"}
SO_COUNTRIES = {"hong kong s a r": "HK", "republic of korea": "KR", "palestine": "PS",
                "cape verde": "CV", "democratic republic of the congo": "CD",
                "libyan arab jamahiriya": "LY", "congo republic of the": "CG",
                "united kingdom of great britain and northern ireland": "GB",
                "iran islamic republic of": "IR", "venezuela bolivarian republic of": "VE",
                "the former yugoslav republic of macedonia": "MK", "turkey": "TR",
                "republic of moldova": "MD", "united republic of tanzania": "TZ",
                "democratic people s republic of korea": "KP", "taiwan": "TW",
                "viet nam": "VN", "lao people s democratic republic": "LA"}
_SO_YEARS = {"less than 1 year": 0.5, "more than 50 years": 50.0}


@dataclass
class Survey:
    """The usable rows of a salary CSV: profiles (raw text), salaries in USD, skip reasons."""

    path: str
    layout: str
    sha256: str
    rows_read: int
    profiles: list[dict[str, str]] = field(default_factory=list)
    salaries: list[float] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    notes: Counter[str] = field(default_factory=Counter)  # rows kept, with a caveat
    ignored: list[str] = field(default_factory=list)  # header columns not read
    fields: list[str] = field(default_factory=list)  # profile fields the layout gives
    decimal: str = "."
    # Job titles read by titles.read_role ("Senior Data Scientist" is a data scientist, its
    # level counting when the row gives none). False: a title is a role only when the data
    # file names it whole, as the shipped baseline was fitted (see scripts/build_baseline.py).
    titles: bool = True
    # normalise's reading of the rows into distinct profiles, per `keep`, while the rows are
    # these (calibrate prices the same rows on the base file, then on the fitted one).
    distinct: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)


class _Hashing(io.RawIOBase):
    """A binary file that hashes what is read through it."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count: int = self.handle.readinto(buffer)
        self.digest.update(memoryview(buffer)[:count])
        return count


def _lines(path: str, handle: Any) -> Iterator[str]:
    """The text lines of a UTF-8 file, one at a time; a line longer than the cell limit (an
    endless file such as /dev/zero) or bad text is a DataFileError naming the line."""
    for number, raw in enumerate(iter(lambda: handle.readline(LINE_LIMIT + 1), b""), 1):
        if len(raw) > LINE_LIMIT:
            raise DataFileError(f"{path}: line {number} is longer than {LINE_LIMIT:,} bytes: "
                                "not a salary CSV")
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise DataFileError(f"{path}: not UTF-8 text (line {number}); save it as UTF-8 CSV"
                                ) from None


def _rows(path: str, handle: Any) -> Iterator[list[str]]:
    """CSV rows of a UTF-8 stream; bad CSV is a DataFileError naming the line."""
    from itertools import chain

    from iasalaire.batch import sniff_delimiter  # one sniffing rule for batch and surveys

    previous = csv.field_size_limit(LINE_LIMIT)
    lines = _lines(path, handle)
    head = list(islice(lines, 1))  # the header line says the delimiter, as batch reads it
    delimiter = sniff_delimiter(head[0]) if head else ","
    reader = csv.reader(chain(head, lines), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        raise DataFileError(f"{path}: not a readable CSV (line {reader.line_num}: {error})"
                            ) from None
    finally:
        csv.field_size_limit(previous)


def _layout(path: str, header: list[str]) -> tuple[str, dict[str, int], list[str]]:
    """The layout, the column index of each name it reads, and the columns it ignores."""
    from iasalaire.columns import ACCEPTED
    from iasalaire.text import key

    names = [key(h) for h in header]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name and name in seen:
            raise DataFileError(f"{path}: column '{header[i].strip()}' appears twice in the "
                                "header: keep one")
        seen[name] = i
    spaced = {name.replace(" ", "_"): i for name, i in seen.items()}
    if all(c in spaced for c in AIJOBS):
        used = {c: spaced[c] for c in (*AIJOBS, "salary", "salary_currency")
                if c in spaced}
        return "aijobs", used, [h for h, n in zip(header, names)
                                if n.replace(" ", "_") not in used]
    squashed = {name.replace(" ", ""): i for name, i in seen.items()}
    if all(c in squashed for c in STACKOVERFLOW):
        used = {c: squashed[c] for c in SO_COLUMNS if c in squashed}
        return "stackoverflow", used, [h for h, n in zip(header, names)
                                       if n.replace(" ", "") not in used]
    columns: dict[str, int] = {}
    for name, i in seen.items():
        target = SALARY_ALIASES.get(name) or ACCEPTED.get(name, name)
        if target in (*PROFILE_FIELDS, "salary", "currency", "employment type"):
            if target in columns:
                raise DataFileError(f"{path}: columns '{header[columns[target]].strip()}' and "
                                    f"'{header[i].strip()}' both give {target}: keep one")
            columns[target] = i
    if "salary" in columns and any(f in columns for f in PROFILE_FIELDS):
        ignored = [h for i, h in enumerate(header) if i not in columns.values() and h.strip()]
        return "profile", columns, ignored
    if "convertedcompyearly" in squashed:
        raise DataFileError(f"{path}: the Stack Overflow survey layout needs a Country column "
                            "beside ConvertedCompYearly")
    missing = "'salary' and at least one profile field" if "salary" not in columns else (
        "at least one profile field (" + ", ".join(PROFILE_FIELDS) + ")")
    raise DataFileError(
        f"{path}: missing columns: {missing}; expected the aijobs.net layout "
        f"({', '.join(AIJOBS)}), the Stack Overflow survey layout (ConvertedCompYearly, "
        "Country, WorkExp, ...) or a profile layout (profile fields plus salary)")


def read_survey(path: str | Path, decimal: str = ".") -> Survey:
    """Read and check a salary CSV; DataFileError (exit 1) when it cannot be used at all.
    `decimal` is the decimal mark of the amounts ("." as in the C locale, or ",")."""
    shown = str(path)
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 (closed by the `with` below)
    except OSError as error:
        raise DataFileError(f"cannot read {shown}: {error.strerror}") from None
    with handle:
        hashing = _Hashing(handle)
        rows = _rows(shown, io.BufferedReader(hashing, 1 << 16))
        header = next(rows, None)
        if header is None or not any(h.strip() for h in header):
            raise DataFileError(f"{shown}: empty file (expected a CSV header and salary rows)")
        layout, columns, ignored = _layout(shown, header)
        survey = Survey(shown, layout, "", 0, ignored=ignored, decimal=decimal)
        survey.fields = _fields(layout, columns)
        add = {"aijobs": _aijobs, "stackoverflow": _stackoverflow, "profile": _profile}[layout]
        names, at = list(columns), list(columns.values())
        width = max(at, default=-1) + 1
        cells_read = itemgetter(*at) if len(at) > 1 else (lambda cells: (cells[at[0]],))
        for cells in rows:
            if not "".join(cells).strip():
                continue  # blank line
            survey.rows_read += 1
            if survey.rows_read > MAX_ROWS:
                raise DataFileError(f"{shown}: more than {MAX_ROWS:,} rows; split the survey")
            if len(cells) >= width:  # every column read is there: the usual row
                row = dict(zip(names, map(str.strip, cells_read(cells))))
            else:
                row = {name: (cells[i].strip() if i < len(cells) else "")
                       for name, i in columns.items()}
            add(survey, row)
        survey.sha256 = hashing.digest.hexdigest()
    if survey.rows_read == 0:
        raise DataFileError(f"{shown}: no salary rows after the header")
    return survey


def _fields(layout: str, columns: dict[str, int]) -> list[str]:
    if layout == "aijobs":
        return list(AIJOBS_FIELDS.values())
    if layout == "stackoverflow":
        so = {"workexp": "years", "yearscodepro": "years", "country": "country",
              "devtype": "role", "orgsize": "company", "industry": "sector",
              "remotework": "remote"}
        return list(dict.fromkeys(f for c, f in so.items() if c in columns))
    return [f for f in PROFILE_FIELDS if f in columns]


_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}([, \u00a0\u202f][0-9]{3})+(\.[0-9]+)?")
_EXPONENT = re.compile(r"[0-9]+(\.[0-9]*)?[eE][+-]?[0-9]+")


def parse_amount(text: str, decimal: str = ".") -> float | None:
    """A yearly amount written as a plain number ("55000", "55000.50", "55,000", "55 000");
    with decimal="," the marks swap ("55000,50", "55.000"). None when it is not such a number:
    "55,5" in the C locale is refused, never read as 555."""
    value = text.strip()
    if value.startswith("-") and value[1:2].isdigit() and value[1:2].isascii():
        rest = parse_amount(value[1:], decimal)
        return None if rest is None else -rest
    if decimal == ",":
        value = value.replace(".", "\x00").replace(",", ".").replace("\x00", ",")
    if _PLAIN.fullmatch(value):
        return float(value)
    if _GROUPED.fullmatch(value):
        return float(re.sub(r"[, \u00a0\u202f]", "", value))
    return float(value) if _EXPONENT.fullmatch(value) else None  # 1e5, 5.5E4


def _usd_per_unit(currency: str) -> float | None:
    """USD for one unit of `currency` at SURVEY_YEAR's rate (or the latest year the table has)."""
    from iasalaire.rates import RATES

    years = RATES.get(currency)
    if not years:
        return None
    year = SURVEY_YEAR if SURVEY_YEAR in years else max(years)
    return RATES["USD"][year][0] / years[year][0]


def _salary(survey: Survey, amount: str, currency: str) -> float | None:
    """The salary in USD a year, or None with the reason counted."""
    salary = parse_amount(amount, survey.decimal)
    if salary is None:
        reason = "no salary given" if not amount.strip() else (
            "salary is not a number in the C locale (use --decimal , for 55000,50)"
            if survey.decimal == "." else "salary is not a number with ',' as decimal mark")
        skip(survey, reason)
        return None
    rate = _usd_per_unit(currency)
    if rate is None:
        skip(survey, f"no exchange rate for currency {currency}")
        return None
    usd = salary * rate
    if not math.isfinite(usd) or usd <= 0:
        skip(survey, "salary is not a positive number")
        return None
    if usd < MIN_SALARY:
        skip(survey, f"salary under {MIN_SALARY:,} USD a year (a monthly figure, "
                       "thousands, or a typo?)")
        return None
    if usd > MAX_SALARY:
        skip(survey, f"salary above {MAX_SALARY:,} USD a year")
        return None
    return usd


def _full_time(survey: Survey, row: dict[str, str], column: str) -> bool:
    employment = row.get(column, "FT").upper() or "FT"
    if employment not in ("FT", "FULL-TIME", "FULL TIME"):
        skip(survey, f"not full-time (employment_type {employment})")
        return False
    return True


def _keep(survey: Survey, profile: dict[str, str], salary: float | None) -> None:
    if salary is not None:
        survey.profiles.append(profile)
        survey.salaries.append(salary)


def _aijobs(survey: Survey, row: dict[str, str]) -> None:
    if _full_time(survey, row, "employment_type"):
        profile = {f: row[c] for c, f in AIJOBS_FIELDS.items() if row[c]}
        _keep(survey, profile, _salary(survey, row["salary_in_usd"], "USD"))


def _profile(survey: Survey, row: dict[str, str]) -> None:
    if _full_time(survey, row, "employment type"):
        profile = {f: row[f] for f in PROFILE_FIELDS if row.get(f)}
        if "years" in profile:  # "4,5" years with --decimal ,
            profile["years"] = parse_decimal(profile["years"], survey.decimal)
        currency = (row.get("currency") or "USD").upper()
        _keep(survey, profile, _salary(survey, row["salary"], currency))


def so_country(name: str) -> str | None:
    """The ISO code of a country as the Stack Overflow survey spells it."""
    from iasalaire.places import iso_country
    from iasalaire.text import key

    return SO_COUNTRIES.get(key(name)) or iso_country(name)


def _so_years(row: dict[str, str]) -> str | None:
    for column in ("workexp", "yearscodepro"):
        text = row.get(column, "")
        if text and text.upper() != "NA":
            return str(_SO_YEARS.get(text.lower(), text))
    return None


_so_codes: dict[str, str | None] = {}


def _stackoverflow(survey: Survey, row: dict[str, str]) -> None:
    country = row["country"]
    if country not in _so_codes:
        _so_codes[country] = so_country(country) if country and country != "NA" else None
    code = _so_codes[country]
    if code is None:
        skip(survey, "no country given" if country in ("", "NA")
                       else f"unknown country '{country}'")
        return
    profile = {"country": code}
    years = _so_years(row)
    if years is not None:
        profile["years"] = years
    for column, table, name in (("devtype", SO_ROLES, "role"), ("orgsize", SO_COMPANY, "company"),
                                ("industry", SO_SECTORS, "sector"),
                                ("remotework", SO_REMOTE, "remote")):
        value = table.get(row.get(column, ""))
        if value is not None:
            profile[name] = value
    amount = row["convertedcompyearly"]
    _keep(survey, profile, _salary(survey, "" if amount == "NA" else amount, "USD"))


@dataclass
class Scored:
    """Rows the estimator could read: their normalised profile, salary and the estimate."""

    profiles: list[dict[str, Any]]
    salaries: list[float]
    medians: list[float]
    sigmas: list[float]
    # log of the base file's factors that calibration keeps (years on the curve, a city's own
    # figure, certs, skills): the fit works on what they leave unexplained.
    offsets: list[float] = field(default_factory=list)
    given: list[tuple[str, ...]] = field(default_factory=list)  # profile fields each row gives
    years_log: list[float] = field(default_factory=list)  # log of the base curve at its years
    countries: list[str | None] = field(default_factory=list)  # the country each row is in
    # Per row: dimension -> log of its multiplier (what the dimension moved the median by).
    logs: list[dict[str, float]] = field(default_factory=list)
    experience: list[str | None] = field(default_factory=list)  # years band or level


KEPT = ("certs", "skills", "premium-cap")


def _kept(result: Any, data: Data) -> tuple[dict[str, Any], float, float]:
    """The profile to fit on, its offset and the log of its years factor. A city with its own
    figure replaces the country's factor in the estimator, so its rows say nothing about their
    country."""
    profile = dict(result.profile)
    factors = [f for f in result.factors if f.dimension in KEPT]
    city = data.find("city", profile["city"]) if profile.get("city") is not None else None
    if city is not None and city.multiplier:  # None: a gazetteer city, placed in its country
        factors += [f for f in result.factors if f.dimension == "city"]
        profile["country"] = None
    years = sum(math.log(f.multiplier) for f in result.factors if f.dimension == "years")
    return profile, sum(math.log(f.multiplier) for f in factors), years


# Profile field -> the dimension it describes (what a profile may leave out).
DIMENSION = {"years": "experience", "level": "experience", "city": "location",
             "country": "location", "sector": "sector", "company": "company", "role": "role",
             "remote": "remote"}


def dimensions(fields: Any) -> tuple[str, ...]:
    """The dimensions that profile fields describe, in the contract's order."""
    return tuple(dict.fromkeys(DIMENSION[f] for f in fields if f in DIMENSION))


def given_fields(profile: dict[str, Any]) -> tuple[str, ...]:
    """The dimensions a profile gives."""
    return dimensions(f for f, v in profile.items() if v not in (None, "", (), []))


def normalise(survey: Survey, data: Data, keep: tuple[str, ...] | None = None) -> Scored:
    """Run every distinct profile through the estimator once. A job title that is no known
    role (a near-typo of one too) is priced at the all-roles level, as a profile without a
    role for the fit and the spread (noted); any other bad value skips the row with its
    reason.
    `keep`: only the profile fields of these dimensions are used. What a row gets is worked
    out once per distinct profile (58k rows of aijobs.net hold under 5k), all of them priced
    together by the columnar engine (the numbers of `estimate`, to the last bit), and
    repeated for its rows: a row's own work is a lookup."""
    of_rows, profiles = _distinct(survey, keep)
    asked = {signature: _asked(dict(profile), data, survey.titles)
             for signature, profile in profiles.items()}
    got = dict(zip(asked, _priced(list(asked.values()), data, survey.titles)))
    picked = [got[signature] for signature in of_rows]
    kept: list[Any] = []  # the rows read, in order, each with what its profile got
    notes: Counter[str] = Counter()  # in the order rows first bring them, as row by row
    for row in picked:
        if row[0] is None:
            skip(survey, row[1])  # the reason
        else:
            kept.append(row)
            if row[1]:
                notes[row[1]] += 1
    survey.notes.update(notes)
    if len(kept) < len(picked):
        salaries = [s for (result, *_), s in zip(picked, survey.salaries) if result is not None]
    else:
        salaries = list(survey.salaries)
    columns = [k[3] for k in kept]
    return Scored(
        profiles=[dict(c[3]) for c in columns],  # each row's own: calibrate adds to it
        salaries=salaries,
        medians=[c[6] for c in columns],
        sigmas=[c[7] for c in columns],
        offsets=[c[4] for c in columns],
        given=[k[2] for k in kept],
        years_log=[c[5] for c in columns],
        countries=[c[0] for c in columns],
        logs=[c[1] for c in columns],
        experience=[c[2] for c in columns],
    )


def _distinct(survey: Survey, keep: tuple[str, ...] | None) -> tuple[list[Any], dict[Any, Any]]:
    """Each row's profile signature, and each distinct signature's profile (first seen
    first); remembered on the survey while its rows stay the same."""
    rows = survey.profiles
    known = survey.distinct.get(keep)
    if known is not None and known[0] is rows and known[1] == len(rows):
        return known[2], known[3]
    # A row's fields as read_survey wrote them (always in its columns' order) -> signature.
    signatures: dict[tuple[tuple[str, Any], ...], tuple[tuple[str, Any], ...]] = {}
    profiles: dict[tuple[tuple[str, Any], ...], dict[str, Any]] = {}
    of_rows = []
    for profile in rows:
        items = tuple(profile.items())
        signature = signatures.get(items)
        if signature is None:
            if keep is not None:
                profile = {f: v for f, v in profile.items() if DIMENSION.get(f) in keep}
            signature = signatures[items] = tuple(sorted(profile.items()))
            profiles.setdefault(signature, profile)
        of_rows.append(signature)
    survey.distinct[keep] = (rows, len(rows), of_rows, profiles)
    return of_rows, profiles


def _asked(fields: dict[str, Any], data: Data, titles: bool
           ) -> tuple[dict[str, Any], str | None, tuple[str, ...]]:
    """The fields given to the estimator for one distinct profile, the note it brings, and
    the dimensions it gives (a job title no role names gives none)."""
    note = None
    role = fields.get("role")
    found = None
    if role is not None:  # read as batch reads it: "Senior Data Scientist II"
        found, level = read_role(data, role) if titles else (role, None)
        if found is None or data.find("role", found) is None:
            del fields["role"]
            if level is not None and not ({"years", "level"} & fields.keys()):
                fields["level"] = level  # the title's seniority still counts
            if found is not None:
                note = "job title not a known role: priced at the all-roles level"
        else:
            found = None
    given = given_fields(fields)  # an unknown title gives no role
    if found is not None:  # clipped: a title is at most a profile text's length
        fields["role"] = found[:MAX_NAME_CHARS]
    return fields, note, given


def _priced(asked: list[tuple[dict[str, Any], str | None, tuple[str, ...]]], data: Data,
            titles: bool) -> list[Any]:
    """Per distinct profile: its estimate (None when it cannot be read), the note or the
    reason, the dimensions it gives, and what normalise gives each of its rows."""
    from iasalaire.api import make_profile
    from iasalaire.columnar import Engine
    from iasalaire.core import estimate

    engine = Engine(data, any_title=True, titles=titles)
    priced: list[Any] = engine.estimates([f for f, _, _ in asked]) if asked else []
    out: list[Any] = []
    for (fields, note, given), result in zip(asked, priced):
        if result is None:  # an error, or a value the engine leaves: the exact path says
            try:
                result = estimate(make_profile(fields), data, any_title=True, titles=titles)
            except IasalaireError as error:
                out.append((None, error.message, (), None))
                continue
        profile, offset, years = _kept(result, data)
        logs = _logs(result)
        if "role" not in given:  # a title no role names moved the median, but gave no role
            logs.pop("role", None)
        out.append((result, note, given, (
            result.profile["country"], logs, _experience_band(result.profile),
            profile, offset, years, result.median, result.sigma)))
    return out


def _logs(result: Any) -> dict[str, float]:
    logs: dict[str, float] = {}
    for factor in result.factors:
        dim = DIMENSION.get(factor.dimension)
        if dim is not None:
            logs[dim] = logs.get(dim, 0.0) + math.log(factor.multiplier)
    return logs


EXPERIENCE_BANDS = ((0, "0-2 years"), (3, "3-5 years"), (6, "6-10 years"), (11, "11-15 years"),
                    (16, "16+ years"))


def _experience_band(profile: dict[str, Any]) -> str | None:
    years = profile.get("years")
    if years is None:
        return profile.get("level")
    return [label for low, label in EXPERIENCE_BANDS if years >= low][-1]


MAX_SKIP_REASONS = 100  # distinct reasons counted; the rest under one "other" line
SHOWN_SKIP_REASONS = 10  # lines of reasons printed, the most frequent first


def skip(survey: Survey, reason: str) -> None:
    """Count a skipped row under its reason; a survey with thousands of distinct odd values
    (200,000 employment types) keeps a bounded count, not one reason per value."""
    skipped = survey.skipped
    if reason not in skipped and len(skipped) >= MAX_SKIP_REASONS:
        reason = f"other reasons (past the first {MAX_SKIP_REASONS} distinct ones)"
    skipped[reason] += 1


def report(survey: Survey) -> list[str]:
    """Lines for stderr: how many rows were used, skipped (and why) or kept with a caveat, and
    the columns that were not read."""
    used = survey.rows_read - sum(survey.skipped.values())
    lines = [f"{survey.path}: {survey.layout} layout, {survey.rows_read} rows, {used} used, "
             f"{sum(survey.skipped.values())} skipped"]
    reasons = survey.skipped.most_common()
    lines += [f"  skipped {n}: {printable(clipped(reason, 160))}"
              for reason, n in reasons[:SHOWN_SKIP_REASONS]]
    if len(reasons) > SHOWN_SKIP_REASONS:
        rest = reasons[SHOWN_SKIP_REASONS:]
        lines.append(f"  skipped {sum(n for _, n in rest)}: {len(rest)} other reasons")
    lines += [f"  note {n}: {reason}" for reason, n in survey.notes.most_common()]
    if survey.ignored:
        shown = ", ".join(f"'{c}'" for c in survey.ignored[:12])
        more = f" and {len(survey.ignored) - 12} more" if len(survey.ignored) > 12 else ""
        lines.append(f"  columns not read: {shown}{more}")
    return lines
