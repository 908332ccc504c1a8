"""Where an offer sits on a profile's range: its percentile, its gap to the median, in words.

Uses the estimate's own percentiles and log-space spread (`Estimate.sigma`), so an offer at
the median is at the 50th percentile, one at the shown p25 at the 25th, and so on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from iasalaire.core import Estimate
from iasalaire.core import Z as STANDARD_Z
from iasalaire.errors import Amount, Problem
from iasalaire.money import Money

PLAUSIBLE = 10.0  # an offer over 10x (or under a tenth of) the median is a typo or wrong unit
# Position codes (locale-free, in JSON) from low to high, by the estimate's percentiles.
POSITIONS = ("below-p10", "below-middle-half", "middle-half", "above-middle-half", "above-p90")


def _percentile(result: Estimate, ratio: float) -> float:
    """The percentile of median x ratio. The estimate's percentiles may sit at other distances
    from the median than a plain log-normal's (a data file can fit its middle half), so the
    offer's distance in sigmas is mapped piecewise-linearly onto the standard normal through
    the estimate's own p10...p90 (exact at each of them), then read off the normal curve."""
    sigma = result.sigma
    if sigma <= 0:
        return 50.0 if ratio == 1 else (0.0 if ratio < 1 else 100.0)
    z = math.log(ratio) / sigma
    own = [(math.log(result.percentiles[name] / result.median) / sigma, standard)
           for name, standard in STANDARD_Z.items()]
    if own[0][0] < z < own[-1][0]:
        for (z0, s0), (z1, s1) in zip(own, own[1:]):
            if z <= z1:
                z = s0 + (s1 - s0) * (z - z0) / (z1 - z0)
                break
    else:  # beyond p10 or p90: the tails keep their distance, shifted to meet the anchor
        z0, s0 = own[0] if z <= own[0][0] else own[-1]
        z = s0 + (z - z0)
    return 50 * (1 + math.erf(z / math.sqrt(2)))


# An offer as people write it: 165000, 165k, 165.5k, 165 000, 165,000, 165_000, $165,000,
# 165 000 €. Groups of three after a thousands separator (one kind per amount), '.' as the only
# decimal mark, k for thousands; anything else is refused rather than guessed.
_SYMBOLS = "$€£"
_AMOUNT = re.compile(
    r"[$€£]?(?P<whole>\d{1,3}(?P<sep>[,_ \u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*|\d+)"
    r"(?P<fraction>\.\d+)?(?P<k>[kK])?[$€£]?")


def parse_amount(text: str | float, name: str = "--offer") -> float:
    """An offer amount from what a person typed (Problem, naming the option, otherwise)."""
    if isinstance(text, (int, float)):
        return float(text)
    squeezed = text.strip()
    if squeezed.startswith("-"):  # a negative amount is read, then refused by place()
        return -parse_amount(squeezed[1:], name)
    for symbol in _SYMBOLS:  # "165 000 €", "$ 165,000": the symbol may stand apart
        squeezed = squeezed.replace(f" {symbol}", symbol).replace(f"{symbol} ", symbol)
    squeezed = re.sub(r"(?<=\d)[ \u00a0\u202f]+(?=[kK]\b)", "", squeezed)
    found = _AMOUNT.fullmatch(squeezed)
    if found is None or sum(squeezed.count(s) for s in _SYMBOLS) > 1:
        raise Problem("{name} must be an amount such as 165000, 165k, 165 000 or $165,000 "
                      "(got '{value}')", "offer", name=name, value=text)
    whole = re.sub(r"\D", "", found["whole"])
    value = float(whole + (found["fraction"] or ""))
    return value * 1000 if found["k"] else value


@dataclass(frozen=True, slots=True)
class Offer:
    amount: float  # as given: chosen currency and period
    yearly: float  # gross yearly, data currency
    percentile: float  # 0-100
    gap: int  # amount - median, chosen currency and period (rounded like the figures)
    gap_percent: float  # amount / median - 1
    position: str  # one of POSITIONS
    # What the offer buys at US-average prices, shown like the amount (None: no price level).
    purchasing_power: int | None = None

    def to_dict(self) -> dict[str, Any]:
        amount = int(self.amount) if self.amount.is_integer() else self.amount
        return {"amount": amount, "percentile": round(self.percentile, 1),
                "gap": self.gap,  # + 0.0: a gap of -0.001% is 0.0, not -0.0
                "gap_percent": round(self.gap_percent * 100, 1) + 0.0,
                "position": self.position, "purchasing_power": self.purchasing_power}


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
        raise Problem(template, "offer", amount=Amount(amount), median=Amount(shown),
                      currency=money.currency)
    percentile = _percentile(result, ratio)
    p = result.percentiles
    # The middle half includes its ends: an offer at p25 or p75 is within it.
    rank = sum(yearly >= p[name] for name in ("p10", "p25")) + sum(
        yearly > p[name] for name in ("p75", "p90"))
    median_shown = money.show(result.median)
    gap = int(round((amount - median_shown) / money.step)) * money.step
    level = result.data.price_level(result.profile.get("city"))
    power = None if level is None else money.amount(yearly / (level.index / 100))
    return Offer(amount, yearly, percentile, gap, amount / median_shown - 1, POSITIONS[rank],
                 power)
