"""Ground data/baseline.json in real data: country, company size, role and remote multipliers
from the aijobs.net salary index (R5, ../shared/data/aijobs-salaries-dev.csv).

Run after scripts/make_baseline.py:

    python scripts/make_baseline.py && python scripts/ground_baseline.py

The seed's figures stay as they are (base, experience curve, spread, sectors, big tech, cities,
the ml-architect and ai-project-lead roles), so that every seed figure S1-S16 still holds. The
data's figures are fitted the way `iasalaire calibrate` fits them (median backfit of log
salaries, shrunk toward 1 for small groups) and then expressed where the seed puts its level:
countries relative to the US (the seed's figures are US-led), roles relative to the AI engineer
(the seed's population), company sizes and remote shares relative to all rows. A small company
stays below 1 (S8) because the data says so; the script stops if it ever did not.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from iasalaire.calibrate import SHRINK, confidence, fit  # noqa: E402
from iasalaire.data import load_data  # noqa: E402
from iasalaire.iso3166 import COUNTRIES  # noqa: E402
from iasalaire.survey import normalise, read_survey  # noqa: E402

BASELINE = REPO / "data" / "baseline.json"
SURVEY = REPO.parent / "shared" / "data" / "aijobs-salaries-dev.csv"
KEY = "data:aijobs-salaries-dev"
MIN_COUNT = 5  # a country with fewer rows keeps the world-level figure
SEED_ROLES = {"ai-engineer", "ml-architect", "ai-project-lead"}  # S1, S15: kept from the seed


def how(reference: str) -> str:
    return (f"aijobs.net salary index (R5): median of log salaries after level, country, "
            f"company size, role and remote, shrunk toward 1 by n/(n+{SHRINK:g}), "
            f"relative to {reference}")


def sourced(count: int, note: str) -> dict[str, Any]:
    return {"source": KEY, "confidence": confidence(count), "count": count, "note": note}


def main() -> None:
    if not SURVEY.is_file():
        sys.exit(f"ground_baseline: {SURVEY} not found (see ../shared/data/README.md)")
    data = load_data(BASELINE)
    survey = read_survey(SURVEY)
    scored = normalise(survey, data)
    # Levels are fitted too (they explain much of the pay), but the seed's curve is kept.
    result = fit(scored.profiles, scored.salaries, MIN_COUNT, pairs=False,
                 offsets=scored.offsets)
    doc = json.loads(BASELINE.read_text(encoding="utf-8"))
    if KEY in doc["sources"]:
        sys.exit("ground_baseline: already grounded; run scripts/make_baseline.py first")
    doc["sources"][KEY] = {
        "title": "aijobs.net Global AI, ML, Data Science Salary Index (CC0), development split",
        "year": 2025, "rows": len(scored.salaries), "sha256": survey.sha256,
        "detail": "full-time rows of aijobs-salaries-dev.csv (work years 2020-2024)",
        "url": "https://github.com/foorilla/ai-jobs-net-salaries"}

    countries = result.effects["country"]
    us = countries["US"][0]
    known = {c["id"]: c for c in doc["countries"]}
    for code, (effect, n) in sorted(countries.items(), key=lambda item: -item[1][1]):
        entry = known.get(code) or {"id": code, "label": COUNTRIES[code][0], "aliases": []}
        if code not in known:
            doc["countries"].append(entry)
        note = how("the United States (the seed's figures are US-led)")
        entry.update(multiplier=round(math.exp(effect - us), 4), **sourced(n, note))

    roles = {r["id"]: r for r in doc["roles"]}
    reference = result.effects["role"]["ai-engineer"][0]
    for role, (effect, n) in result.effects["role"].items():
        if role not in SEED_ROLES:
            roles[role].update(multiplier=round(math.exp(effect - reference), 4),
                               **sourced(n, how("the AI engineer (the seed's population, S1)")))

    for listed, dim in (("companies", "company"), ("remote", "remote")):
        entries = {str(e["id"]): e for e in doc[listed]}
        for value, (effect, n) in result.effects[dim].items():
            entries[str(value)].update(multiplier=round(math.exp(effect), 4),
                                       **sourced(n, how("all rows")))
    small = next(c for c in doc["companies"] if c["id"] == "small")
    if small["multiplier"] >= 1:
        sys.exit("ground_baseline: the data puts small companies at or above 1, against S8")

    doc["description"] += (" Country, company-size, role and remote figures: aijobs.net salary "
                           "index (R5), see scripts/ground_baseline.py.")
    BASELINE.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    load_data(BASELINE)  # still valid
    print(f"grounded {BASELINE} in {len(scored.salaries)} rows: {len(countries)} countries, "
          f"{len(result.effects['role'])} roles")


if __name__ == "__main__":
    main()
