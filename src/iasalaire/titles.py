"""Reading cells as exports write them: job titles, company size bands, "Remote" locations,
decimal-comma numbers.

The parsers (parse_title, parse_size, parse_location, parse_decimal) are pure functions from
a string to its normalised reading, with no data file: every path that reads a profile
(estimate --role, batch, calibrate, evaluate, estimate_frame) calls them through read_columns
below (or directly), so a cell means the same thing everywhere. The tables are documented in
README.md ("How cells are read").
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iasalaire.text import MAX_NAME_CHARS, key

# Seniority and grade words (as text.key forms) -> the level they mean. Matched as whole words,
# longest first, at the start or the end of a title (or of one of its comma/dash parts).
LEVEL_WORDS: dict[str, str] = {
    "intern": "junior", "internship": "junior", "trainee": "junior", "stagiaire": "junior",
    "apprenti": "junior", "alternant": "junior", "graduate": "junior", "entry level": "junior",
    "junior": "junior", "jr": "junior",
    "mid level": "mid", "mid": "mid", "intermediate": "mid", "confirme": "mid",
    "confirmee": "mid",
    "senior": "senior", "sr": "senior", "experimente": "senior", "staff": "senior",
    "lead": "senior", "tech lead": "senior", "chef de": "senior", "chef d": "senior",
    "principal": "executive", "distinguished": "executive", "head of": "executive",
    "head": "executive", "director": "executive", "director of": "executive",
    "directeur": "executive", "directrice": "executive", "responsable": "executive",
    "vp": "executive", "vp of": "executive", "vice president": "executive",
    "vice president of": "executive", "svp": "executive", "evp": "executive",
    "chief": "executive",
}
# Grades written after the role ("Data Scientist II").
GRADE_WORDS: dict[str, str] = {"i": "junior", "1": "junior", "ii": "mid", "2": "mid",
                               "iii": "senior", "3": "senior", "iv": "senior", "4": "senior"}
# What follows "Head of", "VP of", "Directeur de": a field, read as the role that works in it.
FIELD_ROLES: dict[str, str] = {
    "ai": "ai engineer", "ia": "ai engineer", "artificial intelligence": "ai engineer",
    "intelligence artificielle": "ai engineer", "ai ml": "ai engineer", "ml ai": "ai engineer",
    "ml": "machine learning engineer", "machine learning": "machine learning engineer",
    "nlp": "nlp engineer", "computer vision": "computer vision engineer",
    "mlops": "mlops engineer", "research": "research scientist",
    "ai research": "research scientist", "data science": "data scientist",
}
_LINKS = ("of ", "de la ", "de l ", "des ", "du ", "de ", "d ", "en ", "for ")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PARTS = re.compile(r"\s+[-–—|@]\s+|,|;|\s+at\s+", re.IGNORECASE)
_LEVEL_KEYS = sorted(LEVEL_WORDS, key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class Title:
    """A job title's reading: the role part as a text.key form (None when the title names
    only a level), the level it says (junior, mid, senior, executive or None), and the
    seniority word that said it."""

    role: str | None
    level: str | None
    word: str | None = None


def _strip_level(text: str) -> tuple[str, str | None, str | None]:
    """(the rest, level, word) for one key-form part of a title."""
    level = word = None
    for candidate in _LEVEL_KEYS:  # at the start: "senior ...", "head of ..."
        if text == candidate or text.startswith(candidate + " "):
            level, word, text = LEVEL_WORDS[candidate], candidate, text[len(candidate):].strip()
            break
    if level is None:
        for candidate in _LEVEL_KEYS:  # at the end: "ml engineer lead"
            if text.endswith(" " + candidate) and candidate not in ("head", "chief"):
                level, word, text = LEVEL_WORDS[candidate], candidate, text[:-len(candidate)]
                text = text.strip()
                break
    words = text.split(" ")
    if len(words) > 1 and words[-1] in GRADE_WORDS:  # "data scientist ii"
        grade = words.pop()
        if level is None:
            level, word = GRADE_WORDS[grade], grade
        text = " ".join(words)
    for link in _LINKS:  # "head of ai": the field after the link
        if word is not None and text.startswith(link):
            text = text[len(link):].strip()
            break
    text = FIELD_ROLES.get(text, text)
    if text.startswith(("ai ml ", "ml ai ")):  # "AI/ML Engineer"
        text = "ai " + text[6:]
    return text, level, word


def parse_title(text: str) -> Title:
    """'Senior Machine Learning Engineer (NLP)' -> Title('machine learning engineer', 'senior').

    Parenthesised and bracketed parts are dropped; the title is cut at commas, ' - ', ' | '
    and ' at '; the level is the first seniority or grade word found in a part (at its start,
    or its end), the role the first part with words left once that word is taken away."""
    if len(text) > MAX_NAME_CHARS:
        return Title(key(text), None, None)
    cleaned = _PARENS.sub(" ", text)
    role: str | None = None
    level = word = None
    for part in _PARTS.split(cleaned):
        rest, found, said = _strip_level(key(part))
        if level is None and found is not None:
            level, word = found, said
        if role is None and rest:
            role = rest
    return Title(role, level, word)


# Company head counts: under SMALL_BELOW is small, up to LARGE_ABOVE medium, above it large
# (the thresholds of the data file's own labels).
SMALL_BELOW = 50
LARGE_ABOVE = 250
_NUMBER = r"\d{1,3}(?:[,.\s\u00a0\u202f']\d{3})+|\d+"
_BAND = re.compile(rf"^({_NUMBER})\s*(?:-|–|—|to|à|a)\s*({_NUMBER})$")
_OPEN = re.compile(rf"^(?:({_NUMBER})\s*\+|(?:over|more than|plus de|>|>=)\s*({_NUMBER}))$")
_UNDER = re.compile(rf"^(?:under|less than|fewer than|moins de|<|<=)\s*({_NUMBER})$")
_COUNT = re.compile(rf"^({_NUMBER})$")
_PEOPLE = re.compile(r"\s*\b(?:employees?|employ[ée]s|salari[ée]s|people|staff|persons?|"
                     r"personnes|emp|ftes?|headcount)\b\.?\s*$", re.IGNORECASE)


def _count(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def size_category(headcount: float) -> str:
    """small (under 50), medium (50 to 250) or large (over 250)."""
    if headcount < SMALL_BELOW:
        return "small"
    return "medium" if headcount <= LARGE_ABOVE else "large"


def parse_size(text: str) -> str | None:
    """A company size as exports write it -> small, medium or large; None when it is not one.

    '350' is a head count; a band '51-200' (or '1,001-5,000') is read at the geometric middle
    of its bounds (101); an open band '1000+' or '10,001+ employees' at its lower bound
    ('over 250' at 251); 'under 50' just below its bound."""
    if len(text) > MAX_NAME_CHARS:
        return None
    cleaned = _PEOPLE.sub("", text.strip()).strip().lower()
    if not cleaned:
        return None
    match = _BAND.match(cleaned)
    if match:
        low, high = _count(match[1]), _count(match[2])
        if low > high:
            return None
        return size_category(math.sqrt(max(low, 1) * max(high, 1)))
    match = _OPEN.match(cleaned)
    if match:
        return size_category(_count(match[1]) if match[1] else _count(match[2]) + 1)
    match = _UNDER.match(cleaned)
    if match:
        return size_category(_count(match[1]) - 1)
    match = _COUNT.match(cleaned)
    if match and _count(match[1]) > 0:
        return size_category(_count(match[1]))
    return None


@dataclass(frozen=True, slots=True)
class Remote:
    """A location that says the work is remote: where, when it says ('US', 'EU'), else None."""

    place: str | None


_REMOTE = re.compile(r"^(?P<word>fully remote|full remote|100 ?% remote|remote[- ]first|"
                     r"remote only|remote|anywhere|worldwide|t[ée]l[ée]travail)\b"
                     r"(?:\s*(?:[-–—:,/|]|\bin\b)?\s*\(?(?P<place>[^()]*?)\)?)?\s*$",
                     re.IGNORECASE)
_REMOTE_AFTER = re.compile(r"^(?P<place>[^()]+?)\s*[-–—,(]?\s*\(?(?:remote|anywhere)\)?\s*$",
                           re.IGNORECASE)


def parse_location(text: str) -> Remote | None:
    """'Remote', 'Remote - US', 'Remote (EU)', 'Anywhere', 'US (Remote)' -> Remote(place);
    None for a place that is not remote ('City, Country' is read by places.find_city)."""
    stripped = text.strip()
    if len(stripped) > MAX_NAME_CHARS:
        return None
    match = _REMOTE.match(stripped)
    if match:
        place = (match["place"] or "").strip(" -,()") or None
        if place is not None and key(place) in ("anywhere", "worldwide", "global", "world"):
            place = None
        return Remote(place)
    match = _REMOTE_AFTER.match(stripped)
    if match and key(match["place"]) and not key(match["place"]).endswith("remote"):
        return Remote(match["place"].strip(" -,()"))
    return None


_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")


def parse_decimal(text: str, mark: str = ".") -> str:
    """'4,5' -> '4.5' when the decimal mark is ','; anything else unchanged."""
    if mark == "," and _DECIMAL_COMMA.match(text):
        return text.replace(",", ".")
    return text


# ---------------------------------------------------------------------------------------------
# The same readings against a data file: a name the data file knows always wins over a parse
# ("AI Project Lead" is a role, not a lead), so each reader tries the data file first.


def read_role(data: Any, value: str) -> tuple[str | None, str | None]:
    """(the role value to look up, the level the title says or None). A title that names only
    a level ("Intern") gives no role; one whose role part the data file does not know keeps
    the value as typed, so that its message (or an all-roles rule) names what was written."""
    if len(value) > MAX_NAME_CHARS or data.find("role", value) is not None:
        return value, None
    title = parse_title(value)
    if title.role is None:
        return (None if title.level is not None else value), title.level
    for role in (title.role, title.role + " engineer"):  # "Head of NLP" -> "nlp engineer"
        if data.find("role", role) is not None:
            return role, title.level
    return value, title.level


def read_company(data: Any, value: str) -> str:
    """The company value to look up: a size band or head count becomes its category."""
    if data.find("company", value) is not None:
        return value
    return parse_size(value) or value


def read_location(data: Any, value: str) -> tuple[str | None, str | None, str | None]:
    """(city, country, remote) a city cell gives: 'Remote - US' -> (None, 'US', '100'); a
    place that is not remote -> (value, None, None); a region that is no country -> no
    country."""
    if data.find("city", value) is not None:
        return value, None, None
    remote = parse_location(value)
    if remote is None:
        return value, None, None
    country = None
    if remote.place is not None:
        from iasalaire.places import country_code

        if country_code(remote.place, data) is not None:  # a region (EU) gives no country
            country = remote.place
    return None, country, "100"


MEMO_SIZE = 50_000  # readings kept per field and data file; cleared when full


def _reader(data: Any, name: str, read: Any) -> Any:
    """read(data, value), remembered per distinct value in the data file's memo (each
    distinct cell is read once per run, whatever the chunks)."""
    memo: dict[str, Any] = data.memo.setdefault(("titles", name), {})

    def reader(value: str) -> Any:
        found = memo.get(value)
        if found is None:
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            found = memo[value] = read(data, value)
        return found

    return reader


def read_columns(data: Any, fields: Mapping[str, Sequence[Any]], titles: bool = True
                 ) -> dict[str, Sequence[Any]]:
    """Validated profile columns with titles, sizes and remote locations read: a title's level
    fills `level` where neither years nor level is given; 'Remote - US' gives remote 100 and
    country US where those are not given. Each distinct value is read once. `titles` False:
    job titles are left as they are (a role is a name of the data file's list, whole)."""
    out: dict[str, Sequence[Any]] = dict(fields)
    levels = fields["level"]
    if any(v is not None for v in levels):  # --level lead, "Staff": the title's words
        out["level"] = [v if v is None or data.find("level", v) is not None
                        else LEVEL_WORDS.get(key(v), v) for v in levels]
        fields = out
    roles = fields["role"]
    if titles and any(r is not None for r in roles):
        role_of = _reader(data, "role", read_role)
        role_column: list[str | None] = []
        level_column = list(fields["level"])
        for i, (value, years) in enumerate(zip(roles, fields["years"])):
            if value is None:
                role_column.append(None)
                continue
            role, level = role_of(value)
            role_column.append(role)
            if level is not None and years is None and level_column[i] is None:
                level_column[i] = level
        out["role"], out["level"] = role_column, level_column
    companies = fields["company"]
    if any(c is not None for c in companies):
        size_of = _reader(data, "company", read_company)
        out["company"] = [None if c is None else size_of(c) for c in companies]
    cities = fields["city"]
    if any(c is not None for c in cities):
        place_of = _reader(data, "city", read_location)
        city_column, country_column = list(cities), list(fields["country"])
        remote_column = list(fields["remote"])
        for i, value in enumerate(cities):
            if value is None:
                continue
            city, country, remote = place_of(value)
            if city is not None:
                continue
            city_column[i] = None
            if remote_column[i] is None:
                remote_column[i] = remote
            if country is not None and country_column[i] is None:
                country_column[i] = country
        out["city"], out["country"], out["remote"] = city_column, country_column, remote_column
    return out
