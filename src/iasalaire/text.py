"""Name matching: case-, accent- and punctuation-insensitive keys, and 'did you mean'."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s\-_.,/'’()]+")


@lru_cache(maxsize=4096)
def key(text: str) -> str:
    """'São-Paulo ' -> 'sao paulo': the form every name and alias is matched in."""
    if text.isascii():  # most names: NFKD leaves ASCII alone, and it has no combining marks
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


SUGGEST_MAX = 64  # a value this much longer than any name is close to none: no difflib


def close_enough(typed: str, name: str) -> bool:
    """Whether `name` is a plausible typo of `typed` (both text.key forms): no edit for up to
    2 characters ("R" is not "RL"), at most 1 up to 4, 2 up to 8, 3 beyond ("Pariss" ->
    "paris", "EUO" -> "EUR"; never "remote" -> "fremont", 3 edits in 6). Bounded: both are
    at most SUGGEST_MAX long."""
    limit = 0 if len(typed) <= 2 else 1 if len(typed) <= 4 else 2 if len(typed) <= 8 else 3
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
    wanted = key(value[:SUGGEST_MAX * 2])
    if not wanted or len(wanted) > SUGGEST_MAX:
        return None
    return _closest(wanted, tuple(candidates))


@lru_cache(maxsize=1024)
def _closest(wanted: str, candidates: tuple[str, ...]) -> str | None:
    import difflib  # only needed on the error path

    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(key(candidate), candidate)
    match = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6)
    if not match:
        return None
    return by_key[match[0]] if close_enough(wanted, match[0]) else None


# What a terminal that is not UTF-8 shows instead (the bar, quotes, dashes): one character for
# one where the layout counts characters.
_ASCII = str.maketrans({"─": "-", "█": "#", "│": "|", "├": "|", "┤": "|", "’": "'", "‘": "'",
                        "“": '"', "”": '"', "–": "-", "—": "-", "×": "x", "…": "...",
                        "≥": ">=", "≤": "<=", "€": "EUR", "£": "GBP", "\u00a0": " "})


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
