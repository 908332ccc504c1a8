"""Name matching: case-, accent- and punctuation-insensitive keys, and 'did you mean'."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-_.,/'’()]+")


def key(text: str) -> str:
    """'São-Paulo ' -> 'sao paulo': the form every name and alias is matched in (remembered,
    but for a text too long to be a name, which would only fill the cache)."""
    return _key(text) if len(text) <= 256 else _long_key(text)


@lru_cache(maxsize=2)  # a 1 MB value and its key: two at most
def _long_key(text: str) -> str:
    return _key.__wrapped__(text)


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    if text.isascii():  # most names: NFKD leaves ASCII alone, and it has no combining marks
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


def keys_of(names: list[str]) -> list[str]:
    """[key(name) for name in names], for many names at once at a small cost each: the
    names joined by NUL (no name holds one, and no step of key() moves text across one) are
    folded and matched in one pass of each step, not one call a name (a record of 60,000
    keys costs a few passes over its text, not 60,000 calls)."""
    if len(names) < 64:
        return [key(name) for name in names]
    try:
        joined = "\0".join(names)
    except TypeError:  # not all text: key() says what it says of each
        return [key(name) for name in names]
    if joined.count("\0") != len(names) - 1:  # a name holds a NUL: one by one
        return [key(name) for name in names]
    if joined.isascii():  # separators made spaces by a table (far faster than the regex)
        folded = joined.casefold().translate(_ASCII_SEPARATORS)
        if "  " in folded:
            folded = _SPACES.sub(" ", folded)
    else:  # NFKD only decomposes: a NUL (a starter) stays between names
        decomposed = unicodedata.normalize("NFKD", joined)
        joined = "".join(c for c in decomposed if not unicodedata.combining(c))
        folded = _SEPARATORS.sub(" ", joined.casefold())
    # a run of separators is one space: at most one at each end of a name, dropped here
    return folded.replace(" \0", "\0").replace("\0 ", "\0").strip().split("\0")


_ASCII_SEPARATORS = str.maketrans(dict.fromkeys(
    [chr(c) for c in range(128) if _SEPARATORS.fullmatch(chr(c))], " "))
_SPACES = re.compile(" {2,}")


# The longest text a profile field may hold (the Profile refuses longer): the parsers of
# titles, sizes and places read nothing longer either, so their cost is bounded.
MAX_NAME_CHARS = 200

# "Did you mean" is bounded in cost: a value longer than SUGGEST_MAX_CHARS gets none (no name
# is that long: it is not a typo), and in a list longer than SUGGEST_LONG_LIST difflib
# compares it with at most SUGGEST_COMPARED candidates, those sharing the most character
# pairs with it (an index built once per list).
SUGGEST_MAX_CHARS = 40
SUGGEST_COMPARED = 12
SUGGEST_LONG_LIST = 100


def edit_limit(size: int) -> int:
    """The edits a typo of a `size`-character name may have (see close_enough)."""
    return 0 if size <= 2 else 1 if size <= 4 else 2 if size <= 8 else 3


def close_enough(typed: str, name: str, limit: int | None = None) -> bool:
    """Whether `name` is a plausible typo of `typed` (both text.key forms): no edit for up to
    2 characters ("R" is not "RL"), at most 1 up to 4, 2 up to 8, 3 beyond ("Pariss" ->
    "paris", "EUO" -> "EUR"; never "remote" -> "fremont", 3 edits in 6). Bounded: both are
    at most SUGGEST_MAX_CHARS long, and names of another length are refused first. `limit`:
    at most that many edits instead (never more than the length's)."""
    allowed = edit_limit(len(typed))
    limit = allowed if limit is None else min(limit, allowed)
    if abs(len(typed) - len(name)) > limit:
        return False
    previous = list(range(len(name) + 1))
    for i, a in enumerate(typed, 1):
        current = [i]
        for j, b in enumerate(name, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `value` (compared as keys), or None when nothing is close.
    Bounded whatever the value's length, and computed once per distinct (value, candidates):
    a batch full of the same bad value pays for one suggestion."""
    wanted = key(value[:SUGGEST_MAX_CHARS * 2])
    if not wanted or len(wanted) > SUGGEST_MAX_CHARS:
        return None
    return _closest(wanted, tuple(candidates))


@lru_cache(maxsize=1024)
def _closest(wanted: str, candidates: tuple[str, ...]) -> str | None:
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(key(candidate), candidate)
    match = close_match(wanted, tuple(by_key), 0.6)
    return by_key[match[0]] if match and close_enough(wanted, match[0]) else None


def pairs(text: str) -> set[str]:
    """The character pairs of a name (a typo keeps most of them): the index of long lists."""
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


@lru_cache(maxsize=64)
def _pair_index(candidates: tuple[str, ...]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for candidate in candidates:
        for pair in pairs(candidate):
            index.setdefault(pair, []).append(candidate)
    return index


Postings = Mapping[str, "str | Sequence[str]"]  # pair -> the names holding it (a lone one as is)


def sharing(wanted: str, indexes: Sequence[Postings],
            keep: Callable[[str], bool] | None = None) -> tuple[str, ...]:
    """The SUGGEST_COMPARED names of the pair `indexes` sharing the most character pairs with
    `wanted`, and at least a third of them (a typo keeps most of a name's pairs), that `keep`
    accepts; ties go by name, so the choice never depends on the order of a set.

    Cheap whatever the indexes' size: a name sharing `least` of the m pairs holds one of any
    m - least + 1 of them, so only the rarest are looked up (the common ones, such as the
    first letter's pair in names of one first letter, hold most of the entries), and a name
    found there is checked for the others as a substring."""
    import heapq

    ranked = []
    for pair in pairs(wanted):
        hits, size = [], 0
        for index in indexes:
            found = index.get(pair)
            if found is not None:
                hits.append(found)
                size += 1 if found.__class__ is str else len(found)
        ranked.append((size, pair, hits))
    ranked.sort(key=lambda item: item[:2])  # rarest first
    least = -(-len(ranked) // 3)  # at least a third
    cut = len(ranked) - least + 1
    counted: dict[str, int] = {}
    for _, _, hits in ranked[:cut]:
        for found in hits:
            for name in (found,) if found.__class__ is str else found:
                counted[name] = counted.get(name, 0) + 1
    rest = [pair for _, pair, _ in ranked[cut:]]
    shared = []
    for name, count in counted.items():
        for pair in rest:  # a pair is in a name as a substring
            if pair in name:
                count += 1
        if count >= least and (keep is None or keep(name)):
            shared.append((-count, name))
    return tuple(name for _, name in heapq.nsmallest(SUGGEST_COMPARED, shared))


def best_ratio(wanted: str, candidates: Iterable[str],
               cutoff: float) -> tuple[str, float] | None:
    """difflib's closest candidate and its ratio (at least `cutoff`), or None; the candidates
    are few (see sharing), so that this stays cheap."""
    import difflib  # only needed on the error path

    candidates = list(candidates)
    if not candidates:
        return None
    found = difflib.get_close_matches(wanted, candidates, n=1, cutoff=cutoff)
    if not found:
        return None
    return found[0], difflib.SequenceMatcher(None, wanted, found[0]).ratio()


def close_match(wanted: str, candidates: tuple[str, ...],
                cutoff: float = 0.6) -> tuple[str, float] | None:
    """The candidate closest to `wanted` and its difflib ratio (at least `cutoff`), or None;
    the one bounded 'did you mean' every message uses (see SUGGEST_MAX_CHARS)."""
    if not wanted or len(wanted) > SUGGEST_MAX_CHARS or not candidates:
        return None
    return _close_match(wanted, candidates, cutoff)


@lru_cache(maxsize=4096)
def _close_match(wanted: str, candidates: tuple[str, ...],
                 cutoff: float) -> tuple[str, float] | None:
    if len(candidates) > SUGGEST_LONG_LIST:
        candidates = sharing(wanted, (_pair_index(candidates),))
    return best_ratio(wanted, candidates, cutoff)


# What a terminal that is not UTF-8 shows instead (the bar, quotes, dashes): one character for
# one where the layout counts characters.
_ASCII = str.maketrans({"─": "-", "█": "#", "│": "|", "├": "|", "┤": "|", "’": "'", "‘": "'",
                        "“": '"', "”": '"', "–": "-", "—": "-", "×": "x", "…": "...",
                        "≥": ">=", "≤": "<=", "€": "EUR", "£": "GBP", "\u00a0": " ",
                        "\u202f": " ", "\u2009": " ", "\u2007": " "})


def _encodes(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def for_encoding(text: str, encoding: str) -> str:
    """`text` as a stream in `encoding` can show it: unchanged when it can, else each
    character it cannot encode becomes an ASCII look-alike ('é' -> 'e', '█' -> '#', else '?')."""
    if _encodes(text, encoding):
        return text
    out = []
    for char in text:
        if not _encodes(char, encoding):
            char = char.translate(_ASCII)
            if not char.isascii():
                char = "".join(c for c in unicodedata.normalize("NFKD", char)
                               if not unicodedata.combining(c)).encode("ascii", "replace").decode()
        out.append(char)
    return "".join(out)


def ascii_json(document: str, encoding: str) -> str:
    """A JSON document a stream in `encoding` can carry: what it cannot encode is written as
    \\uXXXX escapes, which JSON readers decode back (lossless, unlike a replacement)."""
    if _encodes(document, encoding):
        return document
    return "".join(c if c.isascii() else _escape(c) for c in document)


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # outside the BMP: a UTF-16 surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # C0 and C1, but the line feed


def for_terminal(text: str, encoding: str | None) -> str:
    """A message line for stderr: control characters (ESC, BEL, ...) shown escaped so that
    no input reaches the terminal raw, and what `encoding` cannot show as ASCII look-alikes."""
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda found: repr(found.group())[1:-1], text)
    return for_encoding(text, encoding or "utf-8")


def say(text: str) -> None:
    """One message on stderr, made safe for the terminal (see for_terminal)."""
    import sys

    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(for_terminal(text, getattr(stream, "encoding", None)) + "\n")
        stream.flush()
    except (OSError, ValueError):  # stderr gone too: nothing left to tell
        pass


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV-injection triggers


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet would run as a formula gets a leading ' (OWASP advice); a NUL
    (from a JSON "\\u0000") becomes U+FFFD, since csv.writer cannot write it before 3.11."""
    cell = cell.replace("\0", "\ufffd")
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def safe_cell(cell: str) -> str:
    """A text cell for CSV output: neutralised, and a lone \r made a \n, which csv.writer
    quotes (it leaves a \r bare, and CSV readers then reject the row)."""
    cell = neutralise(cell)
    return cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell


_NUMBER = {mark: re.compile(rf"[+-]?(?:[0-9]+(?:{re.escape(mark)}[0-9]*)?|{re.escape(mark)}[0-9]+)")
           for mark in ".,"}


def parse_number(text: str, decimal: str = ".") -> float:
    """The one number grammar of every entry point (flags, CSV cells, JSON strings,
    scenarios): ASCII digits, an optional sign, one decimal mark ('.' or --decimal's).
    No '_' (float('1_5') is 15), no full-width or Arabic-Indic digits, no exponent, no
    'nan' or 'inf': ValueError."""
    if not _NUMBER[decimal].fullmatch(text.strip()):
        raise ValueError(f"not a number: {text!r}")
    return float(text.strip().replace(decimal, "."))
