"""Which column (CSV) or key (JSON) gives which profile field, for `iasalaire batch`.

Names are matched case-, accent-, space- and punctuation-blind (text.key), through the aliases
below and the user's `--map "Column=field"`. A CSV header is checked once, before any row:
every column must be a profile field, mapped, or kept (`--keep Name,id` or `--keep all`);
otherwise exit 2 naming every unknown column at once. In JSON, a record's unknown keys make
that record bad, whatever their values, so every record is judged the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from typing import Any

from iasalaire.errors import InvalidValue, clipped, printable
from iasalaire.schema import PROFILE_FIELDS
from iasalaire.text import close_match, key, keys_of

# Column names found in HR exports and surveys, English and French (matched as text.key forms).
ALIASES: dict[str, tuple[str, ...]] = {
    "years": ("exp", "experience", "years of experience", "years experience",
              "experience years", "yoe", "annees d experience", "annees experience"),
    "level": ("seniority", "experience level", "niveau"),
    "city": ("location", "metro", "ville"),
    "country": ("country code", "employee residence", "residence", "pays"),
    "sector": ("industry", "secteur"),
    "company": ("company size", "company type", "employer size", "entreprise",
                "taille entreprise"),
    "role": ("title", "job title", "job", "position", "poste", "intitule du poste"),
    "certs": ("cert", "certifications", "certification", "certificates"),
    "skills": ("skill", "competences", "tech stack"),
    "remote": ("remote ratio", "remote share", "remote work", "teletravail"),
}
ACCEPTED: dict[str, str] = {key(f): f for f in PROFILE_FIELDS}
ACCEPTED.update({key(alias): field for field, names in ALIASES.items() for alias in names})
PROFILE_SET = frozenset(PROFILE_FIELDS)
KEEP_KEY = "keep"  # JSON Lines output: the kept columns, {"name": value}


@dataclass(frozen=True)
class Options:
    """How `batch` reads names: --map (column key -> field) and --keep."""

    mapping: tuple[tuple[str, str], ...] = ()  # (column as typed, profile field)
    keep: tuple[str, ...] = ()
    keep_all: bool = False

    @property
    def plain(self) -> bool:
        return not (self.mapping or self.keep or self.keep_all)

    def field_of(self, name: str) -> str | None:
        wanted = key(name)
        for column, field in self.mapping:
            if key(column) == wanted:
                return field
        return ACCEPTED.get(wanted)

    @cached_property
    def keep_keys(self) -> frozenset[str]:
        return frozenset(key(k) for k in self.keep)

    def kept(self, name: str) -> bool:
        return self.keep_all or key(name) in self.keep_keys


def parse_options(maps: Sequence[str], keeps: Sequence[str]) -> Options:
    """--map "Column=field" (repeatable) and --keep a,b (repeatable, or 'all'); exit 2 if bad."""
    mapping: list[tuple[str, str]] = []
    for item in maps:
        column, sep, field = item.partition("=")
        if not sep or not key(column) or not field.strip():
            raise InvalidValue(f"--map '{item}': write it as \"Column=field\"", "map")
        target = ACCEPTED.get(key(field))
        if target is None:
            raise InvalidValue(f"--map '{item}': '{field.strip()}' is not a profile field "
                               f"({', '.join(PROFILE_FIELDS)})", "map")
        earlier = next((t for c, t in mapping if key(c) == key(column)), None)
        if earlier is not None and earlier != target:
            raise InvalidValue(f"--map gives column '{printable(clipped(column.strip()))}' "
                               f"twice ({earlier} and {target}): give it once", "map")
        mapping.append((column.strip(), target))
    names = [n.strip() for item in keeps for n in item.split(",") if n.strip()]
    keep_all = any(key(n) == "all" for n in names)
    return Options(tuple(mapping), tuple(n for n in names if key(n) != "all"), keep_all)


def _did_you_mean(name: str) -> str:
    close = close_match(key(name), tuple(ACCEPTED), 0.7)
    return f" (did you mean '{ACCEPTED[close[0]]}'?)" if close else ""


SHOWN_NAMES = 5  # a message names at most this many unknown keys or columns, then counts


def _quoted(names: Iterable[str]) -> str:
    return _listed(list(names), lambda n: f"'{printable(clipped(n))}'")


def _unknown(names: list[Any], total: int | None = None) -> str:
    """Unknown names for a message: the first few with 'did you mean', then how many more
    (of `total`, when only the first few were kept)."""
    return _listed(names, lambda n: f"'{printable(clipped(str(n)))}'{_did_you_mean(str(n))}",
                   total)


def _listed(names: list[Any], shown: Callable[[Any], str], total: int | None = None) -> str:
    text = ", ".join(shown(n) for n in names[:SHOWN_NAMES])
    more = (len(names) if total is None else total) - SHOWN_NAMES
    return text + (f" and {more:,} more" if more > 0 else "")


ACCEPTED_NAMES = ("accepted names: " + ", ".join(PROFILE_FIELDS)
                  + " (and aliases such as 'Years of experience', 'Location', 'Job title')")


@dataclass(frozen=True)
class Header:
    """A checked CSV header: the field each column gives (None: kept only) and what is kept."""

    names: tuple[str, ...]
    fields: tuple[str | None, ...]
    kept: tuple[int, ...]  # column positions carried to the output

    @property
    def width(self) -> int:
        return len(self.names)

    @property
    def kept_names(self) -> tuple[str, ...]:
        return tuple(self.names[i] for i in self.kept)


def check_header(cells: list[str], options: Options) -> Header:
    """The header's plan, or InvalidValue (exit 2) naming every problem's column at once."""
    names = [c.strip().lstrip("\ufeff").strip() for c in cells]
    while names and not names[-1]:  # spreadsheets end lines with a delimiter: no column
        names.pop()
    if not names:
        raise InvalidValue("the header row names no column", "header")
    for position, name in enumerate(names, 1):
        if any("\udc80" <= c <= "\udcff" for c in name):  # undecodable bytes (surrogateescape)
            raise InvalidValue(f"the header row's column {position} is not valid text in "
                               "the file's encoding (give --encoding)", "header")
        if not name:
            raise InvalidValue(f"the header row has no name for column {position}", "header")
    seen: dict[str, str] = {}
    for name in names:
        if key(name) in seen:
            raise InvalidValue(f"the header row names '{name}' twice", "header")
        seen[key(name)] = name
    fields = [options.field_of(n) for n in names]
    given: dict[str, str] = {}
    for name, field in zip(names, fields):
        if field is not None:
            if field in given:
                raise InvalidValue(f"columns '{given[field]}' and '{name}' both give {field}: "
                                   "drop one, or --keep it under --map", "header")
            given[field] = name
    for column, _ in options.mapping:
        if key(column) not in seen:
            raise InvalidValue(f"--map names a column the header does not have: '{column}' "
                               f"(columns: {_quoted(names)})", "map")
    for name in options.keep:
        if key(name) not in seen:
            raise InvalidValue(f"--keep names a column the header does not have: '{name}' "
                               f"(columns: {_quoted(names)})", "keep")
    kept = [i for i, (n, f) in enumerate(zip(names, fields))
            if key(n) in options.keep_keys or (options.keep_all and f is None)]
    unknown = [n for i, (n, f) in enumerate(zip(names, fields)) if f is None and i not in kept]
    if unknown:
        shown = _unknown(unknown)
        first = unknown[0]
        raise InvalidValue(
            f"unknown column{'s' if len(unknown) > 1 else ''} {shown}; {ACCEPTED_NAMES}. "
            f"--map \"{first}=field\" reads a column as a profile field, --keep \"{first}\" "
            "(or --keep all) carries it to the output", "header")
    return Header(tuple(names), tuple(fields), tuple(kept))


class Keys:
    """JSON records: keys read like CSV columns; unknown keys make the record bad. The work per
    key is small and constant: a record of 60,000 unknown keys costs about what its parsing
    does (the keys are folded together, see text.keys_of, and a message keeps a few)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.fields: dict[str, str | None] = {}  # key as written -> field (None: unknown)
        # a --map column's key form -> its field (the first --map of a column wins)
        self.mapped: dict[str, str] = {}
        for column, target in options.mapping:
            self.mapped.setdefault(key(column), target)
        # every key form a field, a --map or a --keep names
        self.known_forms = frozenset(ACCEPTED) | frozenset(self.mapped) | options.keep_keys

    def field_of(self, name: str) -> str | None:
        found = self.fields.get(name, "?")
        if found == "?":
            if len(self.fields) > 10_000:  # hostile input with endless distinct keys
                self.fields.clear()
            found = self.options.field_of(name)
            if len(name) <= 256:  # a longer key is no field: not worth remembering
                self.fields[name] = found
        return found

    def split(self, record: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """(the profile fields, the kept values or None); InvalidValue for unknown keys."""
        options = self.options
        if options.plain and record.keys() <= PROFILE_SET:
            return record, None  # the common case costs one set comparison
        names = list(record)
        if len(names) >= MANY_KEYS:  # JSON keys are text (keys_of checks)
            return self._split_many(record, names)
        fields: dict[str, Any] = {}
        source: dict[str, str] = {}
        unknown = []
        for name, value in record.items():
            field = self.field_of(name) if isinstance(name, str) else None
            if field is None:
                if not (isinstance(name, str) and options.kept(name)):
                    unknown.append(name)
                continue
            if field in source:
                raise InvalidValue(f"'{source[field]}' and '{name}' both give {field}", field)
            source[field], fields[field] = name, value
        if unknown:
            raise UnknownKeys(unknown, len(unknown))
        return fields, self.kept(record)

    def _split_many(self, record: dict[str, Any], names: list[str]
                    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """split() for a record of many keys, at a small constant cost a key: the keys are
        folded together (text.keys_of), the few a field or --keep knows are found by set
        intersection, and the message keeps the first few unknown ones and counts the rest."""
        options = self.options
        forms = keys_of(names)
        known = sorted(i for form in self.known_forms.intersection(forms)
                       for i in _positions(forms, form))
        fields: dict[str, Any] = {}
        source: dict[str, str] = {}
        given = set()
        for i in known:
            field = self.mapped.get(forms[i]) or ACCEPTED.get(forms[i])
            if field is None:  # a --keep column
                continue
            given.add(i)
            name = names[i]
            if field in source:
                raise InvalidValue(f"'{source[field]}' and '{name}' both give {field}", field)
            source[field], fields[field] = name, record[name]
        if not options.keep_all and len(known) < len(names):
            skipped = set(known)
            first = list(islice((n for i, n in enumerate(names) if i not in skipped),
                                SHOWN_NAMES))
            raise UnknownKeys(first, len(names) - len(known))
        kept: dict[str, Any] | None = None
        if options.keep or options.keep_all:
            kept = {}
            for name in options.keep:  # every named key, null when the record lacks it
                at = _positions(forms, key(name))[:1]
                kept[name] = record[names[at[0]]] if at else None
            if options.keep_all:
                kept.update({n: record[n] for i, n in enumerate(names) if i not in given})
        return fields, kept

    def kept(self, record: dict[str, Any]) -> dict[str, Any] | None:
        options = self.options
        if not (options.keep or options.keep_all):
            return None
        names = list(record)
        if len(names) >= MANY_KEYS:
            forms = keys_of(names)
            kept: dict[str, Any] = {}
            for name in options.keep:
                at = _positions(forms, key(name))[:1]
                kept[name] = record[names[at[0]]] if at else None
        else:
            kept = {name: next((v for k, v in record.items() if key(k) == key(name)), None)
                    for name in options.keep}  # every named key, null when the record lacks it
        if options.keep_all:
            kept.update({k: v for k, v in record.items() if self.field_of(k) is None})
        return kept


MANY_KEYS = 64  # a record with this many keys is read by Keys._split_many


def _positions(forms: list[str], form: str) -> list[int]:
    """Where `form` is in `forms` (a few places: list.index, without a loop a key)."""
    found: list[int] = []
    at = -1
    while True:
        try:
            at = forms.index(form, at + 1)
        except ValueError:
            return found
        found.append(at)


class UnknownKeys(InvalidValue):
    """A record's unknown keys: the first few named, the others counted."""

    def __init__(self, first: list[Any], count: int) -> None:
        plural = "s" if count > 1 else ""
        super().__init__(f"unknown field{plural} {_unknown(first, count)}", first[0])
        self.count = count
