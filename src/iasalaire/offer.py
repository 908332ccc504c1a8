"""Where an offer sits on a profile's range: its percentile, its gap to the median, in words.

Uses the estimate's own median and log-space spread (`Estimate.sigma`), so the offer is placed
on exactly the distribution whose percentiles the estimate shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from iasalaire.core import Estimate
from iasalaire.errors import Problem
from iasalaire.money import Money

PLAUSIBLE = 10.0  # an offer over 10x (or under a tenth of) the median is a typo or wrong unit
# Position codes (locale-free, in JSON) from low to high, by the estimate's percentiles.
POSITIONS = ("below-p10", "below-middle-half", "middle-half", "above-middle-half", "above-p90")


@dataclass(frozen=True, slots=True)
class Offer:
    amount: float  # as given: chosen currency and period
    yearly: float  # gross yearly, data currency
    percentile: float  # 0-100
    gap: int  # amount - median, chosen currency and period (rounded like the figures)
    gap_percent: float  # amount / median - 1
    position: str  # one of POSITIONS

    def to_dict(self) -> dict[str, Any]:
        amount = int(self.amount) if self.amount.is_integer() else self.amount
        return {"amount": amount, "percentile": round(self.percentile, 1),
                "gap": self.gap, "gap_percent": round(self.gap_percent * 100, 1),
                "position": self.position}


def place(result: Estimate, money: Money, amount: float) -> Offer:
    """The offer on the range; InvalidValue when it is not a plausible amount."""
    if not math.isfinite(amount) or amount <= 0:
        raise Problem("--offer must be a positive amount (got {amount})", "offer",
                      amount=f"{amount:g}")
    yearly = money.back(amount)
    ratio = yearly / result.median
    if not 1 / PLAUSIBLE <= ratio <= PLAUSIBLE:
        shown = money.amount(result.median)
        template = ("--offer {amount} is not a plausible offer for this profile (median "
                    "{median} {currency} a month): check its currency (--currency) and period "
                    "(--period)" if money.period == "month" else
                    "--offer {amount} is not a plausible offer for this profile (median "
                    "{median} {currency} a year): check its currency (--currency) and period "
                    "(--period)")
        raise Problem(template, "offer", amount=f"{amount:g}", median=f"{shown:,}",
                      currency=money.currency)
    if result.sigma > 0:
        z = math.log(ratio) / result.sigma
        percentile = 50 * (1 + math.erf(z / math.sqrt(2)))
    else:
        percentile = 50.0 if ratio == 1 else (0.0 if ratio < 1 else 100.0)
    p = result.percentiles
    # The middle half includes its ends: an offer at p25 or p75 is within it.
    rank = sum(yearly >= p[name] for name in ("p10", "p25")) + sum(
        yearly > p[name] for name in ("p75", "p90"))
    median_shown = money.show(result.median)
    gap = int(round((amount - median_shown) / money.step)) * money.step
    return Offer(amount, yearly, percentile, gap, amount / median_shown - 1, POSITIONS[rank])
