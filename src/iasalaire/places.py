"""Finding the city a person typed: the data file's cities first, then a gazetteer of world
cities (GeoNames, CC BY 4.0) that places a city the data file lacks in its country.

Read in this order, the first that names a city wins:
1. a name of the data file (case-, accent- and punctuation-blind: "S.F.", "Washington, D.C.");
2. "City, Qualifier", where the qualifier is a country, a US state or a Canadian province
   ("San Francisco, CA", "Paris, France", "Paris, TX"): the city in that place;
3. a city of the gazetteer (over 15,000 people): its own name before another city's
   alternate name, then the most populous; a country given (--country) narrows the search.
The gazetteer (gazetteer.json, written by scripts/make_gazetteer.py) is read only when a name
is not in the data file, so an ordinary estimate never pays for it.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from iasalaire.data import Data
from iasalaire.errors import InvalidValue, UnknownValue, printable
from iasalaire.records import City

__all__ = ["City", "Found", "Place", "country_code", "find_city", "gazetteer", "unknown_city"]
from iasalaire.text import (
    SUGGEST_MAX_CHARS,
    best_ratio,
    close_enough,
    close_match,
    edit_limit,
    key,
    pairs,
    sharing,
)

GAZETTEER = Path(__file__).parent / "gazetteer.json"
# Canadian provinces and territories: "Vancouver, BC" names Canada (GeoNames codes them by
# number, so the province itself is not checked).
PROVINCES = {"AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
             "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
             "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
             "SK": "Saskatchewan", "YT": "Yukon"}
# Abbreviations people type for the words GeoNames spells out ("St. Petersburg").
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
HINT = "give its country with --country instead"


@dataclass(frozen=True, slots=True)
class Place:
    """A city of the gazetteer that the data file has no entry for."""

    name: str
    country: str
    population: int
    state: str = ""  # US only

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}" if self.state else self.name

    @property
    def id(self) -> str:
        """A slug with the country, so that Paris, TX is not the data file's paris."""
        slug = re.sub(r"[^a-z0-9]+", "-", key(self.name)).strip("-") or "city"
        return f"{slug}-{self.country.lower()}"


Found = City | Place
Where = tuple[str, str | None]  # (country code, US state or None)


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Any]:
    import orjson

    document: dict[str, Any] = orjson.loads(GAZETTEER.read_bytes())
    for row in document["cities"]:  # a country or state code once, not once a city
        row[1:] = [sys.intern(cell) if cell.__class__ is str else cell for cell in row[1:]]
    return document


def _places(index: str, name: str) -> list[Place]:
    table = gazetteer()
    found = table[index].get(name)
    if found is None:
        return []
    rows = table["cities"]
    return [Place(*rows[i]) for i in ([found] if isinstance(found, int) else found)]


def _gazetteer_find(wanted: str, country: str | None, state: str | None) -> Place | None:
    """The gazetteer's city for a key: own names before alternate names, then population
    (the table is sorted by population), within the country and US state when given."""
    words = wanted.split(" ")
    variants = [wanted]
    if words[0] in ABBREVIATIONS:
        variants.append(" ".join([ABBREVIATIONS[words[0]], *words[1:]]))
    for index in ("names", "aliases"):
        for variant in variants:
            for place in _places(index, variant):
                if country in (None, place.country) and state in (None, place.state):
                    return place
    return None


def _compact(text: str) -> str:
    return key(text).replace(" ", "")


def _data_find(value: str, data: Data) -> City | None:
    found = data.find("city", value)
    if found is not None:
        return found  # type: ignore[no-any-return]
    # Punctuation-blind: "S.F." is SF, "Washington, D.C." is Washington DC.
    index: dict[str, City] = data.memo.get(("places", "compact")) or {}
    if not index:
        for entry in data.entries("city"):
            for name in (entry.id, entry.label, *entry.aliases):
                index.setdefault(_compact(name), entry)
        data.memo[("places", "compact")] = index
    return index.get(_compact(value))


def _us_state(city: City) -> str | None:
    """The US state of a data-file city, from the gazetteer's most populous namesake."""
    for name in (city.label, *city.aliases):
        place = _gazetteer_find(key(name), "US", None)
        if place is not None:
            return place.state
    return None


def qualifiers(text: str, data: Data) -> list[Where]:
    """What the part after a comma can name: a US state, a Canadian province, a country."""
    wanted, compact = key(text), _compact(text)
    if not wanted:
        return []
    found: list[Where] = []
    for code, name in gazetteer()["us_states"].items():
        if compact == code.lower() or wanted == key(name):
            found.append(("US", code))
    if any(compact == code.lower() or wanted == key(name) for code, name in PROVINCES.items()):
        found.append(("CA", None))
    country = country_code(text, data)
    if country is not None:
        found.append((country, None))
    return found


def country_code(value: str, data: Data) -> str | None:
    """The ISO code a country name or code means, or None."""
    entry = data.find("country", value)
    if entry is not None:
        return str(entry.id)
    return iso_country(value)


def iso_country(value: str) -> str | None:
    """The ISO code of a country name (English, French, other names) or code, or None."""
    from iasalaire.iso3166 import COUNTRIES  # 249 countries: only when the data lacks one

    wanted = key(value)
    for code, (english, others) in COUNTRIES.items():
        if wanted in (key(code), key(english)) or wanted in {key(n) for n in others}:
            return code
    from iasalaire.cldr import COUNTRY_FR  # the French names the tool itself prints

    return next((code for code, french in COUNTRY_FR.items() if key(french) == wanted), None)


def _find(value: str, country: str | None, state: str | None, data: Data) -> Found | None:
    entry = _data_find(value, data)
    if entry is not None and country in (None, entry.country) and (
            state is None or entry.country != "US" or _us_state(entry) in (None, state)):
        return entry
    if "," in value:
        head, qualifier = value.rsplit(",", 1)
        found: list[Found] = []
        for where_country, where_state in qualifiers(qualifier, data):
            if country not in (None, where_country):
                continue
            place = _find(head, where_country, where_state or state, data)
            if place is not None:
                found.append(place)
        if found:  # "Toronto, CA": Canada, not California; the data file's city first
            return max(found, key=lambda p: (isinstance(p, City), getattr(p, "population", 0)))
    wanted = key(value)
    if not wanted:
        return None
    place = _gazetteer_find(wanted, country, state)
    return place if place is None else _data_city_of(place, data)


def _data_city_of(place: Place, data: Data) -> Found:
    """The data file's city a gazetteer place is ("Nueva York", "San Fransisco" are in the
    gazetteer as New York City and San Francisco): the gazetteer never shadows a data city."""
    entry = _data_find(place.name, data)
    if entry is None or entry.country != place.country:
        return place
    if place.country == "US" and _us_state(entry) not in (None, place.state):
        return place  # Portland, ME is not Portland (Oregon)
    return entry


def namesakes(value: str, taken: Found, data: Data) -> str | None:
    """When a bare name ("Cambridge", "Springfield") also names other gazetteer cities than
    the one taken: which one was taken and how to choose another, or None."""
    wanted = key(value)
    if "," in value or not wanted or (isinstance(taken, City) and wanted in (
            key(taken.label), key(taken.id))):
        return None
    others = [p for p in _places("names", wanted)
              if (p != taken if isinstance(taken, Place) else _data_city_of(p, data) != taken)]
    if not others:
        return None
    where = taken.label if isinstance(taken, Place) else f"{taken.label} ({taken.country})"
    if isinstance(taken, Place):
        where = f"{where} ({taken.country})"
    listed = ", ".join(f"{p.label} ({p.country})" for p in others[:3])
    first = others[0]
    return (f"'{printable(value)}' is taken as {where}; it also names {listed}"
            f"{' ...' if len(others) > 3 else ''}: write '{printable(value)}, "
            f"{first.state or first.country}' for another")


def find_city(value: str, country: str | None, data: Data) -> Found:
    """The city `value` names (in `country` when given), or InvalidValue / UnknownValue."""
    found = _find(value, country, None, data)
    if found is not None:
        return found
    head, wanted, by_option = value, country, country is not None
    if "," in value:
        before, qualifier = value.rsplit(",", 1)
        where = qualifiers(qualifier, data)
        if not where:
            raise InvalidValue(
                f"'{printable(qualifier.strip())}' after the comma in '{printable(value)}' is not "
                "a country, a US state or a Canadian province: write the city alone, or give its "
                "country with --country", "city")
        head = before
        if wanted is None:
            wanted = where[-1][0]  # the country it names, for the message below
    # the same search as the first when nothing narrowed it: found nothing either
    elsewhere = _find(head, None, None, data) if wanted is not None else None
    if elsewhere is not None and wanted is not None and elsewhere.country != wanted:
        if by_option:
            raise InvalidValue(
                f"city '{elsewhere.label}' is in {elsewhere.country}, not in {wanted}: drop "
                "--country or pick another city", "country")
        raise InvalidValue(f"city '{elsewhere.label}' is in {elsewhere.country}, not in "
                           f"{wanted}: drop what follows the comma or pick another city", "city")
    raise unknown_city(head.strip() if "," in value else value, wanted, data)


def unknown_city(value: str, country: str | None, data: Data) -> UnknownValue:
    """'Did you mean': a name of the data file when one is close (a typo), else the closest
    gazetteer city, in the country given first; and how to go on without a city."""
    suggestion, hint = _city_suggestion(key(value), country, data)
    return UnknownValue("city", value, suggestion, hint)


# Per data file (by identity, the file held so its id stays its own): the names of its cities
# in each country, and the suggestions already made, bounded.
_MEMO: dict[int, tuple[Data, dict[Any, Any]]] = {}


def _memo(data: Data) -> dict[Any, Any]:
    found = _MEMO.get(id(data))
    if found is None or found[0] is not data:
        if len(_MEMO) >= 8:
            _MEMO.clear()
        found = _MEMO[id(data)] = (data, {})
    if len(found[1]) > 16_384:  # more than a chunk of records: both asks find it
        found[1].clear()
    return found[1]


def _city_names(data: Data, country: str | None) -> dict[str, str]:
    memo = _memo(data)
    names: dict[str, str] | None = memo.get(("names", country))
    if names is None:
        names = {}
        for entry in data.entries("city"):
            if country in (None, entry.country):
                for name in (entry.label, entry.id, *entry.aliases):
                    names.setdefault(key(name), entry.label)
        memo[("names", country)] = names
    return names


def _name_keys(data: Data, country: str | None) -> tuple[str, ...]:
    """_city_names' keys, one tuple kept (close_match remembers by it: one, not one a call)."""
    memo = _memo(data)
    found: tuple[str, ...] | None = memo.get(("keys", country))
    if found is None:
        found = memo[("keys", country)] = tuple(_city_names(data, country))
    return found


def _city_suggestion(wanted: str, country: str | None, data: Data) -> tuple[str | None, str]:
    """The suggestion for an unknown city and the hint after it (asked twice per record in
    batch: by the columnar check and by the exact path; made once)."""
    if len(wanted) > SUGGEST_MAX_CHARS:  # no suggestion, and not worth remembering
        return _city_suggestion_made(wanted, country, data)
    memo = _memo(data)
    found: tuple[str | None, str] | None = memo.get((wanted, country))
    if found is None:
        found = memo[(wanted, country)] = _city_suggestion_made(wanted, country, data)
    return found


def _city_suggestion_made(wanted: str, country: str | None,
                          data: Data) -> tuple[str | None, str]:
    names = _city_names(data, country)
    close = close_match(wanted, _name_keys(data, country), 0.6)
    ratio = close[1] if close else 0.0
    place, place_ratio = _gazetteer_suggestion(wanted, country)
    if close and ratio >= place_ratio and close_enough(wanted, close[0]):
        return names[close[0]], ""
    if place is None and country is not None:
        place, place_ratio = _gazetteer_suggestion(wanted, None)
    if place is not None and not close_enough(wanted, key(place.name)):
        place = None  # only a close name is a suggestion ("lead" is not Leland)
    return (f"{place.label}, {place.country}" if place is not None else None), HINT


@lru_cache(maxsize=1)
def _by_start_and_length() -> dict[tuple[str, int], list[str]]:
    """Gazetteer names (own and alternate, each once) by first letter and length: a typo
    keeps both, or nearly (built once, on the error path only)."""
    table = gazetteer()
    buckets: dict[tuple[str, int], list[str]] = {}
    for name in dict.fromkeys(chain(table["names"], table["aliases"])):
        bucket = buckets.get((name[:1], len(name)))
        if bucket is None:
            bucket = buckets[(name[:1], len(name))] = []
        bucket.append(name)
    return buckets


@lru_cache(maxsize=4096)
def _bucket(start: str, size: int) -> dict[str, str | tuple[str, ...]]:
    """The gazetteer names of one first letter and one length by the character pairs they
    hold (see text.sharing). Built once per bucket, on the error path only (each name is in
    one bucket: all of them cost one pass), and compact, since a batch of random typos builds
    most of them: a pair's names as a tuple, a lone name as itself, the pairs interned."""
    index: defaultdict[str, list[str]] = defaultdict(list)
    for name in _by_start_and_length().get((start, size), ()):
        for pair in pairs(name):
            index[pair].append(name)
    return {sys.intern(pair): names[0] if len(names) == 1 else tuple(names)
            for pair, names in index.items()}


def _rows(name: str) -> list[int]:
    """The gazetteer rows a name is, own names' before alternate names'."""
    table = gazetteer()
    rows: list[int] = []
    for index in ("names", "aliases"):
        found = table[index].get(name)
        if found is not None:
            rows.extend([found] if isinstance(found, int) else found)
    return rows


@lru_cache(maxsize=1024)
def _gazetteer_suggestion(wanted: str, country: str | None) -> tuple[Place | None, float]:
    """The closest gazetteer name of the same first letter and a length a typo can reach (at
    most 2 off): of those sharing the most character pairs with it (a few), the closest by
    difflib; so that a batch full of typos stays fast (a few look-ups in pair indexes)."""
    if not wanted or len(wanted) > SUGGEST_MAX_CHARS:
        return None, 0.0
    table = gazetteer()["cities"]
    size, reach = len(wanted), min(2, edit_limit(len(wanted)))
    indexes = [_bucket(wanted[:1], length) for length in range(size - reach, size + reach + 1)]

    def in_country(name: str) -> bool:
        return country is None or any(table[i][1] == country for i in _rows(name))

    close = best_ratio(wanted, sharing(wanted, indexes, in_country), 0.75)
    if not close:
        return None, 0.0
    row = next(i for i in _rows(close[0]) if country in (None, table[i][1]))
    return Place(*table[row]), close[1]
