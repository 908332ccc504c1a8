"""Language of the human views: choosing it, translating (gettext), formatting (Babel).

Only the human views (tables, markdown, messages in a person's language) import this module:
`--json`, CSV and JSON Lines stay locale-free, and neither Babel nor the catalogues are loaded
for them. Babel itself is imported on first use of a formatting function.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

LANGUAGES = ("en", "fr")
# Where the language comes from when --lang is not given, first found wins (as gettext does).
ENV_ORDER = ("IASALAIRE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "iasalaire"
BABEL_LOCALE = {"en": "en_US", "fr": "fr_FR"}
# How French sources name the percentiles (INSEE, APEC); English keeps the short names.
PERCENTILE_NAMES = {
    "en": {"p10": "p10", "p25": "p25", "p50": "median", "p75": "p75", "p90": "p90"},
    "fr": {"p10": "1er décile", "p25": "1er quartile", "p50": "médiane", "p75": "3e quartile",
           "p90": "9e décile"},
}


def detect(environ: Mapping[str, str] | None = None) -> str:
    """The language from the environment: the first variable of ENV_ORDER that is set and not
    empty decides; C, POSIX, any language but French, or nothing at all mean English."""
    env = os.environ if environ is None else environ
    for name in ENV_ORDER:
        value = env.get(name, "").strip()
        if not value:
            continue
        first = value.split(":")[0]  # LANGUAGE may list several: fr:en
        code = first.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
        return code if code in LANGUAGES else "en"
    return "en"


class Language:
    """Translations and number formats of one language."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.locale = BABEL_LOCALE[code]
        self.translations: gettext.NullTranslations = (
            gettext.NullTranslations() if code == "en" else catalogue(code))
        self.percentile = PERCENTILE_NAMES[code]

    def __call__(self, message: str, /, **values: Any) -> str:
        text = self.translations.gettext(message)
        return text.format(**values) if values else text

    def plural(self, one: str, many: str, count: float, /, **values: Any) -> str:
        # French is singular below 2 (0 an, 1,5 an); English only at exactly 1.
        singular = count < 2 if self.code == "fr" else count == 1
        text = self.translations.gettext(one if singular else many)
        return text.format(**values)

    def error(self, error: Any) -> str:
        """An IasalaireError's message in this language: templates (Problem) and unknown
        names are translated; other messages when the catalogue has them word for word."""
        from iasalaire.errors import Amount, Problem, UnknownValue

        if isinstance(error, Problem):
            values = {name: self.number(float(value), 0 if value.is_integer() else 2)
                      if isinstance(value, Amount) else value
                      for name, value in error.values.items()}
            return self(error.template, **values)
        if isinstance(error, UnknownValue):
            shown = error.value if len(error.value) <= 60 else error.value[:57] + "..."
            text = self(f"unknown {error.field}") + f" '{shown}'"
            if error.suggestion:
                text += self(" (did you mean '{hint}'?)", hint=error.suggestion)
            return text
        return self(str(error.message))

    def warning(self, text: str) -> str:
        """A warning of the core (English, with values) in this language: the known shapes
        are translated with their values; any other stays as it is."""
        if self.code == "en":
            return text
        import re

        for pattern, template in WARNINGS:
            found = re.fullmatch(pattern, text)
            if found is None:
                continue
            values = found.groupdict()
            if "code" in values:
                values["country"] = self.country(values["code"], values["country"])
            elif "country" in values:
                values["country"] = self.country(_country_code(values["country"]),
                                                 values["country"])
            if "confidence" in values:
                values["confidence"] = self(values["confidence"])
            if "multiplier" in values:
                values["multiplier"] = self.decimal(float(values["multiplier"]), 3)
            return self(template, **values)
        return text

    def label(self, text: str) -> str:
        """A vocabulary label of the data file (sector, role, city...) in this language; a label
        the catalogue does not know (a calibrated file's) stays as it is."""
        return self.translations.gettext(text) if text else text

    def country(self, code: str, english: str) -> str:
        if self.code == "fr":
            from iasalaire.cldr import COUNTRY_FR

            return COUNTRY_FR.get(code, english)
        return english

    # Numbers (Babel, imported here only)
    def number(self, value: float, digits: int = 0) -> str:
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def decimal(self, value: float, digits: int | None = None) -> str:
        """3.5 -> '3,5' in French; `digits` fixes the decimals (1.139 as a multiplier)."""
        from babel.numbers import format_decimal

        pattern = None if digits is None else "#,##0." + "0" * digits
        return format_decimal(value, format=pattern, locale=self.locale)

    def signed(self, value: float) -> str:
        from babel.numbers import format_decimal

        if round(value) == 0:
            return "0"
        return format_decimal(value, format="+#,##0;-#,##0", locale=self.locale)

    def percent(self, value: float, signed: bool = False) -> str:
        from babel.numbers import format_percent

        pattern = _percent_pattern(self.locale)  # '5,5 %' in French, '5.5%' in English
        if signed:
            pattern = f"+{pattern};-{pattern}"
        return format_percent(value, format=pattern, locale=self.locale)

    def money(self, value: float, currency: str) -> str:
        """'175 600 $US' / '$175,600': the locale's currency pattern without decimals."""
        from babel.numbers import format_currency

        return format_currency(value, currency, format=_currency_pattern(self.locale),
                               locale=self.locale, currency_digits=False)

    def compact(self, value: float, currency: str) -> str:
        """'176 k€' / '€176K'."""
        from babel.numbers import format_compact_currency

        return format_compact_currency(value, currency, locale=self.locale)

    def symbol(self, currency: str) -> str:
        from babel.numbers import get_currency_symbol

        return get_currency_symbol(currency, locale=self.locale)


# The core's warnings (core.py), as patterns and the message ids French translates.
WARNINGS = (
    (r"no figure for (?P<city>.+) itself: placed in (?P<country>[^(),]+), outside its listed "
     r"cities",
     "no figure for {city} itself: placed in {country}, outside its listed cities"),
    (r"no figure for (?P<city>.+) itself: placed in (?P<country>[^()]+)",
     "no figure for {city} itself: placed in {country}"),
    (r"no survey rows for (?P<country>.+) \((?P<code>[A-Z]{2})\): placed by GDP per capita "
     r"\(R8\), with (?P<confidence>\w+) confidence and a wide range",
     "no survey rows for {country} ({code}): placed by GDP per capita (R8), with {confidence} "
     "confidence and a wide range"),
    (r"no survey rows for (?P<country>.+) \((?P<code>[A-Z]{2})\): its figure comes from "
     r"(?P<source>\S+), with (?P<confidence>\w+) confidence and a wide range",
     "no survey rows for {country} ({code}): its figure comes from {source}, with "
     "{confidence} confidence and a wide range"),
    (r"job title '(?P<title>.+)' names no known role \(did you mean '(?P<hint>.+)'\?\): priced "
     r"at the all-roles level \(x(?P<multiplier>[0-9.]+)\), with a wide range",
     "job title '{title}' names no known role (did you mean '{hint}'?): priced at the all-roles "
     "level (x{multiplier}), with a wide range"),
    (r"job title '(?P<title>.+)' names no known role: priced at the all-roles level "
     r"\(x(?P<multiplier>[0-9.]+)\), with a wide range",
     "job title '{title}' names no known role: priced at the all-roles level (x{multiplier}), "
     "with a wide range"),
    (r"no figure for (?P<country>.+) \((?P<code>[A-Z]{2})\) in this data file: the "
     r"world-level figure is used, with low confidence",
     "no figure for {country} ({code}) in this data file: the world-level figure is used, "
     "with low confidence"),
)


def _country_code(english: str) -> str:
    from iasalaire.iso3166 import COUNTRIES

    wanted = english.casefold()
    return next((code for code, (name, aliases) in COUNTRIES.items()
                 if wanted in (name.casefold(), *(a.casefold() for a in aliases))), "")


@lru_cache(maxsize=4)
def _currency_pattern(locale: str) -> str:
    from babel import Locale

    pattern = str(Locale.parse(locale).currency_formats["standard"].pattern)
    return pattern.split(";")[0].replace(".00", "")


@lru_cache(maxsize=4)
def _percent_pattern(locale: str) -> str:
    from babel import Locale

    pattern = str(Locale.parse(locale).percent_formats[None].pattern)
    return pattern.split(";")[0].replace("#,##0", "#,##0.0")


@lru_cache(maxsize=2)
def catalogue(code: str) -> gettext.NullTranslations:
    """The compiled catalogue (locale/<code>/LC_MESSAGES/iasalaire.mo); English if missing."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


@lru_cache(maxsize=2)
def language(code: str) -> Language:
    return Language(code)


@lru_cache(maxsize=1)
def french_keys() -> dict[str, str]:
    """Every French translation of the catalogue, as a name key -> its English text (for French
    input: 'Santé', 'Londres', 'ingénieur IA')."""
    from iasalaire.text import key

    messages = getattr(catalogue("fr"), "_catalog", {})
    found: dict[str, str] = {}
    for english, french in messages.items():
        if isinstance(english, str) and english and isinstance(french, str):
            found.setdefault(key(french), english)
    for english, french in messages.items():  # then the short forms people type:
        if isinstance(english, str) and english and isinstance(french, str):
            short = french.split(" (")[0]  # "Grande entreprise", "Télétravail"
            for name in (short, *short.split(" / ")):  # "Tech", "informatique"
                found.setdefault(key(name), english)
    return found
