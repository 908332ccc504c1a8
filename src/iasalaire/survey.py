"""Reading a salary survey (CSV) for `calibrate` and `evaluate`.

Two layouts, told apart by the header: the aijobs.net salary index (../data/README.md) and a
profile layout (the contract's profile fields plus `salary`, and `currency` when not USD).
Every row becomes a profile (the contract's field names) and a salary in USD, or a skip reason;
profiles are then normalised by the estimator itself, so that calibration and evaluation read
names exactly as `estimate` does.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iasalaire.data import Data
from iasalaire.errors import DataFileError, IasalaireError
from iasalaire.schema import PROFILE_FIELDS

MAX_SALARY = 100_000_000  # a yearly pay above this is a typo or a unit mix-up, not data

AIJOBS = ("experience_level", "employment_type", "job_title", "salary_in_usd",
          "employee_residence", "company_size", "remote_ratio")
# aijobs column -> profile field. Residence, not company location: pay follows where people live.
AIJOBS_FIELDS = {"experience_level": "level", "employee_residence": "country",
                 "company_size": "company", "job_title": "role", "remote_ratio": "remote"}
# USD per unit, the publisher's 2024 yearly rates (../data/SOURCES.md, R5).
RATES = {"USD": 1.0, "GBP": 1.25, "EUR": 1.1111, "CAD": 0.7692, "CHF": 1.1364, "PLN": 0.25,
         "INR": 0.012, "BRL": 0.2041, "AUD": 0.6667}
# Dimensions fitted by `calibrate` (cities, certs and skills keep the base file's figures).
FITTED = ("level", "country", "sector", "company", "role", "remote")


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


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataFileError(f"{path}: not UTF-8 text (line {line}); save it as UTF-8 CSV") from None


def read_survey(path: str | Path) -> Survey:
    """Read and check a salary CSV; DataFileError (exit 1) when it cannot be used at all."""
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise DataFileError(f"cannot read {path}: {error.strerror}") from None
    text = _decode(raw, str(path))
    if not text.strip():
        raise DataFileError(f"{path}: empty file (expected a CSV header and salary rows)")
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [h.strip() for h in next(reader)]
        lines = list(reader)
    except csv.Error as error:
        raise DataFileError(f"{path}: not a readable CSV ({error})") from None
    columns = {name.lower(): i for i, name in enumerate(header)}
    if all(c in columns for c in AIJOBS):
        layout = "aijobs"
    elif "salary" in columns and any(f in columns for f in PROFILE_FIELDS):
        layout = "profile"
    else:
        missing = "'salary' and at least one profile field" if "salary" not in columns else (
            "at least one profile field (" + ", ".join(PROFILE_FIELDS) + ")")
        raise DataFileError(
            f"{path}: missing columns: {missing}; expected the aijobs.net layout "
            f"({', '.join(AIJOBS)}) or a profile layout (profile fields plus salary)")
    survey = Survey(str(path), layout, hashlib.sha256(raw).hexdigest(), 0)
    for cells in lines:
        if not any(c.strip() for c in cells):
            continue  # blank line
        survey.rows_read += 1
        row = {name: (cells[i].strip() if i < len(cells) else "") for name, i in columns.items()}
        _add(survey, row)
    if survey.rows_read == 0:
        raise DataFileError(f"{path}: no salary rows after the header")
    return survey


def _add(survey: Survey, row: dict[str, str]) -> None:
    employment = row.get("employment_type", "FT").upper() or "FT"
    if employment not in ("FT", "FULL-TIME", "FULL TIME"):
        survey.skipped[f"not full-time (employment_type {employment})"] += 1
        return
    if survey.layout == "aijobs":
        amount, currency = row["salary_in_usd"], "USD"
        profile = {f: row[c] for c, f in AIJOBS_FIELDS.items() if row[c]}
    else:
        amount, currency = row["salary"], (row.get("currency") or "USD").upper()
        profile = {f: row[f] for f in PROFILE_FIELDS if row.get(f)}
    try:
        salary = float(amount.replace(",", "").replace("_", ""))
    except ValueError:
        survey.skipped["salary is not a number"] += 1
        return
    if not math.isfinite(salary) or salary <= 0:
        survey.skipped["salary is not a positive number"] += 1
        return
    if salary > MAX_SALARY:
        survey.skipped[f"salary above {MAX_SALARY:,} a year"] += 1
        return
    if currency not in RATES:
        survey.skipped[f"no exchange rate for currency {currency}"] += 1
        return
    survey.profiles.append(profile)
    survey.salaries.append(salary * RATES[currency])


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


KEPT = ("years", "certs", "skills", "premium-cap")


def _kept(result: Any, data: Data) -> tuple[dict[str, Any], float]:
    """The profile to fit on and its offset. A city with its own figure replaces the country's
    factor in the estimator, so its rows say nothing about their country."""
    profile = dict(result.profile)
    factors = [f for f in result.factors if f.dimension in KEPT]
    if profile.get("city") is not None and data.lookup("city", profile["city"]).multiplier:
        factors += [f for f in result.factors if f.dimension == "city"]
        profile["country"] = None
    return profile, sum(math.log(f.multiplier) for f in factors)


def normalise(survey: Survey, data: Data) -> Scored:
    """Run every distinct profile through the estimator once. A job title that is no known
    role is read as 'any role' (noted); any other bad value skips the row with its reason."""
    from iasalaire.api import estimate_profile

    cache: dict[tuple[tuple[str, str], ...], Any] = {}
    out = Scored([], [], [], [], [])
    for profile, salary in zip(survey.profiles, survey.salaries):
        signature = tuple(sorted(profile.items()))
        if signature not in cache:
            fields = dict(profile)
            note = None
            role = fields.get("role")
            if role is not None and data.find("role", role) is None:
                del fields["role"]
                note = "job title not a known role: read as any role"
            try:
                cache[signature] = (estimate_profile(fields, data), note)
            except IasalaireError as error:
                cache[signature] = (None, error.message)
        result, note = cache[signature]
        if result is None:
            survey.skipped[note] += 1
            continue
        if note:
            survey.notes[note] += 1
        profile, offset = _kept(result, data)
        out.profiles.append(profile)
        out.offsets.append(offset)
        out.salaries.append(salary)
        out.medians.append(result.median)
        out.sigmas.append(result.sigma)
    return out


def report(survey: Survey, used: int) -> list[str]:
    """Lines for stderr: how many rows were used, skipped (and why) or kept with a caveat."""
    lines = [f"{survey.path}: {survey.layout} layout, {survey.rows_read} rows, {used} used, "
             f"{sum(survey.skipped.values())} skipped"]
    lines += [f"  skipped {n}: {reason}" for reason, n in survey.skipped.most_common()]
    lines += [f"  note {n}: {reason}" for reason, n in survey.notes.most_common()]
    return lines
