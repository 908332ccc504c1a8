"""Plain output, without rich: JSON, CSV, Markdown, and the numbers the human views share."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import orjson

from iasalaire.core import Estimate, Factor, money
from iasalaire.text import safe_cell

if TYPE_CHECKING:
    from iasalaire.money import Money
    from iasalaire.offer import Offer

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


def document(result: Estimate, shown: Money | None = None,
             offer: Offer | None = None) -> dict[str, Any]:
    """The "iasalaire.estimate/1" document, amounts as `shown` asks (USD a year by default),
    with the presentation keys that joined it: exchange, period, net, purchasing_power, offer."""
    doc = result.to_dict()
    if shown is not None:
        doc["currency"] = shown.currency
        doc.update(shown.figures(result.percentiles))
        doc["mean"] = shown.amount(result.mean)
    doc["exchange"] = shown.exchange.to_dict() if shown and shown.exchange else None
    doc["period"] = shown.period_dict() if shown else {"unit": "year", "per_year": 1}
    doc["net"] = shown.net_dict(result.median) if shown else None
    power = purchasing_power(result)
    doc["purchasing_power"] = None if power is None else {
        "amount": shown.amount(power[0]) if shown else money(power[0]),
        "price_level": power[1].index, "source": power[1].source}
    doc["offer"] = offer.to_dict() if offer else None
    doc["basis"] = doc.pop("basis")  # the keys that joined last go last
    del doc["article"]
    doc["article"] = result.article(shown.amount if shown else None)
    return doc


def flat_row(result: Estimate, shown: Money | None = None,
             offer: Offer | None = None) -> dict[str, Any]:
    """One flat record: the profile fields, then the figures (CSV output)."""
    return flat_document(document(result, shown, offer))


def flat_document(document: dict[str, Any]) -> dict[str, Any]:
    """An estimate document as one flat CSV record."""
    row: dict[str, Any] = {}
    for name, value in document["profile"].items():
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 5 years, as JSON readers and people write it, not 5.0
        row[name] = ";".join(value) if isinstance(value, list) else value
    row.update(median=document["median"], mean=document["mean"],
               low=document["range"]["low"], high=document["range"]["high"])
    row.update(document["percentiles"])
    row["warnings"] = " | ".join(document["warnings"])
    # Columns that joined later go last, so that readers by position keep working.
    row["currency"] = document["currency"]
    power = document["purchasing_power"]
    row["buys"] = power["amount"] if power else None
    offer = document["offer"]
    row.update(offer=offer["amount"] if offer else None,
               offer_percentile=offer["percentile"] if offer else None)
    return row


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    # Text cells follow batch's one rule (text.safe_cell): no formula, no NUL, no bare \r.
    writer.writerows({k: "" if v is None else safe_cell(v) if isinstance(v, str)
                      else v for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def factor_rows(result: Estimate) -> list[tuple[Factor, float]]:
    return list(zip(result.factors, effects(result)))


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
