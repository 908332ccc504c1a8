"""Options shared by the commands: the profile fields, the presentation options, completion.

Kept light: no rich, no Babel, no data file at import (completion loads the data only when a
shell asks for values).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class Lang(str, Enum):
    en = "en"
    fr = "fr"


class Period(str, Enum):
    year = "year"
    month = "month"


# What a closed option also accepts, in French (a French view may be asked in French words).
CHOICE_ALIASES: dict[str, dict[str, str]] = {
    "period": {"an": "year", "annee": "year", "année": "year", "mois": "month"},
    "format": {"tableau": "table"},
    "list": {"niveaux": "levels", "villes": "cities", "pays": "countries",
             "secteurs": "sectors", "entreprises": "companies", "metiers": "roles",
             "métiers": "roles", "roles": "roles", "rôles": "roles",
             "certifications": "certs", "competences": "skills", "compétences": "skills",
             "teletravail": "remote", "télétravail": "remote"},
}


def choice(kind: type[Enum], name: str, option: str) -> Any:
    """A parser for a closed option: its values, case-insensitive, plus CHOICE_ALIASES; a
    wrong value is one plain line (no 'Value error,' from the type checks underneath)."""

    def parse(value: Any) -> Any:
        if isinstance(value, kind):
            return value
        text = str(value).strip().casefold()
        text = CHOICE_ALIASES.get(name, {}).get(text, text)
        for member in kind:
            if member.value == text:
                return member
        known = ", ".join(m.value for m in kind)
        aliases = ", ".join(a for a in CHOICE_ALIASES.get(name, {}) if a not in known)
        raise typer.BadParameter(f"'{value}' is not one of {known}"
                                 + (f" (or {aliases})" if aliases else ""),
                                 param_hint=f"'{option}'")

    return parse


def _complete(field: str) -> Any:
    """Values a shell offers for a profile option: the ids of the data file's list."""

    def complete(incomplete: str) -> list[str]:
        try:
            from iasalaire.data import load_data

            data = load_data()
            if field == "country":
                from iasalaire.iso3166 import COUNTRIES

                names = [str(e.id) for e in data.entries("country")] + list(COUNTRIES)
            else:
                names = [str(e.id) for e in data.entries(field)]
        except Exception:  # noqa: BLE001 - completion must never print a traceback in a shell
            return []
        wanted = incomplete.casefold()
        return [n for n in dict.fromkeys(names) if n.casefold().startswith(wanted)]

    return complete


def _complete_currency(incomplete: str) -> list[str]:
    from iasalaire.rates import RATES

    return [c for c in ["local", *sorted(RATES)] if c.casefold().startswith(incomplete.casefold())]


# Options shared by every command that takes a profile (same names everywhere).
def _years_flag(text: str) -> Any:
    """--exp by the one number grammar (text.parse_number): '1_5' is not 15. Text outside it
    goes on as text, so the profile refuses it with the message batch gives."""
    from iasalaire.text import parse_number

    try:
        return parse_number(text)
    except ValueError:
        return text


Years = Annotated[float | None, typer.Option(
    "--exp", "--years", help="Years of experience (0 to 60).", show_default=False,
    parser=_years_flag, metavar="<float>")]
Level = Annotated[str | None, typer.Option(
    help="junior, mid, senior, executive (or EN, MI, SE, EX). Not with --exp.",
    autocompletion=_complete("level"))]
City = Annotated[str | None, typer.Option(
    help="City or metro (SF, NYC, Paris...).", autocompletion=_complete("city"))]
Country = Annotated[str | None, typer.Option(
    help="ISO 3166 code or country name.", autocompletion=_complete("country"))]
Sector = Annotated[str | None, typer.Option(
    help="tech, telecom, finance, health, public...", autocompletion=_complete("sector"))]
Company = Annotated[str | None, typer.Option(
    help="big-tech, large, medium, small, startup (or L, M, S).",
    autocompletion=_complete("company"))]
Role = Annotated[str | None, typer.Option(
    help="ai-engineer, ml-engineer, data-scientist, ... or a job title.",
    autocompletion=_complete("role"))]
Certs = Annotated[list[str] | None, typer.Option(
    "--cert", help="A certification (repeatable).", show_default=False,
    autocompletion=_complete("certs"))]
Skills = Annotated[list[str] | None, typer.Option(
    "--skill", help="A skill: python, pytorch, llm... (repeatable).", show_default=False,
    autocompletion=_complete("skills"))]
Remote = Annotated[str | None, typer.Option(
    help="Share of remote work: 0, 50 or 100.", autocompletion=_complete("remote"))]
DataOption = Annotated[Path | None, typer.Option(
    "--data", help="Data file to use instead of the built-in baseline.", show_default=False)]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (same as --format json).")]
FormatOption = Annotated[Format | None, typer.Option(
    "--format", "-f", help="table (default), json, csv or markdown.", show_default=False,
    parser=choice(Format, "format", "--format"), metavar="[table|json|csv|markdown]")]

# Presentation options: what people read, never what the model computes.
LangOption = Annotated[Lang | None, typer.Option(
    "--lang", parser=choice(Lang, "lang", "--lang"), metavar="[en|fr]",
    help="Language of the table: en or fr (default: IASALAIRE_LANG, LANGUAGE, "
    "LC_ALL, LC_MESSAGES, LANG). --json, CSV and JSON Lines are the same in every language.",
    show_default=False)]
CurrencyOption = Annotated[str | None, typer.Option(
    "--currency", help="EUR, GBP, CAD, CHF, INR... or 'local' (the profile's country's); "
    "yearly-average ECB rates.", show_default=False, autocompletion=_complete_currency)]
PeriodOption = Annotated[Period, typer.Option(
    "--period", help="Pay per year or per month (a twelfth, or see --months); an, mois in "
    "French.", parser=choice(Period, "period", "--period"), metavar="[year|month]")]
MonthsOption = Annotated[int | None, typer.Option(
    "--months", help="Payments a year with --period month: 13 for a thirteenth month.",
    show_default=False)]
NetOption = Annotated[bool, typer.Option(
    "--net", help="France only: net before income tax (net avant impot), from URSSAF's rules.")]
OfferOption = Annotated[str | None, typer.Option(
    "--offer", help="An offer, in the chosen currency and period (165000, 165k, '165 000', "
    "'$165,000'): where it sits on the range.", show_default=False)]
# compare: one offer for every compared profile, or one per value / scenario, in order.
OffersOption = Annotated[list[str] | None, typer.Option(
    "--offer", help="An offer (165000, 165k, '165 000', '$165,000'), for every compared "
    "profile; repeated, one per value or scenario, in order.", show_default=False)]


# Command-line option name -> profile field name.
FLAGS = {"exp": "years", "level": "level", "city": "city", "country": "country",
         "sector": "sector", "company": "company", "role": "role", "cert": "certs",
         "skill": "skills", "remote": "remote"}


def profile_fields(options: dict[str, Any]) -> dict[str, Any]:
    """The profile fields from a command's options (repeatable ones default to []).

    An empty value is an error here, not "absent": `--city "$CITY"` with CITY unset must not
    quietly give the worldwide figure (an empty CSV cell in batch still means absent)."""
    from iasalaire.errors import InvalidValue

    for flag in FLAGS:
        value = options.get(flag)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and not item.strip():
                raise InvalidValue(f"--{flag} is empty", FLAGS[flag])
    fields = {field: options.get(flag) for flag, field in FLAGS.items()}
    fields["certs"], fields["skills"] = fields["certs"] or [], fields["skills"] or []
    return fields


def chosen_format(json: bool, format: Format | None) -> Format:
    """--json or --format (table by default); both, saying different things, is an error."""
    if json and format not in (None, Format.json):
        from iasalaire.errors import IasalaireError

        raise IasalaireError(f"--json and --format {format.value} together: give one of them")
    return Format.json if json else format or Format.table


def presentation(currency: str | None, period: Period, months: int | None,
                 net: bool, lang: str = "en") -> Any:
    """The Presentation the options ask for (InvalidValue when they contradict); a French
    view with no --currency shows a euro-area place in euros."""
    from iasalaire.money import LOCAL, Presentation, check_options, currency_code

    if currency is not None and not currency.strip():
        from iasalaire.errors import InvalidValue

        raise InvalidValue("--currency is empty", "currency")
    if currency is not None:  # checked before any estimate: a typo is exit 2 at once
        currency = LOCAL if currency.strip().casefold() == LOCAL else currency_code(currency)
    return Presentation(currency, period.value, check_options(period.value, months), net,
                        euro_for_french=lang == "fr")


# The language the human view of the running command speaks (None: a machine format, whose
# messages stay English). Set by the command before it computes, read by the error reporter.
HUMAN: dict[str, str | None] = {"lang": None}


def choose_language(option: Lang | None) -> str:
    if option is not None:
        return option.value
    from iasalaire.i18n import detect

    return detect()
