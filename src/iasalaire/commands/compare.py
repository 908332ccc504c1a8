"""`iasalaire compare`: one profile across values of one field, or two to six scenarios.

    iasalaire compare city SF Austin --exp 5
    iasalaire compare "city=Austin offer=165000" "city=Seattle cert=aws-ml-specialty" --exp 5
"""

from __future__ import annotations

import shlex
from typing import Annotated, Any

import typer

from iasalaire.commands.common import echo_result, speak, view, warn
from iasalaire.errors import Problem
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
    OffersOption,
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
from iasalaire.text import parse_number

FIELDS = ("years", "level", "city", "country", "sector", "company", "role", "certs", "skills",
          "remote")
# Names a scenario may use for a field: the profile's, the flags', singular and plural.
SCENARIO_NAMES = {**{f: f for f in FIELDS}, "exp": "years", "cert": "certs", "skill": "skills",
                  "offer": "offer"}
SCENARIOS = range(2, 7)
SCHEMA = "iasalaire.compare/1"


def parse_scenario(text: str) -> dict[str, Any]:
    """'city=Austin cert=aws-ml-specialty offer=165000' -> its changes (Problem if malformed).
    Values with spaces are quoted: "city='San Francisco'"."""
    try:
        tokens = shlex.split(text)
    except ValueError as error:
        raise Problem("malformed scenario '{scenario}': {reason}", "scenario", scenario=text,
                      reason=str(error)) from None
    if not tokens:
        raise Problem("empty scenario: each scenario is one or more FIELD=VALUE changes",
                      "scenario")
    changes: dict[str, Any] = {}
    for token in tokens:
        name, equals, value = token.partition("=")
        name, value = name.strip().casefold(), value.strip()
        if not equals or not name:
            raise Problem("malformed scenario '{scenario}': '{token}' is not FIELD=VALUE",
                          "scenario", scenario=text, token=token)
        field = SCENARIO_NAMES.get(name)
        if field is None:
            from iasalaire.text import closest

            hint = closest(name, SCENARIO_NAMES)
            if hint:
                raise Problem("unknown field '{name}' in scenario '{scenario}' (did you mean "
                              "'{hint}'?)", "scenario", name=name, scenario=text, hint=hint)
            raise Problem("unknown field '{name}' in scenario '{scenario}'; the fields are "
                          "{fields}", "scenario", name=name, scenario=text,
                          fields=", ".join(SCENARIO_NAMES))
        if not value:
            raise Problem("empty value for {field} in scenario '{scenario}'", field,
                          field=name, scenario=text)
        if field in ("certs", "skills"):
            changes.setdefault(field, []).append(value)
            continue
        if field in changes:
            raise Problem("{field} is given twice in scenario '{scenario}'", field,
                          field=name, scenario=text)
        if field == "offer":
            from iasalaire.offer import parse_amount

            changes[field] = parse_amount(value, "offer")
            continue
        changes[field] = _number(value, name, text) if field == "years" else value
    return changes


def _number(value: str, name: str, scenario: str) -> float:
    try:
        return parse_number(value)
    except ValueError:
        raise Problem("{field} must be a number in scenario '{scenario}' (got '{value}')",
                      name, field=name, scenario=scenario, value=value) from None


def apply(common: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The profile of a scenario: its changes over the common options."""
    fields = dict(common)
    for name, value in changes.items():
        if name == "offer":
            continue
        if name in ("certs", "skills"):
            fields[name] = [*fields[name], *value]
            continue
        fields[name] = value
        if name == "years":  # a change of experience replaces the other way to give it
            fields["level"] = None
        elif name == "level":
            fields["years"] = None
        elif name == "city" and "country" not in changes:
            fields["country"] = None  # the city brings its own country
    return fields


def scenario_name(changes: dict[str, Any]) -> str:
    shown = [", ".join(v) if isinstance(v, list) else f"{v:g}" if isinstance(v, float) else v
             for k, v in changes.items() if k != "offer"]
    return ", ".join(shown) or "-"


def compare(
    args: Annotated[list[str], typer.Argument(
        metavar="FIELD VALUE... | SCENARIO...",
        help="A field and its values (city SF Austin), or 2 to 6 scenarios of FIELD=VALUE "
        "changes (\"city=Austin offer=165000\").", show_default=False)],
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
    offer: OffersOption = None,
) -> None:
    """Compare a profile across values of one field, or scenarios side by side:
    iasalaire compare city SF Austin --exp 5;
    iasalaire compare "city=Austin offer=165000" "city=Seattle offer=180000" --exp 5"""
    from iasalaire.api import as_data, explained
    from iasalaire.render import Row

    chosen = chosen_format(json, format)
    code = speak(chosen in (Format.table, Format.markdown), lang)
    asked = presentation(currency, period, months, net, code)
    common = profile_fields(locals())
    by_field = args[0].casefold() in FIELDS and not any("=" in a for a in args)
    plans: list[tuple[str, str, dict[str, Any]]] = []  # (name, scenario text, changes)
    if by_field:
        field = args[0].casefold()
        values = args[1:]
        if not values:
            raise Problem("give one or more values of {field} to compare", field, field=field)
        if any(not value.strip() for value in values):
            raise Problem("a {field} value to compare is empty", field, field=field)
        if field not in ("certs", "skills") and common[field] is not None:
            raise Problem("{field} is the field being compared: give its values as arguments, "
                          "not as an option too", field, field=field)
        for value in values:
            changes: dict[str, Any] = {field: [value] if field in ("certs", "skills") else
                                       _number(value, field, value) if field == "years"
                                       else value}
            plans.append((value, f"{field}={value}", changes))
    else:
        if len(args) not in SCENARIOS:
            raise Problem("give {low} to {high} scenarios (got {count})", "scenario",
                          low=SCENARIOS.start, high=SCENARIOS.stop - 1, count=len(args))
        for text in args:
            changes = parse_scenario(text)
            plans.append((scenario_name(changes), text, changes))
    _give_offers(plans, offer or [])
    loaded = as_data(data)
    results = [explained(apply(common, changes), loaded) for _, _, changes in plans]

    def shown(presented: Any) -> list[Any]:
        return [presented.money(r.data.file.currency, r.data.version, r.profile["country"])
                for r in results]

    moneys = shown(asked)
    if asked.euro_for_french and len({m.currency for m in moneys}) > 1:
        from dataclasses import replace

        moneys = shown(replace(asked, euro_for_french=False))  # Lyon and Austin: one currency
    rows = []
    for (name, _, changes), result, money in zip(plans, results, moneys):
        placed = None
        if "offer" in changes:
            from iasalaire.offer import place

            placed = place(result, money, changes["offer"])
        changed = tuple(k for k in changes if k != "offer")
        rows.append(Row(name, result, placed, changed + ("interaction", "premium-cap")))
    currencies = sorted({m.currency for m in moneys})
    if len(currencies) > 1:
        raise Problem("the compared profiles are paid in different currencies ({currencies}): "
                      "choose one with --currency CODE", "currency",
                      currencies=", ".join(currencies))
    money = moneys[0]
    warn([w for r in rows for w in r.result.warnings], code)
    heading = args[0].casefold() if by_field else "scenario"
    if chosen is Format.json:
        from iasalaire.output import document, dumps

        if by_field:  # the long-standing shape: a list of estimate documents
            echo_result(dumps([document(r.result, money, r.offer) for r in rows], pretty=True),
                        json=True)
        else:
            echo_result(dumps(compare_document(rows, plans, money), pretty=True), json=True)
    elif chosen is Format.csv:
        from iasalaire.output import to_csv

        echo_result(to_csv(compare_rows(rows, plans, money)).removesuffix("\n"))
    elif chosen is Format.markdown:
        from iasalaire.render import compare_markdown

        echo_result(compare_markdown(_heading(code, heading), rows, view(code, money))
                    .removesuffix("\n"))
    else:
        from iasalaire.render import compare_view, console

        compare_view(_heading(code, heading), rows, console(), view(code, money),
                     scenarios=not by_field)


def _give_offers(plans: list[tuple[str, str, dict[str, Any]]], offers: list[str]) -> None:
    """--offer: one amount for every compared profile, or one per value / scenario, in order."""
    if not offers:
        return
    if len(offers) not in (1, len(plans)):
        raise Problem("give one --offer for every compared profile, or one per profile "
                      "({count}); got {given}", "offer", count=len(plans), given=len(offers))
    from iasalaire.offer import parse_amount

    amounts = [parse_amount(o) for o in offers] * (len(plans) if len(offers) == 1 else 1)
    for (_, text, changes), amount in zip(plans, amounts):
        if "offer" in changes:
            raise Problem("the scenario '{scenario}' has its own offer: give it there or by "
                          "--offer, not both", "offer", scenario=text)
        changes["offer"] = amount


def _heading(code: str, heading: str) -> str:
    """The first column's title: the compared field ('city': 'ville') or 'scenario'."""
    if code == "en":
        return heading
    from iasalaire.i18n import language

    t = language(code)
    return t("scenario") if heading == "scenario" else t(heading.capitalize()).lower()


def vs_first(rows: list[Any], money: Any) -> list[dict[str, Any]]:
    """Each row's difference to the first, in the shown currency and period."""
    first = money.show(rows[0].result.median)
    out = []
    for row in rows:
        shown = money.show(row.result.median)
        out.append({"amount": int(round((shown - first) / money.step)) * money.step,
                    "percent": round((shown / first - 1) * 100, 1)})
    return out


def compare_document(rows: list[Any], plans: list[tuple[str, str, dict[str, Any]]],
                     money: Any) -> dict[str, Any]:
    """The "iasalaire.compare/1" document: the scenarios, each with its estimate document."""
    from iasalaire.output import document

    documents = [document(r.result, money, r.offer) for r in rows]
    first = documents[0]
    return {
        "schema": SCHEMA,
        "currency": money.currency,
        "exchange": first["exchange"],
        "period": first["period"],
        "scenarios": [
            {"name": name, "scenario": text,
             "changes": dict(changes),
             "vs_first": gap, "estimate": doc}
            for (name, text, changes), doc, gap in zip(plans, documents, vs_first(rows, money))
        ],
    }


def compare_rows(rows: list[Any], plans: list[tuple[str, str, dict[str, Any]]],
                 money: Any) -> list[dict[str, Any]]:
    """One CSV record per compared profile: its name, then the estimate's flat record."""
    from iasalaire.output import document, flat_document

    records = []
    for row, (name, _, _), gap in zip(rows, plans, vs_first(rows, money)):
        record = {"name": name, **flat_document(document(row.result, money, row.offer))}
        record.update(vs_first=gap["amount"], vs_first_percent=gap["percent"])
        records.append(record)
    return records
