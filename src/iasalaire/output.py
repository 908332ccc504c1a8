"""Plain output, without rich: JSON, CSV, Markdown, and the numbers the human views share."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from typing import Any

import orjson

from iasalaire.core import Estimate, Factor, money

PERCENTILES = ("p10", "p25", "p50", "p75", "p90")


def dumps(document: Any, pretty: bool = False) -> str:
    option = orjson.OPT_INDENT_2 if pretty else 0
    return orjson.dumps(document, option=option).decode()


def usd(value: float) -> str:
    return f"{money(value):,}"


def effects(result: Estimate) -> list[float]:
    """Each factor's share of (median - base) in dollars, split by log-multiplier so that the
    shares add up to the difference whatever the order of the factors."""
    logs = [math.log(f.multiplier) for f in result.factors]
    total = sum(logs)
    change = result.median - result.base
    if abs(total) < 1e-12:
        return [result.base * (f.multiplier - 1) for f in result.factors]
    return [change * log / total for log in logs]


def signed(value: float) -> str:
    rounded = money(value)
    return "0" if rounded == 0 else f"{rounded:+,}"


def headline(result: Estimate) -> str:
    """'5 years of experience, San Francisco': what the estimate is for."""
    parts = [f.label for f in result.factors if f.dimension not in ("premium-cap", "interaction")]
    return ", ".join(parts) if parts else "any AI engineer, worldwide"


def bar(result: Estimate, width: int = 40) -> str:
    """p10 to p90 on one line: the middle half as a block, the median as a mark."""
    p = result.percentiles
    span = p["p90"] - p["p10"]

    def at(value: float) -> int:
        return min(width - 1, max(0, round((value - p["p10"]) / span * (width - 1))))

    cells = ["─"] * width
    for i in range(at(p["p25"]), at(p["p75"]) + 1):
        cells[i] = "█"
    cells[at(p["p50"])] = "│"
    cells[0], cells[-1] = "├", "┤"
    return "".join(cells)


def flat_row(result: Estimate) -> dict[str, Any]:
    """One flat record: the profile fields, then the figures (CSV output)."""
    document = result.to_dict()
    row: dict[str, Any] = {}
    for name, value in document["profile"].items():
        row[name] = ";".join(value) if isinstance(value, list) else value
    row.update(median=document["median"], mean=document["mean"],
               low=document["range"]["low"], high=document["range"]["high"])
    row.update(document["percentiles"])
    row["warnings"] = " | ".join(document["warnings"])
    return row


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def factor_rows(result: Estimate) -> list[tuple[Factor, float]]:
    return list(zip(result.factors, effects(result)))


def to_markdown(result: Estimate) -> str:
    p = result.percentiles
    lines = [
        f"**Estimated pay: {headline(result)}** (USD / year)",
        "",
        f"- Range (p25-p75): **{usd(p['p25'])} - {usd(p['p75'])}**",
        f"- Median: **{usd(p['p50'])}** (mean {usd(result.mean)})",
        f"- Wide range (p10-p90): {usd(p['p10'])} - {usd(p['p90'])}",
        f"- Confidence: {result.confidence} (median), "
        f"{result.data.file.spread.confidence} (range)",
        f"- {'Wide range' if result.wide else 'Range'}: {spread_text(result)}",
        "",
        "| factor | multiplier | effect (USD) | source | confidence |",
        "|---|---:|---:|---|---|",
        f"| Base: {result.data.file.base.label} | | {usd(result.base)} | "
        f"{result.data.file.base.source} | {result.data.file.base.confidence} |",
    ]
    for factor, effect in factor_rows(result):
        lines.append(f"| {factor.dimension}: {factor.label} | x{factor.multiplier:.3f} | "
                     f"{signed(effect)} | {factor.source} | {factor.confidence} |")
    lines += [f"\n> warning: {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"



def spread_text(result: Estimate) -> str:
    """Why the range is as wide as it is, in a sentence."""
    p = result.percentiles
    text = (f"p90 is {p['p90'] / p['p10']:.1f}x p10 (log-space sigma {result.sigma:.2f}): the "
            f"spread of a fully described profile ({result.spread.residual:.2f})")
    reasons = result.spread.reasons()
    if reasons:
        text += ", widened: " + "; ".join(reasons)
    return text + "."


def purchasing_power(result: Estimate) -> tuple[float, Any] | None:
    """The median in average-US prices, and the price level behind it (None: no figure)."""
    level = result.data.price_level(result.profile.get("city"))
    if level is None:
        return None
    return result.median / (level.index / 100), level
