"""The columnar engine: price a chunk of records at once, with the numbers of `estimate --json`.

For each field, every distinct raw value is validated once (by the Profile model itself, on
that one field) and resolved once through core.resolve / core.part (the resolution of a
single estimate); the chunk's medians and percentiles come from core.numbers on numpy arrays
(the operations of a single estimate, in the same order). A record this path cannot settle
exactly (an unusual type, an unknown field or value, anything that is an error) is left to the
caller's exact path (make_profile + core.estimate), so every message stays what it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import orjson
from pydantic import ValidationError

from iasalaire import core
from iasalaire.data import Data
from iasalaire.schema import PROFILE_FIELDS, Profile

CHUNK_SIZE = 4096  # records priced together: large enough for numpy, small enough to stay flat
VALUES_KEPT = 50_000  # validated raw values remembered per field; cleared when full
_BAD = object()  # a raw value the Profile model rejects: the record goes the exact path
_MISSING = object()
# What a field is when a record leaves it out (as a Profile's defaults).
_ABSENT: dict[str, Any] = dict.fromkeys(PROFILE_FIELDS) | {"certs": (), "skills": ()}
_FIELDS = frozenset(PROFILE_FIELDS)
MEMO_VALUE_CHARS = 256  # a longer text value is validated each time, never remembered
_TAIL = (b'"ok":true,"median":%d,"range":{"low":%d,"high":%d},"percentiles":{"p10":%d,'
         b'"p25":%d,"p50":%d,"p75":%d,"p90":%d},"warnings":%b}')
_NO_SCALE = (1.0,) * len(core.Z)  # a bad record's (its figures are never used)


class Engine:
    """Prices chunks of records (mappings of profile fields) against one data file."""

    def __init__(self, data: Data, any_title: bool = False, titles: bool = True) -> None:
        self.data = data
        self.any_title = any_title  # --lenient: a title near a known role is all roles too
        self.titles = titles  # read job titles' seniority and role words (see core.Chunk)
        # Per field: raw value (a list as a tuple) -> the validated value, or _BAD.
        self.valid: dict[str, dict[Any, Any]] = {name: {} for name in PROFILE_FIELDS}
        self.warnings: dict[tuple[str, ...], bytes] = {}  # a location's warnings as JSON
        # The last chunk's stops, per record: None (priced), the error its resolution met
        # first (the one the exact path raises), or another value (the exact path must tell).
        self.stopped: list[Any] = []

    def validated(self, name: str, raw: Any) -> Any:
        """The value the Profile model gives `raw` as field `name` (fields are validated one
        by one, so a single-field Profile says exactly what a whole record's would)."""
        try:
            value = getattr(Profile.model_validate({name: raw}), name)
        except ValidationError:
            value = _BAD
        if raw.__class__ is str and len(raw) > MEMO_VALUE_CHARS:
            return value  # no name is that long: not worth keeping (memory stays bounded)
        memo = self.valid[name]
        if len(memo) >= VALUES_KEPT:
            memo.clear()
        memo[raw] = value
        return value

    def column(self, name: str, raw: list[Any], bad: list[Any]) -> list[Any]:
        """The validated values of one field across the chunk (absent: the Profile default);
        a value the model rejects marks its record bad."""
        memo = self.valid[name]
        if name in ("years", "remote") and any(v.__class__ is bool for v in raw):
            for i, v in enumerate(raw):  # True == 1 as a key: never let a bool meet a number
                if v.__class__ is bool:
                    bad[i], raw[i] = _BAD, None
        if name in ("certs", "skills"):
            raw = [tuple(v) if v.__class__ is list else v for v in raw]
        try:
            values = [memo[v] for v in raw]
        except (KeyError, TypeError):
            values = []
            for v in raw:
                try:
                    value = memo.get(v, _MISSING)
                except TypeError:  # unhashable (a dict, a list inside a list): never valid
                    value = _BAD
                values.append(self.validated(name, v) if value is _MISSING else value)
        default = _ABSENT[name]
        if _BAD in values:
            for i, value in enumerate(values):
                if value is _BAD:
                    bad[i], values[i] = _BAD, default
        return values

    def chunk(self, records: Sequence[Any]) -> core.Chunk:
        """The records resolved column by column; chunk.bad[i] is not None for a record the
        exact path must price (not an object, an unknown field, any error)."""
        size = len(records)
        bad: list[Any] = [None] * size
        rows: list[Any] = list(records)
        for i, record in enumerate(rows):
            if record.__class__ is not dict or not record.keys() <= _FIELDS:
                bad[i], rows[i] = _BAD, {}
        present = set().union(*rows)  # a field no record of the chunk gives is not read
        columns = {name: self.column(name, [r.get(name, None) for r in rows], bad)
                   if name in present else [_ABSENT[name]] * size for name in PROFILE_FIELDS}
        for name in ("certs", "skills"):  # a null list is an empty one, as in the model
            if name in present:
                columns[name] = [() if v is None else v for v in columns[name]]
        self.stopped = bad
        return core.Chunk(self.data, columns, size, strict=False, bad=bad,
                          any_title=self.any_title, titles=self.titles)

    def numbers(self, chunk: core.Chunk) -> tuple[Any, dict[str, Any]]:
        """core.numbers for a chunk: one array per dimension group and per percentile."""
        multipliers = [np.array(group) for group in chunk.multipliers()]
        table = np.array([_NO_SCALE if s is None else s.row for s in chunk.scale]).T
        scales = dict(zip(core.Z, table))
        return core.numbers(self.data.file.base.median, multipliers, scales)

    def estimates(self, records: Sequence[Any]) -> list[core.Estimate | None]:
        """Per record, its Estimate, or None for a record the exact path must price."""
        chunk = self.chunk(records)
        medians, percentiles = self.numbers(chunk)
        columns = [percentiles[name].tolist() for name in core.Z]
        estimates: list[core.Estimate | None] = []
        for i, (median, *values) in enumerate(zip(medians.tolist(), *columns)):
            if chunk.bad[i] is not None:
                estimates.append(None)
                continue
            estimates.append(core.finished(self.data, chunk.resolved(i), median,
                                           dict(zip(core.Z, values))))
        return estimates

    def rounded(self, records: Sequence[Any]) -> tuple[core.Chunk, list[list[int]]]:
        """The chunk and, per record, its five percentiles rounded as money() rounds them."""
        chunk = self.chunk(records)
        _, percentiles = self.numbers(chunk)
        table = np.column_stack([percentiles[name] for name in core.Z])
        return chunk, (np.rint(table / core.ROUND_TO) * core.ROUND_TO).astype(np.int64).tolist()

    def jsonl_tails(self, records: Sequence[Any]) -> list[bytes | None]:
        """figures() already written as batch's JSON Lines writes it (orjson's bytes after the
        opening brace: the same bytes, formatted without building each document)."""
        chunk, rounded = self.rounded(records)
        warnings = self.warnings
        if len(warnings) > VALUES_KEPT:
            warnings.clear()
        tails: list[bytes | None] = []
        for i, (bad, (p10, p25, p50, p75, p90)) in enumerate(zip(chunk.bad, rounded)):
            if bad is not None:
                tails.append(None)
                continue
            warned = chunk.warnings(i)  # the place's, then the job title's
            said = warnings.get(warned)
            if said is None:
                said = warnings[warned] = orjson.dumps(list(warned))
            tails.append(_TAIL % (p50, p25, p75, p10, p25, p50, p75, p90, said))
        return tails

    def figures(self, records: Sequence[Any]) -> list[dict[str, Any] | None]:
        """Per record, batch's good-record document ({"ok": true, "median", "range",
        "percentiles", "warnings"}), or None for a record the exact path must price."""
        chunk, rounded = self.rounded(records)
        return [None if bad is not None else
                {"ok": True, "median": p50, "range": {"low": p25, "high": p75},
                 "percentiles": {"p10": p10, "p25": p25, "p50": p50, "p75": p75, "p90": p90},
                 "warnings": list(chunk.warnings(i))}
                for i, (bad, (p10, p25, p50, p75, p90)) in enumerate(zip(chunk.bad, rounded))]
