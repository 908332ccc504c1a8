"""Rows for `iasalaire list`: the known values of one profile field, with their figures."""

from __future__ import annotations

from typing import Any

from iasalaire.data import Data


def rows(data: Data, what: str) -> list[dict[str, Any]]:
    file = data.file
    if what == "sources":
        return [{"id": k, "title": s.title, "year": s.year, "detail": s.detail}
                for k, s in file.sources.items()]
    if what == "levels":
        return [{"id": lv.id, "label": lv.label, "multiplier": round(data.experience_at(
                    lv.years)[0], 4), "years": lv.years, "source": lv.source,
                 "confidence": lv.confidence, "aliases": lv.aliases}
                for lv in file.experience.levels]
    out = []
    for entry in getattr(file, what):
        row: dict[str, Any] = {"id": entry.id, "label": entry.label,
                               "multiplier": entry.multiplier}
        if what == "cities":
            row["country"] = entry.country
        row.update(source=entry.source, confidence=entry.confidence, aliases=entry.aliases)
        out.append(row)
    return out
