"""The columnar engine (batch, estimate_many) gives exactly what the exact path gives, for good
and bad records alike, and the CLI never loads the DataFrame libraries."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iasalaire import api, batch
from iasalaire.data import Data, load_data
from iasalaire.money import Presentation

DATA: Data = load_data()
FILE = DATA.file


def names(entries: list[Any]) -> list[str]:
    return [e.id for e in entries] + [e.label for e in entries]


# Every field, with good values (ids, labels, odd case and spaces) and every kind of bad one:
# unknown names, wrong types (bool, dict, list, number for text), out-of-range numbers, NaN.
BAD_ANY = st.sampled_from([True, False, {"a": 1}, [1, 2], [["x"]], ""]) | st.text(max_size=6)
years = (st.floats(min_value=-5, max_value=70) | st.integers(-3, 70) | st.just(float("nan"))
         | st.sampled_from(["5", " 7.5 ", "ten", "", "1e1", "nan"]) | BAD_ANY)
text_of = lambda values: (st.sampled_from(values)  # noqa: E731
                          | st.sampled_from(values).map(lambda v: f"  {v.upper()} ") | BAD_ANY
                          | st.integers(0, 3))
list_of = lambda values: (st.lists(st.sampled_from(values), max_size=4)  # noqa: E731
                          | st.lists(st.sampled_from(values), max_size=3).map(";".join)
                          | st.lists(BAD_ANY, max_size=2) | BAD_ANY)
FIELDS = {
    "years": years,
    "level": text_of(names(FILE.experience.levels) + ["EN", "SE"]),
    "city": text_of(names(FILE.cities)[:20] + ["SF", "Paris, TX", "Pariss"]),
    "country": text_of(["US", "FR", "GB", "DE", "France", "ZZ", "Atlantis", "NG"]),
    "sector": text_of(names(FILE.sectors)),
    "company": text_of(names(FILE.companies) + ["L", "S"]),
    "role": text_of(names(FILE.roles)[:20] + ["Machine Learning Engineer"]),
    "certs": list_of(names(FILE.certs)),
    "skills": list_of(names(FILE.skills)),
    "remote": st.sampled_from([0, 50, 100, "0", "50", "100", "100.0", 50.0, 25, -1, "remote"])
    | BAD_ANY,
}
record = st.dictionaries(st.sampled_from(sorted(FIELDS) + ["salary", "Years"]),
                         st.none(), max_size=6).flatmap(
    lambda keys: st.fixed_dictionaries(
        {k: FIELDS[k] if k in FIELDS else st.integers() for k in keys}))
records = st.lists(record | st.sampled_from([[], "text", 3, None]), min_size=1, max_size=30)


def exact(records: list[Any], render: batch.Render = batch.jsonl_tail,
          shown: Presentation | None = None) -> list[batch.Outcome]:
    pricer = batch.Pricer(DATA, render=render, shown=shown)
    return [pricer.price_exact(r) for r in records]


def columnar(records: list[Any], render: batch.Render = batch.jsonl_tail,
             chunk: int = 7, shown: Presentation | None = None) -> list[batch.Outcome]:
    pricer = batch.Pricer(DATA, render=render, shown=shown)
    assert pricer.engine is not None
    numbered = [(n, pricer.price(r)) for n, r in enumerate(records)]
    return [outcome for _, outcome in pricer.settle(numbered, chunk=chunk)]


@settings(max_examples=300, deadline=None)
@given(records)
def test_the_columnar_path_gives_what_the_exact_path_gives(many: list[Any]) -> None:
    assert columnar(many) == exact(many)


@settings(max_examples=100, deadline=None)
@given(records)
def test_the_columnar_path_gives_the_same_csv_cells(many: list[Any]) -> None:
    render = functools.partial(batch.csv_cells, explain=False)
    assert columnar(many, render, chunk=3) == exact(many, render)


@settings(max_examples=60, deadline=None)
@given(records, st.sampled_from([Presentation("local"), Presentation("EUR", "month"),
                                 Presentation(None, net=True)]))
def test_with_currency_the_columnar_path_gives_what_the_exact_path_gives(
        many: list[Any], shown: Presentation) -> None:
    assert columnar(many, shown=shown) == exact(many, shown=shown)


def test_the_columnar_path_settles_good_records_itself() -> None:
    """Good records are priced by the engine (not all sent back to the exact path)."""
    engine = batch.Pricer(DATA).engine
    good = [{"years": 5.25, "city": "SF", "certs": ["advanced-ml"]}, {"level": "senior"}]
    assert all(d is not None for d in engine.figures(good))
    assert engine.figures([{"city": "Pariss"}, {"years": True}]) == [None, None]


@settings(max_examples=100, deadline=None)
@given(st.lists(record, min_size=1, max_size=20))
def test_estimate_many_gives_estimate_one_by_one_and_raises_at_the_bad_one(
        many: list[dict[str, Any]]) -> None:
    expected: list[Any] = []
    for fields in many:
        try:
            expected.append(api.estimate(fields))
        except Exception as error:  # noqa: BLE001
            expected.append((type(error), str(error)))
            break
    got: list[Any] = []
    try:
        for document in api.estimate_many(many):
            got.append(document)
    except Exception as error:  # noqa: BLE001
        got.append((type(error), str(error)))
    assert got == expected


def test_estimate_many_yields_what_came_before_a_failing_iterator() -> None:
    def profiles() -> Any:
        yield {"years": 1}
        yield {"years": 2}
        raise RuntimeError("the source broke")

    got = []
    try:
        for document in api.estimate_many(profiles()):
            got.append(document["median"])
    except RuntimeError as error:
        assert str(error) == "the source broke"
    assert got == [api.estimate({"years": 1})["median"], api.estimate({"years": 2})["median"]]


def test_the_cli_never_imports_the_dataframe_libraries(tmp_path: Any) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"years": 5, "city": "SF"}\n')
    code = (
        "import sys\n"
        "from iasalaire.cli import main\n"
        f"for args in (['estimate', '--json', '--exp', '5'], ['batch', {str(path)!r}]):\n"
        "    sys.argv = ['iasalaire', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as end:\n"
        "        print('EXIT', end.code, file=sys.stderr)\n"
        "loaded = sorted(m for m in ('pandas', 'polars', 'narwhals', 'pyarrow') if m in "
        "sys.modules)\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "LOADED []" in done.stderr, done.stderr
    # Both runs ran (the first one's trimming of the app must not hide the second command).
    assert done.stderr.count("EXIT 0") == 2, done.stderr
    decoder, text, documents = json.JSONDecoder(), done.stdout.strip(), []
    while text:
        document, end = decoder.raw_decode(text)
        documents.append(document)
        text = text[end:].strip()
    assert len(documents) == 2 and documents[0]["schema"] == "iasalaire.estimate/1"
    assert documents[1]["ok"] is True and documents[1]["line"] == 1
