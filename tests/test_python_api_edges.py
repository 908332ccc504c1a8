"""The Python API on the values notebooks hand it: nothing, numpy scalars, pandas' NA."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

import iasalaire
from iasalaire.columnar import CHUNK_SIZE


def test_estimate_many_of_nothing_is_nothing() -> None:
    assert list(iasalaire.estimate_many([])) == []


def test_estimate_many_of_a_whole_number_of_chunks_gives_every_result() -> None:
    out = list(iasalaire.estimate_many([{"years": 1}] * CHUNK_SIZE))
    assert len(out) == CHUNK_SIZE and out[-1]["median"] == iasalaire.estimate({"years": 1})[
        "median"]


@pytest.mark.parametrize("before", [0, 1, CHUNK_SIZE])
def test_a_generator_s_own_exception_reaches_the_caller_after_the_results_before_it(
        before: int) -> None:
    def profiles() -> Iterator[dict[str, Any]]:
        yield from [{"years": 2}] * before
        raise ZeroDivisionError("the caller's own")

    got = []
    with pytest.raises(ZeroDivisionError, match="the caller's own"):
        for document in iasalaire.estimate_many(profiles()):
            got.append(document)
    assert len(got) == before


@pytest.mark.parametrize(("value", "plain"), [(np.int64(5), 5), (np.float64(5.0), 5),
                                              (np.int32(7), 7)])
def test_numpy_numbers_are_read_as_the_python_numbers(value: Any, plain: int) -> None:
    assert iasalaire.estimate({"years": value}) == iasalaire.estimate({"years": plain})
    assert [d["median"] for d in iasalaire.estimate_many([{"years": value}])] == [
        iasalaire.estimate({"years": plain})["median"]]


def test_numpy_arrays_and_strings_are_read_as_lists_and_str() -> None:
    fields = {"city": np.str_("Paris"), "certs": np.array(["advanced-ml"]),
              "remote": np.int64(100)}
    expected = iasalaire.estimate({"city": "Paris", "certs": ["advanced-ml"], "remote": 100})
    assert iasalaire.estimate(fields) == expected


def test_pandas_missing_values_are_absent_fields() -> None:
    pd = pytest.importorskip("pandas")
    assert iasalaire.estimate({"years": pd.NA, "city": pd.NA}) == iasalaire.estimate({})
    assert [d["median"] for d in iasalaire.estimate_many([{"years": pd.NA}])] == [
        iasalaire.estimate({})["median"]]


def test_a_nul_or_separator_in_a_frame_cell_never_takes_another_row_s_result() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("narwhals")
    frame = pd.DataFrame({"city": ["\x00", None, "a\x1fb", None],
                          "country": [None, None, None, "a\x1fb"],
                          "years": [5.0, 5.0, 5.0, 5.0]})
    out = iasalaire.estimate_frame(frame)
    assert out["p50"].isna().tolist() == [True, False, True, True]
    assert out["p50"][1] == iasalaire.estimate({"years": 5})["median"]
    assert "unknown city" in out["error"][0] and "unknown city" in out["error"][2]
    assert "unknown country" in out["error"][3]
