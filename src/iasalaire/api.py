"""The Python API: the same results as the CLI, for notebooks and pipelines.

    >>> import iasalaire
    >>> iasalaire.estimate({"years": 5, "city": "San Francisco"})["median"]
    207300
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from iasalaire import core
from iasalaire.data import Data, load_data, validation_messages
from iasalaire.errors import InvalidValue
from iasalaire.schema import Profile

DataLike = Data | str | os.PathLike[str] | None


def as_data(data: DataLike) -> Data:
    return data if isinstance(data, Data) else load_data(data)


def make_profile(fields: Mapping[str, Any] | Profile) -> Profile:
    """A Profile from a mapping of the contract's field names; InvalidValue when it is bad."""
    if isinstance(fields, Profile):
        return fields
    try:
        return Profile.model_validate(fields)
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        field = str(problem["loc"][0]) if problem["loc"] else None  # the profile field
        message = validation_messages(error)[0]
        if problem["type"] == "extra_forbidden":
            message = f"unknown field '{field}'"
        raise InvalidValue(message, field) from None


def estimate_profile(fields: Mapping[str, Any] | Profile, data: DataLike = None) -> core.Estimate:
    """The Estimate object (with its factors) for one profile."""
    return core.estimate(make_profile(fields), as_data(data))


def estimate(fields: Mapping[str, Any] | Profile, data: DataLike = None) -> dict[str, Any]:
    """The "iasalaire.estimate/1" document for one profile, as `estimate --json` prints it.

    Raises iasalaire.errors.InvalidValue (or UnknownValue) for a bad profile and
    DataFileError for a bad data file.
    """
    return estimate_profile(fields, data).to_dict()


def estimate_many(
    profiles: Iterable[Mapping[str, Any] | Profile], data: DataLike = None
) -> Iterator[dict[str, Any]]:
    """One document per profile, in order, lazily; a bad profile raises at its turn.
    Profiles are priced a chunk at a time by the columnar engine (the same numbers)."""
    from itertools import islice

    from iasalaire.columnar import CHUNK_SIZE, Engine

    loaded = as_data(data)
    engine = Engine(loaded)
    iterator = iter(profiles)
    while True:
        chunk: list[Mapping[str, Any] | Profile] = []
        failure: Exception | None = None
        try:
            chunk.extend(islice(iterator, CHUNK_SIZE))
        except Exception as error:  # noqa: BLE001 - raised after the profiles before it
            failure = error
        for fields, result in zip(chunk, engine.estimates(chunk)):
            # A profile the engine leaves (any error among them) takes the exact path.
            yield estimate(fields, loaded) if result is None else result.to_dict()
        if failure is not None:
            raise failure
        if len(chunk) < CHUNK_SIZE:
            return


def estimate_frame(frame: Any, data: DataLike = None, *, lenient: bool = False) -> Any:
    """`frame` (pandas, polars, pyarrow, or a lazy polars / DuckDB / PySpark / sqlframe frame,
    through narwhals) with p10, p25, p50, p75, p90, error and warnings columns added, its
    columns named as batch reads them: see iasalaire.frames. `lenient`: a value no closed list
    knows is read as not given (named in the row's warnings). Needs the frames extra:
    pip install "iasalaire[frames]"."""
    from iasalaire.frames import estimate_frame as run

    return run(frame, data, lenient=lenient)
