"""Reading a data file: load it, validate it against the schema, index its names for lookup."""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from iasalaire import records
from iasalaire.errors import DataFileError, UnknownValue
from iasalaire.records import City, Country, DataFile, Entry, Level, PriceLevel
from iasalaire.text import closest, key

if TYPE_CHECKING:
    from pydantic import ValidationError

PACKAGED = "data/baseline.json"
# Built-in data files a bare name selects (--data article); a file of that name is reached
# through a directory (--data ./dir/article or an absolute path).
BUILT_IN = {"baseline": "data/baseline.json", "article": "data/article.json"}
# The largest data file read (the baseline is ~0.2 MiB): a bigger one, /dev/zero or an endless
# pipe given to --data is refused after reading at most this much plus one byte.
MAX_DATA_BYTES = 64 * 1024 * 1024

# Profile field -> the data file's list it is looked up in.
LISTS = {
    "level": "levels",
    "city": "cities",
    "country": "countries",
    "sector": "sectors",
    "company": "companies",
    "role": "roles",
    "certs": "certs",
    "skills": "skills",
    "remote": "remote",
}
# How a value of that field is called in messages ("unknown cert 'x'").
SINGULAR = {"certs": "cert", "skills": "skill"}


@dataclass(frozen=True)
class Data:
    """A validated data file with its names indexed (case-, accent- and punctuation-blind).
    `file` is the file as records (see records.py), whether it was validated by schema.py's
    pydantic models (a user's file) or trusted (a packaged one)."""

    file: DataFile
    path: str
    sha256: str
    _names: dict[str, dict[str, Any]] = field(repr=False)  # filled per field on first use
    _curve: tuple[tuple[float, ...], tuple[float, ...]] = field(repr=False)
    # Pairwise adjustments by their two dimensions, then by their two values.
    interactions: dict[tuple[str, ...], dict[tuple[str, ...], Any]] = field(repr=False)
    # Resolved parts of profiles (see core.part): batch meets the same values again and again.
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def version(self) -> str:
        return self.file.version

    def names(self, field_name: str) -> dict[str, Any]:
        """Every name of the field's list (id, label, aliases) as a key -> its entry; built on
        first use, since one estimate touches a few lists of the file's thousand names."""
        found = self._names.get(field_name)
        if found is None:
            found = self._names[field_name] = _index(self.entries(field_name))
        return found

    def entries(self, field_name: str) -> list[Any]:
        if field_name == "level":
            return list(self.file.experience.levels)
        return list(getattr(self.file, LISTS[field_name]))

    def find(self, field_name: str, value: str) -> Any | None:
        found = self.names(field_name).get(key(value))
        return found if found is not None else self._in_french(field_name, value)

    def lookup(self, field_name: str, value: str) -> Any:
        """The entry `value` names in the list of `field_name`, or UnknownValue."""
        found = self.find(field_name, value)
        if found is None:
            raise self.unknown(field_name, value)
        return found

    def _in_french(self, field_name: str, value: str) -> Any | None:
        """French input ('Santé', 'Londres', 'ingénieur IA'): the entry whose label the French
        catalogue translates so (read only when a name is not found in English)."""
        from iasalaire.i18n import french_keys

        english = french_keys().get(key(value))
        return None if english is None else self.names(field_name).get(key(english))

    def unknown(self, field_name: str, value: str, extra: list[str] | None = None) -> UnknownValue:
        names = [n for e in self.entries(field_name) for n in (e.label, e.id, *e.aliases)]
        return UnknownValue(
            SINGULAR.get(field_name, field_name), value, closest(value, names + (extra or []))
        )

    def price_level(self, city: str | None) -> PriceLevel | None:
        """How expensive a city is (by id), when the data file says."""
        return next((p for p in self.file.price_levels if p.city == city), None)

    def country(self, code: str) -> Country | None:
        found = self.names("country").get(key(code))
        return found if isinstance(found, Country) else None  # a record of records.py

    def experience_at(self, years: float) -> tuple[float, int, int]:
        """Multiplier at `years` on the curve (log-linear between anchors, flat outside them),
        with the indexes of the anchors below and above."""
        xs, logs = self._curve
        if years <= xs[0]:
            return math.exp(logs[0]), 0, 0
        for i in range(1, len(xs)):
            if years == xs[i]:
                return math.exp(logs[i]), i, i
            if years < xs[i]:
                t = (years - xs[i - 1]) / (xs[i] - xs[i - 1])
                return math.exp(logs[i - 1] + t * (logs[i] - logs[i - 1])), i - 1, i
        last = len(xs) - 1
        return math.exp(logs[last]), last, last


def _index(entries: list[Entry] | list[Level] | list[City] | list[Country]) -> dict[str, Any]:
    names: dict[str, Any] = {}
    for entry in entries:
        for name in (entry.id, entry.label, *entry.aliases):
            names.setdefault(key(name), entry)
    return names


def build(file: DataFile, path: str, sha256: str) -> Data:
    curve = file.experience.curve
    xs = tuple(a.years for a in curve)
    logs = tuple(math.log(a.multiplier) for a in curve)
    interactions: dict[tuple[str, ...], dict[tuple[str, ...], Any]] = {}
    for item in file.interactions:
        interactions.setdefault(item.dimensions, {})[item.values] = item
    return Data(file=file, path=path, sha256=sha256, _names={}, _curve=(xs, logs),
                interactions=interactions)


def validation_messages(error: ValidationError) -> list[str]:
    """Pydantic errors as 'field.path: message' lines."""
    lines = []
    for problem in error.errors(include_url=False):
        path = ""
        for part in problem["loc"]:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {message}" if path else message)
    return lines


def parse(raw: bytes, path: str, trusted: bool = False) -> Data:
    """Validate `raw` against the schema (schema.py's pydantic models) and read it into
    records; the packaged files, which the build and the test suite validate, are read
    straight into records (records.build), without pydantic: start-up is the cost of Typer
    plus a little. A packaged file that does not fit (an edited install) is validated."""
    if trusted:
        try:
            return build(records.build(DataFile, orjson.loads(raw)), path,
                         hashlib.sha256(raw).hexdigest())
        except Exception:  # noqa: BLE001 - an edited install: validate and say what is wrong
            pass
    return build(validated(raw, path), path, hashlib.sha256(raw).hexdigest())


def validated(raw: bytes, path: str) -> DataFile:
    """`raw` checked by schema.DataFile (every check of `data validate`), as records."""
    from pydantic import ValidationError

    from iasalaire import schema

    try:
        # Strict: in a data file numbers are numbers ("1.1" as a string is an error).
        file = schema.DataFile.model_validate_json(raw, strict=True)
    except ValidationError as error:
        lines = validation_messages(error)
        shown = "\n  ".join(lines[:20]) + ("\n  ..." if len(lines) > 20 else "")
        raise DataFileError(f"invalid data file {path}:\n  {shown}") from None
    found: DataFile = records.from_model(DataFile, file)
    return found


def packaged_path(name: str = "baseline") -> Path:
    """A built-in data file shipped in the wheel; in a source checkout, the repository's data/.

    A path beside this module rather than importlib.resources: the package is never zipped,
    and importing importlib.resources costs a tenth of the start-up budget."""
    relative = BUILT_IN[name]
    shipped = Path(__file__).parent / relative
    if shipped.is_file():
        return shipped
    return Path(__file__).resolve().parents[2] / relative


def built_in(path: str | os.PathLike[str] | None) -> str | None:
    """The built-in data file a --data value names ('article'), or None for a path."""
    if path is None:
        return "baseline"
    text = os.fspath(path)
    return text if isinstance(text, str) and text in BUILT_IN else None


def load_data(path: str | os.PathLike[str] | None = None) -> Data:
    """Load and validate a data file (the packaged baseline when `path` is None; a built-in
    file when it is one of BUILT_IN's names: 'article')."""
    name = built_in(path)
    target = packaged_path(name) if name is not None else Path(path)  # type: ignore[arg-type]
    try:
        stat = target.stat()
    except OSError as error:
        raise DataFileError(f"cannot read data file {target}: {error.strerror}") from None
    if stat.st_size > MAX_DATA_BYTES:  # a regular file says its size: no need to read it
        raise _too_large(target)
    return _load(str(target), stat.st_mtime_ns, stat.st_size, name is not None)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int, trusted: bool) -> Data:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_DATA_BYTES + 1)  # devices and pipes say size 0
    except OSError as error:
        raise DataFileError(f"cannot read data file {path}: {error.strerror}") from None
    if len(raw) > MAX_DATA_BYTES:
        raise _too_large(path)
    return parse(raw, path, trusted)


def _too_large(path: str | os.PathLike[str]) -> DataFileError:
    return DataFileError(f"data file {path} is larger than {MAX_DATA_BYTES // 2**20} MiB, "
                         "the limit for a data file")
