"""How amounts are shown: currency, period (year or month) and French net pay.

Presentation only: the model always works in the data file's currency (USD) per year, gross;
a `Money` turns those amounts into what the person asked to read, and back (for an offer).
No Babel here: this module is on the --json path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iasalaire.errors import Problem

# R9: "net à payer avant impôt" / "salaire brut" by yearly gross (EUR), for a cadre (nearly every
# AI engineering job in France is a cadre position; non-cadre differs by 0.1-0.2 point).
NET_FR: tuple[tuple[float, float], ...] = (
    (30_000, 0.781), (45_000, 0.784), (60_000, 0.787), (80_000, 0.791), (100_000, 0.793),
    (150_000, 0.796))
NET_SOURCE = "ref:R9"
NET_COUNTRIES = ("FR",)  # countries with a net table; nowhere else is a net figure given
MONTHS = range(12, 17)  # 12 monthly payments, or 13 to 16 with bonus months
LOCAL = "local"


def net_ratio(gross_eur_year: float) -> float:
    """R9's net/gross ratio at this yearly gross: linear between its points, flat outside."""
    points = NET_FR
    if gross_eur_year <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if gross_eur_year <= x1:
            return y0 + (y1 - y0) * (gross_eur_year - x0) / (x1 - x0)
    return points[-1][1]


@dataclass(frozen=True, slots=True)
class Exchange:
    """A yearly-average rate: `rate` units of `to` per unit of `source_currency`."""

    source_currency: str
    to: str
    rate: float
    year: int
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source_currency, "to": self.to, "rate": round(self.rate, 6),
                "year": self.year, "source": self.source}


def currency_code(value: str) -> str:
    """An ISO 4217 code the rates table knows; InvalidValue with a suggestion otherwise."""
    from iasalaire.rates import RATES

    code = value.strip().upper()
    if code in RATES:
        return code
    from iasalaire.cldr import CURRENCY_NAMES
    from iasalaire.text import closest, key

    for known, names in CURRENCY_NAMES.items():  # "euro", "livre sterling"
        if known in RATES and key(value) in {key(n) for n in names}:
            return known
    hint = closest(value, list(RATES))
    known = ", ".join(sorted(RATES))
    if hint:
        raise Problem("unknown currency '{value}' (did you mean '{hint}'?); known: {known}, "
                      "or 'local' (the profile's country's)", "currency", value=value,
                      hint=hint, known=known)
    raise Problem("unknown currency '{value}'; known: {known}, or 'local' (the profile's "
                  "country's)", "currency", value=value, known=known)


def local_currency(country: str | None) -> str:
    """The currency of a country (ISO code) that the rates table knows."""
    from iasalaire.cldr import CURRENCY
    from iasalaire.rates import RATES

    if country is None:
        raise Problem("--currency local needs a country: give --city or --country", "currency")
    code = CURRENCY.get(country)
    if code is None or code not in RATES:
        raise Problem("no exchange rate for the currency of {country} ({code}): choose one "
                      "with --currency CODE", "currency", country=country, code=code or "none")
    return code


def exchange(source_currency: str, to: str, year_wanted: int | None) -> Exchange | None:
    """The yearly rate from the data's currency to `to` (None when they are the same): the
    data's own year when the table has it, else the latest year it has for both."""
    if to == source_currency:
        return None
    from iasalaire.rates import RATES

    if source_currency not in RATES:
        raise Problem("no exchange rate for the data file's currency {code}", "currency",
                      code=source_currency)
    years = sorted(set(RATES[to]) & set(RATES[source_currency]))
    if not years:
        raise Problem("no year with rates for both {a} and {b}", "currency", a=source_currency,
                      b=to)
    year = year_wanted if year_wanted in years else years[-1]
    rate, source = RATES[to][year]
    return Exchange(source_currency, to, rate / RATES[source_currency][year][0], year, source)


def data_year(version: str) -> int | None:
    """2025 from a data version such as '2025.1': the year its figures are for."""
    head = version[:4]
    return int(head) if head.isdigit() else None


@dataclass(frozen=True, slots=True)
class Money:
    """From the model's gross yearly amounts (data currency) to the amounts people read."""

    currency: str  # what is shown
    exchange: Exchange | None  # None: the data's own currency
    period: str = "year"  # "year" or "month"
    months: int = 12  # payments a year, when period is "month"
    net: bool = False  # French net before income tax (R9)
    to_eur: float = 1.0  # EUR per data-currency unit: R9's table is in EUR

    @property
    def per_year(self) -> int:
        return self.months if self.period == "month" else 1

    @property
    def rate(self) -> float:
        return self.exchange.rate if self.exchange else 1.0

    @property
    def step(self) -> int:
        # The sources are not more precise than 100 a year; a month is shown to 10.
        return 10 if self.period == "month" else 100

    def show(self, yearly: float) -> float:
        """The amount read, unrounded, for a gross yearly amount in the data currency."""
        value = yearly * self.rate
        if self.net:
            value *= net_ratio(yearly * self.to_eur)
        return value / self.per_year

    def amount(self, yearly: float) -> int:
        return int(round(self.show(yearly) / self.step)) * self.step

    def back(self, shown: float) -> float:
        """The gross yearly amount (data currency) that `show` turns into `shown`."""
        yearly = shown * self.per_year / self.rate
        if self.net:  # net(g) = g x ratio(g) rises with g: a fixed point converges at once
            gross = yearly / net_ratio(yearly * self.to_eur)
            for _ in range(20):
                gross = yearly / net_ratio(gross * self.to_eur)
            yearly = gross
        return yearly

    def figures(self, percentiles: dict[str, float]) -> dict[str, Any]:
        """median, range and percentiles as `estimate --json` and batch write them."""
        pct = {name: self.amount(value) for name, value in percentiles.items()}
        return {"median": pct["p50"], "range": {"low": pct["p25"], "high": pct["p75"]},
                "percentiles": pct}

    def period_dict(self) -> dict[str, Any]:
        return {"unit": self.period, "per_year": self.per_year}

    def net_dict(self, median_yearly: float) -> dict[str, Any] | None:
        if not self.net:
            return None
        return {"basis": "net before income tax", "country": "FR",
                "ratio_at_median": round(net_ratio(median_yearly * self.to_eur), 4),
                "source": NET_SOURCE}


@dataclass(frozen=True, slots=True)
class Presentation:
    """What the person asked to read (command-line options), before a profile fixes `local`."""

    currency: str | None = None  # an ISO code, "local", or None: the data's own
    period: str = "year"
    months: int = 12
    net: bool = False
    # A French view with no --currency: a place of the euro area reads in euros.
    euro_for_french: bool = False

    def money(self, data_currency: str, data_version: str, country: str | None) -> Money:
        """The Money for one estimate (its country decides `local` and whether --net holds)."""
        if self.net and country not in NET_COUNTRIES:
            if country is None:
                raise Problem("--net needs a table of social contributions; there is one for "
                              "France (FR) only, and no country is given: add --country FR or a "
                              "French city, or drop --net", "net")
            raise Problem("--net needs a table of social contributions; there is one for France "
                          "(FR) only, not for {country}: drop --net", "net", country=country)
        wanted = self.currency
        if wanted is None and self.euro_for_french and country is not None:
            from iasalaire.cldr import CURRENCY

            wanted = "EUR" if CURRENCY.get(country) == "EUR" else None
        code = (local_currency(country) if wanted == LOCAL
                else currency_code(wanted) if wanted else data_currency)
        year = data_year(data_version)
        rate = exchange(data_currency, code, year)
        to_eur = 1.0
        if self.net:
            eur = exchange(data_currency, "EUR", year)
            to_eur = eur.rate if eur else 1.0
        return Money(code, rate, self.period, self.months, self.net, to_eur)


def check_options(period: str, months: int | None) -> int:
    """The payments a year: --months only makes sense per month."""
    if months is None:
        return 12
    if period != "month":
        raise Problem("--months needs --period month", "months")
    if months not in MONTHS:
        raise Problem("--months must be from {low} to {high} (got {months})", "months",
                      low=MONTHS.start, high=MONTHS.stop - 1, months=months)
    return months

