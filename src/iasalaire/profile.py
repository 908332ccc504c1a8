"""The profile's rules without pydantic: its fields, how each value is read, and `read`, which
builds a profile (records.Profile) from the values a command line or a plain record gives.

schema.Profile (pydantic) calls the same rules as its validators and stays the judge of
everything else: `read` returns None for any input it is not sure pydantic accepts, as is,
unchanged (an error of any kind, a type other than str / int / float / list / tuple, text with
unusual whitespace at its ends), and api.make_profile then asks schema.Profile, whose error
is the one the user sees. So a profile that is read here is the one pydantic would give, and
every message is pydantic's (tests/test_profile_reading.py checks both on random input).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from iasalaire.errors import clipped, printable
from iasalaire.records import Profile
from iasalaire.text import MAX_NAME_CHARS, parse_number

PROFILE_FIELDS = (
    "years",
    "level",
    "city",
    "country",
    "sector",
    "company",
    "role",
    "certs",
    "skills",
    "remote",
)
MAX_YEARS = 60
YEARS_DECIMALS = 2
LIST_SPLIT = re.compile(r"[;,]")
_FIELDS = frozenset(PROFILE_FIELDS)
_TEXT_FIELDS = ("level", "city", "country", "sector", "company", "role")
# Whitespace pydantic's str_strip_whitespace removes as Python's str.strip() does (ASCII); a
# value with any other whitespace at an end is left to pydantic.
_ASCII_SPACE = " \t\n\r\x0b\x0c"
_UNSURE: Any = object()


def round_years(years: Any, floor: Callable[[Any], Any] = math.floor) -> Any:
    """`years` to YEARS_DECIMALS decimals, a half up: floor(years x 100 + 0.5) / 100, in IEEE
    float operations only. One function for a float (Profile, so estimate and batch) and for a
    DataFrame expression (estimate_frame passes its engine's floor), so that every engine
    rounds every value alike: Python's round() and pandas' or polars' round(2) disagree on
    halves (2.675 is 2.67 for one, 2.68 for another)."""
    scale = 10**YEARS_DECIMALS
    return floor(years * scale + 0.5) / scale


# The rules of each field, before its type is checked (schema.Profile's "before" validators).

def years_value(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError("must be a number of years")
    try:
        years = parse_number(value) if isinstance(value, str) else float(value)
    except ValueError:
        raise ValueError(f"must be a number of years, not '{printable(clipped(str(value)))}'"
                         ) from None
    if not math.isfinite(years) or years < 0 or years > MAX_YEARS:
        raise ValueError(f"must be a number from 0 to {MAX_YEARS} "
                         f"(got {clipped(str(value))})")
    # Two decimals (a few days) is all a year count means; + 0.0 turns -0.0 into 0.0.
    return float(round_years(years)) + 0.0


def blank_is_absent(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def remote_as_text(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError("must be 0, 50 or 100")
    if isinstance(value, str):  # "100.0" from a spreadsheet or a flag is 100, as 100.0 is
        try:
            number = parse_number(value)
        except ValueError:
            return value  # a name: onsite, hybrid, remote
        return str(int(number)) if number.is_integer() else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return str(value)
    return value


def split_lists(value: Any) -> Any:
    if value is None:
        return ()
    if isinstance(value, str):
        value = LIST_SPLIT.split(value)
    if isinstance(value, (list, tuple)):
        return tuple(v for v in value if not (isinstance(v, str) and not v.strip()))
    return value


def _text(value: Any) -> Any:
    """A str field's value as schema.Profile gives it (stripped, at most MAX_NAME_CHARS), or
    _UNSURE."""
    if value.__class__ is not str:
        return _UNSURE
    text = value.strip(_ASCII_SPACE)
    if not text or text[0].isspace() or text[-1].isspace() or len(text) > MAX_NAME_CHARS:
        return _UNSURE
    return text


def read(fields: Any) -> Profile | None:
    """The profile of `fields` (a dict of PROFILE_FIELDS), or None when schema.Profile must
    judge it (see the module's docstring)."""
    if fields.__class__ is not dict or not _FIELDS.issuperset(fields):
        return None
    values: dict[str, Any] = {}
    try:
        years = years_value(fields.get("years"))
        remote = remote_as_text(fields.get("remote"))
    except ValueError:
        return None
    values["years"] = years
    for name in _TEXT_FIELDS:
        value = blank_is_absent(fields.get(name))
        values[name] = None if value is None else _text(value)
    values["remote"] = None if remote is None else _text(remote)
    for name in ("certs", "skills"):
        items = split_lists(fields.get(name))
        if items.__class__ is not tuple:
            return None
        values[name] = tuple(_text(item) for item in items)
        if _UNSURE in values[name]:
            return None
    if _UNSURE in values.values():
        return None
    profile = object.__new__(Profile)
    for name in PROFILE_FIELDS:
        object.__setattr__(profile, name, values[name])
    return profile
