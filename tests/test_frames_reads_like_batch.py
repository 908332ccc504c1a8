"""estimate_frame reads a frame as batch reads a file: batch's column aliases, cells read one
by one (per-row errors, a warnings column), lenient=, on every backend; and a row gives the
figures estimate() and batch give the same profile (a hypothesis property across the three)."""

from __future__ import annotations

import io
import math
import os
import tempfile
from collections.abc import Callable
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import iasalaire
from iasalaire import batch, core
from iasalaire.api import as_data
from iasalaire.schema import round_years

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
nw = pytest.importorskip("narwhals.stable.v2")

FIGURES = ("p10", "p25", "p50", "p75", "p90")
# Batch's aliases, as an HR export names its columns (columns.ALIASES).
HEADERS = {"years": "Years of experience", "city": "Location", "role": "Job Title",
           "country": "Country", "level": "Seniority", "sector": "Industry",
           "company": "Company size", "certs": "Certifications", "skills": "Tech stack",
           "remote": "Remote work", "row_id": "row_id"}  # row_id: the row's place, not a field


def wanted(profile: dict[str, Any]) -> dict[str, Any]:
    """What estimate() says of a profile: its percentiles and warnings, or its error."""
    try:
        document = iasalaire.estimate({k: v for k, v in profile.items() if v is not None})
    except iasalaire.errors.InvalidValue as error:
        return {"error": error.message}
    return {"figures": document["percentiles"], "warnings": document["warnings"]}


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def got(record: dict[str, Any]) -> dict[str, Any]:
    """A frame's output row in the same terms."""
    if not blank(record["error"]):
        assert all(blank(record[p]) for p in FIGURES), record
        return {"error": record["error"]}
    warnings = [] if blank(record["warnings"]) else record["warnings"].split(" | ")
    return {"figures": {p: int(record[p]) for p in FIGURES}, "warnings": warnings}


# --- the backends -----------------------------------------------------------------------------


def columns_of(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {HEADERS[name]: [row[name] for row in rows] for name in HEADERS if name in rows[0]}


def run_pandas(rows: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
    out = iasalaire.estimate_frame(pd.DataFrame(columns_of(rows)), **options)
    assert isinstance(out, pd.DataFrame)
    records: list[dict[str, Any]] = out.to_dict("records")
    return records


def run_polars(rows: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
    out = iasalaire.estimate_frame(pl.DataFrame(columns_of(rows)), **options)
    assert isinstance(out, pl.DataFrame)
    return out.to_dicts()


def run_lazy(rows: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
    out = iasalaire.estimate_frame(pl.DataFrame(columns_of(rows)).lazy(), **options)
    assert isinstance(out, pl.LazyFrame)
    return out.collect().to_dicts()


def arrow(rows: list[dict[str, Any]]) -> Any:
    pa = pytest.importorskip("pyarrow")
    return pa.table(pl.DataFrame(columns_of(rows)).to_arrow())


def run_pyarrow(rows: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
    pa = pytest.importorskip("pyarrow")
    out = iasalaire.estimate_frame(arrow(rows), **options)
    assert isinstance(out, pa.Table)
    records: list[dict[str, Any]] = out.to_pylist()
    return records


def run_duckdb(rows: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect()
    export = arrow(rows)  # noqa: F841 - read by name by DuckDB's replacement scan
    relation = connection.sql("select * from export")
    out = iasalaire.estimate_frame(relation, **options)
    assert isinstance(out, duckdb.DuckDBPyRelation)
    names = out.columns
    # A relation has no row order: rows come back in the order of a column of positions.
    return [dict(zip(names, values)) for values in
            sorted(out.fetchall(), key=lambda r: r[names.index("row_id")])]


def run_sqlframe(rows: list[dict[str, Any]], **options: Any) -> list[dict[str, Any]]:
    session_module = pytest.importorskip("sqlframe.duckdb")
    types = pytest.importorskip("sqlframe.duckdb.types")
    session = session_module.DuckDBSession()
    columns = columns_of(rows)
    kinds = {"Years of experience": types.DoubleType(), "row_id": types.LongType()}
    schema = types.StructType([types.StructField(name, kinds.get(name, types.StringType()))
                               for name in columns])
    frame = session.createDataFrame(list(zip(*columns.values())), schema=schema)
    out = iasalaire.estimate_frame(frame, **options)
    assert type(out).__module__.startswith("sqlframe")
    return sorted((row.asDict() for row in out.collect()), key=lambda r: r["row_id"])


BACKENDS: dict[str, Callable[..., list[dict[str, Any]]]] = {
    "pandas": run_pandas, "polars": run_polars, "polars-lazy": run_lazy,
    "pyarrow": run_pyarrow, "duckdb": run_duckdb, "sqlframe": run_sqlframe}


def positioned(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "row_id": i} for i, row in enumerate(rows)]


EXPORT = [  # an HR export's rows, good and bad (every column given in the first row)
    {"years": 4.5, "city": "San Francisco", "role": "ml engineer", "country": "US",
     "level": None, "sector": "tech", "company": "big-tech", "certs": "advanced-ml",
     "skills": "python;pytorch", "remote": "100"},
    {"years": 2.675, "city": "Paris", "role": "Data Scientist", "country": None, "level": None,
     "sector": None, "company": None, "certs": None, "skills": None, "remote": None},
    {"years": None, "city": None, "role": None, "country": "FR", "level": "senior",
     "sector": "finance", "company": None, "certs": None, "skills": None, "remote": "0"},
    {"years": 12.0, "city": "Pariss", "role": None, "country": None, "level": None,
     "sector": None, "company": None, "certs": None, "skills": None, "remote": None},
    {"years": 3.0, "city": None, "role": "wizard", "country": None, "level": "senior",
     "sector": None, "company": None, "certs": None, "skills": None, "remote": None},
    {"years": 70.0, "city": "London", "role": None, "country": None, "level": None,
     "sector": None, "company": None, "certs": None, "skills": None, "remote": None},
    {"years": 0.125, "city": "Bordeaux", "role": None, "country": None, "level": None,
     "sector": None, "company": None, "certs": None, "skills": None, "remote": "50"},
    {"years": None, "city": None, "role": None, "country": None, "level": None,
     "sector": None, "company": None, "certs": None, "skills": None, "remote": None},
]


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_every_backend_reads_batch_column_names_and_gives_estimates_figures(
        backend: str) -> None:
    rows = positioned(EXPORT)
    records = BACKENDS[backend](rows)
    assert [r["row_id"] for r in records] == list(range(len(rows)))
    for row, record in zip(EXPORT, records):
        want = wanted(row)
        if "error" in want and row["years"] == 70.0:  # the engine checks the range itself
            assert record["error"] == "years: must be a number from 0 to 60"
            continue
        assert got(record) == want, (backend, row)
    # Read, not ignored: the aliased columns moved the figures off the bare median.
    assert records[0]["p50"] != iasalaire.estimate({})["median"]
    assert blank(records[7]["error"]) and records[7]["p50"] == iasalaire.estimate({})["median"]


@pytest.mark.parametrize("backend", list(BACKENDS))
def test_lenient_reads_an_unknown_value_as_not_given_and_names_it(backend: str) -> None:
    rows = positioned(EXPORT)
    records = BACKENDS[backend](rows, lenient=True)
    city = got(records[3])  # "Pariss": unknown city, read as not given
    assert city["figures"] == wanted({"years": 12.0})["figures"]
    assert city["warnings"][0].startswith("unknown city 'Pariss'")
    assert city["warnings"][0].endswith("read as not given (lenient)")
    role = got(records[4])  # "wizard": unknown role; the level and years still clash
    assert role == wanted({"years": 3.0, "level": "senior"})
    assert got(records[0]) == wanted(EXPORT[0])  # a row without unknown values is as before


def test_lenient_drops_only_the_unknown_item_of_a_list_and_keeps_estimates_warnings() -> None:
    frame = pl.DataFrame({"Certifications": ["advanced-ml;nope"], "Location": ["Bordeaux"]})
    record = got(iasalaire.estimate_frame(frame, lenient=True).to_dicts()[0])
    want = wanted({"certs": "advanced-ml", "city": "Bordeaux"})
    assert record["figures"] == want["figures"]
    assert record["warnings"][0].startswith("unknown cert 'nope'")
    assert record["warnings"][1:] == want["warnings"] and want["warnings"]
    strict = iasalaire.estimate_frame(frame).to_dicts()[0]
    assert strict["error"] == wanted({"certs": "advanced-ml;nope"})["error"]


def test_a_text_years_column_is_read_cell_by_cell() -> None:
    frame = pl.DataFrame({"Years of experience": ["4.5", "five", "", None, " 7 ", "-2"]})
    records = [got(r) for r in iasalaire.estimate_frame(frame).to_dicts()]
    assert records[0] == wanted({"years": 4.5})
    assert records[1] == wanted({"years": "five"})
    assert records[1]["error"].startswith("years: must be a number of years")
    assert records[2] == records[3] == wanted({})
    assert records[4] == wanted({"years": 7})
    assert records[5] == wanted({"years": "-2"})


def test_a_pandas_years_column_of_mixed_objects_is_read_cell_by_cell() -> None:
    frame = pd.DataFrame({"years": pd.Series(["4.5", None, 3, "x"], dtype=object)})
    records = [got(r) for r in iasalaire.estimate_frame(frame).to_dict("records")]
    assert records == [wanted({"years": 4.5}), wanted({}), wanted({"years": 3}),
                       wanted({"years": "x"})]


def test_pandas_export_columns_are_read_not_ignored() -> None:
    frame = pd.DataFrame({"Years of experience": [5, 5], "Location": ["SF", "Paris"],
                          "Job Title": ["ml engineer", None], "Name": ["Ann", "Bob"]})
    out = iasalaire.estimate_frame(frame)
    assert list(out["Name"]) == ["Ann", "Bob"]
    assert list(out["p50"]) == [
        iasalaire.estimate({"years": 5, "city": "SF", "role": "ml engineer"})["median"],
        iasalaire.estimate({"years": 5, "city": "Paris"})["median"]]


def test_two_columns_giving_one_field_are_refused_naming_both() -> None:
    with pytest.raises(ValueError, match="'title' and 'Job Title' both give role"):
        iasalaire.estimate_frame(pl.DataFrame({"title": ["x"], "Job Title": ["y"]}))
    with pytest.raises(ValueError, match="already has column"):
        iasalaire.estimate_frame(pl.DataFrame({"warnings": ["x"]}))


def test_cells_of_other_kinds_are_that_rows_errors_not_an_exception() -> None:
    frame = pd.DataFrame({"remote": [100, 7], "city": [12, "SF"], "years": [True, False]})
    records = iasalaire.estimate_frame(frame).to_dict("records")
    assert all(isinstance(r["error"], str) and r["error"] for r in records)
    numbers = iasalaire.estimate_frame(pd.DataFrame({"remote": [100, 50], "years": [1, 2]}))
    assert list(numbers["p50"]) == [iasalaire.estimate({"remote": 100, "years": 1})["median"],
                                    iasalaire.estimate({"remote": 50, "years": 2})["median"]]


def test_a_column_of_a_kind_no_engine_writes_as_text_gives_row_errors() -> None:
    import datetime

    frame = pl.DataFrame({"years": [datetime.timedelta(days=1), None],
                          "city": [b"SF", None], "id": [1, 2]})
    records = iasalaire.estimate_frame(frame).to_dicts()
    assert records[0]["error"].startswith("years: must be a number of years")
    assert blank(records[1]["error"]) and int(records[1]["p50"]) == wanted({})["figures"]["p50"]
    cities = iasalaire.estimate_frame(pl.DataFrame({"city": [b"SF", b"Paris"]})).to_dicts()
    assert [r["error"] for r in cities] == ["city: must be text, not Binary"] * 2


def test_an_empty_frame_and_a_frame_without_profile_columns() -> None:
    empty = iasalaire.estimate_frame(pl.DataFrame({"Location": []}, schema={"Location": pl.String}))
    assert empty.columns == ["Location", *FIGURES, "error", "warnings"] and empty.height == 0
    bare = iasalaire.estimate_frame(pl.DataFrame({"id": [1]})).to_dicts()[0]
    assert int(bare["p50"]) == iasalaire.estimate({})["median"]


# --- one rounding, every engine --------------------------------------------------------------


def test_years_round_a_half_up_in_one_function_for_python_and_every_engine() -> None:
    assert round_years(2.675) == 2.68 and round_years(0.125) == 0.13
    assert iasalaire.estimate({"years": 2.675})["profile"]["years"] == 2.68
    values = [2.675, 0.125, 1.005, 0.145, 59.995, 7.0]
    expected = [round_years(v) for v in values]
    for backend in ("pandas", "polars", "pyarrow", "duckdb"):
        frame = {"pandas": lambda: pd.DataFrame({"y": values}),
                 "polars": lambda: pl.DataFrame({"y": values}),
                 "pyarrow": lambda: arrow([{"row_id": 0}]).from_pydict({"y": values}),
                 "duckdb": lambda: pytest.importorskip("duckdb").sql(
                     "select unnest([" + ", ".join(map(repr, values)) + "]::double[]) as y, "
                     "unnest(range(6)) as i")}[backend]()
        table = nw.from_native(frame)
        out = table.with_columns(r=round_years(nw.col("y"), lambda e: e.floor()))
        if isinstance(out, nw.LazyFrame):
            out = out.sort("i").collect()
        assert out.get_column("r").to_list() == expected, backend


def test_money_is_rounded_half_to_even_by_every_engine_as_core_money() -> None:
    from iasalaire.frames import _money

    values = [5050.0, 5150.0, 5049.999, 250.0, 350.0, 123456.0, 0.0]
    expected = [float(core.money(v)) for v in values]
    assert expected[:5] == [5000.0, 5200.0, 5000.0, 200.0, 400.0]
    frames = [pd.DataFrame({"v": values}), pl.DataFrame({"v": values}),
              arrow([{"row_id": 0}]).from_pydict({"v": values})]
    for frame in frames:
        out = nw.from_native(frame).with_columns(m=_money(nw.col("v")))
        assert out.get_column("m").to_list() == expected, type(frame)


# --- estimate, batch and estimate_frame: one profile, one set of figures ----------------------

YEARS = st.one_of(st.none(), st.integers(0, 60_000).map(lambda n: n / 1000))
PROFILES = st.fixed_dictionaries({
    "years": YEARS,
    "level": st.sampled_from([None, None, None, "senior", "junior", "wizard"]),
    "city": st.sampled_from([None, "SF", "Paris", "London", "Bordeaux", "Pariss", "Austin"]),
    "country": st.sampled_from([None, None, "FR", "US", "DE", "Atlantis"]),
    "sector": st.sampled_from([None, "tech", "finance", "bakery"]),
    "company": st.sampled_from([None, "big-tech", "startup"]),
    "role": st.sampled_from([None, "ml-engineer", "Data Scientist", "wizard"]),
    "certs": st.sampled_from([None, "advanced-ml", "advanced-ml;aws-ml-specialty"]),
    "skills": st.sampled_from([None, "python", "pytorch;llm"]),
    "remote": st.sampled_from([None, "0", "50", "100"]),
})
DATA = as_data(None)


def batch_says(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """batch's answer for the rows written as an export's CSV (aliased headers)."""
    names = [name for name in HEADERS if name != "row_id"]
    text = ",".join(HEADERS[n] for n in names) + "\n" + "".join(
        ",".join("" if row[n] is None else f'"{row[n]}"' for n in names) + "\n" for row in rows)
    handle, path = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        out = io.BytesIO()
        batch.run(path, DATA, stdout=out, stderr=io.StringIO())
    finally:
        os.unlink(path)
    said = []
    for line in out.getvalue().splitlines():
        record = orjson.loads(line)
        said.append({"figures": record["percentiles"], "warnings": record["warnings"]}
                    if record["ok"] else {"error": record["error"]["message"]})
    return said


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PROFILES, min_size=1, max_size=12))
def test_estimate_batch_and_estimate_frame_give_one_profile_the_same_figures(
        rows: list[dict[str, Any]]) -> None:
    want = [wanted(row) for row in rows]
    assert batch_says(rows) == want
    placed = positioned(rows)
    for backend in ("pandas", "polars", "duckdb"):
        try:
            records = BACKENDS[backend](placed)
        except pytest.skip.Exception:
            continue
        assert [got(record) for record in records] == want, backend
