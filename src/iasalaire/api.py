"""The Python API: the same results as the CLI, for notebooks and pipelines.

    >>> import iasalaire
    >>> iasalaire.estimate({"years": 5, "city": "San Francisco"})["median"]
    207300
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from iasalaire import core, profile
from iasalaire.data import Data, load_data, validation_messages
from iasalaire.errors import InvalidValue
from iasalaire.records import Profile, from_model

DataLike = Data | str | os.PathLike[str] | None


def as_data(data: DataLike) -> Data:
    return data if isinstance(data, Data) else load_data(data)


def make_profile(fields: Mapping[str, Any] | Profile) -> Profile:
    """A Profile from a mapping of the contract's field names; InvalidValue when it is bad.
    Read by profile.read when it is sure of the outcome (no pydantic: start-up), else by
    schema.Profile, whose message is the error's (a schema.Profile given is taken as is)."""
    if isinstance(fields, Profile):
        return fields
    fields = plain_fields(fields)
    found = profile.read(fields)
    if found is not None:
        return found
    from pydantic import BaseModel, ValidationError

    from iasalaire import schema

    if isinstance(fields, BaseModel) and isinstance(fields, schema.Profile):
        checked = fields
    else:
        try:
            checked = schema.Profile.model_validate(fields)
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            field = str(problem["loc"][0]) if problem["loc"] else None  # the profile field
            message = validation_messages(error)[0]
            if problem["type"] == "extra_forbidden":
                message = f"unknown field '{field}'"
            raise InvalidValue(message, field) from None
    made: Profile = from_model(Profile, checked)
    return made


def plain_fields(fields: Any) -> Any:
    """The record with numpy / pandas values made plain (see plain); as it is otherwise."""
    if isinstance(fields, Mapping) and any(type(value).__module__ != "builtins"
                                           for value in fields.values()):
        return {name: plain(value) for name, value in fields.items()}
    return fields


def plain(value: Any) -> Any:
    """A value from numpy or pandas as the Python value it stands for: np.int64(5) is 5,
    np.str_ a str, an array a list, and pandas' missing values (pd.NA, pd.NaT) are an absent
    field (None)."""
    kind = type(value)
    if kind.__name__ in ("NAType", "NaTType") and kind.__module__.startswith("pandas"):
        return None
    if kind.__module__ == "numpy" and hasattr(value, "tolist"):
        return value.tolist()  # a scalar's Python value, an array's list
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def estimate_profile(fields: Mapping[str, Any] | Profile, data: DataLike = None) -> core.Estimate:
    """The Estimate object (with its factors) for one profile."""
    return core.estimate(make_profile(fields), as_data(data))


def explained(fields: Mapping[str, Any] | Profile, data: DataLike = None) -> core.Estimate:
    """The Estimate with, when the data file names a reference (the built-in default names
    the article's file), the same profile estimated on it, shown beside."""
    import dataclasses

    profile = make_profile(fields)
    loaded = as_data(data)
    result = core.estimate(profile, loaded)
    if loaded.file.reference is None:
        return result
    return dataclasses.replace(result, reference=core.estimate(
        profile, load_data(loaded.file.reference)))


def estimate(fields: Mapping[str, Any] | Profile, data: DataLike = None) -> dict[str, Any]:
    """The "iasalaire.estimate/1" document for one profile, as `estimate --json` prints it.

    Raises iasalaire.errors.InvalidValue (or UnknownValue) for a bad profile and
    DataFileError for a bad data file.
    """
    return explained(fields, data).to_dict()


def estimate_many(
    profiles: Iterable[Mapping[str, Any] | Profile], data: DataLike = None
) -> Iterator[dict[str, Any]]:
    """One document per profile, in order, lazily; a bad profile raises at its turn.
    Profiles are priced a chunk at a time by the columnar engine (the same numbers)."""
    import dataclasses
    from itertools import islice

    from iasalaire.columnar import CHUNK_SIZE, Engine

    loaded = as_data(data)
    engine = Engine(loaded)
    # The reference file's figures (the article's) beside each, as estimate() gives them.
    other = None if loaded.file.reference is None else Engine(load_data(loaded.file.reference))
    iterator = iter(profiles)
    while True:
        chunk: list[Mapping[str, Any] | Profile] = []
        failure: Exception | None = None
        try:
            chunk.extend(map(plain_fields, islice(iterator, CHUNK_SIZE)))
        except Exception as error:  # noqa: BLE001 - raised after the profiles before it
            failure = error
        if not chunk:  # no profile (left): nothing to price
            if failure is not None:
                raise failure
            return
        beside = other.estimates(chunk) if other is not None else [None] * len(chunk)
        for fields, result, reference in zip(chunk, engine.estimates(chunk), beside):
            # A profile the engine leaves (any error among them) takes the exact path.
            if result is None or (other is not None and reference is None):
                yield estimate(fields, loaded)
            else:
                yield dataclasses.replace(result, reference=reference).to_dict()
        if failure is not None:
            raise failure
        if len(chunk) < CHUNK_SIZE:
            return


def estimate_frame(frame: Any, data: DataLike = None, *, lenient: bool = False,
                   decimal: str = ".") -> Any:
    """`frame` (pandas, polars, pyarrow, or a lazy polars / DuckDB / PySpark / sqlframe frame,
    through narwhals) with p10, p25, p50, p75, p90, error and warnings columns added, its
    columns named as batch reads them: see iasalaire.frames. `lenient`: a value no closed list
    knows is read as not given (named in the row's warnings); `decimal=","` reads text years
    "4,5" as 4.5. Needs the frames extra: pip install "iasalaire[frames]"."""
    from iasalaire.frames import estimate_frame as run

    return run(frame, data, lenient=lenient, decimal=decimal)
