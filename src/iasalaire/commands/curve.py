"""`iasalaire curve`: the median and the middle half by years of experience, 0 to 30."""

from __future__ import annotations

from iasalaire.commands.common import echo_result, speak, view, warn
from iasalaire.options import (
    Certs,
    City,
    Company,
    Country,
    CurrencyOption,
    DataOption,
    JsonFlag,
    LangOption,
    MonthsOption,
    NetOption,
    OfferOption,
    Period,
    PeriodOption,
    Remote,
    Role,
    Sector,
    Skills,
    presentation,
    profile_fields,
)

YEARS = range(31)
SCHEMA = "iasalaire.curve/1"


def curve(
    city: City = None,
    country: Country = None,
    sector: Sector = None,
    company: Company = None,
    role: Role = None,
    cert: Certs = None,
    skill: Skills = None,
    remote: Remote = None,
    data: DataOption = None,
    json: JsonFlag = False,
    lang: LangOption = None,
    currency: CurrencyOption = None,
    period: PeriodOption = Period.year,
    months: MonthsOption = None,
    net: NetOption = False,
    offer: OfferOption = None,
) -> None:
    """Draw the median and the middle half (p25-p75) by years of experience, 0 to 30."""
    from iasalaire.api import as_data, estimate_profile

    code = speak(not json, lang)
    asked = presentation(currency, period, months, net, code)
    fields = profile_fields(locals())  # no --exp nor --level here: the curve varies the years
    loaded = as_data(data)
    points = [(float(y), estimate_profile({**fields, "years": y}, loaded)) for y in YEARS]
    last = points[-1][1]
    money = asked.money(last.data.file.currency, last.data.version, last.profile["country"])
    offers = None
    if offer is not None:  # the same amount placed on each year's range
        from iasalaire.offer import parse_amount, place

        amount = parse_amount(offer)
        offers = [place(r, money, amount) for _, r in points]
    warn(last.warnings, code)
    if json:
        from iasalaire.output import dumps

        profile = {k: v for k, v in last.profile.items() if k not in ("years", "level")}
        document = {
            "schema": SCHEMA, "currency": money.currency,
            "exchange": money.exchange.to_dict() if money.exchange else None,
            "period": money.period_dict(), "profile": profile,
            "points": [{"years": int(y), "median": money.amount(r.median),
                        "low": money.amount(r.percentiles["p25"]),
                        "high": money.amount(r.percentiles["p75"])} for y, r in points],
            "offer": None if offers is None else {
                "amount": offers[0].to_dict()["amount"],
                "points": [{"years": int(y), "percentile": o.to_dict()["percentile"],
                            "position": o.position} for (y, _), o in zip(points, offers)]},
            "data": {"name": last.data.name, "version": last.data.version,
                     "sha256": last.data.sha256},
        }
        echo_result(dumps(document, pretty=True), json=True)
        return
    from iasalaire.render import console, curve_view

    shown = view(code, money)
    parts = [shown.factor_label(f, last) for f in last.factors
             if f.dimension not in ("years", "premium-cap", "interaction")]
    title = ", ".join(parts) if parts else shown.t("any AI engineer, worldwide")
    curve_view(title, points, console(), shown, offers)
