"""estimate_frame: the model as DataFrame expressions, through narwhals, so that pandas, polars
(eager or lazy), pyarrow, DuckDB or PySpark compute it in their own engine.

Years go through the experience curve as an expression (piecewise-linear in log space). The
other profile columns are read as a key; each distinct key (few: the names of cities, roles,
sectors... a frame uses) is resolved once in Python by core.resolve, the resolution of a
single estimate, into its multipliers, spread scales and error; those become mappings
(replace_strict) that the engine applies to every row. The median is the product of the
groups' multipliers in core.GROUPS order and the percentiles median x scale, as in
core.numbers; a bad row gets an `error` value and null figures.

Only imported by estimate_frame: the CLI never loads narwhals, pandas or polars.
"""

from __future__ import annotations

import math
from typing import Any

import narwhals.stable.v1 as nw
from pydantic import ValidationError

from iasalaire import core
from iasalaire.api import DataLike, as_data, make_profile
from iasalaire.data import Data
from iasalaire.errors import IasalaireError
from iasalaire.schema import MAX_YEARS, PROFILE_FIELDS, YEARS_DECIMALS

OUTPUT = ("p10", "p25", "p50", "p75", "p90", "error")
NULL = "n"  # a missing cell in the key (a value is "v" + its escaped text)
SEPARATOR = "\x1f"
ESCAPE = "\x1e"
KEY = "__iasalaire_key"
GROUPS = ("location", "sector", "company", "role", "premiums", "remote", "interactions")


def estimate_frame(frame: Any, data: DataLike = None) -> Any:
    """`frame` (pandas, polars, pyarrow, or a lazy frame: polars LazyFrame, DuckDB, PySpark)
    with p10, p25, p50, p75, p90 and error added, as the same kind of frame. Profile columns
    are those of the contract (years, level, city, country, sector, company, role, certs and
    skills as "a;b" text, remote); any other column is kept as it is."""
    loaded = as_data(data)
    table = nw.from_native(frame)
    fields = [name for name in PROFILE_FIELDS if name in table.columns and name != "years"]
    clash = [name for name in OUTPUT if name in table.columns]
    if clash:
        raise ValueError(f"the frame already has column(s) {', '.join(clash)}")
    schema = table.collect_schema()
    if "years" in schema and not schema["years"].is_numeric():
        raise ValueError(f"years must be a numeric column, not {schema['years']}: convert it "
                         "first (bad values can be null)")
    for name in ("certs", "skills"):
        if name in schema and isinstance(schema[name], (nw.List, nw.Array)):
            raise ValueError(f"{name} is a list column: give it as ';'-separated text "
                             f"(in polars: pl.col('{name}').list.join(';'))")
    keyed = table.with_columns(_key(fields))
    distinct = keyed.select(KEY, *fields).unique()
    if isinstance(distinct, nw.LazyFrame):
        distinct = distinct.collect()
    resolved = {row[KEY]: _resolve(loaded, row, fields)
                for row in distinct.rows(named=True)}
    out = keyed.with_columns(_figures(loaded, resolved, "years" in table.columns)).drop(KEY)
    return nw.to_native(out)


def _key(fields: list[str]) -> Any:
    if not fields:
        return nw.lit("").alias(KEY)
    # Injective, whatever the cells hold: a value is "v" + its text with the escape and the
    # separator escaped, a missing cell "n"; so "\x00" or "a\x1fb" cannot pose as another
    # row's key (and take its result).
    cells = [nw.concat_str([nw.lit("v"), nw.col(name).cast(nw.String())
                            .str.replace_all(ESCAPE, ESCAPE + ESCAPE, literal=True)
                            .str.replace_all(SEPARATOR, ESCAPE + SEPARATOR, literal=True)])
             .fill_null(NULL) for name in fields]
    return nw.concat_str(cells, separator=SEPARATOR).alias(KEY)


class Settled:
    """One key's resolution: the multipliers of every group but experience, the level's
    years (when a level is given), and the spread's scales with and without experience given;
    or the error of a bad key."""

    def __init__(self, error: str | None = None, multipliers: tuple[float, ...] = (),
                 level: float | None = None, scales: tuple[dict[str, float], ...] = ()) -> None:
        self.error = error
        self.multipliers = multipliers
        self.level = level
        self.scales = scales


def _resolve(data: Data, row: dict[str, Any], fields: list[str]) -> Settled:
    record = {name: row[name] for name in fields if not _missing(row[name])}
    try:
        profile = make_profile(record)
        values = dict(profile.__dict__)
        without = core.resolve(data, values)
        if values["level"] is not None:  # experience given by the level in both cases
            scales = (without.scale.scales, without.scale.scales)
            level_years = data.lookup("level", values["level"]).years
        else:
            given = core.resolve(data, {**values, "years": 1.0})
            scales = (without.scale.scales, given.scale.scales)
            level_years = None
    except (IasalaireError, ValidationError) as error:
        return Settled(getattr(error, "message", str(error)))
    return Settled(None, without.multipliers[1:], level_years, scales)


def _missing(value: Any) -> bool:
    """None, or the NaN pandas puts in an empty cell of a text column."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def _curve(data: Data, years: Any) -> Any:
    """The experience multiplier at `years` (an expression), as Data.experience_at."""
    xs, logs = data._curve
    expression = nw.when(years <= xs[0]).then(nw.lit(logs[0]))
    for i in range(1, len(xs)):
        t = (years - xs[i - 1]) / (xs[i] - xs[i - 1])
        expression = expression.when(years < xs[i]).then(logs[i - 1] + t * (logs[i] - logs[i - 1]))
    return expression.otherwise(nw.lit(logs[-1])).exp()


def _mapped(resolved: dict[str, Settled], value: Any) -> Any:
    keys = list(resolved)
    values = [value(resolved[k]) for k in keys]
    return nw.col(KEY).replace_strict(keys, [None if v is None else float(v) for v in values],
                                      return_dtype=nw.Float64())


def _figures(data: Data, resolved: dict[str, Settled], has_years: bool) -> list[Any]:
    keys = list(resolved)
    error = nw.col(KEY).replace_strict(keys, [resolved[k].error for k in keys],
                                       return_dtype=nw.String())
    level = _mapped(resolved, lambda s: s.level)
    if has_years:
        raw = nw.col("years").cast(nw.Float64())
        years = raw.round(YEARS_DECIMALS)
        bad_years = raw.is_nan() | (raw < 0) | (raw > MAX_YEARS)
        error = (nw.when(~raw.is_null() & bad_years)
                 .then(nw.lit(f"years: must be a number from 0 to {MAX_YEARS}"))
                 .when(~raw.is_null() & ~level.is_null())
                 .then(nw.lit("give years (--exp) or level (--level), not both"))
                 .otherwise(error))
        experience_years = nw.coalesce(years, level)
        given = ~raw.is_null() | ~level.is_null()
    else:
        experience_years = level
        given = ~level.is_null()
    experience = nw.when(experience_years.is_null()).then(nw.lit(1.0)).otherwise(
        _curve(data, experience_years))
    product = experience
    for i, _ in enumerate(GROUPS):
        product = product * _mapped(resolved, lambda s, i=i: s.multipliers[i] if s.error is
                                    None else math.nan)
    median = data.file.base.median * product
    columns = []
    for name in core.Z:
        scale = nw.when(given).then(
            _mapped(resolved, lambda s, n=name: s.scales[1][n] if s.error is None else math.nan)
        ).otherwise(
            _mapped(resolved, lambda s, n=name: s.scales[0][n] if s.error is None else math.nan))
        value = ((median * scale) / core.ROUND_TO).round(0) * core.ROUND_TO
        columns.append(nw.when(error.is_null()).then(value).otherwise(nw.lit(None))
                       .cast(nw.Float64()).alias(name))
    return [*columns, error.alias("error")]
