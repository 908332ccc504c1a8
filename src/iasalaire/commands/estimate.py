"""`iasalaire estimate`: one profile, its range, median and every factor behind them."""

from __future__ import annotations

from iasalaire.commands.common import echo_result, speak, view, warn
from iasalaire.options import (
    Certs,
    City,
    Company,
    Country,
    CurrencyOption,
    DataOption,
    Format,
    FormatOption,
    JsonFlag,
    LangOption,
    Level,
    MonthsOption,
    NetOption,
    OfferOption,
    Period,
    PeriodOption,
    Remote,
    Role,
    Sector,
    Skills,
    Years,
    chosen_format,
    presentation,
    profile_fields,
)


def estimate(
    exp: Years = None,
    level: Level = None,
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
    format: FormatOption = None,
    lang: LangOption = None,
    currency: CurrencyOption = None,
    period: PeriodOption = Period.year,
    months: MonthsOption = None,
    net: NetOption = False,
    offer: OfferOption = None,
) -> None:
    """Estimate the pay for one profile: range, median and every factor behind them."""
    from iasalaire.api import explained

    chosen = chosen_format(json, format)
    code = speak(chosen in (Format.table, Format.markdown), lang)
    asked = presentation(currency, period, months, net, code)
    result = explained(profile_fields(locals()), data)
    money = asked.money(result.data.file.currency, result.data.version,
                        result.profile["country"])
    placed = None
    if offer is not None:
        from iasalaire.offer import parse_amount, place

        placed = place(result, money, parse_amount(offer))
    warn(result.warnings, code)
    if chosen is Format.json:
        from iasalaire.output import document, dumps

        echo_result(dumps(document(result, money, placed), pretty=True), json=True)
    elif chosen is Format.csv:
        from iasalaire.output import flat_row, to_csv

        echo_result(to_csv([flat_row(result, money, placed)]).removesuffix("\n"))
    elif chosen is Format.markdown:
        from iasalaire.render import estimate_markdown

        echo_result(estimate_markdown(result, view(code, money), placed).removesuffix("\n"))
    else:
        from iasalaire.render import console, estimate_view

        estimate_view(result, console(), view(code, money), placed)
