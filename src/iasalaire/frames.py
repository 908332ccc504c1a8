"""estimate_frame: the model as DataFrame expressions, through narwhals (its stable v2 API), so
that pandas, polars (eager or lazy), pyarrow, DuckDB or Spark's API compute it in their own
engine.

A frame is read as `batch` reads a file: its column names go through batch's aliases
(columns.ACCEPTED: "Years of experience", "Location", "Job Title"...), and each cell as
estimate and batch read it, by cells.read_value, called once per distinct value of a column.
Years go through the experience curve as an expression (piecewise-linear in log space); a text
years column is read value by value first (numeric text is a number, anything else that row's
error). The other profile columns are read as a key: each distinct key (few: the names of
cities, roles, sectors... a frame uses) is resolved twice in Python by core.resolve, the
resolution of a single estimate, for a row that gives years and one that does not, into its
multipliers, spread scales, warnings and error; those become mappings (replace_strict) that
the engine applies to every row. The median is the product of the groups' multipliers in
core.GROUPS order and the percentiles median x scale rounded half to even to 100, as in
core.numbers and core.money; years are rounded by schema.round_years, the Profile's own
rounding. A bad row gets an `error` value and null figures, never an exception.

Only imported by estimate_frame: the CLI never loads narwhals, pandas or polars.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

import narwhals.stable.v2 as nw

from iasalaire import core
from iasalaire.api import DataLike, as_data
from iasalaire.cells import Reading, missing, read_value
from iasalaire.columns import ACCEPTED
from iasalaire.data import Data
from iasalaire.errors import IasalaireError
from iasalaire.schema import MAX_YEARS, PROFILE_FIELDS, round_years
from iasalaire.text import key
from iasalaire.titles import parse_decimal

FIGURES = tuple(core.Z)  # p10, p25, p50, p75, p90
OUTPUT = (*FIGURES, "error", "warnings")
NULL = "n"  # a missing cell in the key (a value is "v" + its escaped text)
SEPARATOR = "\x1f"
ESCAPE = "\x1e"
PREFIX = "__iasalaire_"
KEY, CASE, YEARS, YEARS_ERROR, EXPERIENCE, MEDIAN, ERROR = (
    PREFIX + name for name in ("key", "case", "years", "years_error", "experience", "median",
                               "error"))
SCALED = {name: f"{PREFIX}{name}" for name in FIGURES}
GIVEN, NOT_GIVEN = "1", "0"  # the case of a key whose row gives years, or not
YEARS_MESSAGE = f"years: must be a number from 0 to {MAX_YEARS}"
_ABSENT: dict[str, Any] = dict.fromkeys(PROFILE_FIELDS) | {"certs": (), "skills": ()}


def estimate_frame(frame: Any, data: DataLike = None, *, lenient: bool = False,
                   decimal: str = ".") -> Any:
    """`frame` (pandas, polars, pyarrow, or a lazy frame: polars LazyFrame, DuckDB, PySpark
    or sqlframe) with p10, p25, p50, p75, p90, error and warnings added, as the same kind of
    frame. Profile columns are named as in `batch` (the contract's names or their aliases);
    any other column is kept as it is. With `lenient`, a value that is no known value of a
    closed list is read as not given, and that row's warnings say so. `decimal=","` reads a
    text years cell "4,5" as 4.5, as `batch --decimal ,` does."""
    if decimal not in (".", ","):
        raise ValueError(f"decimal must be '.' or ',', not {decimal!r}")
    loaded = as_data(data)
    try:
        table = nw.from_native(frame)
    except TypeError:
        raise TypeError(f"estimate_frame takes a DataFrame (pandas, polars, pyarrow, DuckDB, "
                        f"Spark...), not {type(frame).__name__}") from None
    if isinstance(table, nw.Series):
        raise TypeError("estimate_frame takes a DataFrame, not a Series")
    clash = [name for name in OUTPUT if name in table.columns]
    if clash:
        raise ValueError(f"the frame already has column(s) {', '.join(clash)}")
    names = profile_columns(table.columns)
    schema = table.collect_schema()
    for field, name in names.items():
        if isinstance(schema[name], (nw.List, nw.Array, nw.Struct)):
            raise ValueError(f"column '{name}' ({field}) holds {schema[name]}: give it as text"
                             + (f", ';'-separated (in polars: pl.col('{name}').list.join(';'))"
                                if field in ("certs", "skills") else ""))
    settler = Settler(loaded, lenient)
    years_name = names.pop("years", None)
    years, years_error = _years(table, years_name, schema, settler, decimal)
    fields = [field for field in PROFILE_FIELDS if field in names]
    keyed = table.with_columns(_key([(names[field], _textual(schema[names[field]]))
                                     for field in fields]))
    distinct = keyed.select(KEY, *[nw.col(names[f]).alias(f) for f in fields]).unique([KEY])
    if isinstance(distinct, nw.LazyFrame):
        distinct = distinct.collect()
    cases: dict[str, Settled] = {}
    opaque = {field: Reading(error=f"{field}: must be text, not {schema[names[field]]}")
              for field in fields if not _textual(schema[names[field]])}
    for row in distinct.rows(named=True):
        readings = [(field, opaque[field] if field in opaque and not missing(row[field])
                     else settler.read(field, row[field])) for field in fields]
        for case, aged in ((NOT_GIVEN, False), (GIVEN, True)):
            cases[f"{row[KEY]}{SEPARATOR}{case}"] = settler.settle(readings, aged)
    out = _figures(loaded, cases, keyed.with_columns(years.alias(YEARS),
                                                       years_error.alias(YEARS_ERROR)))
    return nw.to_native(out)


def profile_columns(columns: Iterable[Any]) -> dict[str, str]:
    """The column that gives each profile field, by batch's names and aliases (columns.py);
    ValueError when two columns give the same field."""
    found: dict[str, str] = {}
    for name in columns:
        field = ACCEPTED.get(key(name)) if isinstance(name, str) else None
        if field is None:
            continue
        if field in found:
            raise ValueError(f"columns '{found[field]}' and '{name}' both give {field}: "
                             "drop or rename one")
        found[field] = name
    return found


class Settled:
    """One key's resolution for one case (the row gives years, or not): the multipliers of
    the groups in core.GROUPS order (the first, experience, is used only when the row gives
    no years: the curve gives it otherwise), the spread's scales and the warnings; or the
    error of a bad key."""

    __slots__ = ("error", "multipliers", "scales", "warnings")

    def __init__(self, error: str | None = None,
                 multipliers: tuple[float, ...] = (1.0,) * len(core.GROUPS),
                 scales: dict[str, float] | None = None, warnings: str | None = None) -> None:
        self.error = error
        self.multipliers = multipliers
        self.scales = scales if scales is not None else dict.fromkeys(FIGURES, 1.0)
        self.warnings = warnings


class Settler:
    """Reads each distinct cell value once (cells.read_value) and resolves each distinct
    profile those readings make once per case (core.resolve)."""

    def __init__(self, data: Data, lenient: bool) -> None:
        self.data = data
        self.lenient = lenient
        self.readings: dict[tuple[str, type, Any], Reading] = {}
        self.resolved: dict[Any, Settled] = {}

    def read(self, field: str, raw: Any) -> Reading:
        known = (field, type(raw), raw)  # the type: True, 1 and 1.0 are one dict key
        try:
            return self.readings[known]
        except KeyError:
            found = self.readings[known] = read_value(self.data, field, raw, self.lenient)
            return found
        except TypeError:  # an unhashable cell: read, not remembered
            return read_value(self.data, field, raw, self.lenient)

    def settle(self, readings: list[tuple[str, Reading]], aged: bool) -> Settled:
        """The profile of one key's readings (in PROFILE_FIELDS order, as the Profile model
        reports the first bad field), with years given when `aged`. A cell's own field wins
        over what another cell implies (a level a job title implies), and given years win
        over an implied level."""
        error = next((reading.error for _, reading in readings if reading.error), None)
        if error is not None:
            return Settled(error)
        values = dict(_ABSENT)
        implied: dict[str, Any] = {}
        for field, reading in readings:
            for name, value in reading.values:
                if name == field:
                    values[name] = value
                else:
                    implied.setdefault(name, value)
        for name, value in implied.items():
            if values[name] in (None, ()) and not (aged and name == "level"):
                values[name] = value
        if aged:
            values["years"] = 1.0  # any number: the curve gives the experience multiplier
        profile = tuple(values.items())
        found = self.resolved.get(profile)
        if found is None:
            found = self.resolved[profile] = self._resolve(values)
        warned = [warning for _, reading in readings for warning in reading.warnings]
        if not warned or found.error is not None:
            return found
        said = " | ".join(warned + ([found.warnings] if found.warnings else []))
        return Settled(None, found.multipliers, found.scales, said)

    def _resolve(self, values: dict[str, Any]) -> Settled:
        try:
            resolved = core.resolve(self.data, values, any_title=self.lenient)
        except IasalaireError as error:
            return Settled(error.message)
        except Exception as error:  # noqa: BLE001 - one odd key must not end the frame
            return Settled(f"unexpected {type(error).__name__}: {error}")
        return Settled(None, resolved.multipliers, resolved.scale.scales,
                       " | ".join(resolved.warnings) or None)


TEXTUAL = (nw.String, nw.Boolean, nw.Categorical, nw.Enum, nw.Object, nw.Unknown, nw.Date,
           nw.Datetime, nw.Time)


def _textual(dtype: Any) -> bool:
    """Whether every engine can write a column of this kind as text (a duration, bytes...
    cannot: any value of them is a bad cell, whatever it is)."""
    return bool(dtype.is_numeric()) or isinstance(dtype, TEXTUAL)


def _key(columns: list[tuple[str, bool]]) -> Any:
    if not columns:
        return nw.lit("").alias(KEY)
    # Injective, whatever the cells hold: a value is "v" + its text with the escape and the
    # separator escaped, a missing cell "n"; so "\x00" or "a\x1fb" cannot pose as another
    # row's key (and take its result).
    cells = [nw.concat_str([nw.lit("v"), nw.col(name).cast(nw.String())
                            .str.replace_all(ESCAPE, ESCAPE + ESCAPE, literal=True)
                            .str.replace_all(SEPARATOR, ESCAPE + SEPARATOR, literal=True)])
             .fill_null(NULL) if textual else
             nw.when(nw.col(name).is_null()).then(nw.lit(NULL)).otherwise(nw.lit("?"))
             for name, textual in columns]
    return nw.concat_str(cells, separator=SEPARATOR).alias(KEY)


def _floor(expression: Any) -> Any:
    return expression.floor()


def _years(table: Any, name: str | None, schema: Any, settler: Settler,
           decimal: str) -> tuple[Any, Any]:
    """The rounded years of each row (null: not given) and its years error (null: none)."""
    if name is None:
        return nw.lit(None, nw.Float64()), nw.lit(None, nw.String())
    if schema[name].is_numeric():
        raw = nw.col(name).cast(nw.Float64())
        bad = raw.is_nan() | (raw < 0) | (raw > MAX_YEARS)
        error = nw.when(~raw.is_null() & bad).then(nw.lit(YEARS_MESSAGE)).otherwise(
            nw.lit(None, nw.String()))
        return round_years(raw, _floor), error
    if not _textual(schema[name]):
        given = ~nw.col(name).is_null()
        return nw.lit(None, nw.Float64()), nw.when(given).then(
            nw.lit(f"years: must be a number of years, not {schema[name]}")).otherwise(
            nw.lit(None, nw.String()))
    # Text (or any other kind): each distinct value read as the Profile model reads it.
    text = nw.col(name).cast(nw.String())
    distinct = table.select(text.alias(YEARS)).unique()
    if isinstance(distinct, nw.LazyFrame):
        distinct = distinct.collect()
    found = {value: settler.read("years", parse_decimal(value, decimal))
             for value in distinct.get_column(YEARS).to_list() if not missing(value)}
    numbers = {value: dict(reading.values).get("years") for value, reading in found.items()}
    errors = {value: reading.error for value, reading in found.items()}
    return (_lookup(text, numbers, nw.Float64()), _lookup(text, errors, nw.String()))


def _lookup(expression: Any, mapping: dict[Any, Any], dtype: Any) -> Any:
    if not mapping:
        return nw.lit(None, dtype)
    values = list(mapping.values())
    if dtype == nw.Float64():  # a product of no factor is the int 1: one type per mapping
        values = [None if v is None else float(v) for v in values]
    return expression.replace_strict(list(mapping), values, default=None, return_dtype=dtype)


def _curve(data: Data, years: Any) -> Any:
    """The experience multiplier at `years` (an expression), as Data.experience_at."""
    xs, logs = data._curve
    expression = nw.when(years <= xs[0]).then(nw.lit(logs[0]))
    for i in range(1, len(xs)):
        t = (years - xs[i - 1]) / (xs[i] - xs[i - 1])
        expression = expression.when(years < xs[i]).then(logs[i - 1] + t * (logs[i] - logs[i - 1]))
    return expression.otherwise(nw.lit(logs[-1])).exp()


def _money(value: Any) -> Any:
    """core.money as an expression: value / 100 rounded half to even (Python's round, numpy's
    rint), times 100. Built from floor and comparisons, exact in floating point, because the
    engines' own round() differ on halves (polars and DuckDB round them away from zero)."""
    scaled = value / core.ROUND_TO
    whole = scaled.floor()
    rest = scaled - whole
    odd = (whole / 2).floor() * 2 != whole
    up = (rest > 0.5) | ((rest == 0.5) & odd)
    return nw.when(up).then(whole + 1).otherwise(whole) * core.ROUND_TO


def _multiplier(settled: Settled, i: int) -> float:
    return settled.multipliers[i]


def _scale(settled: Settled, name: str) -> float:
    return settled.scales[name]


def _figures(data: Data, cases: dict[str, Settled], table: Any) -> Any:
    def mapped(value: Callable[[Settled], Any], dtype: Any = None) -> Any:
        keys = list(cases)
        return _lookup(nw.col(CASE), {k: value(cases[k]) for k in keys},
                       nw.Float64() if dtype is None else dtype)

    no_years = nw.col(YEARS).is_null()
    table = table.with_columns(nw.concat_str(
        [nw.col(KEY), nw.when(no_years).then(nw.lit(NOT_GIVEN)).otherwise(nw.lit(GIVEN))],
        separator=SEPARATOR).alias(CASE))
    table = table.with_columns(
        nw.when(no_years).then(mapped(lambda s: s.multipliers[0]))
        .otherwise(_curve(data, nw.col(YEARS))).alias(EXPERIENCE),
        nw.coalesce(nw.col(YEARS_ERROR), mapped(lambda s: s.error, nw.String())).alias(ERROR),
    )
    product = nw.col(EXPERIENCE)  # core.numbers: the groups' product in GROUPS order
    for i in range(1, len(core.GROUPS)):
        product = product * mapped(functools.partial(_multiplier, i=i))
    table = table.with_columns((data.file.base.median * product).alias(MEDIAN))
    table = table.with_columns(
        *[(nw.col(MEDIAN) * mapped(functools.partial(_scale, name=name))).alias(SCALED[name])
          for name in FIGURES])
    ok = nw.col(ERROR).is_null()
    table = table.with_columns(
        *[nw.when(ok).then(_money(nw.col(SCALED[name]))).otherwise(nw.lit(None, nw.Float64()))
          .cast(nw.Float64()).alias(name) for name in FIGURES],
        nw.col(ERROR).alias("error"),
        nw.when(ok).then(mapped(lambda s: s.warnings, nw.String()))
        .otherwise(nw.lit(None, nw.String())).alias("warnings"),
    )
    return table.drop(KEY, CASE, YEARS, YEARS_ERROR, EXPERIENCE, MEDIAN, ERROR,
                      *SCALED.values())
