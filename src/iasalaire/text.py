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
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped.casefold()).strip()


def closest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like `value` (compared as keys), or None when nothing is close."""
    import difflib  # only needed on the error path

    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(key(candidate), candidate)
    match = difflib.get_close_matches(key(value), list(by_key), n=1, cutoff=0.6)
    return by_key[match[0]] if match else None
