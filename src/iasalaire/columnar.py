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
from pydantic import ValidationError

from iasalaire import core
from iasalaire.data import Data
from iasalaire.schema import PROFILE_FIELDS, Profile

CHUNK_SIZE = 4096  # records priced together: large enough for numpy, small enough to stay flat
VALUES_KEPT = 50_000  # validated raw values remembered per field; cleared when full
_BAD = object()  # a raw value the Profile model rejects: the record goes the exact path
_MISSING = object()
# What a field is when a record leaves it out (as a Profile's defaults).
_ABSENT: dict[str, Any] = {name: None for name in PROFILE_FIELDS} | {"certs": (), "skills": ()}


class Engine:
    """Prices chunks of records (mappings of profile fields) against one data file."""

    def __init__(self, data: Data) -> None:
        self.data = data
        # Per field: raw value (a list as a tuple) -> the validated value, or _BAD.
        self.valid: dict[str, dict[Any, Any]] = {name: {} for name in PROFILE_FIELDS}

    def validated(self, name: str, raw: Any) -> Any:
        """The value the Profile model gives `raw` as field `name` (fields are validated one
        by one, so a single-field Profile says exactly what a whole record's would)."""
        try:
            value = getattr(Profile.model_validate({name: raw}), name)
        except ValidationError:
            value = _BAD
        memo = self.valid[name]
        if len(memo) >= VALUES_KEPT:
            memo.clear()
        memo[raw] = value
        return value

    def fields(self, record: Any) -> dict[str, Any] | None:
        """The record's validated fields, or None when the exact path must speak."""
        if record.__class__ is not dict:
            return None
        fields = dict(_ABSENT)
        valid = self.valid
        for name, raw in record.items():
            memo = valid.get(name)
            if memo is None:
                return None  # an unknown field: the exact path names it
            kind = raw.__class__
            if kind is list:
                raw = tuple(raw)  # hashable; the model reads a tuple as it reads a list
            elif kind is bool or kind is dict:
                return None  # True == 1 as a key; never valid for any field anyway
            value = memo.get(raw, _MISSING)
            if value is _MISSING:
                value = self.validated(name, raw)
            if value is _BAD:
                return None
            fields[name] = value
        return fields

    def resolved(self, record: Any) -> core.Resolved | None:
        try:
            fields = self.fields(record)
            return None if fields is None else core.resolve(self.data, fields)
        except Exception:  # noqa: BLE001 - unhashable, unknown, inconsistent: the exact path says
            return None

    def numbers(self, settled: list[core.Resolved]) -> tuple[Any, dict[str, Any]]:
        """core.numbers for a chunk: one array per dimension group and per percentile."""
        multipliers = np.array([r.multipliers for r in settled]).T  # one row per group
        scales = {name: np.array([r.scale.scales[name] for r in settled]) for name in core.Z}
        return core.numbers(self.data.file.base.median, list(multipliers), scales)

    def estimates(self, records: Sequence[Any]) -> list[core.Estimate | None]:
        """Per record, its Estimate, or None for a record the exact path must price."""
        found = [self.resolved(record) for record in records]
        settled = [r for r in found if r is not None]
        if not settled:
            return [None] * len(found)
        medians, percentiles = self.numbers(settled)
        columns = [percentiles[name].tolist() for name in core.Z]
        rows = iter(zip(settled, medians.tolist(), *columns))
        estimates: list[core.Estimate | None] = []
        for result in found:
            if result is None:
                estimates.append(None)
                continue
            resolved, median, *values = next(rows)
            estimates.append(core.finished(self.data, resolved, median,
                                           dict(zip(core.Z, values))))
        return estimates

    def figures(self, records: Sequence[Any]) -> list[dict[str, Any] | None]:
        """Per record, batch's good-record document ({"ok": true, "median", "range",
        "percentiles", "warnings"}), or None for a record the exact path must price."""
        found = [self.resolved(record) for record in records]
        settled = [r for r in found if r is not None]
        if not settled:
            return [None] * len(found)
        _, percentiles = self.numbers(settled)
        table = np.column_stack([percentiles[name] for name in core.Z])
        rounded = (np.rint(table / core.ROUND_TO) * core.ROUND_TO).astype(np.int64).tolist()
        documents: list[dict[str, Any] | None] = []
        rows = iter(zip(settled, rounded))
        for result in found:
            if result is None:
                documents.append(None)
                continue
            resolved, (p10, p25, p50, p75, p90) = next(rows)
            documents.append({"ok": True, "median": p50, "range": {"low": p25, "high": p75},
                              "percentiles": {"p10": p10, "p25": p25, "p50": p50,
                                              "p75": p75, "p90": p90},
                              "warnings": list(resolved.warnings)})
        return documents
