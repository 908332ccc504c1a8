"""`iasalaire batch`: price a stream of profiles, one output record per input record.

The pipeline is a chain of generators, so memory stays flat whatever the input size:
    read_lines (bytes, numbered) -> jsonl_outcomes / csv_outcomes (line, Outcome)
    -> write_jsonl / write_csv (bytes out, counted).
Each profile goes through the same `api.make_profile` and `core.estimate` as `estimate --json`;
the only shortcut is a bounded cache from a record's raw text to its finished output, because
the same text always gives the same result (validation stays exactly as strict).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

import orjson

from iasalaire import core
from iasalaire.api import make_profile
from iasalaire.data import Data
from iasalaire.errors import DataFileError, ExitCode, IasalaireError, InvalidValue
from iasalaire.money import Money, Presentation

MAX_LINE_BYTES = 1024 * 1024  # a longer line is a bad record, read past without keeping it
CACHE_SIZE = 65_536  # distinct records remembered; bounded so memory stays flat
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV-injection triggers
CSV_COLUMNS = ("line", "ok", "median", "low", "high", "p10", "p25", "p50", "p75", "p90",
               "warnings", "error_field", "error_message")
SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl"}
_BOM = b"\xef\xbb\xbf"

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


Render = Callable[[dict[str, Any]], Any]


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


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading ' (OWASP advice); a NUL
    (from a JSON "\\u0000") becomes U+FFFD, since csv.writer cannot write it before 3.11."""
    cell = cell.replace("\0", "\ufffd")
    return "'" + cell if cell.startswith(FORMULA_START) else cell


class Pricer:
    """Turns one record (a mapping of profile fields) into an Outcome, with a bounded cache."""

    def __init__(self, data: Data, explain: bool = False, render: Render = jsonl_tail,
                 cache_size: int = CACHE_SIZE, shown: Presentation | None = None) -> None:
        self.data = data
        self.explain = explain
        self.shown = shown  # --currency: amounts in another currency (each record says which)
        self.render = render
        self.cache_size = cache_size
        self.cache: dict[Any, Outcome] = {}
        self.shared: dict[Outcome, Outcome] = {}

    def remember(self, key: Any, outcome: Outcome) -> Outcome:
        cache = self.cache
        if self.cache_size <= 0:
            return outcome
        if len(cache) >= self.cache_size:  # oldest first out: insertion order of the dict
            del cache[next(iter(cache))]
        # Many inputs round to the same figures: equal outcomes share one object, so an entry
        # costs little more than its key and the cache can be larger for the same memory.
        shared = self.shared
        if len(shared) >= self.cache_size:
            shared.clear()
        cache[key] = outcome = shared.setdefault(outcome, outcome)
        return outcome

    def price(self, fields: Any) -> Outcome:
        """The record's outcome; every IasalaireError becomes a bad record, never a crash."""
        try:
            if not isinstance(fields, dict):
                kind = "array" if isinstance(fields, list) else type(fields).__name__
                kind = {"str": "string", "int": "number", "float": "number", "bool": "boolean",
                        "NoneType": "null"}.get(kind, kind)
                raise BadRecord(f"a record must be a JSON object, not {kind}")
            result = core.estimate(make_profile(fields), self.data)
            money = None if self.shown is None else self.shown.money(
                self.data.file.currency, self.data.version, result.profile["country"])
        except IasalaireError as error:
            return self.failure(error.field, error.message)
        except Exception as error:  # noqa: BLE001 - one odd record must not end the stream
            return self.failure(None, f"unexpected {type(error).__name__}: {error}")
        return Outcome(True, self.render(figures(result, self.explain, money)))

    def failure(self, field: str | None, message: str) -> Outcome:
        return Outcome(False, self.render(
            {"ok": False, "error": {"field": field, "message": message}}))

    def too_long(self, limit: int) -> Outcome:
        return self.failure(None, f"line longer than {limit:,} bytes")

    def json_failure(self, raw: bytes, error: orjson.JSONDecodeError) -> Outcome:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            return self.failure(None, f"invalid UTF-8 at byte {bad.start + 1}")
        try:  # again without the line end, so that the position is on line 1
            orjson.loads(raw.rstrip(b"\r\n"))
        except orjson.JSONDecodeError as at_line_end:
            error = at_line_end
        return self.failure(None, f"malformed JSON: {error}")


def figures(result: core.Estimate, explain: bool, money: Money | None = None) -> dict[str, Any]:
    """A good record's fields: those of `estimate --json` that batch writes (not `sources` nor
    `profile`, which cost more than the estimate itself)."""
    if money is None:
        document: dict[str, Any] = {"ok": True, **result.figures(),
                                    "warnings": list(result.warnings)}
    else:
        document = {"ok": True, "currency": money.currency,
                    **money.figures(result.percentiles), "warnings": list(result.warnings)}
    if explain:
        document["factors"] = [factor.to_dict() for factor in result.factors]
    return document


def jsonl_outcomes(lines: Iterable[Line], pricer: Pricer,
                   limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, Outcome]]:
    """One outcome per non-blank JSON Lines line; a line's bytes are its cache key."""
    cache = pricer.cache
    loads = orjson.loads
    for number, line in lines:
        if line is None:
            yield number, pricer.too_long(limit)
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
            outcome = pricer.json_failure(line, error)
        else:
            outcome = pricer.price(fields)
        yield number, pricer.remember(line, outcome)


def csv_outcomes(lines: Iterable[Line], pricer: Pricer,
                 limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, Outcome]]:
    """One outcome per CSV data row (the header names the fields; empty cells are absent).

    Lines are decoded one by one with surrogateescape so that a bad byte spoils its record only;
    a too-long line reaches the csv reader as an empty line and is reported from `oversized`.
    """
    oversized: set[int] = set()

    def text() -> Iterator[str]:
        for number, line in lines:
            if line is None:
                oversized.add(number)
                yield "\n"
            else:
                yield line.decode("utf-8", "surrogateescape")

    reader = csv.reader(text(), strict=False)
    header: list[str] | None = None
    header_problem: str | None = None
    end = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # the reader goes on with the next line after this
            start, end = end + 1, reader.line_num
            yield start, pricer.failure(None, csv_problem(error))
            continue
        start, end = end + 1, reader.line_num
        long_lines = {n for n in oversized if start <= n <= end}
        oversized -= {n for n in oversized if n <= end}
        if long_lines:
            yield start, pricer.too_long(limit)
            continue
        if not row or (len(row) == 1 and not row[0].strip()):
            continue  # a blank line; a row of empty cells is an empty profile, a record
        if header is None:
            header = [cell.strip() for cell in row]
            header_problem = csv_header_problem(header)
            continue
        if header_problem:
            yield start, pricer.failure(None, header_problem)
            continue
        key = tuple(row)
        hit = pricer.cache.get(key)
        if hit is not None:
            yield start, hit
            continue
        yield start, pricer.remember(key, csv_row_outcome(header, row, pricer))


def csv_header_problem(header: list[str]) -> str | None:
    """Why no row can be read under this header (every row then gets it as its error)."""
    for position, name in enumerate(header, 1):
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            return "invalid UTF-8 in the header row"
        if not name:
            return f"the header row has no name for column {position}"
        if header.index(name) != position - 1:
            return f"the header row names '{name}' twice"
    return None


def csv_problem(error: csv.Error) -> str:
    if "new-line character" in str(error):
        return "malformed CSV: a line break inside an unquoted cell"
    return f"malformed CSV: {error}"


def csv_row_outcome(header: list[str], row: list[str], pricer: Pricer) -> Outcome:
    for cell in row:
        try:
            cell.encode("utf-8")
        except UnicodeEncodeError:
            return pricer.failure(None, "invalid UTF-8")
    if len(row) > len(header):
        return pricer.failure(None, f"row has {len(row)} cells but the header names {len(header)}")
    fields = {name: cell for name, cell in zip(header, row) if cell.strip()}
    return pricer.price(fields)


@dataclass
class Counts:
    good: int = 0
    bad: int = 0

    @property
    def records(self) -> int:
        return self.good + self.bad


def write_jsonl(outcomes: Iterable[tuple[int, Outcome]], out: BinaryIO, counts: Counts) -> None:
    write = out.write
    for number, outcome in outcomes:
        write(b'{"line":%d,%b\n' % (number, outcome.value))
        if outcome.ok:
            counts.good += 1
        else:
            counts.bad += 1


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
    else:
        error = doc["error"]
        cells = ["false", "", "", "", "", "", "", "", "", "", error["field"] or "",
                 error["message"]]
        if explain:
            cells.append("")
    if currency:  # --currency: the last column says which (each record may differ: local)
        cells.append(doc.get("currency", ""))
    return tuple(neutralise(c) if isinstance(c, str) else c for c in cells)


def write_csv(outcomes: Iterable[tuple[int, Outcome]], out: BinaryIO, counts: Counts,
              explain: bool, currency: bool = False) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(CSV_COLUMNS + (("factors",) if explain else ())
                        + (("currency",) if currency else ()))
        for number, outcome in outcomes:
            writer.writerow([number, *outcome.value])
            if outcome.ok:
                counts.good += 1
            else:
                counts.bad += 1
    finally:
        text.detach()  # the caller owns `out`; closing the wrapper would close it


def input_format(path: str | None, given: str | None) -> str:
    """csv or jsonl: as told, else from the file name; stdin is JSON Lines."""
    if given is not None:
        return given
    if path is None:
        return "jsonl"
    found = SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise InvalidValue(f"cannot tell the format of '{path}' from its name: "
                           "add --input-format jsonl or --input-format csv", "input-format")
    return found


def outcomes_of(stream: BinaryIO, fmt: str, pricer: Pricer) -> Iterator[tuple[int, Outcome]]:
    reader = csv_outcomes if fmt == "csv" else jsonl_outcomes
    return reader(read_lines(stream), pricer)


def pricer_for(data: Data, out_format: str, explain: bool,
               shown: Presentation | None = None) -> Pricer:
    if out_format == "csv":
        return Pricer(data, explain, functools.partial(
            csv_cells, explain=explain, currency=shown is not None), shown=shown)
    return Pricer(data, explain, shown=shown)


def with_progress(outcomes: Iterator[tuple[int, Outcome]], stream: BinaryIO,
                  size: int) -> Iterator[tuple[int, Outcome]]:
    """A rich progress bar on stderr, by bytes read (only called when stderr is a terminal)."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("pricing", total=size or None)  # a pipe has no size
        for count, item in enumerate(outcomes, 1):
            if count % 2048 == 0:
                progress.update(task, completed=stream.tell())
            yield item


def open_input(path: str | None) -> BinaryIO:
    if path is None:
        return sys.stdin.buffer
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by run()
    except OSError as error:
        raise DataFileError(f"cannot read {path}: {error.strerror}") from None


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
        shown: Presentation | None = None) -> ExitCode:
    """Price every record of `path` (stdin when None); the exit code the command returns."""
    fmt = input_format(path, in_format)
    out = stdout if stdout is not None else sys.stdout.buffer
    err = stderr if stderr is not None else sys.stderr
    started = time.perf_counter()
    counts = Counts()
    stream = open_input(path)
    try:
        outcomes = outcomes_of(stream, fmt, pricer_for(data, out_format, explain, shown))
        if path is not None and err.isatty():
            outcomes = with_progress(outcomes, stream, os.fstat(stream.fileno()).st_size)
        if out_format == "csv":
            write_csv(outcomes, out, counts, explain, shown is not None)
        else:
            write_jsonl(outcomes, out, counts)
        out.flush()
    except BrokenPipeError:
        quiet_stdout()
        return ExitCode.OK
    except OSError as error:
        raise DataFileError(f"I/O error on {path or 'stdin'} or stdout: {error.strerror}") from None
    finally:
        if path is not None:
            stream.close()
    seconds = time.perf_counter() - started
    records = "record" if counts.records == 1 else "records"
    err.write(f"batch: {counts.records:,} {records}, {counts.good:,} good, {counts.bad:,} bad "
              f"in {seconds:.2f} s\n")
    return ExitCode.OK if counts.bad == 0 else ExitCode.DATA

