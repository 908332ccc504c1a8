"""One raw cell value read as profile fields: the one place a DataFrame's distinct values are
turned into what the estimator resolves (estimate_frame calls it once per distinct value of a
column, never per row).

read_value(data, field, raw, lenient) validates `raw` as the Profile model validates that field
for `estimate` and `batch` (so a text "4.5" years is 4.5, a "five" is that row's error, with
the message `estimate` gives), then normalises a value of a closed list to its id, as
core's resolution would name it (data.find, places.country_code). A value no list knows is
left as it is, so that core.resolve reports it with its own message, in its own order; with
`lenient` it is read as not given instead, and the reading's warning names the field and the
value.

Job titles, company sizes and locations go through the parsers batch uses (titles.py): a
title gives a role and the level its seniority words say ("Senior ML Engineer"), a size band
its size ("51-200"), "Remote - US" a remote share and a country; a reading may so give more
than its own field, and a field's own column wins over what another cell implies.
"""

from __future__ import annotations

import decimal
import math
from dataclasses import dataclass
from typing import Any

from iasalaire.api import make_profile
from iasalaire.data import Data
from iasalaire.errors import IasalaireError, InvalidValue, UnknownValue
from iasalaire.titles import read_company, read_location, read_role

SIMPLE = ("level", "sector", "company", "role", "remote")  # closed lists of one value
LISTS = ("certs", "skills")  # closed lists, ;-separated


@dataclass(frozen=True, slots=True)
class Reading:
    """What one cell gives: profile fields with their normalised values (none: not given),
    the warnings of its reading (lenient), or the error that makes its row bad."""

    values: tuple[tuple[str, Any], ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None


NOT_GIVEN = Reading()


def missing(value: Any) -> bool:
    """None, or the NaN pandas puts in an empty cell."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def plain(value: Any) -> Any:
    """A cell value as the Profile model reads values: numpy scalars as Python ones, a
    Decimal (DuckDB, Spark) as a float."""
    if isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and type(value).__module__ == "numpy":
        return item()
    return value


def read_value(data: Data, field: str, raw: Any, lenient: bool = False) -> Reading:
    """`raw`, a cell of the column that gives `field`, read as estimate and batch read it."""
    raw = plain(raw)
    if missing(raw):
        return NOT_GIVEN
    try:
        value = getattr(make_profile({field: raw}), field)
    except InvalidValue as error:
        return Reading(error=error.message)
    except Exception as error:  # noqa: BLE001 - one odd cell must not end the frame
        return Reading(error=f"{field}: unexpected {type(error).__name__}: {error}")
    if value is None or value == ():
        return NOT_GIVEN
    if field == "role":
        return _role(data, value, lenient)
    if field == "company":
        value = read_company(data, value)
    if field in SIMPLE:
        known, said = _known(data, field, value, lenient)
        return Reading(((field, known),) if known is not None else (), said)
    if field in LISTS:
        items: list[Any] = []
        warnings: list[str] = []
        for item in value:
            known, said = _known(data, field, item, lenient)
            warnings += said
            if known is not None:
                items.append(known)
        return Reading(((field, tuple(items)),) if items else (), tuple(warnings))
    if field == "country":
        from iasalaire.places import country_code

        code = country_code(value, data)
        if code is None:
            return _unknown(field, value, lenient, lambda: _country_error(data, value))
        return Reading(((field, code),))
    if field == "city":
        return _city(data, value, lenient)
    return Reading(((field, value),))  # years: the Profile's number


def _role(data: Data, value: str, lenient: bool) -> Reading:
    """A job title: its role (as a closed-list value) and the level its words say, if any."""
    role, level = read_role(data, value)
    implied = (("level", level),) if level is not None else ()
    if role is None:
        return Reading(implied)
    # An unknown title is kept as typed: core prices it at the all-roles level, or says which
    # known role it is close to (with `lenient`, the all-roles level there too)
    known, _ = _known(data, "role", role, False)
    return Reading((("role", known),) + implied)


def _known(data: Data, field: str, value: str, lenient: bool) -> tuple[Any, tuple[str, ...]]:
    """(the entry's id, no warning); an unknown value as it is (core reports it) or, lenient,
    (None, the warning)."""
    entry = data.find(field, value)
    if entry is not None:
        return entry.id, ()
    if not lenient:
        return value, ()
    return None, (_not_given(data.unknown(field, value)),)


def _unknown(field: str, value: str, lenient: bool, error: Any) -> Reading:
    if not lenient:
        return Reading(((field, value),))
    return Reading((), (_not_given(error()),))


def _country_error(data: Data, value: str) -> IasalaireError:
    from iasalaire.core import _country_code

    try:
        _country_code(value, data)
    except IasalaireError as error:
        return error
    return InvalidValue(f"unknown country '{value}'", "country")  # pragma: no cover


def _city(data: Data, value: str, lenient: bool) -> Reading:
    """A city is kept as typed (its country, when given, narrows it: core.resolve reads the
    pair); with `lenient`, a name no place has anywhere is read as not given. "Remote",
    "Remote - US": no city, remote 100 and the country named, if any."""
    city, country, remote = read_location(data, value)
    if city is None:  # read_location gives a remote share wherever it gives no city
        given: list[tuple[str, Any]] = [("remote", _known(data, "remote", remote or "100",
                                                          False)[0])]
        if country is not None:
            from iasalaire.places import country_code

            given.append(("country", country_code(country, data) or country))
        return Reading(tuple(given))
    if lenient:
        from iasalaire.places import find_city

        try:
            find_city(value, None, data)
        except UnknownValue as error:
            return Reading((), (_not_given(error),))
        except IasalaireError:
            pass  # not an unknown name ("Paris, Atlantis"): core.resolve says what it is
    return Reading((("city", value),))


def _not_given(error: IasalaireError) -> str:
    return f"{error.message}: read as not given (lenient)"
