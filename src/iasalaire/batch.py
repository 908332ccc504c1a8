"""`iasalaire batch`: price a stream of profiles, one output record per input record.

The pipeline is a chain of generators, so memory stays flat whatever the input size:
    decoded (any encoding -> UTF-8 bytes) -> read_lines (bytes, numbered)
    -> jsonl_outcomes / CsvInput.outcomes / json_array_outcomes (line, Outcome)
    -> write_jsonl / write_csv (bytes out, counted).
Column and key names go through columns.py (aliases, --map, --keep).
Each profile goes through the same `api.make_profile` and `core.estimate` as `estimate --json`;
the only shortcut is a bounded cache from a record's raw text to its finished output, because
the same text always gives the same result (validation stays exactly as strict).
"""

from __future__ import annotations

import codecs
import collections
import csv
import functools
import gc
import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO

import orjson

from iasalaire import core
from iasalaire.api import make_profile
from iasalaire.columns import KEEP_KEY, Header, Keys, Options, UnknownKeys, check_header
from iasalaire.data import Data
from iasalaire.errors import (
    DataFileError,
    ExitCode,
    IasalaireError,
    InvalidValue,
    UnknownValue,
    clipped,
    printable,
)
from iasalaire.money import Money, Presentation
from iasalaire.text import FORMULA_START, neutralise, safe_cell  # noqa: F401 - one rule
from iasalaire.titles import parse_decimal

MAX_LINE_BYTES = 1024 * 1024  # a longer line is a bad record, read past without keeping it
# Distinct records remembered: bounded so memory stays flat, and grown (to CACHE_MAX) only
# while at least half the records are repeats, so varied input does not fill memory.
CACHE_SIZE = 16_384
CACHE_MAX = 65_536
_LIST_SPLIT = re.compile(r"[;,]")  # as the Profile model splits certs and skills
# ... and bounded by bytes too: a record over CACHE_RECORD_BYTES is never remembered (nor held
# for its chunk: it is priced at once), and the cache is emptied when its keys and values
# reach CACHE_BYTES (distinct 1 MB lines must not fill memory).
CACHE_RECORD_BYTES = 4096
CACHE_BYTES = 8 * 1024 * 1024
# Records waiting for their chunk are priced early once their text reaches this many bytes.
CHUNK_BYTES = 4 * 1024 * 1024
CSV_COLUMNS = ("line", "ok", "median", "low", "high", "p10", "p25", "p50", "p75", "p90",
               "warnings", "error_field", "error_message")
SUFFIXES = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}
_BOM = b"\xef\xbb\xbf"
# Byte-order marks of the encodings that are not ASCII-compatible (Excel's "Unicode text").
_WIDE_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
              (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
DELIMITERS = ",;\t|"  # sniffed from the header line, in this order of preference on a tie
CHUNK = 65_536
# A quoted CSV cell may hold line breaks, but one that runs this far is a stray quote.
MAX_QUOTED_LINES = 100
MAX_QUOTED_CHARS = 65_536
CHUNK_RECORDS = 8192  # records priced together by the columnar engine
PROGRESS_EVERY = 64  # records read between two updates of the progress bar (by bytes read)

Line = tuple[int, bytes | None]  # (line number from 1, the line; None when it was too long)


class BadRecord(InvalidValue):
    """A record that is not a profile at all (malformed JSON, not an object, too long...)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """A record's result without its line number, already rendered for the output format
    (JSON Lines: the document's bytes after its opening brace; CSV: the cells after `line`),
    so that the cache holds small finished values and a repeat costs one dict lookup."""

    ok: bool
    value: Any
    # Bad: the causes of its problems ("unknown role"); good: the fields --lenient read as not
    # given ("role"). Counted by the writer, so a cached repeat counts as its first did.
    tally: tuple[str, ...] = ()


Render = Callable[[dict[str, Any]], Any]


class Pending(Outcome):
    """A record waiting for its chunk (see Pricer.settle), filled in place when the chunk is
    priced, so that a cache entry made before then is right when it is read."""

    __slots__ = ("record", "base", "kept", "result", "notes")
    __hash__ = object.__hash__  # one per record until priced: identity, not value
    __eq__ = object.__eq__
    __setattr__ = object.__setattr__  # mutable, unlike the Outcome it stands for

    def __init__(self, record: Any, base: Pending | None = None,
                 kept: dict[str, Any] | None = None) -> None:
        self.record = record  # ok and value stay unset: settle() reads `result` instead
        self.base = base  # set for a record's outcome with its kept columns attached
        self.kept = kept
        self.result: Outcome | None = None
        # --lenient: (the record as given, the notes, the fields dropped) when values already
        # known to be unknown were taken out before the engine priced it
        self.notes: tuple[Any, list[str], tuple[str, ...]] | None = None


class Trail:
    """What the rounds of Pricer.price_chunk found in one record so far: its problems, and
    with --lenient the values read as not given (the notes and the fields dropped)."""

    __slots__ = ("problems", "notes", "dropped")

    def __init__(self) -> None:
        self.problems: list[IasalaireError] = []
        self.notes: list[str] = []
        self.dropped: list[str] = []

    def met(self, error: IasalaireError, rest: dict[str, Any] | None, pricer: Pricer) -> bool:
        """Record one error, as price_exact does; whether the record goes on without it."""
        if rest is None:
            self.problems.append(error)
            return False
        if pricer.lenient and isinstance(error, UnknownValue):
            self.notes.append(f"{error.message}: read as not given (--lenient)")
            self.dropped.append(str(error.field))
            pricer.learn(error, self.notes[-1])
        else:
            self.problems.append(error)
        return True

    def failure(self, pricer: Pricer) -> Outcome:
        first = self.problems[0] if self.problems else InvalidValue("too many problems")
        return pricer.failure(first.field, first.message, self.problems)


def jsonl_tail(document: dict[str, Any]) -> bytes:
    """The document without its opening brace, ready for b'{"line":N,' in front."""
    return orjson.dumps(document)[1:]


def read_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[Line]:
    """Number the lines of a binary stream, never holding more than `limit` bytes of one."""
    readline = stream.readline
    number = 0
    while True:
        line = readline(limit + 1)
        if not line:
            return
        number += 1
        if number == 1 and line.startswith(_BOM):  # spreadsheets write one; it is not data
            line = line[len(_BOM):]
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # drain the rest of the enormous line in bounded chunks
                rest = readline(limit)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
        else:
            yield number, line


class Pricer:
    """Turns one record (a mapping of profile fields) into an Outcome, with a bounded cache."""

    def __init__(self, data: Data, explain: bool = False, render: Render = jsonl_tail,
                 cache_size: int = CACHE_SIZE, keys: Keys | None = None,
                 keep_names: tuple[str, ...] = (), encoding: str = "UTF-8",
                 shown: Presentation | None = None, decimal: str = ".",
                 lenient: bool = False) -> None:
        self.data = data
        self.decimal = decimal  # --decimal ,: "4,5" years is 4.5
        self.lenient = lenient  # --lenient: an unknown value of a closed list is not given
        self.unknown: dict[tuple[str, str], tuple[str, str]] = {}  # (field, value) -> note
        self.unknown_fields: set[str] = set()
        self.explain = explain
        self.shown = shown  # --currency: amounts in another currency (each record says which)
        self.render = render
        self.cache_size = cache_size
        self.cache: dict[Any, Outcome] = {}
        self.shared: dict[Outcome, Outcome] = {}
        self.keys = keys if keys is not None else Keys(Options())
        self.keep_names = keep_names  # CSV output: the kept columns, in this order
        self.encoding = encoding  # named in "invalid ..." messages
        self.queue: list[Pending] = []
        self.seen = self.priced = 0  # records settled, and those the engine priced
        self.cache_bytes = 0  # text of the cache's keys
        self.held_bytes = 0  # text of the records waiting for their chunk
        self.engine: Any = None
        if not explain:  # factors are built by the exact path only
            from iasalaire.columnar import Engine

            self.engine = Engine(data, any_title=lenient)

    def remember(self, key: Any, outcome: Outcome) -> Outcome:
        cache = self.cache
        size = len(key) if key.__class__ is not tuple else sum(map(len, key))
        self.held_bytes += size
        if self.cache_size <= 0 or size > CACHE_RECORD_BYTES:
            return outcome
        value = outcome.value if outcome.__class__ is not Pending else None
        self.cache_bytes += size + (len(value) if value.__class__ is bytes else 0)
        if self.cache_bytes > CACHE_BYTES:
            self.make_room()
            self.cache_bytes = size
        if outcome.__class__ is Pending:  # one per record: nothing to share
            if len(cache) >= self.cache_size:
                self.make_room()
            cache[key] = outcome
            return outcome
        if len(cache) >= self.cache_size:
            self.make_room()
        # Many inputs round to the same figures: equal outcomes share one object, so an entry
        # costs little more than its key and the cache can be larger for the same memory.
        shared = self.shared
        if len(shared) >= self.cache_size:
            shared.clear()
        cache[key] = outcome = shared.setdefault(outcome, outcome)
        return outcome

    def make_room(self) -> None:
        """Empty the full cache: dropping the oldest one by one leaves dummies at the front of
        the dict that every next(iter()) walks again (quadratic on varied input)."""
        self.cache.clear()
        self.cache_bytes = 0
        if self.seen and self.priced * 2 <= self.seen:  # repeats pay: a larger cache
            self.cache_size = min(self.cache_size * 2, CACHE_MAX)
        self.seen = self.priced = 0

    def price(self, fields: Any, size: int = 0) -> Outcome:
        """The record's outcome, or a Pending one that settle() fills with the columnar engine.
        A record of over CACHE_RECORD_BYTES of text (`size`) is priced at once, by the exact
        path: no profile is that long, and holding it for its chunk would keep it in memory."""
        if self.decimal != "." and isinstance(fields, dict) and isinstance(
                fields.get("years"), str):
            fields = {**fields, "years": parse_decimal(fields["years"], self.decimal)}
        if self.engine is None or not isinstance(fields, dict) or size > CACHE_RECORD_BYTES:
            return self.price_exact(fields)
        notes = None
        if self.unknown and self.render is jsonl_tail and self.shown is None:
            stripped = self.strip_unknown(fields)
            if stripped is not None:
                notes, fields = (fields, stripped[1], stripped[2]), stripped[0]
        pending = Pending(fields)
        pending.notes = notes
        self.queue.append(pending)
        return pending

    def strip_unknown(self, fields: dict[str, Any]
                      ) -> tuple[dict[str, Any], list[str], tuple[str, ...]] | None:
        """--lenient: the record without the values already met as unknown (each distinct bad
        value goes the slow exact path once, not once per record), or None when it has none."""
        unknown = self.unknown
        rest, notes, dropped = fields, [], []
        for name in self.unknown_fields.intersection(fields):
            value = fields[name]
            if name in ("certs", "skills"):
                items = _LIST_SPLIT.split(value) if isinstance(value, str) else value
                if not isinstance(items, list):
                    continue
                bad = [unknown[(name, v.strip())] for v in items
                       if isinstance(v, str) and (name, v.strip()) in unknown]
                if bad:
                    rest = dict(rest) if rest is fields else rest
                    rest[name] = [v for v in items if not (
                        isinstance(v, str) and (name, v.strip()) in unknown)]
                    notes += [note for note, _ in bad]
                    dropped += [field for _, field in bad]
            elif isinstance(value, str) and (name, value.strip()) in unknown and not (
                    name == "city" and "country" in fields):
                rest = dict(rest) if rest is fields else rest
                del rest[name]
                note, field_name = unknown[(name, value.strip())]
                notes.append(note)
                dropped.append(field_name)
        return None if rest is fields else (rest, notes, tuple(dropped))

    def settle(self, outcomes: Iterable[tuple[int, Outcome]],
               chunk: int = CHUNK_RECORDS) -> Iterator[tuple[int, Outcome]]:
        """The outcomes in order, every Pending one priced, a chunk of records at a time."""
        held: list[tuple[int, Outcome]] = []
        hold = held.append
        for item in outcomes:
            hold(item)
            if len(held) >= chunk or self.held_bytes > CHUNK_BYTES:  # bounded either way
                yield from self.flush(held)
                held = []
                hold = held.append
        yield from self.flush(held)

    def flush(self, held: list[tuple[int, Outcome]]) -> Iterator[tuple[int, Outcome]]:
        queue, self.queue = self.queue, []
        self.held_bytes = 0
        self.seen += len(held)
        self.priced += len(queue)
        if queue:
            self.price_chunk(queue)
        settled = self.settled
        for number, outcome in held:
            yield number, outcome.result if outcome.__class__ is Pending and outcome.result \
                else settled(outcome)

    def price_chunk(self, queue: list[Pending]) -> None:
        """Fill in every Pending of the queue: its record priced by the columnar engine, a
        chunk at a time. A record the engine stops on an error of its resolution (an unknown
        city, say) is priced again without that field, in a chunk with the others so stopped,
        as price_exact does field by field, so that a bad record costs a few good ones and
        its bad value is resolved once. A record the engine cannot tell (a value the Profile
        model refuses, an unusual type) goes the exact path."""
        work: list[tuple[Pending, Any, Trail]] = [(p, p.record, Trail()) for p in queue]
        for _ in range(MAX_PROBLEMS):
            if not work:
                return
            values = self.chunk_values([fields for _, fields, _ in work])
            stopped = self.engine.stopped
            again = []
            for (pending, fields, trail), value, error in zip(work, values, stopped):
                if value is not None:
                    pending.result = self.finished(pending, value, trail)
                elif pending.notes is None and isinstance(error, IasalaireError):
                    rest = self.without(fields, error)
                    if trail.met(error, rest, self):
                        again.append((pending, rest, trail))
                        continue
                    pending.result = trail.failure(self)
                else:
                    original = pending.record if pending.notes is None else pending.notes[0]
                    pending.result = self.price_exact(original)
                pending.record = pending.notes = None
            work = again
        for pending, _, trail in work:  # as many problems as price_exact tells at most
            pending.result = trail.failure(self)
            pending.record = pending.notes = None

    def chunk_values(self, records: list[Any]) -> list[Any]:
        """The engine's output per record (None: it stopped): JSON Lines tails, CSV documents,
        or --currency's estimates; see finished()."""
        if self.render is jsonl_tail and self.shown is None:
            return self.engine.jsonl_tails(records)  # type: ignore[no-any-return]
        if self.shown is None:
            return self.engine.figures(records)  # type: ignore[no-any-return]
        return self.engine.estimates(records)  # type: ignore[no-any-return]

    def finished(self, pending: Pending, value: Any, trail: Trail) -> Outcome:
        """A record the engine priced: a bad record when earlier rounds found problems, else
        its output with --lenient's notes (those of strip_unknown, then of the rounds)."""
        if trail.problems:
            return trail.failure(self)
        notes, dropped = trail.notes, tuple(trail.dropped)
        if pending.notes is not None:
            notes, dropped = pending.notes[1] + notes, pending.notes[2] + dropped
        if self.render is jsonl_tail and self.shown is None:
            return Outcome(True, with_notes(value, notes) if notes else value, dropped)
        if self.shown is None:
            if notes:
                value = {**value, "warnings": notes + value["warnings"]}
            return Outcome(True, self.render(value), dropped)
        try:  # --currency: the exact path's own renderer
            return Outcome(True, self.rendered(value, notes), dropped)
        except Exception:  # noqa: BLE001 - price_exact turns it into the record's error
            original = pending.record if pending.notes is None else pending.notes[0]
            return self.price_exact(original)

    def settled(self, outcome: Outcome) -> Outcome:
        if not isinstance(outcome, Pending):
            return outcome
        if outcome.result is None and outcome.base is not None:
            outcome.result = self.attach(self.settled(outcome.base), outcome.kept)
        assert outcome.result is not None  # every Pending is in the queue of its chunk
        return outcome.result

    def price_exact(self, fields: Any) -> Outcome:
        """The record's outcome; every IasalaireError becomes a bad record, never a crash.
        A bad record names every problem it has (each field is judged without the ones
        before it); with --lenient, a value no closed list knows is read as not given."""
        try:
            if not isinstance(fields, dict):
                kind = "array" if isinstance(fields, list) else type(fields).__name__
                kind = {"str": "string", "int": "number", "float": "number", "bool": "boolean",
                        "NoneType": "null"}.get(kind, kind)
                raise BadRecord(f"a record must be a JSON object, not {kind}")
            problems: list[IasalaireError] = []
            notes: list[str] = []
            dropped: list[str] = []
            result = None
            for _ in range(MAX_PROBLEMS):
                try:
                    # --lenient: a title close to a known role is priced at the all-roles
                    # level too (a title no role names always is)
                    result = core.estimate(make_profile(fields), self.data,
                                           any_title=self.lenient)
                    break
                except IasalaireError as error:
                    # kept in `problems`: without its frames and the error it was raised in
                    # (pydantic's, which holds the record), else a cycle keeps a 1 MB record
                    # alive until the cyclic collector runs (rarely: see run)
                    error.__traceback__ = error.__context__ = None
                    fields = self.without(fields, error)
                    if fields is None:
                        problems.append(error)
                        break
                    if self.lenient and isinstance(error, UnknownValue):
                        notes.append(f"{error.message}: read as not given (--lenient)")
                        dropped.append(str(error.field))
                        self.learn(error, notes[-1])
                    else:
                        problems.append(error)
            if problems or result is None:
                first = problems[0] if problems else InvalidValue("too many problems")
                return self.failure(first.field, first.message, problems)
            value = self.rendered(result, notes)
        except IasalaireError as error:
            return self.failure(error.field, error.message)
        except Exception as error:  # noqa: BLE001 - one odd record must not end the stream
            return self.failure(None, f"unexpected {type(error).__name__}: {error}")
        return Outcome(True, value, tuple(dropped))

    def learn(self, error: UnknownValue, note: str) -> None:
        """Remember an unknown value for strip_unknown (bounded)."""
        if len(self.unknown) >= CACHE_SIZE:
            self.unknown.clear()
        name = LIST_FIELD.get(str(error.field), str(error.field))
        self.unknown[(name, error.value.strip())] = (note, str(error.field))
        self.unknown_fields.add(name)

    @staticmethod
    def without(fields: dict[str, Any], error: IasalaireError) -> dict[str, Any] | None:
        """The record without the value `error` is about, or None when it cannot be told."""
        name = LIST_FIELD.get(str(error.field), error.field)
        if name not in fields:
            return None
        rest = dict(fields)
        if name in ("certs", "skills") and isinstance(error, UnknownValue):
            values = rest[name]
            items = _LIST_SPLIT.split(values) if isinstance(values, str) else values
            if isinstance(items, list):
                kept = [v for v in items if not (isinstance(v, str) and v.strip() == error.value)]
                if len(kept) < len(items):
                    rest[name] = kept
                    return rest
        del rest[name]
        return rest

    def rendered(self, result: core.Estimate, notes: list[str] | None = None) -> Any:
        """A good record's output (in --currency's money when asked), with --lenient's notes
        first among its warnings."""
        money = None if self.shown is None else self.shown.money(
            self.data.file.currency, self.data.version, result.profile["country"])
        document = figures(result, self.explain, money)
        if notes:
            document["warnings"] = notes + document["warnings"]
        return self.render(document)

    def price_json(self, record: Any, size: int = 0) -> Outcome:
        """A JSON record's outcome: keys read through aliases and --map, kept ones attached."""
        keys = self.keys
        if not isinstance(record, dict):
            return self.attach(self.price(record, size), keys.kept({}))
        try:
            fields, kept = keys.split(record)
        except InvalidValue as error:
            return self.attach(self.failure(error.field, error.message, [error]),
                               keys.kept(record))
        return self.attach(self.price(fields, size), kept)

    def attach(self, outcome: Outcome, kept: dict[str, Any] | None) -> Outcome:
        """The record with its kept columns: JSON Lines under "keep" (last), CSV as the last
        cells."""
        if kept is None:
            return outcome
        if isinstance(outcome, Pending):  # attached when its record is priced
            if outcome.result is None:
                return Pending(None, outcome, kept)
            outcome = outcome.result
        if isinstance(outcome.value, bytes):
            return Outcome(outcome.ok, outcome.value[:-1] + b',"%b":%b}' % (
                KEEP_KEY.encode(), orjson.dumps(kept)), outcome.tally)
        cells = tuple(safe_cell(cell_text(kept.get(name))) for name in self.keep_names)
        return Outcome(outcome.ok, outcome.value + cells, outcome.tally)

    def no_kept(self) -> dict[str, Any] | None:
        """The kept values of a record that could not be read at all (nulls)."""
        return self.keys.kept({})

    def failure(self, field: str | None, message: str,
                problems: list[IasalaireError] | None = None) -> Outcome:
        document: dict[str, Any] = {"ok": False, "error": {"field": field, "message": message}}
        if problems and len(problems) > 1:  # every problem of the record, the first as error
            document["problems"] = [{"field": p.field, "message": p.message} for p in problems]
        causes = tuple(dict.fromkeys(cause(p.field, p) for p in problems)) if problems \
            else (cause(field, None, message),)
        return Outcome(False, self.render(document), causes)

    def too_long(self, limit: int) -> Outcome:
        return self.failure(None, f"line longer than {limit:,} bytes")

    def json_failure(self, raw: bytes, error: orjson.JSONDecodeError) -> Outcome:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            if self.encoding != "UTF-8":  # recoded: its byte offsets are not the file's
                return self.failure(None, f"invalid {self.encoding} text")
            return self.failure(None, f"invalid UTF-8 at byte {bad.start + 1}")
        try:  # again without the line end, so that the position is on line 1
            orjson.loads(raw.rstrip(b"\r\n"))
        except orjson.JSONDecodeError as at_line_end:
            error = at_line_end
        return self.failure(None, f"malformed JSON: {error}")


MAX_PROBLEMS = 2 * 10 + 8  # a field, or a cert or skill, at a time: bounded whatever the record
LIST_FIELD = {"cert": "certs", "skill": "skills"}  # UnknownValue's field -> the record's key


def with_notes(tail: bytes, notes: list[str]) -> bytes:
    """A JSON Lines tail with --lenient's notes first in its warnings."""
    at = tail.rindex(b'"warnings":[') + len(b'"warnings":[')
    inner = orjson.dumps(notes)[1:-1]
    return tail[:at] + inner + (b"" if tail[at:at + 1] == b"]" else b",") + tail[at:]


def cause(field: str | None, error: IasalaireError | None, message: str = "") -> str:
    """A bad record's problem as the summary counts it: 'unknown role', 'years not a number'."""
    message = error.message if error is not None else message
    if isinstance(error, UnknownValue):
        return f"unknown {field}"
    if isinstance(error, UnknownKeys):  # one cause, whatever the keys (a bounded summary)
        return "unknown field"
    if field == "years":
        return "years not a number" if "number of years" in message else "years out of range"
    if field is None:
        return message.split(":")[0] if message.startswith(("malformed", "invalid")) \
            else "unreadable record"
    return f"bad {field}"


def cell_text(value: Any) -> str:
    """A kept JSON value as a CSV cell: text as it is, null empty, anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else orjson.dumps(value).decode()


def figures(result: core.Estimate, explain: bool, money: Money | None = None) -> dict[str, Any]:
    """A good record's fields: those of `estimate --json` that batch writes (not `sources` nor
    `profile`, which cost more than the estimate itself)."""
    if money is None:
        document: dict[str, Any] = {"ok": True, **result.figures(),
                                    "warnings": list(result.warnings)}
    else:
        document = {"ok": True, "currency": money.currency,
                    **money.figures(result.percentiles), "warnings": list(result.warnings)}
    if explain:  # how each cell was read, and what each factor did with it
        document["profile"] = result.profile
        document["factors"] = [factor.to_dict() for factor in result.factors]
    return document


def jsonl_outcomes(lines: Iterable[Line], pricer: Pricer,
                   limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, Outcome]]:
    """One outcome per non-blank JSON Lines line; a line's bytes are its cache key."""
    cache = pricer.cache
    loads = orjson.loads
    for number, line in lines:
        if line is None:
            yield number, pricer.attach(pricer.too_long(limit), pricer.no_kept())
            continue
        hit = cache.get(line)
        if hit is not None:
            yield number, hit
            continue
        if line.isspace() or not line:
            continue
        try:
            fields = loads(line)
        except orjson.JSONDecodeError as error:
            outcome = pricer.attach(pricer.json_failure(line, error), pricer.no_kept())
        else:
            # orjson keeps the last of a repeated key: when the line has more `"key":` than
            # the object has keys, read it again to tell (rare: nested objects, odd strings)
            twice = (repeated_key(line) if isinstance(fields, dict)
                     and key_colons(line) > len(fields) else None)
            if twice is not None:
                outcome = pricer.attach(pricer.failure(None, repeated_key_message(twice)),
                                        pricer.no_kept())
            else:
                outcome = pricer.price_json(fields, len(line))
        yield number, pricer.remember(line, outcome)


def json_array_outcomes(stream: BinaryIO, pricer: Pricer,
                        limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, Outcome]]:
    """One outcome per element of a JSON array (`line` is the element's position, from 1),
    read in chunks so that memory stays bounded; broken JSON ends the array with one bad
    record, since nothing after it can be told apart."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    raw_decode = json.JSONDecoder(object_pairs_hook=unique_keys).raw_decode
    buffer, pos, ended = "", 0, False

    def more() -> bool:
        nonlocal buffer, pos, ended
        if ended:
            return False
        chunk = stream.read(CHUNK)
        ended = not chunk
        buffer = buffer[pos:] + decoder.decode(chunk, final=ended)
        pos = 0
        return True

    def next_char() -> str:
        nonlocal pos
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n\ufeff":
                pos += 1
            if pos < len(buffer) or not more():
                return buffer[pos] if pos < len(buffer) else ""

    def broken(number: int, message: str) -> tuple[int, Outcome]:
        return number, pricer.attach(pricer.failure(None, message), pricer.no_kept())

    if next_char() != "[":
        yield broken(1, "malformed JSON: a .json file holds one array, or one object a line")
        return
    pos += 1
    number = 0
    while True:
        char = next_char()
        if char == "]":
            pos += 1
            if next_char():
                yield broken(number + 1, "malformed JSON: something follows the array's ]")
            return
        if number and char == ",":
            pos += 1
            char = next_char()
        elif number:
            yield broken(number + 1, "malformed JSON: expected ',' or ']' between elements")
            return
        unreadable = None  # why a well-delimited element cannot be read (then skipped)
        while True:
            try:
                record, end = raw_decode(buffer, pos)
            except json.JSONDecodeError as error:
                if len(buffer) - pos <= limit and more():
                    continue
                problem = (f"element longer than {limit:,} bytes" if len(buffer) - pos > limit
                           else f"malformed JSON: {error.msg}")
                yield broken(number + 1, problem)
                return
            except (RecursionError, ValueError) as error:  # too deep, a huge int, a key twice
                unreadable = unreadable_element(error)
                end = element_end(buffer, pos)
                while end < 0 and len(buffer) - pos <= limit and more():
                    end = element_end(buffer, pos)
                if end < 0:
                    yield broken(number + 1, unreadable)
                    return
                break
            if end == len(buffer) and more():  # a number may go on in the next chunk
                continue
            break
        number += 1
        text, pos = buffer[pos:end], end
        if unreadable is not None:
            yield broken(number, unreadable)
            continue
        hit = pricer.cache.get(text)  # the element's text is its key, as a line is in JSONL
        yield number, hit if hit is not None else pricer.remember(
            text, pricer.price_json(record, len(text)))


_KEY_COLON = re.compile(rb'"\s*:')
_SPACED_COLON = re.compile(rb'"\s+:')


def key_colons(line: bytes) -> int:
    """How many `"key":` a JSON line may hold (an upper bound of its keys), counted without
    making an object each: `":` is counted in C unless a space comes before a colon."""
    if _SPACED_COLON.search(line) is None:
        return line.count(b'":')
    return sum(1 for _ in _KEY_COLON.finditer(line))


def repeated_key(line: bytes) -> str | None:
    """The first key a JSON line gives twice (at any depth), or None."""
    try:
        json.loads(line, object_pairs_hook=unique_keys)
    except RepeatedKey as error:
        return str(error)
    except (ValueError, RecursionError):
        return None
    return None


class RepeatedKey(ValueError):
    """A JSON object that gives one key twice: refused, never read as "the last one wins"."""


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """object_pairs_hook: the object, or RepeatedKey when a key comes twice."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for name, _ in pairs:
            if name in seen:
                raise RepeatedKey(name)
            seen.add(name)
    return found


def repeated_key_message(name: str) -> str:
    return f"key '{printable(clipped(name))}' is given twice in one record"


def unreadable_element(error: BaseException) -> str:
    if isinstance(error, RepeatedKey):
        return repeated_key_message(str(error))
    if isinstance(error, RecursionError):
        return "malformed JSON: nested too deeply"
    return "malformed JSON: a number too long to read"


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]|[,\s]')


def element_end(buffer: str, pos: int) -> int:
    """Where the JSON value starting at `pos` ends (strings and brackets counted, without
    building it), or -1 when the buffer ends first."""
    depth = 0
    index = pos
    size = len(buffer)
    while index < size:
        found = _TOKENS.search(buffer, index)
        if found is None:
            return -1
        token = found.group()
        if token in "[{":
            depth += 1
        elif token in "]}":
            if depth == 0:
                return found.start()
            depth -= 1
            if depth == 0:
                return found.end()
        elif token[0] == '"':
            if depth == 0:
                return found.end()
        elif depth == 0:  # a comma or a space ends a number or a literal
            return found.start()
        index = found.end()
    return -1


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: the most frequent of , ; tab | outside quotes."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie
    return best if counts[best] else ","


class QuotedSpan(Exception):
    """The csv reader's current row has run over MAX_QUOTED_LINES or MAX_QUOTED_CHARS."""


class Feed:
    """The text lines given to the csv reader, numbered, with the lines of the row being read
    kept (a bounded number) so that a row that runs too long can be read again from its
    second line: one stray quote then costs one bad record, not the rest of the file."""

    def __init__(self, source: Iterator[str]) -> None:
        self.source = source
        self.number = 0  # lines taken from the source
        self.replay: collections.deque[tuple[int, str]] = collections.deque()
        self.row: list[tuple[int, str]] = []
        self.chars = 0

    def __iter__(self) -> Feed:
        return self

    def __next__(self) -> str:
        if self.replay:
            item = self.replay.popleft()
        else:
            self.number += 1
            item = (self.number, next(self.source))
        row = self.row
        row.append(item)
        if len(row) > 1:  # only a quoted cell makes a row span lines
            self.chars += len(item[1])
            if len(row) > MAX_QUOTED_LINES or self.chars > MAX_QUOTED_CHARS:
                raise QuotedSpan
        return item[1]

    def row_done(self) -> tuple[int, int]:
        """The first and last line numbers of the row just read."""
        row = self.row
        span = (row[0][0], row[-1][0]) if row else (self.number + 1, self.number)
        self.row, self.chars = [], 0
        return span

    def again(self, skip: int) -> int:
        """Read the current row's lines again, but its first `skip`; its first line number."""
        row = self.row
        start = row[0][0] if row else self.number + 1
        self.replay.extendleft(reversed(row[skip:]))
        self.row, self.chars = [], 0
        return start


class CsvInput:
    """A CSV stream: its header checked before any row (exit 2 when a column is unknown),
    then one outcome per data row (empty cells are absent fields).

    Lines are decoded one by one with surrogateescape so that a bad byte spoils its record only;
    a file that is not UTF-8 is read as cp1252 from its first bad line on, with a warning (unless
    --encoding was given); a too-long line reaches the csv reader as an empty line and is
    reported from `oversized`.
    """

    def __init__(self, lines: Iterable[Line], options: Options, delimiter: str | None = None,
                 fallback: bool = True, warn: Callable[[str], None] = lambda _: None,
                 limit: int = MAX_LINE_BYTES) -> None:
        self.oversized: set[int] = set()
        self.codec, self.encoding, self.fallback, self.warn = "utf-8", "UTF-8", fallback, warn
        self.limit = limit
        self.feed = feed = Feed(self._text(lines))
        head: list[str] = []  # the lines up to the header's, which is sniffed
        for line in feed:
            head.append(line)
            if line.strip():
                break
        feed.again(0)  # the header's lines go to the csv reader too
        self.delimiter = delimiter or sniff_delimiter(head[-1] if head else "")
        reader = csv.reader(feed, delimiter=self.delimiter, strict=False)
        self.rows = self._rows(reader)
        self.header: Header | None = None
        for _, row in self.rows:
            if isinstance(row, str):
                raise InvalidValue(f"the header row cannot be read: {row}", "header")
            self.header = check_header(row, options)
            break

    def _text(self, lines: Iterable[Line]) -> Iterator[str]:
        for number, line in lines:
            if line is None:
                self.oversized.add(number)
                yield "\n"
                continue
            if self.fallback:
                try:
                    yield line.decode("utf-8")
                    continue
                except UnicodeDecodeError:
                    self.fallback, self.codec, self.encoding = False, "cp1252", "cp1252"
                    self.warn(f"line {number} is not UTF-8: read as cp1252 (Windows-1252) from "
                              "there on; --encoding sets the encoding")
            yield line.decode(self.codec, "surrogateescape")

    def _rows(self, reader: Any) -> Iterator[tuple[int, list[str] | str]]:
        """(first line number, cells) per row, or (line number, why it cannot be read)."""
        feed = self.feed
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # the reader goes on with the next line after this
                start, _ = feed.row_done()
                yield start, csv_problem(error)
                continue
            except QuotedSpan:  # a stray quote, most likely: read again from the next line
                start = feed.again(1)
                yield start, (f"malformed CSV: a quoted cell runs over more than "
                              f"{MAX_QUOTED_LINES} lines or {MAX_QUOTED_CHARS:,} characters "
                              "(a stray quote?); reading goes on at the next line")
                continue
            start, end = feed.row_done()
            if self.oversized:
                long_lines = {n for n in self.oversized if start <= n <= end}
                self.oversized -= {n for n in self.oversized if n <= end}
                if long_lines:
                    yield start, f"line longer than {self.limit:,} bytes"
                    continue
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line; a row of empty cells is an empty profile, a record
            yield start, row

    def outcomes(self, pricer: Pricer) -> Iterator[tuple[int, Outcome]]:
        header = self.header
        if header is None:
            return
        kept = header.kept
        names = header.names
        for start, row in self.rows:
            if isinstance(row, str):
                yield start, pricer.attach(pricer.failure(None, row), pricer.no_kept())
                continue
            if not kept:
                key: tuple[str, ...] = tuple(row)
            else:  # cached on the profile cells only: kept ids differ on every row
                key = tuple("" if i in kept else c for i, c in enumerate(row))
            outcome = pricer.cache.get(key)
            if outcome is None:
                outcome = pricer.remember(key, self.row_outcome(header, row, pricer))
            if kept:
                values = {names[i]: row[i] if i < len(row) else None for i in kept}
                # held until the chunk is priced: counted, since the cache key leaves them out
                pricer.held_bytes += sum(len(v) for v in values.values() if v is not None)
                outcome = pricer.attach(outcome, values)
            yield start, outcome

    def row_outcome(self, header: Header, row: list[str], pricer: Pricer) -> Outcome:
        for cell in row:
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                return pricer.failure(None, f"invalid {self.encoding}")
        width = header.width
        if len(row) > width and any(c.strip() for c in row[width:]):
            return pricer.failure(None, f"row has {len(row)} cells but the header names {width}")
        fields = {f: cell for f, cell in zip(header.fields, row) if f is not None and cell.strip()}
        return pricer.price(fields, sum(map(len, row)))


def csv_problem(error: csv.Error) -> str:
    if "new-line character" in str(error):
        return "malformed CSV: a line break inside an unquoted cell"
    return f"malformed CSV: {error}"


@dataclass
class Counts:
    good: int = 0
    bad: int = 0
    causes: dict[str, int] = field(default_factory=dict)  # bad records by cause
    lenient: dict[str, int] = field(default_factory=dict)  # fields --lenient read as not given

    def count(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.good += 1
            table = self.lenient
        else:
            self.bad += 1
            table = self.causes
        for name in outcome.tally:
            table[name] = table.get(name, 0) + 1

    def breakdown(self) -> list[str]:
        """The summary's lines by cause, most frequent first."""
        lines = []
        for title, table in (("bad records by cause", self.causes),
                             ("read as not given (--lenient)", self.lenient)):
            if table:
                ranked = sorted(table.items(), key=lambda item: (-item[1], item[0]))
                lines.append(f"batch: {title}: " + ", ".join(f"{n:,} {what}"
                                                             for what, n in ranked))
        return lines

    @property
    def records(self) -> int:
        return self.good + self.bad


def write_jsonl(outcomes: Iterable[tuple[int, Outcome]], out: BinaryIO, counts: Counts) -> None:
    held: list[bytes] = []  # written 256 records at a time: stdout may be unbuffered (-u)
    for number, outcome in outcomes:
        held.append(b'{"line":%d,%b\n' % (number, outcome.value))
        counts.count(outcome)
        if len(held) >= 256:
            out.write(b"".join(held))
            held.clear()
    out.write(b"".join(held))


def csv_cells(doc: dict[str, Any], explain: bool, currency: bool = False) -> tuple[Any, ...]:
    """The record as CSV cells (after `line`); text cells are neutralised for spreadsheets."""
    if doc["ok"]:
        p = doc["percentiles"]
        cells: list[Any] = ["true", doc["median"], doc["range"]["low"], doc["range"]["high"],
                            p["p10"], p["p25"], p["p50"], p["p75"], p["p90"],
                            " | ".join(doc["warnings"]), "", ""]
        if explain:
            cells.append("; ".join(f"{f['dimension']}: {f['label']} x{f['multiplier']:g}"
                                   for f in doc["factors"]))
            cells.append(profile_text(doc["profile"]))
    else:
        error = doc["error"]
        message = " | ".join(p["message"] for p in doc["problems"]) if "problems" in doc \
            else error["message"]
        cells = ["false", "", "", "", "", "", "", "", "", "", error["field"] or "", message]
        if explain:
            cells += ["", ""]
    if currency:  # --currency: this column says which (each record may differ: local)
        cells.append(doc.get("currency", ""))
    return tuple(safe_cell(c) if isinstance(c, str) else c for c in cells)


def profile_text(profile: dict[str, Any]) -> str:
    """The normalised profile as one CSV cell: 'level=senior; role=ml-engineer' (given only)."""
    return "; ".join(f"{name}={';'.join(map(str, value)) if isinstance(value, list) else value}"
                     for name, value in profile.items() if value not in (None, []))


def write_csv(outcomes: Iterable[tuple[int, Outcome]], out: BinaryIO, counts: Counts,
              explain: bool, kept: tuple[str, ...] = (), currency: bool = False) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\n")
        columns = (CSV_COLUMNS + (("factors", "profile") if explain else ())
                   + (("currency",) if currency else ()))
        # a kept column named like an output column gets a prefix, so no header is repeated
        writer.writerow(columns + tuple(safe_cell(f"keep:{n}" if n in columns else n)
                                        for n in kept))
        for number, outcome in outcomes:
            writer.writerow([number, *outcome.value])
            counts.count(outcome)
    finally:
        text.detach()  # the caller owns `out`; closing the wrapper would close it


def input_format(path: str | None, given: str | None) -> str:
    """csv, jsonl or json (an array, or JSON Lines): as told, else from the file name; stdin
    is JSON Lines."""
    if given is not None:
        return given
    if path is None:
        return "jsonl"
    found = SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise InvalidValue(f"cannot tell the format of '{path}' from its name: "
                           "add --input-format jsonl, json or csv", "input-format")
    return found


@dataclass(frozen=True)
class Reading:
    """How the input is read: its encoding (None: detected), CSV delimiter (None: sniffed from
    the header line) and how column / key names map to profile fields."""

    encoding: str | None = None
    delimiter: str | None = None
    names: Options = field(default_factory=Options)
    decimal: str = "."  # the decimal mark of number cells: "4,5" years with ","
    lenient: bool = False  # an unknown value of a closed list is read as not given


def check_encoding(name: str) -> str:
    """The codec's canonical name, or InvalidValue (exit 2) for an unknown or non-text one."""
    try:
        "a".encode(name)
        found = codecs.lookup(name)
    except LookupError:
        raise InvalidValue(f"unknown encoding '{printable(clipped(name))}' (utf-8, cp1252, "
                           "latin-1, utf-16...)",
                           "encoding") from None
    except (UnicodeError, TypeError, ValueError):
        found = None
    try:  # read as batch reads: chunk by chunk, bad bytes kept for their own record
        if found is None or not found._is_text_encoding:
            raise TypeError
        sample = "a,1\n".encode(found.name)
        if codecs.getincrementaldecoder(found.name)("surrogateescape").decode(
                sample, final=True) != "a,1\n":
            raise ValueError
    except (UnicodeError, TypeError, ValueError, LookupError):
        raise InvalidValue(f"--encoding {printable(clipped(name))} is not a text encoding "
                           "batch can read (utf-8, cp1252, latin-1, utf-16...)",
                           "encoding") from None
    return found.name


class Recoded(io.RawIOBase):
    """A byte stream in another encoding, read as UTF-8 chunk by chunk (flat memory). Bytes
    that do not decode pass through as they are, so that they spoil their own record only."""

    def __init__(self, stream: BinaryIO, encoding: str) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder(encoding)("surrogateescape")
        self.pending = b""
        self.offset = 0
        self.ended = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self.offset >= len(self.pending) and not self.ended:
            chunk = self.stream.read(CHUNK)
            self.ended = not chunk
            try:
                text = self.decoder.decode(chunk, final=self.ended)
            except UnicodeError as error:  # bad bytes pass through: only a broken codec
                raise DataFileError(f"cannot decode the input: {error}") from None
            self.pending, self.offset = text.encode("utf-8", "surrogateescape"), 0
        size = min(len(buffer), len(self.pending) - self.offset)
        buffer[:size] = self.pending[self.offset:self.offset + size]
        self.offset += size
        return size


def decoded(stream: BinaryIO, encoding: str | None,
            is_json: bool = False) -> tuple[BinaryIO, str]:
    """The stream as UTF-8 bytes and the name of its encoding: as given, else UTF-16 / UTF-32
    when a byte-order mark says so, else UTF-8 (a UTF-8 BOM is dropped by read_lines). JSON
    starts with an ASCII character: without one after the mark, it is read as stray bytes."""
    if encoding is None:
        start = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
        found = next((name for bom, name in _WIDE_BOMS if start.startswith(bom)), None)
        if is_json and found == "utf-16" and (
                len(start) < 4 or start[3 if start[0] == 0xFF else 2] != 0):
            found = None
        if found is None:
            return stream, "UTF-8"
        encoding = found
    name = check_encoding(encoding)
    if name == "utf-8":
        return stream, "UTF-8"
    if name in ("utf-16", "utf-32") and hasattr(stream, "peek"):
        start = stream.peek(4)[:4]
        if not any(start.startswith(bom) for bom, _ in _WIDE_BOMS):
            name += "-le"  # no byte-order mark: little-endian, as Windows writes it
    return io.BufferedReader(Recoded(stream, name), CHUNK), name


def starts_with_bracket(stream: BinaryIO) -> bool:
    """Whether a .json file holds an array (else it is read as JSON Lines)."""
    start = stream.peek(CHUNK)[:CHUNK] if hasattr(stream, "peek") else b""
    return start.lstrip(b" \t\r\n").removeprefix(_BOM).lstrip(b" \t\r\n")[:1] == b"["


def pricer_for(data: Data, out_format: str, explain: bool, keys: Keys,
               kept: tuple[str, ...], encoding: str,
               shown: Presentation | None = None, reading: Reading | None = None) -> Pricer:
    reading = reading or Reading()
    if out_format == "csv":
        return Pricer(data, explain, functools.partial(
            csv_cells, explain=explain, currency=shown is not None), keys=keys,
            keep_names=kept, encoding=encoding, shown=shown, decimal=reading.decimal,
            lenient=reading.lenient)
    return Pricer(data, explain, keys=keys, encoding=encoding, shown=shown,
                  decimal=reading.decimal, lenient=reading.lenient)


def with_progress(outcomes: Iterator[tuple[int, Outcome]], stream: BinaryIO,
                  size: int) -> Iterator[tuple[int, Outcome]]:
    """A rich progress bar on stderr, by bytes read (only called when stderr is a terminal).
    It wraps the records as they are read, before the chunks are priced, so that it moves on
    a file of a few rows too (it was fed priced chunks of 8,192 and stayed at 0%)."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("pricing", total=size or None)  # a pipe has no size
        for count, item in enumerate(outcomes, 1):
            if count % PROGRESS_EVERY == 0:
                progress.update(task, completed=stream.tell())
            yield item
        progress.update(task, completed=size or stream.tell())


def open_input(path: str | None) -> BinaryIO:
    if path is None:
        if sys.stdin is None:  # started with stdin closed (<&-)
            raise DataFileError("cannot read standard input: it is closed")
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed by run()
        except OSError as error:
            raise DataFileError(f"cannot read {path}: {error.strerror}") from None
    if not hasattr(stream, "peek"):  # an in-memory stdin (tests, embedding)
        stream = io.BufferedReader(stream)  # type: ignore[arg-type, unused-ignore]
    return stream


def quiet_stdout() -> None:
    """The reader went away (`| head -1`): send what is still buffered to /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def run(path: str | None, data: Data, in_format: str | None = None,
        out_format: str = "jsonl", explain: bool = False,
        stdout: BinaryIO | None = None, stderr: IO[str] | None = None,
        reading: Reading | None = None, shown: Presentation | None = None) -> ExitCode:
    """Price every record of `path` (stdin when None); the exit code the command returns.
    A bad header, encoding or option raises InvalidValue (exit 2) before any output."""
    reading = reading or Reading()
    fmt = input_format(path, in_format)
    out = stdout if stdout is not None else sys.stdout.buffer
    err = stderr if stderr is not None else sys.stderr
    names = reading.names
    if names.keep_all and fmt != "csv" and out_format == "csv":
        raise InvalidValue("--keep all needs the columns before the first record: with JSON "
                           "input and CSV output, name the keys (--keep id,name)", "keep")
    if reading.encoding is not None:
        check_encoding(reading.encoding)

    def warn(message: str) -> None:
        err.write(f"warning: {path or 'stdin'}: {message}\n")

    started = time.perf_counter()
    counts = Counts()
    # The stream makes millions of short-lived acyclic objects (records, tuples): the cyclic
    # collector's default pace spent a third of the time walking them and the caches.
    thresholds = gc.get_threshold()
    gc.set_threshold(10_000, 10, 10)
    raw = open_input(path)
    try:
        stream, encoding = decoded(raw, reading.encoding, is_json=fmt != "csv")
        keys = Keys(names)
        if fmt == "csv":
            source = CsvInput(
                read_lines(stream), names, reading.delimiter,
                fallback=encoding == "UTF-8" and reading.encoding is None,
                warn=warn)
            kept = source.header.kept_names if source.header is not None else ()
            pricer = pricer_for(data, out_format, explain, keys, kept, encoding, shown,
                                reading)
            outcomes = source.outcomes(pricer)
        else:
            pricer = pricer_for(data, out_format, explain, keys, names.keep, encoding, shown,
                                reading)
            if fmt == "json" and starts_with_bracket(stream):
                outcomes = json_array_outcomes(stream, pricer)
            else:
                outcomes = jsonl_outcomes(read_lines(stream), pricer)
        if path is not None and err.isatty():
            outcomes = with_progress(outcomes, raw, os.fstat(raw.fileno()).st_size)
        outcomes = pricer.settle(outcomes)
        if out_format == "csv":
            write_csv(outcomes, out, counts, explain, pricer.keep_names, shown is not None)
        else:
            write_jsonl(outcomes, out, counts)
        out.flush()
    except BrokenPipeError:
        quiet_stdout()
        return ExitCode.OK
    except OSError as error:
        raise DataFileError(f"I/O error on {path or 'stdin'} or stdout: {error.strerror}") from None
    finally:
        gc.set_threshold(*thresholds)
        if path is not None:
            raw.close()
    seconds = time.perf_counter() - started
    records = "record" if counts.records == 1 else "records"
    err.write(f"batch: {counts.records:,} {records}, {counts.good:,} good, {counts.bad:,} bad "
              f"in {seconds:.2f} s\n")
    for line in counts.breakdown():
        err.write(line + "\n")
    return ExitCode.OK if counts.bad == 0 else ExitCode.DATA
